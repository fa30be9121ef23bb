// Events: exact lifecycle sequences, no loss under churn, real guests,
// deregistration and closing in awkward places, conn.events(), waitForState.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as lv from '../src';
import {
  TEST_URI, uniqueName, openSystem, cleanupDomains, testGuestXML, x86DomainType, biosGuestXML, serialLog,
  poweroffDisk, poweroffGuestXML, until, PREFIX, consoleGuestXML,
} from './helpers/libvirt';

const E = {
  DEFINED: lv.VIR_DOMAIN_EVENT_DEFINED, UNDEFINED: lv.VIR_DOMAIN_EVENT_UNDEFINED, STARTED: lv.VIR_DOMAIN_EVENT_STARTED,
  SUSPENDED: lv.VIR_DOMAIN_EVENT_SUSPENDED, RESUMED: lv.VIR_DOMAIN_EVENT_RESUMED, STOPPED: lv.VIR_DOMAIN_EVENT_STOPPED,
};
type Pair = [number, number];

/** Collects lifecycle (event, detail) pairs per domain name. */
async function recorder(conn: lv.Connection, dom: lv.Domain | null = null) {
  const byName = new Map<string, Pair[]>();
  const id = await conn.domainEventRegisterAny(dom, lv.VIR_DOMAIN_EVENT_ID_LIFECYCLE, (_c, d: lv.Domain, event: number, detail: number) => {
    const n = d.name();
    if (!byName.has(n)) byName.set(n, []);
    (byName.get(n) as Pair[]).push([event, detail]);
  });
  return { byName, id };
}

describe('70 events on test:///default', () => {
  let conn: lv.Connection;
  beforeAll(async () => {
    conn = await lv.open(TEST_URI);
  });
  afterAll(async () => {
    await cleanupDomains(conn);
    await conn.close();
  });

  test('define/start/suspend/resume/destroy/undefine give the exact (event, detail) sequence', async () => {
    const name = uniqueName('seq');
    const rec = await recorder(conn);
    const dom = await conn.defineXML(testGuestXML(name));
    await dom.create();
    await dom.suspend();
    await dom.resume();
    await dom.destroy();
    await dom.undefine();
    await until(() => (rec.byName.get(name) || []).length >= 6, 5000, 'six lifecycle events');
    expect(rec.byName.get(name)).toEqual([
      [E.DEFINED, lv.VIR_DOMAIN_EVENT_DEFINED_ADDED],
      [E.STARTED, lv.VIR_DOMAIN_EVENT_STARTED_BOOTED],
      [E.SUSPENDED, lv.VIR_DOMAIN_EVENT_SUSPENDED_PAUSED],
      [E.RESUMED, lv.VIR_DOMAIN_EVENT_RESUMED_UNPAUSED],
      [E.STOPPED, lv.VIR_DOMAIN_EVENT_STOPPED_DESTROYED],
      [E.UNDEFINED, lv.VIR_DOMAIN_EVENT_UNDEFINED_REMOVED],
    ]);
    await conn.domainEventDeregisterAny(rec.id);
  });

  test('a per-domain registration sees only that domain, with the python-style opaque argument', async () => {
    const mine = await conn.defineXML(testGuestXML(uniqueName('mine')));
    const other = await conn.defineXML(testGuestXML(uniqueName('other')));
    const got: unknown[][] = [];
    const id = await conn.domainEventRegisterAny(mine, lv.VIR_DOMAIN_EVENT_ID_LIFECYCLE, (c, d, ev, det, opaque) => {
      got.push([c === conn, d.name(), ev, det, opaque]);
    }, { tag: 7 });
    await other.create();
    await mine.create();
    await until(() => got.length >= 1, 5000, 'an event');
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toEqual([[true, mine.name(), E.STARTED, lv.VIR_DOMAIN_EVENT_STARTED_BOOTED, { tag: 7 }]]);
    await conn.domainEventDeregisterAny(id);
  });

  test('1,000 domains churned concurrently: no event lost or reordered per domain', async () => {
    const rec = await recorder(conn);
    const names = Array.from({ length: 1000 }, (_, i) => uniqueName(`churn${i}`));
    for (let i = 0; i < names.length; i += 50) {
      await Promise.all(names.slice(i, i + 50).map(async (n) => {
        const d = await conn.defineXML(testGuestXML(n));
        await d.create();
        await d.destroy();
        await d.undefine();
      }));
    }
    await until(() => names.every((n) => (rec.byName.get(n) || []).length >= 4), 20000, '4,000 events');
    const expected: Pair[] = [
      [E.DEFINED, 0], [E.STARTED, lv.VIR_DOMAIN_EVENT_STARTED_BOOTED],
      [E.STOPPED, lv.VIR_DOMAIN_EVENT_STOPPED_DESTROYED], [E.UNDEFINED, 0],
    ];
    const wrong = names.filter((n) => JSON.stringify(rec.byName.get(n)) !== JSON.stringify(expected));
    expect(wrong).toEqual([]);
    await conn.domainEventDeregisterAny(rec.id);
  });

  test('every VIR_DOMAIN_EVENT_ID_* can be registered and deregistered; unknown IDs go to libvirt', async () => {
    const ids = await Promise.all(lv.DOMAIN_EVENTS.map((e) => conn.domainEventRegisterAny(null, e.id, () => undefined)));
    expect(new Set(ids).size).toBe(27);
    expect(lv.DOMAIN_EVENTS.map((e) => e.id)).toEqual(Array.from({ length: 27 }, (_, i) => i));
    await Promise.all(ids.map((id) => conn.domainEventDeregisterAny(id)));
    // an ID past the table goes to libvirt, which decides (9.0 refuses it; test/python-runtime.test.ts)
    await expect(conn.domainEventRegisterAny(null, 27, () => undefined)).rejects.toMatchObject({ codeName: 'VIR_ERR_INVALID_ARG' });
    expect(() => conn.domainEventRegisterAny(null, 64, () => undefined)).toThrow('Expected event ID below 64 for eventID but received number 64');
    expect(() => conn.domainEventRegisterAny(null, 0, 'nope' as never)).toThrow('Expected function for callback but received string');
    // an unknown id is an error, as in libvirt
    await expect(conn.domainEventDeregisterAny(ids[0])).rejects.toMatchObject({ codeName: 'VIR_ERR_INVALID_ARG' });
  });

  test('deregistering inside the callback, and registering from many concurrent promises', async () => {
    let calls = 0;
    let id = -1;
    id = await conn.domainEventRegisterAny(null, lv.VIR_DOMAIN_EVENT_ID_LIFECYCLE, () => {
      calls++;
      void conn.domainEventDeregisterAny(id);
    });
    const d = await conn.defineXML(testGuestXML(uniqueName('dereg')));
    await d.create();
    await d.destroy();
    await new Promise((r) => setTimeout(r, 200));
    expect(calls).toBe(1); // the events queued after the first were dropped
    const many = await Promise.all(Array.from({ length: 100 }, () => conn.domainEventRegisterAny(null, 0, () => undefined)));
    expect(new Set(many).size).toBe(100);
    await Promise.all(many.map((x) => conn.domainEventDeregisterAny(x)));
  });

  test('network and storage pool lifecycle events; secret events are VIR_ERR_NO_SUPPORT on the test driver', async () => {
    const got: string[] = [];
    const ids = [
      await conn.networkEventRegisterAny(null, lv.VIR_NETWORK_EVENT_ID_LIFECYCLE, (_c, n, ev) => got.push(`net ${n.name()} ${ev}`)),
      await conn.storagePoolEventRegisterAny(null, lv.VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE, (_c, p, ev) => got.push(`pool ${p.name()} ${ev}`)),
    ];
    await expect(conn.secretEventRegisterAny(null, lv.VIR_SECRET_EVENT_ID_LIFECYCLE, () => undefined)).rejects.toMatchObject({
      codeName: 'VIR_ERR_NO_SUPPORT',
    });
    const nname = uniqueName('net');
    const net = await conn.networkDefineXML(`<network><name>${nname}</name><bridge name='lvnbr${process.pid % 1000}'/></network>`);
    await net.undefine();
    const pname = uniqueName('pool');
    const pool = await conn.storagePoolDefineXML(`<pool type='dir'><name>${pname}</name><target><path>/tmp</path></target></pool>`);
    await pool.undefine();
    await until(() => got.length >= 4, 5000, 'object events');
    // one ordered queue for every registration: libvirt's order across them too
    expect(got).toEqual([
      `net ${nname} ${lv.VIR_NETWORK_EVENT_DEFINED}`, `net ${nname} ${lv.VIR_NETWORK_EVENT_UNDEFINED}`,
      `pool ${pname} ${lv.VIR_STORAGE_POOL_EVENT_DEFINED}`, `pool ${pname} ${lv.VIR_STORAGE_POOL_EVENT_UNDEFINED}`,
    ]);
    await conn.networkEventDeregisterAny(ids[0]);
    await conn.storagePoolEventDeregisterAny(ids[1]);
  });

  test('conn.events(): typed events, filter by domain, AbortSignal ends the iteration', async () => {
    const d = await conn.defineXML(testGuestXML(uniqueName('iter')));
    const ac = new AbortController();
    const other = await conn.defineXML(testGuestXML(uniqueName('iter-other')));
    const stream = conn.events({ domain: d, domainEvents: [lv.VIR_DOMAIN_EVENT_ID_LIFECYCLE], signal: ac.signal });
    await stream.ready;
    await other.create();
    await d.create();
    await d.suspend();
    const seen: string[] = [];
    for await (const ev of stream) {
      if (ev.kind !== 'domain' || ev.name !== 'lifecycle') throw new Error(`unexpected ${ev.kind} ${ev.name}`);
      expect(ev.domain.name()).toBe(d.name());
      expect(ev.eventId).toBe(lv.VIR_DOMAIN_EVENT_ID_LIFECYCLE);
      seen.push(`${ev.event}/${ev.detail}`);
      if (seen.length === 2) ac.abort();
    }
    expect(seen).toEqual([`${E.STARTED}/${lv.VIR_DOMAIN_EVENT_STARTED_BOOTED}`, `${E.SUSPENDED}/${lv.VIR_DOMAIN_EVENT_SUSPENDED_PAUSED}`]);
  });

  test('conn.events() with object filters: node device and storage pool events, typed, in order', async () => {
    const stream = conn.events({ domainEvents: [], nodeDevice: true, storagePool: true });
    await stream.ready;
    const dev = await conn.nodeDeviceCreateXML(
      `<device><parent>scsi_host1</parent><capability type='scsi_host'><capability type='fc_host'>` +
        `<wwnn>2000000012341234</wwnn><wwpn>1000000012341234</wwpn></capability></capability></device>`, 0);
    const devName = dev.name();
    await dev.destroy();
    const pname = uniqueName('evpool');
    const pool = await conn.storagePoolDefineXML(`<pool type='dir'><name>${pname}</name><target><path>/tmp</path></target></pool>`);
    await pool.create(0);
    await pool.refresh(0);
    await pool.destroy();
    await pool.undefine();
    const seen: string[] = [];
    for await (const ev of stream) {
      if (ev.kind === 'nodeDevice') seen.push(`dev ${ev.device.name()} ${ev.name}${ev.name === 'lifecycle' ? ` ${ev.event}` : ''}`);
      else if (ev.kind === 'storagePool') seen.push(`pool ${ev.pool.name()} ${ev.name}${ev.name === 'lifecycle' ? ` ${ev.event}` : ''}`);
      else seen.push(`unexpected ${ev.kind}`);
      if (seen.length === 7) break;
    }
    // lifecycle and refresh are separate registrations, delivered in libvirt's order all the same
    expect(seen).toEqual([
      `dev ${devName} lifecycle ${lv.VIR_NODE_DEVICE_EVENT_CREATED}`, `dev ${devName} lifecycle ${lv.VIR_NODE_DEVICE_EVENT_DELETED}`,
      `pool ${pname} lifecycle ${lv.VIR_STORAGE_POOL_EVENT_DEFINED}`, `pool ${pname} lifecycle ${lv.VIR_STORAGE_POOL_EVENT_STARTED}`,
      `pool ${pname} refresh`,
      `pool ${pname} lifecycle ${lv.VIR_STORAGE_POOL_EVENT_STOPPED}`, `pool ${pname} lifecycle ${lv.VIR_STORAGE_POOL_EVENT_UNDEFINED}`,
    ]);
  });

  test('conn.events(): a full buffer is reported as EventOverflowError, never silent', async () => {
    const stream = conn.events({ domainEvents: [lv.VIR_DOMAIN_EVENT_ID_LIFECYCLE], bufferSize: 5 });
    await stream.ready;
    const d = await conn.defineXML(testGuestXML(uniqueName('overflow')));
    for (let i = 0; i < 5; i++) {
      await d.create();
      await d.destroy();
    }
    await new Promise((r) => setTimeout(r, 200)); // 11 events, 5 fit
    const delivered: string[] = [];
    let error: unknown;
    try {
      for await (const ev of stream) delivered.push(ev.name);
    } catch (e) {
      error = e;
    }
    expect(delivered).toHaveLength(5);
    expect(error).toBeInstanceOf(lv.EventOverflowError);
    expect((error as lv.EventOverflowError).dropped).toBe(6);
    expect((error as Error).message).toBe('event buffer overflow: 6 event(s) dropped after 5 buffered and unread');
  });

  test('waitForState: immediate when already there, from events otherwise, timeout names both states', async () => {
    const d = await conn.defineXML(testGuestXML(uniqueName('wait')));
    expect(await d.waitForState(lv.VIR_DOMAIN_SHUTOFF)).toEqual([lv.VIR_DOMAIN_SHUTOFF, lv.VIR_DOMAIN_SHUTOFF_UNKNOWN]);
    const running = d.waitForState(lv.VIR_DOMAIN_RUNNING, { timeoutMs: 5000 });
    setTimeout(() => void d.create(), 50);
    expect((await running)[0]).toBe(lv.VIR_DOMAIN_RUNNING);
    await expect(d.waitForState(lv.VIR_DOMAIN_PAUSED, { timeoutMs: 100 })).rejects.toThrow(
      `Timed out after 100 ms waiting for domain '${d.name()}' to reach VIR_DOMAIN_PAUSED (it is VIR_DOMAIN_RUNNING)`,
    );
    const ac = new AbortController();
    const aborted = d.waitForState(lv.VIR_DOMAIN_PAUSED, { signal: ac.signal });
    ac.abort(new Error('stop waiting'));
    await expect(aborted).rejects.toThrow('stop waiting');
  });
});

describe('70 events: process lifetime', () => {
  test('open, register, deregister, close: the process exits by itself; also when closing with callbacks registered', () => {
    const script = `
      const lv = require(${JSON.stringify(path.resolve(__dirname, '..'))});
      (async () => {
        const c = await lv.open('test:///default');
        const id = await c.domainEventRegisterAny(null, 0, () => {});
        await c.domainEventDeregisterAny(id);
        await c.close();
        const c2 = await lv.open('test:///default');
        await c2.domainEventRegisterAny(null, 0, () => {});
        const d = await c2.defineXML("<domain type='test'><name>exit-check</name><memory>1024</memory><os><type>hvm</type></os></domain>");
        d.undefine();           // events may still be queued when the connection closes
        await c2.close();
        console.log('done');
      })();`;
    const t = Date.now();
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 15000 });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('done');
    expect(Date.now() - t).toBeLessThan(10000);
  });
});

describe('70 events: process.exit with the event loop running', () => {
  test('process.exit() with callbacks registered exits with its code, no abort (regression)', () => {
    const script = `
      const lv = require(${JSON.stringify(path.resolve(__dirname, '..'))});
      (async () => {
        const c = await lv.open('test:///default');
        await c.domainEventRegisterAny(null, 0, () => {});
        await c.registerCloseCallback(() => {});
        setTimeout(() => process.exit(7), 20);
      })();`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 15000 });
    expect(r.stderr).not.toContain('terminate called');
    expect(r.signal).toBeNull();
    expect(r.status).toBe(7);
  });
});

describe('70 events: the close callback registered twice', () => {
  test('on test:///default (which keeps no close callbacks) the process still exits after close()', () => {
    const script = `
      const lv = require(${JSON.stringify(path.resolve(__dirname, '..'))});
      (async () => {
        const c = await lv.open('test:///default');
        const first = await c.registerCloseCallback(() => {});
        const second = await c.registerCloseCallback(() => {});
        console.log(JSON.stringify({ first, second, closed: await c.close() }));
      })();`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 15000 });
    expect(r.signal).toBeNull(); // killed by the timeout if something kept the process alive
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ first: 0, second: 0, closed: 0 });
  });
});

describe('70 events on qemu:///system with real guests', () => {
  let conn: lv.Connection | null;
  let type: string;
  beforeAll(async () => {
    conn = await openSystem();
    if (conn) type = await x86DomainType(conn);
  });
  afterAll(async () => {
    await cleanupDomains(conn);
    await conn?.close();
  });

  test('started paused: STARTED/BOOTED then SUSPENDED/PAUSED; destroy: STOPPED/DESTROYED', async () => {
    if (!conn) return;
    const name = uniqueName('evpaused');
    const dom = await conn.defineXML(biosGuestXML(name, type, serialLog(name)));
    const rec = await recorder(conn, dom);
    await dom.createWithFlags(lv.VIR_DOMAIN_START_PAUSED);
    await until(() => (rec.byName.get(name) || []).length >= 2, 10000, 'start events');
    expect(rec.byName.get(name)).toEqual([
      [E.STARTED, lv.VIR_DOMAIN_EVENT_STARTED_BOOTED],
      [E.SUSPENDED, lv.VIR_DOMAIN_EVENT_SUSPENDED_PAUSED],
    ]);
    await dom.destroy();
    await until(() => (rec.byName.get(name) || []).some(([e]) => e === E.STOPPED), 10000, 'stop event');
    // QEMU reports the SIGTERM of destroy as a host-requested shutdown first
    expect(rec.byName.get(name)?.slice(2)).toEqual([
      [lv.VIR_DOMAIN_EVENT_SHUTDOWN, lv.VIR_DOMAIN_EVENT_SHUTDOWN_HOST],
      [E.STOPPED, lv.VIR_DOMAIN_EVENT_STOPPED_DESTROYED],
    ]);
    await conn.domainEventDeregisterAny(rec.id);
    await dom.undefine();
  });

  test('a guest that powers itself off: STOPPED/SHUTDOWN, and waitForState(SHUTOFF) resolves', async () => {
    if (!conn) return;
    const name = uniqueName('poweroff');
    const log = serialLog(name);
    const dom = await conn.defineXML(poweroffGuestXML(name, type, poweroffDisk(name), log));
    const rec = await recorder(conn, dom);
    await dom.create();
    // started now: if the guest is already off, the initial state() check sees it
    expect(await dom.waitForState(lv.VIR_DOMAIN_SHUTOFF, { timeoutMs: 30000 })).toEqual([lv.VIR_DOMAIN_SHUTOFF, lv.VIR_DOMAIN_SHUTOFF_SHUTDOWN]);
    expect(fs.readFileSync(log, 'latin1')).toContain('LVN-POWEROFF');
    await until(() => (rec.byName.get(name) || []).some(([e]) => e === E.STOPPED), 10000, 'STOPPED event');
    // libvirt 9.0 reports the vCPUs starting (RESUMED/UNPAUSED) around STARTED/BOOTED;
    // the rest is the guest's own ACPI poweroff
    const events = (rec.byName.get(name) as Pair[]).filter(([e]) => e !== E.RESUMED);
    expect(events).toEqual([
      [E.STARTED, lv.VIR_DOMAIN_EVENT_STARTED_BOOTED],
      [lv.VIR_DOMAIN_EVENT_SHUTDOWN, lv.VIR_DOMAIN_EVENT_SHUTDOWN_GUEST],
      [E.STOPPED, lv.VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN],
    ]);
    await conn.domainEventDeregisterAny(rec.id);
    await dom.undefine();
  });

  test('secret lifecycle events', async () => {
    if (!conn) return;
    const got: string[] = [];
    const a = await conn.secretEventRegisterAny(null, lv.VIR_SECRET_EVENT_ID_LIFECYCLE, (_c, s, ev) => got.push(`${s.UUIDString()} ${ev}`));
    const sec = await conn.secretDefineXML(`<secret ephemeral='yes' private='no'><usage type='volume'><volume>/tmp/${uniqueName('vol')}</volume></usage></secret>`);
    const uuid = sec.UUIDString();
    await sec.undefine();
    await until(() => got.includes(`${uuid} ${lv.VIR_SECRET_EVENT_UNDEFINED}`), 5000, 'secret events');
    expect(got).toEqual([`${uuid} ${lv.VIR_SECRET_EVENT_DEFINED}`, `${uuid} ${lv.VIR_SECRET_EVENT_UNDEFINED}`]);
    await conn.secretEventDeregisterAny(a);
  });

  test('QEMU monitor events: STOP and RESUME from suspend/resume, filtered by name, with JSON details', async () => {
    if (!conn) return;
    const name = uniqueName('qmp');
    const dom = await conn.defineXML(biosGuestXML(name, type, serialLog(name)));
    try {
      await dom.create();
      const all: [string, number, number, string | null][] = [];
      const stops: string[] = [];
      const idAll = await conn.qemuMonitorEventRegister(dom, null, (c, d, event, seconds, micros, details) => {
        expect(c).toBe(conn);
        expect(d.name()).toBe(name);
        all.push([event, seconds, micros, details]);
      });
      const idStop = await conn.qemuMonitorEventRegister(null, 'stop', (_c, _d, event) => stops.push(event), undefined,
        lv.VIR_CONNECT_DOMAIN_QEMU_MONITOR_EVENT_REGISTER_NOCASE);
      await dom.suspend();
      await dom.resume();
      await until(() => all.some(([e]) => e === 'RESUME') && stops.length > 0, 10000, 'QMP STOP and RESUME');
      const names = all.map(([e]) => e);
      expect(names.indexOf('STOP')).toBeGreaterThanOrEqual(0);
      expect(names.indexOf('RESUME')).toBeGreaterThan(names.indexOf('STOP'));
      const [, seconds, micros] = all[names.indexOf('STOP')];
      expect(Math.abs(seconds - Date.now() / 1000)).toBeLessThan(120); // QEMU's own timestamp
      expect(micros).toBeLessThan(1e6);
      for (const [, , , details] of all) if (details !== null) expect(() => JSON.parse(details)).not.toThrow();
      expect(stops).toEqual(['STOP']); // the filter: only STOP, matched case-insensitively
      await conn.qemuMonitorEventDeregister(idAll);
      await conn.qemuMonitorEventDeregister(idStop);
    } finally {
      await dom.destroy().catch(() => undefined);
      await dom.undefine();
    }
  });

  test('typed-parameter events (TUNABLE): vCPU pinning and cpu_shares arrive as typed parameters', async () => {
    if (!conn) return;
    const name = uniqueName('tunable');
    const dom = await conn.defineXML(biosGuestXML(name, type, serialLog(name)));
    const got: Record<string, unknown>[] = [];
    const id = await conn.domainEventRegisterAny(dom, lv.VIR_DOMAIN_EVENT_ID_TUNABLE, (_c, d: lv.Domain, params: Record<string, unknown>) => {
      expect(d.name()).toBe(name);
      got.push(params);
    });
    try {
      await dom.create();
      await dom.pinVcpu(0, [true]); // host CPU 0: every host has it
      await dom.setSchedulerParameters({ cpu_shares: 512n });
      await until(() => got.length >= 2, 10000, 'TUNABLE events');
      // a string parameter, then an unsigned long long one (a bigint)
      expect(got).toEqual([{ 'cputune.vcpupin0': '0' }, { 'cputune.cpu_shares': 512n }]);
    } finally {
      await conn.domainEventDeregisterAny(id);
      await dom.destroy().catch(() => undefined);
      await dom.undefine();
    }
  });

  test('test domains of this run are gone', async () => {
    if (!conn) return;
    await cleanupDomains(conn);
    expect((await conn.listAllDomains()).filter((d) => d.name().startsWith(PREFIX))).toEqual([]);
  });
});

describe('70 legacy registration and stream events', () => {
  test('domainEventRegister(cb) / domainEventDeregister(cb), as in python-libvirt, on test:///default', async () => {
    const conn = await lv.open(TEST_URI);
    try {
      const got: unknown[][] = [];
      const cb = (c: lv.Connection, d: lv.Domain, ev: number, det: number, opaque: unknown) => got.push([c === conn, d.name(), ev, det, opaque]);
      const other: unknown[] = [];
      const cb2 = (_c: lv.Connection, d: lv.Domain) => other.push(d.name());
      expect(await conn.domainEventRegister(cb, 'op')).toBe(0);
      expect(await conn.domainEventRegister(cb2)).toBe(0); // two listeners, one libvirt registration
      const name = uniqueName('legacy');
      const d = await conn.defineXML(testGuestXML(name));
      await until(() => got.length >= 1 && other.length >= 1, 5000, 'legacy events');
      expect(got).toEqual([[true, name, E.DEFINED, lv.VIR_DOMAIN_EVENT_DEFINED_ADDED, 'op']]);
      expect(await conn.domainEventDeregister(cb)).toBe(0);
      await d.undefine();
      await until(() => other.length >= 2, 5000, 'the second listener');
      expect(got).toHaveLength(1); // deregistered
      expect(await conn.domainEventDeregister(cb2)).toBe(0);
      await expect(conn.domainEventDeregister(cb2)).rejects.toMatchObject({ codeName: 'VIR_ERR_INVALID_ARG' });
    } finally {
      await conn.close();
    }
  });

  test('stream events: a non-blocking console stream reports READABLE and yields the firmware output', async () => {
    const conn = await openSystem();
    if (!conn) return;
    const name = uniqueName('streamev');
    try {
      const type = await x86DomainType(conn);
      const xml = consoleGuestXML(name, type);
      const dom = await conn.defineXML(xml);
      await dom.createWithFlags(lv.VIR_DOMAIN_START_PAUSED);
      const st = await conn.newStream(lv.VIR_STREAM_NONBLOCK);
      await dom.openConsole(null, st, 0);
      let text = '';
      let reader: Promise<void> | null = null;
      let readError: unknown = null;
      const events: number[] = [];
      expect(st.eventAddCallback(lv.VIR_STREAM_EVENT_READABLE, (s, ev) => {
        expect(s).toBe(st);
        events.push(ev);
        if (reader) return; // one reader at a time; it drains until -2
        reader = (async () => {
          for (;;) {
            const r = await st.recv(4096);
            if (r === -2 || r.length === 0) break;
            text += r.toString('latin1');
          }
        })().catch((e) => {
          readError = e;
        }).finally(() => {
          reader = null;
        });
      })).toBe(0);
      await dom.resume();
      await until(() => text.includes('SeaBIOS'), 20000, 'SeaBIOS through the console stream');
      expect(readError).toBeNull();
      expect(events.every((e) => (e & lv.VIR_STREAM_EVENT_READABLE) !== 0)).toBe(true);
      expect(st.eventUpdateCallback(lv.VIR_STREAM_EVENT_READABLE | lv.VIR_STREAM_EVENT_HANGUP)).toBe(0);
      expect(st.eventRemoveCallback()).toBe(0);
      await reader; // no read in flight when the stream is aborted
      expect(() => st.eventUpdateCallback(0)).toThrow(); // no callback any more: libvirt's error
      await st.abort();
      await dom.destroy();
    } finally {
      await cleanupDomains(conn);
      await conn.close();
    }
  });
});

describe('70 stream events: process lifetime (libvirt 9.0 never frees stream callbacks itself)', () => {
  const script = (removeFirst: boolean) => `
    const lv = require(${JSON.stringify(path.resolve(__dirname, '..'))});
    (async () => {
      const conn = await lv.open('qemu:///system');
      const caps = await conn.getCapabilities();
      const type = /<arch name='x86_64'>[\\s\\S]*?<domain type='kvm'/.test(caps) ? 'kvm' : 'qemu';
      const name = 'lvn-test-' + process.pid + '-stream-exit';
      const dom = await conn.defineXML("<domain type='" + type + "'><name>" + name + "</name><memory unit='MiB'>64</memory>" +
        "<os><type arch='x86_64' machine='pc'>hvm</type><bios useserial='yes'/></os><devices><serial type='pty'/>" +
        "<console type='pty'><target type='serial'/></console><memballoon model='none'/></devices></domain>");
      try {
        await dom.createWithFlags(lv.VIR_DOMAIN_START_PAUSED);
        const st = await conn.newStream(lv.VIR_STREAM_NONBLOCK);
        await dom.openConsole(null, st, 0);
        let n = 0;
        st.eventAddCallback(lv.VIR_STREAM_EVENT_READABLE, () => { n++; });
        await dom.resume();
        for (let i = 0; i < 100 && n === 0; i++) await new Promise((r) => setTimeout(r, 100));
        ${removeFirst ? 'st.eventRemoveCallback();' : ''}
        console.log(n > 0 ? 'events' : 'no events');
      } finally {
        await dom.destroy().catch(() => {});
        await dom.undefine();
        await conn.close();
      }
    })();`;

  for (const removeFirst of [true, false]) {
    test(`the process exits after close, ${removeFirst ? 'with' : 'without'} eventRemoveCallback()`, async () => {
      const conn = await openSystem();
      if (!conn) return;
      await conn.close();
      const r = spawnSync(process.execPath, ['-e', script(removeFirst)], { encoding: 'utf8', timeout: 30000 });
      expect(r.signal).toBeNull(); // not killed by the timeout: it exited by itself
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('events');
      expect(r.status).toBe(0);
    });
  }
});
