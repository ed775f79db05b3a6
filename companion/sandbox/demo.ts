/**
 * `npm run demo`: Redis (REDIS_URL, else a private redis-server), the Salesforce and Aloware emulators and the
 * companion wired together, a seeded org, the initial pull (dry run, then run), the sandbox console; prints the URLs
 * and what to try. Ctrl-C (or SIGTERM) stops everything it started.
 */
import { provideRedis, type RedisHandle } from '../../scripts/lib/redis.js';
import { CompanionApi, identitySummary, initialPull } from './demo/initial-pull.js';
import { startDemoStack, type DemoStack } from './demo/stack.js';

const say = (line = '') => process.stdout.write(`${line}\n`);

/** Leads and Contacts each: SANDBOX_SEED_PER_OBJECT (default 300, so 600 records). */
function seedSize(): number {
  const raw = process.env.SANDBOX_SEED_PER_OBJECT;
  const n = raw ? Number(raw) : 300;
  if (!Number.isInteger(n) || n < 0 || n > 100_000)
    throw new Error(`SANDBOX_SEED_PER_OBJECT must be a whole number up to 100000, got "${raw}"`);
  return n;
}

function banner(stack: DemoStack, redis: RedisHandle): void {
  const { urls, secrets } = stack;
  say();
  say('Aloware Sync sandbox is running.');
  say();
  say(`  Console              ${urls.console ?? '(disabled)'}   ← start here`);
  say(
    `  Admin app (preview)  ${urls.adminPreview ?? '(disabled)'}   (the Lightning app's LWC panels, compiled with LWC OSS)`,
  );
  say(
    `  Salesforce emulator  ${urls.salesforce}   (REST /services/data/v${stack.config.salesforce.apiVersion}, control /__sandbox/info)`,
  );
  say(`  Aloware emulator     ${urls.aloware}   (public API /api/v1/webhook/*, control /__sandbox/contacts)`);
  say(`  Companion            ${urls.companion}/healthz · /readyz · /metrics · /admin/queues`);
  say(
    `  Redis                ${redis.url}${redis.owned ? ' (private, stopped on exit)' : ''}   prefix ${stack.prefix}`,
  );
  say();
  say(`  X-Aloware-Sync-Key (for /api/v1): ${secrets.syncKey}`);
  say(`  Operator token (Bearer, for /metrics and /admin/queues): ${secrets.operatorToken}`);
  say();
  say('Try it (in the console):');
  say(
    '  1. "Create or edit a contact in Aloware" with a new phone → a Lead or Contact appears on the Salesforce side.',
  );
  say(
    '  2. Press "use" on a record, then "Call" → a Task with the recording link shows under Tasks within seconds.',
  );
  say(
    '  3. Edit a record as the rep (e.g. its Phone) → the Aloware contact follows; the sync log shows each step.',
  );
  say('  4. Convert a Lead, then call it again → the call lands on the new Contact.');
  say('  5. Switch the settings (objects, priority, directions) and repeat.');
  say();
  say('Press Ctrl-C to stop everything.');
}

async function main(): Promise<void> {
  say('Starting Redis …');
  const redis = await provideRedis();
  let stack: DemoStack | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('\nStopping the console, companion, emulators and Redis …');
    const force = setTimeout(() => process.exit(code || 1), 20_000);
    force.unref();
    await stack?.stop().catch(() => undefined);
    await redis.stop().catch(() => undefined);
    say('Stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    say('Starting the emulators, seeding Salesforce and starting the companion …');
    stack = await startDemoStack({ redisUrl: redis.url, seed: { perObject: seedSize() } });
    const seeded = stack.seeded;
    if (seeded)
      say(
        `  seeded ${seeded.leadIds.length} Leads, ${seeded.contactIds.length} Contacts, ${seeded.userIds.length} users`,
      );
    say('Initial pull (dry run first, then the run) …');
    const api = new CompanionApi(stack.urls.companion, stack.secrets.syncKey);
    await initialPull(api, say)
      .then(async () => say(await identitySummary(api)))
      .catch((err: unknown) => say(`  initial pull not completed: ${(err as Error).message}`));
    banner(stack, redis);
  } catch (err) {
    process.stderr.write(`demo failed to start: ${(err as Error).message}\n`);
    await stop(1);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
