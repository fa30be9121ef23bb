// The reconnecting connection: open(uri, { reconnect }). Option checks and the plain path on
// the test driver; the whole lifecycle against the real libvirtd, which this file stops and
// starts twice and SIGSTOPs once (logged in /tmp/libvirtd-restarts.log, left running).
import * as fs from 'fs';
import * as path from 'path';
import { execFile } from 'child_process';
import { promisify } from 'util';
import { types } from 'util';
import {
  open, openAuth, Connection, Domain, BindingError, LibvirtError,
  VIR_DOMAIN_EVENT_ID_LIFECYCLE, VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_SUSPENDED,
  VIR_DOMAIN_RUNNING, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_PAUSED, VIR_ERR_INVALID_ARG,
  VIR_CONNECT_CLOSE_REASON_EOF, VIR_CONNECT_CLOSE_REASON_KEEPALIVE, VIR_CONNECT_CLOSE_REASON_CLIENT,
} from '../src';
import type { ConnectionEvent, LibvirtEvent } from '../src';
import { TEST_URI, SYSTEM_URI, biosGuestXML, serialLog, x86DomainType, until, cleanupDomains } from './helpers/libvirt';

const run = promisify(execFile);
const OWN_SCRIPT = path.resolve(__dirname, '../scripts/libvirtd.sh');
// `start` through another copy of the script when its configuration is the one wanted
const START_SCRIPT = process.env.LIBVIRT_NAPI_LIBVIRTD_SCRIPT || OWN_SCRIPT;
const PIDFILE = '/run/libvirt-napi/libvirtd.pid';
const PREFIX = `napi-recon-${process.pid}-`;

function logRestart(what: string): void {
  fs.appendFileSync('/tmp/libvirtd-restarts.log', `${new Date().toUTCString()}, reconnect (test/reconnect.test.ts), ${what}\n`);
}
async function daemon(action: 'stop' | 'start'): Promise<void> {
  await run('bash', [action === 'stop' ? OWN_SCRIPT : START_SCRIPT, action], { timeout: 60000 });
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('open options (test driver)', () => {
  test('plain open(uri), open(uri, flags) and open(uri, { flags }) give the native Connection, not a proxy', async () => {
    for (const c of [await open(TEST_URI), await open(TEST_URI, 0), await open(TEST_URI, { flags: 0 }), await open(TEST_URI, { reconnect: false })]) {
      expect(c).toBeInstanceOf(Connection);
      expect(types.isProxy(c)).toBe(false);
      await c.close();
    }
    const r = await open(TEST_URI, { reconnect: true });
    expect(types.isProxy(r)).toBe(true);
    expect(r).toBeInstanceOf(Connection);
    await r.close();
  });

  test('bad option values are TypeErrors naming the option', () => {
    const bad: [unknown, RegExp][] = [
      ['x', /options but received string/],
      [{ reconnect: 'yes' }, /options\.reconnect/],
      [{ reconnect: { initialDelayMs: -1 } }, /options\.reconnect\.initialDelayMs/],
      [{ reconnect: { maxDelayMs: NaN } }, /options\.reconnect\.maxDelayMs/],
      [{ reconnect: { maxAttempts: 0 } }, /options\.reconnect\.maxAttempts/],
      [{ reconnect: { maxAttempts: 1.5 } }, /options\.reconnect\.maxAttempts/],
      [{ reconnect: { initialDelayMs: 500, maxDelayMs: 100 } }, /maxDelayMs \(100\) is below/],
      [{ reconnect: { delay: 1 } }, /reconnect\.delay/],
      [{ reconnect: true, callTimeoutMs: -5 }, /options\.callTimeoutMs/],
      [{ callTimeoutMs: 100 }, /callTimeoutMs needs options\.reconnect/],
      [{ reconnect: true, onConnectionChange: 1 }, /options\.onConnectionChange/],
      [{ flags: 'ro' }, /options\.flags/],
      [{ retry: true }, /Unknown option 'retry'/],
    ];
    for (const [opts, msg] of bad) {
      expect(() => open(TEST_URI, opts as never)).toThrow(TypeError);
      expect(() => open(TEST_URI, opts as never)).toThrow(msg);
    }
    const auth = { credTypes: [], callback: () => 0 };
    expect(() => openAuth(TEST_URI, auth, { reconnect: { maxAttempts: -1 } })).toThrow(/options\.reconnect\.maxAttempts/);
  });

  test('a reconnecting connection works as a plain one while it is up', async () => {
    const conn = await openAuth(TEST_URI, { credTypes: [], callback: () => 0 }, { reconnect: true });
    const dom = await conn.lookupByName('test');
    expect(dom).toBeInstanceOf(Domain);
    expect(dom.connect()).toBe(conn);
    expect((await dom.info())[0]).toBe(VIR_DOMAIN_RUNNING);
    expect(await conn.isAlive()).toBe(true);
    const it = conn.events({ connection: true });
    await it.ready;
    const seen: [Connection, string, number][] = [];
    const id = await conn.domainEventRegisterAny(null, VIR_DOMAIN_EVENT_ID_LIFECYCLE, (c, d: Domain, ev: number) => seen.push([c, d.name(), ev]));
    const waiting = dom.waitForState(VIR_DOMAIN_PAUSED, { timeoutMs: 10000 });
    await dom.suspend();
    expect((await waiting)[0]).toBe(VIR_DOMAIN_PAUSED);
    await dom.resume();
    const first = (await it.next()).value as LibvirtEvent;
    expect(first.kind === 'domain' && first.name === 'lifecycle' && first.event).toBe(VIR_DOMAIN_EVENT_SUSPENDED);
    expect(first.kind === 'domain' && first.domain.connect()).toBe(conn);
    await until(() => seen.length === 2, 5000, 'two lifecycle callbacks');
    expect(seen[0][0]).toBe(conn);
    expect(seen.map((s) => s[1])).toEqual(['test', 'test']);
    expect(await conn.domainEventDeregisterAny(id)).toBe(0);
    const e = await conn.domainEventDeregisterAny(id).catch((x) => x);
    expect(e).toBeInstanceOf(LibvirtError);
    expect((e as LibvirtError).code).toBe(VIR_ERR_INVALID_ARG);
    // a Domain of this connection as an event filter
    const mine = conn.events({ domain: dom, domainEvents: [VIR_DOMAIN_EVENT_ID_LIFECYCLE] });
    await mine.ready;
    const one: number[] = [];
    const oneId = await conn.domainEventRegisterAny(dom, VIR_DOMAIN_EVENT_ID_LIFECYCLE, (_c, _d, ev: number) => one.push(ev));
    await dom.suspend();
    const m = (await mine.next()).value as LibvirtEvent;
    expect(m.kind === 'domain' && m.name === 'lifecycle' && m.domain.name()).toBe('test');
    await until(() => one.length === 1, 5000, 'the domain callback');
    await dom.resume();
    await mine.close();
    await conn.domainEventDeregisterAny(oneId);
    // objects inside results are the connection's too
    const stats = await conn.domainListGetStats([dom]);
    expect(stats[0].domain.connect()).toBe(conn);
    await conn.close();
    // what was buffered, then the last item: closed by the client
    const rest: (LibvirtEvent | ConnectionEvent)[] = [];
    for await (const ev of it) rest.push(ev);
    expect(rest[rest.length - 1]).toEqual({ kind: 'connection', name: 'closed', reason: VIR_CONNECT_CLOSE_REASON_CLIENT });
    expect(rest.slice(0, -1).every((ev) => ev.kind === 'domain')).toBe(true);
    const closed = await dom.info().catch((x) => x);
    expect(closed).toBeInstanceOf(BindingError);
    expect((closed as BindingError).code).toBe('ERR_LIBVIRT_CLOSED');
  });
});

describe('reconnect against the real libvirtd (qemu:///system)', () => {
  let mgr: Connection;
  let it: AsyncIterableIterator<LibvirtEvent | ConnectionEvent> & { ready: Promise<void>; close(): Promise<void> };
  const items: (LibvirtEvent | ConnectionEvent)[] = [];
  const callbacks: [string, number, number][] = [];
  let callbackId = 0;
  let domA: Domain;
  const A = `${PREFIX}a`;
  const B = `${PREFIX}b`;
  let type = 'qemu';

  beforeAll(async () => {
    mgr = await open(SYSTEM_URI, { reconnect: { initialDelayMs: 100, maxDelayMs: 1000 } });
    await mgr.setKeepAlive(1, 2);
    type = await x86DomainType(mgr);
    for (const n of [A, B]) await mgr.defineXML(biosGuestXML(n, type, serialLog(n)));
    domA = await mgr.lookupByName(A);
    it = mgr.events({ connection: true, domainEvents: [VIR_DOMAIN_EVENT_ID_LIFECYCLE] });
    await it.ready;
    void (async () => {
      for await (const ev of it) items.push(ev);
    })();
    callbackId = await mgr.domainEventRegisterAny(null, VIR_DOMAIN_EVENT_ID_LIFECYCLE, (_c, d: Domain, ev: number, detail: number) => {
      if (d.name().startsWith(PREFIX)) callbacks.push([d.name(), ev, detail]);
    });
  });

  afterAll(async () => {
    // always leave the daemon running, and nothing of ours in it
    await daemon('start').catch(() => undefined);
    await it?.close().catch(() => undefined);
    await mgr?.close().catch(() => undefined);
    const fresh = await open(SYSTEM_URI);
    try {
      await cleanupDomains(fresh, PREFIX);
    } finally {
      await fresh.close();
    }
  });

  const conn = (ev: LibvirtEvent | ConnectionEvent) => (ev.kind === 'connection' ? ev : null);
  async function nextItem(from: number, pred: (ev: LibvirtEvent | ConnectionEvent) => boolean, timeoutMs: number, what: string): Promise<number> {
    let at = -1;
    await until(() => (at = items.findIndex((ev, i) => i >= from && pred(ev))) >= 0, timeoutMs, what);
    return at;
  }
  const lifecycleOf = (name: string) => (ev: LibvirtEvent | ConnectionEvent) => ev.kind === 'domain' && ev.name === 'lifecycle' && ev.domain.name() === name;

  // After the manager is back: A started and destroyed from another connection gives each
  // lifecycle event once on the old iterator and the old callback; the Domain from before answers.
  async function checkAfter(mark: number, round: string): Promise<void> {
    expect((await domA.info())[0]).toBe(VIR_DOMAIN_SHUTOFF);
    const cbMark = callbacks.length;
    const other = await open(SYSTEM_URI);
    try {
      const a = await other.lookupByName(A);
      await a.create();
      await nextItem(mark, (ev) => lifecycleOf(A)(ev) && ev.kind === 'domain' && ev.name === 'lifecycle' && ev.event === VIR_DOMAIN_EVENT_STARTED, 30000, `${round}: STARTED of A`);
      await a.destroy();
      await nextItem(mark, (ev) => lifecycleOf(A)(ev) && ev.kind === 'domain' && ev.name === 'lifecycle' && ev.event === VIR_DOMAIN_EVENT_STOPPED, 30000, `${round}: STOPPED of A`);
    } finally {
      await other.close();
    }
    await sleep(1000); // a duplicate would come by now
    const seen = items.slice(mark).filter(lifecycleOf(A)).map((ev) => (ev.kind === 'domain' && ev.name === 'lifecycle' ? `${ev.event}:${ev.detail}` : ''));
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(new Set(seen).size).toBe(seen.length);
    const cbs = callbacks.slice(cbMark).filter((c) => c[0] === A).map((c) => `${c[1]}:${c[2]}`);
    expect(cbs).toEqual(seen);
  }

  async function startB(): Promise<number> {
    const b = await mgr.lookupByName(B);
    if (!(await b.isActive())) await b.create();
    const pid = Number(fs.readFileSync(`/run/libvirt/qemu/${B}.pid`, 'utf8').trim());
    expect(pid).toBeGreaterThan(0);
    return pid;
  }

  test('libvirtd stopped and started twice: events keep coming on the same iterator, objects and calls keep working', async () => {
    for (const round of ['restart 1', 'restart 2']) {
      const qemuB = await startB();
      const mark = items.length;
      const waiting = round === 'restart 1' ? domA.waitForState(VIR_DOMAIN_RUNNING, { timeoutMs: 120000 }) : null;
      // a connection that gives up (maxAttempts) and one whose calls do not wait long
      const changes: string[] = [];
      const giveUp = await open(SYSTEM_URI, { reconnect: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 20 } });
      let closeReason = -1;
      await giveUp.registerCloseCallback((c, reason) => {
        expect(c).toBe(giveUp);
        closeReason = reason;
      });
      const giveUpItems = giveUp.events({ connection: true });
      await giveUpItems.ready;
      const impatient = await open(SYSTEM_URI, { reconnect: true, callTimeoutMs: 200, onConnectionChange: (ev) => changes.push(ev.name) });
      try {
        logRestart(`stop + start (${round}; qemu of one test guest killed while it is down)`);
        await daemon('stop');
        try {
          await nextItem(mark, (ev) => conn(ev)?.name === 'disconnected', 20000, `${round}: disconnected item`);
          const disc = items.slice(mark).find((ev) => conn(ev)?.name === 'disconnected');
          expect(disc).toEqual({ kind: 'connection', name: 'disconnected', reason: VIR_CONNECT_CLOSE_REASON_EOF });
          expect(await mgr.isAlive()).toBe(false);
          process.kill(qemuB, 'SIGKILL');
          // made during the outage: resolves after the reconnect
          const pending = domA.info();
          const pendingHost = mgr.getHostname();
          await until(() => changes.includes('disconnected'), 20000, 'impatient: disconnected');
          const t0 = Date.now();
          const e = await impatient.getHostname().catch((x) => x);
          expect(e).toBeInstanceOf(BindingError);
          expect((e as BindingError).code).toBe('ERR_LIBVIRT_DISCONNECTED');
          expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
          // maxAttempts exhausted: closed, with a last item and the close callback
          const got: string[] = [];
          for await (const ev of giveUpItems) if (ev.kind === 'connection') got.push(ev.name);
          expect(got).toEqual(['disconnected', 'closed']);
          expect(closeReason).toBe(VIR_CONNECT_CLOSE_REASON_EOF);
          const ce = await giveUp.getHostname().catch((x) => x);
          expect((ce as BindingError).code).toBe('ERR_LIBVIRT_CLOSED');
          await sleep(300);
          expect(items.slice(mark).some((ev) => conn(ev)?.name === 'reconnected')).toBe(false);
          await daemon('start');
          expect((await pending)[0]).toBe(VIR_DOMAIN_SHUTOFF);
          expect(typeof (await pendingHost)).toBe('string');
        } finally {
          await daemon('start');
        }
        const rec = await nextItem(mark, (ev) => conn(ev)?.name === 'reconnected', 30000, `${round}: reconnected`);
        const r = items[rec] as Extract<ConnectionEvent, { name: 'reconnected' }>;
        expect(r.downtimeMs).toBeGreaterThan(0);
        expect(r.attempts).toBeGreaterThanOrEqual(1);
        const rs = await nextItem(rec, (ev) => conn(ev)?.name === 'resync', 30000, `${round}: resync`);
        const resync = items[rs] as Extract<ConnectionEvent, { name: 'resync' }>;
        const b = resync.domains.find((d) => d.name === B);
        expect(b).toBeDefined();
        expect(b?.state).toBe(VIR_DOMAIN_SHUTOFF);
        expect(b?.uuid).toMatch(/^[0-9a-f-]{36}$/);
        expect(resync.domains.find((d) => d.name === A)?.state).toBe(VIR_DOMAIN_SHUTOFF);
        await checkAfter(rs, round);
        if (waiting) expect((await waiting)[0]).toBe(VIR_DOMAIN_RUNNING);
      } finally {
        await giveUp.close().catch(() => undefined);
        await impatient.close().catch(() => undefined);
      }
    }
  }, 300000);

  test('SIGSTOP of libvirtd: keepalive notices, SIGCONT brings the same connection back', async () => {
    const mark = items.length;
    const pid = Number(fs.readFileSync(PIDFILE, 'utf8').trim());
    logRestart('SIGSTOP for up to 20 s, then SIGCONT (keepalive)');
    process.kill(pid, 'SIGSTOP');
    let pending: ReturnType<Domain['info']> | null = null;
    try {
      await nextItem(mark, (ev) => conn(ev)?.name === 'disconnected', 20000, 'disconnected on keepalive');
      expect(items.slice(mark).find((ev) => conn(ev)?.name === 'disconnected')).toEqual({ kind: 'connection', name: 'disconnected', reason: VIR_CONNECT_CLOSE_REASON_KEEPALIVE });
      pending = domA.info();
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const rec = await nextItem(mark, (ev) => conn(ev)?.name === 'reconnected', 30000, 'reconnected after SIGCONT');
    expect((await (pending as ReturnType<Domain['info']>))[0]).toBe(VIR_DOMAIN_SHUTOFF);
    const rs = await nextItem(rec, (ev) => conn(ev)?.name === 'resync', 30000, 'resync after SIGCONT');
    await checkAfter(rs, 'SIGSTOP');
    // the callback id from before the three outages still deregisters
    expect(await mgr.domainEventDeregisterAny(callbackId)).toBe(0);
  }, 120000);
});
