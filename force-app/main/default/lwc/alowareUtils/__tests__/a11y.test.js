import { createElement } from 'lwc';
import AlowareErrorPanel from 'c/alowareErrorPanel';

const { accessibilityProblems, expectAccessible } = require('./a11y.cjs');

function fragment(html) {
  const host = document.createElement('div');
  host.appendChild(document.createRange().createContextualFragment(html));
  document.body.appendChild(host);
  return host;
}

describe('the shared accessibility check', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
  });

  it('accepts labelled fields, named buttons, described images and a heading', () => {
    const host = fragment(
      '<h2>Panel</h2><label>Name <input type="text"></label><select aria-label="Field"></select>' +
        '<button>Save</button><img src="x.png" alt="Logo"><a href="#">Open</a>',
    );
    expect(accessibilityProblems(host)).toEqual([]);
  });

  it('reports unlabelled fields, empty buttons, images without alt, empty links and a missing heading', () => {
    const host = fragment(
      '<input type="text"><select></select><button></button><img src="x.png"><a href="#"></a>',
    );
    const problems = accessibilityProblems(host);
    expect(problems).toEqual([
      '<input> has no accessible name',
      '<select> has no accessible name',
      '<button> has no accessible name',
      '<img> has no alt attribute',
      '<a> link has no text',
      'no heading (h1–h6 or lightning-card title)',
    ]);
  });

  it('reports base components without label or alternative text', () => {
    const host = fragment('<h1>Panel</h1>');
    const icon = document.createElement('lightning-icon');
    const button = document.createElement('lightning-button');
    host.appendChild(icon);
    host.appendChild(button);
    expect(accessibilityProblems(host)).toEqual([
      '<lightning-icon> has no alternative text',
      '<lightning-button> has no label',
    ]);
  });

  it('finds the error panel accessible when it sits under a heading', () => {
    const host = fragment('<h2>Settings</h2>');
    const panel = createElement('c-aloware-error-panel', { is: AlowareErrorPanel });
    panel.errors = { body: { message: 'Companion unreachable' } };
    host.appendChild(panel);
    expect(panel.shadowRoot.querySelector('.error-messages').textContent).toBe('Companion unreachable');
    expectAccessible(host);
  });
});
