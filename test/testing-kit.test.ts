import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as lv from '../src';
import { testHypervisor, formatTestNode } from '../src/testing';

const { xml } = lv;

function domain(name: string, vcpus: number, memKiB: number): lv.xml.Domain {
  return xml.parseDomain(
    `<domain type="test"><name>${name}</name><memory unit="KiB">${memKiB}</memory><vcpu>${vcpus}</vcpu>` +
      `<os><type arch="x86_64">hvm</type></os></domain>`,
  );
}

const spec = (): Parameters<typeof testHypervisor>[0] => ({
  cpu: { nodes: 1, sockets: 2, cores: 3, threads: 2, mhz: 1234, model: 'i686' },
  memoryKiB: 4194304,
  domains: [domain('alpha', 2, 524288), domain('beta', 1, 262144)],
  networks: [
    xml.parseNetwork(
      '<network><name>lan</name><bridge name="tkbr0"/><forward mode="nat"/><ip address="192.168.150.1" netmask="255.255.255.0"/></network>',
    ),
  ],
  pools: [
    {
      pool: xml.parseStoragePool('<pool type="dir"><name>images</name><target><path>/var/lib/tk-images</path></target></pool>'),
      volumes: [
        xml.parseStorageVolume('<volume><name>a.img</name><capacity unit="bytes">1048576</capacity></volume>'),
        xml.parseStorageVolume('<volume><name>b.img</name><capacity unit="bytes">2097152</capacity></volume>'),
      ],
    },
    { pool: xml.parseStoragePool('<pool type="dir"><name>empty</name><target><path>/var/lib/tk-empty</path></target></pool>') },
  ],
});

test('what the spec asks for is what libvirt reports', async () => {
  const conn = await testHypervisor(spec());
  try {
    const info = await conn.getInfo();
    expect(info).toMatchObject({ model: 'i686', mhz: 1234, nodes: 1, sockets: 2, cores: 3, threads: 2, cpus: 12 });
    expect(info.memory).toBe(4096); // MiB, as python gives it (4 GiB asked)

    const doms = await conn.listAllDomains();
    expect(doms.map((d) => d.name()).sort()).toEqual(['alpha', 'beta']);
    const alpha = await conn.lookupByName('alpha');
    const parsed = xml.parseDomain(await alpha.XMLDesc());
    expect(parsed.vcpu?.value).toBe(2);
    expect(parsed.memory?.value).toBe(524288);

    const nets = await conn.listAllNetworks();
    expect(nets.map((n) => n.name())).toEqual(['lan']);
    const net = xml.parseNetwork(await nets[0].XMLDesc());
    expect(net.bridge?.name).toBe('tkbr0');

    const pools = await conn.listAllStoragePools();
    expect(pools.map((p) => p.name()).sort()).toEqual(['empty', 'images']);
    const images = await conn.storagePoolLookupByName('images');
    const vols = await images.listAllVolumes();
    expect(vols.map((v) => v.name()).sort()).toEqual(['a.img', 'b.img']);
    const b = await images.storageVolLookupByName('b.img');
    expect(Number(xml.parseStorageVolume(await b.XMLDesc()).capacity?.value)).toBe(2097152);
    const empty = await conn.storagePoolLookupByName('empty');
    expect(await empty.listAllVolumes()).toEqual([]);
  } finally {
    await conn.close();
  }
});

test('each connection is a separate host, and closing it removes its folder', async () => {
  const a = await testHypervisor({ domains: [domain('only-a', 1, 131072)] });
  const b = await testHypervisor({});
  const uri = await a.getURI();
  const file = uri.replace(/^test:\/\//, '');
  expect(fs.existsSync(file)).toBe(true);
  try {
    await (await a.lookupByName('only-a')).destroy();
    expect((await a.listAllDomains()).map((d) => d.name())).toEqual(['only-a']);
    expect(await b.listAllDomains()).toEqual([]);
    // defaults: 2 CPUs, 8 GiB
    const info = await b.getInfo();
    expect(info.cpus).toBe(2);
    expect(info.memory).toBe(8192); // MiB
  } finally {
    await a.close();
    await b.close();
  }
  expect(fs.existsSync(path.dirname(file))).toBe(false);
});

test('a bad spec is refused with a message naming the field, and nothing is left behind', async () => {
  expect(() => formatTestNode({ cpu: { cores: 0 } })).toThrow(/cpu\.cores must be a positive integer/);
  expect(() => formatTestNode({ cpu: { cores: 2, active: 3 } })).toThrow(/cpu\.active \(3\) exceeds/);
  expect(() => formatTestNode({ domains: [domain('x', 1, 1024), domain('x', 1, 1024)] })).toThrow(/two domains are named "x"/);
  await expect(testHypervisor({ memoryKiB: -1 })).rejects.toThrow(/memoryKiB/);
  // a spec that libvirt itself refuses: the open fails and the temporary folder goes
  const tmp = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('libvirt-napi-testhv-')).sort();
  const before = tmp();
  await expect(testHypervisor({ domains: [{ name: 'no-os' } as lv.xml.Domain] })).rejects.toThrow(lv.LibvirtError);
  expect(tmp()).toEqual(before);
});

describe('node devices and host interfaces', () => {
  const devices = (): lv.xml.NodeDevice[] => [
    {
      name: 'net_eth9_52_54_00_00_00_09',
      parent: { value: 'computer' },
      capability: [{ type: 'net', interface: 'eth9', address: '52:54:00:00:00:09' }],
    },
    xml.parseNodeDevice(
      '<device><name>pci_0000_00_1f_0</name><parent>computer</parent><capability type="pci">' +
        '<domain>0</domain><bus>0</bus><slot>31</slot><function>0</function><product id="0x2918"/><vendor id="0x8086"/></capability></device>',
    ),
  ];
  const interfaces = (): lv.xml.HostInterface[] => [
    { type: 'ethernet', name: 'eth9', start: { mode: 'onboot' }, mac: { address: '52:54:00:00:00:09' } },
    xml.parseInterface(
      '<interface type="bridge" name="br9"><start mode="onboot"/><bridge stp="off">' +
        '<interface type="ethernet" name="eth8"><mac address="52:54:00:00:00:08"/></interface></bridge></interface>',
    ),
  ];

  test('listAllDevices, nodeDeviceLookupByName, listAllInterfaces and interfaceLookupByName see what the spec holds', async () => {
    const conn = await testHypervisor({ nodeDevices: devices(), interfaces: interfaces() });
    try {
      const names = (await conn.listAllDevices()).map((d) => d.name()).sort();
      expect(names).toEqual(['net_eth9_52_54_00_00_00_09', 'pci_0000_00_1f_0']);
      const net = xml.parseNodeDevice(await (await conn.nodeDeviceLookupByName('net_eth9_52_54_00_00_00_09')).XMLDesc());
      expect(net.capability?.[0]).toMatchObject({ type: 'net', interface: 'eth9', address: '52:54:00:00:00:09' });
      const pci = xml.parseNodeDevice(await (await conn.nodeDeviceLookupByName('pci_0000_00_1f_0')).XMLDesc());
      expect(pci.capability?.[0]).toMatchObject({ type: 'pci', slot: 31 });
      await expect(conn.nodeDeviceLookupByName('pci_0000_00_02_0')).rejects.toThrow(lv.LibvirtError);

      expect((await conn.listAllInterfaces()).map((i) => i.name()).sort()).toEqual(['br9', 'eth9']);
      const eth9 = await conn.interfaceLookupByName('eth9');
      expect(eth9.MACString()).toBe('52:54:00:00:00:09');
      expect(await eth9.isActive()).toBe(true);
      const br9 = xml.parseInterface(await (await conn.interfaceLookupByName('br9')).XMLDesc());
      expect(br9.type).toBe('bridge');
      expect(br9.type === 'bridge' && br9.bridge?.interface?.map((i) => i.name)).toEqual(['eth8']);
      // a spec without them: none
      const bare = await testHypervisor({});
      try {
        expect(await bare.listAllDevices()).toEqual([]);
        expect(await bare.listAllInterfaces()).toEqual([]);
      } finally {
        await bare.close();
      }
    } finally {
      await conn.close();
    }
  });

  test('bad node devices and interfaces are refused with a TypeError naming the field', () => {
    const bad = (spec: Parameters<typeof formatTestNode>[0]): TypeError => {
      try {
        formatTestNode(spec);
      } catch (e) {
        expect(e).toBeInstanceOf(TypeError);
        return e as TypeError;
      }
      throw new Error('not refused');
    };
    expect(bad({ nodeDevices: [devices()[0], { capability: [] }] }).message).toMatch(/nodeDevices\[1\]\.name is required/);
    expect(bad({ nodeDevices: [devices()[0], devices()[0]] }).message).toMatch(/two nodeDevices are named "net_eth9_52_54_00_00_00_09"/);
    expect(bad({ nodeDevices: [{ name: 'x', devnode: [{ type: 'bogus' as 'dev', value: '/dev/x' }] }] }).message).toMatch(
      /^testHypervisor: nodeDevices\[0\]\.devnode\[0\]\.type: must be 'dev' or 'link' \(got "bogus"\)/,
    );
    expect(bad({ nodeDevices: 'pci' as unknown as lv.xml.NodeDevice[] }).message).toMatch(/nodeDevices must be an array/);
    expect(bad({ interfaces: [null as unknown as lv.xml.HostInterface] }).message).toMatch(/interfaces\[0\] must be an object/);
    expect(bad({ interfaces: [{ type: 'ethernet', mac: { address: '52:54:00:00:00:01' } }] }).message).toMatch(/interfaces\[0\]\.name is required/);
    expect(bad({ interfaces: [interfaces()[0], { type: 'ethernet', name: 'eth1', mac: { address: 'zz' } }] }).message).toMatch(
      /^testHypervisor: interfaces\[1\]\.mac\.address: must be a MAC address/,
    );
    expect(bad({ interfaces: [interfaces()[0], interfaces()[0]] }).message).toMatch(/two interfaces are named "eth9"/);
    // the other typed fields name theirs the same way
    expect(bad({ networks: [{ name: 'lan' }, { name: 'n', ip: [{ address: '300.1.1.1' }] }] }).message).toMatch(
      /^testHypervisor: networks\[1\]\.ip\[0\]\.address: must be an IPv4 or IPv6 address/,
    );
  });
});
