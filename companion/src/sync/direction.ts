import type { MappingRow, Operation, SfObject, Side, SyncSettings } from './types.js';

export function objectEnabled(settings: SyncSettings, object: SfObject): boolean {
  return object === 'Lead' ? settings.leadSyncEnabled : settings.contactSyncEnabled;
}

/** The objects whose sync is on: the only ones that compete for a phone (see `resolveLink`). */
export function enabledObjects(settings: SyncSettings): ReadonlySet<SfObject> {
  const objects = new Set<SfObject>();
  if (settings.leadSyncEnabled) objects.add('Lead');
  if (settings.contactSyncEnabled) objects.add('Contact');
  return objects;
}

/**
 * May the core write to `side` for this object and operation (and, when given, this mapping row)?
 * Disabled objects sync nothing. Writes to Aloware (Salesforce → Aloware) are always allowed for an
 * enabled object; writes to Salesforce need the object's direction for the operation to be `both`.
 * A row's direction narrows further: `to_aloware` never writes Salesforce, `to_salesforce` never Aloware.
 */
export function canWrite(
  settings: SyncSettings,
  side: Side,
  object: SfObject,
  operation: Operation,
  row?: Pick<MappingRow, 'direction'>,
): boolean {
  if (!objectEnabled(settings, object)) return false;
  if (side === 'salesforce') {
    const perObject = object === 'Lead' ? settings.lead : settings.contact;
    if (perObject[operation] !== 'both') return false;
    return row === undefined || row.direction !== 'to_aloware';
  }
  return row === undefined || row.direction !== 'to_salesforce';
}

/** Which object an Aloware-originated create becomes in Salesforce: the priority object when allowed. */
export function createTargetObject(settings: SyncSettings): SfObject | null {
  const other: SfObject = settings.priorityObject === 'Lead' ? 'Contact' : 'Lead';
  if (canWrite(settings, 'salesforce', settings.priorityObject, 'create')) return settings.priorityObject;
  if (canWrite(settings, 'salesforce', other, 'create')) return other;
  return null;
}
