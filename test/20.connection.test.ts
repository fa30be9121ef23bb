// Connection API on libvirt's test driver, plus the CPU APIs on the real
// QEMU driver where the test driver answers VIR_ERR_NO_SUPPORT.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as lv from '../src';
import { CORPUS, TEST_URI, libvirtError, openSystem } from './helpers/libvirt';

describe('20 connection on test:///default', () => {
  let conn: lv.Connection;
  beforeAll(async () => {
    conn = await lv.open(TEST_URI);
  });
  afterAll(async () => {
    await conn.close();
  });

  test('identity and health', async () => {
    expect(conn).toBeInstanceOf(lv.Connection);
    expect(await conn.getURI()).toBe(TEST_URI);
    expect(await conn.getType()).toBe('TEST');
    expect(typeof (await conn.getHostname())).toBe('string');
    expect(await conn.getLibVersion()).toBe(await lv.getVersion());
    expect(await conn.getVersion()).toBeGreaterThan(0);
    expect(await conn.isAlive()).toBe(true);
    expect(await conn.isSecure()).toBe(true);
    expect(await conn.isEncrypted()).toBe(false);
  });

  test('capabilities are libvirt capabilities XML', async () => {
    const caps = await conn.getCapabilities();
    expect(caps).toMatch(/^<capabilities>/);
    expect(caps).toContain('<host>');
    expect(caps).toContain('<guest>');
  });

  test('getInfo gives the test node (8 CPUs x 2 nodes of libvirt test driver)', async () => {
    const info = await conn.getInfo();
    expect(info.model).toBe('i686');
    // memory in MiB, as python-libvirt's getInfo(): the test node's 3 GiB
    expect(info.memory).toBe(3072);
    expect(info.cpus).toBe(info.nodes * info.sockets * info.cores * info.threads);
  });

  test('lookups by name, UUID string and ID find the same domain', async () => {
    const [first] = await conn.listAllDomains();
    expect(first).toBeInstanceOf(lv.Domain);
    const byName = await conn.lookupByName(first.name());
    const byUUID = await conn.lookupByUUIDString(first.UUIDString());
    const byID = await conn.lookupByID(first.ID());
    expect(byName.UUIDString()).toBe(first.UUIDString());
    expect(byUUID.name()).toBe(first.name());
    expect(byID.name()).toBe(first.name());
    expect(first.UUIDString()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(first.connect()).toBe(conn);
  });

  test('listAllDomains honours flags', async () => {
    const all = await conn.listAllDomains();
    const active = await conn.listAllDomains(lv.VIR_CONNECT_LIST_DOMAINS_ACTIVE);
    const inactive = await conn.listAllDomains(lv.VIR_CONNECT_LIST_DOMAINS_INACTIVE);
    expect(active.length + inactive.length).toBe(all.length);
    for (const d of active) expect(await d.isActive()).toBe(true);
  });

  test('getDomainCapabilities, compareCPU: the test driver answers VIR_ERR_NO_SUPPORT', async () => {
    expect((await libvirtError(conn.getDomainCapabilities())).codeName).toBe('VIR_ERR_NO_SUPPORT');
    expect((await libvirtError(conn.compareCPU('<cpu><model>Westmere</model></cpu>'))).codeName).toBe(
      'VIR_ERR_NO_SUPPORT',
    );
  });

  test('getCPUModelNames lists x86 models', async () => {
    const models = await conn.getCPUModelNames('x86_64');
    expect(models).toEqual(expect.arrayContaining(['Westmere', 'Nehalem', 'qemu64']));
  });
});

describe('20 connection CPU APIs on qemu:///system', () => {
  let conn: lv.Connection | null;
  beforeAll(async () => {
    conn = await openSystem();
  });
  afterAll(async () => {
    await conn?.close();
  });
  const cpuFile = (n: string) => fs.readFileSync(path.join(CORPUS, 'cpu', n), 'utf8');
  const hostCpus = (n: string) => [...cpuFile(n).matchAll(/<cpu>[\s\S]*?<\/cpu>/g)].map((m) => m[0]);

  test('getDomainCapabilities with and without arguments', async () => {
    if (!conn) return;
    const dc = await conn.getDomainCapabilities();
    expect(dc).toContain('<domainCapabilities>');
    const dc2 = await conn.getDomainCapabilities(null, 'x86_64', 'q35', 'qemu');
    expect(dc2).toMatch(/<machine>pc-q35-[\d.]+<\/machine>/);
    const bad = await libvirtError(conn.getDomainCapabilities(null, 'x86_64', 'no-such-machine', 'qemu'));
    expect(bad.message).toContain('no-such-machine');
  });

  test('compareCPU and compareHypervisorCPU return a virCPUCompareResult', async () => {
    if (!conn) return;
    const r = await conn.compareCPU('<cpu><arch>x86_64</arch><model>qemu64</model></cpu>');
    expect([lv.VIR_CPU_COMPARE_IDENTICAL, lv.VIR_CPU_COMPARE_SUPERSET, lv.VIR_CPU_COMPARE_INCOMPATIBLE]).toContain(r);
    // the same comparison through virsh, against the same daemon, is the reference
    const cpu = "<cpu mode='custom'><model>qemu64</model></cpu>";
    const h = await conn.compareHypervisorCPU(null, 'x86_64', null, null, cpu);
    const file = path.join(os.tmpdir(), `lvn-cpu-${process.pid}.xml`);
    fs.writeFileSync(file, cpu);
    const out = spawnSync('virsh', ['-c', 'qemu:///system', 'hypervisor-cpu-compare', '--arch', 'x86_64', file], {
      encoding: 'utf8',
    }).stdout;
    expect(out).toMatch(/identical|superset|incompatible/);
    fs.rmSync(file);
    const verdict = /identical/.test(out) ? lv.VIR_CPU_COMPARE_IDENTICAL : /superset/.test(out) ? lv.VIR_CPU_COMPARE_SUPERSET : lv.VIR_CPU_COMPARE_INCOMPATIBLE;
    expect(h).toBe(verdict);
  });

  test('baselineCPU and baselineHypervisorCPU of the Westmere+Nehalem corpus input', async () => {
    if (!conn) return;
    const cpus = hostCpus('x86_64-baseline-Westmere+Nehalem.xml');
    expect(cpus.length).toBeGreaterThan(1);
    const base = await conn.baselineCPU(cpus);
    expect(base).toMatch(/<model[^>]*>(Westmere|Nehalem)/);
    const hv = await conn.baselineHypervisorCPU(null, 'x86_64', null, null, cpus);
    expect(hv).toMatch(/<model[^>]*>\w+/);
    const e = await libvirtError(conn.baselineCPU(hostCpus('x86_64-baseline-incompatible-vendors.xml')));
    expect(e.codeName).toBe('VIR_ERR_OPERATION_FAILED');
    expect(e.message).toContain('CPU vendors do not match');
  });
});
