/**
 * The guest builder: a short spec -> a typed domain definition (src/xml's Domain) that
 * the host can run, decided from its capabilities and (when given) domain capabilities.
 * What the host cannot do is refused with a GuestConfigError before anything is defined.
 *
 * The public functions check their input once (the spec against its schema, guest/spec.ts);
 * the parts below them (one function per part of the domain) trust it.
 */
import { formatDomain } from '../xml';
import type {
  Capabilities, DomainCapabilities, Domain, DomainDisk, DomainController, DomainInterface, DomainGraphics,
  DomainSerial, DomainConsole, DomainFilesystem, DomainChannel,
} from '../xml';
import { describe } from '../describe';
import { GuestConfigError, specValidator } from './errors';
import { checkCPURules, cpuElement } from './cpu';
import { archesOf, resolveMachine, pickDefaultMachine, typesOf, lookupMachine, rulesOf } from './machines';
import type { MachineRules } from './machines';
import type { GuestSpec, PathDiskSpec } from './spec';

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

function need(cond: unknown, field: string, value: unknown, reason: string, supported?: string[]): asserts cond {
  if (!cond) throw new GuestConfigError(field, value, reason, supported);
}
function enumValues(caps: { enum?: { name?: string; value?: string[] }[] } | undefined, name: string): string[] | undefined {
  const e = caps?.enum?.find((x) => x.name === name);
  return e ? e.value ?? [] : undefined;
}

/** The build context's own check: parsed capabilities (and domain capabilities, if any). */
function checkContext(ctx: BuildContext): void {
  if (ctx === null || typeof ctx !== 'object') throw new TypeError(`Expected a build context { capabilities, domainCapabilities? } for ctx but received ${describe(ctx)}`);
  const caps = ctx.capabilities as unknown;
  need(caps && typeof caps === 'object' && !Array.isArray(caps), 'capabilities', caps, 'are required (parse virConnectGetCapabilities with xml.parseCapabilities)');
  const g = (caps as { guest?: unknown }).guest;
  need(g === undefined || Array.isArray(g), 'capabilities', caps, 'are not parsed capabilities (xml.parseCapabilities)');
  const dc = ctx.domainCapabilities as unknown;
  need(dc === undefined || (dc !== null && typeof dc === 'object' && !Array.isArray(dc)), 'domainCapabilities', dc, 'must be parsed domain capabilities (xml.parseDomainCapabilities)');
}

type Placement = Pick<GuestSpec, 'arch' | 'virtType' | 'machine' | 'q35' | 'osType'>;

/** The guest's arch, virt type, machine and rules, validated against the capabilities. */
export function resolveGuest(spec: Placement, ctx: BuildContext): BuildInfo {
  checkContext(ctx);
  need(spec && typeof spec === 'object', 'spec', spec, 'must be an object');
  for (const f of ['arch', 'virtType', 'machine', 'osType'] as const) {
    if (spec[f] !== undefined) need(typeof spec[f] === 'string', f, spec[f], 'must be a string');
  }
  if (spec.q35 !== undefined) need(typeof spec.q35 === 'boolean', 'q35', spec.q35, 'must be true or false');
  return resolveChecked(spec, ctx);
}

/** resolveGuest for a spec and a context that are checked already. */
export function resolveChecked(spec: Placement, ctx: BuildContext): BuildInfo {
  const caps = ctx.capabilities;
  const offered = archesOf(caps);
  const arch = spec.arch ?? caps.host?.cpu?.arch;
  need(typeof arch === 'string' && arch, 'arch', arch, 'is not given and the capabilities name no host arch');
  need(offered.includes(arch), 'arch', arch, `is not offered by this host (capabilities list ${offered.join(', ') || 'no guest arch'})`, offered);
  const types = typesOf(caps, arch);
  let virtType: string | undefined = spec.virtType;
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
    machine = resolveMachine(caps, arch, spec.machine, virtType);
  } else if (hasMachineList(caps, arch, virtType)) {
    machine = pickDefaultMachine(caps, arch, undefined, { domainType: virtType, q35: spec.q35 });
  }
  return { arch, virtType, machine, rules: rulesOf(machine, arch), osType };
}
function hasMachineList(caps: Capabilities, arch: string, virtType: string): boolean {
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
/** buildDomain, with the facts the builder decided (arch, virt type, machine, rules). */
export function buildDomainWithInfo(spec: GuestSpec, ctx: BuildContext): { domain: Domain; info: BuildInfo } {
  checkContext(ctx);
  specValidator().checkSpec(spec);
  return buildChecked(spec, ctx);
}

/** What the parts of the build share: the spec, the host and the decided facts. */
interface Build {
  spec: GuestSpec;
  ctx: BuildContext;
  dcaps?: DomainCapabilities;
  info: BuildInfo;
  lxc: boolean;
  x86: boolean;
  /** The kernel that boots (the rescue kernel in rescue mode), if any. */
  kernel?: string;
}

/**
 * buildDomainWithInfo for a spec that passed the schema and a checked context; `info`
 * when resolveChecked has run already.
 */
export function buildChecked(spec: GuestSpec, ctx: BuildContext, info: BuildInfo = resolveChecked(spec, ctx)): { domain: Domain; info: BuildInfo } {
  const { arch, virtType } = info;
  const b: Build = {
    spec, ctx, dcaps: ctx.domainCapabilities, info, lxc: info.osType === 'exe', x86: arch === 'x86_64' || arch === 'i686',
    kernel: spec.rescue ? spec.rescue.kernel : spec.kernel,
  };
  checkDomainCapabilities(b);
  checkVcpus(b);
  const def: Domain = { type: virtType, name: spec.name };
  if (spec.uuid !== undefined) def.uuid = spec.uuid;
  if (spec.description !== undefined) def.description = spec.description;
  def.memory = { unit: 'KiB', value: spec.memoryMiB * 1024 };
  def.currentMemory = { unit: 'KiB', value: spec.memoryMiB * 1024 };
  def.vcpu = { placement: 'static', value: spec.vcpus };
  def.os = buildOS(b);
  const features = buildFeatures(b);
  if (features) def.features = features;
  const cpu = buildCPU(b);
  if (cpu) def.cpu = cpu;
  if (!b.lxc) def.clock = { offset: 'utc' };
  def.on_poweroff = spec.onPoweroff ?? 'destroy';
  def.on_reboot = spec.onReboot ?? 'restart';
  def.on_crash = spec.onCrash ?? 'destroy';
  def.devices = buildDevices(b);
  return { domain: def, info };
}

/** The domain capabilities must describe this guest, or their answers do not apply. */
function checkDomainCapabilities({ dcaps, info: { arch, virtType, machine } }: Build): void {
  if (!dcaps) return;
  need(!dcaps.arch || dcaps.arch === arch, 'domainCapabilities', dcaps.arch, `describe arch ${dcaps.arch}, the guest is ${arch}`);
  need(!dcaps.domain || dcaps.domain === virtType, 'domainCapabilities', dcaps.domain, `describe domain type ${dcaps.domain}, the guest is ${virtType}`);
  if (machine && dcaps.machine) {
    need(dcaps.machine === machine, 'domainCapabilities', dcaps.machine, `describe machine ${dcaps.machine}, the guest is ${machine}`);
  }
}

/** vCPUs: the machine's limit, and the domain capabilities' limit. */
function checkVcpus({ spec: { vcpus }, ctx, dcaps, info: { arch, virtType, machine } }: Build): void {
  if (machine) {
    const m = lookupMachine(ctx.capabilities, arch, machine, virtType);
    if (m?.maxCpus !== undefined) need(vcpus <= m.maxCpus, 'vcpus', vcpus, `exceeds the ${m.maxCpus} vCPUs machine ${machine} supports`);
  }
  if (dcaps?.vcpu?.max !== undefined) need(vcpus <= dcaps.vcpu.max, 'vcpus', vcpus, `exceeds the ${dcaps.vcpu.max} vCPUs the domain capabilities allow`);
}

/** `<os>`: type, arch and machine; container init; firmware; direct kernel boot (or the rescue kernel). */
function buildOS(b: Build): NonNullable<Domain['os']> {
  const { spec, lxc, dcaps, x86, kernel, info: { arch, virtType, machine, osType } } = b;
  const os: NonNullable<Domain['os']> = { type: { value: osType } };
  if (!lxc) {
    os.type!.arch = arch;
    if (machine) os.type!.machine = machine;
  }
  const rescue = spec.rescue;
  if (rescue !== undefined) need(rescue.image || rescue.kernel, 'rescue', rescue, 'needs an image or a kernel to boot');
  // in rescue mode the rescue kernel (if any) replaces the guest's own
  const initrd = rescue ? rescue.initrd : spec.initrd;
  const cmdline = rescue ? rescue.cmdline : spec.cmdline;
  const kf = rescue ? 'rescue.' : '';
  if (lxc) {
    need(!kernel && !spec.initrd, 'kernel', kernel ?? spec.initrd, 'does not apply to containers (they share the host kernel)');
    need(!spec.biosSerial, 'biosSerial', true, 'does not apply to containers (they have no BIOS)');
    os.init = spec.init ?? '/sbin/init';
    if (spec.initArgs?.length) os.initarg = [...spec.initArgs];
    return os;
  }
  if (spec.init !== undefined) need(false, 'init', spec.init, `applies to containers only (the guest is ${virtType}/${osType}); use kernel + cmdline 'init=...'`);
  if (spec.firmware === 'efi') {
    need(dcaps, 'firmware', 'efi', 'needs the domain capabilities (pass domainCapabilities) to know whether UEFI firmware is installed');
    const fw = enumValues(dcaps.os, 'firmware');
    const loaders = dcaps.os?.loader?.value ?? [];
    need(dcaps.os?.supported !== 'no' && ((fw && fw.includes('efi')) || (!fw && loaders.length > 0)), 'firmware', 'efi',
      `is not offered by the domain capabilities for ${machine ?? arch} (firmware: ${fw && fw.length ? fw.join(', ') : 'none'}; install OVMF/AAVMF)`, fw ?? []);
    os.firmware = 'efi';
  } else if (spec.firmware === 'bios') {
    need(x86, 'firmware', 'bios', `is x86 firmware; arch ${arch} has none`);
    const fw = dcaps ? enumValues(dcaps.os, 'firmware') : undefined;
    if (fw && fw.length) need(fw.includes('bios'), 'firmware', 'bios', `is not offered by the domain capabilities (firmware: ${fw.join(', ')})`, fw);
  }
  if (spec.biosSerial) {
    need(x86 && spec.firmware !== 'efi', 'biosSerial', true, spec.firmware === 'efi' ? 'needs BIOS firmware, not efi' : `is for x86 BIOS guests; arch ${arch} has no BIOS`);
    need(spec.console !== false, 'biosSerial', true, 'needs the serial console (console: false was given)');
    os.bios = { useserial: 'yes' };
  }
  if (kernel !== undefined) {
    os.kernel = kernel;
    if (initrd !== undefined) os.initrd = initrd;
    if (cmdline !== undefined) os.cmdline = cmdline;
    if (spec.dtb !== undefined) os.dtb = spec.dtb;
  } else {
    need(initrd === undefined, `${kf}initrd`, initrd, 'needs a kernel');
    need(cmdline === undefined, `${kf}cmdline`, cmdline, 'needs a kernel');
  }
  return os;
}

/** `<features>`: ACPI and APIC where the capabilities offer them (QEMU/KVM guests). */
function buildFeatures({ ctx, lxc, info: { arch, virtType, osType } }: Build): Domain['features'] | undefined {
  if (lxc || (virtType !== 'kvm' && virtType !== 'qemu')) return undefined;
  const gfeat = (ctx.capabilities.guest ?? []).find((g) => g.arch?.name === arch && g.os_type === osType)?.features;
  const features: NonNullable<Domain['features']> = {};
  if (gfeat?.acpi) features.acpi = {};
  if (gfeat?.apic) features.apic = {};
  return Object.keys(features).length ? features : undefined;
}

/** `<cpu>`: the spec's CPU, its mode and model checked against the domain capabilities. */
function buildCPU({ spec, lxc, dcaps }: Build): Domain['cpu'] | undefined {
  if (spec.cpu === undefined) return undefined;
  need(!lxc, 'cpu', spec.cpu, 'does not apply to containers');
  checkCPURules(spec.cpu, spec.vcpus);
  const cpu = cpuElement(spec.cpu);
  const cm = dcaps?.cpu?.mode;
  if (cm && cpu.mode) {
    const mode = cm.find((m) => m.name === cpu.mode);
    need(mode && mode.supported === 'yes', 'cpu.mode', cpu.mode, `is not supported by this hypervisor (supported: ${cm.filter((m) => m.supported === 'yes').map((m) => m.name).join(', ')})`);
    if (cpu.mode === 'custom' && cpu.model?.value) {
      const models = (mode.model ?? []).map((m) => m.value ?? '');
      if (models.length) need(models.includes(cpu.model.value), 'cpu.model', cpu.model.value, `is not a CPU model this hypervisor knows (${models.length} known, e.g. ${models.slice(0, 5).join(', ')})`, models);
    }
  }
  return cpu;
}

/** `<devices>`: disks, controllers, filesystems, NICs, consoles, graphics, balloon. */
function buildDevices(b: Build): NonNullable<Domain['devices']> {
  const { spec, lxc, info: { virtType, osType } } = b;
  const devices: NonNullable<Domain['devices']> = {};
  const { disks, busesUsed } = buildDisks(b);
  if (disks.length) devices.disk = disks;
  const controllers = buildControllers(b, disks, busesUsed);
  if (controllers.length) devices.controller = controllers;
  if (lxc) {
    need(spec.rootfs, 'rootfs', spec.rootfs, 'must be an absolute path');
    devices.filesystem = [{ type: 'mount', accessmode: 'passthrough', source: { dir: spec.rootfs }, target: { dir: '/' } } as DomainFilesystem];
  } else {
    need(spec.rootfs === undefined, 'rootfs', spec.rootfs, `applies to containers only (the guest is ${virtType}/${osType})`);
  }
  need(spec.cloudInit === undefined, 'cloudInit', spec.cloudInit, 'becomes a seed volume: use guest.up (or `libvirt-napi up`), which makes it and builds the domain with it');
  if (spec.guestAgent) {
    need(!lxc && (virtType === 'kvm' || virtType === 'qemu'), 'guestAgent', true, `needs a QEMU/KVM guest (the guest is ${virtType}/${osType})`);
    devices.channel = [{ type: 'unix', target: { type: 'virtio', name: 'org.qemu.guest_agent.0' } } as DomainChannel];
  }
  const nics = buildInterfaces(b);
  if (nics) devices.interface = nics;
  Object.assign(devices, buildConsoles(b));
  Object.assign(devices, buildGraphics(b));
  if (!lxc && (virtType === 'kvm' || virtType === 'qemu')) {
    devices.memballoon = spec.balloon === false ? { model: 'none' } : { model: 'virtio' };
  }
  return devices;
}

/** A disk of the spec, or the rescue image, with the field it is reported as. */
interface DiskAt {
  d: PathDiskSpec;
  at: string;
}

/** `<disk>`s: the rescue image first, then the spec's disks; buses, targets, boot order. */
function buildDisks(b: Build): { disks: DomainDisk[]; busesUsed: Set<string> } {
  const { spec, lxc, dcaps, kernel, info: { arch, virtType, machine, rules, osType } } = b;
  const busesUsed = new Set<string>();
  const dcapsBuses = enumValues(dcaps?.devices?.disk, 'bus');
  const dcapsDevices = enumValues(dcaps?.devices?.disk, 'diskDevice');
  const rescue = spec.rescue;
  const diskSpecs: DiskAt[] = [];
  if (rescue?.image) diskSpecs.push({ d: { path: rescue.image, format: rescue.format }, at: 'rescue.image' });
  (spec.disks ?? []).forEach((d, n) => {
    // image and upload disks become volumes (with a path) in guest.up, before the build
    if ('image' in d) need(false, `disks[${n}].image`, d.image, 'makes a new volume: use guest.up (or `libvirt-napi up`), which creates it and builds the domain with its path');
    if ('upload' in d) need(false, `disks[${n}].upload`, d.upload, 'makes a new volume: use guest.up (or `libvirt-napi up`), which uploads it and builds the domain with its path');
    diskSpecs.push({ d, at: `disks[${n}]` });
  });
  need(!lxc || diskSpecs.length === 0, 'disks', spec.disks, 'do not apply to containers; use rootfs');
  const usedTargets = new Set<string>();
  const disks = diskSpecs.map(({ d, at }): DomainDisk => {
    const p = d.path;
    const iso = /\.iso$/i.test(p);
    const device = d.device ?? (iso || d.role === 'config' ? 'cdrom' : 'disk');
    if (dcapsDevices) need(dcapsDevices.includes(device), `${at}.device`, device, `is not offered by the domain capabilities (${dcapsDevices.join(', ')})`, dcapsDevices);
    const type = d.type ?? (p.startsWith('/dev/') ? 'block' : 'file');
    const format = d.format ?? (/\.qcow2$/i.test(p) ? 'qcow2' : 'raw');
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
    const target = diskTarget(d, at, bus, usedTargets, diskSpecs);
    usedTargets.add(target);
    const disk: Record<string, unknown> = { type, device, driver: { name: 'qemu', type: format } };
    if (d.cache) disk.driver = { ...(disk.driver as object), cache: d.cache };
    disk.source = type === 'file' ? { file: p } : { dev: p };
    disk.target = { dev: target, bus };
    if (d.readonly || device === 'cdrom' || d.role === 'config') disk.readonly = {};
    if (d.serial !== undefined) disk.serial = d.serial;
    else if (d.role === 'config') disk.serial = 'config-2';
    if (d.bootOrder !== undefined) {
      need(kernel === undefined, `${at}.bootOrder`, d.bootOrder, 'does not apply with direct kernel boot');
      disk.boot = { order: d.bootOrder };
    }
    return disk as DomainDisk;
  });
  assignBootOrder(b, disks, diskSpecs);
  return { disks, busesUsed };
}

/** The disk's target device: the given one (unique), else the next free name on the bus. */
function diskTarget(d: PathDiskSpec, at: string, bus: string, used: Set<string>, all: DiskAt[]): string {
  if (d.target !== undefined) {
    need(!used.has(d.target), `${at}.target`, d.target, 'is used by another disk');
    return d.target;
  }
  const prefix = bus === 'virtio' ? 'vd' : bus === 'ide' ? 'hd' : bus === 'fdc' ? 'fd' : bus === 'xen' ? 'xvd' : 'sd';
  for (let i = 0; ; i++) {
    const t = prefix + diskLetters(i);
    if (!used.has(t) && !all.some((o) => o.d.target === t)) return t;
  }
}

/**
 * Boot order (unless a kernel boots directly or orders were given): the rescue image,
 * then the root disk (role 'root', else the first disk), then cdroms. Given orders must
 * be unique.
 */
function assignBootOrder({ spec, kernel }: Build, disks: DomainDisk[], diskSpecs: DiskAt[]): void {
  if (kernel === undefined && !disks.some((d) => d.boot)) {
    let order = 1;
    const start = spec.rescue?.image ? 1 : 0;
    if (start) disks[0].boot = { order: order++ };
    let root = diskSpecs.findIndex((x, i) => i >= start && x.d.role === 'root');
    if (root < 0) root = disks.findIndex((x, i) => i >= start && x.device === 'disk');
    if (root >= 0) disks[root].boot = { order: order++ };
    for (const x of disks) if (x.device === 'cdrom' && !x.boot) x.boot = { order: order++ };
    return;
  }
  const seen = new Map<number, number>();
  disks.forEach((x, i) => {
    const o = x.boot?.order;
    if (o === undefined) return;
    const other = seen.get(o);
    if (other !== undefined) need(false, `${diskSpecs[i].at}.bootOrder`, o, `is also the boot order of ${diskSpecs[other].at}`);
    seen.set(o, i);
  });
}

/** `<controller>`s: the root bus, a port per PCIe device plus hotplug slots, the buses the disks use, USB. */
function buildControllers(b: Build, disks: DomainDisk[], busesUsed: Set<string>): DomainController[] {
  const { spec, lxc, x86, info: { arch, virtType, machine, rules } } = b;
  const controllers: DomainController[] = [];
  const extra = spec.controllers ?? [];
  extra.forEach((model, n) => {
    if (rules.noController.includes(model)) {
      const what = rules.pcie ? `a PCI Express machine (pcie-root)` : `a conventional PCI machine (pci-root)`;
      const alt = rules.hotplugController ? `; use ${rules.hotplugController}` : '';
      need(false, `controllers[${n}]`, model, `cannot be used: ${machine ?? arch} is ${what}${alt}`);
    }
  });
  if (!lxc && rules.rootController && virtType !== 'xen') {
    controllers.push({ type: 'pci', index: 0, model: rules.rootController });
    const pciDevices = (disks.filter((d) => d.target?.bus === 'virtio').length) + (spec.interfaces?.length ?? 0) + (spec.graphics ? 1 : 0) + (spec.balloon === false ? 0 : 1) + (spec.guestAgent ? 1 : 0);
    let index = 1;
    const slots = spec.hotplugSlots ?? (rules.pcie ? 2 : 0);
    if (rules.pcie) {
      for (let i = 0; i < pciDevices + slots; i++) controllers.push({ type: 'pci', index: index++, model: 'pcie-root-port' });
    } else if (slots > 0) {
      // each pci-bridge gives 31 hotpluggable slots
      for (let i = 0; i < Math.ceil(slots / 31); i++) controllers.push({ type: 'pci', index: index++, model: 'pci-bridge' });
    }
    for (const model of extra) controllers.push({ type: 'pci', index: index++, model });
  } else if (extra.length) {
    need(false, 'controllers', extra, `cannot be used: ${machine ?? arch} has no PCI root bus`);
  }
  // the guest agent's virtio channel sits on a virtio-serial controller (a PCI device, or CCW on s390x)
  if (spec.guestAgent && !lxc) controllers.push({ type: 'virtio-serial', index: 0 });
  if (busesUsed.has('sata')) controllers.push({ type: 'sata', index: 0 });
  if (busesUsed.has('scsi')) controllers.push({ type: 'scsi', index: 0, model: 'virtio-scsi' });
  if (busesUsed.has('ide') && rules.family === 'i440fx') controllers.push({ type: 'ide', index: 0 });
  if (spec.graphics && !lxc) controllers.push({ type: 'usb', index: 0, model: rules.pcie ? 'qemu-xhci' : x86 ? 'piix3-uhci' : 'qemu-xhci' });
  return sortControllers(controllers);
}

/** `<interface>`s: network, bridge or user networking, with a unicast MAC when given. */
function buildInterfaces({ spec, lxc, info: { virtType } }: Build): DomainInterface[] | undefined {
  if (!spec.interfaces?.length) return undefined;
  return spec.interfaces.map((nic, n): DomainInterface => {
    const at = `interfaces[${n}]`;
    if (nic.mac !== undefined) need((parseInt(nic.mac.slice(0, 2), 16) & 1) === 0, `${at}.mac`, nic.mac, 'must be a unicast MAC address (first octet even)');
    const out: Record<string, unknown> = { type: nic.type };
    if (nic.mac) out.mac = { address: nic.mac.toLowerCase() };
    if (nic.type === 'network') out.source = { network: nic.source ?? 'default' };
    else if (nic.type === 'bridge') {
      need(nic.source, `${at}.source`, nic.source, 'must name the bridge');
      out.source = { bridge: nic.source };
    } else need(nic.source === undefined, `${at}.source`, nic.source, 'does not apply to user networking');
    if (!lxc) out.model = { type: nic.model ?? (virtType === 'xen' ? 'netfront' : 'virtio') };
    return out as DomainInterface;
  });
}

/** `<serial>` logged to the console log and a pty `<console>` (the Xen or LXC console where the guest has no UART). */
function buildConsoles({ spec, lxc, info: { osType } }: Build): Pick<NonNullable<Domain['devices']>, 'serial' | 'console'> {
  if (spec.console === false) {
    need(spec.consoleLog === undefined, 'consoleLog', spec.consoleLog, 'needs the console (console: false was given)');
    return {};
  }
  const log = spec.consoleLog !== undefined ? { log: { file: spec.consoleLog, append: 'off' } } : {};
  if (lxc) return { console: [{ type: 'pty', target: { type: 'lxc', port: 0 } } as DomainConsole] };
  if (osType === 'xen' || osType === 'xenpvh') {
    // paravirtual guests have no emulated UART: the Xen console is their console (logged)
    return { console: [{ type: 'pty', ...log, target: { type: 'xen', port: 0 } } as DomainConsole] };
  }
  return {
    serial: [{ type: 'pty', ...log, target: { port: 0 } } as DomainSerial],
    console: [{ type: 'pty', target: { type: 'serial', port: 0 } } as DomainConsole],
  };
}

/** `<graphics>` with a USB tablet and a video device. */
function buildGraphics({ spec, lxc, dcaps, x86, info: { rules } }: Build): Pick<NonNullable<Domain['devices']>, 'graphics' | 'input' | 'video'> {
  const g = spec.graphics;
  if (!g) return {};
  need(!lxc, 'graphics', g, 'do not apply to containers');
  const gtypes = enumValues(dcaps?.devices?.graphics, 'type');
  if (gtypes) need(gtypes.includes(g.type), 'graphics.type', g.type, `is not offered by the domain capabilities (${gtypes.join(', ') || 'none'})`, gtypes);
  const listen = g.listen ?? '127.0.0.1';
  const gr: Record<string, unknown> = { type: g.type };
  if (g.port !== undefined) {
    gr.port = g.port;
    gr.autoport = 'no';
  } else gr.autoport = 'yes';
  gr.listen = listen;
  if (g.password !== undefined) gr.passwd = g.password;
  gr.listens = [{ type: 'address', address: listen }];
  return {
    graphics: [gr as DomainGraphics],
    input: [{ type: 'tablet', bus: 'usb' }],
    video: [{ model: { type: rules.pcie || !x86 ? 'virtio' : 'vga' } }],
  };
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
  const order = ['pci', 'virtio-serial', 'sata', 'scsi', 'ide', 'usb'];
  return [...list].sort((a, b) => order.indexOf(a.type ?? '') - order.indexOf(b.type ?? ''));
}
