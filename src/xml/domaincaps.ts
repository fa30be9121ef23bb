/**
 * The domain capabilities XML (virConnectGetDomainCapabilities) as descriptor tables.
 * Conventions as in domain.ts: the interfaces first, then the tables.
 */
import { element, int, many, stringAttrs, str, u64, yesno, Desc } from './engine';
import type { Extras, Kind, Many } from './engine';
import { DomainScaledInteger } from './domain';

// @generated-interfaces-begin
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
  iothreads?: DomainCapabilitiesIothreads;
  /** Supported firmware and loaders. */
  os?: DomainCapsOS;
  /** Supported CPU modes and models. */
  cpu?: DomainCapsCPU;
  /** Supported memory backing sources. */
  memoryBacking?: DomainCapabilitiesMemoryBacking;
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
  supported?: 'yes' | 'no';
  enum?: DomainCapsEnum[];
  value?: string[];
}

export interface DomainCapsOS extends Extras {
  supported?: 'yes' | 'no';
  enum?: DomainCapsEnum[];
  loader?: DomainCapsLoader;
}

export interface DomainCapsCPUModel extends Extras {
  /** Whether the model can run on this host: `yes`, `no` or `unknown`. */
  usable?: string;
  /** Whether QEMU deprecates the model. */
  deprecated?: 'yes' | 'no';
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
  enum?: DomainCapsEnum[];
  /** CPU models (custom mode: each with `usable`) or the host model (host-model). */
  model?: DomainCapsCPUModel[];
  vendor?: string;
  maxphysaddr?: DomainCapsCPUModeMaxphysaddr;
  feature?: DomainCapsCPUModeFeature[];
}

export interface DomainCapsCPU extends Extras {
  mode?: DomainCapsCPUMode[];
}

export interface DomainCapsDevices extends Extras {
  disk?: DomainCapsDevicesDisk;
  graphics?: DomainCapsDevicesGraphics;
  video?: DomainCapsDevicesVideo;
  hostdev?: DomainCapsDevicesHostdev;
  rng?: DomainCapsDevicesRng;
  filesystem?: DomainCapsDevicesFilesystem;
  tpm?: DomainCapsDevicesTpm;
  redirdev?: DomainCapsDevicesRedirdev;
  channel?: DomainCapsDevicesChannel;
  crypto?: DomainCapsDevicesCrypto;
}

export interface DomainCapsSEV extends Extras {
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
  supported?: 'yes' | 'no';
  flc?: string;
  sgx1?: string;
  sgx2?: string;
  section_size?: DomainScaledInteger;
  sections?: DomainCapsSGXSections;
}

export interface DomainCapsFeatures extends Extras {
  gic?: DomainCapsFeaturesGic;
  vmcoreinfo?: DomainCapsFeaturesVmcoreinfo;
  genid?: DomainCapsFeaturesGenid;
  backingStoreInput?: DomainCapsFeaturesBackingStoreInput;
  backup?: DomainCapsFeaturesBackup;
  'async-teardown'?: DomainCapsFeaturesAsyncTeardown;
  's390-pv'?: DomainCapsFeaturesS390Pv;
  sev?: DomainCapsSEV;
  sgx?: DomainCapsSGX;
  hyperv?: DomainCapsFeaturesHyperv;
}

export interface DomainCapabilitiesVcpu extends Extras {
  max?: number;
}

export interface DomainCapabilitiesIothreads extends Extras {
  supported?: 'yes' | 'no';
  enum?: DomainCapsEnum[];
}

export interface DomainCapabilitiesMemoryBacking extends Extras {
  supported?: 'yes' | 'no';
  enum?: DomainCapsEnum[];
}

export interface DomainCapsCPUModeMaxphysaddr extends Extras {
  mode?: string;
  limit?: number;
}

export interface DomainCapsCPUModeFeature extends Extras {
  policy?: string;
  name?: string;
}

export interface DomainCapsDevicesDisk extends Extras {
  supported?: 'yes' | 'no';
  enum?: DomainCapsEnum[];
}

export interface DomainCapsDevicesGraphics extends Extras {
  supported?: 'yes' | 'no';
  enum?: DomainCapsEnum[];
}

export interface DomainCapsDevicesVideo extends Extras {
  supported?: 'yes' | 'no';
  enum?: DomainCapsEnum[];
}

export interface DomainCapsDevicesHostdev extends Extras {
  supported?: 'yes' | 'no';
  enum?: DomainCapsEnum[];
}

export interface DomainCapsDevicesRng extends Extras {
  supported?: 'yes' | 'no';
  enum?: DomainCapsEnum[];
}

export interface DomainCapsDevicesFilesystem extends Extras {
  supported?: 'yes' | 'no';
  enum?: DomainCapsEnum[];
}

export interface DomainCapsDevicesTpm extends Extras {
  supported?: 'yes' | 'no';
  enum?: DomainCapsEnum[];
}

export interface DomainCapsDevicesRedirdev extends Extras {
  supported?: 'yes' | 'no';
  enum?: DomainCapsEnum[];
}

export interface DomainCapsDevicesChannel extends Extras {
  supported?: 'yes' | 'no';
  enum?: DomainCapsEnum[];
}

export interface DomainCapsDevicesCrypto extends Extras {
  supported?: 'yes' | 'no';
  enum?: DomainCapsEnum[];
}

export interface DomainCapsSGXSections extends Extras {
  section?: DomainCapsSGXSectionsSection[];
}

export interface DomainCapsFeaturesGic extends Extras {
  supported?: 'yes' | 'no';
  enum?: DomainCapsEnum[];
}

export interface DomainCapsFeaturesVmcoreinfo extends Extras {
  supported?: 'yes' | 'no';
  enum?: DomainCapsEnum[];
}

export interface DomainCapsFeaturesGenid extends Extras {
  supported?: 'yes' | 'no';
  enum?: DomainCapsEnum[];
}

export interface DomainCapsFeaturesBackingStoreInput extends Extras {
  supported?: 'yes' | 'no';
  enum?: DomainCapsEnum[];
}

export interface DomainCapsFeaturesBackup extends Extras {
  supported?: 'yes' | 'no';
  enum?: DomainCapsEnum[];
}

export interface DomainCapsFeaturesAsyncTeardown extends Extras {
  supported?: 'yes' | 'no';
  enum?: DomainCapsEnum[];
}

export interface DomainCapsFeaturesS390Pv extends Extras {
  supported?: 'yes' | 'no';
  enum?: DomainCapsEnum[];
}

export interface DomainCapsFeaturesHyperv extends Extras {
  supported?: 'yes' | 'no';
  enum?: DomainCapsEnum[];
}

export interface DomainCapsSGXSectionsSection extends Extras {
  node?: number;
  size?: number | bigint;
  /** Unit of the value (`b`, `KiB`, `MiB`, `GiB`, ...; default depends on the element). */
  unit?: string;
}
// @generated-interfaces-end


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
