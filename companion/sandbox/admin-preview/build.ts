/**
 * Compiles the admin preview: the real LWC panels of `force-app/main/default/lwc` with LWC's open-source compiler
 * (`@lwc/rollup-plugin`, the same 8.x line as the `@lwc/engine-dom` sfdx-lwc-jest runs), the `lightning-*` tags from
 * `lightning-base-components`, synthetic shadow (so the global SLDS stylesheet styles the panels as in Lightning).
 * `@salesforce/apex/<Class>.<method>` imports become calls to the preview's Apex adapter (`client/apex.js`);
 * `lightning/platformShowToastEvent` becomes a toast the preview shell shows. No network: everything is on disk.
 * The bundle is cached under `out/admin-preview/` by a hash of its inputs, so a second start costs nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import lwcModule from '@lwc/rollup-plugin';
import { rollup, type Plugin } from 'rollup';

// A CommonJS module whose module.exports is the plugin function; its types describe an ES default export.
const lwc = lwcModule as unknown as typeof lwcModule.default;

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, '../../..');
const LWC_DIR = join(ROOT, 'force-app/main/default/lwc');
const CLIENT_DIR = join(HERE, 'client');
const OUT_DIR = join(ROOT, 'out/admin-preview');

/** Module ids the platform provides that the preview supplies itself (`client/`). */
const PLATFORM_MODULES: Record<string, string> = {
  '@salesforce/apex': join(CLIENT_DIR, 'apex.js'),
  'lightning/platformShowToastEvent': join(CLIENT_DIR, 'toast.js'),
};
const APEX_PREFIX = '@salesforce/apex/';
const VIRTUAL_APEX = '\0preview-apex:';

function componentNames(): string[] {
  return readdirSync(LWC_DIR).filter((name) => existsSync(join(LWC_DIR, name, `${name}.js`)));
}

/** `@salesforce/apex/Class.method` → a module whose default export calls the adapter. */
function platformModules(): Plugin {
  return {
    name: 'aloware-preview-platform',
    resolveId(id) {
      if (id.startsWith(APEX_PREFIX)) return VIRTUAL_APEX + id.slice(APEX_PREFIX.length);
      return PLATFORM_MODULES[id] ?? null;
    },
    load(id) {
      if (!id.startsWith(VIRTUAL_APEX)) return null;
      const name = id.slice(VIRTUAL_APEX.length);
      if (!/^\w+\.\w+$/.test(name)) throw new Error(`not an Apex method import: ${name}`);
      return `import { apexMethod } from ${JSON.stringify(PLATFORM_MODULES['@salesforce/apex'])};\nexport default apexMethod(${JSON.stringify(name)});\n`;
    },
  };
}

/**
 * The engine's dev-mode checks read `process.env.NODE_ENV` and lightning-base-components read
 * `import.meta.env.SSR`; a browser has neither.
 */
function productionMode(): Plugin {
  return {
    name: 'aloware-preview-production',
    transform(code) {
      if (!code.includes('process.env.NODE_ENV') && !code.includes('import.meta.env.SSR')) return null;
      const out = code
        .replaceAll('process.env.NODE_ENV', '"production"')
        .replaceAll('import.meta.env.SSR', 'false');
      return { code: out, map: null };
    },
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === '__tests__' ? [] : filesUnder(path);
    return [path];
  });
}

/** Hash of everything the bundle is made of: the panels, the client, this file and the compiler versions. */
function inputsHash(): string {
  const hash = createHash('sha256');
  const versions = ['@lwc/rollup-plugin', '@lwc/engine-dom', 'lightning-base-components'].map(
    (p) => JSON.parse(readFileSync(join(ROOT, 'node_modules', p, 'package.json'), 'utf8')).version as string,
  );
  hash.update(versions.join(','));
  for (const file of [
    ...filesUnder(LWC_DIR),
    ...filesUnder(CLIENT_DIR),
    fileURLToPath(import.meta.url),
  ].sort()) {
    hash.update(relative(ROOT, file));
    hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

export interface PreviewBundle {
  /** Directory holding `app.js`. */
  dir: string;
  hash: string;
  /** True when this call compiled it (false: cached). */
  built: boolean;
}

/** Builds the bundle unless `out/admin-preview/<hash>/app.js` already exists. */
export async function buildAdminPreview(opts: { force?: boolean } = {}): Promise<PreviewBundle> {
  const hash = inputsHash();
  const dir = join(OUT_DIR, hash);
  const file = join(dir, 'app.js');
  if (!opts.force && existsSync(file) && statSync(file).size > 0) return { dir, hash, built: false };
  const aliases = componentNames().map((name) => ({
    name: `c/${name}`,
    path: join(LWC_DIR, name, `${name}.js`),
  }));
  const bundle = await rollup({
    input: join(CLIENT_DIR, 'main.js'),
    plugins: [
      platformModules(),
      lwc({
        rootDir: CLIENT_DIR,
        modules: [...aliases, { npm: 'lightning-base-components' }],
        enableDynamicComponents: true,
        enableSyntheticElementInternals: true,
      }),
      productionMode(),
    ],
    onwarn(warning, warn) {
      if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return;
      // lightning-base-components' own templates draw a few compiler warnings; ours must not.
      if ((warning.loc?.file ?? warning.id ?? '').includes('node_modules')) return;
      warn(warning);
    },
  });
  mkdirSync(dir, { recursive: true });
  await bundle.write({ file, format: 'esm', sourcemap: false, inlineDynamicImports: true });
  await bundle.close();
  writeFileSync(join(dir, 'BUILT'), new Date().toISOString());
  for (const old of readdirSync(OUT_DIR))
    if (old !== hash) rmSync(join(OUT_DIR, old), { recursive: true, force: true });
  return { dir, hash, built: true };
}
