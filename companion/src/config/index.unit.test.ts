import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index.js';

const base = {
  REDIS_URL: 'redis://127.0.0.1:6379',
  SF_LOGIN_URL: 'https://acme.my.salesforce.com',
  SF_AUTH: 'client_credentials',
  SF_CLIENT_ID: 'client',
  SF_CLIENT_SECRET: 'secret',
  ALOWARE_BASE_URL: 'https://app.aloware.com',
  ALOWARE_API_TOKEN: 'token',
  ALOWARE_WEBHOOK_TOKEN: 'w'.repeat(20),
  SALESFORCE_SYNC_KEY: 's'.repeat(20),
  OPERATOR_TOKEN: 'o'.repeat(20),
};

function problems(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('parses a complete environment with defaults', () => {
    const c = loadConfig(base);
    expect(c.port).toBe(3000);
    expect(c.salesforce.apiVersion).toBe('64.0');
    expect(c.aloware.requestsPerMinute).toBe(60);
    expect(c.reconcileIntervalSeconds).toBe(300);
    expect(c.coalesceMs).toBe(250);
    expect(loadConfig({ ...base, SYNC_COALESCE_MS: '0' }).coalesceMs).toBe(0);
    expect(c.taskCoalesceMs).toBe(2_000);
    expect(loadConfig({ ...base, TASK_COALESCE_MS: '500' }).taskCoalesceMs).toBe(500);
  });

  it.each([
    ['REDIS_URL', { REDIS_URL: undefined }],
    ['SF_LOGIN_URL', { SF_LOGIN_URL: 'not a url' }],
    ['SF_AUTH', { SF_AUTH: 'password' }],
    ['SALESFORCE_SYNC_KEY', { SALESFORCE_SYNC_KEY: 'short' }],
    ['OPERATOR_TOKEN', { OPERATOR_TOKEN: undefined }],
    ['SF_CLIENT_SECRET', { SF_CLIENT_SECRET: undefined }],
    ['SF_PRIVATE_KEY_FILE', { SF_AUTH: 'jwt', SF_USERNAME: 'u@example.com' }],
    ['PORT', { PORT: 'eighty' }],
    ['SYNC_COALESCE_MS', { SYNC_COALESCE_MS: '-1' }],
    ['TASK_COALESCE_MS', { TASK_COALESCE_MS: '60001' }],
  ])('names %s when it is missing or bad', (name, patch) => {
    const found = problems({ ...base, ...patch });
    expect(found.some((p) => p.includes(name))).toBe(true);
  });

  it.each(['https://login.salesforce.com', 'https://TEST.salesforce.com/'])(
    'refuses client_credentials with the generic login host %s and names the My Domain fix',
    (loginUrl) => {
      const found = problems({ ...base, SF_LOGIN_URL: loginUrl });
      expect(found).toEqual([expect.stringMatching(/^SF_LOGIN_URL.*My Domain URL/)]);
      // JWT bearer works on the generic hosts.
      const jwt = { SF_AUTH: 'jwt', SF_USERNAME: 'u@example.com', SF_PRIVATE_KEY_FILE: '/k.pem' };
      expect(problems({ ...base, ...jwt, SF_LOGIN_URL: loginUrl })).toEqual([]);
    },
  );

  it('never puts a secret value into the error message', () => {
    const err = problems({ ...base, OPERATOR_TOKEN: 'tiny' });
    expect(err.join('\n')).not.toContain('tiny');
  });
});
