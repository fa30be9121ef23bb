/**
 * Machine types as the host's capabilities report them (virConnectGetCapabilities):
 * listing, alias resolution the way libvirt does it, per-arch defaults the way
 * OpenStack picks them, and the device rules that follow from a machine's family.
 * Nothing here is a table of versions: every answer comes from the capabilities.
 *
 * The exported functions of the guest layer check their arguments once; the forms named
 * ...Of, list..., lookup..., resolve... and pick... skip the checks, for the builder,
 * whose input is checked on entry.
 */
import type { Capabilities, CapsGuest, CapsGuestMachine } from '../xml';
import { GuestConfigError, cutList, expectCaps, expectString } from './errors';

export interface MachineType {
  /** The canonical name (`pc-i440fx-7.2`). */
  name: string;
  /** Short names libvirt resolves to this machine (`pc`). */
  aliases: string[];
  maxCpus?: number;
  deprecated: boolean;
  family: MachineFamily;
}

/**
 * A machine's family, from its canonical name. It decides the buses: q35 and the arm /
 * riscv `virt` boards are PCI Express, i440fx (`pc`) and pseries are conventional PCI,
 * s390-ccw uses channel I/O.
 */
export type MachineFamily = 'q35' | 'i440fx' | 'virt' | 'pseries' | 's390-ccw' | 'microvm' | 'isapc' | 'other';

export function machineFamily(name: string): MachineFamily {
  expectString(name, 'name');
  return familyOf(name);
}
/** machineFamily without the argument check (the guest layer's own calls). */
export function familyOf(name: string): MachineFamily {
  if (/^(pc-q35-|q35$)/.test(name)) return 'q35';
  if (/^(pc-i440fx-|pc$|pc-\d)/.test(name)) return 'i440fx';
  if (/^(virt(-|$)|machvirt$)/.test(name)) return 'virt';
  if (/^pseries/.test(name)) return 'pseries';
  if (/^s390-ccw-virtio/.test(name)) return 's390-ccw';
  if (name === 'microvm') return 'microvm';
  if (name === 'isapc') return 'isapc';
  return 'other';
}

/** The `<guest>` entries for an arch (hvm first), optionally those offering a domain type. */
function guestsFor(caps: Capabilities, arch: string, domainType?: string): CapsGuest[] {
  const all = (caps.guest ?? []).filter((g) => g.arch?.name === arch);
  if (all.length === 0) {
    const arches = [...new Set((caps.guest ?? []).map((g) => g.arch?.name).filter((a): a is string => !!a))];
    throw new GuestConfigError('arch', arch, `is not offered by this host (capabilities list ${arches.length ? arches.join(', ') : 'no guest arch'})`, arches);
  }
  // full virtualization (os_type hvm) when the host offers it; other os types otherwise
  const hvm = all.filter((g) => g.os_type === 'hvm');
  const pick = (list: CapsGuest[]) => (list.some((g) => g.os_type === 'hvm') ? list.filter((g) => g.os_type === 'hvm') : list);
  if (domainType === undefined) return pick(hvm.length ? hvm : all);
  const offering = pick(all).filter((g) => (g.arch?.domain ?? []).some((d) => d.type === domainType));
  if (offering.length === 0 && hvm.length) {
    const other = all.filter((g) => g.os_type !== 'hvm' && (g.arch?.domain ?? []).some((d) => d.type === domainType));
    if (other.length) return other;
  }
  if (offering.length === 0) {
    const types = typesOf(caps, arch);
    throw new GuestConfigError('virtType', domainType, `is not offered for arch ${arch} (capabilities offer ${types.join(', ') || 'none'})`, types);
  }
  return offering;
}

/** The domain types (`kvm`, `qemu`, `lxc`, `xen`, `test` ...) the capabilities offer for an arch. */
export function domainTypes(caps: Capabilities, arch: string, osType?: string): string[] {
  expectCaps(caps);
  expectString(arch, 'arch');
  expectString(osType, 'osType', true);
  return typesOf(caps, arch, osType);
}
export function typesOf(caps: Capabilities, arch: string, osType?: string): string[] {
  const out: string[] = [];
  for (const g of caps.guest ?? []) {
    if (g.arch?.name !== arch || (osType !== undefined && g.os_type !== osType)) continue;
    for (const d of g.arch.domain ?? []) if (d.type && !out.includes(d.type)) out.push(d.type);
  }
  return out;
}

/** The guest arches the capabilities offer. */
export function arches(caps: Capabilities): string[] {
  expectCaps(caps);
  return archesOf(caps);
}
export function archesOf(caps: Capabilities): string[] {
  return [...new Set((caps.guest ?? []).map((g) => g.arch?.name).filter((a): a is string => !!a))];
}

/** Raw `<machine>` elements for an arch (a domain's own list replaces the arch's). */
function rawMachines(caps: Capabilities, arch: string, domainType?: string): CapsGuestMachine[] {
  const out: CapsGuestMachine[] = [];
  for (const g of guestsFor(caps, arch, domainType)) {
    const a = g.arch!;
    const doms = (a.domain ?? []).filter((d) => domainType === undefined || d.type === domainType);
    const own = doms.find((d) => (d.machine ?? []).length > 0);
    out.push(...(own && domainType !== undefined ? own.machine! : a.machine ?? []));
    if (domainType === undefined) for (const d of doms) out.push(...(d.machine ?? []));
  }
  return out;
}

/**
 * The machine types the host supports for an arch (and domain type), canonical names
 * first-seen order (libvirt lists the hypervisor's default first), with their aliases.
 * Throws GuestConfigError when the arch or domain type is not offered at all.
 */
export function machines(caps: Capabilities, arch: string, domainType?: string): MachineType[] {
  expectCaps(caps);
  expectString(arch, 'arch');
  expectString(domainType, 'domainType', true);
  return listMachines(caps, arch, domainType);
}
export function listMachines(caps: Capabilities, arch: string, domainType?: string): MachineType[] {
  const byName = new Map<string, MachineType>();
  const get = (name: string): MachineType => {
    let m = byName.get(name);
    if (!m) {
      m = { name, aliases: [], deprecated: false, family: familyOf(name) };
      byName.set(name, m);
    }
    return m;
  };
  for (const raw of rawMachines(caps, arch, domainType)) {
    const name = typeof raw.value === 'string' ? raw.value.trim() : '';
    if (!name) continue;
    if (raw.canonical && raw.canonical !== name) {
      const m = get(raw.canonical);
      if (!m.aliases.includes(name)) m.aliases.push(name);
      if (m.maxCpus === undefined && raw.maxCpus !== undefined) m.maxCpus = raw.maxCpus;
      continue;
    }
    const m = get(name);
    if (raw.maxCpus !== undefined) m.maxCpus = raw.maxCpus;
    if (raw.deprecated === 'yes') m.deprecated = true;
  }
  return [...byName.values()];
}

function describe(list: MachineType[]): string[] {
  return list.map((m) => (m.aliases.length ? `${m.name} (${m.aliases.join(', ')})` : m.name));
}

/** Finds a machine by canonical name or alias; undefined when the host does not list it. */
export function findMachine(caps: Capabilities, arch: string, machine: string, domainType?: string): MachineType | undefined {
  expectCaps(caps);
  expectString(arch, 'arch');
  expectString(machine, 'machine');
  expectString(domainType, 'domainType', true);
  return lookupMachine(caps, arch, machine, domainType);
}
export function lookupMachine(caps: Capabilities, arch: string, machine: string, domainType?: string): MachineType | undefined {
  return listMachines(caps, arch, domainType).find((m) => m.name === machine || m.aliases.includes(machine));
}

/**
 * Resolves an alias the way libvirt does (`pc` -> `pc-i440fx-7.2`, `q35` -> `pc-q35-7.2`
 * on QEMU 7.2). A canonical name resolves to itself. Throws GuestConfigError naming the
 * machine, the arch and the supported machines when the host does not list it.
 */
export function canonicalMachine(caps: Capabilities, arch: string, machine: string, domainType?: string): string {
  expectCaps(caps);
  expectString(arch, 'arch');
  expectString(machine, 'machine');
  expectString(domainType, 'domainType', true);
  return resolveMachine(caps, arch, machine, domainType);
}
export function resolveMachine(caps: Capabilities, arch: string, machine: string, domainType?: string): string {
  const list = listMachines(caps, arch, domainType);
  const where = `arch ${arch}${domainType ? ` (domain type ${domainType})` : ''}`;
  if (list.length === 0) {
    throw new GuestConfigError('machine', machine, `cannot be checked: the capabilities list no machine types for ${where}`, []);
  }
  const m = list.find((x) => x.name === machine || x.aliases.includes(machine));
  if (!m) {
    const names = describe(list);
    throw new GuestConfigError('machine', machine, `is not a machine type supported for ${where}; supported: ${cutList(names, 'machines')}`, list.map((x) => x.name));
  }
  return m.name;
}

/** Per-arch preferences (validated against the capabilities before use). */
const ARCH_PREFERENCE: Record<string, string> = {
  x86_64: 'pc',
  i686: 'pc',
  aarch64: 'virt',
  armv7l: 'virt',
  ppc64: 'pseries',
  ppc64le: 'pseries',
  s390x: 's390-ccw-virtio',
  riscv32: 'virt',
  riscv64: 'virt',
};

export interface DefaultMachineOptions {
  /** An explicit request: wins over everything (still validated). */
  requested?: string;
  domainType?: string;
  /** x86: prefer q35 over pc when neither a request nor the mapping says otherwise. */
  q35?: boolean;
}

/**
 * The machine type for a new guest the way OpenStack's libvirt driver picks it: an
 * explicit request wins, then a per-arch mapping (`{ x86_64: 'q35', aarch64: 'virt' }`),
 * then the arch default (x86: `pc`, or `q35` when asked; arm: `virt`; ppc64: `pseries`;
 * s390x: `s390-ccw-virtio`, for QEMU/KVM; other arches and hypervisors: the first machine
 * libvirt lists, which is the hypervisor's default). The answer is always validated against the capabilities and
 * returned canonical.
 */
export function defaultMachine(
  caps: Capabilities,
  arch: string,
  mapping?: Record<string, string>,
  options: DefaultMachineOptions = {},
): string {
  expectCaps(caps);
  expectString(arch, 'arch');
  if (options === null || typeof options !== 'object') throw new TypeError('Expected object for options');
  expectString(options.domainType, 'options.domainType', true);
  return pickDefaultMachine(caps, arch, mapping, options);
}
export function pickDefaultMachine(caps: Capabilities, arch: string, mapping: Record<string, string> | undefined, options: DefaultMachineOptions): string {
  const { domainType } = options;
  if (options.requested) return resolveMachine(caps, arch, options.requested, domainType);
  const mapped = mapping?.[arch];
  if (mapped) {
    try {
      return resolveMachine(caps, arch, mapped, domainType);
    } catch (e) {
      if (e instanceof GuestConfigError) {
        throw new GuestConfigError(`mapping.${arch}`, mapped, e.reason, e.supported);
      }
      throw e;
    }
  }
  // the arch preferences name QEMU's boards; other hypervisors (xen: xenfv/xenpv ...) list their own
  const qemuLike = domainType === undefined || domainType === 'qemu' || domainType === 'kvm' || domainType === 'hvf';
  const preferred = !qemuLike ? undefined : (arch === 'x86_64' || arch === 'i686') && options.q35 ? 'q35' : ARCH_PREFERENCE[arch];
  if (preferred) return resolveMachine(caps, arch, preferred, domainType);
  const list = listMachines(caps, arch, domainType);
  if (list.length === 0) {
    throw new GuestConfigError('machine', undefined, `has no default: the capabilities list no machine types for arch ${arch}`, []);
  }
  return list[0].name;
}

/** What a machine family can have: buses, root controller, hotplug controller. */
export interface MachineRules {
  family: MachineFamily;
  /** PCI Express (pcie-root) rather than conventional PCI (pci-root). */
  pcie: boolean;
  rootController?: 'pcie-root' | 'pci-root';
  /** The controller to add for hotplug slots. */
  hotplugController?: 'pcie-root-port' | 'pci-bridge';
  /** Bus for cdroms and legacy (non-virtio) disks. */
  cdromBus: 'sata' | 'ide' | 'scsi';
  /** Buses the family has no controller for. */
  noBus: string[];
  /** Controller models the family cannot have. */
  noController: string[];
}

/** The device rules of a machine (canonical name or alias), or of an arch when no machine is known. */
export function machineRules(machine: string | undefined, arch: string): MachineRules {
  expectString(machine, 'machine', true);
  expectString(arch, 'arch');
  return rulesOf(machine, arch);
}
export function rulesOf(machine: string | undefined, arch: string): MachineRules {
  const family = machine ? familyOf(machine) : 'other';
  const x86 = arch === 'x86_64' || arch === 'i686';
  switch (family) {
    case 'q35':
      return { family, pcie: true, rootController: 'pcie-root', hotplugController: 'pcie-root-port', cdromBus: 'sata', noBus: ['ide', 'fdc'], noController: ['pci-root', 'ide', 'fdc'] };
    case 'virt':
      return { family, pcie: true, rootController: 'pcie-root', hotplugController: 'pcie-root-port', cdromBus: 'sata', noBus: ['ide', 'fdc'], noController: ['pci-root', 'ide', 'fdc'] };
    case 'i440fx':
      return { family, pcie: false, rootController: 'pci-root', hotplugController: 'pci-bridge', cdromBus: 'ide', noBus: [], noController: ['pcie-root', 'pcie-root-port', 'pcie-switch-upstream-port', 'pcie-switch-downstream-port', 'dmi-to-pci-bridge', 'pcie-to-pci-bridge'] };
    case 'pseries':
      return { family, pcie: false, rootController: 'pci-root', hotplugController: 'pci-bridge', cdromBus: 'scsi', noBus: ['ide', 'fdc', 'sata'], noController: ['pcie-root', 'pcie-root-port', 'ide', 'fdc'] };
    case 's390-ccw':
      return { family, pcie: false, cdromBus: 'scsi', noBus: ['ide', 'fdc', 'sata', 'usb'], noController: ['pcie-root', 'pcie-root-port', 'pci-bridge', 'ide', 'fdc'] };
    case 'microvm':
      return { family, pcie: false, cdromBus: 'scsi', noBus: ['ide', 'fdc', 'sata'], noController: ['pcie-root', 'pcie-root-port', 'pci-root', 'pci-bridge'] };
    case 'isapc':
      return { family, pcie: false, cdromBus: 'ide', noBus: ['sata'], noController: ['pcie-root', 'pcie-root-port', 'pci-root', 'pci-bridge'] };
    default:
      return { family, pcie: false, cdromBus: x86 ? 'ide' : 'scsi', noBus: [], noController: [] };
  }
}
