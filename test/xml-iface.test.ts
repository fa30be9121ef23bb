/**
 * Host interface XML (virInterfaceDefineXML): round trips over libvirt's own test XML,
 * libvirt's schema, typed coverage, the validation rules (each checked against what
 * libvirt answers for the same document on test:///default) and live define / read-back.
 */
import * as fs from 'fs';
import * as path from 'path';
import { canonDoc, firstDiff } from './helpers/xml-compare';
import { roundTripFailures, schemaCheck, folderCoverage, oddValuesOnly } from './helpers/xml-kind-checks';
import { openSystem, TEST_URI } from './helpers/libvirt';
import { open } from '../src';
import type { Connection } from '../src';
import * as xml from '../src/xml';
import type { HostInterface } from '../src/xml';

jest.setTimeout(60_000);

const dir = path.resolve(__dirname, '../../shared/corpus/interface');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.xml')).sort();
const read = (f: string): string => fs.readFileSync(path.join(dir, f), 'utf8');

describe('corpus/interface', () => {
  test('the corpus is there, with no schema-invalid files', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    expect(fs.existsSync(path.join(dir, 'schema-invalid'))).toBe(false);
  });

  test('every file: parse -> format keeps every element, attribute and text, in order', () => {
    expect(roundTripFailures('interface', xml.parseInterface, xml.formatInterface)).toEqual([]);
  });

  test('formatting is stable, and without the remembered order it is still the same document', () => {
    for (const f of files) {
      const once = xml.formatInterface(xml.parseInterface(read(f)));
      expect(xml.formatInterface(xml.parseInterface(once))).toBe(once);
      expect(xml.formatInterface(structuredClone(xml.parseInterface(read(f))))).toBe(once);
    }
  });

  test("every formatted file passes libvirt's interface schema", () => {
    const r = schemaCheck('interface', Object.fromEntries(files.map((f) => [f, xml.formatInterface(xml.parseInterface(read(f)))])));
    expect(r.failing).toEqual([]);
    expect(r.validated).toBe(files.length);
  });

  test('typed coverage is at least 95% of element and attribute paths', () => {
    const c = folderCoverage('interface', xml.parseInterface);
    expect([...c.untypedElements.keys(), ...c.untypedAttributes.keys()]).toEqual([]);
    expect(c.elementPct).toBeGreaterThanOrEqual(95);
    expect(c.attributePct).toBeGreaterThanOrEqual(95);
  });

  test('odd values anywhere in an interface give XmlValidationError, nothing else', () => {
    for (const f of files) expect([f, oddValuesOnly(xml.parseInterface(read(f)), xml.formatInterface)]).toEqual([f, []]);
  });

  test('the union narrows on type, members nest, protocols keep their addresses', () => {
    const br = xml.parseInterface(read('interface-schema--bridge-bond.xml'));
    if (br.type !== 'bridge') throw new Error('expected a bridge');
    expect(br.start).toEqual({ mode: 'onboot' });
    const bond = br.bridge!.interface![1];
    if (bond.type !== 'bond') throw new Error('expected a bond member');
    expect(bond.bond).toMatchObject({ mode: 'active-backup', miimon: { freq: 100, updelay: 10, carrier: 'ioctl' } });
    expect(bond.bond!.interface!.map((m) => `${m.type}:${m.name}`)).toEqual(['ethernet:eth1', 'ethernet:eth0']);
    const eth = xml.parseInterface(read('interface-schema--ethernet-dhcp-and-multi-static.xml'));
    expect(eth.protocol![0]).toMatchObject({ family: 'ipv4', dhcp: { peerdns: 'yes' } });
    expect(eth.protocol![0].ip!.length).toBeGreaterThan(1);
    // @ts-expect-error an ethernet interface has no <bond>
    const wrong: HostInterface = { type: 'ethernet', name: 'eth0', bond: {} };
    expect(wrong.type).toBe('ethernet');
  });
});

// ---------------------------------------------------------------------------
// validation rules, each checked against libvirt's interfaceDefineXML on test:///default

/** [rule, the interface, the field and message formatInterface reports, what libvirt says] */
const RULES: [string, HostInterface, string, RegExp][] = [
  ['an interface without a name', { type: 'ethernet', mac: { address: 'aa:bb:cc:dd:ee:01' } }, 'name: must be the device name', /interface has no name/],
  ['a bridge without <bridge>', { type: 'bridge', name: 'lvnbr9' }, 'bridge: is required for a bridge interface', /misses the bridge element/],
  ['a bond without <bond>', { type: 'bond', name: 'lvnbond9' }, 'bond: is required for a bond interface', /misses the bond element/],
  ['a vlan without a tag', { type: 'vlan', name: 'lvnv9', vlan: { interface: { name: 'eth0' } } }, 'vlan.tag: is required for a vlan interface', /misses the tag attribute/],
  ['a vlan without its device', { type: 'vlan', name: 'lvnv9', vlan: { tag: '42' } }, 'vlan.interface.name: must name the underlying device', /vlan interface misses name attribute/],
  ['an MTU above 100000', { type: 'ethernet', name: 'lvne9', mtu: { size: 200000 } }, 'mtu.size: must be an integer of at most 100000', /must be at most 100000/],
  ['a protocol without its family', { type: 'ethernet', name: 'lvne9', protocol: [{ dhcp: {} }] }, "protocol[0].family: must be 'ipv4' or 'ipv6'", /protocol misses the family attribute/],
  ['MII monitoring without a frequency', { type: 'bond', name: 'lvnbond9', bond: { miimon: { updelay: 10 }, interface: [{ type: 'ethernet', name: 'eth0' }] } }, 'bond.miimon.freq: is required with MII monitoring', /miimon freq missing/],
  ['ARP monitoring without a target', { type: 'bond', name: 'lvnbond9', bond: { arpmon: { interval: 100 }, interface: [{ type: 'ethernet', name: 'eth0' }] } }, 'bond.arpmon.target: is required with ARP monitoring', /arpmon target missing/],
  ['a bridge as a bond member', { type: 'bond', name: 'lvnbond9', bond: { interface: [{ type: 'bridge', name: 'br1', bridge: {} }] } }, "bond.interface[0].type: is not a type a bond takes as a member (ethernet) (got \"bridge\")", /unsupported type 'bridge'/],
  ['a member without a name', { type: 'bridge', name: 'lvnbr9', bridge: { interface: [{ type: 'ethernet' }] } }, 'bridge.interface[0].name: must be the device name', /interface has no name/],
];

describe('host interface validation, checked against libvirt', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await open(TEST_URI);
  });
  afterAll(async () => {
    await conn?.close();
  });

  test.each(RULES)('%s', async (_rule, def, message, libvirtSays) => {
    expect(() => xml.formatInterface(def)).toThrow(xml.XmlValidationError);
    expect(() => xml.formatInterface(def)).toThrow(message);
    let defined: { undefine(): Promise<number> } | undefined;
    try {
      defined = await conn.interfaceDefineXML(xml.formatInterface(def, { validate: false }), 0);
    } catch (e) {
      expect((e as Error).message).toMatch(libvirtSays);
    } finally {
      await defined?.undefine();
    }
    expect(defined).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------
// live: typed object -> libvirt -> XMLDesc -> typed object

test('a bond built with the typed model reads back from test:///default with the same fields', async () => {
  const conn = await open(TEST_URI);
  const name = `lvnb${process.pid % 100000}`;
  const def: HostInterface = {
    type: 'bond',
    name,
    start: { mode: 'onboot' },
    mtu: { size: 1500 },
    protocol: [
      { family: 'ipv4', ip: [{ address: '192.0.2.10', prefix: 24 }], route: { gateway: '192.0.2.1' } },
      { family: 'ipv6', autoconf: {}, dhcp: { peerdns: 'no' } },
    ],
    bond: {
      mode: 'active-backup',
      arpmon: { interval: 100, target: '192.0.2.1', validate: 'active' },
      interface: [
        { type: 'ethernet', name: `${name}a`, mac: { address: 'aa:bb:cc:dd:ee:10' } },
        { type: 'ethernet', name: `${name}b` },
      ],
    },
  };
  let iface: Awaited<ReturnType<Connection['interfaceDefineXML']>> | undefined;
  try {
    iface = await conn.interfaceDefineXML(xml.formatInterface(def), 0);
    const back = xml.parseInterface(await iface.XMLDesc(0));
    expect(xml.unknownContent(back)).toEqual({ elements: [], attributes: [] });
    expect(back).toMatchObject(def);
  } finally {
    await iface?.undefine();
    await conn.close();
  }
});

test("every host interface the hosts report (qemu:///system and test:///default) parses wholly typed and formats back unchanged", async () => {
  const sys = await openSystem();
  const tst = await open(TEST_URI);
  try {
    let seen = 0;
    for (const conn of [sys!, tst]) {
      for (const i of await conn.listAllInterfaces(0)) {
        const text = await i.XMLDesc(0);
        const parsed = xml.parseInterface(text);
        expect([i.name(), xml.unknownContent(parsed)]).toEqual([i.name(), { elements: [], attributes: [] }]);
        expect([i.name(), firstDiff(canonDoc(text), canonDoc(xml.formatInterface(parsed)), '')]).toEqual([i.name(), null]);
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(0);
  } finally {
    await sys?.close();
    await tst.close();
  }
});
