// Module-level entry points: open, openReadOnly, openAuth, getVersion.
import { addon } from './native';
import type { Connection } from './classes';
import { describe } from './describe';
import { openReconnecting, parseOpenOptions, type OpenOptions } from './reconnect';

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


/**
 * Opens a connection (virConnectOpenAuth without credentials). The last argument is the
 * VIR_CONNECT_* flags, or OpenOptions: `{ flags, reconnect, callTimeoutMs, onConnectionChange }`;
 * with `reconnect` the connection reopens itself when libvirtd goes away (docs/connections.md).
 */
export function open(uri?: string | null, flags?: number): Promise<Connection>;
export function open(uri: string | null | undefined, options: OpenOptions): Promise<Connection>;
export function open(uri?: string | null, options?: number | OpenOptions): Promise<Connection> {
  if (typeof options === 'number' || options === undefined) return addon.open(uri, options);
  const o = parseOpenOptions(options);
  if (!o.reconnect) return addon.open(uri, o.flags);
  return openReconnecting(() => addon.open(uri, o.flags), o.reconnect, o.callTimeoutMs, o.onChange);
}

/** Opens a read-only connection. (virConnectOpenReadOnly) */
export function openReadOnly(uri?: string | null): Promise<Connection> {
  return addon.openReadOnly(uri);
}

/**
 * python-libvirt's shape of openAuth's auth argument: `[credtypes, callback,
 * opaque]`, the callback getting `(credentials, opaque)` with each credential
 * a list `[type, prompt, challenge, defresult, result]` whose `result` (index
 * 4) it fills, and returning 0 (or -1 to decline).
 */
export type PythonCredential = [number, string, string | null, string | null, string | null];
export type PythonAuth<T = unknown> = [
  number[],
  (credentials: PythonCredential[], opaque: T) => number | void | Promise<number | void>,
  T?,
];

// The python shape as the object shape: the 5-item lists are made from the
// credentials and their [4] copied back to `result` after the callback.
function fromPython(auth: unknown[]): ConnectAuth {
  const [credTypes, callback, opaque] = auth;
  if (typeof callback !== 'function')
    throw new TypeError(`Expected function for auth[1] but received ${describe(callback)}`);
  return {
    credTypes: credTypes as number[],
    async callback(creds: ConnectCredential[]) {
      const lists = creds.map((c): PythonCredential => [c.type, c.prompt, c.challenge, c.defresult, c.result]);
      const ret = await (callback as PythonAuth[1])(lists, opaque);
      lists.forEach((l, i) => {
        if (!Array.isArray(l)) throw new TypeError(`Expected array for credentials[${i}] but received ${describe(l)}`);
        creds[i].result = l[4];
      });
      return ret;
    },
  };
}

/**
 * Opens a connection, answering libvirt's credential requests with
 * `auth.callback` (which runs on the JavaScript thread while the open waits
 * for it off the thread). `auth` may also be python's
 * `[credtypes, callback, opaque]` (see PythonAuth). (virConnectOpenAuth)
 */
export function openAuth(uri: string | null | undefined, auth: ConnectAuth, flags?: number): Promise<Connection>;
export function openAuth<T>(uri: string | null | undefined, auth: PythonAuth<T>, flags?: number): Promise<Connection>;
export function openAuth(uri: string | null | undefined, auth: ConnectAuth, options: OpenOptions): Promise<Connection>;
export function openAuth<T>(uri: string | null | undefined, auth: PythonAuth<T>, options: OpenOptions): Promise<Connection>;
export function openAuth(uri: string | null | undefined, authIn: ConnectAuth | PythonAuth, options?: number | OpenOptions): Promise<Connection> {
  const o = parseOpenOptions(options);
  const flags = o.flags;
  const auth = Array.isArray(authIn) ? fromPython(authIn) : authIn;
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
  // the credentials are asked for again at each reconnect
  if (!o.reconnect) return addon.openAuth(uri, auth.credTypes, wrapper, flags);
  return openReconnecting(() => addon.openAuth(uri, auth.credTypes, wrapper, flags), o.reconnect, o.callTimeoutMs, o.onChange);
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
