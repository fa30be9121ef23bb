/**
 * The guest layer: machine types, machine-family device rules, guest CPU models and a
 * guest builder, all decided from what libvirt reports (capabilities, domain
 * capabilities, CPU APIs). Exported from the package as `guest`.
 */
export { GuestConfigError } from './errors';
export { machines, canonicalMachine, defaultMachine, findMachine, machineFamily, machineRules, domainTypes, arches } from './machines';
export type { MachineType, MachineFamily, MachineRules, DefaultMachineOptions } from './machines';
export {
  validateCPU, toDomainCPU, fromDomainCPU, parseCPUXML, formatCPUXML, cpusFromXML, cpuCompatibility, baselineCPU, blamedFeatures,
} from './cpu';
export type { CPUConnection, HypervisorTarget, CPUCompatibility, CPUCompatibilityResult, BaselineOptions, BaselineCPU } from './cpu';
export { buildDomain, buildDomainXML, buildDomainWithInfo, resolveGuest } from './builder';
export type { BuildContext, BuildInfo } from './builder';
export { checkSpec, specSchema } from './check';
export { up, down, recordedVolumes, UP_NAMESPACE } from './up';
export type { UpOptions, UpResult, DownOptions, DownResult } from './up';
export { DEFAULT_POOL, DEFAULT_POOL_DIR } from './storage';
export type { CreatedVolume } from './storage';
export type {
  GuestSpec, DiskSpec, PathDiskSpec, ImageDiskSpec, UploadDiskSpec, VolumeRef, CloudInitSpec, DiskRole, InterfaceSpec, GraphicsSpec, RescueSpec,
  GuestCPU, GuestCPUFeature, GuestCPUTopology, CPUMode, CPUMatch, CPUCheck, CPUFeaturePolicy,
} from './spec';
export { waitReady, addresses, GuestStoppedError } from './ready';
export type { WaitFor, WaitOptions, Progress, ReadyResult, GuestAddress, GuestInterface, AddressesOptions } from './ready';
export { exec } from './agent';
export type { ExecOptions, ExecResult } from './agent';
