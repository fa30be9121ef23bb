// Results in python-libvirt's shapes and units, and python's default arguments:
// the same calls through python-libvirt (/usr/bin/python3) and through this
// binding on test:///default give the same values, lists as arrays, dicts as
// objects; each list's values are also properties by name; JSON.stringify works.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import * as lv from '../src';
import { TEST_URI } from './helpers/libvirt';

jest.setTimeout(60_000);

// Each call, as python writes it and as JavaScript does (the same text where it can).
// volatile: the test driver derives these numbers from the clock; their shape is compared.
const CALLS: { py: string; js: (c: lv.Connection, d: lv.Domain, p: lv.StoragePool) => Promise<unknown>; volatile?: boolean }[] = [
  { py: 'c.getInfo()', js: (c) => c.getInfo() },
  { py: 'c.getCPUMap()', js: (c) => c.getCPUMap() },
  { py: 'c.getSecurityModel()', js: (c) => c.getSecurityModel() },
  { py: 'c.getCellsFreeMemory(0, 2)', js: (c) => c.getCellsFreeMemory(0, 2) },
  { py: 'c.getCPUStats(-1)', js: (c) => c.getCPUStats(-1) },
  { py: 'c.listDomainsID()', js: (c) => c.listDomainsID() },
  { py: 'c.getMaxVcpus(None)', js: (c) => c.getMaxVcpus() },
  { py: 'c.getAllDomainStats(libvirt.VIR_DOMAIN_STATS_STATE)', js: (c) => c.getAllDomainStats(lv.VIR_DOMAIN_STATS_STATE) },
  { py: 'd.info()', js: (_c, d) => d.info(), volatile: true },
  { py: 'd.state()', js: (_c, d) => d.state() },
  { py: 'd.controlInfo()', js: (_c, d) => d.controlInfo() },
  { py: "d.blockInfo('vda')", js: (_c, d) => d.blockInfo('vda') },
  { py: "d.blockStats('vda')", js: (_c, d) => d.blockStats('vda'), volatile: true },
  { py: 'd.memoryStats()', js: (_c, d) => d.memoryStats() },
  { py: 'd.securityLabel()', js: (_c, d) => d.securityLabel() },
  { py: 'd.getTime()', js: (_c, d) => d.getTime() },
  { py: 'd.vcpus()', js: (_c, d) => d.vcpus(), volatile: true },
  { py: 'd.vcpuPinInfo(0)', js: (_c, d) => d.vcpuPinInfo() },
  { py: 'd.emulatorPinInfo(0)', js: (_c, d) => d.emulatorPinInfo() },
  { py: 'd.schedulerType()', js: (_c, d) => d.schedulerType() },
  { py: 'd.interfaceAddresses(0)', js: (_c, d) => d.interfaceAddresses(0) },
  { py: 'd.fsInfo()', js: (_c, d) => d.fsInfo() },
  { py: 'd.diskErrors()', js: (_c, d) => d.diskErrors() },
  { py: 'd.ioThreadInfo()', js: (_c, d) => d.ioThreadInfo() },
  { py: 'd.getCPUStats(True)', js: (_c, d) => d.getCPUStats(true) },
  { py: "d.blockIoTune('vda')", js: (_c, d) => d.blockIoTune('vda') },
  { py: 'p.info()', js: (_c, _d, p) => p.info() },
];

const PY = `
import json, libvirt
c = libvirt.open('${TEST_URI}')
d = c.lookupByName('test')
p = c.storagePoolLookupByName('default-pool')
def plain(v):
    if isinstance(v, libvirt.virDomain): return 'virDomain:' + v.name()
    if isinstance(v, (list, tuple)): return [plain(x) for x in v]
    if isinstance(v, dict): return {k: plain(x) for k, x in v.items()}
    return v
print(json.dumps([plain(eval(call)) for call in json.loads(input())]))
`;

/** The JSON form, with every number a decimal string (python's ints, this binding's bigints) and domains by name. */
function comparable(v: unknown, volatile = false): unknown {
  if (v instanceof lv.Domain) return `virDomain:${v.name()}`;
  if (Array.isArray(v)) return v.map((x) => comparable(x, volatile));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, comparable(x, volatile)]));
  if (typeof v === 'number' || typeof v === 'bigint' || (typeof v === 'string' && /^-?\d+$/.test(v))) return volatile ? 'N' : String(v);
  return v;
}

let conn: lv.Connection;
let dom: lv.Domain;
let pool: lv.StoragePool;
beforeAll(async () => {
  conn = await lv.open(TEST_URI);
  dom = await conn.lookupByName('test');
  pool = await conn.storagePoolLookupByName('default-pool');
});
afterAll(async () => {
  await conn?.close();
});

describe('results as python-libvirt returns them', () => {
  test('the same values as python-libvirt, lists as arrays and dicts as objects', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-pyshapes-'));
    let py: unknown[];
    try {
      fs.writeFileSync(path.join(dir, 'shapes.py'), PY);
      py = JSON.parse(execFileSync('/usr/bin/python3', [path.join(dir, 'shapes.py')], { input: JSON.stringify(CALLS.map((x) => x.py)), encoding: 'utf8' }));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    for (const [i, call] of CALLS.entries()) {
      const js = await call.js(conn, dom, pool);
      // interfaceAddresses' values also carry the name they are keyed by
      if (call.py.startsWith('d.interfaceAddresses')) for (const v of Object.values(js as object)) delete (v as { name?: string }).name;
      expect({ call: call.py, result: comparable(js, call.volatile) }).toEqual({ call: call.py, result: comparable(py[i], call.volatile) });
    }
  });

  test("getInfo's memory is in MiB, as python's (libvirt gives KiB)", async () => {
    const info = await conn.getInfo();
    // the test driver's host: 3 GiB (virNodeInfo.memory 3145728 KiB)
    expect(info.memory).toBe(3072);
    expect(info[1]).toBe(3072);
  });

  test('a list is an array in python order whose values are also properties by name', async () => {
    const info = await dom.info();
    expect(Array.isArray(info)).toBe(true);
    expect(info.length).toBe(5);
    const [state, maxMem, memory, nrVirtCpu] = info;
    expect([info.state, info.maxMem, info.memory, info.nrVirtCpu]).toEqual([state, maxMem, memory, nrVirtCpu]);
    expect(state).toBe(lv.VIR_DOMAIN_RUNNING);
    // the names are not enumerable: keys, spread and console.log show the list
    expect(Object.keys(info)).toEqual(['0', '1', '2', '3', '4']);
    // a name reads and writes its place in the array
    info.state = 99;
    expect(info[0]).toBe(99);
    const [label, enforcing] = await dom.securityLabel();
    expect([label, enforcing]).toEqual(['libvirt-test', true]);
    const [vinfo, cpumaps] = await dom.vcpus();
    expect(vinfo.map((v) => v.number)).toEqual([0, 1]);
    expect(vinfo[0][0]).toBe(0);
    expect(cpumaps.length).toBe(vinfo.length);
    const [[rec, stats]] = await conn.getAllDomainStats(lv.VIR_DOMAIN_STATS_STATE);
    expect(rec.name()).toBe('test');
    expect(stats['state.state']).toBe(lv.VIR_DOMAIN_RUNNING);
  });

  test('JSON.stringify of a result writes bigints as decimal strings', async () => {
    const info = await dom.info();
    expect(JSON.parse(JSON.stringify(info))).toEqual([info[0], String(info[1]), String(info[2]), info[3], String(info[4])]);
    const bt = await dom.blockInfo('vda');
    expect(JSON.stringify(bt)).toBe(`[${bt.map((x) => `"${x}"`).join(',')}]`);
    const mem = await dom.memoryStats();
    expect(JSON.parse(JSON.stringify(mem))).toEqual(Object.fromEntries(Object.entries(mem).map(([k, v]) => [k, String(v)])));
    // nested: a list of tuples of a domain and a dict
    expect(JSON.parse(JSON.stringify(await conn.getAllDomainStats(lv.VIR_DOMAIN_STATS_STATE)))).toEqual([[{}, { 'state.state': 1, 'state.reason': 0 }]]);
    expect(JSON.parse(JSON.stringify(await dom.getTime()))).toEqual({ seconds: '627319920', nseconds: 0 });
  });
});

describe("arguments python defaults may be omitted, meaning what python's default means", () => {
  test('the same answers with and without the defaulted arguments', async () => {
    expect(await conn.getMaxVcpus()).toBe(await conn.getMaxVcpus(null));
    expect(await dom.XMLDesc()).toBe(await dom.XMLDesc(0));
    expect(await conn.listAllDomains()).toHaveLength((await conn.listAllDomains(0)).length);
    expect(await dom.state()).toEqual(await dom.state(0));
    expect(await dom.blockInfo('vda')).toEqual(await dom.blockInfo('vda', 0));
    // flags=0 goes to libvirt, which answers as it answers python
    await expect(dom.memoryPeek(0, 8)).rejects.toThrow('flags parameter must be VIR_MEMORY_VIRTUAL or VIR_MEMORY_PHYSICAL');
    await expect(conn.allocPages({ 4: 1 })).rejects.toThrow('cellCount in virNodeAllocPages must not be zero');
    // migrate(dconn): the arguments reach libvirt (the test driver has no migration)
    await expect(dom.migrate(conn)).rejects.toMatchObject({ code: lv.VIR_ERR_NO_SUPPORT });
    await expect(dom.blockPull('vda')).rejects.toMatchObject({ code: lv.VIR_ERR_NO_SUPPORT });
    await expect(dom.guestInfo()).rejects.toMatchObject({ code: lv.VIR_ERR_NO_SUPPORT });
  });

  test("python's argument forms of sendKey and setTime reach libvirt as the C forms do", async () => {
    expect(await dom.sendKey(lv.VIR_KEYCODE_SET_LINUX, 10, [28, 29], 2, 0)).toBe(await dom.sendKey(lv.VIR_KEYCODE_SET_LINUX, 10, [28, 29], 0));
    expect(() => dom.sendKey(lv.VIR_KEYCODE_SET_LINUX, 10, [28, 29], 3, 0)).toThrow('Expected nkeycodes to be the length of keycodes (2) but received 3');
    await dom.setTime({ seconds: 12345n, nseconds: 6 }, 0);
    expect(await dom.getTime()).toMatchObject({ seconds: 12345n, nseconds: 6 });
    await dom.setTime(54321n, 0, 0);
    expect(await dom.getTime()).toMatchObject({ seconds: 54321n });
    expect(() => dom.setTime({ nseconds: 1 } as never)).toThrow('Expected a number or bigint for time.seconds but received undefined');
  });

  test('a wrong type in a defaulted place is still refused', async () => {
    expect(() => dom.migrate(conn, 'x' as never)).toThrow("Expected unsigned integer (number or bigint) for flags but received string 'x'");
    expect(() => conn.getMaxVcpus(1 as never)).toThrow('Expected string or null for type');
  });
});
