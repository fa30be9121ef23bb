/**
 * The domain capabilities XML (virConnectGetDomainCapabilities) as descriptor tables.
 * Conventions as in domain.ts.
 */
import { E, Infer, int, many, s, str, u64, yesno, Kind, Desc, Extras } from './engine';
import { DomainScaledInteger } from './domain';

/** `<enum name='x'><value>..</value></enum>` */
const DomainCapsEnumD = E({ a: s('name'), k: { value: many(str) } });
export interface DomainCapsEnum extends Infer<typeof DomainCapsEnumD> {}
export const DomainCapsEnum: Desc<DomainCapsEnum> = DomainCapsEnumD;
const enums = { enum: many(DomainCapsEnum) };
/** An element with `supported='yes|no'` and a list of enums (devices, features, os ...). */
function supported<K extends Record<string, Kind<any> | Desc<any> | import('./engine').Many<any>> = {}>(k?: K) {
  return E({ a: { supported: yesno }, k: { ...enums, ...(k ?? ({} as K)) } });
}

const DomainCapsLoaderD = supported({ value: many(str) });
export interface DomainCapsLoader extends Infer<typeof DomainCapsLoaderD> {}
export const DomainCapsLoader: Desc<DomainCapsLoader> = DomainCapsLoaderD;
const DomainCapsOSD = supported({ loader: DomainCapsLoader });
export interface DomainCapsOS extends Infer<typeof DomainCapsOSD> {}
export const DomainCapsOS: Desc<DomainCapsOS> = DomainCapsOSD;
const DomainCapsCPUModelD = E({ a: { usable: str, deprecated: yesno, vendor: str, fallback: str, canonical: str }, t: str });
export interface DomainCapsCPUModel extends Infer<typeof DomainCapsCPUModelD> {}
export const DomainCapsCPUModel: Desc<DomainCapsCPUModel> = DomainCapsCPUModelD;
const DomainCapsCPUModeD = E({
  a: { name: str, supported: yesno },
  k: {
    ...enums,
    model: many(DomainCapsCPUModel),
    vendor: str,
    maxphysaddr: E({ a: { mode: str, limit: int } }),
    feature: many(E({ a: s('policy name') })),
  },
});
export interface DomainCapsCPUMode extends Infer<typeof DomainCapsCPUModeD> {}
export const DomainCapsCPUMode: Desc<DomainCapsCPUMode> = DomainCapsCPUModeD;
const DomainCapsCPUD = E({ k: { mode: many(DomainCapsCPUMode) } });
export interface DomainCapsCPU extends Infer<typeof DomainCapsCPUD> {}
export const DomainCapsCPU: Desc<DomainCapsCPU> = DomainCapsCPUD;
const DomainCapsDevicesD = E({
  k: {
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
export interface DomainCapsDevices extends Infer<typeof DomainCapsDevicesD> {}
export const DomainCapsDevices: Desc<DomainCapsDevices> = DomainCapsDevicesD;
const DomainCapsSEVD = E({
  a: { supported: yesno },
  k: { cbitpos: int, reducedPhysBits: int, maxGuests: int, maxESGuests: int },
});
export interface DomainCapsSEV extends Infer<typeof DomainCapsSEVD> {}
export const DomainCapsSEV: Desc<DomainCapsSEV> = DomainCapsSEVD;
const DomainCapsSGXD = E({
  a: { supported: yesno },
  k: {
    flc: str,
    sgx1: str,
    sgx2: str,
    section_size: DomainScaledInteger,
    sections: E({ k: { section: many(E({ a: { node: int, size: u64, unit: str } })) } }),
  },
});
export interface DomainCapsSGX extends Infer<typeof DomainCapsSGXD> {}
export const DomainCapsSGX: Desc<DomainCapsSGX> = DomainCapsSGXD;
const DomainCapsFeaturesD = E({
  k: {
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
export interface DomainCapsFeatures extends Infer<typeof DomainCapsFeaturesD> {}
export const DomainCapsFeatures: Desc<DomainCapsFeatures> = DomainCapsFeaturesD;

export const DomainCapabilitiesDesc = E({
  k: {
    path: str,
    domain: str,
    machine: str,
    arch: str,
    vcpu: E({ a: { max: int } }),
    iothreads: supported(),
    os: DomainCapsOS,
    cpu: DomainCapsCPU,
    memoryBacking: supported(),
    devices: DomainCapsDevices,
    features: DomainCapsFeatures,
  },
});

export interface DomainCapabilities extends Infer<typeof DomainCapabilitiesDesc> {}
/** Kept-unknown content fields present on every object. */
export type DomainCapsExtras = Extras;
