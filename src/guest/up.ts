/**
 * guest.up: a spec -> volumes (overlays over base images, uploaded files, the cloud-init
 * seed) -> a defined, started and ready guest; guest.down: the guest and the volumes up
 * made, removed. up records the volumes it made in the domain's <metadata> (namespace
 * UP_NAMESPACE) so that down removes those and nothing else; a failed up removes what it
 * had made, in reverse order, and rethrows the error.
 */
import * as path from 'path';
import * as C from '../generated/constants';
import type { Connection, Domain, StoragePool } from '../classes';
import { LibvirtError } from '../errors';
import * as xml from '../xml';
import type { XmlElement } from '../xml/tree';
import { resolveChecked, buildChecked } from './builder';
import type { BuildInfo } from './builder';
import { checkSpec } from './check';
import { isConsoleWait, waitReadyThen } from './ready';
import type { Progress, ReadyResult, WaitFor } from './ready';
import type { GuestSpec, PathDiskSpec } from './spec';
import { createOverlay, deleteVolume, ensurePool, findBaseVolume, uploadVolume, volumeFacts, DEFAULT_POOL } from './storage';
import type { CreatedVolume } from './storage';

/** The XML namespace of what guest.up records in a domain's <metadata>. */
export const UP_NAMESPACE = 'https://libvirt-napi.dev/xmlns/up/1';

export interface UpOptions {
  /**
   * What to wait for after the start (default 'running'). 'agent' and 'ip' add the guest
   * agent channel. `{ console }` starts the guest paused and resumes it once its console
   * is being read, so a line printed at once (by the firmware) is seen too.
   */
  wait?: WaitFor;
  /** How long the wait may take, in milliseconds (default 300,000). */
  timeoutMs?: number;
  /** Aborts the up (what it made is removed). */
  signal?: AbortSignal;
  /** Each step: 'creating overlay', 'uploading' (bytes, total), 'defining', 'starting', the wait's steps ... */
  onProgress?: (progress: Progress) => void;
}
export interface UpResult {
  domain: Domain;
  name: string;
  /** The volumes up created (guest.down removes them). */
  volumes: CreatedVolume[];
  /** What the wait found (addresses, the console line). */
  ready: ReadyResult;
  /** The facts the builder decided: arch, domain type, machine. */
  info: BuildInfo;
}

const isCode = (e: unknown, ...codes: string[]) => e instanceof LibvirtError && codes.includes(e.codeName);

/**
 * Creates the guest of `spec`: its volumes in the spec's pool (default 'default', made when
 * missing), then defines and starts it, and waits as `wait` says. On any failure (a bad
 * image path, a definition libvirt refuses, a timeout, an abort) it removes the domain and
 * the volumes it had created, in reverse order, and rethrows the original error.
 */
export async function up(conn: Connection, spec: GuestSpec, options: UpOptions = {}): Promise<UpResult> {
  checkSpec(spec);
  const { signal, onProgress } = options;
  const wait = options.wait ?? 'running';
  const step = (s: string, detail?: Record<string, unknown>) => {
    signal?.throwIfAborted();
    onProgress?.(detail ? { step: s, detail } : { step: s });
  };
  step('reading host capabilities');
  const capabilities = xml.parseCapabilities(await conn.getCapabilities());
  const guestAgent = spec.guestAgent ?? (wait === 'agent' || wait === 'ip');
  // the spec the builder gets: volumes become path disks, the seed a cdrom
  const { cloudInit, pool: poolName = DEFAULT_POOL, ...rest } = spec;
  const plan: GuestSpec = { ...rest, guestAgent: guestAgent || undefined };
  if (plan.guestAgent === undefined) delete plan.guestAgent;
  const info = resolveChecked(plan, { capabilities });
  let domainCapabilities: xml.DomainCapabilities | undefined;
  try {
    domainCapabilities = xml.parseDomainCapabilities(await conn.getDomainCapabilities(null, info.arch, info.machine ?? null, info.virtType));
  } catch (e) {
    if (!isCode(e, 'VIR_ERR_NO_SUPPORT', 'VIR_ERR_INVALID_ARG')) throw e;
  }
  const ctx = { capabilities, domainCapabilities };
  step('building', { name: spec.name, virtType: info.virtType, arch: info.arch, machine: info.machine });
  const disks = spec.disks ?? [];
  const seedName = `${spec.name}-cidata.iso`;
  // what the host cannot run is refused before anything is made: a build with stand-in paths
  const standIn = (n: number, ext = '.img') => `/nonexistent/${spec.name}-disk${n}${ext}`;
  const draft = (paths: PathDiskSpec[]): GuestSpec => ({ ...plan, disks: cloudInit ? [...paths, { path: `/nonexistent/${seedName}`, device: 'cdrom', format: 'raw' }] : paths });
  buildChecked(draft(disks.map((d, n) => ('path' in d ? d : toPathDisk(d, standIn(n, 'upload' in d ? path.extname(d.upload) : '.qcow2'), 'upload' in d ? 'raw' : 'qcow2')))), ctx, info);

  const created: CreatedVolume[] = [];
  let dom: Domain | undefined;
  try {
    let pool: StoragePool | undefined;
    const thePool = async () => {
      if (!pool) {
        step('preparing pool', { pool: poolName });
        pool = await ensurePool(conn, poolName);
      }
      return pool;
    };
    const paths: PathDiskSpec[] = [];
    for (const [n, d] of disks.entries()) {
      const field = `disks[${n}]`;
      if ('path' in d) {
        paths.push(d);
      } else if ('image' in d) {
        const base = await volumeFacts(await findBaseVolume(conn, d.image, `${field}.image`));
        const p = await thePool();
        const name = `${spec.name}-disk${n}.qcow2`;
        step('creating overlay', { volume: name, backingStore: base.path, backingFormat: base.format });
        const { created: c } = await createOverlay(p, name, base, d.sizeGiB, field);
        created.push(c);
        paths.push(toPathDisk(d, c.path, 'qcow2'));
      } else {
        const p = await thePool();
        const name = `${spec.name}-disk${n}${path.extname(d.upload)}`;
        step('uploading', { volume: name, file: d.upload });
        const { created: c } = await uploadVolume(p, name, { file: d.upload }, {
          kind: 'upload', sizeGiB: d.sizeGiB, field: `${field}.upload`, onProgress, onCreated: (v) => created.push(v),
        });
        paths.push(toPathDisk(d, c.path, c.format));
      }
    }
    if (cloudInit) {
      step('making cloud-init seed');
      // loaded here: the YAML library is needed for seeds only
      const { seedFiles, seedISO } = await import('./cloudinit');
      const iso = await seedISO(seedFiles(cloudInit));
      const p = await thePool();
      step('uploading', { volume: seedName });
      // an ISO 9660 image: made with that format, no pool refresh needed to learn it
      await uploadVolume(p, seedName, { data: iso }, { kind: 'seed', format: 'iso', field: 'cloudInit', onProgress, onCreated: (v) => created.push(v) });
    }
    const seed = created.find((v) => v.kind === 'seed');
    const final: GuestSpec = { ...plan, disks: seed ? [...paths, { path: seed.path, device: 'cdrom', format: 'raw' }] : paths };
    if (!final.disks!.length) delete final.disks;
    const def = buildChecked(final, ctx, info).domain;
    def.metadata = { $children: [metadataElement(created)] };
    step('defining', { name: spec.name });
    dom = await conn.defineXML(xml.formatDomain(def));
    // a console wait starts the guest paused and resumes it once the console is read,
    // so that nothing the guest prints from its first instruction on is missed
    let paused = isConsoleWait(wait);
    step('starting', paused ? { name: spec.name, paused: true } : { name: spec.name });
    try {
      await dom.createWithFlags(paused ? C.VIR_DOMAIN_START_PAUSED : 0);
    } catch (e) {
      // a driver that cannot start a domain paused (LXC, the test driver): started running
      if (!paused || !isCode(e, 'VIR_ERR_INVALID_ARG', 'VIR_ERR_NO_SUPPORT', 'VIR_ERR_ARGUMENT_UNSUPPORTED')) throw e;
      paused = false;
      await dom.createWithFlags(0);
    }
    signal?.throwIfAborted();
    const started = dom;
    const resume = async () => {
      onProgress?.({ step: 'resuming', detail: { name: spec.name } });
      await started.resume();
    };
    const ready = await waitReadyThen(dom, wait, { timeoutMs: options.timeoutMs, signal, onProgress }, paused ? resume : undefined);
    onProgress?.({ step: 'ready', detail: { name: spec.name } });
    return { domain: dom, name: spec.name, volumes: created, ready, info };
  } catch (e) {
    onProgress?.({ step: 'cleaning up', detail: { error: (e as Error).message } });
    if (dom) await removeDomain(dom).catch(() => undefined);
    for (const v of [...created].reverse()) await deleteVolume(conn, v.pool, v.name).catch(() => undefined);
    throw e;
  }
}

/** A path disk for a created volume: the disk's own device fields, libvirt's format (an ISO is raw to QEMU). */
function toPathDisk(d: Omit<PathDiskSpec, 'path'> & object, p: string, format: string): PathDiskSpec {
  const { image: _i, overlay: _o, upload: _u, sizeGiB: _s, ...device } = d as Record<string, unknown>;
  return { ...(device as Omit<PathDiskSpec, 'path'>), path: p, format: (format === 'iso' ? 'raw' : format) as PathDiskSpec['format'] };
}

function metadataElement(volumes: CreatedVolume[]): XmlElement {
  return {
    name: 'up:up',
    attrs: { 'xmlns:up': UP_NAMESPACE },
    children: volumes.map((v) => ({ name: 'up:volume', attrs: { pool: v.pool, name: v.name, kind: v.kind }, children: [] })),
  };
}

/** The volumes guest.up recorded in a domain definition (none for a domain up did not make). */
export function recordedVolumes(domainXML: string): { pool: string; name: string; kind?: string }[] {
  const def = xml.parseDomain(domainXML);
  const el = (def.metadata?.$children ?? []).find((n): n is XmlElement => typeof n === 'object' && 'name' in n && Object.entries(n.attrs).some(([k, v]) => k.startsWith('xmlns') && v === UP_NAMESPACE));
  if (!el) return [];
  return el.children
    .filter((n): n is XmlElement => typeof n === 'object' && 'name' in n && n.name.replace(/^.*:/, '') === 'volume')
    .filter((n) => n.attrs.pool && n.attrs.name)
    .map((n) => ({ pool: n.attrs.pool, name: n.attrs.name, ...(n.attrs.kind ? { kind: n.attrs.kind } : {}) }));
}

const UNDEFINE_FLAGS = [
  C.VIR_DOMAIN_UNDEFINE_NVRAM | C.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | C.VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA | C.VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA,
  C.VIR_DOMAIN_UNDEFINE_NVRAM | C.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | C.VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA,
  C.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | C.VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA,
];
/** Destroys `dom` when it runs and undefines it with NVRAM, managed save, snapshot and checkpoint metadata (fewer flags where the driver refuses some). */
async function removeDomain(dom: Domain): Promise<{ destroyed: boolean; undefined: boolean }> {
  let destroyed = false;
  if (await dom.isActive()) {
    try {
      await dom.destroy();
      destroyed = true;
    } catch (e) {
      // stopped meanwhile (a transient guest is gone then)
      if (!isCode(e, 'VIR_ERR_OPERATION_INVALID', 'VIR_ERR_NO_DOMAIN')) throw e;
    }
  }
  let undefined_ = false;
  if (await dom.isPersistent().catch((e: unknown) => (isCode(e, 'VIR_ERR_NO_DOMAIN') ? false : Promise.reject(e)))) {
    for (const flags of [...UNDEFINE_FLAGS, -1]) {
      try {
        if (flags === -1) await dom.undefine();
        else await dom.undefineFlags(flags);
        undefined_ = true;
        break;
      } catch (e) {
        if (flags === -1 || !isCode(e, 'VIR_ERR_INVALID_ARG', 'VIR_ERR_NO_SUPPORT', 'VIR_ERR_ARGUMENT_UNSUPPORTED')) throw e;
      }
    }
  }
  return { destroyed, undefined: undefined_ };
}

export interface DownOptions {
  /** Keep the volumes guest.up made (default false: they are deleted). */
  keepDisks?: boolean;
  onProgress?: (progress: Progress) => void;
}
export interface DownResult {
  name: string;
  destroyed: boolean;
  undefined: boolean;
  /** Volumes up made that were deleted now. */
  deletedVolumes: { pool: string; name: string }[];
  /** Volumes up made that were kept (keepDisks) or were gone already. */
  keptVolumes: { pool: string; name: string; reason: 'keepDisks' | 'gone' }[];
}

/**
 * Removes the guest `name`: destroys it when it runs, undefines it (NVRAM, managed save,
 * snapshot and checkpoint metadata too), and deletes the volumes guest.up recorded in its
 * metadata unless keepDisks. Volumes up did not make are never touched.
 */
export async function down(conn: Connection, name: string, options: DownOptions = {}): Promise<DownResult> {
  if (typeof name !== 'string' || !name) throw new TypeError(`Expected a domain name for name but received ${JSON.stringify(name)}`);
  const dom = await conn.lookupByName(name);
  const recorded = recordedVolumes(await dom.XMLDesc(C.VIR_DOMAIN_XML_INACTIVE));
  options.onProgress?.({ step: 'removing domain', detail: { name } });
  const r = await removeDomain(dom);
  const deletedVolumes: DownResult['deletedVolumes'] = [];
  const keptVolumes: DownResult['keptVolumes'] = [];
  for (const v of [...recorded].reverse()) {
    if (options.keepDisks) {
      keptVolumes.push({ pool: v.pool, name: v.name, reason: 'keepDisks' });
      continue;
    }
    options.onProgress?.({ step: 'deleting volume', detail: { pool: v.pool, volume: v.name } });
    if (await deleteVolume(conn, v.pool, v.name)) deletedVolumes.push({ pool: v.pool, name: v.name });
    else keptVolumes.push({ pool: v.pool, name: v.name, reason: 'gone' });
  }
  return { name, destroyed: r.destroyed, undefined: r.undefined, deletedVolumes, keptVolumes };
}
