// The wrapper classes. Their methods live in the native addon: most are
// generated from libvirt-api.xml (src/generated/methods.ts declares them),
// the rest are hand-written in native/*.cc and declared here.
import { addon } from './native';
import type * as gen from './generated/methods';

/** Host information (virNodeGetInfo). `memory` is in KiB. */
export type NodeInfo = gen.NodeInfo;

/** Domain information (virDomainGetInfo). Memory in KiB, cpuTime in ns. */
export interface DomainInfo {
  state: number;
  maxMem: bigint;
  memory: bigint;
  nrVirtCpu: number;
  cpuTime: bigint;
}

interface Child {
  /** Drops this wrapper's libvirt reference now (idempotent; calls afterwards reject). */
  free(): void;
  /** The Connection this object belongs to (undefined once freed). */
  connect(): Connection | undefined;
}

export interface Connection extends gen.ConnectionGenerated {
  /**
   * Frees every object obtained from this connection, then closes it.
   * Resolves libvirt's remaining reference count (0 unless calls are still
   * in flight). Idempotent. (virConnectClose)
   */
  close(): Promise<number>;
  /** `await using conn = await open(uri)` closes the connection at scope exit. */
  [Symbol.asyncDispose](): Promise<void>;
}

export interface Domain extends gen.DomainGenerated, Child {
  /** State, memory (KiB), vCPUs and CPU time (ns). (virDomainGetInfo) */
  info(): Promise<DomainInfo>;
  /** `await using dom = ...` frees the wrapper at scope exit. */
  [Symbol.asyncDispose](): Promise<void>;
}
export interface Network extends gen.NetworkGenerated, Child {}
export interface NetworkPort extends gen.NetworkPortGenerated, Child {}
export interface Interface extends gen.InterfaceGenerated, Child {}
export interface StoragePool extends gen.StoragePoolGenerated, Child {}
export interface StorageVol extends gen.StorageVolGenerated, Child {}
export interface NodeDevice extends gen.NodeDeviceGenerated, Child {}
export interface Secret extends gen.SecretGenerated, Child {}
export interface NWFilter extends gen.NWFilterGenerated, Child {}
export interface NWFilterBinding extends gen.NWFilterBindingGenerated, Child {}
export interface DomainSnapshot extends gen.DomainSnapshotGenerated, Child {}
export interface DomainCheckpoint extends gen.DomainCheckpointGenerated, Child {}
export interface Stream extends gen.StreamGenerated, Child {}

/** A wrapper class: usable with instanceof, not constructible by hand. */
export interface WrapperClass<T> {
  readonly prototype: T;
  new (token: never): T;
}

export const Connection: WrapperClass<Connection> = addon.Connection;
export const Domain: WrapperClass<Domain> = addon.Domain;
export const Network: WrapperClass<Network> = addon.Network;
export const NetworkPort: WrapperClass<NetworkPort> = addon.NetworkPort;
export const Interface: WrapperClass<Interface> = addon.Interface;
export const StoragePool: WrapperClass<StoragePool> = addon.StoragePool;
export const StorageVol: WrapperClass<StorageVol> = addon.StorageVol;
export const NodeDevice: WrapperClass<NodeDevice> = addon.NodeDevice;
export const Secret: WrapperClass<Secret> = addon.Secret;
export const NWFilter: WrapperClass<NWFilter> = addon.NWFilter;
export const NWFilterBinding: WrapperClass<NWFilterBinding> = addon.NWFilterBinding;
export const DomainSnapshot: WrapperClass<DomainSnapshot> = addon.DomainSnapshot;
export const DomainCheckpoint: WrapperClass<DomainCheckpoint> = addon.DomainCheckpoint;
export const Stream: WrapperClass<Stream> = addon.Stream;

Object.defineProperty(addon.Connection.prototype, Symbol.asyncDispose, {
  value: async function (this: Connection) {
    await this.close();
  },
  writable: true,
  configurable: true,
});
Object.defineProperty(addon.Domain.prototype, Symbol.asyncDispose, {
  value: async function (this: Domain) {
    this.free();
  },
  writable: true,
  configurable: true,
});
