import type { ActiveConfig } from '../store/index.js';
import {
  candidateOf,
  createTargetObject,
  fingerprintOf,
  salesforceCreateValues,
  type AlowareValues,
  type ConversionIssue,
  type Decision,
  type LinkTarget,
} from '../sync/index.js';
import { contextFor, type ToSalesforceDeps } from './deps.js';
import { DEFAULT_OWNER_DECISION, settled, writeWithOwnerFallback } from './owner-fallback.js';
import { linkRecord } from './record-finder.js';
import { placementFor } from './record-placement.js';

export class SalesforceWriteError extends Error {
  constructor(
    message: string,
    public readonly codes: string[],
  ) {
    super(message);
    this.name = 'SalesforceWriteError';
  }
}

export interface CreatedRecord extends LinkTarget {
  issues: ConversionIssue[];
}

/**
 * Creates the Lead or Contact for an Aloware contact (priority object when its create direction is `both`,
 * else the other object; null when neither may be created). Required fields are filled by the core
 * (`LastName`, a Lead's `Company`), the owner follows the Aloware user by email, and the record carries its
 * Aloware contact id. Links it, stores the fingerprint and indexes the phone. Call under the phone lock.
 */
export async function createRecordFromAloware(
  deps: ToSalesforceDeps,
  config: ActiveConfig,
  alowareContactId: string,
  e164: string,
  values: AlowareValues,
): Promise<CreatedRecord | null> {
  const object = createTargetObject(config.settings);
  if (!object) return null;
  const { rows, context: ctx } = await contextFor(deps, config, object);
  const payload = salesforceCreateValues(object, { ...values, phone_number: e164 }, rows, ctx);
  const placement = await placementFor(deps.gateway, config, object, payload.values, values);
  const now = new Date().toISOString();
  const fields = {
    ...payload.values,
    ...placement.fields,
    Aloware_Contact_Id__c: alowareContactId,
    Aloware_Last_Synced__c: now,
  };
  const { result, ownerDropped } = await writeWithOwnerFallback(deps, fields, (v) =>
    settled(deps.gateway.create(object, v), {}),
  );
  // What Salesforce holds now: without the owner when the default owner took over.
  const written = ownerDropped ? withoutOwner(payload.values) : payload.values;
  const record = ownerDropped ? withoutOwner(fields) : fields;
  if (!result.success || !result.id) {
    const codes = result.errors.map((e) => e.code);
    throw new SalesforceWriteError(
      `create ${object} failed: ${result.errors.map((e) => e.message).join('; ')}`,
      codes,
    );
  }
  const target = { id: result.id, object };
  await linkRecord(deps, target, alowareContactId, e164);
  await deps.store.fingerprints.set(result.id, fingerprintOf(written, rows, ctx));
  await deps.store.identity.setRecord(
    { ...candidateOf(object, { ...record, Id: result.id, LastModifiedDate: now }), identityPhone: e164 },
    [e164],
  );
  await deps.store.links.touch(result.id, 'created_from_aloware', now);
  const created: Decision = {
    field: '*',
    winner: 'aloware',
    reason: 'created_from_aloware',
    direction: 'to_salesforce',
  };
  await deps.store.syncLog.record(
    result.id,
    ownerDropped
      ? [created, ...placement.decisions, DEFAULT_OWNER_DECISION]
      : [created, ...placement.decisions],
    now,
    { object, phone: e164, outcome: 'created_from_aloware' },
  );
  deps.logger.info(
    { object, salesforceId: result.id, alowareContactId },
    'created Salesforce record from Aloware',
  );
  return { ...target, issues: payload.issues };
}

function withoutOwner(values: Record<string, unknown>): Record<string, unknown> {
  const { OwnerId: _owner, ...rest } = values;
  return rest;
}
