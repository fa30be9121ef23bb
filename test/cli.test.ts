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

test('usage errors exit 2 with the usage; --help exits 0', () => {
  for (const args of [[], ['bogus'], ['ls', '--frobnicate'], ['down'], ['up'], ['cpu-baseline']]) {
    const r = cli(...args);
    expect([args, r.code]).toEqual([args, 2]);
    expect(r.stderr).toContain('usage: libvirt-napi <command>');
  }
  const h = cli('--help');
  expect(h.code).toBe(0);
  expect(h.stdout).toMatch(/cpu-baseline FILE/);
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
    const spec = specFile({ name, memoryMiB: 64, vcpus: 2, consoleLog: '/tmp/libvirt-napi-test/cli-test.log', graphics: { type: 'vnc' } });
    const r = cli('up', spec);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`name:        ${name}\nstate:       running\nconsole log: /tmp/libvirt-napi-test/cli-test.log\n`);
    // progress of the long steps on stderr
    expect(r.stderr).toMatch(/reading host capabilities[\s\S]*building[\s\S]*defining[\s\S]*starting/);
    expect(json('up', spec)).toMatchObject({ name, state: 'running', consoleLog: '/tmp/libvirt-napi-test/cli-test.log', virtType: 'test', arch: 'i686', machine: null });
    expect(json('ls')).toEqual([{ name: 'test', id: 1, state: 'running', persistent: true }]);
    expect(cli('ls').stdout).toBe('id  name  state\n1   test  running\n');
    expect(json('down', 'test')).toEqual({ name: 'test', destroyed: true, undefined: true });
    const gone = cli('down', name);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^error: VIR_ERR_NO_DOMAIN: Domain not found/);
  });

  test('up refuses what the host cannot do, before define', () => {
    const r = cli('up', specFile({ name: 'x', memoryMiB: 64, vcpus: 1, virtType: 'kvm' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: GuestConfigError: virtType: 'kvm' is not offered for arch i686 \(capabilities offer test\)/);
    expect(r.stderr).not.toMatch(/defining/);
    const bad = cli('up', specFile({ name: 'x' }));
    expect(bad.stderr).toMatch(/error: GuestConfigError: memoryMiB: undefined must be an integer/);
    fs.writeFileSync(path.join(tmp, 'broken.json'), '{ nope');
    expect(cli('up', path.join(tmp, 'broken.json')).stderr).toMatch(/GuestConfigError: SPEC.json: '.*broken.json' cannot be read as JSON/);
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

  test('caps: the host summary names the x86_64 guest types and the default machine', () => {
    if (!conn) return;
    const j = json('caps', '--uri', SYSTEM_URI);
    const x86 = j.guests.find((g: { arch: string }) => g.arch === 'x86_64');
    expect(x86.domainTypes).toContain('qemu');
    expect(x86.defaultMachine).toMatch(/^pc-i440fx-\d/);
    expect(x86.machines).toBeGreaterThan(10);
    expect(j.cpu.cpus).toBeGreaterThan(0);
    expect(cli('caps', '--uri', SYSTEM_URI).stdout).toMatch(/x86_64 +hvm +\S*qemu\S* +\d+ +pc-i440fx-/);
  });

  test('machines: pc and q35 are aliases of the installed versions', () => {
    if (!conn) return;
    const list = json('machines', '--uri', SYSTEM_URI, '--arch', 'x86_64');
    expect(list.find((m: { aliases: string[] }) => m.aliases.includes('pc')).name).toMatch(/^pc-i440fx-/);
    expect(list.find((m: { aliases: string[] }) => m.aliases.includes('q35')).name).toMatch(/^pc-q35-/);
    expect(cli('machines', '--uri', SYSTEM_URI).stdout).toMatch(/^machine +aliases +maxCpus +family +deprecated\npc-i440fx-\S+ +pc +255 +i440fx/);
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
    const up = json('up', '--uri', SYSTEM_URI, spec);
    expect(up).toMatchObject({ name, state: 'running', consoleLog: log, virtType: 'qemu', arch: 'x86_64', machine: expect.stringMatching(/^pc-i440fx-/) });
    expect(await exists(conn, name)).toBe(true);
    expect(fs.existsSync(log)).toBe(true);
    const row = json('ls', '--uri', SYSTEM_URI).find((d: { name: string }) => d.name === name);
    expect(row).toMatchObject({ name, state: 'running', persistent: true });
    expect(row.id).toBeGreaterThan(0);
    // a second up of the same name is libvirt's refusal
    const again = cli('up', '--uri', SYSTEM_URI, spec);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/error: VIR_ERR_OPERATION_FAILED: .*already exists/);
    expect(json('down', '--uri', SYSTEM_URI, name)).toEqual({ name, destroyed: true, undefined: true });
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

  test('a start failure leaves nothing defined', async () => {
    if (!conn) return;
    const name = uniqueName('cli-fail');
    const r = cli('up', '--uri', SYSTEM_URI, specFile({ name, memoryMiB: 64, vcpus: 1, virtType: 'qemu', disks: [{ path: `/nonexistent/${name}.qcow2` }] }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: VIR_ERR_\w+: .*nonexistent/m);
    expect(await exists(conn, name)).toBe(false);
  });
});
