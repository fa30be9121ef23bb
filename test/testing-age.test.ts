/**
 * sweep's olderThanMs is the age of each object: a domain's `created` in its owner
 * `<metadata>`, other objects' time tag in the scope prefix, and for objects made
 * before times were recorded, the creator's start time. On a test hypervisor holding
 * objects "left" by a process that is gone, so ages can be any; and the CLI's
 * --older-than on the same host (the CLI opens the hypervisor's node XML itself).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as lv from '../src';
import { testHypervisor, sweep, processStartTime } from '../src/testing';
import { timeTag, OWNER_NS } from '../src/testing/scope';
import { parseDuration } from '../src/cli';

const { xml } = lv;
const ROOT = path.resolve(__dirname, '..');
const P = 'lvage';
const HOUR = 3600_000;
// a process that ran and is gone
const dead = spawnSync(process.execPath, ['-e', '']).pid!;
const uptimeMs = () => Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 1000;
const now = Date.now();
const old = now - 2 * HOUR;
// what scopes write: `<prefix>-<pid>-<process start>-<random>t<created>-`
const tag = (created: number, pid = dead, start = '4242') => `${P}-${pid}-${start}-abcdef${timeTag(created)}-`;
// what scopes wrote before creation times were recorded: the creator's start time only
const legacy = (startTicks: string) => `${P}-${dead}-${startTicks}-abcdef-`;
const legacyNow = legacy(String(Math.floor(uptimeMs() / 10))); // its creator started just now
const legacyBoot = legacy('1'); // its creator started at boot

function domain(name: string, created?: number): lv.xml.Domain {
  const owner = created === undefined ? '' : `<metadata><o:owner xmlns:o="${OWNER_NS}" pid="${dead}" start="4242" created="${created}"/></metadata>`;
  return xml.parseDomain(`<domain type="test"><name>${name}</name>${owner}<memory unit="KiB">65536</memory><os><type arch="x86_64">hvm</type></os></domain>`);
}
const net = (name: string): lv.xml.Network => ({ name });
const vol = (name: string) => xml.parseStorageVolume(`<volume><name>${name}</name><capacity unit="bytes">1048576</capacity></volume>`);
const pool = (name: string) => xml.parseStoragePool(`<pool type="dir"><name>${name}</name><target><path>/var/lib/${name}</path></target></pool>`);

const spec = () => ({
  domains: [
    domain(`${tag(old)}dom-old`, old),
    // the metadata's time wins over the name's (the scope was made long before the domain)
    domain(`${tag(old)}dom-young`, now),
    // metadata without a creation time (older versions): the name's tag gives it
    domain(`${tag(old)}dom-tagged`),
  ],
  networks: [
    net(`${tag(old)}net-old`),
    net(`${tag(now)}net-young`),
    net(`${legacyNow}net-legacy-young`),
    net(`${legacyBoot}net-legacy-boot`),
    // a live creator: never swept, however old
    net(`${tag(old, process.pid, processStartTime(process.pid)!)}net-live`),
  ],
  pools: [
    { pool: pool(`${tag(old)}pool-old`) },
    { pool: pool('images'), volumes: [vol(`${tag(old)}vol-old.img`), vol(`${tag(now)}vol-young.img`)] },
  ],
});

const names = (list: { kind: string; name: string }[]) => list.map((o) => `${o.kind} ${o.name}`).sort();
const OLD = [`domain ${tag(old)}dom-old`, `domain ${tag(old)}dom-tagged`, `network ${tag(old)}net-old`, `pool ${tag(old)}pool-old`, `volume ${tag(old)}vol-old.img`];
// the creator of legacyBoot started at boot: older than an hour when the host has been up that long
const oldAfterHour = () => [...OLD, ...(uptimeMs() > HOUR + 60_000 ? [`network ${legacyBoot}net-legacy-boot`] : [])].sort();

test('olderThanMs keeps objects made less than that long ago, and removes the older ones whose creator is gone', async () => {
  const conn = await testHypervisor(spec());
  try {
    expect(names(await sweep(conn, { prefix: P, olderThanMs: HOUR, dryRun: true }))).toEqual(oldAfterHour());
    // the legacy objects go by their creator's start: at boot, or just now
    const boot = await sweep(conn, { prefix: P, olderThanMs: uptimeMs() - 60_000, dryRun: true });
    expect(names(boot).filter((n) => n.includes('legacy'))).toEqual(uptimeMs() > 120_000 ? [`network ${legacyBoot}net-legacy-boot`] : []);

    expect(names(await sweep(conn, { prefix: P, olderThanMs: HOUR }))).toEqual(oldAfterHour());
    expect((await conn.listAllDomains()).map((d) => d.name()).sort()).toEqual([`${tag(old)}dom-young`]);
    expect((await conn.listAllNetworks()).map((n) => n.name()).filter((n) => !n.includes('legacy-boot')).sort()).toEqual(
      [`${legacyNow}net-legacy-young`, `${tag(old, process.pid, processStartTime(process.pid)!)}net-live`, `${tag(now)}net-young`].sort(),
    );
    const images = await conn.storagePoolLookupByName('images');
    expect((await images.listAllVolumes()).map((v) => v.name())).toEqual([`${tag(now)}vol-young.img`]);

    // without olderThanMs, everything of a gone creator goes; the live one stays
    await sweep(conn, { prefix: P });
    expect(await conn.listAllDomains()).toEqual([]);
    expect((await conn.listAllNetworks()).map((n) => n.name())).toEqual([`${tag(old, process.pid, processStartTime(process.pid)!)}net-live`]);
    expect(await images.listAllVolumes()).toEqual([]);
  } finally {
    await conn.close();
  }
});

describe('libvirt-napi sweep --older-than', () => {
  beforeAll(() => {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  }, 120_000);
  const cli = (uri: string, ...args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli', 'index.js'), 'sweep', '--uri', uri, '--prefix', P, ...args], { encoding: 'utf8' });

  test('takes 90s, 10m, 2h, 1d or milliseconds, and refuses anything else', async () => {
    expect(parseDuration('--older-than', '90s')).toBe(90_000);
    expect(parseDuration('--older-than', '10m')).toBe(600_000);
    expect(parseDuration('--older-than', '2h')).toBe(7_200_000);
    expect(parseDuration('--older-than', '1d')).toBe(86_400_000);
    expect(parseDuration('--older-than', '1500')).toBe(1500);
    expect(parseDuration('--older-than', '250ms')).toBe(250);
    for (const bad of ['soon', '-5m', '10 minutes', '1w', 'h']) expect(() => parseDuration('--older-than', bad)).toThrow(/--older-than must be a duration/);

    const conn = await testHypervisor(spec());
    try {
      const uri = await conn.getURI();
      for (const d of ['1h', '60m', String(HOUR)]) {
        const r = cli(uri, '--older-than', d, '--dry-run', '--json');
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        expect(names(JSON.parse(r.stdout))).toEqual(oldAfterHour());
      }
      const all = cli(uri, '--dry-run', '--json');
      expect(names(JSON.parse(all.stdout))).toEqual(expect.arrayContaining([`network ${tag(now)}net-young`, `domain ${tag(old)}dom-young`]));
      const removed = cli(uri, '--older-than=1h');
      expect(removed.status).toBe(0);
      expect(removed.stdout).toContain(`removed network ${tag(old)}net-old (pid ${dead} gone)`);
      expect(removed.stdout).not.toContain('net-young');

      const bad = cli(uri, '--older-than', 'soon');
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/--older-than must be a duration such as 90s, 10m, 2h, 1d or a number of milliseconds, got "soon"/);
      expect(cli(uri, '--older-than').stderr).toMatch(/--older-than needs a value/);
    } finally {
      await conn.close();
    }
    // another command has no --older-than
    const ls = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli', 'index.js'), 'ls', '--older-than', '1h'], { encoding: 'utf8' });
    expect(ls.status).toBe(2);
    expect(ls.stderr).toMatch(/ls has no option --older-than/);
  });
});
