import { ALOWARE_FIELD_NAMES, type AlowareField } from '../../sync/index.js';
import type { RouteDef } from '../route.js';

const TYPES: Record<string, AlowareField['type']> = {
  phone_number: 'phone',
  'other_phone_numbers.mobile': 'phone',
  'other_phone_numbers.home': 'phone',
  'other_phone_numbers.other': 'phone',
  email: 'email',
  date_of_birth: 'date',
  user_id: 'user',
};

const LABELS: Record<string, string> = {
  phone_number: 'Phone Number',
  user_id: 'Contact Owner',
  csf1: 'Custom Field 1',
  csf2: 'Custom Field 2',
  zipcode: 'Zipcode',
  'other_phone_numbers.mobile': 'Mobile Phone',
  'other_phone_numbers.home': 'Home Phone',
  'other_phone_numbers.other': 'Other Phone',
};

const label = (name: string) =>
  LABELS[name] ?? name.replace(/_/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());

/** `GET /api/v1/aloware-fields` (docs/contracts.md §3, §6). */
export const alowareFields: RouteDef = {
  method: 'get',
  path: '/api/v1/aloware-fields',
  auth: 'sync-key',
  handler: () => (_req, res) => {
    res.json({
      fields: ALOWARE_FIELD_NAMES.map((name) => ({
        name,
        label: label(name),
        type: TYPES[name] ?? 'string',
      })),
    });
  },
};
