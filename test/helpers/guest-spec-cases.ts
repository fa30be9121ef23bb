// Guest specs and host descriptions whose built domains are kept in
// test/guest-spec.golden.json: the builder must keep building them byte for byte.
import * as fs from 'fs';
import * as path from 'path';
import { xml } from '../../src';
import type { guest } from '../../src';
import type { Capabilities } from '../../src/xml';
import { CORPUS } from './libvirt';

const readCorpus = (p: string) => fs.readFileSync(path.join(CORPUS, p), 'utf8');
const dcaps = (f: string) => xml.parseDomainCapabilities(readCorpus(`domaincaps/${f}`));

function capsWithMachines(file: string, arch: string, machines: Array<[string, string?, number?]>): Capabilities {
  const caps = xml.parseCapabilities(readCorpus(`capabilities/${file}`));
  const g = caps.guest!.find((x) => x.arch?.name === arch)!;
  g.arch!.machine = machines.flatMap(([name, alias, maxCpus]) => [
    { value: name, ...(maxCpus ? { maxCpus } : {}) },
    ...(alias ? [{ value: alias, canonical: name, ...(maxCpus ? { maxCpus } : {}) }] : []),
  ]);
  return caps;
}

export function hosts() {
  const Q35 = dcaps('qemu_7.2.0-q35.x86_64.xml');
  const PC = dcaps('qemu_7.2.0.x86_64.xml');
  const VIRT = dcaps('qemu_7.0.0-virt.aarch64.xml');
  const X86 = capsWithMachines('caps.x86_64.xml', 'x86_64', [[PC.machine!, 'pc', 255], [Q35.machine!, 'q35', 288], ['pc-i440fx-7.1', undefined, 255]]);
  const ARM = capsWithMachines('caps.aarch64.xml', 'aarch64', [[VIRT.machine!, 'virt', 512]]);
  const LXC = xml.parseCapabilities(`<capabilities><host><cpu><arch>x86_64</arch></cpu></host>
  <guest><os_type>exe</os_type><arch name='x86_64'><wordsize>64</wordsize><emulator>/usr/lib/libvirt/libvirt_lxc</emulator><domain type='lxc'/></arch></guest>
</capabilities>`);
  const XEN = xml.parseCapabilities(`<capabilities><host><cpu><arch>x86_64</arch></cpu></host>
    <guest><os_type>xen</os_type><arch name='x86_64'><wordsize>64</wordsize><emulator>/usr/lib/xen/bin/qemu-system-i386</emulator><machine>xenpv</machine><domain type='xen'/></arch></guest>
    <guest><os_type>hvm</os_type><arch name='x86_64'><wordsize>64</wordsize><emulator>/usr/lib/xen/bin/qemu-system-i386</emulator><loader>/usr/lib/xen/boot/hvmloader</loader><machine>xenfv</machine><domain type='xen'/></arch>
      <features><pae/><acpi default='on' toggle='yes'/><apic default='on' toggle='no'/></features></guest>
  </capabilities>`);
  return { Q35, PC, VIRT, X86, ARM, LXC, XEN };
}

const WEB1: guest.GuestSpec = {
  name: 'web1', memoryMiB: 512, vcpus: 2, arch: 'x86_64', machine: 'q35', virtType: 'qemu',
  cpu: { mode: 'custom', model: 'Westmere', features: [{ name: 'avx', policy: 'disable' }] },
  disks: [{ path: '/var/lib/guests/web1.qcow2', format: 'qcow2' }, { path: '/isos/install.iso', device: 'cdrom' }],
  kernel: '/boot/vmlinuz', initrd: '/boot/initrd.img', cmdline: 'root=/dev/vda console=ttyS0',
  consoleLog: '/var/log/guests/web1.log', graphics: { type: 'vnc' },
  interfaces: [{ type: 'network', source: 'default', mac: '52:54:00:12:34:56' }],
};

/** [tag, spec, build context] */
export function cases(): Array<[string, guest.GuestSpec, guest.BuildContext]> {
  const h = hosts();
  return [
    ['q35-example', WEB1, { capabilities: h.X86 }],
    ['q35-example-dcaps', { ...WEB1, virtType: 'kvm' }, { capabilities: h.X86, domainCapabilities: h.Q35 }],
    ['pc-hotplug', { name: 'pc1', memoryMiB: 256, vcpus: 1, machine: 'pc', hotplugSlots: 40, disks: [{ path: '/img/root.raw' }, { path: '/isos/x.iso' }] }, { capabilities: h.X86 }],
    ['default-machine', { name: 'd1', memoryMiB: 128, vcpus: 1 }, { capabilities: h.X86 }],
    ['q35-flag', { name: 'd2', memoryMiB: 128, vcpus: 1, q35: true, balloon: false, console: false }, { capabilities: h.X86 }],
    ['q35-bridges', { ...WEB1, controllers: ['pcie-to-pci-bridge', 'pci-bridge'] }, { capabilities: h.X86 }],
    ['aarch64-efi', { name: 'arm1', memoryMiB: 512, vcpus: 2, arch: 'aarch64', virtType: 'kvm', firmware: 'efi', disks: [{ path: '/img/arm.qcow2' }, { path: '/isos/arm.iso' }], consoleLog: '/tmp/arm.log' }, { capabilities: h.ARM, domainCapabilities: h.VIRT }],
    ['topology', { ...WEB1, vcpus: 4, cpu: { mode: 'host-passthrough', migratable: true, topology: { sockets: 1, cores: 2, threads: 2 } } }, { capabilities: h.X86 }],
    ['roles', {
      name: 'r', memoryMiB: 256, vcpus: 1, machine: 'q35', uuid: 'c7a5fdbd-edaf-9455-926a-d65c16db1809', description: 'disk roles',
      disks: [
        { path: '/img/eph.raw', role: 'ephemeral', cache: 'none' }, { path: '/dev/vg0/root', role: 'root', format: 'raw' }, { path: '/img/swap.raw', role: 'swap', serial: 'swap0' },
        { path: '/img/config.img', role: 'config' }, { path: '/img/scsi.qcow2', bus: 'scsi', target: 'sdz', readonly: true },
      ],
    }, { capabilities: h.X86 }],
    ['rescue', { name: 'res', memoryMiB: 256, vcpus: 1, machine: 'pc', disks: [{ path: '/img/root.qcow2', role: 'root' }, { path: '/img/data.qcow2' }], rescue: { image: '/img/rescue.qcow2' } }, { capabilities: h.X86 }],
    ['rescue-kernel', { name: 'res', memoryMiB: 256, vcpus: 1, machine: 'pc', kernel: '/boot/guest-vmlinuz', rescue: { kernel: '/boot/rescue-vmlinuz', initrd: '/boot/rescue.img', cmdline: 'rescue console=ttyS0' } }, { capabilities: h.X86 }],
    ['boot-order', { name: 'b', memoryMiB: 128, vcpus: 1, disks: [{ path: '/img/a.raw', bootOrder: 2 }, { path: '/isos/b.iso', bootOrder: 1 }] }, { capabilities: h.X86 }],
    ['nics', {
      name: 'n', memoryMiB: 128, vcpus: 1, onPoweroff: 'preserve', onReboot: 'destroy', onCrash: 'coredump-restart',
      interfaces: [{ type: 'network', mac: '52:54:00:AA:bb:01' }, { type: 'bridge', source: 'br0', mac: '52:54:00:aa:bb:02', model: 'e1000' }, { type: 'user' }],
    }, { capabilities: h.X86 }],
    ['spice', { name: 's', memoryMiB: 128, vcpus: 1, machine: 'pc', firmware: 'bios', graphics: { type: 'spice', listen: '0.0.0.0', port: 5930, password: 'secret' } }, { capabilities: h.X86, domainCapabilities: { ...h.PC, domain: 'kvm' } }],
    ['lxc', { name: 'ct1', memoryMiB: 128, vcpus: 1, rootfs: '/var/lib/lxc/ct1/rootfs', init: '/bin/sh', initArgs: ['-c', 'echo hi'], interfaces: [{ type: 'bridge', source: 'br0' }] }, { capabilities: h.LXC }],
    ['xen-hvm', { name: 'x1', memoryMiB: 512, vcpus: 1, disks: [{ path: '/img/x.raw' }] }, { capabilities: h.XEN }],
    ['xen-pv', { name: 'x2', memoryMiB: 512, vcpus: 1, osType: 'xen', kernel: '/boot/vmlinuz', cmdline: 'root=/dev/xvda', disks: [{ path: '/img/x.raw' }, { path: '/isos/x.iso' }], consoleLog: '/var/log/x2.log', interfaces: [{ type: 'bridge', source: 'xenbr0' }] }, { capabilities: h.XEN }],
  ];
}
