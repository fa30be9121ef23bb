/**
 * The CLI (dist/cli/index.js, built from src/cli/index.ts in beforeAll) run as a child process:
 * exit codes, text and --json output, libvirt's error code names, and a scripted
 * lifecycle (up, ls, down) on test:///default and on qemu:///system.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync, spawnSync } from 'child_process';
import { VIR_CONNECT_BASELINE_CPU_MIGRATABLE, type Connection } from '../src';
import { cleanupFresh } from './helpers/guest';
import { CORPUS, exists, openSystem, serialLog, SYSTEM_URI, uniqueName } from './helpers/libvirt';
import { guest, xml } from '../src';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli', 'index.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-cli-'));

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
function json(...args: string[]): any {
  const r = cli(...args, '--json');
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
function specFile(spec: object): string {
  const p = path.join(tmp, `spec-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(p, JSON.stringify(spec));
  return p;
}

beforeAll(() => {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
}, 120000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('the package declares the bin, and dist/cli/index.js starts with a node shebang', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(pkg.bin).toEqual({ 'libvirt-napi': 'dist/cli/index.js' });
  expect(fs.readFileSync(CLI, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
});

const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const COMMANDS = ['caps', 'machines', 'cpu-baseline', 'up', 'down', 'sweep', 'exec', 'ip', 'console', 'ls'];

test('usage errors exit 2 with the usage; --help exits 0', () => {
  for (const args of [[], ['bogus'], ['ls', '--frobnicate'], ['down'], ['up'], ['cpu-baseline'], ['ls', 'extra'], ['down', 'a', 'b'], ['ls', '--json=yes']]) {
    const r = cli(...args);
    expect([args, r.code]).toEqual([args, 2]);
    expect(r.stderr).toMatch(/^libvirt-napi: .+\nusage: libvirt-napi /);
    expect(r.stdout).toBe('');
  }
  expect(cli('down').stderr).toMatch(/^libvirt-napi: down needs NAME\nusage: libvirt-napi down NAME /);
  expect(cli('down', 'a', 'b').stderr).toMatch(/^libvirt-napi: down takes one NAME \(given: a b\)/);
  const h = cli('--help');
  expect(h.code).toBe(0);
  expect(h.stdout).toMatch(/cpu-baseline FILE/);
  // the usage lists exactly the commands there are
  expect([...h.stdout.matchAll(/^ {2}([a-z-]+)\b.*$/gm)].map((m) => m[1]).filter((c) => !c.startsWith('-'))).toEqual(COMMANDS);
});

test('--help on every command: its own usage, options and text, exit 0', () => {
  for (const c of COMMANDS) {
    for (const args of [[c, '--help'], [c, '-h'], ['help', c]]) {
      const r = cli(...args);
      expect([args, r.code, r.stderr]).toEqual([args, 0, '']);
      expect(r.stdout).toMatch(new RegExp(`^usage: libvirt-napi ${c}\\b.*\\[--uri URI\\] \\[--json\\] \\[--quiet\\]\\n\\n\\S`));
      expect(r.stdout).toMatch(/^ {2}--version +libvirt-napi's version$/m);
    }
  }
  expect(cli('machines', '--help').stdout).toMatch(/^ {2}--arch A +guest arch/m);
  expect(cli('ls', '--help').stdout).not.toMatch(/--arch/);
  expect(cli('up', '--help').stdout).toMatch(/guest-spec\.schema\.json/);
});

test('--version prints the version of package.json, alone and on every command', () => {
  for (const args of [['--version'], ...COMMANDS.map((c) => [c, '--version'])]) {
    const r = cli(...args);
    expect([args, r.code, r.stdout, r.stderr]).toEqual([args, 0, `${PKG.version}\n`, '']);
  }
});

test('unknown options and commands name the nearest known one; an option of another command is refused', () => {
  const r = cli('ls', '--jsn');
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^libvirt-napi: unknown option --jsn; did you mean --json\?\nusage: libvirt-napi ls /);
  expect(cli('lss').stderr).toMatch(/^libvirt-napi: unknown command 'lss'; did you mean 'ls'\?/);
  expect(cli('ls', '--arch', 'x86_64').stderr).toMatch(/^libvirt-napi: ls has no option --arch\n/);
  expect(cli('up', '--migratable', 'x.json').code).toBe(2);
});

describe('up checks the spec before it connects (exit 2)', () => {
  const base = { name: 'spec-check', memoryMiB: 64, vcpus: 1 };
  test.each([
    ['consolelog', 'consoleLog'], ['graphic', 'graphics'], ['virtype', 'virtType'], ['colour', undefined],
  ])('an unknown field %s names the nearest known one', (field, near) => {
    const r = cli('up', specFile({ ...base, [field]: field === 'graphic' ? { type: 'vnc' } : 'x' }));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const tail = near ? `; did you mean '${near}'?` : '; known fields: name, memoryMiB, vcpus, arch, machine, ... (35 fields)';
    expect(r.stderr).toBe(`error: GuestConfigError: unknown field '${field}' in spec${tail}\n`);
  });
  test('an unknown field inside a disk, with its path', () => {
    const r = cli('up', specFile({ ...base, disks: [{ path: '/img/a.raw' }, { path: '/img/b.raw', formt: 'raw' }] }));
    expect([r.code, r.stderr]).toEqual([2, "error: GuestConfigError: unknown field 'formt' in disks[1]; did you mean 'format'?\n"]);
  });
  test('a missing name is reported first, and nothing is built', () => {
    const r = cli('up', specFile({ memoryMiB: 64, vcpus: 1, colour: 'red', consolelog: '/x' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: GuestConfigError: missing field 'name' in spec (required: name, memoryMiB, vcpus)\n");
    expect(r.stderr).not.toMatch(/building|undefined|connecting/);
  });
  test('a wrong value; JSON errors with --json; a file that is no JSON', () => {
    const r = cli('up', specFile({ ...base, vcpus: 0 }));
    expect([r.code, r.stderr]).toEqual([2, 'error: GuestConfigError: vcpus: 0 must be an integer of at least 1\n']);
    const j = cli('up', specFile({ ...base, graphic: {} }), '--json');
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stderr)).toEqual({ error: { code: 'GuestConfigError', field: 'graphic', reason: 'is not a field of spec', message: "unknown field 'graphic' in spec; did you mean 'graphics'?" } });
    fs.writeFileSync(path.join(tmp, 'broken.json'), '{ nope');
    const b = cli('up', path.join(tmp, 'broken.json'));
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^error: GuestConfigError: SPEC.json: '.*broken.json' cannot be read as JSON/);
    const missing = cli('up', path.join(tmp, 'missing.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot be read as JSON: ENOENT/);
  });
});

describe('test:///default (the default URI)', () => {
  test('caps: host summary, text and JSON', () => {
    const r = cli('caps');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^uri: +test:\/\/\/default/);
    expect(r.stdout).toMatch(/i686 +hvm,xen +test/);
    const j = json('caps');
    expect(j.uri).toBe('test:///default');
    expect(j.arch).toBe('i686');
    expect(j.cpu.cpus).toBe(16);
    expect(j.guests).toEqual([{ arch: 'i686', osTypes: ['hvm', 'xen'], domainTypes: ['test'], machines: 0, defaultMachine: null }]);
  });

  test('machines: none listed by the test driver; an unknown arch is the guest layer\'s error', () => {
    expect(cli('machines').stdout).toBe('no machine types listed for i686\n');
    expect(json('machines')).toEqual([]);
    const r = cli('machines', '--arch', 'sparc');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("error: GuestConfigError: arch: 'sparc' is not offered by this host (capabilities list i686)\n");
    const j = cli('machines', '--arch', 'sparc', '--json');
    expect(JSON.parse(j.stderr)).toEqual({ error: { code: 'GuestConfigError', field: 'arch', message: expect.any(String), reason: expect.stringContaining('not offered') } });
  });

  test('cpu-baseline FILE: the driver has no hypervisor baseline, the host API answers', () => {
    const j = json('cpu-baseline', path.join(CORPUS, 'cpu', 'x86_64-baseline-simple.xml'));
    expect(j).toMatchObject({ mode: 'custom', match: 'exact', model: 'Westmere', fallback: 'forbid', api: 'host' });
    expect(j.xml).toContain('<model fallback=\'forbid\'>Westmere</model>');
    expect(cli('cpu-baseline', path.join(CORPUS, 'cpu', 'x86_64-baseline-simple.xml'), '--migratable').stderr).toMatch(/error: VIR_ERR_INVALID_ARG: .*unsupported flags/);
    expect(cli('cpu-baseline', path.join(tmp, 'missing.xml')).stderr).toMatch(/^error: ENOENT: /m);
  });

  test('up builds, defines and starts; ls lists; down destroys and undefines (one process each: the test driver forgets in between)', () => {
    const name = uniqueName('cli-test');
    const log = path.join(tmp, 'cli-test.log');
    // a spec that names its schema, as editors want it
    const spec = specFile({ $schema: path.join(ROOT, 'guest-spec.schema.json'), name, memoryMiB: 64, vcpus: 2, consoleLog: log, graphics: { type: 'vnc' } });
    const r = cli('up', spec);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`name:        ${name}\nstate:       running\nconsole log: ${log}\n`);
    // progress of the long steps on stderr
    expect(r.stderr).toMatch(new RegExp(`reading host capabilities[\\s\\S]*building ${name} \\(test, i686\\)[\\s\\S]*defining[\\s\\S]*starting`));
    expect(json('up', spec)).toMatchObject({ name, state: 'running', consoleLog: log, virtType: 'test', arch: 'i686', machine: null });
    expect(json('ls')).toEqual([{ name: 'test', id: 1, state: 'running', persistent: true }]);
    expect(cli('ls').stdout).toBe('id  name  state\n1   test  running\n');
    expect(json('down', 'test')).toEqual({ name: 'test', destroyed: true, undefined: true, deletedVolumes: [], keptVolumes: [] });
    const gone = cli('down', name);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^error: VIR_ERR_NO_DOMAIN: Domain not found/);
  });

  test('up refuses what the host cannot do, before define', () => {
    const r = cli('up', specFile({ name: 'x', memoryMiB: 64, vcpus: 1, virtType: 'kvm' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: GuestConfigError: virtType: 'kvm' is not offered for arch i686 \(capabilities offer test\)/);
    expect(r.stderr).not.toMatch(/defining/);
    const noPci = cli('up', specFile({ name: 'x', memoryMiB: 64, vcpus: 1, controllers: ['pci-bridge'] }));
    expect([noPci.code, noPci.stderr]).toEqual([1, expect.stringMatching(/error: GuestConfigError: controllers: \["pci-bridge"\] cannot be used: i686 has no PCI root bus\n$/)]);
  });
});

describe('qemu:///system', () => {
  let conn: Connection | null = null;
  beforeAll(async () => {
    conn = await openSystem();
  });
  afterAll(async () => {
    await cleanupFresh(conn);
  });

  test('caps: the host summary names the x86_64 guest types and the default machine, as the capabilities say', async () => {
    if (!conn) return;
    const caps = xml.parseCapabilities(await conn.getCapabilities());
    const j = json('caps', '--uri', SYSTEM_URI);
    const x86 = j.guests.find((g: { arch: string }) => g.arch === 'x86_64');
    expect(x86.domainTypes).toEqual(guest.domainTypes(caps, 'x86_64'));
    expect(x86.defaultMachine).toBe(guest.defaultMachine(caps, 'x86_64'));
    expect(x86.machines).toBe(guest.machines(caps, 'x86_64').length);
    expect(j.cpu.cpus).toBe((await conn.getInfo()).cpus);
    expect(cli('caps', '--uri', SYSTEM_URI).stdout).toMatch(new RegExp(`x86_64 +hvm +${x86.domainTypes.join(',')} +${x86.machines} +${x86.defaultMachine}\\n`));
  });

  test('machines: pc and q35 are aliases of the installed versions; the table\'s first row is the first machine listed', () => {
    if (!conn) return;
    const list = json('machines', '--uri', SYSTEM_URI, '--arch', 'x86_64');
    expect(list.find((m: { aliases: string[] }) => m.aliases.includes('pc')).name).toMatch(/^pc-i440fx-/);
    expect(list.find((m: { aliases: string[] }) => m.aliases.includes('q35')).name).toMatch(/^pc-q35-/);
    const [first] = list;
    const row = [first.name, first.aliases.join(',') || '-', String(first.maxCpus ?? '-'), first.family].join(' +');
    expect(cli('machines', '--uri', SYSTEM_URI).stdout).toMatch(new RegExp(`^machine +aliases +maxCpus +family +deprecated\\n${row}`));
  });

  test('cpu-baseline of incompatible vendors prints libvirt\'s error and exits 1; a migratable baseline prints what the daemon answers', async () => {
    if (!conn) return;
    const r = cli('cpu-baseline', '--uri', SYSTEM_URI, path.join(CORPUS, 'cpu', 'x86_64-baseline-incompatible-vendors.xml'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: VIR_ERR_OPERATION_FAILED: operation failed: CPU vendors do not match$/m);
    // a migratable baseline is the daemon's answer for this host (with TCG it
    // keeps invtsc, with KVM it drops it): the same CPUs asked through the binding
    const file = path.join(CORPUS, 'cpu', 'x86_64-baseline-Westmere+Nehalem.xml');
    const ok = json('cpu-baseline', '--uri', SYSTEM_URI, file, '--migratable');
    expect(ok.api).toBe('hypervisor');
    const cpus = fs.readFileSync(file, 'utf8').match(/<cpu>[\s\S]*?<\/cpu>/g) as string[];
    expect(cpus).toHaveLength(2);
    const want = await conn!.baselineHypervisorCPU(null, null, null, null, cpus, VIR_CONNECT_BASELINE_CPU_MIGRATABLE);
    expect(ok.xml).toBe(want);
    expect(ok.features.map((f: { name: string }) => f.name)).toEqual([...want.matchAll(/<feature policy='\w+' name='([^']+)'\/>/g)].map((m) => m[1]));
  });

  test('a scripted lifecycle: up, ls, down', async () => {
    if (!conn) return;
    const name = uniqueName('cli');
    const log = serialLog(name);
    const spec = specFile({ name, memoryMiB: 64, vcpus: 1, virtType: 'qemu', consoleLog: log });
    const caps = xml.parseCapabilities(await conn.getCapabilities());
    const up = json('up', '--uri', SYSTEM_URI, spec);
    const arch = caps.host!.cpu!.arch!;
    expect(up).toMatchObject({ name, state: 'running', consoleLog: log, virtType: 'qemu', arch, machine: guest.defaultMachine(caps, arch, undefined, { domainType: 'qemu' }) });
    expect(await exists(conn, name)).toBe(true);
    expect(fs.existsSync(log)).toBe(true);
    const row = json('ls', '--uri', SYSTEM_URI).find((d: { name: string }) => d.name === name);
    expect(row).toMatchObject({ name, state: 'running', persistent: true });
    expect(row.id).toBeGreaterThan(0);
    // a second up of the same name is libvirt's refusal
    const again = cli('up', '--uri', SYSTEM_URI, spec);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/error: VIR_ERR_OPERATION_FAILED: .*already exists/);
    expect(json('down', '--uri', SYSTEM_URI, name)).toEqual({ name, destroyed: true, undefined: true, deletedVolumes: [], keptVolumes: [] });
    expect(await exists(conn, name)).toBe(false);
  });

  test('up refuses IDE on q35 before anything is defined', async () => {
    if (!conn) return;
    const name = uniqueName('cli-ide');
    const r = cli('up', '--uri', SYSTEM_URI, specFile({ name, memoryMiB: 64, vcpus: 1, machine: 'q35', virtType: 'qemu', disks: [{ path: '/isos/x.iso', bus: 'ide' }] }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: GuestConfigError: disks\[0\]\.bus: 'ide' is not available: machine pc-q35-\S+ \(q35, PCI Express\) has no IDE controller; use sata/);
    expect(await exists(conn, name)).toBe(false);
  });

  test('an unknown machine: the list of supported machines is cut, with the count and the command that lists them', async () => {
    if (!conn) return;
    const caps = xml.parseCapabilities(await conn.getCapabilities());
    const arch = caps.host!.cpu!.arch!;
    const all = json('machines', '--uri', SYSTEM_URI, '--arch', arch);
    const name = uniqueName('cli-machine');
    const r = cli('up', '--uri', SYSTEM_URI, specFile({ name, memoryMiB: 64, vcpus: 1, machine: 'no-such-machine' }));
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => !l.startsWith('['));
    expect(lines[0]).toMatch(/^error: GuestConfigError: machine: 'no-such-machine' is not a machine type supported for arch /);
    if (all.length > 10) {
      expect(lines[0]).toMatch(new RegExp(`, \\.\\.\\. \\(${all.length} machines\\)$`));
      expect(lines[0].length).toBeLessThan(400);
      expect(lines[1]).toBe(`${all.length} machines; \`libvirt-napi machines --uri ${SYSTEM_URI} --arch ${arch}\` lists them`);
    } else {
      expect(lines[1]).toBe('');
    }
    expect(await exists(conn, name)).toBe(false);
  });

  test('a start failure leaves nothing defined', async () => {
    if (!conn) return;
    const name = uniqueName('cli-fail');
    const r = cli('up', '--uri', SYSTEM_URI, specFile({ name, memoryMiB: 64, vcpus: 1, virtType: 'qemu', disks: [{ path: `/nonexistent/${name}.qcow2` }] }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: VIR_ERR_\w+: .*nonexistent/m);
    expect(await exists(conn, name)).toBe(false);
  });
});
