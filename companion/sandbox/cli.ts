/**
 * `npm run sandbox`: the Salesforce and Aloware emulators, nothing else.
 * Ports: SANDBOX_SF_PORT (4010) and SANDBOX_ALOWARE_PORT (4020). Optional wiring:
 * SANDBOX_SF_NOTIFY_URL / SANDBOX_SF_NOTIFY_KEY (where the emulated Apex triggers post change events) and
 * SANDBOX_ALOWARE_WEBHOOK_URL / SANDBOX_ALOWARE_WEBHOOK_TOKEN (where Aloware's webhooks go).
 */
import { startAlowareEmulator } from './aloware/index.js';
import { startSalesforceEmulator } from './salesforce/index.js';

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`${name} must be a port number (0-65535), got "${raw}"`);
    process.exit(78);
  }
  return n;
}

async function main(): Promise<void> {
  const sf = await startSalesforceEmulator({
    port: port('SANDBOX_SF_PORT', 4010),
    notifyUrl: process.env.SANDBOX_SF_NOTIFY_URL || undefined,
    notifyKey: process.env.SANDBOX_SF_NOTIFY_KEY || undefined,
  });
  const aloware = await startAlowareEmulator({
    port: port('SANDBOX_ALOWARE_PORT', 4020),
    webhookUrl: process.env.SANDBOX_ALOWARE_WEBHOOK_URL || undefined,
    webhookToken: process.env.SANDBOX_ALOWARE_WEBHOOK_TOKEN || undefined,
  });
  console.log(
    `Salesforce emulator  ${sf.url}   (token: POST /services/oauth2/token, client_id sandbox-integration | sandbox-rep, secret sandbox-secret)`,
  );
  console.log(`Aloware emulator     ${aloware.url}   (api_token ${aloware.apiToken})`);
  console.log('Press Ctrl-C to stop.');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping emulators…`);
    await Promise.allSettled([sf.stop(), aloware.stop()]);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('sandbox failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
