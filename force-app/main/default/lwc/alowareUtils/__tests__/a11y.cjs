/**
 * A small, honest accessibility check for the Aloware Sync panels (no a11y library is installed).
 * It walks the rendered tree (through shadow roots) and reports:
 *  - base inputs/comboboxes/textareas/buttons without a label, button-icons without alternative text;
 *  - native input/select/textarea/button without an accessible name;
 *  - icons and images without alternative text; links without text;
 *  - a panel without any heading (h1–h6 or a lightning-card title); sub-components pass
 *    { requireHeading: false }.
 * Kept as .cjs so jest does not collect it as a test file (every .js under __tests__ is a test).
 */
'use strict';

const LABELLED_BASE = ['lightning-input', 'lightning-combobox', 'lightning-textarea', 'lightning-button'];
const NATIVE_FIELDS = ['input', 'select', 'textarea', 'button'];

function allElements(root) {
  const out = [];
  const visit = (node) => {
    for (const el of node.querySelectorAll('*')) {
      out.push(el);
      if (el.shadowRoot) {
        visit(el.shadowRoot);
      }
    }
  };
  visit(root.shadowRoot || root);
  return out;
}

function describeEl(el) {
  const name = el.getAttribute('name') || el.getAttribute('data-id') || el.className || '';
  return `<${el.tagName.toLowerCase()}${name ? ` ${name}` : ''}>`;
}

function text(value) {
  return typeof value === 'string' ? value.trim() : '';
}

function nativeName(el) {
  if (text(el.getAttribute('aria-label')) || text(el.getAttribute('aria-labelledby'))) {
    return true;
  }
  if (el.tagName === 'BUTTON') {
    return text(el.textContent) !== '' || text(el.getAttribute('title')) !== '';
  }
  if (el.type === 'hidden') {
    return true;
  }
  return Boolean(el.closest('label')) || Boolean(el.labels && el.labels.length);
}

function problemFor(el) {
  const tag = el.tagName.toLowerCase();
  if (LABELLED_BASE.includes(tag) && !text(el.label)) {
    return `${describeEl(el)} has no label`;
  }
  if (tag === 'lightning-button-icon' && !text(el.alternativeText)) {
    return `${describeEl(el)} has no alternative text`;
  }
  if (tag === 'lightning-icon' && !text(el.alternativeText)) {
    return `${describeEl(el)} has no alternative text`;
  }
  if (tag === 'img' && el.getAttribute('alt') === null) {
    return `${describeEl(el)} has no alt attribute`;
  }
  if (NATIVE_FIELDS.includes(tag) && !nativeName(el)) {
    return `${describeEl(el)} has no accessible name`;
  }
  if (tag === 'a' && !text(el.textContent) && !text(el.getAttribute('aria-label'))) {
    return `${describeEl(el)} link has no text`;
  }
  return null;
}

/** Returns a list of problems; empty when the rendered panel passes. */
function accessibilityProblems(root, { requireHeading = true } = {}) {
  const elements = allElements(root);
  const problems = elements.map(problemFor).filter(Boolean);
  const hasHeading = elements.some(
    (el) => /^H[1-6]$/.test(el.tagName) || (el.tagName === 'LIGHTNING-CARD' && text(el.title) !== ''),
  );
  if (requireHeading && !hasHeading) {
    problems.push('no heading (h1–h6 or lightning-card title)');
  }
  return problems;
}

/** Jest assertion: the rendered panel has no accessibility problems. */
function expectAccessible(root, options) {
  expect(accessibilityProblems(root, options)).toEqual([]);
}

module.exports = { accessibilityProblems, expectAccessible };
