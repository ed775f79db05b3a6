/**
 * The admin preview server: the Aloware Sync Lightning app's panels (the real LWC components, compiled by
 * `build.ts`) on an SLDS page, their `@salesforce/apex/*` calls answered by `apex-adapter.ts` against the
 * Salesforce emulator and the companion. `npm run demo` starts it next to the console.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { SandboxClients, type ConsoleTargets } from '../console/clients.js';
import { ApexError, invokeApex, type ApexContext } from './apex-adapter.js';
import { buildAdminPreview, ROOT } from './build.js';

export interface AdminPreviewOptions extends ConsoleTargets {
  port?: number;
  host?: string;
  orgId: string;
}

export interface AdminPreview {
  url: string;
  /** True when this start compiled the panels (false: the cached bundle was current). */
  built: boolean;
  stop(): Promise<void>;
}

const SLDS = join(ROOT, 'node_modules/@salesforce-ux/design-system/assets');

const escapeJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function page(config: unknown): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Aloware Sync (preview)</title>
<link rel="stylesheet" href="/slds/styles/salesforce-lightning-design-system.min.css">
<style>
  body { background: #b0c4df; min-height: 100vh; }
  #panel { padding: 0.75rem; max-width: 1280px; }
  #toasts { position: fixed; top: 0.5rem; left: 50%; transform: translateX(-50%); z-index: 9000; }
  #toasts .slds-notify_toast { min-width: 30rem; }
</style>
</head>
<body>
<header class="slds-context-bar">
  <div class="slds-context-bar__primary">
    <div class="slds-context-bar__item slds-no-hover">
      <span class="slds-context-bar__label-action slds-context-bar__app-name">
        <span class="slds-truncate" title="Aloware Sync">Aloware Sync</span>
      </span>
    </div>
  </div>
  <nav class="slds-context-bar__secondary" role="navigation" aria-label="Aloware Sync tabs">
    <ul class="slds-grid" id="tabs" role="tablist"></ul>
  </nav>
</header>
<div id="toasts" class="slds-notify_container" aria-live="polite"></div>
<main id="panel"></main>
<script type="application/json" id="preview-config">${escapeJson(config)}</script>
<script type="module" src="/app.js"></script>
</body>
</html>`;
}

/** The record the card shows: `?record=` or the first linked Contact (else any Contact). */
async function cardRecord(clients: SandboxClients, requested: unknown): Promise<string | undefined> {
  if (typeof requested === 'string' && /^[a-zA-Z0-9]{15,18}$/.test(requested)) return requested;
  const contacts = await clients.records('Contact').catch(() => []);
  const linked = contacts.find((c) => c.Aloware_Contact_Id__c);
  return String((linked ?? contacts[0])?.Id ?? '') || undefined;
}

export async function startAdminPreview(opts: AdminPreviewOptions): Promise<AdminPreview> {
  const bundle = await buildAdminPreview();
  const clients = new SandboxClients(opts);
  const ctx: ApexContext = { clients, orgId: opts.orgId };
  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.use('/slds', express.static(SLDS, { maxAge: '1h' }));
  app.get('/app.js', (_req, res) => {
    res.sendFile(join(bundle.dir, 'app.js'), { headers: { 'cache-control': 'no-cache' } });
  });
  app.get('/', async (req, res) => {
    res.type('html').send(page({ recordId: await cardRecord(clients, req.query.record) }));
  });
  app.post('/apex/:name', async (req, res) => {
    try {
      res.json({ result: (await invokeApex(ctx, req.params.name, req.body ?? {})) ?? null });
    } catch (err) {
      const known = err instanceof ApexError;
      res.status(known ? 400 : 500).json({
        message: known ? err.message : `Unexpected error in the preview adapter: ${(err as Error).message}`,
      });
    }
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    built: bundle.built,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
