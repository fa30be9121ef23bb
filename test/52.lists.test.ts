// List results (listAllDomains, listAllNetworks, ...): each element is a
// wrapper like any other, and must behave exactly like one.
import { execFileSync } from 'child_process';
import * as path from 'path';
import * as util from 'util';
import * as lv from '../src';
import { addon } from '../src/native';
import { TEST_URI, openSystem, cleanupDomains, uniqueName, x86DomainType, biosGuestXML, serialLog, thrown } from './helpers/libvirt';

const ROOT = path.resolve(__dirname, '..');

function testXML(name: string): string {
  return `<domain type='test'><name>${name}</name><memory>65536</memory><os><type>hvm</type></os></domain>`;
}

async function defineSome(conn: lv.Connection, tag: string, n: number): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const name = uniqueName(`${tag}${i}`);
    (await conn.defineXML(testXML(name))).free();
    names.push(name);
  }
  return names;
}

async function undefineAll(conn: lv.Connection, names: string[]): Promise<void> {
  for (const n of names) {
    const d = await conn.lookupByName(n).catch(() => null);
    if (d) await d.undefine().catch(() => undefined);
  }
}

async function rejection(p: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('resolved, expected a rejection');
}

describe('52 list results', () => {
  test('test:///default: list objects answer name/UUID, calls, inspect, and become full wrappers on first call', async () => {
    const conn = await lv.open(TEST_URI);
    const names = await defineSome(conn, 'list', 3);
    try {
      const list = await conn.listAllDomains();
      const listed = list.map((d) => d.name());
      for (const n of [...names, 'test']) expect(listed).toContain(n);
      for (const d of list) {
        expect(d).toBeInstanceOf(lv.Domain);
        const same = await conn.lookupByName(d.name());
        expect(d.UUIDString()).toBe(same.UUIDString());
        expect(d.ID()).toBe(same.ID());
        expect(util.inspect(d)).toBe(`Domain { name: '${d.name()}' }`);
        same.free();
      }
      const mine = list.filter((d) => names.includes(d.name()));
      expect(mine.length).toBe(3);
      // the first call on each: a full wrapper from then on, same answers
      for (const d of mine) {
        const xml = await d.XMLDesc();
        expect(xml).toContain(`<name>${d.name()}</name>`);
        expect(await d.isPersistent()).toBe(true);
        expect(d.connect()).toBe(conn);
        expect(util.inspect(d)).toBe(`Domain { name: '${d.name()}' }`);
      }
      // passed as arguments before their first call of their own
      const fresh = (await conn.listAllDomains()).filter((d) => names.includes(d.name()));
      const stats = await conn.domainListGetStats(fresh, lv.VIR_DOMAIN_STATS_STATE);
      expect(stats.map((s) => s.domain.name()).sort()).toEqual([...names].sort());
      for (const s of stats) expect(s.stats['state.state']).toBe(lv.VIR_DOMAIN_SHUTOFF);
      expect(fresh.map((d) => d.name()).sort()).toEqual([...names].sort());
    } finally {
      await undefineAll(conn, names);
      expect(await conn.close()).toBe(0);
    }
  });

  test('test:///default: free() on one list object leaves the others; close() releases the rest', async () => {
    const conn = await lv.open(TEST_URI);
    const names = await defineSome(conn, 'free', 3);
    try {
      const list = (await conn.listAllDomains()).filter((d) => names.includes(d.name()));
      const [a, b, c] = list;
      const aName = a.name();
      // a has made no call: its list drops the handle
      const before = addon._stats().liveHandles;
      a.free();
      a.free(); // idempotent
      expect(addon._stats().liveHandles).toBe(before - 1);
      expect(thrown(() => a.name()).message).toBe(`Domain '${aName}' was freed`);
      expect((await rejection(a.info())).code).toBe('ERR_LIBVIRT_FREED');
      expect(util.inspect(a)).toBe('Domain { released: true }');
      expect(b.name()).not.toBe(aName);
      expect((await b.info()).state).toBe(lv.VIR_DOMAIN_SHUTOFF);
      const cName = c.name();
      expect(await conn.close()).toBe(0);
      // c never made a call: its handle was still the list's
      expect(thrown(() => c.name()).message).toBe(`Domain '${cName}' cannot be used: its connection was closed`);
      expect((await rejection(c.info())).code).toBe('ERR_LIBVIRT_CLOSED');
      expect((await rejection(b.info())).code).toBe('ERR_LIBVIRT_CLOSED');
      expect((await rejection(a.info())).message).toBe(`Domain '${aName}' was freed`);
      expect(util.inspect(c)).toBe('Domain { released: true }');
    } finally {
      const again = await lv.open(TEST_URI);
      await undefineAll(again, names);
      await again.close();
    }
  });

  test('test:///default: a frozen list object works, becomes a full wrapper, and is freed by free()', async () => {
    const conn = await lv.open(TEST_URI);
    try {
      const [d] = await conn.listAllDomains();
      const name = d.name();
      Object.freeze(d);
      expect(d.name()).toBe(name);
      expect((await d.info()).state).toBe(lv.VIR_DOMAIN_RUNNING);
      const before = addon._stats().liveHandles;
      d.free();
      expect(addon._stats().liveHandles).toBe(before - 1);
      expect(thrown(() => d.name()).message).toBe(`Domain '${name}' was freed`);
      const [e] = await conn.listAllDomains();
      Object.freeze(e);
      e.free();
      expect(thrown(() => e.name()).message).toBe(`Domain '${name}' was freed`);
      expect((await rejection(e.info())).code).toBe('ERR_LIBVIRT_FREED');
    } finally {
      expect(await conn.close()).toBe(0);
    }
  });

  test('test:///default: copies and forged objects are refused with a TypeError, and steal nothing', async () => {
    const conn = await lv.open(TEST_URI);
    const names = await defineSome(conn, 'forged', 2); // a list of three: fractions name no slot
    try {
      const dom = (await conn.listAllDomains()).find((d) => d.name() === 'test') as lv.Domain;
      const [net] = await conn.listAllNetworks();
      const name = dom.name();
      const callName = (o: unknown) => (lv.Domain.prototype.name as () => string).call(o);
      const callInfo = (o: unknown) => (lv.Domain.prototype.info as () => Promise<unknown>).call(o);
      // a spread copy carries the internal properties but is not the domain
      const copy = { ...dom };
      expect(thrown(() => callName(copy)).name).toBe('TypeError');
      expect(thrown(() => callInfo(copy)).name).toBe('TypeError');
      // the right prototype with another class's list
      const [kList, kIndex] = Object.getOwnPropertySymbols(net);
      const forged = Object.create(lv.Domain.prototype);
      forged[kList] = (net as unknown as Record<symbol, unknown>)[kList];
      forged[kIndex] = 0;
      expect(thrown(() => callName(forged)).message).toMatch(/Expected Domain for this/);
      // the domain list, out of range or not a number
      forged[kList] = (dom as unknown as Record<symbol, unknown>)[kList];
      for (const bad of [99, -1, 0.5e10, 2 ** 32 + 1, 1.5, '0', NaN]) {
        forged[kIndex] = bad;
        expect(thrown(() => callName(forged)).name).toBe('TypeError');
      }
      // a Network list object where a Domain is expected
      expect(thrown(() => callName(net)).name).toBe('TypeError');
      expect(thrown(() => conn.domainListGetStats([net as unknown as lv.Domain])).name).toBe('TypeError');
      // the methods keep their names and arity
      expect([lv.Domain.prototype.name.name, lv.Domain.prototype.name.length]).toEqual(['name', 0]);
      expect([lv.Domain.prototype.free.name, lv.Domain.prototype.free.length]).toEqual(['free', 0]);
      // the real ones still work
      expect(dom.name()).toBe(name);
      expect((await dom.info()).state).toBe(lv.VIR_DOMAIN_RUNNING);
      expect(typeof net.name()).toBe('string');
    } finally {
      await undefineAll(conn, names);
      expect(await conn.close()).toBe(0);
    }
  });

  test('test:///default: each object of a list holds its own handle; garbage collection frees them one by one', () => {
    const script = `
      const lv = require(${JSON.stringify(ROOT)});
      const { addon } = require(${JSON.stringify(path.join(ROOT, 'dist/native'))});
      const live = () => addon._stats().liveHandles;
      const settle = async () => { for (let i = 0; i < 6; i++) { global.gc(); await new Promise((r) => setTimeout(r, 20)); } };
      const xml = (n) => "<domain type='test'><name>" + n + "</name><memory>65536</memory><os><type>hvm</type></os></domain>";
      (async () => {
        const base = live();
        const conn = await lv.open('test:///default');
        for (let i = 0; i < 4; i++) (await conn.defineXML(xml('gc' + i))).free();
        let list = await conn.listAllDomains();
        const n = list.length;
        const listed = live() - base;
        let used = list[2];
        await used.info();
        list = null;
        await settle();
        const afterList = live() - base;
        let list2 = await conn.listAllDomains();
        let unused = list2[0];
        list2 = null;
        await settle();
        const heldByOne = live() - base;
        unused = null;
        await settle();
        const droppedOne = live() - base;
        used = null;
        await settle();
        const connOnly = live() - base;
        await conn.close();
        console.log(JSON.stringify({ n, listed, afterList, heldByOne, droppedOne, connOnly, closed: live() - base }));
      })();`;
    const out = execFileSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8', timeout: 30000 });
    const r = JSON.parse(out.trim().split('\n').pop() as string);
    expect(r.n).toBe(5);
    expect(r.listed).toBe(1 + 5); // the connection and the list's five handles
    expect(r.afterList).toBe(1 + 1); // the used one only
    expect(r.heldByOne).toBe(2 + 1); // the used one and the unused one still referenced
    expect(r.droppedOne).toBe(2);
    expect(r.connOnly).toBe(1);
    expect(r.closed).toBe(0);
  });

  test('test:///default: references dropped off the JavaScript thread are all dropped before close() counts', async () => {
    const conn = await lv.open(TEST_URI);
    const names = await defineSome(conn, 'drop', 50);
    try {
      for (let r = 0; r < 5; r++) {
        const list = await conn.listAllDomains();
        expect(list.length).toBeGreaterThanOrEqual(50);
        for (const d of list) d.free();
      }
      // 250+ drops were queued just now: close() resolves 0 only if it runs them first
      expect(await conn.close()).toBe(0);
    } finally {
      const again = await lv.open(TEST_URI);
      await undefineAll(again, names);
      await again.close();
      await conn.close();
    }
  });

  test('qemu:///system: list objects of real domains, passed as arguments and called', async () => {
    const conn = await openSystem();
    if (!conn) return;
    try {
      const type = await x86DomainType(conn);
      const names: string[] = [];
      for (let i = 0; i < 3; i++) {
        const n = uniqueName(`sys-list${i}`);
        (await conn.defineXML(biosGuestXML(n, type, serialLog(n)))).free();
        names.push(n);
      }
      const mine = (await conn.listAllDomains()).filter((d) => names.includes(d.name()));
      expect(mine.map((d) => d.name()).sort()).toEqual([...names].sort());
      const stats = await conn.domainListGetStats(mine, lv.VIR_DOMAIN_STATS_STATE);
      expect(stats.map((s) => s.domain.UUIDString()).sort()).toEqual(mine.map((d) => d.UUIDString()).sort());
      for (const d of mine) {
        expect(await d.XMLDesc()).toContain(`<name>${d.name()}</name>`);
        expect(d.state !== undefined && (await d.state())[0]).toBe(lv.VIR_DOMAIN_SHUTOFF);
      }
      mine[0].free();
      expect((await rejection(mine[0].isActive())).code).toBe('ERR_LIBVIRT_FREED');
    } finally {
      await cleanupDomains(conn);
      expect(await conn.close()).toBe(0);
    }
  });
});
