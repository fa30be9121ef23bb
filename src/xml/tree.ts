/**
 * A small strict XML reader and writer for the generic element tree.
 *
 * Why not fast-xml-parser's parser on the hot path: over libvirt's 1,312 domain
 * test files fast-xml-parser (preserveOrder) takes ~80 ms to parse and its
 * validator another ~46 ms, i.e. more than the whole round-trip budget (~115 ms)
 * before any typing or formatting happens.  This reader does both jobs (building
 * the tree and rejecting malformed input with line/column) in one pass.
 */
import { clip } from '../describe';

/** An element kept as-is (unknown to the typed model, or foreign XML such as metadata). */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
/** A comment kept in place. */
export interface XmlComment {
  comment: string;
}
/** Child node: an element, a text run (string) or a comment. */
export type XmlNode = XmlElement | string | XmlComment;

/** Thrown by every parse function for input that is not well-formed XML. */
export class XmlError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(`${message} at line ${line}, column ${column}`);
    this.name = 'XmlError';
    this.line = line;
    this.column = column;
  }
}

function fail(text: string, pos: number, message: string): never {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  throw new XmlError(message, line, pos - lineStart + 1);
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Deepest nesting accepted below the root element: libxml2's xmlParserMaxDepth (256),
 * which libvirt's parser (virXMLParseHelper, without XML_PARSE_HUGE) keeps.
 */
export const MAX_DEPTH = 256;

// Characters XML 1.0 does not allow anywhere in a document (production [2] Char): the
// C0 controls but tab, newline and carriage return, U+FFFE, U+FFFF and lone surrogates
// (in a `u` regex a well-formed surrogate pair is one code point, so it does not match).
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]/u;

function isXmlChar(cp: number): boolean {
  return cp >= 0x20 ? cp < 0xd800 || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff) : cp === 9 || cp === 10 || cp === 13;
}

function describeChar(c: string): string {
  const cp = c.codePointAt(0)!;
  const hex = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  return cp >= 0xd800 && cp <= 0xdfff ? `lone UTF-16 surrogate ${hex}` : `character ${hex}`;
}

function decode(text: string, s: string, base: number): string {
  let out = '';
  let last = 0;
  let i = s.indexOf('&');
  while (i !== -1) {
    const end = s.indexOf(';', i);
    if (end === -1) fail(text, base + i, "unterminated entity reference ('&' must be written &amp;)");
    const ref = s.slice(i + 1, end);
    let rep: string | undefined;
    if (ref.charCodeAt(0) === 35 /* # */) {
      const hex = ref.charCodeAt(1) === 120; /* x */
      const digits = ref.slice(hex ? 2 : 1);
      const ok = hex ? /^[0-9a-fA-F]+$/.test(digits) : /^[0-9]+$/.test(digits);
      const cp = ok ? parseInt(digits, hex ? 16 : 10) : NaN;
      if (!ok || !isXmlChar(cp)) fail(text, base + i, `invalid character reference '&${ref};' (not a character XML allows)`);
      rep = String.fromCodePoint(cp);
    } else {
      rep = ENTITIES[ref];
      if (rep === undefined) fail(text, base + i, `undefined entity '&${ref};'`);
    }
    out += s.slice(last, i) + rep;
    last = end + 1;
    i = s.indexOf('&', last);
  }
  return out + s.slice(last);
}

/**
 * `o[k] = v` that also works for k = '__proto__' (plain assignment would call the
 * prototype setter instead of making a property).
 */
export function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || c > 127;
}
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;
}
function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}
const ATTR_WS = /[\t\r\n]/g;
const ATTR_WS_TEST = /[\t\r\n]/;

/** Parse a document into its root element. Whitespace-only text is dropped. */
export function parseXmlTree(text: string): XmlElement {
  if (typeof text !== 'string') throw new TypeError('XML input must be a string');
  const len = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const bad = NOT_XML_CHAR.exec(text);
  if (bad !== null) fail(text, bad.index, `${describeChar(bad[0])} is not allowed in XML`);
  let root: XmlElement | null = null;
  const stack: XmlElement[] = [];
  let cur: XmlElement | null = null;

  while (pos < len) {
    const lt = text.indexOf('<', pos);
    const textEnd = lt === -1 ? len : lt;
    // text between tags, usually only indentation: looked at in place, kept if it is more
    let q = pos;
    while (q < textEnd && isSpace(text.charCodeAt(q))) q++;
    if (q < textEnd) {
      if (cur === null) fail(text, pos, 'text outside the root element');
      const raw = text.slice(pos, textEnd);
      if (raw.indexOf(']]>') !== -1) fail(text, pos + raw.indexOf(']]>'), "']]>' not allowed in text");
      cur.children.push(raw.indexOf('&') === -1 ? raw : decode(text, raw, pos));
    }
    if (lt === -1) break;
    pos = lt + 1;
    const c = text.charCodeAt(pos);
    if (c === 47 /* / */) {
      // end tag
      let p = pos + 1;
      while (p < len && isNameChar(text.charCodeAt(p))) p++;
      const name = text.slice(pos + 1, p);
      while (p < len && isSpace(text.charCodeAt(p))) p++;
      if (text.charCodeAt(p) !== 62) fail(text, p, `malformed end tag </${name}`);
      if (cur === null) fail(text, lt, `unexpected end tag </${name}>`);
      if (cur.name !== name) fail(text, lt, `end tag </${name}> does not match <${cur.name}>`);
      stack.pop();
      cur = stack.length ? stack[stack.length - 1] : null;
      pos = p + 1;
    } else if (c === 33 /* ! */) {
      if (text.startsWith('!--', pos)) {
        const end = text.indexOf('-->', pos + 3);
        if (end === -1) fail(text, lt, 'unterminated comment');
        const body = text.slice(pos + 3, end);
        if (body.indexOf('--') !== -1) fail(text, lt, "'--' not allowed inside a comment");
        if (cur !== null) cur.children.push({ comment: body });
        pos = end + 3;
      } else if (text.startsWith('![CDATA[', pos)) {
        if (cur === null) fail(text, lt, 'CDATA outside the root element');
        const end = text.indexOf(']]>', pos + 8);
        if (end === -1) fail(text, lt, 'unterminated CDATA section');
        const body = text.slice(pos + 8, end);
        if (body.length) cur.children.push(body);
        pos = end + 3;
      } else if (text.startsWith('!DOCTYPE', pos)) {
        fail(text, lt, 'DOCTYPE declarations are not supported');
      } else {
        fail(text, lt, "unexpected '<!'");
      }
    } else if (c === 63 /* ? */) {
      const end = text.indexOf('?>', pos + 1);
      if (end === -1) fail(text, lt, 'unterminated processing instruction');
      pos = end + 2;
    } else {
      // start tag
      if (!isNameStart(c)) fail(text, pos, "invalid character after '<'");
      if (stack.length > MAX_DEPTH) fail(text, lt, `elements nested more than ${MAX_DEPTH} levels below the root (libvirt refuses such documents)`);
      let p = pos + 1;
      while (p < len && isNameChar(text.charCodeAt(p))) p++;
      const el: XmlElement = { name: text.slice(pos, p), attrs: {}, children: [] };
      let selfClose = false;
      for (;;) {
        const before = p;
        while (p < len && isSpace(text.charCodeAt(p))) p++;
        if (p >= len) fail(text, lt, `unterminated start tag <${el.name}`);
        const ch = text.charCodeAt(p);
        if (ch === 62 /* > */) {
          p++;
          break;
        }
        if (ch === 47 /* / */) {
          if (text.charCodeAt(p + 1) !== 62) fail(text, p, "expected '>' after '/'");
          selfClose = true;
          p += 2;
          break;
        }
        if (p === before || !isNameStart(ch)) fail(text, p, `malformed attribute in <${el.name}>`);
        const ns = p;
        while (p < len && isNameChar(text.charCodeAt(p))) p++;
        const an = text.slice(ns, p);
        while (isSpace(text.charCodeAt(p))) p++;
        if (text.charCodeAt(p) !== 61 /* = */) fail(text, p, `expected '=' after attribute ${an}`);
        p++;
        while (isSpace(text.charCodeAt(p))) p++;
        const q = text.charCodeAt(p);
        if (q !== 34 && q !== 39) fail(text, p, `attribute ${an} value must be quoted`);
        const vend = text.indexOf(q === 34 ? '"' : "'", p + 1);
        if (vend === -1) fail(text, p, `unterminated value of attribute ${an}`);
        let v = text.slice(p + 1, vend);
        const ltIn = v.indexOf('<');
        if (ltIn !== -1) fail(text, p + 1 + ltIn, `'<' not allowed in value of attribute ${an}`);
        if (v.indexOf('&') !== -1) {
          // normalise literal whitespace before decoding so &#10; survives
          v = decode(text, v.replace(ATTR_WS, ' '), p + 1);
        } else if (ATTR_WS_TEST.test(v)) {
          v = v.replace(ATTR_WS, ' ');
        }
        if (Object.prototype.hasOwnProperty.call(el.attrs, an)) fail(text, ns, `duplicate attribute ${an}`);
        setOwn(el.attrs, an, v);
        p = vend + 1;
      }
      if (cur === null) {
        if (root !== null) fail(text, lt, 'more than one root element');
        root = el;
      } else {
        cur.children.push(el);
      }
      if (!selfClose) {
        stack.push(el);
        cur = el;
      }
      pos = p;
    }
  }
  if (cur !== null) fail(text, len, `missing end tag </${cur.name}>`);
  if (root === null) fail(text, len, 'no root element');
  return root;
}

// ---------------------------------------------------------------------------
// errors (validation)

/** Thrown by the format functions when a value would be rejected or misread by libvirt. */
export class XmlValidationError extends Error {
  /** Dotted path of the offending field, e.g. `devices.interface[0].mac.address`. */
  field: string;
  readonly value: unknown;
  readonly reason: string;
  constructor(field: string, value: unknown, reason: string) {
    super('');
    this.name = 'XmlValidationError';
    this.field = field;
    this.value = value;
    this.reason = reason;
    this.message = XmlValidationError.text(field, value, reason);
  }
  static text(field: string, value: unknown, reason: string): string {
    return `${field}: ${reason} (got ${showValue(value)})`;
  }
  /** Used while unwinding: add the enclosing field name in front. */
  prefix(p: string): this {
    this.field = this.field ? (this.field.startsWith('[') ? p + this.field : p + '.' + this.field) : p;
    this.message = XmlValidationError.text(this.field, this.value, this.reason);
    return this;
  }
}

// At most 200 characters of the value in a message (the error's `value`
// keeps all of it): a 1 MB string made a 1 MB message.
function showValue(v: unknown): string {
  if (typeof v === 'bigint') return v.toString() + 'n';
  if (v === undefined) return 'undefined';
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return clip(s);
}

// ---------------------------------------------------------------------------
// writing

const NEEDS_ESC = /[\u0000-\u001f&<>"'\u007f-\uffff]/;
// control characters XML 1.0 cannot carry at all
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

function escapeSlow(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 38: out += '&amp;'; break;
      case 60: out += '&lt;'; break;
      case 62: out += '&gt;'; break;
      case 34: out += '&quot;'; break;
      case 39: out += '&apos;'; break;
      case 9: out += '&#9;'; break;
      case 10: out += '&#10;'; break;
      case 13: out += '&#13;'; break;
      default:
        if (c < 128) {
          out += s[i];
        } else {
          const cp = s.codePointAt(i)!;
          if (cp >= 0xd800 && cp <= 0xdfff) throw new XmlValidationError('', s, 'contains a lone UTF-16 surrogate');
          if (cp > 0xffff) i++;
          out += '&#x' + cp.toString(16).toUpperCase() + ';';
        }
    }
  }
  return out;
}

/** Escape a string for an attribute value: quotes, markup characters, whitespace controls and non-ASCII. */
export function escapeAttr(s: string): string {
  if (!NEEDS_ESC.test(s)) return s;
  if (FORBIDDEN.test(s)) throw new XmlValidationError('', s, 'contains a character XML cannot represent');
  return escapeSlow(s);
}
/** Escape a string for text content (same rules as attributes). */
export function escapeText(s: string): string {
  if (!NEEDS_ESC.test(s)) return s;
  if (FORBIDDEN.test(s)) throw new XmlValidationError('', s, 'contains a character XML cannot represent');
  return escapeSlow(s);
}

const NAME_RE = /^[A-Za-z_:\u0080-\uffff][A-Za-z0-9_:.\-\u0080-\uffff]*$/;
/** Element and attribute names come from the model or from kept unknown content: check them before writing. */
export function checkName(name: string): string {
  if (typeof name !== 'string' || !NAME_RE.test(name)) throw new XmlValidationError('', name, 'invalid XML name');
  return name;
}

/** The writers indent two spaces a level: deeper than libvirt reads (or a cycle) is refused. */
export function tooDeep(value: unknown): XmlValidationError {
  return new XmlValidationError('', value, `nested more than ${MAX_DEPTH} levels below the root (libvirt refuses such documents), or contains itself`);
}

/** Write one kept node (and its subtree) at the given indentation. */
export function writeNode(node: XmlNode, indent: string): string {
  if (indent.length > 2 * MAX_DEPTH) throw tooDeep(node);
  if (typeof node === 'string') return indent + escapeText(node) + '\n';
  if ('comment' in node) {
    const body = String(node.comment);
    if (body.includes('--') || body.endsWith('-')) throw new XmlValidationError('', body, "comment may not contain '--' or end with '-'");
    return indent + '<!--' + body + '-->\n';
  }
  let s = indent + '<' + checkName(node.name);
  const attrs = node.attrs;
  if (attrs) for (const k in attrs) s += ' ' + checkName(k) + '="' + escapeAttr(String(attrs[k])) + '"';
  const kids = node.children;
  if (!kids || kids.length === 0) return s + '/>\n';
  if (kids.length === 1 && typeof kids[0] === 'string') return s + '>' + escapeText(kids[0]) + '</' + node.name + '>\n';
  s += '>\n';
  const inner = indent + '  ';
  for (const k of kids) s += writeNode(k, inner);
  return s + indent + '</' + node.name + '>\n';
}
