/**
 * The guest builder: spec -> typed domain, refused before define when the host cannot do
 * it. Host descriptions: libvirt's corpus capabilities with the machine list QEMU 7.2
 * reports (from the corpus domain capabilities of QEMU 7.2), the corpus domain
 * capabilities themselves, test:///default and the live qemu:///system. Every document
 * built here passes `virt-xml-validate FILE domain`, and is accepted by defineXML.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { guest, open, xml, VIR_DOMAIN_START_PAUSED, VIR_DOMAIN_UNDEFINE_NVRAM } from '../src';
import type { Connection } from '../src';
import { cleanupFresh } from './helpers/guest';
import type { Capabilities, Domain } from '../src/xml';
import { CORPUS, openSystem, TEST_URI, uniqueName } from './helpers/libvirt';

const readCorpus = (p: string) => fs.readFileSync(path.join(CORPUS, p), 'utf8');
const dcaps = (f: string) => xml.parseDomainCapabilities(readCorpus(`domaincaps/${f}`));

/** Corpus capabilities plus machine elements (canonical + alias) as QEMU reports them. */
function capsWithMachines(file: string, arch: string, machines: Array<[string, string?, number?]>): Capabilities {
  const caps = xml.parseCapabilities(readCorpus(`capabilities/${file}`));
  const g = caps.guest!.find((x) => x.arch?.name === arch)!;
  g.arch!.machine = machines.flatMap(([name, alias, maxCpus]) => [
    { value: name, ...(maxCpus ? { maxCpus } : {}) },
    ...(alias ? [{ value: alias, canonical: name, ...(maxCpus ? { maxCpus } : {}) }] : []),
  ]);
  return caps;
}
// QEMU 7.2's x86 machines as its domain capabilities name them
const Q35 = dcaps('qemu_7.2.0-q35.x86_64.xml');
const PC = dcaps('qemu_7.2.0.x86_64.xml');
const X86 = capsWithMachines('caps.x86_64.xml', 'x86_64', [[PC.machine!, 'pc', 255], [Q35.machine!, 'q35', 288], ['pc-i440fx-7.1', undefined, 255]]);
const VIRT = dcaps('qemu_7.0.0-virt.aarch64.xml');
const ARM = capsWithMachines('caps.aarch64.xml', 'aarch64', [[VIRT.machine!, 'virt', 512]]);
const RISCV = capsWithMachines('caps.riscv64.xml', 'riscv64', [['virt', undefined, 8], ['sifive_u', undefined, 1]]);
// an LXC host's capabilities (as libvirt's LXC driver reports them: os_type exe, domain lxc)
const LXC = xml.parseCapabilities(`<capabilities><host><cpu><arch>x86_64</arch></cpu></host>
  <guest><os_type>exe</os_type><arch name='x86_64'><wordsize>64</wordsize><emulator>/usr/lib/libvirt/libvirt_lxc</emulator><domain type='lxc'/></arch></guest>
</capabilities>`);

const built: Array<[string, string]> = [];
function build(tag: string, spec: guest.GuestSpec, ctx: guest.BuildContext): Domain {
  const def = guest.buildDomain(spec, ctx);
  const text = guest.buildDomainXML(spec, ctx);
  expect(xml.parseDomain(text)).toEqual(def);
  built.push([tag, text]);
  return def;
}
function refused(spec: guest.GuestSpec, ctx: guest.BuildContext): guest.GuestConfigError {
  try {
    guest.buildDomain(spec, ctx);
  } catch (e) {
    expect(e).toBeInstanceOf(guest.GuestConfigError);
    return e as guest.GuestConfigError;
  }
  throw new Error('expected the builder to refuse the spec');
}

const EXAMPLE: guest.GuestSpec = {
  name: 'web1', memoryMiB: 512, vcpus: 2, arch: 'x86_64', machine: 'q35', virtType: 'qemu',
  cpu: { mode: 'custom', model: 'Westmere', features: [{ name: 'avx', policy: 'disable' }] },
  disks: [{ path: '/var/lib/guests/web1.qcow2', format: 'qcow2' }, { path: '/isos/install.iso', device: 'cdrom' }],
  kernel: '/boot/vmlinuz', initrd: '/boot/initrd.img', cmdline: 'root=/dev/vda console=ttyS0',
  consoleLog: '/var/log/guests/web1.log', graphics: { type: 'vnc' },
  interfaces: [{ type: 'network', source: 'default', mac: '52:54:00:12:34:56' }],
};

describe('the issue\'s example on QEMU 7.2 (q35)', () => {
  const def = build('example', EXAMPLE, { capabilities: X86 });
  const dev = def.devices!;
  test('machine, type, memory, vcpus, cpu', () => {
    expect(def.type).toBe('qemu');
    expect(def.os!.type).toEqual({ arch: 'x86_64', machine: 'pc-q35-7.2', value: 'hvm' });
    expect(def.memory).toEqual({ unit: 'KiB', value: 524288 });
    expect(def.vcpu!.value).toBe(2);
    expect(def.cpu).toEqual({ mode: 'custom', match: 'exact', model: { value: 'Westmere' }, feature: [{ policy: 'disable', name: 'avx' }] });
    expect([def.os!.kernel, def.os!.initrd, def.os!.cmdline]).toEqual(['/boot/vmlinuz', '/boot/initrd.img', 'root=/dev/vda console=ttyS0']);
    expect(def.features).toEqual({ acpi: {}, apic: {} });
  });
  test('PCIe: pcie-root and root ports, the cdrom on SATA, no IDE', () => {
    const pci = dev.controller!.filter((c) => c.type === 'pci');
    expect(pci[0]).toEqual({ type: 'pci', index: 0, model: 'pcie-root' });
    expect(pci.slice(1).every((c) => c.model === 'pcie-root-port')).toBe(true);
    // a port per PCI device (disk, nic, usb, balloon) plus two free hotplug slots
    expect(pci.length - 1).toBe(4 + 2);
    expect(dev.controller!.some((c) => c.type === 'ide')).toBe(false);
    expect(dev.controller!.some((c) => c.type === 'sata')).toBe(true);
    expect(dev.disk!.map((d) => [d.device, d.target?.dev, d.target?.bus, d.driver?.type])).toEqual([
      ['disk', 'vda', 'virtio', 'qcow2'],
      ['cdrom', 'sda', 'sata', 'raw'],
    ]);
    expect(dev.disk![1].readonly).toEqual({});
    // direct kernel boot: no boot order on devices
    expect(dev.disk!.some((d) => d.boot)).toBe(false);
  });
  test('serial console logged to the file, a pty console, VNC on 127.0.0.1 with a USB tablet, the NIC', () => {
    expect(dev.serial).toEqual([{ type: 'pty', log: { file: '/var/log/guests/web1.log', append: 'off' }, target: { port: 0 } }]);
    expect(dev.console).toEqual([{ type: 'pty', target: { type: 'serial', port: 0 } }]);
    expect(dev.graphics).toEqual([{ type: 'vnc', autoport: 'yes', listen: '127.0.0.1', listens: [{ type: 'address', address: '127.0.0.1' }] }]);
    expect(dev.input).toEqual([{ type: 'tablet', bus: 'usb' }]);
    expect(dev.interface).toEqual([{ type: 'network', mac: { address: '52:54:00:12:34:56' }, source: { network: 'default' }, model: { type: 'virtio' } }]);
  });
  test('with the domain capabilities of QEMU 7.2 q35 the same spec passes their checks', () => {
    const withDc = build('example-dcaps', { ...EXAMPLE, virtType: 'kvm' }, { capabilities: X86, domainCapabilities: Q35 });
    expect(withDc.type).toBe('kvm');
  });
});

describe('machine families', () => {
  test('i440fx (pc): pci-root, the cdrom on IDE, pci-bridge for hotplug slots', () => {
    const def = build('pc', { name: 'pc1', memoryMiB: 256, vcpus: 1, machine: 'pc', hotplugSlots: 40, disks: [{ path: '/img/root.raw' }, { path: '/isos/x.iso' }] }, { capabilities: X86 });
    expect(def.os!.type!.machine).toBe('pc-i440fx-7.2');
    const pci = def.devices!.controller!.filter((c) => c.type === 'pci');
    expect(pci.map((c) => c.model)).toEqual(['pci-root', 'pci-bridge', 'pci-bridge']);
    expect(def.devices!.disk!.map((d) => [d.target?.dev, d.target?.bus, d.boot?.order])).toEqual([['vda', 'virtio', 1], ['hda', 'ide', 2]]);
    expect(def.devices!.controller!.some((c) => c.type === 'ide')).toBe(true);
  });
  test('the default x86 machine is pc; q35 where asked', () => {
    expect(build('default-pc', { name: 'd1', memoryMiB: 128, vcpus: 1 }, { capabilities: X86 }).os!.type!.machine).toBe('pc-i440fx-7.2');
    expect(build('default-q35', { name: 'd2', memoryMiB: 128, vcpus: 1, q35: true }, { capabilities: X86 }).os!.type!.machine).toBe('pc-q35-7.2');
  });
  test('IDE on q35 is refused with the reason', () => {
    const e = refused({ ...EXAMPLE, disks: [{ path: '/isos/x.iso', bus: 'ide' }] }, { capabilities: X86 });
    expect(e.field).toBe('disks[0].bus');
    expect(e.message).toBe("disks[0].bus: 'ide' is not available: machine pc-q35-7.2 (q35, PCI Express) has no IDE controller; use sata");
  });
  test('a floppy on q35 is refused', () => {
    expect(refused({ ...EXAMPLE, disks: [{ path: '/img/f.img', device: 'floppy' }] }, { capabilities: X86 }).message).toMatch(/disks\[0\]\.bus: 'fdc' is not available: machine pc-q35-7.2 .* no FDC controller/);
  });
  test('a pcie-root-port on i440fx is refused with the reason', () => {
    const e = refused({ name: 'x', memoryMiB: 128, vcpus: 1, machine: 'pc', controllers: ['pcie-root-port'] }, { capabilities: X86 });
    expect(e.field).toBe('controllers[0]');
    expect(e.message).toBe("controllers[0]: 'pcie-root-port' cannot be used: pc-i440fx-7.2 is a conventional PCI machine (pci-root); use pci-bridge");
  });
  test('a pci-root on q35 is refused; pci-bridge is fine there', () => {
    expect(refused({ ...EXAMPLE, controllers: ['pci-root'] }, { capabilities: X86 }).message).toMatch(/pc-q35-7.2 is a PCI Express machine \(pcie-root\); use pcie-root-port/);
    const def = build('q35-bridge', { ...EXAMPLE, controllers: ['pcie-to-pci-bridge', 'pci-bridge'] }, { capabilities: X86 });
    expect(def.devices!.controller!.filter((c) => c.type === 'pci').slice(-2).map((c) => c.model)).toEqual(['pcie-to-pci-bridge', 'pci-bridge']);
  });
  test('an unknown machine is refused before define, naming arch and supported machines', () => {
    const e = refused({ ...EXAMPLE, machine: 'pc-i440fx-rhel7.3.0' }, { capabilities: X86 });
    expect(e.message).toBe("machine: 'pc-i440fx-rhel7.3.0' is not a machine type supported for arch x86_64 (domain type qemu); supported: pc-i440fx-7.2 (pc), pc-q35-7.2 (q35), pc-i440fx-7.1");
  });
  test('aarch64 virt: PCIe, UEFI from the domain capabilities, the cdrom on SATA', () => {
    const def = build('aarch64', { name: 'arm1', memoryMiB: 512, vcpus: 2, arch: 'aarch64', virtType: 'kvm', firmware: 'efi', disks: [{ path: '/img/arm.qcow2' }, { path: '/isos/arm.iso' }], consoleLog: '/tmp/arm.log' }, { capabilities: ARM, domainCapabilities: VIRT });
    expect(def.os!.type!.machine).toBe(VIRT.machine);
    expect(def.os!.firmware).toBe('efi');
    expect(def.devices!.controller![0]).toEqual({ type: 'pci', index: 0, model: 'pcie-root' });
    expect(def.devices!.disk![1].target).toEqual({ dev: 'sda', bus: 'sata' });
    // the aarch64 capabilities list ACPI but no APIC
    expect(def.features).toEqual({ acpi: {} });
  });
  test('riscv64: only TCG is offered, so the default virt type is qemu; the default machine is virt', () => {
    const def = build('riscv', { name: 'rv1', memoryMiB: 256, vcpus: 2, arch: 'riscv64' }, { capabilities: RISCV });
    expect(def.type).toBe('qemu');
    expect(def.os!.type!.machine).toBe('virt');
    expect(refused({ name: 'rv1', memoryMiB: 256, vcpus: 9, arch: 'riscv64' }, { capabilities: RISCV }).message).toBe("vcpus: 9 exceeds the 8 vCPUs machine virt supports");
    expect(refused({ name: 'rv1', memoryMiB: 256, vcpus: 1, arch: 'riscv64', virtType: 'kvm' }, { capabilities: RISCV }).message).toBe("virtType: 'kvm' is not offered for arch riscv64 (capabilities offer qemu)");
  });
  test('the default virt type is kvm where the host offers it', () => {
    expect(build('kvm-default', { name: 'k', memoryMiB: 64, vcpus: 1 }, { capabilities: X86 }).type).toBe('kvm');
  });
  test("biosSerial gives x86 BIOS guests <bios useserial='yes'/>; refused for efi, other arches, containers and no console", () => {
    const def = build('bios-serial', { name: 'b', memoryMiB: 64, vcpus: 1, biosSerial: true }, { capabilities: X86 });
    expect(def.os!.bios).toEqual({ useserial: 'yes' });
    expect(xml.formatDomain(def)).toContain("<bios useserial=\"yes\"/>");
    expect(build('bios-plain', { name: 'b', memoryMiB: 64, vcpus: 1 }, { capabilities: X86 }).os!.bios).toBeUndefined();
    expect(refused({ name: 'b', memoryMiB: 128, vcpus: 1, machine: 'q35', virtType: 'kvm', firmware: 'efi', biosSerial: true }, { capabilities: X86, domainCapabilities: Q35 }).message)
      .toBe('biosSerial: true needs BIOS firmware, not efi');
    expect(refused({ name: 'b', memoryMiB: 64, vcpus: 1, arch: 'aarch64', virtType: 'kvm', biosSerial: true }, { capabilities: ARM }).message)
      .toBe('biosSerial: true is for x86 BIOS guests; arch aarch64 has no BIOS');
    expect(refused({ name: 'b', memoryMiB: 64, vcpus: 1, console: false, biosSerial: true }, { capabilities: X86 }).message)
      .toBe('biosSerial: true needs the serial console (console: false was given)');
    expect(refused({ name: 'ct', memoryMiB: 64, vcpus: 1, rootfs: '/var/lib/lxc/ct/rootfs', biosSerial: true }, { capabilities: LXC }).message)
      .toBe('biosSerial: true does not apply to containers (they have no BIOS)');
  });
  test('an arch the host does not offer is refused', () => {
    expect(refused({ name: 'k', memoryMiB: 64, vcpus: 1, arch: 's390x' }, { capabilities: X86 }).message).toBe("arch: 's390x' is not offered by this host (capabilities list x86_64)");
  });
});

describe('what the domain capabilities say', () => {
  test('UEFI where offered; refused where not, or without domain capabilities', () => {
    expect(build('efi', { name: 'e', memoryMiB: 128, vcpus: 1, machine: 'q35', virtType: 'kvm', firmware: 'efi' }, { capabilities: X86, domainCapabilities: Q35 }).os!.firmware).toBe('efi');
    expect(refused({ name: 'e', memoryMiB: 128, vcpus: 1, machine: 'q35', firmware: 'efi' }, { capabilities: X86 }).message).toMatch(/firmware: 'efi' needs the domain capabilities/);
    const noEfi = structuredClone(Q35);
    noEfi.os!.enum = [{ name: 'firmware', value: [] }];
    noEfi.os!.loader!.value = [];
    expect(refused({ name: 'e', memoryMiB: 128, vcpus: 1, machine: 'q35', virtType: 'kvm', firmware: 'efi' }, { capabilities: X86, domainCapabilities: noEfi }).message).toMatch(/firmware: 'efi' is not offered by the domain capabilities for pc-q35-7.2 \(firmware: none; install OVMF/);
  });
  test('an unknown CPU model, or a CPU mode the hypervisor lacks, is refused', () => {
    const e = refused({ ...EXAMPLE, virtType: 'kvm', kernel: undefined, initrd: undefined, cmdline: undefined, cpu: { model: 'Pentium-rhel' } }, { capabilities: X86, domainCapabilities: Q35 });
    expect(e.field).toBe('cpu.model');
    expect(e.message).toMatch(/is not a CPU model this hypervisor knows/);
    const noMax = structuredClone(Q35);
    noMax.cpu!.mode!.find((m) => m.name === 'maximum')!.supported = 'no';
    expect(refused({ ...EXAMPLE, virtType: 'kvm', cpu: { mode: 'maximum' } }, { capabilities: X86, domainCapabilities: noMax }).message).toMatch(/cpu.mode: 'maximum' is not supported by this hypervisor/);
  });
  test('topology must match the vCPU count', () => {
    expect(refused({ ...EXAMPLE, vcpus: 4, cpu: { mode: 'host-model', topology: { sockets: 1, cores: 2, threads: 1 } } }, { capabilities: X86 }).message).toBe('cpu.topology: {"sockets":1,"cores":2,"threads":1} gives 2 vCPUs (sockets*dies*cores*threads) but the guest has 4');
    const def = build('topology', { ...EXAMPLE, vcpus: 4, cpu: { mode: 'host-passthrough', topology: { sockets: 1, cores: 2, threads: 2 } } }, { capabilities: X86 });
    expect(def.cpu!.topology).toEqual({ sockets: 1, dies: 1, cores: 2, threads: 2 });
  });
  test('domain capabilities of another machine do not apply', () => {
    expect(refused({ ...EXAMPLE, machine: 'pc', virtType: 'kvm' }, { capabilities: X86, domainCapabilities: Q35 }).message).toBe("domainCapabilities: 'pc-q35-7.2' describe machine pc-q35-7.2, the guest is pc-i440fx-7.2");
  });
  test('vcpus above the domain capabilities\' limit are refused', () => {
    const small = structuredClone(Q35);
    small.vcpu = { max: 4 };
    expect(refused({ ...EXAMPLE, virtType: 'kvm', vcpus: 8 }, { capabilities: X86, domainCapabilities: small }).message).toBe('vcpus: 8 exceeds the 4 vCPUs the domain capabilities allow');
  });
});

describe('disks, boot, rescue, interfaces, graphics', () => {
  test('roles: root, ephemeral, swap on virtio; a config drive is a read-only cdrom; block devices', () => {
    const def = build('roles', {
      name: 'r', memoryMiB: 256, vcpus: 1, machine: 'q35',
      disks: [
        { path: '/img/eph.raw', role: 'ephemeral' }, { path: '/dev/vg0/root', role: 'root', format: 'raw' }, { path: '/img/swap.raw', role: 'swap' },
        { path: '/img/config.img', role: 'config' },
      ],
    }, { capabilities: X86 });
    expect(def.devices!.disk!.map((d) => [d.type, d.device, d.target?.dev, d.target?.bus, d.boot?.order, d.serial])).toEqual([
      ['file', 'disk', 'vda', 'virtio', undefined, undefined],
      ['block', 'disk', 'vdb', 'virtio', 1, undefined],
      ['file', 'disk', 'vdc', 'virtio', undefined, undefined],
      ['file', 'cdrom', 'sda', 'sata', 2, 'config-2'],
    ]);
    expect(def.devices!.disk![1].source).toEqual({ dev: '/dev/vg0/root' });
    expect(def.devices!.disk![3].readonly).toEqual({});
  });
  test('rescue: the rescue image boots first, the guest\'s root disk second; a rescue kernel replaces the guest\'s', () => {
    const spec: guest.GuestSpec = { name: 'res', memoryMiB: 256, vcpus: 1, machine: 'pc', disks: [{ path: '/img/root.qcow2', role: 'root' }, { path: '/img/data.qcow2' }] };
    const def = build('rescue', { ...spec, rescue: { image: '/img/rescue.qcow2' } }, { capabilities: X86 });
    expect(def.devices!.disk!.map((d) => [d.source && 'file' in d.source ? d.source.file : '', d.target?.dev, d.boot?.order])).toEqual([
      ['/img/rescue.qcow2', 'vda', 1], ['/img/root.qcow2', 'vdb', 2], ['/img/data.qcow2', 'vdc', undefined],
    ]);
    const k = build('rescue-kernel', { ...spec, kernel: '/boot/guest-vmlinuz', rescue: { kernel: '/boot/rescue-vmlinuz', initrd: '/boot/rescue.img', cmdline: 'rescue console=ttyS0' } }, { capabilities: X86 });
    expect([k.os!.kernel, k.os!.initrd, k.os!.cmdline]).toEqual(['/boot/rescue-vmlinuz', '/boot/rescue.img', 'rescue console=ttyS0']);
    expect(refused({ ...spec, rescue: {} }, { capabilities: X86 }).message).toBe('rescue: {} needs an image or a kernel to boot');
  });
  test('explicit boot orders are kept and must be unique; disks need absolute paths', () => {
    const def = build('boot-order', { name: 'b', memoryMiB: 128, vcpus: 1, disks: [{ path: '/img/a.raw', bootOrder: 2 }, { path: '/isos/b.iso', bootOrder: 1 }] }, { capabilities: X86 });
    expect(def.devices!.disk!.map((d) => d.boot?.order)).toEqual([2, 1]);
    expect(refused({ name: 'b', memoryMiB: 128, vcpus: 1, disks: [{ path: '/img/a.raw', bootOrder: 1 }, { path: '/img/b.raw', bootOrder: 1 }] }, { capabilities: X86 }).message).toBe('disks[1].bootOrder: 1 is also the boot order of disks[0]');
    expect(refused({ name: 'b', memoryMiB: 128, vcpus: 1, disks: [{ path: 'a.raw' }] }, { capabilities: X86 }).message).toBe("disks[0].path: 'a.raw' must be an absolute path");
    expect(refused({ name: 'b', memoryMiB: 128, vcpus: 1, disks: [{ path: '/isos/a.iso', format: 'qcow2' }] }, { capabilities: X86 }).message).toBe("disks[0].format: 'qcow2' does not fit an ISO image (raw)");
  });
  test('interfaces: network, bridge, user with MACs; bad MACs and missing bridges are refused', () => {
    const def = build('nics', {
      name: 'n', memoryMiB: 128, vcpus: 1,
      interfaces: [{ type: 'network', mac: '52:54:00:AA:bb:01' }, { type: 'bridge', source: 'br0', mac: '52:54:00:aa:bb:02', model: 'e1000' }, { type: 'user' }],
    }, { capabilities: X86 });
    expect(def.devices!.interface).toEqual([
      { type: 'network', mac: { address: '52:54:00:aa:bb:01' }, source: { network: 'default' }, model: { type: 'virtio' } },
      { type: 'bridge', mac: { address: '52:54:00:aa:bb:02' }, source: { bridge: 'br0' }, model: { type: 'e1000' } },
      { type: 'user', model: { type: 'virtio' } },
    ]);
    expect(refused({ name: 'n', memoryMiB: 128, vcpus: 1, interfaces: [{ type: 'network', mac: '01:54:00:aa:bb:01' }] }, { capabilities: X86 }).message).toBe("interfaces[0].mac: '01:54:00:aa:bb:01' must be a unicast MAC address (first octet even)");
    expect(refused({ name: 'n', memoryMiB: 128, vcpus: 1, interfaces: [{ type: 'network', mac: '52:54:00' }] }, { capabilities: X86 }).field).toBe('interfaces[0].mac');
    expect(refused({ name: 'n', memoryMiB: 128, vcpus: 1, interfaces: [{ type: 'bridge' }] }, { capabilities: X86 }).message).toBe('interfaces[0].source: undefined must name the bridge');
  });
  test('SPICE on a given address and port', () => {
    const def = build('spice', { name: 's', memoryMiB: 128, vcpus: 1, machine: 'pc', graphics: { type: 'spice', listen: '0.0.0.0', port: 5930 } }, { capabilities: X86, domainCapabilities: PC.machine === 'pc-i440fx-7.2' ? { ...PC, domain: 'kvm' } : PC });
    expect(def.devices!.graphics).toEqual([{ type: 'spice', port: 5930, autoport: 'no', listen: '0.0.0.0', listens: [{ type: 'address', address: '0.0.0.0' }] }]);
    expect(def.devices!.video).toEqual([{ model: { type: 'vga' } }]);
    expect(refused({ name: 's', memoryMiB: 128, vcpus: 1, graphics: { type: 'rdp' as 'vnc' } }, { capabilities: X86 }).field).toBe('graphics.type');
  });
  test('names, memory and vcpus are checked', () => {
    expect(refused({ name: 'a/b', memoryMiB: 128, vcpus: 1 }, { capabilities: X86 }).field).toBe('name');
    expect(refused({ name: 'a', memoryMiB: 0, vcpus: 1 }, { capabilities: X86 }).message).toBe('memoryMiB: 0 must be an integer of at least 1');
    expect(refused({ name: 'a', memoryMiB: 64, vcpus: 1.5 }, { capabilities: X86 }).message).toBe('vcpus: 1.5 must be an integer of at least 1');
    expect(refused({ name: 'a', memoryMiB: 64, vcpus: 1, onPoweroff: 'coredump-destroy' as 'destroy' }, { capabilities: X86 }).field).toBe('onPoweroff');
    expect(build('lifecycle', { name: 'a', memoryMiB: 64, vcpus: 1, onPoweroff: 'preserve', onReboot: 'destroy', onCrash: 'coredump-restart' }, { capabilities: X86 })).toMatchObject({ on_poweroff: 'preserve', on_reboot: 'destroy', on_crash: 'coredump-restart' });
  });
});

describe('LXC', () => {
  test('a container with a root filesystem mount and an init path', () => {
    const def = build('lxc', { name: 'ct1', memoryMiB: 128, vcpus: 1, rootfs: '/var/lib/lxc/ct1/rootfs', init: '/bin/sh', initArgs: ['-c', 'echo hi'], interfaces: [{ type: 'bridge', source: 'br0' }] }, { capabilities: LXC });
    expect(def.type).toBe('lxc');
    expect(def.os).toEqual({ type: { value: 'exe' }, init: '/bin/sh', initarg: ['-c', 'echo hi'] });
    expect(def.devices!.filesystem).toEqual([{ type: 'mount', accessmode: 'passthrough', source: { dir: '/var/lib/lxc/ct1/rootfs' }, target: { dir: '/' } }]);
    expect(def.devices!.console).toEqual([{ type: 'pty', target: { type: 'lxc', port: 0 } }]);
    expect(def.devices!.interface).toEqual([{ type: 'bridge', source: { bridge: 'br0' } }]);
  });
  test('what containers cannot have is refused', () => {
    expect(refused({ name: 'ct', memoryMiB: 64, vcpus: 1 }, { capabilities: LXC }).message).toBe('rootfs: undefined must be an absolute path');
    expect(refused({ name: 'ct', memoryMiB: 64, vcpus: 1, rootfs: '/r', kernel: '/boot/vmlinuz' }, { capabilities: LXC }).field).toBe('kernel');
    expect(refused({ name: 'ct', memoryMiB: 64, vcpus: 1, rootfs: '/r', machine: 'q35' }, { capabilities: LXC }).field).toBe('machine');
    expect(refused({ name: 'ct', memoryMiB: 64, vcpus: 1, rootfs: '/r', disks: [{ path: '/img/a.raw' }] }, { capabilities: LXC }).field).toBe('disks');
    expect(refused({ name: 'vm', memoryMiB: 64, vcpus: 1, rootfs: '/r' }, { capabilities: X86 }).field).toBe('rootfs');
    expect(refused({ name: 'vm', memoryMiB: 64, vcpus: 1, virtType: 'lxc' }, { capabilities: X86 }).message).toBe("virtType: 'lxc' is not offered for arch x86_64 (capabilities offer qemu, kvm)");
  });
});

describe('Xen', () => {
  // a libxl host's capabilities (as libvirt's libxl driver reports them): PV and HVM guests
  const XEN = xml.parseCapabilities(`<capabilities><host><cpu><arch>x86_64</arch></cpu></host>
    <guest><os_type>xen</os_type><arch name='x86_64'><wordsize>64</wordsize><emulator>/usr/lib/xen/bin/qemu-system-i386</emulator><machine>xenpv</machine><domain type='xen'/></arch></guest>
    <guest><os_type>hvm</os_type><arch name='x86_64'><wordsize>64</wordsize><emulator>/usr/lib/xen/bin/qemu-system-i386</emulator><loader>/usr/lib/xen/boot/hvmloader</loader><machine>xenfv</machine><domain type='xen'/></arch>
      <features><pae/><acpi default='on' toggle='yes'/><apic default='on' toggle='no'/></features></guest>
  </capabilities>`);
  test('the only virt type offered is the default; HVM by default, PV on request', () => {
    const hvm = build('xen-hvm', { name: 'x1', memoryMiB: 512, vcpus: 1, disks: [{ path: '/img/x.raw' }] }, { capabilities: XEN });
    expect(hvm.type).toBe('xen');
    expect(hvm.os!.type).toEqual({ arch: 'x86_64', machine: 'xenfv', value: 'hvm' });
    const pv = build('xen-pv', { name: 'x2', memoryMiB: 512, vcpus: 1, osType: 'xen', kernel: '/boot/vmlinuz', cmdline: 'root=/dev/xvda', disks: [{ path: '/img/x.raw' }, { path: '/isos/x.iso' }], consoleLog: '/var/log/x2.log', interfaces: [{ type: 'bridge', source: 'xenbr0' }] }, { capabilities: XEN });
    expect(pv.os!.type).toEqual({ arch: 'x86_64', value: 'xen' });
    expect(pv.devices!.disk!.map((d) => [d.device, d.target?.dev, d.target?.bus])).toEqual([['disk', 'xvda', 'xen'], ['cdrom', 'xvdb', 'xen']]);
    expect(pv.devices!.serial).toBeUndefined();
    expect(pv.devices!.console).toEqual([{ type: 'pty', log: { file: '/var/log/x2.log', append: 'off' }, target: { type: 'xen', port: 0 } }]);
    expect(pv.devices!.interface![0].model).toEqual({ type: 'netfront' });
    expect(refused({ name: 'x3', memoryMiB: 64, vcpus: 1, osType: 'exe' }, { capabilities: XEN }).message).toBe("osType: 'exe' is not offered for xen on x86_64 (capabilities offer xen, hvm)");
    expect(refused({ name: 'x3', memoryMiB: 64, vcpus: 1, disks: [{ path: '/img/a.raw', bus: 'xen' }] }, { capabilities: X86 }).message).toBe("disks[0].bus: 'xen' needs a Xen guest (the guest is kvm)");
  });
});

describe('libvirt accepts what the builder writes', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guest-builder-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('every document built above passes virt-xml-validate FILE domain', () => {
    expect(built.length).toBeGreaterThanOrEqual(18);
    const bad: string[] = [];
    for (const [tag, text] of built) {
      const p = path.join(tmp, `${tag}.xml`);
      fs.writeFileSync(p, text);
      try {
        execFileSync('virt-xml-validate', [p, 'domain'], { stdio: 'pipe' });
      } catch (e) {
        bad.push(`${tag}: ${(e as { stderr?: Buffer }).stderr?.toString()}`);
      }
    }
    expect(bad).toEqual([]);
  });

  test('test:///default defines built guests (domain type test) and reads them back', async () => {
    const conn = await open(TEST_URI);
    try {
      const caps = xml.parseCapabilities(await conn.getCapabilities());
      const name = uniqueName('builder');
      const spec: guest.GuestSpec = { name, memoryMiB: 64, vcpus: 2, disks: [{ path: '/img/t.qcow2' }, { path: '/isos/t.iso' }], consoleLog: '/tmp/t.log', graphics: { type: 'vnc' }, interfaces: [{ type: 'network', mac: '52:54:00:00:00:07' }] };
      const def = guest.buildDomain(spec, { capabilities: caps });
      expect(def.type).toBe('test');
      expect(def.os!.type!.arch).toBe(caps.host!.cpu!.arch);
      const dom = await conn.defineXML(guest.buildDomainXML(spec, { capabilities: caps }));
      try {
        const back = xml.parseDomain(await dom.XMLDesc(0));
        expect(back.name).toBe(name);
        expect(back.vcpu!.value).toBe(2);
        expect(back.devices!.disk!.map((d) => d.target?.dev)).toEqual(['vda', 'hda']);
        expect(back.devices!.interface![0].mac!.address).toBe('52:54:00:00:00:07');
      } finally {
        await dom.undefine();
      }
    } finally {
      await conn.close();
    }
  });

  describe('qemu:///system', () => {
    let conn: Connection | null = null;
    beforeAll(async () => {
      conn = await openSystem();
    });
    afterAll(async () => {
      await cleanupFresh(conn);
    });

    test.each([
      ['q35', { machine: 'q35', virtType: 'qemu' }],
      ['pc', { machine: 'pc', virtType: 'qemu' }],
      ['default', {}],
    ] as Array<[string, Partial<guest.GuestSpec>]>)('the example spec on %s is defined with the machine the builder resolved', async (tag, over) => {
      if (!conn) return;
      const caps = xml.parseCapabilities(await conn.getCapabilities());
      const name = uniqueName(`build-${tag}`);
      const spec: guest.GuestSpec = { ...EXAMPLE, ...over, name, machine: over.machine, virtType: over.virtType };
      const resolved = guest.resolveGuest(spec, { capabilities: caps });
      const dc = xml.parseDomainCapabilities(await conn.getDomainCapabilities(null, resolved.arch, resolved.machine ?? null, resolved.virtType));
      const text = guest.buildDomainXML(spec, { capabilities: caps, domainCapabilities: dc });
      const p = path.join(tmp, `${name}.xml`);
      fs.writeFileSync(p, text);
      execFileSync('virt-xml-validate', [p, 'domain'], { stdio: 'pipe' });
      const dom = await conn.defineXML(text);
      try {
        const back = xml.parseDomain(await dom.XMLDesc(0));
        expect(back.os!.type!.machine).toBe(resolved.machine);
        expect(back.type).toBe(resolved.virtType);
        expect(back.devices!.disk!.map((d) => [d.device, d.target?.bus])).toEqual([['disk', 'virtio'], ['cdrom', resolved.rules.cdromBus]]);
        expect(back.devices!.serial![0].log?.file).toBe(EXAMPLE.consoleLog);
        expect(back.devices!.graphics![0].listens![0].address).toBe('127.0.0.1');
      } finally {
        await dom.undefine();
      }
    });

    test('UEFI from the live domain capabilities (setup installs OVMF): built, defined, started with OVMF', async () => {
      if (!conn) return;
      const caps = xml.parseCapabilities(await conn.getCapabilities());
      const dc = xml.parseDomainCapabilities(await conn.getDomainCapabilities(null, 'x86_64', 'q35', 'qemu'));
      expect(dc.os?.enum?.find((e) => e.name === 'firmware')?.value ?? []).toContain('efi');
      const spec: guest.GuestSpec = { name: uniqueName('efi'), memoryMiB: 128, vcpus: 1, machine: 'q35', virtType: 'qemu', firmware: 'efi' };
      const text = guest.buildDomainXML(spec, { capabilities: caps, domainCapabilities: dc });
      const p = path.join(tmp, `${spec.name}.xml`);
      fs.writeFileSync(p, text);
      execFileSync('virt-xml-validate', [p, 'domain'], { stdio: 'pipe' });
      const dom = await conn.defineXML(text);
      try {
        await dom.createWithFlags(VIR_DOMAIN_START_PAUSED);
        const live = await dom.XMLDesc(0);
        expect(live).toMatch(/<loader [^>]*type='pflash'[^>]*>\/usr\/share\/OVMF\/[^<]+<\/loader>/);
        expect(live).toMatch(/<nvram template='\/usr\/share\/OVMF\//);
        await dom.destroy();
      } finally {
        await dom.undefineFlags(VIR_DOMAIN_UNDEFINE_NVRAM);
      }
    });
  });
});
