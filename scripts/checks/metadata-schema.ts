// Metadata schema check: every -meta.xml under a directory (default force-app) against the Metadata API's type
// definitions (@salesforce/types' metadata typings, generated from the Metadata WSDL; scripts/lib/metadata-types.ts).
// Usage: npm run check:metadata-schema [-- <dir>]
//
// For each file: the root element must be a Metadata API type (CustomObject, CustomField, CustomApplication,
// FlexiPage, PermissionSet, NamedCredential, ExternalCredential, CustomTab, StaticResource,
// LightningComponentBundle, ApexClass, ApexTrigger …) in the metadata namespace; then, recursively, every element
// must be one of its type's elements (else `file:line` and the type's valid element names), a non-repeated element
// must not repeat, every required element (the WSDL's minOccurs="1") must be there, and every value must fit its
// type: an enumeration's values (else the valid values), true/false, a number, text, or child elements.
// Element order is not checked: the typings (like the WSDL's generated bindings) do not carry it reliably and the
// Metadata API accepts source-format order.
// Names: the package has no namespace, so every component it ships (class, trigger, LWC, object, field of a
// standard object, tab, permission set, static resource …) must carry the Aloware prefix or it could overwrite an
// org's own component of the same name; a field of the package's own (prefixed) object is prefixed by it.
// One case per file.
import { readFileSync } from 'node:fs';
import { isMain, runCheckCli, type CheckCase, type CheckReport } from '../lib/check-report.js';
import { displayPath, listFiles } from '../lib/files.js';
import { isPrimitive, loadMetadataTypes, type MetadataTypes } from '../lib/metadata-types.js';

const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';
/**
 * Elements the typings declare as text but the source format writes as XML: LightningComponentBundle.targetConfigs
 * is a string (base64 of the XML) in the WSDL; in source it is the XML itself.
 */
const XML_AS_TEXT = new Set(['LightningComponentBundle.targetConfigs']);

export interface XmlElement {
  name: string;
  line: number;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const decode = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');

/** A small XML reader for metadata files (well-formedness is the metadata stage's job): elements with lines. */
export function parseXml(text: string): XmlElement {
  const token =
    /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<\/([^\s>]+)\s*>|<([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  const root: XmlElement = { name: '#document', line: 1, attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  let line = 1;
  let m: RegExpExecArray | null;
  while ((m = token.exec(text))) {
    const [whole, cdata, close, open, attrs, selfClose, chars] = m;
    const top = stack[stack.length - 1] as XmlElement;
    if (open !== undefined) {
      const attributes: Record<string, string> = {};
      for (const a of (attrs ?? '').matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        attributes[a[1] as string] = decode(a[2] ?? a[3] ?? '');
      }
      const el: XmlElement = { name: open, line, attributes, children: [], text: '' };
      top.children.push(el);
      if (!selfClose) stack.push(el);
    } else if (close !== undefined) {
      if (top.name !== close) throw new Error(`line ${line}: </${close}> closes <${top.name}>`);
      stack.pop();
    } else if (cdata !== undefined) top.text += cdata;
    else if (chars !== undefined) top.text += decode(chars);
    line += (whole.match(/\n/g) ?? []).length;
  }
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1]?.name}> is not closed`);
  const docRoot = root.children[0];
  if (!docRoot || root.children.length !== 1) throw new Error('expected exactly one root element');
  return docRoot;
}

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);
const list = (names: Iterable<string>): string => [...names].sort().join(', ');

function checkValue(
  el: XmlElement,
  type: string,
  owner: string,
  where: string,
  out: string[],
  types: MetadataTypes,
): void {
  const text = el.text.trim();
  const enumValues = types.enums.get(type);
  if (isPrimitive(type) || enumValues) {
    if (el.children.length && !XML_AS_TEXT.has(`${owner}.${el.name}`)) {
      out.push(`${where} <${el.name}> holds a ${type} value, not elements <${el.children[0]?.name}>`);
      return;
    }
    if (enumValues && !enumValues.includes(text)) {
      out.push(
        `${where} '${text}' is not a valid ${type} for <${el.name}>; valid values: ${enumValues.join(', ')}`,
      );
    } else if (type === 'boolean' && text !== 'true' && text !== 'false') {
      out.push(`${where} <${el.name}> must be true or false, got '${text}'`);
    } else if (type === 'number' && !/^-?\d+(\.\d+)?$/.test(text)) {
      out.push(`${where} <${el.name}> must be a number, got '${text}'`);
    }
    return;
  }
  if (!types.complex.has(type)) return; // a type the typings name but do not define: nothing to check against
  if (text && el.children.length === 0) {
    out.push(`${where} <${el.name}> must hold ${type} elements, not text '${text.slice(0, 40)}'`);
    return;
  }
  checkElement(el, type, where.replace(/:\d+$/, ''), out, types);
}

function checkElement(el: XmlElement, type: string, file: string, out: string[], types: MetadataTypes): void {
  const elements = types.complex.get(type) ?? new Map();
  const seen = new Map<string, number>();
  for (const child of el.children) {
    const where = `${file}:${child.line}`;
    const name = localName(child.name);
    const def = elements.get(name);
    if (!def) {
      out.push(`${where} <${name}> is not a ${type} element; valid elements: ${list(elements.keys())}`);
      continue;
    }
    seen.set(name, (seen.get(name) ?? 0) + 1);
    if (!def.array && seen.get(name) === 2) out.push(`${where} <${name}> may appear only once in ${type}`);
    checkValue({ ...child, name }, def.type, type, where, out, types);
  }
  for (const def of elements.values()) {
    if (def.required && !seen.has(def.name)) {
      out.push(`${file}:${el.line} ${type} <${el.name}> is missing required element <${def.name}>`);
    }
  }
}

/** The component a -meta.xml stands for when its name lacks the Aloware prefix, else undefined. */
export function unprefixedComponent(file: string): string | undefined {
  const parts = file.split(/[\\/]/);
  const base = parts[parts.length - 1] ?? '';
  const parent = parts[parts.length - 2] ?? '';
  const lwc = parts[parts.length - 3] === 'lwc' || parts[parts.length - 3] === 'aura';
  const name = lwc ? parent : base.replace(/\.[^.]+-meta\.xml$/, '').replace(/-meta\.xml$/, '');
  if (
    parent === 'fields' ||
    parent === 'recordTypes' ||
    parent === 'listViews' ||
    parent === 'validationRules'
  ) {
    const object = parts[parts.length - 3] ?? '';
    if (/^Aloware/i.test(object) && /__(c|e|mdt)$/.test(object)) return undefined;
  }
  return /^aloware/i.test(name) ? undefined : name;
}

/** Problems of one metadata file, each starting with file:line. */
export function checkMetadataFile(file: string, types: MetadataTypes): string[] {
  const shown = displayPath(file);
  let root: XmlElement;
  try {
    root = parseXml(readFileSync(file, 'utf8'));
  } catch (err) {
    return [`${shown}: cannot read the XML: ${err instanceof Error ? err.message : String(err)}`];
  }
  const type = localName(root.name);
  if (!types.metadataTypes.has(type)) return [`${shown}:${root.line} <${type}> is not a Metadata API type`];
  const out: string[] = [];
  if (root.attributes.xmlns !== METADATA_NS) {
    out.push(`${shown}:${root.line} <${type}> must declare xmlns="${METADATA_NS}"`);
  }
  checkElement(root, type, shown, out, types);
  const unprefixed = unprefixedComponent(file);
  if (unprefixed) {
    out.push(
      `${shown}:${root.line} ${type} ${unprefixed} has no Aloware prefix (it could collide with the org's own)`,
    );
  }
  return out;
}

export async function checkMetadataSchema(dir = 'force-app'): Promise<CheckReport> {
  const check = 'metadata schema (Metadata API types)';
  const files = listFiles(dir, (p) => p.endsWith('-meta.xml'));
  if (files.length === 0)
    return Promise.resolve({ check, cases: [], warnings: [], skipped: 'no metadata files yet' });
  const types = loadMetadataTypes();
  const cases: CheckCase[] = files.map((file) => {
    const problems = checkMetadataFile(file, types);
    return {
      name: displayPath(file),
      ok: problems.length === 0,
      message: problems.join('\n    ') || undefined,
    };
  });
  return { check, cases, warnings: [] };
}

if (isMain(import.meta.url)) await runCheckCli(checkMetadataSchema);
