/**
 * Salesforce record ids: 15 case-sensitive characters, or those plus a 3-character case-safe suffix. A
 * 15-character id and its 18-character form name the same record; an 18-character id whose suffix does not
 * match its first 15 characters is not an id (Salesforce refuses it: `invalid ID field`).
 */
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_SHAPE = /^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/;

function suffixOf(id15: string): string {
  let suffix = '';
  for (let block = 0; block < 3; block += 1) {
    let bits = 0;
    for (let i = 0; i < 5; i += 1) {
      const ch = id15.charAt(block * 5 + i);
      if (ch >= 'A' && ch <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return suffix;
}

/** The 18-character form of a 15- or 18-character id, or null when it is not a well-formed id. */
export function toId18(id: string): string | null {
  if (!ID_SHAPE.test(id)) return null;
  const full = id.slice(0, 15) + suffixOf(id.slice(0, 15));
  return id.length === 18 && id !== full ? null : full;
}

/** True when both name the same record (15/18 characters alike). */
export function sameId(a: string, b: string): boolean {
  const x = toId18(a);
  return x !== null && x === toId18(b);
}
