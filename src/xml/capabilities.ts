/**
 * The host capabilities XML (virConnectGetCapabilities): its interfaces and descriptor tables.
 * Conventions as in domain.ts: the interfaces first, then the tables.
 */
import { Desc, element, intAttrs, int, flagChildren, many, stringAttrs, str, u64, yesno } from './engine';
import type { Extras } from './engine';
import { DomainCPUModel, DomainCPUTopology, DomainScaledInteger } from './domain';

/** The host capabilities (`<capabilities>`), as virConnectGetCapabilities returns them. */
export interface Capabilities extends Extras {
  /** The host: CPU, power management, IOMMU, migration, NUMA topology, caches, security. */
  host?: CapsHost;
  /** One entry per guest OS type and architecture the host can run. */
  guest?: CapsGuest[];
}

export interface CapsHostCPUPages extends Extras {
  /** Unit of `size`; `KiB`. */
  unit?: string;
  /** Page size in `unit`s. */
  size?: number | bigint;
}

export interface CapsHostCPU extends Extras {
  /** Host CPU architecture. */
  arch?: string;
  /** Host CPU model name. */
  model?: DomainCPUModel;
  /** Host CPU vendor. */
  vendor?: string;
  /** Microcode version. */
  microcode?: CapsHostCPUMicrocode;
  /** CPU family, model and stepping. */
  signature?: CapsHostCPUSignature;
  /** TSC counter: frequency and scaling. */
  counter?: CapsHostCPUCounter[];
  /** Sockets, dies, clusters, cores and threads. */
  topology?: DomainCPUTopology;
  /** Physical address bits (`mode`, `bits`). */
  maxphysaddr?: CapsHostCPUMaxphysaddr;
  /** Host CPU features beyond the model. */
  feature?: CapsHostCPUFeature[];
  /** Host virtualization features (`svm`, `vmx`, `pae`, `nonpae`). */
  features?: CapsHostCPUFeatures;
  /** Page sizes the host supports. */
  pages?: CapsHostCPUPages[];
}

export interface CapsHostPowerManagement extends Extras {
  /** Suspend to RAM (S3). */
  suspend_mem?: Extras;
  /** Suspend to disk (S4). */
  suspend_disk?: Extras;
  /** Hybrid suspend. */
  suspend_hybrid?: Extras;
}

export interface CapsHostMigration extends Extras {
  /** Live migration is supported. */
  live?: Extras;
  /** Migration URI transports (`tcp`, `rdma`). */
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
  /** NUMA cells of the host. */
  cells?: CapsHostTopologyCells;
  /** Latency and bandwidth between cells (HMAT). */
  interconnects?: CapsHostTopologyInterconnects;
}

export interface CapsHostCache extends Extras {
  /** Cache banks and their allocation controls. */
  bank?: CapsHostCacheBank[];
  /** Monitoring groups (`<monitor level vcpus>`). */
  monitor?: CapsHostMonitor[];
}

export interface CapsHostMemoryBandwidth extends Extras {
  /** Memory controllers and their allocation controls. */
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
  /** Firmware loaders for this domain type. */
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
  /** The CPU model can be selected. */
  cpuselection?: Extras;
  /** Per-device boot order is supported. */
  deviceboot?: Extras;
  /** Disk snapshots: default and whether it can be toggled. */
  disksnapshot?: CapsGuestFeatureToggle;
  /** ACPI: default and whether it can be toggled. */
  acpi?: CapsGuestFeatureToggle;
  /** APIC: default and whether it can be toggled. */
  apic?: CapsGuestFeatureToggle;
  /** PAE guests. */
  pae?: Extras;
  /** Non-PAE guests. */
  nonpae?: Extras;
  /** Big-endian IA-64 guests. */
  ia64_be?: Extras;
  /** External snapshots. */
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
  /** Feature name. */
  name?: string;
  /** Policy, when given. */
  policy?: string;
}

export interface CapsHostCPUFeatures extends Extras {
  /** Physical address extension. */
  pae?: Extras;
  /** Non-PAE mode. */
  nonpae?: Extras;
  /** AMD-V. */
  svm?: Extras;
  /** Intel VT-x. */
  vmx?: Extras;
}

export interface CapsHostMigrationUriTransports extends Extras {
  /** A transport. */
  uri_transport?: string[];
}

export interface CapsHostNUMACellPages extends Extras {
  /** Unit of the value (`b`, `KiB`, `MiB`, `GiB`, ...; default depends on the element). */
  unit?: string;
  /** Page size. */
  size?: number | bigint;
  /** Number of free pages of that size. */
  value?: number | bigint;
}

export interface CapsHostNUMACellDistances extends Extras {
  /** Distance to each cell. */
  sibling?: CapsHostNUMACellDistancesSibling[];
}

export interface CapsHostNUMACellCache extends Extras {
  /** Cache level. */
  level?: number;
  /** `none`, `direct` or `full`. */
  associativity?: string;
  /** Write policy: `none`, `writeback` or `writethrough`. */
  policy?: string;
  /** Cache size. */
  size?: CapsHostNUMACacheSize;
  /** Cache line size. */
  line?: CapsHostNUMACacheSize;
}

export interface CapsHostNUMACellCpus extends Extras {
  /** Number of CPUs in the cell. */
  num?: number;
  /** The CPUs. */
  cpu?: CapsHostNUMACellCpusCpu[];
}

export interface CapsHostTopologyCells extends Extras {
  /** Number of cells. */
  num?: number;
  /** The cells. */
  cell?: CapsHostNUMACell[];
}

export interface CapsHostTopologyInterconnects extends Extras {
  latency?: CapsHostInterconnect[];
  bandwidth?: CapsHostInterconnect[];
}

export interface CapsHostCacheBank extends Extras {
  /** Bank ID. */
  id?: number;
  /** Cache level. */
  level?: number;
  /** `both`, `code` or `data`. */
  type?: string;
  /** Size in `unit`s. */
  size?: number | bigint;
  /** Unit of the value (`b`, `KiB`, `MiB`, `GiB`, ...; default depends on the element). */
  unit?: string;
  /** Host CPUs sharing the bank. */
  cpus?: string;
  /** Allocation granularity, minimum and number of allocations. */
  control?: CapsHostCacheBankControl[];
}

export interface CapsHostMonitor extends Extras {
  /** Cache level monitored. */
  level?: number;
  /** Cache occupancy threshold for reusing an RMID, in bytes. */
  reuseThreshold?: number | bigint;
  /** Maximum number of monitors. */
  maxMonitors?: number;
  /** Monitoring features (`llc_occupancy`, `mbm_total_bytes`, ...). */
  feature?: CapsHostMonitorFeature[];
}

export interface CapsHostMemoryBandwidthNode extends Extras {
  /** Node ID. */
  id?: number;
  /** Host CPUs of the node. */
  cpus?: string;
  /** Allocation granularity (percent), minimum and number of allocations. */
  control?: CapsHostMemoryBandwidthNodeControl;
}

export interface CapsHostSecModelBaselabel extends Extras {
  /** Domain type the label applies to. */
  type?: string;
  /** The base label. */
  value?: string;
}

export interface CapsHostIommu extends Extras {
  /** `yes` or `no`. */
  support?: 'yes' | 'no';
}

export interface CapsGuestFeatureToggle extends Extras {
  /** Default state: `on` or `off`. */
  default?: string;
  /** Whether it can be changed (`yes`/`no`). */
  toggle?: 'yes' | 'no';
}

export interface CapsHostNUMACellDistancesSibling extends Extras {
  /** The other cell. */
  id?: number;
  /** Distance to it. */
  value?: number;
}

export interface CapsHostNUMACacheSize extends Extras {
  value?: number | bigint;
  /** Unit of the value (`b`, `KiB`, `MiB`, `GiB`, ...; default depends on the element). */
  unit?: string;
}

export interface CapsHostNUMACellCpusCpu extends Extras {
  /** CPU number. */
  id?: number;
  /** Socket of the CPU. */
  socket_id?: number;
  /** Die of the CPU. */
  die_id?: number;
  /** Cluster of the CPU. */
  cluster_id?: number;
  /** Core of the CPU. */
  core_id?: number;
  /** Thread siblings, as a list. */
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
  /** Allocation granularity. */
  granularity?: number | bigint;
  /** Minimum allocation. */
  min?: number | bigint;
  /** Unit of the value (`b`, `KiB`, `MiB`, `GiB`, ...; default depends on the element). */
  unit?: string;
  /** `both`, `code` or `data`. */
  type?: string;
  /** Maximum number of allocations. */
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

