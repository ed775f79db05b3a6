import type { Redis } from 'ioredis';
import type { OrgMappings, OrgSettings } from '../salesforce/gateway.js';
import type { Keys } from './keys.js';

/** Settings and mappings in effect, as read from Salesforce. */
export interface ActiveConfig extends OrgSettings {
  mappings: OrgMappings;
  /** When the version was last checked against Salesforce (ms). */
  checkedAt: number;
}

export interface ConfigSource {
  readSettings(): Promise<OrgSettings>;
  readMappings(): Promise<OrgMappings>;
}

/**
 * Settings + mappings cached in Redis (shared by every process) until `Config_Version__c` changes or
 * `refresh()` is called. The version is re-checked with one cheap settings query at most every `checkEveryMs`;
 * mappings are only re-read when the version moved. Each process also memoises for `memoMs`.
 */
export class ConfigCache {
  private memo: { config: ActiveConfig; at: number } | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly source: ConfigSource,
    private readonly opts: { checkEveryMs?: number; memoMs?: number } = {},
  ) {}

  private k = () => this.keys.key('config');

  async get(): Promise<ActiveConfig> {
    const memoMs = this.opts.memoMs ?? 1_000;
    if (this.memo && Date.now() - this.memo.at < memoMs) return this.memo.config;
    const raw = await this.redis.get(this.k());
    const cached = raw ? (JSON.parse(raw) as ActiveConfig) : null;
    const config =
      cached && Date.now() - cached.checkedAt < (this.opts.checkEveryMs ?? 30_000)
        ? cached
        : await this.reload(cached);
    this.memo = { config, at: Date.now() };
    return config;
  }

  /** Forgets everything and reads settings and mappings again (`POST /api/v1/config/refresh`). */
  async refresh(): Promise<ActiveConfig> {
    this.memo = null;
    const config = await this.reload(null);
    this.memo = { config, at: Date.now() };
    return config;
  }

  private async reload(cached: ActiveConfig | null): Promise<ActiveConfig> {
    const settings = await this.source.readSettings();
    const mappings =
      cached && cached.version === settings.version ? cached.mappings : await this.source.readMappings();
    const config: ActiveConfig = { ...settings, mappings, checkedAt: Date.now() };
    await this.redis.set(this.k(), JSON.stringify(config), 'EX', 24 * 3600);
    return config;
  }
}
