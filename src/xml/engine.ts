/**
 * Descriptor tables and the one generic parse engine and format engine they drive.
 *
 * A descriptor (`element(...)`) lists an element's attributes with their kind, its child
 * elements in the order libvirt writes them (with multiplicity), and its text
 * content; a union (`union(...)`) picks one descriptor by a discriminating attribute.
 * The tables drive parsing and formatting; the TypeScript interfaces of the parsed
 * objects are declared beside them, and test/xml-types.test.ts checks that every
 * interface has exactly the fields, kinds and multiplicities of its descriptor.
 *
 * Object shape: attribute and child-element values live under their XML names
 * (`disk.target.dev`, `devices.disk[0]`); text content under `value` (unless the
 * descriptor says otherwise).  Anything the descriptor does not know is kept in
 * `$attrs` / `$children` and written back; the position of every child in the
 * source is remembered (non-enumerable) so that parse -> format keeps the order.
 */
import { XmlElement, XmlNode, XmlValidationError, escapeAttr, escapeText, checkName, writeNode, setOwn, tooDeep, MAX_DEPTH } from './tree';

export { XmlValidationError } from './tree';

// ---------------------------------------------------------------------------
// value kinds (attribute values and text content)

export interface Kind<T> {
  readonly kind: string;
  /** string -> value, or undefined when the text does not fit (then it is kept raw). */
  parse(raw: string): T | undefined;
  /** value -> text; throws XmlValidationError('', value, reason) when invalid. */
  fmt(v: unknown): string;
  readonly req?: boolean;
  /** XML attribute name when it differs from the property name (only to avoid a clash with a child element). */
  readonly xml?: string;
  /** The allowed (enum) or suggested (hint) values. */
  readonly values?: readonly string[];
  /** phantom */
  readonly _t?: T;
}

const DEC_INT = /^-?(?:0|[1-9][0-9]*)$/;
const DEC_UINT = /^(?:0|[1-9][0-9]*)$/;
const U64_MAX = 18446744073709551615n;

/** Any string. */
export const str: Kind<string> = {
  kind: 'string',
  parse: (r) => r,
  fmt(v) {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v === 'bigint') return v.toString();
    throw new XmlValidationError('', v, 'must be a string');
  },
};

/** A decimal integer within JavaScript's safe range (written as plain decimal digits). */
export const int: Kind<number> = {
  kind: 'int',
  parse(r) {
    if (r.length > 16 || !DEC_INT.test(r)) return undefined;
    const n = Number(r);
    return Number.isSafeInteger(n) ? n : undefined;
  },
  fmt(v) {
    if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
    if (typeof v === 'bigint') return v.toString();
    throw new XmlValidationError('', v, 'must be an integer');
  },
};

/**
 * An unsigned 64-bit quantity (memory sizes, byte counts).  Parsed as `number` when it
 * is a safe integer and as `bigint` above 2^53, so nothing loses precision; both are
 * accepted when formatting.
 */
export const u64: Kind<number | bigint> = {
  kind: 'u64',
  parse(r) {
    if (!DEC_UINT.test(r)) return undefined;
    if (r.length < 16) return Number(r);
    const b = BigInt(r);
    if (b > U64_MAX) return undefined;
    return b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
  },
  fmt(v) {
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
    if (typeof v === 'bigint' && v >= 0n && v <= U64_MAX) return v.toString();
    if (typeof v === 'string' && DEC_UINT.test(v) && BigInt(v) <= U64_MAX) return v;
    throw new XmlValidationError('', v, 'must be a non-negative integer below 2^64 (number or bigint)');
  },
};

/** One of a fixed set of strings. */
export function oneOf<const L extends readonly string[]>(...vals: L): Kind<L[number]> {
  const set = new Set<string>(vals);
  return {
    kind: 'enum',
    values: vals,
    parse: (r) => (set.has(r) ? (r as L[number]) : undefined),
    fmt(v) {
      if (typeof v === 'string' && set.has(v)) return v;
      throw new XmlValidationError('', v, `must be one of ${vals.map((x) => `'${x}'`).join(', ')}`);
    },
  };
}
/**
 * A string with suggested values: any string is accepted and kept (libvirt adds values
 * over time), the listed ones are offered by the type for completion.
 */
export function hint<const L extends readonly string[]>(...vals: L): Kind<L[number] | (string & {})> {
  return { ...str, values: vals } as Kind<L[number] | (string & {})>;
}
/** Units virScaleInteger understands (case-insensitive): b, bytes, k/KB/KiB ... e/EB/EiB. */
export const UNIT_RE = /^(?:b|bytes|[kmgtpe](?:i?b)?)$/i;
export const UNIT_REASON = 'unknown unit (use b, KiB, MiB, GiB, TiB, PiB, EiB or KB, MB ...)';
/** The units libvirt writes and reads for sizes (any unit virScaleInteger understands is accepted). */
export type SizeUnit = 'b' | 'bytes' | 'KiB' | 'KB' | 'MiB' | 'MB' | 'GiB' | 'GB' | 'TiB' | 'TB' | (string & {});
/** A size unit: any text is kept when parsing; an unknown unit is refused when writing. */
export const unit: Kind<SizeUnit> = {
  kind: 'unit',
  parse: (r) => r,
  fmt(v) {
    if (typeof v === 'string' && UNIT_RE.test(v)) return v;
    throw new XmlValidationError('', v, UNIT_REASON);
  },
};
export const yesno = oneOf('yes', 'no');
export const onoff = oneOf('on', 'off');

// ---------------------------------------------------------------------------
// descriptors

/** Kept-but-unknown content, present on every typed element object. */
export interface Extras {
  /** Attributes the model does not know (or whose value did not fit the typed field). */
  $attrs?: Record<string, string>;
  /** Child elements, text or comments the model does not know; written back in their original place. */
  $children?: XmlNode[];
}

interface KidSpec {
  /** XML element name */
  name: string;
  /** property name (same as name unless renamed with `childNamed`) */
  key: string;
  idx: number;
  many: boolean;
  req: boolean;
  leaf?: Kind<unknown>;
  desc?: Desc<unknown> | (() => Desc<unknown>);
}

export class Desc<T> {
  readonly _t?: T;
  /** [XML name, kind, property name] in output order */
  readonly attrs: [string, Kind<unknown>, string][] = [];
  /** by XML name */
  readonly attrMap = new Map<string, [Kind<unknown>, string]>();
  readonly kids: KidSpec[] = [];
  readonly kidMap = new Map<string, KidSpec>();
  text?: Kind<unknown>;
  textKey = 'value';
  union?: { on: string; map: Map<string, Desc<unknown>>; fallback: Desc<unknown>; dflt?: Desc<unknown> };
  readonly req?: boolean;
  /** Built on first format (see `planOf`). */
  plan?: FormatPlan;
}

/**
 * What the formatter needs to write an object by the properties it has rather than by
 * every field its descriptor knows (a typical element sets 3 of its 13): output position
 * of each attribute and child property (attributes first, then children, each in
 * libvirt's order), and the required ones, checked separately.
 */
interface FormatPlan {
  slot: Map<string, number>;
  /** ` name="` of each attribute */
  open: string[];
  reqAttrs: [string, Kind<unknown>, string][];
  reqKids: KidSpec[];
}
function planOf(d: Desc<unknown>): FormatPlan {
  if (d.plan !== undefined) return d.plan;
  const slot = new Map<string, number>();
  d.attrs.forEach((a, j) => slot.set(a[2], j));
  d.kids.forEach((k, j) => slot.set(k.key, d.attrs.length + j));
  const plan = { slot, open: d.attrs.map((a) => ' ' + a[0] + '="'), reqAttrs: d.attrs.filter((a) => a[1].req), reqKids: d.kids.filter((k) => k.req) };
  // a descriptor made with required()/childNamed() shares its parts with the one it wraps
  Object.defineProperty(d, 'plan', { value: plan, enumerable: false, writable: true, configurable: true });
  return plan;
}

export interface Many<X> {
  readonly many: true;
  readonly of: X;
  readonly req?: boolean;
}
/** What a child element can be: a value kind (text-only element), a descriptor, a thunk of one, or a repeated one. */
export type ChildSpec = Kind<any> | Desc<any> | Many<Kind<any> | Desc<any> | (() => Desc<any>)> | (() => Desc<any>);

function names(list: string): string[] {
  return list.split(/\s+/).filter(Boolean);
}
/** `stringAttrs('a b c')`: three string attributes. */
export function stringAttrs(list: string): Record<string, Kind<string>> {
  const o: Record<string, Kind<string>> = {};
  for (const n of names(list)) o[n] = str;
  return o;
}
/** `intAttrs('a b')`: integer attributes. */
export function intAttrs(list: string): Record<string, Kind<number>> {
  const o: Record<string, Kind<number>> = {};
  for (const n of names(list)) o[n] = int;
  return o;
}
/** `stringChildren('a b')`: optional text-only child elements holding strings. */
export const stringChildren = stringAttrs;
/** `intChildren('a b')`: optional text-only child elements holding integers. */
export const intChildren = intAttrs;
/** `flagChildren('a b')`: optional empty flag elements (`<readonly/>`), present as `{}`. */
export function flagChildren(list: string): Record<string, Desc<Extras>> {
  const o: Record<string, Desc<Extras>> = {};
  for (const n of names(list)) o[n] = flag;
  return o;
}

/** Mark an attribute, child or text as required (checked when formatting). */
export function required<X extends Kind<any> | Desc<any> | Many<any>>(x: X): X {
  if (x instanceof Desc) {
    const d = Object.create(x) as Desc<unknown>;
    (d as { req: boolean }).req = true;
    return d as unknown as X;
  }
  return { ...x, req: true };
}
/** A repeated child element (an array). */
export function many<X extends Kind<any> | Desc<any> | (() => Desc<any>)>(of: X): Many<X> {
  return { many: true, of };
}

/** What `element()` is given: the element's attributes, child elements and text content. */
export interface ElementSpec {
  /** attributes by property name, in the order libvirt writes them */
  attrs?: Record<string, Kind<any>>;
  /** child elements by property name, in the order libvirt writes them */
  children?: Record<string, ChildSpec>;
  /** the kind of the text content, if the element has any */
  text?: Kind<any>;
  /** property name of the text content, default `value` */
  textKey?: string;
}

/**
 * The descriptor of one element. `T` is the interface it parses to (declared beside
 * the tables; test/xml-types.test.ts checks that the two agree).
 */
export function element<T = any>(spec: ElementSpec): Desc<T> {
  const d = new Desc<T>();
  fill(d, spec);
  return d;
}

function fill(d: Desc<unknown>, spec: ElementSpec): void {
  for (const [n, k] of Object.entries(spec.attrs ?? {})) addAttr(d, n, k);
  for (const [n, v] of Object.entries(spec.children ?? {})) addChild(d, n, v);
  if (spec.text) {
    d.text = spec.text;
    d.textKey = spec.textKey ?? 'value';
    if (d.attrs.some((a) => a[2] === d.textKey) || d.kidMap.has(d.textKey)) throw new Error(`descriptor: text key ${d.textKey} collides`);
  }
}
function addAttr(d: Desc<unknown>, key: string, k: Kind<unknown>): void {
  const n = k.xml ?? key;
  if (d.kids.some((c) => c.key === key)) throw new Error(`descriptor: attribute ${key} collides with a child element`);
  const entry: [string, Kind<unknown>, string] = [n, k, key];
  if (!d.attrMap.has(n)) d.attrs.push(entry);
  else d.attrs[d.attrs.findIndex((a) => a[0] === n)] = entry;
  d.attrMap.set(n, [k, key]);
}
/** An attribute stored under another property name, e.g. `formatAttr: attrNamed('format', str)`. */
export function attrNamed<T>(xml: string, k: Kind<T>): Kind<T> {
  return { ...k, xml };
}
function addChild(d: Desc<unknown>, n: string, v: ChildSpec): void {
  for (const a of d.attrs) if (a[2] === n) throw new Error(`descriptor: child element ${n} collides with an attribute`);
  for (const k of d.kids) if (k.key === n && k.name !== ((v as { xml?: string }).xml ?? n)) throw new Error(`descriptor: ${n} declared twice`);
  const many = typeof v === 'object' && v !== null && 'many' in v && (v as Many<unknown>).many === true;
  const of = many ? (v as Many<ChildSpec>).of : v;
  const xml = (v as { xml?: string }).xml ?? (of as { xml?: string }).xml ?? n;
  const spec: KidSpec = { name: xml, key: n, idx: 0, many, req: !!(v as { req?: boolean }).req || !!(of as { req?: boolean }).req };
  if (of instanceof Desc || typeof of === 'function') spec.desc = of as Desc<unknown>;
  else spec.leaf = of as Kind<unknown>;
  const old = d.kidMap.get(xml);
  if (old) {
    spec.idx = old.idx;
    d.kids[old.idx] = spec;
  } else {
    spec.idx = d.kids.length;
    d.kids.push(spec);
  }
  d.kidMap.set(xml, spec);
}

/** A child element stored under another property name (only where it would clash with an attribute). */
export function childNamed<X extends Desc<any> | Many<any>>(xml: string, x: X): X {
  if (x instanceof Desc) {
    const d = Object.create(x) as Desc<unknown> & { xml: string };
    d.xml = xml;
    return d as unknown as X;
  }
  return { ...x, xml } as X;
}

/**
 * A union discriminated by attribute `on`.  Each variant is `common` with the
 * variant's attributes and children merged in (a child the variant also declares
 * is replaced in place, so libvirt's element order is kept).  `dflt` names the
 * variant to use when the attribute is absent; an unknown value is parsed with
 * `common` alone and the rest kept as unknown content.
 */
export function union<T = any>(
  on: string,
  common: Desc<unknown>,
  variants: Record<string, Desc<unknown>>,
  dflt?: string,
  /** per variant, children whose order differs from `common`'s (listed in the variant's order) */
  orders?: Record<string, string[]>,
): Desc<T> {
  const mk = (v?: Desc<unknown>): Desc<unknown> => {
    const d = new Desc<unknown>();
    addAttr(d, on, str);
    for (const [, k, n] of common.attrs) addAttr(d, n, k);
    for (const k of common.kids) addChild(d, k.key, childSpecOf(k));
    if (common.text) {
      d.text = common.text;
      d.textKey = common.textKey;
    }
    if (v) {
      for (const [, k, n] of v.attrs) addAttr(d, n, k);
      for (const k of v.kids) addChild(d, k.key, childSpecOf(k));
      if (v.text) {
        d.text = v.text;
        d.textKey = v.textKey;
      }
    }
    return d;
  };
  const u = new Desc<T>();
  const map = new Map<string, Desc<unknown>>();
  for (const [name, v] of Object.entries(variants)) {
    const d = mk(v);
    const order = orders?.[name];
    if (order) reorder(d, order);
    map.set(name, d);
  }
  u.union = { on, map, fallback: mk(), dflt: dflt ? map.get(dflt) : undefined };
  return u;
}
/** Put the children named in `xmlNames` in that order, starting where the first of them is. */
function reorder(d: Desc<unknown>, xmlNames: string[]): void {
  const moved = xmlNames.map((n) => {
    const k = d.kidMap.get(n);
    if (!k) throw new Error(`descriptor: cannot reorder unknown child ${n}`);
    return k;
  });
  const at = Math.min(...moved.map((k) => k.idx));
  const rest = d.kids.filter((k) => !moved.includes(k));
  d.kids.length = 0;
  d.kids.push(...rest.slice(0, at), ...moved, ...rest.slice(at));
  d.kids.forEach((k, n) => (k.idx = n));
}
function childSpecOf(k: KidSpec): ChildSpec {
  const of = (k.desc ?? k.leaf) as ChildSpec;
  let v: ChildSpec = k.many ? many(of as Kind<unknown>) : of;
  if (k.req) v = required(v as Kind<unknown>);
  // a renamed child keeps its descriptor (spreading a Desc would lose its prototype)
  if (k.key !== k.name) v = v instanceof Desc ? childNamed(k.name, v) : ({ ...(v as object), xml: k.name } as ChildSpec);
  return v;
}

/** The empty element (`<readonly/>`): present as `{}`. */
export const flag: Desc<Extras> = element({});

// ---------------------------------------------------------------------------
// parse engine

const ORDER = Symbol('xml.order');
const KEPT = 0; // marker in an order record: "the next item of $children goes here"

function resolve(k: KidSpec): Desc<unknown> {
  let d = k.desc!;
  if (typeof d === 'function') {
    d = d();
    k.desc = d;
  }
  return d;
}

function variantFor(d: Desc<unknown>, value: string | undefined): Desc<unknown> {
  const u = d.union!;
  if (value === undefined) return u.dflt ?? u.fallback;
  return u.map.get(value) ?? u.fallback;
}

function parseTextChild(node: XmlElement, kind: Kind<unknown>): unknown {
  for (const _ in node.attrs) return undefined;
  const ch = node.children;
  if (ch.length === 0) return kind.parse('');
  if (ch.length === 1) return typeof ch[0] === 'string' ? kind.parse(ch[0]) : undefined;
  let t = '';
  for (const c of ch) {
    if (typeof c !== 'string') return undefined;
    t += c;
  }
  return kind.parse(t);
}

/** Typed object from a generic element, by descriptor. */
export function parseElement(node: XmlElement, desc: Desc<unknown>): any {
  const d = desc.union ? variantFor(desc, node.attrs[desc.union.on]) : desc;
  const o: any = {};
  const attrs = node.attrs;
  let xa: Record<string, string> | undefined;
  for (const name in attrs) {
    const raw = attrs[name];
    const a = d.attrMap.get(name);
    const v = a === undefined ? undefined : a[0].parse(raw);
    if (v === undefined) setOwn((xa ??= {}), name, raw);
    else o[a![1]] = v;
  }
  if (xa !== undefined) o.$attrs = xa;
  const ch = node.children;
  const n = ch.length;
  if (n === 0) {
    if (d.text !== undefined) {
      const v = d.text.parse('');
      if (v !== undefined && v !== '') o[d.textKey] = v;
    }
    return o;
  }
  let xc: XmlNode[] | undefined;
  let seq: (string | number)[] | undefined;
  let last = -1;
  let text: string | undefined;
  for (let j = 0; j < n; j++) {
    const c = ch[j];
    if (typeof c === 'string') {
      if (d.text !== undefined) {
        text = text === undefined ? c : text + c;
        continue;
      }
    } else if ('name' in c) {
      const k = d.kidMap.get(c.name);
      if (k !== undefined) {
        const v = k.leaf !== undefined ? parseTextChild(c, k.leaf) : parseElement(c, resolve(k));
        if (v !== undefined) {
          const key = k.key;
          let ok = true;
          if (k.many) {
            const arr = o[key];
            if (arr === undefined) o[key] = [v];
            else arr.push(v);
          } else if (o[key] === undefined) {
            o[key] = v;
          } else ok = false;
          if (ok) {
            if (k.idx < last && seq === undefined) seq = orderRecord(ch, j, d);
            if (seq !== undefined) seq.push(k.name);
            last = k.idx;
            continue;
          }
        }
      }
    }
    // unknown child: keep it in place
    if (seq === undefined) seq = orderRecord(ch, j, d);
    seq.push(KEPT);
    (xc ??= []).push(c);
  }
  if (text !== undefined) {
    const v = d.text!.parse(text);
    if (v === undefined) {
      (xc ??= []).unshift(text);
      if (seq === undefined) seq = orderRecord(ch, n, d);
      seq.unshift(KEPT);
    } else o[d.textKey] = v;
  }
  if (xc !== undefined) o.$children = xc;
  if (seq !== undefined) Object.defineProperty(o, ORDER, { value: seq, enumerable: false, writable: true });
  return o;
}

/** Order record for children [0, upto): only built once the source order departs from the descriptor's. */
function orderRecord(ch: XmlNode[], upto: number, d: Desc<unknown>): (string | number)[] {
  const seq: (string | number)[] = [];
  for (let j = 0; j < upto; j++) {
    const c = ch[j];
    if (typeof c === 'string') {
      if (d.text === undefined) seq.push(KEPT);
    } else if ('name' in c && d.kidMap.has(c.name)) seq.push(c.name);
    else seq.push(KEPT);
  }
  return seq;
}

// ---------------------------------------------------------------------------
// format engine

function withPath(e: unknown, p: string): unknown {
  if (e instanceof XmlValidationError) e.prefix(p);
  return e;
}
function writeKept(c: XmlNode, inner: string, n: number): string {
  try {
    return writeNode(c, inner);
  } catch (e) {
    throw withPath(e, '$children[' + n + ']');
  }
}

/** One child element; `m` is its index in the array of a repeated child, -1 for a single one. */
function formatChild(k: KidSpec, v: unknown, ind: string, m: number): string {
  if (k.leaf !== undefined) {
    let t: string;
    try {
      t = escapeText(k.leaf.fmt(v));
    } catch (e) {
      throw withPath(e, m < 0 ? k.key : k.key + '[' + m + ']');
    }
    return t === '' ? ind + '<' + k.name + '/>\n' : ind + '<' + k.name + '>' + t + '</' + k.name + '>\n';
  }
  try {
    return formatElement(k.name, v, resolve(k), ind);
  } catch (e) {
    throw withPath(e, m < 0 ? k.key : k.key + '[' + m + ']');
  }
}

/** XML text for a typed object, by descriptor, at indentation `ind`. */
export function formatElement(name: string, o: any, desc: Desc<unknown>, ind: string): string {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new XmlValidationError('', o, 'must be an object');
  if (ind.length > 2 * MAX_DEPTH) throw tooDeep(o);
  let d = desc;
  if (desc.union) {
    const dv = o[desc.union.on];
    if (dv !== undefined && typeof dv !== 'string') throw new XmlValidationError(desc.union.on, dv, 'must be a string');
    d = variantFor(desc, dv);
  }
  let s = ind + '<' + name;
  const attrs = d.attrs;
  const kids = d.kids;
  const nAttrs = attrs.length;
  const plan = planOf(d);
  // output positions of the properties the object has, in order
  const at: number[] = [];
  let sorted = true;
  for (const key in o) {
    const j = plan.slot.get(key);
    if (j === undefined) continue;
    if (at.length !== 0 && j < at[at.length - 1]) sorted = false;
    at.push(j);
  }
  if (!sorted) at.sort((x, y) => x - y);
  let i = 0;
  for (; i < at.length && at[i] < nAttrs; i++) {
    const a = attrs[at[i]];
    const v = o[a[2]];
    if (v === undefined) continue;
    let t: string;
    try {
      t = escapeAttr(a[1].fmt(v));
    } catch (e) {
      throw withPath(e, a[2]);
    }
    s += plan.open[at[i]] + t + '"';
  }
  for (const a of plan.reqAttrs) if (o[a[2]] === undefined) throw new XmlValidationError(a[2], undefined, 'is required');
  const xa = o.$attrs;
  if (xa !== undefined) {
    for (const k in xa) {
      const known = d.attrMap.get(k);
      if (known !== undefined && o[known[1]] !== undefined) continue;
      try {
        s += ' ' + checkName(k) + '="' + escapeAttr(String(xa[k])) + '"';
      } catch (e) {
        throw withPath(e, '$attrs');
      }
    }
  }
  let body = '';
  let text = '';
  if (d.text !== undefined) {
    const tv = o[d.textKey];
    if (tv !== undefined) {
      try {
        text = escapeText(d.text.fmt(tv));
      } catch (e) {
        throw withPath(e, d.textKey);
      }
    } else if (d.text.req) throw new XmlValidationError(d.textKey, tv, 'is required');
  }
  const inner = ind + '  ';
  const xc: XmlNode[] | undefined = o.$children;
  const seq: (string | number)[] | undefined = o[ORDER];
  if (seq === undefined) {
    for (; i < at.length; i++) {
      const k = kids[at[i] - nAttrs];
      const v = o[k.key];
      if (v === undefined) continue;
      if (k.many) {
        if (!Array.isArray(v)) throw new XmlValidationError(k.key, v, 'must be an array');
        for (let m = 0; m < v.length; m++) body += formatChild(k, v[m], inner, m);
      } else body += formatChild(k, v, inner, -1);
    }
    for (const k of plan.reqKids) if (o[k.key] === undefined) throw new XmlValidationError(k.key, undefined, 'is required');
    if (xc !== undefined) for (let m = 0; m < xc.length; m++) body += writeKept(xc[m], inner, m);
  } else {
    body = formatInOrder(o, d, seq, xc, inner);
  }
  if (body === '') return text === '' ? s + '/>\n' : s + '>' + text + '</' + name + '>\n';
  return s + '>' + text + '\n' + body + ind + '</' + name + '>\n';
}

function formatInOrder(o: any, d: Desc<unknown>, seq: (string | number)[], xc: XmlNode[] | undefined, inner: string): string {
  let body = '';
  const used = new Map<string, number>();
  let xi = 0;
  // last position of each key in the record, so extra items added after parsing follow their siblings
  const lastAt = new Map<string, number>();
  for (let j = 0; j < seq.length; j++) if (seq[j] !== KEPT) lastAt.set(seq[j] as string, j);
  for (let j = 0; j < seq.length; j++) {
    const e = seq[j];
    if (e === KEPT) {
      if (xc !== undefined && xi < xc.length) body += writeKept(xc[xi], inner, xi++);
      continue;
    }
    const k = d.kidMap.get(e as string);
    if (k === undefined) continue;
    const v = o[k.key];
    if (v === undefined) continue;
    if (k.many) {
      if (!Array.isArray(v)) throw new XmlValidationError(k.key, v, 'must be an array');
      let m = used.get(k.name) ?? 0;
      const stop = lastAt.get(k.name) === j ? v.length : Math.min(m + 1, v.length);
      for (; m < stop; m++) body += formatChild(k, v[m], inner, m);
      used.set(k.name, m);
    } else if (!used.has(k.name)) {
      body += formatChild(k, v, inner, -1);
      used.set(k.name, 1);
    }
  }
  for (const k of d.kids) {
    if (used.has(k.name)) continue;
    const v = o[k.key];
    if (v === undefined) {
      if (k.req) throw new XmlValidationError(k.key, v, 'is required');
      continue;
    }
    if (k.many) {
      if (!Array.isArray(v)) throw new XmlValidationError(k.key, v, 'must be an array');
      for (let m = 0; m < v.length; m++) body += formatChild(k, v[m], inner, m);
    } else body += formatChild(k, v, inner, -1);
  }
  if (xc !== undefined) for (; xi < xc.length; xi++) body += writeKept(xc[xi], inner, xi);
  return body;
}

/** Whole document for a typed root object. */
export function formatRoot(name: string, o: unknown, desc: Desc<unknown>): string {
  return formatElement(name, o, desc, '');
}
