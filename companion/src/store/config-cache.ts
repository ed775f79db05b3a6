import type { Redis } from 'ioredis';
import type { OrgMappings, OrgMetadata, OrgSettings } from '../salesforce/gateway.js';
import type { Keys } from './keys.js';
import { evalScript } from './scripts.js';

/** Settings and mappings in effect, as read from Salesforce. */
export interface ActiveConfig extends OrgSettings {
  mappings: OrgMappings;
  /** When the version was last checked against Salesforce (ms). */
  checkedAt: number;
}

/** Where the config is read from: the gateway's org metadata (tests pass their own). */
export type ConfigSource = Pick<OrgMetadata, 'readSettings' | 'readMappings'>;

/**
 * Stores the loaded config unless Redis already holds a newer `Config_Version__c` (another process or a
 * refresh got there first); returns the stored winner when it refused.
 */
const STORE_UNLESS_NEWER = `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, parsed = pcall(cjson.decode, current)
  if ok and tonumber(parsed.version) and tonumber(parsed.version) > tonumber(ARGV[2]) then return current end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return false
`;

/**
 * Settings + mappings cached in Redis (shared by every process). At most every `checkEveryMs` (default 30 s)
 * both are read again — one settings query and one mapping query, whatever `Config_Version__c` says, so a
 * change made without a version bump (a mapping saved by the panel, Data Loader or the API) takes effect
 * within that time; `refresh()` (`POST /api/v1/config/refresh`, called when a panel saves) makes it take
 * effect at once. Each process also memoises for `memoMs`.
 */
export interface ConfigCacheOptions {
  checkEveryMs?: number;
  memoMs?: number;
  /**
   * Called after a load stored a config whose identity rules (priority object, which objects sync) differ from
   * the config it replaced: the phones several records share must be resolved again (see app/runtime.ts).
   */
  onIdentityRulesChanged?: (before: ActiveConfig, after: ActiveConfig) => Promise<void>;
}

export class ConfigCache {
  private memo: { config: ActiveConfig; at: number } | null = null;
  /** Bumped by `refresh()`: loads that started before it may not replace what it stored. */
  private generation = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly source: ConfigSource,
    private readonly opts: ConfigCacheOptions = {},
  ) {}

  private k = () => this.keys.key('config');

  async get(): Promise<ActiveConfig> {
    const memoMs = this.opts.memoMs ?? 1_000;
    if (this.memo && Date.now() - this.memo.at < memoMs) return this.memo.config;
    const generation = this.generation;
    const raw = await this.redis.get(this.k());
    const cached = raw ? (JSON.parse(raw) as ActiveConfig) : null;
    if (cached && Date.now() - cached.checkedAt < (this.opts.checkEveryMs ?? 30_000)) {
      // A refresh that began while Redis answered stands: what was read before it is not memoised.
      if (generation !== this.generation) return this.memo?.config ?? cached;
      this.memo = { config: cached, at: Date.now() };
      return cached;
    }
    const config = await this.reload(generation);
    if (generation === this.generation) this.memo = { config, at: Date.now() };
    return config;
  }

  /** Forgets everything and reads settings and mappings again (`POST /api/v1/config/refresh`). */
  async refresh(): Promise<ActiveConfig> {
    const generation = ++this.generation;
    this.memo = null;
    const config = await this.reload(generation);
    if (generation === this.generation) this.memo = { config, at: Date.now() };
    return config;
  }

  /**
   * Reads settings and mappings. A load overtaken by a later `refresh()` stores
   * nothing (the refresh's result stands, in Redis and in memory) and hands the newer config to its caller when
   * the refresh already finished; Redis never takes an older version than it holds.
   */
  private async reload(generation: number): Promise<ActiveConfig> {
    const [settings, mappings] = await Promise.all([this.source.readSettings(), this.source.readMappings()]);
    const config: ActiveConfig = { ...settings, mappings, checkedAt: Date.now() };
    if (generation !== this.generation) return this.memo?.config ?? config;
    const previous = await this.redis.get(this.k());
    const newer = await evalScript(
      this.redis,
      STORE_UNLESS_NEWER,
      1,
      this.k(),
      JSON.stringify(config),
      config.version,
      24 * 3600,
    );
    if (typeof newer === 'string') return JSON.parse(newer) as ActiveConfig;
    const before = previous ? (JSON.parse(previous) as ActiveConfig) : null;
    if (before && this.opts.onIdentityRulesChanged && identityRulesDiffer(before, config))
      await this.opts.onIdentityRulesChanged(before, config);
    return config;
  }
}

/** Whether the rules that decide which record holds a shared phone changed (priority, objects that sync). */
function identityRulesDiffer(a: ActiveConfig, b: ActiveConfig): boolean {
  const rules = (c: ActiveConfig) =>
    [c.settings.priorityObject, c.settings.leadSyncEnabled, c.settings.contactSyncEnabled].join(' ');
  return rules(a) !== rules(b);
}
