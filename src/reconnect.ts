// The reconnecting connection: open(uri, { reconnect }) and openAuth(..., { reconnect }).
//
// Design: the Connection the user gets is a Proxy (instanceof Connection holds)
// in front of the current native connection. When libvirt reports the
// connection lost (close callback, or a call failing with an RPC/system error
// while isAlive() says false), a loop reopens the same URI with exponential
// backoff and full jitter; on success the native connection underneath is
// swapped, every event subscription is registered again on it, and the objects
// handed out before (also Proxies) look themselves up again by UUID (or
// name/key/parent) on their first call. Nothing here runs for a plain open(uri).
import { addon } from './native';
import type { Connection, Domain } from './classes';
import * as C from './generated/constants';
import { BindingError, LibvirtError } from './errors';
import { describe, reconnectProxies } from './describe';
import { EventQueue, type EventFilter, type EventStream, type LibvirtEvent, type WaitForStateOptions } from './events';

/** How a connection opened with `{ reconnect }` retries (every field optional). */
export interface ReconnectOptions {
  /** Upper bound of the first retry's delay (full jitter: a random delay in [0, bound]); default 200 ms. */
  initialDelayMs?: number;
  /** The bound doubles per failed attempt up to this; default 10,000 ms. */
  maxDelayMs?: number;
  /** Attempts per outage before the connection is closed for good; default unlimited. */
  maxAttempts?: number;
}

/** The domains' states after a reconnect (the `resync` item). */
export interface ResyncDomain {
  name: string;
  uuid: string;
  /** VIR_DOMAIN_* state and its reason, as dom.state() */
  state: number;
  reason: number;
}

/** What a reconnecting connection reports about itself (events({ connection: true }) items and onConnectionChange). */
export type ConnectionEvent =
  | { kind: 'connection'; name: 'disconnected'; reason: number }
  | { kind: 'connection'; name: 'reconnected'; downtimeMs: number; attempts: number }
  | { kind: 'connection'; name: 'resync'; domains: ResyncDomain[] }
  | { kind: 'connection'; name: 'closed'; reason: number };

/** The options object of open() and openAuth(). */
export interface OpenOptions {
  /** VIR_CONNECT_* flags. */
  flags?: number;
  /** Reopen the connection when it is lost (true: the defaults of ReconnectOptions). */
  reconnect?: boolean | ReconnectOptions;
  /** How long a call made while disconnected waits for the reconnect (default 30,000 ms); needs `reconnect`. */
  callTimeoutMs?: number;
  /** Called with every ConnectionEvent; needs `reconnect`. */
  onConnectionChange?: (ev: ConnectionEvent) => void;
}

/** The filter of events() on a reconnecting connection: `connection: true` adds the ConnectionEvent items. */
export interface ReconnectEventFilter extends EventFilter {
  connection?: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => any;
type Native = Record<string | symbol, AnyFn>;

const nonNegative = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Validates open()'s last argument: a number (flags), undefined, or OpenOptions. Returns normalized options. */
export function parseOpenOptions(arg: unknown): { flags: number | undefined; reconnect: Required<ReconnectOptions> | null; callTimeoutMs: number; onChange?: (ev: ConnectionEvent) => void } {
  if (arg === undefined || typeof arg === 'number') return { flags: arg, reconnect: null, callTimeoutMs: 30000 };
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg))
    throw new TypeError(`Expected number (flags) or options object for options but received ${describe(arg)}`);
  const o = arg as OpenOptions;
  for (const k of Object.keys(o))
    if (!['flags', 'reconnect', 'callTimeoutMs', 'onConnectionChange'].includes(k)) throw new TypeError(`Unknown option '${k}' (expected flags, reconnect, callTimeoutMs, onConnectionChange)`);
  if (o.flags !== undefined && !Number.isInteger(o.flags)) throw new TypeError(`Expected integer for options.flags but received ${describe(o.flags)}`);
  const r = o.reconnect;
  let reconnect: Required<ReconnectOptions> | null = null;
  if (r === true || (typeof r === 'object' && r !== null && !Array.isArray(r))) {
    const ro: ReconnectOptions = r === true ? {} : r;
    for (const k of Object.keys(ro))
      if (!['initialDelayMs', 'maxDelayMs', 'maxAttempts'].includes(k)) throw new TypeError(`Unknown option 'reconnect.${k}' (expected initialDelayMs, maxDelayMs, maxAttempts)`);
    for (const k of ['initialDelayMs', 'maxDelayMs'] as const)
      if (ro[k] !== undefined && !nonNegative(ro[k])) throw new TypeError(`Expected a finite number of milliseconds (0 or more) for options.reconnect.${k} but received ${describe(ro[k])} ${String(ro[k])}`);
    if (ro.maxAttempts !== undefined && ro.maxAttempts !== Infinity && !(Number.isInteger(ro.maxAttempts) && ro.maxAttempts >= 1))
      throw new TypeError(`Expected a positive integer or Infinity for options.reconnect.maxAttempts but received ${describe(ro.maxAttempts)} ${String(ro.maxAttempts)}`);
    reconnect = { initialDelayMs: ro.initialDelayMs ?? 200, maxDelayMs: ro.maxDelayMs ?? 10000, maxAttempts: ro.maxAttempts ?? Infinity };
    if (reconnect.maxDelayMs < reconnect.initialDelayMs) throw new TypeError(`options.reconnect.maxDelayMs (${reconnect.maxDelayMs}) is below options.reconnect.initialDelayMs (${reconnect.initialDelayMs})`);
  } else if (r !== undefined && r !== false) {
    throw new TypeError(`Expected boolean or object for options.reconnect but received ${describe(r)}`);
  }
  if (o.callTimeoutMs !== undefined) {
    if (!nonNegative(o.callTimeoutMs)) throw new TypeError(`Expected a finite number of milliseconds (0 or more) for options.callTimeoutMs but received ${describe(o.callTimeoutMs)} ${String(o.callTimeoutMs)}`);
    if (!reconnect) throw new TypeError('options.callTimeoutMs needs options.reconnect');
  }
  if (o.onConnectionChange !== undefined) {
    if (typeof o.onConnectionChange !== 'function') throw new TypeError(`Expected function for options.onConnectionChange but received ${describe(o.onConnectionChange)}`);
    if (!reconnect) throw new TypeError('options.onConnectionChange needs options.reconnect');
  }
  return { flags: o.flags, reconnect, callTimeoutMs: o.callTimeoutMs ?? 30000, onChange: o.onConnectionChange };
}

// Methods that answer at once from the handle (no Promise): called on whatever native object is current.
const SYNC = new Set(['ID', 'UUID', 'UUIDString', 'name', 'getName', 'MACString', 'key', 'usageID', 'usageType',
  'filterName', 'portDev', 'eventAddCallback', 'eventUpdateCallback', 'eventRemoveCallback']);

// The wrapper classes whose objects are proxied, and how each is looked up again on a new connection.
type Relookup = (conn: Native, old: Native, parent: Native | null) => Promise<Native> | null;
const CLASSES: [unknown, Relookup][] = [
  [addon.Domain, (c, o) => c.lookupByUUIDString(o.UUIDString())],
  [addon.Network, (c, o) => c.networkLookupByUUIDString(o.UUIDString())],
  [addon.StoragePool, (c, o) => c.storagePoolLookupByUUIDString(o.UUIDString())],
  [addon.StorageVol, (c, o) => c.storageVolLookupByKey(o.key())],
  [addon.Secret, (c, o) => c.secretLookupByUUIDString(o.UUIDString())],
  [addon.NodeDevice, (c, o) => c.nodeDeviceLookupByName(o.name())],
  [addon.Interface, (c, o) => c.interfaceLookupByName(o.name())],
  [addon.NWFilter, (c, o) => c.nwfilterLookupByUUIDString(o.UUIDString())],
  [addon.NWFilterBinding, (c, o) => c.nwfilterBindingLookupByPortDev(o.portDev())],
  [addon.NetworkPort, (_c, o, p) => (p ? p.portLookupByUUIDString(o.UUIDString()) : null)],
  [addon.DomainSnapshot, (_c, o, p) => (p ? p.snapshotLookupByName(o.getName()) : null)],
  [addon.DomainCheckpoint, (_c, o, p) => (p ? p.checkpointLookupByName(o.getName()) : null)],
  [addon.Stream, () => null],
];
function classOf(v: object): [unknown, Relookup] | undefined {
  for (const entry of CLASSES) if (v instanceof (entry[0] as AnyFn)) return entry;
  return undefined;
}

// Errors that mean the connection itself may be gone (then isAlive() decides).
function maybeLost(e: unknown): boolean {
  if (!(e instanceof LibvirtError)) return false;
  return e.domain === C.VIR_FROM_RPC || e.code === C.VIR_ERR_SYSTEM_ERROR || e.code === C.VIR_ERR_RPC || e.code === C.VIR_ERR_NO_CONNECT;
}

interface ObjState {
  native: Native;
  gen: number;
  parent: ObjState | null;
  relookup: Relookup;
  freed: boolean;
  proxy: object;
  fns: Map<string | symbol, AnyFn>;
}

interface Sub {
  /** registers on a native connection; resolves the native id */
  register(native: Native): Promise<number>;
  deregister(native: Native, nativeId: number): Promise<unknown>;
  nativeId: number | null;
  gen: number;
}

/** The machinery behind one reconnecting Connection. */
class Reconnector {
  native: Native;
  gen = 1;
  state: 'up' | 'down' | 'closed' = 'up';
  readonly proxy: Connection;
  private waiters = new Set<{ resolve: () => void; reject: (e: unknown) => void }>();
  private listeners = new Set<(ev: ConnectionEvent) => void>();
  private restarters = new Set<() => Promise<void>>();
  private subs = new Map<number, Sub>();
  private legacy = new Map<AnyFn, number>();
  private nextId = 1;
  private keepAlive: [number, number] | null = null;
  private closeCb: { cb: AnyFn; opaque: unknown } | null = null;
  private objs = new WeakMap<object, ObjState>();
  private byNative = new WeakMap<object, object>();
  private fns = new Map<string | symbol, AnyFn>();
  private lastReason = C.VIR_CONNECT_CLOSE_REASON_ERROR;
  /** ends the reconnect loop's current wait (close() during a reconnect) */
  private wakeLoop: (() => void) | null = null;

  constructor(
    native: Native,
    private readonly opener: () => Promise<Native>,
    private readonly opts: Required<ReconnectOptions>,
    private readonly callTimeoutMs: number,
    onChange?: (ev: ConnectionEvent) => void,
  ) {
    this.native = native;
    if (onChange) this.listeners.add((ev) => {
      try {
        onChange(ev);
      } catch (e) {
        process.nextTick(() => {
          throw e;
        });
      }
    });
    this.proxy = new Proxy(Object.create(addon.Connection.prototype) as object, {
      get: (_t, prop) => this.connGet(prop),
      has: (_t, prop) => prop in this.native,
    }) as Connection;
    reconnectProxies.add(this.proxy);
  }

  async watch(native: Native): Promise<void> {
    // (a weak reference: the callback must not keep a dead connection alive)
    const ref = new WeakRef(native);
    await native.registerCloseCallback((_c: unknown, reason: number) => {
      const n = ref.deref();
      if (n) this.lost(n, reason);
    });
  }

  private emit(ev: ConnectionEvent): void {
    for (const l of [...this.listeners]) l(ev);
  }

  // --- losing and finding the connection -----------------------------------------------
  lost(native: Native, reason: number): void {
    if (this.state !== 'up' || native !== this.native) return;
    this.state = 'down';
    this.lastReason = reason;
    // libvirt drops a callback locally before it tells the (dead) daemon: this releases what
    // the dead connection holds of ours, so it is garbage once no old object refers to it
    void native.unregisterCloseCallback().catch(() => undefined);
    for (const s of this.subs.values())
      if (s.nativeId !== null && s.gen === this.gen) void s.deregister(native, s.nativeId).catch(() => undefined);
    this.emit({ kind: 'connection', name: 'disconnected', reason });
    void this.loop(Date.now());
  }

  private async loop(since: number): Promise<void> {
    let attempt = 0;
    for (;;) {
      attempt++;
      const bound = Math.min(this.opts.maxDelayMs, this.opts.initialDelayMs * 2 ** Math.min(attempt - 1, 30));
      await new Promise<void>((r) => {
        const t = setTimeout(() => {
          this.wakeLoop = null;
          r();
        }, Math.random() * bound);
        this.wakeLoop = () => {
          clearTimeout(t);
          r();
        };
      });
      if (this.isClosed()) return;
      let fresh: Native;
      try {
        fresh = await this.opener();
      } catch {
        if (attempt >= this.opts.maxAttempts) return this.finalClose(this.lastReason);
        continue;
      }
      if (this.isClosed()) {
        await fresh.close().catch(() => undefined);
        return;
      }
      try {
        if (this.keepAlive) await fresh.setKeepAlive(...this.keepAlive);
        await this.watch(fresh);
      } catch {
        await fresh.close().catch(() => undefined);
        if (attempt >= this.opts.maxAttempts) return this.finalClose(this.lastReason);
        continue;
      }
      const old = this.native;
      this.native = fresh;
      this.gen++;
      // The dead connection is not closed: that would free the objects handed out before,
      // whose name()/UUIDString() still answer from their handles until they look themselves up.
      void old;
      await Promise.all([...this.subs.values()].map((s) => this.registerSub(s)));
      if (this.isClosed()) return;
      await Promise.all([...this.restarters].map((f) => f()));
      if (this.isClosed() || this.native !== fresh) return;
      this.state = 'up';
      for (const w of [...this.waiters]) w.resolve();
      this.waiters.clear();
      this.emit({ kind: 'connection', name: 'reconnected', downtimeMs: Date.now() - since, attempts: attempt });
      void this.resync();
      return;
    }
  }

  // (a method, so TypeScript does not narrow the state across the awaits above)
  private isClosed(): boolean {
    return this.state === 'closed';
  }

  // every domain's state, after the subscriptions are back (retried briefly: a daemon that
  // has just started may still be loading its domains)
  private async resync(): Promise<void> {
    const native = this.native;
    for (let tries = 1; ; tries++) {
      try {
        const doms = (await native.listAllDomains()) as Native[];
        const domains = await Promise.all(doms.map(async (d) => {
          const [state, reason] = (await d.state()) as [number, number];
          return { name: d.name() as string, uuid: d.UUIDString() as string, state, reason };
        }));
        for (const d of doms) d.free();
        if (native === this.native && this.state === 'up') this.emit({ kind: 'connection', name: 'resync', domains });
        return;
      } catch (e) {
        if (maybeLost(e)) return this.checkLost(native);
        if (tries >= 5 || native !== this.native || this.state !== 'up') return;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  private finalClose(reason: number): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    const err = new BindingError('ERR_LIBVIRT_CLOSED', `Connection closed: reconnecting gave up after ${this.opts.maxAttempts} attempt(s)`);
    for (const w of [...this.waiters]) w.reject(err);
    this.waiters.clear();
    void this.native.close().catch(() => undefined);
    this.emit({ kind: 'connection', name: 'closed', reason });
    this.listeners.clear();
    this.restarters.clear();
    const cb = this.closeCb;
    if (cb) {
      try {
        cb.cb(this.proxy, reason, cb.opaque);
      } catch (e) {
        process.nextTick(() => {
          throw e;
        });
      }
    }
  }

  private checkLost(native: Native): void {
    if (native !== this.native || this.state !== 'up') return;
    (native.isAlive() as Promise<boolean>).then(
      (alive) => alive || this.lost(native, C.VIR_CONNECT_CLOSE_REASON_ERROR),
      () => this.lost(native, C.VIR_CONNECT_CLOSE_REASON_ERROR),
    );
  }

  /** Resolves once connected (at once when up); rejects after callTimeoutMs or on close. */
  ready(): Promise<void> {
    if (this.state === 'up') return Promise.resolve();
    if (this.state === 'closed') return Promise.reject(new BindingError('ERR_LIBVIRT_CLOSED', 'Connection is closed'));
    return new Promise((resolve, reject) => {
      const w = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e: unknown) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(w);
        reject(new BindingError('ERR_LIBVIRT_DISCONNECTED', `Disconnected from libvirt: not reconnected within ${this.callTimeoutMs} ms`));
      }, this.callTimeoutMs);
      this.waiters.add(w);
    });
  }

  // --- calls ------------------------------------------------------------------------------
  /** Runs fn against the current native connection once connected; watches its errors. */
  private async run<T>(fn: (native: Native) => Promise<T>): Promise<T> {
    await this.ready();
    const native = this.native;
    try {
      return this.wrap(await fn(native), null) as T;
    } catch (e) {
      if (maybeLost(e)) this.checkLost(native);
      throw e;
    }
  }

  /** Proxies native wrappers in a result (in place for arrays, which keep their named-field prototypes). */
  wrap(v: unknown, parent: ObjState | null): unknown {
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = this.wrap(v[i], parent);
      return v;
    }
    if (v instanceof addon.Connection) return this.proxy;
    const cls = classOf(v);
    if (!cls) return v;
    const known = this.byNative.get(v);
    if (known) return known;
    const st: ObjState = { native: v as Native, gen: this.gen, parent, relookup: cls[1], freed: false, proxy: null as unknown as object, fns: new Map() };
    st.proxy = new Proxy(Object.create((cls[0] as AnyFn).prototype) as object, {
      get: (_t, prop) => this.objGet(st, prop),
      has: (_t, prop) => prop in st.native,
    });
    this.objs.set(st.proxy, st);
    reconnectProxies.add(st.proxy);
    this.byNative.set(v, st.proxy);
    return st.proxy;
  }

  /** A proxied object's native object on the current connection (looked up again after a reconnect). */
  async fresh(st: ObjState): Promise<Native> {
    await this.ready();
    if (st.gen === this.gen || st.freed) return st.native;
    const native = this.native;
    const parent = st.parent ? await this.fresh(st.parent) : null;
    const p = st.relookup(native, st.native, parent);
    if (!p) return st.native;
    const found = await p;
    if (native === this.native) {
      st.native = found;
      st.gen = this.gen;
      this.byNative.set(found, st.proxy);
    }
    return found;
  }

  /** Arguments for a native call: proxies replaced by their current native objects. */
  async unwrapArgs(args: unknown[]): Promise<unknown[]> {
    const one = async (a: unknown): Promise<unknown> => {
      if (a === this.proxy) return this.native;
      const st = typeof a === 'object' && a !== null ? this.objs.get(a) : undefined;
      if (st) return this.fresh(st);
      if (Array.isArray(a) && a.some((x) => typeof x === 'object' && x !== null && this.objs.has(x))) return Promise.all(a.map(one));
      return a;
    };
    return Promise.all(args.map(one));
  }

  private objGet(st: ObjState, prop: string | symbol): unknown {
    const cached = st.fns.get(prop);
    if (cached) return cached;
    const v = st.native[prop] as unknown;
    if (typeof v !== 'function') return v;
    let fn: AnyFn;
    if (prop === 'connect') fn = () => (st.freed ? undefined : this.proxy);
    else if (prop === 'free') fn = () => {
      st.freed = true;
      return st.native.free();
    };
    else if (prop === Symbol.asyncDispose) fn = async () => {
      st.freed = true;
      st.native.free();
    };
    else if (prop === 'waitForState') fn = (state: number, options?: WaitForStateOptions) => this.waitForState(st, state, options);
    else if (typeof prop === 'symbol' || SYNC.has(prop)) fn = (...args: unknown[]) => this.wrap(st.native[prop](...args), st);
    else fn = (...args: unknown[]) => this.run(async () => {
      const target = await this.fresh(st);
      const real = await this.unwrapArgs(args);
      return this.wrap(await target[prop](...real), st);
    });
    st.fns.set(prop, fn);
    return fn;
  }

  // dom.waitForState across reconnects: the native wait, started again (with its initial
  // state() check) on the new connection after each reconnect.
  private waitForState(st: ObjState, state: number, options: WaitForStateOptions = {}): Promise<[number, number]> {
    const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
    return new Promise((resolve, reject) => {
      let inner: AbortController | null = null;
      let done = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (err: unknown, v?: [number, number]) => {
        if (done) return;
        done = true;
        if (timer) clearTimeout(timer);
        this.listeners.delete(onChange);
        inner?.abort();
        if (err) reject(err);
        else resolve(v as [number, number]);
      };
      const attempt = async () => {
        if (done) return;
        inner?.abort();
        const ac = new AbortController();
        inner = ac;
        try {
          const target = await this.fresh(st);
          if (ac.signal.aborted || done) return;
          const timeoutMs = deadline === undefined ? undefined : Math.max(0, deadline - Date.now());
          const v = (await target.waitForState(state, { timeoutMs, signal: ac.signal })) as [number, number];
          finish(null, v);
        } catch (e) {
          if (ac.signal.aborted && !done && !options.signal?.aborted) return; // restarted after a reconnect
          if (this.state === 'down' && !(e instanceof BindingError && e.code === 'ERR_LIBVIRT_TIMEOUT')) return;
          finish(e);
        }
      };
      const onChange = (ev: ConnectionEvent) => {
        if (ev.name === 'reconnected') void attempt();
        else if (ev.name === 'disconnected') inner?.abort();
        else if (ev.name === 'closed') finish(new BindingError('ERR_LIBVIRT_CLOSED', 'Connection closed while waiting for the domain state'));
      };
      this.listeners.add(onChange);
      if (options.signal) {
        if (options.signal.aborted) return finish(options.signal.reason ?? new Error('aborted'));
        options.signal.addEventListener('abort', () => finish(options.signal?.reason ?? new Error('aborted')), { once: true });
      }
      if (deadline !== undefined) {
        timer = setTimeout(() => finish(new BindingError('ERR_LIBVIRT_TIMEOUT', `Timed out after ${options.timeoutMs} ms waiting for domain '${String(st.native.name())}' to reach state ${state}`)), options.timeoutMs);
      }
      void attempt();
    });
  }

  // --- the Connection proxy ------------------------------------------------------------------
  private connGet(prop: string | symbol): unknown {
    const cached = this.fns.get(prop);
    if (cached) return cached;
    const v = this.native[prop] as unknown;
    if (typeof v !== 'function') return v;
    const fn = this.connMethod(prop);
    this.fns.set(prop, fn);
    return fn;
  }

  private connMethod(prop: string | symbol): AnyFn {
    switch (prop) {
      case 'close':
        return () => this.close();
      case Symbol.asyncDispose:
        return async () => {
          await this.close();
        };
      case 'isAlive':
        return async () => (this.state === 'up' ? this.native.isAlive() : false);
      case 'setKeepAlive':
        return (interval: number, count: number) => this.run(async (n) => {
          const r = await n.setKeepAlive(interval, count);
          this.keepAlive = [interval, count];
          return r;
        });
      case 'registerCloseCallback':
        return async (cb: AnyFn, opaque?: unknown) => {
          if (typeof cb !== 'function') throw new TypeError(`Expected function for callback but received ${describe(cb)}`);
          if (this.state === 'closed') throw new BindingError('ERR_LIBVIRT_CLOSED', 'Connection is closed');
          if (this.closeCb) throw new LibvirtError({ code: C.VIR_ERR_OPERATION_INVALID, domain: C.VIR_FROM_NONE, level: C.VIR_ERR_ERROR, message: 'Requested operation is not valid: A close callback is already registered', str1: null, str2: null, str3: null, int1: -1, int2: -1 });
          this.closeCb = { cb, opaque };
          return 0;
        };
      case 'unregisterCloseCallback':
        return async () => {
          if (!this.closeCb) throw new LibvirtError({ code: C.VIR_ERR_OPERATION_INVALID, domain: C.VIR_FROM_NONE, level: C.VIR_ERR_ERROR, message: 'Requested operation is not valid: A different callback was requested', str1: null, str2: null, str3: null, int1: -1, int2: -1 });
          this.closeCb = null;
          return 0;
        };
      case 'events':
        return (filter?: ReconnectEventFilter) => this.events(filter ?? {});
      case 'domainEventRegister':
        return (cb: AnyFn, opaque?: unknown) => this.registerLegacy(cb, opaque);
      case 'domainEventDeregister':
        return (cb: AnyFn) => this.deregisterLegacy(cb);
    }
    if (typeof prop === 'string') {
      const reg = /^(domain|network|storagePool|nodeDevice|secret)EventRegisterAny$|^qemuMonitorEventRegister$/.exec(prop);
      if (reg) return (obj: unknown, a: unknown, cb: AnyFn, ...rest: unknown[]) => this.registerAny(prop, obj, a, cb, rest);
      if (/^(domain|network|storagePool|nodeDevice|secret)EventDeregisterAny$|^qemuMonitorEventDeregister$/.test(prop))
        return (id: number) => this.deregisterAny(prop, id);
    }
    if (typeof prop === 'symbol') return (...args: unknown[]) => this.native[prop](...args);
    return (...args: unknown[]) => this.run(async (n) => n[prop](...(await this.unwrapArgs(args))));
  }

  async close(): Promise<number> {
    if (this.state === 'closed') return 0;
    const wasUp = this.state === 'up';
    this.state = 'closed';
    this.wakeLoop?.();
    const err = new BindingError('ERR_LIBVIRT_CLOSED', 'Connection was closed while waiting for the reconnect');
    for (const w of [...this.waiters]) w.reject(err);
    this.waiters.clear();
    for (const l of [...this.listeners]) l({ kind: 'connection', name: 'closed', reason: C.VIR_CONNECT_CLOSE_REASON_CLIENT });
    this.listeners.clear();
    this.subs.clear();
    this.restarters.clear();
    // the close callback holds a reference on the connection (as on a plain one)
    if (wasUp) await this.native.unregisterCloseCallback().catch(() => undefined);
    return (await this.native.close()) as number;
  }

  // --- event subscriptions -----------------------------------------------------------------
  private async registerSub(s: Sub): Promise<void> {
    const native = this.native;
    const gen = this.gen;
    try {
      const id = await s.register(native);
      if (gen !== this.gen) return; // another reconnect came first; it registers again
      s.nativeId = id;
      s.gen = gen;
    } catch {
      // the object it watched is gone, or the connection dropped again: nothing delivered
      s.nativeId = null;
    }
  }

  // (conn, obj, ...fields, opaque) from the native side, with the proxies the user knows
  private relay(cb: AnyFn): AnyFn {
    return (_c: unknown, obj: unknown, ...rest: unknown[]) => cb(this.proxy, this.wrap(obj, null), ...rest);
  }

  // registers on the current connection and keeps it for re-registration; the user's ID
  private async addSub(sub: Sub): Promise<number> {
    await this.run(async () => {
      sub.nativeId = await sub.register(this.native);
      sub.gen = this.gen;
    });
    const id = this.nextId++;
    this.subs.set(id, sub);
    return id;
  }

  private async registerAny(method: string, obj: unknown, a: unknown, cb: AnyFn, rest: unknown[]): Promise<number> {
    if (typeof cb !== 'function') throw new TypeError(`Expected function for callback but received ${describe(cb)}`);
    const deregMethod = method.replace('Register', 'Deregister');
    const wrapped = this.relay(cb);
    const sub: Sub = {
      register: async (native) => {
        const [o] = await this.unwrapArgs([obj]);
        return native[method](o ?? null, a, wrapped, ...rest) as Promise<number>;
      },
      deregister: (native, id) => native[deregMethod](id),
      nativeId: null,
      gen: this.gen,
    };
    const id = await this.addSub(sub);
    this.subMethod.set(id, method);
    return id;
  }
  private subMethod = new Map<number, string>();

  private async deregisterAny(method: string, id: number): Promise<number> {
    if (!Number.isInteger(id)) throw new TypeError(`Expected integer for callbackID but received ${describe(id)}`);
    const sub = this.subs.get(id);
    if (!sub || this.subMethod.get(id)?.replace('Register', 'Deregister') !== method) {
      throw new LibvirtError({ code: C.VIR_ERR_INVALID_ARG, domain: C.VIR_FROM_NONE, level: C.VIR_ERR_ERROR, message: `invalid argument: callback ID ${id} not found`, str1: null, str2: null, str3: null, int1: -1, int2: -1 });
    }
    this.subs.delete(id);
    this.subMethod.delete(id);
    // a registration of a connection that dropped went with it
    if (this.state === 'up' && sub.nativeId !== null && sub.gen === this.gen) await sub.deregister(this.native, sub.nativeId);
    return 0;
  }

  private async registerLegacy(cb: AnyFn, opaque?: unknown): Promise<number> {
    if (typeof cb !== 'function') throw new TypeError(`Expected function for callback but received ${describe(cb)}`);
    if (this.legacy.has(cb)) throw new TypeError('callback is already registered with domainEventRegister');
    const wrapped = this.relay(cb);
    const sub: Sub = {
      register: async (native) => {
        await native.domainEventRegister(wrapped, opaque);
        return 0;
      },
      deregister: (native) => native.domainEventDeregister(wrapped),
      nativeId: null,
      gen: this.gen,
    };
    this.legacy.set(cb, await this.addSub(sub));
    return 0;
  }

  private async deregisterLegacy(cb: AnyFn): Promise<number> {
    const id = this.legacy.get(cb);
    if (id === undefined) {
      throw new LibvirtError({ code: C.VIR_ERR_INVALID_ARG, domain: C.VIR_FROM_NONE, level: C.VIR_ERR_ERROR, message: 'invalid argument: callback function is not registered', str1: null, str2: null, str3: null, int1: -1, int2: -1 });
    }
    const sub = this.subs.get(id) as Sub;
    this.legacy.delete(cb);
    this.subs.delete(id);
    if (this.state === 'up' && sub.nativeId !== null && sub.gen === this.gen) await sub.deregister(this.native, 0);
    return 0;
  }

  // --- events(): one native stream per connection generation, behind one iterator --------
  private events(filter: ReconnectEventFilter): EventStream<LibvirtEvent | ConnectionEvent> {
    if (typeof filter !== 'object' || filter === null) throw new TypeError(`Expected object for filter but received ${describe(filter)}`);
    if (filter.connection !== undefined && typeof filter.connection !== 'boolean')
      throw new TypeError(`Expected boolean for filter.connection but received ${describe(filter.connection)}`);
    if (this.state === 'closed') throw new BindingError('ERR_LIBVIRT_CLOSED', 'Connection is closed');
    const { connection, signal, ...rest } = filter;
    const withConn = connection === true;
    const bufferSize = rest.bufferSize ?? 10000;
    type Item = LibvirtEvent | ConnectionEvent;
    const queue = new EventQueue<Item>(bufferSize);
    let inner: EventStream | null = null;
    const push = (ev: Item) => queue.push(ev);
    const fail = (e: unknown) => {
      if (queue.ended) return;
      queue.failure = e;
      queue.ended = true;
      this.listeners.delete(onChange);
      this.restarters.delete(restart);
      queue.wake();
    };
    // reads one native stream until it ends or another replaces it
    const pump = (s: EventStream) => {
      void (async () => {
        try {
          for await (const ev of s) {
            if (inner !== s) break;
            const e = ev as unknown as Record<string, unknown>;
            for (const k of ['domain', 'network', 'pool', 'device', 'secret']) if (k in e) e[k] = this.wrap(e[k], null);
            push(ev);
          }
        } catch (e) {
          if (inner === s && this.state === 'up') fail(e);
        }
      })();
    };
    const open = (native: Native, f: EventFilter): Promise<void> => {
      const s = native.events(f) as EventStream;
      inner = s;
      pump(s);
      return s.ready;
    };
    // on the new connection, before 'reconnected' is reported: the events after it are not missed
    let innerGen = 0;
    const restart = async (): Promise<void> => {
      // run by the reconnect, and by a stream made while disconnected once up: once per connection
      if (queue.ended || innerGen === this.gen) return;
      innerGen = this.gen;
      const native = this.native;
      const f: EventFilter = { ...rest };
      try {
        if (rest.domain) {
          const st = this.objs.get(rest.domain);
          f.domain = (st ? await this.fresh(st) : rest.domain) as unknown as Domain;
        }
        if (!queue.ended && native === this.native) await open(native, f);
      } catch (e) {
        fail(e);
      }
    };
    const onChange = (ev: ConnectionEvent) => {
      if (ev.name === 'disconnected') {
        const s = inner;
        inner = null;
        void s?.close().catch(() => undefined);
      }
      if (withConn) push(ev);
      if (ev.name === 'closed') void close();
    };
    const close = async () => {
      if (queue.ended) return;
      queue.ended = true;
      this.listeners.delete(onChange);
      this.restarters.delete(restart);
      const s = inner;
      inner = null;
      await s?.close().catch(() => undefined);
      queue.wake();
    };
    this.listeners.add(onChange);
    this.restarters.add(restart);
    // made synchronously when possible, so a bad filter throws here as on a plain connection
    if (this.state === 'up' && !rest.domain) innerGen = this.gen;
    const ready = this.state === 'up' && !rest.domain ? open(this.native, rest) : this.ready().then(restart);
    ready.catch(fail);
    if (signal) {
      if (signal.aborted) void close();
      else signal.addEventListener('abort', () => void close(), { once: true });
    }
    return queue.stream(ready, close);
  }
}

/** Opens with `opener` and returns the reconnecting Connection over it. */
export async function openReconnecting(
  opener: () => Promise<Connection>,
  reconnect: Required<ReconnectOptions>,
  callTimeoutMs: number,
  onChange?: (ev: ConnectionEvent) => void,
): Promise<Connection> {
  const first = (await opener()) as unknown as Native;
  const r = new Reconnector(first, opener as unknown as () => Promise<Native>, reconnect, callTimeoutMs, onChange);
  try {
    await r.watch(first);
  } catch (e) {
    await first.close().catch(() => undefined);
    throw e;
  }
  return r.proxy;
}
