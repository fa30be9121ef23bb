// The package as users load it: by name, from CommonJS and from TypeScript.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

describe('15 package entry points', () => {
  test("require('libvirt-napi') by name loads the built package", () => {
    const r = spawnSync(process.execPath, ['-e', `
      const lv = require('libvirt-napi');
      lv.open('test:///default').then(async (c) => {
        console.log(JSON.stringify([typeof lv.openAuth, lv.VIR_DOMAIN_START_PAUSED, typeof lv.xml.parseDomain, await c.getType()]));
        await c.close();
      });`], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(['function', 1, 'function', 'TEST']);
  });

  test("import { open } from 'libvirt-napi' type-checks against the published declarations", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-ts-'));
    try {
      // a consumer project whose node_modules/libvirt-napi is this package
      fs.mkdirSync(path.join(dir, 'node_modules'));
      fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'libvirt-napi'));
      fs.writeFileSync(path.join(dir, 'main.ts'), `
        import { open, Domain, LibvirtError, VIR_DOMAIN_RUNNING, xml } from 'libvirt-napi';
        async function main(): Promise<number> {
          const conn = await open('test:///default');
          const doms: Domain[] = await conn.listAllDomains();
          const [state]: [number, number] = await doms[0].state();
          const def = xml.parseDomain(await doms[0].XMLDesc(0));
          const name: string = def.name;
          const err: LibvirtError | null = null;
          void err; void name;
          await conn.close();
          return state === VIR_DOMAIN_RUNNING ? 0 : 1;
        }
        void main();
        // @ts-expect-error: defineXML takes a string
        void (null as unknown as import('libvirt-napi').Connection).defineXML(42);
      `);
      const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      const r = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'node16', '--moduleResolution', 'node16',
        '--target', 'es2022', '--types', 'node', '--typeRoots', path.join(ROOT, 'node_modules', '@types'), 'main.ts'],
      { cwd: dir, encoding: 'utf8' });
      expect(r.stdout + r.stderr).toBe('');
      expect(r.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('scripts/check-prerequisites.sh (the install step before the native build)', () => {
    const CHECK = path.join(ROOT, 'scripts', 'check-prerequisites.sh');
    const check = (env: NodeJS.ProcessEnv) => spawnSync('/bin/sh', [CHECK], { env, encoding: 'utf8' });
    const INSTALL = [
      '  Debian/Ubuntu: sudo apt-get install libvirt-dev pkg-config g++ make python3',
      '  Fedora:        sudo dnf install libvirt-devel pkgconf-pkg-config gcc-c++ make python3',
    ];

    test('passes silently on this machine, which builds the addon', () => {
      const r = check(process.env);
      expect(r.stderr + r.stdout).toBe('');
      expect(r.status).toBe(0);
    });

    test('pkg-config not finding libvirt: names the libvirt development files and the packages, exits 1', () => {
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-pc-'));
      try {
        const r = check({ ...process.env, PKG_CONFIG_LIBDIR: empty, PKG_CONFIG_PATH: '' });
        expect(r.status).toBe(1);
        expect(r.stdout).toBe('');
        expect(r.stderr.split('\n')).toEqual([
          'libvirt-napi: cannot build its native addon, missing: the libvirt development files (pkg-config cannot find libvirt). ' +
          'Install these packages, then install libvirt-napi again:', ...INSTALL, '']);
      } finally {
        fs.rmSync(empty, { recursive: true, force: true });
      }
    });

    test('a PATH with pkg-config only: names the compiler, make and Python 3', () => {
      const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-path-'));
      try {
        const pc = spawnSync('/bin/sh', ['-c', 'command -v pkg-config'], { encoding: 'utf8' }).stdout.trim();
        fs.symlinkSync(pc, path.join(bin, 'pkg-config'));
        const env: NodeJS.ProcessEnv = { ...process.env, PATH: bin };
        delete env.CXX; delete env.PYTHON; delete env.npm_config_python;
        const r = check(env);
        expect(r.status).toBe(1);
        expect(r.stderr.split('\n')[0]).toBe('libvirt-napi: cannot build its native addon, missing: a C++ compiler (g++), make, Python 3 (python3). ' +
          'Install these packages, then install libvirt-napi again:');
        expect(r.stderr.split('\n').slice(1)).toEqual([...INSTALL, '']);
      } finally {
        fs.rmSync(bin, { recursive: true, force: true });
      }
    });
  });

  describe('scripts/setup.sh (npm test and npm run demo run it first)', () => {
    const STEP = /^setup: .+ (\(\d+(\.\d)? s\)|\.\.\.+ done in \d+(\.\d)? s)$/;
    const setup = (args: string[]) => spawnSync('bash', [path.join(ROOT, 'scripts', 'setup.sh'), ...args], { encoding: 'utf8', timeout: 600000 });

    test('prints one line per step (packages, KVM, libvirtd, npm, native addon, TypeScript), each with its time', () => {
      const r = setup([]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines.map((l) => STEP.test(l) || l)).toEqual(Array(6).fill(true));
      const steps = [/^setup: (system packages:|installing \d+ Debian)/, /^setup: KVM:/, /^setup: (libvirtd:|starting virtlogd)/,
        /^setup: (npm packages:|installing npm)/, /^setup: (native addon:|building the native)/, /^setup: (TypeScript build:|compiling TypeScript)/];
      expect(lines.map((l, i) => steps[i].test(l) || l)).toEqual(Array(6).fill(true));
    });

    test('--quiet prints the steps that had work to do, then "setup: ready" with the total time', () => {
      const r = setup(['--quiet']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines.every((l) => STEP.test(l))).toBe(true);
      expect(lines[lines.length - 1]).toMatch(/^setup: ready \(\d+(\.\d)? s\)$/);
    });
  });
});
