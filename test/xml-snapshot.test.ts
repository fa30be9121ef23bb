/**
 * Snapshots, checkpoints and backup jobs: round trip over libvirt 9.0's own test XML
 * (compared through fast-xml-parser), libvirt's schemas, typed coverage, the checks
 * made before writing (each one checked against what libvirt answers for the same
 * document), and documents built with the typed model, created on a real libvirt and
 * read back.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { canonDoc, firstDiff } from './helpers/xml-compare';
import { typedCoverage } from '../src/xml/coverage';
import * as xml from '../src/xml';
import type { DomainSnapshot, DomainCheckpoint, DomainBackup, Domain, XmlValidationError } from '../src/xml';
import { open, Connection, Domain as Dom, LibvirtError } from '../src';
import * as C from '../src';
import { IN_CI, TEST_URI, openSystem, uniqueName, cleanupDomains, x86DomainType } from './helpers/libvirt';

jest.setTimeout(120_000);

const corpus = path.resolve(__dirname, '../../shared/corpus');
type Parse = (t: string) => object;
type Format = (o: any, opts?: { validate?: boolean }) => string;

const KINDS: [string, string, Parse, Format][] = [
  ['snapshot', 'domainsnapshot', xml.parseDomainSnapshot, xml.formatDomainSnapshot],
  ['checkpoint', 'domaincheckpoint', xml.parseDomainCheckpoint, xml.formatDomainCheckpoint],
  ['backup', 'domainbackup', xml.parseDomainBackup, xml.formatDomainBackup],
];

/**
 * Files whose parsed object formatDomain's checks refuse, with the reason: the check's
 * error must still be raised, and the file must round-trip with `{ validate: false }`.
 */
const EXCEPTIONS: Record<string, { reason: string; error: string }> = {
  'snapshot/snapshot-in--disk_snapshot.xml': {
    reason: "libvirt's parser test reads it, but creating it fails: libvirt refuses a disk named twice (hde) when it matches the request to the domain's disks",
    error: 'disks.disk[5].name: duplicates disks.disk[4] (got "hde")',
  },
  'checkpoint/schema-invalid/checkpoint-in--disk-invalid.xml': {
    reason: 'libvirt validates checkpoint XML against its schema and refuses a disk without a name',
    error: 'disks.disk[0].name: is required',
  },
  'checkpoint/schema-invalid/checkpoint-in--name-invalid.xml': {
    reason: "libvirt validates checkpoint XML against its schema and refuses a name that is not a sane file name ('../escape')",
    error: 'name: must be letters, digits',
  },
};

const filesOf = (dir: string): string[] => {
  const top = fs.readdirSync(path.join(corpus, dir)).filter((f) => f.endsWith('.xml')).map((f) => `${dir}/${f}`);
  const inv = path.join(corpus, dir, 'schema-invalid');
  const bad = fs.existsSync(inv) ? fs.readdirSync(inv).filter((f) => f.endsWith('.xml')).map((f) => `${dir}/schema-invalid/${f}`) : [];
  return [...top, ...bad].sort();
};

describe.each(KINDS)('corpus/%s', (dir, _schema, parse, format) => {
  const files = filesOf(dir);

  test('the corpus is there (with its schema-invalid files)', () => {
    expect(files.filter((f) => !f.includes('/schema-invalid/')).length).toBeGreaterThanOrEqual(9);
    expect(files.some((f) => f.includes('/schema-invalid/'))).toBe(true);
  });

  test('every file, schema-invalid ones too: parse -> format keeps every element, attribute and text, in order', () => {
    const failures: string[] = [];
    for (const key of files) {
      const text = fs.readFileSync(path.join(corpus, key), 'utf8');
      let out: string;
      try {
        const obj = parse(text);
        if (EXCEPTIONS[key]) {
          expect(() => format(obj)).toThrow(EXCEPTIONS[key].error);
          out = format(obj, { validate: false });
        } else {
          out = format(obj);
        }
      } catch (e) {
        failures.push(`${key}: ${(e as Error).message}`);
        continue;
      }
      const d = firstDiff(canonDoc(text), canonDoc(out), '');
      if (d) failures.push(`${key}: ${d}`);
    }
    expect(failures).toEqual([]);
  });

  test('formatting is stable: format(parse(format(parse(x)))) equals format(parse(x))', () => {
    for (const key of files) {
      const once = format(parse(fs.readFileSync(path.join(corpus, key), 'utf8')), { validate: false });
      expect(format(parse(once), { validate: false })).toBe(once);
    }
  });

  test(`every formatted schema-valid file passes libvirt's ${_schema} schema`, () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xml-snapshot-'));
    try {
      const valid = files.filter((f) => !f.includes('/schema-invalid/'));
      const names = valid.map((key) => {
        const name = path.basename(key);
        fs.writeFileSync(path.join(tmp, name), format(parse(fs.readFileSync(path.join(corpus, key), 'utf8')), { validate: false }));
        return name;
      });
      const r = spawnSync('xmllint', ['--relaxng', `/usr/share/libvirt/schemas/${_schema}.rng`, '--noout', ...names], { cwd: tmp, encoding: 'utf8' });
      expect(r.stderr.split('\n').filter((l) => l.endsWith(' fails to validate'))).toEqual([]);
      expect(r.stderr.split('\n').filter((l) => l.endsWith(' validates'))).toHaveLength(names.length);
      expect(r.status).toBe(0);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('at least 95% of element and attribute paths land in typed fields', () => {
    const d = path.join(corpus, dir);
    const docs = fs.readdirSync(d).filter((f) => f.endsWith('.xml')).map((file) => ({ file, text: fs.readFileSync(path.join(d, file), 'utf8') }));
    // <metadata> of an embedded domain holds applications' own XML
    const c = typedCoverage(docs, parse, /\/metadata\//);
    expect(c.elementPct).toBeGreaterThanOrEqual(95);
    expect(c.attributePct).toBeGreaterThanOrEqual(95);
    expect(c.elementPaths).toBeGreaterThan(10);
  });
});

test('the list of files the checks refuse holds only documents libvirt refuses', () => {
  expect(Object.keys(EXCEPTIONS).sort()).toEqual([
    'checkpoint/schema-invalid/checkpoint-in--disk-invalid.xml',
    'checkpoint/schema-invalid/checkpoint-in--name-invalid.xml',
    'snapshot/snapshot-in--disk_snapshot.xml',
  ]);
});

test("without the remembered source order, formatting writes libvirt's element order (the -out files)", () => {
  const order = (c: ReturnType<typeof canonDoc> | string): unknown => (typeof c === 'string' ? c : [c.name, c.children.map(order)]);
  const mismatches: string[] = [];
  for (const [dir, , parse, format] of KINDS) {
    for (const key of filesOf(dir).filter((f) => /\/[a-z]+-out--/.test(f))) {
      const text = fs.readFileSync(path.join(corpus, key), 'utf8');
      const out = format(structuredClone(parse(text)), { validate: false });
      if (JSON.stringify(order(canonDoc(out))) !== JSON.stringify(order(canonDoc(text)))) mismatches.push(key);
    }
  }
  expect(mismatches).toEqual([]);
});

test('the parsed shape: names as in the XML, the embedded domain is the domain model, sizes are numbers', () => {
  const snap = xml.parseDomainSnapshot(fs.readFileSync(path.join(corpus, 'snapshot/snapshot-out--disk_snapshot_redefine.xml'), 'utf8'));
  expect(snap.state).toBe('disk-snapshot');
  expect(snap.parent).toEqual({ name: 'earlier_snap' });
  expect(snap.creationTime).toBe(1272917631);
  expect(snap.memory).toEqual({ snapshot: 'no' });
  expect(snap.disks?.disk?.[3]).toEqual({ name: 'hdd', snapshot: 'external', type: 'file', driver: { type: 'qed' }, source: { file: '/path/to/generated4' } });
  expect(snap.domain?.type).toBe('qemu');
  expect(snap.domain?.devices?.disk?.length).toBeGreaterThan(0);
  const old = xml.parseDomainSnapshot(fs.readFileSync(path.join(corpus, 'snapshot/snapshot-out--empty.xml'), 'utf8'));
  expect(old.domain).toEqual({ uuid: '9d37b878-a7cc-9f9a-b78f-49b3abad25a8' });
  const ck = xml.parseDomainCheckpoint(fs.readFileSync(path.join(corpus, 'checkpoint/checkpoint-out--size.xml'), 'utf8'));
  expect(ck.disks?.disk).toEqual([{ name: 'vda', checkpoint: 'bitmap', bitmap: 'c2', size: 1048576 }]);
  const bk = xml.parseDomainBackup(fs.readFileSync(path.join(corpus, 'backup/domainbackup-out--backup-pull-encrypted.xml'), 'utf8'));
  expect(bk.server).toEqual({ transport: 'tcp', tls: 'yes', name: 'localhost', port: 10809 });
  expect(bk.disks?.disk?.[0].scratch?.encryption?.secret?.[0].uuid).toBe('0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f');
  expect(() => xml.parseDomainSnapshot('<domaincheckpoint/>')).toThrow('expected root element <domainsnapshot>, found <domaincheckpoint>');
  expect(() => xml.parseDomainBackup('<domainsnapshot/>')).toThrow('expected root element <domainbackup>');
});

test('wrong shapes are refused with the field named, never a crash', () => {
  const bad: [() => string, string][] = [
    [() => xml.formatDomainSnapshot(null as unknown as DomainSnapshot), 'domainsnapshot: must be an object'],
    [() => xml.formatDomainSnapshot({ disks: { disk: 'vda' } } as unknown as DomainSnapshot), 'disks.disk: must be an array'],
    [() => xml.formatDomainSnapshot({ disks: { disk: [null] } } as unknown as DomainSnapshot), 'disks.disk[0]: must be an object'],
    [() => xml.formatDomainSnapshot({ memory: 'internal' } as unknown as DomainSnapshot), 'memory: must be an object'],
    [() => xml.formatDomainCheckpoint({ name: 7 } as unknown as DomainCheckpoint), 'name: must be letters'],
    [() => xml.formatDomainBackup({ mode: 'pull', server: { transport: 'unix' } }), "server.socket: is required with transport 'unix'"],
    [() => xml.formatDomainBackup({ server: [] } as unknown as DomainBackup), 'server: must be an object'],
    [() => xml.formatDomainSnapshot({ creationTime: 1.5 } as DomainSnapshot), 'creationTime: must be an integer'],
    [() => xml.formatDomainCheckpoint({ disks: { disk: [{ name: 'vda', size: -1 }] } }), 'disks.disk[0].size: must be a non-negative integer'],
  ];
  for (const [f, msg] of bad) expect(f).toThrow(msg);
  for (const [f] of bad) expect(f).toThrow(xml.XmlValidationError);
});

// ---------------------------------------------------------------------------
// the checks made before writing, each one against libvirt's answer for the same document

/** Refused by formatX (naming `field`), and by libvirt when sent anyway. */
interface Rule<T> {
  rule: string;
  doc: T;
  field: string;
  libvirt: RegExp;
}

function expectRefused<T>(format: (d: T, o?: { validate?: boolean }) => string, r: Rule<T>): string {
  let err: unknown;
  try {
    format(r.doc);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(xml.XmlValidationError);
  expect((err as XmlValidationError).message.startsWith(r.field + ':')).toBe(true);
  return format(r.doc, { validate: false });
}
async function libvirtRefuses(p: Promise<unknown>, re: RegExp): Promise<void> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(LibvirtError);
  expect((err as Error).message).toMatch(re);
}

/** A test-driver guest with two file disks. */
function testDriverGuest(name: string): Domain {
  return {
    type: 'test',
    name,
    memory: { unit: 'MiB', value: 64 },
    os: { type: { value: 'hvm' } },
    devices: {
      disk: [
        { type: 'file', device: 'disk', source: { file: `/guest/${name}-a.img` }, target: { dev: 'vda', bus: 'virtio' } },
        { type: 'file', device: 'disk', source: { file: `/guest/${name}-b.img` }, target: { dev: 'vdb', bus: 'virtio' } },
      ],
    },
  };
}

describe('test:///default', () => {
  let conn: Connection;
  const made: Dom[] = [];
  async function guest(tag: string): Promise<Dom> {
    const dom = await conn.defineXML(xml.formatDomain(testDriverGuest(uniqueName(tag))));
    made.push(dom);
    await dom.create();
    return dom;
  }
  beforeAll(async () => {
    conn = await open(TEST_URI);
  });
  afterAll(async () => {
    for (const d of made) {
      try {
        await d.destroy();
      } catch {
        /* not running */
      }
      await d.undefineFlags(C.VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA);
    }
    await conn.close();
  });

  const snapRules: Rule<DomainSnapshot>[] = [
    { rule: 'a disk that names no target', doc: { name: 's', disks: { disk: [{ snapshot: 'no' }] } }, field: 'disks.disk[0].name', libvirt: /missing name from disk snapshot element/ },
    { rule: 'a disk named twice', doc: { name: 's', disks: { disk: [{ name: 'vda', snapshot: 'internal' }, { name: 'vda', snapshot: 'internal' }] } }, field: 'disks.disk[1].name', libvirt: /vda.*(twice|more than once)|too many disk snapshot requests/ },
    { rule: 'a disk snapshot= outside no/internal/external/manual', doc: { name: 's', disks: { disk: [{ name: 'vda', snapshot: 'bogus' }] } }, field: 'disks.disk[0].snapshot', libvirt: /Invalid value for attribute 'snapshot'.*'bogus'/ },
    { rule: 'a disk type outside file/block/network', doc: { name: 's', disks: { disk: [{ name: 'vda', type: 'dir' }] } }, field: 'disks.disk[0].type', libvirt: /unsupported disk snapshot type 'dir'/ },
    { rule: 'a relative image path', doc: { name: 's', disks: { disk: [{ name: 'vda', snapshot: 'external', source: { file: 'rel.qcow2' } }] } }, field: 'disks.disk[0].source.file', libvirt: /must be absolute/ },
    { rule: "memory snapshot 'manual'", doc: { name: 's', memory: { snapshot: 'manual' } }, field: 'memory.snapshot', libvirt: /'manual' memory snapshot mode not supported/ },
    { rule: 'a memory file without an external memory snapshot', doc: { name: 's', memory: { snapshot: 'internal', file: '/m.img' } }, field: 'memory.file', libvirt: /requires external snapshot/ },
    { rule: 'an external memory snapshot without a file', doc: { name: 's', memory: { snapshot: 'external' } }, field: 'memory.file', libvirt: /external memory snapshots require a filename/ },
    { rule: 'a relative memory file', doc: { name: 's', memory: { snapshot: 'external', file: 'mem.img' } }, field: 'memory.file', libvirt: /must be absolute/ },
  ];
  test.each(snapRules.map((r) => [r.rule, r] as const))('snapshot: %s is refused, as libvirt does', async (_n, r) => {
    const dom = await guest('snaprule');
    const text = expectRefused(xml.formatDomainSnapshot, r);
    await libvirtRefuses(dom.snapshotCreateXML(text), r.libvirt);
    // the same domain takes a valid snapshot: the refusal was about the rule
    const ok = await dom.snapshotCreateXML(xml.formatDomainSnapshot({ name: 'fine' }));
    expect(xml.parseDomainSnapshot(await ok.getXMLDesc()).name).toBe('fine');
  });

  const ckRules: Rule<DomainCheckpoint>[] = [
    { rule: 'a disk that names no target', doc: { name: 'c', disks: { disk: [{ checkpoint: 'no' }] } }, field: 'disks.disk[0].name', libvirt: /failed to validate against schema/ },
    { rule: 'a disk named twice', doc: { name: 'c', disks: { disk: [{ name: 'vda' }, { name: 'vda' }] } }, field: 'disks.disk[1].name', libvirt: /vda.*(twice|more than once)|too many disk checkpoint requests/ },
    { rule: 'a disk checkpoint= outside no/bitmap', doc: { name: 'c', disks: { disk: [{ name: 'vda', checkpoint: 'full' }] } }, field: 'disks.disk[0].checkpoint', libvirt: /failed to validate against schema/ },
    { rule: "a bitmap name with checkpoint 'no'", doc: { name: 'c', disks: { disk: [{ name: 'vda', checkpoint: 'no', bitmap: 'b' }] } }, field: 'disks.disk[0].bitmap', libvirt: /failed to validate against schema/ },
    { rule: "a name with '/'", doc: { name: 'a/b' }, field: 'name', libvirt: /failed to validate against schema/ },
    { rule: "a name starting with '.'", doc: { name: '.hidden' }, field: 'name', libvirt: /failed to validate against schema/ },
  ];
  test.each(ckRules.map((r) => [r.rule, r] as const))('checkpoint: %s is refused, as libvirt does', async (_n, r) => {
    const dom = await guest('ckrule');
    const text = expectRefused(xml.formatDomainCheckpoint, r);
    await libvirtRefuses(dom.checkpointCreateXML(text), r.libvirt);
    const ok = await dom.checkpointCreateXML(xml.formatDomainCheckpoint({ name: 'fine' }));
    expect(xml.parseDomainCheckpoint(await ok.getXMLDesc()).name).toBe('fine');
  });

  test('live: a snapshot built with the typed model is created and read back', async () => {
    const dom = await guest('snap');
    const def: DomainSnapshot = {
      name: 'before-upgrade',
      description: 'state before <the> upgrade & reboot',
      memory: { snapshot: 'internal' },
      disks: { disk: [{ name: 'vda', snapshot: 'internal' }, { name: 'vdb', snapshot: 'internal' }] },
    };
    const snap = await dom.snapshotCreateXML(xml.formatDomainSnapshot(def));
    const back = xml.parseDomainSnapshot(await snap.getXMLDesc());
    expect(back.name).toBe(def.name);
    expect(back.description).toBe(def.description);
    expect(back.memory).toEqual({ snapshot: 'internal' });
    expect(back.disks?.disk).toEqual(def.disks?.disk);
    expect(back.state).toBe('running');
    expect(typeof back.creationTime).toBe('number');
    expect(back.domain?.name).toBe(dom.name());
    expect(back.domain?.devices?.disk?.map((d) => d.target?.dev)).toEqual(['vda', 'vdb']);
    expect(xml.unknownContent(back)).toEqual({ elements: [], attributes: [] });
    // a child snapshot names its parent
    const child = await dom.snapshotCreateXML(xml.formatDomainSnapshot({ name: 'after-upgrade' }));
    expect(xml.parseDomainSnapshot(await child.getXMLDesc()).parent).toEqual({ name: 'before-upgrade' });
  });

  test('live: a checkpoint built with the typed model is created and read back', async () => {
    const dom = await guest('ckpt');
    const def: DomainCheckpoint = {
      name: 'nightly-1',
      description: 'first nightly',
      disks: { disk: [{ name: 'vda', checkpoint: 'bitmap', bitmap: 'nightly-1-vda' }, { name: 'vdb', checkpoint: 'no' }] },
    };
    const ck = await dom.checkpointCreateXML(xml.formatDomainCheckpoint(def));
    const back = xml.parseDomainCheckpoint(await ck.getXMLDesc());
    expect(back.name).toBe(def.name);
    expect(back.description).toBe(def.description);
    expect(back.disks?.disk).toEqual(def.disks?.disk);
    expect(typeof back.creationTime).toBe('number');
    expect(back.domain?.name).toBe(dom.name());
    expect(xml.unknownContent(back)).toEqual({ elements: [], attributes: [] });
    const next = await dom.checkpointCreateXML(xml.formatDomainCheckpoint({ name: 'nightly-2' }));
    expect(xml.parseDomainCheckpoint(await next.getXMLDesc()).parent).toEqual({ name: 'nightly-1' });
  });
});

// Backups need qemu: the test driver has no backupBegin.  A guest with a qcow2 disk runs
// (under TCG or KVM: no OS is needed, the job works on the disk image).
describe('qemu:///system backups', () => {
  let conn: Connection | null = null;
  let dir = '';
  let dom: Dom | null = null;

  beforeAll(async () => {
    conn = await openSystem();
    if (!conn) return;
    // 0777: the NBD socket of a pull backup is made by qemu's own user
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-xml-backup-'));
    fs.chmodSync(dir, 0o777);
    const img = path.join(dir, 'vda.qcow2');
    const r = spawnSync('qemu-img', ['create', '-q', '-f', 'qcow2', img, '16M'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`qemu-img create failed: ${r.stderr}`);
    const def: Domain = {
      type: await x86DomainType(conn),
      name: uniqueName('backup'),
      memory: { unit: 'MiB', value: 64 },
      os: { type: { arch: 'x86_64', value: 'hvm' } },
      devices: { disk: [{ type: 'file', device: 'disk', driver: { name: 'qemu', type: 'qcow2' }, source: { file: img }, target: { dev: 'vda', bus: 'virtio' } }] },
    };
    dom = await conn.defineXML(xml.formatDomain(def));
  });
  afterAll(async () => {
    try {
      if (dom && (await dom.isActive())) {
        try {
          await dom.abortJob();
        } catch {
          /* no job */
        }
      }
      await cleanupDomains(conn);
      if (conn) await conn.close();
    } finally {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  const system = (): { conn: Connection; dom: Dom } => {
    if (!conn || !dom) {
      if (IN_CI) throw new Error('qemu:///system is not reachable');
      throw new Error('skipped: no qemu:///system');
    }
    return { conn, dom };
  };

  const rules = (): Rule<DomainBackup>[] => [
    { rule: 'a disk that names no target', doc: { disks: { disk: [{ type: 'file', target: { file: `${dir}/a.bak` } }] } }, field: 'disks.disk[0].name', libvirt: /failed to validate against schema/ },
    { rule: 'a mode outside push/pull', doc: { mode: 'copy' }, field: 'mode', libvirt: /failed to validate against schema/ },
    { rule: 'a disk type outside file/block', doc: { disks: { disk: [{ name: 'vda', type: 'network' }] } }, field: 'disks.disk[0].type', libvirt: /failed to validate against schema/ },
    { rule: 'a relative target path', doc: { disks: { disk: [{ name: 'vda', type: 'file', target: { file: 'vda.bak' } }] } }, field: 'disks.disk[0].target.file', libvirt: /failed to validate against schema/ },
    { rule: 'a server in a push backup', doc: { mode: 'push', server: { name: 'localhost', port: 10809 } }, field: 'server', libvirt: /failed to validate against schema/ },
    { rule: 'a target in a pull backup (it takes a scratch image)', doc: { mode: 'pull', server: { transport: 'unix', socket: `${dir}/s.sock` }, disks: { disk: [{ name: 'vda', type: 'file', target: { file: `${dir}/a.bak` } }] } }, field: 'disks.disk[0].target', libvirt: /failed to validate against schema/ },
    { rule: 'a server transport outside tcp/unix', doc: { mode: 'pull', server: { transport: 'rdma', name: 'localhost' } }, field: 'server.transport', libvirt: /failed to validate against schema/ },
    { rule: 'a relative unix socket path', doc: { mode: 'pull', server: { transport: 'unix', socket: 'nbd.sock' } }, field: 'server.socket', libvirt: /failed to validate against schema/ },
  ];
  test.each(rules().map((r, n) => [r.rule, n] as const))('backup: %s is refused, as libvirt does', async (_n, n) => {
    const { dom } = system();
    const r = rules()[n];
    const text = expectRefused(xml.formatDomainBackup, r);
    await libvirtRefuses(dom.backupBegin(text), r.libvirt);
    // a valid document gets past the parser to the next check (the guest is not running)
    await libvirtRefuses(dom.backupBegin(xml.formatDomainBackup({ disks: { disk: [{ name: 'vda', type: 'file', target: { file: `${dir}/ok.bak` } }] } })), /inactive domain/);
  });

  test('live: a pull backup built with the typed model runs, and its XML reads back', async () => {
    const { dom } = system();
    if (!(await dom.isActive())) await dom.create();
    const def: DomainBackup = {
      mode: 'pull',
      server: { transport: 'unix', socket: path.join(dir, 'nbd.sock') },
      disks: { disk: [{ name: 'vda', type: 'file', exportname: 'vda-export', driver: { type: 'qcow2' }, scratch: { file: path.join(dir, 'scratch.qcow2') } }] },
    };
    await dom.backupBegin(xml.formatDomainBackup(def));
    try {
      const back = xml.parseDomainBackup(await dom.backupGetXMLDesc());
      expect(back.mode).toBe('pull');
      expect(back.server).toEqual(def.server);
      const disk = back.disks?.disk?.[0];
      expect(disk).toMatchObject({ name: 'vda', type: 'file', backup: 'yes', backupmode: 'full', exportname: 'vda-export', driver: { type: 'qcow2' }, scratch: { file: path.join(dir, 'scratch.qcow2') } });
      expect(xml.unknownContent(back)).toEqual({ elements: [], attributes: [] });
    } finally {
      await dom.abortJob();
    }
  });

  test('live: an external disk-only snapshot built with the typed model is created and read back', async () => {
    const { conn } = system();
    // a guest of its own, never started: qemu-img makes the overlay of an inactive guest
    const img = path.join(dir, 'ext.qcow2');
    const r = spawnSync('qemu-img', ['create', '-q', '-f', 'qcow2', img, '16M'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`qemu-img create failed: ${r.stderr}`);
    const g = await conn.defineXML(xml.formatDomain({
      type: await x86DomainType(conn),
      name: uniqueName('extsnap'),
      memory: { unit: 'MiB', value: 64 },
      os: { type: { arch: 'x86_64', value: 'hvm' } },
      devices: { disk: [{ type: 'file', device: 'disk', driver: { name: 'qemu', type: 'qcow2' }, source: { file: img }, target: { dev: 'vda', bus: 'virtio' } }] },
    }));
    const def: DomainSnapshot = {
      name: 'ext-1',
      description: 'overlay before changes',
      disks: { disk: [{ name: 'vda', snapshot: 'external', type: 'file', driver: { type: 'qcow2' }, source: { file: path.join(dir, 'ext.overlay.qcow2') } }] },
    };
    const snap = await g.snapshotCreateXML(xml.formatDomainSnapshot(def), C.VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY);
    const back = xml.parseDomainSnapshot(await snap.getXMLDesc());
    expect(back.name).toBe(def.name);
    expect(back.description).toBe(def.description);
    expect(back.state).toBe('shutoff'); // the guest's state when the snapshot was taken
    expect(back.memory).toEqual({ snapshot: 'no' });
    expect(back.disks?.disk).toEqual(def.disks?.disk);
    expect(back.domain?.name).toBe(g.name());
    expect(xml.unknownContent(back)).toEqual({ elements: [], attributes: [] });
    // the domain now runs on the overlay
    const now = xml.parseDomain(await g.XMLDesc(0));
    const disk = now.devices?.disk?.[0];
    expect(disk?.type === 'file' ? disk.source?.file : undefined).toBe(path.join(dir, 'ext.overlay.qcow2'));
  });

  test('backup: a disk named twice is refused, as libvirt does (checked on the running guest)', async () => {
    const { dom } = system();
    if (!(await dom.isActive())) await dom.create();
    const r: Rule<DomainBackup> = {
      rule: 'a disk named twice',
      doc: { disks: { disk: [{ name: 'vda', type: 'file', target: { file: `${dir}/a.bak` } }, { name: 'vda', type: 'file', target: { file: `${dir}/b.bak` } }] } },
      field: 'disks.disk[1].name',
      libvirt: /disk 'vda' specified twice/,
    };
    const text = expectRefused(xml.formatDomainBackup, r);
    await libvirtRefuses(dom.backupBegin(text), r.libvirt);
  });
});
