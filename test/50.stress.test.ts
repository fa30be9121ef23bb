// Concurrency and handle lifetime.
import { execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as lv from '../src';
import { TEST_URI, openSystem, cleanupDomains, uniqueName, x86DomainType, biosGuestXML, serialLog, makePidsCgroup } from './helpers/libvirt';

const ROOT = path.resolve(__dirname, '..');

async function concurrent(conn: lv.Connection, names: string[]): Promise<void> {
  const calls: Promise<void>[] = [];
  for (let i = 0; i < 500; i++) {
    const name = names[i % names.length];
    switch (i % 5) {
      case 0: calls.push(conn.lookupByName(name).then((d) => expect(d.name()).toBe(name))); break;
      case 1: calls.push(conn.lookupByName(name).then((d) => d.XMLDesc()).then((x) => expect(x).toContain(`<name>${name}</name>`))); break;
      case 2: calls.push(conn.getCapabilities().then((c) => expect(c).toContain('<capabilities>'))); break;
      case 3: calls.push(conn.lookupByName(name).then((d) => d.info()).then((inf) => expect(typeof inf.maxMem).toBe('bigint'))); break;
      default: calls.push(conn.lookupByName(`${name}-missing`).then(
        () => { throw new Error('resolved for a missing domain'); },
        (e) => expect(e.codeName).toBe('VIR_ERR_NO_DOMAIN'),
      ));
    }
  }
  const results = await Promise.allSettled(calls);
  const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
  expect(failed.map((f) => String(f.reason))).toEqual([]);
  expect(results.length).toBe(500);
}

describe('50 stress', () => {
  test('500 concurrent calls on one test:///default connection all settle correctly', async () => {
    const conn = await lv.open(TEST_URI);
    const names = (await conn.listAllDomains()).map((d) => d.name());
    await concurrent(conn, names);
    expect(await conn.close()).toBe(0);
  });

  test('500 concurrent calls on one qemu:///system connection all settle correctly', async () => {
    const conn = await openSystem();
    if (!conn) return;
    try {
      const type = await x86DomainType(conn);
      const names: string[] = [];
      for (let i = 0; i < 5; i++) {
        const n = uniqueName(`conc${i}`);
        await conn.defineXML(biosGuestXML(n, type, serialLog(n)));
        names.push(n);
      }
      await concurrent(conn, names);
    } finally {
      await cleanupDomains(conn);
      expect(await conn.close()).toBe(0);
    }
  });

  test('100k lookups: garbage-collected wrappers free their handles, RSS stays flat', () => {
    const out = execFileSync(process.execPath, ['--expose-gc', path.join(ROOT, 'tools/leak-check.js'), TEST_URI, '100000'], {
      encoding: 'utf8',
      cwd: ROOT,
    });
    const r = JSON.parse(out.trim().split('\n').pop() as string);
    // after GC only the connection is left holding a libvirt reference
    expect(r.after.live).toBe(1);
    expect(r.warm.live).toBe(1);
    const growthMiB = (r.after.rss - r.warm.rss) / 1048576;
    expect(growthMiB).toBeLessThan(32);
    // wrappers dropped while their call was in flight still completed it
    expect(r.inflightOk).toBe(200);
    expect(r.closeCount).toBe(0);
    expect(r.liveAfterClose).toBe(0);
  });

  test('a domain keeps its connection alive; when both are unreachable, both are freed', () => {
    const script = `
      const lv = require(${JSON.stringify(ROOT)});
      const { addon } = require(${JSON.stringify(path.join(ROOT, 'dist/native'))});
      const live = () => addon._stats().liveHandles;
      const settle = async () => { for (let i = 0; i < 5; i++) { global.gc(); await new Promise((r) => setTimeout(r, 20)); } };
      (async () => {
        const base = live();
        let conn = await lv.open('test:///default');
        let doms = await conn.listAllDomains();
        let dom = doms[0];
        const name = dom.name();
        doms = null;
        await settle();
        const withList = live(); // the connection and the one domain still referenced
        conn = null; // only the domain refers to it now
        await settle();
        const held = live();
        const info = await dom.info(); // works: its connection was kept
        const sameConn = dom.connect().getURI ? (await dom.connect().getURI()) : null;
        dom = null;
        await settle();
        console.log(JSON.stringify({ base, withList, held, state: info.state, sameConn, after: live() }));
      })();`;
    const out = execFileSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8', timeout: 30000 });
    const r = JSON.parse(out.trim().split('\n').pop() as string);
    expect(r.withList - r.base).toBe(2);
    expect(r.held - r.base).toBe(2);
    expect(r.state).toBe(lv.VIR_DOMAIN_RUNNING);
    expect(r.sameConn).toBe('test:///default');
    expect(r.after).toBe(r.base);
  });

  test('calls made together run together, also when the pool has a single idle thread', () => {
    // A fresh process: one call leaves one executor thread, asleep. Eight
    // openAuth calls are then made at once; each waits in its auth callback
    // until released. All eight callbacks must be waiting at the same time:
    // a call must not queue behind another that holds a thread.
    const script = `
      const lv = require(${JSON.stringify(ROOT)});
      const fs = require('fs'), os = require('os'), path = require('path');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-burst-'));
      const node = path.join(dir, 'node.xml');
      fs.writeFileSync(node, "<node><auth><user password='pw'>u</user></auth></node>");
      let waiting = 0, most = 0, release;
      const released = new Promise((r) => { release = r; });
      const auth = { credTypes: [lv.VIR_CRED_AUTHNAME, lv.VIR_CRED_PASSPHRASE], callback: async (creds) => {
        most = Math.max(most, ++waiting);
        if (waiting === 8) release();
        // 8 waiting at once, or 5 s: then the count tells what happened
        await Promise.race([released, new Promise((r) => setTimeout(r, 5000))]);
        waiting--;
        for (const c of creds) c.result = c.type === lv.VIR_CRED_AUTHNAME ? 'u' : 'pw';
      } };
      (async () => {
        const c0 = await lv.open('test:///default');
        await c0.getLibVersion();
        await new Promise((r) => setTimeout(r, 50));
        const conns = await Promise.all(Array.from({ length: 8 }, () => lv.openAuth('test://' + node, auth)));
        for (const c of [c0, ...conns]) await c.close();
        fs.rmSync(dir, { recursive: true, force: true });
        console.log(JSON.stringify({ opened: conns.length, most }));
      })();`;
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60000 });
    expect(JSON.parse(out.trim().split('\n').pop() as string)).toEqual({ opened: 8, most: 8 });
  });

  test('no thread to be had (a pids limit): a first call rejects with ERR_LIBVIRT_NO_THREAD; later calls wait for the thread there is; no abort', () => {
    // root moves a child into a cgroup and sets its pids.max to the threads
    // it has. std::thread's exception used to end the process.
    const dir = makePidsCgroup('lvn-test-pids');
    try {
      const script = `
        const lv = require(${JSON.stringify(ROOT)});
        const fs = require('fs');
        const dir = ${JSON.stringify(dir)};
        const threads = () => fs.readdirSync('/proc/self/task').length;
        const limit = (n) => fs.writeFileSync(dir + '/pids.max', String(n));
        (async () => {
          fs.writeFileSync(dir + '/cgroup.procs', String(process.pid));
          // no executor thread yet, and none can start: the call is refused
          limit(threads());
          const first = await lv.open('test:///default').then(() => 'opened', (e) => [e.code, e.message]);
          limit('max');
          const conn = await lv.open('test:///default');
          const dom = (await conn.listAllDomains())[0];
          await dom.info();
          // one executor thread now, and no more can start
          const n = threads();
          limit(n);
          const infos = await Promise.all(Array.from({ length: 8 }, () => dom.info()));
          const grew = threads() - n;
          limit('max');
          await conn.close();
          console.log(JSON.stringify({ first, settled: infos.filter((i) => i.state === lv.VIR_DOMAIN_RUNNING).length, grew }));
        })();`;
      const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30000 });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout.trim())).toEqual({
        first: ['ERR_LIBVIRT_NO_THREAD', 'no thread could be started to make the libvirt call (the process is at its thread limit)'],
        settled: 8,
        grew: 0,
      });
    } finally {
      fs.rmdirSync(dir);
    }
  });

  test('dropped handles are freed at once by free() and by garbage collection; close() frees the rest', () => {
    const script = `
      const lv = require(${JSON.stringify(ROOT)});
      const { addon } = require(${JSON.stringify(path.join(ROOT, 'dist/native'))});
      const live = () => addon._stats().liveHandles;
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
      const collect = async () => { for (let i = 0; i < 4; i++) { global.gc(); await sleep(20); } };
      (async () => {
        const base = live();
        const conn = await lv.open('test:///default');
        for (let i = 0; i < 300; i++) {
          (await conn.defineXML("<domain type='test'><name>reap" + i + "</name><memory>65536</memory><os><type>hvm</type></os></domain>")).free();
        }
        let list = await conn.listAllDomains();
        const listed = live() - base;
        for (const d of list.slice(0, 10)) d.free();
        const afterFree = live() - base;
        list = null;
        await collect();
        const afterGc = live() - base;
        const more = await conn.listAllDomains();
        for (const d of more.slice(0, 5)) d.free();
        const beforeClose = live() - base;
        const closeCount = await conn.close();
        console.log(JSON.stringify({ listed, afterFree, afterGc, beforeClose, closeCount, after: live() - base, kept: more.length }));
      })();`;
    const out = execFileSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8', timeout: 30000 });
    expect(JSON.parse(out.trim().split('\n').pop() as string)).toEqual({
      listed: 1 + 301, afterFree: 1 + 291, afterGc: 1, beforeClose: 1 + 296, closeCount: 0, after: 0, kept: 301,
    });
  });

  test('connections never closed are closed after garbage collection, off the JavaScript thread', async () => {
    const conn = await openSystem();
    if (!conn) return;
    await conn.close();
    const script = `
      const lv = require(${JSON.stringify(ROOT)});
      const fs = require('fs');
      // the sockets open now, by inode (the ls that execSync would run for this
      // has sockets of its own for its stdio: 3 or 6, so counts were off by 3)
      const sockets = () => new Set(fs.readdirSync('/proc/self/fd').map((fd) => {
        try { return fs.readlinkSync('/proc/self/fd/' + fd); } catch { return ''; }
      }).filter((l) => l.startsWith('socket:')));
      (async () => {
        const before = sockets();
        let conns = [];
        for (let i = 0; i < 20; i++) conns.push(await lv.open('qemu:///system'));
        const mine = [...sockets()].filter((s) => !before.has(s));
        conns = null; // never closed: only garbage collection can free them
        const left = () => { const now = sockets(); return mine.filter((s) => now.has(s)).length; };
        for (let i = 0; i < 5; i++) { global.gc(); await new Promise((r) => setTimeout(r, 100)); }
        for (let i = 0; i < 50 && left() > 0; i++) await new Promise((r) => setTimeout(r, 100));
        console.log(JSON.stringify({ opened: mine.length, left: left() }));
      })();`;
    const r = execFileSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8', timeout: 30000 });
    const { opened, left } = JSON.parse(r.trim());
    expect(opened).toBeGreaterThanOrEqual(20); // one socket per connection
    expect(left).toBe(0);                      // all closed again
  });
});
