/**
 * Network filter and filter binding XML: libvirt 9.0's test corpus round-trips, the
 * output passes libvirt's schemas, the typed coverage, every validation rule checked
 * against libvirt's own answer, and typed documents defined on qemu:///system (the test
 * driver holds no network filters) and read back.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { canonDoc, firstDiff } from './helpers/xml-compare';
import { roundTripFailures, schemaCheck, orderMismatches, folderCoverage } from './helpers/xml-kind-checks';
import { CORPUS, openSystem, uniqueName } from './helpers/libvirt';
import * as xml from '../src/xml';
import type { NWFilter, NWFilterBinding } from '../src/xml';
import type { Connection } from '../src';

const DIR = path.join(CORPUS, 'nwfilter');
const read = (f: string): string => fs.readFileSync(path.join(DIR, f), 'utf8');
const valid = fs.readdirSync(DIR).filter((f) => f.endsWith('.xml')).sort();

/**
 * The schema-invalid files: libvirt's parser refuses every one of them (checked live
 * below), so formatNWFilter's validation refuses them too, naming the first offending
 * attribute; with { validate: false } they still round-trip losslessly.
 */
const REFUSED: Record<string, string> = {
  'nwfilter-in--chain_prefixtest1-invalid.xml': 'rule[4].arp.opcode: must be an ARP opcode',
  'nwfilter-in--comment-test-invalid.xml': 'rule[5].tcp-ipv6.dscp: must be a DSCP value',
  'nwfilter-in--esp-ipv6-test-invalid.xml': 'rule[2].esp-ipv6.srcipmask: must be a prefix length',
  'nwfilter-in--hex-data-test-invalid.xml': 'rule[5].tcp-ipv6.dscp: must be a DSCP value',
  'nwfilter-in--icmp-test-invalid.xml': 'rule[2].icmp.type: must be an ICMP type or code',
  'nwfilter-in--icmpv6-test-invalid.xml': 'rule[2].icmpv6.srcipmask: must be a prefix length',
  'nwfilter-in--mac-test-invalid.xml': 'rule[3].mac.protocolid: must be an EtherType',
  'nwfilter-in--rarp-test-invalid.xml': 'rule[4].rarp.opcode: must be an ARP opcode',
  'nwfilter-in--sctp-test-invalid.xml': 'rule[2].sctp.dstportend: must be a port number',
  'nwfilter-in--udp-test-invalid.xml': 'rule[2].udp.dstportend: must be a port number',
  'nwfilter-in--udplite-ipv6-test-invalid.xml': 'rule[2].udplite-ipv6.srcipmask: must be a prefix length',
  'nwfilter-in--vlan-test-invalid.xml': 'rule[3].vlan.vlanid: must be a VLAN ID',
};

describe('corpus/nwfilter', () => {
  test('every file: parse -> format keeps every element, attribute and text, in order', () => {
    expect(valid.length).toBeGreaterThan(40);
    expect(roundTripFailures('nwfilter', xml.parseNWFilter, xml.formatNWFilter)).toEqual([]);
  });

  test('schema-invalid files: refused by validation like libvirt refuses them, lossless without it', () => {
    const files = fs.readdirSync(path.join(DIR, 'schema-invalid')).sort();
    expect(files).toEqual(Object.keys(REFUSED).sort());
    for (const f of files) {
      const text = read(path.join('schema-invalid', f));
      const def = xml.parseNWFilter(text);
      expect(() => xml.formatNWFilter(def)).toThrow(REFUSED[f]);
      expect(firstDiff(canonDoc(text), canonDoc(xml.formatNWFilter(def, { validate: false })), '')).toBeNull();
    }
  });

  test('formatting is stable: format(parse(format(parse(x)))) equals format(parse(x))', () => {
    for (const f of valid) {
      const once = xml.formatNWFilter(xml.parseNWFilter(read(f)), { validate: false });
      expect(xml.formatNWFilter(xml.parseNWFilter(once), { validate: false })).toBe(once);
    }
  });

  test("every formatted file passes libvirt's nwfilter schema", () => {
    const r = schemaCheck('nwfilter', Object.fromEntries(valid.map((f) => [f, xml.formatNWFilter(xml.parseNWFilter(read(f)))])));
    expect(r.failing).toEqual([]);
    expect(r.validated).toBe(valid.length);
    expect(r.status).toBe(0);
  });

  test("without the remembered source order, formatting writes libvirt's own element order", () => {
    expect(orderMismatches('nwfilter', xml.parseNWFilter, xml.formatNWFilter)).toEqual([]);
  });

  test('at least 95% of element and attribute paths are typed', () => {
    const c = folderCoverage('nwfilter', xml.parseNWFilter);
    expect(c.elementPaths).toBeGreaterThan(20);
    expect(c.elementPct).toBeGreaterThanOrEqual(95);
    expect(c.attributePct).toBeGreaterThanOrEqual(95);
  });

  test('a rule holds its protocol under the element name, attributes as strings (variables allowed)', () => {
    const f = xml.parseNWFilter(read('nwfilter-out--tcp-test.xml'));
    expect(f.name).toBe('testcase');
    expect(f.chain).toBe('root');
    expect(f.rule?.[0]).toMatchObject({ action: 'accept', direction: 'out', priority: 500, tcp: { srcmacaddr: '01:02:03:04:05:06', dstipmask: '32' } });
    const v: NWFilter = { name: 'v', rule: [{ action: 'drop', direction: 'in', ip: { srcipaddr: '$IP', srcmacaddr: '$MAC[@1]' } }] };
    expect(xml.formatNWFilter(v)).toContain('<ip srcmacaddr="$MAC[@1]" srcipaddr="$IP"/>');
  });
});

const BINDING: NWFilterBinding = {
  owner: { name: 'guest1', uuid: 'd217f2d7-5a04-4f23-9d3a-6a5a8c4f2e01' },
  portdev: { name: 'vnet9' },
  linkdev: { name: 'eth0' },
  mac: { address: '52:54:00:12:34:56' },
  filterref: { filter: 'clean-traffic', parameter: [{ name: 'IP', value: '10.0.0.1' }, { name: 'IP', value: '10.0.0.2' }] },
};

describe('filter bindings', () => {
  test("a typed binding formats to XML that passes libvirt's nwfilterbinding schema and parses back", () => {
    const text = xml.formatNWFilterBinding(BINDING);
    expect(xml.parseNWFilterBinding(text)).toEqual(BINDING);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xml-nwfilterbinding-'));
    try {
      fs.writeFileSync(path.join(tmp, 'b.xml'), text);
      const r = spawnSync('xmllint', ['--relaxng', '/usr/share/libvirt/schemas/nwfilterbinding.rng', '--noout', 'b.xml'], { cwd: tmp, encoding: 'utf8' });
      expect(r.stderr).toContain('b.xml validates');
      expect(r.status).toBe(0);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('required parts are named when missing', () => {
    const { portdev: _p, ...noPort } = BINDING;
    expect(() => xml.formatNWFilterBinding(noPort as NWFilterBinding)).toThrow('portdev: is required');
    expect(() => xml.formatNWFilterBinding({ ...BINDING, filterref: { parameter: [] } as never })).toThrow('filterref.filter: is required');
  });

  test('the root element is checked', () => {
    expect(() => xml.parseNWFilterBinding('<filter name="x"/>')).toThrow('expected root element <filterbinding>, found <filter>');
    expect(() => xml.parseNWFilter('<filterbinding/>')).toThrow('expected root element <filter>, found <filterbinding>');
  });
});

// ---------------------------------------------------------------------------
// qemu:///system: validation rules against libvirt's answers, and live round trips

describe('qemu:///system', () => {
  let conn: Connection;
  const made: { undefine?: () => Promise<unknown>; delete?: () => Promise<unknown> }[] = [];
  beforeAll(async () => {
    conn = (await openSystem())!;
  });
  afterEach(async () => {
    for (const o of made.splice(0)) {
      try {
        await (o.undefine ?? o.delete)!.call(o);
      } catch {
        /* already gone */
      }
    }
  });
  afterAll(async () => {
    if (conn) await conn.close();
  });

  /** Defines the document on libvirt; resolves libvirt's error message, or '' when it was accepted. */
  async function libvirtAnswer(text: string): Promise<string> {
    try {
      made.push(await conn.nwfilterDefineXML(text));
      return '';
    } catch (e) {
      return (e as Error).message;
    }
  }
  const base = (): NWFilter => ({
    name: uniqueName('nwf'),
    chain: 'ipv4',
    priority: -100,
    rule: [{ action: 'accept', direction: 'in', priority: 10, tcp: { srcipaddr: '10.1.2.3', srcipmask: '24', dstportstart: '22', dscp: '2', srcmacaddr: '52:54:00:00:00:01' } }],
  });

  test('the base document of the rules below is accepted by both', async () => {
    expect(await libvirtAnswer(xml.formatNWFilter(base()))).toBe('');
  });

  /**
   * [rule, change to the base document, our error, libvirt's error, and for the values the
   * typed model cannot even hold (an unknown action, a missing required attribute) the
   * same change made to the base document's text].
   */
  type Rule = [string, (f: NWFilter) => void, string, RegExp, ((text: string) => string)?];
  const rules: Rule[] = [
    ['the filter has a name', (f) => (f.name = ''), 'name: must be a non-empty string', /filter has no name/],
    ['the action is one libvirt knows', (f) => ((f.rule![0] as { action: string }).action = 'allow'), 'rule[0].action: must be one of', /unknown rule action/,
      (t) => t.replace('action="accept"', 'action="allow"')],
    ['the direction is one libvirt knows', (f) => ((f.rule![0] as { direction: string }).direction = 'both'), 'rule[0].direction: must be one of', /unknown rule direction/,
      (t) => t.replace('direction="in"', 'direction="both"')],
    ['a rule has an action', (f) => delete (f.rule![0] as { action?: string }).action, 'rule[0].action: is required', /requires action/,
      (t) => t.replace('action="accept" ', '')],
    ['a rule has a direction', (f) => delete (f.rule![0] as { direction?: string }).direction, 'rule[0].direction: is required', /requires direction/,
      (t) => t.replace('direction="in" ', '')],
    ['the filter priority is within -1000..1000', (f) => (f.priority = 2000), 'priority: must be an integer between -1000 and 1000', /outside valid range/],
    ['the chain is root or starts with a protocol prefix', (f) => (f.chain = 'foo'), "chain: must be 'root' or start with one of", /Invalid chain name/],
    ['the chain name has at most 12 characters', (f) => (f.chain = 'ipv4-abcdefghijk'), 'chain: must be at most 12 characters long', /longer than 12 characters/],
    ['the UUID parses', (f) => (f.uuid = 'not-a-uuid'), 'uuid: must be a UUID', /malformed uuid/],
    ['a MAC address parses', (f) => (f.rule![0].tcp!.srcmacaddr = '01:02:03:04:05:0g'), 'rule[0].tcp.srcmacaddr: must be a MAC address', /srcmacaddr has illegal value/],
    ['an IPv4 address parses', (f) => (f.rule![0].tcp!.srcipaddr = '10.1.2.300'), 'rule[0].tcp.srcipaddr: must be an IPv4 address', /srcipaddr has illegal value/],
    ['an IPv4 protocol takes no IPv6 address', (f) => (f.rule![0].tcp!.srcipaddr = '::1'), 'rule[0].tcp.srcipaddr: must be an IPv4 address', /srcipaddr has illegal value/],
    ['an IPv6 address parses', (f) => (f.rule![0] = { action: 'drop', direction: 'in', 'tcp-ipv6': { dstipaddr: '1::g' } }), 'rule[0].tcp-ipv6.dstipaddr: must be an IPv6 address', /dstipaddr has illegal value/],
    ['an IPv4 mask is 0..32', (f) => (f.rule![0].tcp!.srcipmask = '33'), 'rule[0].tcp.srcipmask: must be a prefix length (0..32)', /srcipmask has illegal value/],
    ['an IPv6 mask is 0..128', (f) => (f.rule![0] = { action: 'drop', direction: 'in', 'udp-ipv6': { srcipaddr: '1::2', srcipmask: '129' } }), 'rule[0].udp-ipv6.srcipmask: must be a prefix length (0..128)', /srcipmask has illegal value/],
    ['a port is 0..65535', (f) => (f.rule![0].tcp!.dstportstart = '65536'), 'rule[0].tcp.dstportstart: must be a port number', /dstportstart has illegal value/],
    ['a DSCP value is 0..63', (f) => (f.rule![0].tcp!.dscp = '64'), 'rule[0].tcp.dscp: must be a DSCP value', /dscp has illegal value/],
    ['an ICMP code is 0..255', (f) => (f.rule![0] = { action: 'drop', direction: 'in', icmp: { type: '3', code: '256' } }), 'rule[0].icmp.code: must be an ICMP type or code', /code has illegal value/],
    ['an EtherType is 0x600..0xffff or a protocol name', (f) => (f.rule![0] = { action: 'drop', direction: 'in', mac: { protocolid: '15' } }), 'rule[0].mac.protocolid: must be an EtherType', /protocolid has illegal value/],
    ['a VLAN ID is 0..4095', (f) => (f.rule![0] = { action: 'drop', direction: 'in', vlan: { vlanid: '4096' } }), 'rule[0].vlan.vlanid: must be a VLAN ID', /vlanid has illegal value/],
    ['an ARP opcode is 0..65535 or a name', (f) => (f.rule![0] = { action: 'drop', direction: 'in', arp: { opcode: 'Hello' } }), 'rule[0].arp.opcode: must be an ARP opcode', /opcode has illegal value/],
  ];
  test.each(rules.map((r) => ({ what: r[0], r })))('rule: $what (libvirt refuses the same document)', async ({ r: [, change, ours, theirs, edit] }) => {
    const def = base();
    const text = edit ? edit(xml.formatNWFilter(def)) : '';
    change(def);
    expect(() => xml.formatNWFilter(def)).toThrow(ours);
    if (edit) expect(() => xml.formatNWFilter(def, { validate: false })).toThrow(ours);
    expect(await libvirtAnswer(edit ? text : xml.formatNWFilter(def, { validate: false }))).toMatch(theirs);
  });

  test('a rule priority outside -1000..1000 is refused: libvirt would silently replace it with 500', async () => {
    const def = base();
    def.rule![0].priority = 1500;
    expect(() => xml.formatNWFilter(def)).toThrow('rule[0].priority: must be an integer between -1000 and 1000 (got 1500)');
    expect(await libvirtAnswer(xml.formatNWFilter(def, { validate: false }))).toBe('');
    const back = xml.parseNWFilter(await (await conn.nwfilterLookupByName(def.name)).XMLDesc(0));
    expect(back.rule![0].priority).toBe(500);
  });

  test.each(Object.keys(REFUSED))('schema-invalid %s: libvirt refuses it too', async (f) => {
    const def = xml.parseNWFilter(read(path.join('schema-invalid', f)));
    def.name = uniqueName('nwf-inv');
    delete def.uuid;
    expect(await libvirtAnswer(xml.formatNWFilter(def, { validate: false }))).toMatch(/has illegal value/);
  });

  test('a typed filter is defined, read back with XMLDesc and parses to the same values', async () => {
    const def: NWFilter = {
      name: uniqueName('nwf-live'),
      chain: 'ipv4',
      priority: -650,
      filterref: [{ filter: 'clean-traffic', parameter: [{ name: 'IP', value: '10.0.0.7' }] }],
      rule: [
        { action: 'accept', direction: 'out', priority: 100, tcp: { srcipaddr: '10.0.0.7', dstportstart: '80', dstportend: '443', state: 'NEW,ESTABLISHED', comment: 'web & <co>' } },
        { action: 'drop', direction: 'in', priority: 200, statematch: 'false', udp: { dstportstart: '53' } },
        { action: 'accept', direction: 'inout', icmp: { type: '8', code: '0' } },
      ],
    };
    const f = await conn.nwfilterDefineXML(xml.formatNWFilter(def));
    made.push(f);
    const back = xml.parseNWFilter(await f.XMLDesc(0));
    expect(back.name).toBe(def.name);
    expect(back.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(back.chain).toBe('ipv4');
    expect(back.priority).toBe(-650);
    expect(back.filterref).toEqual(def.filterref);
    // libvirt adds the default priority (500) to rules without one
    expect(back.rule).toMatchObject(def.rule!);
    expect(back.rule![2].priority).toBe(500);
    expect(xml.unknownContent(back)).toEqual({ elements: [], attributes: [] });
  });

  test("the host's own filters (libvirt's defaults) parse losslessly", async () => {
    const filters = await conn.listAllNWFilters();
    expect(filters.length).toBeGreaterThan(0);
    for (const f of filters) {
      let text: string;
      try {
        text = await f.XMLDesc(0);
      } catch (e) {
        // another test's filter can be undefined meanwhile on the shared daemon: then skip it
        if (await conn.nwfilterLookupByName(f.name()).then(() => true, () => false)) throw e;
        continue;
      }
      const def = xml.parseNWFilter(text);
      expect(def.name).toBe(f.name());
      expect(firstDiff(canonDoc(text), canonDoc(xml.formatNWFilter(def)), '')).toBeNull();
      expect(xml.unknownContent(def)).toEqual({ elements: [], attributes: [] });
    }
  });

  describe('filter bindings (no guest needed: libvirt instantiates on a port device that need not exist)', () => {
    const binding = (): NWFilterBinding => ({ ...structuredClone(BINDING), portdev: { name: uniqueName('p').slice(-15) } });
    async function bindingAnswer(text: string): Promise<string> {
      try {
        made.push(await conn.nwfilterBindingCreateXML(text, 0));
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    }

    test('a typed binding is created, read back and parses to the same values', async () => {
      const def = binding();
      delete def.linkdev;
      const b = await conn.nwfilterBindingCreateXML(xml.formatNWFilterBinding(def), 0);
      made.push(b);
      const back = xml.parseNWFilterBinding(await b.XMLDesc(0));
      expect(back).toEqual(def);
    });

    const bindingRules: [string, (b: NWFilterBinding) => void, string, RegExp, ((text: string) => string)?][] = [
      ['the MAC address parses', (b) => (b.mac.address = '52:54:00:12:34:zz'), 'mac.address: must be a MAC address', /Unable to parse MAC/],
      ['the owner UUID parses', (b) => (b.owner.uuid = 'nope'), 'owner.uuid: must be a UUID', /Unable to parse UUID/],
      ['the owner has a name', (b) => (b.owner.name = ''), 'owner.name: must be a non-empty string', /no owner name/],
      ['the binding names its port device', (b) => delete (b as { portdev?: unknown }).portdev, 'portdev: is required', /no port dev name/,
        (t) => t.replace(/ *<portdev [^>]*\/>\n/, '')],
    ];
    test.each(bindingRules.map((r) => ({ what: r[0], r })))('rule: $what (libvirt refuses the same binding)', async ({ r: [, change, ours, theirs, edit] }) => {
      const def = binding();
      const text = edit ? edit(xml.formatNWFilterBinding(def)) : '';
      change(def);
      expect(() => xml.formatNWFilterBinding(def)).toThrow(ours);
      expect(await bindingAnswer(edit ? text : xml.formatNWFilterBinding(def, { validate: false }))).toMatch(theirs);
    });
  });
});
