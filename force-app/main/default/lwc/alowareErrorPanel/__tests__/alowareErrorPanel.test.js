import { createElement } from 'lwc';
import AlowareErrorPanel from 'c/alowareErrorPanel';

function render(props) {
  const element = createElement('c-aloware-error-panel', { is: AlowareErrorPanel });
  Object.assign(element, props);
  document.body.appendChild(element);
  return element;
}

describe('c-aloware-error-panel', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
  });

  it('shows the friendly message and every distinct error as an alert', () => {
    const element = render({
      friendlyMessage: 'Could not load the settings.',
      errors: [{ body: { message: 'Companion unreachable' } }, new Error('Timed out'), 'Timed out'],
    });
    const alert = element.shadowRoot.querySelector('[role="alert"]');
    expect(alert).not.toBeNull();
    expect(element.shadowRoot.querySelector('.friendly-message').textContent).toBe(
      'Could not load the settings.',
    );
    const items = [...element.shadowRoot.querySelectorAll('.error-messages li')].map((li) => li.textContent);
    expect(items).toEqual(['Companion unreachable', 'Timed out']);
  });

  it('labels its icon for screen readers', async () => {
    const element = render({ errors: 'x' });
    expect(element.shadowRoot.querySelector('lightning-icon').alternativeText).toBe('Error');
    await expect(element).toBeAccessible();
  });
});
