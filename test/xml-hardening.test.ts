/**
 * Hostile input to every parse function: nesting deeper than libvirt's parser accepts,
 * characters XML 1.0 forbids, and names that are special to JavaScript objects.
 * Every parse function exported by the XML layer is covered, including kinds added later.
 */
import { open } from '../src';
import * as xml from '../src/xml';
import type { Domain } from '../src/xml';

/** libxml2's xmlParserMaxDepth, which libvirt's parser keeps: levels below the root. */
const MAX_DEPTH = 256;

type Parse = (text: string) => unknown;
type Format = (obj: any) => string;

/** Every `parseX` of the XML layer with its `formatX` and the root element name it expects. */
const kinds: [string, Parse, Format, string][] = Object.keys(xml)
  .filter((k) => /^parse[A-Z]/.test(k))
  .sort()
  .map((k) => {
    const parse = (xml as unknown as Record<string, Parse>)[k];
    const format = (xml as unknown as Record<string, Format>)['format' + k.slice(5)];
    // the root name, from the parse function's own error for a wrong root
    let rootName = '';
    try {
      parse('<not-a-libvirt-root/>');
    } catch (e) {
      rootName = /expected root element <([^>]+)>/.exec(String((e as Error).message))?.[1] ?? '';
    }
    return [k, parse, format, rootName];
  });

/** A document whose elements nest `levels` deep counting the root (unknown elements inside it). */
function nested(root: string, levels: number, leaf = ''): string {
  return `<${root}>` + '<a>'.repeat(levels - 2) + `<b>${leaf}</b>` + '</a>'.repeat(levels - 2) + `</${root}>`;
}

/** The error thrown by `fn` (which must throw). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('did not throw');
}

test('every parse function has a format function and a root element name', () => {
  expect(kinds.length).toBeGreaterThanOrEqual(3);
  for (const [name, , format, root] of kinds) {
    expect([name, typeof format, root.length > 0]).toEqual([name, 'function', true]);
  }
});

describe('nesting depth: libxml2\'s limit (256 levels below the root), as libvirt', () => {
  test.each(kinds)('%s reads 257 levels and writes them back', (_n, parse, format, root) => {
    const text = nested(root, 1 + MAX_DEPTH);
    const obj = parse(text);
    let out: string | undefined;
    try {
      out = format(obj);
    } catch (e) {
      // the kind's own required fields may be missing from this bare document; never a stack overflow
      expect(e).toBeInstanceOf(xml.XmlValidationError);
      expect((e as Error).message).not.toContain('nested');
    }
    if (out !== undefined) expect(parse(out)).toEqual(obj);
  });

  test.each(kinds)('%s refuses 258 levels with the position of the first element too deep', (_n, parse, _f, root) => {
    const text = nested(root, 2 + MAX_DEPTH);
    const e = thrown(() => parse(text));
    expect(e).toBeInstanceOf(xml.XmlError);
    const column = text.indexOf('<b>') + 1;
    expect(e.message).toBe(`elements nested more than 256 levels below the root (libvirt refuses such documents) at line 1, column ${column}`);
    expect([(e as xml.XmlError).line, (e as xml.XmlError).column]).toEqual([1, column]);
    // an empty element counts as a level too
    expect(thrown(() => parse(nested(root, 2 + MAX_DEPTH).replace('<b></b>', '<b/>')))).toBeInstanceOf(xml.XmlError);
  });

  test.each(kinds)('%s refuses 100,000 levels without overflowing the stack', (_n, parse, _f, root) => {
    const text = `<${root}>` + '<a>'.repeat(100000) + '</a>'.repeat(100000) + `</${root}>`;
    expect(thrown(() => parse(text))).toBeInstanceOf(xml.XmlError);
  });

  test('a formatted object nested deeper than libvirt reads, or containing itself, is refused, not a stack overflow', () => {
    const base = (): Domain => ({ type: 'test', name: 'deep', memory: { value: 1024 }, os: { type: { value: 'hvm' } } });
    const deep: xml.XmlElement = { name: 'a', attrs: {}, children: [] };
    let cur = deep;
    for (let i = 0; i < 300; i++) {
      const next: xml.XmlElement = { name: 'a', attrs: {}, children: [] };
      cur.children.push(next);
      cur = next;
    }
    const e = thrown(() => xml.formatDomain({ ...base(), $children: [deep] }));
    expect(e).toBeInstanceOf(xml.XmlValidationError);
    expect(e.message).toMatch(/^\$children\[0\]: nested more than 256 levels below the root/);
    const cycle: xml.XmlElement = { name: 'a', attrs: {}, children: [] };
    cycle.children.push(cycle);
    expect(thrown(() => xml.formatDomain({ ...base(), $children: [cycle] }))).toBeInstanceOf(xml.XmlValidationError);
    // typed elements that may nest (a disk's backing chain): a chain of 5,000, and one that loops
    const disk: xml.DomainDisk = { type: 'file', device: 'disk', source: { file: '/a.img' }, target: { dev: 'vda' } };
    let store: { backingStore?: xml.DomainDiskBackingStore } = disk;
    for (let i = 0; i < 5000; i++) {
      const next: xml.DomainDiskBackingStore = { type: 'file', source: { file: `/b${i}.img` } };
      store.backingStore = next;
      store = next;
    }
    const chain = thrown(() => xml.formatDomain({ ...base(), devices: { disk: [disk] } }));
    expect(chain).toBeInstanceOf(xml.XmlValidationError);
    expect((chain as InstanceType<typeof xml.XmlValidationError>).field).toMatch(/^devices\.disk\[0\](\.backingStore)+(\.source)?$/);
    expect((chain as InstanceType<typeof xml.XmlValidationError>).reason).toMatch(/^nested more than 256 levels below the root/);
    const loop: xml.DomainDiskBackingStore = { type: 'file', source: { file: '/c.img' } };
    loop.backingStore = loop;
    expect(thrown(() => xml.formatDomain({ ...base(), devices: { disk: [{ ...disk, backingStore: loop }] } }))).toBeInstanceOf(xml.XmlValidationError);
    // exactly at the limit is fine: root + 256 levels
    const ok: xml.XmlElement = { name: 'a', attrs: {}, children: [] };
    cur = ok;
    for (let i = 0; i < MAX_DEPTH - 2; i++) {
      const next: xml.XmlElement = { name: 'a', attrs: {}, children: [] };
      cur.children.push(next);
      cur = next;
    }
    const text = xml.formatDomain({ ...base(), $children: [ok] });
    expect(xml.parseDomain(text).$children).toEqual([ok]);
  });

  test('libvirt (test:///default) draws the line at the same depth', async () => {
    const conn = await open('test:///default');
    const name = `xmlhard-${process.pid}`;
    // the domain's root, <metadata>, then elements in a namespace of their own
    const doc = (levels: number) =>
      `<domain type='test'><name>${name}</name><memory>1024</memory><os><type>hvm</type></os><metadata>` +
      "<x:a xmlns:x='http://example.org/deep'>" + '<x:a>'.repeat(levels - 3) + '</x:a>'.repeat(levels - 3) + '</x:a></metadata></domain>';
    try {
      const dom = await conn.defineXML(doc(1 + MAX_DEPTH));
      await dom.undefine();
      expect(() => xml.parseDomain(doc(1 + MAX_DEPTH))).not.toThrow();
      await expect(conn.defineXML(doc(2 + MAX_DEPTH))).rejects.toThrow(/Excessive depth/);
      expect(() => xml.parseDomain(doc(2 + MAX_DEPTH))).toThrow(xml.XmlError);
    } finally {
      const left = await conn.listAllDomains(0);
      for (const d of left) if ((await d.name()) === name) await d.undefine();
      await conn.close();
    }
  });
});

describe('characters XML 1.0 forbids are refused while parsing, with line and column', () => {
  const bad: [string, string, string, number, number][] = [
    ['NUL in text', '<R>\n  <n>a\u0000b</n>\n</R>', 'character U+0000 is not allowed in XML', 2, 7],
    ['bell in text', '<R>\u0007</R>', 'character U+0007 is not allowed in XML', 1, 4],
    ['escape in an attribute value', '<R>\n<x a="\u001b[31m"/></R>', 'character U+001B is not allowed in XML', 2, 7],
    ['form feed in a comment', '<R><!-- \u000c --></R>', 'character U+000C is not allowed in XML', 1, 9],
    ['U+FFFF in text', '<R>\uffff</R>', 'character U+FFFF is not allowed in XML', 1, 4],
    ['lone high surrogate in text', '<R>x\ud83d</R>', 'lone UTF-16 surrogate U+D83D is not allowed in XML', 1, 5],
    ['lone low surrogate in an attribute value', "<R a='\ude00'/>", 'lone UTF-16 surrogate U+DE00 is not allowed in XML', 1, 7],
    ['reference to NUL', '<R>&#0;</R>', "invalid character reference '&#0;' (not a character XML allows)", 1, 4],
    ['reference to a control character', "<R a='&#x1;'/>", "invalid character reference '&#x1;' (not a character XML allows)", 1, 7],
    ['reference to a surrogate', '<R>\n &#xD800;</R>', "invalid character reference '&#xD800;' (not a character XML allows)", 2, 2],
    ['reference to U+FFFE', '<R>&#65534;</R>', "invalid character reference '&#65534;' (not a character XML allows)", 1, 4],
    ['reference beyond Unicode', '<R>&#x110000;</R>', "invalid character reference '&#x110000;' (not a character XML allows)", 1, 4],
  ];
  test.each(bad)('%s', (_label, text, message, line, column) => {
    for (const [name, parse, , root] of kinds) {
      const e = thrown(() => parse(text.replace(/R>/g, `${root}>`).replace('<R ', `<${root} `)));
      const shift = line === 1 ? root.length - 1 : 0;
      expect([name, e]).toEqual([name, expect.any(xml.XmlError)]);
      expect([name, e.message]).toEqual([name, `${message} at line ${line}, column ${column + shift}`]);
    }
  });

  test('the characters XML allows still parse: tab, newline, references to them, non-ASCII and surrogate pairs', () => {
    const d = xml.parseDomain("<domain type='test' x='a&#9;b&#10;c&#13;d'><name>a\tb é 😀 &#x1F600; &#xE000; &#xFFFD;</name></domain>");
    expect(d.name).toBe('a\tb é 😀 😀 \ue000 \ufffd');
    expect(d.$attrs).toEqual({ x: 'a\tb\nc\rd' });
    expect(xml.parseDomain(xml.formatDomain(d, { validate: false }))).toEqual(d);
  });
});

describe('names special to JavaScript objects are kept, without prototype pollution', () => {
  const special = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

  test.each(kinds)('%s keeps attributes and child elements named like Object.prototype members', (_n, parse, format, root) => {
    const attrs = special.map((s, i) => `${s}='v${i}'`).join(' ');
    const kids = special.map((s, i) => `<${s} ${s}='k${i}'>t${i}</${s}>`).join('');
    const text = `<${root} ${attrs}>${kids}</${root}>`;
    const obj = parse(text) as { $attrs?: Record<string, string>; $children?: xml.XmlElement[] };
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
    expect(obj.$attrs).toBeDefined();
    expect(Object.getPrototypeOf(obj.$attrs)).toBe(Object.prototype);
    expect(Object.keys(obj.$attrs!)).toEqual(special);
    expect(special.map((s) => Object.getOwnPropertyDescriptor(obj.$attrs, s)?.value)).toEqual(special.map((_s, i) => `v${i}`));
    expect(obj.$children!.map((c) => [c.name, Object.keys(c.attrs), Object.getOwnPropertyDescriptor(c.attrs, c.name)?.value, c.children])).toEqual(
      special.map((s, i) => [s, [s], `k${i}`, [`t${i}`]]),
    );
    // nothing leaked into Object.prototype
    expect(({} as Record<string, unknown>).v0).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(typeof ({} as { toString: unknown }).toString).toBe('function');
    let out: string | undefined;
    try {
      out = format(obj);
    } catch (e) {
      expect(e).toBeInstanceOf(xml.XmlValidationError); // required fields of the kind
      return;
    }
    for (const s of special) {
      expect(out).toContain(` ${s}="`);
      expect(out).toContain(`<${s} ${s}="`);
    }
    expect(parse(out)).toEqual(obj);
  });

  test("parseDomain(\"<domain __proto__='x' type='test'>...\") round-trips the attribute", () => {
    const text = "<domain __proto__='x' type='test'><name>p</name><memory>1024</memory><os><type>hvm</type></os></domain>";
    const d = xml.parseDomain(text);
    expect(d.type).toBe('test');
    expect(Object.getOwnPropertyDescriptor(d.$attrs, '__proto__')?.value).toBe('x');
    const out = xml.formatDomain(d);
    expect(out.split('\n')[0]).toBe('<domain type="test" __proto__="x">');
    expect(xml.parseDomain(out)).toEqual(d);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
