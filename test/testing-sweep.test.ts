/**
 * sweep() on qemu:///system: a child process killed with SIGKILL in the middle of
 * a scope leaves objects that sweep removes; a live process's objects survive.
 * The child runs the built package (dist/, built in beforeAll).
 */
import { execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as lv from '../src';
import { scope, sweep } from '../src/testing';
import { openSystem, x86DomainType } from './helpers/libvirt';

const ROOT = path.resolve(__dirname, '..');
const PREFIX = `lvn-sweep${process.pid}`;
const poolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-sweep-pool-'));
fs.chmodSync(poolDir, 0o755);

/** What the child makes: one object of each kind, then it reports its scope prefix and waits. */
const CHILD = `
const lv = require(${JSON.stringify(path.join(ROOT, 'dist'))});
const { scope } = require(${JSON.stringify(path.join(ROOT, 'dist', 'testing'))});
(async () => {
  const conn = await lv.open('qemu:///system');
  // an optional delay: the process is older than what it makes
  await new Promise((r) => setTimeout(r, Number(process.argv[2] ?? 0)));
  const s = scope(conn, { prefix: ${JSON.stringify(PREFIX)} });
  await make(s, process.argv[1]);
  process.stdout.write(s.prefix + '\\n');
  setInterval(() => {}, 1000);
})().catch((e) => { console.error(e); process.exit(3); });
${makeSource()}
`;

function makeSource(): string {
  return `async function make(s, domType) {
    await s.defineDomain('<domain type="' + domType + '"><name>' + s.name('dom') + '</name><memory unit="KiB">65536</memory><os><type arch="x86_64">hvm</type></os></domain>');
    await s.defineNetwork('<network><name>' + s.name('net') + '</name></network>');
    const pool = await s.createPool('<pool type="dir"><name>' + s.name('pool') + '</name><target><path>${poolDir}/' + s.name('pool') + '</path></target></pool>', 1 /* CREATE_WITH_BUILD */);
    await s.createVolume(pool, '<volume><name>' + s.name('vol') + '.img</name><capacity unit="bytes">1048576</capacity></volume>');
    await s.defineSecret('<secret ephemeral="no" private="yes"><usage type="volume"><volume>/nonexistent/' + s.name('secret') + '</volume></usage></secret>');
  }`;
}
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const make = new Function(`${makeSource()}; return make;`)() as (s: unknown, domType: string) => Promise<void>;

let conn: lv.Connection;
beforeAll(async () => {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  conn = (await openSystem())!;
}, 120000);
afterAll(async () => {
  // whatever a failed run left: nothing of this process is alive any more but this test
  await conn?.close();
  fs.rmSync(poolDir, { recursive: true, force: true });
});

function names(list: { kind: string; name: string }[]): string[] {
  return list.map((o) => `${o.kind} ${o.name}`).sort();
}

/** Starts the child; resolves it with its scope prefix once its objects exist. */
async function startChild(domType: string, delayMs = 0): Promise<{ child: ReturnType<typeof spawn>; childPrefix: string }> {
  const child = spawn(process.execPath, ['-e', CHILD, domType, String(delayMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const childPrefix = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b) => {
      out += b;
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', (code) => reject(new Error(`child exited with ${code}`)));
  });
  return { child, childPrefix };
}

function expectedOf(childPrefix: string): string[] {
  return [
    `domain ${childPrefix}dom`,
    `network ${childPrefix}net`,
    `pool ${childPrefix}pool`,
    `volume ${childPrefix}vol.img`,
    `secret /nonexistent/${childPrefix}secret`,
  ].sort();
}

test('a SIGKILLed child leaves objects that sweep removes, and only those', async () => {
  const domType = await x86DomainType(conn);
  const { child, childPrefix } = await startChild(domType);
  const live = scope(conn, { prefix: PREFIX });
  try {
    await make(live, domType);
    // while the child runs, nothing is the sweep's
    expect(await sweep(conn, { prefix: PREFIX, dryRun: true })).toEqual([]);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const expected = expectedOf(childPrefix);
    const planned = await sweep(conn, { prefix: PREFIX, dryRun: true });
    expect(names(planned)).toEqual(expected);
    expect(planned.every((o) => o.pid === child.pid)).toBe(true);
    // a dry run removed nothing; a creator younger than olderThanMs is left alone
    expect(names(await sweep(conn, { prefix: PREFIX, olderThanMs: 3600_000, dryRun: true }))).toEqual([]);
    expect(names(await sweep(conn, { prefix: PREFIX }))).toEqual(expected);
    expect(await sweep(conn, { prefix: PREFIX, dryRun: true })).toEqual([]);

    // the live scope's objects survived
    expect((await conn.lookupByName(live.name('dom'))).name()).toBe(live.name('dom'));
    expect((await conn.networkLookupByName(live.name('net'))).name()).toBe(live.name('net'));
    const pool = await conn.storagePoolLookupByName(live.name('pool'));
    expect((await pool.listAllVolumes()).map((v) => v.name())).toEqual([live.name('vol') + '.img']);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await live.close();
    // if an assertion failed before the sweep, the child's objects go now
    await sweep(conn, { prefix: PREFIX }).catch(() => undefined);
  }
}, 60000);

test('olderThanMs counts from when the objects were made, not from when their creator started', async () => {
  // the child runs 8 s before it makes anything; its objects are then a few seconds old
  const { child, childPrefix } = await startChild(await x86DomainType(conn), 8000);
  const madeBy = Date.now();
  try {
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // the creator started at least 8 s ago, its objects at most ~1 s before madeBy (the name's tag is to the second)
    const young = await sweep(conn, { prefix: PREFIX, olderThanMs: 6000, dryRun: true });
    expect(Date.now() - madeBy).toBeLessThan(4000); // else this host is too slow for the check to mean anything
    expect(young).toEqual([]);
    await new Promise((r) => setTimeout(r, 6000 - (Date.now() - madeBy) + 500));
    expect(names(await sweep(conn, { prefix: PREFIX, olderThanMs: 6000 }))).toEqual(expectedOf(childPrefix));
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await sweep(conn, { prefix: PREFIX }).catch(() => undefined);
  }
}, 60000);

test('the CLI: libvirt-napi sweep --prefix P [--dry-run] --uri U', async () => {
  const { child, childPrefix } = await startChild(await x86DomainType(conn));
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli', 'index.js'), 'sweep', '--uri', 'qemu:///system', '--prefix', PREFIX, ...args], {
      encoding: 'utf8',
    });
  try {
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const dry = cli('--dry-run', '--json');
    expect(dry.status).toBe(0);
    expect(names(JSON.parse(dry.stdout))).toEqual(expectedOf(childPrefix));
    const real = cli();
    expect(real.status).toBe(0);
    expect(real.stdout).toContain(`removed domain ${childPrefix}dom (pid ${child.pid} gone)`);
    expect(await sweep(conn, { prefix: PREFIX, dryRun: true })).toEqual([]);
    const bad = cli('--prefix', 'a b');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--prefix must hold only/);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await sweep(conn, { prefix: PREFIX }).catch(() => undefined);
  }
}, 60000);

test('a bad prefix is refused', async () => {
  await expect(sweep(conn, { prefix: '' })).rejects.toThrow(/prefix must be/);
  await expect(sweep(conn, { prefix: 'x', olderThanMs: -1 })).rejects.toThrow(/olderThanMs/);
});
