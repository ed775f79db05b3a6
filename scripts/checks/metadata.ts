// Metadata validation of an SFDX source directory (default force-app), offline.
// Usage: npm run check:metadata [-- <dir>]
// Counting — one case per check:
//   * one per .xml file (every *-meta.xml and any other .xml): well-formed per fast-xml-parser's XMLValidator,
//     failures name file:line:col;
//   * one per .cls/.trigger: its -meta.xml exists (SDR silently drops an orphan), and one per orphan
//     .cls-meta.xml/.trigger-meta.xml without its source;
//   * one for the source-deploy-retrieve conversion to Metadata API format (ComponentSet.fromSource +
//     MetadataConverter into a temp dir; API version set explicitly from sfdx-project.json so SDR makes no
//     network lookup);
//   * one for the component count: every component in the generated package.xml is backed by exactly one
//     *-meta.xml file (an extra folder SDR takes for a component, or a meta file it does not recognise, fails).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  ComponentSet,
  ForceIgnore,
  MetadataConverter,
  type SourceComponent,
} from '@salesforce/source-deploy-retrieve';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isMain, runCheckCli, type CheckCase, type CheckReport } from '../lib/check-report.js';
import { displayPath, isApexSource, listFiles } from '../lib/files.js';
import { sourceApiVersion } from '../lib/sfdx-project.js';

export function checkXmlFile(file: string): CheckCase {
  const name = displayPath(file);
  const result = XMLValidator.validate(readFileSync(file, 'utf8'));
  if (result === true) return { name, ok: true };
  const { line, col, msg } = result.err;
  return { name, ok: false, message: `${displayPath(file)}:${line}:${col}: ${msg}` };
}

export function checkApexMetaPairs(dir: string): CheckCase[] {
  const cases: CheckCase[] = [];
  for (const src of listFiles(dir, isApexSource)) {
    const ok = existsSync(`${src}-meta.xml`);
    const message = ok ? undefined : `${displayPath(src)} has no ${displayPath(src)}-meta.xml`;
    cases.push({ name: `meta file for ${displayPath(src)}`, ok, message });
  }
  const orphans = listFiles(dir, (p) => /\.(cls|trigger)-meta\.xml$/.test(p));
  for (const meta of orphans.filter((m) => !existsSync(m.slice(0, -'-meta.xml'.length)))) {
    cases.push({
      name: `source for ${displayPath(meta)}`,
      ok: false,
      message: `${displayPath(meta)} has no source file`,
    });
  }
  return cases;
}

function allComponents(cs: ComponentSet): SourceComponent[] {
  return cs
    .getSourceComponents()
    .toArray()
    .flatMap((c) => [c, ...c.getChildren()]);
}

function packageMemberCount(packageXml: string): number {
  const parser = new XMLParser({ isArray: (name) => name === 'types' || name === 'members' });
  const doc = parser.parse(readFileSync(packageXml, 'utf8')) as {
    Package?: { types?: { members?: unknown[] }[] };
  };
  return (doc.Package?.types ?? []).reduce((n, t) => n + (t.members?.length ?? 0), 0);
}

/** Discrepancies between the meta files on disk and the components SDR resolved. */
function countProblems(dir: string, components: SourceComponent[], members: number): string[] {
  const ignore = ForceIgnore.findAndCreate(resolve(dir));
  const metaFiles = listFiles(dir, (p) => p.endsWith('-meta.xml') && ignore.accepts(p)).map((p) =>
    resolve(p),
  );
  const backed = new Set(components.flatMap((c) => (c.xml ? [resolve(c.xml)] : [])));
  const problems: string[] = [];
  for (const c of components.filter((x) => !x.xml)) {
    problems.push(`${c.type.name} ${c.fullName} (${displayPath(c.content ?? '?')}) has no -meta.xml`);
  }
  for (const m of metaFiles.filter((f) => !backed.has(f))) {
    problems.push(`${displayPath(m)} is not recognised as a metadata component`);
  }
  if (members !== metaFiles.length) {
    problems.unshift(
      `package.xml lists ${members} components, source has ${metaFiles.length} -meta.xml files`,
    );
  }
  return problems;
}

async function checkConversion(dir: string): Promise<CheckCase[]> {
  const out = mkdtempSync(join(tmpdir(), 'aloware-mdapi-'));
  try {
    const version = sourceApiVersion(dir);
    const cs = ComponentSet.fromSource(resolve(dir));
    cs.sourceApiVersion = version;
    cs.apiVersion = version;
    const convert = { type: 'directory' as const, outputDirectory: out, genUniqueDir: false };
    await new MetadataConverter().convert(cs, 'metadata', convert);
    const components = allComponents(cs);
    const members = packageMemberCount(join(out, 'package.xml'));
    const problems = countProblems(dir, components, members);
    return [
      { name: `SDR conversion to Metadata API format (API ${version})`, ok: true },
      {
        name: `component count (${members})`,
        ok: problems.length === 0,
        message: problems.join('; ') || undefined,
      },
    ];
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return [{ name: 'SDR conversion to Metadata API format', ok: false, message }];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export async function checkMetadata(dir = 'force-app'): Promise<CheckReport> {
  const check = 'metadata validation';
  const xmlFiles = listFiles(dir, (p) => p.endsWith('.xml'));
  if (xmlFiles.length === 0 && listFiles(dir, isApexSource).length === 0) {
    return { check, cases: [], warnings: [], skipped: `no metadata in ${dir} yet` };
  }
  const cases = [...xmlFiles.map(checkXmlFile), ...checkApexMetaPairs(dir), ...(await checkConversion(dir))];
  return { check, cases, warnings: [] };
}

if (isMain(import.meta.url)) await runCheckCli(checkMetadata);
