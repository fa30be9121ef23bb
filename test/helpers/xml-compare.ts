/**
 * Semantic comparison of two XML documents through an independent parser
 * (fast-xml-parser): same elements in the same order, same attributes and values,
 * same text. Whitespace-only text, leading/trailing whitespace of text runs,
 * attribute order and comments are aside.
 */
import { XMLParser } from 'fast-xml-parser';

const ref = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

export interface Canon {
  name: string;
  attrs: [string, string][];
  children: (Canon | string)[];
}

type FxpNode = Record<string, unknown> & { ':@'?: Record<string, string> };
function canon(nodes: FxpNode[]): (Canon | string)[] {
  const out: (Canon | string)[] = [];
  for (const n of nodes) {
    const name = Object.keys(n).find((k) => k !== ':@')!;
    if (name === '#text') {
      const t = String(n[name]).trim();
      if (t !== '') out.push(t);
      continue;
    }
    const attrs = Object.entries(n[':@'] ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    out.push({ name, attrs, children: canon(n[name] as FxpNode[]) });
  }
  return out;
}
export function canonDoc(text: string): Canon {
  const top = canon(ref.parse(text) as FxpNode[]).filter((c): c is Canon => typeof c !== 'string');
  expect(top).toHaveLength(1);
  return top[0];
}

/** First difference between two canonical trees, as a readable path, or null. */
export function firstDiff(a: Canon | string, b: Canon | string, at: string): string | null {
  if (typeof a === 'string' || typeof b === 'string') {
    return a === b ? null : `${at}: text ${JSON.stringify(a)} became ${JSON.stringify(b)}`;
  }
  if (a.name !== b.name) return `${at}: element <${a.name}> became <${b.name}>`;
  const here = `${at}/${a.name}`;
  if (JSON.stringify(a.attrs) !== JSON.stringify(b.attrs)) {
    return `${here}: attributes ${JSON.stringify(a.attrs)} became ${JSON.stringify(b.attrs)}`;
  }
  const n = Math.max(a.children.length, b.children.length);
  for (let i = 0; i < n; i++) {
    if (i >= a.children.length) return `${here}: extra child ${JSON.stringify(b.children[i]).slice(0, 80)}`;
    if (i >= b.children.length) return `${here}: lost child ${JSON.stringify(a.children[i]).slice(0, 80)}`;
    const d = firstDiff(a.children[i], b.children[i], `${here}[${i}]`);
    if (d) return d;
  }
  return null;
}

