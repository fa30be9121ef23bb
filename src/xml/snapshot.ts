/**
 * Domain snapshots (`<domainsnapshot>`), checkpoints (`<domaincheckpoint>`) and backup
 * jobs (`<domainbackup>`): their interfaces and descriptor tables, then the checks made
 * before one is written.  The embedded `<domain>` is the domain model of domain.ts, and
 * disk images are the domain's disk `<source>`.
 * Conventions as in domain.ts: the interfaces first, then the tables.
 */
import { Desc, element, flag, hint, int, many, str, u64, yesno, XmlValidationError } from './engine';
import type { Extras } from './engine';
import { DomainCPU, DomainDesc, DomainDiskSourceAny, DomainScaledInteger } from './domain';
import type { Domain, DomainCPU as DomainCPUType, DomainDiskFormat, DomainDiskSourceAny as DomainDiskSourceAnyType } from './domain';

// ---------------------------------------------------------------------------
// snapshot

/** A domain snapshot (`<domainsnapshot>`), as virDomainSnapshotCreateXML takes it and virDomainSnapshotGetXMLDesc returns it. */
export interface DomainSnapshot extends Extras {
  /** Snapshot name; libvirt makes one from the creation time when absent. */
  name?: string;
  /** Free-form human-readable description. */
  description?: string;
  /** Domain state at the time of the snapshot: `running`, `paused`, `shutoff`, `disk-snapshot`, ... (output only). */
  state?: 'running' | 'blocked' | 'paused' | 'shutdown' | 'shutoff' | 'crashed' | 'disk-snapshot' | 'pmsuspended' | (string & {});
  /** The parent snapshot, if any (output only). */
  parent?: DomainSnapshotParent;
  /** Creation time in seconds since the Epoch (output only, or given when redefining). */
  creationTime?: number;
  /** Where the memory state goes: `no`, `internal` or `external` with a `file`. */
  memory?: DomainSnapshotMemory;
  /** Per-disk snapshot settings; disks not listed use their domain default. */
  disks?: DomainSnapshotDisks;
  /** The domain definition at the time of the snapshot (output only, or given when redefining). */
  domain?: DomainSnapshotDomain;
  /** The inactive definition of a running domain at the time of the snapshot (output only). */
  inactiveDomain?: DomainSnapshotDomain;
  /** Hypervisor data saved with the snapshot (qemu: the guest CPU). */
  cookie?: DomainSnapshotCookie;
  /** `1` for the domain's current snapshot (libvirt's own state files only). */
  active?: number;
}

/**
 * The domain definition kept with a snapshot: a `Domain` whose `type` and `name` may be
 * absent, as in snapshots made by libvirt before 0.9.5, which keep only `<domain><uuid>`.
 */
export type DomainSnapshotDomain = Omit<Domain, 'type' | 'name'> & {
  /** Hypervisor driver that runs the domain: `kvm`, `qemu`, `xen`, `lxc`, `test`, ... */
  type?: Domain['type'];
  /** Domain name. */
  name?: string;
};

export interface DomainSnapshotParent extends Extras {
  /** Name of the parent snapshot. */
  name?: string;
}

export interface DomainSnapshotMemory extends Extras {
  /** `no` (disk-only), `internal` (in the disk images) or `external` (in `file`). */
  snapshot?: 'no' | 'internal' | 'external' | (string & {});
  /** Absolute path of the memory state file of an external snapshot. */
  file?: string;
}

export interface DomainSnapshotDisks extends Extras {
  /** One entry per disk. */
  disk?: DomainSnapshotDisk[];
}

/** A disk of a snapshot (`<disks><disk>`). */
export interface DomainSnapshotDisk extends Extras {
  /** The disk: its target (`vda`) or its source path (required). */
  name?: string;
  /** `no`, `internal`, `external` or `manual`; default: the disk's own `snapshot` setting. */
  snapshot?: 'no' | 'internal' | 'external' | 'manual' | (string & {});
  /** Storage type of the new image of an external snapshot: `file` (default), `block` or `network`. */
  type?: 'file' | 'block' | 'network' | (string & {});
  /** Format of the new image (`<driver type>`: `qcow2`, ...) and its metadata cache. */
  driver?: DomainDiskFormat;
  /** The new image of an external snapshot (the domain disk `<source>`). */
  source?: DomainDiskSourceAnyType;
}

export interface DomainSnapshotCookie extends Extras {
  /** qemu: the guest CPU the memory state was saved with. */
  cpu?: DomainCPUType;
  /** qemu: the domain used a slirp helper process. */
  slirpHelper?: Extras;
}

// ---------------------------------------------------------------------------
// checkpoint

/** A domain checkpoint (`<domaincheckpoint>`), as virDomainCheckpointCreateXML takes it and virDomainCheckpointGetXMLDesc returns it. */
export interface DomainCheckpoint extends Extras {
  /** Checkpoint name (letters, digits, `_`, `-`, `.`; not starting with `.`); default: the creation time. */
  name?: string;
  /** Free-form human-readable description. */
  description?: string;
  /** The parent checkpoint, if any (output only). */
  parent?: DomainCheckpointParent;
  /** Creation time in seconds since the Epoch (output only, or given when redefining). */
  creationTime?: number;
  /** Per-disk checkpoint settings; disks not listed get a bitmap. */
  disks?: DomainCheckpointDisks;
  /** The domain definition at the time of the checkpoint (output only, or given when redefining). */
  domain?: Domain;
}

export interface DomainCheckpointParent extends Extras {
  /** Name of the parent checkpoint. */
  name?: string;
}

export interface DomainCheckpointDisks extends Extras {
  /** One entry per disk. */
  disk?: DomainCheckpointDisk[];
}

/** A disk of a checkpoint (`<disks><disk>`). */
export interface DomainCheckpointDisk extends Extras {
  /** The disk: its target (`vda`) or its source path (required). */
  name?: string;
  /** `bitmap` (track changes in a persistent bitmap, the default) or `no`. */
  checkpoint?: 'no' | 'bitmap' | (string & {});
  /** Name of the bitmap; default: the checkpoint name. */
  bitmap?: string;
  /** Bytes changed since the checkpoint (output only, with VIR_DOMAIN_CHECKPOINT_XML_SIZE). */
  size?: number | bigint;
}

// ---------------------------------------------------------------------------
// backup

/** A backup job (`<domainbackup>`), as virDomainBackupBegin takes it and virDomainBackupGetXMLDesc returns it. */
export interface DomainBackup extends Extras {
  /** `push` (libvirt writes the backup files, the default) or `pull` (a client reads an NBD export). */
  mode?: 'push' | 'pull' | (string & {});
  /** Name of the checkpoint to back up from (incremental backup); absent: a full backup. */
  incremental?: string;
  /** The NBD server of a pull backup. */
  server?: DomainBackupServer;
  /** Per-disk settings; disks not listed are backed up with defaults. */
  disks?: DomainBackupDisks;
  /** Hypervisor-private data of a running job (libvirt's own state files only). */
  privateData?: DomainBackupPrivateData;
}

export interface DomainBackupServer extends Extras {
  /** `tcp` (default) or `unix`. */
  transport?: 'tcp' | 'unix' | (string & {});
  /** `yes`: the NBD server uses TLS. */
  tls?: 'yes' | 'no';
  /** Host name or address to listen on (`tcp`). */
  name?: string;
  /** TCP port to listen on (`tcp`). */
  port?: number;
  /** Absolute path of the socket to listen on (`unix`). */
  socket?: string;
}

export interface DomainBackupDisks extends Extras {
  /** One entry per disk. */
  disk?: DomainBackupDisk[];
}

/** A disk of a backup job (`<disks><disk>`). */
export interface DomainBackupDisk extends Extras {
  /** Target of the disk (`vda`; required). */
  name?: string;
  /** `yes` (default) to back the disk up, `no` to leave it out. */
  backup?: 'yes' | 'no';
  /** Progress of the disk in a running job (libvirt's own state files only). */
  state?: string;
  /** Storage type of the backup (push `target`) or scratch (pull `scratch`) image: `file` or `block`. */
  type?: 'file' | 'block' | (string & {});
  /** `full` or `incremental` (output only). */
  backupmode?: 'full' | 'incremental' | (string & {});
  /** Checkpoint this disk's incremental backup starts from (output only). */
  incremental?: string;
  /** Name of the NBD export of the disk (pull). */
  exportname?: string;
  /** Name of the dirty bitmap exported with the disk (pull, incremental). */
  exportbitmap?: string;
  /** Index of the scratch or target image in the domain's storage (output only, running jobs). */
  index?: number;
  /** Format of the backup or scratch image (`<driver type>`: `qcow2`, `raw`, ...). */
  driver?: DomainBackupDiskDriver;
  /** Where a push backup writes the disk (a disk `<source>`: `file` or `dev`, seclabel, encryption). */
  target?: DomainDiskSourceAnyType;
  /** Scratch image of a pull backup (a disk `<source>`: `file` or `dev`, seclabel, encryption). */
  scratch?: DomainDiskSourceAnyType;
}

export interface DomainBackupDiskDriver extends Extras {
  /** Image format: `qcow2`, `raw`, ... */
  type?: string;
}

export interface DomainBackupPrivateData extends Extras {
  /** Objects the hypervisor created for the job. */
  objects?: DomainBackupPrivateObjects;
}

export interface DomainBackupPrivateObjects extends Extras {
  /** Secret objects (`type`, `alias`). */
  secret?: DomainBackupPrivateSecret[];
  /** TLS credentials objects (`alias`). */
  TLSx509?: DomainBackupPrivateTLS[];
}

export interface DomainBackupPrivateSecret extends Extras {
  /** Secret type (`tlskey`, ...). */
  type?: string;
  /** Object alias. */
  alias?: string;
}

export interface DomainBackupPrivateTLS extends Extras {
  /** Object alias. */
  alias?: string;
}

// ---------------------------------------------------------------------------
// descriptor tables

/** DomainDesc with nothing required: the `<domain>` of old snapshots holds only its `<uuid>`. */
function optionalFields(d: Desc<unknown>): Desc<unknown> {
  const o = new Desc<unknown>();
  for (const [xml, kind, key] of d.attrs) {
    const k = kind.req ? { ...kind, req: false } : kind;
    o.attrs.push([xml, k, key]);
    o.attrMap.set(xml, [k, key]);
  }
  for (const kid of d.kids) {
    const k = { ...kid, req: false };
    o.kids.push(k);
    o.kidMap.set(k.name, k);
  }
  o.text = d.text;
  o.textKey = d.textKey;
  return o;
}
const SnapshotDomain = optionalFields(DomainDesc as Desc<unknown>) as Desc<DomainSnapshotDomain>;

const nameOnly = element({ children: { name: str } });
const DiskFormat = element({ attrs: { type: str }, children: { metadata_cache: element({ children: { max_size: DomainScaledInteger } }) } });

export const DomainSnapshotDisk: Desc<DomainSnapshotDisk> = element({
  attrs: {
    name: str,
    snapshot: hint('no', 'internal', 'external', 'manual'),
    type: hint('file', 'block', 'network'),
  },
  children: { driver: DiskFormat, source: DomainDiskSourceAny },
});
export const DomainSnapshotDesc: Desc<DomainSnapshot> = element({
  children: {
    name: str,
    description: str,
    state: hint('running', 'blocked', 'paused', 'shutdown', 'shutoff', 'crashed', 'disk-snapshot', 'pmsuspended'),
    parent: nameOnly,
    creationTime: int,
    memory: element({ attrs: { snapshot: hint('no', 'internal', 'external'), file: str } }),
    disks: element({ children: { disk: many(DomainSnapshotDisk) } }),
    domain: SnapshotDomain,
    inactiveDomain: SnapshotDomain,
    cookie: element({ children: { cpu: DomainCPU, slirpHelper: flag } }),
    active: int,
  },
});

export const DomainCheckpointDisk: Desc<DomainCheckpointDisk> = element({
  attrs: { name: str, checkpoint: hint('no', 'bitmap'), bitmap: str, size: u64 },
});
export const DomainCheckpointDesc: Desc<DomainCheckpoint> = element({
  children: {
    name: str,
    description: str,
    parent: nameOnly,
    creationTime: int,
    disks: element({ children: { disk: many(DomainCheckpointDisk) } }),
    domain: DomainDesc,
  },
});

export const DomainBackupDisk: Desc<DomainBackupDisk> = element({
  attrs: {
    name: str,
    backup: yesno,
    state: str,
    type: hint('file', 'block'),
    backupmode: hint('full', 'incremental'),
    incremental: str,
    exportname: str,
    exportbitmap: str,
    index: int,
  },
  children: { driver: element({ attrs: { type: str } }), target: DomainDiskSourceAny, scratch: DomainDiskSourceAny },
});
export const DomainBackupDesc: Desc<DomainBackup> = element({
  attrs: { mode: hint('push', 'pull') },
  children: {
    incremental: str,
    server: element({ attrs: { transport: hint('tcp', 'unix'), tls: yesno, name: str, port: int, socket: str } }),
    disks: element({ children: { disk: many(DomainBackupDisk) } }),
    privateData: element({
      children: {
        objects: element({
          children: { secret: many(element({ attrs: { type: str, alias: str } })), TLSx509: many(element({ attrs: { alias: str } })) },
        }),
      },
    }),
  },
});

// ---------------------------------------------------------------------------
// checks made before writing: the values libvirt's parsers refuse

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
function oneOfField(field: string, v: unknown, allowed: readonly string[]): void {
  if (v !== undefined && (typeof v !== 'string' || !allowed.includes(v))) {
    throw new XmlValidationError(field, v, `must be one of ${allowed.map((x) => `'${x}'`).join(', ')}`);
  }
}
function absolutePath(field: string, v: unknown): void {
  if (v !== undefined && (typeof v !== 'string' || !v.startsWith('/'))) throw new XmlValidationError(field, v, 'must be an absolute path');
}
/** The `disks.disk` array of a document, checked to be an array of objects. */
function disksOf(def: { disks?: { disk?: unknown } }): Record<string, unknown>[] {
  if (def.disks === undefined) return [];
  if (!isObject(def.disks)) throw new XmlValidationError('disks', def.disks, 'must be an object');
  const list = def.disks.disk;
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new XmlValidationError('disks.disk', list, 'must be an array');
  list.forEach((d, n) => {
    if (!isObject(d)) throw new XmlValidationError(`disks.disk[${n}]`, d, 'must be an object');
  });
  return list as Record<string, unknown>[];
}
/** Every disk names its disk, once. */
function diskNames(disks: Record<string, unknown>[]): void {
  const seen = new Map<string, number>();
  disks.forEach((d, n) => {
    const name = d.name;
    if (typeof name !== 'string' || name === '') throw new XmlValidationError(`disks.disk[${n}].name`, name, 'is required: the target (vda) or source path of the disk');
    const first = seen.get(name);
    if (first !== undefined) throw new XmlValidationError(`disks.disk[${n}].name`, name, `duplicates disks.disk[${first}]`);
    seen.set(name, n);
  });
}
function rootObject(kind: string, def: unknown): asserts def is Record<string, unknown> {
  if (!isObject(def)) throw new XmlValidationError(kind, def, 'must be an object');
}

export function validateDomainSnapshot(def: DomainSnapshot): void {
  rootObject('domainsnapshot', def);
  const mem = def.memory;
  if (mem !== undefined) {
    if (!isObject(mem)) throw new XmlValidationError('memory', mem, 'must be an object');
    oneOfField('memory.snapshot', mem.snapshot, ['no', 'internal', 'external']);
    if (mem.file !== undefined) {
      absolutePath('memory.file', mem.file);
      if (mem.snapshot !== undefined && mem.snapshot !== 'external') throw new XmlValidationError('memory.file', mem.file, "requires memory.snapshot 'external'");
    } else if (mem.snapshot === 'external') {
      throw new XmlValidationError('memory.file', mem.file, "is required for memory.snapshot 'external'");
    }
  }
  const disks = disksOf(def);
  diskNames(disks);
  disks.forEach((d, n) => {
    const at = `disks.disk[${n}]`;
    oneOfField(at + '.snapshot', d.snapshot, ['no', 'internal', 'external', 'manual']);
    oneOfField(at + '.type', d.type, ['file', 'block', 'network']);
    const src = d.source;
    if (isObject(src)) {
      absolutePath(at + '.source.file', src.file);
      absolutePath(at + '.source.dev', src.dev);
    }
  });
}

const CHECKPOINT_NAME = /^[a-zA-Z0-9_-][a-zA-Z0-9_.-]*$/;

export function validateDomainCheckpoint(def: DomainCheckpoint): void {
  rootObject('domaincheckpoint', def);
  if (def.name !== undefined && (typeof def.name !== 'string' || !CHECKPOINT_NAME.test(def.name))) {
    throw new XmlValidationError('name', def.name, "must be letters, digits, '_', '-' and '.', not starting with '.'");
  }
  const disks = disksOf(def);
  diskNames(disks);
  disks.forEach((d, n) => {
    const at = `disks.disk[${n}]`;
    oneOfField(at + '.checkpoint', d.checkpoint, ['no', 'bitmap']);
    if (d.checkpoint === 'no' && d.bitmap !== undefined) throw new XmlValidationError(at + '.bitmap', d.bitmap, "is not allowed with checkpoint 'no'");
  });
}

export function validateDomainBackup(def: DomainBackup): void {
  rootObject('domainbackup', def);
  oneOfField('mode', def.mode, ['push', 'pull']);
  const server = def.server;
  if (server !== undefined) {
    if (!isObject(server)) throw new XmlValidationError('server', server, 'must be an object');
    if (def.mode !== 'pull') throw new XmlValidationError('server', server, "is only allowed with mode 'pull'");
    oneOfField('server.transport', server.transport, ['tcp', 'unix']);
    if (server.transport === 'unix') {
      if (server.socket === undefined) throw new XmlValidationError('server.socket', server.socket, "is required with transport 'unix'");
      absolutePath('server.socket', server.socket);
    }
  }
  const disks = disksOf(def);
  diskNames(disks);
  disks.forEach((d, n) => {
    const at = `disks.disk[${n}]`;
    oneOfField(at + '.type', d.type, ['file', 'block']);
    const place = def.mode === 'pull' ? 'scratch' : 'target';
    const wrong = def.mode === 'pull' ? 'target' : 'scratch';
    if (d[wrong] !== undefined) throw new XmlValidationError(`${at}.${wrong}`, d[wrong], `is not used by a ${def.mode ?? 'push'} backup (use ${place})`);
    const img = d[place];
    if (isObject(img)) {
      absolutePath(`${at}.${place}.file`, img.file);
      absolutePath(`${at}.${place}.dev`, img.dev);
    }
  });
}
