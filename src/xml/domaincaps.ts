/**
 * The domain capabilities XML (virConnectGetDomainCapabilities): its interfaces and descriptor tables.
 * Conventions as in domain.ts: the interfaces first, then the tables.
 */
import { element, int, many, stringAttrs, str, u64, yesno, Desc } from './engine';
import type { Extras, Kind, Many } from './engine';
import { DomainScaledInteger } from './domain';

/** What one emulator/machine/arch/domain type supports (`<domainCapabilities>`), as virConnectGetDomainCapabilities returns it. */
export interface DomainCapabilities extends Extras {
  /** Emulator binary. */
  path?: string;
  /** Domain type (`kvm`, `qemu`, ...). */
  domain?: string;
  /** Machine type (canonical name). */
  machine?: string;
  /** Guest architecture. */
  arch?: string;
  /** Maximum number of vCPUs (`max`). */
  vcpu?: DomainCapabilitiesVcpu;
  /** Whether IOThreads are supported. */
  iothreads?: DomainCapsSupported;
  /** Supported firmware and loaders. */
  os?: DomainCapsOS;
  /** Supported CPU modes and models. */
  cpu?: DomainCapsCPU;
  /** Supported memory backing sources. */
  memoryBacking?: DomainCapsSupported;
  /** Supported device types and their values. */
  devices?: DomainCapsDevices;
  /** Supported features (GIC, SEV, SGX, Hyper-V, ...). */
  features?: DomainCapsFeatures;
}

/** A list of supported values (`<enum name>` with `<value>`s). */
export interface DomainCapsEnum extends Extras {
  /** What the values are for (`diskDevice`, `bus`, `model`, ...). */
  name?: string;
  /** Supported values. */
  value?: string[];
}

export interface DomainCapsLoader extends Extras {
  /** `yes` or `no`. */
  supported?: 'yes' | 'no';
  /** The values accepted, per attribute or element. */
  enum?: DomainCapsEnum[];
  /** Firmware images available. */
  value?: string[];
}

export interface DomainCapsOS extends Extras {
  /** `yes` or `no`. */
  supported?: 'yes' | 'no';
  /** The values accepted, per attribute or element. */
  enum?: DomainCapsEnum[];
  /** Firmware loaders: images, types, readonly and secure values. */
  loader?: DomainCapsLoader;
}

export interface DomainCapsCPUModel extends Extras {
  /** Whether the model can run on this host: `yes`, `no` or `unknown`. */
  usable?: string;
  /** Whether QEMU deprecates the model. */
  deprecated?: 'yes' | 'no';
  /** Vendor of the model. */
  vendor?: string;
  /** `allow` or `forbid` (host-model). */
  fallback?: string;
  /** Canonical model this alias points to. */
  canonical?: string;
  /** Model name. */
  value?: string;
}

export interface DomainCapsCPUMode extends Extras {
  /** CPU mode: `host-passthrough`, `maximum`, `host-model` or `custom`. */
  name?: string;
  /** Whether the mode is supported. */
  supported?: 'yes' | 'no';
  /** The values accepted, per attribute or element. */
  enum?: DomainCapsEnum[];
  /** CPU models (custom mode: each with `usable`) or the host model (host-model). */
  model?: DomainCapsCPUModel[];
  /** Vendor of the host model. */
  vendor?: string;
  /** Physical address bits of the host model (`mode`, `limit`). */
  maxphysaddr?: DomainCapsCPUModeMaxphysaddr;
  /** Features of the host model and their policies. */
  feature?: DomainCapsCPUModeFeature[];
}

export interface DomainCapsCPU extends Extras {
  /** One entry per CPU mode. */
  mode?: DomainCapsCPUMode[];
}

export interface DomainCapsDevices extends Extras {
  /** Disk devices: device kinds, buses, models. */
  disk?: DomainCapsSupported;
  /** Graphics types. */
  graphics?: DomainCapsSupported;
  /** Video models. */
  video?: DomainCapsSupported;
  /** Host device modes, types and backends. */
  hostdev?: DomainCapsSupported;
  /** RNG models and backends. */
  rng?: DomainCapsSupported;
  /** Filesystem driver types. */
  filesystem?: DomainCapsSupported;
  /** TPM models, backends and versions. */
  tpm?: DomainCapsSupported;
  /** USB redirection buses. */
  redirdev?: DomainCapsSupported;
  /** Channel types. */
  channel?: DomainCapsSupported;
  /** Crypto models, types and backends. */
  crypto?: DomainCapsSupported;
}

export interface DomainCapsSEV extends Extras {
  /** `yes` or `no`. */
  supported?: 'yes' | 'no';
  /** C-bit position in page table entries. */
  cbitpos?: number;
  /** Physical address bits lost to encryption. */
  reducedPhysBits?: number;
  /** Maximum number of SEV guests. */
  maxGuests?: number;
  /** Maximum number of SEV-ES guests. */
  maxESGuests?: number;
}

export interface DomainCapsSGX extends Extras {
  /** `yes` or `no`. */
  supported?: 'yes' | 'no';
  /** Flexible launch control (`yes`/`no`). */
  flc?: string;
  /** SGX1 support (`yes`/`no`). */
  sgx1?: string;
  /** SGX2 support (`yes`/`no`). */
  sgx2?: string;
  /** Total size of the EPC sections. */
  section_size?: DomainScaledInteger;
  /** EPC sections per host NUMA node. */
  sections?: DomainCapsSGXSections;
}

export interface DomainCapsFeatures extends Extras {
  /** ARM GIC versions. */
  gic?: DomainCapsSupported;
  /** vmcoreinfo device. */
  vmcoreinfo?: DomainCapsSupported;
  /** VM generation ID. */
  genid?: DomainCapsSupported;
  /** Backing chains given in the domain XML. */
  backingStoreInput?: DomainCapsSupported;
  /** Incremental backup (virDomainBackupBegin). */
  backup?: DomainCapsSupported;
  /** Asynchronous teardown. */
  'async-teardown'?: DomainCapsSupported;
  /** s390 protected virtualization. */
  's390-pv'?: DomainCapsSupported;
  /** AMD SEV and its parameters. */
  sev?: DomainCapsSEV;
  /** Intel SGX and its EPC sections. */
  sgx?: DomainCapsSGX;
  /** Hyper-V enlightenments. */
  hyperv?: DomainCapsSupported;
}

export interface DomainCapabilitiesVcpu extends Extras {
  /** Maximum number of vCPUs. */
  max?: number;
}

/** Whether something is supported, with the values it accepts (`<x supported="yes">` and its `<enum>`s). */
export interface DomainCapsSupported extends Extras {
  /** `yes` or `no`. */
  supported?: 'yes' | 'no';
  /** The values accepted, per attribute or element. */
  enum?: DomainCapsEnum[];
}

export interface DomainCapsCPUModeMaxphysaddr extends Extras {
  /** `passthrough` or `emulate`. */
  mode?: string;
  /** Maximum number of physical address bits. */
  limit?: number;
}

export interface DomainCapsCPUModeFeature extends Extras {
  /** `require` or `disable`. */
  policy?: string;
  /** Feature name. */
  name?: string;
}

export interface DomainCapsSGXSections extends Extras {
  section?: DomainCapsSGXSectionsSection[];
}

export interface DomainCapsSGXSectionsSection extends Extras {
  /** Host NUMA node. */
  node?: number;
  /** Size of the section. */
  size?: number | bigint;
  /** Unit of the value (`b`, `KiB`, `MiB`, `GiB`, ...; default depends on the element). */
  unit?: string;
}


/** `<enum name='x'><value>..</value></enum>` */
export const DomainCapsEnum: Desc<DomainCapsEnum> = element({ attrs: stringAttrs('name'), children: { value: many(str) } });
const enums = { enum: many(DomainCapsEnum) };
/** An element with `supported='yes|no'` and a list of enums (devices, features, os ...). */
function supported(k?: Record<string, Kind<any> | Desc<any> | Many<any>>): Desc<any> {
  return element({ attrs: { supported: yesno }, children: { ...enums, ...k } });
}

export const DomainCapsLoader: Desc<DomainCapsLoader> = supported({ value: many(str) });
export const DomainCapsOS: Desc<DomainCapsOS> = supported({ loader: DomainCapsLoader });
export const DomainCapsCPUModel: Desc<DomainCapsCPUModel> = element({ attrs: { usable: str, deprecated: yesno, vendor: str, fallback: str, canonical: str }, text: str });
export const DomainCapsCPUMode: Desc<DomainCapsCPUMode> = element({
  attrs: { name: str, supported: yesno },
  children: {
    ...enums,
    model: many(DomainCapsCPUModel),
    vendor: str,
    maxphysaddr: element({ attrs: { mode: str, limit: int } }),
    feature: many(element({ attrs: stringAttrs('policy name') })),
  },
});
export const DomainCapsCPU: Desc<DomainCapsCPU> = element({ children: { mode: many(DomainCapsCPUMode) } });
export const DomainCapsDevices: Desc<DomainCapsDevices> = element({
  children: {
    disk: supported(),
    graphics: supported(),
    video: supported(),
    hostdev: supported(),
    rng: supported(),
    filesystem: supported(),
    tpm: supported(),
    redirdev: supported(),
    channel: supported(),
    crypto: supported(),
  },
});
export const DomainCapsSEV: Desc<DomainCapsSEV> = element({
  attrs: { supported: yesno },
  children: { cbitpos: int, reducedPhysBits: int, maxGuests: int, maxESGuests: int },
});
export const DomainCapsSGX: Desc<DomainCapsSGX> = element({
  attrs: { supported: yesno },
  children: {
    flc: str,
    sgx1: str,
    sgx2: str,
    section_size: DomainScaledInteger,
    sections: element({ children: { section: many(element({ attrs: { node: int, size: u64, unit: str } })) } }),
  },
});
export const DomainCapsFeatures: Desc<DomainCapsFeatures> = element({
  children: {
    gic: supported(),
    vmcoreinfo: supported(),
    genid: supported(),
    backingStoreInput: supported(),
    backup: supported(),
    'async-teardown': supported(),
    's390-pv': supported(),
    sev: DomainCapsSEV,
    sgx: DomainCapsSGX,
    hyperv: supported(),
  },
});

export const DomainCapabilitiesDesc: Desc<DomainCapabilities> = element({
  children: {
    path: str,
    domain: str,
    machine: str,
    arch: str,
    vcpu: element({ attrs: { max: int } }),
    iothreads: supported(),
    os: DomainCapsOS,
    cpu: DomainCapsCPU,
    memoryBacking: supported(),
    devices: DomainCapsDevices,
    features: DomainCapsFeatures,
  },
});

/** Kept-unknown content fields present on every object. */
export type DomainCapsExtras = Extras;
