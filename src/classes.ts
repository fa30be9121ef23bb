// The wrapper classes. Their methods live in the native addon: most are
// generated from libvirt-api.xml (src/generated/methods.ts declares them),
// the rest are hand-written in native/*.cc or in TypeScript (src/overrides/,
// one file per class) and declared here.
import { addon } from './native';
import './overrides';
import type * as gen from './generated/methods';
import type { EventFilter, EventStream, LibvirtEvent, WaitForStateOptions } from './events';
import type { ConnectionEvent, ReconnectEventFilter } from './reconnect';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EventCallback = (conn: Connection, obj: any, ...rest: any[]) => void;

/**
 * Host information (virNodeGetInfo) as python's getInfo(): [model, memory, cpus, mhz, nodes,
 * sockets, cores, threads], each also by name. `memory` is in MiB, as in python (libvirt's C
 * struct has KiB).
 */
export type NodeInfo = gen.NodeInfo;

/** Domain information (virDomainGetInfo), by name. Memory in KiB, cpuTime in ns. */
export interface DomainInfoFields {
  state: number;
  maxMem: bigint;
  memory: bigint;
  nrVirtCpu: number;
  cpuTime: bigint;
}
/** python's dom.info(): [state, maxMem, memory, nrVirtCpu, cpuTime], each also by name. */
export type DomainInfo = gen.PyTuple<[number, bigint, bigint, number, bigint], DomainInfoFields>;

interface Child {
  /** Drops this wrapper's libvirt reference now (idempotent; calls afterwards reject with a BindingError, code 'ERR_LIBVIRT_FREED'). */
  free(): void;
  /** The Connection this object belongs to (undefined once freed). */
  connect(): Connection | undefined;
}

/**
 * One domain's statistics (getAllDomainStats, domainListGetStats): python's (dom, dict) tuple;
 * stats: 'state.state', 'cpu.time', 'balloon.current', ... (VIR_DOMAIN_STATS_*).
 */
export type DomainStatsRecord = gen.PyTuple<[Domain, gen.TypedParams], { domain: Domain; stats: gen.TypedParams }>;
/** A guest network interface and its addresses (interfaceAddresses: an object keyed by name). */
export interface DomainInterface {
  name: string | null;
  hwaddr: string | null;
  /** type: VIR_IP_ADDR_TYPE_IPV4/IPV6 */
  addrs: { type: number; addr: string | null; prefix: number }[];
}
/** A mounted guest file system (fsInfo, guest agent), by name. */
export interface DomainFSInfoFields {
  mountpoint: string | null;
  name: string | null;
  fstype: string | null;
  devAlias: (string | null)[];
}
/** python's fsInfo() item: [mountpoint, name, fstype, devAlias], each also by name. */
export type DomainFSInfo = gen.PyTuple<[string | null, string | null, string | null, (string | null)[]], DomainFSInfoFields>;
/** python's vcpus() item: [number, state, cpuTime, cpu], each also by name. */
export type VcpuInfo = gen.PyTuple<[number, number, bigint, number], { number: number; state: number; cpuTime: bigint; cpu: number }>;
/** A DHCP lease of a network (DHCPLeases). */
export interface NetworkDHCPLease {
  iface: string | null;
  expirytime: bigint;
  /** VIR_IP_ADDR_TYPE_* */
  type: number;
  mac: string | null;
  iaid: string | null;
  ipaddr: string | null;
  prefix: number;
  hostname: string | null;
  clientid: string | null;
}

export interface Connection extends gen.ConnectionGenerated {
  /**
   * Frees every object obtained from this connection, then closes it.
   * Resolves libvirt's remaining reference count (0 unless calls are still
   * in flight). Idempotent. Calls afterwards, on the connection or its
   * objects, reject with a BindingError, code 'ERR_LIBVIRT_CLOSED'; so do calls
   * in flight whose result would be a new object. (virConnectClose)
   */
  close(): Promise<number>;
  /** Statistics of every domain; stats: VIR_DOMAIN_STATS_* bits (0: all), flags: VIR_CONNECT_GET_ALL_DOMAINS_STATS_*. (virConnectGetAllDomainStats) */
  getAllDomainStats(stats?: number, flags?: number): Promise<DomainStatsRecord[]>;
  /** Statistics of the given domains of this connection. (virDomainListGetStats) */
  domainListGetStats(doms: Domain[], stats?: number, flags?: number): Promise<DomainStatsRecord[]>;
  /** Host CPUs: how many, which are online (cpumap), how many online. (virNodeGetCPUMap) */
  getCPUMap(flags?: number): Promise<gen.PyTuple<[number, boolean[], number], { cpus: number; cpumap: boolean[]; online: number }>>;
  /** Host CPU times in ns (kernel, user, idle, iowait...); cpuNum -1: all CPUs. (virNodeGetCPUStats) */
  getCPUStats(cpuNum: number, flags?: number): Promise<Record<string, bigint>>;
  /** Host memory in KiB (total, free, buffers, cached); cellNum -1: all cells. (virNodeGetMemoryStats) */
  getMemoryStats(cellNum: number, flags?: number): Promise<Record<string, bigint>>;
  /** Free memory in bytes of maxCells NUMA cells from startCell. (virNodeGetCellsFreeMemory) */
  getCellsFreeMemory(startCell: number, maxCells: number): Promise<bigint[]>;
  /** Free pages of each size (KiB) per NUMA cell: { [cell]: { [size]: count } }. (virNodeGetFreePages) */
  getFreePages(pages: number[], startCell: number, cellCount: number, flags?: number): Promise<Record<string, Record<string, bigint>>>;
  /** Allocates (or with VIR_NODE_ALLOC_PAGES_SET, sets) huge pages: { [sizeKiB]: count }. (virNodeAllocPages) */
  allocPages(pages: Record<number, number | bigint>, startCell?: number, cellCount?: number, flags?: number): Promise<number>;
  /** A Domain for a QEMU process started outside libvirt. (virDomainQemuAttach, libvirt-qemu) */
  qemuAttach(pid: number, flags?: number): Promise<Domain>;
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
  /**
   * On a connection opened with `{ reconnect }`: the events, and the connection's own
   * items (disconnected, reconnected, resync, closed) among them; elsewhere `connection`
   * is ignored.
   */
  events(filter: ReconnectEventFilter & { connection: true }): EventStream<LibvirtEvent | ConnectionEvent>;
  /**
   * The older lifecycle-only registration, as in python-libvirt: callback(conn, dom, event,
   * detail, opaque) for every domain; deregistered by the same function. (virConnectDomainEventRegister)
   */
  domainEventRegister(callback: EventCallback, opaque?: unknown): Promise<number>;
  /** (virConnectDomainEventDeregister) */
  domainEventDeregister(callback: EventCallback): Promise<number>;
  /**
   * QMP events of the QEMU driver (a debugging aid): callback(conn, dom, event, seconds,
   * micros, details, opaque) with `details` the event's JSON text. `event` filters by name
   * (null: all; flags VIR_CONNECT_DOMAIN_QEMU_MONITOR_EVENT_REGISTER_REGEX / _NOCASE), `dom`
   * null means every domain. Resolves a callback id. (virConnectDomainQemuMonitorEventRegister)
   */
  qemuMonitorEventRegister(
    dom: Domain | null,
    event: string | null,
    callback: (conn: Connection, dom: Domain, event: string, seconds: number, micros: number, details: string | null, opaque?: unknown) => void,
    opaque?: unknown,
    flags?: number,
  ): Promise<number>;
  /** (virConnectDomainQemuMonitorEventDeregister) */
  qemuMonitorEventDeregister(callbackID: number): Promise<number>;
}

export interface Domain extends gen.DomainGenerated, Child {
  /** [state, maxMem, memory, nrVirtCpu, cpuTime]: memory in KiB, CPU time in ns. (virDomainGetInfo) */
  info(): Promise<DomainInfo>;
  /** CPU statistics: [totals] when total, else one object per host CPU (cpu_time in ns...). (virDomainGetCPUStats) */
  getCPUStats(total: boolean, flags?: number): Promise<gen.TypedParams[]>;
  /** Memory statistics in KiB by name (actual, rss, available, unused, swap_in...). (virDomainMemoryStats) */
  memoryStats(flags?: number): Promise<Record<string, bigint>>;
  /** vCPU states and where each may run. (virDomainGetVcpus) */
  vcpus(): Promise<gen.PyTuple<[VcpuInfo[], boolean[][]], { info: VcpuInfo[]; cpumaps: boolean[][] }>>;
  /** For each vCPU, the host CPUs it is pinned to. (virDomainGetVcpuPinInfo) */
  vcpuPinInfo(flags?: number): Promise<boolean[][]>;
  /** Host CPUs the emulator threads may run on. (virDomainGetEmulatorPinInfo) */
  emulatorPinInfo(flags?: number): Promise<boolean[]>;
  /** IOThreads and their CPU maps. (virDomainGetIOThreadInfo) */
  ioThreadInfo(flags?: number): Promise<gen.PyTuple<[number, boolean[]], { iothread_id: number; cpumap: boolean[] }>[]>;
  /** Mounted guest file systems (guest agent). (virDomainGetFSInfo) */
  fsInfo(flags?: number): Promise<DomainFSInfo[]>;
  /** Guest interfaces and IP addresses; source: VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_*. (virDomainInterfaceAddresses) */
  interfaceAddresses(source: number, flags?: number): Promise<Record<string, DomainInterface>>;
  /** Disks in error: { [disk]: VIR_DOMAIN_DISK_ERROR_* }. (virDomainGetDiskErrors) */
  diskErrors(flags?: number): Promise<Record<string, number>>;
  /** [scheduler name, number of its parameters]. (virDomainGetSchedulerType) */
  schedulerType(): Promise<gen.PyTuple<[string, number], { type: string; nparams: number }>>;
  /** Security labels of the domain's process. (virDomainGetSecurityLabelList) */
  securityLabelList(): Promise<gen.PyTuple<[string, boolean], { label: string; enforcing: boolean }>[]>;
  /** `size` bytes of a disk image from `offset` (at most 64 MiB). (virDomainBlockPeek) */
  blockPeek(disk: string, offset: number | bigint, size: number | bigint, flags?: number): Promise<Buffer>;
  /** `size` bytes of guest memory; flags VIR_MEMORY_VIRTUAL or VIR_MEMORY_PHYSICAL. (virDomainMemoryPeek) */
  memoryPeek(start: number | bigint, size: number | bigint, flags?: number): Promise<Buffer>;
  /** Reverts the domain to a snapshot. (virDomainRevertToSnapshot) */
  revertToSnapshot(snap: DomainSnapshot, flags?: number): Promise<number>;
  /** A QEMU monitor command (QMP JSON, or HMP with VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP); resolves the reply. (virDomainQemuMonitorCommand) */
  qemuMonitorCommand(cmd: string, flags?: number): Promise<string>;
  /** A monitor command passing file descriptors; outfiles are new descriptors you own. (virDomainQemuMonitorCommandWithFiles) */
  qemuMonitorCommandWithFiles(cmd: string, infiles: number[], flags?: number): Promise<{ result: string; outfiles: number[] }>;
  /** A guest agent command (JSON); timeout in s or VIR_DOMAIN_QEMU_AGENT_COMMAND_*. (virDomainQemuAgentCommand) */
  qemuAgentCommand(cmd: string, timeout: number, flags?: number): Promise<string>;
  /** File descriptors of an LXC container's namespaces (you own them). (virDomainLxcOpenNamespace) */
  lxcOpenNamespace(flags?: number): Promise<number[]>;
  /** `await using dom = ...` frees the wrapper at scope exit. */
  [Symbol.asyncDispose](): Promise<void>;
  /**
   * Resolves [state, reason] once the domain is in `state` (a VIR_DOMAIN_* state), from
   * lifecycle events after one initial state() check; rejects after timeoutMs with a BindingError, code 'ERR_LIBVIRT_TIMEOUT'.
   */
  waitForState(state: number, options?: WaitForStateOptions): Promise<[number, number]>;
}
export interface Network extends gen.NetworkGenerated, Child {
  /** DHCP leases, all or of one MAC address. (virNetworkGetDHCPLeases) */
  DHCPLeases(mac?: string | null, flags?: number): Promise<NetworkDHCPLease[]>;
}
export interface NetworkPort extends gen.NetworkPortGenerated, Child {}
export interface Interface extends gen.InterfaceGenerated, Child {}
export interface StoragePool extends gen.StoragePoolGenerated, Child {}
export interface StorageVol extends gen.StorageVolGenerated, Child {}
export interface NodeDevice extends gen.NodeDeviceGenerated, Child {}
export interface Secret extends gen.SecretGenerated, Child {
  /** The secret's value. (virSecretGetValue) */
  value(flags?: number): Promise<Buffer>;
}
export interface NWFilter extends gen.NWFilterGenerated, Child {}
export interface NWFilterBinding extends gen.NWFilterBindingGenerated, Child {}
export interface DomainSnapshot extends gen.DomainSnapshotGenerated, Child {}
export interface DomainCheckpoint extends gen.DomainCheckpointGenerated, Child {}
export interface Stream extends gen.StreamGenerated, Child {
  /**
   * For a non-blocking stream (VIR_STREAM_NONBLOCK): callback(stream, events, opaque) when it
   * becomes readable/writable (VIR_STREAM_EVENT_* bits in `events`), run from libvirt's event
   * loop. One callback per stream. This, eventUpdateCallback and eventRemoveCallback run at
   * once (no Promise); while a finish() or abort() of the stream runs they throw a
   * BindingError, code 'ERR_LIBVIRT_STREAM_ENDING'. (virStreamEventAddCallback)
   */
  eventAddCallback(events: number, callback: (stream: Stream, events: number, opaque?: unknown) => void, opaque?: unknown): number;
  /** Changes the events watched. (virStreamEventUpdateCallback) */
  eventUpdateCallback(events: number): number;
  /** Removes the callback; events already queued for it are dropped. (virStreamEventRemoveCallback) */
  eventRemoveCallback(): number;
  /**
   * No further data: for output, once all is written; for input, once recv() gave end of file.
   * One finish() or abort() at a time per stream: a second while one runs rejects with a
   * BindingError, code 'ERR_LIBVIRT_STREAM_ENDING' (two at once hung and used freed memory in libvirt). (virStreamFinish)
   */
  finish(): Promise<number>;
  /**
   * Cancels the transfer before its end; one finish() or abort() at a time, as finish().
   * finish() and abort() run alone on the stream: they wait up to 100 ms for a recv(),
   * send() or transfer call in progress, then go ahead beside it (a blocking recv() may
   * wait for data for ever; abort() is what ends it). (virStreamAbort)
   */
  abort(): Promise<number>;
  /** Up to nbytes (empty Buffer at the end), or -2 when a non-blocking stream has nothing now. (virStreamRecv) */
  recv(nbytes: number): Promise<Buffer | -2>;
  /** As recv; -3 at a hole with VIR_STREAM_RECV_STOP_AT_HOLE (recvHole() gives its size). (virStreamRecvFlags) */
  recvFlags(nbytes: number, flags?: number): Promise<Buffer | -2 | -3>;
  /**
   * Receives everything, calling handler(chunk) for each piece; a returned
   * Promise is awaited before reading on. Resolves at the end (then call
   * finish()); a handler that throws aborts the stream. Needs a blocking
   * stream: on one made with VIR_STREAM_NONBLOCK this and the other
   * transfers (sendAll, sparse*) reject with a BindingError, code 'ERR_LIBVIRT_STREAM_NONBLOCKING'
   * and leave the stream as it was. (virStreamRecvAll)
   */
  recvAll(handler: (chunk: Buffer) => void | Promise<void>): Promise<void>;
  /** Sends what handler(maxBytes) returns until it returns an empty Buffer/string or null. (virStreamSendAll) */
  sendAll(handler: (maxBytes: number) => Buffer | Uint8Array | string | null | Promise<Buffer | Uint8Array | string | null>): Promise<void>;
  /** recvAll keeping holes: holeHandler(length) for each. (virStreamSparseRecvAll) */
  sparseRecvAll(handler: (chunk: Buffer) => void | Promise<void>, holeHandler: (length: bigint) => void | Promise<void>): Promise<void>;
  /**
   * sendAll keeping holes: holeHandler() tells [inData, sectionLength] at the
   * current position, skipHandler(length) moves past a hole. (virStreamSparseSendAll)
   */
  sparseSendAll(
    handler: (maxBytes: number) => Buffer | Uint8Array | string | null | Promise<Buffer | Uint8Array | string | null>,
    holeHandler: () => [boolean, number | bigint] | Promise<[boolean, number | bigint]>,
    skipHandler: (length: bigint) => void | Promise<void>,
  ): Promise<void>;
}

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
