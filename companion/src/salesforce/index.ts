export * from './gateway.js';
export {
  createTokenSource,
  signJwt,
  jwtAudience,
  SalesforceAuthError,
  type AccessToken,
  type TokenSource,
} from './auth.js';
export { apiErrorsOf, failedSave, isPermanent, PERMANENT_CODES, type SalesforceError } from './errors.js';
export { JsforceGateway, type JsforceGatewayOptions } from './jsforce-gateway.js';
export { createLimitTracker, parseLimitInfo, type LimitTracker } from './limits.js';
export { parseMappings, parseSettings } from './org-config.js';
export * as soql from './soql.js';
