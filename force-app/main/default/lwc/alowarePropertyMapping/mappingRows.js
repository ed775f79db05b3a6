/** Pure helpers for mapping rows: picker options, validation and the DTO sent to Apex. */

/** Options for one picker: fields mapped by another row are disabled and marked. */
export function pickerOptions(fields, selected, usedElsewhere) {
  // A native <option> gets the attribute for any non-null value (even false), so "not disabled" is null.
  const placeholder = { value: '', label: 'Choose a field…', disabled: null, selected: !selected };
  return [
    placeholder,
    ...fields.map((f) => {
      const taken = usedElsewhere.has(f.name);
      return {
        value: f.name,
        label: taken ? `${f.label} (already mapped)` : f.label,
        disabled: taken ? true : null,
        selected: f.name === selected,
      };
    }),
  ];
}

export function usedBy(rows, prop, exceptIndex) {
  return new Set(rows.filter((r, i) => i !== exceptIndex && r[prop]).map((r) => r[prop]));
}

/** Client-side checks: { rowIndex: [messages] } for rows missing a field. */
export function validateRows(rows) {
  const errors = {};
  rows.forEach((row, index) => {
    const messages = [];
    if (!row.salesforceField) {
      messages.push('Choose a Salesforce field.');
    }
    if (!row.alowareField) {
      messages.push('Choose an Aloware field.');
    }
    if (messages.length) {
      errors[index] = messages;
    }
  });
  return errors;
}

/** MappingRowDto as in docs/contracts.md §4 (drops view-only properties such as the row key). */
export function toDto({ id, salesforceField, alowareField, direction, locked, conflictPolicy }) {
  return { id, salesforceField, alowareField, direction, locked, conflictPolicy };
}
