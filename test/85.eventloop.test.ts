// The runtime (native/runtime): libvirt's event loop on a thread of its own,
// calls on the binding's own threads, and what happens to calls in flight
// when a connection closes, a wrapper is freed or a daemon stops answering.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as lv from '../src';
import { addon } from '../src/native';
import { TEST_URI, openSystem, uniqueName, cleanupDomains, until } from './helpers/libvirt';

const ROOT = path.resolve(__dirname, '..');
const stats = () => addon._stats() as { liveHandles: number; eventLoop: string; threads: number };

// CPU time (ms) of this process's threads named `name` so far, from /proc.
function threadCpuMs(name: string): number {
  let ticks = 0;
  for (const t of fs.readdirSync('/proc/self/task')) {
    try {
      if (fs.readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim() !== name) continue;
      const f = fs.readFileSync(`/proc/self/task/${t}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(f[11]) + Number(f[12]); // utime, stime
    } catch {
      // a thread that ended meanwhile
    }
  }
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

describe('85 event loop', () => {
  test('libvirt runs on the binding\'s epoll loop; LIBVIRT_NAPI_EVENT_LOOP=glib selects libvirt\'s default instead', () => {
    expect(stats().eventLoop).toBe('libvirt-napi-epoll');
    const r = spawnSync(process.execPath, ['-e', `
      const lv = require(${JSON.stringify(path.join(ROOT, 'dist'))});
      const { addon } = require(${JSON.stringify(path.join(ROOT, 'dist/native'))});
      (async () => {
        const c = await lv.open('test:///default');
        const seen = [];
        const id = await c.domainEventRegisterAny(null, lv.VIR_DOMAIN_EVENT_ID_LIFECYCLE, (_c, d) => seen.push(d.name()));
        const d = await c.defineXML("<domain type='test'><name>glib-loop</name><memory>65536</memory><os><type>hvm</type></os></domain>");
        for (let i = 0; i < 500 && !seen.includes('glib-loop'); i++) await new Promise((r) => setTimeout(r, 10));
        await d.undefine();
        await c.domainEventDeregisterAny(id);
        await c.close();
        console.log(addon._stats().eventLoop, seen.includes('glib-loop'));
      })();`],
    { encoding: 'utf8', timeout: 20000, env: { ...process.env, LIBVIRT_NAPI_EVENT_LOOP: 'glib' } });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('libvirt-default true');
  });

  test('timers: test-driver events arrive through the loop\'s timeouts', async () => {
    // libvirt queues test-driver events and flushes them from a zero timeout
    const conn = await lv.open(TEST_URI);
    const seen: string[] = [];
    const id = await conn.domainEventRegisterAny(null, lv.VIR_DOMAIN_EVENT_ID_LIFECYCLE, (_c, d) => seen.push(d.name()));
    const name = uniqueName('loop-timer');
    const d = await conn.defineXML(`<domain type='test'><name>${name}</name><memory>65536</memory><os><type>hvm</type></os></domain>`);
    await until(() => seen.includes(name), 5000);
    await d.undefine();
    await conn.domainEventDeregisterAny(id);
    await conn.close();
  });

  test('the loop thread does not keep Node alive: a script with an open connection exits', () => {
    const r = spawnSync(process.execPath, ['-e', `
      const lv = require(${JSON.stringify(path.join(ROOT, 'dist'))});
      lv.open('test:///default').then(async (c) => { await c.getLibVersion(); console.log('done'); });`],
    { encoding: 'utf8', timeout: 20000 });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('done');
  });
});

describe('85 event loop under 8 calls in flight (qemu:///system)', () => {
  let sys: lv.Connection | null = null;
  beforeAll(async () => {
    sys = await openSystem();
  });
  afterAll(async () => {
    await cleanupDomains(sys);
    if (sys) await sys.close();
  });

  test('lifecycle events arrive promptly while 8 calls are in flight, and the loop thread does not spin', async () => {
    if (!sys) return;
    const conn = sys;
    const other = (await openSystem())!;
    const seen = new Map<string, number>();
    const id = await conn.domainEventRegisterAny(null, lv.VIR_DOMAIN_EVENT_ID_LIFECYCLE, (_c, d) => {
      if (!seen.has(d.name())) seen.set(d.name(), Date.now());
    });
    const names = Array.from({ length: 5 }, (_, i) => uniqueName(`loop-busy${i}`));
    let running = true;
    let calls = 0;
    const loopCpu0 = threadCpuMs('libvirt-events');
    const t0 = Date.now();
    const busy = Promise.all(Array.from({ length: 8 }, async () => {
      while (running) {
        await conn.getLibVersion();
        calls++;
      }
    }));
    const delays: number[] = [];
    try {
      for (const name of names) {
        // defined through another connection: only the event comes back on conn
        const sent = Date.now();
        const d = await other.defineXML(`<domain type='qemu'><name>${name}</name><memory unit='MiB'>64</memory>` +
          `<os><type arch='x86_64'>hvm</type></os></domain>`);
        await until(() => seen.has(name), 10000, `the event of ${name}`);
        delays.push(seen.get(name)! - sent);
        await d.undefine();
      }
    } finally {
      running = false;
      await busy;
      await conn.domainEventDeregisterAny(id);
      await other.close();
    }
    const wall = Date.now() - t0;
    const loopCpu = threadCpuMs('libvirt-events') - loopCpu0;
    expect(calls).toBeGreaterThan(100);
    // an event behind a busy socket waits for the calls ahead of it, not for seconds
    expect(Math.min(...delays)).toBeLessThan(1000);
    // a loop that kept running the client's callback while another thread
    // owned the socket took a whole CPU here
    expect(loopCpu).toBeLessThan(wall * 0.5);
  });

  test('after a burst of calls, an event for the idle connection arrives', async () => {
    if (!sys) return;
    const conn = sys;
    const other = (await openSystem())!;
    const seen: string[] = [];
    const id = await conn.domainEventRegisterAny(null, lv.VIR_DOMAIN_EVENT_ID_LIFECYCLE, (_c, d) => seen.push(d.name()));
    try {
      let next = 0;
      await Promise.all(Array.from({ length: 8 }, async () => {
        while (next++ < 400) await conn.getInfo();
      }));
      // nothing runs on conn now: only the loop can read the event
      const name = uniqueName('loop-idle');
      const d = await other.defineXML(`<domain type='qemu'><name>${name}</name><memory unit='MiB'>64</memory>` +
        `<os><type arch='x86_64'>hvm</type></os></domain>`);
      try {
        await until(() => seen.includes(name), 5000);
      } finally {
        await d.undefine();
      }
    } finally {
      await conn.domainEventDeregisterAny(id);
      await other.close();
    }
  });
});

describe('85 executor: libvirt calls run on threads of their own', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-exec-'));
  const node = path.join(dir, 'node.xml');
  fs.writeFileSync(node, "<node><auth><user password='pw'>alice</user></auth></node>");
  const uri = `test://${node}`;
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  // openAuth blocks its executor thread until the JavaScript callback answers.
  test('a blocked call does not hold libuv\'s pool: fs works meanwhile (UV_THREADPOOL_SIZE=1)', () => {
    const script = `
      const lv = require(${JSON.stringify(path.join(ROOT, 'dist'))});
      const fs = require('fs');
      lv.openAuth(${JSON.stringify(uri)}, { credTypes: [lv.VIR_CRED_AUTHNAME, lv.VIR_CRED_PASSPHRASE], callback: async (creds) => {
        // while the open waits for this answer, libuv's only pool thread must be free
        const text = await fs.promises.readFile(${JSON.stringify(node)}, 'utf8');
        for (const c of creds) c.result = c.type === lv.VIR_CRED_AUTHNAME ? 'alice' : 'pw';
        if (!text.includes('alice')) throw new Error('read the wrong file');
      } }).then(async (c) => { console.log(await c.getURI()); await c.close(); });`;
    const r = spawnSync(process.execPath, ['-e', script], {
      encoding: 'utf8', timeout: 20000, env: { ...process.env, UV_THREADPOOL_SIZE: '1' },
    });
    expect(r.signal).toBeNull(); // with the call on libuv's pool this deadlocked until the timeout
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(uri);
  });

  test('calls run on the binding\'s named threads, beside the event loop thread', async () => {
    const conn = await lv.open(TEST_URI);
    await Promise.all(Array.from({ length: 4 }, () => conn.getLibVersion()));
    await conn.close();
    const names = fs.readdirSync('/proc/self/task').map((t) => {
      try {
        return fs.readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim();
      } catch {
        return ''; // a thread that ended meanwhile
      }
    });
    expect(names).toContain('libvirt-napi');
    expect(names).toContain('libvirt-events');
  });

  test('8 calls in flight run at once (each waits until all 8 have started)', async () => {
    let started = 0;
    let release: () => void = () => undefined;
    const all = new Promise<void>((r) => { release = r; });
    const opens = Array.from({ length: 8 }, () => { let first = true; return lv.openAuth(uri, {
      credTypes: [lv.VIR_CRED_AUTHNAME, lv.VIR_CRED_PASSPHRASE],
      callback: async (creds) => {
        // the test driver may ask more than once per open: count opens
        if (first && ++started === 8) release();
        first = false;
        await all; // a barrier: only passes when 8 opens are blocked in libvirt together
        for (const c of creds) c.result = c.type === lv.VIR_CRED_AUTHNAME ? 'alice' : 'pw';
      },
    }); });
    let timer: NodeJS.Timeout | undefined;
    const conns = await Promise.race([
      Promise.all(opens),
      new Promise<never>((_, rej) => {
        timer = setTimeout(() => rej(new Error(`only ${started} of 8 calls ran at once`)), 10000);
      }),
    ]).finally(() => clearTimeout(timer));
    expect(started).toBe(8);
    for (const c of conns) await c.close();
  });

  test('no libvirt call runs on the JavaScript thread: calls to a daemon that does not answer leave it free', async () => {
    // A socket that accepts and never answers: each open blocks in libvirt
    // until the server hangs up.
    const sock = path.join(dir, 'silent.sock');
    const peers: net.Socket[] = [];
    const server = net.createServer((s) => { peers.push(s); });
    await new Promise<void>((r) => server.listen(sock, r));
    try {
      const opens = Array.from({ length: 4 }, () =>
        lv.open(`qemu+unix:///system?socket=${sock}`).then(() => 'opened', (e: Error) => e.message));
      await until(() => peers.length === 4, 10000, '4 connections to the silent socket');
      // meanwhile the JavaScript thread runs, and other calls complete
      const t = Date.now();
      await new Promise((r) => setTimeout(r, 50));
      expect(Date.now() - t).toBeLessThan(1000);
      const c = await lv.open(TEST_URI);
      expect(await c.getLibVersion()).toBeGreaterThan(0);
      await c.close();
      // the daemon goes away: the blocked calls fail and their threads return
      for (const p of peers) p.destroy();
      const results = await Promise.all(opens);
      for (const m of results) expect(m).not.toBe('opened');
      const threads = stats().threads;
      const c2 = await lv.open(TEST_URI);
      await Promise.all(Array.from({ length: 4 }, () => c2.getLibVersion()));
      await c2.close();
      expect(stats().threads).toBe(threads); // taken by the threads that were blocked
    } finally {
      server.close();
    }
  });

  test('close() and free() with calls in flight: the calls settle, new handles reject with ERR_LIBVIRT_CLOSED, nothing leaks', async () => {
    const base = stats().liveHandles;
    const conn = await lv.open(TEST_URI);
    const dom = await conn.lookupByName('test');
    const infos = Array.from({ length: 8 }, () => dom.info());
    dom.free(); // the calls in flight hold references of their own
    for (const i of await Promise.all(infos)) expect(i.nrVirtCpu).toBeGreaterThan(0);
    const lookups = Array.from({ length: 8 }, () => conn.lookupByName('test').then(() => 'resolved', (e) => e.code));
    const versions = Array.from({ length: 8 }, () => conn.getLibVersion());
    const remaining = await conn.close();
    expect(remaining).toBeGreaterThanOrEqual(0);
    expect(await Promise.all(lookups)).toEqual(Array(8).fill('ERR_LIBVIRT_CLOSED'));
    for (const v of await Promise.all(versions)) expect(v).toBeGreaterThan(0);
    await expect(conn.getLibVersion()).rejects.toMatchObject({ code: 'ERR_LIBVIRT_CLOSED' });
    expect(stats().liveHandles).toBe(base);
  });
});
