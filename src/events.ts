// Events, in two layers.
// Low level, as in python-libvirt: conn.domainEventRegisterAny(dom | null,
// eventID, callback, opaque?) resolves a callback id; the callback gets
// (conn, dom, ...fields, opaque) with the fields of libvirt's C callback.
// Idiomatic: conn.events(filter) is an async iterable of typed events, and
// dom.waitForState(state) resolves when the domain gets there.
// This file holds the event types and the machinery they share: one libvirt
// registration per (event, object), fanned out to its listeners. The methods
// themselves are installed by src/overrides/connection.ts, domain.ts and stream.ts.
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
export interface RegisterExtra {
  event: string | null;
  flags: number;
}
export interface Family {
  /** the native register call's arguments; default (obj, eventID, dispatch) */
  registerArgs?: (obj: unknown, eventID: number, dispatch: AnyFn, extra?: RegisterExtra) => unknown[];
  kind: ObjectEvent['kind'] | 'domain' | 'legacy' | 'qemuMonitor';
  register: string;
  deregister: string;
  objKey: string;
  events: readonly { id: number; name: string; fields: readonly string[] }[];
}
const LIFECYCLE = ['event', 'detail'];
export const FAMILIES: Record<LibvirtEvent['kind'] | 'legacy' | 'qemuMonitor', Family> = {
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
export function invalidArg(what: string): LibvirtError {
  return new LibvirtError({
    code: C.VIR_ERR_INVALID_ARG, domain: C.VIR_FROM_NONE, level: C.VIR_ERR_ERROR,
    message: `invalid argument: ${what}`, str1: null, str2: null, str3: null, int1: -1, int2: -1,
  });
}

/** An exception thrown by an event callback surfaces as an uncaught exception, like an EventEmitter listener's. */
export function guard(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    process.nextTick(() => {
      throw e;
    });
  }
}

export function checkCallback(cb: unknown): void {
  if (typeof cb !== 'function') throw new TypeError(`Expected function for callback but received ${describe(cb)}`);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFn = (...args: any[]) => any;
export type Proto = Record<string, AnyFn>;

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
export function connOf(thisArg: unknown): Proto {
  expectInstance(thisArg, addon.Connection, 'Connection', 'this');
  return thisArg as Proto;
}

/** Adds a listener; resolves its callback id (unique on this connection). */
export function subscribe(
  conn: Proto, fam: Family, eventID: number, obj: unknown, listener: Listener,
  extra?: RegisterExtra,
): Promise<number> {
  connOf(conn);
  const s = state(conn);
  // An event ID this build does not know goes to libvirt, which decides; its
  // payload is empty, and it is registered once per connection (the native
  // side finds the registration by ID), filtered by object here.
  if (!fam.registerArgs && Number.isInteger(eventID) && !fam.events.some((e) => e.id === eventID) && obj !== null && obj !== undefined) {
    const want = objKey(fam, obj);
    const inner = listener;
    obj = null;
    listener = (o: unknown, ...fields: unknown[]) => {
      if (objKey(fam, o) === want) inner(o, ...fields);
    };
  }
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
export async function unsubscribe(conn: Proto, kind: Family['kind'], id: number): Promise<number> {
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

/** The async iterable conn.events() returns (of LibvirtEvent; with `connection: true` on a reconnecting connection also ConnectionEvent). */
export interface EventStream<T = LibvirtEvent> extends AsyncIterableIterator<T> {
  /** Resolves once every callback is registered: events after this point are not missed. */
  readonly ready: Promise<void>;
  /** Deregisters and ends the iteration. */
  close(): Promise<void>;
}

/**
 * The buffer behind an EventStream: callbacks push items, next() takes them, and a
 * failure (an overflow, a registration that failed) ends the iteration with that error.
 */
export class EventQueue<T> {
  ended = false;
  failure: unknown = null;
  private readonly buffer: T[] = [];
  private dropped = 0;
  private waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | null = null;

  constructor(private readonly size: number) {}

  push(item: T): void {
    if (this.ended) return;
    if (this.buffer.length >= this.size) {
      this.dropped++;
      this.failure = new EventOverflowError(this.dropped, this.size);
      return;
    }
    this.buffer.push(item);
    this.wake();
  }

  /** Settles a pending next() if there is something to settle it with. */
  wake(): void {
    const w = this.waiter;
    if (!w) return;
    if (this.buffer.length) {
      this.waiter = null;
      w.resolve({ value: this.buffer.shift() as T, done: false });
    } else if (this.failure) {
      this.waiter = null;
      w.reject(this.failure);
    } else if (this.ended) {
      this.waiter = null;
      w.resolve({ value: undefined, done: true });
    }
  }

  /** The iterator over this queue; `close` deregisters and ends it. */
  stream(ready: Promise<void>, close: () => Promise<void>): EventStream<T> {
    const stream: EventStream<T> = {
      ready,
      close,
      next: (): Promise<IteratorResult<T>> => {
        if (this.buffer.length) return Promise.resolve({ value: this.buffer.shift() as T, done: false });
        if (this.failure) {
          const f = this.failure;
          void close();
          return Promise.reject(f);
        }
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          this.waiter = { resolve, reject };
        });
      },
      async return(): Promise<IteratorResult<T>> {
        await close();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return stream;
      },
    };
    return stream;
  }
}

function idsFor(want: boolean | number[] | undefined, fam: Family): number[] {
  if (!want) return [];
  if (want === true) return fam.events.map((e) => e.id);
  return want;
}

/** conn.events(filter), installed by src/overrides/connection.ts. */
export function connectionEvents(this: Connection, filter: EventFilter = {}): EventStream {
  connOf(this);
  if (typeof filter !== 'object' || filter === null) throw new TypeError(`Expected object for filter but received ${describe(filter)}`);
  const conn = this as unknown as Proto;
  const bufferSize = filter.bufferSize ?? 10000;
  if (!Number.isInteger(bufferSize) || bufferSize < 1) throw new RangeError(`Expected positive integer for filter.bufferSize but received ${bufferSize}`);
  const queue = new EventQueue<LibvirtEvent>(bufferSize);
  const registrations: { fam: Family; id: number }[] = [];

  const deregisterAll = async () => {
    const regs = registrations.splice(0);
    await Promise.all(regs.map((r) => unsubscribe(conn, r.fam.kind, r.id).catch(() => undefined)));
  };
  const close = async () => {
    if (queue.ended) return;
    queue.ended = true;
    await ready.catch(() => undefined);
    await deregisterAll();
    queue.wake();
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
          queue.push(ev as unknown as LibvirtEvent);
        });
        registrations.push({ fam, id: cbId });
        if (queue.ended) await deregisterAll();
      }
    }
  })();
  ready.catch(async (e) => {
    queue.failure = e;
    queue.ended = true;
    await deregisterAll();
    queue.wake();
  });
  const signal = filter.signal;
  if (signal) {
    if (signal.aborted) void close();
    else signal.addEventListener('abort', () => void close(), { once: true });
  }

  return queue.stream(ready, close);
}

// --- dom.waitForState() (src/overrides/domain.ts) -------------------------------------
/** Options of dom.waitForState. */
export interface WaitForStateOptions {
  /** Reject after this many milliseconds (default: wait for ever). */
  timeoutMs?: number;
  signal?: AbortSignal;
}
