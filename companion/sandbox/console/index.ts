/**
 * The sandbox console: one server-rendered page with the Salesforce side and the Aloware side next to each other,
 * the live sync log, and the tester's actions. It talks to the emulators and the companion over HTTP only.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import { ACTION_NAMES, runAction } from './run-action.js';
import { ActivityLog } from './activity-log.js';
import { SandboxClients, type ConsoleTargets } from './clients.js';
import { parseView, snapshot, type View } from './data.js';
import { actionForms, settingsForms } from './forms.js';
import { html } from './html.js';
import { renderPage, type PanelsHtml } from './page.js';
import {
  alowarePanel,
  healthBadge,
  logPanel,
  operationsPanel,
  salesforcePanel,
  tasksPanel,
} from './views.js';

export interface ConsoleOptions extends ConsoleTargets {
  port?: number;
  host?: string;
  /** Org id of the Salesforce emulator (for the org-default settings row). */
  orgId: string;
}

export interface SandboxConsole {
  url: string;
  stop(): Promise<void>;
}

type Json = Record<string, unknown>;

async function optional<T>(p: Promise<T>): Promise<[T | undefined, string | undefined]> {
  try {
    return [await p, undefined];
  } catch (err) {
    return [undefined, (err as Error).message];
  }
}

async function panels(clients: SandboxClients, log: ActivityLog, view: View, orgId: string) {
  const [snap, [health, healthError], [ops]] = await Promise.all([
    snapshot(clients, view, orgId),
    optional(clients.companionHealth()),
    optional(clients.companion('GET', '/operations') as Promise<{ operations: Json[] }>),
    log.refresh(),
  ]);
  const out: PanelsHtml = {
    health: healthBadge(health, healthError),
    salesforce: salesforcePanel(snap, view),
    tasks: tasksPanel(snap),
    aloware: alowarePanel(snap),
    log: logPanel(log.list()),
    operations: operationsPanel(ops?.operations ?? []),
  };
  return { out, settings: snap.settings };
}

/** Actions change the emulators: only this page may post them (a browser names the page's origin). */
function sameOrigin(req: Request, res: Response, next: express.NextFunction): void {
  const origin = req.get('origin');
  if (origin && origin !== 'null' && new URL(origin).host !== req.get('host')) {
    res.status(403).json({ ok: false, message: 'actions are accepted from the console page only' });
    return;
  }
  next();
}

function createConsoleApp(opts: ConsoleOptions): express.Express {
  const clients = new SandboxClients(opts);
  const log = new ActivityLog(clients);
  const app = express();
  app.disable('x-powered-by');
  app.get('/', async (req: Request, res: Response) => {
    const view = parseView(req.query as Json);
    const { out, settings } = await panels(clients, log, view, opts.orgId);
    const forms = html`${actionForms()}
      <div data-panel="settings">${settingsForms(settings)}</div>`;
    res.type('html').send(renderPage(out, forms, opts, view).value);
  });
  app.get('/fragments', async (req: Request, res: Response) => {
    const { out } = await panels(clients, log, parseView(req.query as Json), opts.orgId);
    res.json(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.value])));
  });
  app.get('/settings-panel', async (_req: Request, res: Response) => {
    const row = (await clients.records('Aloware_Sync_Settings__c')).find(
      (r) => r.SetupOwnerId === opts.orgId,
    );
    res.type('html').send(settingsForms(row).value);
  });
  app.get('/log.json', async (_req: Request, res: Response) => {
    await log.refresh();
    res.json({ entries: log.list(200) });
  });
  app.post(
    '/actions/:name',
    sameOrigin,
    express.urlencoded({ extended: false, limit: '32kb' }),
    async (req: Request, res: Response) => {
      const name = String(req.params.name);
      if (!ACTION_NAMES.includes(name))
        return void res.status(404).json({ ok: false, message: 'unknown action' });
      const result = await runAction(clients, name, req.body as Record<string, string>, opts.orgId);
      if (req.accepts(['json', 'html']) === 'json')
        return void res.status(result.ok ? 200 : 400).json(result);
      res.redirect(303, '/');
    },
  );
  app.use((err: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    res
      .status(502)
      .type('text')
      .send(`The console could not reach a system: ${(err as Error).message}`);
  });
  return app;
}

export async function startConsole(opts: ConsoleOptions): Promise<SandboxConsole> {
  const app = createConsoleApp(opts);
  const host = opts.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(opts.port ?? 0, host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
