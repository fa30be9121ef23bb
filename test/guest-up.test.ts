/**
 * guest.up / guest.down: overlays over base images (backing store and format as libvirt
 * reports them), sizeGiB, uploads with progress, the cloud-init seed read back from its
 * volume, up then down leaving nothing up made (and keeping what it did not make), a
 * failed up leaving nothing, and the CLI's up/down. test:///default where its storage
 * driver holds; qemu:///system (names napi-gup-<pid>-...) for streams and real guests,
 * in a transient pool of this run removed afterwards.
 */
import { execFileSync, spawnSync } from 'child_process';
import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pipeline } from 'stream/promises';
import { Writable } from 'stream';
import { open, guest, xml, volumeDownload, LibvirtError, VIR_ERR_INTERNAL_ERROR, VIR_ERR_OPERATION_INVALID } from '../src';
import type { Connection, StoragePool } from '../src';
import { seedFiles } from '../src/guest/cloudinit';
import { isPoolBusy, refreshPool, uploadVolume } from '../src/guest/storage';
import { parse } from 'yaml';
import { openSystem, TEST_URI } from './helpers/libvirt';
import { GUEST_VIRT_TYPE, prepareTestGuest } from './helpers/guest';

const PREFIX = `napi-gup-${process.pid}-`;
const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli', 'index.js');
const GiB = 1024 ** 3;

async function volNames(pool: StoragePool): Promise<string[]> {
  await pool.refresh(0).catch(() => undefined);
  return (await pool.listAllVolumes(0)).map((v) => v.name()).sort();
}
async function domainNames(conn: Connection): Promise<string[]> {
  return (await conn.listAllDomains()).map((d) => d.name());
}
function rejection(p: Promise<unknown>): Promise<Error> {
  return p.then(() => { throw new Error('expected a rejection'); }, (e: Error) => e);
}

describe('test:///default', () => {
  let conn: Connection;
  let pool: StoragePool;
  let basePath: string;
  const spec = (name: string, extra: Partial<guest.GuestSpec> = {}): guest.GuestSpec => ({ name, memoryMiB: 64, vcpus: 1, pool: 'default-pool', ...extra });
  beforeAll(async () => {
    conn = await open(TEST_URI);
    pool = await conn.storagePoolLookupByName('default-pool');
    const base = await pool.createXML(xml.formatStorageVolume({ name: `${PREFIX}base.qcow2`, capacity: { unit: 'GiB', value: 2 }, target: { format: { type: 'qcow2' } } }), 0);
    basePath = await base.path();
  });
  afterAll(async () => {
    await conn.close();
  });

  test('an overlay over a base image (path or { pool, volume }) has it as its qcow2 backing store; sizeGiB grows it', async () => {
    const r = await guest.up(conn, spec(`${PREFIX}overlay`, { disks: [{ image: basePath }, { image: { pool: 'default-pool', volume: `${PREFIX}base.qcow2` }, sizeGiB: 5 }] }));
    try {
      expect(r.volumes.map((v) => [v.name, v.kind, v.format])).toEqual([[`${PREFIX}overlay-disk0.qcow2`, 'overlay', 'qcow2'], [`${PREFIX}overlay-disk1.qcow2`, 'overlay', 'qcow2']]);
      const [a, b] = await Promise.all(r.volumes.map(async (v) => xml.parseStorageVolume(await (await pool.storageVolLookupByName(v.name)).XMLDesc(0))));
      expect(a.backingStore).toMatchObject({ path: basePath, format: { type: 'qcow2' } });
      expect(a.target?.format?.type).toBe('qcow2');
      expect(Number(a.capacity?.value)).toBe(2 * GiB);
      expect(Number(b.capacity?.value)).toBe(5 * GiB);
      // the domain's disks are the overlays, and the domain records them
      const def = xml.parseDomain(await r.domain.XMLDesc(0));
      expect(def.devices?.disk?.map((d) => [(d.source as { file?: string } | undefined)?.file, d.driver?.type])).toEqual(r.volumes.map((v) => [v.path, 'qcow2']));
      expect(guest.recordedVolumes(await r.domain.XMLDesc(0))).toEqual(r.volumes.map((v) => ({ pool: 'default-pool', name: v.name, kind: 'overlay' })));
    } finally {
      await guest.down(conn, r.name);
    }
    expect(await volNames(pool)).toEqual([`${PREFIX}base.qcow2`]);
  });

  test('an overlay smaller than its base is refused before anything is made', async () => {
    const before = await volNames(pool);
    const e = await rejection(guest.up(conn, spec(`${PREFIX}small`, { disks: [{ image: basePath, sizeGiB: 1 }] })));
    expect(e).toBeInstanceOf(guest.GuestConfigError);
    expect(e.message).toMatch(/^disks\[0\]\.sizeGiB: 1 is smaller than the base image \(2147483648 bytes, 2 GiB\)/);
    expect(await volNames(pool)).toEqual(before);
    expect(await domainNames(conn)).not.toContain(`${PREFIX}small`);
  });

  test('a failed up removes what it had made: a bad second image, a definition libvirt refuses', async () => {
    const before = await volNames(pool);
    const bad = await rejection(guest.up(conn, spec(`${PREFIX}bad`, { disks: [{ image: basePath }, { image: { pool: 'default-pool', volume: 'no-such.qcow2' } }] })));
    expect(bad.message).toBe("disks[1].image.volume: 'no-such.qcow2' is not a volume of pool default-pool");
    expect(await volNames(pool)).toEqual(before);
    // 'test' exists with another UUID: the definition is refused after the overlay was made
    const steps: string[] = [];
    const refused = await rejection(guest.up(conn, spec('test', { disks: [{ image: basePath }] }), { onProgress: (p) => steps.push(p.step) }));
    expect(refused.message).toMatch(/already exists/);
    expect(steps).toEqual(expect.arrayContaining(['creating overlay', 'defining', 'cleaning up']));
    expect(await volNames(pool)).toEqual(before);
    expect(await (await conn.lookupByName('test')).isActive()).toBe(true);
  });

  test('a console wait on a driver that cannot start a domain paused starts it running (and here fails at the console, which the test driver lacks)', async () => {
    const steps: guest.Progress[] = [];
    const e = await rejection(guest.up(conn, spec(`${PREFIX}console`), { wait: { console: /never/ }, timeoutMs: 2000, onProgress: (p) => steps.push(p) }));
    expect(e.message).not.toMatch(/unsupported flags/);
    expect(steps.find((p) => p.step === 'starting')?.detail).toEqual({ name: `${PREFIX}console`, paused: true });
    expect(steps.map((p) => p.step)).toEqual(expect.arrayContaining(['waiting for console', 'cleaning up']));
    expect(steps.map((p) => p.step)).not.toContain('resuming');
    expect(await domainNames(conn)).not.toContain(`${PREFIX}console`);
  });

  test('down keeps the volumes with keepDisks, and never touches a volume up did not make', async () => {
    const r = await guest.up(conn, spec(`${PREFIX}keep`, { disks: [{ image: basePath }, { path: basePath, readonly: true }] }));
    const d = await guest.down(conn, r.name, { keepDisks: true });
    expect(d).toEqual({ name: r.name, destroyed: true, undefined: true, deletedVolumes: [], keptVolumes: [{ pool: 'default-pool', name: `${PREFIX}keep-disk0.qcow2`, reason: 'keepDisks' }] });
    expect(await domainNames(conn)).not.toContain(r.name);
    expect(await volNames(pool)).toContain(`${PREFIX}keep-disk0.qcow2`);
    await (await pool.storageVolLookupByName(`${PREFIX}keep-disk0.qcow2`)).delete(0);
  });

  test("the missing default pool is made: a directory pool under /var/lib/libvirt/images, active and autostarted", async () => {
    const r = await guest.up(conn, { name: `${PREFIX}defpool`, memoryMiB: 64, vcpus: 1, disks: [{ image: basePath }] });
    try {
      const p = await conn.storagePoolLookupByName('default');
      expect(await p.isActive()).toBe(true);
      expect(await p.autostart()).toBe(true);
      expect(xml.parseStoragePool(await p.XMLDesc(0))).toMatchObject({ type: 'dir', target: { path: '/var/lib/libvirt/images' } });
      expect(r.volumes[0]).toMatchObject({ pool: 'default', path: `/var/lib/libvirt/images/${PREFIX}defpool-disk0.qcow2` });
    } finally {
      await guest.down(conn, r.name);
    }
  });

  test('buildDomain refuses image/upload disks and cloudInit (guest.up makes them)', async () => {
    const caps = { capabilities: xml.parseCapabilities(await conn.getCapabilities()) };
    expect(() => guest.buildDomain(spec('x', { disks: [{ image: '/b.qcow2' }] }), caps)).toThrow(/^disks\[0\]\.image: '\/b\.qcow2' makes a new volume: use guest\.up/);
    expect(() => guest.buildDomain(spec('x', { disks: [{ path: '/a.img' }, { upload: '/b.img' }] }), caps)).toThrow(/^disks\[1\]\.upload: '\/b\.img' makes a new volume/);
    expect(() => guest.buildDomain(spec('x', { cloudInit: { userData: '' } }), caps)).toThrow(/^cloudInit: .* becomes a seed volume: use guest\.up/);
  });
});

describe('refreshPool', () => {
  const error = (code: number, message: string) => new LibvirtError({ code, domain: 18, level: 2, message, str1: null, str2: null, str3: null, int1: 0, int2: 0 });
  const busy = () => error(VIR_ERR_INTERNAL_ERROR, "internal error: pool 'p' has asynchronous jobs running.");
  /** A pool whose refresh throws the given errors, one per call, then succeeds. */
  const fakePool = (errors: Error[]) => {
    const calls: number[] = [];
    const pool = { refresh: async (flags: number) => { calls.push(flags); const e = errors.shift(); if (e) throw e; } } as unknown as StoragePool;
    return { pool, calls };
  };
  test('tries again while libvirt says the pool has asynchronous jobs running, then refreshes', async () => {
    const { pool, calls } = fakePool([busy(), busy(), busy()]);
    const t0 = Date.now();
    await refreshPool(pool);
    expect(calls).toEqual([0, 0, 0, 0]);
    // 50 + 100 + 200 ms between the tries
    expect(Date.now() - t0).toBeGreaterThanOrEqual(340);
    expect(isPoolBusy(busy())).toBe(true);
  });
  test('any other error at once; a pool busy for longer than the time allowed: its error', async () => {
    const other = error(VIR_ERR_OPERATION_INVALID, "Requested operation is not valid: storage pool 'p' is not active");
    const a = fakePool([other]);
    await expect(refreshPool(a.pool)).rejects.toBe(other);
    expect(a.calls).toHaveLength(1);
    expect(isPoolBusy(other)).toBe(false);
    const b = fakePool(Array.from({ length: 20 }, busy));
    await expect(refreshPool(b.pool, 300)).rejects.toThrow(/has asynchronous jobs running/);
    expect(b.calls.length).toBeGreaterThanOrEqual(2);
    expect(b.calls.length).toBeLessThan(20);
  });
});

describe('the cloud-init seed files', () => {
  test('an object becomes #cloud-config YAML with hostname and keys merged; meta-data has instance-id and local-hostname', () => {
    const f = seedFiles({ userData: { runcmd: [['echo', 'hi']], ssh_authorized_keys: ['ssh-ed25519 AAAA old'] }, hostname: 'web1', sshAuthorizedKeys: ['ssh-ed25519 BBBB new'], networkConfig: { version: 2, ethernets: { eth0: { addresses: ['192.168.150.10/24'] } } } }, { instanceId: 'iid-1' });
    expect(f['user-data'].split('\n')[0]).toBe('#cloud-config');
    expect(parse(f['user-data'])).toEqual({ runcmd: [['echo', 'hi']], hostname: 'web1', ssh_authorized_keys: ['ssh-ed25519 AAAA old', 'ssh-ed25519 BBBB new'] });
    expect(parse(f['meta-data'])).toEqual({ 'instance-id': 'iid-1', 'local-hostname': 'web1' });
    expect(parse(f['network-config']!)).toEqual({ version: 2, ethernets: { eth0: { addresses: ['192.168.150.10/24'] } } });
  });
  test('a script is given as is (keys go to meta-data public-keys); a metaData string as is; a new instance-id each time', () => {
    const f = seedFiles({ userData: '#!/bin/sh\necho hi\n', sshAuthorizedKeys: ['k1'] });
    expect(f['user-data']).toBe('#!/bin/sh\necho hi\n');
    expect(parse(f['meta-data'])['public-keys']).toEqual(['k1']);
    expect(f['network-config']).toBeUndefined();
    expect(seedFiles({ userData: '#cloud-config\n# kept: a comment\n' })['user-data']).toBe('#cloud-config\n# kept: a comment\n');
    expect(seedFiles({ userData: '', metaData: 'instance-id: x\n' })['meta-data']).toBe('instance-id: x\n');
    expect(parse(seedFiles({ userData: '' })['meta-data'])['instance-id']).not.toBe(parse(seedFiles({ userData: '' })['meta-data'])['instance-id']);
  });
  test('#cloud-config that is not YAML is refused by field', () => {
    expect(() => seedFiles({ userData: '#cloud-config\na: [1,\n', hostname: 'h' })).toThrow(/^cloudInit\.userData: [\s\S]* is #cloud-config but not YAML/);
  });
});

describe('qemu:///system', () => {
  let conn: Connection | null = null;
  let pool: StoragePool;
  const poolName = `${PREFIX}pool`;
  const dirs: string[] = [];
  const tmpDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'napi-gup-'));
    fs.chmodSync(d, 0o755);
    dirs.push(d);
    return d;
  };
  let base: string;
  beforeAll(async () => {
    conn = await openSystem();
    pool = await conn!.storagePoolCreateXML(xml.formatStoragePool({ type: 'dir', name: poolName, target: { path: tmpDir() } }), 0);
    const b = await pool.createXML(xml.formatStorageVolume({ name: 'base.qcow2', capacity: { unit: 'MiB', value: 64 }, target: { format: { type: 'qcow2' } } }), 0);
    base = await b.path();
  });
  afterAll(async () => {
    if (!conn) return;
    for (const d of await conn.listAllDomains()) {
      if (!d.name().startsWith(PREFIX)) continue;
      await guest.down(conn, d.name()).catch(() => undefined);
    }
    for (const p of await conn.listAllStoragePools(0)) {
      const target = xml.parseStoragePool(await p.XMLDesc(0)).target?.path ?? '';
      if (p.name() === poolName || dirs.some((d) => target === d)) {
        for (const v of await p.listAllVolumes(0).catch(() => [])) await v.delete(0).catch(() => undefined);
        await p.destroy().catch(() => undefined);
      }
    }
    await conn.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  async function download(name: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    await pipeline(await volumeDownload(await pool.storageVolLookupByName(name)), new Writable({ write(c: Buffer, _e, done) { chunks.push(c); done(); } }));
    return Buffer.concat(chunks);
  }

  test('upload: a local file into a new volume through a stream, with progress, read back the same', async () => {
    const file = path.join(tmpDir(), 'data.img');
    const data = randomBytes(3 * 1024 * 1024 + 17);
    fs.writeFileSync(file, data);
    const progress: number[] = [];
    const { created } = await uploadVolume(pool, `${PREFIX}up.img`, { file }, { kind: 'upload', field: 'disks[0].upload', onProgress: (p) => progress.push(p.detail!.bytes as number) });
    try {
      expect(created).toMatchObject({ pool: poolName, name: `${PREFIX}up.img`, format: 'raw' });
      expect(progress.length).toBeGreaterThan(1);
      expect(progress[progress.length - 1]).toBe(data.length);
      expect([...progress].sort((a, b) => a - b)).toEqual(progress);
      expect(sha(await download(`${PREFIX}up.img`))).toBe(sha(data));
    } finally {
      await (await pool.storageVolLookupByName(`${PREFIX}up.img`)).delete(0);
    }
  });

  test('a base image in no pool: its directory is listed by a transient pool; the format comes from libvirt (raw here)', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'plain.img');
    fs.writeFileSync(file, Buffer.alloc(1024 * 1024));
    const r = await guest.up(conn!, { name: `${PREFIX}outside`, memoryMiB: 64, vcpus: 1, virtType: GUEST_VIRT_TYPE, arch: 'x86_64', pool: poolName, disks: [{ image: file, sizeGiB: 1 }] });
    try {
      const v = xml.parseStorageVolume(await (await pool.storageVolLookupByName(r.volumes[0].name)).XMLDesc(0));
      expect(v.backingStore).toMatchObject({ path: file, format: { type: 'raw' } });
      expect(Number(v.capacity?.value)).toBe(GiB);
    } finally {
      await guest.down(conn!, r.name);
    }
    const missing = await rejection(guest.up(conn!, { name: `${PREFIX}missing`, memoryMiB: 64, vcpus: 1, pool: poolName, disks: [{ image: path.join(dir, 'nope.qcow2') }] }));
    expect(missing).toBeInstanceOf(guest.GuestConfigError);
    expect((missing as guest.GuestConfigError).field).toBe('disks[0].image');
  });

  test('up with an overlay, an upload and a cloud-init seed boots; the seed reads back; down removes only what up made', async () => {
    const files = prepareTestGuest();
    const name = `${PREFIX}vm`;
    const extra = path.join(tmpDir(), 'extra.img');
    fs.writeFileSync(extra, randomBytes(256 * 1024));
    const before = await volNames(pool);
    const steps: string[] = [];
    const r = await guest.up(conn!, {
      name, memoryMiB: 256, vcpus: 1, arch: 'x86_64', virtType: GUEST_VIRT_TYPE, pool: poolName,
      kernel: files.kernel, initrd: files.initrd, cmdline: 'console=ttyS0 panic=-1',
      disks: [{ image: base }, { upload: extra }],
      cloudInit: { userData: { marker: name }, hostname: 'gup1', networkConfig: { version: 2 } },
    }, { wait: 'running', onProgress: (p) => steps.push(p.step) });
    expect(r.volumes.map((v) => [v.kind, v.name])).toEqual([['overlay', `${name}-disk0.qcow2`], ['upload', `${name}-disk1.img`], ['seed', `${name}-cidata.iso`]]);
    expect(steps).toEqual(expect.arrayContaining(['creating overlay', 'uploading', 'making cloud-init seed', 'defining', 'starting', 'ready']));
    const def = xml.parseDomain(await r.domain.XMLDesc(0));
    const cdrom = def.devices?.disk?.find((d) => d.device === 'cdrom');
    expect((cdrom?.source as { file?: string } | undefined)?.file).toBe(r.volumes[2].path);
    expect(cdrom?.driver?.type).toBe('raw');
    // the seed: an ISO 9660 volume labelled cidata with the three files
    const iso = path.join(tmpDir(), 'seed.iso');
    fs.writeFileSync(iso, await download(`${name}-cidata.iso`));
    expect(execFileSync('xorriso', ['-indev', iso, '-pvd_info'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).toMatch(/Volume Id\s*:\s*cidata/);
    const out = path.join(tmpDir(), 'seed');
    execFileSync('osirrox', ['-indev', iso, '-extract', '/', out], { stdio: 'ignore' });
    expect(fs.readdirSync(out).sort()).toEqual(['meta-data', 'network-config', 'user-data']);
    expect(parse(fs.readFileSync(path.join(out, 'user-data'), 'utf8'))).toEqual({ marker: name, hostname: 'gup1' });
    expect(parse(fs.readFileSync(path.join(out, 'meta-data'), 'utf8'))['local-hostname']).toBe('gup1');

    const d = await guest.down(conn!, name);
    expect(d.undefined).toBe(true);
    expect(d.deletedVolumes.map((v) => v.name).sort()).toEqual(r.volumes.map((v) => v.name).sort());
    expect(await domainNames(conn!)).not.toContain(name);
    expect(await volNames(pool)).toEqual(before);
  }, 120000);

  test('a failed wait removes the started guest and its volumes', async () => {
    const files = prepareTestGuest();
    const name = `${PREFIX}nowait`;
    const before = await volNames(pool);
    const e = await rejection(guest.up(conn!, {
      name, memoryMiB: 256, vcpus: 1, arch: 'x86_64', virtType: GUEST_VIRT_TYPE, pool: poolName,
      kernel: files.kernel, initrd: files.initrd, cmdline: 'console=ttyS0 panic=-1', disks: [{ image: base }],
    }, { wait: { console: /never-printed-line/ }, timeoutMs: 3000 }));
    expect(e).toBeInstanceOf(Error);
    expect(await domainNames(conn!)).not.toContain(name);
    expect(await volNames(pool)).toEqual(before);
  }, 60000);

  test('guestAgent: the org.qemu.guest_agent.0 channel on a virtio-serial controller (with its own PCIe port on q35), which libvirt accepts', async () => {
    const caps = xml.parseCapabilities(await conn!.getCapabilities());
    for (const q35 of [false, true]) {
      const s: guest.GuestSpec = { name: `${PREFIX}agent`, memoryMiB: 64, vcpus: 1, arch: 'x86_64', virtType: GUEST_VIRT_TYPE, q35, guestAgent: true, hotplugSlots: 0 };
      const built = guest.buildDomain(s, { capabilities: caps });
      expect(built.devices?.channel).toEqual([{ type: 'unix', target: { type: 'virtio', name: 'org.qemu.guest_agent.0' } }]);
      expect(built.devices?.controller?.filter((c) => c.type === 'virtio-serial')).toHaveLength(1);
      const without = guest.buildDomain({ ...s, guestAgent: undefined }, { capabilities: caps });
      const ports = (d: xml.Domain) => d.devices?.controller?.filter((c) => c.model === 'pcie-root-port').length ?? 0;
      expect(ports(built) - ports(without)).toBe(q35 ? 1 : 0);
      const dom = await conn!.defineXML(xml.formatDomain(built));
      try {
        const back = xml.parseDomain(await dom.XMLDesc(0));
        expect(back.devices?.channel?.[0]?.target).toMatchObject({ type: 'virtio', name: 'org.qemu.guest_agent.0' });
        expect(back.devices?.controller?.filter((c) => c.type === 'virtio-serial')).toHaveLength(1);
      } finally {
        await dom.undefine();
      }
    }
  });

  test('CLI: up --json then down --json', async () => {
    const name = `${PREFIX}cli`;
    const spec = path.join(tmpDir(), 'spec.json');
    fs.writeFileSync(spec, JSON.stringify({ name, memoryMiB: 64, vcpus: 1, arch: 'x86_64', virtType: GUEST_VIRT_TYPE, pool: poolName, disks: [{ image: base }], console: false }));
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args, '--uri', 'qemu:///system', '--json'], { encoding: 'utf8', timeout: 120000 });
    const u = run('up', spec, '--wait', 'running', '--timeout', '60');
    expect(u.status).toBe(0);
    expect(JSON.parse(u.stdout)).toMatchObject({ name, state: 'running', volumes: [{ pool: poolName, name: `${name}-disk0.qcow2`, kind: 'overlay', format: 'qcow2' }] });
    expect(u.stderr).toMatch(/creating overlay[\s\S]*defining[\s\S]*starting/);
    const d = run('down', name);
    expect(d.status).toBe(0);
    expect(JSON.parse(d.stdout)).toEqual({ name, destroyed: true, undefined: true, deletedVolumes: [{ pool: poolName, name: `${name}-disk0.qcow2` }], keptVolumes: [] });
    expect(await volNames(pool)).toEqual(['base.qcow2']);
    const bad = spawnSync(process.execPath, [CLI, 'up', spec, '--wait', 'soon'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--wait must be running, agent, ip or console:REGEX, got "soon"/);
  }, 120000);
});
