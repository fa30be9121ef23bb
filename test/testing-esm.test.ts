/**
 * libvirt-napi/testing outside jest: the node:test example run by `node --test`, the
 * subpath imported from an ES module through the package's exports, and a scope closed
 * by `await using` (Node 20 cannot parse it: TypeScript's downlevel output runs). Each
 * runs in a child process against the built package (dist/, built in beforeAll), from
 * a throw-away project whose node_modules/libvirt-napi is this package.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as lv from '../src';
import { sweep } from '../src/testing';
import { SYSTEM_URI, openSystem, x86DomainType } from './helpers/libvirt';

jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '..');
const TSC = require.resolve('typescript/bin/tsc');
const PREFIX = `napi-kit-${process.pid}`;
let work = '';

beforeAll(() => {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-kit-esm-'));
  fs.mkdirSync(path.join(work, 'node_modules'));
  fs.symlinkSync(ROOT, path.join(work, 'node_modules', 'libvirt-napi'), 'dir');
}, 180_000);
afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const node = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, args, { cwd: work, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
/** The `# name N` counts of a TAP summary. */
const tapCounts = (out: string) => Object.fromEntries([...out.matchAll(/^# (tests|pass|fail) (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));

test('node --test runs examples/testing-node-test.mjs and its tests pass', () => {
  const r = node(['--test', '--test-reporter=tap', path.join(ROOT, 'examples', 'testing-node-test.mjs')]);
  expect(r.stderr).toBe('');
  expect(tapCounts(r.stdout)).toEqual({ tests: 2, pass: 2, fail: 0 });
  expect(r.status).toBe(0);
});

test('a node:test test that fails in the middle of a scope leaves nothing on the daemon', async () => {
  const conn = (await openSystem())!;
  const domType = await x86DomainType(conn);
  fs.writeFileSync(path.join(work, 'failing.test.mjs'), `
import { test } from 'node:test';
import { open } from 'libvirt-napi';
import { scope } from 'libvirt-napi/testing';

test('fails after making a domain and a network', async (t) => {
  const conn = await open(${JSON.stringify(SYSTEM_URI)});
  t.after(() => conn.close());
  const s = scope(conn, { prefix: ${JSON.stringify(PREFIX)} });
  try {
    await s.defineDomain('<domain type="${domType}"><name>' + s.name('dom') + '</name><memory unit="KiB">65536</memory><os><type arch="x86_64">hvm</type></os></domain>');
    await s.defineNetwork('<network><name>' + s.name('net') + '</name></network>');
    console.log('made ' + s.prefix);
    throw new Error('deliberate failure');
  } finally {
    await s.close();
  }
});
`);
  const mine = async () => [
    ...(await conn.listAllDomains()).map((d) => d.name()),
    ...(await conn.listAllNetworks()).map((n) => n.name()),
  ].filter((n) => n.startsWith(PREFIX));
  try {
    const r = node(['--test', '--test-reporter=tap', 'failing.test.mjs']);
    expect(tapCounts(r.stdout)).toEqual({ tests: 1, pass: 0, fail: 1 });
    expect(r.stdout).toMatch(/deliberate failure/);
    expect(r.stdout).toMatch(new RegExp(`made ${PREFIX}-`)); // it got as far as making them
    expect(r.status).toBe(1);
    expect(await mine()).toEqual([]);
  } finally {
    // whatever a failed run left: the child is gone, so its objects are the sweep's
    await sweep(conn, { prefix: PREFIX }).catch(() => undefined);
    await conn.close();
  }
});

test("import { testHypervisor, scope, sweep } from 'libvirt-napi/testing' in an ES module, through the package's exports", () => {
  fs.writeFileSync(path.join(work, 'esm.mjs'), `
import { testHypervisor, scope, sweep, withScope, formatTestNode } from 'libvirt-napi/testing';
import { createRequire } from 'node:module';
const cjs = createRequire(import.meta.url)('libvirt-napi/testing');
const conn = await testHypervisor({ cpu: { cores: 3 } });
const s = scope(conn, { prefix: 'esm' });
await s.defineNetwork('<network><name>' + s.name('net') + '</name></network>');
const live = await sweep(conn, { prefix: 'esm', dryRun: true });
await s.close();
console.log(JSON.stringify({
  file: import.meta.resolve('libvirt-napi/testing'),
  same: testHypervisor === cjs.testHypervisor && scope === cjs.scope && sweep === cjs.sweep && withScope === cjs.withScope && formatTestNode === cjs.formatTestNode,
  cpus: (await conn.getInfo()).cpus,
  live: live.length,
  left: (await conn.listAllNetworks()).length,
}));
await conn.close();
`);
  const r = node(['esm.mjs']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual({ file: `file://${path.join(ROOT, 'dist', 'testing', 'index.js')}`, same: true, cpus: 3, live: 0, left: 0 });
});

test('await using closes a scope at the end of its block, also when the block throws (TypeScript downlevel on Node 20)', () => {
  fs.writeFileSync(path.join(work, 'using.mts'), `
import { testHypervisor, scope } from 'libvirt-napi/testing';

const conn = await testHypervisor();
const left = async (): Promise<string[]> => [
  ...(await conn.listAllDomains()).map((d) => d.name()),
  ...(await conn.listAllNetworks()).map((n) => n.name()),
];
const domain = (name: string) =>
  '<domain type="test"><name>' + name + '</name><memory unit="KiB">65536</memory><os><type arch="x86_64">hvm</type></os></domain>';
{
  await using s = scope(conn, { prefix: 'using' });
  await (await s.defineDomain(domain(s.name('dom')))).create();
  await s.defineNetwork('<network><name>' + s.name('net') + '</name></network>');
  console.log('inside ' + (await left()).length);
}
console.log('after ' + (await left()).length);
try {
  await using s = scope(conn, { prefix: 'using' });
  await s.createDomain(domain(s.name('transient')));
  await s.defineNetwork('<network><name>' + s.name('net') + '</name></network>');
  console.log('inside ' + (await left()).length);
  throw new Error('thrown in the block');
} catch (e) {
  console.log('caught ' + (e as Error).message);
}
console.log('after ' + (await left()).length);
await conn.close();
`);
  execFileSync(process.execPath, [TSC, '--target', 'ES2022', '--lib', 'es2022,esnext.disposable', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--strict', '--typeRoots', path.join(ROOT, 'node_modules', '@types'), '--types', 'node', 'using.mts'], { cwd: work, stdio: 'pipe' });
  // the output uses TypeScript's helpers, not the syntax Node 20 lacks
  expect(fs.readFileSync(path.join(work, 'using.mjs'), 'utf8')).toMatch(/__addDisposableResource/);
  const r = node(['using.mjs']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout.trim().split('\n')).toEqual(['inside 2', 'after 0', 'inside 2', 'caught thrown in the block', 'after 0']);
});
