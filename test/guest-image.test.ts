/**
 * The agent test guest of scripts/make-test-image.sh on qemu:///system: Debian's kernel,
 * a busybox initramfs with qemu-ga, and a qcow2 base image. Each test boots it with a
 * NoCloud seed ISO made here (xorriso), a qcow2 overlay over the base image and an
 * isolated libvirt network, then checks through the binding what the guest's init did:
 * the marker from user-data on the serial console (console stream), the agent's answers
 * (guest-ping, host name from meta-data, the address from network-config), and
 * guest-exec reading the seed and the base image's marker file.
 *
 * Domain type: LIBVIRT_NAPI_GUEST_VIRT_TYPE (default qemu, TCG; kvm when asked for and
 * offered by the host), as test/guest-boot.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { guest, open, openConsoleStream, xml, VIR_DOMAIN_START_PAUSED } from '../src';
import type { Connection, Domain, LibvirtStream } from '../src';
import { cleanupDomains, openSystem, until, SYSTEM_URI } from './helpers/libvirt';
import { freeSubnet, isolatedNetworkXML, GUEST_VIRT_TYPE } from './helpers/guest';

const PREFIX = `napi-gimg-${process.pid}-`;
const NET = `${PREFIX}net`;
const SCRIPT = path.resolve(__dirname, '../scripts/make-test-image.sh');

let conn: Connection | null = null;
let dir = '';
let files: { kernel: string; initrd: string; cmdline: string; image: string };
let subnet = ''; // A.B.C (a /24 the host does not use)

beforeAll(async () => {
  conn = await openSystem();
  if (!conn) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'libvirt-napi-gimg-'));
  fs.chmodSync(dir, 0o755);
  files = JSON.parse(execFileSync('bash', [SCRIPT, path.join(dir, 'image')], { encoding: 'utf8' }));
  subnet = await freeSubnet(conn);
  // isolated: no <forward>; no DNS or DHCP (the guest's address comes from the seed)
  await conn.networkCreateXML(isolatedNetworkXML(NET, subnet));
}, 120000);

afterAll(async () => {
  if (!conn) return;
  await conn.close().catch(() => undefined);
  try {
    // a fresh connection: the test's own may have been cut by a restart of the shared
    // daemon, which may still be coming back
    let fresh: Connection | null = null;
    await until(async () => (fresh = await open(SYSTEM_URI).catch(() => null)) !== null, 60000, `${SYSTEM_URI} to answer for the clean-up`);
    const c = fresh!;
    try {
      await cleanupDomains(c, PREFIX);
      for (const n of await c.listAllNetworks()) {
        if (n.name() === NET) await n.destroy();
      }
    } finally {
      await c.close();
    }
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}, 90000);

/** Writes a NoCloud seed ISO (label cidata) with the given files; returns its path. */
function makeSeed(name: string, entries: Record<string, string>): string {
  const src = path.join(dir, `${name}-seed`);
  fs.mkdirSync(src);
  for (const [f, text] of Object.entries(entries)) fs.writeFileSync(path.join(src, f), text);
  const iso = path.join(dir, `${name}-seed.iso`);
  execFileSync('xorriso', ['-as', 'mkisofs', '-quiet', '-V', 'cidata', '-J', '-R', '-o', iso, src], { stdio: 'pipe' });
  fs.chmodSync(iso, 0o644);
  return iso;
}

/** A qcow2 overlay over the base image, so the guest sees the base image's content. */
function makeOverlay(name: string): string {
  const p = path.join(dir, `${name}.qcow2`);
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', files.image, p]);
  fs.chmodSync(p, 0o644);
  return p;
}

/** One guest agent command through libvirt; returns the reply's `return`. */
async function agent(dom: Domain, execute: string, args?: unknown, timeoutSec = 10): Promise<any> {
  const reply = await dom.qemuAgentCommand(JSON.stringify(args === undefined ? { execute } : { execute, arguments: args }), timeoutSec, 0);
  return JSON.parse(reply).return;
}

/** guest-exec then guest-exec-status until the command exits; stdout decoded. */
async function exec(dom: Domain, argv: string[]): Promise<{ exitcode: number; out: string }> {
  const { pid } = await agent(dom, 'guest-exec', { path: argv[0], arg: argv.slice(1), 'capture-output': true });
  let st: any;
  await until(async () => (st = await agent(dom, 'guest-exec-status', { pid })).exited, 30000, `${argv.join(' ')} to exit`);
  return { exitcode: st.exitcode, out: Buffer.from(st['out-data'] ?? '', 'base64').toString('utf8') };
}

/** What libvirt answers while the guest's agent is not (yet) listening. */
const AGENT_NOT_YET = ['VIR_ERR_AGENT_UNRESPONSIVE', 'VIR_ERR_AGENT_UNSYNCED', 'VIR_ERR_OPERATION_TIMEOUT'];

interface Booted { dom: Domain; console: () => string; agentMs: number; startedMs: number; close: () => void }

/**
 * Defines and starts the guest (paused first, so the console stream sees every line),
 * then waits for the agent to answer guest-ping.
 */
async function boot(spec: guest.GuestSpec): Promise<Booted> {
  const c = conn!;
  const caps = xml.parseCapabilities(await c.getCapabilities());
  const info = guest.resolveGuest(spec, { capabilities: caps });
  const dc = xml.parseDomainCapabilities(await c.getDomainCapabilities(null, info.arch, info.machine ?? null, info.virtType));
  const def = guest.buildDomain(spec, { capabilities: caps, domainCapabilities: dc });
  def.devices ??= {};
  def.devices.channel = [{ type: 'unix', target: { type: 'virtio', name: 'org.qemu.guest_agent.0' } }];
  const dom = await c.defineXML(xml.formatDomain(def));
  await dom.createWithFlags(VIR_DOMAIN_START_PAUSED);
  let text = '';
  let startedMs = -1;
  let t0 = 0; // the guest writes nothing before it is resumed
  const con: LibvirtStream = await openConsoleStream(dom, null, 0);
  con.on('data', (d: Buffer) => {
    text += d.toString('latin1');
    if (startedMs < 0 && text.includes('LIBVIRT-NAPI-AGENT-STARTED')) startedMs = Date.now() - t0;
  });
  con.on('error', () => undefined); // the stream ends with the guest
  t0 = Date.now();
  await dom.resume();
  let agentMs = -1;
  try {
    await until(async () => {
      try {
        await agent(dom, 'guest-ping', undefined, 2);
        return true;
      } catch (e) {
        // not up yet; anything else (a closed connection, a dead guest) fails at once
        if (AGENT_NOT_YET.includes((e as { codeName?: string }).codeName ?? '')) return false;
        throw e;
      }
    }, 240000, `${spec.name}'s agent to answer guest-ping`);
    agentMs = Date.now() - t0;
  } catch (e) {
    throw new Error(`${(e as Error).message}; its console's last lines:\n${text.split('\n').slice(-20).join('\n')}`);
  }
  return { dom, console: () => text, agentMs, startedMs, close: () => con.destroy() };
}

async function consoleLine(b: Booted, re: RegExp, what: string): Promise<RegExpMatchArray> {
  let m: RegExpMatchArray | null = null;
  await until(() => (m = re.exec(b.console())) !== null, 30000, what).catch((e: Error) => {
    throw new Error(`${e.message}; console:\n${b.console().split('\n').slice(-20).join('\n')}`);
  });
  return m!;
}

test('the script prints the spec fields as JSON, readable by qemu, and reuses what it built', () => {
  if (!conn) return;
  expect(Object.keys(files).sort()).toEqual(['cmdline', 'image', 'initrd', 'kernel']);
  for (const f of [files.kernel, files.initrd, files.image]) {
    expect(path.isAbsolute(f)).toBe(true);
    expect(fs.statSync(f).mode & 0o777).toBe(0o644);
  }
  expect(fs.statSync(path.dirname(files.image)).mode & 0o777).toBe(0o755);
  expect(files.cmdline).toMatch(/console=ttyS0/);
  const info = JSON.parse(execFileSync('qemu-img', ['info', '--output=json', files.image], { encoding: 'utf8' }));
  expect(info.format).toBe('qcow2');
  // a second run with nothing changed rebuilds nothing
  const before = [files.initrd, files.image].map((f) => fs.statSync(f).mtimeMs);
  const again = JSON.parse(execFileSync('bash', [SCRIPT, path.dirname(files.image)], { encoding: 'utf8' }));
  expect(again).toEqual(files);
  expect([files.initrd, files.image].map((f) => fs.statSync(f).mtimeMs)).toEqual(before);
  // no directory: a clear error
  expect(() => execFileSync('bash', [SCRIPT], { stdio: 'pipe' })).toThrow(/usage: make-test-image.sh DIR/);
});

test.each([
  ['pc', false],
  ['q35', true],
])(`the guest (%s) reads its NoCloud seed and the base image, and its agent answers (${GUEST_VIRT_TYPE})`, async (machine, q35) => {
  if (!conn) return;
  const name = `${PREFIX}full-${machine}`;
  const token = `tok-${process.pid}-${Date.now()}`;
  const userData = `#cloud-config\nlibvirt_napi_marker: ${token}\nruncmd: []\n`;
  const mac = '52:54:00:4e:47:01';
  const address = `${subnet}.10`;
  const seed = makeSeed(name, {
    'user-data': userData,
    'meta-data': `instance-id: iid-${token}\nlocal-hostname: gimg-host-${process.pid}\n`,
    'network-config': `version: 2\nethernets:\n  nic0:\n    match:\n      macaddress: "${mac}"\n    addresses:\n      - ${address}/24\n`,
  });
  const b = await boot({
    name, memoryMiB: 256, vcpus: 1, arch: 'x86_64', virtType: GUEST_VIRT_TYPE, q35,
    kernel: files.kernel, initrd: files.initrd, cmdline: files.cmdline,
    disks: [{ path: makeOverlay(name), format: 'qcow2' }, { path: seed, device: 'cdrom' }],
    interfaces: [{ type: 'network', source: NET, mac }],
  });
  try {
    await consoleLine(b, new RegExp(`^LIBVIRT-NAPI-MARKER ${token}\\r?$`, 'm'), 'the marker from user-data');
    await consoleLine(b, /^LIBVIRT-NAPI-AGENT-STARTED \/dev\/vport\d+p\d+\r?$/m, 'the agent start line');
    expect(await agent(b.dom, 'guest-get-host-name')).toEqual({ 'host-name': `gimg-host-${process.pid}` });
    const ifaces: any[] = await agent(b.dom, 'guest-network-get-interfaces');
    const nic = ifaces.find((i) => i['hardware-address'] === mac);
    expect(nic?.['ip-addresses']).toEqual(
      expect.arrayContaining([{ 'ip-address-type': 'ipv4', 'ip-address': address, prefix: 24 }]),
    );
    expect(await exec(b.dom, ['cat', '/run/seed/user-data'])).toEqual({ exitcode: 0, out: userData });
    const marker = fs.readFileSync(path.join(path.dirname(files.image), 'base-marker'), 'utf8');
    expect(await exec(b.dom, ['cat', '/run/base/base-marker'])).toEqual({ exitcode: 0, out: marker });
    expect((await exec(b.dom, ['cat', '/run/base/no-such-file'])).exitcode).not.toBe(0);
    // eslint-disable-next-line no-console
    console.log(`agent guest ${GUEST_VIRT_TYPE} ${machine}: resume -> agent started (console) ${b.startedMs} ms, guest-ping answered ${b.agentMs} ms`);
  } finally {
    b.close();
    await b.dom.destroy().catch(() => undefined);
    await b.dom.undefine();
  }
}, 300000);

test('without a seed or a disk the guest keeps its default host name, and the agent still answers', async () => {
  if (!conn) return;
  const name = `${PREFIX}bare`;
  const b = await boot({
    name, memoryMiB: 256, vcpus: 1, arch: 'x86_64', virtType: GUEST_VIRT_TYPE,
    kernel: files.kernel, initrd: files.initrd, cmdline: files.cmdline,
  });
  try {
    await consoleLine(b, /^LIBVIRT-NAPI-SEED none\r?$/m, 'the no-seed line');
    expect(b.console()).not.toMatch(/^LIBVIRT-NAPI-BASE /m);
    expect(await agent(b.dom, 'guest-get-host-name')).toEqual({ 'host-name': 'napi-guest' });
    expect(await exec(b.dom, ['ls', '/run/seed'])).toEqual({ exitcode: 0, out: '' });
  } finally {
    b.close();
    await b.dom.destroy().catch(() => undefined);
    await b.dom.undefine();
  }
}, 300000);
