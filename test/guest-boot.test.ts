/**
 * A real Linux guest on qemu:///system, built only by guest.buildDomain: Debian's kernel
 * and an initramfs made by scripts/make-test-initramfs.sh (busybox-static) whose init
 * prints a marker line to ttyS0 and powers off. The test reads the marker from the
 * serial log file and sees the domain reach shut off by itself.
 *
 * Domain type 'qemu' (TCG) by default: on these machines KVM has been seen to hang a
 * Linux kernel right after "Probing EDD". LIBVIRT_NAPI_GUEST_VIRT_TYPE=kvm uses KVM.
 */
import * as fs from 'fs';
import { guest, xml, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_SHUTDOWN } from '../src';
import { serialLog, uniqueName, until } from './helpers/libvirt';
import { GUEST_VIRT_TYPE, systemTestGuest } from './helpers/guest';

const VIRT_TYPE = GUEST_VIRT_TYPE;

const env = systemTestGuest();

async function bootAndWait(spec: guest.GuestSpec, log: string, token: string): Promise<{ line: string; ms: number }> {
  const c = env.conn!;
  const caps = xml.parseCapabilities(await c.getCapabilities());
  const info = guest.resolveGuest(spec, { capabilities: caps });
  const dc = xml.parseDomainCapabilities(await c.getDomainCapabilities(null, info.arch, info.machine ?? null, info.virtType));
  const dom = await c.defineXML(guest.buildDomainXML(spec, { capabilities: caps, domainCapabilities: dc }));
  const t0 = Date.now();
  try {
    await dom.createWithFlags(0);
    // the guest powers itself off: nothing here destroys it
    await until(async () => (await dom.state())[0] === VIR_DOMAIN_SHUTOFF, 120000, `${spec.name} to shut off`);
    const ms = Date.now() - t0;
    expect(await dom.state()).toEqual([VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_SHUTDOWN]);
    const text = fs.readFileSync(log, 'utf8');
    const line = text.split('\n').find((l) => l.startsWith(`LIBVIRT-NAPI-MARKER ${token} `));
    if (!line) throw new Error(`no marker line for ${token} in ${log}; its last lines:\n${text.split('\n').slice(-15).join('\n')}`);
    return { line, ms };
  } finally {
    if (await dom.isActive()) await dom.destroy();
    await dom.undefine();
  }
}

test(`a Linux guest built by the builder boots (${VIRT_TYPE}), prints the marker to the serial log and powers off`, async () => {
  if (!env.conn) return;
  const name = uniqueName('boot');
  const log = serialLog(name);
  const token = `${process.pid}-${Date.now()}`;
  const spec: guest.GuestSpec = {
    name, memoryMiB: 256, vcpus: 1, arch: 'x86_64', virtType: VIRT_TYPE,
    kernel: env.files.kernel, initrd: env.files.initrd, cmdline: `console=ttyS0 panic=-1 marker=${token}`,
    consoleLog: log, interfaces: [{ type: 'user', mac: '52:54:00:4c:56:4e' }],
  };
  const { line, ms } = await bootAndWait(spec, log, token);
  expect(line).toMatch(new RegExp(`^LIBVIRT-NAPI-MARKER ${token} uptime=\\d+\\.\\d+`));
  // the kernel's own messages reached the same log (the console is the logged serial port)
  expect(fs.readFileSync(log, 'utf8')).toMatch(/Linux version \d/);
  // eslint-disable-next-line no-console
  console.log(`guest ${VIRT_TYPE}: start -> shut off in ${ms} ms; ${line}`);
}, 150000);

test('rescue mode boots the rescue kernel instead of the guest\'s own', async () => {
  if (!env.conn) return;
  const name = uniqueName('rescue');
  const log = serialLog(name);
  const token = `rescue-${process.pid}`;
  const spec: guest.GuestSpec = {
    name, memoryMiB: 256, vcpus: 1, arch: 'x86_64', virtType: VIRT_TYPE, machine: 'q35',
    kernel: '/nonexistent/guest-kernel', cmdline: 'root=/dev/vda',
    rescue: { kernel: env.files.kernel, initrd: env.files.initrd, cmdline: `console=ttyS0 panic=-1 marker=${token}` },
    consoleLog: log,
  };
  const { line } = await bootAndWait(spec, log, token);
  expect(line.startsWith(`LIBVIRT-NAPI-MARKER ${token} `)).toBe(true);
}, 150000);
