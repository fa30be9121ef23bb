/**
 * examples/guest-spec-* and examples/cli-*: the guest spec and CLI examples type-check
 * under strict TypeScript as a user's project sees the package (module nodenext, no
 * skipLibCheck), run, and print what the host reports; the spec files validate against
 * guest-spec.schema.json (or, for the misspelt one, are refused naming the field).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync, spawnSync } from 'child_process';
import { guest, open, xml } from '../src';
import type { Connection } from '../src';
import { openSystem, SYSTEM_URI, TEST_URI } from './helpers/libvirt';

const ROOT = path.resolve(__dirname, '..');
const EXAMPLES = path.join(ROOT, 'examples');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-spec-examples-'));
const out = path.join(work, 'out');
const bin = path.join(work, 'bin');
const tsFiles = fs.readdirSync(EXAMPLES).filter((f) => /^guest-spec-.*\.ts$/.test(f)).sort();

function run(file: string, args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(out, file.replace(/\.ts$/, '.js')), ...args], { cwd: work, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  // a throw-away project whose node_modules/libvirt-napi is this package, with its bin on PATH
  fs.mkdirSync(path.join(work, 'node_modules'));
  fs.symlinkSync(ROOT, path.join(work, 'node_modules', 'libvirt-napi'), 'dir');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'libvirt-napi'), `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, 'dist', 'cli', 'index.js')}" "$@"\n`, { mode: 0o755 });
  fs.writeFileSync(path.join(work, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')], rootDir: EXAMPLES, outDir: out },
    files: tsFiles.map((f) => path.join(EXAMPLES, f)),
  }));
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', work, '--pretty', 'false'], { cwd: work, stdio: 'pipe' });
}, 300_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('the guest spec examples are there and compiled', () => {
  expect(tsFiles).toEqual(['guest-spec-check.ts', 'guest-spec-host.ts']);
  for (const f of tsFiles) expect(fs.existsSync(path.join(out, f.replace(/\.ts$/, '.js')))).toBe(true);
});

test('the spec files: the web spec checks, the misspelt one is refused naming the field and the nearest known one', () => {
  const web = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'guest-spec-web.json'), 'utf8'));
  expect(web.$schema).toBe('../guest-spec.schema.json');
  expect(fs.existsSync(path.resolve(EXAMPLES, web.$schema))).toBe(true);
  expect(guest.checkSpec(web)).toBe(web);
  const typo = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'guest-spec-typo.json'), 'utf8'));
  expect(() => guest.checkSpec(typo)).toThrow("unknown field 'consolelog' in spec; did you mean 'consoleLog'?");
});

describe('guest-spec-check', () => {
  test('on test:///default: the spec built for the test driver, as the builder decides it', async () => {
    const spec = guest.checkSpec(JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'guest-spec-web.json'), 'utf8')));
    const conn = await open(TEST_URI);
    let expected: string[];
    try {
      const capabilities = xml.parseCapabilities(await conn.getCapabilities());
      const { domain, info } = guest.buildDomainWithInfo(spec, { capabilities });
      expected = [
        `web1: ${info.virtType}, ${info.arch}, machine ${info.machine ?? '(none)'}`,
        ...domain.devices!.disk!.map((d) => `  ${d.device} ${d.target?.dev} on ${d.target?.bus}`),
        `  ${xml.formatDomain(domain).split('\n').length} lines of domain XML`,
      ];
    } finally {
      await conn.close();
    }
    const r = run('guest-spec-check.ts', [path.join(EXAMPLES, 'guest-spec-web.json')]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(expected);
  });

  test('a misspelt field: the message, exit 2, nothing connected', () => {
    const file = path.join(EXAMPLES, 'guest-spec-typo.json');
    const r = run('guest-spec-check.ts', [file, 'qemu:///nowhere']);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, `${file}: unknown field 'consolelog' in spec; did you mean 'consoleLog'?\n`, '']);
  });
});

describe('qemu:///system', () => {
  let conn: Connection | null = null;
  beforeAll(async () => {
    conn = await openSystem();
  });
  afterAll(async () => {
    if (!conn) return;
    // the shell example removes its guest; this is for its failures
    for (const d of await conn.listAllDomains()) {
      if (!/^lvn-example-\d+-cli$/.test(d.name())) continue;
      if (await d.isActive()) await d.destroy().catch(() => undefined);
      await d.undefine().catch(() => undefined);
    }
    await conn.close();
  });

  test('guest-spec-check: the web spec on this host (q35 where x86 has it), its domain type and buses as resolved here', async () => {
    if (!conn) return;
    const spec = guest.checkSpec(JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'guest-spec-web.json'), 'utf8')));
    const capabilities = xml.parseCapabilities(await conn.getCapabilities());
    const info = guest.resolveGuest(spec, { capabilities });
    const r = run('guest-spec-check.ts', [path.join(EXAMPLES, 'guest-spec-web.json'), SYSTEM_URI]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`web1: ${info.virtType}, ${info.arch}, machine ${info.machine}`);
    expect(lines[1]).toBe('  disk vda on virtio');
    expect(lines[2]).toBe(`  cdrom ${info.rules.cdromBus === 'ide' ? 'hda' : 'sda'} on ${info.rules.cdromBus}`);
  });

  test('guest-spec-host: machine types, aliases, rules and the baseline, as this host reports them', async () => {
    if (!conn) return;
    const capsXML = await conn.getCapabilities();
    const capabilities = xml.parseCapabilities(capsXML);
    const arch = capabilities.host!.cpu!.arch!;
    const list = guest.machines(capabilities, arch);
    const r = run('guest-spec-host.ts', [SYSTEM_URI]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines[0]).toBe(`${list.length} machine types for ${arch}; default ${guest.defaultMachine(capabilities, arch)}`);
    const aliased = list.filter((m) => m.aliases.length > 0);
    expect(lines.slice(1, 1 + aliased.length)).toEqual(aliased.map((m) => `  ${m.aliases.join(', ')} -> ${m.name} (${m.family})`));
    const baseline = await guest.baselineCPU(conn, [capsXML]);
    expect(lines).toContain(`baseline (${baseline.api} API): ${baseline.mode} ${baseline.model ?? ''}`);
    expect(lines[lines.length - 1]).toMatch(/^this host runs it: (identical|superset|incompatible)/);
  });

  test('cli-lifecycle.sh: version, up, ls, down', async () => {
    if (!conn) return;
    const r = spawnSync('sh', [path.join(EXAMPLES, 'cli-lifecycle.sh'), SYSTEM_URI], {
      cwd: work, encoding: 'utf8', timeout: 180_000, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });
    expect([r.status, r.stderr]).toEqual([0, '']);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const name = /^name: +(lvn-example-\d+-cli)$/m.exec(r.stdout)?.[1];
    expect(name).toBeDefined();
    expect(r.stdout).toBe(`${pkg.version}\nname:        ${name}\nstate:       running\nconsole log: (none)\n1\n${name}: destroyed, undefined\n`);
    expect((await conn.listAllDomains()).some((d) => d.name() === name)).toBe(false);
  });
});
