import { alowareTimestamp } from '../time.js';

export interface OtherPhone {
  label: string;
  phone_number: string;
}

/** Plain string fields of a contact, as the public `/forms` API names them (see companion/sandbox/aloware/README.md). */
export const CONTACT_STRING_FIELDS = [
  'first_name',
  'last_name',
  'name',
  'email',
  'company_name',
  'lead_source',
  'address',
  'city',
  'state',
  'zipcode',
  'country',
  'csf1',
  'csf2',
  'timezone',
  'date_of_birth',
  'notes',
  'website',
] as const;
type ContactStringField = (typeof CONTACT_STRING_FIELDS)[number];

export interface ContactCounters {
  outbound_call_count: number;
  inbound_call_count: number;
  outbound_sms_count: number;
  inbound_sms_count: number;
  nb_communications: number;
}

export type AlowareContact = { id: number; phone_number: string; other_phone_numbers: OtherPhone[] } & Record<
  ContactStringField,
  string | null
> & {
    user_id: number | null;
    is_dnc: boolean;
    text_authorized: boolean;
    is_opted_out: boolean;
    intake_source: string;
    created_at: string;
    updated_at: string;
  } & ContactCounters;

export type ContactPatch = Partial<Record<ContactStringField, string | null>> & {
  phone_number?: string;
  other_phone_numbers?: OtherPhone[];
  user_id?: number | null;
  is_dnc?: boolean;
};

const FIRST_CONTACT_ID = 30_000_001;

/** In-memory contact table with a phone index; every number (primary and others) identifies one contact. */
export class ContactStore {
  private readonly byId = new Map<number, AlowareContact>();
  private readonly byPhone = new Map<string, number>();
  private nextId = FIRST_CONTACT_ID;

  create(patch: ContactPatch & { phone_number: string }, intakeSource: string): AlowareContact {
    const now = alowareTimestamp();
    const blank = Object.fromEntries(CONTACT_STRING_FIELDS.map((f) => [f, null])) as Record<
      ContactStringField,
      null
    >;
    const contact: AlowareContact = {
      id: this.nextId++,
      phone_number: patch.phone_number,
      ...blank,
      other_phone_numbers: [],
      user_id: null,
      is_dnc: false,
      text_authorized: true,
      is_opted_out: false,
      intake_source: intakeSource,
      outbound_call_count: 0,
      inbound_call_count: 0,
      outbound_sms_count: 0,
      inbound_sms_count: 0,
      nb_communications: 0,
      created_at: now,
      updated_at: now,
    };
    this.apply(contact, patch);
    this.byId.set(contact.id, contact);
    this.index(contact);
    return contact;
  }

  /** Applies the patch; returns the names of the fields whose value changed. */
  update(id: number, patch: ContactPatch): string[] {
    const contact = this.byId.get(id);
    if (!contact) return [];
    this.unindex(contact);
    const changed = this.apply(contact, patch);
    this.index(contact);
    if (changed.length > 0) contact.updated_at = alowareTimestamp();
    return changed;
  }

  count(id: number, counter: keyof ContactCounters): void {
    const contact = this.byId.get(id);
    if (!contact) return;
    contact[counter] += 1;
    contact.nb_communications += 1;
  }

  get(id: number): AlowareContact | undefined {
    return this.byId.get(id);
  }

  findByPhone(e164: string): AlowareContact | undefined {
    const id = this.byPhone.get(e164);
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** Another contact already holding one of these numbers (numbers are unique across contacts). */
  conflictingOwner(numbers: string[], selfId?: number): AlowareContact | undefined {
    for (const n of numbers) {
      const owner = this.findByPhone(n);
      if (owner && owner.id !== selfId) return owner;
    }
    return undefined;
  }

  all(): AlowareContact[] {
    return [...this.byId.values()];
  }

  get size(): number {
    return this.byId.size;
  }

  clear(): void {
    this.byId.clear();
    this.byPhone.clear();
    this.nextId = FIRST_CONTACT_ID;
  }

  private apply(contact: AlowareContact, patch: ContactPatch): string[] {
    const changed: string[] = [];
    const target = contact as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || JSON.stringify(target[key]) === JSON.stringify(value)) continue;
      target[key] = value;
      changed.push(key);
    }
    const namesChanged = changed.includes('first_name') || changed.includes('last_name');
    if ((namesChanged || contact.name === null) && patch.name === undefined) {
      const derived = [contact.first_name, contact.last_name].filter(Boolean).join(' ') || null;
      if (derived !== contact.name) {
        contact.name = derived;
        changed.push('name');
      }
    }
    return changed;
  }

  private index(contact: AlowareContact): void {
    this.byPhone.set(contact.phone_number, contact.id);
    for (const other of contact.other_phone_numbers) {
      if (!this.byPhone.has(other.phone_number)) this.byPhone.set(other.phone_number, contact.id);
    }
  }

  private unindex(contact: AlowareContact): void {
    for (const n of [contact.phone_number, ...contact.other_phone_numbers.map((o) => o.phone_number)]) {
      if (this.byPhone.get(n) === contact.id) this.byPhone.delete(n);
    }
  }
}
