// The wrapper classes. Their methods live in the native addon: most are
// generated from libvirt-api.xml (src/generated/methods.ts declares them),
// the rest are hand-written in native/*.cc and declared here.
import { addon } from './native';
import type * as gen from './generated/methods';
import type { EventFilter, EventStream, WaitForStateOptions } from './events';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EventCallback = (conn: Connection, obj: any, ...rest: any[]) => void;

/** Host information (virNodeGetInfo). `memory` is in KiB. */
export interface NodeInfo {
  model: string;
  memory: bigint;
  cpus: number;
  mhz: number;
  nodes: number;
  sockets: number;
  cores: number;
  threads: number;
}

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
  /** Every domain, as Domain objects; flags are VIR_CONNECT_LIST_DOMAINS_*. (virConnectListAllDomains) */
  listAllDomains(flags?: number): Promise<Domain[]>;
  /** Host CPU/memory summary. (virNodeGetInfo) */
  getInfo(): Promise<NodeInfo>;
  /** CPU model names the hypervisor knows for an architecture. (virConnectGetCPUModelNames) */
  getCPUModelNames(arch: string, flags?: number): Promise<string[]>;
  /** The CPU every given host CPU can run. (virConnectBaselineCPU) */
  baselineCPU(xmlCPUs: string[], flags?: number): Promise<string>;
  /** Baseline of CPUs as a hypervisor can provide them. (virConnectBaselineHypervisorCPU) */
  baselineHypervisorCPU(
    emulator: string | null,
    arch: string | null,
    machine: string | null,
    virttype: string | null,
    xmlCPUs: string[],
    flags?: number,
  ): Promise<string>;
  /** `await using conn = await open(uri)` closes the connection at scope exit. */
  [Symbol.asyncDispose](): Promise<void>;

  /**
   * Registers `callback(conn, dom, ...fields, opaque)` for a VIR_DOMAIN_EVENT_ID_* of one
   * domain, or of every domain when `dom` is null; resolves the callback id. The fields are
   * those of libvirt's C callback (lifecycle: event, detail). (virConnectDomainEventRegisterAny)
   */
  domainEventRegisterAny(dom: Domain | null, eventID: number, callback: EventCallback, opaque?: unknown): Promise<number>;
  /** Stops a registration; events already queued for it are dropped. (virConnectDomainEventDeregisterAny) */
  domainEventDeregisterAny(callbackID: number): Promise<number>;
  /** callback(conn, net, event, detail, opaque). (virConnectNetworkEventRegisterAny) */
  networkEventRegisterAny(net: Network | null, eventID: number, callback: EventCallback, opaque?: unknown): Promise<number>;
  networkEventDeregisterAny(callbackID: number): Promise<number>;
  /** callback(conn, pool, ...fields, opaque). (virConnectStoragePoolEventRegisterAny) */
  storagePoolEventRegisterAny(pool: StoragePool | null, eventID: number, callback: EventCallback, opaque?: unknown): Promise<number>;
  storagePoolEventDeregisterAny(callbackID: number): Promise<number>;
  /** callback(conn, dev, ...fields, opaque). (virConnectNodeDeviceEventRegisterAny) */
  nodeDeviceEventRegisterAny(dev: NodeDevice | null, eventID: number, callback: EventCallback, opaque?: unknown): Promise<number>;
  nodeDeviceEventDeregisterAny(callbackID: number): Promise<number>;
  /** callback(conn, secret, ...fields, opaque). (virConnectSecretEventRegisterAny) */
  secretEventRegisterAny(secret: Secret | null, eventID: number, callback: EventCallback, opaque?: unknown): Promise<number>;
  secretEventDeregisterAny(callbackID: number): Promise<number>;
  /**
   * callback(conn, reason, opaque) when the connection closes other than by close():
   * reason is a VIR_CONNECT_CLOSE_REASON_* (error, eof, keepalive, client). One per connection.
   * (virConnectRegisterCloseCallback)
   */
  registerCloseCallback(callback: (conn: Connection, reason: number, opaque?: unknown) => void, opaque?: unknown): Promise<number>;
  /** (virConnectUnregisterCloseCallback) */
  unregisterCloseCallback(): Promise<number>;
  /** Typed events as an async iterable (every domain event by default). */
  events(filter?: EventFilter): EventStream;
}

export interface Domain extends gen.DomainGenerated, Child {
  /** State, memory (KiB), vCPUs and CPU time (ns). (virDomainGetInfo) */
  info(): Promise<DomainInfo>;
  /** `await using dom = ...` frees the wrapper at scope exit. */
  [Symbol.asyncDispose](): Promise<void>;
  /**
   * Resolves [state, reason] once the domain is in `state` (a VIR_DOMAIN_* state), from
   * lifecycle events after one initial state() check; rejects after timeoutMs.
   */
  waitForState(state: number, options?: WaitForStateOptions): Promise<[number, number]>;
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

// Symbol.asyncDispose exists in Node's realm (Node 20+); not in every sandbox (jest's vm).
if (Symbol.asyncDispose) {
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
}
