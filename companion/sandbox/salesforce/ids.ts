// Salesforce record ids: 15 case-sensitive characters plus a 3-character case-safe checksum suffix.
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/;

/** The 3-character suffix Salesforce appends to a 15-character id. */
export function idChecksum(id15: string): string {
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

/** Accepts a 15- or 18-character id and returns the 18-character form, or undefined when malformed. */
export function toId18(id: string): string | undefined {
  if (!ID_PATTERN.test(id)) return undefined;
  const id15 = id.slice(0, 15);
  const full = id15 + idChecksum(id15);
  return id.length === 18 && id !== full ? undefined : full;
}

/** Builds an 18-character id from a 3-character key prefix and a sequence number. */
export function makeId(prefix: string, sequence: number): string {
  let body = '';
  let n = sequence;
  do {
    body = BASE62.charAt(n % 62) + body;
    n = Math.floor(n / 62);
  } while (n > 0);
  // Salesforce ids carry a pod/instance part after the prefix; a fixed '5g' keeps ours recognisable.
  const id15 = prefix + '5g' + body.padStart(10, '0');
  return id15 + idChecksum(id15);
}

/** Issues unique ids per key prefix. */
export class IdFactory {
  private sequence = 1000; // 1..999 are reserved for the fixed sandbox users and queue

  next(prefix: string): string {
    this.sequence += 1;
    return makeId(prefix, this.sequence);
  }
}
