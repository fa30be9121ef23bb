// Events, in two layers.
// Low level, as in python-libvirt: conn.domainEventRegisterAny(dom | null,
// eventID, callback, opaque?) resolves a callback id; the callback gets
// (conn, dom, ...fields, opaque) with the fields of libvirt's C callback.
// Idiomatic: conn.events(filter) is an async iterable of typed events, and
// dom.waitForState(state) resolves when the domain gets there.
import { addon } from './native';
import type { Connection, Domain, Network, StoragePool, NodeDevice, Secret } from './classes';
import * as C from './generated/constants';
import { LibvirtError } from './errors';
import { describe, expectInstance } from './describe';

/** Graphics address of a VIR_DOMAIN_EVENT_ID_GRAPHICS event. */
export interface GraphicsAddress {
  family: number;
  node: string;
  service: string;
}

/** Payload fields of every VIR_DOMAIN_EVENT_ID_*, by event name. */
export interface DomainEventPayloads {
  lifecycle: { event: number; detail: number };
  reboot: Record<string, never>;
  rtcChange: { utcoffset: bigint };
  watchdog: { action: number };
  ioError: { srcPath: string | null; devAlias: string | null; action: number };
  graphics: {
    phase: number;
    local: GraphicsAddress | null;
    remote: GraphicsAddress | null;
    authScheme: string | null;
    subject: { type: string; name: string }[];
  };
  ioErrorReason: { srcPath: string | null; devAlias: string | null; action: number; reason: string | null };
  controlError: Record<string, never>;
  blockJob: { disk: string | null; type: number; status: number };
  diskChange: { oldSrcPath: string | null; newSrcPath: string | null; devAlias: string | null; reason: number };
  trayChange: { devAlias: string | null; reason: number };
  pmWakeup: { reason: number };
  pmSuspend: { reason: number };
  balloonChange: { actual: bigint };
  pmSuspendDisk: { reason: number };
  deviceRemoved: { devAlias: string | null };
  blockJob2: { disk: string | null; type: number; status: number };
  tunable: { params: Record<string, number | bigint | boolean | string> };
  agentLifecycle: { state: number; reason: number };
  deviceAdded: { devAlias: string | null };
  migrationIteration: { iteration: number };
  jobCompleted: { params: Record<string, number | bigint | boolean | string> };
  deviceRemovalFailed: { devAlias: string | null };
  metadataChange: { type: number; nsuri: string | null };
  blockThreshold: { dev: string | null; path: string | null; threshold: bigint; excess: bigint };
  memoryFailure: { recipient: number; action: number; flags: number };
  memoryDeviceSizeChange: { alias: string | null; size: bigint };
}
export type DomainEventName = keyof DomainEventPayloads;

/** Event names and field names by VIR_DOMAIN_EVENT_ID_* value (the C callback's argument order). */
export const DOMAIN_EVENTS: readonly { id: number; name: DomainEventName; fields: readonly string[] }[] = [
  { id: C.VIR_DOMAIN_EVENT_ID_LIFECYCLE, name: 'lifecycle', fields: ['event', 'detail'] },
  { id: C.VIR_DOMAIN_EVENT_ID_REBOOT, name: 'reboot', fields: [] },
  { id: C.VIR_DOMAIN_EVENT_ID_RTC_CHANGE, name: 'rtcChange', fields: ['utcoffset'] },
  { id: C.VIR_DOMAIN_EVENT_ID_WATCHDOG, name: 'watchdog', fields: ['action'] },
  { id: C.VIR_DOMAIN_EVENT_ID_IO_ERROR, name: 'ioError', fields: ['srcPath', 'devAlias', 'action'] },
  { id: C.VIR_DOMAIN_EVENT_ID_GRAPHICS, name: 'graphics', fields: ['phase', 'local', 'remote', 'authScheme', 'subject'] },
  { id: C.VIR_DOMAIN_EVENT_ID_IO_ERROR_REASON, name: 'ioErrorReason', fields: ['srcPath', 'devAlias', 'action', 'reason'] },
  { id: C.VIR_DOMAIN_EVENT_ID_CONTROL_ERROR, name: 'controlError', fields: [] },
  { id: C.VIR_DOMAIN_EVENT_ID_BLOCK_JOB, name: 'blockJob', fields: ['disk', 'type', 'status'] },
  { id: C.VIR_DOMAIN_EVENT_ID_DISK_CHANGE, name: 'diskChange', fields: ['oldSrcPath', 'newSrcPath', 'devAlias', 'reason'] },
  { id: C.VIR_DOMAIN_EVENT_ID_TRAY_CHANGE, name: 'trayChange', fields: ['devAlias', 'reason'] },
  { id: C.VIR_DOMAIN_EVENT_ID_PMWAKEUP, name: 'pmWakeup', fields: ['reason'] },
  { id: C.VIR_DOMAIN_EVENT_ID_PMSUSPEND, name: 'pmSuspend', fields: ['reason'] },
  { id: C.VIR_DOMAIN_EVENT_ID_BALLOON_CHANGE, name: 'balloonChange', fields: ['actual'] },
  { id: C.VIR_DOMAIN_EVENT_ID_PMSUSPEND_DISK, name: 'pmSuspendDisk', fields: ['reason'] },
  { id: C.VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED, name: 'deviceRemoved', fields: ['devAlias'] },
  { id: C.VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2, name: 'blockJob2', fields: ['disk', 'type', 'status'] },
  { id: C.VIR_DOMAIN_EVENT_ID_TUNABLE, name: 'tunable', fields: ['params'] },
  { id: C.VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE, name: 'agentLifecycle', fields: ['state', 'reason'] },
  { id: C.VIR_DOMAIN_EVENT_ID_DEVICE_ADDED, name: 'deviceAdded', fields: ['devAlias'] },
  { id: C.VIR_DOMAIN_EVENT_ID_MIGRATION_ITERATION, name: 'migrationIteration', fields: ['iteration'] },
  { id: C.VIR_DOMAIN_EVENT_ID_JOB_COMPLETED, name: 'jobCompleted', fields: ['params'] },
  { id: C.VIR_DOMAIN_EVENT_ID_DEVICE_REMOVAL_FAILED, name: 'deviceRemovalFailed', fields: ['devAlias'] },
  { id: C.VIR_DOMAIN_EVENT_ID_METADATA_CHANGE, name: 'metadataChange', fields: ['type', 'nsuri'] },
  { id: C.VIR_DOMAIN_EVENT_ID_BLOCK_THRESHOLD, name: 'blockThreshold', fields: ['dev', 'path', 'threshold', 'excess'] },
  { id: C.VIR_DOMAIN_EVENT_ID_MEMORY_FAILURE, name: 'memoryFailure', fields: ['recipient', 'action', 'flags'] },
  { id: C.VIR_DOMAIN_EVENT_ID_MEMORY_DEVICE_SIZE_CHANGE, name: 'memoryDeviceSizeChange', fields: ['alias', 'size'] },
];

/** A typed domain event, discriminated by `name`. */
export type DomainEvent = {
  [K in DomainEventName]: { kind: 'domain'; name: K; eventId: number; domain: Domain } & DomainEventPayloads[K];
}[DomainEventName];

/** Lifecycle (and refresh/update/value-changed) events of the other object types. */
export type ObjectEvent =
  | { kind: 'network'; name: 'lifecycle'; eventId: number; network: Network; event: number; detail: number }
  | { kind: 'storagePool'; name: 'lifecycle'; eventId: number; pool: StoragePool; event: number; detail: number }
  | { kind: 'storagePool'; name: 'refresh'; eventId: number; pool: StoragePool }
  | { kind: 'nodeDevice'; name: 'lifecycle'; eventId: number; device: NodeDevice; event: number; detail: number }
  | { kind: 'nodeDevice'; name: 'update'; eventId: number; device: NodeDevice }
  | { kind: 'secret'; name: 'lifecycle'; eventId: number; secret: Secret; event: number; detail: number }
  | { kind: 'secret'; name: 'valueChanged'; eventId: number; secret: Secret };

export type LibvirtEvent = DomainEvent | ObjectEvent;

/** Family-specific register arguments beyond (obj, eventID): the QMP event name and flags. */
interface RegisterExtra {
  event: string | null;
  flags: number;
}
interface Family {
  /** the native register call's arguments; default (obj, eventID, dispatch) */
  registerArgs?: (obj: unknown, eventID: number, dispatch: AnyFn, extra?: RegisterExtra) => unknown[];
  kind: ObjectEvent['kind'] | 'domain' | 'legacy' | 'qemuMonitor';
  register: string;
  deregister: string;
  objKey: string;
  events: readonly { id: number; name: string; fields: readonly string[] }[];
}
const LIFECYCLE = ['event', 'detail'];
const FAMILIES: Record<LibvirtEvent['kind'] | 'legacy' | 'qemuMonitor', Family> = {
  // virConnectDomainQemuMonitorEventRegister: QMP events, filtered by name (see qemuMonitorEventRegister)
  qemuMonitor: {
    kind: 'qemuMonitor', register: '_qemuMonitorEventRegister', deregister: '_qemuMonitorEventDeregister', objKey: 'domain',
    registerArgs: (obj, _id, dispatch, extra) => [obj ?? null, extra?.event ?? null, dispatch, extra?.flags ?? 0],
    events: [{ id: 0, name: 'qemuMonitor', fields: ['event', 'seconds', 'micros', 'details'] }],
  },
  // virConnectDomainEventRegister: lifecycle only, one libvirt registration per connection
  legacy: {
    kind: 'legacy', register: '_domainEventRegister', deregister: '_domainEventDeregister', objKey: 'domain',
    registerArgs: (_obj, _id, dispatch) => [dispatch],
    events: [{ id: C.VIR_DOMAIN_EVENT_ID_LIFECYCLE, name: 'lifecycle', fields: LIFECYCLE }],
  },
  domain: { kind: 'domain', register: '_domainEventRegisterAny', deregister: '_domainEventDeregisterAny', objKey: 'domain', events: DOMAIN_EVENTS },
  network: {
    kind: 'network', register: '_networkEventRegisterAny', deregister: '_networkEventDeregisterAny', objKey: 'network',
    events: [{ id: C.VIR_NETWORK_EVENT_ID_LIFECYCLE, name: 'lifecycle', fields: LIFECYCLE }],
  },
  storagePool: {
    kind: 'storagePool', register: '_storagePoolEventRegisterAny', deregister: '_storagePoolEventDeregisterAny', objKey: 'pool',
    events: [
      { id: C.VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE, name: 'lifecycle', fields: LIFECYCLE },
      { id: C.VIR_STORAGE_POOL_EVENT_ID_REFRESH, name: 'refresh', fields: [] },
    ],
  },
  nodeDevice: {
    kind: 'nodeDevice', register: '_nodeDeviceEventRegisterAny', deregister: '_nodeDeviceEventDeregisterAny', objKey: 'device',
    events: [
      { id: C.VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE, name: 'lifecycle', fields: LIFECYCLE },
      { id: C.VIR_NODE_DEVICE_EVENT_ID_UPDATE, name: 'update', fields: [] },
    ],
  },
  secret: {
    kind: 'secret', register: '_secretEventRegisterAny', deregister: '_secretEventDeregisterAny', objKey: 'secret',
    events: [
      { id: C.VIR_SECRET_EVENT_ID_LIFECYCLE, name: 'lifecycle', fields: LIFECYCLE },
      { id: C.VIR_SECRET_EVENT_ID_VALUE_CHANGED, name: 'valueChanged', fields: [] },
    ],
  },
};

let latencyProbe: ((at: number) => void) | null = null;
/**
 * @internal For benchmarks: called with the uv_hrtime() (ns, CLOCK_MONOTONIC,
 * the clock of process.hrtime) at which libvirt invoked the C callback, just
 * before the listeners run.
 */
export function setEventLatencyProbe(fn: ((at: number) => void) | null): void {
  latencyProbe = fn;
}

/** The error libvirt itself gives for an unknown callback (VIR_ERR_INVALID_ARG). */
function invalidArg(what: string): LibvirtError {
  return new LibvirtError({
    code: C.VIR_ERR_INVALID_ARG, domain: C.VIR_FROM_NONE, level: C.VIR_ERR_ERROR,
    message: `invalid argument: ${what}`, str1: null, str2: null, str3: null, int1: -1, int2: -1,
  });
}

/** An exception thrown by an event callback surfaces as an uncaught exception, like an EventEmitter listener's. */
function guard(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    process.nextTick(() => {
      throw e;
    });
  }
}

function checkCallback(cb: unknown): void {
  if (typeof cb !== 'function') throw new TypeError(`Expected function for callback but received ${describe(cb)}`);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => any;
type Proto = Record<string, AnyFn>;
const connProto = addon.Connection.prototype as Proto;
const domProto = addon.Domain.prototype as Proto;

// --- listeners, multiplexed over one libvirt registration per key ---------------------
// libvirt refuses a second registration of the same C callback for the same
// event and object on one connection ("event callback already tracked"), so
// each (family, event ID, object) is registered once and fanned out here.
type Listener = (obj: unknown, ...fields: unknown[]) => void;
interface Hub {
  listeners: Map<number, Listener>;
  libvirtId: Promise<number>;
}
interface ConnEvents {
  hubs: Map<string, Hub>;
  /** keys whose libvirt deregistration is still running: a new registration waits for it */
  closing: Map<string, Promise<unknown>>;
  byId: Map<number, { key: string; fam: Family }>;
  nextId: number;
}
const perConn = new WeakMap<object, ConnEvents>();
function state(conn: object): ConnEvents {
  let s = perConn.get(conn);
  if (!s) perConn.set(conn, (s = { hubs: new Map(), closing: new Map(), byId: new Map(), nextId: 1 }));
  return s;
}
// The object a family's events are about: [class, its name, python's argument name]
const OBJ: Record<string, [unknown, string, string]> = {
  domain: [addon.Domain, 'Domain', 'dom'], network: [addon.Network, 'Network', 'net'],
  pool: [addon.StoragePool, 'StoragePool', 'pool'], device: [addon.NodeDevice, 'NodeDevice', 'dev'],
  secret: [addon.Secret, 'Secret', 'secret'],
};
function objKey(fam: Family, obj: unknown): string {
  if (obj === null || obj === undefined) return '*';
  const [cls, className, arg] = OBJ[fam.objKey];
  // before: "o.name is not a function" for an object of another kind
  expectInstance(obj, cls, `${className} or null`, arg);
  const o = obj as { UUIDString?: () => string; name?: () => string };
  return typeof o.UUIDString === 'function' ? o.UUIDString() : String(o.name?.());
}

// The connection behind `this` of the methods below, checked: before, a wrong
// receiver failed with "conn[fam.register] is not a function" and the like.
function connOf(thisArg: unknown): Proto {
  expectInstance(thisArg, addon.Connection, 'Connection', 'this');
  return thisArg as Proto;
}

/** Adds a listener; resolves its callback id (unique on this connection). */
function subscribe(
  conn: Proto, fam: Family, eventID: number, obj: unknown, listener: Listener,
  extra?: RegisterExtra,
): Promise<number> {
  connOf(conn);
  const s = state(conn);
  const key = `${fam.kind}:${eventID}:${objKey(fam, obj)}${extra ? `:${extra.flags}:${extra.event ?? '*'}` : ''}`;
  let hub = s.hubs.get(key);
  if (!hub) {
    const listeners = new Map<number, Listener>();
    // the native side passes the uv_hrtime() of libvirt's callback first
    const dispatch = (at: number, o: unknown, ...fields: unknown[]) => {
      if (latencyProbe) latencyProbe(at);
      for (const l of [...listeners.values()]) l(o, ...fields);
    };
    // validates the arguments synchronously (TypeError/RangeError), then registers off the
    // thread; after the deregistration of the same key, if one is still running
    const closing = s.closing.get(key);
    const args = fam.registerArgs ? fam.registerArgs(obj, eventID, dispatch, extra) : [obj ?? null, eventID, dispatch];
    const register = () => conn[fam.register](...args);
    const libvirtId = (closing ? closing.then(register) : register()) as Promise<number>;
    const h: Hub = { listeners, libvirtId };
    hub = h;
    s.hubs.set(key, h);
    libvirtId.catch(() => {
      if (s.hubs.get(key) === h) s.hubs.delete(key);
    });
  }
  const id = s.nextId++;
  hub.listeners.set(id, listener);
  s.byId.set(id, { key, fam });
  const h = hub;
  return h.libvirtId.then(
    () => id,
    (e) => {
      h.listeners.delete(id);
      s.byId.delete(id);
      throw e;
    },
  );
}

/** Removes a listener at once (nothing more is delivered to it); the last one of a key deregisters from libvirt. */
async function unsubscribe(conn: Proto, kind: Family['kind'], id: number): Promise<number> {
  connOf(conn);
  if (!Number.isInteger(id)) throw new TypeError(`Expected integer for callbackID but received ${describe(id)}`);
  const s = state(conn);
  const entry = s.byId.get(id);
  if (!entry || entry.fam.kind !== kind) {
    throw invalidArg(`callback ID ${id} not found`);
  }
  s.byId.delete(id);
  const hub = s.hubs.get(entry.key) as Hub;
  hub.listeners.delete(id);
  if (hub.listeners.size === 0) {
    s.hubs.delete(entry.key);
    const done = hub.libvirtId.then((libvirtId) => conn[entry.fam.deregister](libvirtId));
    const settled = done.catch(() => undefined);
    s.closing.set(entry.key, settled);
    void settled.then(() => {
      if (s.closing.get(entry.key) === settled) s.closing.delete(entry.key);
    });
    await done;
  }
  return 0;
}

// --- low level, python-libvirt style ---------------------------------------------------
function defineLowLevel(fam: Family, register: string, deregister: string): void {
  connProto[register] = function (this: Connection, obj: unknown, eventID: number, callback: AnyFn, opaque?: unknown) {
    checkCallback(callback);
    const conn = this;
    return subscribe(this as unknown as Proto, fam, eventID, obj, (o: unknown, ...fields: unknown[]) =>
      guard(() => callback(conn, o, ...fields, opaque)),
    );
  };
  connProto[deregister] = function (this: Connection, callbackID: number) {
    return unsubscribe(this as unknown as Proto, fam.kind, callbackID);
  };
}
defineLowLevel(FAMILIES.domain, 'domainEventRegisterAny', 'domainEventDeregisterAny');
defineLowLevel(FAMILIES.network, 'networkEventRegisterAny', 'networkEventDeregisterAny');
defineLowLevel(FAMILIES.storagePool, 'storagePoolEventRegisterAny', 'storagePoolEventDeregisterAny');
defineLowLevel(FAMILIES.nodeDevice, 'nodeDeviceEventRegisterAny', 'nodeDeviceEventDeregisterAny');
defineLowLevel(FAMILIES.secret, 'secretEventRegisterAny', 'secretEventDeregisterAny');

// virConnectDomainEventRegister, as python-libvirt: callback(conn, dom, event, detail, opaque);
// deregistered by the same callback function.
const legacyIds = new WeakMap<object, Map<AnyFn, number>>();
connProto.domainEventRegister = async function (this: Connection, callback: AnyFn, opaque?: unknown) {
  connOf(this);
  checkCallback(callback);
  const conn = this;
  let ids = legacyIds.get(conn);
  if (!ids) legacyIds.set(conn, (ids = new Map()));
  if (ids.has(callback)) throw new TypeError('callback is already registered with domainEventRegister');
  const id = await subscribe(this as unknown as Proto, FAMILIES.legacy, C.VIR_DOMAIN_EVENT_ID_LIFECYCLE, null, (o: unknown, ...f: unknown[]) =>
    guard(() => callback(conn, o, ...f, opaque)),
  );
  ids.set(callback, id);
  return 0;
};
connProto.domainEventDeregister = async function (this: Connection, callback: AnyFn) {
  connOf(this);
  checkCallback(callback);
  const id = legacyIds.get(this)?.get(callback);
  if (id === undefined) {
    throw invalidArg('callback function is not registered');
  }
  legacyIds.get(this)?.delete(callback);
  return unsubscribe(this as unknown as Proto, 'legacy', id);
};

// QMP events of the QEMU driver, as python's libvirt_qemu.qemuMonitorEventRegister:
// callback(conn, dom, event, seconds, micros, details, opaque); `event` filters by
// name (null: every event; flags VIR_CONNECT_DOMAIN_QEMU_MONITOR_EVENT_REGISTER_REGEX /
// _NOCASE), `dom` null means every domain. Meant for debugging, as libvirt says.
connProto.qemuMonitorEventRegister = function (
  this: Connection, dom: unknown, event: string | null, callback: AnyFn, opaque?: unknown, flags = 0,
) {
  checkCallback(callback);
  if (event !== null && event !== undefined && typeof event !== 'string')
    throw new TypeError(`Expected string or null for event but received ${describe(event)}`);
  const conn = this;
  return subscribe(this as unknown as Proto, FAMILIES.qemuMonitor, 0, dom, (o: unknown, ...f: unknown[]) =>
    guard(() => callback(conn, o, ...f, opaque)), { event: event ?? null, flags },
  );
};
connProto.qemuMonitorEventDeregister = function (this: Connection, callbackID: number) {
  return unsubscribe(this as unknown as Proto, 'qemuMonitor', callbackID);
};

// Stream event callbacks (non-blocking streams): callback(stream, events, opaque), events
// being VIR_STREAM_EVENT_* bits. Synchronous: they touch only the client's stream state.
const streamProto = addon.Stream.prototype as Proto;
streamProto.eventAddCallback = function (this: object, events: number, callback: AnyFn, opaque?: unknown) {
  expectInstance(this, addon.Stream, 'Stream', 'this');
  checkCallback(callback);
  const stream = this;
  return (this as Proto)._eventAddCallback(events, (_at: number, ev: number) => guard(() => callback(stream, ev, opaque)));
};

connProto.registerCloseCallback = function (this: Connection, callback: AnyFn, opaque?: unknown) {
  connOf(this);
  checkCallback(callback);
  const conn = this;
  return (this as unknown as Proto)._registerCloseCallback((_at: number, reason: number) => guard(() => callback(conn, reason, opaque)));
};
connProto.unregisterCloseCallback = function (this: Connection) {
  connOf(this);
  return (this as unknown as Proto)._unregisterCloseCallback();
};

// --- conn.events() -------------------------------------------------------------------------
/** Which events conn.events() delivers; by default every domain event of every domain. */
export interface EventFilter {
  /** Only this domain's events (domain events only). */
  domain?: Domain;
  /** VIR_DOMAIN_EVENT_ID_* to deliver; default all. [] for none. */
  domainEvents?: number[];
  /** Also network / storage pool / node device / secret events: true for all of their IDs, or a list. */
  network?: boolean | number[];
  storagePool?: boolean | number[];
  nodeDevice?: boolean | number[];
  secret?: boolean | number[];
  /** Ends the iteration (and deregisters) when aborted. */
  signal?: AbortSignal;
  /** Events buffered while nobody reads (default 10,000); beyond it the iteration fails with EventOverflowError. */
  bufferSize?: number;
}

/** The consumer of conn.events() fell behind by more than the buffer; `dropped` events were lost. */
export class EventOverflowError extends Error {
  constructor(readonly dropped: number, readonly bufferSize: number) {
    super(`event buffer overflow: ${dropped} event(s) dropped after ${bufferSize} buffered and unread`);
    this.name = 'EventOverflowError';
  }
}

/** The async iterable conn.events() returns. */
export interface EventStream extends AsyncIterableIterator<LibvirtEvent> {
  /** Resolves once every callback is registered: events after this point are not missed. */
  readonly ready: Promise<void>;
  /** Deregisters and ends the iteration. */
  close(): Promise<void>;
}

function idsFor(want: boolean | number[] | undefined, fam: Family): number[] {
  if (!want) return [];
  if (want === true) return fam.events.map((e) => e.id);
  return want;
}

connProto.events = function (this: Connection, filter: EventFilter = {}): EventStream {
  connOf(this);
  if (typeof filter !== 'object' || filter === null) throw new TypeError(`Expected object for filter but received ${describe(filter)}`);
  const conn = this as unknown as Proto;
  const bufferSize = filter.bufferSize ?? 10000;
  if (!Number.isInteger(bufferSize) || bufferSize < 1) throw new RangeError(`Expected positive integer for filter.bufferSize but received ${bufferSize}`);
  const buffer: LibvirtEvent[] = [];
  let dropped = 0;
  let ended = false;
  let failure: unknown = null;
  let waiter: { resolve: (r: IteratorResult<LibvirtEvent>) => void; reject: (e: unknown) => void } | null = null;
  const registrations: { fam: Family; id: number }[] = [];

  const wake = () => {
    if (!waiter) return;
    const w = waiter;
    if (buffer.length) {
      waiter = null;
      w.resolve({ value: buffer.shift() as LibvirtEvent, done: false });
    } else if (failure) {
      waiter = null;
      w.reject(failure);
    } else if (ended) {
      waiter = null;
      w.resolve({ value: undefined, done: true });
    }
  };
  const push = (ev: LibvirtEvent) => {
    if (ended) return;
    if (buffer.length >= bufferSize) {
      dropped++;
      failure = new EventOverflowError(dropped, bufferSize);
      return;
    }
    buffer.push(ev);
    wake();
  };
  const deregisterAll = async () => {
    const regs = registrations.splice(0);
    await Promise.all(regs.map((r) => unsubscribe(conn, r.fam.kind, r.id).catch(() => undefined)));
  };
  const close = async () => {
    if (ended) return;
    ended = true;
    await ready.catch(() => undefined);
    await deregisterAll();
    wake();
  };

  const plan: { fam: Family; ids: number[]; obj: unknown }[] = [
    { fam: FAMILIES.domain, ids: filter.domainEvents ?? DOMAIN_EVENTS.map((e) => e.id), obj: filter.domain ?? null },
    { fam: FAMILIES.network, ids: idsFor(filter.network, FAMILIES.network), obj: null },
    { fam: FAMILIES.storagePool, ids: idsFor(filter.storagePool, FAMILIES.storagePool), obj: null },
    { fam: FAMILIES.nodeDevice, ids: idsFor(filter.nodeDevice, FAMILIES.nodeDevice), obj: null },
    { fam: FAMILIES.secret, ids: idsFor(filter.secret, FAMILIES.secret), obj: null },
  ];
  const ready = (async () => {
    for (const { fam, ids, obj } of plan) {
      for (const id of ids) {
        const meta = fam.events.find((e) => e.id === id);
        if (!meta) throw new RangeError(`Unknown ${fam.kind} event ID ${id}`);
        const cbId = await subscribe(conn, fam, id, obj, (o: unknown, ...fields: unknown[]) => {
          const ev: Record<string, unknown> = { kind: fam.kind, name: meta.name, eventId: id, [fam.objKey]: o };
          meta.fields.forEach((f, i) => (ev[f] = fields[i]));
          push(ev as unknown as LibvirtEvent);
        });
        registrations.push({ fam, id: cbId });
        if (ended) await deregisterAll();
      }
    }
  })();
  ready.catch(async (e) => {
    failure = e;
    ended = true;
    await deregisterAll();
    wake();
  });
  const signal = filter.signal;
  if (signal) {
    if (signal.aborted) void close();
    else signal.addEventListener('abort', () => void close(), { once: true });
  }

  const stream: EventStream = {
    ready,
    close,
    next(): Promise<IteratorResult<LibvirtEvent>> {
      if (buffer.length) return Promise.resolve({ value: buffer.shift() as LibvirtEvent, done: false });
      if (failure) {
        const f = failure;
        void close();
        return Promise.reject(f);
      }
      if (ended) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => {
        waiter = { resolve, reject };
      });
    },
    async return(): Promise<IteratorResult<LibvirtEvent>> {
      await close();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
};

// --- dom.waitForState() --------------------------------------------------------------
/** Options of dom.waitForState. */
export interface WaitForStateOptions {
  /** Reject after this many milliseconds (default: wait for ever). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const STATE_NAMES: Record<number, string> = {
  [C.VIR_DOMAIN_NOSTATE]: 'NOSTATE', [C.VIR_DOMAIN_RUNNING]: 'RUNNING', [C.VIR_DOMAIN_BLOCKED]: 'BLOCKED',
  [C.VIR_DOMAIN_PAUSED]: 'PAUSED', [C.VIR_DOMAIN_SHUTDOWN]: 'SHUTDOWN', [C.VIR_DOMAIN_SHUTOFF]: 'SHUTOFF',
  [C.VIR_DOMAIN_CRASHED]: 'CRASHED', [C.VIR_DOMAIN_PMSUSPENDED]: 'PMSUSPENDED',
};
const stateName = (s: number) => `VIR_DOMAIN_${STATE_NAMES[s] ?? s}`;

domProto.waitForState = function (this: Domain, state: number, options: WaitForStateOptions = {}): Promise<[number, number]> {
  expectInstance(this, addon.Domain, 'Domain', 'this');
  if (typeof state !== 'number' || !(state in STATE_NAMES)) throw new RangeError(`Expected a VIR_DOMAIN_* state for state but received ${String(state)}`);
  // a number or null here was taken for "no options", and waited for ever
  if (options === null || typeof options !== 'object') throw new TypeError(`Expected object for options but received ${describe(options)}`);
  const t = options.timeoutMs;
  if (t !== undefined && (typeof t !== 'number' || !(t >= 0) || !Number.isFinite(t)))
    throw new RangeError(`Expected a finite number of milliseconds (0 or more) for options.timeoutMs but received ${describe(t)} ${String(t)}`);
  const conn = this.connect() as unknown as Proto | undefined;
  if (!conn) return Promise.reject(Object.assign(new Error(`Domain was freed`), { code: 'ERR_LIBVIRT_FREED' }));
  const dom = this;
  const name = (() => {
    try {
      return dom.name();
    } catch {
      return '?';
    }
  })();
  return new Promise((resolve, reject) => {
    let done = false;
    let cbId: number | undefined;
    let last: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    const finish = (err: unknown, value?: [number, number]) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (cbId !== undefined) unsubscribe(conn, 'domain', cbId).catch(() => undefined);
      if (err) reject(err);
      else resolve(value as [number, number]);
    };
    const check = async () => {
      try {
        const st = (await dom.state()) as [number, number];
        last = st[0];
        if (st[0] === state) finish(null, st);
      } catch (e) {
        finish(e);
      }
    };
    const onAbort = () => finish(options.signal?.reason ?? new Error('aborted'));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        const now = last === undefined ? 'unknown' : stateName(last);
        finish(Object.assign(new Error(`Timed out after ${options.timeoutMs} ms waiting for domain '${name}' to reach ${stateName(state)} (it is ${now})`), { code: 'ERR_LIBVIRT_TIMEOUT' }));
      }, options.timeoutMs);
    }
    // Register first, then look once: a transition between the two is seen either way.
    subscribe(conn, FAMILIES.domain, C.VIR_DOMAIN_EVENT_ID_LIFECYCLE, dom, () => void check()).then(
      (id) => {
        cbId = id;
        if (done) unsubscribe(conn, 'domain', id).catch(() => undefined);
        else void check();
      },
      (e) => finish(e),
    );
  });
};
