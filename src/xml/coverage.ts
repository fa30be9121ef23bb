/**
 * How much of a document lands in typed fields, and what lands in the
 * keep-what-you-don't-know net ($attrs / $children).
 */
import { parseXmlTree, XmlElement, XmlNode } from './tree';

/** Paths (`/domain/devices/disk@foo`, `/domain/devices/bar`) of the content a parsed object keeps untyped. */
export function unknownContent(obj: object, root = ''): { elements: string[]; attributes: string[] } {
  const elements: string[] = [];
  const attributes: string[] = [];
  const kept = (n: XmlNode, p: string): void => {
    if (typeof n === 'string' || !('name' in n)) return;
    const here = p + '/' + n.name;
    elements.push(here);
    for (const a in n.attrs) attributes.push(here + '@' + a);
    for (const c of n.children) kept(c, here);
  };
  const walk = (o: Record<string, unknown>, p: string): void => {
    for (const k of Object.keys(o)) {
      const v = o[k];
      if (k === '$attrs') for (const a of Object.keys(v as object)) attributes.push(p + '@' + a);
      else if (k === '$children') for (const c of v as XmlNode[]) kept(c, p);
      else if (Array.isArray(v)) {
        for (const item of v) if (item !== null && typeof item === 'object') walk(item, p + '/' + k);
      } else if (v !== null && typeof v === 'object') walk(v as Record<string, unknown>, p + '/' + k);
    }
  };
  walk(obj as Record<string, unknown>, root);
  return { elements, attributes };
}

export interface CoverageFigures {
  files: number;
  elementPaths: number;
  elementPathsTyped: number;
  elementPct: number;
  attributePaths: number;
  attributePathsTyped: number;
  attributePct: number;
  /** untyped path -> first file where it was seen */
  untypedElements: Map<string, string>;
  untypedAttributes: Map<string, string>;
}

/**
 * Over a set of documents: the share of distinct element and attribute paths that
 * always land in typed fields.  Paths below `exclude` (e.g. the foreign-namespace
 * content of `<metadata>`) are left out of the count.
 */
export function typedCoverage(
  docs: { file: string; text: string }[],
  parse: (text: string) => object,
  exclude?: RegExp,
): CoverageFigures {
  const allEl = new Set<string>();
  const allAt = new Set<string>();
  const untypedElements = new Map<string, string>();
  const untypedAttributes = new Map<string, string>();
  const collect = (n: XmlElement, p: string): void => {
    allEl.add(p);
    for (const a in n.attrs) allAt.add(p + '@' + a);
    for (const c of n.children) if (typeof c === 'object' && 'name' in c) collect(c, p + '/' + c.name);
  };
  for (const { file, text } of docs) {
    const tree = parseXmlTree(text);
    collect(tree, '/' + tree.name);
    const u = unknownContent(parse(text), '/' + tree.name);
    for (const e of u.elements) if (!untypedElements.has(e)) untypedElements.set(e, file);
    for (const a of u.attributes) if (!untypedAttributes.has(a)) untypedAttributes.set(a, file);
  }
  const count = (all: Set<string>, untyped: Map<string, string>) => {
    const keys = [...all].filter((k) => !(exclude && exclude.test(k)));
    const typed = keys.filter((k) => !untyped.has(k)).length;
    for (const k of [...untyped.keys()]) if (exclude && exclude.test(k)) untyped.delete(k);
    return { total: keys.length, typed, pct: keys.length ? +((100 * typed) / keys.length).toFixed(2) : 100 };
  };
  const el = count(allEl, untypedElements);
  const at = count(allAt, untypedAttributes);
  return {
    files: docs.length,
    elementPaths: el.total,
    elementPathsTyped: el.typed,
    elementPct: el.pct,
    attributePaths: at.total,
    attributePathsTyped: at.typed,
    attributePct: at.pct,
    untypedElements,
    untypedAttributes,
  };
}
