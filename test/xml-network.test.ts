/**
 * Virtual network and network port XML: round trips over libvirt's own test XML,
 * libvirt's schemas, typed coverage, the validation rules (each checked against what
 * libvirt answers for the same document) and live define / read-back.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Canon, canonDoc, firstDiff } from './helpers/xml-compare';
import { openSystem, TEST_URI, uniqueName } from './helpers/libvirt';
import { open } from '../src';
import type { Connection } from '../src';
import * as xml from '../src/xml';
import type { Network, NetworkPort } from '../src/xml';
import { typedCoverage } from '../src/xml/coverage';
import { roundTripFailures, schemaCheck, oddValuesOnly } from './helpers/xml-kind-checks';

jest.setTimeout(60_000);

const corpus = path.resolve(__dirname, '../../shared/corpus');
const netDir = path.join(corpus, 'network');
const netFiles = fs.readdirSync(netDir).filter((f) => f.endsWith('.xml')).sort();
const readNet = (f: string): string => fs.readFileSync(path.join(netDir, f), 'utf8');

describe('corpus/network', () => {
  test('the corpus is there, with no schema-invalid files', () => {
    expect(netFiles.length).toBeGreaterThan(50);
    expect(fs.existsSync(path.join(netDir, 'schema-invalid'))).toBe(false);
  });

  test('every file: parse -> format keeps every element, attribute and text, in order', () => {
    expect(roundTripFailures('network', xml.parseNetwork, xml.formatNetwork)).toEqual([]);
  });

  test('formatting is stable: format(parse(format(parse(x)))) equals format(parse(x))', () => {
    for (const f of netFiles) {
      const once = xml.formatNetwork(xml.parseNetwork(readNet(f)));
      expect(xml.formatNetwork(xml.parseNetwork(once))).toBe(once);
    }
  });

  test("without the remembered source order, formatting writes libvirt's element order (all network-out files)", () => {
    const order = (c: Canon | string): unknown => (typeof c === 'string' ? c : [c.name, c.children.map(order)]);
    const names = (text: string): unknown => order(canonDoc(text));
    const outs = netFiles.filter((f) => f.startsWith('network-out--'));
    expect(outs.length).toBeGreaterThan(20);
    for (const f of outs) {
      const text = readNet(f);
      expect([f, names(xml.formatNetwork(structuredClone(xml.parseNetwork(text))))]).toEqual([f, names(text)]);
    }
  });

  test("every formatted file passes libvirt's network schema", () => {
    const r = schemaCheck('network', Object.fromEntries(netFiles.map((f) => [f, xml.formatNetwork(xml.parseNetwork(readNet(f)))])));
    expect(r.failing).toEqual([]);
    expect(r.validated).toBe(netFiles.length);
  });

  test('typed coverage is at least 95% of element and attribute paths (application metadata aside)', () => {
    const c = typedCoverage(netFiles.map((file) => ({ file, text: readNet(file) })), xml.parseNetwork, /^\/network\/metadata\//);
    expect([...c.untypedElements.keys(), ...c.untypedAttributes.keys()]).toEqual([]);
    expect(c.elementPct).toBeGreaterThanOrEqual(95);
    expect(c.attributePct).toBeGreaterThanOrEqual(95);
  });

  test('odd values anywhere in a network give XmlValidationError, nothing else', () => {
    for (const f of ['network-in--nat-network.xml', 'network-in--nat-network-dns-srv-records.xml', 'network-in--hostdev.xml', 'network-in--8021Qbh-net.xml', 'network-out--netboot-proxy-network.xml', 'network-in--leasetime-hours.xml']) {
      expect([f, oddValuesOnly(xml.parseNetwork(readNet(f)), xml.formatNetwork)]).toEqual([f, []]);
    }
  });

  test('the root element is checked: a domain is not a network, a network is not a port or an interface', () => {
    expect(() => xml.parseNetwork("<domain type='test'><name>x</name></domain>")).toThrow(new xml.XmlError('expected root element <network>, found <domain>', 1, 1));
    expect(() => xml.parseNetworkPort(readNet('network-in--nat-network.xml'))).toThrow('expected root element <networkport>, found <network>');
    expect(() => xml.parseInterface(readNet('network-in--nat-network.xml'))).toThrow('expected root element <interface>, found <network>');
  });

  test('fields land where libvirt documents them', () => {
    const n = xml.parseNetwork(readNet('network-in--nat-network-dns-srv-records.xml'));
    expect(n.forward).toEqual({ dev: 'eth1', mode: 'nat', interface: [{ dev: 'eth1' }] });
    expect(n.bridge).toEqual({ name: 'virbr0', stp: 'on', delay: 0 });
    expect(n.dns!.srv![0]).toEqual({ service: 'name', protocol: 'tcp', domain: 'test-domain-name', target: '.', port: 1024, priority: 10, weight: 10 });
    expect(n.ip![0].dhcp!.host![1]).toEqual({ mac: '00:16:3e:3e:a9:1a', name: 'b.example.com', ip: '192.168.122.11' });
    expect(n.ip![2]).toEqual({ family: 'ipv6', address: '2001:db8:ac10:fe01::1', prefix: 64 });
    const hostdev = xml.parseNetwork(readNet('network-in--hostdev.xml'));
    expect(hostdev.forward!.address![0]).toEqual({ type: 'pci', domain: '0x0000', bus: '0x03', slot: '0x00', function: '0x1' });
    // the live XML of a network in use counts the connections of each pool device
    const live = xml.parseNetwork("<network connections='3'><name>h</name><forward mode='hostdev' managed='yes'><address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x1' connections='2'/></forward></network>");
    expect(live.connections).toBe(3);
    expect(live.forward!.address![0]).toEqual({ type: 'pci', domain: '0x0000', bus: '0x03', slot: '0x00', function: '0x1', connections: 2 });
    const opts = xml.parseNetwork(readNet('network-in--dnsmasq-options.xml'));
    expect(opts['dnsmasq:options']!['dnsmasq:option']!.map((o) => o.value)).toEqual(['foo=bar', 'cname=*.cloudapps.example.com,master.example.com']);
    const lease = xml.parseNetwork(readNet('network-in--leasetime-hours.xml'));
    expect(lease.ip![0].dhcp!.range![0].lease).toEqual({ expiry: 1, unit: 'hours' });
  });
});

// ---------------------------------------------------------------------------
// network ports: no corpus folder; documents written after libvirt's format documentation

const PORTS: [string, string][] = [
  ['plug-network.xml', `<networkport>
  <uuid>3a1d1e5c-58f1-4a2e-9d9b-2b1f2b0c6a10</uuid>
  <owner>
    <name>web1</name>
    <uuid>b5a1c1a4-3c6e-4a53-8a4e-6f1bb1f7e2d1</uuid>
  </owner>
  <group>front</group>
  <mac address='52:54:00:aa:bb:01'/>
  <virtualport type='openvswitch'>
    <parameters interfaceid='09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f' profileid='gold'/>
  </virtualport>
  <bandwidth classID='7'>
    <inbound average='1000' peak='4000' burst='1024' floor='500'/>
    <outbound average='128' peak='256' burst='256'/>
  </bandwidth>
  <vlan trunk='yes'>
    <tag id='10'/>
    <tag id='20' nativeMode='untagged'/>
  </vlan>
  <port isolated='yes'/>
  <rxfilters trustGuest='yes'/>
  <plug type='network' bridge='virbr0' macTableManager='libvirt'/>
</networkport>
`],
  ['plug-bridge.xml', `<networkport>
  <uuid>3a1d1e5c-58f1-4a2e-9d9b-2b1f2b0c6a11</uuid>
  <owner>
    <name>web2</name>
    <uuid>b5a1c1a4-3c6e-4a53-8a4e-6f1bb1f7e2d2</uuid>
  </owner>
  <mac address='52:54:00:aa:bb:02'/>
  <plug type='bridge' bridge='br0'/>
</networkport>
`],
  ['plug-direct.xml', `<networkport>
  <uuid>3a1d1e5c-58f1-4a2e-9d9b-2b1f2b0c6a12</uuid>
  <owner>
    <name>web3</name>
    <uuid>b5a1c1a4-3c6e-4a53-8a4e-6f1bb1f7e2d3</uuid>
  </owner>
  <mac address='52:54:00:aa:bb:03'/>
  <plug type='direct' dev='eth0' mode='vepa'/>
</networkport>
`],
  ['plug-hostdev-pci.xml', `<networkport>
  <uuid>3a1d1e5c-58f1-4a2e-9d9b-2b1f2b0c6a13</uuid>
  <owner>
    <name>web4</name>
    <uuid>b5a1c1a4-3c6e-4a53-8a4e-6f1bb1f7e2d4</uuid>
  </owner>
  <mac address='52:54:00:aa:bb:04'/>
  <plug type='hostdev-pci' managed='yes'>
    <driver name='vfio'/>
    <address domain='0x0000' bus='0x03' slot='0x10' function='0x1'/>
  </plug>
</networkport>
`],
  ['plug-none.xml', `<networkport>
  <uuid>3a1d1e5c-58f1-4a2e-9d9b-2b1f2b0c6a14</uuid>
  <owner>
    <name>web5</name>
    <uuid>b5a1c1a4-3c6e-4a53-8a4e-6f1bb1f7e2d5</uuid>
  </owner>
  <mac address='52:54:00:aa:bb:05'/>
</networkport>
`],
];

describe('network ports', () => {
  test('the sample documents pass the networkport schema as written', () => {
    const r = schemaCheck('networkport', Object.fromEntries(PORTS));
    expect(r.failing).toEqual([]);
    expect(r.validated).toBe(PORTS.length);
  });

  test('each round-trips, formats stably, passes the schema once formatted, and is wholly typed', () => {
    const out: [string, string][] = [];
    for (const [name, text] of PORTS) {
      const once = xml.formatNetworkPort(xml.parseNetworkPort(text));
      expect([name, firstDiff(canonDoc(text), canonDoc(once), '')]).toEqual([name, null]);
      // libvirt writes the elements in exactly this order: the text is byte-identical apart from quotes
      expect(once).toBe(text.replace(/'/g, '"'));
      expect(xml.formatNetworkPort(xml.parseNetworkPort(once))).toBe(once);
      out.push([name, once]);
    }
    expect(schemaCheck('networkport', Object.fromEntries(out)).failing).toEqual([]);
    const c = typedCoverage(PORTS.map(([file, text]) => ({ file, text })), xml.parseNetworkPort);
    expect([c.elementPct, c.attributePct]).toEqual([100, 100]);
  });

  test('plug narrows on its type', () => {
    const plugs = PORTS.map(([, t]) => xml.parseNetworkPort(t).plug);
    const seen = plugs.map((p) => {
      if (!p) return 'none';
      switch (p.type) {
        case 'network':
        case 'bridge':
          return `${p.type}:${p.bridge}`;
        case 'direct':
          return `direct:${p.dev}:${p.mode}`;
        case 'hostdev-pci':
          return `pci:${p.address?.bus}:${p.driver?.name}`;
        default:
          return 'other';
      }
    });
    expect(seen).toEqual(['network:virbr0', 'bridge:br0', 'direct:eth0:vepa', 'pci:0x03:vfio', 'none']);
    const first = xml.parseNetworkPort(PORTS[0][1]);
    expect(first.bandwidth).toEqual({ classID: 7, inbound: { average: 1000, peak: 4000, burst: 1024, floor: 500 }, outbound: { average: 128, peak: 256, burst: 256 } });
    expect(first.vlan).toEqual({ trunk: 'yes', tag: [{ id: 10 }, { id: 20, nativeMode: 'untagged' }] });
  });

  test('odd values anywhere in a port give XmlValidationError, nothing else', () => {
    for (const [, text] of PORTS) expect(oddValuesOnly(xml.parseNetworkPort(text), xml.formatNetworkPort)).toEqual([]);
  });
});

/** [rule, the port, the field and message formatNetworkPort reports, what libvirt says] checked on qemu:///system's portCreateXML. */
const PORT_RULES: [string, (p: NetworkPort) => void, string, RegExp][] = [
  ['a UUID that does not parse', (p) => (p.uuid = 'nope'), 'uuid: must be a UUID', /Unable to parse UUID 'nope'/],
  ['an owner without a name', (p) => delete p.owner.name, "owner.name: must be the owning domain's name", /network port has no owner name/],
  ["an owner's UUID that does not parse", (p) => (p.owner.uuid = 'x'), 'owner.uuid: must be a UUID', /Unable to parse UUID 'x'/],
  ['a MAC address that does not parse', (p) => (p.mac = { address: '52:54:00:aa:bb' }), 'mac.address: must be a MAC address', /Unable to parse MAC '52:54:00:aa:bb'/],
  ['no MAC address', (p) => (p.mac = {}), 'mac.address: must be a MAC address', /network port has no mac/],
  ['a bridge plug without its bridge', (p) => (p.plug = { type: 'bridge' }), "plug.bridge: is required for a 'bridge' plug", /Missing network port bridge name/],
  ['a direct plug without its device', (p) => (p.plug = { type: 'direct', mode: 'vepa' }), "plug.dev: is required for a 'direct' plug", /Missing network port link device name/],
  ['a PCI plug without its address', (p) => (p.plug = { type: 'hostdev-pci' }), "plug.address: is required for a 'hostdev-pci' plug", /Missing network port PCI address/],
];

describe('network port validation, checked against libvirt (qemu:///system: the test driver has no ports)', () => {
  let sys: Connection;
  let net: Awaited<ReturnType<Connection['networkCreateXML']>> | undefined;
  beforeAll(async () => {
    sys = (await openSystem())!;
    // a bridge-mode network to a bridge that does not exist: starting it and adding ports changes nothing on the host
    net = await sys.networkCreateXML(xml.formatNetwork({ name: uniqueName('portrules'), forward: { mode: 'bridge' }, bridge: { name: `lvnr${process.pid % 100000}` } }));
  });
  afterAll(async () => {
    await net?.destroy();
    await sys?.close();
  });

  test.each(PORT_RULES)('%s', async (_rule, edit, message, libvirtSays) => {
    const p = xml.parseNetworkPort(PORTS[1][1]);
    edit(p);
    expect(() => xml.formatNetworkPort(p)).toThrow(xml.XmlValidationError);
    expect(() => xml.formatNetworkPort(p)).toThrow(message);
    let made: { delete(flags?: number): Promise<number> } | undefined;
    try {
      made = await net!.portCreateXML(xml.formatNetworkPort(p, { validate: false }));
    } catch (e) {
      expect((e as Error).message).toMatch(libvirtSays);
    } finally {
      await made?.delete();
    }
    expect(made).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------
// network validation rules, each checked against libvirt

const good = (): Network => ({
  name: 'lvn-xml-net-rules',
  forward: { mode: 'nat' },
  bridge: { name: 'lvnrules0' },
  ip: [{ address: '192.168.150.1', prefix: 24, dhcp: { range: [{ start: '192.168.150.10', end: '192.168.150.20' }], host: [{ mac: '52:54:00:00:00:01', ip: '192.168.150.5' }] } }],
});

/** [rule, the network, the field and message formatNetwork reports, what libvirt says] checked on test:///default's networkDefineXML. */
const RULES: [string, (n: Network) => void, string, RegExp][] = [
  ['an IP address that does not parse', (n) => (n.ip![0].address = '192.168.150.300'), 'ip[0].address: must be an IPv4 or IPv6 address', /Invalid address '192.168.150.300'/],
  ['an IPv4 prefix above 32', (n) => (n.ip![0].prefix = 33), 'ip[0].prefix: must be an IPv4 prefix length between 0 and 32', /Invalid IPv4 prefix '33'/],
  ['an IPv6 prefix above 128', (n) => (n.ip![0] = { family: 'ipv6', address: '2001:db8::1', prefix: 129 }), 'ip[0].prefix: must be an IPv6 prefix length between 0 and 128', /Invalid IPv6 prefix '129'/],
  ['a netmask that does not parse', (n) => { delete n.ip![0].prefix; n.ip![0].netmask = '255.255.x.0'; }, 'ip[0].netmask: must be an IPv4 netmask', /Invalid netmask '255.255.x.0'/],
  ['both a prefix and a netmask', (n) => (n.ip![0].netmask = '255.255.255.0'), 'ip[0].prefix: cannot be given with a netmask', /cannot have both a prefix and a netmask/],
  ['an address of the other family', (n) => (n.ip![0].family = 'ipv6'), "ip[0].address: must be an IPv6 address like the network's", /Family 'ipv6' specified for non-IPv6 address/],
  ['a DHCP range outside its network', (n) => (n.ip![0].dhcp!.range![0] = { start: '192.168.151.10', end: '192.168.151.20' }), 'ip[0].dhcp.range[0].start: must be within the network 192.168.150.1/24', /not entirely within network/],
  ['a DHCP range that ends outside its network', (n) => (n.ip![0].dhcp!.range![0].end = '192.168.151.20'), 'ip[0].dhcp.range[0].end: must be within the network 192.168.150.1/24', /not entirely within network/],
  ['a reversed DHCP range', (n) => (n.ip![0].dhcp!.range![0] = { start: '192.168.150.20', end: '192.168.150.10' }), 'ip[0].dhcp.range[0].end: must not come before start', /is reversed/],
  ['a DHCP range starting at the network address', (n) => (n.ip![0].dhcp!.range![0].start = '192.168.150.0'), 'ip[0].dhcp.range[0].start: must not be the network address of 192.168.150.1/24', /is the network address/],
  ['a DHCP range ending at the broadcast address', (n) => (n.ip![0].dhcp!.range![0].end = '192.168.150.255'), 'ip[0].dhcp.range[0].end: must not be the broadcast address of 192.168.150.1/24', /is the broadcast address/],
  ['a DHCP range of 65536 addresses or more', (n) => { n.ip![0].prefix = 8; n.ip![0].dhcp!.range![0] = { start: '192.168.150.2', end: '192.169.150.2' }; }, 'ip[0].dhcp.range[0].end: must be less than 65536 addresses from start', /is too large/],
  ['an IPv6 DHCP range of 65536 addresses or more', (n) => (n.ip![0] = { family: 'ipv6', address: '2001:db8::1', prefix: 64, dhcp: { range: [{ start: '2001:db8::100', end: '2001:db8::1:0' }] } }), 'ip[0].dhcp.range[0].end: must be less than 65536 addresses from start', /is too large/],
  ['a DHCP range outside a netmask network', (n) => { delete n.ip![0].prefix; n.ip![0].address = '172.16.0.1'; n.ip![0].netmask = '255.255.252.0'; n.ip![0].dhcp = { range: [{ start: '172.16.4.2', end: '172.16.4.9' }] }; }, 'ip[0].dhcp.range[0].start: must be within the network 172.16.0.1/22', /not entirely within network 172.16.0.1\/22/],
  ['a DHCP range outside a classful network (no prefix, no netmask)', (n) => { delete n.ip![0].prefix; n.ip![0].dhcp!.range![0] = { start: '192.168.151.2', end: '192.168.151.9' }; }, 'ip[0].dhcp.range[0].start: must be within the network 192.168.150.1/24', /not entirely within network 192.168.150.1\/24/],
  ['a DHCP range of the other family', (n) => (n.ip![0].dhcp!.range![0] = { start: '2001:db8::2', end: '2001:db8::9' }), "ip[0].dhcp.range[0].start: must be an IPv4 address like the network's", /mismatch of address family/],
  ['a DHCP range address that does not parse', (n) => (n.ip![0].dhcp!.range![0].start = '192.168.150.x'), 'ip[0].dhcp.range[0].start: must be an IPv4 or IPv6 address', /Cannot parse socket address '192.168.150.x'/],
  ['a DHCP host with a bad MAC address', (n) => (n.ip![0].dhcp!.host![0].mac = '52:54:00:00:01'), 'ip[0].dhcp.host[0].mac: must be a MAC address', /Cannot parse MAC address '52:54:00:00:01'/],
  ['a DHCP host with a multicast MAC address', (n) => (n.ip![0].dhcp!.host![0].mac = '01:54:00:00:00:01'), 'ip[0].dhcp.host[0].mac: must be a unicast MAC address', /expected unicast mac address/],
  ['a DHCP host address that does not parse', (n) => (n.ip![0].dhcp!.host![0].ip = '192.168.150.x'), 'ip[0].dhcp.host[0].ip: must be an IPv4 or IPv6 address', /Invalid IP address in static host definition/],
  ['a multicast bridge MAC address', (n) => (n.mac = { address: '01:00:00:00:00:01' }), 'mac.address: must be a unicast MAC address', /Invalid multicast bridge mac address/],
  ['a DNS host address that does not parse', (n) => (n.dns = { host: [{ ip: '1.2.3.x', hostname: ['a'] }] }), 'dns.host[0].ip: must be an IPv4 or IPv6 address', /Invalid IP address in network '[^']+' DNS HOST record/],
  ['nat forwarding without an address', (n) => delete n.ip, 'ip: must hold an address: nat forwarding needs one', /nat forwarding requested, but no IP address provided/],
  ['an <ip> without an address', (n) => (n.ip = [{ netmask: '255.255.255.0' }]), 'ip[0].address: is required', /Missing required address attribute/],
  ['STP on a bridge-mode network', (n) => { n.forward = { mode: 'bridge' }; n.bridge = { name: 'br0', stp: 'off' }; delete n.ip; }, 'bridge.stp: is only for nat, route, open and isolated networks, not in bridge mode', /bridge delay\/stp\/zone options only allowed/],
  ['a forward delay on a private network', (n) => { n.forward = { mode: 'private', interface: [{ dev: 'eth0' }] }; n.bridge = { delay: 2 }; delete n.ip; }, 'bridge.delay: is only for nat, route, open and isolated networks, not in private mode', /bridge delay\/stp\/zone options only allowed/],
  ['a firewalld zone on a bridge-mode network', (n) => { n.forward = { mode: 'bridge' }; n.bridge = { name: 'br0', zone: 'trusted' }; delete n.ip; }, 'bridge.zone: is only for nat, route, open and isolated networks, not in bridge mode', /bridge delay\/stp\/zone options only allowed/],
  ['a MAC table manager on a vepa network', (n) => { n.forward = { mode: 'vepa', interface: [{ dev: 'eth0' }] }; n.bridge = { macTableManager: 'libvirt' }; delete n.ip; }, 'bridge.macTableManager: is not allowed in vepa mode', /macTableManager setting not allowed in vepa mode/],
  ['an MTU on a passthrough network', (n) => { n.forward = { mode: 'passthrough', interface: [{ dev: 'eth0' }] }; delete n.bridge; n.mtu = { size: 9000 }; delete n.ip; }, 'mtu: is only for nat, route, open and isolated networks, not in passthrough mode', /mtu size only allowed in open, route, nat, and isolated mode/],
  ['a bridge-mode network with both a bridge and a forward device', (n) => { n.forward = { mode: 'bridge', dev: 'eth0' }; n.bridge = { name: 'br0' }; delete n.ip; }, 'bridge.name: cannot be given with a forward device', /can specify a bridge name or a forward dev, but not both/],
  ['a name with a slash', (n) => (n.name = 'lvn/xml'), "name: must not contain '/'", /invalid char in name: \//],
  ['a UUID that does not parse', (n) => (n.uuid = 'zz'), 'uuid: must be a UUID', /malformed uuid element/],
];

describe('network validation, checked against libvirt', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await open(TEST_URI);
  });
  afterAll(async () => {
    await conn?.close();
  });

  test('the base document is accepted by formatNetwork and by libvirt', async () => {
    const net = await conn.networkDefineXML(xml.formatNetwork(good()));
    await net.undefine();
  });

  test('ranges libvirt accepts pass too: IPv6, a netmask, a classful network, a range up to the last 16 bits', async () => {
    const accepted: Network['ip'][] = [
      [{ family: 'ipv6', address: '2001:db8::1', prefix: 64, dhcp: { range: [{ start: '2001:db8::', end: '2001:db8::ffff' }] } }],
      [{ address: '172.16.0.1', netmask: '255.255.252.0', dhcp: { range: [{ start: '172.16.3.2', end: '172.16.3.9' }] } }],
      [{ address: '10.0.0.1', dhcp: { range: [{ start: '10.200.0.2', end: '10.200.0.9' }] } }],
      [{ address: '10.0.0.1', prefix: 8, dhcp: { range: [{ start: '10.0.0.2', end: '10.0.255.255' }] } }],
      [{ family: 'ipv6', address: '::ffff:10.0.0.1', prefix: 120, dhcp: { range: [{ start: '::ffff:10.0.0.2', end: '::ffff:10.0.0.9' }] } }],
    ];
    for (const ip of accepted) {
      const net = await conn.networkDefineXML(xml.formatNetwork({ name: 'lvn-xml-net-ok', ip }));
      await net.undefine();
    }
  });

  test('forward setups libvirt accepts pass too: bridge mode with delay 0, a MAC table manager in bridge mode, nat over IPv6 only, a private pool', async () => {
    const accepted: Network[] = [
      { name: 'lvn-xml-net-ok', forward: { mode: 'bridge' }, bridge: { name: 'br0', delay: 0, macTableManager: 'libvirt' } },
      { name: 'lvn-xml-net-ok', forward: { mode: 'nat' }, ip: [{ family: 'ipv6', address: '2001:db8::1', prefix: 64 }] },
      { name: 'lvn-xml-net-ok', forward: { mode: 'private', interface: [{ dev: 'eth0' }, { dev: 'eth1' }] } },
      { name: 'lvn-xml-net-ok', forward: { mode: 'bridge' }, bridge: { name: 'br0' }, ip: [{ address: '10.0.0.1', prefix: 24 }] },
    ];
    for (const def of accepted) {
      const net = await conn.networkDefineXML(xml.formatNetwork(def));
      await net.undefine();
    }
  });

  test.each(RULES)('%s', async (_rule, edit, message, libvirtSays) => {
    const n = good();
    edit(n);
    expect(() => xml.formatNetwork(n)).toThrow(xml.XmlValidationError);
    expect(() => xml.formatNetwork(n)).toThrow(message);
    const text = xml.formatNetwork(n, { validate: false });
    let defined: { undefine(): Promise<number> } | undefined;
    try {
      defined = await conn.networkDefineXML(text);
    } catch (e) {
      expect((e as Error).message).toMatch(libvirtSays);
    } finally {
      await defined?.undefine();
    }
    expect(defined).toBeUndefined();
  });

  test('a bridge name longer than 15 characters: libvirt refuses to start the network (qemu:///system)', async () => {
    const n: Network = { name: uniqueName('longbr'), bridge: { name: 'lvnbridgename16c' } };
    expect(() => xml.formatNetwork(n)).toThrow('bridge.name: must be a device name of at most 15 characters (got "lvnbridgename16c")');
    xml.formatNetwork({ ...n, bridge: { name: 'lvnbridgename15' } });
    const sys = await openSystem();
    let started: { destroy(): Promise<number> } | undefined;
    try {
      // the kernel refuses the name before anything is made: nothing to clean up unless libvirt accepted it
      started = await sys!.networkCreateXML(xml.formatNetwork(n, { validate: false }));
    } catch (e) {
      expect((e as Error).message).toMatch(/lvnbridgename16c/);
    } finally {
      await started?.destroy();
      await sys?.close();
    }
    expect(started).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------
// live: typed object -> libvirt -> XMLDesc -> typed object

describe('live', () => {
  test('a network built with the typed model reads back from test:///default with the same fields', async () => {
    const conn = await open(TEST_URI);
    const def: Network = {
      name: uniqueName('xmlnet'),
      forward: { mode: 'nat', nat: { port: { start: 1024, end: 65535 } } },
      bridge: { name: 'lvnxml0', stp: 'on', delay: 0 },
      mtu: { size: 9000 },
      mac: { address: '52:54:00:12:34:56' },
      domain: { name: 'example.test', localOnly: 'yes' },
      dns: { forwarder: [{ addr: '192.0.2.53' }], txt: [{ name: 'info', value: 'a & b' }], host: [{ ip: '192.168.160.9', hostname: ['db', 'db.example.test'] }] },
      ip: [
        {
          address: '192.168.160.1',
          netmask: '255.255.255.0',
          dhcp: { range: [{ start: '192.168.160.100', end: '192.168.160.199', lease: { expiry: 2, unit: 'hours' } }], host: [{ mac: '52:54:00:00:00:09', name: 'db', ip: '192.168.160.9' }] },
        },
        { family: 'ipv6', address: 'fd00:160::1', prefix: 64 },
      ],
      route: [{ address: '10.160.0.0', prefix: 16, gateway: '192.168.160.2' }],
      portgroup: [{ name: 'gold', default: 'yes', bandwidth: { inbound: { average: 1000 } } }],
    };
    let net: Awaited<ReturnType<Connection['networkDefineXML']>> | undefined;
    try {
      net = await conn.networkDefineXML(xml.formatNetwork(def));
      const back = xml.parseNetwork(await net.XMLDesc());
      expect(back.uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(xml.unknownContent(back)).toEqual({ elements: [], attributes: [] });
      expect(back).toMatchObject({ ...def, uuid: back.uuid });
    } finally {
      await net?.undefine();
      await conn.close();
    }
  });

  test('a network port built with the typed model reads back from qemu:///system with the same fields', async () => {
    const sys = (await openSystem())!;
    // a bridge-mode network to a bridge that does not exist: starting it and adding ports changes nothing on the host
    const netName = uniqueName('xmlport');
    let net: Awaited<ReturnType<Connection['networkCreateXML']>> | undefined;
    let port: { delete(flags?: number): Promise<number>; XMLDesc(flags?: number): Promise<string> } | undefined;
    try {
      net = await sys.networkCreateXML(xml.formatNetwork({ name: netName, forward: { mode: 'bridge' }, bridge: { name: `lvnp${process.pid % 100000}` } }));
      const def: NetworkPort = {
        uuid: '0f9a6f36-2c5e-4d3e-9a59-4d1c7a3b5e01',
        owner: { name: 'lvn-owner', uuid: '1b8d3c2e-6a4f-4b7e-8c9d-0e1f2a3b4c5d' },
        mac: { address: '52:54:00:31:32:33' },
        bandwidth: { inbound: { average: 1000, peak: 2000, burst: 512 } },
        vlan: { tag: [{ id: 42 }] },
        rxfilters: { trustGuest: 'yes' },
      };
      port = await net.portCreateXML(xml.formatNetworkPort(def));
      const back = xml.parseNetworkPort(await port.XMLDesc());
      expect(xml.unknownContent(back)).toEqual({ elements: [], attributes: [] });
      expect(back).toMatchObject(def);
      expect(back.plug).toEqual({ type: 'bridge', bridge: `lvnp${process.pid % 100000}` });
    } finally {
      await port?.delete();
      await net?.destroy();
      await sys.close();
    }
  });
});

test('every network the hosts report (qemu:///system and test:///default) parses wholly typed and formats back unchanged', async () => {
  const sys = await openSystem();
  const tst = await open(TEST_URI);
  try {
    let seen = 0;
    for (const conn of [sys!, tst]) {
      for (const n of await conn.listAllNetworks(0)) {
        let text: string;
        try {
          text = await n.XMLDesc(0);
        } catch {
          continue; // another test's transient network, gone meanwhile
        }
        const parsed = xml.parseNetwork(text);
        expect([n.name(), xml.unknownContent(parsed)]).toEqual([n.name(), { elements: [], attributes: [] }]);
        expect([n.name(), firstDiff(canonDoc(text), canonDoc(xml.formatNetwork(parsed)), '')]).toEqual([n.name(), null]);
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(0);
  } finally {
    await sys?.close();
    await tst.close();
  }
});
