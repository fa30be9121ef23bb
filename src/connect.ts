// Module-level entry points: open, openReadOnly, openAuth, getVersion, setSpin.
import { addon } from './native';
import type { Connection } from './classes';
import { describe } from './describe';

/** One credential libvirt asks for; the auth callback sets `result`. */
export interface ConnectCredential {
  /** VIR_CRED_* */
  type: number;
  prompt: string;
  challenge: string | null;
  defresult: string | null;
  result: string | null;
}

/**
 * Authentication for openAuth: the credential types the callback can answer
 * (VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE, ...) and the callback, which fills
 * `result` of each credential. It may be async; returning a negative number
 * (python-libvirt's convention) declines, and an exception rejects the open
 * with that exception.
 */
export interface ConnectAuth {
  credTypes: number[];
  callback(creds: ConnectCredential[]): void | number | Promise<void | number>;
}


/** Opens a connection (virConnectOpenAuth without credentials; flags are VIR_CONNECT_*). */
export function open(uri?: string | null, flags?: number): Promise<Connection> {
  return addon.open(uri, flags);
}

/** Opens a read-only connection. (virConnectOpenReadOnly) */
export function openReadOnly(uri?: string | null): Promise<Connection> {
  return addon.openReadOnly(uri);
}

/**
 * Opens a connection, answering libvirt's credential requests with
 * `auth.callback` (which runs on the JavaScript thread while the open waits
 * for it off the thread). (virConnectOpenAuth)
 */
export function openAuth(uri: string | null | undefined, auth: ConnectAuth, flags?: number): Promise<Connection> {
  if (typeof auth !== 'object' || auth === null)
    throw new TypeError(`Expected object for auth but received ${describe(auth)}`);
  if (!Array.isArray(auth.credTypes))
    throw new TypeError(`Expected array of numbers for auth.credTypes but received ${describe(auth.credTypes)}`);
  if (typeof auth.callback !== 'function')
    throw new TypeError(`Expected function for auth.callback but received ${describe(auth.callback)}`);
  const callback = auth.callback;
  const wrapper = async (creds: ConnectCredential[]): Promise<(string | null)[] | false> => {
    const ret = await callback(creds);
    if (typeof ret === 'number' && ret < 0) return false;
    return creds.map((c, i) => {
      if (c.result !== null && c.result !== undefined && typeof c.result !== 'string')
        throw new TypeError(`Expected string or null for creds[${i}].result but received ${describe(c.result)}`);
      return c.result ?? null;
    });
  };
  return addon.openAuth(uri, auth.credTypes, wrapper, flags);
}

/**
 * libvirt's version as major * 1,000,000 + minor * 1,000 + release; with a
 * driver type ('QEMU', 'Test', ...), `[libVersion, typeVersion]`. (virGetVersion)
 */
export function getVersion(): Promise<number>;
export function getVersion(type: string): Promise<[number, number]>;
export function getVersion(type?: string): Promise<number | [number, number]> {
  return addon.getVersion(type);
}

/**
 * The longest (microseconds) the JavaScript thread polls, without sleeping,
 * for a libvirt call to complete; returns the previous value.
 *
 * Each place in the binding that starts a call learns how long its calls
 * take. A call expected to finish within this budget makes the event loop
 * poll until it completes (for its usual time plus a margin, never longer
 * than the budget), so the result is picked up at once instead of after a
 * sleep and a wake-up: on a small VM that halves the latency of a fast remote
 * call (140 -> 70-90 us for getLibVersion on qemu:///system). Calls expected
 * to take longer (a guest start, a migration) never spin. The cost is CPU time
 * on the JavaScript thread, at most the budget per call; other work on the
 * event loop is not delayed by it. 0 turns it off. Process-wide; the default
 * is 2000, or LIBVIRT_NAPI_SPIN_US from the environment at load.
 */
export function setSpin(microseconds: number): number {
  return addon.setSpin(microseconds);
}
