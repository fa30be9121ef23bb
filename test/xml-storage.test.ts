/**
 * Storage pool, storage volume and storage pool capabilities XML: lossless round trip
 * over libvirt's test XML, libvirt's schema, typed coverage, the checks made before
 * formatting (each one refused by libvirt too), and live documents on a real libvirt.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { open } from '../src';
import type { Connection, StoragePool as Pool } from '../src';
import * as xml from '../src/xml';
import type { StoragePool, StorageVolume } from '../src/xml';
import { canonDoc, firstDiff } from './helpers/xml-compare';
import { corpusFiles, folderCoverage, readCorpus, roundTripFailures, schemaCheck, unstable } from './helpers/xml-kind-checks';
import { TEST_URI, openSystem, uniqueName } from './helpers/libvirt';

jest.setTimeout(120_000);

/** Corpus files libvirt itself refuses: the validation refuses them with this error (and libvirt does too, tested below). */
const POOL_EXCEPTIONS: Record<string, string> = {
  'storagepool-schema--dir-missing-target-path-invalid.xml': "target.path: is required for a 'dir' pool (got undefined)",
};

const kinds: [string, (t: string) => object, (o: any, opts?: { validate?: boolean }) => string, string, Record<string, string>][] = [
  ['storagepool', xml.parseStoragePool, xml.formatStoragePool, 'storagepool', {}],
  ['storagepool/schema-invalid', xml.parseStoragePool, xml.formatStoragePool, '', POOL_EXCEPTIONS],
  ['storagevol', xml.parseStorageVolume, xml.formatStorageVolume, 'storagevol', {}],
];

describe.each(kinds)('corpus/%s', (dir, parse, format, schema, exceptions) => {
  const files = corpusFiles(dir);

  test('the corpus is there', () => {
    expect(files.length).toBeGreaterThan(dir.endsWith('schema-invalid') ? 0 : 30);
  });

  test('every file: parse -> format keeps every element, attribute and text, in order', () => {
    expect(roundTripFailures(dir, parse, format, exceptions)).toEqual([]);
  });

  test('formatting is stable: format(parse(format(parse(x)))) equals format(parse(x))', () => {
    expect(unstable(dir, parse, format)).toEqual([]);
  });

  if (schema) {
    test(`every formatted file passes libvirt's ${schema} schema`, () => {
      const docs = Object.fromEntries(files.map((f) => [f, format(parse(readCorpus(dir, f)), { validate: false })]));
      const r = schemaCheck(schema, docs);
      expect(r.failing).toEqual([]);
      expect(r.validated).toBe(files.length);
      expect(r.status).toBe(0);
    });

    test('at least 95% of element and attribute paths are typed', () => {
      const c = folderCoverage(dir, parse);
      expect(c.elementPaths).toBeGreaterThan(20);
      expect(c.elementPct).toBeGreaterThanOrEqual(95);
      expect(c.attributePct).toBeGreaterThanOrEqual(95);
    });
  }
});

test('without the remembered source order, pools and volumes are written in libvirt order (all -out files)', () => {
  const order = (c: ReturnType<typeof canonDoc> | string): unknown => (typeof c === 'string' ? c : [c.name, c.children.map(order)]);
  const mismatches: string[] = [];
  for (const [dir, parse, format] of [kinds[0], kinds[2]]) {
    for (const f of corpusFiles(dir).filter((n) => n.includes('-out--'))) {
      const text = readCorpus(dir, f);
      const out = format(structuredClone(parse(text)), { validate: false });
      if (JSON.stringify(order(canonDoc(out))) !== JSON.stringify(order(canonDoc(text)))) mismatches.push(f);
    }
  }
  expect(mismatches).toEqual([]);
});

describe('typed fields', () => {
  test('a pool: source hosts, auth secret, adapter, namespaces', () => {
    const rbd = xml.parseStoragePool(readCorpus('storagepool', 'storagepool-out--pool-rbd-ns-configopts.xml'));
    expect(rbd.type).toBe('rbd');
    expect(rbd.capacity).toEqual({ unit: 'bytes', value: 0 });
    expect(rbd.source!.host).toEqual([{ name: 'localhost', port: 6789 }, { name: 'localhost', port: 6790 }]);
    expect(rbd.source!.auth).toEqual({ type: 'ceph', username: 'admin', secret: { uuid: '2ec115d7-3a88-3ceb-bc12-0ac909a6fd87' } });
    expect(rbd['rbd:config_opts']!['rbd:option']![0]).toEqual({ name: 'client_mount_timeout', value: '45' });
    const fc = xml.parseStoragePool(readCorpus('storagepool', 'storagepool-out--pool-scsi-type-fc-host-managed.xml'));
    expect(fc.source!.adapter).toEqual({ type: 'fc_host', parent: 'scsi_host5', managed: 'yes', wwnn: '20000000c9831b4b', wwpn: '10000000c9831b4b' });
    expect(fc.target!.permissions).toEqual({ mode: '0700', owner: 0, group: 0 });
  });

  test('a volume: sizes, format, encryption (the domain model), backing store', () => {
    const v = xml.parseStorageVolume(readCorpus('storagevol', 'storagevol-out--vol-qcow2-luks.xml'));
    expect(v.capacity).toEqual({ unit: 'bytes', value: 5368709120 });
    expect(v.target!.format).toEqual({ type: 'qcow2' });
    expect(v.target!.encryption).toEqual({ format: 'luks', secret: [{ type: 'passphrase', uuid: 'e78d4b51-a2af-485f-b0f5-afca709a80f4' }] });
    expect(v.backingStore).toMatchObject({ path: '/dev/null', format: { type: 'raw' } });
    const lazy = xml.parseStorageVolume(readCorpus('storagevol', 'storagevol-out--vol-qcow2-lazy.xml'));
    expect(lazy.target).toMatchObject({ compat: '1.1', features: { lazy_refcounts: {} } });
  });

  test('sizes above 2^53 are bigint, exact to 2^64 - 1', () => {
    const text = xml.formatStorageVolume({ name: 'big', capacity: { unit: 'b', value: 2n ** 64n - 1n } });
    expect(text).toContain('<capacity unit="b">18446744073709551615</capacity>');
    expect(xml.parseStorageVolume(text).capacity!.value).toBe(2n ** 64n - 1n);
  });

  test('the root element is checked', () => {
    expect(() => xml.parseStoragePool('<volume><name>v</name></volume>')).toThrow('expected root element <pool>, found <volume>');
    expect(() => xml.parseStorageVolume('<pool type="dir"/>')).toThrow('expected root element <volume>, found <pool>');
    expect(() => xml.parseStoragePoolCapabilities('<pool type="dir"/>')).toThrow('expected root element <storagepoolCapabilities>, found <pool>');
  });
});

// ---------------------------------------------------------------------------
// validation: each rule refuses a document that libvirt refuses too

/** Sends a document to libvirt's pool parser (test:///default); resolves libvirt's error message. */
async function poolRefusal(conn: Connection, text: string): Promise<string> {
  let pool: Pool;
  try {
    pool = await conn.storagePoolDefineXML(text);
  } catch (e) {
    return (e as Error).message;
  }
  await pool.undefine().catch(() => undefined);
  throw new Error(`libvirt accepted the document:\n${text}`);
}

describe('pool validation, checked against test:///default', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await open(TEST_URI);
  });
  afterAll(async () => {
    await conn?.close();
  });

  const n = () => uniqueName('pool');
  const cases: [string, () => StoragePool, string, RegExp][] = [
    ['an unknown pool type', () => ({ type: 'bogus', name: n(), target: { path: '/tmp' } }), "type: must be one of 'dir', 'fs'", /Invalid value for attribute 'type'|unknown storage pool type/],
    ['no name', () => ({ type: 'dir', target: { path: '/tmp' } }), 'name: must be a non-empty string (got undefined)', /missing pool source name element/],
    ['a name with a slash', () => ({ type: 'dir', name: 'a/b', target: { path: '/tmp' } }), "name: must not contain '/' (got \"a/b\")", /cannot contain '\/'/],
    ['a malformed UUID', () => ({ type: 'dir', name: n(), uuid: 'not-a-uuid', target: { path: '/tmp' } }), 'uuid: must be a UUID', /malformed uuid element/],
    ['a netfs pool without a host', () => ({ type: 'netfs', name: n(), source: { dir: { path: '/export' } }, target: { path: '/mnt' } }), "source.host: is required for a 'netfs' pool", /missing storage pool source host name/],
    ['a netfs pool without a source directory', () => ({ type: 'netfs', name: n(), source: { host: [{ name: 'nfs.example.com' }] }, target: { path: '/mnt' } }), "source.dir.path: is required for a 'netfs' pool", /missing storage pool source path/],
    ['a disk pool without a device', () => ({ type: 'disk', name: n(), target: { path: '/dev' } }), "source.device: is required for a 'disk' pool", /missing storage pool source device name/],
    ['a scsi pool without an adapter', () => ({ type: 'scsi', name: n(), target: { path: '/dev/disk/by-path' } }), "source.adapter: is required for a 'scsi' pool", /missing storage pool source adapter/],
    ['an iscsi-direct pool without an initiator IQN', () => ({ type: 'iscsi-direct', name: n(), source: { host: [{ name: 'iscsi.example.com' }], device: [{ path: 'iqn.2013-06.com.example:iscsi-pool' }] } }), "source.initiator.iqn.name: is required for a 'iscsi-direct' pool", /missing initiator IQN/],
    ['a dir pool without a target path', () => ({ type: 'dir', name: n() }), "target.path: is required for a 'dir' pool", /missing storage pool target path/],
  ];

  test.each(cases)('%s', async (_title, make, error, libvirtSays) => {
    const def = make();
    expect(() => xml.formatStoragePool(def)).toThrow(error);
    expect(await poolRefusal(conn, xml.formatStoragePool(def, { validate: false }))).toMatch(libvirtSays);
  });

  test("the corpus file libvirt's schema calls invalid is refused by libvirt too", async () => {
    const text = readCorpus('storagepool/schema-invalid', 'storagepool-schema--dir-missing-target-path-invalid.xml');
    expect(await poolRefusal(conn, text)).toMatch(/missing storage pool target path/);
  });

  test('documents the checks let through, one per pool type, libvirt accepts', async () => {
    const ok: StoragePool[] = [
      { type: 'dir', name: n(), target: { path: '/var/lib/libvirt/images' } },
      { type: 'fs', name: n(), source: { device: [{ path: '/dev/vdb1' }], format: { type: 'xfs' } }, target: { path: '/mnt/fs' } },
      { type: 'netfs', name: n(), source: { host: [{ name: 'nfs.example.com' }], dir: { path: '/export' }, format: { type: 'nfs' }, protocol: { ver: '4.1' } }, target: { path: '/mnt/nfs' } },
      { type: 'logical', source: { name: `${n()}-vg`, format: { type: 'lvm2' } } },
      { type: 'disk', name: n(), source: { device: [{ path: '/dev/vdc', part_separator: 'no' }], format: { type: 'gpt' } }, target: { path: '/dev' } },
      { type: 'iscsi', name: n(), source: { host: [{ name: 'iscsi.example.com', port: 3260 }], device: [{ path: 'iqn.2013-06.com.example:iscsi-pool' }] }, target: { path: '/dev/disk/by-path' } },
      { type: 'iscsi-direct', name: n(), source: { host: [{ name: 'iscsi.example.com' }], device: [{ path: 'iqn.2013-06.com.example:iscsi-pool' }], initiator: { iqn: { name: 'iqn.2013-06.com.example:client' } } } },
      { type: 'scsi', name: n(), source: { adapter: { type: 'scsi_host', name: 'host0' } }, target: { path: '/dev/disk/by-path' } },
      { type: 'mpath', name: n(), target: { path: '/dev/mapper' } },
      { type: 'rbd', name: n(), source: { host: [{ name: 'mon.example.com', port: 6789 }], name: 'rbd', auth: { type: 'ceph', username: 'admin', secret: { usage: 'client.admin' } } } },
      { type: 'gluster', name: n(), source: { host: [{ name: 'gluster.example.com' }], name: 'volume' } },
      { type: 'zfs', name: n(), source: { name: 'tank' } },
      { type: 'vstorage', name: n(), source: { name: 'cluster' }, target: { path: '/mnt/vstorage' } },
    ];
    for (const def of ok) {
      const pool = await conn.storagePoolDefineXML(xml.formatStoragePool(def));
      await pool.undefine();
    }
  });
});

describe('volume validation, checked against test:///default', () => {
  let conn: Connection;
  let pool: Pool;
  beforeAll(async () => {
    conn = await open(TEST_URI);
    pool = await conn.storagePoolLookupByName('default-pool');
  });
  afterAll(async () => {
    await conn?.close();
  });

  async function refusal(text: string): Promise<string> {
    let vol;
    try {
      vol = await pool.createXML(text, 0);
    } catch (e) {
      return (e as Error).message;
    }
    await vol.delete(0).catch(() => undefined);
    throw new Error(`libvirt accepted the document:\n${text}`);
  }

  // Values the field kinds cannot even write (a negative size, an unknown unit) are sent
  // as a valid document with the value spliced in where the user put it.
  const n = () => uniqueName('vol');
  const cases: [string, () => StorageVolume, string, RegExp, [string, string] | null][] = [
    ['no name', () => ({ capacity: { value: 1 } }), 'name: must be a non-empty string (got undefined)', /missing volume name element/, null],
    ['no capacity', () => ({ name: n() }), 'capacity: is required (unless backingStore.path gives it)', /missing capacity element/, null],
    ['a capacity without a value', () => ({ name: n(), capacity: { unit: 'GiB' } }), 'capacity.value: is required', /missing capacity element/, null],
    ['a negative capacity', () => ({ name: n(), capacity: { value: -1 } }), 'capacity.value: must be a non-negative integer (number or bigint) (got -1)', /malformed capacity element/, ['<capacity>1</capacity>', '<capacity>-1</capacity>']],
    ['a capacity in an unknown unit', () => ({ name: n(), capacity: { value: 1, unit: 'parsecs' } }), 'capacity.unit: unknown unit', /unknown suffix 'parsecs'/, ['<capacity unit="KiB">', '<capacity unit="parsecs">']],
    ['a negative allocation', () => ({ name: n(), capacity: { value: 1 }, allocation: { value: -1 } }), 'allocation.value: must be a non-negative integer', /malformed/, ['<allocation>1</allocation>', '<allocation>-1</allocation>']],
    ['a negative cluster size', () => ({ name: n(), capacity: { value: 1 }, target: { clusterSize: { value: -5 } } }), 'target.clusterSize.value: must be a non-negative integer', /Invalid value '-5'/, ['<clusterSize>1</clusterSize>', '<clusterSize>-5</clusterSize>']],
  ];

  test.each(cases)('%s', async (_title, make, error, libvirtSays, splice) => {
    const def = make();
    expect(() => xml.formatStorageVolume(def)).toThrow(error);
    let text: string;
    if (splice) {
      const writable = JSON.parse(JSON.stringify(def), (k, v) => (v === -1 || v === -5 ? 1 : k === 'unit' ? 'KiB' : v));
      text = xml.formatStorageVolume(writable, { validate: false });
      expect(text).toContain(splice[0]);
      text = text.replace(splice[0], splice[1]);
    } else text = xml.formatStorageVolume(def, { validate: false });
    expect(await refusal(text)).toMatch(libvirtSays);
  });

  test('a volume the checks let through is accepted, sizes converted to bytes', async () => {
    const def: StorageVolume = {
      name: `${n()}.qcow2`,
      capacity: { unit: 'MiB', value: 64 },
      allocation: { unit: 'KiB', value: 0 },
      target: { format: { type: 'qcow2' }, permissions: { mode: '0640' } },
    };
    const vol = await pool.createXML(xml.formatStorageVolume(def), 0);
    try {
      const back = xml.parseStorageVolume(await vol.XMLDesc(0));
      expect(back.name).toBe(def.name);
      expect(back.capacity).toEqual({ unit: 'bytes', value: 64 * 1024 * 1024 });
      expect(back.allocation).toEqual({ unit: 'bytes', value: 0 });
      expect(back.target!.path).toBe(`${(xml.parseStoragePool(await pool.XMLDesc(0))).target!.path}/${def.name}`);
      expect(xml.unknownContent(back)).toEqual({ elements: [], attributes: [] });
    } finally {
      await vol.delete(0);
    }
  });
});

// ---------------------------------------------------------------------------
// live documents built with the typed model

test('live on test:///default: a typed netfs pool is defined, read back and parsed', async () => {
  const conn = await open(TEST_URI);
  const def: StoragePool = {
    type: 'netfs',
    name: uniqueName('netfs'),
    uuid: '2c4f6f5e-4b3a-4f52-9c2f-7d3e1f0a9b11',
    source: { host: [{ name: 'nfs.example.com' }], dir: { path: '/export/images' }, format: { type: 'nfs' }, protocol: { ver: '4.1' } },
    target: { path: '/mnt/images', permissions: { mode: '0755', owner: 107, group: 107 } },
  };
  let pool: Pool | undefined;
  try {
    pool = await conn.storagePoolDefineXML(xml.formatStoragePool(def));
    const back = xml.parseStoragePool(await pool.XMLDesc(0));
    expect(back.type).toBe('netfs');
    expect(back.name).toBe(def.name);
    expect(back.uuid).toBe(def.uuid);
    expect(back.source).toEqual(def.source);
    expect(back.target).toEqual(def.target);
    expect(xml.unknownContent(back)).toEqual({ elements: [], attributes: [] });
  } finally {
    await pool?.undefine().catch(() => undefined);
    await conn.close();
  }
});

describe('live on qemu:///system', () => {
  let conn: Connection | null;
  beforeAll(async () => {
    conn = await openSystem();
  });
  afterAll(async () => {
    await conn?.close();
  });

  test('storage pool capabilities: parsed, typed, written back unchanged and valid for the schema', async () => {
    const text = await conn!.getStoragePoolCapabilities(0);
    const caps = xml.parseStoragePoolCapabilities(text);
    const out = xml.formatStoragePoolCapabilities(caps);
    expect(firstDiff(canonDoc(text), canonDoc(out), '')).toBeNull();
    expect(xml.unknownContent(caps)).toEqual({ elements: [], attributes: [] });
    const r = schemaCheck('storagepoolcaps', { 'caps.xml': out });
    expect(r.failing).toEqual([]);
    expect(r.validated).toBe(1);
    // what the host reports, read independently of the typed model
    const types = [...text.matchAll(/<pool type='([^']+)' supported='(yes|no)'>/g)].map((m) => [m[1], m[2]]);
    expect(types.length).toBeGreaterThan(0);
    expect(caps.pool!.map((p) => [p.type, p.supported])).toEqual(types);
    const dir = caps.pool!.find((p) => p.type === 'dir');
    if (dir?.supported === 'yes') expect(dir.volOptions!.enum!.find((e) => e.name === 'targetFormatType')!.value).toEqual(expect.arrayContaining(['raw', 'qcow2']));
  });

  test('a dir pool in a temporary folder, a qcow2 base volume and an overlay whose backingStore is the base', async () => {
    const c = conn!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-xml-storage-'));
    let pool: Pool | undefined;
    try {
      const poolDef: StoragePool = { type: 'dir', name: uniqueName('overlay'), target: { path: dir } };
      pool = await c.storagePoolDefineXML(xml.formatStoragePool(poolDef));
      await pool.create(0);
      const baseDef: StorageVolume = {
        name: 'base.qcow2',
        capacity: { unit: 'MiB', value: 16 },
        target: { format: { type: 'qcow2' } },
      };
      const base = await pool.createXML(xml.formatStorageVolume(baseDef), 0);
      const basePath = await base.path();
      // the overlay: no capacity (libvirt takes the base's), the base as its backing store
      const overlayDef: StorageVolume = {
        name: 'overlay.qcow2',
        target: { format: { type: 'qcow2' } },
        backingStore: { path: basePath, format: { type: 'qcow2' } },
      };
      const overlay = await pool.createXML(xml.formatStorageVolume(overlayDef), 0);
      const back = xml.parseStorageVolume(await overlay.XMLDesc(0));
      expect(back.name).toBe('overlay.qcow2');
      expect(back.type).toBe('file');
      expect(back.target!.path).toBe(path.join(dir, 'overlay.qcow2'));
      expect(back.target!.format).toEqual({ type: 'qcow2' });
      expect(back.capacity).toEqual({ unit: 'bytes', value: 16 * 1024 * 1024 });
      expect(back.backingStore!.path).toBe(basePath);
      expect(back.backingStore!.format).toEqual({ type: 'qcow2' });
      expect(xml.unknownContent(back)).toEqual({ elements: [], attributes: [] });
      const poolBack = xml.parseStoragePool(await pool.XMLDesc(0));
      expect(poolBack.target!.path).toBe(dir);
      expect(typeof poolBack.capacity!.value === 'number' || typeof poolBack.capacity!.value === 'bigint').toBe(true);
    } finally {
      if (pool) {
        for (const v of await pool.listAllVolumes(0).catch(() => [])) await v.delete(0).catch(() => undefined);
        if (await pool.isActive().catch(() => false)) await pool.destroy().catch(() => undefined);
        await pool.undefine().catch(() => undefined);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('test:///default has no storage pool capabilities (VIR_ERR_NO_SUPPORT)', async () => {
  const conn = await open(TEST_URI);
  try {
    await expect(conn.getStoragePoolCapabilities(0)).rejects.toMatchObject({ codeName: 'VIR_ERR_NO_SUPPORT' });
  } finally {
    await conn.close();
  }
});

test('the storage and secret tables are built on first use, each on its own', () => {
  const TABLES = ['../src/xml/storage', '../src/xml/secret'];
  jest.isolateModules(() => {
    const loaded: string[] = [];
    for (const m of TABLES) {
      jest.doMock(m, () => {
        loaded.push(m.slice('../src/xml/'.length));
        return jest.requireActual(m);
      });
    }
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const pkg = require('../src') as typeof import('../src');
      expect(loaded).toEqual([]);
      expect(pkg.xml.parseSecret("<secret><usage type='tls'><name>t</name></usage></secret>").usage).toEqual({ type: 'tls', name: 't' });
      expect(loaded).toEqual(['secret']);
      expect(pkg.xml.parseStorageVolume('<volume><name>v</name></volume>').name).toBe('v');
      expect(loaded).toEqual(['secret', 'storage']);
    } finally {
      for (const m of TABLES) jest.dontMock(m);
    }
  });
});
