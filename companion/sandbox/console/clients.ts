/**
 * How the console talks to the three systems — only through their public HTTP interfaces:
 * - Salesforce emulator: reads through `/__sandbox/records/:object` (no API usage is counted, so polling never eats
 *   the companion's daily budget); writes through the REST API as the rep user (`sandbox-rep`), so the emulated
 *   Apex triggers fire exactly as they would for a person editing a record; conversion and merge through their
 *   control routes.
 * - Aloware emulator: `/__sandbox/…` agent actions and inspection.
 * - Companion: `/api/v1/…` with the `X-Aloware-Sync-Key` header.
 */
export interface ConsoleTargets {
  salesforceUrl: string;
  alowareUrl: string;
  companionUrl: string;
  syncKey: string;
  apiVersion?: string;
}

export class UpstreamError extends Error {
  constructor(
    readonly system: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

async function call(system: string, url: string, init: RequestInit = {}): Promise<unknown> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // keep the text: the message below shows it
  }
  if (!res.ok)
    throw new UpstreamError(system, res.status, `${system} answered ${res.status}: ${describe(body)}`);
  return body;
}

function describe(body: unknown): string {
  if (Array.isArray(body) && body[0] && typeof body[0] === 'object') return String((body[0] as Json).message);
  if (body && typeof body === 'object') {
    const b = body as Json;
    const e = b.error as Json | string | undefined;
    if (e && typeof e === 'object') return String(e.message ?? e.code);
    return String(e ?? b.message ?? JSON.stringify(b).slice(0, 200));
  }
  return String(body).slice(0, 200);
}

const json = (body: unknown): RequestInit => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export class SandboxClients {
  private repToken: Promise<string> | undefined;
  readonly version: string;

  constructor(readonly targets: ConsoleTargets) {
    this.version = `v${targets.apiVersion ?? '64.0'}`;
  }

  // ---- Salesforce ----
  async records(object: string): Promise<Json[]> {
    const body = (await call('Salesforce', `${this.targets.salesforceUrl}/__sandbox/records/${object}`)) as {
      records: Json[];
    };
    return body.records;
  }

  private token(): Promise<string> {
    this.repToken ??= (async () => {
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'sandbox-rep',
        client_secret: 'sandbox-secret',
      });
      const body = (await call('Salesforce', `${this.targets.salesforceUrl}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      })) as { access_token: string };
      return body.access_token;
    })().catch((err: unknown) => {
      this.repToken = undefined;
      throw err;
    });
    return this.repToken;
  }

  /** A REST call as the rep; a 401 (expired session) gets one fresh token. */
  async asRep(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = `${this.targets.salesforceUrl}/services/data/${this.version}${path}`;
    const send = async () =>
      call('Salesforce', url, {
        method,
        headers: { authorization: `Bearer ${await this.token()}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    try {
      return await send();
    } catch (err) {
      if (!(err instanceof UpstreamError) || err.status !== 401) throw err;
      this.repToken = undefined;
      return send();
    }
  }

  sfControl(method: string, path: string, body?: unknown): Promise<unknown> {
    return call('Salesforce', `${this.targets.salesforceUrl}/__sandbox${path}`, {
      method,
      ...(body === undefined ? {} : json(body)),
    });
  }

  // ---- Aloware ----
  aloware(method: string, path: string, body?: unknown): Promise<unknown> {
    return call('Aloware', `${this.targets.alowareUrl}/__sandbox${path}`, {
      method,
      ...(body === undefined ? {} : json(body)),
    });
  }

  // ---- Companion ----
  /** `/api/v1/health`, or the liveness answer of `/healthz` when the companion has no health API. */
  async companionHealth(): Promise<Json> {
    try {
      return (await this.companion('GET', '/health')) as Json;
    } catch (err) {
      if (!(err instanceof UpstreamError) || err.status !== 404) throw err;
      return (await call('Companion', `${this.targets.companionUrl}/healthz`)) as Json;
    }
  }

  companion(method: string, path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { 'x-aloware-sync-key': this.targets.syncKey };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return call('Companion', `${this.targets.companionUrl}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
}
