/**
 * The host capabilities XML (virConnectGetCapabilities) as descriptor tables.
 * Conventions as in domain.ts: the interfaces first, then the tables.
 */
import { Desc, element, intAttrs, int, flagChildren, many, stringAttrs, str, u64, yesno } from './engine';
import type { Extras } from './engine';
import { DomainCPUModel, DomainCPUTopology, DomainScaledInteger } from './domain';

// @generated-interfaces-begin
/** The host capabilities (`<capabilities>`), as virConnectGetCapabilities returns them. */
export interface Capabilities extends Extras {
  /** The host: CPU, power management, IOMMU, migration, NUMA topology, caches, security. */
  host?: CapsHost;
  /** One entry per guest OS type and architecture the host can run. */
  guest?: CapsGuest[];
}

export interface CapsHostCPUPages extends Extras {
  /** Unit of the value (`b`, `KiB`, `MiB`, `GiB`, ...; default depends on the element). */
  unit?: string;
  size?: number | bigint;
}

export interface CapsHostCPU extends Extras {
  /** Host CPU architecture. */
  arch?: string;
  model?: DomainCPUModel;
  vendor?: string;
  microcode?: CapsHostCPUMicrocode;
  signature?: CapsHostCPUSignature;
  counter?: CapsHostCPUCounter[];
  topology?: DomainCPUTopology;
  maxphysaddr?: CapsHostCPUMaxphysaddr;
  feature?: CapsHostCPUFeature[];
  /** Host virtualization features (`svm`, `vmx`, `pae`, `nonpae`). */
  features?: CapsHostCPUFeatures;
  /** Page sizes the host supports. */
  pages?: CapsHostCPUPages[];
}

export interface CapsHostPowerManagement extends Extras {
  suspend_mem?: Extras;
  suspend_disk?: Extras;
  suspend_hybrid?: Extras;
}

export interface CapsHostMigration extends Extras {
  live?: Extras;
  uri_transports?: CapsHostMigrationUriTransports;
}

export interface CapsHostNUMACell extends Extras {
  /** Cell ID. */
  id?: number;
  /** Memory of the cell. */
  memory?: DomainScaledInteger;
  /** Free pages per page size. */
  pages?: CapsHostNUMACellPages[];
  /** Distances to the other cells. */
  distances?: CapsHostNUMACellDistances;
  /** Memory-side caches of the cell. */
  cache?: CapsHostNUMACellCache[];
  /** Host CPUs of the cell, with socket, die, cluster and core IDs and siblings. */
  cpus?: CapsHostNUMACellCpus;
}

export interface CapsHostTopology extends Extras {
  cells?: CapsHostTopologyCells;
  interconnects?: CapsHostTopologyInterconnects;
}

export interface CapsHostCache extends Extras {
  bank?: CapsHostCacheBank[];
  /** Monitoring groups (`<monitor level vcpus>`). */
  monitor?: CapsHostMonitor[];
}

export interface CapsHostMemoryBandwidth extends Extras {
  node?: CapsHostMemoryBandwidthNode[];
  /** Monitoring groups (`<monitor level vcpus>`). */
  monitor?: CapsHostMonitor;
}

export interface CapsHostSecModel extends Extras {
  /** Security driver name. */
  model?: string;
  /** Domain of interpretation. */
  doi?: string;
  /** Base labels per domain type. */
  baselabel?: CapsHostSecModelBaselabel[];
}

export interface CapsHost extends Extras {
  /** Host UUID. */
  uuid?: string;
  /** Host CPU model, features and topology. */
  cpu?: CapsHostCPU;
  /** Host suspend states libvirt can use (virNodeSuspendForDuration). */
  power_management?: CapsHostPowerManagement;
  /** Whether the host has a usable IOMMU (`support`). */
  iommu?: CapsHostIommu;
  /** Live migration support and URI transports. */
  migration_features?: CapsHostMigration;
  /** Host NUMA cells and interconnects. */
  topology?: CapsHostTopology;
  /** Host cache banks and their allocation controls (RDT). */
  cache?: CapsHostCache;
  /** Host memory bandwidth allocation controls (MBA). */
  memory_bandwidth?: CapsHostMemoryBandwidth;
  /** Security drivers (SELinux, AppArmor, DAC) with their base labels. */
  secmodel?: CapsHostSecModel[];
}

export interface CapsGuestMachine extends Extras {
  /** Maximum number of vCPUs of the machine type. */
  maxCpus?: number;
  /** Canonical machine name this alias points to. */
  canonical?: string;
  /** Whether QEMU deprecates the machine type. */
  deprecated?: 'yes' | 'no';
  /** Machine type name. */
  value?: string;
}

export interface CapsGuestDomain extends Extras {
  /** Domain type (`qemu`, `kvm`, ...). */
  type?: string;
  /** Emulator binary for this domain type, when it differs. */
  emulator?: string;
  loader?: string[];
  /** Machine types for this domain type, when they differ. */
  machine?: CapsGuestMachine[];
}

export interface CapsGuestArch extends Extras {
  /** Architecture name. */
  name?: string;
  /** Word size in bits. */
  wordsize?: number;
  /** Default emulator binary. */
  emulator?: string;
  /** Firmware loaders. */
  loader?: string[];
  /** Machine types of the default emulator. */
  machine?: CapsGuestMachine[];
  /** Domain types (`qemu`, `kvm`, ...) that can run this architecture. */
  domain?: CapsGuestDomain[];
}

export interface CapsGuestFeatures extends Extras {
  cpuselection?: Extras;
  deviceboot?: Extras;
  disksnapshot?: CapsGuestFeatureToggle;
  /** ACPI: default and whether it can be toggled. */
  acpi?: CapsGuestFeatureToggle;
  apic?: CapsGuestFeatureToggle;
  pae?: Extras;
  nonpae?: Extras;
  ia64_be?: Extras;
  externalSnapshot?: Extras;
}

export interface CapsGuest extends Extras {
  /** Guest OS type: `hvm`, `xen`, `exe`, ... */
  os_type?: string;
  /** Guest architecture with its emulator, machines and domain types. */
  arch?: CapsGuestArch;
  /** Guest features: ACPI, APIC, PAE, CPU selection, snapshot support. */
  features?: CapsGuestFeatures;
}

export interface CapsHostCPUMicrocode extends Extras {
  version?: string;
}

export interface CapsHostCPUSignature extends Extras {
  family?: string;
  model?: string;
  stepping?: string;
}

export interface CapsHostCPUCounter extends Extras {
  name?: string;
  frequency?: string;
  scaling?: string;
}

export interface CapsHostCPUMaxphysaddr extends Extras {
  mode?: string;
  bits?: number;
}

export interface CapsHostCPUFeature extends Extras {
  name?: string;
  policy?: string;
}

export interface CapsHostCPUFeatures extends Extras {
  pae?: Extras;
  nonpae?: Extras;
  svm?: Extras;
  vmx?: Extras;
}

export interface CapsHostMigrationUriTransports extends Extras {
  uri_transport?: string[];
}

export interface CapsHostNUMACellPages extends Extras {
  /** Unit of the value (`b`, `KiB`, `MiB`, `GiB`, ...; default depends on the element). */
  unit?: string;
  size?: number | bigint;
  value?: number | bigint;
}

export interface CapsHostNUMACellDistances extends Extras {
  sibling?: CapsHostNUMACellDistancesSibling[];
}

export interface CapsHostNUMACellCache extends Extras {
  level?: number;
  associativity?: string;
  policy?: string;
  size?: CapsHostNUMACacheSize;
  line?: CapsHostNUMACacheSize;
}

export interface CapsHostNUMACellCpus extends Extras {
  num?: number;
  cpu?: CapsHostNUMACellCpusCpu[];
}

export interface CapsHostTopologyCells extends Extras {
  num?: number;
  cell?: CapsHostNUMACell[];
}

export interface CapsHostTopologyInterconnects extends Extras {
  latency?: CapsHostInterconnect[];
  bandwidth?: CapsHostInterconnect[];
}

export interface CapsHostCacheBank extends Extras {
  id?: number;
  level?: number;
  type?: string;
  size?: number | bigint;
  /** Unit of the value (`b`, `KiB`, `MiB`, `GiB`, ...; default depends on the element). */
  unit?: string;
  cpus?: string;
  control?: CapsHostCacheBankControl[];
}

export interface CapsHostMonitor extends Extras {
  level?: number;
  reuseThreshold?: number | bigint;
  maxMonitors?: number;
  feature?: CapsHostMonitorFeature[];
}

export interface CapsHostMemoryBandwidthNode extends Extras {
  id?: number;
  cpus?: string;
  control?: CapsHostMemoryBandwidthNodeControl;
}

export interface CapsHostSecModelBaselabel extends Extras {
  type?: string;
  value?: string;
}

export interface CapsHostIommu extends Extras {
  support?: 'yes' | 'no';
}

export interface CapsGuestFeatureToggle extends Extras {
  /** Default state: `on` or `off`. */
  default?: string;
  /** Whether it can be changed (`yes`/`no`). */
  toggle?: 'yes' | 'no';
}

export interface CapsHostNUMACellDistancesSibling extends Extras {
  id?: number;
  value?: number;
}

export interface CapsHostNUMACacheSize extends Extras {
  value?: number | bigint;
  /** Unit of the value (`b`, `KiB`, `MiB`, `GiB`, ...; default depends on the element). */
  unit?: string;
}

export interface CapsHostNUMACellCpusCpu extends Extras {
  id?: number;
  socket_id?: number;
  die_id?: number;
  cluster_id?: number;
  core_id?: number;
  siblings?: string;
}

export interface CapsHostInterconnect extends Extras {
  /** Initiator cell. */
  initiator?: number;
  /** Target cell. */
  target?: number;
  /** Cache level the figure applies to. */
  cache?: number;
  /** `access`, `read` or `write`. */
  type?: string;
  /** Latency in nanoseconds, or bandwidth per second in `unit`s. */
  value?: number | bigint;
  /** Unit of the value (`b`, `KiB`, `MiB`, `GiB`, ...; default depends on the element). */
  unit?: string;
}

export interface CapsHostCacheBankControl extends Extras {
  granularity?: number | bigint;
  min?: number | bigint;
  /** Unit of the value (`b`, `KiB`, `MiB`, `GiB`, ...; default depends on the element). */
  unit?: string;
  type?: string;
  maxAllocs?: number;
}

export interface CapsHostMonitorFeature extends Extras {
  name?: string;
}

export interface CapsHostMemoryBandwidthNodeControl extends Extras {
  granularity?: number;
  min?: number;
  maxAllocs?: number;
}
// @generated-interfaces-end


const ValueUnit = element({ attrs: { value: u64, unit: str } });
export const CapsHostCPUPages: Desc<CapsHostCPUPages> = element({ attrs: { unit: str, size: u64 } });
export const CapsHostCPU: Desc<CapsHostCPU> = element({
  children: {
    arch: str,
    model: DomainCPUModel,
    vendor: str,
    microcode: element({ attrs: stringAttrs('version') }),
    signature: element({ attrs: stringAttrs('family model stepping') }),
    counter: many(element({ attrs: stringAttrs('name frequency scaling') })),
    topology: DomainCPUTopology,
    maxphysaddr: element({ attrs: { mode: str, bits: int } }),
    feature: many(element({ attrs: stringAttrs('name policy') })),
    features: element({ children: flagChildren('pae nonpae svm vmx') }),
    pages: many(CapsHostCPUPages),
  },
});
export const CapsHostPowerManagement: Desc<CapsHostPowerManagement> = element({ children: flagChildren('suspend_mem suspend_disk suspend_hybrid') });
export const CapsHostMigration: Desc<CapsHostMigration> = element({
  children: { live: element({}), uri_transports: element({ children: { uri_transport: many(str) } }) },
});
export const CapsHostNUMACell: Desc<CapsHostNUMACell> = element({
  attrs: { id: int },
  children: {
    memory: DomainScaledInteger,
    pages: many(element({ attrs: { unit: str, size: u64 }, text: u64 })),
    distances: element({ children: { sibling: many(element({ attrs: intAttrs('id value') })) } }),
    cache: many(element({ attrs: { level: int, associativity: str, policy: str }, children: { size: ValueUnit, line: ValueUnit } })),
    cpus: element({
      attrs: { num: int },
      children: { cpu: many(element({ attrs: { id: int, socket_id: int, die_id: int, cluster_id: int, core_id: int, siblings: str } })) },
    }),
  },
});
const Interconnect = element({ attrs: { initiator: int, target: int, cache: int, type: str, value: u64, unit: str } });
export const CapsHostTopology: Desc<CapsHostTopology> = element({
  children: {
    cells: element({ attrs: { num: int }, children: { cell: many(CapsHostNUMACell) } }),
    interconnects: element({ children: { latency: many(Interconnect), bandwidth: many(Interconnect) } }),
  },
});
const Monitor = element({ attrs: { level: int, reuseThreshold: u64, maxMonitors: int }, children: { feature: many(element({ attrs: stringAttrs('name') })) } });
export const CapsHostCache: Desc<CapsHostCache> = element({
  children: {
    bank: many(element({
      attrs: { id: int, level: int, type: str, size: u64, unit: str, cpus: str },
      children: { control: many(element({ attrs: { granularity: u64, min: u64, unit: str, type: str, maxAllocs: int } })) },
    })),
    monitor: many(Monitor),
  },
});
export const CapsHostMemoryBandwidth: Desc<CapsHostMemoryBandwidth> = element({
  children: {
    node: many(element({ attrs: { id: int, cpus: str }, children: { control: element({ attrs: { granularity: int, min: int, maxAllocs: int } }) } })),
    monitor: Monitor,
  },
});
export const CapsHostSecModel: Desc<CapsHostSecModel> = element({
  children: { model: str, doi: str, baselabel: many(element({ attrs: stringAttrs('type'), text: str })) },
});
export const CapsHost: Desc<CapsHost> = element({
  children: {
    uuid: str,
    cpu: CapsHostCPU,
    power_management: CapsHostPowerManagement,
    iommu: element({ attrs: { support: yesno } }),
    migration_features: CapsHostMigration,
    topology: CapsHostTopology,
    cache: CapsHostCache,
    memory_bandwidth: CapsHostMemoryBandwidth,
    secmodel: many(CapsHostSecModel),
  },
});

export const CapsGuestMachine: Desc<CapsGuestMachine> = element({ attrs: { maxCpus: int, canonical: str, deprecated: yesno }, text: str });
export const CapsGuestDomain: Desc<CapsGuestDomain> = element({ attrs: stringAttrs('type'), children: { emulator: str, loader: many(str), machine: many(CapsGuestMachine) } });
export const CapsGuestArch: Desc<CapsGuestArch> = element({
  attrs: stringAttrs('name'),
  children: { wordsize: int, emulator: str, loader: many(str), machine: many(CapsGuestMachine), domain: many(CapsGuestDomain) },
});
const Toggle = element({ attrs: { default: str, toggle: yesno } });
export const CapsGuestFeatures: Desc<CapsGuestFeatures> = element({
  children: {
    cpuselection: element({}),
    deviceboot: element({}),
    disksnapshot: Toggle,
    acpi: Toggle,
    apic: Toggle,
    pae: element({}),
    nonpae: element({}),
    ia64_be: element({}),
    externalSnapshot: element({}),
  },
});
export const CapsGuest: Desc<CapsGuest> = element({ children: { os_type: str, arch: CapsGuestArch, features: CapsGuestFeatures } });

export const CapabilitiesDesc: Desc<Capabilities> = element({ children: { host: CapsHost, guest: many(CapsGuest) } });

