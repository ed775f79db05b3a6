import type { AlowareClient } from '../aloware/client.js';
import type { Logger } from '../logging/index.js';
import type { OrgMetadata } from '../salesforce/gateway.js';
import { EMPTY_USER_TABLE, matchUsers, type UserTable } from '../sync/index.js';

export interface UserTableSource {
  table(): Promise<UserTable>;
  /** Forget the cached table (Salesforce refused a user the table still maps); the next table() reads again. */
  refresh?(): void;
}

/**
 * Aloware ↔ Salesforce users by email, cached per process. Owners never block a sync: when either list cannot
 * be read the previous table (or an empty one) is used and the next call tries again.
 */
export function cachedUserTable(
  aloware: Pick<AlowareClient, 'listUsers'>,
  salesforce: Pick<OrgMetadata, 'listUsers'>,
  logger: Logger,
  ttlMs = 5 * 60_000,
): UserTableSource {
  let cached: { table: UserTable; at: number } | null = null;
  let loading: Promise<UserTable> | null = null;
  const load = async (): Promise<UserTable> => {
    try {
      const [a, s] = await Promise.all([aloware.listUsers(), salesforce.listUsers()]);
      cached = { table: matchUsers(a, s), at: Date.now() };
      return cached.table;
    } catch (err) {
      logger.warn(
        { message: (err as Error).message },
        'user lists unavailable; owners not matched this time',
      );
      return cached?.table ?? EMPTY_USER_TABLE;
    }
  };
  return {
    refresh() {
      cached = null;
    },
    table() {
      if (cached && Date.now() - cached.at < ttlMs) return Promise.resolve(cached.table);
      loading ??= load().finally(() => {
        loading = null;
      });
      return loading;
    },
  };
}
