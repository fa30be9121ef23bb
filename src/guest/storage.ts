/**
 * Volumes for guest.up: the pool they go to (made when it is the missing default pool),
 * qcow2 overlays over base images, and volumes filled from local files through a
 * stream. Every format is the one libvirt reports for the volume (its volume XML),
 * never guessed from a file name.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Transform } from 'stream';
import { pipeline } from 'stream/promises';
import type { Connection, StoragePool, StorageVol } from '../classes';
import { LibvirtError } from '../errors';
import { volumeUpload } from '../stream';
import * as xml from '../xml';
import { GuestConfigError } from './errors';
import type { Progress } from './ready';
import type { VolumeRef } from './spec';

/** The pool guest.up uses when the spec names none. */
export const DEFAULT_POOL = 'default';
/** Where the default pool keeps its volumes when guest.up has to make it. */
export const DEFAULT_POOL_DIR = '/var/lib/libvirt/images';
const GiB = 1024n ** 3n;

/** A volume guest.up created (and guest.down removes). */
export interface CreatedVolume {
  pool: string;
  name: string;
  /** The volume's path on the host, as the domain's disk names it. */
  path: string;
  /** What the volume is: an overlay over a base image, an uploaded file, the cloud-init seed. */
  kind: 'overlay' | 'upload' | 'seed';
  /** libvirt's format of the volume (qcow2, raw, iso ...). */
  format: string;
}

const isCode = (e: unknown, ...codes: string[]) => e instanceof LibvirtError && codes.includes(e.codeName);

/**
 * libvirt's refusal to refresh a pool while a volume of it is being built (created,
 * cloned) or an upload, download or wipe is being set up: "pool 'x' has asynchronous
 * jobs running". Another guest.up into the same pool causes it; it passes.
 */
export function isPoolBusy(e: unknown): boolean {
  return e instanceof LibvirtError && e.codeName === 'VIR_ERR_INTERNAL_ERROR' && /has asynchronous jobs running/.test(e.message);
}

/** How long refreshPool tries again while the pool is busy. */
const POOL_BUSY_TIMEOUT_MS = 120_000;

/**
 * Refreshes `pool` (libvirt lists its directory again and reads each volume's format).
 * While libvirt refuses because another volume of the pool is being built (isPoolBusy),
 * it tries again after 50 ms, doubling up to 1 s, for up to two minutes; any other
 * error is thrown at once.
 */
export async function refreshPool(pool: StoragePool, timeoutMs = POOL_BUSY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let delay = 50;
  for (;;) {
    try {
      await pool.refresh(0);
      return;
    } catch (e) {
      if (!isPoolBusy(e) || Date.now() + delay > deadline) throw e;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 1000);
  }
}

/**
 * The pool `name`, started if it is inactive. The default pool is made when missing:
 * a directory pool under /var/lib/libvirt/images, defined, built, started and
 * autostarted (as virt-install and virt-manager make it). Another missing pool is an error.
 */
export async function ensurePool(conn: Connection, name = DEFAULT_POOL): Promise<StoragePool> {
  let pool: StoragePool;
  try {
    pool = await conn.storagePoolLookupByName(name);
  } catch (e) {
    if (!isCode(e, 'VIR_ERR_NO_STORAGE_POOL')) throw e;
    if (name !== DEFAULT_POOL) throw new GuestConfigError('pool', name, 'is not a storage pool of this host (only the default pool is made when missing)');
    pool = await defineDefaultPool(conn);
  }
  if (!(await pool.isActive())) {
    try {
      await pool.create(0);
    } catch (e) {
      // another caller started it meanwhile
      if (!(await pool.isActive())) throw e;
    }
  }
  return pool;
}

async function defineDefaultPool(conn: Connection): Promise<StoragePool> {
  const def: xml.StoragePool = { type: 'dir', name: DEFAULT_POOL, target: { path: DEFAULT_POOL_DIR } };
  let pool: StoragePool;
  try {
    pool = await conn.storagePoolDefineXML(xml.formatStoragePool(def), 0);
  } catch (e) {
    // defined by another caller at the same time: use theirs
    try {
      return await conn.storagePoolLookupByName(DEFAULT_POOL);
    } catch {
      throw e;
    }
  }
  await pool.build(0);
  await pool.setAutostart(true);
  return pool;
}

/** A volume with what libvirt says about it: path, format and capacity in bytes. */
export interface VolumeFacts {
  vol: StorageVol;
  path: string;
  format: string;
  capacity: bigint;
}
/** The volume's path, format and capacity, from its volume XML and info. */
export async function volumeFacts(vol: StorageVol): Promise<VolumeFacts> {
  const def = xml.parseStorageVolume(await vol.XMLDesc(0));
  const info = await vol.info();
  const format = def.target?.format?.type;
  const p = def.target?.path ?? (await vol.path());
  if (!format) throw new GuestConfigError('image', p, 'has no format in its volume XML (libvirt reports none for it)');
  return { vol, path: p, format, capacity: BigInt(info.capacity) };
}

/**
 * The volume of a base image: `{ pool, volume }`, or a path. A path in no pool's view is
 * looked for again after refreshing the pools whose directory holds it; a path in a
 * directory no pool covers gets a transient directory pool `napi-images-<hash>` for that
 * directory, which stays (it lists the directory; it is gone after a restart of libvirtd
 * and removing it deletes no file).
 */
export async function findBaseVolume(conn: Connection, image: string | VolumeRef, field: string): Promise<StorageVol> {
  if (typeof image !== 'string') {
    let pool: StoragePool;
    try {
      pool = await conn.storagePoolLookupByName(image.pool);
    } catch (e) {
      if (isCode(e, 'VIR_ERR_NO_STORAGE_POOL')) throw new GuestConfigError(`${field}.pool`, image.pool, 'is not a storage pool of this host');
      throw e;
    }
    try {
      return await pool.storageVolLookupByName(image.volume);
    } catch (e) {
      if (isCode(e, 'VIR_ERR_NO_STORAGE_VOL')) throw new GuestConfigError(`${field}.volume`, image.volume, `is not a volume of pool ${image.pool}`);
      throw e;
    }
  }
  const lookup = () => conn.storageVolLookupByPath(image).catch((e: unknown) => {
    if (isCode(e, 'VIR_ERR_NO_STORAGE_VOL')) return null;
    throw e;
  });
  let vol = await lookup();
  if (vol) return vol;
  const dir = path.dirname(image);
  let pool: StoragePool | null = await conn.storagePoolLookupByTargetPath(dir).catch(() => null);
  let made = false;
  if (!pool) {
    const name = `napi-images-${createHash('sha256').update(dir).digest('hex').slice(0, 12)}`;
    const def: xml.StoragePool = { type: 'dir', name, target: { path: dir } };
    try {
      pool = await conn.storagePoolCreateXML(xml.formatStoragePool(def), 0);
      made = true;
    } catch (e) {
      // made by another caller at the same time, or the directory does not exist on the host
      pool = await conn.storagePoolLookupByName(name).catch(() => null);
      if (!pool) throw new GuestConfigError(field, image, `cannot be reached: its directory cannot be a storage pool (${(e as Error).message})`);
    }
  } else if (!(await pool.isActive())) {
    throw new GuestConfigError(field, image, `is in the directory of storage pool ${pool.name()}, which is not active`);
  }
  // another guest.up building a volume in this pool makes libvirt refuse the refresh for
  // a moment: refreshPool waits for it (else the image would look missing); any other
  // failure leaves the lookup to say whether the image is there
  await refreshPool(pool).catch((e: unknown) => {
    if (isPoolBusy(e)) throw e;
  });
  vol = await lookup();
  if (!vol) {
    // the pool made for nothing goes again (a transient pool: no file is touched)
    if (made) await pool.destroy().catch(() => undefined);
    throw new GuestConfigError(field, image, 'is not a file on the host (no volume has this path)');
  }
  return vol;
}

/**
 * A qcow2 overlay volume `name` in `pool` whose backing store is `base` (format as libvirt
 * reports it); its capacity is the base's, or sizeGiB when larger.
 */
export async function createOverlay(pool: StoragePool, name: string, base: VolumeFacts, sizeGiB: number | undefined, field: string): Promise<{ vol: StorageVol; created: CreatedVolume }> {
  let capacity = base.capacity;
  if (sizeGiB !== undefined) {
    const want = BigInt(sizeGiB) * GiB;
    if (want < capacity) throw new GuestConfigError(`${field}.sizeGiB`, sizeGiB, `is smaller than the base image (${capacity} bytes, ${Number(capacity) / Number(GiB)} GiB): an overlay cannot shrink it`);
    capacity = want;
  }
  const def: xml.StorageVolume = {
    name,
    capacity: { unit: 'bytes', value: Number(capacity) },
    target: { format: { type: 'qcow2' } },
    backingStore: { path: base.path, format: { type: base.format } },
  };
  const vol = await pool.createXML(xml.formatStorageVolume(def), 0);
  const p = await vol.path();
  return { vol, created: { pool: pool.name(), name, path: p, kind: 'overlay', format: 'qcow2' } };
}

/** Counts bytes passing through, reporting progress at most every 1% (and at the end). */
function progressCounter(total: number, report: (done: number) => void): Transform {
  let done = 0;
  let last = -1;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      done += chunk.length;
      const pct = total ? Math.floor((done * 100) / total) : 100;
      if (pct !== last) {
        last = pct;
        report(done);
      }
      cb(null, chunk);
    },
  });
}

/**
 * A new volume `name` in `pool` holding a copy of a local file (or of `data`), uploaded
 * through a stream with progress. `format` is the format of what is uploaded when the
 * caller knows it (the cloud-init seed it made is an ISO): the volume is made with it.
 * Otherwise the volume's format is what libvirt finds in it after the upload: only a
 * refresh of the pool makes libvirt read the format of a volume again (reading the one
 * volume updates its sizes only), so the pool is refreshed, waiting while another
 * volume of the pool is being built (refreshPool). `sizeGiB` then grows the volume.
 */
export async function uploadVolume(
  pool: StoragePool, name: string, source: { file: string } | { data: Buffer },
  opts: { kind: CreatedVolume['kind']; format?: string; sizeGiB?: number; field: string; onProgress?: (p: Progress) => void; onCreated?: (c: CreatedVolume) => void },
): Promise<{ vol: StorageVol; created: CreatedVolume }> {
  let size: number;
  if ('file' in source) {
    let st: fs.Stats;
    try {
      st = await fs.promises.stat(source.file);
    } catch (e) {
      throw new GuestConfigError(opts.field, source.file, `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (!st.isFile()) throw new GuestConfigError(opts.field, source.file, 'is not a regular file');
    size = st.size;
  } else size = source.data.length;
  if (opts.sizeGiB !== undefined && BigInt(opts.sizeGiB) * GiB < BigInt(size)) {
    throw new GuestConfigError(`${opts.field.replace(/\.upload$/, '')}.sizeGiB`, opts.sizeGiB, `is smaller than the file (${size} bytes)`);
  }
  // a volume of the data's size: of its known format, else raw until libvirt reads the real one
  const format = opts.format ?? 'raw';
  const def: xml.StorageVolume = { name, capacity: { unit: 'bytes', value: size }, allocation: { unit: 'bytes', value: 0 }, target: { format: { type: format } } };
  let vol = await pool.createXML(xml.formatStorageVolume(def), 0);
  const created: CreatedVolume = { pool: pool.name(), name, path: await vol.path(), kind: opts.kind, format };
  opts.onCreated?.(created);
  const report = (bytes: number) => opts.onProgress?.({ step: 'uploading', detail: { volume: name, bytes, total: size } });
  const input = 'file' in source ? fs.createReadStream(source.file) : (async function* () { yield source.data; })();
  await pipeline(input, progressCounter(size, report), await volumeUpload(vol, 0, size));
  // the capacity the guest sees: the file's size, or the virtual size of an image format
  let capacity = BigInt(size);
  if (opts.format === undefined) {
    await refreshPool(pool);
    vol = await pool.storageVolLookupByName(name);
    const facts = await volumeFacts(vol);
    created.format = facts.format;
    capacity = facts.capacity;
  }
  if (opts.sizeGiB !== undefined && BigInt(opts.sizeGiB) * GiB > capacity) await vol.resize(BigInt(opts.sizeGiB) * GiB, 0);
  return { vol, created };
}

/** Deletes the volume `name` of pool `poolName`; false when it is gone already. */
export async function deleteVolume(conn: Connection, poolName: string, name: string): Promise<boolean> {
  let vol: StorageVol;
  try {
    const pool = await conn.storagePoolLookupByName(poolName);
    vol = await pool.storageVolLookupByName(name);
  } catch (e) {
    if (isCode(e, 'VIR_ERR_NO_STORAGE_POOL', 'VIR_ERR_NO_STORAGE_VOL')) return false;
    throw e;
  }
  await vol.delete(0);
  return true;
}
