// The Metadata API's type definitions, read from @salesforce/types' lib/metadata.d.ts (generated from the Metadata
// WSDL): every complex type with its elements (name, value type, repeated or not, required or not) and every
// enumeration with its values. Read with the TypeScript compiler API; no network.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ts from 'typescript';

interface MetadataElement {
  name: string;
  /** 'string' | 'boolean' | 'number', an enumeration's name or a complex type's name. */
  type: string;
  array: boolean;
  /** Not optional and not repeated in the typings: the WSDL's minOccurs="1". */
  required: boolean;
}

export interface MetadataTypes {
  /** Complex types: element name → element, the base types' elements included. */
  complex: Map<string, Map<string, MetadataElement>>;
  /** Enumerations: name → valid values. */
  enums: Map<string, string[]>;
  /** Types whose chain of bases reaches `Metadata` (the ones a -meta.xml file can be). */
  metadataTypes: Set<string>;
}

function metadataTypingsPath(): string {
  // The package exports only ./metadata (lib/metadata.js); the typings sit beside it.
  return createRequire(import.meta.url)
    .resolve('@salesforce/types/metadata')
    .replace(/\.js$/, '.d.ts');
}

const PRIMITIVES = new Set(['string', 'boolean', 'number']);

function elementsOf(node: ts.TypeLiteralNode, source: ts.SourceFile): MetadataElement[] {
  const out: MetadataElement[] = [];
  for (const m of node.members) {
    if (!ts.isPropertySignature(m) || !m.type) continue;
    const name = m.name.getText(source);
    let typeNode = m.type;
    const array = ts.isArrayTypeNode(typeNode);
    if (ts.isArrayTypeNode(typeNode)) typeNode = typeNode.elementType;
    out.push({ name, type: typeNode.getText(source), array, required: !m.questionToken && !array });
  }
  return out;
}

export function loadMetadataTypes(file = metadataTypingsPath()): MetadataTypes {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const own = new Map<string, { bases: string[]; elements: MetadataElement[] }>();
  const enums = new Map<string, string[]>();
  const stringAliases = new Set<string>();
  for (const st of source.statements) {
    if (!ts.isTypeAliasDeclaration(st)) continue;
    const name = st.name.text;
    const t = st.type;
    if (
      ts.isUnionTypeNode(t) &&
      t.types.every((u) => ts.isLiteralTypeNode(u) && ts.isStringLiteral(u.literal))
    ) {
      enums.set(
        name,
        t.types.map((u) => ((u as ts.LiteralTypeNode).literal as ts.StringLiteral).text),
      );
    } else if (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal)) {
      enums.set(name, [t.literal.text]);
    } else if (t.kind === ts.SyntaxKind.StringKeyword) {
      stringAliases.add(name);
    } else if (ts.isTypeLiteralNode(t)) {
      own.set(name, { bases: [], elements: elementsOf(t, source) });
    } else if (ts.isIntersectionTypeNode(t)) {
      const bases = t.types.filter(ts.isTypeReferenceNode).map((r) => r.typeName.getText(source));
      const elements = t.types.filter(ts.isTypeLiteralNode).flatMap((l) => elementsOf(l, source));
      own.set(name, { bases, elements });
    } else if (ts.isTypeReferenceNode(t)) {
      own.set(name, { bases: [t.typeName.getText(source)], elements: [] });
    }
  }
  const complex = new Map<string, Map<string, MetadataElement>>();
  const metadataTypes = new Set<string>();
  const resolveType = (name: string, seen: Set<string>): Map<string, MetadataElement> => {
    const done = complex.get(name);
    if (done) return done;
    const def = own.get(name);
    const elements = new Map<string, MetadataElement>();
    if (!def || seen.has(name)) return elements;
    seen.add(name);
    for (const base of def.bases) {
      for (const [k, v] of resolveType(base, seen)) elements.set(k, v);
      if (base === 'Metadata' || metadataTypes.has(base)) metadataTypes.add(name);
    }
    for (const e of def.elements) {
      const type = stringAliases.has(e.type) ? 'string' : e.type;
      elements.set(e.name, { ...e, type });
    }
    complex.set(name, elements);
    return elements;
  };
  for (const name of own.keys()) resolveType(name, new Set());
  return { complex, enums, metadataTypes };
}

export const isPrimitive = (type: string): boolean => PRIMITIVES.has(type);
