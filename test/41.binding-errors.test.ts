// The binding's own errors: every BindingError code, triggered for real, is a
// BindingError (instanceof, name, code, message); a LibvirtError is not one.
// And credentials: a result with NUL is refused before libvirt sees it.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as lv from '../src';
import { addon } from '../src/native';
import { IN_CI, TEST_URI, openSystem, thrown, makePidsCgroup, saslUser } from './helpers/libvirt';

const ROOT = path.resolve(__dirname, '..');

// Every code, once: this fails to compile if the union gains or loses one.
const CODES: Record<lv.BindingErrorCode, true> = {
  ERR_LIBVIRT_CLOSED: true,
  ERR_LIBVIRT_DISCONNECTED: true,
  ERR_LIBVIRT_FREED: true,
  ERR_LIBVIRT_NO_THREAD: true,
  ERR_LIBVIRT_STREAM_ENDING: true,
  ERR_LIBVIRT_STREAM_NONBLOCKING: true,
  ERR_LIBVIRT_TIMEOUT: true,
};
const seen = new Set<string>();

/** Checks that `e` is a BindingError with this code and message, the stack headed by both. */
function expectBindingError(e: unknown, code: lv.BindingErrorCode, message: string | RegExp): void {
  expect(e).toBeInstanceOf(lv.BindingError);
  expect(e).toBeInstanceOf(Error);
  expect(e).not.toBeInstanceOf(lv.LibvirtError);
  const b = e as lv.BindingError;
  expect(b.name).toBe('BindingError');
  expect(b.code).toBe(code);
  if (typeof message === 'string') expect(b.message).toBe(message);
  else expect(b.message).toMatch(message);
  expect((b.stack ?? '').split('\n')[0]).toBe(`BindingError: ${b.message}`);
  seen.add(code);
}
async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(() => new Error('resolved, expected a rejection'), (e: unknown) => e);
}

describe('41 BindingError', () => {
  let conn: lv.Connection;
  beforeAll(async () => {
    conn = await lv.open(TEST_URI);
  });
  afterAll(async () => {
    await conn.close();
  });

  test('the class: exported, constructible, its name on the prototype; a LibvirtError is not one', async () => {
    const e = new lv.BindingError('ERR_LIBVIRT_TIMEOUT', 'took too long');
    expect([e.name, e.code, e.message, String(e)]).toEqual(['BindingError', 'ERR_LIBVIRT_TIMEOUT', 'took too long', 'BindingError: took too long']);
    expect(Object.keys(e)).toEqual(['code']);
    const le = await rejection(conn.lookupByName('lvn-no-such-domain'));
    expect(le).toBeInstanceOf(lv.LibvirtError);
    expect(le).not.toBeInstanceOf(lv.BindingError);
    expect((le as lv.LibvirtError).codeName).toBe('VIR_ERR_NO_DOMAIN');
  });

  test('ERR_LIBVIRT_CLOSED: calls on a closed connection and on its objects, async and sync', async () => {
    const c = await lv.open(TEST_URI);
    const dom = await c.lookupByName('test');
    expect(await c.close()).toBe(0);
    expectBindingError(await rejection(c.getCapabilities()), 'ERR_LIBVIRT_CLOSED', 'Connection is closed');
    expectBindingError(await rejection(dom.info()), 'ERR_LIBVIRT_CLOSED', "Domain 'test' cannot be used: its connection was closed");
    expectBindingError(thrown(() => dom.name()), 'ERR_LIBVIRT_CLOSED', "Domain 'test' cannot be used: its connection was closed");
  });

  test('ERR_LIBVIRT_CLOSED: a call cut off by close() (test:///default)', async () => {
    // the call runs on its thread; close() ends the connection before its
    // result (a new handle) can be given one
    const c = await lv.open(TEST_URI);
    const looking = rejection(c.lookupByName('test'));
    const listing = rejection(c.listAllDomains());
    await c.close();
    expectBindingError(await looking, 'ERR_LIBVIRT_CLOSED', 'Connection was closed while the call was running');
    expectBindingError(await listing, 'ERR_LIBVIRT_CLOSED', 'Connection was closed while the call was running');
  });

  test('ERR_LIBVIRT_CLOSED: a slow call on qemu:///system cut off by close()', async () => {
    const c = await openSystem();
    if (!c) return;
    // a round trip to the daemon: still running when close() is called
    const stats = rejection(c.getAllDomainStats());
    const listing = rejection(c.listAllDomains());
    await c.close();
    expectBindingError(await stats, 'ERR_LIBVIRT_CLOSED', 'Connection was closed while the call was running');
    expectBindingError(await listing, 'ERR_LIBVIRT_CLOSED', 'Connection was closed while the call was running');
  });

  test('ERR_LIBVIRT_FREED: native calls, getters and stream calls after free(); the TypeScript helpers likewise', async () => {
    const dom = await conn.lookupByName('test');
    dom.free();
    expectBindingError(await rejection(dom.info()), 'ERR_LIBVIRT_FREED', "Domain 'test' was freed");
    expectBindingError(thrown(() => dom.name()), 'ERR_LIBVIRT_FREED', "Domain 'test' was freed");
    expectBindingError(await rejection(dom.waitForState(lv.VIR_DOMAIN_RUNNING)), 'ERR_LIBVIRT_FREED', 'Domain was freed');
    expectBindingError(await rejection(lv.openConsoleStream(dom)), 'ERR_LIBVIRT_FREED', 'Domain was freed');
    expectBindingError(await rejection(lv.screenshot(dom)), 'ERR_LIBVIRT_FREED', 'Domain was freed');
    const pool = await conn.storagePoolLookupByName('default-pool');
    const volName = `lvn-test41-${process.pid}.img`;
    const vol = await pool.createXML(`<volume><name>${volName}</name><capacity>1024</capacity></volume>`);
    try {
      vol.free();
      expectBindingError(await rejection(lv.volumeDownload(vol)), 'ERR_LIBVIRT_FREED', 'StorageVol was freed');
      expectBindingError(await rejection(lv.volumeUpload(vol)), 'ERR_LIBVIRT_FREED', 'StorageVol was freed');
      expectBindingError(await rejection(vol.info()), 'ERR_LIBVIRT_FREED', `StorageVol '${volName}' was freed`);
    } finally {
      await (await pool.storageVolLookupByName(volName)).delete();
      pool.free();
    }
    const st = await conn.newStream(0);
    st.free();
    expectBindingError(await rejection(st.recv(10)), 'ERR_LIBVIRT_FREED', 'Stream was freed');
    expectBindingError(thrown(() => st.eventRemoveCallback()), 'ERR_LIBVIRT_FREED', 'Stream was freed');
  });

  test('ERR_LIBVIRT_STREAM_ENDING: a second finish()/abort() while one runs', async () => {
    // the test driver's finish takes microseconds: the second call finds the
    // first still running in most rounds, not all
    const dom = await conn.lookupByName('test');
    let refused: unknown = null;
    for (let round = 0; round < 100 && !refused; round++) {
      const st = await conn.newStream(lv.VIR_STREAM_NONBLOCK);
      await dom.screenshot(st, 0);
      const [first, second] = await Promise.allSettled([st.finish(), st.abort()]);
      expect(first).toEqual({ status: 'fulfilled', value: 0 });
      if (second.status === 'rejected') refused = second.reason;
      st.free();
    }
    expectBindingError(refused, 'ERR_LIBVIRT_STREAM_ENDING', 'abort(): finish() or abort() is already running on this stream');
  });

  test('ERR_LIBVIRT_STREAM_NONBLOCKING: a whole-stream transfer on a VIR_STREAM_NONBLOCK stream', async () => {
    const dom = await conn.lookupByName('test');
    const st = await conn.newStream(lv.VIR_STREAM_NONBLOCK);
    await dom.screenshot(st, 0);
    expectBindingError(await rejection(st.recvAll(() => undefined)), 'ERR_LIBVIRT_STREAM_NONBLOCKING',
      /^recvAll\(\) needs a blocking stream, and this one was made with VIR_STREAM_NONBLOCK /);
    expect(await st.abort()).toBe(0);
    st.free();
  });

  test('ERR_LIBVIRT_TIMEOUT: waitForState past its timeoutMs', async () => {
    const dom = await conn.lookupByName('test');
    const e = await rejection(dom.waitForState(lv.VIR_DOMAIN_SHUTOFF, { timeoutMs: 50 }));
    expectBindingError(e, 'ERR_LIBVIRT_TIMEOUT',
      "Timed out after 50 ms waiting for domain 'test' to reach VIR_DOMAIN_SHUTOFF (it is VIR_DOMAIN_RUNNING)");
  });

  test('ERR_LIBVIRT_NO_THREAD: a first call when no thread can be started (a child at its cgroup pids limit)', () => {
    // root moves a child into a cgroup of its own and sets pids.max to the
    // threads it has: the binding's first call finds no thread to run on
    const dir = makePidsCgroup('lvn-test41-pids');
    try {
      const script = `
        const lv = require(${JSON.stringify(ROOT)});
        const fs = require('fs');
        const dir = ${JSON.stringify(dir)};
        const limit = (n) => fs.writeFileSync(dir + '/pids.max', String(n));
        (async () => {
          fs.writeFileSync(dir + '/cgroup.procs', String(process.pid));
          limit(fs.readdirSync('/proc/self/task').length);
          const e = await lv.open('test:///default').then(() => null, (e) => e);
          limit('max');
          console.log(JSON.stringify(e && { isBindingError: e instanceof lv.BindingError, isLibvirtError: e instanceof lv.LibvirtError,
            name: e.name, code: e.code, message: e.message, head: e.stack.split('\\n')[0] }));
        })();`;
      const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30000 });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const message = 'no thread could be started to make the libvirt call (the process is at its thread limit)';
      expect(JSON.parse(r.stdout.trim())).toEqual({
        isBindingError: true, isLibvirtError: false, name: 'BindingError', code: 'ERR_LIBVIRT_NO_THREAD', message,
        head: `BindingError: ${message}`,
      });
      seen.add('ERR_LIBVIRT_NO_THREAD');
    } finally {
      fs.rmdirSync(dir);
    }
  });

  test('every code was triggered by the tests above', () => {
    // ERR_LIBVIRT_DISCONNECTED needs the daemon to go away: test/reconnect.test.ts triggers it
    const elsewhere = ['ERR_LIBVIRT_DISCONNECTED'];
    expect([...seen].sort()).toEqual(Object.keys(CODES).filter((c) => !elsewhere.includes(c)).sort());
  });
});

describe('41 openAuth: a credential result with NUL is refused', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-auth41-'));
  const node = path.join(dir, 'node.xml');
  fs.writeFileSync(node, "<node><auth><user password='pw'>alice</user></auth></node>");
  const uri = `test://${node}`;
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const credTypes = [lv.VIR_CRED_AUTHNAME, lv.VIR_CRED_PASSPHRASE];
  const answer = (user: string, pass: string) => (creds: lv.ConnectCredential[]) => {
    for (const c of creds) c.result = c.type === lv.VIR_CRED_AUTHNAME ? user : pass;
  };

  test("test driver: 'pw\\0junk' (libvirt would read 'pw') is a TypeError naming the credential; no connection is made", async () => {
    expect(await (await lv.openAuth(uri, { credTypes, callback: answer('alice', 'pw') })).close()).toBe(0);
    const before = addon._stats().liveHandles;
    for (const [user, pass, cred] of [['alice', 'pw\0junk', 'VIR_CRED_PASSPHRASE'], ['alice\0bob', 'pw', 'VIR_CRED_AUTHNAME']]) {
      const e = await rejection(lv.openAuth(uri, { credTypes, callback: answer(user, pass) }));
      // made by the addon: a TypeError of Node's realm, not of jest's sandbox
      expect([(e as Error).name, (e as Error).message]).toEqual(['TypeError', `credential ${cred} result must not contain NUL`]);
    }
    // async callbacks too
    const e = await rejection(lv.openAuth(uri, { credTypes, callback: async (creds) => answer('alice', '\0')(creds) }));
    expect((e as Error).message).toBe('credential VIR_CRED_PASSPHRASE result must not contain NUL');
    expect(addon._stats().liveHandles).toBe(before);
  });

  test('the daemon over TCP with SASL: the password with NUL and more is refused, the password alone opens', async () => {
    const u = saslUser('the TCP+SASL test');
    if (!u) return;
    const before = addon._stats().liveHandles;
    const e = await rejection(lv.openAuth(u.uri, { credTypes, callback: answer(u.user, `${u.password}\0junk`) }));
    expect([(e as Error).name, (e as Error).message]).toEqual(['TypeError', 'credential VIR_CRED_PASSPHRASE result must not contain NUL']);
    expect(addon._stats().liveHandles).toBe(before);
    const conn = await lv.openAuth(u.uri, { credTypes, callback: answer(u.user, u.password) });
    expect(await conn.getURI()).toBe(u.uri);
    expect(await conn.close()).toBe(0);
  });
});
