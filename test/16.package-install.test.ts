// The package as a user installs it: `npm pack` (whose prepare step builds the
// TypeScript), then `npm install <tarball>` into a fresh project, which builds
// the native addon there. Needs the npm registry (for the dependencies) and the
// build prerequisites; the install takes minutes.
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const MINUTES = 60000;

// The environment of an npm command started from inside `npm test`, without the
// outer run's project and lifecycle settings (the inner npm works on its own project).
function npmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_(package_|lifecycle_|config_local_prefix$)/i.test(k) || k === 'INIT_CWD') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

function run(cmd: string, args: string[], cwd: string, timeout: number, env = npmEnv()): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  return r;
}

function newProject(dir: string): string {
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: path.basename(dir), version: '1.0.0', private: true }));
  return dir;
}

let tmp = '';
let tarball = '';
let entries: string[] = [];
let app = '';

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-pack-'));
  const pack = run('npm', ['pack', '--loglevel=error', '--pack-destination', tmp], ROOT, 10 * MINUTES);
  if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stdout}\n${pack.stderr}`);
  const tgz = fs.readdirSync(tmp).filter((f) => f.endsWith('.tgz'));
  if (tgz.length !== 1) throw new Error(`npm pack made ${tgz.length} tarballs in ${tmp}`);
  tarball = path.join(tmp, tgz[0]);
  entries = run('tar', ['-tzf', tarball], tmp, MINUTES).stdout.split('\n').filter(Boolean).map((e) => e.replace(/^package\//, ''));

  app = newProject(path.join(tmp, 'app'));
  const inst = run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], app, 25 * MINUTES);
  if (inst.status !== 0) throw new Error(`npm install of the tarball failed:\n${inst.stdout}\n${inst.stderr}`);
}, 40 * MINUTES);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('16 the packed package', () => {
  test('ships the build, the native sources, LICENSE and the prerequisite check; no tools, tests or source maps', () => {
    for (const f of ['package.json', 'README.md', 'LICENSE', 'binding.gyp', 'scripts/check-prerequisites.sh',
      'dist/index.js', 'dist/index.d.ts', 'dist/index.mjs', 'dist/index.d.mts', 'dist/cli/index.js', 'native/module.cc']) {
      expect(entries).toContain(f);
    }
    expect(entries.filter((e) => /^(tools|test|src|build|node_modules)\//.test(e))).toEqual([]);
    expect(entries.filter((e) => e.startsWith('scripts/'))).toEqual(['scripts/check-prerequisites.sh']);
    expect(entries.filter((e) => e.endsWith('.map'))).toEqual([]);
    const license = fs.readFileSync(path.join(app, 'node_modules/libvirt-napi/LICENSE'), 'utf8');
    expect(license).toContain('GNU LESSER GENERAL PUBLIC LICENSE');
    expect(license).toContain('Version 2.1, February 1999');
  });

  test("require('libvirt-napi') loads the installed copy and its own native addon, and test:///default answers", () => {
    const r = run(process.execPath, ['-e', `
      const lv = require('libvirt-napi');
      const addon = Object.keys(require.cache).find((f) => f.endsWith('.node'));
      const parts = () => ['xml', 'guest'].filter((p) => Object.keys(require.cache).some((f) => f.includes('/dist/' + p + '/')));
      const atLoad = parts();
      lv.open('test:///default').then(async (c) => {
        const parse = typeof lv.xml.parseDomain;
        const afterXml = parts();
        console.log(JSON.stringify({ main: require.resolve('libvirt-napi'), addon, type: await c.getType(),
          names: (await c.listAllDomains()).map((d) => d.name()), parse, atLoad, afterXml,
          running: lv.VIR_DOMAIN_RUNNING, guest: typeof lv.guest.buildDomainXML }));
        await c.close();
      });`], app, MINUTES);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    const installed = path.join(fs.realpathSync(app), 'node_modules', 'libvirt-napi');
    expect(out.main).toBe(path.join(installed, 'dist', 'index.js'));
    expect(out.addon).toBe(path.join(installed, 'build', 'Release', 'libvirt_napi.node'));
    expect(out).toMatchObject({ type: 'TEST', names: ['test'], parse: 'function', running: 1, guest: 'function' });
    // The XML and guest layers load on first use, not with the package.
    expect(out.atLoad).toEqual([]);
    expect(out.afterXml).toEqual(['xml']);
  });

  test("require('libvirt-napi/testing') loads from the installed copy and builds a test hypervisor", () => {
    const r = run(process.execPath, ['-e', `
      const t = require('libvirt-napi/testing');
      t.testHypervisor({ cpu: { cores: 3 } }).then(async (c) => {
        const info = await c.getInfo();
        console.log(JSON.stringify({ file: require.resolve('libvirt-napi/testing'), cpus: info.cpus,
          fns: ['testHypervisor', 'scope', 'withScope', 'sweep'].map((n) => typeof t[n]) }));
        await c.close();
      });`], app, MINUTES);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    const installed = path.join(fs.realpathSync(app), 'node_modules', 'libvirt-napi');
    expect(out.file).toBe(path.join(installed, 'dist', 'testing', 'index.js'));
    expect(out).toMatchObject({ cpus: 3, fns: ['function', 'function', 'function', 'function'] });
  });

  test('ES module named imports and the default import give the same functions as require', () => {
    fs.writeFileSync(path.join(app, 'esm.mjs'), `
      import lv, { open, xml, guest, LibvirtError, VIR_DOMAIN_RUNNING } from 'libvirt-napi';
      import * as ns from 'libvirt-napi';
      import { createRequire } from 'node:module';
      const cjs = createRequire(import.meta.url)('libvirt-napi');
      const c = await open('test:///default');
      const [state] = await (await c.lookupByName('test')).state();
      await c.close();
      const named = Object.keys(ns).filter((k) => k !== 'default').sort();
      console.log(JSON.stringify({
        state, running: VIR_DOMAIN_RUNNING, same: lv === cjs && open === cjs.open && xml === cjs.xml && guest === cjs.guest,
        error: typeof LibvirtError, namesMatch: JSON.stringify(named) === JSON.stringify(Object.keys(cjs).sort()), count: named.length,
      }));
    `);
    const r = run(process.execPath, ['esm.mjs'], app, MINUTES);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ state: out.running, same: true, error: 'function', namesMatch: true });
    expect(out.count).toBeGreaterThan(100);
  });

  test('a strict TypeScript program (module nodenext, no skipLibCheck) type-checks against the installed declarations', () => {
    fs.writeFileSync(path.join(app, 'main.mts'), `
      import lv, { open, xml, VIR_DOMAIN_RUNNING, type Domain, type LibvirtError } from 'libvirt-napi';
      const conn = await open('test:///default');
      const doms: Domain[] = await conn.listAllDomains();
      const [state]: [number, number] = await doms[0].state();
      const name: string = xml.parseDomain(await doms[0].XMLDesc(0)).name;
      const err: LibvirtError | null = null;
      console.log(name, err, state === VIR_DOMAIN_RUNNING, lv.open === open);
      // @ts-expect-error: defineXML takes a string
      void conn.defineXML(42);
      // @ts-expect-error: the module has no such export
      lv.noSuchFunction();
    `);
    fs.writeFileSync(path.join(app, 'main.cts'), `
      import lv = require('libvirt-napi');
      import { openReadOnly, guest } from 'libvirt-napi';
      const spec: guest.GuestSpec = { name: 'g', memoryMiB: 64, vcpus: 1 };
      void openReadOnly('test:///default').then((c: lv.Connection) => c.close());
      void spec;
    `);
    fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true,
        types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')],
      },
      files: ['main.mts', 'main.cts'],
    }));
    const r = run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], app, 5 * MINUTES);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test('the bin is linked into node_modules/.bin', () => {
    const bin = path.join(app, 'node_modules', '.bin', 'libvirt-napi');
    expect(fs.realpathSync(bin)).toBe(path.join(fs.realpathSync(app), 'node_modules', 'libvirt-napi', 'dist', 'cli', 'index.js'));
    fs.accessSync(bin, fs.constants.X_OK);
  });

  test('without the libvirt development files the install stops with the packages to install, before node-gyp', () => {
    const empty = fs.mkdtempSync(path.join(tmp, 'no-pc-'));
    const proj = newProject(path.join(tmp, 'app-missing'));
    const r = run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], proj, 10 * MINUTES,
      npmEnv({ PKG_CONFIG_LIBDIR: empty, PKG_CONFIG_PATH: '' }));
    const out = r.stdout + r.stderr;
    expect(r.status).not.toBe(0);
    expect(out).toContain('libvirt-napi: cannot build its native addon, missing: the libvirt development files');
    expect(out).toContain('apt-get install libvirt-dev pkg-config g++ make python3');
    expect(out).toContain('dnf install libvirt-devel pkgconf-pkg-config gcc-c++ make python3');
    expect(out).not.toMatch(/gyp (info|ERR!)|pkg-config search path/);
  });
});
