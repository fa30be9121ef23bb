/**
 * Shared fixtures of the XML tests: one typed example per device kind of libvirt 9.0's
 * domain schema with the XML lines it must produce (used by xml-builder.test.ts and
 * xml-libvirt.test.ts).
 */
import type { Domain, DomainDevices } from '../src/xml';

export type Devices = NonNullable<DomainDevices>;
export type Case = [kind: string, devices: Devices, expected: string[]];

export function baseDomain(devices: Devices, name = 'xmltest-builder', type = 'kvm'): Domain {
  return {
    type,
    name,
    memory: { unit: 'KiB', value: 1048576 },
    vcpu: { value: 1 },
    os: { type: { arch: 'x86_64', machine: 'pc', value: 'hvm' } },
    devices,
  };
}

const pciAddr = { type: 'pci', domain: '0x0000', bus: '0x00', slot: '0x05', function: '0x0' };

export const cases: Case[] = [
  ['emulator', { emulator: '/usr/bin/qemu-system-x86_64' }, ['<emulator>/usr/bin/qemu-system-x86_64</emulator>']],
  [
    'disk (file)',
    {
      disk: [{
        type: 'file', device: 'disk',
        driver: { name: 'qemu', type: 'qcow2', cache: 'none', discard: 'unmap' },
        source: { file: '/var/lib/libvirt/images/guest.qcow2' },
        target: { dev: 'vda', bus: 'virtio' },
        boot: { order: 1 },
        address: pciAddr,
      }],
    },
    [
      '<disk type="file" device="disk">',
      '  <driver name="qemu" type="qcow2" cache="none" discard="unmap"/>',
      '  <source file="/var/lib/libvirt/images/guest.qcow2"/>',
      '  <target dev="vda" bus="virtio"/>',
      '  <boot order="1"/>',
      '  <address type="pci" domain="0x0000" bus="0x00" slot="0x05" function="0x0"/>',
      '</disk>',
    ],
  ],
  [
    'disk (block, cdrom, readonly)',
    { disk: [{ type: 'block', device: 'cdrom', source: { dev: '/dev/sr0' }, target: { dev: 'sda', bus: 'sata' }, readonly: {} }] },
    ['<disk type="block" device="cdrom">', '  <source dev="/dev/sr0"/>', '  <target dev="sda" bus="sata"/>', '  <readonly/>', '</disk>'],
  ],
  [
    'disk (network rbd with auth)',
    {
      disk: [{
        type: 'network', device: 'disk',
        source: { protocol: 'rbd', name: 'pool/image', host: [{ name: 'mon1.example.org', port: '6789' }], auth: { username: 'admin', secret: { type: 'ceph', usage: 'ceph-admin' } } },
        target: { dev: 'vdb', bus: 'virtio' },
      }],
    },
    [
      '<disk type="network" device="disk">',
      '  <source protocol="rbd" name="pool/image">',
      '    <host name="mon1.example.org" port="6789"/>',
      '    <auth username="admin">',
      '      <secret type="ceph" usage="ceph-admin"/>',
      '    </auth>',
      '  </source>',
      '  <target dev="vdb" bus="virtio"/>',
      '</disk>',
    ],
  ],
  [
    'disk (volume)',
    { disk: [{ type: 'volume', device: 'disk', source: { pool: 'default', volume: 'v1.img' }, target: { dev: 'vdc', bus: 'virtio' } }] },
    ['<disk type="volume" device="disk">', '  <source pool="default" volume="v1.img"/>', '  <target dev="vdc" bus="virtio"/>', '</disk>'],
  ],
  [
    'disk (nvme)',
    {
      disk: [{
        type: 'nvme', device: 'disk',
        source: { type: 'pci', managed: 'yes', namespace: 1, address: { domain: '0x0000', bus: '0x01', slot: '0x00', function: '0x0' } },
        target: { dev: 'vdd', bus: 'virtio' },
      }],
    },
    [
      '<disk type="nvme" device="disk">',
      '  <source type="pci" managed="yes" namespace="1">',
      '    <address domain="0x0000" bus="0x01" slot="0x00" function="0x0"/>',
      '  </source>',
      '  <target dev="vdd" bus="virtio"/>',
      '</disk>',
    ],
  ],
  [
    'controller',
    { controller: [{ type: 'scsi', index: 0, model: 'virtio-scsi', driver: { queues: 4, iothread: 1 } }, { type: 'pci', index: 1, model: 'pci-bridge', modelName: { name: 'pci-bridge' }, target: { chassisNr: 1 } }] },
    [
      '<controller type="scsi" index="0" model="virtio-scsi">',
      '  <driver queues="4" iothread="1"/>',
      '</controller>',
      '<controller type="pci" index="1" model="pci-bridge">',
      '  <model name="pci-bridge"/>',
      '  <target chassisNr="1"/>',
      '</controller>',
    ],
  ],
  [
    'lease',
    { lease: [{ lockspace: 'somearea', key: 'thequickbrownfox', target: { path: '/some/lease/path', offset: 1024 } }] },
    ['<lease>', '  <lockspace>somearea</lockspace>', '  <key>thequickbrownfox</key>', '  <target path="/some/lease/path" offset="1024"/>', '</lease>'],
  ],
  [
    'filesystem',
    { filesystem: [{ type: 'mount', accessmode: 'passthrough', driver: { type: 'virtiofs', queue: 1024 }, source: { dir: '/export/share' }, target: { dir: 'share' } }] },
    [
      '<filesystem type="mount" accessmode="passthrough">',
      '  <driver type="virtiofs" queue="1024"/>',
      '  <source dir="/export/share"/>',
      '  <target dir="share"/>',
      '</filesystem>',
    ],
  ],
  [
    'interface (network)',
    { interface: [{ type: 'network', mac: { address: '52:54:00:12:34:56' }, source: { network: 'default' }, model: { type: 'virtio' }, driver: { name: 'vhost', queues: 2 } }] },
    [
      '<interface type="network">',
      '  <mac address="52:54:00:12:34:56"/>',
      '  <source network="default"/>',
      '  <model type="virtio"/>',
      '  <driver name="vhost" queues="2"/>',
      '</interface>',
    ],
  ],
  [
    'interface (bridge)',
    { interface: [{ type: 'bridge', source: { bridge: 'br0' }, virtualport: { type: 'openvswitch' }, model: { type: 'e1000' } }] },
    ['<interface type="bridge">', '  <source bridge="br0"/>', '  <virtualport type="openvswitch"/>', '  <model type="e1000"/>', '</interface>'],
  ],
  [
    'interface (direct)',
    { interface: [{ type: 'direct', source: { dev: 'eth0', mode: 'vepa' } }] },
    ['<interface type="direct">', '  <source dev="eth0" mode="vepa"/>', '</interface>'],
  ],
  [
    'interface (user)',
    { interface: [{ type: 'user', model: { type: 'virtio' } }] },
    ['<interface type="user">', '  <model type="virtio"/>', '</interface>'],
  ],
  [
    'interface (ethernet)',
    { interface: [{ type: 'ethernet', target: { dev: 'tap7', managed: 'no' }, model: { type: 'virtio' } }] },
    ['<interface type="ethernet">', '  <target dev="tap7" managed="no"/>', '  <model type="virtio"/>', '</interface>'],
  ],
  [
    'interface (vhostuser)',
    { interface: [{ type: 'vhostuser', source: { type: 'unix', path: '/tmp/vhost.sock', mode: 'server' }, model: { type: 'virtio' } }] },
    ['<interface type="vhostuser">', '  <source type="unix" path="/tmp/vhost.sock" mode="server"/>', '  <model type="virtio"/>', '</interface>'],
  ],
  [
    'input',
    { input: [{ type: 'tablet', bus: 'usb' }, { type: 'keyboard', bus: 'virtio' }] },
    ['<input type="tablet" bus="usb"/>', '<input type="keyboard" bus="virtio"/>'],
  ],
  [
    'graphics (vnc)',
    { graphics: [{ type: 'vnc', port: -1, autoport: 'yes', listens: [{ type: 'address', address: '127.0.0.1' }] }] },
    ['<graphics type="vnc" port="-1" autoport="yes">', '  <listen type="address" address="127.0.0.1"/>', '</graphics>'],
  ],
  [
    'graphics (spice)',
    { graphics: [{ type: 'spice', autoport: 'yes', image: { compression: 'off' }, gl: { enable: 'no' } }] },
    ['<graphics type="spice" autoport="yes">', '  <image compression="off"/>', '  <gl enable="no"/>', '</graphics>'],
  ],
  [
    'graphics (sdl, dbus)',
    { graphics: [{ type: 'sdl', display: ':0', fullscreen: 'yes' }, { type: 'dbus', p2p: 'yes' }] },
    ['<graphics type="sdl" display=":0" fullscreen="yes"/>', '<graphics type="dbus" p2p="yes"/>'],
  ],
  ['graphics (egl-headless)', { graphics: [{ type: 'egl-headless', gl: { rendernode: '/dev/dri/renderD128' } }] }, ['<graphics type="egl-headless">', '  <gl rendernode="/dev/dri/renderD128"/>', '</graphics>']],
  ['sound', { sound: [{ model: 'ich9', audio: { id: 1 } }] }, ['<sound model="ich9">', '  <audio id="1"/>', '</sound>']],
  ['audio', { audio: [{ id: 1, type: 'none' }] }, ['<audio id="1" type="none"/>']],
  [
    'video',
    { video: [{ model: { type: 'virtio', heads: 1, primary: 'yes', acceleration: { accel3d: 'no' } } }] },
    ['<video>', '  <model type="virtio" heads="1" primary="yes">', '    <acceleration accel3d="no"/>', '  </model>', '</video>'],
  ],
  [
    'hostdev',
    { hostdev: [{ mode: 'subsystem', type: 'pci', managed: 'yes', source: { address: { domain: '0x0000', bus: '0x06', slot: '0x12', function: '0x5' } } }] },
    [
      '<hostdev mode="subsystem" type="pci" managed="yes">',
      '  <source>',
      '    <address domain="0x0000" bus="0x06" slot="0x12" function="0x5"/>',
      '  </source>',
      '</hostdev>',
    ],
  ],
  [
    'console',
    { console: [{ type: 'pty', target: { type: 'serial', port: 0 } }] },
    ['<console type="pty">', '  <target type="serial" port="0"/>', '</console>'],
  ],
  [
    'parallel',
    { parallel: [{ type: 'file', source: { path: '/tmp/parallel.log' }, target: { port: 0 } }] },
    ['<parallel type="file">', '  <source path="/tmp/parallel.log"/>', '  <target port="0"/>', '</parallel>'],
  ],
  [
    'serial',
    { serial: [{ type: 'tcp', source: { mode: 'bind', host: '127.0.0.1', service: '4444' }, protocol: { type: 'telnet' }, target: { port: 0 } }] },
    ['<serial type="tcp">', '  <source mode="bind" host="127.0.0.1" service="4444"/>', '  <protocol type="telnet"/>', '  <target port="0"/>', '</serial>'],
  ],
  [
    'channel',
    { channel: [{ type: 'unix', source: { mode: 'bind', path: '/tmp/guest.agent' }, target: { type: 'virtio', name: 'org.qemu.guest_agent.0' } }] },
    ['<channel type="unix">', '  <source mode="bind" path="/tmp/guest.agent"/>', '  <target type="virtio" name="org.qemu.guest_agent.0"/>', '</channel>'],
  ],
  [
    'smartcard',
    { smartcard: [{ mode: 'passthrough', type: 'tcp', source: { mode: 'connect', host: '127.0.0.1', service: '2001' }, protocol: { type: 'raw' } }] },
    ['<smartcard type="tcp" mode="passthrough">', '  <source mode="connect" host="127.0.0.1" service="2001"/>', '  <protocol type="raw"/>', '</smartcard>'],
  ],
  ['hub', { hub: [{ type: 'usb' }] }, ['<hub type="usb"/>']],
  [
    'redirdev',
    { redirdev: [{ bus: 'usb', type: 'tcp', source: { mode: 'connect', host: 'localhost', service: '4000' } }] },
    ['<redirdev type="tcp" bus="usb">', '  <source mode="connect" host="localhost" service="4000"/>', '</redirdev>'],
  ],
  [
    'redirfilter',
    { redirfilter: [{ usbdev: [{ class: '0x08', vendor: '0x15E1', product: '0x2007', version: '1.10', allow: 'yes' }, { allow: 'no' }] }] },
    ['<redirfilter>', '  <usbdev class="0x08" vendor="0x15E1" product="0x2007" version="1.10" allow="yes"/>', '  <usbdev allow="no"/>', '</redirfilter>'],
  ],
  ['watchdog', { watchdog: [{ model: 'i6300esb', action: 'reset' }] }, ['<watchdog model="i6300esb" action="reset"/>']],
  [
    'memballoon',
    { memballoon: { model: 'virtio', autodeflate: 'on', stats: { period: 10 } } },
    ['<memballoon model="virtio" autodeflate="on">', '  <stats period="10"/>', '</memballoon>'],
  ],
  [
    'rng',
    { rng: [{ model: 'virtio', rate: { bytes: 1234, period: 2000 }, backend: { model: 'random', value: '/dev/urandom' } }] },
    ['<rng model="virtio">', '  <rate bytes="1234" period="2000"/>', '  <backend model="random">/dev/urandom</backend>', '</rng>'],
  ],
  [
    'tpm',
    { tpm: [{ model: 'tpm-tis', backend: { type: 'passthrough', device: { path: '/dev/tpm0' } } }] },
    ['<tpm model="tpm-tis">', '  <backend type="passthrough">', '    <device path="/dev/tpm0"/>', '  </backend>', '</tpm>'],
  ],
  ['nvram', { nvram: { address: { type: 'spapr-vio', reg: '0x00003000' } } }, ['<nvram>', '  <address type="spapr-vio" reg="0x00003000"/>', '</nvram>']],
  ['panic', { panic: [{ model: 'isa', address: { type: 'isa', iobase: '0x505' } }] }, ['<panic model="isa">', '  <address type="isa" iobase="0x505"/>', '</panic>']],
  [
    'shmem',
    { shmem: [{ name: 'shmem0', model: { type: 'ivshmem-plain' }, size: { unit: 'M', value: 4 } }] },
    ['<shmem name="shmem0">', '  <model type="ivshmem-plain"/>', '  <size unit="M">4</size>', '</shmem>'],
  ],
  [
    'memory',
    { memory: [{ model: 'dimm', target: { size: { unit: 'KiB', value: 524288 }, node: 0 } }] },
    ['<memory model="dimm">', '  <target>', '    <size unit="KiB">524288</size>', '    <node>0</node>', '  </target>', '</memory>'],
  ],
  ['iommu', { iommu: { model: 'intel', driver: { intremap: 'on', caching_mode: 'on' } } }, ['<iommu model="intel">', '  <driver intremap="on" caching_mode="on"/>', '</iommu>']],
  ['vsock', { vsock: { model: 'virtio', cid: { auto: 'no', address: 3 } } }, ['<vsock model="virtio">', '  <cid auto="no" address="3"/>', '</vsock>']],
];


/** What a driver needs around a device before it accepts the guest (libvirt's semantic checks, beyond the schema). */
export interface Context {
  domain?: Partial<Domain>;
  devices?: Devices;
}
export const defineContext: Record<string, Context> = {
  controller: { domain: { iothreads: 2 } },
  filesystem: { domain: { memoryBacking: { source: { type: 'memfd' }, access: { mode: 'shared' } } } },
  'graphics (egl-headless)': { devices: { graphics: [{ type: 'vnc', port: -1, autoport: 'yes' }] } },
  sound: { devices: { audio: [{ id: 1, type: 'none' }] } },
  redirdev: { devices: { controller: [{ type: 'usb', index: 0, model: 'qemu-xhci' }] } },
  memory: {
    domain: {
      maxMemory: { unit: 'KiB', slots: 16, value: 4194304 },
      cpu: { numa: { cell: [{ id: 0, cpus: '0', memory: 1048576, unit: 'KiB' }] } },
    },
  },
  iommu: { domain: { os: { type: { arch: 'x86_64', machine: 'q35', value: 'hvm' } }, features: { ioapic: { driver: 'qemu' } } } },
};

/** A guest holding one fixture's devices, with the context the driver needs. */
export function guestFor(kind: string, devices: Devices, name: string, type: string): Domain {
  const def = baseDomain(devices, name, type);
  const ctx = defineContext[kind];
  if (!ctx) return def;
  const merged: Domain = { ...def, ...ctx.domain, devices: { ...devices } };
  const d = merged.devices as Record<string, unknown>;
  for (const [k, v] of Object.entries(ctx.devices ?? {})) {
    d[k] = Array.isArray(v) ? [...v, ...((d[k] as unknown[]) ?? [])] : v;
  }
  return merged;
}

/** Strings that must survive every path (format, libvirt, parse) unchanged. */
export const HOSTILE_NAME = `a'b"c<d>&e`;
export const HOSTILE_DESCRIPTION = 'closes ]]> a CDATA, <b>tags</b> &amp; entities, a 😀 emoji, café, 漢字\nsecond line\ttab';
