/**
 * The guest spec, described once as a JSON Schema (TypeBox): the TypeScript types
 * (GuestSpec, DiskSpec, GuestCPU ...), the field checks of guest/validate.ts and the
 * published guest-spec.schema.json all come from here. Loaded on first validation only:
 * the rest of the guest layer imports nothing from this file but types.
 */
import { Kind, Type, TypeRegistry } from '@sinclair/typebox';
import type { Static, TSchema, TUnsafe } from '@sinclair/typebox';

/** A string that is one of `values` (`enum` in the JSON Schema, a literal union in TypeScript). */
function oneOf<const T extends readonly string[]>(values: T, description?: string): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ [Kind]: 'StringEnum', type: 'string', enum: [...values], ...(description ? { description } : {}) });
}
TypeRegistry.Set<{ enum: string[] }>('StringEnum', (schema, value) => typeof value === 'string' && schema.enum.includes(value));

/**
 * A string with suggested values: editors complete the `examples`, any string passes
 * (the host decides, from its capabilities, what it offers).
 */
function open<const T extends readonly string[]>(examples: T, description: string): TUnsafe<T[number] | (string & {})> {
  return Type.Unsafe<T[number] | (string & {})>(Type.String({ examples: [...examples], description }));
}
/** `errorMessage` is the reason a failing value gets, here and in editors that read the schema. */
const absPath = (description: string) => Type.String({ pattern: '^/[^\\u0000]*$', errorMessage: 'must be an absolute path', description });
const int = (minimum: number, description: string, extra: object = {}) =>
  Type.Integer({ minimum, errorMessage: `must be an integer of at least ${minimum}`, description, ...extra });
const opt = <T extends TSchema>(t: T) => Type.Optional(t);

const ACTIONS = ['destroy', 'restart', 'preserve', 'rename-restart'] as const;
export const PCI_CONTROLLER_MODELS = [
  'pci-root', 'pcie-root', 'pcie-root-port', 'pci-bridge', 'dmi-to-pci-bridge', 'pcie-to-pci-bridge',
  'pcie-switch-upstream-port', 'pcie-switch-downstream-port', 'pci-expander-bus', 'pcie-expander-bus',
] as const;

export const GuestCPUTopologySchema = Type.Object({
  sockets: int(1, 'Sockets.'),
  dies: opt(int(1, 'Dies per socket (default 1).')),
  cores: int(1, 'Cores per die.'),
  threads: int(1, 'Threads per core.'),
}, { additionalProperties: false, description: 'sockets * dies * cores * threads must equal vcpus.' });

export const GuestCPUFeatureSchema = Type.Object({
  name: Type.String({ pattern: '^[A-Za-z0-9_.+-]+$', errorMessage: 'must be a CPU feature name', description: 'CPU feature name as libvirt spells it (avx, vmx, invtsc ...).' }),
  policy: oneOf(['force', 'require', 'optional', 'disable', 'forbid'] as const, 'What the guest gets: require/force it, disable/forbid it, or optional.'),
}, { additionalProperties: false });

export const GuestCPUSchema = Type.Object({
  mode: opt(oneOf(['host-model', 'host-passthrough', 'maximum', 'custom'] as const, "CPU mode; default 'custom' when a model is given, else the hypervisor's default.")),
  match: opt(oneOf(['minimum', 'exact', 'strict'] as const, "Custom mode: how strictly the model must match (default 'exact').")),
  check: opt(oneOf(['none', 'partial', 'full'] as const, 'How libvirt checks the CPU the hypervisor gives.')),
  migratable: opt(Type.Boolean({ description: 'host-passthrough / maximum: whether to hide features that block migration.' })),
  model: opt(Type.String({ pattern: '\\S', errorMessage: 'must be a non-empty string', description: 'A CPU model of the hypervisor (custom mode).' })),
  fallback: opt(oneOf(['allow', 'forbid'] as const, 'Whether libvirt may fall back to a similar model when the hypervisor lacks this one.')),
  vendorId: opt(Type.String({ pattern: '^[\\x20-\\x7e]{12}$', errorMessage: 'must be exactly 12 printable ASCII characters (e.g. GenuineIntel)', description: 'CPUID vendor string the guest sees: exactly 12 characters.' })),
  vendor: opt(Type.String({ pattern: '\\S', errorMessage: 'must be a non-empty string', description: 'Required host CPU vendor (Intel, AMD, ...).' })),
  topology: opt(GuestCPUTopologySchema),
  features: opt(Type.Array(GuestCPUFeatureSchema, { description: 'Features added to or removed from the model.' })),
}, { additionalProperties: false, description: 'The guest CPU.' });

/** The fields every kind of disk has: how the guest sees it. */
const diskDevice = {
  device: opt(oneOf(['disk', 'cdrom', 'floppy'] as const, 'Default: cdrom for .iso files and config drives, disk otherwise.')),
  bus: opt(oneOf(['virtio', 'sata', 'scsi', 'ide', 'usb', 'fdc', 'xen'] as const, "Default: virtio for disks, the machine's cdrom bus (sata on q35/virt, ide on i440fx) for cdroms.")),
  role: opt(oneOf(['root', 'ephemeral', 'swap', 'config'] as const, 'root boots (after a rescue image); config is a read-only cdrom with serial config-2.')),
  readonly: opt(Type.Boolean({ description: 'Read-only (cdroms and config drives always are).' })),
  target: opt(Type.String({ pattern: '^[a-z]+[a-z0-9]*$', errorMessage: 'must be a device name like vda', description: 'Target device name; default: the next free name on the bus (vda, sda, hda ...).' })),
  cache: opt(oneOf(['none', 'writeback', 'writethrough', 'directsync', 'unsafe', 'default'] as const, 'Host cache mode.')),
  bootOrder: opt(int(1, 'Boot order (1 = first). Default: rescue image, then the root disk, then cdroms.')),
  serial: opt(Type.String({ description: 'Disk serial number the guest sees.' })),
};
const sizeGiB = (description: string) => opt(int(1, description));

/** A disk that exists already: an image file or a block device. */
export const PathDiskSpecSchema = Type.Object({
  path: absPath('Image file or block device (/dev/... is a block device unless type says otherwise).'),
  type: opt(oneOf(['file', 'block'] as const, 'Default: block for /dev/ paths, file otherwise.')),
  format: opt(oneOf(['qcow2', 'raw'] as const, 'Image format; ISO images are raw. Default: qcow2 for .qcow2 files, raw otherwise.')),
  ...diskDevice,
}, { additionalProperties: false, description: 'An existing image file or block device.' });

export const VolumeRefSchema = Type.Object({
  pool: Type.String({ pattern: '\\S', errorMessage: 'must be a non-empty string', description: 'Storage pool of the base image.' }),
  volume: Type.String({ pattern: '\\S', errorMessage: 'must be a non-empty string', description: 'Volume name of the base image in that pool.' }),
}, { additionalProperties: false, description: 'A base image that is a volume of a storage pool.' });

/** A new qcow2 overlay volume over a base image (guest.up creates it). */
export const ImageDiskSpecSchema = Type.Object({
  image: Type.Union([absPath('Base image file (its format is read from libvirt).'), VolumeRefSchema], { description: 'The base image: an absolute path or { pool, volume }.' }),
  overlay: opt(Type.Literal(true, { errorMessage: 'must be true (the disk is a new qcow2 overlay over the image)', description: 'The disk is a new qcow2 volume whose backing store is the image (the only mode; default true).' })),
  sizeGiB: sizeGiB("Capacity of the overlay in GiB; default the base image's (it cannot be smaller)."),
  ...diskDevice,
}, { additionalProperties: false, description: 'guest.up / `up`: a new qcow2 overlay volume in the pool over a base image.' });

/** A local file uploaded into a new volume (guest.up creates it). */
export const UploadDiskSpecSchema = Type.Object({
  upload: absPath('Local file uploaded into a new volume of the pool, through a stream (works with remote hosts).'),
  sizeGiB: sizeGiB("Grow the volume to this many GiB after the upload; default the file's size."),
  ...diskDevice,
}, { additionalProperties: false, description: 'guest.up / `up`: a new volume holding a copy of a local file.' });

export const DiskSpecSchema = Type.Union([PathDiskSpecSchema, ImageDiskSpecSchema, UploadDiskSpecSchema], {
  description: 'A disk: { path } (exists), { image } (a new overlay volume) or { upload } (a new volume from a local file).',
});

export const CloudInitSpecSchema = Type.Object({
  userData: Type.Union([Type.String(), Type.Object({}, { additionalProperties: true })], { description: 'user-data: a string as is (#cloud-config, a script ...), or an object written as #cloud-config YAML.' }),
  metaData: opt(Type.Union([Type.String(), Type.Object({}, { additionalProperties: true })], { description: 'meta-data: a string as is, or an object merged over the default instance-id and local-hostname.' })),
  networkConfig: opt(Type.Union([Type.String(), Type.Object({}, { additionalProperties: true })], { description: 'network-config (version 1 or 2): a string as is, or an object written as YAML.' })),
  hostname: opt(Type.String({ pattern: '^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$', errorMessage: 'must be a host name (letters, digits, dots and dashes)', description: 'Host name: meta-data local-hostname and, in #cloud-config user-data, hostname.' })),
  sshAuthorizedKeys: opt(Type.Array(Type.String({ pattern: '\\S', errorMessage: 'must be a non-empty string' }), { description: 'SSH public keys: ssh_authorized_keys in #cloud-config user-data (public-keys in meta-data otherwise).' })),
}, { additionalProperties: false, description: 'guest.up / `up`: a NoCloud seed (ISO 9660 labelled cidata) uploaded as a volume and attached as a cdrom.' });

export const InterfaceSpecSchema = Type.Object({
  type: oneOf(['network', 'bridge', 'user'] as const, 'A libvirt network, a host bridge, or user-mode networking.'),
  source: opt(Type.String({ description: 'Network name (type network, default "default") or bridge name (type bridge, required).' })),
  mac: opt(Type.String({ pattern: '^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$', errorMessage: 'must be a MAC address xx:xx:xx:xx:xx:xx', description: 'Unicast MAC address; default: libvirt picks one.' })),
  model: opt(open(['virtio', 'e1000', 'e1000e', 'rtl8139', 'netfront'] as const, 'NIC model; default virtio (netfront on Xen, none for containers).')),
}, { additionalProperties: false });

export const GraphicsSpecSchema = Type.Object({
  type: oneOf(['vnc', 'spice'] as const, 'Graphics protocol.'),
  listen: opt(Type.String({ pattern: '^[0-9a-fA-F.:]+$', errorMessage: 'must be an IP address', description: 'Address to listen on; default 127.0.0.1.' })),
  port: opt(int(5900, 'Port; default: a free one (autoport).', { maximum: 65535, errorMessage: 'must be an integer from 5900 to 65535' })),
  password: opt(Type.String({ description: 'Connection password.' })),
}, { additionalProperties: false, description: 'A graphical console, with a USB tablet.' });

export const RescueSpecSchema = Type.Object({
  image: opt(absPath('Rescue image booted first; the guest\'s own disks follow.')),
  format: opt(oneOf(['qcow2', 'raw'] as const, 'Format of the rescue image.')),
  kernel: opt(absPath('Rescue kernel; replaces the guest\'s own kernel.')),
  initrd: opt(absPath('Initrd of the rescue kernel.')),
  cmdline: opt(Type.String({ description: 'Command line of the rescue kernel.' })),
}, { additionalProperties: false, description: 'Boot a rescue image or kernel (one of them is needed).' });

export const GuestSpecSchema = Type.Object({
  $schema: opt(Type.String({ description: 'This schema, for editors: "./node_modules/libvirt-napi/guest-spec.schema.json".' })),
  name: Type.String({ pattern: '^[^/\\s][^/]*$', errorMessage: "must be a non-empty name without '/'", description: 'Domain name.' }),
  memoryMiB: int(1, 'Memory in MiB.'),
  vcpus: int(1, 'Virtual CPUs.'),
  arch: opt(open(['x86_64', 'i686', 'aarch64', 'armv7l', 'ppc64le', 's390x', 'riscv64'] as const, "Guest arch; default: the host's.")),
  machine: opt(open(['q35', 'pc', 'virt', 'pseries', 's390-ccw-virtio'] as const, 'Machine type, canonical name or alias; default per arch (x86: pc, or q35 with q35: true).')),
  virtType: opt(open(['kvm', 'qemu', 'lxc', 'xen', 'test'] as const, 'Domain type; default: kvm where the host offers it, qemu otherwise (or the only type offered).')),
  q35: opt(Type.Boolean({ description: 'x86 guests without a machine: q35 rather than pc.' })),
  osType: opt(open(['hvm', 'xen', 'xenpvh', 'exe'] as const, 'OS type: hvm (default where offered), xen (Xen PV), exe (containers: implied by lxc).')),
  uuid: opt(Type.String({ description: 'Domain UUID; default: libvirt makes one.' })),
  description: opt(Type.String({ description: 'Free text kept with the domain.' })),
  cpu: opt(GuestCPUSchema),
  disks: opt(Type.Array(DiskSpecSchema, { description: 'Disks, in order.' })),
  pool: opt(Type.String({ pattern: '^[^/\\s][^/]*$', errorMessage: "must be a non-empty name without '/'", description: "guest.up / `up`: the storage pool of the volumes it creates; default 'default' (a directory pool under /var/lib/libvirt/images, made if missing)." })),
  cloudInit: opt(CloudInitSpecSchema),
  guestAgent: opt(Type.Boolean({ description: "The qemu-guest-agent channel (virtio-serial org.qemu.guest_agent.0); guest.up adds it when it waits for 'agent' or 'ip'." })),
  kernel: opt(absPath('Kernel for direct kernel boot.')),
  initrd: opt(absPath('Initrd for direct kernel boot (needs kernel).')),
  cmdline: opt(Type.String({ description: 'Kernel command line (needs kernel).' })),
  dtb: opt(absPath('Device tree blob for direct kernel boot.')),
  rescue: opt(RescueSpecSchema),
  consoleLog: opt(absPath('File the serial console is logged to (the console stays reachable as a pty).')),
  console: opt(Type.Boolean({ description: 'Serial + pty console (default true).' })),
  graphics: opt(GraphicsSpecSchema),
  interfaces: opt(Type.Array(InterfaceSpecSchema, { description: 'Network interfaces, in order.' })),
  firmware: opt(oneOf(['bios', 'efi'] as const, 'Firmware; efi needs domain capabilities that offer it (OVMF/AAVMF installed).')),
  biosSerial: opt(Type.Boolean({ description: "x86 BIOS guests: the BIOS writes its messages to the serial console too (`<bios useserial='yes'/>`)." })),
  hotplugSlots: opt(int(0, 'Free hotplug slots (pcie-root-port on PCIe machines, pci-bridge on PCI); default 2 on PCIe.')),
  controllers: opt(Type.Array(oneOf(PCI_CONTROLLER_MODELS, 'PCI controller model.'), { description: 'Extra PCI controllers, checked against the machine.' })),
  rootfs: opt(absPath('Containers: the root filesystem directory (required for them).')),
  init: opt(absPath('Containers: the init path (default /sbin/init).')),
  initArgs: opt(Type.Array(Type.String(), { description: 'Containers: arguments of init.' })),
  onPoweroff: opt(oneOf(ACTIONS, 'What a power-off does (default destroy).')),
  onReboot: opt(oneOf(ACTIONS, 'What a reboot does (default restart).')),
  onCrash: opt(oneOf([...ACTIONS, 'coredump-destroy', 'coredump-restart'] as const, 'What a crash does (default destroy).')),
  balloon: opt(Type.Boolean({ description: 'Virtio memory balloon (default true for qemu/kvm).' })),
}, { additionalProperties: false, title: 'libvirt-napi guest spec', description: 'A guest for guest.buildDomain and `libvirt-napi up SPEC.json`.' });

export type GuestSpec = Static<typeof GuestSpecSchema>;
export type DiskSpec = Static<typeof DiskSpecSchema>;
export type PathDiskSpec = Static<typeof PathDiskSpecSchema>;
export type ImageDiskSpec = Static<typeof ImageDiskSpecSchema>;
export type UploadDiskSpec = Static<typeof UploadDiskSpecSchema>;
export type VolumeRef = Static<typeof VolumeRefSchema>;
export type CloudInitSpec = Static<typeof CloudInitSpecSchema>;
export type DiskRole = NonNullable<DiskSpec['role']>;
export type InterfaceSpec = Static<typeof InterfaceSpecSchema>;
export type GraphicsSpec = Static<typeof GraphicsSpecSchema>;
export type RescueSpec = Static<typeof RescueSpecSchema>;
export type GuestCPU = Static<typeof GuestCPUSchema>;
export type GuestCPUTopology = Static<typeof GuestCPUTopologySchema>;
export type GuestCPUFeature = Static<typeof GuestCPUFeatureSchema>;
export type CPUMode = NonNullable<GuestCPU['mode']>;
export type CPUMatch = NonNullable<GuestCPU['match']>;
export type CPUCheck = NonNullable<GuestCPU['check']>;
export type CPUFeaturePolicy = GuestCPUFeature['policy'];

/** The spec's JSON Schema as published in guest-spec.schema.json (plain JSON, draft-07). */
export function publishedSchema(): Record<string, unknown> {
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...JSON.parse(JSON.stringify(GuestSpecSchema)) };
}
