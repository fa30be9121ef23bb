/**
 * A scope owns the libvirt objects created through it and removes them, newest
 * first, when it closes: also when the code that used it threw.
 */
import * as fs from 'node:fs';
import * as crypto from 'node:crypto';
import type { Connection, Domain, Network, StoragePool, StorageVol, Secret, DomainSnapshot } from '../classes';
import { LibvirtError } from '../errors';
import * as C from '../generated/constants';

/** Field 22 of /proc/PID/stat (start time in clock ticks since boot), or null when PID is not running. */
export function processStartTime(pid: number): string | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // the command name (field 2) is in parentheses and may hold spaces or ')'
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return rest[22 - 3] ?? null;
}

/** Namespace of the `<metadata>` element that names a scope domain's creator process. */
export const OWNER_NS = 'https://libvirt-napi.dev/xmlns/testing-owner/1';

/**
 * The time tag of a scope's prefix: 't' and the scope's creation time in seconds since
 * the epoch, base 36 (sweep's `olderThanMs` reads it back).
 */
export function timeTag(ms: number): string {
  return `t${Math.floor(ms / 1000).toString(36)}`;
}

export interface ScopeOptions {
  /** start of every name this scope hands out (letters, digits, '_' and '-'; default "lvtest") */
  prefix?: string;
}

const GONE = new Set([
  C.VIR_ERR_NO_DOMAIN,
  C.VIR_ERR_NO_NETWORK,
  C.VIR_ERR_NO_STORAGE_POOL,
  C.VIR_ERR_NO_STORAGE_VOL,
  C.VIR_ERR_NO_SECRET,
  C.VIR_ERR_NO_DOMAIN_SNAPSHOT,
  C.VIR_ERR_OPERATION_INVALID, // e.g. destroying what is not running
]);

/** Whether `e` says the object is already gone (or already stopped). */
export function isGone(e: unknown): boolean {
  return e instanceof LibvirtError && GONE.has(e.code);
}

/** Runs `step`, ignoring the errors that mean the object is already gone or already stopped. */
async function tolerant(step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (e) {
    if (e instanceof LibvirtError && GONE.has(e.code)) return;
    throw e;
  }
}

/** Destroys and undefines `d` (with what undefineFlags can take, else plainly); a domain already gone is no error. */
export async function removeDomain(d: Domain): Promise<void> {
  await tolerant(() => d.destroy());
  let persistent = false;
  await tolerant(async () => {
    persistent = await d.isPersistent();
  });
  if (!persistent) return;
  try {
    await d.undefineFlags(C.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | C.VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA | C.VIR_DOMAIN_UNDEFINE_NVRAM);
  } catch (e) {
    if (e instanceof LibvirtError && GONE.has(e.code)) return;
    await tolerant(() => d.undefine());
  }
}

async function removeStartable(o: Network | StoragePool): Promise<void> {
  await tolerant(() => o.destroy());
  let persistent = false;
  await tolerant(async () => {
    persistent = await o.isPersistent();
  });
  if (persistent) await tolerant(() => o.undefine());
}

/** Tracks what is created through it; `close()` (or `await using`) removes it all. */
export class Scope {
  /** the unique prefix of this scope: `<prefix>-<pid>-<process start time>-<random>t<creation time>-` */
  readonly prefix: string;
  /** when this scope was made (ms since the epoch) */
  readonly created: number;
  private readonly cleanups: Array<() => Promise<void>> = [];
  private closed = false;

  constructor(
    readonly conn: Connection,
    options: ScopeOptions = {},
  ) {
    const base = options.prefix ?? 'lvtest';
    if (!/^[A-Za-z0-9_-]+$/.test(base)) throw new TypeError(`scope: prefix must hold only letters, digits, '_' and '-', got ${JSON.stringify(base)}`);
    const start = processStartTime(process.pid) ?? '0';
    this.created = Date.now();
    this.prefix = `${base}-${process.pid}-${start}-${crypto.randomBytes(3).toString('hex')}${timeTag(this.created)}-`;
  }

  /** `prefix + suffix`: a name no other scope hands out. */
  name(suffix: string): string {
    return this.prefix + suffix;
  }

  private track<T>(obj: T, remove: (o: T) => Promise<void>): T {
    this.cleanups.push(() => remove(obj));
    return obj;
  }

  private live(): void {
    if (this.closed) throw new Error('scope: already closed');
  }

  async defineDomain(xml: string): Promise<Domain> {
    this.live();
    return this.markOwner(this.track(await this.conn.defineXML(xml), removeDomain));
  }
  async createDomain(xml: string, flags?: number): Promise<Domain> {
    this.live();
    return this.markOwner(this.track(await this.conn.createXML(xml, flags), removeDomain));
  }

  /** Records this process (pid, start time) and the creation time (ms since the epoch) in the domain's `<metadata>`, for sweep(). */
  private async markOwner(d: Domain): Promise<Domain> {
    const start = processStartTime(process.pid) ?? '0';
    await d.setMetadata(C.VIR_DOMAIN_METADATA_ELEMENT, `<owner pid="${process.pid}" start="${start}" created="${Date.now()}"/>`, 'lvnapi', OWNER_NS, 0);
    return d;
  }
  async defineNetwork(xml: string): Promise<Network> {
    this.live();
    return this.track(await this.conn.networkDefineXML(xml), removeStartable);
  }
  async createNetwork(xml: string): Promise<Network> {
    this.live();
    return this.track(await this.conn.networkCreateXML(xml), removeStartable);
  }
  async definePool(xml: string, flags?: number): Promise<StoragePool> {
    this.live();
    return this.track(await this.conn.storagePoolDefineXML(xml, flags), removeStartable);
  }
  async createPool(xml: string, flags?: number): Promise<StoragePool> {
    this.live();
    return this.track(await this.conn.storagePoolCreateXML(xml, flags), removeStartable);
  }
  async createVolume(pool: StoragePool, xml: string, flags?: number): Promise<StorageVol> {
    this.live();
    return this.track(await pool.createXML(xml, flags), (v) => tolerant(() => v.delete()));
  }
  async defineSecret(xml: string, flags?: number): Promise<Secret> {
    this.live();
    return this.track(await this.conn.secretDefineXML(xml, flags), (s) => tolerant(() => s.undefine()));
  }
  async createSnapshot(dom: Domain, xml: string, flags?: number): Promise<DomainSnapshot> {
    this.live();
    return this.track(await dom.snapshotCreateXML(xml, flags), (s) => tolerant(() => s.delete()));
  }

  /**
   * Removes every tracked object, newest first. Every removal is tried; the
   * errors of those that failed are thrown together afterwards.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const errors: unknown[] = [];
    while (this.cleanups.length) {
      const step = this.cleanups.pop()!;
      try {
        await step();
      } catch (e) {
        errors.push(e);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length) throw new AggregateError(errors, `scope: ${errors.length} objects could not be removed`);
  }
}

// `await using s = scope(conn)`; Symbol.asyncDispose is missing in some sandboxes (jest's vm).
if (Symbol.asyncDispose) {
  Object.defineProperty(Scope.prototype, Symbol.asyncDispose, {
    value: function (this: Scope) {
      return this.close();
    },
    writable: true,
    configurable: true,
  });
}

export interface Scope {
  [Symbol.asyncDispose](): Promise<void>;
}

/** A new scope on `conn`; use with `await using s = scope(conn)` or call `await s.close()`. */
export function scope(conn: Connection, options?: ScopeOptions): Scope {
  return new Scope(conn, options);
}

/** Runs `body` with a new scope and closes the scope afterwards, whether `body` threw or not. */
export async function withScope<T>(conn: Connection, body: (s: Scope) => Promise<T>, options?: ScopeOptions): Promise<T> {
  const s = new Scope(conn, options);
  let result: T;
  try {
    result = await body(s);
  } catch (e) {
    // the body's error is the one worth seeing; cleanup still runs
    await s.close().catch(() => undefined);
    throw e;
  }
  await s.close();
  return result;
}
