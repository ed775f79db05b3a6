/**
 * The sync core: pure decisions over plain data (no I/O). Adapters gather inputs (records, describe,
 * settings, identity index) and apply the outputs (writes, links, fingerprints, sync-log decisions).
 */
export type * from './types.js';

export { normalizePhone, phoneKey, maskPhone, phoneSearchVariants } from './phone.js';
export { DEFAULT_MAPPING, DEFAULT_SETTINGS, defaultMappingFor, effectiveMapping } from './default-mapping.js';
export { validateMapping } from './validate-mapping.js';
export { ALOWARE_FIELD_NAMES, ONLY_ON } from './field-catalog.js';
export { matchUsers, EMPTY_USER_TABLE, type AlowareUser, type SalesforceUser } from './users.js';
export {
  kindOf,
  canonicalText,
  canonicalFromSalesforce,
  canonicalFromAloware,
  isQueueId,
  isPhoneAlowareField,
  type ValueKind,
} from './values.js';
export { toSalesforceValue, toAlowareValue, isValidEmail, type Converted } from './convert.js';
export { expandAlowareName, withRequiredCreateFields, NOT_PROVIDED } from './name.js';
export { alowarePayload, salesforceCreateValues, type Payload } from './payload.js';
export { canWrite, objectEnabled, enabledObjects, createTargetObject } from './direction.js';
export { resolveLink, resolveWho, candidateOf, compareCandidates, competesFor } from './identity.js';
export { PhoneIndex, phoneFields, ambiguousIn, type SharedPhone } from './phone-index.js';
export {
  fieldKey,
  fingerprintOf,
  fingerprintOfAloware,
  fingerprintHash,
  sameFingerprint,
} from './fingerprint.js';
export { merge, decideField } from './merge.js';
export { planPage, emptyPlan } from './plan.js';
export {
  identityCandidateOf,
  identityPhoneFields,
  primaryPhoneField,
  primaryPhoneSource,
  primaryPhoneView,
} from './primary-phone.js';
export { summarizePlan, emptySummary, addSummaries, mapPlanIndex } from './plan-summary.js';
export {
  addSamples,
  planSamples,
  SAMPLES_PER_OUTCOME,
  type PlanOutcome,
  type PlanSample,
} from './plan-samples.js';
export {
  CALL_OUTCOMES,
  DEFAULT_REP_POLICY,
  RECORD_LINK_FIELDS,
  notLoggedReason,
  parseRepPolicy,
  type ActivityPolicy,
  type CallOutcome,
  type RecordLinkField,
  type RecordRules,
  type RepPolicy,
} from './rep-policy.js';
