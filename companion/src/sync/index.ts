/**
 * The sync core: pure decisions over plain data (no I/O). Adapters gather inputs (records, describe,
 * settings, identity index) and apply the outputs (writes, links, fingerprints, sync-log decisions).
 */
export type * from './types.js';

export { normalizePhone, phoneKey, maskPhone, phoneSearchVariants } from './phone.js';
export { DEFAULT_MAPPING, DEFAULT_SETTINGS, defaultMappingFor, effectiveMapping } from './default-mapping.js';
export { ALOWARE_FIELD_NAMES } from './field-catalog.js';
export { matchUsers, EMPTY_USER_TABLE } from './users.js';
export { kindOf, canonicalFromAloware } from './values.js';
export { expandAlowareName, NOT_PROVIDED } from './name.js';
export { salesforceCreateValues } from './payload.js';
export { canWrite, objectEnabled, enabledObjects, createTargetObject } from './direction.js';
export { resolveLink, candidateOf } from './identity.js';
export { phoneFields } from './phone-index.js';
export { fieldKey, fingerprintOf, sameFingerprint } from './fingerprint.js';
export { merge } from './merge.js';
export { planPage } from './plan.js';
export { identityCandidateOf, identityPhoneFields, primaryPhoneView } from './primary-phone.js';
export { summarizePlan, emptySummary, addSummaries, mapPlanIndex } from './plan-summary.js';
export { addSamples, planSamples, type PlanOutcome, type PlanSample } from './plan-samples.js';
export {
  DEFAULT_REP_POLICY,
  notLoggedReason,
  parseRepPolicy,
  type ActivityPolicy,
  type RepPolicy,
} from './rep-policy.js';
