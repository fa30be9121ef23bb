/**
 * Storage XML: pools (`<pool>`, virStoragePoolDefineXML / virStoragePoolGetXMLDesc),
 * volumes (`<volume>`, virStorageVolCreateXML / virStorageVolGetXMLDesc) and the pool
 * capabilities (`<storagepoolCapabilities>`, virConnectGetStoragePoolCapabilities).
 * Conventions as in domain.ts: the interfaces first, then the tables, then the checks.
 */
import { ChildSpec, Desc, element, flag, hint, int, many, required, stringAttrs, str, u64, yesno, XmlValidationError, UNIT_RE, UNIT_REASON } from './engine';
import type { Extras } from './engine';
import { DomainAddress, DomainEncryption, DomainScaledInteger, DomainSecret } from './domain';
import { DomainCapsEnum } from './domaincaps';

// ---------------------------------------------------------------------------
// pool

/** The pool types libvirt knows. */
export type StoragePoolType = 'dir' | 'fs' | 'netfs' | 'logical' | 'disk' | 'iscsi' | 'iscsi-direct' | 'scsi' | 'mpath' | 'rbd' | 'sheepdog' | 'gluster' | 'zfs' | 'vstorage' | (string & {});

/** A storage pool (`<pool>`), as virStoragePoolDefineXML takes it and virStoragePoolGetXMLDesc returns it. */
export interface StoragePool extends Extras {
  /** Pool type: `dir`, `fs`, `netfs`, `logical`, `disk`, `iscsi`, `iscsi-direct`, `scsi`, `mpath`, `rbd`, `gluster`, `zfs`, `vstorage`. */
  type: StoragePoolType;
  /** Namespace of the `fs:mount_opts` element (`http://libvirt.org/schemas/storagepool/fs/1.0`). */
  'xmlns:fs'?: string;
  /** Namespace of the `rbd:config_opts` element (`http://libvirt.org/schemas/storagepool/rbd/1.0`). */
  'xmlns:rbd'?: string;
  /** Pool name, unique on the host. */
  name?: string;
  /** Pool UUID (generated when omitted). */
  uuid?: string;
  /** Total size of the pool (output only). */
  capacity?: DomainScaledInteger;
  /** Space allocated to volumes (output only). */
  allocation?: DomainScaledInteger;
  /** Free space for new volumes (output only). */
  available?: DomainScaledInteger;
  /** Pool features: copy-on-write of the underlying file system (`<cow state>`). */
  features?: StoragePoolFeatures;
  /** Where the pool's storage comes from: hosts, devices, directory, adapter, name, format, auth. */
  source?: StoragePoolSource;
  /** Where the pool is mapped on the host: path and permissions. */
  target?: StoragePoolTarget;
  /** How volume sizes are refreshed (`<volume allocation='capacity'/>` for rbd). */
  refresh?: StoragePoolRefresh;
  /** Extra mount options of an `fs`/`netfs` pool (needs `xmlns:fs`). */
  'fs:mount_opts'?: StoragePoolFSMountOpts;
  /** Extra RADOS configuration options of an `rbd` pool (needs `xmlns:rbd`). */
  'rbd:config_opts'?: StoragePoolRBDConfigOpts;
}

export interface StoragePoolFeatures extends Extras {
  /** Copy-on-write for the pool's files (`state` `yes`/`no`; btrfs). */
  cow?: StoragePoolFeaturesCow;
}

export interface StoragePoolFeaturesCow extends Extras {
  /** `yes` or `no`. */
  state?: 'yes' | 'no';
}

export interface StoragePoolSource extends Extras {
  /** Hosts of a network pool (netfs, iscsi, rbd, gluster, ...). */
  host?: StoragePoolSourceHost[];
  /** Block devices backing the pool (disk, fs, logical, iscsi target IQN, zfs). */
  device?: StoragePoolSourceDevice[];
  /** Directory on the server (netfs, gluster). */
  dir?: StoragePoolSourceDir;
  /** SCSI host adapter of a `scsi` pool. */
  adapter?: StoragePoolSourceAdapter;
  /** Source name: volume group, RBD pool, gluster volume, ZFS pool. */
  name?: string;
  /** iSCSI initiator name (`<initiator><iqn name>`). */
  initiator?: StoragePoolSourceInitiator;
  /** Format of the source: file system, partition table or LVM type. */
  format?: StoragePoolSourceFormat;
  /** Authentication to the source (CHAP for iSCSI, cephx for RBD). */
  auth?: StoragePoolSourceAuth;
  /** NFS protocol version (`ver`). */
  protocol?: StoragePoolSourceProtocol;
  /** SCSI vendor the device must report. */
  vendor?: StoragePoolSourceVendor;
  /** SCSI product the device must report. */
  product?: StoragePoolSourceProduct;
}

export interface StoragePoolSourceHost extends Extras {
  /** Host name or IP address. */
  name?: string;
  /** Port. */
  port?: number;
}

export interface StoragePoolSourceDevice extends Extras {
  /** Device path (or the iSCSI target IQN). */
  path?: string;
  /** Whether partition names get a `p` separator (`yes`/`no`, disk pools). */
  part_separator?: 'yes' | 'no';
  /** Free extents on the device (output only). */
  freeExtent?: StoragePoolSourceDeviceExtent[];
}

export interface StoragePoolSourceDeviceExtent extends Extras {
  /** Start offset in bytes. */
  start?: number | bigint;
  /** End offset in bytes. */
  end?: number | bigint;
}

export interface StoragePoolSourceDir extends Extras {
  /** Path of the directory. */
  path?: string;
}

export interface StoragePoolSourceAdapter extends Extras {
  /** `scsi_host` or `fc_host`. */
  type?: 'scsi_host' | 'fc_host' | (string & {});
  /** SCSI host name (`scsi_host`, `host0`). */
  name?: string;
  /** Parent SCSI host of a vHBA (`fc_host`). */
  parent?: string;
  /** WWNN of the parent HBA (`fc_host`). */
  parent_wwnn?: string;
  /** WWPN of the parent HBA (`fc_host`). */
  parent_wwpn?: string;
  /** Fabric WWN of the parent HBA (`fc_host`). */
  parent_fabric_wwn?: string;
  /** Whether libvirt deletes the vHBA with the pool (`yes`/`no`). */
  managed?: 'yes' | 'no';
  /** WWNN of the vHBA (`fc_host`). */
  wwnn?: string;
  /** WWPN of the vHBA (`fc_host`). */
  wwpn?: string;
  /** The SCSI host by its PCI address and unique ID (`scsi_host`). */
  parentaddr?: StoragePoolSourceAdapterParentaddr;
}

export interface StoragePoolSourceAdapterParentaddr extends Extras {
  /** `unique_id` of the SCSI host. */
  unique_id?: number;
  /** PCI address of the HBA. */
  address?: DomainAddress;
}

export interface StoragePoolSourceInitiator extends Extras {
  /** Initiator IQN (`<iqn name>`). */
  iqn?: StoragePoolSourceInitiatorIqn;
}

export interface StoragePoolSourceInitiatorIqn extends Extras {
  /** The IQN. */
  name?: string;
}

export interface StoragePoolSourceFormat extends Extras {
  /** fs: `auto`, `ext4`, `xfs`...; netfs: `nfs`, `cifs`, `glusterfs`; disk: `dos`, `gpt`...; logical: `lvm2`. */
  type?: 'auto' | 'ext2' | 'ext3' | 'ext4' | 'xfs' | 'vfat' | 'iso9660' | 'nfs' | 'cifs' | 'glusterfs' | 'dos' | 'gpt' | 'lvm2' | (string & {});
}

export interface StoragePoolSourceAuth extends Extras {
  /** `chap` (iSCSI) or `ceph` (RBD). */
  type?: 'chap' | 'ceph' | (string & {});
  /** User name to authenticate as. */
  username?: string;
  /** The secret holding the password or key (`uuid` or `usage`). */
  secret?: DomainSecret;
}

export interface StoragePoolSourceProtocol extends Extras {
  /** NFS protocol version (`3`, `4`, `4.1`). */
  ver?: string;
}

export interface StoragePoolSourceVendor extends Extras {
  /** Vendor name. */
  name?: string;
}

export interface StoragePoolSourceProduct extends Extras {
  /** Product name. */
  name?: string;
}

export interface StoragePoolTarget extends Extras {
  /** Where the pool's volumes appear on the host. */
  path?: string;
  /** Owner, group, mode and label of the target directory. */
  permissions?: StoragePermissions;
}

/** Ownership and mode of a pool target, a volume or its backing store. */
export interface StoragePermissions extends Extras {
  /** Octal mode (`0755`). */
  mode?: string;
  /** Numeric owner ID (`-1`: unchanged). */
  owner?: number;
  /** Numeric group ID (`-1`: unchanged). */
  group?: number;
  /** MAC (SELinux) label. */
  label?: string;
}

export interface StoragePoolRefresh extends Extras {
  /** How volume allocation is computed on refresh. */
  volume?: StoragePoolRefreshVolume;
}

export interface StoragePoolRefreshVolume extends Extras {
  /** `default` or `capacity` (report the capacity as allocation). */
  allocation?: 'default' | 'capacity' | (string & {});
}

export interface StoragePoolFSMountOpts extends Extras {
  /** A mount option (`<fs:option name>`). */
  'fs:option'?: StoragePoolFSMountOpt[];
}

export interface StoragePoolFSMountOpt extends Extras {
  /** The option, as given to mount `-o`. */
  name?: string;
}

export interface StoragePoolRBDConfigOpts extends Extras {
  /** A RADOS option (`<rbd:option name value>`). */
  'rbd:option'?: StoragePoolRBDConfigOpt[];
}

export interface StoragePoolRBDConfigOpt extends Extras {
  /** Option name. */
  name?: string;
  /** Option value. */
  value?: string;
}

// ---------------------------------------------------------------------------
// volume

/** A storage volume (`<volume>`), as virStorageVolCreateXML takes it and virStorageVolGetXMLDesc returns it. */
export interface StorageVolume extends Extras {
  /** Volume type: `file`, `block`, `dir`, `network`, `netdir`, `ploop` (output only). */
  type?: 'file' | 'block' | 'dir' | 'network' | 'netdir' | 'ploop' | (string & {});
  /** Volume name, unique in its pool. */
  name?: string;
  /** Key identifying the volume on the host (output only). */
  key?: string;
  /** Where the volume lies on its pool's devices (output only). */
  source?: StorageVolumeSource;
  /** Logical size (required unless a backing store gives it). */
  capacity?: DomainScaledInteger;
  /** Space allocated now (sparse files: less than capacity). */
  allocation?: DomainScaledInteger;
  /** Size on disk including metadata (output only). */
  physical?: DomainScaledInteger;
  /** The volume on the host: path, format, permissions, encryption, qcow2 options. */
  target?: StorageVolumeTarget;
  /** The image this one is an overlay of (copy-on-write formats). */
  backingStore?: StorageVolumeBackingStore;
}

export interface StorageVolumeSource extends Extras {
  /** Devices and extents the volume occupies. */
  device?: StorageVolumeSourceDevice[];
}

export interface StorageVolumeSourceDevice extends Extras {
  /** Device path. */
  path?: string;
  /** Extents on the device. */
  extent?: StoragePoolSourceDeviceExtent[];
}

/** The image format of a volume (`<format type>`). */
export interface StorageVolumeFormat extends Extras {
  /** `raw`, `qcow2`, `iso`, `vmdk`, ... (file pools); `none`, `linux`, ... (disk pools). */
  type?: 'raw' | 'qcow2' | 'qcow' | 'qed' | 'vmdk' | 'vdi' | 'vpc' | 'vhd' | 'iso' | 'dir' | 'none' | 'ploop' | (string & {});
}

export interface StorageVolumeTarget extends Extras {
  /** Path of the volume on the host (output only). */
  path?: string;
  /** Image format. */
  format?: StorageVolumeFormat;
  /** Owner, group, mode and label of the volume. */
  permissions?: StoragePermissions;
  /** Access, birth, change and modification times (output only). */
  timestamps?: StorageVolumeTimestamps;
  /** Encryption of the image (LUKS or legacy qcow). */
  encryption?: DomainEncryption;
  /** qcow2 compatibility level (`0.10` or `1.1`). */
  compat?: string;
  /** qcow2 cluster size. */
  clusterSize?: DomainScaledInteger;
  /** Turn off copy-on-write of the file (btrfs). */
  nocow?: Extras;
  /** qcow2 features: `lazy_refcounts`, `extended_l2`. */
  features?: StorageVolumeTargetFeatures;
}

export interface StorageVolumeTimestamps extends Extras {
  /** Last access (`seconds.nanoseconds`). */
  atime?: string;
  /** Last modification. */
  mtime?: string;
  /** Last status change. */
  ctime?: string;
  /** Creation. */
  btime?: string;
}

export interface StorageVolumeTargetFeatures extends Extras {
  /** Delay reference count updates (qcow2 v3). */
  lazy_refcounts?: Extras;
  /** Sub-cluster allocation (qcow2 v3). */
  extended_l2?: Extras;
}

export interface StorageVolumeBackingStore extends Extras {
  /** Path of the backing image. */
  path?: string;
  /** Format of the backing image. */
  format?: StorageVolumeFormat;
  /** Owner, group, mode and label of the backing image (output only). */
  permissions?: StoragePermissions;
  /** Access, birth, change and modification times of the backing image (output only). */
  timestamps?: StorageVolumeTimestamps;
}

// ---------------------------------------------------------------------------
// pool capabilities

/** The storage pool capabilities (`<storagepoolCapabilities>`, virConnectGetStoragePoolCapabilities). */
export interface StoragePoolCapabilities extends Extras {
  /** One entry per pool type the driver knows. */
  pool?: StoragePoolCapsPool[];
}

export interface StoragePoolCapsPool extends Extras {
  /** Pool type. */
  type?: StoragePoolType;
  /** Whether this libvirt can run pools of the type (`yes`/`no`). */
  supported?: 'yes' | 'no';
  /** Source formats of the pool type (`sourceFormatType`). */
  poolOptions?: StoragePoolCapsOptions;
  /** Volume formats of the pool type (`targetFormatType`). */
  volOptions?: StoragePoolCapsOptions;
}

export interface StoragePoolCapsOptions extends Extras {
  /** The format used when none is given. */
  defaultFormat?: StoragePoolCapsDefaultFormat;
  /** The accepted formats (`<enum name>` with its `<value>`s). */
  enum?: DomainCapsEnum[];
}

export interface StoragePoolCapsDefaultFormat extends Extras {
  /** Format name. */
  type?: string;
}

// ---------------------------------------------------------------------------
// tables

const poolTypes = hint('dir', 'fs', 'netfs', 'logical', 'disk', 'iscsi', 'iscsi-direct', 'scsi', 'mpath', 'rbd', 'sheepdog', 'gluster', 'zfs', 'vstorage');
const volFormats = hint('raw', 'qcow2', 'qcow', 'qed', 'vmdk', 'vdi', 'vpc', 'vhd', 'iso', 'dir', 'none', 'ploop');

export const StoragePermissions: Desc<StoragePermissions> = element({ children: { mode: str, owner: int, group: int, label: str } });
const Extent = element({ attrs: { start: u64, end: u64 } });

export const StoragePoolSource: Desc<StoragePoolSource> = element({
  children: {
    host: many(element({ attrs: { name: str, port: int } })),
    device: many(element({ attrs: { path: str, part_separator: yesno }, children: { freeExtent: many(Extent) } })),
    dir: element({ attrs: stringAttrs('path') }),
    adapter: element({
      attrs: { type: hint('scsi_host', 'fc_host'), ...stringAttrs('name parent parent_wwnn parent_wwpn parent_fabric_wwn'), managed: yesno, ...stringAttrs('wwnn wwpn') },
      children: { parentaddr: element({ attrs: { unique_id: int }, children: { address: DomainAddress } }) },
    }),
    name: str,
    initiator: element({ children: { iqn: element({ attrs: stringAttrs('name') }) } }),
    format: element({ attrs: { type: hint('auto', 'ext2', 'ext3', 'ext4', 'xfs', 'vfat', 'iso9660', 'nfs', 'cifs', 'glusterfs', 'dos', 'gpt', 'lvm2') } }),
    auth: element({ attrs: { type: hint('chap', 'ceph'), username: str }, children: { secret: DomainSecret } }),
    protocol: element({ attrs: stringAttrs('ver') }),
    vendor: element({ attrs: stringAttrs('name') }),
    product: element({ attrs: stringAttrs('name') }),
  },
});

export const StoragePoolDesc: Desc<StoragePool> = element({
  attrs: { type: required(poolTypes), ...stringAttrs('xmlns:fs xmlns:rbd') },
  children: {
    name: str,
    uuid: str,
    capacity: DomainScaledInteger,
    allocation: DomainScaledInteger,
    available: DomainScaledInteger,
    features: element({ children: { cow: element({ attrs: { state: yesno } }) } }),
    source: StoragePoolSource,
    target: element({ children: { path: str, permissions: StoragePermissions } }),
    refresh: element({ children: { volume: element({ attrs: { allocation: hint('default', 'capacity') } }) } }),
    'fs:mount_opts': element({ children: { 'fs:option': many(element({ attrs: stringAttrs('name') })) } }),
    'rbd:config_opts': element({ children: { 'rbd:option': many(element({ attrs: stringAttrs('name value') })) } }),
  },
});

/** The same element with its children in another order (libvirt writes them differently in another context). */
function inOrder<T>(d: Desc<T>, xmlNames: string[]): Desc<T> {
  if (d.union || d.text || d.kids.length !== xmlNames.length || d.kids.some((k) => k.req)) throw new Error('inOrder: only for plain elements, every child listed');
  const kids: Record<string, ChildSpec> = {};
  for (const n of xmlNames) {
    const k = d.kidMap.get(n)!;
    const of = (k.desc ?? k.leaf)!;
    kids[k.key] = k.many ? many(of) : of;
  }
  return element<T>({ attrs: Object.fromEntries(d.attrs.map(([, k, key]) => [key, k])), children: kids });
}
/** A volume's `<encryption>`: the domain's, with libvirt's storage order (secret first). */
const VolEncryption = inOrder(DomainEncryption, ['secret', 'cipher', 'ivgen']);

const VolFormat = element({ attrs: { type: volFormats } });
const Timestamps = element({ children: stringAttrs('atime mtime ctime btime') });
export const StorageVolumeDesc: Desc<StorageVolume> = element({
  attrs: { type: hint('file', 'block', 'dir', 'network', 'netdir', 'ploop') },
  children: {
    name: str,
    key: str,
    source: element({ children: { device: many(element({ attrs: stringAttrs('path'), children: { extent: many(Extent) } })) } }),
    capacity: DomainScaledInteger,
    allocation: DomainScaledInteger,
    physical: DomainScaledInteger,
    target: element({
      children: {
        path: str,
        format: VolFormat,
        permissions: StoragePermissions,
        timestamps: Timestamps,
        encryption: VolEncryption,
        compat: str,
        clusterSize: DomainScaledInteger,
        nocow: flag,
        features: element({ children: { lazy_refcounts: flag, extended_l2: flag } }),
      },
    }),
    backingStore: element({ children: { path: str, format: VolFormat, permissions: StoragePermissions, timestamps: Timestamps } }),
  },
});

const CapsOptions = element({ children: { defaultFormat: element({ attrs: stringAttrs('type') }), enum: many(DomainCapsEnum) } });
export const StoragePoolCapabilitiesDesc: Desc<StoragePoolCapabilities> = element({
  children: { pool: many(element({ attrs: { type: poolTypes, supported: yesno }, children: { poolOptions: CapsOptions, volOptions: CapsOptions } })) },
});

// ---------------------------------------------------------------------------
// checks made before a pool or volume is written: what libvirt's parser refuses

const UUID_RE = /^(?:[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})$/;

function object(field: string, v: unknown): void {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new XmlValidationError(field, v, 'must be an object');
}
/** A pool name: non-empty, without a slash. */
function checkName(field: string, name: unknown): void {
  if (typeof name !== 'string' || name.length === 0) throw new XmlValidationError(field, name, 'must be a non-empty string');
  if (name.includes('/')) throw new XmlValidationError(field, name, "must not contain '/'");
}
function checkUUID(field: string, uuid: unknown): void {
  if (uuid !== undefined && (typeof uuid !== 'string' || !UUID_RE.test(uuid))) {
    throw new XmlValidationError(field, uuid, 'must be a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)');
  }
}
/** A size libvirt reads with virStorageSize: a non-negative integer with a known unit. */
function size(field: string, s: DomainScaledInteger | undefined): void {
  if (s === undefined) return;
  object(field, s);
  const v: unknown = s.value;
  const ok = (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) || (typeof v === 'bigint' && v >= 0n && v < 2n ** 64n);
  if (!ok) throw new XmlValidationError(field + '.value', v, 'must be a non-negative integer (number or bigint)');
  if (s.unit !== undefined && (typeof s.unit !== 'string' || !UNIT_RE.test(s.unit))) throw new XmlValidationError(field + '.unit', s.unit, UNIT_REASON);
}

/** What each pool type needs in its source, as libvirt's pool parser checks it. */
const NEEDS: Record<string, { sourceName?: boolean; host?: boolean; dir?: boolean; device?: boolean; adapter?: boolean; iqn?: boolean; targetPath?: boolean }> = {
  dir: { targetPath: true },
  fs: { device: true, targetPath: true },
  netfs: { host: true, dir: true, targetPath: true },
  logical: { sourceName: true },
  disk: { device: true, targetPath: true },
  iscsi: { host: true, targetPath: true },
  'iscsi-direct': { host: true, iqn: true },
  scsi: { adapter: true, targetPath: true },
  mpath: { targetPath: true },
  rbd: { sourceName: true, host: true },
  sheepdog: { sourceName: true, host: true },
  gluster: { sourceName: true, host: true },
  zfs: { sourceName: true },
  vstorage: { sourceName: true, targetPath: true },
};

export function validateStoragePool(def: StoragePool): void {
  object('pool', def);
  const type: unknown = def.type;
  if (typeof type !== 'string' || !(type in NEEDS)) throw new XmlValidationError('type', type, `must be one of ${Object.keys(NEEDS).map((t) => `'${t}'`).join(', ')}`);
  const src = def.source;
  if (src !== undefined) object('source', src);
  const need = NEEDS[type];
  // pools named by their source (volume group, RBD pool, ...) take that name when they have none
  if (!(def.name === undefined && need.sourceName && typeof src?.name === 'string' && src.name !== '')) checkName('name', def.name);
  checkUUID('uuid', def.uuid);
  if (need.host && !(Array.isArray(src?.host) && src!.host.length > 0)) throw new XmlValidationError('source.host', src?.host, `is required for a '${type}' pool (at least one host)`);
  if (need.dir && typeof src?.dir?.path !== 'string') throw new XmlValidationError('source.dir.path', src?.dir?.path, `is required for a '${type}' pool`);
  if (need.device && !(Array.isArray(src?.device) && src!.device.length > 0)) throw new XmlValidationError('source.device', src?.device, `is required for a '${type}' pool (at least one device)`);
  if (need.adapter && src?.adapter === undefined) throw new XmlValidationError('source.adapter', undefined, `is required for a '${type}' pool`);
  if (need.iqn && typeof src?.initiator?.iqn?.name !== 'string') throw new XmlValidationError('source.initiator.iqn.name', src?.initiator?.iqn?.name, `is required for a '${type}' pool`);
  if (need.targetPath && (typeof def.target?.path !== 'string' || def.target.path === '')) {
    throw new XmlValidationError('target.path', def.target?.path, `is required for a '${type}' pool`);
  }
}

export function validateStorageVolume(def: StorageVolume): void {
  object('volume', def);
  if (typeof def.name !== 'string' || def.name.length === 0) throw new XmlValidationError('name', def.name, 'must be a non-empty string');
  if (def.capacity === undefined) {
    // libvirt takes the capacity of a new overlay from its backing image
    if (typeof def.backingStore?.path !== 'string') throw new XmlValidationError('capacity', undefined, 'is required (unless backingStore.path gives it)');
  } else {
    object('capacity', def.capacity);
    if (def.capacity.value === undefined) throw new XmlValidationError('capacity.value', undefined, 'is required');
  }
  size('capacity', def.capacity);
  size('allocation', def.allocation);
  size('physical', def.physical);
  size('target.clusterSize', def.target?.clusterSize);
}
