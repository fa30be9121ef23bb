// python-libvirt's event-loop calls and error handler, on the binding's own
// event loop (native/events.cc, "python's event-loop calls"). The loop runs
// on a native thread from the moment the module loads; these calls let a
// python-libvirt program keep its lines.
import { addon } from './native';
import { describe } from './describe';
import { guard } from './events';
import { LibvirtError } from './errors';
import * as C from './generated/constants';

/** A timeout callback, as python's: (timer, opaque). */
export type EventTimeoutCallback<T = unknown> = (timer: number, opaque: T) => void;
/** A handle callback, as python's: (watch, fd, events, opaque); events are VIR_EVENT_HANDLE_* bits. */
export type EventHandleCallback<T = unknown> = (watch: number, fd: number, events: number, opaque: T) => void;
/**
 * An error handler, as python's: (ctx, [code, domain, message, level, str1,
 * str2, str3, int1, int2]).
 */
export type ErrorHandler<T = unknown> = (
  ctx: T,
  error: [number, number, string | null, number, string | null, string | null, string | null, number, number],
) => void;

const timeouts = new Map<number, [EventTimeoutCallback, unknown]>();
const handles = new Map<number, [EventHandleCallback, unknown]>();
let iterationWaiters: (() => void)[] = [];
let errorHandler: [ErrorHandler, unknown] | null = null;

addon._loopSetDispatcher((kind: number, a: unknown, b: number, c: number) => {
  if (kind === 0) {
    const w = iterationWaiters;
    iterationWaiters = [];
    for (const resolve of w) resolve();
  } else if (kind === 1) {
    const t = timeouts.get(a as number);
    if (t) guard(() => t[0](a as number, t[1]));
  } else if (kind === 2) {
    const h = handles.get(a as number);
    if (h) guard(() => h[0](a as number, b, c, h[1]));
  } else if (kind === 3) {
    const e = errorHandler;
    if (e) guard(() => e[0](e[1], a as Parameters<ErrorHandler>[1]));
  }
});

function failed(what: string): LibvirtError {
  return new LibvirtError({
    code: C.VIR_ERR_INTERNAL_ERROR, domain: C.VIR_FROM_NONE, level: C.VIR_ERR_ERROR,
    message: `${what}() failed`, str1: null, str2: null, str3: null, int1: -1, int2: -1,
  });
}
function int(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new TypeError(`Expected integer for ${name} but received ${describe(v)}`);
  return v;
}
function fn(v: unknown, name: string): void {
  if (typeof v !== 'function') throw new TypeError(`Expected function for ${name} but received ${describe(v)}`);
}

/**
 * A no-op returning 0: the binding's event loop runs from the moment the
 * module loads, on a thread of its own. (virEventRegisterDefaultImpl)
 */
export function virEventRegisterDefaultImpl(): number {
  return 0;
}

/**
 * Resolves 0 after the event loop's next iteration has dispatched what was
 * pending (and the callbacks it queued for JavaScript ran), so
 * `while (true) await virEventRunDefaultImpl()` waits for events without
 * spinning, as python's loop thread does. It does not keep the process
 * alive by itself: registered callbacks, timeouts and handles do.
 * (virEventRunDefaultImpl)
 */
export function virEventRunDefaultImpl(): Promise<number> {
  return new Promise((resolve) => {
    iterationWaiters.push(() => resolve(0));
    addon._loopAwaitIteration();
  });
}

/**
 * Calls `cb(timer, opaque)` every `timeout` ms (0: every loop iteration, -1:
 * disabled) on the JavaScript thread; returns the timer id. Keeps the process
 * alive until removed. (virEventAddTimeout)
 */
export function virEventAddTimeout<T>(timeout: number, cb: EventTimeoutCallback<T>, opaque?: T): number {
  int(timeout, 'timeout');
  fn(cb, 'cb');
  const id = addon._eventAddTimeout(timeout) as number;
  if (id < 0) throw failed('virEventAddTimeout');
  timeouts.set(id, [cb as EventTimeoutCallback, opaque]);
  return id;
}

/** Changes a timer's interval (ms; -1 disables it). (virEventUpdateTimeout) */
export function virEventUpdateTimeout(timer: number, timeout: number): void {
  addon._eventUpdateTimeout(int(timer, 'timer'), int(timeout, 'timeout'));
}

/** Removes a timer added by virEventAddTimeout; returns 0. (virEventRemoveTimeout) */
export function virEventRemoveTimeout(timer: number): number {
  if (addon._eventRemoveTimeout(int(timer, 'timer')) < 0) throw failed('virEventRemoveTimeout');
  timeouts.delete(timer);
  return 0;
}

/**
 * Calls `cb(watch, fd, events, opaque)` on the JavaScript thread when `fd`
 * is ready for `events` (VIR_EVENT_HANDLE_READABLE | _WRITABLE; errors and
 * hang-ups always); returns the watch id. As in python, the loop waits for
 * the callback, which should consume what made the fd ready. Keeps the
 * process alive until removed. (virEventAddHandle)
 */
export function virEventAddHandle<T>(fd: number, events: number, cb: EventHandleCallback<T>, opaque?: T): number {
  int(fd, 'fd');
  int(events, 'events');
  fn(cb, 'cb');
  const id = addon._eventAddHandle(fd, events) as number;
  if (id < 0) throw failed('virEventAddHandle');
  handles.set(id, [cb as EventHandleCallback, opaque]);
  return id;
}

/** Changes the events a watch waits for. (virEventUpdateHandle) */
export function virEventUpdateHandle(watch: number, events: number): void {
  addon._eventUpdateHandle(int(watch, 'watch'), int(events, 'events'));
}

/** Removes a watch added by virEventAddHandle; returns 0. (virEventRemoveHandle) */
export function virEventRemoveHandle(watch: number): number {
  if (addon._eventRemoveHandle(int(watch, 'watch')) < 0) throw failed('virEventRemoveHandle');
  handles.delete(watch);
  return 0;
}

/**
 * Calls `f(ctx, [code, domain, message, level, str1, str2, str3, int1, int2])`
 * for every error libvirt reports (on the JavaScript thread, soon after the
 * failing call); `null` unregisters. Returns 1, as python. Unlike python,
 * errors are not printed to stderr without a handler.
 */
export function registerErrorHandler<T>(f: ErrorHandler<T> | null, ctx?: T): number {
  if (f !== null && f !== undefined) fn(f, 'f');
  errorHandler = f ? [f as ErrorHandler, ctx] : null;
  addon._setErrorHandler(!!f);
  return 1;
}
