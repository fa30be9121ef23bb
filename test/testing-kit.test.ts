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
