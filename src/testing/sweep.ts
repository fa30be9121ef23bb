/**
 * Removes what scopes of dead processes left behind: objects whose name starts
 * with `<prefix>-<pid>-<start time>-` (domains: whose `<metadata>` names the
 * owner) where that pid is not running, or runs with another start time.
 */
import * as fs from 'node:fs';
import type { Connection, Domain, StorageVol } from '../classes';
import { LibvirtError } from '../errors';
import * as C from '../generated/constants';
import { processStartTime, OWNER_NS, isGone } from './scope';

export interface SweepOptions {
  /** the prefix given to scope() (required) */
  prefix: string;
  /** only objects whose creator process started at least this long ago */
  olderThanMs?: number;
  /** list what would be removed, remove nothing */
  dryRun?: boolean;
}

export interface SweptObject {
  kind: 'domain' | 'volume' | 'pool' | 'network' | 'secret';
  name: string;
  pid: number;
}

interface Owner {
  pid: number;
  start: string;
}

const CLK_TCK = 100; // Linux USER_HZ

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function gone(e: unknown): boolean {
  return e instanceof LibvirtError && (e.code === C.VIR_ERR_NO_STORAGE_POOL || e.code === C.VIR_ERR_OPERATION_INVALID);
}

async function domainOwner(d: Domain): Promise<Owner | null> {
  try {
    const m = /pid="(\d+)"\s+start="(\d+)"/.exec(await d.metadata(C.VIR_DOMAIN_METADATA_ELEMENT, OWNER_NS, 0));
    return m ? { pid: Number(m[1]), start: m[2] } : null;
  } catch (e) {
    if (e instanceof LibvirtError && e.code === C.VIR_ERR_NO_DOMAIN_METADATA) return null;
    throw e;
  }
}

/** Finds (and unless dryRun, removes) the objects of `prefix` whose creator process is gone. */
export async function sweep(conn: Connection, options: SweepOptions): Promise<SweptObject[]> {
  const { prefix, olderThanMs, dryRun } = options;
  if (typeof prefix !== 'string' || !/^[A-Za-z0-9_-]+$/.test(prefix))
    throw new TypeError(`sweep: prefix must be a non-empty string of letters, digits, '_' and '-', got ${JSON.stringify(prefix)}`);
  if (olderThanMs !== undefined && !(Number.isFinite(olderThanMs) && olderThanMs >= 0))
    throw new TypeError(`sweep: olderThanMs must be a number >= 0, got ${String(olderThanMs)}`);
  const re = new RegExp(`^${escapeRe(prefix)}-(\\d+)-(\\d+)-`);
  const fromName = (name: string): Owner | null => {
    const m = re.exec(name);
    return m ? { pid: Number(m[1]), start: m[2] } : null;
  };
  const uptimeMs = Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 1000;
  const dead = (o: Owner | null): o is Owner => {
    if (!o) return false;
    if (processStartTime(o.pid) === o.start) return false; // still alive: never touched
    if (olderThanMs !== undefined && uptimeMs - (Number(o.start) * 1000) / CLK_TCK < olderThanMs) return false;
    return true;
  };
  const found: Array<SweptObject & { remove: () => Promise<unknown> }> = [];

  for (const d of await conn.listAllDomains()) {
    if (!re.test(d.name())) continue;
    const o = (await domainOwner(d)) ?? fromName(d.name());
    if (!dead(o)) continue;
    found.push({
      kind: 'domain',
      name: d.name(),
      pid: o.pid,
      remove: async () => {
        if (await d.isActive()) await d.destroy();
        if (await d.isPersistent())
          await d.undefineFlags(C.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | C.VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA | C.VIR_DOMAIN_UNDEFINE_NVRAM);
      },
    });
  }
  const pools = await conn.listAllStoragePools();
  for (const p of pools) {
    let vols: StorageVol[];
    try {
      if (!(await p.isActive())) continue;
      vols = await p.listAllVolumes();
    } catch (e) {
      if (gone(e)) continue; // removed by someone else meanwhile
      throw e;
    }
    for (const v of vols) {
      const o = fromName(v.name());
      if (dead(o)) found.push({ kind: 'volume', name: v.name(), pid: o.pid, remove: () => v.delete(0) });
    }
  }
  for (const p of pools) {
    const o = fromName(p.name());
    if (!dead(o)) continue;
    found.push({
      kind: 'pool',
      name: p.name(),
      pid: o.pid,
      remove: async () => {
        if (await p.isActive()) await p.destroy();
        if (await p.isPersistent()) await p.undefine();
      },
    });
  }
  for (const n of await conn.listAllNetworks()) {
    const o = fromName(n.name());
    if (!dead(o)) continue;
    found.push({
      kind: 'network',
      name: n.name(),
      pid: o.pid,
      remove: async () => {
        if (await n.isActive()) await n.destroy();
        if (await n.isPersistent()) await n.undefine();
      },
    });
  }
  if (!(await conn.getURI()).startsWith('test:')) {
    for (const s of await conn.listAllSecrets()) {
      const id = await s.usageID();
      const m = new RegExp(`(?:^|/)(${escapeRe(prefix)}-(\\d+)-(\\d+)-[^/]*)`).exec(id ?? '');
      const o = m ? { pid: Number(m[2]), start: m[3] } : null;
      if (dead(o)) found.push({ kind: 'secret', name: id, pid: o.pid, remove: () => s.undefine() });
    }
  }

  if (!dryRun) {
    const errors: unknown[] = [];
    for (const f of found) {
      try {
        await f.remove();
      } catch (e) {
        if (!(e instanceof LibvirtError)) throw e;
        if (isGone(e)) continue; // a transient object vanishes once stopped; or someone else removed it
        errors.push(new Error(`${f.kind} ${f.name}: ${e.message}`, { cause: e })); // keep going: one stuck object must not shelter the rest
      }
    }
    if (errors.length) throw new AggregateError(errors, `sweep: ${errors.length} of ${found.length} objects could not be removed: ${errors.map((e) => (e as Error).message).join('; ')}`);
  }
  return found.map(({ kind, name, pid }) => ({ kind, name, pid }));
}
