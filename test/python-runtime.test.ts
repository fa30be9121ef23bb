// python-libvirt's runtime calls, as a python program uses them: the event-loop
// calls (virEvent*), registerErrorHandler, libvirtError's accessors, stream
// handlers with (stream, data, opaque), event IDs this build does not know,
// and openAuth's [credtypes, callback, opaque].
import { execFileSync, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as lv from '../src';
import { TEST_URI, IN_CI, PREFIX, uniqueName, openSystem, libvirtError, saslUser } from './helpers/libvirt';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

let conn: lv.Connection;
beforeAll(async () => {
  conn = await lv.open(TEST_URI);
});
afterAll(async () => {
  lv.registerErrorHandler(null);
  await conn.close();
});

describe('python event-loop calls', () => {
  test('virEventRegisterDefaultImpl is a no-op returning 0; the loop already runs', () => {
    expect(lv.virEventRegisterDefaultImpl()).toBe(0);
    expect(lv.virEventRegisterDefaultImpl()).toBe(0);
  });

  test('a timeout fires with (timer, opaque) on the JavaScript thread, is updated, disabled and removed', async () => {
    const calls: [number, unknown][] = [];
    const opaque = { tag: 'ctx' };
    const id = lv.virEventAddTimeout(20, (timer, o) => calls.push([timer, o]), opaque);
    expect(id).toBeGreaterThan(0);
    await until('3 timeouts', () => calls.length >= 3);
    for (const [t, o] of calls) {
      expect(t).toBe(id);
      expect(o).toBe(opaque);
    }
    lv.virEventUpdateTimeout(id, -1); // disabled
    await sleep(30);
    const n = calls.length;
    await sleep(150);
    expect(calls.length).toBe(n);
    lv.virEventUpdateTimeout(id, 10); // enabled again
    await until('the re-enabled timeout', () => calls.length > n);
    expect(lv.virEventRemoveTimeout(id)).toBe(0);
    await sleep(30);
    const m = calls.length;
    await sleep(150);
    expect(calls.length).toBe(m);
    // removing it again, or an id it did not add, fails as python's does
    expect(() => lv.virEventRemoveTimeout(id)).toThrow(lv.libvirtError);
    expect(() => lv.virEventRemoveTimeout(999999)).toThrow('virEventRemoveTimeout() failed');
    expect(() => lv.virEventAddTimeout(10, 'x' as unknown as lv.EventTimeoutCallback)).toThrow(
      'Expected function for cb but received string');
  });

  test('a handle on a pipe fires on readability with (watch, fd, events, opaque), and not before', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-fifo-'));
    const fifo = path.join(dir, 'p');
    execFileSync('mkfifo', [fifo]);
    // read and write ends in one fd (O_RDWR on a FIFO), non-blocking reads
    const fd = fs.openSync(fifo, fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
    try {
      const got: { watch: number; fd: number; events: number; opaque: unknown; data: string }[] = [];
      const id = lv.virEventAddHandle(fd, lv.VIR_EVENT_HANDLE_READABLE, (watch, f, events, opaque) => {
        const buf = Buffer.alloc(100);
        const n = fs.readSync(f, buf, 0, 100, null);
        got.push({ watch, fd: f, events, opaque, data: buf.subarray(0, n).toString() });
      }, 'op');
      await sleep(150);
      expect(got).toEqual([]);
      fs.writeSync(fd, 'hello');
      await until('the handle callback', () => got.length === 1);
      expect(got[0]).toEqual({ watch: id, fd, events: lv.VIR_EVENT_HANDLE_READABLE, opaque: 'op', data: 'hello' });
      // the callback consumed the data: no further call until more comes
      await sleep(100);
      expect(got.length).toBe(1);
      // not watching: the data waits
      lv.virEventUpdateHandle(id, 0);
      fs.writeSync(fd, 'later');
      await sleep(150);
      expect(got.length).toBe(1);
      lv.virEventUpdateHandle(id, lv.VIR_EVENT_HANDLE_READABLE);
      await until('the second call', () => got.length === 2);
      expect(got[1].data).toBe('later');
      expect(lv.virEventRemoveHandle(id)).toBe(0);
      fs.writeSync(fd, 'gone');
      await sleep(150);
      expect(got.length).toBe(2);
      expect(() => lv.virEventRemoveHandle(id)).toThrow('virEventRemoveHandle() failed');
    } finally {
      fs.closeSync(fd);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('virEventRunDefaultImpl resolves after the loop dispatched, and a loop of it does not spin', async () => {
    let fired = 0;
    const id = lv.virEventAddTimeout(100, () => fired++);
    try {
      let iterations = 0;
      const t0 = Date.now();
      const cpu0 = process.cpuUsage();
      while (fired < 3) {
        expect(await lv.virEventRunDefaultImpl()).toBe(0);
        iterations++;
      }
      const wall = Date.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      // about one iteration per timeout (plus wake-ups), not thousands
      expect(iterations).toBeLessThan(60);
      expect(wall).toBeGreaterThanOrEqual(150);
      // CPU time of the process stays a fraction of the wall time
      expect((cpu.user + cpu.system) / 1000).toBeLessThan(wall * 0.8);
    } finally {
      lv.virEventRemoveTimeout(id);
    }
  });

  test('registerErrorHandler: the handler gets (ctx, [code, domain, message, level, str1, str2, str3, int1, int2]) of a real error', async () => {
    const seen: [unknown, unknown[]][] = [];
    expect(lv.registerErrorHandler((ctx, err) => seen.push([ctx, err]), 'my-ctx')).toBe(1);
    const e = await libvirtError(conn.lookupByName(`${PREFIX}no-such-domain`));
    await until('the error handler', () => seen.some(([, err]) => err[0] === lv.VIR_ERR_NO_DOMAIN));
    const [ctx, err] = seen.find(([, x]) => x[0] === lv.VIR_ERR_NO_DOMAIN) as [unknown, unknown[]];
    expect(ctx).toBe('my-ctx');
    expect(err).toEqual([e.code, e.domain, e.message, e.level, e.str1, e.str2, e.str3, e.int1, e.int2]);
    expect(err[1]).toBe(lv.VIR_FROM_TEST);
    expect(err[3]).toBe(lv.VIR_ERR_ERROR);
    // null unregisters: later errors reach no handler
    expect(lv.registerErrorHandler(null)).toBe(1);
    const n = seen.length;
    await libvirtError(conn.lookupByName(`${PREFIX}no-such-domain-2`));
    await sleep(100);
    expect(seen.length).toBe(n);
    expect(() => lv.registerErrorHandler(42 as unknown as lv.ErrorHandler)).toThrow('Expected function for f but received number');
  });
});

describe('python event-loop calls: process lifetime', () => {
  const ROOT = path.resolve(__dirname, '..');
  // Runs a script in a fresh Node process with the built package as `lv`.
  const node = (body: string) => spawnSync(process.execPath, ['-e', `const lv = require(${JSON.stringify(ROOT)});\n${body}`],
    { encoding: 'utf8', timeout: 60_000 });

  test('a pending virEventRunDefaultImpl does not keep Node alive; a timeout does until removed', () => {
    const idle = node(`lv.virEventRunDefaultImpl().then(() => console.log('resolved')); console.log('end of script');`);
    expect([idle.status, idle.signal, idle.stdout]).toEqual([0, null, 'end of script\n']);
    const timer = node(`let n = 0;
      lv.virEventAddTimeout(10, (t) => { if (++n === 3) { console.log('removed after', n); lv.virEventRemoveTimeout(t); } });
      (async () => { while (true) await lv.virEventRunDefaultImpl(); })();`);
    expect([timer.status, timer.signal, timer.stdout]).toEqual([0, null, 'removed after 3\n']);
  });

  test('process.exit() inside a timeout callback, and a worker that ends with a timeout and handler registered', () => {
    const exit = node(`lv.virEventAddTimeout(5, () => { console.log('exiting'); process.exit(7); });`);
    expect([exit.status, exit.signal, exit.stdout]).toEqual([7, null, 'exiting\n']);
    const worker = node(`const { Worker } = require('worker_threads');
      const w = new Worker(\`const lv = require(\${JSON.stringify(${JSON.stringify(ROOT)})});
        const { parentPort } = require('worker_threads');
        lv.registerErrorHandler(() => undefined, null);
        lv.virEventAddTimeout(1, () => parentPort.postMessage('tick'));\`, { eval: true });
      let ticks = 0;
      w.on('message', () => { if (++ticks === 5) w.terminate(); });
      w.on('exit', () => {
        // the loop goes on for this thread after the worker's end
        let n = 0;
        lv.virEventAddTimeout(5, (t) => { if (++n === 3) { lv.virEventRemoveTimeout(t); console.log('main ticks', n, 'worker ticks', ticks >= 5); } });
      });`);
    expect([worker.status, worker.signal, worker.stdout]).toEqual([0, null, 'main ticks 3 worker ticks true\n']);
  });
});

describe('python error API', () => {
  test('libvirtError is LibvirtError, with get_error_code() and the other accessors', async () => {
    expect(lv.libvirtError).toBe(lv.LibvirtError);
    const e = await libvirtError(conn.lookupByName(`${PREFIX}missing`));
    expect(e instanceof lv.libvirtError).toBe(true);
    expect(e.get_error_code()).toBe(lv.VIR_ERR_NO_DOMAIN);
    expect(e.get_error_domain()).toBe(lv.VIR_FROM_TEST);
    expect(e.get_error_message()).toBe(e.message);
    expect(e.get_error_message()).toMatch(/not found/);
    expect(e.get_error_level()).toBe(lv.VIR_ERR_ERROR);
    expect([e.get_str1(), e.get_str2(), e.get_str3(), e.get_int1(), e.get_int2()]).toEqual([e.str1, e.str2, e.str3, e.int1, e.int2]);
  });
});

describe('python stream handlers', () => {
  test('recvAll(handler, opaque): handler(stream, data, opaque); the old handler(data) form still works', async () => {
    const dom = await conn.lookupByName('test');
    const expected = (await lv.screenshot(dom, 0)).data;
    const st = await conn.newStream(0);
    await dom.screenshot(st, 0);
    const chunks: Buffer[] = [];
    const sink = { chunks };
    await st.recvAll((stream, data, opaque) => {
      expect(stream).toBe(st);
      expect(opaque).toBe(sink);
      opaque.chunks.push(data);
      return data.length;
    }, sink);
    await st.finish();
    expect(Buffer.concat(chunks).equals(expected)).toBe(true);

    const st2 = await conn.newStream(0);
    await dom.screenshot(st2, 0);
    const old: Buffer[] = [];
    await st2.recvAll((data: Buffer) => void old.push(data));
    await st2.finish();
    expect(Buffer.concat(old).equals(expected)).toBe(true);
  });

  test('a recvAll handler returning a negative number fails the transfer, as in python', async () => {
    const dom = await conn.lookupByName('test');
    const st = await conn.newStream(0);
    await dom.screenshot(st, 0);
    await expect(st.recvAll(() => -1, null)).rejects.toThrow('recvAll handler returned -1');
  });

  test('sendAll(handler, opaque) on qemu:///system: handler(stream, nbytes, opaque) gives the data; the old form too', async () => {
    const sys = await openSystem();
    if (!sys) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-pypool-'));
    fs.chmodSync(dir, 0o755);
    let pool: lv.StoragePool | null = null;
    try {
      pool = await sys.storagePoolCreateXML(
        `<pool type='dir'><name>${uniqueName('pypool')}</name><target><path>${dir}</path></target></pool>`, 0);
      const data = crypto.randomBytes(300000);
      for (const form of ['python', 'old'] as const) {
        const vol = await pool.createXML(
          `<volume><name>${form}.img</name><capacity>${data.length}</capacity><target><format type='raw'/></target></volume>`, 0);
        const st = await sys.newStream(0);
        await vol.upload(st, 0, data.length, 0);
        let pos = 0;
        const sizes: number[] = [];
        if (form === 'python') {
          const src = { data };
          await st.sendAll((stream, nbytes, opaque) => {
            expect(stream).toBe(st);
            sizes.push(nbytes);
            const chunk = opaque.data.subarray(pos, pos + nbytes);
            pos += chunk.length;
            return chunk;
          }, src);
        } else {
          await st.sendAll((nbytes: number) => {
            sizes.push(nbytes);
            const chunk = data.subarray(pos, pos + nbytes);
            pos += chunk.length;
            return chunk;
          });
        }
        await st.finish();
        expect(sizes.every((n) => Number.isInteger(n) && n > 0)).toBe(true);
        expect(fs.readFileSync(path.join(dir, `${form}.img`)).equals(data)).toBe(true);
        await vol.delete(0);
      }
    } finally {
      if (pool) await pool.destroy().catch(() => undefined);
      await sys.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('python sparse stream handlers', () => {
  test('sparseSendAll(handler, holeHandler, skipHandler, opaque) and sparseRecvAll(handler, holeHandler, opaque) keep the holes', async () => {
    const sys = await openSystem();
    if (!sys) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-pysparse-'));
    fs.chmodSync(dir, 0o755);
    let pool: lv.StoragePool | null = null;
    try {
      pool = await sys.storagePoolCreateXML(
        `<pool type='dir'><name>${uniqueName('pysparse')}</name><target><path>${dir}</path></target></pool>`, 0);
      const MiB = 1024 * 1024;
      const vol = await pool.createXML(
        `<volume><name>s.img</name><capacity unit='M'>4</capacity><target><format type='raw'/></target></volume>`, 0);
      // data, a 2 MiB hole, data, a hole to the end
      const a = crypto.randomBytes(300000);
      const b = crypto.randomBytes(100000);
      const image = Buffer.alloc(4 * MiB);
      a.copy(image, 0);
      b.copy(image, a.length + 2 * MiB);
      const sections: [boolean, number][] = [[true, a.length], [false, 2 * MiB], [true, b.length], [false, 4 * MiB - a.length - 2 * MiB - b.length]];
      const src = { pos: 0, skipped: [] as number[] };
      const up = await sys.newStream(0);
      await vol.upload(up, 0, 0, lv.VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM);
      await up.sparseSendAll(
        (stream, nbytes, opaque) => {
          expect(stream).toBe(up);
          const chunk = image.subarray(opaque.pos, opaque.pos + nbytes);
          opaque.pos += chunk.length;
          return chunk;
        },
        (_stream, opaque) => {
          let end = 0;
          for (const [inData, len] of sections) {
            end += len;
            if (opaque.pos < end) return [inData, end - opaque.pos];
          }
          return [false, 0];
        },
        (_stream, length, opaque) => {
          opaque.skipped.push(length);
          opaque.pos += length;
          return 0;
        },
        src);
      expect(await up.finish()).toBe(0);
      expect(src.skipped).toEqual([2 * MiB, sections[3][1]]);
      expect(fs.readFileSync(path.join(dir, 's.img')).equals(image)).toBe(true);

      const down = await sys.newStream(0);
      await vol.download(down, 0, 0, lv.VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM);
      const sink = { parts: [] as Buffer[], holes: [] as number[] };
      await down.sparseRecvAll(
        (_stream, data, opaque) => {
          opaque.parts.push(data);
          return data.length;
        },
        (_stream, length, opaque) => {
          expect(typeof length).toBe('number');
          opaque.holes.push(length);
          opaque.parts.push(Buffer.alloc(length));
          return 0;
        },
        sink);
      expect(await down.finish()).toBe(0);
      expect(sink.holes.length).toBeGreaterThan(0);
      expect(Buffer.concat(sink.parts).equals(image)).toBe(true);

      // a negative return fails the transfer, as in python
      const again = await sys.newStream(0);
      await vol.download(again, 0, 0, lv.VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM);
      await expect(again.sparseRecvAll(() => 0, () => -1, null)).rejects.toThrow('holeHandler handler returned -1');
      await vol.delete(0);
    } finally {
      if (pool) await pool.destroy().catch(() => undefined);
      await sys.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('event IDs this build does not know', () => {
  test('an ID beyond the compiled table goes to libvirt, whose error the caller catches', async () => {
    const unknown = lv.DOMAIN_EVENTS.length; // the first ID past the table
    const dom = await conn.lookupByName('test');
    const [ver] = await lv.getVersion('Test');
    for (const obj of [null, dom]) {
      const r = await conn.domainEventRegisterAny(obj, unknown, () => undefined).then((id) => ({ id }), (e) => ({ e }));
      if ('id' in r) {
        // a libvirt newer than 9.0 may know the ID: then it registers, and deregisters
        expect(ver).toBeGreaterThanOrEqual(9_001_000);
        expect(await conn.domainEventDeregisterAny(r.id)).toBe(0);
      } else {
        // libvirt 9.0 refuses it itself
        expect(r.e).toBeInstanceOf(lv.LibvirtError);
        expect((r.e as lv.LibvirtError).get_error_code()).toBe(lv.VIR_ERR_INVALID_ARG);
        expect((r.e as lv.LibvirtError).message).toContain('eventID');
      }
    }
    await expect(conn.networkEventRegisterAny(null, 5, () => undefined)).rejects.toBeInstanceOf(lv.LibvirtError);
    await expect(conn.storagePoolEventRegisterAny(null, 7, () => undefined)).rejects.toBeInstanceOf(lv.LibvirtError);
    // the connection still works, and known IDs still register
    const id = await conn.domainEventRegisterAny(null, lv.VIR_DOMAIN_EVENT_ID_LIFECYCLE, () => undefined);
    expect(await conn.domainEventDeregisterAny(id)).toBe(0);
    // beyond any ID the binding can route (0 to 63)
    expect(() => conn.domainEventRegisterAny(null, 64, () => undefined)).toThrow('Expected event ID below 64 for eventID but received number 64');
  });
});

describe("openAuth's python shape", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-pyauth-'));
  const node = path.join(dir, 'node.xml');
  fs.writeFileSync(node, "<node><auth><user password='pw'>alice</user></auth></node>");
  const uri = `test://${node}`;
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const pyAnswer = (user: string, pass: string) => (creds: lv.PythonCredential[], opaque: unknown) => {
    expect(opaque).toBe('od');
    for (const c of creds) {
      expect(c.length).toBe(5);
      expect(c[4]).toBeNull();
      c[4] = c[0] === lv.VIR_CRED_AUTHNAME ? user : pass;
    }
    return 0;
  };
  const credTypes = [lv.VIR_CRED_AUTHNAME, lv.VIR_CRED_PASSPHRASE];

  test('test driver: [credtypes, callback, opaque] with 5-item credentials; -1 declines; the object form stays', async () => {
    const c1 = await lv.openAuth(uri, [credTypes, pyAnswer('alice', 'pw'), 'od'], 0);
    expect(await c1.getURI()).toBe(uri);
    await c1.close();
    const e = await libvirtError(lv.openAuth(uri, [credTypes, pyAnswer('alice', 'wrong'), 'od'], 0));
    expect(e.get_error_code()).toBe(lv.VIR_ERR_AUTH_FAILED);
    const declined = await libvirtError(lv.openAuth(uri, [credTypes, () => -1, null], 0));
    expect(declined).toBeInstanceOf(lv.libvirtError);
    const c2 = await lv.openAuth(uri, { credTypes, callback: (creds) => {
      for (const c of creds) c.result = c.type === lv.VIR_CRED_AUTHNAME ? 'alice' : 'pw';
    } });
    await c2.close();
    expect(() => lv.openAuth(uri, [credTypes, 'x', null] as unknown as lv.PythonAuth)).toThrow(
      'Expected function for auth[1] but received string');
  });

  test('the daemon over TCP with SASL: both shapes open', async () => {
    const u = saslUser('the TCP+SASL test');
    if (!u) return;
    const py = await lv.openAuth(u.uri, [credTypes, pyAnswer(u.user, u.password), 'od'], 0);
    expect(await py.getURI()).toBe(u.uri);
    expect(await py.close()).toBe(0);
    const e = await libvirtError(lv.openAuth(u.uri, [credTypes, pyAnswer(u.user, `${u.password}x`), 'od'], 0));
    expect(e.get_error_code()).toBe(lv.VIR_ERR_AUTH_FAILED);
    const obj = await lv.openAuth(u.uri, { credTypes, callback: (creds) => {
      for (const c of creds) c.result = c.type === lv.VIR_CRED_AUTHNAME ? u.user : u.password;
    } });
    expect(await obj.close()).toBe(0);
  });
});
