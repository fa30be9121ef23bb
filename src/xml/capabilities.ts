/**
 * The host capabilities XML (virConnectGetCapabilities) as descriptor tables.
 * Conventions as in domain.ts.
 */
import { Desc, E, Infer, i, int, kf, many, s, str, u64, yesno } from './engine';
import { DomainCPUModel, DomainCPUTopology, DomainScaledInteger } from './domain';

const ValueUnit = E({ a: { value: u64, unit: str } });
const CapsHostCPUPagesD = E({ a: { unit: str, size: u64 } });
export interface CapsHostCPUPages extends Infer<typeof CapsHostCPUPagesD> {}
export const CapsHostCPUPages: Desc<CapsHostCPUPages> = CapsHostCPUPagesD;
const CapsHostCPUD = E({
  k: {
    arch: str,
    model: DomainCPUModel,
    vendor: str,
    microcode: E({ a: s('version') }),
    signature: E({ a: s('family model stepping') }),
    counter: many(E({ a: s('name frequency scaling') })),
    topology: DomainCPUTopology,
    maxphysaddr: E({ a: { mode: str, bits: int } }),
    feature: many(E({ a: s('name policy') })),
    features: E({ k: kf('pae nonpae svm vmx') }),
    pages: many(CapsHostCPUPages),
  },
});
export interface CapsHostCPU extends Infer<typeof CapsHostCPUD> {}
export const CapsHostCPU: Desc<CapsHostCPU> = CapsHostCPUD;
const CapsHostPowerManagementD = E({ k: kf('suspend_mem suspend_disk suspend_hybrid') });
export interface CapsHostPowerManagement extends Infer<typeof CapsHostPowerManagementD> {}
export const CapsHostPowerManagement: Desc<CapsHostPowerManagement> = CapsHostPowerManagementD;
const CapsHostMigrationD = E({
  k: { live: E({}), uri_transports: E({ k: { uri_transport: many(str) } }) },
});
export interface CapsHostMigration extends Infer<typeof CapsHostMigrationD> {}
export const CapsHostMigration: Desc<CapsHostMigration> = CapsHostMigrationD;
const CapsHostNUMACellD = E({
  a: { id: int },
  k: {
    memory: DomainScaledInteger,
    pages: many(E({ a: { unit: str, size: u64 }, t: u64 })),
    distances: E({ k: { sibling: many(E({ a: i('id value') })) } }),
    cache: many(E({ a: { level: int, associativity: str, policy: str }, k: { size: ValueUnit, line: ValueUnit } })),
    cpus: E({
      a: { num: int },
      k: { cpu: many(E({ a: { id: int, socket_id: int, die_id: int, cluster_id: int, core_id: int, siblings: str } })) },
    }),
  },
});
export interface CapsHostNUMACell extends Infer<typeof CapsHostNUMACellD> {}
export const CapsHostNUMACell: Desc<CapsHostNUMACell> = CapsHostNUMACellD;
const Interconnect = E({ a: { initiator: int, target: int, cache: int, type: str, value: u64, unit: str } });
const CapsHostTopologyD = E({
  k: {
    cells: E({ a: { num: int }, k: { cell: many(CapsHostNUMACell) } }),
    interconnects: E({ k: { latency: many(Interconnect), bandwidth: many(Interconnect) } }),
  },
});
export interface CapsHostTopology extends Infer<typeof CapsHostTopologyD> {}
export const CapsHostTopology: Desc<CapsHostTopology> = CapsHostTopologyD;
const Monitor = E({ a: { level: int, reuseThreshold: u64, maxMonitors: int }, k: { feature: many(E({ a: s('name') })) } });
const CapsHostCacheD = E({
  k: {
    bank: many(E({
      a: { id: int, level: int, type: str, size: u64, unit: str, cpus: str },
      k: { control: many(E({ a: { granularity: u64, min: u64, unit: str, type: str, maxAllocs: int } })) },
    })),
    monitor: many(Monitor),
  },
});
export interface CapsHostCache extends Infer<typeof CapsHostCacheD> {}
export const CapsHostCache: Desc<CapsHostCache> = CapsHostCacheD;
const CapsHostMemoryBandwidthD = E({
  k: {
    node: many(E({ a: { id: int, cpus: str }, k: { control: E({ a: { granularity: int, min: int, maxAllocs: int } }) } })),
    monitor: Monitor,
  },
});
export interface CapsHostMemoryBandwidth extends Infer<typeof CapsHostMemoryBandwidthD> {}
export const CapsHostMemoryBandwidth: Desc<CapsHostMemoryBandwidth> = CapsHostMemoryBandwidthD;
const CapsHostSecModelD = E({
  k: { model: str, doi: str, baselabel: many(E({ a: s('type'), t: str })) },
});
export interface CapsHostSecModel extends Infer<typeof CapsHostSecModelD> {}
export const CapsHostSecModel: Desc<CapsHostSecModel> = CapsHostSecModelD;
const CapsHostD = E({
  k: {
    uuid: str,
    cpu: CapsHostCPU,
    power_management: CapsHostPowerManagement,
    iommu: E({ a: { support: yesno } }),
    migration_features: CapsHostMigration,
    topology: CapsHostTopology,
    cache: CapsHostCache,
    memory_bandwidth: CapsHostMemoryBandwidth,
    secmodel: many(CapsHostSecModel),
  },
});
export interface CapsHost extends Infer<typeof CapsHostD> {}
export const CapsHost: Desc<CapsHost> = CapsHostD;

const CapsGuestMachineD = E({ a: { maxCpus: int, canonical: str, deprecated: yesno }, t: str });
export interface CapsGuestMachine extends Infer<typeof CapsGuestMachineD> {}
export const CapsGuestMachine: Desc<CapsGuestMachine> = CapsGuestMachineD;
const CapsGuestDomainD = E({ a: s('type'), k: { emulator: str, loader: many(str), machine: many(CapsGuestMachine) } });
export interface CapsGuestDomain extends Infer<typeof CapsGuestDomainD> {}
export const CapsGuestDomain: Desc<CapsGuestDomain> = CapsGuestDomainD;
const CapsGuestArchD = E({
  a: s('name'),
  k: { wordsize: int, emulator: str, loader: many(str), machine: many(CapsGuestMachine), domain: many(CapsGuestDomain) },
});
export interface CapsGuestArch extends Infer<typeof CapsGuestArchD> {}
export const CapsGuestArch: Desc<CapsGuestArch> = CapsGuestArchD;
const Toggle = E({ a: { default: str, toggle: yesno } });
const CapsGuestFeaturesD = E({
  k: {
    cpuselection: E({}),
    deviceboot: E({}),
    disksnapshot: Toggle,
    acpi: Toggle,
    apic: Toggle,
    pae: E({}),
    nonpae: E({}),
    ia64_be: E({}),
    externalSnapshot: E({}),
  },
});
export interface CapsGuestFeatures extends Infer<typeof CapsGuestFeaturesD> {}
export const CapsGuestFeatures: Desc<CapsGuestFeatures> = CapsGuestFeaturesD;
const CapsGuestD = E({ k: { os_type: str, arch: CapsGuestArch, features: CapsGuestFeatures } });
export interface CapsGuest extends Infer<typeof CapsGuestD> {}
export const CapsGuest: Desc<CapsGuest> = CapsGuestD;

export const CapabilitiesDesc = E({ k: { host: CapsHost, guest: many(CapsGuest) } });

export interface Capabilities extends Infer<typeof CapabilitiesDesc> {}
