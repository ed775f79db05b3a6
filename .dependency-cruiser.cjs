// The companion's layers, checked by `npm run check:deps` (scripts/checks/deps.ts, a stage of `npm test`).
// A folder of companion/src may import its own layer and the layers below it, never one above; no file cycle,
// and no folder cycle (the folder graph is checked by scripts/checks/deps.ts). Tests are not layered.
//
//   1. entry            server.ts, app/ (the composition root)
//   2. HTTP             http/
//   3. features         to-aloware/ to-salesforce/ activity/ salesforce-lifecycle/ pulls/ reconcile/ health/
//   4. shared           links/ (phone lock, stamp, record link)  mapping/ (object context, user table)
//   5. queues           queue/ (infrastructure only: names, connections, workers, the change buffer, failures)
//   6. adapters, state  salesforce/ aloware/ store/
//   7. base             sync/ (pure: imports nothing outside itself) config/ logging/ metrics/
const src = '^companion/src/';
const entry = `${src}(app/|server[.]ts$)`;
const http = `${src}http/`;
const features = `${src}(to-aloware|to-salesforce|activity|salesforce-lifecycle|pulls|reconcile|health)/`;
const shared = `${src}(links|mapping)/`;
const queue = `${src}queue/`;
const adapters = `${src}(salesforce|aloware|store)/`;
const base = `${src}(sync|config|logging|metrics)/`;

/** No folder of `below` (a list of layers) imports one of `layer`. */
const above = (name, layer, below, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: below },
  to: { path: layer },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'a file cycle: the files import each other (directly or through others)',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'sync-is-pure',
      comment: 'the sync core imports nothing of the repo outside companion/src/sync/',
      severity: 'error',
      from: { path: `${src}sync/` },
      to: { path: '^companion/', pathNot: `${src}sync/` },
    },
    above('not-to-entry', entry, `${src}(?!app/|server[.]ts$)`, 'only the entry builds the parts'),
    above('not-to-http', http, `${src}(?!app/|server[.]ts$|http/)`, 'features and below do not know HTTP'),
    above(
      'not-to-features',
      features,
      `(${shared}|${queue}|${adapters}|${base})`,
      'shared parts, queues, adapters and the base do not import a feature',
    ),
    above(
      'not-to-shared',
      shared,
      `(${queue}|${adapters}|${base})`,
      'queues, adapters and the base do not import links/ or mapping/',
    ),
    above('not-to-queue', queue, `(${adapters}|${base})`, 'adapters and the base do not import queue/'),
    above('not-to-adapters', adapters, base, 'the base does not import an adapter or the store'),
  ],
  options: {
    // Type-only imports count: a layer is broken by a type as much as by a value.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '[.](unit|integration)[.]test[.]ts$'] },
  },
};
