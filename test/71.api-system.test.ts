// The behaviour on a real libvirtd (qemu:///system): storage volume
// upload/download through Node streams, an isolated network, a secret,
// domain stats, the serial console and the QEMU monitor.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as lv from '../src';
import { uniqueName, openSystem, cleanupDomains, x86DomainType, PREFIX, libvirtError, thrown, consoleGuestXML } from './helpers/libvirt';

let conn: lv.Connection | null = null;
const tmpDirs: string[] = [];

// Removes networks, pools and secrets this run left, even after a failure.
async function cleanupObjects(c: lv.Connection): Promise<void> {
  for (const n of await c.listAllNetworks()) {
    if (!n.name().startsWith(PREFIX)) continue;
    if (await n.isActive()) await n.destroy().catch(() => undefined);
    if (await n.isPersistent()) await n.undefine().catch(() => undefined);
  }
  for (const p of await c.listAllStoragePools()) {
    if (!p.name().startsWith(PREFIX)) continue;
    if (await p.isActive()) await p.destroy().catch(() => undefined);
    if (await p.isPersistent()) await p.undefine().catch(() => undefined);
  }
  for (const s of await c.listAllSecrets()) {
    if ((s.usageID() || '').startsWith(PREFIX)) await s.undefine().catch(() => undefined);
  }
}

beforeAll(async () => {
  conn = await openSystem();
});
afterAll(async () => {
  if (conn) {
    await cleanupDomains(conn);
    await cleanupObjects(conn);
    await conn.close();
  }
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('71 storage: dir pool in a temp folder, qcow2 volume, upload/download', () => {
  test('create qcow2 volume -> upload bytes -> download them back identical -> delete', async () => {
    if (!conn) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-pool-'));
    tmpDirs.push(dir);
    fs.chmodSync(dir, 0o755);
    const name = uniqueName('pool');
    const pool = await conn.storagePoolCreateXML(
      `<pool type='dir'><name>${name}</name><target><path>${dir}</path></target></pool>`, 0);
    try {
      expect(await pool.isActive()).toBe(true);
      expect((await conn.listAllStoragePools()).map((p) => p.name())).toContain(name);
      const vol = await pool.createXML(
        `<volume><name>disk.qcow2</name><capacity unit='M'>8</capacity><target><format type='qcow2'/></target></volume>`, 0);
      expect(vol.name()).toBe('disk.qcow2');
      expect(await pool.listVolumes()).toEqual(['disk.qcow2']);
      expect((await pool.listAllVolumes()).map((v) => v.name())).toEqual(['disk.qcow2']);
      const info = await vol.info();
      expect(info.capacity).toBe(8n * 1024n * 1024n);
      expect(fs.readFileSync(path.join(dir, 'disk.qcow2')).subarray(0, 4)).toEqual(Buffer.from('QFI\xfb', 'latin1'));

      // 1 MiB + a bit, so the transfer takes several chunks each way
      const data = crypto.randomBytes(1024 * 1024 + 4321);
      const w = await lv.volumeUpload(vol, 0, data.length);
      await new Promise<void>((resolve, reject) => {
        w.on('error', reject);
        w.on('finish', resolve);
        for (let off = 0; off < data.length; off += 100000) w.write(data.subarray(off, off + 100000));
        w.end();
      });
      expect(fs.readFileSync(path.join(dir, 'disk.qcow2')).subarray(0, data.length).equals(data)).toBe(true);

      const r = await lv.volumeDownload(vol, 0, data.length);
      const chunks: Buffer[] = [];
      for await (const c of r) chunks.push(c as Buffer);
      expect(chunks.length).toBeGreaterThan(1);
      expect(Buffer.concat(chunks).equals(data)).toBe(true);

      await vol.delete(0);
      expect(await pool.listVolumes()).toEqual([]);
      expect(fs.existsSync(path.join(dir, 'disk.qcow2'))).toBe(false);
    } finally {
      await pool.destroy();
    }
    expect((await conn.listAllStoragePools()).map((p) => p.name())).not.toContain(name);
  });

  test('a download read slowly keeps its data in order (backpressure)', async () => {
    if (!conn) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-pool-'));
    tmpDirs.push(dir);
    fs.chmodSync(dir, 0o755);
    const data = crypto.randomBytes(3 * 1024 * 1024);
    fs.writeFileSync(path.join(dir, 'big.img'), data);
    const pool = await conn.storagePoolCreateXML(
      `<pool type='dir'><name>${uniqueName('pool')}</name><target><path>${dir}</path></target></pool>`, 0);
    try {
      const vol = await pool.storageVolLookupByName('big.img');
      const r = await lv.volumeDownload(vol, 0, 0, 0, { highWaterMark: 16384 });
      const chunks: Buffer[] = [];
      let maxBuffered = 0;
      for await (const c of r) {
        chunks.push(c as Buffer);
        maxBuffered = Math.max(maxBuffered, r.readableLength);
        if (chunks.length % 8 === 0) await new Promise((res) => setTimeout(res, 5));
      }
      expect(Buffer.concat(chunks).equals(data)).toBe(true);
      // the reader thread waited for the consumer instead of queueing the whole volume
      expect(maxBuffered).toBeLessThan(data.length / 4);
    } finally {
      await pool.destroy();
    }
  });

  test('sparse upload and download keep the holes (sparseSendAll, sparseRecvAll)', async () => {
    if (!conn) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-pool-'));
    tmpDirs.push(dir);
    fs.chmodSync(dir, 0o755);
    const pool = await conn.storagePoolCreateXML(
      `<pool type='dir'><name>${uniqueName('pool')}</name><target><path>${dir}</path></target></pool>`, 0);
    try {
      const MiB = 1024 * 1024;
      const vol = await pool.createXML(
        `<volume><name>sparse.img</name><capacity unit='M'>8</capacity><target><format type='raw'/></target></volume>`, 0);
      // data, a 3 MiB hole, data, and a hole to the end
      const a = crypto.randomBytes(MiB + 777);
      const b = crypto.randomBytes(300000);
      const sections: [boolean, number][] = [[true, a.length], [false, 3 * MiB], [true, b.length],
        [false, 8 * MiB - a.length - 3 * MiB - b.length]];
      const expected = Buffer.alloc(8 * MiB);
      a.copy(expected, 0);
      b.copy(expected, a.length + 3 * MiB);
      let pos = 0;
      const up = await conn.newStream(0);
      await vol.upload(up, 0, 0, lv.VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM);
      const skipped: bigint[] = [];
      await up.sparseSendAll(
        (max) => {
          const chunk = expected.subarray(pos, pos + Math.min(max, 200000));
          pos += chunk.length;
          return chunk.length ? chunk : null;
        },
        () => {
          const s = sections.find(([, len], i) => pos < sections.slice(0, i + 1).reduce((n, [, l]) => n + l, 0));
          if (!s) return [false, 0];
          const end = sections.slice(0, sections.indexOf(s) + 1).reduce((n, [, l]) => n + l, 0);
          return [s[0], end - pos];
        },
        (len) => { skipped.push(len); pos += Number(len); });
      expect(await up.finish()).toBe(0);
      up.free();
      expect(skipped).toEqual([BigInt(3 * MiB), BigInt(sections[3][1])]);
      const onDisk = fs.readFileSync(path.join(dir, 'sparse.img'));
      expect(onDisk.equals(expected)).toBe(true);

      const down = await conn.newStream(0);
      await vol.download(down, 0, 0, lv.VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM);
      const got: Buffer[] = [];
      const holes: bigint[] = [];
      await down.sparseRecvAll((c) => { got.push(c); }, (len) => { holes.push(len); got.push(Buffer.alloc(Number(len))); });
      expect(await down.finish()).toBe(0);
      down.free();
      expect(holes.length).toBeGreaterThanOrEqual(1); // the daemon reports holes as the filesystem has them
      expect(Buffer.concat(got).equals(expected)).toBe(true);
    } finally {
      await pool.destroy();
    }
  });

  test('a console: send() goes through while a recv() waits, and abort() ends the waiting recv()', async () => {
    if (!conn) return;
    // a paused guest writes nothing: the recv waits for ever. Calls on one
    // stream take a lock (native/stream_io.h): writing must not wait for the
    // read, or a guest waiting for input would never get it.
    const dom = await conn.createXML(consoleGuestXML(uniqueName('cons'), await x86DomainType(conn)), lv.VIR_DOMAIN_START_PAUSED);
    try {
      const st = await conn.newStream(0);
      await dom.openConsole(null, st, 0);
      let recvDone = false;
      const recv = st.recv(1024).then(() => 'received', (e: Error) => e.message).finally(() => { recvDone = true; });
      await new Promise((r) => setTimeout(r, 300));
      expect(recvDone).toBe(false);
      let timer: NodeJS.Timeout | undefined;
      const sent = await Promise.race([st.send('\r'),
        new Promise((r) => { timer = setTimeout(() => r('send still waiting after 5 s'), 5000); })]).finally(() => clearTimeout(timer));
      expect(sent).toBe(1);
      expect(recvDone).toBe(false);
      expect(await st.abort()).toBe(0);
      expect(await recv).toBe('operation failed: stream is closed');
      st.free();
    } finally {
      await dom.destroy();
    }
  });

  test('stream argument errors throw at once, naming the argument', async () => {
    if (!conn) return;
    const st = await conn.newStream(0);
    try {
      const e1 = thrown(() => st.recv(0));
      expect(e1.name).toBe('RangeError');
      expect(e1.message).toContain('nbytes');
      const e2 = thrown(() => st.send(42 as unknown as string));
      expect(e2.name).toBe('TypeError');
      expect(e2.message).toBe('Expected Buffer, Uint8Array or string for data but received number 42');
      const e3 = thrown(() => st.recvAll('x' as unknown as () => void));
      expect(e3.message).toContain('handler');
    } finally {
      st.free();
    }
  });
});

describe('71 network: isolated, bridge without IP address', () => {
  test('defined, started, listed, destroyed, undefined', async () => {
    if (!conn) return;
    const name = uniqueName('net');
    const bridge = `lvn${process.pid % 100000}b${Math.floor(Math.random() * 100)}`.slice(0, 15);
    const net = await conn.networkDefineXML(`<network><name>${name}</name><bridge name='${bridge}'/></network>`);
    try {
      expect(await net.isActive()).toBe(false);
      expect(await conn.listDefinedNetworks()).toContain(name);
      await net.create();
      expect(await net.isActive()).toBe(true);
      expect(await net.bridgeName()).toBe(bridge);
      expect(await conn.listNetworks()).toContain(name);
      const all = await conn.listAllNetworks(lv.VIR_CONNECT_LIST_NETWORKS_ACTIVE);
      expect(all.map((n) => n.name())).toContain(name);
      expect(all.every((n) => n instanceof lv.Network)).toBe(true);
      expect(fs.existsSync(`/sys/class/net/${bridge}`)).toBe(true);
      expect(await net.DHCPLeases()).toEqual([]);
      await net.destroy();
      expect(await net.isActive()).toBe(false);
      expect(fs.existsSync(`/sys/class/net/${bridge}`)).toBe(false);
    } finally {
      if (await net.isActive()) await net.destroy();
      await net.undefine();
    }
    expect((await conn.listAllNetworks()).map((n) => n.name())).not.toContain(name);
  });
});

describe('71 secret', () => {
  test('set and read back, bytes and string', async () => {
    if (!conn) return;
    const usage = uniqueName('secret');
    const sec = await conn.secretDefineXML(
      `<secret ephemeral='no' private='no'><usage type='volume'><volume>${usage}</volume></usage></secret>`);
    try {
      expect(sec.usageID()).toBe(usage);
      const value = Buffer.from([0, 1, 2, 255, 254, 0, 42]);
      expect(await sec.setValue(value)).toBe(0);
      expect((await sec.value()).equals(value)).toBe(true);
      await sec.setValue('pässword');
      expect((await sec.value()).toString('utf8')).toBe('pässword');
      const again = await conn.secretLookupByUsage(lv.VIR_SECRET_USAGE_TYPE_VOLUME, usage);
      expect(again.UUIDString()).toBe(sec.UUIDString());
    } finally {
      await sec.undefine();
    }
    expect((await libvirtError(sec.value())).codeName).toBe('VIR_ERR_NO_SECRET');
  });
});

describe('71 running guest: stats, console, QEMU monitor', () => {
  let dom: lv.Domain | null = null;
  let text = '';
  let con: lv.LibvirtStream | null = null;

  beforeAll(async () => {
    if (!conn) return;
    const type = await x86DomainType(conn);
    dom = await conn.createXML(consoleGuestXML(uniqueName('guest'), type, 'virtio'), lv.VIR_DOMAIN_START_PAUSED);
    // attach the console before the BIOS runs, so its first words are seen
    con = await lv.openConsoleStream(dom, null, 0);
    con.on('data', (d: Buffer) => {
      text += d.toString('latin1');
    });
    await dom.resume();
  });
  afterAll(async () => {
    con?.destroy();
    if (dom && (await dom.isActive())) await dom.destroy();
  });

  test('the console stream reads the serial output (SeaBIOS)', async () => {
    if (!conn || !con) return;
    const end = Date.now() + 30000;
    while (!text.includes('SeaBIOS') && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(text).toContain('SeaBIOS');
  });

  test('qemuMonitorCommand query-status says running', async () => {
    if (!dom) return;
    const reply = JSON.parse(await dom.qemuMonitorCommand('{"execute":"query-status"}'));
    expect(reply.return.status).toBe('running');
    expect(reply.return.running).toBe(true);
    const hmp = await dom.qemuMonitorCommand('info status', lv.VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP);
    expect(hmp).toContain('running');
    // no guest agent in this guest
    const e = await libvirtError(dom.qemuAgentCommand('{"execute":"guest-ping"}', 2));
    expect(e.codeName).toBe('VIR_ERR_ARGUMENT_UNSUPPORTED');
  });

  test('getAllDomainStats returns cpu and balloon stats, with the Domain', async () => {
    if (!conn || !dom) return;
    const recs = await conn.getAllDomainStats(lv.VIR_DOMAIN_STATS_CPU_TOTAL | lv.VIR_DOMAIN_STATS_BALLOON);
    const mine = recs.find((r) => r.domain.name() === dom!.name());
    expect(mine).toBeDefined();
    expect(mine!.domain).toBeInstanceOf(lv.Domain);
    expect(mine!.domain.UUIDString()).toBe(dom.UUIDString());
    expect(typeof mine!.stats['cpu.time']).toBe('bigint');
    expect(mine!.stats['cpu.time'] as bigint).toBeGreaterThan(0n);
    expect(mine!.stats['balloon.current']).toBe(65536n);
    expect(mine!.stats['balloon.maximum']).toBe(65536n);
    const one = await conn.domainListGetStats([dom], lv.VIR_DOMAIN_STATS_STATE);
    expect(one.length).toBe(1);
    expect(one[0].stats['state.state']).toBe(lv.VIR_DOMAIN_RUNNING);
    const mem = await dom.memoryStats();
    expect(mem.actual).toBe(65536n);
    const cpu = await dom.getCPUStats(true);
    expect(cpu[0].cpu_time as bigint).toBeGreaterThan(0n);
  });

  test('typed parameters round-trip on QEMU: scheduler cpu_shares (ullong), memory limits', async () => {
    if (!dom) return;
    const [sched, n] = await dom.schedulerType();
    expect(sched).toBe('posix');
    const before = await dom.schedulerParameters();
    expect(Object.keys(before).length).toBe(n);
    expect(typeof before.cpu_shares).toBe('bigint');
    // a plain number for an ullong field: the documented type wins
    await dom.setSchedulerParametersFlags({ cpu_shares: 512 }, lv.VIR_DOMAIN_AFFECT_LIVE);
    expect((await dom.schedulerParametersFlags(lv.VIR_DOMAIN_AFFECT_LIVE)).cpu_shares).toBe(512n);
    await dom.setMemoryParameters({ soft_limit: 1048576n }, lv.VIR_DOMAIN_AFFECT_LIVE);
    expect((await dom.memoryParameters(lv.VIR_DOMAIN_AFFECT_LIVE)).soft_limit).toBe(1048576n);
  });

  test('vCPU info and pinning, job and control info on QEMU', async () => {
    if (!conn || !dom) return;
    const { cpus } = await conn.getCPUMap();
    const v = await dom.vcpus();
    expect(v.info.length).toBe(1);
    expect(v.cpumaps[0].length).toBe(cpus);
    const only0 = Array.from({ length: cpus }, (_, i) => i === 0);
    await dom.pinVcpuFlags(0, only0, lv.VIR_DOMAIN_AFFECT_LIVE);
    expect((await dom.vcpuPinInfo(lv.VIR_DOMAIN_AFFECT_LIVE))[0]).toEqual(only0);
    expect((await dom.emulatorPinInfo()).length).toBe(cpus);
    expect((await dom.jobInfo()).type).toBe(lv.VIR_DOMAIN_JOB_NONE);
    // python's jobStats(): the typed parameters and 'type' in one dict
    expect((await dom.jobStats()).type).toBe(lv.VIR_DOMAIN_JOB_NONE);
    expect((await dom.controlInfo()).state).toBe(lv.VIR_DOMAIN_CONTROL_OK);
    // per-CPU accounting exists with libvirt's cgroup v1 backend only
    const perCpu = await dom.getCPUStats(false).catch((e: lv.LibvirtError) => e);
    if (perCpu instanceof lv.LibvirtError) {
      expect(perCpu.codeName).toBe('VIR_ERR_OPERATION_UNSUPPORTED');
      expect(perCpu.message).toContain('cgroup V2');
    } else {
      expect(perCpu.length).toBe(cpus);
    }
  });

  test('a destroyed console stream ends its reader; the guest keeps running', async () => {
    if (!conn || !dom || !con) return;
    const closed = new Promise((r) => con!.on('close', r));
    con.destroy();
    await closed;
    expect(await dom.isActive()).toBe(true);
    con = null;
  });
});
