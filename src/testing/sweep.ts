/**
 * Removes what scopes of dead processes left behind: objects whose name starts
 * with `<prefix>-<pid>-<start time>-` (domains: whose `<metadata>` names the
 * owner) where that pid is not running, or runs with another start time.
 * `olderThanMs` compares against the object's age: a domain's `created` in its
 * `<metadata>`, else the time tag of its scope's prefix (`<random>t<seconds, base 36>`),
 * else (objects made by versions that recorded no time) the creator's start time.
 */
import * as fs from 'node:fs';
import type { Connection, Domain, StorageVol } from '../classes';
import { LibvirtError } from '../errors';
import * as C from '../generated/constants';
import { processStartTime, OWNER_NS, isGone, removeDomain } from './scope';

export interface SweepOptions {
  /** the prefix given to scope() (required) */
  prefix: string;
  /**
   * only objects at least this old: made this long ago (domains: as recorded in their
   * `<metadata>`; other objects: when their scope was made, to the second), or, for
   * objects that carry no creation time, whose creator process started this long ago
   */
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
  /** creation time, ms since the epoch, when the object carries one */
  created?: number;
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
    const text = await d.metadata(C.VIR_DOMAIN_METADATA_ELEMENT, OWNER_NS, 0);
    const m = /pid="(\d+)"\s+start="(\d+)"/.exec(text);
    if (!m) return null;
    const created = /created="(\d+)"/.exec(text);
    return created ? { pid: Number(m[1]), start: m[2], created: Number(created[1]) } : { pid: Number(m[1]), start: m[2] };
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
  // the fourth field is `<random hex>t<seconds, base 36>` (older versions: the random part only)
  const tag = `(\\d+)-(\\d+)-(?:[0-9a-f]*t([0-9a-z]+)-)?`;
  const re = new RegExp(`^${escapeRe(prefix)}-${tag}`);
  const owner = (m: RegExpExecArray, at: number): Owner => {
    const o: Owner = { pid: Number(m[at]), start: m[at + 1] };
    if (m[at + 2] !== undefined) o.created = parseInt(m[at + 2], 36) * 1000;
    return o;
  };
  const fromName = (name: string): Owner | null => {
    const m = re.exec(name);
    return m ? owner(m, 1) : null;
  };
  const uptimeMs = Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 1000;
  const dead = (o: Owner | null): o is Owner => {
    if (!o) return false;
    if (processStartTime(o.pid) === o.start) return false; // still alive: never touched
    if (olderThanMs !== undefined) {
      const age = o.created !== undefined ? Date.now() - o.created : uptimeMs - (Number(o.start) * 1000) / CLK_TCK;
      if (age < olderThanMs) return false;
    }
    return true;
  };
  const found: Array<SweptObject & { remove: () => Promise<unknown> }> = [];

  for (const d of await conn.listAllDomains()) {
    if (!re.test(d.name())) continue;
    const meta = await domainOwner(d);
    const named = fromName(d.name());
    // metadata written by older versions has no `created`: the name's time tag may have it
    const o = meta ? { ...meta, created: meta.created ?? named?.created } : named;
    if (!dead(o)) continue;
    found.push({
      kind: 'domain',
      name: d.name(),
      pid: o.pid,
      remove: () => removeDomain(d), // falls back to a plain undefine where a driver lacks the flags
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
      const m = new RegExp(`(?:^|/)${escapeRe(prefix)}-${tag}`).exec(id ?? '');
      const o = m ? owner(m, 1) : null;
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
