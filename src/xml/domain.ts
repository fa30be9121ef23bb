/**
 * The domain XML (virDomainDefineXML / virDomainGetXMLDesc) as descriptor tables.
 *
 * Conventions (see engine.ts): attribute and element values live under their XML
 * names; element text under `value`; repeated elements are arrays; empty flag
 * elements (`<readonly/>`) are `{}`; memory-like quantities are `number | bigint`
 * (exact to 2^64); PCI/CCW/... address parts are strings so `0x00` stays as written.
 * Children are listed in the order virDomainDefFormat writes them.
 *
 * Each exported element comes as three lines: its descriptor (`XxxD`), the interface
 * named by element path and inferred from that descriptor, and the descriptor typed
 * with the interface (used by the parents), so that declaration files and hover types
 * refer to `DomainDiskTarget` by name instead of repeating its fields everywhere.
 */
import { attrNamed, hint, named, unit, Desc, E, Infer, U, en, flag, i, int, kf, ki, ks, many, onoff, req, s, str, u64, yesno, Extras } from './engine';

// suggested values (any string is still accepted), from libvirt 9.0's domain schema
const domainType = hint('qemu', 'kvm', 'xen', 'lxc', 'test', 'vmware', 'hyperv', 'vbox', 'bhyve', 'vz', 'openvz', 'phyp');
const diskDevice = hint('disk', 'cdrom', 'floppy', 'lun');
const diskBus = hint('virtio', 'scsi', 'sata', 'ide', 'usb', 'fdc', 'sd', 'xen', 'uml');
const diskCache = hint('default', 'none', 'writethrough', 'writeback', 'directsync', 'unsafe');
const diskIO = hint('native', 'threads', 'io_uring');
const controllerType = hint('ide', 'fdc', 'scsi', 'sata', 'usb', 'ccid', 'virtio-serial', 'xenbus', 'pci', 'isa');
const inputType = hint('tablet', 'mouse', 'keyboard', 'passthrough', 'evdev');
const inputBus = hint('ps2', 'usb', 'xen', 'virtio', 'none');
const lifecycle = hint('destroy', 'restart', 'rename-restart', 'preserve', 'coredump-destroy', 'coredump-restart');
const cpuMode = hint('custom', 'host-model', 'host-passthrough', 'maximum');
const cpuMatch = hint('minimum', 'exact', 'strict');
const cpuCheck = hint('none', 'partial', 'full');
const featurePolicy = hint('force', 'require', 'optional', 'disable', 'forbid');
const clockOffset = hint('utc', 'localtime', 'timezone', 'variable', 'absolute');
const timerName = hint('platform', 'pit', 'rtc', 'hpet', 'tsc', 'kvmclock', 'hypervclock', 'armvtimer');
const videoModel = hint('vga', 'cirrus', 'vmvga', 'xen', 'vbox', 'qxl', 'virtio', 'gop', 'bochs', 'ramfb', 'none');
const hostdevMode = hint('subsystem', 'capabilities');
const hostdevType = hint('usb', 'pci', 'scsi', 'scsi_host', 'mdev', 'storage', 'misc', 'net');
const addressType = hint('pci', 'drive', 'virtio-serial', 'ccid', 'usb', 'spapr-vio', 'ccw', 'isa', 'dimm', 'virtio-mmio', 'unassigned');
const secLabelType = hint('dynamic', 'static', 'none');

// ---------------------------------------------------------------------------
// small shared pieces

/** `<x unit='KiB'>1024</x>` */
const DomainScaledIntegerD = E({ a: { unit }, t: u64 });
export interface DomainScaledInteger extends Infer<typeof DomainScaledIntegerD> {}
export const DomainScaledInteger: Desc<DomainScaledInteger> = DomainScaledIntegerD;
/** `<x unit='KiB'/>`-style sizes carried in a `value` attribute, e.g. numa cache sizes. */
const ValueUnit = E({ a: { value: u64, unit } });
const Empty = flag;
const State = E({ a: { state: onoff } });
const Enabled = E({ a: { enabled: yesno } });

const DomainAddressD = E({
  a: { type: addressType, ...s('domain bus slot function multifunction controller target unit port reg cssid ssid devno iobase irq base') },
  k: { zpci: E({ a: s('uid fid') }) },
});
export interface DomainAddress extends Infer<typeof DomainAddressD> {}
export const DomainAddress: Desc<DomainAddress> = DomainAddressD;
const DomainAliasD = E({ a: s('name') });
export interface DomainAlias extends Infer<typeof DomainAliasD> {}
export const DomainAlias: Desc<DomainAlias> = DomainAliasD;
const DomainDeviceBootD = E({ a: { order: int, loadparm: str } });
export interface DomainDeviceBoot extends Infer<typeof DomainDeviceBootD> {}
export const DomainDeviceBoot: Desc<DomainDeviceBoot> = DomainDeviceBootD;
const DomainDeviceACPID = E({ a: { index: int } });
export interface DomainDeviceACPI extends Infer<typeof DomainDeviceACPID> {}
export const DomainDeviceACPI: Desc<DomainDeviceACPI> = DomainDeviceACPID;
/** Children every device ends with (virDomainDeviceInfoFormat). */
const info = { boot: DomainDeviceBoot, alias: DomainAlias, acpi: DomainDeviceACPI, address: DomainAddress };
const infoNoBoot = { alias: DomainAlias, acpi: DomainDeviceACPI, address: DomainAddress };
/** virtio driver options shared by many devices. */
const virtioOpts = { iommu: onoff, ats: onoff, packed: onoff, page_per_vq: onoff };

const DomainSecLabelD = E({
  a: { type: secLabelType, model: str, relabel: yesno, labelskip: yesno },
  k: ks('label imagelabel baselabel'),
});
export interface DomainSecLabel extends Infer<typeof DomainSecLabelD> {}
export const DomainSecLabel: Desc<DomainSecLabel> = DomainSecLabelD;
const DomainSecretD = E({ a: s('type usage uuid') });
export interface DomainSecret extends Infer<typeof DomainSecretD> {}
export const DomainSecret: Desc<DomainSecret> = DomainSecretD;
const DomainAuthD = E({ a: s('username'), k: { secret: DomainSecret } });
export interface DomainAuth extends Infer<typeof DomainAuthD> {}
export const DomainAuth: Desc<DomainAuth> = DomainAuthD;
const DomainEncryptionD = E({ a: s('format engine'), k: { cipher: E({ a: s('name size mode hash') }), ivgen: E({ a: s('name hash') }), secret: many(DomainSecret) } });
export interface DomainEncryption extends Infer<typeof DomainEncryptionD> {}
export const DomainEncryption: Desc<DomainEncryption> = DomainEncryptionD;
const DomainReconnectD = E({ a: { enabled: yesno, timeout: int } });
export interface DomainReconnect extends Infer<typeof DomainReconnectD> {}
export const DomainReconnect: Desc<DomainReconnect> = DomainReconnectD;
const metadataCache = E({ k: { max_size: DomainScaledInteger } });

// ---------------------------------------------------------------------------
// disk

const DiskSourceHost = E({ a: { name: str, port: str, transport: str, socket: str } });
const DiskSlices = E({ k: { slice: many(E({ a: { type: str, offset: u64, size: u64 } })) } });
const diskSourceKids = {
  host: many(DiskSourceHost),
  snapshot: E({ a: s('name') }),
  config: E({ a: s('file') }),
  privateData: E({ k: { nodenames: E({ k: { nodename: many(E({ a: s('type name') })) } }), reservations: E({ a: s('mgralias') }) } }),
  initiator: E({ k: { iqn: E({ a: s('name') }) } }),
  auth: DomainAuth,
  encryption: DomainEncryption,
  reservations: E({ a: { enabled: yesno, managed: yesno }, k: { source: E({ a: s('type path mode') }) } }),
  slices: DiskSlices,
  ssl: E({ a: { verify: yesno } }),
  cookies: E({ k: { cookie: many(E({ a: s('name'), t: str })) } }),
  readahead: E({ a: { size: u64 } }),
  timeout: E({ a: { seconds: int } }),
  identity: E({ a: s('user group') }),
  reconnect: E({ a: { delay: int } }),
  address: DomainAddress,
  seclabel: many(DomainSecLabel),
  dataStore: E({ a: s('type'), k: { format: E({ a: s('type') }), source: E({ a: s('file dev') }) } }),
};
const sourceCommon = { index: int, startupPolicy: str, fdgroup: str };
/** `<source>` of a disk, one shape per disk `type`. */
const DomainDiskSourceFileD = E({ a: { file: str, ...sourceCommon }, k: diskSourceKids });
export interface DomainDiskSourceFile extends Infer<typeof DomainDiskSourceFileD> {}
export const DomainDiskSourceFile: Desc<DomainDiskSourceFile> = DomainDiskSourceFileD;
const DomainDiskSourceBlockD = E({ a: { dev: str, ...sourceCommon }, k: diskSourceKids });
export interface DomainDiskSourceBlock extends Infer<typeof DomainDiskSourceBlockD> {}
export const DomainDiskSourceBlock: Desc<DomainDiskSourceBlock> = DomainDiskSourceBlockD;
const DomainDiskSourceDirD = E({ a: { dir: str, ...sourceCommon }, k: diskSourceKids });
export interface DomainDiskSourceDir extends Infer<typeof DomainDiskSourceDirD> {}
export const DomainDiskSourceDir: Desc<DomainDiskSourceDir> = DomainDiskSourceDirD;
const DomainDiskSourceNetworkD = E({
  a: { protocol: str, name: str, query: str, tls: yesno, tlsHostname: str, ...sourceCommon },
  k: { ...diskSourceKids, reconnect: DomainReconnect },
});
export interface DomainDiskSourceNetwork extends Infer<typeof DomainDiskSourceNetworkD> {}
export const DomainDiskSourceNetwork: Desc<DomainDiskSourceNetwork> = DomainDiskSourceNetworkD;
const DomainDiskSourceVolumeD = E({ a: { pool: str, volume: str, mode: str, ...sourceCommon }, k: diskSourceKids });
export interface DomainDiskSourceVolume extends Infer<typeof DomainDiskSourceVolumeD> {}
export const DomainDiskSourceVolume: Desc<DomainDiskSourceVolume> = DomainDiskSourceVolumeD;
const DomainDiskSourceNVMeD = E({ a: { type: str, managed: yesno, namespace: int, ...sourceCommon }, k: diskSourceKids });
export interface DomainDiskSourceNVMe extends Infer<typeof DomainDiskSourceNVMeD> {}
export const DomainDiskSourceNVMe: Desc<DomainDiskSourceNVMe> = DomainDiskSourceNVMeD;
const DomainDiskSourceVhostUserD = E({ a: { type: str, path: str, ...sourceCommon }, k: { ...diskSourceKids, reconnect: DomainReconnect } });
export interface DomainDiskSourceVhostUser extends Infer<typeof DomainDiskSourceVhostUserD> {}
export const DomainDiskSourceVhostUser: Desc<DomainDiskSourceVhostUser> = DomainDiskSourceVhostUserD;
/** Any of the above, for places (backingStore, mirror) where the source type is not fixed by a union. */
const DomainDiskSourceAnyD = E({
  a: {
    file: str, dev: str, dir: str, protocol: str, name: str, query: str, tls: yesno, tlsHostname: str,
    pool: str, volume: str, mode: str, type: str, managed: yesno, namespace: int, path: str, ...sourceCommon,
  },
  k: { ...diskSourceKids, reconnect: DomainReconnect },
});
export interface DomainDiskSourceAny extends Infer<typeof DomainDiskSourceAnyD> {}
export const DomainDiskSourceAny: Desc<DomainDiskSourceAny> = DomainDiskSourceAnyD;

const DiskFormat = E({ a: s('type'), k: { metadata_cache: metadataCache } });
export interface DomainDiskBackingStore extends Extras {
  type?: string;
  index?: number;
  format?: Infer<typeof DiskFormat>;
  source?: Infer<typeof DomainDiskSourceAny>;
  backingStore?: DomainDiskBackingStore;
}
export const DomainDiskBackingStoreDesc: Desc<DomainDiskBackingStore> = E({
  a: { type: str, index: int },
  k: { format: DiskFormat, source: DomainDiskSourceAny, backingStore: (): Desc<DomainDiskBackingStore> => DomainDiskBackingStoreDesc },
}) as unknown as Desc<DomainDiskBackingStore>;

const DomainDiskDriverD = E({
  a: {
    name: str, type: str, cache: diskCache, error_policy: str, rerror_policy: str, io: diskIO, ioeventfd: onoff,
    event_idx: onoff, copy_on_read: onoff, discard: str, iothread: int, detect_zeroes: str, queues: int,
    queue_size: int, ...virtioOpts, metadata_cache_size: str,
  },
  k: { metadata_cache: metadataCache, iothreads: E({ k: { iothread: many(E({ a: { id: int }, k: { queue: many(E({ a: { id: int } })) } })) } }) },
});
export interface DomainDiskDriver extends Infer<typeof DomainDiskDriverD> {}
export const DomainDiskDriver: Desc<DomainDiskDriver> = DomainDiskDriverD;
const DomainDiskTargetD = E({ a: { dev: str, bus: diskBus, tray: str, removable: onoff, rotation_rate: int } });
export interface DomainDiskTarget extends Infer<typeof DomainDiskTargetD> {}
export const DomainDiskTarget: Desc<DomainDiskTarget> = DomainDiskTargetD;
const DomainDiskIOTuneD = E({
  k: {
    ...ki('total_bytes_sec read_bytes_sec write_bytes_sec total_iops_sec read_iops_sec write_iops_sec'),
    ...ki('total_bytes_sec_max read_bytes_sec_max write_bytes_sec_max total_iops_sec_max read_iops_sec_max write_iops_sec_max'),
    ...ki('size_iops_sec'),
    ...ks('group_name'),
    ...ki('total_bytes_sec_max_length read_bytes_sec_max_length write_bytes_sec_max_length'),
    ...ki('total_iops_sec_max_length read_iops_sec_max_length write_iops_sec_max_length'),
  },
});
export interface DomainDiskIOTune extends Infer<typeof DomainDiskIOTuneD> {}
export const DomainDiskIOTune: Desc<DomainDiskIOTune> = DomainDiskIOTuneD;
const DiskMirror = E({
  /** `formatAttr` is the legacy `format` attribute (the `<format>` child has the same name) */
  a: { ...s('type job file ready shallow'), formatAttr: attrNamed('format', str) },
  k: { format: DiskFormat, source: DomainDiskSourceAny, backingStore: DomainDiskBackingStoreDesc },
});
const diskCommon = E({
  a: { device: diskDevice, model: str, rawio: yesno, sgio: str, snapshot: str },
  k: {
    driver: DomainDiskDriver,
    auth: DomainAuth,
    source: DomainDiskSourceAny,
    backingStore: DomainDiskBackingStoreDesc,
    backenddomain: E({ a: s('name') }),
    geometry: E({ a: { cyls: int, heads: int, secs: int, trans: str } }),
    blockio: E({ a: { logical_block_size: int, physical_block_size: int, discard_granularity: int } }),
    mirror: DiskMirror,
    target: DomainDiskTarget,
    iotune: DomainDiskIOTune,
    ...kf('readonly shareable'),
    transient: E({ a: { shareBacking: yesno } }),
    ...ks('serial wwn vendor product'),
    encryption: DomainEncryption,
    ...info,
  },
});
/** `<disk>`: a union on `type`; `source` takes the matching shape. */
const DomainDiskD = U('type', diskCommon, {
  file: E({ k: { source: DomainDiskSourceFile } }),
  block: E({ k: { source: DomainDiskSourceBlock } }),
  dir: E({ k: { source: DomainDiskSourceDir } }),
  network: E({ k: { source: DomainDiskSourceNetwork } }),
  volume: E({ k: { source: DomainDiskSourceVolume } }),
  nvme: E({ k: { source: DomainDiskSourceNVMe } }),
  vhostuser: E({ k: { source: DomainDiskSourceVhostUser } }),
}, 'file');
export type DomainDisk = Infer<typeof DomainDiskD>;
export const DomainDisk: Desc<DomainDisk> = DomainDiskD;

// ---------------------------------------------------------------------------
// controller

const DomainControllerD = E({
  a: { type: controllerType, index: int, model: str, ports: int, vectors: int, maxGrantFrames: int, maxEventChannels: int },
  k: {
    /** the `<model name=...>` child (the `model` property is the attribute) */
    modelName: named('model', E({ a: s('name') })),
    target: E({ a: { chassisNr: int, chassis: int, port: str, busNr: int, hotplug: onoff, index: int, memReserve: u64 }, k: ki('node') }),
    pcihole64: DomainScaledInteger,
    driver: E({ a: { queues: int, cmd_per_lun: int, max_sectors: int, ioeventfd: onoff, iothread: int, ...virtioOpts } }),
    master: E({ a: { startport: int } }),
    ...infoNoBoot,
  },
});
export interface DomainController extends Infer<typeof DomainControllerD> {}
export const DomainController: Desc<DomainController> = DomainControllerD;

// ---------------------------------------------------------------------------
// lease, filesystem

const DomainLeaseD = E({ k: { ...ks('lockspace key'), target: E({ a: { path: str, offset: u64 } }) } });
export interface DomainLease extends Infer<typeof DomainLeaseD> {}
export const DomainLease: Desc<DomainLease> = DomainLeaseD;

const DomainFilesystemD = E({
  a: s('type accessmode model multidevs fmode dmode'),
  k: {
    driver: E({ a: { type: str, format: str, wrpolicy: str, queue: int, ...virtioOpts } }),
    binary: E({
      a: { path: str, xattr: onoff },
      k: {
        cache: E({ a: s('mode') }),
        sandbox: E({ a: s('mode') }),
        lock: E({ a: { posix: onoff, flock: onoff } }),
        thread_pool: E({ a: { size: int } }),
      },
    }),
    idmap: E({ k: { uid: many(E({ a: i('start target count') })), gid: many(E({ a: i('start target count') })) } }),
    source: E({ a: { dir: str, file: str, name: str, dev: str, socket: str, usage: u64, units: str } }),
    target: E({ a: s('dir') }),
    readonly: Empty,
    space_hard_limit: DomainScaledInteger,
    space_soft_limit: DomainScaledInteger,
    ...info,
  },
});
export interface DomainFilesystem extends Infer<typeof DomainFilesystemD> {}
export const DomainFilesystem: Desc<DomainFilesystem> = DomainFilesystemD;

// ---------------------------------------------------------------------------
// interface

const IP = E({ a: { address: str, family: str, prefix: int, peer: str } });
const Route = E({ a: { family: str, address: str, netmask: str, prefix: int, gateway: str, metric: int } });
const ifSourceKids = {
  ip: many(IP),
  route: many(Route),
  local: E({ a: { address: str, port: int } }),
  reconnect: DomainReconnect,
};
const DomainInterfaceSourceNetworkD = E({ a: s('network portgroup portid bridge'), k: ifSourceKids });
export interface DomainInterfaceSourceNetwork extends Infer<typeof DomainInterfaceSourceNetworkD> {}
export const DomainInterfaceSourceNetwork: Desc<DomainInterfaceSourceNetwork> = DomainInterfaceSourceNetworkD;
const DomainInterfaceSourceBridgeD = E({ a: s('bridge'), k: ifSourceKids });
export interface DomainInterfaceSourceBridge extends Infer<typeof DomainInterfaceSourceBridgeD> {}
export const DomainInterfaceSourceBridge: Desc<DomainInterfaceSourceBridge> = DomainInterfaceSourceBridgeD;
const DomainInterfaceSourceDirectD = E({ a: s('dev mode'), k: ifSourceKids });
export interface DomainInterfaceSourceDirect extends Infer<typeof DomainInterfaceSourceDirectD> {}
export const DomainInterfaceSourceDirect: Desc<DomainInterfaceSourceDirect> = DomainInterfaceSourceDirectD;
const DomainInterfaceSourceUserD = E({ a: s('dev'), k: ifSourceKids });
export interface DomainInterfaceSourceUser extends Infer<typeof DomainInterfaceSourceUserD> {}
export const DomainInterfaceSourceUser: Desc<DomainInterfaceSourceUser> = DomainInterfaceSourceUserD;
const DomainInterfaceSourceEthernetD = E({ a: s('dev'), k: ifSourceKids });
export interface DomainInterfaceSourceEthernet extends Infer<typeof DomainInterfaceSourceEthernetD> {}
export const DomainInterfaceSourceEthernet: Desc<DomainInterfaceSourceEthernet> = DomainInterfaceSourceEthernetD;
const DomainInterfaceSourceVhostUserD = E({ a: s('type path mode'), k: ifSourceKids });
export interface DomainInterfaceSourceVhostUser extends Infer<typeof DomainInterfaceSourceVhostUserD> {}
export const DomainInterfaceSourceVhostUser: Desc<DomainInterfaceSourceVhostUser> = DomainInterfaceSourceVhostUserD;
const DomainInterfaceSourceSocketD = E({ a: { address: str, port: int }, k: ifSourceKids });
export interface DomainInterfaceSourceSocket extends Infer<typeof DomainInterfaceSourceSocketD> {}
export const DomainInterfaceSourceSocket: Desc<DomainInterfaceSourceSocket> = DomainInterfaceSourceSocketD;
const DomainInterfaceSourceHostdevD = E({ k: { ...ifSourceKids, address: DomainAddress } });
export interface DomainInterfaceSourceHostdev extends Infer<typeof DomainInterfaceSourceHostdevD> {}
export const DomainInterfaceSourceHostdev: Desc<DomainInterfaceSourceHostdev> = DomainInterfaceSourceHostdevD;
const DomainInterfaceSourceVdpaD = E({ a: s('dev'), k: ifSourceKids });
export interface DomainInterfaceSourceVdpa extends Infer<typeof DomainInterfaceSourceVdpaD> {}
export const DomainInterfaceSourceVdpa: Desc<DomainInterfaceSourceVdpa> = DomainInterfaceSourceVdpaD;
const DomainInterfaceSourceAnyD = E({ a: { ...s('network portgroup portid bridge dev mode type path address'), port: int }, k: ifSourceKids });
export interface DomainInterfaceSourceAny extends Infer<typeof DomainInterfaceSourceAnyD> {}
export const DomainInterfaceSourceAny: Desc<DomainInterfaceSourceAny> = DomainInterfaceSourceAnyD;

const DomainVirtualPort = E({
  a: s('type'),
  k: { parameters: E({ a: s('managerid typeid typeidversion instanceid interfaceid profileid') }) },
});
const CoalesceValue = E({ a: i('max irq high low') });
const CoalesceDir = E({ k: { frames: CoalesceValue, usecs: CoalesceValue } });
const Coalesce = E({ k: { rx: CoalesceDir, tx: CoalesceDir } });
const Bandwidth = E({ a: { average: int, peak: int, burst: int, floor: int } });
const offloads = E({ a: s('csum gso tso4 tso6 ecn ufo mrg_rxbuf') });
const interfaceCommon = E({
  a: { managed: yesno, trustGuestRxFilters: yesno },
  k: {
    mac: E({ a: s('address type check') }),
    source: DomainInterfaceSourceAny,
    vlan: E({ a: { trunk: yesno }, k: { tag: many(E({ a: { id: int, nativeMode: str } })) } }),
    virtualport: DomainVirtualPort,
    bandwidth: E({ k: { inbound: Bandwidth, outbound: Bandwidth } }),
    port: E({ a: { isolated: yesno } }),
    ip: many(IP),
    route: many(Route),
    portForward: many(E({ a: s('proto address dev'), k: { range: many(E({ a: { start: int, end: int, to: int, exclude: yesno } })) } })),
    script: E({ a: s('path') }),
    downscript: E({ a: s('path') }),
    backenddomain: E({ a: s('name') }),
    target: E({ a: { dev: str, managed: yesno } }),
    guest: E({ a: s('dev actual') }),
    model: E({ a: s('type') }),
    driver: E({
      a: {
        name: str, txmode: str, ioeventfd: onoff, event_idx: onoff, queues: int, rx_queue_size: int,
        tx_queue_size: int, rss: onoff, rss_hash_report: onoff, ...virtioOpts,
      },
      k: { host: offloads, guest: offloads },
    }),
    backend: E({ a: s('type tap vhost logFile') }),
    filterref: E({ a: s('filter'), k: { parameter: many(E({ a: s('name value') })) } }),
    tune: E({ k: { sndbuf: u64 } }),
    teaming: E({ a: s('type persistent') }),
    link: E({ a: s('state') }),
    mtu: E({ a: { size: int } }),
    coalesce: Coalesce,
    boot: DomainDeviceBoot,
    alias: DomainAlias,
    acpi: DomainDeviceACPI,
    rom: E({ a: { bar: onoff, file: str, enabled: yesno } }),
    address: DomainAddress,
  },
});
/** `<interface>`: a union on `type`; `source` takes the matching shape. */
const DomainInterfaceD = U('type', interfaceCommon, {
  network: E({ k: { source: DomainInterfaceSourceNetwork } }),
  bridge: E({ k: { source: DomainInterfaceSourceBridge } }),
  direct: E({ k: { source: DomainInterfaceSourceDirect } }),
  user: E({ k: { source: DomainInterfaceSourceUser } }),
  ethernet: E({ k: { source: DomainInterfaceSourceEthernet } }),
  vhostuser: E({ k: { source: DomainInterfaceSourceVhostUser } }),
  server: E({ k: { source: DomainInterfaceSourceSocket } }),
  client: E({ k: { source: DomainInterfaceSourceSocket } }),
  mcast: E({ k: { source: DomainInterfaceSourceSocket } }),
  udp: E({ k: { source: DomainInterfaceSourceSocket } }),
  hostdev: E({ k: { source: DomainInterfaceSourceHostdev } }),
  vdpa: E({ k: { source: DomainInterfaceSourceVdpa } }),
  null: E({}),
  vds: E({ k: { source: DomainInterfaceSourceAny } }),
}, undefined, {
  // libvirt writes the PCI passthrough driver ahead of the source for hostdev interfaces
  hostdev: ['driver', 'source'],
});
export type DomainInterface = Infer<typeof DomainInterfaceD>;
export const DomainInterface: Desc<DomainInterface> = DomainInterfaceD;

// ---------------------------------------------------------------------------
// character devices (serial, parallel, console, channel; also smartcard, redirdev, rng backends)

const chrSourceKids = {
  seclabel: many(DomainSecLabel),
  reconnect: DomainReconnect,
  clipboard: E({ a: { copypaste: yesno } }),
  mouse: E({ a: s('mode') }),
};
const chrSource = <A extends Record<string, import('./engine').Kind<any>>>(a: A) => E({ a, k: chrSourceKids });
const DomainChardevSourcePathD = chrSource({ path: str, append: onoff });
export interface DomainChardevSourcePath extends Infer<typeof DomainChardevSourcePathD> {}
export const DomainChardevSourcePath: Desc<DomainChardevSourcePath> = DomainChardevSourcePathD;
const DomainChardevSourceUNIXD = chrSource({ mode: str, path: str });
export interface DomainChardevSourceUNIX extends Infer<typeof DomainChardevSourceUNIXD> {}
export const DomainChardevSourceUNIX: Desc<DomainChardevSourceUNIX> = DomainChardevSourceUNIXD;
const DomainChardevSourceTCPD = chrSource({ mode: str, host: str, service: str, tls: yesno });
export interface DomainChardevSourceTCP extends Infer<typeof DomainChardevSourceTCPD> {}
export const DomainChardevSourceTCP: Desc<DomainChardevSourceTCP> = DomainChardevSourceTCPD;
const DomainChardevSourceUDPD = chrSource({ mode: str, host: str, service: str });
export interface DomainChardevSourceUDP extends Infer<typeof DomainChardevSourceUDPD> {}
export const DomainChardevSourceUDP: Desc<DomainChardevSourceUDP> = DomainChardevSourceUDPD;
const DomainChardevSourceSpicePortD = chrSource({ channel: str });
export interface DomainChardevSourceSpicePort extends Infer<typeof DomainChardevSourceSpicePortD> {}
export const DomainChardevSourceSpicePort: Desc<DomainChardevSourceSpicePort> = DomainChardevSourceSpicePortD;
const DomainChardevSourceNmdmD = chrSource({ master: str, slave: str });
export interface DomainChardevSourceNmdm extends Infer<typeof DomainChardevSourceNmdmD> {}
export const DomainChardevSourceNmdm: Desc<DomainChardevSourceNmdm> = DomainChardevSourceNmdmD;
const DomainChardevSourceAnyD = chrSource({ ...s('mode path host service channel master slave'), append: onoff, tls: yesno });
export interface DomainChardevSourceAny extends Infer<typeof DomainChardevSourceAnyD> {}
export const DomainChardevSourceAny: Desc<DomainChardevSourceAny> = DomainChardevSourceAnyD;
/** Children after `<source>` for the chardev-backed devices. */
const chrTail = {
  protocol: E({ a: s('type') }),
  log: E({ a: { file: str, append: onoff } }),
};
/** The `type`-discriminated part of a character device: which `<source>` goes with which type. */
function chrVariants<C>(common: Desc<C>) {
  return U('type', common, {
    null: E({}),
    vc: E({}),
    pty: E({ k: { source: DomainChardevSourcePath } }),
    dev: E({ k: { source: DomainChardevSourcePath } }),
    file: E({ k: { source: DomainChardevSourcePath } }),
    pipe: E({ k: { source: DomainChardevSourcePath } }),
    stdio: E({}),
    udp: E({ k: { source: many(DomainChardevSourceUDP) } }),
    tcp: E({ k: { source: DomainChardevSourceTCP } }),
    unix: E({ k: { source: DomainChardevSourceUNIX } }),
    spicevmc: E({}),
    spiceport: E({ k: { source: DomainChardevSourceSpicePort } }),
    nmdm: E({ k: { source: DomainChardevSourceNmdm } }),
    'qemu-vdagent': E({ k: { source: DomainChardevSourceAny } }),
    dbus: E({ k: { source: DomainChardevSourceAny } }),
  });
}
const chrTarget = E({ a: { type: str, port: int, name: str, address: str, state: str }, k: { model: E({ a: s('name') }) } });
const chrCommon = E({ k: { source: DomainChardevSourceAny, ...chrTail, target: chrTarget, ...infoNoBoot } });
const DomainSerialD = chrVariants(chrCommon);
export type DomainSerial = Infer<typeof DomainSerialD>;
export const DomainSerial: Desc<DomainSerial> = DomainSerialD;
const DomainParallelD = chrVariants(chrCommon);
export type DomainParallel = Infer<typeof DomainParallelD>;
export const DomainParallel: Desc<DomainParallel> = DomainParallelD;
const DomainConsoleD = chrVariants(E({ a: { tty: str }, k: { source: DomainChardevSourceAny, ...chrTail, target: chrTarget, ...infoNoBoot } }));
export type DomainConsole = Infer<typeof DomainConsoleD>;
export const DomainConsole: Desc<DomainConsole> = DomainConsoleD;
const DomainChannelD = chrVariants(chrCommon);
export type DomainChannel = Infer<typeof DomainChannelD>;
export const DomainChannel: Desc<DomainChannel> = DomainChannelD;

const DomainSmartcardD = chrVariants(
  E({
    a: s('mode'),
    k: { source: DomainChardevSourceAny, ...chrTail, certificate: many(str), database: str, ...infoNoBoot },
  }),
);
export type DomainSmartcard = Infer<typeof DomainSmartcardD>;
export const DomainSmartcard: Desc<DomainSmartcard> = DomainSmartcardD;
const DomainRedirdevD = chrVariants(E({ a: s('bus'), k: { source: DomainChardevSourceAny, ...chrTail, ...info } }));
export type DomainRedirdev = Infer<typeof DomainRedirdevD>;
export const DomainRedirdev: Desc<DomainRedirdev> = DomainRedirdevD;
const DomainRedirFilterD = E({
  k: { usbdev: many(E({ a: s('class vendor product version allow') })) },
});
export interface DomainRedirFilter extends Infer<typeof DomainRedirFilterD> {}
export const DomainRedirFilter: Desc<DomainRedirFilter> = DomainRedirFilterD;

// ---------------------------------------------------------------------------
// input, tpm, graphics, sound, audio, video

const DomainInputD = E({
  a: { type: inputType, bus: inputBus, model: str },
  k: {
    driver: E({ a: virtioOpts }),
    source: E({ a: s('evdev dev grab grabToggle repeat') }),
    ...infoNoBoot,
  },
});
export interface DomainInput extends Infer<typeof DomainInputD> {}
export const DomainInput: Desc<DomainInput> = DomainInputD;

const DomainTPMD = E({
  a: s('model'),
  k: {
    backend: E({
      a: s('type version persistent_state'),
      k: {
        device: E({ a: s('path') }),
        encryption: E({ a: s('secret') }),
        source: E({ a: s('type mode path') }),
        active_pcr_banks: E({ k: kf('sha1 sha256 sha384 sha512') }),
      },
    }),
    ...infoNoBoot,
  },
});
export interface DomainTPM extends Infer<typeof DomainTPMD> {}
export const DomainTPM: Desc<DomainTPM> = DomainTPMD;

const DomainGraphicsListenD = E({ a: { type: str, address: str, network: str, socket: str, fromConfig: str, autoGenerated: yesno } });
export interface DomainGraphicsListen extends Infer<typeof DomainGraphicsListenD> {}
export const DomainGraphicsListen: Desc<DomainGraphicsListen> = DomainGraphicsListenD;
const gfxTail = {
  /** the `<listen>` children (the `listen` property is the legacy attribute) */
  listens: named('listen', many(DomainGraphicsListen)),
  channel: many(E({ a: s('name mode') })),
  image: E({ a: s('compression') }),
  jpeg: E({ a: s('compression') }),
  zlib: E({ a: s('compression') }),
  playback: E({ a: s('compression') }),
  streaming: E({ a: s('mode') }),
  mouse: E({ a: s('mode') }),
  clipboard: E({ a: { copypaste: yesno } }),
  filetransfer: E({ a: { enable: yesno } }),
  gl: E({ a: { enable: yesno, rendernode: str } }),
  audio: E({ a: { id: int } }),
};
const gfxCommon = E({ k: gfxTail });
/** `<graphics>`: a union on `type`. */
const DomainGraphicsD = U('type', gfxCommon, {
  vnc: E({
    a: {
      socket: str, port: int, autoport: yesno, websocket: int, websocketGenerated: yesno, listen: str,
      sharePolicy: str, keymap: str, passwd: str, passwdValidTo: str, connected: str, powerControl: yesno,
    },
  }),
  sdl: E({ a: { display: str, xauth: str, fullscreen: yesno } }),
  spice: E({
    a: {
      port: int, tlsPort: int, autoport: yesno, listen: str, keymap: str, defaultMode: str, passwd: str,
      passwdValidTo: str, connected: str,
    },
  }),
  rdp: E({ a: { port: int, autoport: yesno, replaceUser: yesno, multiUser: yesno, listen: str, passwd: str } }),
  desktop: E({ a: { display: str, fullscreen: yesno } }),
  'egl-headless': E({}),
  dbus: E({ a: { address: str, p2p: yesno } }),
});
export type DomainGraphics = Infer<typeof DomainGraphicsD>;
export const DomainGraphics: Desc<DomainGraphics> = DomainGraphicsD;

const AudioIO = E({
  a: {
    mixingEngine: yesno, fixedSettings: yesno, voices: int, bufferLength: int,
    dev: str, serverName: str, clientName: str, connectPorts: str, name: str, streamName: str,
    latency: int, bufferCount: int, tryPoll: yesno, exactName: yesno, tryMMap: yesno,
  },
  k: { settings: E({ a: { frequency: int, channels: int, format: str } }) },
});
const DomainAudioD = E({
  a: {
    id: int, type: str, timerPeriod: int, driver: str, path: str, serverName: str, tryMMap: yesno,
    exclusive: yesno, dspPolicy: int, runtimeDir: str,
  },
  k: { input: AudioIO, output: AudioIO },
});
export interface DomainAudio extends Infer<typeof DomainAudioD> {}
export const DomainAudio: Desc<DomainAudio> = DomainAudioD;
const DomainSoundD = E({
  a: s('model'),
  k: { codec: many(E({ a: s('type') })), audio: E({ a: { id: int } }), ...infoNoBoot },
});
export interface DomainSound extends Infer<typeof DomainSoundD> {}
export const DomainSound: Desc<DomainSound> = DomainSoundD;

const DomainVideoD = E({
  k: {
    driver: E({ a: { name: str, vgaconf: str, ...virtioOpts } }),
    model: E({
      a: { type: videoModel, ram: u64, vram: u64, vram64: u64, vgamem: u64, heads: int, primary: yesno, blob: onoff },
      k: {
        acceleration: E({ a: { accel3d: yesno, accel2d: yesno, rendernode: str } }),
        resolution: E({ a: { x: int, y: int } }),
      },
    }),
    ...infoNoBoot,
  },
});
export interface DomainVideo extends Infer<typeof DomainVideoD> {}
export const DomainVideo: Desc<DomainVideo> = DomainVideoD;

// ---------------------------------------------------------------------------
// hostdev

const HostdevSource = E({
  a: s('startupPolicy guestReset writeFiltering protocol wwpn name missing'),
  k: {
    vendor: E({ a: s('id') }),
    product: E({ a: s('id') }),
    adapter: E({ a: s('name') }),
    address: E({ a: s('domain bus slot function device target unit uuid') }),
    host: many(DiskSourceHost),
    auth: DomainAuth,
    initiator: E({ k: { iqn: E({ a: s('name') }) } }),
    block: str,
    char: str,
    interface: str,
  },
});
const DomainHostdevD = E({
  a: { mode: hostdevMode, type: hostdevType, ...s('managed model sgio rawio display ramfb') },
  k: {
    driver: E({ a: s('name') }),
    source: HostdevSource,
    ip: many(IP),
    route: many(Route),
    ...kf('readonly shareable'),
    teaming: E({ a: s('type persistent') }),
    rom: E({ a: { bar: onoff, file: str, enabled: yesno } }),
    ...info,
  },
});
export interface DomainHostdev extends Infer<typeof DomainHostdevD> {}
export const DomainHostdev: Desc<DomainHostdev> = DomainHostdevD;

// ---------------------------------------------------------------------------
// remaining devices

const DomainHubD = E({ a: s('type'), k: infoNoBoot });
export interface DomainHub extends Infer<typeof DomainHubD> {}
export const DomainHub: Desc<DomainHub> = DomainHubD;
const DomainWatchdogD = E({ a: s('model action'), k: infoNoBoot });
export interface DomainWatchdog extends Infer<typeof DomainWatchdogD> {}
export const DomainWatchdog: Desc<DomainWatchdog> = DomainWatchdogD;
const DomainMemBalloonD = E({
  a: { model: str, autodeflate: onoff, freePageReporting: onoff },
  k: { stats: E({ a: { period: int } }), ...infoNoBoot, driver: E({ a: virtioOpts }) },
});
export interface DomainMemBalloon extends Infer<typeof DomainMemBalloonD> {}
export const DomainMemBalloon: Desc<DomainMemBalloon> = DomainMemBalloonD;
const DomainRNGD = E({
  a: s('model'),
  k: {
    rate: E({ a: { bytes: int, period: int } }),
    backend: U(
      'model',
      E({ a: { type: str }, t: str, k: { source: many(DomainChardevSourceAny), protocol: E({ a: s('type') }) } }),
      { random: E({}), egd: E({}), builtin: E({}) },
    ),
    driver: E({ a: virtioOpts }),
    ...infoNoBoot,
  },
});
export interface DomainRNG extends Infer<typeof DomainRNGD> {}
export const DomainRNG: Desc<DomainRNG> = DomainRNGD;
const DomainNVRAMD = E({ k: infoNoBoot });
export interface DomainNVRAM extends Infer<typeof DomainNVRAMD> {}
export const DomainNVRAM: Desc<DomainNVRAM> = DomainNVRAMD;
const DomainPanicD = E({ a: s('model'), k: infoNoBoot });
export interface DomainPanic extends Infer<typeof DomainPanicD> {}
export const DomainPanic: Desc<DomainPanic> = DomainPanicD;
const DomainShmemD = E({
  a: s('name role'),
  k: {
    model: E({ a: s('type') }),
    size: DomainScaledInteger,
    server: E({ a: s('path') }),
    msi: E({ a: { vectors: int, ioeventfd: onoff } }),
    ...infoNoBoot,
  },
});
export interface DomainShmem extends Infer<typeof DomainShmemD> {}
export const DomainShmem: Desc<DomainShmem> = DomainShmemD;
const DomainMemoryDeviceD = E({
  a: s('model access discard'),
  k: {
    uuid: str,
    source: E({
      k: {
        nodemask: str,
        pagesize: DomainScaledInteger,
        path: str,
        alignsize: DomainScaledInteger,
        pmem: flag,
      },
    }),
    target: E({
      a: { dynamicMemslots: yesno },
      k: {
        size: DomainScaledInteger,
        node: int,
        label: E({ k: { size: DomainScaledInteger } }),
        block: DomainScaledInteger,
        requested: DomainScaledInteger,
        current: DomainScaledInteger,
        readonly: flag,
        address: E({ a: s('base') }),
      },
    }),
    ...infoNoBoot,
  },
});
export interface DomainMemoryDevice extends Infer<typeof DomainMemoryDeviceD> {}
export const DomainMemoryDevice: Desc<DomainMemoryDevice> = DomainMemoryDeviceD;
const DomainIOMMUD = E({
  a: s('model'),
  k: {
    driver: E({ a: { intremap: onoff, caching_mode: onoff, eim: onoff, iotlb: onoff, aw_bits: int } }),
    ...infoNoBoot,
  },
});
export interface DomainIOMMU extends Infer<typeof DomainIOMMUD> {}
export const DomainIOMMU: Desc<DomainIOMMU> = DomainIOMMUD;
const DomainVsockD = E({
  a: s('model'),
  k: { cid: E({ a: { auto: yesno, address: int } }), ...infoNoBoot, driver: E({ a: virtioOpts }) },
});
export interface DomainVsock extends Infer<typeof DomainVsockD> {}
export const DomainVsock: Desc<DomainVsock> = DomainVsockD;
const DomainCryptoD = E({
  a: s('model type'),
  k: { backend: E({ a: { model: str, queues: int } }), driver: E({ a: virtioOpts }), ...infoNoBoot },
});
export interface DomainCrypto extends Infer<typeof DomainCryptoD> {}
export const DomainCrypto: Desc<DomainCrypto> = DomainCryptoD;

const DomainDevicesD = E({
  k: {
    emulator: str,
    disk: many(DomainDisk),
    controller: many(DomainController),
    lease: many(DomainLease),
    filesystem: many(DomainFilesystem),
    interface: many(DomainInterface),
    smartcard: many(DomainSmartcard),
    serial: many(DomainSerial),
    parallel: many(DomainParallel),
    console: many(DomainConsole),
    channel: many(DomainChannel),
    input: many(DomainInput),
    tpm: many(DomainTPM),
    graphics: many(DomainGraphics),
    sound: many(DomainSound),
    audio: many(DomainAudio),
    video: many(DomainVideo),
    hostdev: many(DomainHostdev),
    redirdev: many(DomainRedirdev),
    redirfilter: many(DomainRedirFilter),
    hub: many(DomainHub),
    watchdog: many(DomainWatchdog),
    memballoon: DomainMemBalloon,
    rng: many(DomainRNG),
    nvram: DomainNVRAM,
    panic: many(DomainPanic),
    shmem: many(DomainShmem),
    memory: many(DomainMemoryDevice),
    iommu: DomainIOMMU,
    vsock: DomainVsock,
    crypto: many(DomainCrypto),
  },
});
export interface DomainDevices extends Infer<typeof DomainDevicesD> {}
export const DomainDevices: Desc<DomainDevices> = DomainDevicesD;

// ---------------------------------------------------------------------------
// top level: resources, tuning, os, features, cpu, clock, pm ...

const DomainMemoryD = E({ a: { unit: unit, dumpCore: onoff }, t: req(u64) });
export interface DomainMemory extends Infer<typeof DomainMemoryD> {}
export const DomainMemory: Desc<DomainMemory> = DomainMemoryD;
const DomainMaxMemoryD = E({ a: { unit: unit, slots: int }, t: req(u64) });
export interface DomainMaxMemory extends Infer<typeof DomainMaxMemoryD> {}
export const DomainMaxMemory: Desc<DomainMaxMemory> = DomainMaxMemoryD;
const DomainVCPUD = E({ a: { placement: str, cpuset: str, current: int }, t: req(int) });
export interface DomainVCPU extends Infer<typeof DomainVCPUD> {}
export const DomainVCPU: Desc<DomainVCPU> = DomainVCPUD;

const blkioDevice = E({ k: { path: str, weight: int, ...ki('read_iops_sec write_iops_sec read_bytes_sec write_bytes_sec') } });
const DomainBlkioTuneD = E({ k: { weight: int, device: many(blkioDevice) } });
export interface DomainBlkioTune extends Infer<typeof DomainBlkioTuneD> {}
export const DomainBlkioTune: Desc<DomainBlkioTune> = DomainBlkioTuneD;
const DomainMemoryTuneD = E({ k: { hard_limit: DomainScaledInteger, soft_limit: DomainScaledInteger, min_guarantee: DomainScaledInteger, swap_hard_limit: DomainScaledInteger } });
export interface DomainMemoryTune extends Infer<typeof DomainMemoryTuneD> {}
export const DomainMemoryTune: Desc<DomainMemoryTune> = DomainMemoryTuneD;
const DomainMemoryBackingD = E({
  k: {
    hugepages: E({ k: { page: many(E({ a: { size: u64, unit, nodeset: str } })) } }),
    nosharepages: flag,
    locked: flag,
    source: E({ a: s('type') }),
    access: E({ a: s('mode') }),
    allocation: E({ a: { mode: str, threads: int } }),
    discard: flag,
  },
});
export interface DomainMemoryBacking extends Infer<typeof DomainMemoryBackingD> {}
export const DomainMemoryBacking: Desc<DomainMemoryBacking> = DomainMemoryBackingD;
const DomainIOThreadIDsD = E({
  k: {
    iothread: many(E({
      a: { id: int, thread_pool_min: int, thread_pool_max: int },
      k: { poll: E({ a: { max: int, grow: int, shrink: int } }) },
    })),
  },
});
export interface DomainIOThreadIDs extends Infer<typeof DomainIOThreadIDsD> {}
export const DomainIOThreadIDs: Desc<DomainIOThreadIDs> = DomainIOThreadIDsD;
const sched = (n: 'vcpus' | 'iothreads' | 'emulator') => E({ a: { [n]: str, scheduler: str, priority: int } as Record<typeof n, import('./engine').Kind<string>> & { scheduler: import('./engine').Kind<string>; priority: import('./engine').Kind<number> } });
const DomainCPUTuneD = E({
  k: {
    shares: int,
    period: int,
    quota: int,
    global_period: int,
    global_quota: int,
    emulator_period: int,
    emulator_quota: int,
    iothread_period: int,
    iothread_quota: int,
    vcpupin: many(E({ a: { vcpu: int, cpuset: str } })),
    emulatorpin: E({ a: s('cpuset') }),
    iothreadpin: many(E({ a: { iothread: int, cpuset: str } })),
    emulatorsched: E({ a: { scheduler: str, priority: int } }),
    vcpusched: many(sched('vcpus')),
    iothreadsched: many(sched('iothreads')),
    cachetune: many(E({
      a: s('vcpus id'),
      k: {
        cache: many(E({ a: { id: int, level: int, type: str, size: u64, unit } })),
        monitor: many(E({ a: s('level vcpus') })),
      },
    })),
    memorytune: many(E({ a: s('vcpus id'), k: { node: many(E({ a: { id: int, bandwidth: int } })), monitor: many(E({ a: s('level vcpus') })) } })),
  },
});
export interface DomainCPUTune extends Infer<typeof DomainCPUTuneD> {}
export const DomainCPUTune: Desc<DomainCPUTune> = DomainCPUTuneD;
const DomainNumaTuneD = E({
  k: {
    memory: E({ a: s('mode nodeset placement') }),
    memnode: many(E({ a: { cellid: int, mode: str, nodeset: str } })),
  },
});
export interface DomainNumaTune extends Infer<typeof DomainNumaTuneD> {}
export const DomainNumaTune: Desc<DomainNumaTune> = DomainNumaTuneD;
const DomainResourceD = E({ k: { partition: str, fibrechannel: E({ a: s('appid') }) } });
export interface DomainResource extends Infer<typeof DomainResourceD> {}
export const DomainResource: Desc<DomainResource> = DomainResourceD;
const sysinfoEntries = E({ k: { entry: many(E({ a: s('name file'), t: str })) } });
const DomainSysInfoD = U('type', E({}), {
  smbios: E({
    k: {
      bios: sysinfoEntries,
      system: sysinfoEntries,
      baseBoard: many(sysinfoEntries),
      chassis: sysinfoEntries,
      processor: many(sysinfoEntries),
      memory: many(sysinfoEntries),
      oemStrings: sysinfoEntries,
    },
  }),
  fwcfg: E({ k: { entry: many(E({ a: s('name file'), t: str })) } }),
});
export type DomainSysInfo = Infer<typeof DomainSysInfoD>;
export const DomainSysInfo: Desc<DomainSysInfo> = DomainSysInfoD;

const DomainOSTypeD = E({ a: s('arch machine'), t: hint('hvm', 'linux', 'xen', 'xenpvh', 'exe', 'uml') });
export interface DomainOSType extends Infer<typeof DomainOSTypeD> {}
export const DomainOSType: Desc<DomainOSType> = DomainOSTypeD;
const DomainLoaderD = E({ a: s('readonly secure type stateless format'), t: str });
export interface DomainLoader extends Infer<typeof DomainLoaderD> {}
export const DomainLoader: Desc<DomainLoader> = DomainLoaderD;
const DomainNVRamD = E({ a: s('template format type'), t: str, k: { source: DomainDiskSourceAny } });
export interface DomainNVRam extends Infer<typeof DomainNVRamD> {}
export const DomainNVRam: Desc<DomainNVRam> = DomainNVRamD;
const DomainOSD = E({
  a: s('firmware'),
  k: {
    type: DomainOSType,
    /** the `<firmware>` child with its feature list (the `firmware` property is the attribute) */
    firmwareInfo: named('firmware', E({ k: { feature: many(E({ a: { enabled: yesno, name: str } })) } })),
    init: str,
    initarg: many(str),
    initenv: many(E({ a: s('name'), t: str })),
    initdir: str,
    inituser: str,
    initgroup: str,
    loader: DomainLoader,
    nvram: DomainNVRam,
    kernel: str,
    initrd: str,
    cmdline: str,
    dtb: str,
    root: str,
    acpi: E({ k: { table: many(E({ a: s('type'), t: str })) } }),
    boot: many(E({ a: s('dev') })),
    bootmenu: E({ a: { enable: yesno, timeout: int } }),
    smbios: E({ a: s('mode') }),
    bios: E({ a: { useserial: yesno, rebootTimeout: int } }),
  },
});
export interface DomainOS extends Infer<typeof DomainOSD> {}
export const DomainOS: Desc<DomainOS> = DomainOSD;
const DomainIDMapD = E({ k: { uid: many(E({ a: i('start target count') })), gid: many(E({ a: i('start target count') })) } });
export interface DomainIDMap extends Infer<typeof DomainIDMapD> {}
export const DomainIDMap: Desc<DomainIDMap> = DomainIDMapD;

const HyperV = E({
  a: s('mode'),
  k: {
    relaxed: State,
    vapic: State,
    spinlocks: E({ a: { state: onoff, retries: int } }),
    vpindex: State,
    runtime: State,
    synic: State,
    stimer: E({ a: { state: onoff }, k: { direct: State } }),
    reset: State,
    vendor_id: E({ a: { state: onoff, value: str } }),
    frequencies: State,
    reenlightenment: State,
    tlbflush: State,
    ipi: State,
    evmcs: State,
    avic: State,
  },
});
/** Linux capabilities an LXC domain's <features><capabilities> can turn on or off (libvirt 9.0 schema). */
const LXC_CAPABILITIES = [
  'audit_control', 'audit_write', 'block_suspend', 'chown', 'dac_override', 'dac_read_search', 'fowner', 'fsetid',
  'ipc_lock', 'ipc_owner', 'kill', 'lease', 'linux_immutable', 'mac_admin', 'mac_override', 'mknod', 'net_admin',
  'net_bind_service', 'net_broadcast', 'net_raw', 'setgid', 'setfcap', 'setpcap', 'setuid', 'sys_admin', 'sys_boot',
  'sys_chroot', 'sys_module', 'sys_nice', 'sys_pacct', 'sys_ptrace', 'sys_rawio', 'sys_resource', 'sys_time',
  'sys_tty_config', 'syslog', 'wake_alarm',
] as const;

const DomainFeaturesD = E({
  k: {
    acpi: flag,
    apic: E({ a: { eoi: onoff } }),
    pae: flag,
    hap: State,
    viridian: flag,
    privnet: flag,
    hyperv: HyperV,
    kvm: E({ k: { hidden: State, 'hint-dedicated': State, 'poll-control': State, 'pv-ipi': State, 'dirty-ring': E({ a: { state: onoff, size: int } }) } }),
    pvspinlock: State,
    capabilities: E({ a: s('policy'), k: Object.fromEntries(LXC_CAPABILITIES.map((n) => [n, State])) as {
      [K in (typeof LXC_CAPABILITIES)[number]]: typeof State;
    } }),
    pmu: State,
    vmport: State,
    gic: E({ a: s('version') }),
    smm: E({ a: { state: onoff }, k: { tseg: DomainScaledInteger } }),
    ioapic: E({ a: s('driver') }),
    hpt: E({ a: s('resizing'), k: { maxpagesize: DomainScaledInteger } }),
    vmcoreinfo: State,
    htm: State,
    'nested-hv': State,
    msrs: E({ a: s('unknown') }),
    'ccf-assist': State,
    xen: E({ k: { e820_host: State, passthrough: E({ a: s('state mode') }) } }),
    cfpc: E({ a: s('value') }),
    sbbc: E({ a: s('value') }),
    ibs: E({ a: s('value') }),
    tcg: E({ k: { 'tb-cache': DomainScaledInteger } }),
    'async-teardown': E({ a: { enabled: yesno } }),
  },
});
export interface DomainFeatures extends Infer<typeof DomainFeaturesD> {}
export const DomainFeatures: Desc<DomainFeatures> = DomainFeaturesD;

const DomainCPUModelD = E({ a: s('fallback vendor_id'), t: str });
export interface DomainCPUModel extends Infer<typeof DomainCPUModelD> {}
export const DomainCPUModel: Desc<DomainCPUModel> = DomainCPUModelD;
const DomainCPUTopologyD = E({ a: i('sockets dies clusters cores threads') });
export interface DomainCPUTopology extends Infer<typeof DomainCPUTopologyD> {}
export const DomainCPUTopology: Desc<DomainCPUTopology> = DomainCPUTopologyD;
const DomainCPUFeatureD = E({ a: { policy: featurePolicy, name: str } });
export interface DomainCPUFeature extends Infer<typeof DomainCPUFeatureD> {}
export const DomainCPUFeature: Desc<DomainCPUFeature> = DomainCPUFeatureD;
const DomainCPUCacheD = E({ a: { level: int, mode: str } });
export interface DomainCPUCache extends Infer<typeof DomainCPUCacheD> {}
export const DomainCPUCache: Desc<DomainCPUCache> = DomainCPUCacheD;
const NumaSibling = E({ a: { id: int, value: int } });
const DomainNumaCellD = E({
  a: { id: int, cpus: str, memory: u64, unit, memAccess: str, discard: yesno },
  k: {
    distances: E({ k: { sibling: many(NumaSibling) } }),
    cache: many(E({ a: { level: int, associativity: str, policy: str }, k: { size: ValueUnit, line: ValueUnit } })),
  },
});
export interface DomainNumaCell extends Infer<typeof DomainNumaCellD> {}
export const DomainNumaCell: Desc<DomainNumaCell> = DomainNumaCellD;
const Interconnect = E({ a: { initiator: int, target: int, cache: int, type: str, value: u64, unit } });
const DomainNumaD = E({
  k: { cell: many(DomainNumaCell), interconnects: E({ k: { latency: many(Interconnect), bandwidth: many(Interconnect) } }) },
});
export interface DomainNuma extends Infer<typeof DomainNumaD> {}
export const DomainNuma: Desc<DomainNuma> = DomainNumaD;
/** `<cpu>`; the same shape serves the host CPU of the capabilities XML. */
const DomainCPUD = E({
  a: { mode: cpuMode, match: cpuMatch, check: cpuCheck, ...s('migratable deprecated_features') },
  k: {
    model: DomainCPUModel,
    vendor: str,
    microcode: E({ a: s('version') }),
    signature: E({ a: s('family model stepping') }),
    counter: many(E({ a: s('name frequency scaling') })),
    topology: DomainCPUTopology,
    maxphysaddr: E({ a: { mode: str, bits: int } }),
    cache: DomainCPUCache,
    feature: many(DomainCPUFeature),
    numa: DomainNuma,
  },
});
export interface DomainCPU extends Infer<typeof DomainCPUD> {}
export const DomainCPU: Desc<DomainCPU> = DomainCPUD;

const Timer = E({
  a: { name: timerName, present: yesno, tickpolicy: str, track: str, mode: str, frequency: u64 },
  k: { catchup: E({ a: { threshold: int, slew: int, limit: int } }) },
});
const DomainClockD = E({
  a: { offset: clockOffset, timezone: str, adjustment: str, basis: str, start: str },
  k: { timer: many(Timer) },
});
export interface DomainClock extends Infer<typeof DomainClockD> {}
export const DomainClock: Desc<DomainClock> = DomainClockD;
const DomainPMD = E({ k: { 'suspend-to-mem': Enabled, 'suspend-to-disk': Enabled } });
export interface DomainPM extends Infer<typeof DomainPMD> {}
export const DomainPM: Desc<DomainPM> = DomainPMD;
const DomainPerfD = E({ k: { event: many(E({ a: s('name enabled') })) } });
export interface DomainPerf extends Infer<typeof DomainPerfD> {}
export const DomainPerf: Desc<DomainPerf> = DomainPerfD;
const DomainKeyWrapD = E({ k: { cipher: many(E({ a: s('name state') })) } });
export interface DomainKeyWrap extends Infer<typeof DomainKeyWrapD> {}
export const DomainKeyWrap: Desc<DomainKeyWrap> = DomainKeyWrapD;
const DomainLaunchSecurityD = U('type', E({}), {
  sev: E({
    a: { kernelHashes: yesno },
    k: { cbitpos: int, reducedPhysBits: int, policy: str, dhCert: str, session: str },
  }),
  's390-pv': E({}),
});
export type DomainLaunchSecurity = Infer<typeof DomainLaunchSecurityD>;
export const DomainLaunchSecurity: Desc<DomainLaunchSecurity> = DomainLaunchSecurityD;

/** QEMU namespace extensions (elements in the `qemu:` prefix, `xmlns:qemu` declared on `<domain>`). */
const DomainQemuCommandlineD = E({
  a: s('xmlns:qemu'),
  k: { 'qemu:arg': many(E({ a: s('value') })), 'qemu:env': many(E({ a: s('name value') })) },
});
export interface DomainQemuCommandline extends Infer<typeof DomainQemuCommandlineD> {}
export const DomainQemuCommandline: Desc<DomainQemuCommandline> = DomainQemuCommandlineD;
const DomainQemuCapabilitiesD = E({
  k: { 'qemu:add': many(E({ a: s('capability') })), 'qemu:del': many(E({ a: s('capability') })) },
});
export interface DomainQemuCapabilities extends Infer<typeof DomainQemuCapabilitiesD> {}
export const DomainQemuCapabilities: Desc<DomainQemuCapabilities> = DomainQemuCapabilitiesD;
const DomainQemuOverrideD = E({
  k: {
    'qemu:device': many(E({
      a: s('alias'),
      k: { 'qemu:frontend': E({ k: { 'qemu:property': many(E({ a: s('name type value') })) } }) },
    })),
  },
});
export interface DomainQemuOverride extends Infer<typeof DomainQemuOverrideD> {}
export const DomainQemuOverride: Desc<DomainQemuOverride> = DomainQemuOverrideD;

/** The same command-line passthrough in the bhyve and xen (libxl) namespaces. */
const DomainBhyveCommandlineD = E({
  a: s('xmlns:bhyve'),
  k: { 'bhyve:arg': many(E({ a: s('value') })), 'bhyve:env': many(E({ a: s('name value') })) },
});
export interface DomainBhyveCommandline extends Infer<typeof DomainBhyveCommandlineD> {}
export const DomainBhyveCommandline: Desc<DomainBhyveCommandline> = DomainBhyveCommandlineD;
const DomainXenCommandlineD = E({
  a: s('xmlns:xen'),
  k: { 'xen:arg': many(E({ a: s('value') })), 'xen:env': many(E({ a: s('name value') })) },
});
export interface DomainXenCommandline extends Infer<typeof DomainXenCommandlineD> {}
export const DomainXenCommandline: Desc<DomainXenCommandline> = DomainXenCommandlineD;
const lxcShare = E({ a: s('type value') });
/** LXC namespace sharing (`lxc:` prefix). */
const DomainLXCNamespaceD = E({ k: { 'lxc:sharenet': lxcShare, 'lxc:shareipc': lxcShare, 'lxc:shareuts': lxcShare } });
export interface DomainLXCNamespace extends Infer<typeof DomainLXCNamespaceD> {}
export const DomainLXCNamespace: Desc<DomainLXCNamespace> = DomainLXCNamespaceD;

/**
 * `<metadata>`: foreign-namespace XML owned by applications; kept verbatim as
 * generic nodes (its content is by definition not libvirt's to type).
 */
const DomainMetadataD = E({});
export interface DomainMetadata extends Infer<typeof DomainMetadataD> {}
export const DomainMetadata: Desc<DomainMetadata> = DomainMetadataD;

export const DomainDesc = E({
  a: { type: req(domainType), id: int, 'xmlns:qemu': str, 'xmlns:lxc': str, 'xmlns:bhyve': str, 'xmlns:xen': str, 'xmlns:vmware': str },
  k: {
    name: req(str),
    uuid: str,
    genid: str,
    title: str,
    description: str,
    metadata: DomainMetadata,
    maxMemory: DomainMaxMemory,
    memory: DomainMemory,
    currentMemory: DomainMemory,
    blkiotune: DomainBlkioTune,
    memtune: DomainMemoryTune,
    memoryBacking: DomainMemoryBacking,
    vcpu: DomainVCPU,
    vcpus: E({ k: { vcpu: many(E({ a: { id: int, enabled: yesno, hotpluggable: yesno, order: int } })) } }),
    iothreads: int,
    iothreadids: DomainIOThreadIDs,
    defaultiothread: E({ a: i('thread_pool_min thread_pool_max') }),
    cputune: DomainCPUTune,
    numatune: DomainNumaTune,
    resource: DomainResource,
    sysinfo: many(DomainSysInfo),
    bootloader: str,
    bootloader_args: str,
    os: DomainOS,
    idmap: DomainIDMap,
    features: DomainFeatures,
    cpu: DomainCPU,
    clock: DomainClock,
    on_poweroff: lifecycle,
    on_reboot: lifecycle,
    on_crash: lifecycle,
    on_lockfailure: hint('poweroff', 'restart', 'pause', 'ignore'),
    pm: DomainPM,
    perf: DomainPerf,
    devices: DomainDevices,
    seclabel: many(DomainSecLabel),
    keywrap: DomainKeyWrap,
    launchSecurity: DomainLaunchSecurity,
    'qemu:commandline': DomainQemuCommandline,
    'qemu:capabilities': DomainQemuCapabilities,
    'qemu:override': DomainQemuOverride,
    'qemu:deprecation': E({ a: s('behavior') }),
    'lxc:namespace': DomainLXCNamespace,
    'bhyve:commandline': DomainBhyveCommandline,
    'xen:commandline': DomainXenCommandline,
    'vmware:datacenterpath': str,
  },
});


/** The whole domain definition. */
export interface Domain extends Infer<typeof DomainDesc> {}
