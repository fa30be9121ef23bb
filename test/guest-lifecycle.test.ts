/**
 * From an image to a ready guest and back, on qemu:///system: guest.up with a qcow2
 * overlay over the test image's base image (scripts/make-test-image.sh), a cloud-init
 * seed and an isolated libvirt network (no <forward>, a /24 the host does not use),
 * waiting for the guest agent; guest.exec and guest.addresses through the agent;
 * guest.down, checked through the storage API. Failed ups leave nothing behind. 8 guests
 * go up at once into one pool. `wait: 'ip'` is answered by the DHCP leases of a second
 * isolated network, for a guest with no agent. Everything is named napi-glife-<pid>-...,
 * in a storage pool of the test's own.
 *
 * Domain type: LIBVIRT_NAPI_GUEST_VIRT_TYPE (default qemu, TCG), as the other boot tests.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFile, execFileSync } from 'child_process';
import { guest, open, xml, BindingError, LibvirtError, VIR_ERR_NO_DOMAIN } from '../src';
import type { Connection, StoragePool } from '../src';
import { cleanupDomains, openSystem, SYSTEM_URI } from './helpers/libvirt';
import { freeSubnet, isolatedNetworkXML, GUEST_VIRT_TYPE, prepareTestGuest } from './helpers/guest';

const PREFIX = `napi-glife-${process.pid}-`;
const NET = `${PREFIX}net`;
const DHCP_NET = `${PREFIX}dhcp`;
/** The DHCP range of DHCP_NET: A.B.C.100 to A.B.C.199. */
const DHCP_RANGE = { start: 100, end: 199 };
const POOL = `${PREFIX}pool`;
const SCRIPT = path.resolve(__dirname, '../scripts/make-test-image.sh');

let conn: Connection | null = null;
let dir = '';
let files: { kernel: string; initrd: string; cmdline: string; image: string };
let subnet = '';
let dhcpSubnet = '';
let pool: StoragePool;

beforeAll(async () => {
  conn = await openSystem();
  if (!conn) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'libvirt-napi-glife-'));
  fs.chmodSync(dir, 0o755);
  files = JSON.parse(execFileSync('bash', [SCRIPT, path.join(dir, 'image')], { encoding: 'utf8' }));
  fs.mkdirSync(path.join(dir, 'pool'), { mode: 0o755 });
  fs.chmodSync(path.join(dir, 'pool'), 0o755);
  pool = await conn.storagePoolCreateXML(`<pool type='dir'><name>${POOL}</name><target><path>${dir}/pool</path></target></pool>`, 0);
  subnet = await freeSubnet(conn);
  // isolated: no <forward>, no DHCP (addresses come from the seed's network-config)
  await conn.networkCreateXML(isolatedNetworkXML(NET, subnet));
  // and one that leases addresses (the /24 after the first is taken: freeSubnet reads the networks)
  dhcpSubnet = await freeSubnet(conn);
  await conn.networkCreateXML(isolatedNetworkXML(DHCP_NET, dhcpSubnet, DHCP_RANGE));
}, 300_000);

afterAll(async () => {
  if (!conn) return;
  await conn.close().catch(() => undefined);
  // a fresh connection: the test's own may have been cut by a daemon restart
  const fresh = await open(SYSTEM_URI);
  try {
    await cleanupDomains(fresh, PREFIX);
    for (const p of await fresh.listAllStoragePools()) {
      const x = await p.XMLDesc(0);
      // the test's pool, and the one guest.up made for the base image's directory
      if (p.name().startsWith(PREFIX) || x.includes(`<path>${dir}/`)) {
        if (p.name().startsWith(PREFIX)) for (const v of await p.listAllVolumes()) await v.delete(0).catch(() => undefined);
        await p.destroy().catch(() => undefined);
      }
    }
    for (const n of await fresh.listAllNetworks()) if (n.name() === NET || n.name() === DHCP_NET) await n.destroy().catch(() => undefined);
  } finally {
    await fresh.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

const macOf = (i: number) => `52:54:00:6c:66:${(0x10 + i).toString(16)}`;

function specFor(name: string, i: number, token: string): guest.GuestSpec {
  return {
    name, memoryMiB: 256, vcpus: 1, arch: 'x86_64', virtType: GUEST_VIRT_TYPE,
    kernel: files.kernel, initrd: files.initrd, cmdline: files.cmdline,
    pool: POOL,
    disks: [{ image: files.image, overlay: true }],
    cloudInit: {
      userData: `#cloud-config\nlibvirt_napi_marker: ${token}\n`,
      metaData: `instance-id: iid-${token}\nlocal-hostname: glife-${i}\n`,
      networkConfig: `version: 2\nethernets:\n  nic0:\n    match:\n      macaddress: "${macOf(i)}"\n    addresses:\n      - ${subnet}.${10 + i}/24\n`,
    },
    interfaces: [{ type: 'network', source: NET, mac: macOf(i) }],
  };
}

async function volumeNames(): Promise<string[]> {
  await pool.refresh(0);
  return (await pool.listAllVolumes()).map((v) => v.name()).sort();
}

async function domainExists(name: string): Promise<boolean> {
  try {
    await conn!.lookupByName(name);
    return true;
  } catch (e) {
    if (e instanceof LibvirtError && e.code === VIR_ERR_NO_DOMAIN) return false;
    throw e;
  }
}

test(`up (overlay + cloud-init + isolated network, wait agent) -> exec -> addresses -> down leaves nothing (${GUEST_VIRT_TYPE})`, async () => {
  if (!conn) return;
  const name = `${PREFIX}one`;
  const spec = specFor(name, 0, `glife-${process.pid}`);
  const steps: string[] = [];
  const r = await guest.up(conn, spec, { wait: 'agent', timeoutMs: 300_000, onProgress: (p) => steps.push(p.step) });
  try {
    expect(steps).toEqual(expect.arrayContaining(['creating overlay', 'making cloud-init seed', 'defining', 'starting', 'waiting for agent', 'agent ready']));
    expect(r.volumes.map((v) => v.name).sort()).toEqual(await volumeNames());
    expect(r.volumes.length).toBe(2);
    // the seed's user-data, read in the guest through the agent
    const cat = await guest.exec(r.domain, ['cat', '/run/seed/user-data']);
    expect(cat).toEqual({ exitCode: 0, stdout: spec.cloudInit!.userData, stderr: '', stdoutTruncated: false, stderrTruncated: false, pid: expect.any(Number) });
    // stdin, stderr and a failing exit code
    const sh = await guest.exec(r.domain, ['sh', '-c', 'tr a-z A-Z; echo oops >&2; exit 3'], { input: 'hello\n' });
    expect(sh).toMatchObject({ exitCode: 3, stdout: 'HELLO\n', stderr: 'oops\n' });
    // a program that does not exist: the agent's reason
    await expect(guest.exec(r.domain, ['/no/such/program'])).rejects.toThrow(/guest-exec.*\/no\/such\/program.*No such file/);
    // the address from network-config, reported by the agent
    const ifaces = await guest.addresses(r.domain);
    const nic = ifaces.find((i) => i.hwaddr === macOf(0));
    expect(nic?.addresses).toEqual(expect.arrayContaining([{ type: 'ipv4', address: `${subnet}.10`, prefix: 24 }]));
    expect(ifaces.some((i) => i.name === 'lo')).toBe(false);
    expect((await guest.addresses(r.domain, { all: true })).some((i) => i.name === 'lo')).toBe(true);
    // the 'ip' wait finds it too
    expect((await guest.waitReady(r.domain, 'ip', { timeoutMs: 30_000 })).addresses).toContain(`${subnet}.10`);
  } finally {
    const d = await guest.down(conn, name);
    expect(d.deletedVolumes.map((v) => v.name).sort()).toEqual(r.volumes.map((v) => v.name).sort());
  }
  expect(await domainExists(name)).toBe(false);
  expect(await volumeNames()).toEqual([]);
}, 400_000);

test('a failed up leaves nothing behind: a bad image path, an agent that never answers', async () => {
  if (!conn) return;
  const bad = { ...specFor(`${PREFIX}badimg`, 1, 'x'), disks: [{ image: `${dir}/image/no-such-base.qcow2`, overlay: true as const }] };
  await expect(guest.up(conn, bad, { wait: 'agent', timeoutMs: 60_000 })).rejects.toThrow(/no-such-base\.qcow2/);
  expect(await domainExists(bad.name)).toBe(false);
  expect(await volumeNames()).toEqual([]);

  // a guest whose init is a shell waiting on the console: it runs, but no agent ever starts
  const plain = prepareTestGuest();
  const silent: guest.GuestSpec = {
    ...specFor(`${PREFIX}noagent`, 2, 'y'),
    kernel: plain.kernel, initrd: plain.initrd, cmdline: 'console=ttyS0 rdinit=/bin/sh',
  };
  const e = await guest.up(conn, silent, { wait: 'agent', timeoutMs: 8000 }).then(() => null, (err: Error) => err);
  expect(e).toBeInstanceOf(BindingError);
  expect((e as BindingError).code).toBe('ERR_LIBVIRT_TIMEOUT');
  expect(e!.message).toMatch(/waiting for the guest agent to answer guest-ping/);
  expect(await domainExists(silent.name)).toBe(false);
  expect(await volumeNames()).toEqual([]);
}, 200_000);

test('8 guests up (wait agent) at once into one pool, each with an overlay, an uploaded qcow2 disk and a seed, and down', async () => {
  if (!conn) return;
  const names = Array.from({ length: 8 }, (_, i) => `${PREFIX}many-${i}`);
  // a small qcow2 image to upload: its format must come back from libvirt after the upload
  const extra = path.join(dir, 'extra.qcow2');
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', extra, '16M']);
  const t0 = Date.now();
  // all into the test's one pool: each up's volume builds and pool refresh meet the others'
  const ups = await Promise.allSettled(names.map((n, i) => guest.up(conn!, {
    ...specFor(n, 10 + i, `many-${i}`), disks: [{ image: files.image, overlay: true }, { upload: extra }],
  }, { wait: 'agent', timeoutMs: 600_000 })));
  const upMs = Date.now() - t0;
  try {
    const failed = ups.filter((u) => u.status === 'rejected') as PromiseRejectedResult[];
    if (failed.length) throw failed[0].reason;
    const results = ups.map((u) => (u as PromiseFulfilledResult<guest.UpResult>).value);
    expect(results.map((r) => r.volumes.map((v) => [v.kind, v.format]))).toEqual(names.map(() => [['overlay', 'qcow2'], ['upload', 'qcow2'], ['seed', 'iso']]));
    expect(await volumeNames()).toEqual(results.flatMap((r) => r.volumes.map((v) => v.name)).sort());
    // each guest is its own: its host name from its own seed
    const hosts = await Promise.all(results.map((r) => guest.exec(r.domain, ['cat', '/proc/sys/kernel/hostname'])));
    expect(hosts.map((h) => h.stdout.trim())).toEqual(names.map((_, i) => `glife-${10 + i}`));
  } finally {
    const downs = await Promise.allSettled(names.map((n) => guest.down(conn!, n)));
    for (const [i, d] of downs.entries()) {
      // a guest whose up failed was already removed by up itself
      if (d.status === 'rejected' && ups[i].status === 'fulfilled') throw d.reason;
    }
  }
  for (const n of names) expect(await domainExists(n)).toBe(false);
  expect(await volumeNames()).toEqual([]);
  // eslint-disable-next-line no-console
  console.log(`8 guests (${GUEST_VIRT_TYPE}) into one pool: up to agent ready in ${upMs} ms`);
}, 900_000);

test("wait 'ip' through the DHCP leases of an isolated network, for a guest with no agent channel", async () => {
  if (!conn) return;
  const name = `${PREFIX}lease`;
  const mac = macOf(6);
  const base = specFor(name, 6, 'lease');
  const spec: guest.GuestSpec = {
    ...base,
    guestAgent: false,
    interfaces: [{ type: 'network', source: DHCP_NET, mac }],
    cloudInit: { ...base.cloudInit!, networkConfig: `version: 2\nethernets:\n  nic0:\n    match:\n      macaddress: "${mac}"\n    dhcp4: true\n` },
  };
  const found: guest.Progress[] = [];
  const r = await guest.up(conn, spec, { wait: 'ip', timeoutMs: 300_000, onProgress: (p) => p.step === 'address found' && found.push(p) });
  try {
    // no agent channel: the address can only have come from the network's leases
    expect(xml.parseDomain(await r.domain.XMLDesc(0)).devices?.channel ?? []).toEqual([]);
    expect(found).toHaveLength(1);
    expect(found[0].detail?.source).toBe('lease');
    const leases = await (await conn.networkLookupByName(DHCP_NET)).DHCPLeases(mac);
    expect(leases).toHaveLength(1);
    expect(r.ready.addresses).toEqual([leases[0].ipaddr]);
    const m = new RegExp(`^${dhcpSubnet.replace(/\./g, '\\.')}\\.(\\d+)$`).exec(leases[0].ipaddr ?? '');
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(DHCP_RANGE.start);
    expect(Number(m![1])).toBeLessThanOrEqual(DHCP_RANGE.end);
    expect(leases[0]).toMatchObject({ mac, prefix: 24 });
    // guest.addresses says the same, from the same source
    expect(await guest.addresses(r.domain)).toEqual([{ name: expect.any(String), hwaddr: mac, addresses: [{ type: 'ipv4', address: leases[0].ipaddr, prefix: 24 }] }]);
  } finally {
    await guest.down(conn, name);
  }
  expect(await domainExists(name)).toBe(false);
}, 400_000);

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli', 'index.js');

/** Runs a node program; resolves its exit code and output (never rejects on a non-zero exit). */
function run(file: string, args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [file, ...args], { encoding: 'utf8', timeout: 600_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1) : 0;
      resolve({ code, stdout, stderr });
    });
    child.stdin!.end(input ?? '');
  });
}

test("the CLI's exec and ip on a guest up made, and examples/guest-ready.ts", async () => {
  if (!conn) return;
  // the CLI and the example run from dist/ and from a compiled copy, as users run them
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/postbuild.js')], { cwd: ROOT, stdio: 'pipe' });
  const work = path.join(dir, 'example');
  fs.mkdirSync(path.join(work, 'node_modules'), { recursive: true });
  fs.symlinkSync(ROOT, path.join(work, 'node_modules', 'libvirt-napi'), 'dir');
  fs.copyFileSync(path.join(ROOT, 'examples/guest-ready.ts'), path.join(work, 'guest-ready.ts'));
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--target', 'es2022', '--types', 'node', '--typeRoots', path.join(ROOT, 'node_modules/@types'), '--outDir', work, path.join(work, 'guest-ready.ts')], { cwd: work, stdio: 'pipe' });
  const exampleSpec = path.join(dir, 'example-spec.json');
  fs.writeFileSync(exampleSpec, JSON.stringify({ ...specFor(`${PREFIX}example`, 4, 'example'), pool: POOL }));
  const example = run(path.join(work, 'guest-ready.js'), [SYSTEM_URI, exampleSpec]);

  const name = `${PREFIX}cli`;
  await guest.up(conn, specFor(name, 3, 'cli'), { wait: 'agent', timeoutMs: 300_000 });
  try {
    const cat = await run(CLI, ['-c', SYSTEM_URI, 'exec', name, '--', 'cat', '/run/seed/user-data']);
    expect(cat).toEqual({ code: 0, stdout: '#cloud-config\nlibvirt_napi_marker: cli\n', stderr: '' });
    // stdin is the command's input; its stderr and exit code come back; options after -- are the command's
    const sh = await run(CLI, ['-c', SYSTEM_URI, 'exec', name, '--', 'sh', '-c', 'tr a-z A-Z; echo --json >&2; exit 5'], 'piped\n');
    expect(sh).toEqual({ code: 5, stdout: 'PIPED\n', stderr: '--json\n' });
    const js = await run(CLI, ['-c', SYSTEM_URI, 'exec', name, '--json', '--', 'sh', '-c', 'exit 7']);
    expect(js.code).toBe(0);
    expect(JSON.parse(js.stdout)).toMatchObject({ exitCode: 7, stdout: '', stderr: '' });
    const none = await run(CLI, ['-c', SYSTEM_URI, 'exec', name]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/exec needs the command after --/);

    const ip = await run(CLI, ['-c', SYSTEM_URI, 'ip', name]);
    expect(ip.code).toBe(0);
    expect(ip.stdout).toMatch(new RegExp(`^\\S+\\s+${macOf(3)}\\s+${subnet.replace(/\./g, '\\.')}\\.13/24$`, 'm'));
    expect(ip.stdout).not.toMatch(/127\.0\.0\.1/);
    const ipj = JSON.parse((await run(CLI, ['-c', SYSTEM_URI, 'ip', name, '--json', '--all'])).stdout);
    expect(ipj.find((i: guest.GuestInterface) => i.hwaddr === macOf(3)).addresses).toContainEqual({ type: 'ipv4', address: `${subnet}.13`, prefix: 24 });
    expect(ipj.some((i: guest.GuestInterface) => i.name === 'lo')).toBe(true);
  } finally {
    await guest.down(conn, name);
  }
  const ex = await example;
  expect(ex.stderr).toMatch(/\.\. agent ready/);
  expect(ex.stdout.split('\n')).toEqual([
    'exit 0: hostname glife-4',
    'stdin: 4 bytes',
    expect.stringMatching(new RegExp(`^\\S+ ${macOf(4)}: ${subnet.replace(/\./g, '\\.')}\\.14/24$`)),
    'down: 2 volumes deleted',
    '',
  ]);
  expect(ex.code).toBe(0);
  expect(await domainExists(`${PREFIX}example`)).toBe(false);
  expect(await volumeNames()).toEqual([]);
}, 600_000);
