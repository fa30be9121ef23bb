// The JavaScript overrides of Domain, installed on Domain.prototype.
import { addon } from '../native';
import type { Domain } from '../classes';
import * as C from '../generated/constants';
import { BindingError } from '../errors';
import { describe, expectInstance } from '../describe';
import { FAMILIES, subscribe, unsubscribe, type Proto, type WaitForStateOptions } from '../events';

const domProto = addon.Domain.prototype as Proto;

// `await using dom = ...` frees the wrapper at scope exit (Node 20+; not in
// every sandbox, jest's vm).
if (Symbol.asyncDispose) {
  Object.defineProperty(domProto, Symbol.asyncDispose, {
    value: async function (this: Domain) {
      this.free();
    },
    writable: true,
    configurable: true,
  });
}

// --- dom.waitForState(): resolves once the domain is in a state, from lifecycle events ----
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
  if (!conn) return Promise.reject(new BindingError('ERR_LIBVIRT_FREED', 'Domain was freed'));
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
        finish(new BindingError('ERR_LIBVIRT_TIMEOUT', `Timed out after ${options.timeoutMs} ms waiting for domain '${name}' to reach ${stateName(state)} (it is ${now})`));
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
// --- python's argument forms of sendKey and setTime ----------------------------------
// python: dom.sendKey(codeset, holdtime, keycodes, nkeycodes, flags); here the array
// carries its length, and the count is checked against it.
const nativeSendKey = domProto.sendKey as (...a: unknown[]) => Promise<number>;
domProto.sendKey = function (this: Domain, ...args: unknown[]): Promise<number> {
  if (args.length === 5) {
    const [codeset, holdtime, keycodes, nkeycodes, flags] = args;
    if (!Array.isArray(keycodes) || nkeycodes !== keycodes.length)
      throw new RangeError(`Expected nkeycodes to be the length of keycodes (${Array.isArray(keycodes) ? keycodes.length : describe(keycodes)}) but received ${String(nkeycodes)}`);
    return nativeSendKey.call(this, codeset, holdtime, keycodes, flags);
  }
  return nativeSendKey.apply(this, args);
};

// python: dom.setTime({'seconds': s, 'nseconds': ns}, flags); here also (s, ns, flags).
const nativeSetTime = domProto.setTime as (...a: unknown[]) => Promise<number>;
domProto.setTime = function (this: Domain, ...args: unknown[]): Promise<number> {
  const [time, flags] = args;
  if (time !== null && typeof time === 'object' && !Array.isArray(time)) {
    const t = time as { seconds?: unknown; nseconds?: unknown };
    if (typeof t.seconds !== 'number' && typeof t.seconds !== 'bigint')
      throw new TypeError(`Expected a number or bigint for time.seconds but received ${describe(t.seconds)}`);
    return nativeSetTime.call(this, t.seconds, t.nseconds ?? 0, flags ?? 0);
  }
  return nativeSetTime.apply(this, args);
};

declare module '../classes' {
  interface Domain {
    /** python's form: the key count as its own argument (it must equal `keycodes.length`). */
    sendKey(codeset: number, holdtime: number, keycodes: number[], nkeycodes: number, flags: number): Promise<number>;
    /** Send key(s) to the guest (virDomainSendKey). */
    sendKey(codeset: number, holdtime: number, keycodes: number[], flags?: number): Promise<number>;
    /** python's form: `{ seconds, nseconds }` (nseconds defaults to 0). */
    setTime(time: { seconds: number | bigint; nseconds?: number }, flags?: number): Promise<number>;
    /** Set the guest's time (virDomainSetTime). */
    setTime(seconds: number | bigint, nseconds: number, flags?: number): Promise<number>;
  }
}
