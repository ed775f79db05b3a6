// OAuth token endpoint (client_credentials, JWT bearer, password, refresh_token) and the bearer-token check.
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { ApiError, sendApiError, sendJson } from '../http.js';
import { TEST_ONLY_PUBLIC_KEY_FILE, verifyJwt } from '../jwt.js';
import { USERS, type EmulatorState, type SandboxUser } from '../state.js';

const CLIENT_SECRET = 'sandbox-secret';
const USER_PASSWORD = 'sandbox-password';
const JWT_AUDIENCES = ['https://login.salesforce.com', 'https://test.salesforce.com'];

class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

function userForGrant(
  state: EmulatorState,
  body: Record<string, string | undefined>,
  publicKey: string,
): SandboxUser {
  switch (body.grant_type) {
    case 'client_credentials': {
      const user = USERS.find((u) => u.clientId === body.client_id);
      if (!user || body.client_secret !== CLIENT_SECRET)
        throw new OAuthError('invalid_client', 'invalid client credentials');
      return user;
    }
    case 'urn:ietf:params:oauth:grant-type:jwt-bearer': {
      const claims = verifyJwt(body.assertion ?? '', publicKey);
      if (!claims) throw new OAuthError('invalid_grant', 'invalid assertion');
      if (!JWT_AUDIENCES.includes(String(claims.aud)) && claims.aud !== state.url)
        throw new OAuthError('invalid_grant', 'audience is invalid');
      if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now())
        throw new OAuthError('invalid_grant', 'expired authorization code');
      const user = USERS.find((u) => u.username === claims.sub);
      if (!user) throw new OAuthError('invalid_grant', "user hasn't approved this consumer");
      return user;
    }
    case 'password': {
      const user = USERS.find((u) => u.username === body.username);
      if (!user || body.password !== USER_PASSWORD)
        throw new OAuthError('invalid_grant', 'authentication failure');
      return user;
    }
    case 'refresh_token': {
      const user = USERS.find((u) => u.id === state.refreshTokens.get(body.refresh_token ?? ''));
      if (!user) throw new OAuthError('invalid_grant', 'expired access/refresh token');
      return user;
    }
    default:
      throw new OAuthError('unsupported_grant_type', 'grant type not supported');
  }
}

function issueToken(state: EmulatorState, user: SandboxUser, withRefresh: boolean): Record<string, string> {
  const accessToken = `${state.orgId.slice(0, 15)}!AQ${randomBytes(24).toString('base64url')}`;
  state.tokens.set(accessToken, { userId: user.id, expired: false });
  const id = `${state.url}/id/${state.orgId}/${user.id}`;
  const issuedAt = String(Date.now());
  const response: Record<string, string> = {
    access_token: accessToken,
    instance_url: state.url,
    id,
    token_type: 'Bearer',
    issued_at: issuedAt,
    signature: createHmac('sha256', CLIENT_SECRET)
      .update(id + issuedAt)
      .digest('base64'),
    scope: withRefresh ? 'api refresh_token' : 'api',
  };
  if (withRefresh) {
    const refreshToken = `5Aep${randomBytes(32).toString('base64url')}`;
    state.refreshTokens.set(refreshToken, user.id);
    response.refresh_token = refreshToken;
  }
  return response;
}

export function oauthRouter(state: EmulatorState, publicKeyFile = TEST_ONLY_PUBLIC_KEY_FILE): Router {
  const publicKey = readFileSync(publicKeyFile, 'utf8');
  const router = express.Router();
  router.post(
    '/services/oauth2/token',
    express.urlencoded({ extended: false }),
    (req: Request, res: Response) => {
      const body = (req.body ?? {}) as Record<string, string | undefined>;
      try {
        const user = userForGrant(state, body, publicKey);
        sendJson(res, 200, issueToken(state, user, body.grant_type === 'password'));
      } catch (e) {
        if (!(e instanceof OAuthError)) throw e;
        sendJson(res, 400, {
          error: e.error,
          error_description: e.description,
        });
      }
    },
  );
  router.get('/id/:orgId/:userId', (req: Request, res: Response) => identity(state, req, res));
  return router;
}

/** The identity URL (`id` in the token response) that jsforce's conn.identity() reads. */
function identity(state: EmulatorState, req: Request, res: Response): void {
  const bearer = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1];
  const token = bearer ?? (typeof req.query.oauth_token === 'string' ? req.query.oauth_token : '');
  const session = state.tokens.get(token.trim());
  const user = USERS.find((u) => u.id === req.params.userId);
  if (!session || session.expired) return sendJson(res, 403, 'Bad_OAuth_Token');
  if (!user || req.params.orgId !== state.orgId || session.userId !== user.id)
    return sendJson(res, 404, 'Bad_Id');
  const url = (path: string) => `${state.url}/services/data/{version}/${path}`;
  sendJson(res, 200, {
    id: `${state.url}/id/${state.orgId}/${user.id}`,
    asserted_user: true,
    user_id: user.id,
    organization_id: state.orgId,
    username: user.username,
    nick_name: user.username.split('@')[0],
    display_name: `${user.firstName} ${user.lastName}`,
    email: user.username,
    email_verified: true,
    first_name: user.firstName,
    last_name: user.lastName,
    active: true,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_US',
    utcOffset: 0,
    urls: { rest: url(''), sobjects: url('sobjects/'), query: url('query/'), limits: url('limits/') },
  });
}

/** Resolves the bearer token to a user (res.locals.userId) or answers 401 INVALID_SESSION_ID. */
export function requireSession(state: EmulatorState) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.get('authorization') ?? '';
    const match = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header);
    const session = match?.[1] ? state.tokens.get(match[1].trim()) : undefined;
    if (!session || session.expired) {
      sendApiError(res, new ApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid'));
      return;
    }
    res.locals.userId = session.userId;
    res.locals.token = match?.[1]?.trim();
    next();
  };
}

/** Marks tokens expired: all, or only those of one user. */
export function expireTokens(state: EmulatorState, userId?: string): number {
  let n = 0;
  for (const session of state.tokens.values()) {
    if (!userId || session.userId === userId) {
      if (!session.expired) n += 1;
      session.expired = true;
    }
  }
  return n;
}
