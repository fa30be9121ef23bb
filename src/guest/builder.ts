/**
 * The guest builder: a short spec -> a typed domain definition (src/xml's Domain) that
 * the host can run, decided from its capabilities and (when given) domain capabilities.
 * What the host cannot do is refused with a GuestConfigError before anything is defined.
 */
import { formatDomain } from '../xml';
import type {
  Capabilities, DomainCapabilities, Domain, DomainDisk, DomainController, DomainInterface, DomainGraphics,
  DomainSerial, DomainConsole, DomainFilesystem,
} from '../xml';
import { GuestConfigError } from './errors';
import { GuestCPU, toDomainCPU } from './cpu';
import { arches, canonicalMachine, defaultMachine, domainTypes, findMachine, machineRules, MachineRules } from './machines';

export type DiskRole = 'root' | 'ephemeral' | 'swap' | 'config';
export interface DiskSpec {
  /** Image file or block device (`/dev/...` is a block device unless `type` says otherwise). */
  path: string;
  type?: 'file' | 'block';
  /** Image format; ISO images are raw. Default: qcow2 for `.qcow2` files, raw otherwise. */
  format?: 'qcow2' | 'raw';
  /** `cdrom` is implied for `.iso` files and config drives. */
  device?: 'disk' | 'cdrom' | 'floppy';
  /** Default: virtio for disks, the machine's cdrom bus (sata on q35/virt, ide on i440fx) for cdroms. */
  bus?: 'virtio' | 'sata' | 'scsi' | 'ide' | 'usb' | 'fdc' | 'xen';
  role?: DiskRole;
  readonly?: boolean;
  /** Target device name; default: the next free name on the bus (vda, sda, hda ...). */
  target?: string;
  cache?: 'none' | 'writeback' | 'writethrough' | 'directsync' | 'unsafe' | 'default';
  /** Boot order (1 = first). Default: rescue image, then the root disk. */
  bootOrder?: number;
  serial?: string;
}
export interface InterfaceSpec {
  type: 'network' | 'bridge' | 'user';
  /** Network name (type network, default `default`) or bridge name (type bridge). */
  source?: string;
  mac?: string;
  /** NIC model; default virtio (none for LXC). */
  model?: string;
}
export interface GraphicsSpec {
  type: 'vnc' | 'spice';
  /** Default 127.0.0.1. */
  listen?: string;
  /** Default: autoport. */
  port?: number;
  password?: string;
}
export interface RescueSpec {
  /** Rescue image booted first; the guest's own disks follow. */
  image?: string;
  format?: 'qcow2' | 'raw';
  kernel?: string;
  initrd?: string;
  cmdline?: string;
}
export interface GuestSpec {
  name: string;
  memoryMiB: number;
  vcpus: number;
  /** Default: the host's arch. */
  arch?: string;
  /** Canonical name or alias; default per guest.defaultMachine. */
  machine?: string;
  /** Default: kvm where the host can do it, qemu otherwise (or the only type offered). */
  virtType?: 'kvm' | 'qemu' | 'lxc' | 'xen' | 'test' | (string & {});
  /** x86 guests without a machine: q35 rather than pc. */
  q35?: boolean;
  /** OS type: hvm (default where offered), xen (Xen PV), exe (containers: implied by lxc). */
  osType?: 'hvm' | 'xen' | 'xenpvh' | 'exe' | (string & {});
  uuid?: string;
  description?: string;
  cpu?: GuestCPU;
  disks?: DiskSpec[];
  kernel?: string;
  initrd?: string;
  cmdline?: string;
  dtb?: string;
  rescue?: RescueSpec;
  /** File the serial console is logged to (the console stays reachable as a pty). */
  consoleLog?: string;
  /** Serial + pty console (default true). */
  console?: boolean;
  graphics?: GraphicsSpec;
  interfaces?: InterfaceSpec[];
  firmware?: 'bios' | 'efi';
  /** Free hotplug slots (pcie-root-port on PCIe machines, pci-bridge on PCI); default 2 on PCIe. */
  hotplugSlots?: number;
  /** Extra PCI controllers by model, checked against the machine (e.g. 'pcie-root-port', 'pci-bridge'). */
  controllers?: string[];
  /** LXC: the root filesystem directory and the init path. */
  rootfs?: string;
  init?: string;
  initArgs?: string[];
  onPoweroff?: 'destroy' | 'restart' | 'preserve' | 'rename-restart';
  onReboot?: 'destroy' | 'restart' | 'preserve' | 'rename-restart';
  onCrash?: 'destroy' | 'restart' | 'preserve' | 'rename-restart' | 'coredump-destroy' | 'coredump-restart';
  /** Virtio memory balloon (default true for qemu/kvm). */
  balloon?: boolean;
}
export interface BuildContext {
  capabilities: Capabilities;
  /** Domain capabilities for this arch/machine/type; enables firmware, CPU model and bus checks. */
  domainCapabilities?: DomainCapabilities;
}
/** Facts the builder decided (useful to callers and tests). */
export interface BuildInfo {
  arch: string;
  virtType: string;
  machine?: string;
  rules: MachineRules;
  osType: string;
}

const NAME_RE = /^[^/\s][^/]*$/;
const PCI_MODELS = new Set(['pci-root', 'pcie-root', 'pcie-root-port', 'pci-bridge', 'dmi-to-pci-bridge', 'pcie-to-pci-bridge', 'pcie-switch-upstream-port', 'pcie-switch-downstream-port', 'pci-expander-bus', 'pcie-expander-bus']);

function need(cond: unknown, field: string, value: unknown, reason: string, supported?: string[]): asserts cond {
  if (!cond) throw new GuestConfigError(field, value, reason, supported);
}
function posInt(field: string, v: unknown, min = 1): number {
  need(typeof v === 'number' && Number.isSafeInteger(v) && v >= min, field, v, `must be an integer of at least ${min}`);
  return v as number;
}
function absPath(field: string, v: unknown): string {
  need(typeof v === 'string' && v.startsWith('/') && !v.includes('\0'), field, v, 'must be an absolute path');
  return v as string;
}
function enumValues(caps: { enum?: { name?: string; value?: string[] }[] } | undefined, name: string): string[] | undefined {
  const e = caps?.enum?.find((x) => x.name === name);
  return e ? e.value ?? [] : undefined;
}

/** The guest's arch, virt type, machine and rules, validated against the capabilities. */
export function resolveGuest(spec: Pick<GuestSpec, 'arch' | 'virtType' | 'machine' | 'q35' | 'osType'>, ctx: BuildContext): BuildInfo {
  const caps = ctx.capabilities;
  need(caps && typeof caps === 'object', 'capabilities', caps, 'are required (parse virConnectGetCapabilities with xml.parseCapabilities)');
  const offered = arches(caps);
  const arch = spec.arch ?? caps.host?.cpu?.arch;
  need(typeof arch === 'string' && arch, 'arch', arch, 'is not given and the capabilities name no host arch');
  need(offered.includes(arch), 'arch', arch, `is not offered by this host (capabilities list ${offered.join(', ') || 'no guest arch'})`, offered);
  const types = domainTypes(caps, arch);
  let virtType = spec.virtType;
  if (virtType === undefined) {
    virtType = types.includes('kvm') ? 'kvm' : types.includes('qemu') ? 'qemu' : types[0];
    need(virtType, 'virtType', virtType, `has no default: the capabilities offer no domain type for ${arch}`);
  }
  need(types.includes(virtType), 'virtType', virtType, `is not offered for arch ${arch} (capabilities offer ${types.join(', ') || 'none'})`, types);
  // the os type: containers run 'exe'; otherwise hvm when offered with this domain type
  const guests = (caps.guest ?? []).filter((g) => g.arch?.name === arch && (g.arch.domain ?? []).some((d) => d.type === virtType));
  const osTypes = [...new Set(guests.map((g) => g.os_type ?? ''))];
  if (spec.osType !== undefined) need(osTypes.includes(spec.osType), 'osType', spec.osType, `is not offered for ${virtType} on ${arch} (capabilities offer ${osTypes.join(', ')})`, osTypes);
  const osType = spec.osType ?? (osTypes.includes('hvm') ? 'hvm' : osTypes[0] ?? 'hvm');
  let machine: string | undefined;
  if (osType === 'exe') {
    need(spec.machine === undefined, 'machine', spec.machine, `does not apply to ${virtType} containers`);
  } else if (osType !== 'hvm') {
    // Xen PV and friends: the machine (xenpv ...) is the os type's own; libvirt fills it in
    const listed = guests.filter((g) => g.os_type === osType).flatMap((g) => (g.arch!.machine ?? []).map((m) => m.value ?? ''));
    if (spec.machine !== undefined) need(listed.includes(spec.machine), 'machine', spec.machine, `is not a machine type of ${osType} guests on ${arch} (${listed.join(', ') || 'none listed'})`, listed);
    machine = spec.machine;
  } else if (spec.machine !== undefined) {
    machine = canonicalMachine(caps, arch, spec.machine, virtType);
  } else {
    const listed = findMachineList(caps, arch, virtType);
    if (listed) machine = defaultMachine(caps, arch, undefined, { domainType: virtType, q35: spec.q35 });
  }
  return { arch, virtType, machine, rules: machineRules(machine, arch), osType };
}
function findMachineList(caps: Capabilities, arch: string, virtType: string): boolean {
  return (caps.guest ?? []).some((g) => g.arch?.name === arch && ((g.arch.machine ?? []).length > 0 || (g.arch.domain ?? []).some((d) => d.type === virtType && (d.machine ?? []).length > 0)));
}

/** Builds the typed domain definition for a spec (see GuestSpec). */
export function buildDomain(spec: GuestSpec, ctx: BuildContext): Domain {
  return buildDomainWithInfo(spec, ctx).domain;
}
/** buildDomain, formatted as domain XML. */
export function buildDomainXML(spec: GuestSpec, ctx: BuildContext): string {
  return formatDomain(buildDomain(spec, ctx));
}

export function buildDomainWithInfo(spec: GuestSpec, ctx: BuildContext): { domain: Domain; info: BuildInfo } {
  need(spec && typeof spec === 'object', 'spec', spec, 'must be an object');
  need(typeof spec.name === 'string' && NAME_RE.test(spec.name), 'name', spec.name, "must be a non-empty name without '/'");
  const memoryMiB = posInt('memoryMiB', spec.memoryMiB);
  const vcpus = posInt('vcpus', spec.vcpus);
  const info = resolveGuest(spec, ctx);
  const { arch, virtType, machine, rules, osType } = info;
  const dcaps = ctx.domainCapabilities;
  const lxc = osType === 'exe';
  const x86 = arch === 'x86_64' || arch === 'i686';

  if (dcaps) {
    // the domain capabilities must describe this guest, or their answers do not apply
    need(!dcaps.arch || dcaps.arch === arch, 'domainCapabilities', dcaps.arch, `describe arch ${dcaps.arch}, the guest is ${arch}`);
    need(!dcaps.domain || dcaps.domain === virtType, 'domainCapabilities', dcaps.domain, `describe domain type ${dcaps.domain}, the guest is ${virtType}`);
    if (machine && dcaps.machine) {
      need(dcaps.machine === machine, 'domainCapabilities', dcaps.machine, `describe machine ${dcaps.machine}, the guest is ${machine}`);
    }
  }

  // vCPUs: the machine's limit, and the domain capabilities' limit
  if (machine) {
    const m = findMachine(ctx.capabilities, arch, machine, virtType);
    if (m?.maxCpus !== undefined) need(vcpus <= m.maxCpus, 'vcpus', vcpus, `exceeds the ${m.maxCpus} vCPUs machine ${machine} supports`);
  }
  if (dcaps?.vcpu?.max !== undefined) need(vcpus <= dcaps.vcpu.max, 'vcpus', vcpus, `exceeds the ${dcaps.vcpu.max} vCPUs the domain capabilities allow`);

  const def: Domain = { type: virtType, name: spec.name };
  if (spec.uuid !== undefined) def.uuid = spec.uuid;
  if (spec.description !== undefined) def.description = spec.description;
  def.memory = { unit: 'KiB', value: memoryMiB * 1024 };
  def.currentMemory = { unit: 'KiB', value: memoryMiB * 1024 };
  def.vcpu = { placement: 'static', value: vcpus };

  // ---- os
  const os: NonNullable<Domain['os']> = { type: { value: osType } };
  if (!lxc) {
    os.type!.arch = arch;
    if (machine) os.type!.machine = machine;
  }
  const rescue = spec.rescue;
  if (rescue !== undefined) need(rescue && (rescue.image || rescue.kernel), 'rescue', rescue, 'needs an image or a kernel to boot');
  // in rescue mode the rescue kernel (if any) replaces the guest's own
  const kernel = rescue ? rescue.kernel : spec.kernel;
  const initrd = rescue ? rescue.initrd : spec.initrd;
  const cmdline = rescue ? rescue.cmdline : spec.cmdline;
  const kf = rescue ? 'rescue.' : '';
  if (lxc) {
    need(!kernel && !spec.initrd, 'kernel', kernel ?? spec.initrd, 'does not apply to containers (they share the host kernel)');
    os.init = spec.init ?? '/sbin/init';
    absPath('init', os.init);
    if (spec.initArgs?.length) os.initarg = spec.initArgs.map(String);
  } else {
    if (spec.init !== undefined) need(false, 'init', spec.init, `applies to containers only (the guest is ${virtType}/${osType}); use kernel + cmdline 'init=...'`);
    if (spec.firmware === 'efi') {
      need(dcaps, 'firmware', 'efi', 'needs the domain capabilities (pass domainCapabilities) to know whether UEFI firmware is installed');
      const fw = enumValues(dcaps.os, 'firmware');
      const loaders = dcaps.os?.loader?.value ?? [];
      need(dcaps.os?.supported !== 'no' && ((fw && fw.includes('efi')) || (!fw && loaders.length > 0)), 'firmware', 'efi',
        `is not offered by the domain capabilities for ${machine ?? arch} (firmware: ${fw && fw.length ? fw.join(', ') : 'none'}; install OVMF/AAVMF)`, fw ?? []);
      os.firmware = 'efi';
    } else if (spec.firmware !== undefined) {
      need(spec.firmware === 'bios', 'firmware', spec.firmware, 'must be bios or efi', ['bios', 'efi']);
      need(x86, 'firmware', 'bios', `is x86 firmware; arch ${arch} has none`);
      const fw = dcaps ? enumValues(dcaps.os, 'firmware') : undefined;
      if (fw && fw.length) need(fw.includes('bios'), 'firmware', 'bios', `is not offered by the domain capabilities (firmware: ${fw.join(', ')})`, fw);
    }
    if (kernel !== undefined) {
      os.kernel = absPath(`${kf}kernel`, kernel);
      if (initrd !== undefined) os.initrd = absPath(`${kf}initrd`, initrd);
      if (cmdline !== undefined) {
        need(typeof cmdline === 'string', `${kf}cmdline`, cmdline, 'must be a string');
        os.cmdline = cmdline;
      }
      if (spec.dtb !== undefined) os.dtb = absPath('dtb', spec.dtb);
    } else {
      need(initrd === undefined, `${kf}initrd`, initrd, 'needs a kernel');
      need(cmdline === undefined, `${kf}cmdline`, cmdline, 'needs a kernel');
    }
  }
  def.os = os;

  // ---- features, cpu, clock, lifecycle
  const gfeat = (ctx.capabilities.guest ?? []).find((g) => g.arch?.name === arch && g.os_type === osType)?.features;
  if (!lxc && (virtType === 'kvm' || virtType === 'qemu')) {
    const features: NonNullable<Domain['features']> = {};
    if (gfeat?.acpi) features.acpi = {};
    if (gfeat?.apic) features.apic = {};
    if (Object.keys(features).length) def.features = features;
  }
  if (spec.cpu !== undefined) {
    need(!lxc, 'cpu', spec.cpu, 'does not apply to containers');
    const cpu = toDomainCPU(spec.cpu, vcpus);
    const cm = dcaps?.cpu?.mode;
    if (cm && cpu.mode) {
      const mode = cm.find((m) => m.name === cpu.mode);
      need(mode && mode.supported === 'yes', 'cpu.mode', cpu.mode, `is not supported by this hypervisor (supported: ${cm.filter((m) => m.supported === 'yes').map((m) => m.name).join(', ')})`);
      if (cpu.mode === 'custom' && cpu.model?.value) {
        const models = (mode.model ?? []).map((m) => m.value ?? '');
        if (models.length) need(models.includes(cpu.model.value), 'cpu.model', cpu.model.value, `is not a CPU model this hypervisor knows (${models.length} known, e.g. ${models.slice(0, 5).join(', ')})`, models);
      }
    }
    def.cpu = cpu;
  }
  if (!lxc) def.clock = { offset: 'utc' };
  const actions = ['destroy', 'restart', 'preserve', 'rename-restart'];
  for (const [f, extra] of [['onPoweroff', []], ['onReboot', []], ['onCrash', ['coredump-destroy', 'coredump-restart']]] as const) {
    const v = spec[f];
    if (v !== undefined) need([...actions, ...extra].includes(v), f, v, `must be one of ${[...actions, ...extra].join(', ')}`, [...actions, ...extra]);
  }
  def.on_poweroff = spec.onPoweroff ?? 'destroy';
  def.on_reboot = spec.onReboot ?? 'restart';
  def.on_crash = spec.onCrash ?? 'destroy';

  // ---- devices
  const devices: NonNullable<Domain['devices']> = {};
  const controllers: DomainController[] = [];
  const busesUsed = new Set<string>();
  const dcapsBuses = enumValues(dcaps?.devices?.disk, 'bus');
  const dcapsDevices = enumValues(dcaps?.devices?.disk, 'diskDevice');

  // disks: rescue image first, then the spec's disks
  const diskSpecs: Array<{ d: DiskSpec; at: string }> = [];
  if (rescue?.image) diskSpecs.push({ d: { path: rescue.image, format: rescue.format }, at: 'rescue.image' });
  (spec.disks ?? []).forEach((d, n) => diskSpecs.push({ d, at: `disks[${n}]` }));
  need(!lxc || diskSpecs.length === 0, 'disks', spec.disks, 'do not apply to containers; use rootfs');
  const usedTargets = new Set<string>();
  const disks: DomainDisk[] = [];
  diskSpecs.forEach(({ d, at }, n) => {
    need(d && typeof d === 'object', at, d, 'must be an object { path, ... }');
    const p = absPath(`${at}.path`, d.path);
    const iso = /\.iso$/i.test(p);
    const device = d.device ?? (iso || d.role === 'config' ? 'cdrom' : 'disk');
    need(['disk', 'cdrom', 'floppy'].includes(device), `${at}.device`, device, 'must be disk, cdrom or floppy', ['disk', 'cdrom', 'floppy']);
    if (dcapsDevices) need(dcapsDevices.includes(device), `${at}.device`, device, `is not offered by the domain capabilities (${dcapsDevices.join(', ')})`, dcapsDevices);
    const type = d.type ?? (p.startsWith('/dev/') ? 'block' : 'file');
    need(type === 'file' || type === 'block', `${at}.type`, type, 'must be file or block', ['file', 'block']);
    const format = d.format ?? (/\.qcow2$/i.test(p) ? 'qcow2' : 'raw');
    need(format === 'qcow2' || format === 'raw', `${at}.format`, format, 'must be qcow2 or raw', ['qcow2', 'raw']);
    need(!(iso && format === 'qcow2'), `${at}.format`, format, 'does not fit an ISO image (raw)');
    const pv = virtType === 'xen' && osType !== 'hvm';
    let bus: string = d.bus ?? (pv ? 'xen' : device === 'cdrom' ? rules.cdromBus : device === 'floppy' ? 'fdc' : 'virtio');
    if (d.bus === undefined && device === 'cdrom' && dcapsBuses && !dcapsBuses.includes(bus)) {
      bus = dcapsBuses.includes('sata') && rules.family !== 'pseries' ? 'sata' : dcapsBuses.includes('scsi') ? 'scsi' : bus;
    }
    const fam = machine ? `machine ${machine} (${rules.family}${rules.pcie ? ', PCI Express' : ''})` : `arch ${arch}`;
    if (rules.noBus.includes(bus)) {
      const alt = device === 'cdrom' ? rules.cdromBus : 'virtio';
      need(false, `${at}.bus`, bus, `is not available: ${fam} has no ${bus.toUpperCase()} controller; use ${alt}`);
    }
    if (device === 'floppy') need(bus === 'fdc', `${at}.bus`, bus, 'a floppy needs the fdc bus');
    if (device === 'cdrom') need(bus !== 'virtio', `${at}.bus`, bus, 'cannot carry a cdrom; use sata, scsi or ide');
    if (bus === 'xen') need(virtType === 'xen', `${at}.bus`, bus, `needs a Xen guest (the guest is ${virtType})`);
    if (dcapsBuses) need(dcapsBuses.includes(bus), `${at}.bus`, bus, `is not offered by the domain capabilities for ${machine ?? arch} (${dcapsBuses.join(', ')})`, dcapsBuses);
    busesUsed.add(bus);
    const prefix = bus === 'virtio' ? 'vd' : bus === 'ide' ? 'hd' : bus === 'fdc' ? 'fd' : bus === 'xen' ? 'xvd' : 'sd';
    let target = d.target;
    if (target !== undefined) {
      need(typeof target === 'string' && /^[a-z]+[a-z0-9]*$/.test(target), `${at}.target`, target, 'must be a device name like vda');
      need(!usedTargets.has(target), `${at}.target`, target, 'is used by another disk');
    } else {
      for (let i = 0; ; i++) {
        const t = prefix + diskLetters(i);
        if (!usedTargets.has(t) && !diskSpecs.some((o) => o.d.target === t)) {
          target = t;
          break;
        }
      }
    }
    usedTargets.add(target);
    const disk: Record<string, unknown> = { type, device, driver: { name: virtType === 'xen' ? 'qemu' : 'qemu', type: format } };
    if (d.cache) disk.driver = { ...(disk.driver as object), cache: d.cache };
    disk.source = type === 'file' ? { file: p } : { dev: p };
    disk.target = { dev: target, bus };
    if (d.readonly || device === 'cdrom' || d.role === 'config') disk.readonly = {};
    if (d.serial !== undefined) disk.serial = d.serial;
    else if (d.role === 'config') disk.serial = 'config-2';
    if (d.bootOrder !== undefined) {
      need(kernel === undefined, `${at}.bootOrder`, d.bootOrder, 'does not apply with direct kernel boot');
      disk.boot = { order: posInt(`${at}.bootOrder`, d.bootOrder) };
    }
    disks.push(disk as DomainDisk);
  });
  // boot order (unless a kernel boots directly or orders were given): the rescue image,
  // then the root disk (role 'root', else the first disk), then cdroms
  if (kernel === undefined && !disks.some((d) => d.boot)) {
    let order = 1;
    const start = rescue?.image ? 1 : 0;
    if (start) disks[0].boot = { order: order++ };
    let root = diskSpecs.findIndex((x, i) => i >= start && x.d.role === 'root');
    if (root < 0) root = disks.findIndex((x, i) => i >= start && x.device === 'disk');
    if (root >= 0) disks[root].boot = { order: order++ };
    for (const x of disks) if (x.device === 'cdrom' && !x.boot) x.boot = { order: order++ };
  } else {
    const seen = new Map<number, number>();
    disks.forEach((x, i) => {
      const o = x.boot?.order;
      if (o === undefined) return;
      const other = seen.get(o);
      if (other !== undefined) need(false, `${diskSpecs[i].at}.bootOrder`, o, `is also the boot order of ${diskSpecs[other].at}`);
      seen.set(o, i);
    });
  }
  if (disks.length) devices.disk = disks;

  // controllers: root bus, hotplug slots, the buses used
  const extra = spec.controllers ?? [];
  extra.forEach((model, n) => {
    need(PCI_MODELS.has(model), `controllers[${n}]`, model, `is not a PCI controller model (${[...PCI_MODELS].join(', ')})`, [...PCI_MODELS]);
    if (rules.noController.includes(model)) {
      const what = rules.pcie ? `a PCI Express machine (pcie-root)` : `a conventional PCI machine (pci-root)`;
      const alt = rules.hotplugController ? `; use ${rules.hotplugController}` : '';
      need(false, `controllers[${n}]`, model, `cannot be used: ${machine ?? arch} is ${what}${alt}`);
    }
  });
  if (!lxc && rules.rootController && virtType !== 'xen') {
    controllers.push({ type: 'pci', index: 0, model: rules.rootController });
    let pciDevices = (disks.filter((d) => d.target?.bus === 'virtio').length) + (spec.interfaces?.length ?? 0) + (spec.graphics ? 1 : 0) + (spec.balloon === false ? 0 : 1);
    let index = 1;
    const slots = spec.hotplugSlots ?? (rules.pcie ? 2 : 0);
    posInt('hotplugSlots', slots, 0);
    if (rules.pcie) {
      for (let i = 0; i < pciDevices + slots; i++) controllers.push({ type: 'pci', index: index++, model: 'pcie-root-port' });
      pciDevices = 0;
    } else if (slots > 0) {
      // each pci-bridge gives 31 hotpluggable slots
      for (let i = 0; i < Math.ceil(slots / 31); i++) controllers.push({ type: 'pci', index: index++, model: 'pci-bridge' });
    }
    for (const model of extra) controllers.push({ type: 'pci', index: index++, model });
  } else if (extra.length) {
    need(false, 'controllers', extra, `cannot be used: ${machine ?? arch} has no PCI root bus`);
  }
  if (busesUsed.has('sata')) controllers.push({ type: 'sata', index: 0 });
  if (busesUsed.has('scsi')) controllers.push({ type: 'scsi', index: 0, model: 'virtio-scsi' });
  if (busesUsed.has('ide') && rules.family === 'i440fx') controllers.push({ type: 'ide', index: 0 });
  if (spec.graphics && !lxc) controllers.push({ type: 'usb', index: 0, model: rules.pcie ? 'qemu-xhci' : x86 ? 'piix3-uhci' : 'qemu-xhci' });
  if (controllers.length) devices.controller = sortControllers(controllers);

  // LXC root filesystem
  if (lxc) {
    const rootfs = absPath('rootfs', spec.rootfs);
    const fs: DomainFilesystem = { type: 'mount', accessmode: 'passthrough', source: { dir: rootfs }, target: { dir: '/' } };
    devices.filesystem = [fs];
  } else {
    need(spec.rootfs === undefined, 'rootfs', spec.rootfs, `applies to containers only (the guest is ${virtType}/${osType})`);
  }

  // network interfaces
  if (spec.interfaces?.length) {
    devices.interface = spec.interfaces.map((nic, n): DomainInterface => {
      const at = `interfaces[${n}]`;
      need(nic && ['network', 'bridge', 'user'].includes(nic.type), `${at}.type`, nic?.type, 'must be network, bridge or user', ['network', 'bridge', 'user']);
      if (nic.mac !== undefined) {
        need(typeof nic.mac === 'string' && /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(nic.mac), `${at}.mac`, nic.mac, 'must be a MAC address xx:xx:xx:xx:xx:xx');
        need((parseInt(nic.mac.slice(0, 2), 16) & 1) === 0, `${at}.mac`, nic.mac, 'must be a unicast MAC address (first octet even)');
      }
      const out: Record<string, unknown> = { type: nic.type };
      if (nic.mac) out.mac = { address: nic.mac.toLowerCase() };
      if (nic.type === 'network') out.source = { network: nic.source ?? 'default' };
      else if (nic.type === 'bridge') {
        need(typeof nic.source === 'string' && nic.source, `${at}.source`, nic.source, 'must name the bridge');
        out.source = { bridge: nic.source };
      } else need(nic.source === undefined, `${at}.source`, nic.source, 'does not apply to user networking');
      if (!lxc) out.model = { type: nic.model ?? (virtType === 'xen' ? 'netfront' : 'virtio') };
      return out as DomainInterface;
    });
  }

  // serial console logged to a file, and a pty console
  if (spec.console !== false) {
    if (lxc) {
      devices.console = [{ type: 'pty', target: { type: 'lxc', port: 0 } } as DomainConsole];
    } else if (osType === 'xen' || osType === 'xenpvh') {
      // paravirtual guests have no emulated UART: the Xen console is their console (logged)
      const con: Record<string, unknown> = { type: 'pty' };
      if (spec.consoleLog !== undefined) con.log = { file: absPath('consoleLog', spec.consoleLog), append: 'off' };
      con.target = { type: 'xen', port: 0 };
      devices.console = [con as DomainConsole];
    } else {
      const serial: Record<string, unknown> = { type: 'pty' };
      if (spec.consoleLog !== undefined) serial.log = { file: absPath('consoleLog', spec.consoleLog), append: 'off' };
      serial.target = { port: 0 };
      devices.serial = [serial as DomainSerial];
      devices.console = [{ type: 'pty', target: { type: 'serial', port: 0 } } as DomainConsole];
    }
  } else {
    need(spec.consoleLog === undefined, 'consoleLog', spec.consoleLog, 'needs the console (console: false was given)');
  }

  // graphics with a USB tablet
  if (spec.graphics) {
    need(!lxc, 'graphics', spec.graphics, 'do not apply to containers');
    const g = spec.graphics;
    need(g.type === 'vnc' || g.type === 'spice', 'graphics.type', g.type, 'must be vnc or spice', ['vnc', 'spice']);
    const gtypes = enumValues(dcaps?.devices?.graphics, 'type');
    if (gtypes) need(gtypes.includes(g.type), 'graphics.type', g.type, `is not offered by the domain capabilities (${gtypes.join(', ') || 'none'})`, gtypes);
    const listen = g.listen ?? '127.0.0.1';
    need(typeof listen === 'string' && /^[0-9a-fA-F.:]+$/.test(listen), 'graphics.listen', listen, 'must be an IP address');
    const gr: Record<string, unknown> = { type: g.type };
    if (g.port !== undefined) {
      posInt('graphics.port', g.port, 5900);
      gr.port = g.port;
      gr.autoport = 'no';
    } else gr.autoport = 'yes';
    gr.listen = listen;
    if (g.password !== undefined) gr.passwd = g.password;
    gr.listens = [{ type: 'address', address: listen }];
    devices.graphics = [gr as DomainGraphics];
    devices.input = [{ type: 'tablet', bus: 'usb' }];
    devices.video = [{ model: { type: rules.pcie || !x86 ? 'virtio' : 'vga' } }];
  }
  if (!lxc && (virtType === 'kvm' || virtType === 'qemu')) {
    devices.memballoon = spec.balloon === false ? { model: 'none' } : { model: 'virtio' };
  }
  def.devices = devices;
  return { domain: def, info };
}

function diskLetters(i: number): string {
  let s = '';
  let n = i + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(97 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
function sortControllers(list: DomainController[]): DomainController[] {
  // libvirt keeps controllers grouped by type; keep pci first, as it numbers the buses
  const order = ['pci', 'sata', 'scsi', 'ide', 'usb'];
  return [...list].sort((a, b) => order.indexOf(a.type ?? '') - order.indexOf(b.type ?? ''));
}
