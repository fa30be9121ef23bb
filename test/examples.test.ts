// examples/: each program type-checks under strict TypeScript as a user's project
// would see the package (module nodenext, no skipLibCheck), runs, and prints what
// the host says; and every code sample of README.md and docs/*.md is taken from one
// of them, so the docs cannot drift from code that runs.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFile, execFileSync } from 'child_process';
import { open, VIR_CONNECT_LIST_DOMAINS_ACTIVE } from '../src';
import type { Connection } from '../src';
import { IN_CI, SYSTEM_URI, TEST_URI, saslUser } from './helpers/libvirt';

jest.setTimeout(240_000);

const ROOT = path.resolve(__dirname, '..');
const EXAMPLES = path.join(ROOT, 'examples');
// Files another part of the project adds and tests itself (the CLI and guest spec docs).
const OWN_TESTS = /^(guest-spec|guest-ready|cli-)/;

let work = '';
let out = '';
let tscOutput = '';
let tscStatus = 0;

beforeAll(() => {
  // A throw-away project whose node_modules/libvirt-napi is this package, as after `npm install libvirt-napi`.
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-examples-'));
  out = path.join(work, 'out');
  fs.mkdirSync(path.join(work, 'node_modules'));
  fs.symlinkSync(ROOT, path.join(work, 'node_modules', 'libvirt-napi'), 'dir');
  try {
    tscOutput = execFileSync(process.execPath, [
      require.resolve('typescript/bin/tsc'), '-p', path.join(EXAMPLES, 'tsconfig.json'),
      '--noEmit', 'false', '--outDir', out, '--strict', '--pretty', 'false',
    ], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    tscStatus = err.status;
    tscOutput = err.stdout + err.stderr;
  }
}, 300_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const exampleFiles = () => fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.ts')).sort();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  lines: string[];
  pid: number;
}
/** Runs a compiled example with the given URI (and environment); resolves its exit and output. */
function run(name: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [path.join(out, `${name}.js`), ...args],
      { cwd: work, env: { ...process.env, ...env }, timeout: timeoutMs, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: unknown }).code as number | null) ?? 1 : 0;
        resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr, lines: stdout.split('\n').filter(Boolean), pid: child.pid ?? -1 });
      });
  });
}
function ok(r: Run): void {
  if (r.code !== 0) throw new Error(`example exited ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  expect(r.stderr).toBe('');
}

/** Removes what an example run may have left on a shared daemon (it cleans up itself; this is for its failures). */
async function cleanup(conn: Connection, pid: number): Promise<void> {
  const prefix = `lvn-example-${pid}-`;
  for (const d of await conn.listAllDomains()) {
    if (!d.name().startsWith(prefix)) continue;
    if (await d.isActive().catch(() => false)) await d.destroy().catch(() => undefined);
    if (await d.isPersistent().catch(() => false)) await d.undefine().catch(() => undefined);
  }
  for (const p of await conn.listAllStoragePools()) {
    if (!p.name().startsWith(prefix)) continue;
    for (const v of await p.listAllVolumes().catch(() => [])) await v.delete(0).catch(() => undefined);
    if (await p.isActive().catch(() => false)) await p.destroy().catch(() => undefined);
  }
}

/** The domain types the capabilities offer for hvm guests of `arch`. */
function domainTypes(capsXml: string, arch: string): string[] {
  const types: string[] = [];
  for (const g of capsXml.split('<guest>').slice(1)) {
    if (!/<os_type>hvm<\/os_type>/.test(g) || !new RegExp(`<arch name='${arch}'>`).test(g)) continue;
    for (const m of g.matchAll(/<domain type='([^']+)'/g)) if (!types.includes(m[1])) types.push(m[1]);
  }
  return types;
}
const preferKvm = (types: string[]) => (types.includes('kvm') ? 'kvm' : types[0]);

async function gone(conn: Connection, name: string): Promise<boolean> {
  return conn.lookupByName(name).then((d) => (d.free(), false), (e: { codeName?: string }) => e.codeName === 'VIR_ERR_NO_DOMAIN');
}

describe('examples type-check', () => {
  test('examples/tsconfig.json is strict, nodenext and checks libraries', () => {
    const cfg = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'tsconfig.json'), 'utf8')).compilerOptions;
    expect(cfg.strict).toBe(true);
    expect(cfg.module).toBe('nodenext');
    expect(cfg.skipLibCheck).toBeUndefined();
  });
  test('every example compiles with tsc (strict, libvirt-napi resolved as an installed package)', () => {
    expect(tscOutput.trim()).toBe('');
    expect(tscStatus).toBe(0);
    for (const f of exampleFiles()) expect(fs.existsSync(path.join(out, f.replace(/\.ts$/, '.js')))).toBe(true);
  });
});

// Each example with the URI it runs on and what its output must show.
const CHECKED = ['lifecycle', 'xml-edit', 'xml-build', 'xml-snapshot', 'xml-network', 'xml-storage', 'xml-devices-filters', 'events', 'errors', 'host-and-stats', 'console', 'volume-upload', 'guest-builder', 'cpu-baseline', 'remote-auth', 'testing', 'reconnect', 'fleet', 'guest-up'];
test('every example is run by this file', () => {
  const names = exampleFiles().filter((f) => !OWN_TESTS.test(f)).map((f) => f.replace(/\.ts$/, ''));
  expect(names.filter((n) => !CHECKED.includes(n))).toEqual([]);
  expect(CHECKED.filter((n) => !names.includes(n))).toEqual([]);
});

describe('examples on test:///default', () => {
  let testCaps = '';
  beforeAll(async () => {
    const c = await open(TEST_URI);
    testCaps = await c.getCapabilities();
    await c.close();
  });

  test('lifecycle: define, start, pause, info, XML, destroy, undefine', async () => {
    const r = await run('lifecycle', [TEST_URI]);
    ok(r);
    const name = `lvn-example-${r.pid}-lifecycle`;
    expect(r.lines[0]).toMatch(new RegExp(`^defined ${name} \\(type ${preferKvm(domainTypes(testCaps, 'i686'))}, UUID [0-9a-f-]{36}\\)$`));
    expect(r.lines.slice(1)).toEqual([
      'state: paused',
      'info: state running, 65536 KiB, 1 vCPU',
      expect.stringMatching(new RegExp(`^XML: \\d+ lines, name ${name}$`)),
      'after destroy: shut off',
      `undefined ${name}`,
      'close: 0',
    ]);
  });

  test('xml-edit: typed edit and redefine, validation and parse errors', async () => {
    const r = await run('xml-edit', [TEST_URI]);
    ok(r);
    const arches = [...new Set([...testCaps.matchAll(/<arch name='([^']+)'>/g)].map((m) => m[1]))].sort();
    expect(r.lines).toEqual([
      `guest arches: ${arches.join(', ')}`,
      'before: memory 65536 KiB, vcpus 1',
      'after: memory 262144 KiB, vcpus 2',
      'description: resized by xml-edit <example> & co',
      'untyped: 0 element(s), 0 attribute(s)',
      'refused: name: must not contain \'/\' (got "a/b")',
      'parse error: end tag </nam> does not match <name> at line 2, column 10',
    ]);
  });

  test('xml-build: a typed definition is formatted, defined and read back', async () => {
    const r = await run('xml-build', [TEST_URI]);
    ok(r);
    expect(r.lines).toEqual([
      '<domain type="test">',
      `  <name>lvn-example-${r.pid}-built</name>`,
      '  <memory unit="GiB">2</memory>',
      '  <vcpu>2</vcpu>',
      'memory: 2097152 KiB',
      'disk: /var/lib/libvirt/images/web1.qcow2 as vda',
      'nic: 52:54:00:12:34:56 on network default',
      'bigint memory: 18446744073709551615 (bigint)',
    ]);
  });

  test('xml-snapshot: a typed snapshot and checkpoint are created and read back, a disk without a name is refused', async () => {
    const r = await run('xml-snapshot', [TEST_URI]);
    ok(r);
    expect(r.lines).toEqual([
      `snapshot before-upgrade: state running, memory internal, domain lvn-example-${r.pid}-snap`,
      'checkpoint nightly-1: vda bitmap',
      'refused: disks.disk[0].name: is required: the target (vda) or source path of the disk (got undefined)',
    ]);
  });

  test('xml-network: a typed network and host interface are defined and read back; a bad DHCP range is refused', async () => {
    const r = await run('xml-network', [TEST_URI]);
    ok(r);
    expect(r.lines).toEqual([
      `network lvn-example-${r.pid}-net: bridge virbr-lvn, forward nat`,
      'dhcp: 192.168.150.100 - 192.168.150.199, 1 static host(s)',
      'interface bond7: active-backup, members eth7, eth8',
      'refused: ip[0].dhcp.range[0].start: must be within the network 192.168.150.1/24 (got "192.168.151.1")',
    ]);
  });

  test('xml-storage: a typed overlay volume is created and read back, a secret formatted, a volume without size refused', async () => {
    const r = await run('xml-storage', [TEST_URI]);
    ok(r);
    const c = await open(TEST_URI);
    try {
      const dir = /<path>([^<]*)<\/path>/.exec(await (await c.storagePoolLookupByName('default-pool')).XMLDesc(0))![1];
      expect(r.lines).toEqual([
        `overlay: lvn-example-${r.pid}-overlay.qcow2, 1073741824 bytes, qcow2`,
        `backing store: ${dir}/lvn-example-${r.pid}-base.qcow2 (qcow2)`,
        '<secret ephemeral="no" private="yes">   <usage type="ceph">',
        'refused: capacity: is required (unless backingStore.path gives it) (got undefined)',
      ]);
    } finally {
      await c.close();
    }
  });

  test('testing: a test hypervisor as specified, and a scope that leaves nothing', async () => {
    const r = await run('testing', []);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe('cpus 4, domains web');
    expect(r.lines[1]).toMatch(new RegExp(`^made lvtest-${r.pid}-\\d+-[0-9a-f]{6}t[0-9a-z]+-lan$`));
    expect(r.lines[2]).toBe('networks left: 0');
  });

  test('events: the iterable and the callback see the same lifecycle, and the abort ends the loop', async () => {
    const r = await run('events', [TEST_URI], {}, 60_000);
    ok(r);
    const seq = ['defined', 'started', 'suspended', 'resumed', 'stopped', 'undefined'];
    expect(r.lines.filter((l) => l.startsWith('event: '))).toEqual(seq.map((s) => `event: ${s}`));
    expect(r.lines.filter((l) => l.startsWith('callback: ')).map((l) => l.replace(/ \(detail \d+\)$/, ''))).toEqual(seq.map((s) => `callback: ${s}`));
    expect(r.lines[r.lines.length - 1]).toBe('events: iteration ended');
  });

  test('reconnect: a reconnecting connection tracks the running domains and reports its close', async () => {
    const r = await run('reconnect', [TEST_URI]);
    ok(r);
    const c = await open(TEST_URI);
    try {
      const doms = await c.listAllDomains();
      const running: string[] = [];
      for (const d of doms) if ((await d.state())[0] === 1) running.push(d.name());
      const [state] = await doms[0].info();
      expect(r.lines).toEqual([`${doms[0].name()}: ${state === 5 ? 'shut off' : `state ${state}`}`, `running: ${running.sort().join(', ')}`, 'connection: closed']);
    } finally {
      await c.close();
    }
  });

  test('host-and-stats: host, domains, stats and typed parameters as the driver reports them', async () => {
    const r = await run('host-and-stats', [TEST_URI]);
    ok(r);
    const c = await open(TEST_URI);
    try {
      const node = await c.getInfo();
      const running = (await c.listAllDomains(VIR_CONNECT_LIST_DOMAINS_ACTIVE)).map((d) => d.name()).sort();
      expect(r.lines).toEqual([
        `host: ${node.cpus} CPUs (${node.model}), ${node.memory} MiB`,
        `libvirt ${await c.getLibVersion()}, driver ${await c.getType()}`,
        `running domains: ${running.join(', ')}`,
        ...running.map((n) => `stats ${n}: state 1, cpu.time n/a`),
        'memory parameters: hard_limit 1048576, soft_limit 524288 (bigint)',
      ]);
    } finally {
      await c.close();
    }
  });

  test('errors: LibvirtError, TypeError, XmlError and the binding error after close', async () => {
    const r = await run('errors', [TEST_URI]);
    ok(r);
    expect(r.lines).toEqual([
      'LibvirtError: VIR_ERR_NO_DOMAIN VIR_FROM_TEST no-domain=true',
      expect.stringMatching(/^ {2}message: .*not found/i),
      'TypeError: Expected string for name but received number 42',
      'defineXML(\'<domain/>\'): VIR_ERR_NO_NAME',
      expect.stringMatching(/^XmlError at line 1, column \d+$/),
      'close: 0',
      expect.stringMatching(/^after close: ERR_LIBVIRT_CLOSED \(.+\)$/),
    ]);
  });
});

describe('examples on qemu:///system', () => {
  let conn: Connection | null = null;
  let caps = '';
  let arch = '';
  let virtType = '';
  const pids: number[] = [];

  beforeAll(async () => {
    try {
      conn = await open(SYSTEM_URI);
    } catch (e) {
      if (IN_CI) throw new Error(`CI=true but ${SYSTEM_URI} cannot be reached: ${(e as Error).message}`);
      console.warn(`SKIPPED qemu:///system examples: ${SYSTEM_URI} not reachable (${(e as Error).message})`);
      return;
    }
    caps = await conn.getCapabilities();
    arch = /<host>[\s\S]*?<arch>([^<]+)<\/arch>/.exec(caps)![1];
    virtType = preferKvm(domainTypes(caps, arch));
  });
  afterAll(async () => {
    if (!conn) return;
    for (const pid of pids) await cleanup(conn, pid);
    await conn.close();
  });
  const runHere = async (name: string, args: string[], env?: NodeJS.ProcessEnv): Promise<Run> => {
    const r = await run(name, args, env);
    pids.push(r.pid);
    return r;
  };

  test('lifecycle on a real hypervisor, with the domain type the host offers', async () => {
    if (!conn) return;
    const r = await runHere('lifecycle', [SYSTEM_URI]);
    ok(r);
    const name = `lvn-example-${r.pid}-lifecycle`;
    expect(r.lines[0]).toMatch(new RegExp(`^defined ${name} \\(type ${virtType}, `));
    expect(r.lines).toContain('info: state running, 65536 KiB, 1 vCPU');
    expect(r.lines[r.lines.length - 1]).toBe('close: 0');
    expect(await gone(conn, name)).toBe(true);
  });

  test('host-and-stats on a real hypervisor: the same host and domains as this connection sees', async () => {
    if (!conn) return;
    const r = await runHere('host-and-stats', [SYSTEM_URI]);
    ok(r);
    const node = await conn.getInfo();
    expect(r.lines[0]).toBe(`host: ${node.cpus} CPUs (${node.model}), ${node.memory} MiB`);
    expect(r.lines[1]).toBe(`libvirt ${await conn.getLibVersion()}, driver ${await conn.getType()}`);
    expect(r.lines[2]).toMatch(/^running domains: /);
  });

  test('events on a real hypervisor: the lifecycle in order, then the loop ends', async () => {
    if (!conn) return;
    const r = await runHere('events', [SYSTEM_URI]);
    ok(r);
    const seen = r.lines.filter((l) => l.startsWith('event: ')).map((l) => l.slice(7));
    // QEMU adds events of its own (a resume after the start, a shutdown before the stop): the order is checked
    let at = -1;
    for (const s of ['defined', 'started', 'suspended', 'resumed', 'stopped', 'undefined']) {
      const next = seen.indexOf(s, at + 1);
      if (next < 0) throw new Error(`no '${s}' event after position ${at} in ${seen.join(', ')}`);
      at = next;
    }
    expect(r.lines[r.lines.length - 1]).toBe('events: iteration ended');
  });

  test('console: the serial console stream shows the BIOS banner', async () => {
    if (!conn) return;
    const r = await runHere('console', [SYSTEM_URI]);
    ok(r);
    const name = `lvn-example-${r.pid}-console`;
    expect(r.lines).toEqual([
      `started ${name} paused (type ${preferKvm(domainTypes(caps, 'x86_64'))})`,
      expect.stringMatching(/^console: .*SeaBIOS/),
      `destroyed ${name}`,
    ]);
    expect(await gone(conn, name)).toBe(true);
  });

  test('volume-upload: what is uploaded is downloaded, and the pool is gone afterwards', async () => {
    if (!conn) return;
    const r = await runHere('volume-upload', [SYSTEM_URI]);
    ok(r);
    const up = /^uploaded (\d+) bytes, sha256 ([0-9a-f]{64})$/.exec(r.lines[0]);
    const down = /^downloaded (\d+) bytes, sha256 ([0-9a-f]{64})$/.exec(r.lines[1]);
    expect(up && down).toBeTruthy();
    expect(down![1]).toBe(up![1]);
    expect(down![2]).toBe(up![2]);
    expect(r.lines[2]).toBe(`raw download: ${up![1]} bytes`);
    const vol = /^volume data\.img: capacity (\d+) bytes, path (\/.+)$/.exec(r.lines[3]);
    expect(vol![1]).toBe(up![1]);
    expect(fs.existsSync(path.dirname(vol![2]))).toBe(false);
    const pools = (await conn.listAllStoragePools()).map((p) => p.name());
    expect(pools.filter((p) => p.startsWith(`lvn-example-${r.pid}-`))).toEqual([]);
  });

  test('guest-up: an overlay and a seed made, the guest up, then down with exactly those volumes gone', async () => {
    if (!conn) return;
    const r = await runHere('guest-up', [SYSTEM_URI]);
    ok(r);
    const name = `lvn-example-${r.pid}-vm`;
    const type = preferKvm(domainTypes(caps, arch));
    expect(r.lines.filter((l) => l.startsWith('step: '))).toEqual(['reading host capabilities', 'building', 'preparing pool', 'creating overlay', 'making cloud-init seed', 'defining', 'starting', 'waiting for running', 'ready'].map((s) => `step: ${s}`));
    expect(r.lines).toContainEqual(expect.stringMatching(new RegExp(`^up: ${name} \\(${type}, \\S+\\)$`)));
    expect(r.lines).toContain(`volume: ${name}-disk0.qcow2 (overlay, qcow2)`);
    expect(r.lines).toContainEqual(expect.stringMatching(new RegExp(`^volume: ${name}-cidata\\.iso \\(seed, (iso|raw)\\)$`)));
    expect(r.lines.slice(-2)).toEqual(['down: destroyed true, undefined true, 2 volumes deleted', 'left in the pool: base.qcow2']);
    expect(await gone(conn, name)).toBe(true);
    const pools = (await conn.listAllStoragePools()).map((p) => p.name());
    expect(pools.filter((p) => p.startsWith(`lvn-example-${r.pid}-`))).toEqual([]);
  }, 180_000);

  test('guest-builder: machine, domain type and refusal as the host reports them', async () => {
    if (!conn) return;
    const r = await runHere('guest-builder', [SYSTEM_URI]);
    ok(r);
    const name = `lvn-example-${r.pid}-guest`;
    const q35 = new RegExp(`<machine[^>]*canonical='([^']+)'[^>]*>q35</machine>`).exec(caps)![1];
    expect(r.lines[0]).toMatch(new RegExp(`^q35 is ${q35}; \\d+ machine types for ${arch}$`));
    expect(r.lines[1]).toMatch(new RegExp(`^defined ${name}: type ${virtType}, machine ${q35}, [1-9]\\d* PCIe root ports$`));
    expect(r.lines.slice(2)).toEqual([
      'running: true',
      `undefined ${name}`,
      expect.stringMatching(/^refused: disks\[0\]\.bus: is not available: .*IDE/),
    ]);
    expect(await gone(conn, name)).toBe(true);
  });

  test('cpu-baseline: the same answers as virsh on this host', async () => {
    if (!conn) return;
    const r = await runHere('cpu-baseline', [SYSTEM_URI]);
    ok(r);
    // libvirt's own client, same inputs: domain capabilities' host-model CPU, migratable baseline
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-examples-cpu-'));
    try {
      const virsh = (...a: string[]) => execFileSync('virsh', ['-c', SYSTEM_URI, ...a], { encoding: 'utf8' });
      const target = ['--virttype', virtType, '--arch', arch];
      fs.writeFileSync(path.join(dir, 'domcaps.xml'), virsh('domcapabilities', ...target));
      const baseline = virsh('hypervisor-cpu-baseline', path.join(dir, 'domcaps.xml'), ...target, '--migratable');
      fs.writeFileSync(path.join(dir, 'baseline.xml'), baseline);
      fs.writeFileSync(path.join(dir, 'qemu64.xml'), '<cpu><model>qemu64</model></cpu>');
      const verdict = (file: string) => {
        const text = virsh('hypervisor-cpu-compare', path.join(dir, file), ...target);
        return /identical/.test(text) ? 'identical' : /superset/.test(text) ? 'superset' : 'incompatible';
      };
      const model = /<model[^>]*>([^<]+)<\/model>/.exec(baseline)![1];
      const features = (baseline.match(/<feature /g) ?? []).length;
      const hostModel = /<mode name='host-model' supported='yes'>\s*<model[^>]*>([^<]+)</.exec(fs.readFileSync(path.join(dir, 'domcaps.xml'), 'utf8'))![1];
      expect(r.lines).toEqual([
        `host-model CPU: ${hostModel} (${arch}, domain type ${virtType})`,
        `baseline model: ${model}, ${features} feature(s)`,
        `baseline on this hypervisor: ${verdict('baseline.xml')}`,
        `guest.baselineCPU: ${model} via the hypervisor API`,
        expect.stringMatching(new RegExp(`^qemu64: ${verdict('qemu64.xml')}`)),
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('xml-devices-filters: the host devices by capability, a typed filter defined and read back', async () => {
    if (!conn) return;
    const r = await runHere('xml-devices-filters', [SYSTEM_URI]);
    ok(r);
    // libvirt's own answers: each device's capabilities (virNodeDeviceListCaps) and the system's vendor
    const count = new Map<string, number>();
    for (const dev of await conn.listAllDevices(0)) for (const c of (await dev.listCaps()).slice(0, 1)) count.set(c, (count.get(c) ?? 0) + 1);
    const vendor = /<hardware>\s*<vendor>([^<]*)</.exec(await (await conn.nodeDeviceLookupByName('computer')).XMLDesc(0))?.[1] ?? 'unknown vendor';
    expect(r.lines).toEqual([
      `system: ${vendor}`,
      `devices by capability: ${[...count].sort(([a], [b]) => a.localeCompare(b)).map(([t, n]) => `${t} ${n}`).join(', ')}`,
      'filter ipv4: accept in, drop in',
      'refused: rule[0].tcp.dstportstart: must be a port number (0..65535) (got "70000")',
    ]);
    expect((await conn.listAllNWFilters()).map((f) => f.name()).filter((n) => n.startsWith(`lvn-example-${r.pid}-`))).toEqual([]);
  });

  test('remote-auth: the callback answers the SASL user and passphrase over TCP', async () => {
    if (!conn) return;
    const u = saslUser('remote-auth example');
    if (!u) return;
    const { user, password, uri } = u;
    const r = await runHere('remote-auth', [uri], { LIBVIRT_USER: user, LIBVIRT_PASSWORD: password });
    ok(r);
    expect(r.lines).toEqual([
      'asked for: user name, passphrase',
      `connected to ${uri} on ${await conn.getHostname()}`,
      expect.stringMatching(/^encrypted: (true|false), secure: true$/),
    ]);
    const wrong = await run('remote-auth', [uri], { LIBVIRT_USER: user, LIBVIRT_PASSWORD: `${password}-wrong` });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/LibvirtError: authentication failed/);
  });
});

describe('fleet example: four transports to one daemon stand in for four hosts, a fifth is refused', () => {
  test('lists every guest per host, merges the events tagged with the host, reports the refused host alone', async () => {
    const u = saslUser('fleet example');
    if (!u) return;
    const local = await open(SYSTEM_URI);
    const pki = '/etc/libvirt-napi/pki';
    const ssh = '/etc/libvirt-napi/ssh';
    const hosts = [
      'unix=qemu:///system', `tcp=${u.uri}`, `tls=qemu+tls://127.0.0.1/system?pkipath=${pki}/client`,
      `ssh=qemu+libssh://root@127.0.0.1:2222/system?keyfile=${ssh}/id_ed25519&known_hosts=${ssh}/known_hosts&no_tty=1&no_verify=0`,
      `stranger=qemu+tls://127.0.0.1/system?pkipath=${pki}/unlisted`,
    ];
    const before = (await local.listAllDomains()).map((d) => d.name());
    const r = await run('fleet', hosts, { LIBVIRT_USER: u.user, LIBVIRT_PASSWORD: u.password });
    try {
      ok(r);
      const after = (await local.listAllDomains()).map((d) => d.name());
      const guest = `lvn-example-${r.pid}-fleet`;
      const four = ['unix', 'tcp', 'tls', 'ssh'];
      expect(r.lines.filter((l) => l.startsWith('stranger:'))).toEqual(['stranger: unreachable (VIR_ERR_SYSTEM_ERROR: Unable to read TLS confirmation: Input/output error)']);
      // each host lists the same guests (those present before and after the run, as others share the daemon)
      for (const h of four) {
        const listed = r.lines.filter((l) => l.startsWith(`${h}: `) && !l.includes(' event ') && !l.includes(' saw ')).map((l) => l.split(' ')[1]);
        for (const n of before.filter((x) => after.includes(x))) expect(listed).toContain(n);
      }
      // the merged stream: each host reported both events of the guest, in order, tagged with itself
      for (const h of four) {
        expect(r.lines.filter((l) => l.startsWith(`${h}: event `))).toEqual([`${h}: event ${guest} defined`, `${h}: event ${guest} undefined`]);
      }
      expect(r.lines.filter((l) => l.includes(' saw ')).sort()).toEqual(four.map((h) => `${h}: saw defined, undefined`).sort());
      expect(after).not.toContain(guest);
      expect(r.stdout).not.toContain(u.password);
    } finally {
      await cleanup(local, r.pid);
      await local.close();
    }
  });
});

describe('docs samples come from examples/', () => {
  const docs = ['README.md', ...(fs.existsSync(path.join(ROOT, 'docs'))
    ? fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)
    : [])];
  const lines = (text: string) => text.split('\n').map((l) => l.trim());
  // every file under examples/, subfolders (examples/python/) included
  const sources = () => (fs.readdirSync(EXAMPLES, { recursive: true }) as string[])
    .filter((f) => f !== 'tsconfig.json' && !f.endsWith('.md') && fs.statSync(path.join(EXAMPLES, f)).isFile())
    .map((f) => ({ file: f, lines: lines(fs.readFileSync(path.join(EXAMPLES, f), 'utf8')) }));

  /** Index of `block` as a run of consecutive lines in `within`, or -1. */
  function find(block: string[], within: string[]): number {
    for (let i = 0; i + block.length <= within.length; i++) {
      if (block.every((l, j) => within[i + j] === l)) return i;
    }
    return -1;
  }

  test('README.md and docs/*.md have code samples, and each is an excerpt of an example', () => {
    const missing: string[] = [];
    let blocks = 0;
    const all = sources();
    for (const doc of docs) {
      const text = fs.readFileSync(path.join(ROOT, doc), 'utf8');
      for (const m of text.matchAll(/^[ \t]*```(ts|js|typescript|javascript)[ \t]*\n([\s\S]*?)^[ \t]*```/gm)) {
        blocks++;
        const block = lines(m[2]);
        while (block.length && block[block.length - 1] === '') block.pop();
        if (!all.some((s) => find(block, s.lines) >= 0)) {
          const line = text.slice(0, m.index).split('\n').length;
          missing.push(`${doc}:${line}: ${block[0]}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(blocks).toBeGreaterThan(0);
  });

  test('docs/api.md names every method: the generated ones in their class table, the hand-written ones', () => {
    const api = fs.readFileSync(path.join(ROOT, 'docs/api.md'), 'utf8');
    const missing: string[] = [];
    const generated = fs.readFileSync(path.join(ROOT, 'src/generated/methods.ts'), 'utf8');
    for (const m of generated.matchAll(/export interface (\w+)Generated \{\n([\s\S]*?)\n\}/g)) {
      const table = new RegExp(`### Generated: ${m[1]}\\n([\\s\\S]*?)(\\n###|$)`).exec(api)?.[1] ?? '';
      // each method's row as the table writes it: | `name(args)` | result | C function |
      for (const [, doc, name, args, result] of m[2].matchAll(/\/\*\*([\s\S]*?)\*\/\n\s+(\w+)\((.*?)\): (.*?);/g)) {
        const cfn = /\((vir\w+)\)\s*$/.exec(doc.trim())?.[1];
        const shown = result.startsWith('Promise<') ? `\`${result.slice(8, -1)}\`` : `\`${result}\`, at once`;
        const row = `| \`${name}(${args.replace(/: [^,]+/g, '')})\` | ${shown.replace(/\|/g, '\\|')} | ${cfn} |`;
        if (!table.includes(row)) missing.push(`${m[1]}: ${row}`);
      }
    }
    const classes = fs.readFileSync(path.join(ROOT, 'src/classes.ts'), 'utf8');
    let handWritten = 0;
    for (const m of classes.matchAll(/export interface (\w+) extends gen\.\w+Generated[^{]*\{([\s\S]*?)\n\}/g)) {
      for (const [, name] of m[2].matchAll(/^ {2}(\w+)\(/gm)) {
        handWritten++;
        if (!api.includes(`${name}(`)) missing.push(`${m[1]}.${name}`);
      }
    }
    expect(missing).toEqual([]);
    expect(handWritten).toBeGreaterThan(30);
  });

  test('the check finds an excerpt with one changed line missing', () => {
    const src = sources().find((s) => s.file === 'lifecycle.ts')!;
    const at = src.lines.findIndex((l) => l.startsWith('await dom.create()'));
    const block = src.lines.slice(at, at + 3);
    expect(find(block, src.lines)).toBe(at);
    expect(find([...block.slice(0, 2), `${block[2]} // changed`], src.lines)).toBe(-1);
  });
});
