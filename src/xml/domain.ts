/**
 * The domain XML (virDomainDefineXML / virDomainGetXMLDesc): its interfaces and descriptor tables.
 *
 * Conventions (see engine.ts): attribute and element values live under their XML
 * names; element text under `value`; repeated elements are arrays; empty flag
 * elements (`<readonly/>`) are `{}`; memory-like quantities are `number | bigint`
 * (exact to 2^64); PCI/CCW/... address parts are strings so `0x00` stays as written.
 * Children are listed in the order virDomainDefFormat writes them.
 *
 * The file has two halves: the interfaces of the parsed objects (the model users
 * program against, one named interface per element, documented from libvirt's
 * formatdomain documentation), then the descriptor tables that parse and write them.
 * test/xml-types.test.ts checks that the two agree field by field.
 */
import { attrNamed, hint, childNamed, unit, Desc, element, union, flag, intAttrs, int, flagChildren, intChildren, stringChildren, many, onoff, required, stringAttrs, str, u64, yesno } from './engine';
import type { Extras, Kind, SizeUnit } from './engine';

// ---------------------------------------------------------------------------
// the model
/** Children every device ends with: its alias, ACPI index and bus address. */
export interface DomainDeviceInfo extends Extras {
  /** User-defined or libvirt-generated device alias (`<alias name>`); user aliases start with `ua-`. */
  alias?: DomainAlias;
  /** ACPI index the guest uses to name the device (`<acpi index>`). */
  acpi?: DomainDeviceACPI;
  /** Address of the device on its bus (`<address>`): PCI, drive, USB, virtio-serial, CCW, ... */
  address?: DomainAddress;
}
/** Options of the virtio transport, shared by the `<driver>` of every virtio device. */
export interface DomainVirtioOptions extends Extras {
  /** Use the emulated IOMMU for the virtio device (`on`/`off`). */
  iommu?: 'on' | 'off';
  /** Address Translation Service support for the virtio device (`on`/`off`). */
  ats?: 'on' | 'off';
  /** Use packed virtqueues (`on`/`off`). */
  packed?: 'on' | 'off';
  /** Layout of the notify capabilities: one page per virtqueue (`on`/`off`). */
  page_per_vq?: 'on' | 'off';
}
/** Fields of a disk `<source>` whatever the disk type. */
export interface DomainDiskSourceCommon extends Extras {
  /** Index of this image in the backing chain (output only). */
  index?: number;
  /** What to do when the source is missing at start: `mandatory`, `requisite` or `optional`. */
  startupPolicy?: string;
  /** Name of a file descriptor group passed with virDomainFDAssociate that holds the source. */
  fdgroup?: string;
  /** The storage server(s) to contact (`<host name port transport socket>`). */
  host?: DomainDiskSourceHost[];
  /** Internal snapshot of the image to use (`<snapshot name>`, rbd/qcow2). */
  snapshot?: DomainDiskSourceSnapshot;
  /** Configuration file of the storage protocol (`<config file>`, e.g. for rbd). */
  config?: DomainDiskSourceConfig;
  /** Hypervisor-private data (node names, reservations); output only. */
  privateData?: DomainDiskSourcePrivateData;
  /** iSCSI initiator name (`<initiator><iqn name>`). */
  initiator?: DomainDiskSourceInitiator;
  /** Authentication to the storage server (`<auth username>` with a `<secret>`). */
  auth?: DomainAuth;
  /** Encryption of the image (`<encryption format>` with its secret). */
  encryption?: DomainEncryption;
  /** SCSI persistent reservations (`enabled`, `managed`) with an optional helper socket. */
  reservations?: DomainDiskSourceReservations;
  /** Slices of the source: an offset and size within it (`<slices><slice type="storage">`). */
  slices?: DomainDiskSourceSlices;
  /** TLS certificate verification for http(s)/ftps sources (`<ssl verify>`). */
  ssl?: DomainDiskSourceSsl;
  /** HTTP cookies sent with requests for http(s) sources. */
  cookies?: DomainDiskSourceCookies;
  /** Size of the readahead buffer for http(s)/ftp sources, in bytes. */
  readahead?: DomainDiskSourceReadahead;
  /** Connection timeout for http(s)/ftp sources, in seconds. */
  timeout?: DomainDiskSourceTimeout;
  /** User and group to present to the NFS server (`<identity user group>`). */
  identity?: DomainDiskSourceIdentity;
  /** PCI address of the source device (the NVMe controller of an `nvme` disk). */
  address?: DomainAddress;
  /** Security label overrides for this resource (`<seclabel>`). */
  seclabel?: DomainSecLabel[];
  /** External data file of a qcow2 image (`<dataStore type>` with its format and source). */
  dataStore?: DomainDiskSourceDataStore;
}
/** Fields of an interface `<source>` whatever the interface type. */
export interface DomainInterfaceSourceCommon extends Extras {
  /** IP address (`<ip address family prefix peer>`). */
  ip?: DomainIP[];
  /** IP route (`<route family address prefix gateway metric>`). */
  route?: DomainRoute[];
  /** Local address and port of a UDP socket (`<local address port>`). */
  local?: DomainInterfaceSourceLocal;
  /** Reconnect to the backend after the connection drops (`<reconnect enabled timeout>`). */
  reconnect?: DomainReconnect;
}
/** Fields of a character device `<source>` whatever its type. */
export interface DomainChardevSourceCommon extends Extras {
  /** Security label overrides for this resource (`<seclabel>`). */
  seclabel?: DomainSecLabel[];
  /** Reconnect to the backend after the connection drops (`<reconnect enabled timeout>`). */
  reconnect?: DomainReconnect;
  /** Clipboard sharing with the client (`<clipboard copypaste="yes|no">`). */
  clipboard?: DomainChardevSourceClipboard;
  /** Mouse mode (`<mouse mode="server|client">`). */
  mouse?: DomainChardevSourceMouse;
}

/** The whole domain definition (`<domain>`), as virDomainDefineXML takes it and virDomainGetXMLDesc returns it. */
export interface Domain extends Extras {
  /** Hypervisor driver that runs the domain: `kvm`, `qemu`, `xen`, `lxc`, `test`, ... */
  type: 'qemu' | 'kvm' | 'xen' | 'lxc' | 'test' | 'vmware' | 'hyperv' | 'vbox' | 'bhyve' | 'vz' | 'openvz' | 'phyp' | (string & {});
  /** Runtime identifier of a running domain (output only; -1 or absent when inactive). */
  id?: number;
  /** Namespace declaration for the `qemu:` elements (`http://libvirt.org/schemas/domain/qemu/1.0`). */
  'xmlns:qemu'?: string;
  /** Namespace declaration for the `lxc:` elements. */
  'xmlns:lxc'?: string;
  /** Namespace declaration for the `bhyve:` elements. */
  'xmlns:bhyve'?: string;
  /** Namespace declaration for the `xen:` elements. */
  'xmlns:xen'?: string;
  /** Namespace declaration for the `vmware:` elements. */
  'xmlns:vmware'?: string;
  /** Short name of the domain: unique among the domains of a host, and no `/`. */
  name: string;
  /** Globally unique identifier of the domain (RFC 4122); generated when omitted. */
  uuid?: string;
  /** VM generation ID exposed to the guest (a GUID, or empty to let libvirt generate one). */
  genid?: string;
  /** Short description of the domain (no newlines). */
  title?: string;
  /** Human-readable description of the domain; libvirt does not use it. */
  description?: string;
  /** Application metadata, as elements in the application's own XML namespace (kept verbatim). */
  metadata?: DomainMetadata;
  /** Maximum run-time memory including hotplugged memory, and the number of hotplug `slots`. */
  maxMemory?: DomainMaxMemory;
  /** Maximum memory allocated to the guest at boot time. */
  memory?: DomainMemory;
  /** Actual memory allocation (the balloon target); at most `memory`. */
  currentMemory?: DomainMemory;
  /** Block I/O tuning for the whole domain (cgroup blkio weights and throttles). */
  blkiotune?: DomainBlkioTune;
  /** Memory tuning: hard, soft, swap limits and minimum guarantee. */
  memtune?: DomainMemoryTune;
  /** How guest memory is backed on the host: huge pages, sharing, locking, source, access. */
  memoryBacking?: DomainMemoryBacking;
  /** Maximum number of virtual CPUs, with placement, cpuset and the number `current`ly online. */
  vcpu?: DomainVCPU;
  /** Per-vCPU state: enabled, hotpluggable and hotplug order. */
  vcpus?: DomainVCPUs;
  /** Number of IOThreads to create for the domain. */
  iothreads?: number;
  /** IOThreads by ID, with their thread pool sizes and polling settings. */
  iothreadids?: DomainIOThreadIDs;
  /** Thread pool size of the default event loop (`thread_pool_min`, `thread_pool_max`). */
  defaultiothread?: DomainDefaultIOThread;
  /** CPU tuning: shares, bandwidth, pinning, scheduling and cache/memory bandwidth allocation. */
  cputune?: DomainCPUTune;
  /** Memory placement on host NUMA nodes. */
  numatune?: DomainNumaTune;
  /** Resource partition (cgroup placement) of the domain. */
  resource?: DomainResource;
  /** System information presented to the guest (SMBIOS tables or fw_cfg entries). */
  sysinfo?: DomainSysInfo[];
  /** Host path of a bootloader that provides the kernel (Xen paravirtualized guests). */
  bootloader?: string;
  /** Command-line arguments for the bootloader. */
  bootloader_args?: string;
  /** How the guest boots: OS type, firmware, loader, kernel, boot devices and menus. */
  os?: DomainOS;
  /** User and group ID maps of a container (LXC user namespaces). */
  idmap?: DomainIDMap;
  /** Hypervisor features to turn on or off (ACPI, APIC, Hyper-V enlightenments, ...). */
  features?: DomainFeatures;
  /** Guest CPU model, topology, features and NUMA layout. */
  cpu?: DomainCPU;
  /** Guest clock: offset from the host and timers. */
  clock?: DomainClock;
  /** Action when the guest requests a poweroff. */
  on_poweroff?: 'destroy' | 'restart' | 'rename-restart' | 'preserve' | 'coredump-destroy' | 'coredump-restart' | (string & {});
  /** Action when the guest requests a reboot. */
  on_reboot?: 'destroy' | 'restart' | 'rename-restart' | 'preserve' | 'coredump-destroy' | 'coredump-restart' | (string & {});
  /** Action when the guest crashes. */
  on_crash?: 'destroy' | 'restart' | 'rename-restart' | 'preserve' | 'coredump-destroy' | 'coredump-restart' | (string & {});
  /** Action when a lock manager loses its locks: `poweroff`, `restart`, `pause` or `ignore`. */
  on_lockfailure?: 'poweroff' | 'restart' | 'pause' | 'ignore' | (string & {});
  /** Guest power management: whether suspend-to-mem and suspend-to-disk are offered. */
  pm?: DomainPM;
  /** Perf events to collect for the domain. */
  perf?: DomainPerf;
  /** The devices of the domain. */
  devices?: DomainDevices;
  /** Security labels of the domain (SELinux, AppArmor, DAC). */
  seclabel?: DomainSecLabel[];
  /** S390 AES/DEA key wrapping settings. */
  keywrap?: DomainKeyWrap;
  /** Confidential computing: AMD SEV or s390 protected virtualization. */
  launchSecurity?: DomainLaunchSecurity;
  /** Extra QEMU command-line arguments and environment (unsupported; for testing). */
  'qemu:commandline'?: DomainQemuCommandline;
  /** QEMU capabilities to force on or off (unsupported; for testing). */
  'qemu:capabilities'?: DomainQemuCapabilities;
  /** Overrides of properties of QEMU devices (unsupported; for testing). */
  'qemu:override'?: DomainQemuOverride;
  /** How QEMU treats deprecated features (`behavior`: `none`, `omit`, `reject`, `crash`). */
  'qemu:deprecation'?: DomainQemuDeprecation;
  /** LXC namespaces to share with another container or process. */
  'lxc:namespace'?: DomainLXCNamespace;
  /** Extra bhyve command-line arguments and environment. */
  'bhyve:commandline'?: DomainBhyveCommandline;
  /** Extra Xen (libxl) device model arguments and environment. */
  'xen:commandline'?: DomainXenCommandline;
  /** Datacenter path of a VMware ESX guest. */
  'vmware:datacenterpath'?: string;
}

/** A size: a number with a unit (`<x unit="KiB">1024</x>`). */
export interface DomainScaledInteger extends Extras {
  /** Unit of the value (`b`, `KiB`, `MiB`, `GiB`, ...; default depends on the element). */
  unit?: SizeUnit;
  /** The number (a bigint above 2^53). */
  value?: number | bigint;
}

/** Where a device sits on its bus; which attributes apply depends on `type`. */
export interface DomainAddress extends Extras {
  /** Address type: `pci`, `drive`, `virtio-serial`, `ccid`, `usb`, `ccw`, `isa`, `dimm`, ... */
  type?: 'pci' | 'drive' | 'virtio-serial' | 'ccid' | 'usb' | 'spapr-vio' | 'ccw' | 'isa' | 'dimm' | 'virtio-mmio' | 'unassigned' | (string & {});
  /** PCI domain (`0x0000`). */
  domain?: string;
  /** Bus number (PCI `0x00`-`0xff`, drive, USB, virtio-serial). */
  bus?: string;
  /** PCI slot (`0x00`-`0x1f`). */
  slot?: string;
  /** PCI function (`0x0`-`0x7`). */
  function?: string;
  /** PCI multifunction bit (`on`/`off`) of function 0. */
  multifunction?: string;
  /** Controller number (drive, ccid, virtio-serial addresses). */
  controller?: string;
  /** SCSI target (drive addresses). */
  target?: string;
  /** Unit on the bus (drive addresses). */
  unit?: string;
  /** Port (USB: dotted hub path such as `1.2`; virtio-serial, ccid: a number). */
  port?: string;
  /** Register address (spapr-vio). */
  reg?: string;
  /** Channel subsystem ID (ccw). */
  cssid?: string;
  /** Subchannel set ID (ccw). */
  ssid?: string;
  /** Device number (ccw). */
  devno?: string;
  /** I/O port base (isa). */
  iobase?: string;
  /** IRQ (isa). */
  irq?: string;
  /** Base address (dimm, virtio-mmio). */
  base?: string;
  /** S390 PCI identifiers (`uid`, `fid`). */
  zpci?: DomainAddressZpci;
}

export interface DomainAlias extends Extras {
  /** The alias. */
  name?: string;
}

export interface DomainDeviceBoot extends Extras {
  /** Position in the boot order (1 first). */
  order?: number;
  /** S390 load parameter (up to 8 characters). */
  loadparm?: string;
}

export interface DomainDeviceACPI extends Extras {
  /** ACPI index (1-16383) the guest uses for stable interface names. */
  index?: number;
}

/** A security label (`<seclabel>`). */
export interface DomainSecLabel extends Extras {
  /** `dynamic` (generated), `static` (given) or `none` (unconfined). */
  type?: 'dynamic' | 'static' | 'none' | (string & {});
  /** Security driver: `selinux`, `apparmor` or `dac`. */
  model?: string;
  /** `yes`: libvirt relabels resources for this domain. */
  relabel?: 'yes' | 'no';
  /** `yes`: the resource was not relabeled (output only). */
  labelskip?: 'yes' | 'no';
  /** The security label (static), or the generated one. */
  label?: string;
  /** Label used for image files (output only). */
  imagelabel?: string;
  /** Base label a dynamic label is derived from. */
  baselabel?: string;
}

/** Reference to a libvirt secret (`<secret>`). */
export interface DomainSecret extends Extras {
  /** Secret type: `ceph`, `iscsi`, `passphrase`, `volume`, ... */
  type?: string;
  /** Usage name of the secret. */
  usage?: string;
  /** UUID of the secret. */
  uuid?: string;
}

export interface DomainAuth extends Extras {
  /** User name to authenticate as. */
  username?: string;
  /** The secret holding the password or key. */
  secret?: DomainSecret;
}

export interface DomainEncryption extends Extras {
  /** Encryption format: `luks`, `luks2`, `luks-any` or `qcow`. */
  format?: string;
  /** Who decrypts: `qemu` or `librbd`. */
  engine?: string;
  /** Cipher for new LUKS volumes. */
  cipher?: DomainEncryptionCipher;
  /** Initialization vector generator for new LUKS volumes. */
  ivgen?: DomainEncryptionIvgen;
  /** The passphrase secret(s). */
  secret?: DomainSecret[];
}

export interface DomainReconnect extends Extras {
  /** Reconnect after the connection drops (`yes`/`no`). */
  enabled?: 'yes' | 'no';
  /** Seconds to wait before reconnecting. */
  timeout?: number;
}

export interface DomainDiskSourceFile extends DomainDiskSourceCommon {
  /** Path of the image file. */
  file?: string;
  /** Reconnect to the backend after the connection drops (`<reconnect enabled timeout>`). */
  reconnect?: DomainDiskSourceReconnect;
}

export interface DomainDiskSourceBlock extends DomainDiskSourceCommon {
  /** Path of the host block device. */
  dev?: string;
  /** Reconnect to the backend after the connection drops (`<reconnect enabled timeout>`). */
  reconnect?: DomainDiskSourceReconnect;
}

export interface DomainDiskSourceDir extends DomainDiskSourceCommon {
  /** Host directory exposed as the disk. */
  dir?: string;
  /** Reconnect to the backend after the connection drops (`<reconnect enabled timeout>`). */
  reconnect?: DomainDiskSourceReconnect;
}

export interface DomainDiskSourceNetwork extends DomainDiskSourceCommon {
  /** Protocol: `nbd`, `iscsi`, `rbd`, `sheepdog`, `gluster`, `http`, `https`, `ftp`, `ssh`, `vxhs`, `nfs`, ... */
  protocol?: string;
  /** Volume or image name on the server (protocol-specific, e.g. `pool/image` for rbd). */
  name?: string;
  /** Query string of http(s) URLs. */
  query?: string;
  /** Use TLS to reach the server (nbd, vxhs). */
  tls?: 'yes' | 'no';
  /** Host name to verify the server's TLS certificate against. */
  tlsHostname?: string;
  /** Reconnect to the backend after the connection drops (`<reconnect enabled timeout>`). */
  reconnect?: DomainReconnect;
}

export interface DomainDiskSourceVolume extends DomainDiskSourceCommon {
  /** Name of the storage pool. */
  pool?: string;
  /** Name of the volume in the pool. */
  volume?: string;
  /** How an iSCSI volume is accessed: `host` (through the host) or `direct` (by QEMU). */
  mode?: string;
  /** Reconnect to the backend after the connection drops (`<reconnect enabled timeout>`). */
  reconnect?: DomainDiskSourceReconnect;
}

export interface DomainDiskSourceNVMe extends DomainDiskSourceCommon {
  /** Address type of the NVMe controller; `pci`. */
  type?: string;
  /** `yes`: libvirt detaches the controller from the host driver. */
  managed?: 'yes' | 'no';
  /** Namespace ID on the controller (from 1). */
  namespace?: number;
  /** Reconnect to the backend after the connection drops (`<reconnect enabled timeout>`). */
  reconnect?: DomainDiskSourceReconnect;
}

export interface DomainDiskSourceVhostUser extends DomainDiskSourceCommon {
  /** Socket type; `unix`. */
  type?: string;
  /** Path of the vhost-user socket. */
  path?: string;
  /** Reconnect to the backend after the connection drops (`<reconnect enabled timeout>`). */
  reconnect?: DomainReconnect;
}

/** A disk `<source>` of any type (backing chains, mirrors, NVRAM). */
export interface DomainDiskSourceAny extends DomainDiskSourceCommon {
  /** Path of an image file (file sources). */
  file?: string;
  /** Path of a block device (block sources). */
  dev?: string;
  /** Directory (dir sources). */
  dir?: string;
  /** Network protocol (network sources). */
  protocol?: string;
  /** Image name on the server (network sources). */
  name?: string;
  /** Query string of http(s) URLs (network sources). */
  query?: string;
  /** Use TLS (network sources). */
  tls?: 'yes' | 'no';
  /** Host name for TLS certificate verification (network sources). */
  tlsHostname?: string;
  /** Storage pool (volume sources). */
  pool?: string;
  /** Volume in the pool (volume sources). */
  volume?: string;
  /** iSCSI volume access mode (volume sources). */
  mode?: string;
  /** Address or socket type (nvme, vhostuser sources). */
  type?: string;
  /** Detach the NVMe controller from the host driver (nvme sources). */
  managed?: 'yes' | 'no';
  /** NVMe namespace (nvme sources). */
  namespace?: number;
  /** Socket path (vhostuser sources). */
  path?: string;
  /** Reconnect to the backend after the connection drops (`<reconnect enabled timeout>`). */
  reconnect?: DomainReconnect;
}

/** One image of a backing chain (`<backingStore>`); an empty one ends the chain. */
export interface DomainDiskBackingStore extends Extras {
  /** Source type of this image: `file`, `block`, `network`, ... */
  type?: string;
  /** Index of this image in the backing chain (output only). */
  index?: number;
  /** Format of this image (`<format type>`). */
  format?: DomainDiskFormat;
  /** Where this image lives. */
  source?: DomainDiskSourceAny;
  /** The next image down the chain. */
  backingStore?: DomainDiskBackingStore;
}

/** Hypervisor driver details of a disk (`<driver>`). */
export interface DomainDiskDriver extends DomainVirtioOptions {
  /** Driver name; `qemu` for QEMU/KVM. */
  name?: string;
  /** Image format: `raw`, `qcow2`, `vmdk`, ... */
  type?: string;
  /** Cache mode: `default`, `none`, `writethrough`, `writeback`, `directsync` or `unsafe`. */
  cache?: 'default' | 'none' | 'writethrough' | 'writeback' | 'directsync' | 'unsafe' | (string & {});
  /** Action on write errors: `stop`, `report`, `ignore` or `enospace`. */
  error_policy?: string;
  /** Action on read errors: `stop`, `report` or `ignore`. */
  rerror_policy?: string;
  /** I/O mode: `threads`, `native` or `io_uring`. */
  io?: 'native' | 'threads' | 'io_uring' | (string & {});
  /** Use ioeventfd for guest notifications (`on`/`off`). */
  ioeventfd?: 'on' | 'off';
  /** Use the virtio event index to suppress interrupts (`on`/`off`). */
  event_idx?: 'on' | 'off';
  /** Copy read backing-file sectors into the image (`on`/`off`). */
  copy_on_read?: 'on' | 'off';
  /** Pass discard requests to the host: `unmap` or `ignore`. */
  discard?: string;
  /** IOThread that serves the device's requests. */
  iothread?: number;
  /** Detect writes of zeros: `off`, `on` or `unmap`. */
  detect_zeroes?: string;
  /** Number of virtqueues (virtio-blk). */
  queues?: number;
  /** Size of each virtqueue (virtio-blk). */
  queue_size?: number;
  /** qcow2 metadata cache size: `maximum`. */
  metadata_cache_size?: string;
  /** qcow2 metadata cache size limit. */
  metadata_cache?: DomainDiskMetadataCache;
  /** IOThreads serving the disk, with the queues each one handles. */
  iothreads?: DomainDiskDriverIothreads;
}

/** How the disk appears to the guest (`<target>`). */
export interface DomainDiskTarget extends Extras {
  /** Device name hint (`vda`, `sda`, `hdc`); also orders the disks on their bus. */
  dev?: string;
  /** Bus: `virtio`, `scsi`, `sata`, `ide`, `usb`, `fdc`, `sd`, `xen`, ... */
  bus?: 'virtio' | 'scsi' | 'sata' | 'ide' | 'usb' | 'fdc' | 'sd' | 'xen' | 'uml' | (string & {});
  /** Tray state of a removable disk: `open` or `closed`. */
  tray?: string;
  /** Removable flag of a USB or SCSI disk (`on`/`off`). */
  removable?: 'on' | 'off';
  /** Rotation rate reported to the guest (1 for SSD, or 1025-65534 RPM). */
  rotation_rate?: number;
}

/** I/O limits of a disk (`<iotune>`): bytes or operations per second, total or per direction. */
export interface DomainDiskIOTune extends Extras {
  /** Total throughput limit in bytes per second. */
  total_bytes_sec?: number;
  /** Read throughput limit in bytes per second. */
  read_bytes_sec?: number;
  /** Write throughput limit in bytes per second. */
  write_bytes_sec?: number;
  /** Total I/O operations per second. */
  total_iops_sec?: number;
  /** Read I/O operations per second. */
  read_iops_sec?: number;
  /** Write I/O operations per second. */
  write_iops_sec?: number;
  /** Burst total throughput in bytes per second. */
  total_bytes_sec_max?: number;
  /** Burst read throughput in bytes per second. */
  read_bytes_sec_max?: number;
  /** Burst write throughput in bytes per second. */
  write_bytes_sec_max?: number;
  /** Burst total I/O operations per second. */
  total_iops_sec_max?: number;
  /** Burst read I/O operations per second. */
  read_iops_sec_max?: number;
  /** Burst write I/O operations per second. */
  write_iops_sec_max?: number;
  /** Size of an I/O operation in bytes, for the iops limits. */
  size_iops_sec?: number;
  /** Throttle group shared with other disks. */
  group_name?: string;
  /** Seconds the total throughput burst may last. */
  total_bytes_sec_max_length?: number;
  /** Seconds the read throughput burst may last. */
  read_bytes_sec_max_length?: number;
  /** Seconds the write throughput burst may last. */
  write_bytes_sec_max_length?: number;
  /** Seconds the total iops burst may last. */
  total_iops_sec_max_length?: number;
  /** Seconds the read iops burst may last. */
  read_iops_sec_max_length?: number;
  /** Seconds the write iops burst may last. */
  write_iops_sec_max_length?: number;
}

/** A disk (`<disk>`), one shape per `type`; `source` takes the shape of that type. */
export type DomainDisk = DomainDiskFile | DomainDiskBlock | DomainDiskDir | DomainDiskNetwork | DomainDiskVolume | DomainDiskNvme | DomainDiskVhostuser;
/** Fields of a disk whatever its `type`. */
export interface DomainDiskBase extends DomainDeviceInfo {
  /** How the disk is exposed to the guest: `disk`, `cdrom`, `floppy` or `lun`. */
  device?: 'disk' | 'cdrom' | 'floppy' | 'lun' | (string & {});
  /** Model of a virtio disk: `virtio`, `virtio-transitional`, `virtio-non-transitional`. */
  model?: string;
  /** `yes`: the device may issue raw I/O (CAP_SYS_RAWIO) for `lun` devices. */
  rawio?: 'yes' | 'no';
  /** SCSI generic ioctl filtering for `lun` devices: `filtered` or `unfiltered`. */
  sgio?: string;
  /** Default snapshot mode of the disk: `internal`, `external`, `manual` or `no`. */
  snapshot?: string;
  /** Hypervisor driver options for the device (`<driver>`). */
  driver?: DomainDiskDriver;
  /** Authentication to the storage server (`<auth username>` with a `<secret>`). */
  auth?: DomainAuth;
  /** Where the disk data lives (shape depends on `type`). */
  source?: DomainDiskSourceAny;
  /** The backing chain of the image (output, or given to describe it). */
  backingStore?: DomainDiskBackingStore;
  /** Driver domain that hosts the disk backend (Xen; `<backenddomain name>`). */
  backenddomain?: DomainDiskBackenddomain;
  /** Disk geometry override (cylinders, heads, sectors, BIOS translation). */
  geometry?: DomainDiskGeometry;
  /** Block sizes reported to the guest. */
  blockio?: DomainDiskBlockio;
  /** A block copy or active commit in progress (output only). */
  mirror?: DomainDiskMirror;
  /** How the device appears in the guest (`<target>`). */
  target?: DomainDiskTarget;
  /** I/O throttling of the disk. */
  iotune?: DomainDiskIOTune;
  /** Read-only (`<readonly/>`). */
  readonly?: Extras;
  /** Shared between domains (`<shareable/>`); no caching is done. */
  shareable?: Extras;
  /** Discard changes when the domain stops (`<transient/>`); `shareBacking` lets domains share the image. */
  transient?: DomainDiskTransient;
  /** Serial number reported to the guest. */
  serial?: string;
  /** World Wide Name reported to the guest (IDE, SCSI). */
  wwn?: string;
  /** Vendor reported to the guest (SCSI; up to 8 characters). */
  vendor?: string;
  /** Product reported to the guest (SCSI; up to 16 characters). */
  product?: string;
  /** Encryption of the disk image (legacy location; prefer `source.encryption`). */
  encryption?: DomainEncryption;
  /** Per-device boot order (`<boot order>`); cannot be combined with `<os><boot>`. */
  boot?: DomainDeviceBoot;
}
/** A disk backed by a host file (`type="file"`, the default). */
export type DomainDiskFile = Omit<DomainDiskBase, 'type' | 'source'> & {
  type: 'file';
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainDiskSourceFile;
};
/** A disk backed by a host block device (`type="block"`). */
export type DomainDiskBlock = Omit<DomainDiskBase, 'type' | 'source'> & {
  type: 'block';
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainDiskSourceBlock;
};
/** A directory exposed as a virtual FAT disk (`type="dir"`). */
export type DomainDiskDir = Omit<DomainDiskBase, 'type' | 'source'> & {
  type: 'dir';
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainDiskSourceDir;
};
/** A disk on a network storage server: nbd, iscsi, rbd, gluster, http(s), ... (`type="network"`). */
export type DomainDiskNetwork = Omit<DomainDiskBase, 'type' | 'source'> & {
  type: 'network';
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainDiskSourceNetwork;
};
/** A disk from a libvirt storage pool volume (`type="volume"`). */
export type DomainDiskVolume = Omit<DomainDiskBase, 'type' | 'source'> & {
  type: 'volume';
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainDiskSourceVolume;
};
/** An NVMe namespace of a host NVMe controller (`type="nvme"`). */
export type DomainDiskNvme = Omit<DomainDiskBase, 'type' | 'source'> & {
  type: 'nvme';
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainDiskSourceNVMe;
};
/** A vhost-user block device served by an external process (`type="vhostuser"`). */
export type DomainDiskVhostuser = Omit<DomainDiskBase, 'type' | 'source'> & {
  type: 'vhostuser';
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainDiskSourceVhostUser;
};

/** A bus controller (`<controller>`): IDE, SCSI, SATA, USB, PCI, virtio-serial, ... */
export interface DomainController extends DomainDeviceInfo {
  /** Controller type: `ide`, `fdc`, `scsi`, `sata`, `usb`, `ccid`, `virtio-serial`, `xenbus`, `pci`, `isa`. */
  type?: 'ide' | 'fdc' | 'scsi' | 'sata' | 'usb' | 'ccid' | 'virtio-serial' | 'xenbus' | 'pci' | 'isa' | (string & {});
  /** Order among controllers of the same type; referenced by device addresses. */
  index?: number;
  /** Controller model (`virtio-scsi`, `qemu-xhci`, `pcie-root-port`, ...). */
  model?: string;
  /** Number of ports (virtio-serial, USB). */
  ports?: number;
  /** Number of MSI vectors (virtio-serial). */
  vectors?: number;
  /** Maximum grant frames (xenbus). */
  maxGrantFrames?: number;
  /** Maximum event channels (xenbus). */
  maxEventChannels?: number;
  /** Model of the emulated PCI controller device (the `<model name>` child). */
  modelName?: DomainControllerModelName;
  /** PCI controller target settings: chassis, port, bus number, hotplug, NUMA node. */
  target?: DomainControllerTarget;
  /** Size of the 64-bit PCI hole (pci-root, pcie-root). */
  pcihole64?: DomainScaledInteger;
  /** Driver options: queues, command limits, iothread, virtio options. */
  driver?: DomainControllerDriver;
  /** Companion controller of a USB2 EHCI master (`startport`). */
  master?: DomainControllerMaster;
}

/** A lock manager lease (`<lease>`). */
export interface DomainLease extends Extras {
  /** Lockspace the lease belongs to. */
  lockspace?: string;
  /** Key of the lease in the lockspace. */
  key?: string;
  /** File and offset where the lease is stored. */
  target?: DomainLeaseTarget;
}

/** A host directory or image shared with the guest (`<filesystem>`). */
export interface DomainFilesystem extends DomainDeviceInfo {
  /** Source type: `mount`, `template`, `file`, `block`, `ram`, `bind` or `volume`. */
  type?: string;
  /** Access mode: `passthrough`, `mapped` or `squash`. */
  accessmode?: string;
  /** virtio model (`virtio`, `virtio-transitional`, ...). */
  model?: string;
  /** How to handle several host devices in one export: `default`, `remap`, `forbid`, `warn`. */
  multidevs?: string;
  /** Creation mode of files (mapped access mode). */
  fmode?: string;
  /** Creation mode of directories (mapped access mode). */
  dmode?: string;
  /** Hypervisor driver options for the device (`<driver>`). */
  driver?: DomainFilesystemDriver;
  /** virtiofsd binary and its options. */
  binary?: DomainFilesystemBinary;
  /** User and group ID maps (virtiofs). */
  idmap?: DomainFilesystemIdmap;
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainFilesystemSource;
  /** How the device appears in the guest (`<target>`). */
  target?: DomainFilesystemTarget;
  /** Read-only (`<readonly/>`). */
  readonly?: Extras;
  /** Maximum space available to the guest (LXC). */
  space_hard_limit?: DomainScaledInteger;
  /** Space the guest may exceed for a grace period (LXC). */
  space_soft_limit?: DomainScaledInteger;
  /** Per-device boot order (`<boot order>`); cannot be combined with `<os><boot>`. */
  boot?: DomainDeviceBoot;
}

export interface DomainInterfaceSourceNetwork extends DomainInterfaceSourceCommon {
  /** Name of the libvirt network. */
  network?: string;
  /** Port group of the network. */
  portgroup?: string;
  /** UUID of the network port (output only). */
  portid?: string;
  /** Bridge the network uses (output only). */
  bridge?: string;
}

export interface DomainInterfaceSourceBridge extends DomainInterfaceSourceCommon {
  /** Name of the host bridge. */
  bridge?: string;
}

export interface DomainInterfaceSourceDirect extends DomainInterfaceSourceCommon {
  /** Host interface macvtap attaches to. */
  dev?: string;
  /** macvtap mode: `vepa`, `bridge`, `private` or `passthrough`. */
  mode?: string;
}

export interface DomainInterfaceSourceUser extends DomainInterfaceSourceCommon {
  /** Host interface passt uses. */
  dev?: string;
}

export interface DomainInterfaceSourceEthernet extends DomainInterfaceSourceCommon {
  /** Existing tap device. */
  dev?: string;
}

export interface DomainInterfaceSourceVhostUser extends DomainInterfaceSourceCommon {
  /** Socket type; `unix`. */
  type?: string;
  /** Path of the socket. */
  path?: string;
  /** Who listens: `server` (QEMU) or `client`. */
  mode?: string;
}

export interface DomainInterfaceSourceSocket extends DomainInterfaceSourceCommon {
  /** IP address to listen on or connect to. */
  address?: string;
  /** Port to listen on or connect to. */
  port?: number;
}

export interface DomainInterfaceSourceHostdev extends DomainInterfaceSourceCommon {
  /** PCI address of the host device. */
  address?: DomainAddress;
}

export interface DomainInterfaceSourceVdpa extends DomainInterfaceSourceCommon {
  /** Path of the vhost-vdpa character device. */
  dev?: string;
}

/** An interface `<source>` of any type. */
export interface DomainInterfaceSourceAny extends DomainInterfaceSourceCommon {
  /** Libvirt network name (network). */
  network?: string;
  /** Port group (network). */
  portgroup?: string;
  /** Network port UUID (network). */
  portid?: string;
  /** Host bridge (bridge, network). */
  bridge?: string;
  /** Host device (direct, ethernet, user, vdpa). */
  dev?: string;
  /** macvtap or vhost-user mode. */
  mode?: string;
  /** Socket type (vhostuser). */
  type?: string;
  /** Socket path (vhostuser). */
  path?: string;
  /** IP address (socket tunnels). */
  address?: string;
  /** Port (socket tunnels). */
  port?: number;
}

/** A network interface (`<interface>`), one shape per `type`; `source` takes the shape of that type. */
export type DomainInterface = DomainInterfaceNetwork | DomainInterfaceBridge | DomainInterfaceDirect | DomainInterfaceUser | DomainInterfaceEthernet | DomainInterfaceVhostuser | DomainInterfaceServer | DomainInterfaceClient | DomainInterfaceMcast | DomainInterfaceUdp | DomainInterfaceHostdev | DomainInterfaceVdpa | DomainInterfaceNull | DomainInterfaceVds;
/** Fields of a network interface whatever its `type`. */
export interface DomainInterfaceBase extends DomainDeviceInfo {
  /** Detach the host device from its driver before use (hostdev interfaces). */
  managed?: 'yes' | 'no';
  /** Trust MAC and multicast changes made by the guest (macvtap, hostdev). */
  trustGuestRxFilters?: 'yes' | 'no';
  /** MAC address (generated when omitted). */
  mac?: DomainInterfaceMac;
  /** What the interface connects to on the host (shape depends on `type`). */
  source?: DomainInterfaceSourceAny;
  /** VLAN tag(s) and trunk mode. */
  vlan?: DomainInterfaceVlan;
  /** Virtual port profile: 802.1Qbg, 802.1Qbh, openvswitch or midonet. */
  virtualport?: DomainInterfaceVirtualport;
  /** Inbound and outbound traffic shaping. */
  bandwidth?: DomainInterfaceBandwidth;
  /** Port isolation (`<port isolated="yes">`). */
  port?: DomainInterfacePort;
  /** IP addresses configured on the host side or in a container. */
  ip?: DomainIP[];
  /** Routes configured on the host side or in a container. */
  route?: DomainRoute[];
  /** Port forwarding for user-mode (passt) interfaces. */
  portForward?: DomainInterfacePortForward[];
  /** Script run to set up the tap device (ethernet interfaces). */
  script?: DomainInterfaceScript;
  /** Script run when the tap device is removed (ethernet interfaces). */
  downscript?: DomainInterfaceDownscript;
  /** Driver domain that hosts the backend (Xen). */
  backenddomain?: DomainInterfaceBackenddomain;
  /** Host-side device name (`vnet0`); `managed="no"` uses an existing tap. */
  target?: DomainInterfaceTarget;
  /** Device name inside the container (LXC). */
  guest?: DomainInterfaceGuest;
  /** NIC model presented to the guest (`<model type="virtio">`). */
  model?: DomainInterfaceModel;
  /** Backend and virtio options: vhost, queues, offloads, ring sizes. */
  driver?: DomainInterfaceDriver;
  /** Backend of the NIC: tap and vhost device paths, or the passt log file. */
  backend?: DomainInterfaceBackend;
  /** Network filter applied to the traffic, with its parameters. */
  filterref?: DomainInterfaceFilterref;
  /** Tuning of the tap device (`sndbuf`). */
  tune?: DomainInterfaceTune;
  /** Failover teaming with another interface (`type` `persistent` or `transient`, `persistent` names the partner). */
  teaming?: DomainInterfaceTeaming;
  /** Link state seen by the guest (`up` or `down`). */
  link?: DomainInterfaceLink;
  /** MTU of the interface. */
  mtu?: DomainInterfaceMtu;
  /** Interrupt coalescing of the receive queue. */
  coalesce?: DomainInterfaceCoalesce;
  /** Per-device boot order (`<boot order>`); cannot be combined with `<os><boot>`. */
  boot?: DomainDeviceBoot;
  /** PCI ROM BAR of the device: `bar` visibility, a `file` to load, or `enabled="no"`. */
  rom?: DomainInterfaceRom;
}
/** Connected to a libvirt virtual network (`type="network"`). */
export type DomainInterfaceNetwork = Omit<DomainInterfaceBase, 'type' | 'source'> & {
  type: 'network';
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainInterfaceSourceNetwork;
};
/** Connected to a host bridge (`type="bridge"`). */
export type DomainInterfaceBridge = Omit<DomainInterfaceBase, 'type' | 'source'> & {
  type: 'bridge';
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainInterfaceSourceBridge;
};
/** macvtap on a host interface (`type="direct"`). */
export type DomainInterfaceDirect = Omit<DomainInterfaceBase, 'type' | 'source'> & {
  type: 'direct';
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainInterfaceSourceDirect;
};
/** User-mode networking: SLIRP or passt (`type="user"`). */
export type DomainInterfaceUser = Omit<DomainInterfaceBase, 'type' | 'source'> & {
  type: 'user';
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainInterfaceSourceUser;
};
/** A tap device managed outside libvirt (`type="ethernet"`). */
export type DomainInterfaceEthernet = Omit<DomainInterfaceBase, 'type' | 'source'> & {
  type: 'ethernet';
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainInterfaceSourceEthernet;
};
/** A vhost-user socket served by another process (`type="vhostuser"`). */
export type DomainInterfaceVhostuser = Omit<DomainInterfaceBase, 'type' | 'source'> & {
  type: 'vhostuser';
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainInterfaceSourceVhostUser;
};
/** TCP server socket tunnel to another guest (`type="server"`). */
export type DomainInterfaceServer = Omit<DomainInterfaceBase, 'type' | 'source'> & {
  type: 'server';
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainInterfaceSourceSocket;
};
/** TCP client socket tunnel to another guest (`type="client"`). */
export type DomainInterfaceClient = Omit<DomainInterfaceBase, 'type' | 'source'> & {
  type: 'client';
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainInterfaceSourceSocket;
};
/** Multicast tunnel between guests (`type="mcast"`). */
export type DomainInterfaceMcast = Omit<DomainInterfaceBase, 'type' | 'source'> & {
  type: 'mcast';
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainInterfaceSourceSocket;
};
/** UDP tunnel to another guest (`type="udp"`). */
export type DomainInterfaceUdp = Omit<DomainInterfaceBase, 'type' | 'source'> & {
  type: 'udp';
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainInterfaceSourceSocket;
};
/** A host PCI network device (SR-IOV VF) assigned to the guest (`type="hostdev"`). */
export type DomainInterfaceHostdev = Omit<DomainInterfaceBase, 'type' | 'source'> & {
  type: 'hostdev';
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainInterfaceSourceHostdev;
};
/** A vDPA device (`type="vdpa"`). */
export type DomainInterfaceVdpa = Omit<DomainInterfaceBase, 'type' | 'source'> & {
  type: 'vdpa';
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainInterfaceSourceVdpa;
};
/** A NIC with no backend (`type="null"`). */
export type DomainInterfaceNull = Omit<DomainInterfaceBase, 'type'> & {
  type: 'null';
};
/** A VMware distributed switch port (`type="vds"`). */
export type DomainInterfaceVds = Omit<DomainInterfaceBase, 'type'> & {
  type: 'vds';
};

export interface DomainChardevSourcePath extends DomainChardevSourceCommon {
  /** Path of the host device, file or pipe (or of the pty, output only). */
  path?: string;
  /** Append to the file instead of truncating it (`on`/`off`). */
  append?: 'on' | 'off';
}

export interface DomainChardevSourceUNIX extends DomainChardevSourceCommon {
  /** `bind` (listen) or `connect`. */
  mode?: string;
  /** Path of the UNIX socket. */
  path?: string;
}

export interface DomainChardevSourceTCP extends DomainChardevSourceCommon {
  /** `bind` (listen) or `connect`. */
  mode?: string;
  /** Host name or address. */
  host?: string;
  /** Port. */
  service?: string;
  /** Use TLS for the connection (`yes`/`no`). */
  tls?: 'yes' | 'no';
}

export interface DomainChardevSourceUDP extends DomainChardevSourceCommon {
  /** `bind` (local end) or `connect` (remote end). */
  mode?: string;
  /** Host name or address. */
  host?: string;
  /** Port. */
  service?: string;
}

export interface DomainChardevSourceSpicePort extends DomainChardevSourceCommon {
  /** SPICE channel name (`org.qemu.console.serial.0`). */
  channel?: string;
}

export interface DomainChardevSourceNmdm extends DomainChardevSourceCommon {
  /** Master device of the nmdm pair. */
  master?: string;
  /** Slave device of the nmdm pair. */
  slave?: string;
}

/** A character device `<source>` of any type. */
export interface DomainChardevSourceAny extends DomainChardevSourceCommon {
  /** `bind` or `connect` (unix, tcp, udp). */
  mode?: string;
  /** Path (dev, file, pipe, pty, unix). */
  path?: string;
  /** Host (tcp, udp). */
  host?: string;
  /** Port (tcp, udp). */
  service?: string;
  /** SPICE channel (spiceport). */
  channel?: string;
  /** Master device (nmdm). */
  master?: string;
  /** Slave device (nmdm). */
  slave?: string;
  /** Append to the file (file). */
  append?: 'on' | 'off';
  /** Use TLS for the connection (`yes`/`no`). */
  tls?: 'yes' | 'no';
}

/** A serial port (`<serial>`), one shape per `type`. */
export type DomainSerial = DomainChardev<DomainSerialBase>;
/** Fields of a serial port whatever its `type`. */
export interface DomainSerialBase extends DomainDeviceInfo {
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainChardevSourceAny;
  /** Protocol of the backend (`<protocol type="raw|telnet|telnets|tls">`). */
  protocol?: DomainChardevProtocol;
  /** Log the device's output to a file (`<log file append>`). */
  log?: DomainChardevLog;
  /** How the device appears in the guest (`<target>`). */
  target?: DomainChardevTarget;
}
/** The `<source>` each character device `type` takes. */
export interface DomainChardevSources {
  null: DomainChardevSourceAny;
  vc: DomainChardevSourceAny;
  pty: DomainChardevSourcePath;
  dev: DomainChardevSourcePath;
  file: DomainChardevSourcePath;
  pipe: DomainChardevSourcePath;
  stdio: DomainChardevSourceAny;
  udp: DomainChardevSourceUDP[];
  tcp: DomainChardevSourceTCP;
  unix: DomainChardevSourceUNIX;
  spicevmc: DomainChardevSourceAny;
  spiceport: DomainChardevSourceSpicePort;
  nmdm: DomainChardevSourceNmdm;
  'qemu-vdagent': DomainChardevSourceAny;
  dbus: DomainChardevSourceAny;
}
/** A character device: its `type` and the matching `<source>`, with the fields of `Base`. */
export type DomainChardev<Base> = {
  [T in keyof DomainChardevSources]: Omit<Base, 'source'> & { type: T; source?: DomainChardevSources[T] };
}[keyof DomainChardevSources];

/** A parallel port (`<parallel>`), one shape per `type`. */
export type DomainParallel = DomainChardev<DomainParallelBase>;
/** Fields of a parallel port whatever its `type`. */
export interface DomainParallelBase extends DomainDeviceInfo {
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainChardevSourceAny;
  /** Protocol of the backend (`<protocol type="raw|telnet|telnets|tls">`). */
  protocol?: DomainChardevProtocol;
  /** Log the device's output to a file (`<log file append>`). */
  log?: DomainChardevLog;
  /** How the device appears in the guest (`<target>`). */
  target?: DomainChardevTarget;
}

/** A console (`<console>`), one shape per `type`. */
export type DomainConsole = DomainChardev<DomainConsoleBase>;
/** Fields of a console whatever its `type`. */
export interface DomainConsoleBase extends DomainDeviceInfo {
  /** Host pseudo-terminal of a `pty` console (output only). */
  tty?: string;
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainChardevSourceAny;
  /** Protocol of the backend (`<protocol type="raw|telnet|telnets|tls">`). */
  protocol?: DomainChardevProtocol;
  /** Log the device's output to a file (`<log file append>`). */
  log?: DomainChardevLog;
  /** How the device appears in the guest (`<target>`). */
  target?: DomainChardevTarget;
}

/** A host-guest communication channel (`<channel>`): virtio-serial, guestfwd, ... */
export type DomainChannel = DomainChardev<DomainChannelBase>;
/** Fields of a channel whatever its `type`. */
export interface DomainChannelBase extends DomainDeviceInfo {
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainChardevSourceAny;
  /** Protocol of the backend (`<protocol type="raw|telnet|telnets|tls">`). */
  protocol?: DomainChardevProtocol;
  /** Log the device's output to a file (`<log file append>`). */
  log?: DomainChardevLog;
  /** How the device appears in the guest (`<target>`). */
  target?: DomainChardevTarget;
}

/** A smartcard (`<smartcard>`): host, host-certificates or passthrough mode. */
export type DomainSmartcard = DomainChardev<DomainSmartcardBase>;
/** Fields of a smartcard whatever its `type`. */
export interface DomainSmartcardBase extends DomainDeviceInfo {
  /** Mode: `host`, `host-certificates` or `passthrough`. */
  mode?: string;
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainChardevSourceAny;
  /** Protocol of the backend (`<protocol type="raw|telnet|telnets|tls">`). */
  protocol?: DomainChardevProtocol;
  /** Log the device's output to a file (`<log file append>`). */
  log?: DomainChardevLog;
  /** Certificate files (host-certificates mode; three of them). */
  certificate?: string[];
  /** NSS database directory (host-certificates mode). */
  database?: string;
}

/** A redirected USB device (`<redirdev>`). */
export type DomainRedirdev = DomainChardev<DomainRedirdevBase>;
/** Fields of a redirected device whatever its `type`. */
export interface DomainRedirdevBase extends DomainDeviceInfo {
  /** Bus; `usb`. */
  bus?: string;
  /** Where the device gets its data from on the host (`<source>`). */
  source?: DomainChardevSourceAny;
  /** Protocol of the backend (`<protocol type="raw|telnet|telnets|tls">`). */
  protocol?: DomainChardevProtocol;
  /** Log the device's output to a file (`<log file append>`). */
  log?: DomainChardevLog;
  /** Per-device boot order (`<boot order>`); cannot be combined with `<os><boot>`. */
  boot?: DomainDeviceBoot;
}

export interface DomainRedirFilter extends Extras {
  /** Filter rules, applied in order (`class`, `vendor`, `product`, `version`, `allow`). */
  usbdev?: DomainRedirFilterUsbdev[];
}

/** An input device (`<input>`). */
export interface DomainInput extends DomainDeviceInfo {
  /** Type: `mouse`, `tablet`, `keyboard`, `passthrough` or `evdev`. */
  type?: 'tablet' | 'mouse' | 'keyboard' | 'passthrough' | 'evdev' | (string & {});
  /** Bus: `ps2`, `usb`, `virtio`, `xen` or `none`. */
  bus?: 'ps2' | 'usb' | 'xen' | 'virtio' | 'none' | (string & {});
  /** virtio model (`virtio`, `virtio-transitional`, ...). */
  model?: string;
  /** Hypervisor driver options for the device (`<driver>`). */
  driver?: DomainInputDriver;
  /** Host event device to pass through. */
  source?: DomainInputSource;
}

/** A TPM device (`<tpm>`). */
export interface DomainTPM extends DomainDeviceInfo {
  /** Model: `tpm-tis`, `tpm-crb`, `tpm-spapr`, `spapr-tpm-proxy`. */
  model?: string;
  /** Backend: host passthrough, swtpm emulator or external. */
  backend?: DomainTPMBackend;
}

/** Where a graphics server listens (`<listen>`). */
export interface DomainGraphicsListen extends Extras {
  /** `address`, `network`, `socket` or `none`. */
  type?: string;
  /** IP address or host name. */
  address?: string;
  /** Libvirt network whose address to listen on. */
  network?: string;
  /** UNIX socket path. */
  socket?: string;
  /** Internal marker of a listen taken from the driver configuration. */
  fromConfig?: string;
  /** Whether the socket path was generated (output only). */
  autoGenerated?: 'yes' | 'no';
}

/** A graphical framebuffer (`<graphics>`), one shape per `type`. */
export type DomainGraphics = DomainGraphicsVnc | DomainGraphicsSdl | DomainGraphicsSpice | DomainGraphicsRdp | DomainGraphicsDesktop | DomainGraphicsEglHeadless | DomainGraphicsDbus;
/** Fields of a graphics device whatever its `type`. */
export interface DomainGraphicsBase extends Extras {
  /** Where the server listens (the `<listen>` children). */
  listens?: DomainGraphicsListen[];
  /** SPICE channels and their security mode (`secure`, `insecure`, `any`). */
  channel?: DomainGraphicsChannel[];
  /** SPICE image compression. */
  image?: DomainGraphicsImage;
  /** SPICE JPEG compression for WAN. */
  jpeg?: DomainGraphicsJpeg;
  /** SPICE zlib compression for WAN. */
  zlib?: DomainGraphicsZlib;
  /** SPICE audio stream compression (`on`/`off`). */
  playback?: DomainGraphicsPlayback;
  /** SPICE video streaming mode: `filter`, `all` or `off`. */
  streaming?: DomainGraphicsStreaming;
  /** SPICE mouse mode: `server` or `client`. */
  mouse?: DomainGraphicsMouse;
  /** SPICE clipboard sharing. */
  clipboard?: DomainGraphicsClipboard;
  /** SPICE file transfers (`enable`). */
  filetransfer?: DomainGraphicsFiletransfer;
  /** OpenGL acceleration (`enable`, `rendernode`). */
  gl?: DomainGraphicsGl;
  /** Audio backend for the VNC audio channel. */
  audio?: DomainGraphicsAudio;
}
/** A VNC server (`type="vnc"`). */
export type DomainGraphicsVnc = Omit<DomainGraphicsBase, 'type'> & {
  type: 'vnc';
  /** UNIX socket to listen on. */
  socket?: string;
  /** TCP port (5900 + display); -1 with autoport. */
  port?: number;
  /** `yes`: pick a free port automatically at start. */
  autoport?: 'yes' | 'no';
  /** WebSocket port; -1 to pick one. */
  websocket?: number;
  /** Whether the WebSocket port was picked automatically (output only). */
  websocketGenerated?: 'yes' | 'no';
  /** Listen address (legacy attribute; the `<listen>` children are the full form). */
  listen?: string;
  /** Sharing: `allow-exclusive`, `force-shared` or `ignore`. */
  sharePolicy?: string;
  /** Keyboard map of the server (`en-us`, ...). */
  keymap?: string;
  /** Password for clients (plain text; only shown with VIR_DOMAIN_XML_SECURE). */
  passwd?: string;
  /** Expiry of the password, as a UTC timestamp (`2010-04-09T15:51:00`). */
  passwdValidTo?: string;
  /** What happens to connected clients when the password changes: `keep`, `disconnect` or `fail`. */
  connected?: string;
  /** Allow power control commands over VNC. */
  powerControl?: 'yes' | 'no';
};
/** A local SDL window (`type="sdl"`). */
export type DomainGraphicsSdl = Omit<DomainGraphicsBase, 'type'> & {
  type: 'sdl';
  /** X display to use. */
  display?: string;
  /** Xauthority file to use. */
  xauth?: string;
  /** `yes`: start full screen. */
  fullscreen?: 'yes' | 'no';
};
/** A SPICE server (`type="spice"`). */
export type DomainGraphicsSpice = Omit<DomainGraphicsBase, 'type'> & {
  type: 'spice';
  /** Plain-text port; -1 with autoport. */
  port?: number;
  /** TLS port; -1 with autoport. */
  tlsPort?: number;
  /** `yes`: pick a free port automatically at start. */
  autoport?: 'yes' | 'no';
  /** Listen address (legacy attribute; the `<listen>` children are the full form). */
  listen?: string;
  /** Keyboard map of the server (`en-us`, ...). */
  keymap?: string;
  /** Default channel security: `secure`, `insecure` or `any`. */
  defaultMode?: string;
  /** Password for clients (plain text; only shown with VIR_DOMAIN_XML_SECURE). */
  passwd?: string;
  /** Expiry of the password, as a UTC timestamp (`2010-04-09T15:51:00`). */
  passwdValidTo?: string;
  /** What happens to connected clients when the password changes: `keep`, `disconnect` or `fail`. */
  connected?: string;
};
/** An RDP server (`type="rdp"`). */
export type DomainGraphicsRdp = Omit<DomainGraphicsBase, 'type'> & {
  type: 'rdp';
  /** TCP port; -1 with autoport. */
  port?: number;
  /** `yes`: pick a free port automatically at start. */
  autoport?: 'yes' | 'no';
  /** Replace an existing connection of the same user. */
  replaceUser?: 'yes' | 'no';
  /** Allow several simultaneous connections. */
  multiUser?: 'yes' | 'no';
  /** Listen address (legacy attribute; the `<listen>` children are the full form). */
  listen?: string;
  /** Password for clients (plain text; only shown with VIR_DOMAIN_XML_SECURE). */
  passwd?: string;
};
/** A window on the host desktop (`type="desktop"`, VirtualBox). */
export type DomainGraphicsDesktop = Omit<DomainGraphicsBase, 'type'> & {
  type: 'desktop';
  /** X display to use. */
  display?: string;
  /** `yes`: start full screen. */
  fullscreen?: 'yes' | 'no';
};
/** OpenGL rendering without a display (`type="egl-headless"`). */
export type DomainGraphicsEglHeadless = Omit<DomainGraphicsBase, 'type'> & {
  type: 'egl-headless';
};
/** A D-Bus display (`type="dbus"`). */
export type DomainGraphicsDbus = Omit<DomainGraphicsBase, 'type'> & {
  type: 'dbus';
  /** D-Bus address to connect to. */
  address?: string;
  /** Peer-to-peer connections instead of a bus. */
  p2p?: 'yes' | 'no';
};

/** An audio backend (`<audio>`) that sound devices refer to by `id`. */
export interface DomainAudio extends Extras {
  /** Backend ID (from 1), referenced by `<sound><audio id>`. */
  id?: number;
  /** Backend: `none`, `alsa`, `coreaudio`, `dbus`, `jack`, `oss`, `pulseaudio`, `sdl`, `spice`, `file`, `pipewire`. */
  type?: string;
  /** Timer period in microseconds. */
  timerPeriod?: number;
  /** SDL audio driver. */
  driver?: string;
  /** Output file (file backend). */
  path?: string;
  /** Server to connect to (pulseaudio). */
  serverName?: string;
  /** Try mmap for the OSS device. */
  tryMMap?: 'yes' | 'no';
  /** Open the OSS device exclusively. */
  exclusive?: 'yes' | 'no';
  /** OSS DSP policy (0-10). */
  dspPolicy?: number;
  /** Runtime directory (pipewire). */
  runtimeDir?: string;
  /** Settings of the input stream. */
  input?: DomainAudioIO;
  /** Settings of the output stream. */
  output?: DomainAudioIO;
}

/** A sound device (`<sound>`). */
export interface DomainSound extends DomainDeviceInfo {
  /** Model: `ich6`, `ich9`, `ac97`, `es1370`, `sb16`, `usb`, `ich7`, ... */
  model?: string;
  /** Audio codecs of the sound device (`<codec type>`). */
  codec?: DomainSoundCodec[];
  /** Audio backend the device uses (`<audio id>`). */
  audio?: DomainSoundAudio;
}

/** A video device (`<video>`). */
export interface DomainVideo extends DomainDeviceInfo {
  /** Hypervisor driver options for the device (`<driver>`). */
  driver?: DomainVideoDriver;
  /** Video model, memory sizes, heads and acceleration. */
  model?: DomainVideoModel;
}

/** A host device assigned to the guest (`<hostdev>`): PCI, USB, SCSI, mediated, ... */
export interface DomainHostdev extends DomainDeviceInfo {
  /** `subsystem` (assign the device) or `capabilities` (LXC: expose a host node). */
  mode?: 'subsystem' | 'capabilities' | (string & {});
  /** Device type: `pci`, `usb`, `scsi`, `scsi_host`, `mdev` (subsystem); `storage`, `misc`, `net` (capabilities). */
  type?: 'usb' | 'pci' | 'scsi' | 'scsi_host' | 'mdev' | 'storage' | 'misc' | 'net' | (string & {});
  /** `yes`: libvirt detaches the device from the host driver before use and reattaches it after. */
  managed?: string;
  /** Model of a mediated device (`vfio-pci`, `vfio-ccw`, `vfio-ap`) or of a scsi_host (`virtio`, ...). */
  model?: string;
  /** SCSI generic ioctl filtering for `lun` devices: `filtered` or `unfiltered`. */
  sgio?: string;
  /** `yes`: the device may issue raw I/O (CAP_SYS_RAWIO) for `lun` devices. */
  rawio?: string;
  /** Display of a vfio-pci mediated device (`on`/`off`). */
  display?: string;
  /** ramfb boot display of a mediated device (`on`/`off`). */
  ramfb?: string;
  /** Assignment backend (`<driver name="vfio">`). */
  driver?: DomainHostdevDriver;
  /** The host device: vendor/product, address, adapter, ... */
  source?: DomainHostdevSource;
  /** IP address (`<ip address family prefix peer>`). */
  ip?: DomainIP[];
  /** IP route (`<route family address prefix gateway metric>`). */
  route?: DomainRoute[];
  /** Read-only (`<readonly/>`). */
  readonly?: Extras;
  /** Shared between domains (`<shareable/>`); no caching is done. */
  shareable?: Extras;
  /** Failover teaming with another interface (`type` `persistent` or `transient`, `persistent` names the partner). */
  teaming?: DomainHostdevTeaming;
  /** PCI ROM BAR of the device: `bar` visibility, a `file` to load, or `enabled="no"`. */
  rom?: DomainHostdevRom;
  /** Per-device boot order (`<boot order>`); cannot be combined with `<os><boot>`. */
  boot?: DomainDeviceBoot;
}

/** A USB hub (`<hub type="usb">`). */
export interface DomainHub extends DomainDeviceInfo {
  /** Hub type; `usb`. */
  type?: string;
}

/** A watchdog device (`<watchdog>`). */
export interface DomainWatchdog extends DomainDeviceInfo {
  /** Model: `i6300esb`, `ib700`, `diag288`, `itco`. */
  model?: string;
  /** Action on expiry: `reset`, `shutdown`, `poweroff`, `pause`, `none`, `dump`, `inject-nmi`. */
  action?: string;
}

/** The memory balloon device (`<memballoon>`). */
export interface DomainMemBalloon extends DomainDeviceInfo {
  /** Model: `virtio`, `virtio-transitional`, `xen` or `none`. */
  model?: string;
  /** Deflate the balloon when the guest runs out of memory (`on`/`off`). */
  autodeflate?: 'on' | 'off';
  /** Return freed guest pages to the host (`on`/`off`). */
  freePageReporting?: 'on' | 'off';
  /** Statistics collection period in seconds (`<stats period>`). */
  stats?: DomainMemBalloonStats;
  /** Hypervisor driver options for the device (`<driver>`). */
  driver?: DomainMemBalloonDriver;
}

/** A random number generator device (`<rng>`). */
export interface DomainRNG extends DomainDeviceInfo {
  /** Model: `virtio`, `virtio-transitional`, `virtio-non-transitional`. */
  model?: string;
  /** Rate limit: `bytes` per `period` milliseconds. */
  rate?: DomainRNGRate;
  /** Source of entropy: `random` (host device), `egd` (a character device) or `builtin`. */
  backend?: DomainRNGBackend;
  /** Hypervisor driver options for the device (`<driver>`). */
  driver?: DomainRNGDriver;
}

/** The spapr NVRAM device (`<nvram>` in `<devices>`). */
export interface DomainNVRAM extends DomainDeviceInfo {
}

/** A panic notifier device (`<panic>`). */
export interface DomainPanic extends DomainDeviceInfo {
  /** Model: `isa`, `pseries`, `hyperv`, `s390`, `pvpanic`. */
  model?: string;
}

/** A shared memory device (`<shmem>`, ivshmem). */
export interface DomainShmem extends DomainDeviceInfo {
  /** Name of the shared memory region. */
  name?: string;
  /** Migration role: `master` or `peer`. */
  role?: string;
  /** Model: `ivshmem`, `ivshmem-plain` or `ivshmem-doorbell`. */
  model?: DomainShmemModel;
  /** Size of the region. */
  size?: DomainScaledInteger;
  /** Socket of the ivshmem server (doorbell). */
  server?: DomainShmemServer;
  /** MSI interrupts (`vectors`, `ioeventfd`). */
  msi?: DomainShmemMsi;
}

/** A memory device (`<memory>` in `<devices>`): DIMM, NVDIMM, virtio-mem, ... */
export interface DomainMemoryDevice extends DomainDeviceInfo {
  /** Model: `dimm`, `nvdimm`, `virtio-pmem`, `virtio-mem`, `sgx-epc`. */
  model?: string;
  /** Memory access mode: `shared` or `private`. */
  access?: string;
  /** Discard the memory on exit (`yes`/`no`). */
  discard?: string;
  /** UUID of an NVDIMM (PPC64). */
  uuid?: string;
  /** Host backing: huge page size, nodemask, or the backing file. */
  source?: DomainMemoryDeviceSource;
  /** Guest view: size, NUMA node, label, block and requested size. */
  target?: DomainMemoryDeviceTarget;
}

/** An IOMMU device (`<iommu>`). */
export interface DomainIOMMU extends DomainDeviceInfo {
  /** Model: `intel`, `smmuv3` or `virtio`. */
  model?: string;
  /** Hypervisor driver options for the device (`<driver>`). */
  driver?: DomainIOMMUDriver;
}

/** A vsock host-guest socket device (`<vsock>`). */
export interface DomainVsock extends DomainDeviceInfo {
  /** Model: `virtio`, `virtio-transitional`, `virtio-non-transitional`. */
  model?: string;
  /** Guest context ID (`address`), or `auto="yes"` to pick one. */
  cid?: DomainVsockCid;
  /** Hypervisor driver options for the device (`<driver>`). */
  driver?: DomainVsockDriver;
}

/** A virtio crypto device (`<crypto>`). */
export interface DomainCrypto extends DomainDeviceInfo {
  /** Model; `virtio`. */
  model?: string;
  /** Type; `qemu`. */
  type?: string;
  /** Backend (`builtin` or `lkcf`) and its number of queues. */
  backend?: DomainCryptoBackend;
  /** Hypervisor driver options for the device (`<driver>`). */
  driver?: DomainCryptoDriver;
}

/** The devices of a domain (`<devices>`), grouped by element name. */
export interface DomainDevices extends Extras {
  /** Path of the device model emulator binary (`/usr/bin/qemu-system-x86_64`). */
  emulator?: string;
  /** Disks, CD-ROMs and floppies. */
  disk?: DomainDisk[];
  /** Bus controllers. */
  controller?: DomainController[];
  /** Lock manager leases. */
  lease?: DomainLease[];
  /** Shared host directories and filesystem images. */
  filesystem?: DomainFilesystem[];
  /** Network interfaces. */
  interface?: DomainInterface[];
  /** Smartcard devices. */
  smartcard?: DomainSmartcard[];
  /** Serial ports. */
  serial?: DomainSerial[];
  /** Parallel ports. */
  parallel?: DomainParallel[];
  /** Consoles (the first one is the primary console). */
  console?: DomainConsole[];
  /** Host-guest channels (guest agent, SPICE agent, ...). */
  channel?: DomainChannel[];
  /** Input devices. */
  input?: DomainInput[];
  /** TPM devices. */
  tpm?: DomainTPM[];
  /** Graphical framebuffers. */
  graphics?: DomainGraphics[];
  /** Sound devices. */
  sound?: DomainSound[];
  /** Audio backends. */
  audio?: DomainAudio[];
  /** Video devices. */
  video?: DomainVideo[];
  /** Assigned host devices. */
  hostdev?: DomainHostdev[];
  /** Redirected USB devices. */
  redirdev?: DomainRedirdev[];
  /** Filters for USB redirection. */
  redirfilter?: DomainRedirFilter[];
  /** USB hubs. */
  hub?: DomainHub[];
  /** Watchdog devices. */
  watchdog?: DomainWatchdog[];
  /** The memory balloon (added automatically when omitted). */
  memballoon?: DomainMemBalloon;
  /** Random number generators. */
  rng?: DomainRNG[];
  /** The spapr NVRAM device. */
  nvram?: DomainNVRAM;
  /** Panic notifier devices. */
  panic?: DomainPanic[];
  /** Shared memory devices. */
  shmem?: DomainShmem[];
  /** Memory devices (DIMMs, NVDIMMs, virtio-mem, ...). */
  memory?: DomainMemoryDevice[];
  /** The IOMMU. */
  iommu?: DomainIOMMU;
  /** The vsock device. */
  vsock?: DomainVsock;
  /** Crypto devices. */
  crypto?: DomainCrypto[];
}

/** A memory size (`<memory>`, `<currentMemory>`). */
export interface DomainMemory extends Extras {
  /** Unit of the value; default `KiB`. */
  unit?: SizeUnit;
  /** Include guest memory in core dumps (`on`/`off`). */
  dumpCore?: 'on' | 'off';
  /** The size in `unit`s. */
  value: number | bigint;
}

/** Maximum memory with hotplug (`<maxMemory slots>`). */
export interface DomainMaxMemory extends Extras {
  /** Unit of the value; default `KiB`. */
  unit?: SizeUnit;
  /** Number of slots for hotplugged memory. */
  slots?: number;
  /** The size in `unit`s. */
  value: number | bigint;
}

/** Virtual CPU count (`<vcpu>`). */
export interface DomainVCPU extends Extras {
  /** vCPU placement: `static` (use `cpuset`) or `auto` (numad decides). */
  placement?: string;
  /** Host CPUs the vCPUs may run on by default. */
  cpuset?: string;
  /** Number of vCPUs online at boot (at most `value`). */
  current?: number;
  /** Maximum number of vCPUs. */
  value: number;
}

export interface DomainBlkioTune extends Extras {
  /** Overall I/O weight (100-1000). */
  weight?: number;
  /** Per-host-device weight and throttles. */
  device?: DomainBlkioTuneDevice[];
}

export interface DomainMemoryTune extends Extras {
  /** Maximum memory the domain (guest and QEMU) may use. */
  hard_limit?: DomainScaledInteger;
  /** Memory limit enforced under contention. */
  soft_limit?: DomainScaledInteger;
  /** Guaranteed minimum memory (VMware ESX, OpenVZ). */
  min_guarantee?: DomainScaledInteger;
  /** Maximum memory plus swap. */
  swap_hard_limit?: DomainScaledInteger;
}

export interface DomainMemoryBacking extends Extras {
  /** Back guest memory with huge pages (optionally per page size and guest node). */
  hugepages?: DomainMemoryBackingHugepages;
  /** Forbid KSM page sharing (`<nosharepages/>`). */
  nosharepages?: Extras;
  /** Lock guest memory in host RAM (`<locked/>`). */
  locked?: Extras;
  /** Memory source: `file`, `anonymous` or `memfd`. */
  source?: DomainMemoryBackingSource;
  /** Access mode: `shared` or `private`. */
  access?: DomainMemoryBackingAccess;
  /** Allocation: `immediate` or `ondemand`, with `threads` to preallocate. */
  allocation?: DomainMemoryBackingAllocation;
  /** Discard memory on exit (`<discard/>`). */
  discard?: Extras;
}

export interface DomainIOThreadIDs extends Extras {
  /** One IOThread. */
  iothread?: DomainIOThreadIDsIothread[];
}

/** CPU tuning (`<cputune>`). */
export interface DomainCPUTune extends Extras {
  /** Relative CPU weight of the domain. */
  shares?: number;
  /** Enforcement period of each vCPU in microseconds (1000-1000000). */
  period?: number;
  /** Maximum bandwidth of each vCPU per period, in microseconds (-1: unlimited). */
  quota?: number;
  /** Enforcement period of the whole domain, in microseconds. */
  global_period?: number;
  /** Maximum bandwidth of the whole domain per period, in microseconds. */
  global_quota?: number;
  /** Enforcement period of the emulator threads, in microseconds. */
  emulator_period?: number;
  /** Maximum bandwidth of the emulator threads per period, in microseconds. */
  emulator_quota?: number;
  /** Enforcement period of the IOThreads, in microseconds. */
  iothread_period?: number;
  /** Maximum bandwidth of the IOThreads per period, in microseconds. */
  iothread_quota?: number;
  /** Host CPUs each vCPU is pinned to. */
  vcpupin?: DomainCPUTuneVcpupin[];
  /** Host CPUs the emulator threads are pinned to. */
  emulatorpin?: DomainCPUTuneEmulatorpin;
  /** Host CPUs each IOThread is pinned to. */
  iothreadpin?: DomainCPUTuneIothreadpin[];
  /** Scheduler of the emulator threads. */
  emulatorsched?: DomainCPUTuneEmulatorsched;
  /** Scheduler of groups of vCPUs. */
  vcpusched?: DomainCPUTuneVcpusched[];
  /** Scheduler of groups of IOThreads. */
  iothreadsched?: DomainCPUTuneIothreadsched[];
  /** Cache allocation (Intel RDT CAT) for groups of vCPUs. */
  cachetune?: DomainCPUTuneCachetune[];
  /** Memory bandwidth allocation (Intel RDT MBA) for groups of vCPUs. */
  memorytune?: DomainCPUTuneMemorytune[];
}

export interface DomainNumaTune extends Extras {
  /** Default memory placement: `mode` (`interleave`, `strict`, `preferred`, `restrictive`), `nodeset` or `placement`. */
  memory?: DomainNumaTuneMemory;
  /** Placement of one guest NUMA node. */
  memnode?: DomainNumaTuneMemnode[];
}

export interface DomainResource extends Extras {
  /** Resource partition path (`/machine`). */
  partition?: string;
  /** Fibre channel application ID for traffic tagging. */
  fibrechannel?: DomainResourceFibrechannel;
}

/** System information for the guest (`<sysinfo>`), by `type`. */
export type DomainSysInfo = DomainSysInfoSmbios | DomainSysInfoFwcfg;
export interface DomainSysInfoBase extends Extras {
}
/** SMBIOS tables (`type="smbios"`). */
export type DomainSysInfoSmbios = Omit<DomainSysInfoBase, 'type'> & {
  type: 'smbios';
  /** Block 0: BIOS information. */
  bios?: DomainSysInfoEntries;
  /** Block 1: system information. */
  system?: DomainSysInfoEntries;
  /** Block 2: base boards. */
  baseBoard?: DomainSysInfoEntries[];
  /** Block 3: chassis. */
  chassis?: DomainSysInfoEntries;
  /** Block 4: processors. */
  processor?: DomainSysInfoEntries[];
  /** Block 17: memory devices. */
  memory?: DomainSysInfoEntries[];
  /** Block 11: OEM strings. */
  oemStrings?: DomainSysInfoEntries;
};
/** Firmware configuration entries (`type="fwcfg"`). */
export type DomainSysInfoFwcfg = Omit<DomainSysInfoBase, 'type'> & {
  type: 'fwcfg';
  /** Entries (`<entry name>` with a value or a `file`). */
  entry?: DomainSysInfoFwcfgEntry[];
};

export interface DomainOSType extends Extras {
  /** Guest CPU architecture (`x86_64`, `aarch64`, ...). */
  arch?: string;
  /** Machine type (`pc-q35-8.0`, `q35`, `virt`, ...). */
  machine?: string;
  /** OS type: `hvm` (full virtualization), `linux` (Xen PV), `exe` (container), ... */
  value?: 'hvm' | 'linux' | 'xen' | 'xenpvh' | 'exe' | 'uml' | (string & {});
}

export interface DomainLoader extends Extras {
  /** `yes`: the firmware image is read-only. */
  readonly?: string;
  /** `yes`: the firmware is secure-boot capable (needs SMM). */
  secure?: string;
  /** `rom` or `pflash`. */
  type?: string;
  /** `yes`: the firmware keeps no variable store. */
  stateless?: string;
  /** Format of the firmware image: `raw` or `qcow2`. */
  format?: string;
  /** Path of the firmware image. */
  value?: string;
}

export interface DomainNVRam extends Extras {
  /** Master variable store copied to create this one. */
  template?: string;
  /** Format of the variable store: `raw` or `qcow2`. */
  format?: string;
  /** Source type when `source` is given: `file`, `block` or `network`. */
  type?: string;
  /** Path of the variable store. */
  value?: string;
  /** Where the variable store lives, as a disk source. */
  source?: DomainDiskSourceAny;
}

/** How the guest boots (`<os>`). */
export interface DomainOS extends Extras {
  /** Firmware to select automatically: `bios` or `efi`. */
  firmware?: string;
  /** OS type (`hvm`, `linux`, `xen`, `exe`, ...) with the guest `arch` and `machine`. */
  type?: DomainOSType;
  /** Firmware features to require or refuse when selecting firmware (the `<firmware>` child). */
  firmwareInfo?: DomainOSFirmwareInfo;
  /** Path of the init binary (containers). */
  init?: string;
  /** Arguments of init (containers). */
  initarg?: string[];
  /** Environment of init (containers). */
  initenv?: DomainOSInitenv[];
  /** Working directory of init (containers). */
  initdir?: string;
  /** User init runs as (containers). */
  inituser?: string;
  /** Group init runs as (containers). */
  initgroup?: string;
  /** Firmware image (path), with `readonly`, `secure` and `type` (`rom` or `pflash`). */
  loader?: DomainLoader;
  /** Per-domain copy of the UEFI variable store. */
  nvram?: DomainNVRam;
  /** Path of a kernel to boot directly. */
  kernel?: string;
  /** Path of the initial ramdisk for direct kernel boot. */
  initrd?: string;
  /** Kernel command line for direct kernel boot. */
  cmdline?: string;
  /** Path of the device tree binary for direct kernel boot. */
  dtb?: string;
  /** Root device of a Xen paravirtualized guest. */
  root?: string;
  /** ACPI tables to load (`<table type="slic">path</table>`). */
  acpi?: DomainOSAcpi;
  /** Boot devices in order: `fd`, `hd`, `cdrom` or `network`. */
  boot?: DomainOSBoot[];
  /** Interactive boot menu (`enable`, `timeout` in milliseconds). */
  bootmenu?: DomainOSBootmenu;
  /** SMBIOS source: `emulate`, `host` or `sysinfo`. */
  smbios?: DomainOSSmbios;
  /** BIOS options: serial console (`useserial`) and `rebootTimeout` in milliseconds. */
  bios?: DomainOSBios;
}

export interface DomainIDMap extends Extras {
  /** User ID ranges (`start` in the container, `target` on the host, `count`). */
  uid?: DomainIDMapUid[];
  /** Group ID ranges (`start` in the container, `target` on the host, `count`). */
  gid?: DomainIDMapGid[];
}

/** Hypervisor features (`<features>`); flags are `{}` when present. */
export interface DomainFeatures extends Extras {
  /** ACPI, for power management. */
  acpi?: Extras;
  /** APIC, with `eoi` (end-of-interrupt) `on`/`off`. */
  apic?: DomainFeaturesApic;
  /** Physical address extension (32-bit guests over 4 GiB). */
  pae?: Extras;
  /** Hardware assisted paging (`on`/`off`). */
  hap?: DomainFeatureState;
  /** Hyper-V enlightenments for Xen guests. */
  viridian?: Extras;
  /** Private network namespace for a container even without interfaces. */
  privnet?: Extras;
  /** Hyper-V enlightenments for Windows guests. */
  hyperv?: DomainFeaturesHyperv;
  /** KVM behaviours: hidden state, dedicated-CPU hints, poll control, PV IPI, dirty ring. */
  kvm?: DomainFeaturesKvm;
  /** Paravirtual spinlocks (`on`/`off`). */
  pvspinlock?: DomainFeatureState;
  /** Linux capabilities of a container (`policy`: `default`, `allow` or `deny`). */
  capabilities?: DomainFeaturesCapabilities;
  /** Performance monitoring unit (`on`/`off`). */
  pmu?: DomainFeatureState;
  /** VMware I/O port emulation (`on`/`off`). */
  vmport?: DomainFeatureState;
  /** ARM GIC version (`2`, `3` or `host`). */
  gic?: DomainFeaturesGic;
  /** System management mode, with the TSEG size. */
  smm?: DomainFeaturesSmm;
  /** IOAPIC driver: `qemu` or `kvm`. */
  ioapic?: DomainFeaturesIoapic;
  /** PPC64 hashed page table resizing and maximum page size. */
  hpt?: DomainFeaturesHpt;
  /** vmcoreinfo device for guest kernel crash dumps (`on`/`off`). */
  vmcoreinfo?: DomainFeatureState;
  /** PPC64 hardware transactional memory (`on`/`off`). */
  htm?: DomainFeatureState;
  /** PPC64 nested HV (`on`/`off`). */
  'nested-hv'?: DomainFeatureState;
  /** Handling of unknown MSR accesses (`unknown="ignore|fault"`). */
  msrs?: DomainFeaturesMsrs;
  /** PPC64 count cache flush assist (`on`/`off`). */
  'ccf-assist'?: DomainFeatureState;
  /** Xen features: e820_host and device passthrough mode. */
  xen?: DomainFeaturesXen;
  /** PPC64 cache flush on privilege change (`value`). */
  cfpc?: DomainFeaturesCfpc;
  /** PPC64 speculation barrier bounds checking (`value`). */
  sbbc?: DomainFeaturesSbbc;
  /** PPC64 indirect branch speculation (`value`). */
  ibs?: DomainFeaturesIbs;
  /** TCG accelerator options (translation block cache size). */
  tcg?: DomainFeaturesTcg;
  /** Tear the guest down asynchronously on exit (`enabled`). */
  'async-teardown'?: DomainFeaturesAsyncTeardown;
}

export interface DomainCPUModel extends Extras {
  /** `allow` or `forbid` falling back to a close model. */
  fallback?: string;
  /** Vendor string seen by the guest (12 characters). */
  vendor_id?: string;
  /** Model name (`Skylake-Client`, `qemu64`, ...). */
  value?: string;
}

export interface DomainCPUTopology extends Extras {
  /** Number of sockets. */
  sockets?: number;
  /** Dies per socket. */
  dies?: number;
  /** Clusters per die. */
  clusters?: number;
  /** Cores per cluster. */
  cores?: number;
  /** Threads per core. */
  threads?: number;
}

export interface DomainCPUFeature extends Extras {
  /** `force`, `require`, `optional`, `disable` or `forbid`. */
  policy?: 'force' | 'require' | 'optional' | 'disable' | 'forbid' | (string & {});
  /** Feature name (`vmx`, `avx2`, ...). */
  name?: string;
}

export interface DomainCPUCache extends Extras {
  /** Cache level to emulate. */
  level?: number;
  /** `emulate`, `passthrough` or `disable`. */
  mode?: string;
}

/** A guest NUMA node (`<cell>`). */
export interface DomainNumaCell extends Extras {
  /** Node ID. */
  id?: number;
  /** vCPUs of the node, as a list. */
  cpus?: string;
  /** Memory of the node. */
  memory?: number | bigint;
  /** Unit of `memory`; default `KiB`. */
  unit?: SizeUnit;
  /** Memory access mode: `shared` or `private`. */
  memAccess?: string;
  /** Discard the node's memory on exit (`yes`/`no`). */
  discard?: 'yes' | 'no';
  /** Distances to the other nodes. */
  distances?: DomainNumaCellDistances;
  /** Memory-side caches of the node (HMAT). */
  cache?: DomainNumaCellCache[];
}

export interface DomainNuma extends Extras {
  /** Guest NUMA nodes. */
  cell?: DomainNumaCell[];
  /** Latency and bandwidth between nodes (HMAT). */
  interconnects?: DomainNumaInterconnects;
}

/** The guest CPU (`<cpu>`); the same shape is the host CPU of the capabilities XML. */
export interface DomainCPU extends Extras {
  /** `custom`, `host-model`, `host-passthrough` or `maximum`. */
  mode?: 'custom' | 'host-model' | 'host-passthrough' | 'maximum' | (string & {});
  /** How strictly `custom` matches the model: `minimum`, `exact` or `strict`. */
  match?: 'minimum' | 'exact' | 'strict' | (string & {});
  /** How the CPU is checked at start: `none`, `partial` or `full`. */
  check?: 'none' | 'partial' | 'full' | (string & {});
  /** `on`/`off`: drop features that prevent migration (host-passthrough, maximum). */
  migratable?: string;
  /** Turn off the model's deprecated features (`on`/`off`). */
  deprecated_features?: string;
  /** CPU model name, with `fallback` and `vendor_id`. */
  model?: DomainCPUModel;
  /** CPU vendor to require (`Intel`, `AMD`, ...). */
  vendor?: string;
  /** Microcode version (host CPU). */
  microcode?: DomainCPUMicrocode;
  /** CPU signature: family, model, stepping (host CPU). */
  signature?: DomainCPUSignature;
  /** TSC frequency counters (host CPU). */
  counter?: DomainCPUCounter[];
  /** Sockets, dies, clusters, cores and threads. */
  topology?: DomainCPUTopology;
  /** Physical address bits: `mode` (`passthrough` or `emulate`) and `bits`. */
  maxphysaddr?: DomainCPUMaxphysaddr;
  /** CPU cache presented to the guest: `level` and `mode` (`emulate`, `passthrough`, `disable`). */
  cache?: DomainCPUCache;
  /** CPU features and their policies. */
  feature?: DomainCPUFeature[];
  /** Guest NUMA topology. */
  numa?: DomainNuma;
}

/** The guest clock (`<clock>`). */
export interface DomainClock extends Extras {
  /** Offset from the host clock: `utc`, `localtime`, `timezone` or `variable`. */
  offset?: 'utc' | 'localtime' | 'timezone' | 'variable' | 'absolute' | (string & {});
  /** Time zone of offset `timezone`. */
  timezone?: string;
  /** Seconds of adjustment (`variable`), or `reset`. */
  adjustment?: string;
  /** Basis of a variable offset: `utc` or `localtime`. */
  basis?: string;
  /** Start time of offset `absolute`, in seconds since the epoch. */
  start?: string;
  /** Timers and their tick policies. */
  timer?: DomainClockTimer[];
}

export interface DomainPM extends Extras {
  /** S3 (suspend to RAM) offered to the guest (`enabled`). */
  'suspend-to-mem'?: DomainPMSuspend;
  /** S4 (suspend to disk) offered to the guest (`enabled`). */
  'suspend-to-disk'?: DomainPMSuspend;
}

export interface DomainPerf extends Extras {
  /** A perf event (`name`, `enabled`). */
  event?: DomainPerfEvent[];
}

export interface DomainKeyWrap extends Extras {
  /** Key wrapping cipher (`aes` or `dea`) and its `state`. */
  cipher?: DomainKeyWrapCipher[];
}

/** Confidential computing settings (`<launchSecurity>`), by `type`. */
export type DomainLaunchSecurity = DomainLaunchSecuritySev | DomainLaunchSecurityS390Pv;
export interface DomainLaunchSecurityBase extends Extras {
}
/** AMD SEV (`type="sev"`). */
export type DomainLaunchSecuritySev = Omit<DomainLaunchSecurityBase, 'type'> & {
  type: 'sev';
  /** Include hashes of the kernel, initrd and command line in the measurement. */
  kernelHashes?: 'yes' | 'no';
  /** C-bit position in page table entries. */
  cbitpos?: number;
  /** Physical address bits lost to encryption. */
  reducedPhysBits?: number;
  /** SEV guest policy (hex). */
  policy?: string;
  /** Guest owner's Diffie-Hellman key (base64). */
  dhCert?: string;
  /** Session blob of the guest owner (base64). */
  session?: string;
};
/** s390 protected virtualization (`type="s390-pv"`). */
export type DomainLaunchSecurityS390Pv = Omit<DomainLaunchSecurityBase, 'type'> & {
  type: 's390-pv';
};

/** Extra QEMU arguments and environment (`<qemu:commandline>`). */
export interface DomainQemuCommandline extends Extras {
  /** Namespace declaration, when made on this element. */
  'xmlns:qemu'?: string;
  /** Arguments appended to the QEMU command line (`value`). */
  'qemu:arg'?: DomainQemuCommandlineArg[];
  /** Environment variables for QEMU (`name`, `value`). */
  'qemu:env'?: DomainQemuCommandlineEnv[];
}

export interface DomainQemuCapabilities extends Extras {
  /** QEMU capabilities to force on. */
  'qemu:add'?: DomainQemuCapabilitiesAdd[];
  /** QEMU capabilities to force off. */
  'qemu:del'?: DomainQemuCapabilitiesDel[];
}

export interface DomainQemuOverride extends Extras {
  /** A device by alias, with frontend properties to override. */
  'qemu:device'?: DomainQemuOverrideDevice[];
}

export interface DomainBhyveCommandline extends Extras {
  /** Namespace declaration, when made on this element. */
  'xmlns:bhyve'?: string;
  /** Arguments appended to the bhyve command line (`value`). */
  'bhyve:arg'?: DomainBhyveCommandlineArg[];
  /** Environment variables for bhyve (`name`, `value`). */
  'bhyve:env'?: DomainBhyveCommandlineEnv[];
}

export interface DomainXenCommandline extends Extras {
  /** Namespace declaration, when made on this element. */
  'xmlns:xen'?: string;
  /** Arguments for the device model (`value`). */
  'xen:arg'?: DomainXenCommandlineArg[];
  /** Environment variables for the device model (`name`, `value`). */
  'xen:env'?: DomainXenCommandlineEnv[];
}

export interface DomainLXCNamespace extends Extras {
  /** Network namespace to share (`type` `netns` or `name`/`pid`, and its `value`). */
  'lxc:sharenet'?: DomainLXCNamespaceSharenet;
  /** IPC namespace to share. */
  'lxc:shareipc'?: DomainLXCNamespaceSharenet;
  /** UTS namespace to share. */
  'lxc:shareuts'?: DomainLXCNamespaceSharenet;
}

/** Application metadata (`<metadata>`): each child in its own namespace, kept verbatim in `$children`. */
export interface DomainMetadata extends Extras {
}

export interface DomainDiskSourceHost extends Extras {
  /** Host name or IP address of the server. */
  name?: string;
  /** Port of the server. */
  port?: string;
  /** Transport: `tcp`, `rdma` or `unix`. */
  transport?: string;
  /** Path of the UNIX socket (transport `unix`). */
  socket?: string;
}

export interface DomainDiskSourceSnapshot extends Extras {
  /** Name of the internal snapshot. */
  name?: string;
}

export interface DomainDiskSourceConfig extends Extras {
  /** Path of the configuration file. */
  file?: string;
}

export interface DomainDiskSourcePrivateData extends Extras {
  /** QEMU block node names (output only). */
  nodenames?: DomainDiskSourcePrivateDataNodenames;
  /** Alias of the pr-manager object (output only). */
  reservations?: DomainDiskSourcePrivateDataReservations;
}

export interface DomainDiskSourceInitiator extends Extras {
  /** Initiator IQN (`<iqn name>`). */
  iqn?: DomainDiskSourceInitiatorIqn;
}

export interface DomainDiskSourceReservations extends Extras {
  /** Enable SCSI persistent reservations (`yes`/`no`). */
  enabled?: 'yes' | 'no';
  /** `yes`: libvirt starts the pr-helper itself. */
  managed?: 'yes' | 'no';
  /** Socket of an unmanaged pr-helper. */
  source?: DomainDiskSourceReservationsSource;
}

export interface DomainDiskSourceSlices extends Extras {
  /** A slice (`type="storage"` with `offset` and `size` in bytes). */
  slice?: DomainDiskSourceSlicesSlice[];
}

export interface DomainDiskSourceSsl extends Extras {
  /** Verify the server's certificate (`yes`/`no`). */
  verify?: 'yes' | 'no';
}

export interface DomainDiskSourceCookies extends Extras {
  /** A cookie (`<cookie name>value</cookie>`). */
  cookie?: DomainDiskSourceCookiesCookie[];
}

export interface DomainDiskSourceReadahead extends Extras {
  /** Readahead size in bytes. */
  size?: number | bigint;
}

export interface DomainDiskSourceTimeout extends Extras {
  /** Timeout in seconds. */
  seconds?: number;
}

export interface DomainDiskSourceIdentity extends Extras {
  /** User name or `+uid`. */
  user?: string;
  /** Group name or `+gid`. */
  group?: string;
}

export interface DomainDiskSourceDataStore extends Extras {
  /** Source type of the data file: `file` or `block`. */
  type?: string;
  /** Format of the data file; `raw`. */
  format?: DomainDiskSourceDataStoreFormat;
  /** Where the data file lives (`file` or `dev`). */
  source?: DomainDiskSourceDataStoreSource;
}

export interface DomainIP extends Extras {
  /** IP address. */
  address?: string;
  /** Address family: `ipv4` or `ipv6`. */
  family?: string;
  /** Prefix length. */
  prefix?: number;
  /** Address of the peer of a point-to-point link. */
  peer?: string;
}

export interface DomainRoute extends Extras {
  /** Address family: `ipv4` or `ipv6`. */
  family?: string;
  /** Destination network. */
  address?: string;
  /** Netmask of the destination (IPv4). */
  netmask?: string;
  /** Prefix length of the destination. */
  prefix?: number;
  /** Gateway address. */
  gateway?: string;
  /** Route metric. */
  metric?: number;
}

export interface DomainInterfaceSourceLocal extends Extras {
  /** Local IP address. */
  address?: string;
  /** Local port. */
  port?: number;
}

export interface DomainChardevSourceClipboard extends Extras {
  /** Allow clipboard copy and paste (`yes`/`no`). */
  copypaste?: 'yes' | 'no';
}

export interface DomainChardevSourceMouse extends Extras {
  /** `server` or `client`. */
  mode?: string;
}

export interface DomainVCPUs extends Extras {
  /** One entry per vCPU. */
  vcpu?: DomainVCPUsVcpu[];
}

export interface DomainDefaultIOThread extends Extras {
  /** Minimum worker threads. */
  thread_pool_min?: number;
  /** Maximum worker threads. */
  thread_pool_max?: number;
}

export interface DomainQemuDeprecation extends Extras {
  /** `none`, `omit`, `reject` or `crash`. */
  behavior?: string;
}

export interface DomainAddressZpci extends Extras {
  /** User-defined identifier (`0x0001`-`0xffff`). */
  uid?: string;
  /** Function identifier. */
  fid?: string;
}

export interface DomainEncryptionCipher extends Extras {
  /** Cipher name (`aes`). */
  name?: string;
  /** Key size in bits. */
  size?: string;
  /** Cipher mode (`cbc`, `xts`). */
  mode?: string;
  /** Hash algorithm. */
  hash?: string;
}

export interface DomainEncryptionIvgen extends Extras {
  /** IV generator (`plain64`, `essiv`). */
  name?: string;
  /** Hash of the IV generator. */
  hash?: string;
}

export interface DomainDiskSourceReconnect extends Extras {
  /** Seconds between reconnection attempts (nbd). */
  delay?: number;
}

export interface DomainDiskFormat extends Extras {
  /** Image format: `raw`, `qcow2`, ... */
  type?: string;
  /** Size of the qcow2 metadata cache. */
  metadata_cache?: DomainDiskMetadataCache;
}

export interface DomainDiskMetadataCache extends Extras {
  /** Maximum size of the qcow2 metadata cache. */
  max_size?: DomainScaledInteger;
}

export interface DomainDiskDriverIothreads extends Extras {
  /** IOThread that serves the device's requests. */
  iothread?: DomainDiskDriverIothreadsIothread[];
}

export interface DomainDiskBackenddomain extends Extras {
  /** Name of the driver domain. */
  name?: string;
}

export interface DomainDiskGeometry extends Extras {
  /** Number of cylinders. */
  cyls?: number;
  /** Number of heads. */
  heads?: number;
  /** Sectors per track. */
  secs?: number;
  /** BIOS translation mode: `none`, `lba` or `auto`. */
  trans?: string;
}

export interface DomainDiskBlockio extends Extras {
  /** Logical block size in bytes. */
  logical_block_size?: number;
  /** Physical block size in bytes. */
  physical_block_size?: number;
  /** Discard granularity in bytes. */
  discard_granularity?: number;
}

export interface DomainDiskMirror extends Extras {
  /** Source type of the destination. */
  type?: string;
  /** Job: `copy` or `active-commit`. */
  job?: string;
  /** Destination file (legacy attribute). */
  file?: string;
  /** `yes` once the job can be pivoted; `abort` or `pivot` while finishing. */
  ready?: string;
  /** `yes`: only the top image is copied. */
  shallow?: string;
  /** Destination format (the legacy `format` attribute). */
  formatAttr?: string;
  /** Destination format (`<format type>`). */
  format?: DomainDiskFormat;
  /** Destination of the copy. */
  source?: DomainDiskSourceAny;
  /** Backing chain of the destination. */
  backingStore?: DomainDiskBackingStore;
}

export interface DomainDiskTransient extends Extras {
  /** `yes`: the overlay lets several domains share the original image. */
  shareBacking?: 'yes' | 'no';
}

export interface DomainControllerModelName extends Extras {
  /** Model of the emulated device (`pcie-root-port`, `ioh3420`, ...). */
  name?: string;
}

export interface DomainControllerTarget extends Extras {
  /** Chassis number of a pci-bridge. */
  chassisNr?: number;
  /** Chassis of a PCIe root/downstream port. */
  chassis?: number;
  /** Port of a PCIe root/downstream port. */
  port?: string;
  /** Bus number of a pci-expander-bus or pcie-expander-bus. */
  busNr?: number;
  /** Whether hotplug is allowed on the port (`on`/`off`). */
  hotplug?: 'on' | 'off';
  /** Index of a spapr-pci-host-bridge. */
  index?: number;
  /** Memory to reserve for the port's hotplugged devices, in KiB. */
  memReserve?: number | bigint;
  /** Guest NUMA node of an expander bus. */
  node?: number;
}

export interface DomainControllerDriver extends DomainVirtioOptions {
  /** Number of queues. */
  queues?: number;
  /** Maximum commands queued per LUN (virtio-scsi). */
  cmd_per_lun?: number;
  /** Maximum sectors per request (virtio-scsi). */
  max_sectors?: number;
  /** Use ioeventfd for guest notifications (`on`/`off`). */
  ioeventfd?: 'on' | 'off';
  /** IOThread that serves the device's requests. */
  iothread?: number;
}

export interface DomainControllerMaster extends Extras {
  /** First port of the master controller that this companion serves. */
  startport?: number;
}

export interface DomainLeaseTarget extends Extras {
  /** Path of the lease file. */
  path?: string;
  /** Offset in bytes. */
  offset?: number | bigint;
}

export interface DomainFilesystemDriver extends DomainVirtioOptions {
  /** Driver: `path`, `handle`, `loop`, `nbd`, `ploop` or `virtiofs`. */
  type?: string;
  /** Image format for `loop`/`nbd` drivers. */
  format?: string;
  /** Write policy; `immediate`. */
  wrpolicy?: string;
  /** Queue size (virtiofs). */
  queue?: number;
}

export interface DomainFilesystemBinary extends Extras {
  /** Path of the virtiofsd binary. */
  path?: string;
  /** Enable extended attributes (`on`/`off`). */
  xattr?: 'on' | 'off';
  /** Cache mode (`<cache mode="none|always|auto">`). */
  cache?: DomainFilesystemBinaryCache;
  /** Sandboxing mode (`<sandbox mode="namespace|chroot">`). */
  sandbox?: DomainFilesystemBinarySandbox;
  /** POSIX and flock locking (`on`/`off`). */
  lock?: DomainFilesystemBinaryLock;
  /** Size of virtiofsd's thread pool. */
  thread_pool?: DomainFilesystemBinaryThreadPool;
}

export interface DomainFilesystemIdmap extends Extras {
  /** User ID mapping ranges (`<uid start target count>`). */
  uid?: DomainFilesystemIdmapUid[];
  /** Group ID mapping ranges (`<gid start target count>`). */
  gid?: DomainFilesystemIdmapGid[];
}

export interface DomainFilesystemSource extends Extras {
  /** Host directory (mount, bind). */
  dir?: string;
  /** Host image file (file). */
  file?: string;
  /** Template name (template) or volume name (volume). */
  name?: string;
  /** Host block device (block). */
  dev?: string;
  /** Socket of an externally started virtiofsd. */
  socket?: string;
  /** Size of a RAM filesystem (ram). */
  usage?: number | bigint;
  /** Unit of `usage`. */
  units?: string;
}

export interface DomainFilesystemTarget extends Extras {
  /** Mount tag (QEMU) or mount point (LXC) in the guest. */
  dir?: string;
}

export interface DomainInterfaceMac extends Extras {
  /** MAC address (`52:54:00:xx:xx:xx`). */
  address?: string;
  /** `generated` or `static` (ESX). */
  type?: string;
  /** `no`: skip the ESX check of the address range. */
  check?: string;
}

export interface DomainInterfaceVlan extends Extras {
  /** `yes`: pass several VLAN tags. */
  trunk?: 'yes' | 'no';
  /** VLAN tags (`<tag id nativeMode>`). */
  tag?: DomainInterfaceVlanTag[];
}

export interface DomainInterfaceVirtualport extends Extras {
  /** Port profile type: `802.1Qbg`, `802.1Qbh`, `openvswitch` or `midonet`. */
  type?: string;
  /** Parameters of the profile. */
  parameters?: DomainInterfaceVirtualportParameters;
}

export interface DomainInterfaceBandwidth extends Extras {
  /** Limits on traffic to the guest. */
  inbound?: DomainInterfaceBandwidthLimits;
  /** Limits on traffic from the guest. */
  outbound?: DomainInterfaceBandwidthLimits;
}

export interface DomainInterfacePort extends Extras {
  /** `yes`: no traffic with other isolated ports on the bridge. */
  isolated?: 'yes' | 'no';
}

export interface DomainInterfacePortForward extends Extras {
  /** Protocol: `tcp` or `udp`. */
  proto?: string;
  /** Host address to forward from. */
  address?: string;
  /** Host interface to forward from. */
  dev?: string;
  /** Port ranges to forward (`start`, `end`, `to`, `exclude`). */
  range?: DomainInterfacePortForwardRange[];
}

export interface DomainInterfaceScript extends Extras {
  /** Path of the script. */
  path?: string;
}

export interface DomainInterfaceDownscript extends Extras {
  /** Path of the script. */
  path?: string;
}

export interface DomainInterfaceBackenddomain extends Extras {
  /** Name of the driver domain. */
  name?: string;
}

export interface DomainInterfaceTarget extends Extras {
  /** Name of the host-side tap or macvtap device. */
  dev?: string;
  /** `no`: use an existing tap device. */
  managed?: 'yes' | 'no';
}

export interface DomainInterfaceGuest extends Extras {
  /** Device name in the container. */
  dev?: string;
  /** Actual device name in the container (output only). */
  actual?: string;
}

export interface DomainInterfaceModel extends Extras {
  /** NIC model: `virtio`, `e1000`, `e1000e`, `rtl8139`, ... */
  type?: string;
}

export interface DomainInterfaceDriver extends DomainVirtioOptions {
  /** Backend: `qemu` (userspace) or `vhost` (kernel); `vfio`/`kvm` for hostdev interfaces. */
  name?: string;
  /** Transmit mode: `iothread` or `timer` (deprecated). */
  txmode?: string;
  /** Use ioeventfd for guest notifications (`on`/`off`). */
  ioeventfd?: 'on' | 'off';
  /** Use the virtio event index to suppress interrupts (`on`/`off`). */
  event_idx?: 'on' | 'off';
  /** Number of queues (multiqueue virtio-net). */
  queues?: number;
  /** Size of the receive virtqueue. */
  rx_queue_size?: number;
  /** Size of the transmit virtqueue. */
  tx_queue_size?: number;
  /** Receive-side scaling (`on`/`off`). */
  rss?: 'on' | 'off';
  /** Report RSS hashes to the guest (`on`/`off`). */
  rss_hash_report?: 'on' | 'off';
  /** Host-side offloads. */
  host?: DomainInterfaceOffloads;
  /** Guest-side offloads. */
  guest?: DomainInterfaceOffloads;
}

export interface DomainInterfaceBackend extends Extras {
  /** Backend type; `passt` for user-mode interfaces. */
  type?: string;
  /** Path of the tun device to use. */
  tap?: string;
  /** Path of the vhost-net device to use. */
  vhost?: string;
  /** Log file of passt. */
  logFile?: string;
}

export interface DomainInterfaceFilterref extends Extras {
  /** Name of the network filter. */
  filter?: string;
  /** Filter parameters (`<parameter name value>`). */
  parameter?: DomainInterfaceFilterrefParameter[];
}

export interface DomainInterfaceTune extends Extras {
  /** Send buffer size of the tap device, in bytes. */
  sndbuf?: number | bigint;
}

export interface DomainInterfaceTeaming extends Extras {
  /** `persistent` or `transient`. */
  type?: string;
  /** Alias of the persistent partner (transient interfaces). */
  persistent?: string;
}

export interface DomainInterfaceLink extends Extras {
  /** `up` or `down`. */
  state?: string;
}

export interface DomainInterfaceMtu extends Extras {
  /** MTU in bytes. */
  size?: number;
}

export interface DomainInterfaceCoalesce extends Extras {
  /** Receive queue coalescing. */
  rx?: DomainInterfaceCoalesceQueue;
  /** Transmit queue coalescing. */
  tx?: DomainInterfaceCoalesceQueue;
}

export interface DomainInterfaceRom extends Extras {
  /** Whether the ROM is visible in the guest's memory map (`on`/`off`). */
  bar?: 'on' | 'off';
  /** ROM image to present instead of the device's own. */
  file?: string;
  /** `no`: no ROM at all. */
  enabled?: 'yes' | 'no';
}

export interface DomainChardevProtocol extends Extras {
  /** Protocol on a TCP backend: `raw`, `telnet`, `telnets` or `tls`. */
  type?: string;
}

export interface DomainChardevLog extends Extras {
  /** Log file path. */
  file?: string;
  /** Append to the log file (`on`/`off`). */
  append?: 'on' | 'off';
}

/** How a character device appears in the guest (`<target>`). */
export interface DomainChardevTarget extends Extras {
  /** Target type: serial (`isa-serial`, `usb-serial`, `pci-serial`, ...), console (`serial`, `virtio`, ...) or channel (`virtio`, `guestfwd`, `xen`). */
  type?: string;
  /** Port number. */
  port?: number;
  /** Name of a virtio channel (`org.qemu.guest_agent.0`). */
  name?: string;
  /** Guest address of a guestfwd channel. */
  address?: string;
  /** Whether the guest side is connected (`connected`/`disconnected`; output only). */
  state?: string;
  /** Model of the serial device (`<model name>`). */
  model?: DomainChardevTargetModel;
}

export interface DomainRedirFilterUsbdev extends Extras {
  /** USB class code, or `-1` for any. */
  class?: string;
  /** USB vendor ID, or `-1` for any. */
  vendor?: string;
  /** USB product ID, or `-1` for any. */
  product?: string;
  /** Device revision, or `-1` for any. */
  version?: string;
  /** `yes` to allow, `no` to refuse matching devices. */
  allow?: string;
}

export interface DomainInputDriver extends DomainVirtioOptions {
}

export interface DomainInputSource extends Extras {
  /** Host evdev path (passthrough). */
  evdev?: string;
  /** Host evdev path (evdev). */
  dev?: string;
  /** Grab mode: `all` keyboards and mice. */
  grab?: string;
  /** Key combination that toggles the grab (`ctrl-ctrl`, `alt-alt`, ...). */
  grabToggle?: string;
  /** Key repeat (`on`/`off`). */
  repeat?: string;
}

export interface DomainTPMBackend extends Extras {
  /** `passthrough`, `emulator` or `external`. */
  type?: string;
  /** TPM version: `1.2` or `2.0`. */
  version?: string;
  /** `yes`: keep the emulator state after the domain is undefined. */
  persistent_state?: string;
  /** Host TPM device (passthrough). */
  device?: DomainTPMBackendDevice;
  /** Secret that encrypts the emulator state. */
  encryption?: DomainTPMBackendEncryption;
  /** Socket of an external swtpm. */
  source?: DomainTPMBackendSource;
  /** PCR banks to activate (TPM 2.0). */
  active_pcr_banks?: DomainTPMBackendActivePcrBanks;
}

export interface DomainGraphicsChannel extends Extras {
  /** SPICE channel: `main`, `display`, `inputs`, `cursor`, `playback`, `record`, `smartcard`, `usbredir`. */
  name?: string;
  /** `secure`, `insecure` or `any`. */
  mode?: string;
}

export interface DomainGraphicsImage extends Extras {
  /** `auto_glz`, `auto_lz`, `quic`, `glz`, `lz` or `off`. */
  compression?: string;
}

export interface DomainGraphicsJpeg extends Extras {
  /** `auto`, `never` or `always`. */
  compression?: string;
}

export interface DomainGraphicsZlib extends Extras {
  /** `auto`, `never` or `always`. */
  compression?: string;
}

export interface DomainGraphicsPlayback extends Extras {
  /** `on` or `off`. */
  compression?: string;
}

export interface DomainGraphicsStreaming extends Extras {
  /** `filter`, `all` or `off`. */
  mode?: string;
}

export interface DomainGraphicsMouse extends Extras {
  /** `server` or `client`. */
  mode?: string;
}

export interface DomainGraphicsClipboard extends Extras {
  /** Allow copy and paste (`yes`/`no`). */
  copypaste?: 'yes' | 'no';
}

export interface DomainGraphicsFiletransfer extends Extras {
  /** Allow file transfers (`yes`/`no`). */
  enable?: 'yes' | 'no';
}

export interface DomainGraphicsGl extends Extras {
  /** Use OpenGL (`yes`/`no`). */
  enable?: 'yes' | 'no';
  /** DRM render node to use (`/dev/dri/renderD128`). */
  rendernode?: string;
}

export interface DomainGraphicsAudio extends Extras {
  /** ID of the `<audio>` backend. */
  id?: number;
}

export interface DomainAudioIO extends Extras {
  /** Mix in QEMU (`yes`/`no`). */
  mixingEngine?: 'yes' | 'no';
  /** Use fixed settings for the host side. */
  fixedSettings?: 'yes' | 'no';
  /** Number of voices. */
  voices?: number;
  /** Buffer length in microseconds. */
  bufferLength?: number;
  /** Host device. */
  dev?: string;
  /** JACK server name. */
  serverName?: string;
  /** JACK client name. */
  clientName?: string;
  /** JACK ports to connect to (regular expression). */
  connectPorts?: string;
  /** Device or stream name (backend-specific). */
  name?: string;
  /** Stream name (pulseaudio, pipewire). */
  streamName?: string;
  /** Latency in microseconds. */
  latency?: number;
  /** Number of buffers (OSS). */
  bufferCount?: number;
  /** Use polling (OSS). */
  tryPoll?: 'yes' | 'no';
  /** Use the JACK client name exactly. */
  exactName?: 'yes' | 'no';
  /** Try mmap (OSS). */
  tryMMap?: 'yes' | 'no';
  /** Fixed frequency, channels and sample format. */
  settings?: DomainAudioIOSettings;
}

export interface DomainSoundCodec extends Extras {
  /** Codec: `duplex`, `micro` or `output`. */
  type?: string;
}

export interface DomainSoundAudio extends Extras {
  /** ID of the `<audio>` backend. */
  id?: number;
}

export interface DomainVideoDriver extends DomainVirtioOptions {
  /** Backend: `qemu` or `vhostuser`. */
  name?: string;
  /** VGA configuration (bhyve): `io`, `on` or `off`. */
  vgaconf?: string;
}

export interface DomainVideoModel extends Extras {
  /** Model: `vga`, `cirrus`, `vmvga`, `qxl`, `virtio`, `bochs`, `ramfb`, `none`, ... */
  type?: 'vga' | 'cirrus' | 'vmvga' | 'xen' | 'vbox' | 'qxl' | 'virtio' | 'gop' | 'bochs' | 'ramfb' | 'none' | (string & {});
  /** Size of the primary bar in KiB (qxl). */
  ram?: number | bigint;
  /** Video memory in KiB. */
  vram?: number | bigint;
  /** Size of the 64-bit video memory bar in KiB (qxl). */
  vram64?: number | bigint;
  /** Size of the VGA framebuffer in KiB (qxl). */
  vgamem?: number | bigint;
  /** Number of screens. */
  heads?: number;
  /** `yes`: the primary video device. */
  primary?: 'yes' | 'no';
  /** Blob resources (`on`/`off`; virtio). */
  blob?: 'on' | 'off';
  /** 2D/3D acceleration. */
  acceleration?: DomainVideoModelAcceleration;
  /** Initial resolution (`x`, `y`). */
  resolution?: DomainVideoModelResolution;
}

export interface DomainHostdevDriver extends Extras {
  /** Backend: `vfio` or `kvm` (legacy). */
  name?: string;
}

export interface DomainHostdevSource extends Extras {
  /** What to do when a USB device is missing at start. */
  startupPolicy?: string;
  /** USB device reset by the guest: `off`, `uninitialized` or `on`. */
  guestReset?: string;
  /** PCI config write filtering (Xen). */
  writeFiltering?: string;
  /** SCSI source protocol: `iscsi` or `adapter`; scsi_host protocol `vhost`. */
  protocol?: string;
  /** World Wide Port Name of a vhost-scsi target. */
  wwpn?: string;
  /** iSCSI target name. */
  name?: string;
  /** `yes`: the USB device is currently absent (output only). */
  missing?: string;
  /** USB vendor ID. */
  vendor?: DomainHostdevSourceVendor;
  /** USB product ID. */
  product?: DomainHostdevSourceProduct;
  /** SCSI host adapter (`scsi_host0`). */
  adapter?: DomainHostdevSourceAdapter;
  /** Host address: PCI (domain, bus, slot, function), USB (bus, device), SCSI (bus, target, unit) or mdev UUID. */
  address?: DomainHostdevSourceAddress;
  /** The storage server(s) to contact (`<host name port transport socket>`). */
  host?: DomainDiskSourceHost[];
  /** Authentication to the storage server (`<auth username>` with a `<secret>`). */
  auth?: DomainAuth;
  /** iSCSI initiator name (`<initiator><iqn name>`). */
  initiator?: DomainHostdevSourceInitiator;
  /** Host block device (capabilities storage). */
  block?: string;
  /** Host character device (capabilities misc). */
  char?: string;
  /** Host network interface (capabilities net). */
  interface?: string;
}

export interface DomainHostdevTeaming extends Extras {
  /** `transient`. */
  type?: string;
  /** Alias of the persistent partner interface. */
  persistent?: string;
}

export interface DomainHostdevRom extends Extras {
  /** Whether the ROM is visible in the guest's memory map (`on`/`off`). */
  bar?: 'on' | 'off';
  /** ROM image to present instead of the device's own. */
  file?: string;
  /** `no`: no ROM at all. */
  enabled?: 'yes' | 'no';
}

export interface DomainMemBalloonStats extends Extras {
  /** Seconds between statistics updates (0 disables). */
  period?: number;
}

export interface DomainMemBalloonDriver extends DomainVirtioOptions {
}

export interface DomainRNGRate extends Extras {
  /** Bytes allowed per period. */
  bytes?: number;
  /** Period in milliseconds. */
  period?: number;
}

/** Source of entropy of an RNG device, by `model`. */
export type DomainRNGBackend = DomainRNGBackendRandom | DomainRNGBackendEgd | DomainRNGBackendBuiltin;
/** Fields of an RNG backend whatever its `model`. */
export interface DomainRNGBackendBase extends Extras {
  /** Character device type of an `egd` backend. */
  type?: string;
  /** Host device of a `random` backend (`/dev/urandom`). */
  value?: string;
  /** Character device source(s) of an `egd` backend. */
  source?: DomainChardevSourceAny[];
  /** Protocol of an `egd` backend. */
  protocol?: DomainRNGBackendProtocol;
}
/** A host random device. */
export type DomainRNGBackendRandom = Omit<DomainRNGBackendBase, 'model'> & {
  model: 'random';
};
/** An EGD daemon over a character device. */
export type DomainRNGBackendEgd = Omit<DomainRNGBackendBase, 'model'> & {
  model: 'egd';
};
/** QEMU's built-in generator. */
export type DomainRNGBackendBuiltin = Omit<DomainRNGBackendBase, 'model'> & {
  model: 'builtin';
};

export interface DomainRNGDriver extends DomainVirtioOptions {
}

export interface DomainShmemModel extends Extras {
  /** `ivshmem`, `ivshmem-plain` or `ivshmem-doorbell`. */
  type?: string;
}

export interface DomainShmemServer extends Extras {
  /** Socket path of the ivshmem server. */
  path?: string;
}

export interface DomainShmemMsi extends Extras {
  /** Number of interrupt vectors. */
  vectors?: number;
  /** Use ioeventfd for guest notifications (`on`/`off`). */
  ioeventfd?: 'on' | 'off';
}

export interface DomainMemoryDeviceSource extends Extras {
  /** Host NUMA nodes to allocate from. */
  nodemask?: string;
  /** Huge page size to back the memory with. */
  pagesize?: DomainScaledInteger;
  /** Backing file or device (nvdimm, virtio-pmem). */
  path?: string;
  /** Alignment of the backing memory. */
  alignsize?: DomainScaledInteger;
  /** The backing file is real persistent memory (`<pmem/>`). */
  pmem?: Extras;
}

export interface DomainMemoryDeviceTarget extends Extras {
  /** Let virtio-mem use several memory slots (`yes`/`no`). */
  dynamicMemslots?: 'yes' | 'no';
  /** Size of the device. */
  size?: DomainScaledInteger;
  /** Guest NUMA node. */
  node?: number;
  /** Size of the NVDIMM label area. */
  label?: DomainMemoryDeviceTargetLabel;
  /** Block size of a virtio-mem device. */
  block?: DomainScaledInteger;
  /** Size the guest is asked to plug (virtio-mem). */
  requested?: DomainScaledInteger;
  /** Size the guest has plugged (virtio-mem; output only). */
  current?: DomainScaledInteger;
  /** Read-only NVDIMM. */
  readonly?: Extras;
  /** Base address in guest physical memory. */
  address?: DomainMemoryDeviceTargetAddress;
}

export interface DomainIOMMUDriver extends Extras {
  /** Interrupt remapping (`on`/`off`). */
  intremap?: 'on' | 'off';
  /** Caching mode for assigned devices (`on`/`off`). */
  caching_mode?: 'on' | 'off';
  /** Extended interrupt mode (`on`/`off`). */
  eim?: 'on' | 'off';
  /** Device IOTLB (`on`/`off`). */
  iotlb?: 'on' | 'off';
  /** Address width in bits (39 or 48). */
  aw_bits?: number;
}

export interface DomainVsockCid extends Extras {
  /** `yes`: pick a free CID at start. */
  auto?: 'yes' | 'no';
  /** The CID (3 and up). */
  address?: number;
}

export interface DomainVsockDriver extends DomainVirtioOptions {
}

export interface DomainCryptoBackend extends Extras {
  /** `builtin` or `lkcf`. */
  model?: string;
  /** Number of queues. */
  queues?: number;
}

export interface DomainCryptoDriver extends DomainVirtioOptions {
}

export interface DomainBlkioTuneDevice extends Extras {
  /** Host block device. */
  path?: string;
  /** I/O weight on this device (100-1000). */
  weight?: number;
  /** Read operations per second. */
  read_iops_sec?: number;
  /** Write operations per second. */
  write_iops_sec?: number;
  /** Read throughput in bytes per second. */
  read_bytes_sec?: number;
  /** Write throughput in bytes per second. */
  write_bytes_sec?: number;
}

export interface DomainMemoryBackingHugepages extends Extras {
  /** Page sizes, optionally per guest NUMA node. */
  page?: DomainMemoryBackingHugepagesPage[];
}

export interface DomainMemoryBackingSource extends Extras {
  /** `file`, `anonymous` or `memfd`. */
  type?: string;
}

export interface DomainMemoryBackingAccess extends Extras {
  /** `shared` or `private`. */
  mode?: string;
}

export interface DomainMemoryBackingAllocation extends Extras {
  /** `immediate` or `ondemand`. */
  mode?: string;
  /** Threads used to preallocate memory. */
  threads?: number;
}

export interface DomainIOThreadIDsIothread extends Extras {
  /** IOThread ID (from 1). */
  id?: number;
  /** Minimum worker threads. */
  thread_pool_min?: number;
  /** Maximum worker threads. */
  thread_pool_max?: number;
  /** Polling: `max` nanoseconds, `grow` and `shrink` factors. */
  poll?: DomainIOThreadIDsIothreadPoll;
}

export interface DomainCPUTuneVcpupin extends Extras {
  /** The vCPU. */
  vcpu?: number;
  /** Host physical CPUs, as a cpuset list (`0-3,^2,8`). */
  cpuset?: string;
}

export interface DomainCPUTuneEmulatorpin extends Extras {
  /** Host physical CPUs, as a cpuset list (`0-3,^2,8`). */
  cpuset?: string;
}

export interface DomainCPUTuneIothreadpin extends Extras {
  /** The IOThread ID. */
  iothread?: number;
  /** Host physical CPUs, as a cpuset list (`0-3,^2,8`). */
  cpuset?: string;
}

export interface DomainCPUTuneEmulatorsched extends Extras {
  /** Scheduler: `batch`, `idle`, `fifo` or `rr`. */
  scheduler?: string;
  /** Priority for the `fifo` and `rr` schedulers (1-99). */
  priority?: number;
}

export interface DomainCPUTuneVcpusched extends Extras {
  /** Guest vCPUs it applies to, as a cpuset list. */
  vcpus?: string;
  /** Scheduler: `batch`, `idle`, `fifo` or `rr`. */
  scheduler?: string;
  /** Priority for the `fifo` and `rr` schedulers (1-99). */
  priority?: number;
}

export interface DomainCPUTuneIothreadsched extends Extras {
  /** IOThread IDs, as a list. */
  iothreads?: string;
  /** Scheduler: `batch`, `idle`, `fifo` or `rr`. */
  scheduler?: string;
  /** Priority for the `fifo` and `rr` schedulers (1-99). */
  priority?: number;
}

export interface DomainCPUTuneCachetune extends Extras {
  /** Guest vCPUs it applies to, as a cpuset list. */
  vcpus?: string;
  /** Name of the allocation (output only). */
  id?: string;
  /** Allocation on one host cache. */
  cache?: DomainCPUTuneCachetuneCache[];
  /** Monitoring groups (`<monitor level vcpus>`). */
  monitor?: DomainCPUTuneCachetuneMonitor[];
}

export interface DomainCPUTuneMemorytune extends Extras {
  /** Guest vCPUs it applies to, as a cpuset list. */
  vcpus?: string;
  /** Name of the allocation (output only). */
  id?: string;
  /** Bandwidth share on one host node. */
  node?: DomainCPUTuneMemorytuneNode[];
  /** Monitoring groups (`<monitor level vcpus>`). */
  monitor?: DomainCPUTuneMemorytuneMonitor[];
}

export interface DomainNumaTuneMemory extends Extras {
  /** `interleave`, `strict`, `preferred` or `restrictive`. */
  mode?: string;
  /** Host NUMA nodes, as a nodeset list. */
  nodeset?: string;
  /** `static` (use `nodeset`) or `auto` (numad decides). */
  placement?: string;
}

export interface DomainNumaTuneMemnode extends Extras {
  /** Guest NUMA node. */
  cellid?: number;
  /** `interleave`, `strict`, `preferred` or `restrictive`. */
  mode?: string;
  /** Host NUMA nodes, as a nodeset list. */
  nodeset?: string;
}

export interface DomainResourceFibrechannel extends Extras {
  /** Application ID for fibre channel traffic tagging. */
  appid?: string;
}

export interface DomainSysInfoEntries extends Extras {
  /** Entries (`<entry name>value</entry>`). */
  entry?: DomainSysInfoEntriesEntry[];
}

export interface DomainSysInfoFwcfgEntry extends Extras {
  /** fw_cfg key (`opt/com.example/name`). */
  name?: string;
  /** File whose content is the value. */
  file?: string;
  /** The value. */
  value?: string;
}

export interface DomainOSFirmwareInfo extends Extras {
  /** Features the firmware must have (`enabled="yes"`) or lack (`enabled="no"`). */
  feature?: DomainOSFirmwareFeature[];
}

export interface DomainOSInitenv extends Extras {
  /** Variable name. */
  name?: string;
  /** Variable value. */
  value?: string;
}

export interface DomainOSAcpi extends Extras {
  /** ACPI tables (`<table type>` with a path). */
  table?: DomainOSAcpiTable[];
}

export interface DomainOSBoot extends Extras {
  /** `fd`, `hd`, `cdrom` or `network`. */
  dev?: string;
}

export interface DomainOSBootmenu extends Extras {
  /** Show the boot menu (`yes`/`no`). */
  enable?: 'yes' | 'no';
  /** Milliseconds the menu waits. */
  timeout?: number;
}

export interface DomainOSSmbios extends Extras {
  /** `emulate`, `host` or `sysinfo`. */
  mode?: string;
}

export interface DomainOSBios extends Extras {
  /** Show BIOS messages on the serial port (`yes`/`no`). */
  useserial?: 'yes' | 'no';
  /** Milliseconds before rebooting when boot fails (-1: never). */
  rebootTimeout?: number;
}

export interface DomainIDMapUid extends Extras {
  /** First ID of the range in the container. */
  start?: number;
  /** First ID of the range on the host. */
  target?: number;
  /** Number of IDs in the range. */
  count?: number;
}

export interface DomainIDMapGid extends Extras {
  /** First ID of the range in the container. */
  start?: number;
  /** First ID of the range on the host. */
  target?: number;
  /** Number of IDs in the range. */
  count?: number;
}

export interface DomainFeaturesApic extends Extras {
  /** Paravirtual end-of-interrupt (`on`/`off`). */
  eoi?: 'on' | 'off';
}

export interface DomainFeatureState extends Extras {
  /** `on` or `off`. */
  state?: 'on' | 'off';
}

export interface DomainFeaturesHyperv extends Extras {
  /** `custom` (listed enlightenments) or `passthrough` (all the host has). */
  mode?: string;
  /** Relaxed timing. */
  relaxed?: DomainFeatureState;
  /** Virtual APIC. */
  vapic?: DomainFeatureState;
  /** Spinlock notification with the retry count. */
  spinlocks?: DomainFeaturesHypervSpinlocks;
  /** Virtual processor index. */
  vpindex?: DomainFeatureState;
  /** Processor time spent in the guest and hypervisor. */
  runtime?: DomainFeatureState;
  /** Synthetic interrupt controller. */
  synic?: DomainFeatureState;
  /** Synthetic timers, with `direct` mode. */
  stimer?: DomainFeaturesHypervStimer;
  /** Hypervisor reset. */
  reset?: DomainFeatureState;
  /** Hypervisor vendor ID string (`value`, up to 12 characters). */
  vendor_id?: DomainFeaturesHypervVendorId;
  /** TSC and APIC frequency MSRs. */
  frequencies?: DomainFeatureState;
  /** Re-enlightenment notifications on migration. */
  reenlightenment?: DomainFeatureState;
  /** Paravirtual TLB flush. */
  tlbflush?: DomainFeatureState;
  /** Paravirtual IPI. */
  ipi?: DomainFeatureState;
  /** Enlightened VMCS. */
  evmcs?: DomainFeatureState;
  /** Hyper-V AVIC support. */
  avic?: DomainFeatureState;
}

export interface DomainFeaturesKvm extends Extras {
  /** Hide the KVM hypervisor from the guest. */
  hidden?: DomainFeatureState;
  /** Tell the guest its vCPUs have dedicated host CPUs. */
  'hint-dedicated'?: DomainFeatureState;
  /** Guest-controlled host-side halt polling. */
  'poll-control'?: DomainFeatureState;
  /** Paravirtual IPIs. */
  'pv-ipi'?: DomainFeatureState;
  /** Dirty page ring with its `size` (a power of 2 from 1024 to 65536). */
  'dirty-ring'?: DomainFeaturesKvmDirtyRing;
}

export interface DomainFeaturesCapabilities extends Extras {
  /** Default for capabilities not listed: `default`, `allow` or `deny`. */
  policy?: string;
  audit_control?: DomainFeatureState;
  audit_write?: DomainFeatureState;
  block_suspend?: DomainFeatureState;
  chown?: DomainFeatureState;
  dac_override?: DomainFeatureState;
  dac_read_search?: DomainFeatureState;
  fowner?: DomainFeatureState;
  fsetid?: DomainFeatureState;
  ipc_lock?: DomainFeatureState;
  ipc_owner?: DomainFeatureState;
  kill?: DomainFeatureState;
  lease?: DomainFeatureState;
  linux_immutable?: DomainFeatureState;
  mac_admin?: DomainFeatureState;
  mac_override?: DomainFeatureState;
  mknod?: DomainFeatureState;
  net_admin?: DomainFeatureState;
  net_bind_service?: DomainFeatureState;
  net_broadcast?: DomainFeatureState;
  net_raw?: DomainFeatureState;
  setgid?: DomainFeatureState;
  setfcap?: DomainFeatureState;
  setpcap?: DomainFeatureState;
  setuid?: DomainFeatureState;
  sys_admin?: DomainFeatureState;
  sys_boot?: DomainFeatureState;
  sys_chroot?: DomainFeatureState;
  sys_module?: DomainFeatureState;
  sys_nice?: DomainFeatureState;
  sys_pacct?: DomainFeatureState;
  sys_ptrace?: DomainFeatureState;
  sys_rawio?: DomainFeatureState;
  sys_resource?: DomainFeatureState;
  sys_time?: DomainFeatureState;
  sys_tty_config?: DomainFeatureState;
  syslog?: DomainFeatureState;
  wake_alarm?: DomainFeatureState;
}

export interface DomainFeaturesGic extends Extras {
  /** `2`, `3` or `host`. */
  version?: string;
}

export interface DomainFeaturesSmm extends Extras {
  /** `on` or `off`. */
  state?: 'on' | 'off';
  /** Size of the SMM TSEG memory. */
  tseg?: DomainScaledInteger;
}

export interface DomainFeaturesIoapic extends Extras {
  /** `qemu` or `kvm`. */
  driver?: string;
}

export interface DomainFeaturesHpt extends Extras {
  /** Resizing: `enabled`, `disabled` or `required`. */
  resizing?: string;
  /** Largest page size the guest may use. */
  maxpagesize?: DomainScaledInteger;
}

export interface DomainFeaturesMsrs extends Extras {
  /** `ignore` or `fault`. */
  unknown?: string;
}

export interface DomainFeaturesXen extends Extras {
  /** Expose the host e820 memory map to a PV guest. */
  e820_host?: DomainFeatureState;
  /** PCI passthrough mode (`state`, `mode`: `sync_pt` or `share_pt`). */
  passthrough?: DomainFeaturesXenPassthrough;
}

export interface DomainFeaturesCfpc extends Extras {
  /** `broken`, `workaround` or `fixed`. */
  value?: string;
}

export interface DomainFeaturesSbbc extends Extras {
  /** `broken`, `workaround` or `fixed`. */
  value?: string;
}

export interface DomainFeaturesIbs extends Extras {
  /** `broken`, `workaround`, `fixed-ibs`, `fixed-ccd` or `fixed-na`. */
  value?: string;
}

export interface DomainFeaturesTcg extends Extras {
  /** Size of the translation block cache. */
  'tb-cache'?: DomainScaledInteger;
}

export interface DomainFeaturesAsyncTeardown extends Extras {
  /** `yes` or `no`. */
  enabled?: 'yes' | 'no';
}

export interface DomainNumaCellDistances extends Extras {
  /** Distance to each other node. */
  sibling?: DomainNumaCellDistancesSibling[];
}

export interface DomainNumaCellCache extends Extras {
  /** Cache level. */
  level?: number;
  /** `none`, `direct` or `full`. */
  associativity?: string;
  /** Write policy: `none`, `writeback` or `writethrough`. */
  policy?: string;
  /** Cache size. */
  size?: DomainNumaCacheSize;
  /** Cache line size. */
  line?: DomainNumaCacheSize;
}

export interface DomainNumaInterconnects extends Extras {
  /** Access latencies between nodes. */
  latency?: DomainNumaInterconnect[];
  /** Access bandwidths between nodes. */
  bandwidth?: DomainNumaInterconnect[];
}

export interface DomainCPUMicrocode extends Extras {
  /** Microcode version. */
  version?: string;
}

export interface DomainCPUSignature extends Extras {
  /** CPU family. */
  family?: string;
  /** CPU model number. */
  model?: string;
  /** CPU stepping. */
  stepping?: string;
}

export interface DomainCPUCounter extends Extras {
  /** Counter; `tsc`. */
  name?: string;
  /** Frequency in Hz. */
  frequency?: string;
  /** Whether the frequency can be scaled (`yes`/`no`). */
  scaling?: string;
}

export interface DomainCPUMaxphysaddr extends Extras {
  /** `passthrough` or `emulate`. */
  mode?: string;
  /** Number of physical address bits. */
  bits?: number;
}

export interface DomainClockTimer extends Extras {
  /** Timer: `platform`, `pit`, `rtc`, `hpet`, `tsc`, `kvmclock`, `hypervclock`, `armvtimer`. */
  name?: 'platform' | 'pit' | 'rtc' | 'hpet' | 'tsc' | 'kvmclock' | 'hypervclock' | 'armvtimer' | (string & {});
  /** Whether the guest sees the timer (`yes`/`no`). */
  present?: 'yes' | 'no';
  /** Missed tick policy: `delay`, `catchup`, `merge` or `discard`. */
  tickpolicy?: string;
  /** What the RTC tracks: `boot`, `guest` or `wall`. */
  track?: string;
  /** TSC mode: `auto`, `native`, `emulate`, `paravirt` or `smpsafe`. */
  mode?: string;
  /** TSC frequency in Hz. */
  frequency?: number | bigint;
  /** Catch-up parameters of the `catchup` policy. */
  catchup?: DomainClockTimerCatchup;
}

export interface DomainPMSuspend extends Extras {
  /** `yes` or `no`. */
  enabled?: 'yes' | 'no';
}

export interface DomainPerfEvent extends Extras {
  /** Event name (`cmt`, `mbmt`, `cpu_cycles`, ...). */
  name?: string;
  /** `yes` or `no`. */
  enabled?: string;
}

export interface DomainKeyWrapCipher extends Extras {
  /** `aes` or `dea`. */
  name?: string;
  /** `on` or `off`. */
  state?: string;
}

export interface DomainQemuCommandlineArg extends Extras {
  /** One argument. */
  value?: string;
}

export interface DomainQemuCommandlineEnv extends Extras {
  /** Variable name. */
  name?: string;
  /** Variable value. */
  value?: string;
}

export interface DomainQemuCapabilitiesAdd extends Extras {
  /** Capability name. */
  capability?: string;
}

export interface DomainQemuCapabilitiesDel extends Extras {
  /** Capability name. */
  capability?: string;
}

export interface DomainQemuOverrideDevice extends Extras {
  /** Alias of the device to override. */
  alias?: string;
  /** Properties of the device's frontend. */
  'qemu:frontend'?: DomainQemuOverrideDeviceFrontend;
}

export interface DomainBhyveCommandlineArg extends Extras {
  /** One argument. */
  value?: string;
}

export interface DomainBhyveCommandlineEnv extends Extras {
  /** Variable name. */
  name?: string;
  /** Variable value. */
  value?: string;
}

export interface DomainXenCommandlineArg extends Extras {
  /** One argument. */
  value?: string;
}

export interface DomainXenCommandlineEnv extends Extras {
  /** Variable name. */
  name?: string;
  /** Variable value. */
  value?: string;
}

export interface DomainLXCNamespaceSharenet extends Extras {
  type?: string;
  value?: string;
}

export interface DomainDiskSourcePrivateDataNodenames extends Extras {
  /** Node names (`type`: `storage` or `format`). */
  nodename?: DomainDiskSourcePrivateDataNodenamesNodename[];
}

export interface DomainDiskSourcePrivateDataReservations extends Extras {
  /** Alias of the pr-manager object. */
  mgralias?: string;
}

export interface DomainDiskSourceInitiatorIqn extends Extras {
  /** The IQN. */
  name?: string;
}

export interface DomainDiskSourceReservationsSource extends Extras {
  /** Socket type; `unix`. */
  type?: string;
  /** Socket path of the pr-helper. */
  path?: string;
  /** `client`. */
  mode?: string;
}

export interface DomainDiskSourceSlicesSlice extends Extras {
  /** What the slice applies to; `storage`. */
  type?: string;
  /** Offset in bytes. */
  offset?: number | bigint;
  /** Length of the slice in bytes. */
  size?: number | bigint;
}

export interface DomainDiskSourceCookiesCookie extends Extras {
  /** Cookie name. */
  name?: string;
  /** Cookie value. */
  value?: string;
}

export interface DomainDiskSourceDataStoreFormat extends Extras {
  /** Format; `raw`. */
  type?: string;
}

export interface DomainDiskSourceDataStoreSource extends Extras {
  /** Path of the data file. */
  file?: string;
  /** Block device holding the data. */
  dev?: string;
}

export interface DomainVCPUsVcpu extends Extras {
  /** vCPU number. */
  id?: number;
  /** Whether the vCPU is online. */
  enabled?: 'yes' | 'no';
  /** Whether the vCPU can be hot(un)plugged. */
  hotpluggable?: 'yes' | 'no';
  /** Order in which the vCPUs are added. */
  order?: number;
}

export interface DomainDiskDriverIothreadsIothread extends Extras {
  /** IOThread ID. */
  id?: number;
  /** Virtqueues this IOThread serves. */
  queue?: DomainDiskDriverIothreadsIothreadQueue[];
}

export interface DomainFilesystemBinaryCache extends Extras {
  /** `none`, `always` or `auto`. */
  mode?: string;
}

export interface DomainFilesystemBinarySandbox extends Extras {
  /** `namespace` or `chroot`. */
  mode?: string;
}

export interface DomainFilesystemBinaryLock extends Extras {
  /** POSIX locks (`on`/`off`). */
  posix?: 'on' | 'off';
  /** flock locks (`on`/`off`). */
  flock?: 'on' | 'off';
}

export interface DomainFilesystemBinaryThreadPool extends Extras {
  /** Number of threads. */
  size?: number;
}

export interface DomainFilesystemIdmapUid extends Extras {
  /** First ID of the range in the container. */
  start?: number;
  /** First ID of the range on the host. */
  target?: number;
  /** Number of IDs in the range. */
  count?: number;
}

export interface DomainFilesystemIdmapGid extends Extras {
  /** First ID of the range in the container. */
  start?: number;
  /** First ID of the range on the host. */
  target?: number;
  /** Number of IDs in the range. */
  count?: number;
}

export interface DomainInterfaceVlanTag extends Extras {
  /** VLAN ID. */
  id?: number;
  /** Native VLAN handling: `tagged` or `untagged`. */
  nativeMode?: string;
}

export interface DomainInterfaceVirtualportParameters extends Extras {
  /** VSI manager ID (802.1Qbg). */
  managerid?: string;
  /** VSI type ID (802.1Qbg). */
  typeid?: string;
  /** VSI type version (802.1Qbg). */
  typeidversion?: string;
  /** VSI instance UUID (802.1Qbg). */
  instanceid?: string;
  /** Interface UUID (openvswitch, midonet). */
  interfaceid?: string;
  /** Port profile name (802.1Qbh, openvswitch). */
  profileid?: string;
}

export interface DomainInterfaceBandwidthLimits extends Extras {
  /** Average rate in kilobytes per second. */
  average?: number;
  /** Peak rate in kilobytes per second. */
  peak?: number;
  /** Burst size in kilobytes. */
  burst?: number;
  /** Guaranteed minimum rate in kilobytes per second (inbound, network interfaces). */
  floor?: number;
}

export interface DomainInterfacePortForwardRange extends Extras {
  /** First port of the range. */
  start?: number;
  /** Last port of the range. */
  end?: number;
  /** Guest port the range starts at. */
  to?: number;
  /** `yes`: exclude the range from forwarding. */
  exclude?: 'yes' | 'no';
}

export interface DomainInterfaceOffloads extends Extras {
  /** Checksum offload (`on`/`off`). */
  csum?: string;
  /** Generic segmentation offload (`on`/`off`). */
  gso?: string;
  /** TCP segmentation offload for IPv4 (`on`/`off`). */
  tso4?: string;
  /** TCP segmentation offload for IPv6 (`on`/`off`). */
  tso6?: string;
  /** TSO with ECN (`on`/`off`). */
  ecn?: string;
  /** UDP fragmentation offload (`on`/`off`). */
  ufo?: string;
  /** Mergeable receive buffers (`on`/`off`; host side). */
  mrg_rxbuf?: string;
}

export interface DomainInterfaceFilterrefParameter extends Extras {
  /** Parameter name (`IP`, `MAC`, ...). */
  name?: string;
  /** Parameter value. */
  value?: string;
}

export interface DomainInterfaceCoalesceQueue extends Extras {
  /** Frames to coalesce (`<frames max>`). */
  frames?: DomainInterfaceCoalesceValue;
  /** Microseconds to wait (`<usecs max>`). */
  usecs?: DomainInterfaceCoalesceValue;
}

export interface DomainChardevTargetModel extends Extras {
  /** Serial device model (`isa-serial`, `pci-serial`, `pl011`, ...). */
  name?: string;
}

export interface DomainTPMBackendDevice extends Extras {
  /** Host TPM device (`/dev/tpm0`). */
  path?: string;
}

export interface DomainTPMBackendEncryption extends Extras {
  /** UUID of the secret. */
  secret?: string;
}

export interface DomainTPMBackendSource extends Extras {
  /** Socket type; `unix`. */
  type?: string;
  /** `connect`. */
  mode?: string;
  /** Socket path of the external swtpm. */
  path?: string;
}

export interface DomainTPMBackendActivePcrBanks extends Extras {
  /** SHA-1 bank. */
  sha1?: Extras;
  /** SHA-256 bank. */
  sha256?: Extras;
  /** SHA-384 bank. */
  sha384?: Extras;
  /** SHA-512 bank. */
  sha512?: Extras;
}

export interface DomainAudioIOSettings extends Extras {
  /** Sample rate in Hz. */
  frequency?: number;
  /** Number of channels. */
  channels?: number;
  /** Sample format (`s16`, `f32`, ...). */
  format?: string;
}

export interface DomainVideoModelAcceleration extends Extras {
  /** 3D acceleration (`yes`/`no`). */
  accel3d?: 'yes' | 'no';
  /** 2D acceleration (`yes`/`no`). */
  accel2d?: 'yes' | 'no';
  /** DRM render node (vhost-user GPU). */
  rendernode?: string;
}

export interface DomainVideoModelResolution extends Extras {
  /** Width in pixels. */
  x?: number;
  /** Height in pixels. */
  y?: number;
}

export interface DomainHostdevSourceVendor extends Extras {
  /** USB vendor ID (`0x1234`). */
  id?: string;
}

export interface DomainHostdevSourceProduct extends Extras {
  /** USB product ID (`0xbeef`). */
  id?: string;
}

export interface DomainHostdevSourceAdapter extends Extras {
  /** SCSI host adapter name (`scsi_host0`). */
  name?: string;
}

export interface DomainHostdevSourceAddress extends Extras {
  /** PCI domain of the host device. */
  domain?: string;
  /** PCI, USB or SCSI bus of the host device. */
  bus?: string;
  /** PCI slot of the host device. */
  slot?: string;
  /** PCI function of the host device. */
  function?: string;
  /** USB device number on its bus. */
  device?: string;
  /** SCSI target of the host device. */
  target?: string;
  /** SCSI unit of the host device. */
  unit?: string;
  /** UUID of the mediated device. */
  uuid?: string;
}

export interface DomainHostdevSourceInitiator extends Extras {
  /** Initiator IQN (`<iqn name>`). */
  iqn?: DomainHostdevSourceInitiatorIqn;
}

export interface DomainRNGBackendProtocol extends Extras {
  /** Protocol; `raw`. */
  type?: string;
}

export interface DomainMemoryDeviceTargetLabel extends Extras {
  /** Size of the label area. */
  size?: DomainScaledInteger;
}

export interface DomainMemoryDeviceTargetAddress extends Extras {
  /** Base address. */
  base?: string;
}

export interface DomainMemoryBackingHugepagesPage extends Extras {
  /** Huge page size. */
  size?: number | bigint;
  /** Unit of the value (`b`, `KiB`, `MiB`, `GiB`, ...; default depends on the element). */
  unit?: SizeUnit;
  /** Guest NUMA nodes this page size applies to. */
  nodeset?: string;
}

export interface DomainIOThreadIDsIothreadPoll extends Extras {
  /** Maximum polling time in nanoseconds (0 disables). */
  max?: number;
  /** Factor to grow the polling time by. */
  grow?: number;
  /** Factor to shrink the polling time by. */
  shrink?: number;
}

export interface DomainCPUTuneCachetuneCache extends Extras {
  /** Host cache ID. */
  id?: number;
  /** Host cache level. */
  level?: number;
  /** Cache type: `both`, `code` or `data`. */
  type?: string;
  /** Size to allocate. */
  size?: number | bigint;
  /** Unit of the value (`b`, `KiB`, `MiB`, `GiB`, ...; default depends on the element). */
  unit?: SizeUnit;
}

export interface DomainCPUTuneCachetuneMonitor extends Extras {
  /** Cache level to monitor. */
  level?: string;
  /** Guest vCPUs it applies to, as a cpuset list. */
  vcpus?: string;
}

export interface DomainCPUTuneMemorytuneNode extends Extras {
  /** Host memory controller ID. */
  id?: number;
  /** Share of the memory bandwidth in percent. */
  bandwidth?: number;
}

export interface DomainCPUTuneMemorytuneMonitor extends Extras {
  /** Cache level to monitor. */
  level?: string;
  /** Guest vCPUs it applies to, as a cpuset list. */
  vcpus?: string;
}

export interface DomainSysInfoEntriesEntry extends Extras {
  /** Field name (`vendor`, `product`, `serial`, ...). */
  name?: string;
  /** File whose content is the value. */
  file?: string;
  /** Field value. */
  value?: string;
}

export interface DomainOSFirmwareFeature extends Extras {
  /** `yes` to require, `no` to refuse the feature. */
  enabled?: 'yes' | 'no';
  /** Feature: `enrolled-keys` or `secure-boot`. */
  name?: string;
}

export interface DomainOSAcpiTable extends Extras {
  /** Table type; `slic`. */
  type?: string;
  /** Path of the table. */
  value?: string;
}

export interface DomainFeaturesHypervSpinlocks extends Extras {
  /** `on` or `off`. */
  state?: 'on' | 'off';
  /** Retries before notifying (at least 4095). */
  retries?: number;
}

export interface DomainFeaturesHypervStimer extends Extras {
  /** `on` or `off`. */
  state?: 'on' | 'off';
  /** Direct mode of the synthetic timers. */
  direct?: DomainFeatureState;
}

export interface DomainFeaturesHypervVendorId extends Extras {
  /** `on` or `off`. */
  state?: 'on' | 'off';
  /** Vendor ID string. */
  value?: string;
}

export interface DomainFeaturesKvmDirtyRing extends Extras {
  /** `on` or `off`. */
  state?: 'on' | 'off';
  /** Ring size: a power of 2 from 1024 to 65536. */
  size?: number;
}

export interface DomainFeaturesXenPassthrough extends Extras {
  /** `on` or `off`. */
  state?: string;
  /** `sync_pt` or `share_pt`. */
  mode?: string;
}

export interface DomainNumaCellDistancesSibling extends Extras {
  /** The other node. */
  id?: number;
  /** Distance to it. */
  value?: number;
}

export interface DomainNumaCacheSize extends Extras {
  /** The size. */
  value?: number | bigint;
  /** Unit of the value (`b`, `KiB`, `MiB`, `GiB`, ...; default depends on the element). */
  unit?: SizeUnit;
}

export interface DomainNumaInterconnect extends Extras {
  /** Initiator node. */
  initiator?: number;
  /** Target node. */
  target?: number;
  /** Cache level the figure applies to. */
  cache?: number;
  /** `access`, `read` or `write`. */
  type?: string;
  /** Latency in nanoseconds, or bandwidth in `unit`s per second. */
  value?: number | bigint;
  /** Unit of the value (`b`, `KiB`, `MiB`, `GiB`, ...; default depends on the element). */
  unit?: SizeUnit;
}

export interface DomainClockTimerCatchup extends Extras {
  /** Catch-up threshold. */
  threshold?: number;
  /** Catch-up slew. */
  slew?: number;
  /** Catch-up limit. */
  limit?: number;
}

export interface DomainQemuOverrideDeviceFrontend extends Extras {
  /** A property (`name`, `type`, `value`); no `type` removes it. */
  'qemu:property'?: DomainQemuOverrideDeviceFrontendProperty[];
}

export interface DomainDiskSourcePrivateDataNodenamesNodename extends Extras {
  /** `storage` or `format`. */
  type?: string;
  /** Node name. */
  name?: string;
}

export interface DomainDiskDriverIothreadsIothreadQueue extends Extras {
  /** Virtqueue number. */
  id?: number;
}

export interface DomainInterfaceCoalesceValue extends Extras {
  /** Maximum frames before an interrupt. */
  max?: number;
  irq?: number;
  high?: number;
  low?: number;
}

export interface DomainHostdevSourceInitiatorIqn extends Extras {
  /** The IQN. */
  name?: string;
}

export interface DomainQemuOverrideDeviceFrontendProperty extends Extras {
  /** Property name. */
  name?: string;
  /** `string`, `signed`, `unsigned`, `bool` or `remove`. */
  type?: string;
  /** Property value. */
  value?: string;
}

// ---------------------------------------------------------------------------
// the descriptor tables

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
export const DomainScaledInteger: Desc<DomainScaledInteger> = element({ attrs: { unit }, text: u64 });
/** `<x unit='KiB'/>`-style sizes carried in a `value` attribute, e.g. numa cache sizes. */
const ValueUnit = element({ attrs: { value: u64, unit } });
const Empty = flag;
const State = element({ attrs: { state: onoff } });
const Enabled = element({ attrs: { enabled: yesno } });

export const DomainAddress: Desc<DomainAddress> = element({
  attrs: { type: addressType, ...stringAttrs('domain bus slot function multifunction controller target unit port reg cssid ssid devno iobase irq base') },
  children: { zpci: element({ attrs: stringAttrs('uid fid') }) },
});
export const DomainAlias: Desc<DomainAlias> = element({ attrs: stringAttrs('name') });
export const DomainDeviceBoot: Desc<DomainDeviceBoot> = element({ attrs: { order: int, loadparm: str } });
export const DomainDeviceACPI: Desc<DomainDeviceACPI> = element({ attrs: { index: int } });
/** Children every device ends with (virDomainDeviceInfoFormat). */
const info = { boot: DomainDeviceBoot, alias: DomainAlias, acpi: DomainDeviceACPI, address: DomainAddress };
const infoNoBoot = { alias: DomainAlias, acpi: DomainDeviceACPI, address: DomainAddress };
/** virtio driver options shared by many devices. */
const virtioOpts = { iommu: onoff, ats: onoff, packed: onoff, page_per_vq: onoff };

export const DomainSecLabel: Desc<DomainSecLabel> = element({
  attrs: { type: secLabelType, model: str, relabel: yesno, labelskip: yesno },
  children: stringChildren('label imagelabel baselabel'),
});
export const DomainSecret: Desc<DomainSecret> = element({ attrs: stringAttrs('type usage uuid') });
export const DomainAuth: Desc<DomainAuth> = element({ attrs: stringAttrs('username'), children: { secret: DomainSecret } });
export const DomainEncryption: Desc<DomainEncryption> = element({ attrs: stringAttrs('format engine'), children: { cipher: element({ attrs: stringAttrs('name size mode hash') }), ivgen: element({ attrs: stringAttrs('name hash') }), secret: many(DomainSecret) } });
export const DomainReconnect: Desc<DomainReconnect> = element({ attrs: { enabled: yesno, timeout: int } });
const metadataCache = element({ children: { max_size: DomainScaledInteger } });

// ---------------------------------------------------------------------------
// disk

const DiskSourceHost = element({ attrs: { name: str, port: str, transport: str, socket: str } });
const DiskSlices = element({ children: { slice: many(element({ attrs: { type: str, offset: u64, size: u64 } })) } });
const diskSourceKids = {
  host: many(DiskSourceHost),
  snapshot: element({ attrs: stringAttrs('name') }),
  config: element({ attrs: stringAttrs('file') }),
  privateData: element({ children: { nodenames: element({ children: { nodename: many(element({ attrs: stringAttrs('type name') })) } }), reservations: element({ attrs: stringAttrs('mgralias') }) } }),
  initiator: element({ children: { iqn: element({ attrs: stringAttrs('name') }) } }),
  auth: DomainAuth,
  encryption: DomainEncryption,
  reservations: element({ attrs: { enabled: yesno, managed: yesno }, children: { source: element({ attrs: stringAttrs('type path mode') }) } }),
  slices: DiskSlices,
  ssl: element({ attrs: { verify: yesno } }),
  cookies: element({ children: { cookie: many(element({ attrs: stringAttrs('name'), text: str })) } }),
  readahead: element({ attrs: { size: u64 } }),
  timeout: element({ attrs: { seconds: int } }),
  identity: element({ attrs: stringAttrs('user group') }),
  reconnect: element({ attrs: { delay: int } }),
  address: DomainAddress,
  seclabel: many(DomainSecLabel),
  dataStore: element({ attrs: stringAttrs('type'), children: { format: element({ attrs: stringAttrs('type') }), source: element({ attrs: stringAttrs('file dev') }) } }),
};
const sourceCommon = { index: int, startupPolicy: str, fdgroup: str };
/** `<source>` of a disk, one shape per disk `type`. */
export const DomainDiskSourceFile: Desc<DomainDiskSourceFile> = element({ attrs: { file: str, ...sourceCommon }, children: diskSourceKids });
export const DomainDiskSourceBlock: Desc<DomainDiskSourceBlock> = element({ attrs: { dev: str, ...sourceCommon }, children: diskSourceKids });
export const DomainDiskSourceDir: Desc<DomainDiskSourceDir> = element({ attrs: { dir: str, ...sourceCommon }, children: diskSourceKids });
export const DomainDiskSourceNetwork: Desc<DomainDiskSourceNetwork> = element({
  attrs: { protocol: str, name: str, query: str, tls: yesno, tlsHostname: str, ...sourceCommon },
  children: { ...diskSourceKids, reconnect: DomainReconnect },
});
export const DomainDiskSourceVolume: Desc<DomainDiskSourceVolume> = element({ attrs: { pool: str, volume: str, mode: str, ...sourceCommon }, children: diskSourceKids });
export const DomainDiskSourceNVMe: Desc<DomainDiskSourceNVMe> = element({ attrs: { type: str, managed: yesno, namespace: int, ...sourceCommon }, children: diskSourceKids });
export const DomainDiskSourceVhostUser: Desc<DomainDiskSourceVhostUser> = element({ attrs: { type: str, path: str, ...sourceCommon }, children: { ...diskSourceKids, reconnect: DomainReconnect } });
/** Any of the above, for places (backingStore, mirror) where the source type is not fixed by a union. */
export const DomainDiskSourceAny: Desc<DomainDiskSourceAny> = element({
  attrs: {
    file: str, dev: str, dir: str, protocol: str, name: str, query: str, tls: yesno, tlsHostname: str,
    pool: str, volume: str, mode: str, type: str, managed: yesno, namespace: int, path: str, ...sourceCommon,
  },
  children: { ...diskSourceKids, reconnect: DomainReconnect },
});

const DiskFormat = element({ attrs: stringAttrs('type'), children: { metadata_cache: metadataCache } });
export const DomainDiskBackingStoreDesc: Desc<DomainDiskBackingStore> = element({
  attrs: { type: str, index: int },
  children: { format: DiskFormat, source: DomainDiskSourceAny, backingStore: (): Desc<DomainDiskBackingStore> => DomainDiskBackingStoreDesc },
});

export const DomainDiskDriver: Desc<DomainDiskDriver> = element({
  attrs: {
    name: str, type: str, cache: diskCache, error_policy: str, rerror_policy: str, io: diskIO, ioeventfd: onoff,
    event_idx: onoff, copy_on_read: onoff, discard: str, iothread: int, detect_zeroes: str, queues: int,
    queue_size: int, ...virtioOpts, metadata_cache_size: str,
  },
  children: { metadata_cache: metadataCache, iothreads: element({ children: { iothread: many(element({ attrs: { id: int }, children: { queue: many(element({ attrs: { id: int } })) } })) } }) },
});
export const DomainDiskTarget: Desc<DomainDiskTarget> = element({ attrs: { dev: str, bus: diskBus, tray: str, removable: onoff, rotation_rate: int } });
export const DomainDiskIOTune: Desc<DomainDiskIOTune> = element({
  children: {
    ...intChildren('total_bytes_sec read_bytes_sec write_bytes_sec total_iops_sec read_iops_sec write_iops_sec'),
    ...intChildren('total_bytes_sec_max read_bytes_sec_max write_bytes_sec_max total_iops_sec_max read_iops_sec_max write_iops_sec_max'),
    ...intChildren('size_iops_sec'),
    ...stringChildren('group_name'),
    ...intChildren('total_bytes_sec_max_length read_bytes_sec_max_length write_bytes_sec_max_length'),
    ...intChildren('total_iops_sec_max_length read_iops_sec_max_length write_iops_sec_max_length'),
  },
});
const DiskMirror = element({
  /** `formatAttr` is the legacy `format` attribute (the `<format>` child has the same name) */
  attrs: { ...stringAttrs('type job file ready shallow'), formatAttr: attrNamed('format', str) },
  children: { format: DiskFormat, source: DomainDiskSourceAny, backingStore: DomainDiskBackingStoreDesc },
});
const diskCommon = element({
  attrs: { device: diskDevice, model: str, rawio: yesno, sgio: str, snapshot: str },
  children: {
    driver: DomainDiskDriver,
    auth: DomainAuth,
    source: DomainDiskSourceAny,
    backingStore: DomainDiskBackingStoreDesc,
    backenddomain: element({ attrs: stringAttrs('name') }),
    geometry: element({ attrs: { cyls: int, heads: int, secs: int, trans: str } }),
    blockio: element({ attrs: { logical_block_size: int, physical_block_size: int, discard_granularity: int } }),
    mirror: DiskMirror,
    target: DomainDiskTarget,
    iotune: DomainDiskIOTune,
    ...flagChildren('readonly shareable'),
    transient: element({ attrs: { shareBacking: yesno } }),
    ...stringChildren('serial wwn vendor product'),
    encryption: DomainEncryption,
    ...info,
  },
});
/** `<disk>`: a union on `type`; `source` takes the matching shape. */
export const DomainDisk: Desc<DomainDisk> = union('type', diskCommon, {
  file: element({ children: { source: DomainDiskSourceFile } }),
  block: element({ children: { source: DomainDiskSourceBlock } }),
  dir: element({ children: { source: DomainDiskSourceDir } }),
  network: element({ children: { source: DomainDiskSourceNetwork } }),
  volume: element({ children: { source: DomainDiskSourceVolume } }),
  nvme: element({ children: { source: DomainDiskSourceNVMe } }),
  vhostuser: element({ children: { source: DomainDiskSourceVhostUser } }),
}, 'file');

// ---------------------------------------------------------------------------
// controller

export const DomainController: Desc<DomainController> = element({
  attrs: { type: controllerType, index: int, model: str, ports: int, vectors: int, maxGrantFrames: int, maxEventChannels: int },
  children: {
    /** the `<model name=...>` child (the `model` property is the attribute) */
    modelName: childNamed('model', element({ attrs: stringAttrs('name') })),
    target: element({ attrs: { chassisNr: int, chassis: int, port: str, busNr: int, hotplug: onoff, index: int, memReserve: u64 }, children: intChildren('node') }),
    pcihole64: DomainScaledInteger,
    driver: element({ attrs: { queues: int, cmd_per_lun: int, max_sectors: int, ioeventfd: onoff, iothread: int, ...virtioOpts } }),
    master: element({ attrs: { startport: int } }),
    ...infoNoBoot,
  },
});

// ---------------------------------------------------------------------------
// lease, filesystem

export const DomainLease: Desc<DomainLease> = element({ children: { ...stringChildren('lockspace key'), target: element({ attrs: { path: str, offset: u64 } }) } });

export const DomainFilesystem: Desc<DomainFilesystem> = element({
  attrs: stringAttrs('type accessmode model multidevs fmode dmode'),
  children: {
    driver: element({ attrs: { type: str, format: str, wrpolicy: str, queue: int, ...virtioOpts } }),
    binary: element({
      attrs: { path: str, xattr: onoff },
      children: {
        cache: element({ attrs: stringAttrs('mode') }),
        sandbox: element({ attrs: stringAttrs('mode') }),
        lock: element({ attrs: { posix: onoff, flock: onoff } }),
        thread_pool: element({ attrs: { size: int } }),
      },
    }),
    idmap: element({ children: { uid: many(element({ attrs: intAttrs('start target count') })), gid: many(element({ attrs: intAttrs('start target count') })) } }),
    source: element({ attrs: { dir: str, file: str, name: str, dev: str, socket: str, usage: u64, units: str } }),
    target: element({ attrs: stringAttrs('dir') }),
    readonly: Empty,
    space_hard_limit: DomainScaledInteger,
    space_soft_limit: DomainScaledInteger,
    ...info,
  },
});

// ---------------------------------------------------------------------------
// interface

const IP = element({ attrs: { address: str, family: str, prefix: int, peer: str } });
const Route = element({ attrs: { family: str, address: str, netmask: str, prefix: int, gateway: str, metric: int } });
const ifSourceKids = {
  ip: many(IP),
  route: many(Route),
  local: element({ attrs: { address: str, port: int } }),
  reconnect: DomainReconnect,
};
export const DomainInterfaceSourceNetwork: Desc<DomainInterfaceSourceNetwork> = element({ attrs: stringAttrs('network portgroup portid bridge'), children: ifSourceKids });
export const DomainInterfaceSourceBridge: Desc<DomainInterfaceSourceBridge> = element({ attrs: stringAttrs('bridge'), children: ifSourceKids });
export const DomainInterfaceSourceDirect: Desc<DomainInterfaceSourceDirect> = element({ attrs: stringAttrs('dev mode'), children: ifSourceKids });
export const DomainInterfaceSourceUser: Desc<DomainInterfaceSourceUser> = element({ attrs: stringAttrs('dev'), children: ifSourceKids });
export const DomainInterfaceSourceEthernet: Desc<DomainInterfaceSourceEthernet> = element({ attrs: stringAttrs('dev'), children: ifSourceKids });
export const DomainInterfaceSourceVhostUser: Desc<DomainInterfaceSourceVhostUser> = element({ attrs: stringAttrs('type path mode'), children: ifSourceKids });
export const DomainInterfaceSourceSocket: Desc<DomainInterfaceSourceSocket> = element({ attrs: { address: str, port: int }, children: ifSourceKids });
export const DomainInterfaceSourceHostdev: Desc<DomainInterfaceSourceHostdev> = element({ children: { ...ifSourceKids, address: DomainAddress } });
export const DomainInterfaceSourceVdpa: Desc<DomainInterfaceSourceVdpa> = element({ attrs: stringAttrs('dev'), children: ifSourceKids });
export const DomainInterfaceSourceAny: Desc<DomainInterfaceSourceAny> = element({ attrs: { ...stringAttrs('network portgroup portid bridge dev mode type path address'), port: int }, children: ifSourceKids });

const DomainVirtualPort = element({
  attrs: stringAttrs('type'),
  children: { parameters: element({ attrs: stringAttrs('managerid typeid typeidversion instanceid interfaceid profileid') }) },
});
const CoalesceValue = element({ attrs: intAttrs('max irq high low') });
const CoalesceDir = element({ children: { frames: CoalesceValue, usecs: CoalesceValue } });
const Coalesce = element({ children: { rx: CoalesceDir, tx: CoalesceDir } });
const Bandwidth = element({ attrs: { average: int, peak: int, burst: int, floor: int } });
const offloads = element({ attrs: stringAttrs('csum gso tso4 tso6 ecn ufo mrg_rxbuf') });
const interfaceCommon = element({
  attrs: { managed: yesno, trustGuestRxFilters: yesno },
  children: {
    mac: element({ attrs: stringAttrs('address type check') }),
    source: DomainInterfaceSourceAny,
    vlan: element({ attrs: { trunk: yesno }, children: { tag: many(element({ attrs: { id: int, nativeMode: str } })) } }),
    virtualport: DomainVirtualPort,
    bandwidth: element({ children: { inbound: Bandwidth, outbound: Bandwidth } }),
    port: element({ attrs: { isolated: yesno } }),
    ip: many(IP),
    route: many(Route),
    portForward: many(element({ attrs: stringAttrs('proto address dev'), children: { range: many(element({ attrs: { start: int, end: int, to: int, exclude: yesno } })) } })),
    script: element({ attrs: stringAttrs('path') }),
    downscript: element({ attrs: stringAttrs('path') }),
    backenddomain: element({ attrs: stringAttrs('name') }),
    target: element({ attrs: { dev: str, managed: yesno } }),
    guest: element({ attrs: stringAttrs('dev actual') }),
    model: element({ attrs: stringAttrs('type') }),
    driver: element({
      attrs: {
        name: str, txmode: str, ioeventfd: onoff, event_idx: onoff, queues: int, rx_queue_size: int,
        tx_queue_size: int, rss: onoff, rss_hash_report: onoff, ...virtioOpts,
      },
      children: { host: offloads, guest: offloads },
    }),
    backend: element({ attrs: stringAttrs('type tap vhost logFile') }),
    filterref: element({ attrs: stringAttrs('filter'), children: { parameter: many(element({ attrs: stringAttrs('name value') })) } }),
    tune: element({ children: { sndbuf: u64 } }),
    teaming: element({ attrs: stringAttrs('type persistent') }),
    link: element({ attrs: stringAttrs('state') }),
    mtu: element({ attrs: { size: int } }),
    coalesce: Coalesce,
    boot: DomainDeviceBoot,
    alias: DomainAlias,
    acpi: DomainDeviceACPI,
    rom: element({ attrs: { bar: onoff, file: str, enabled: yesno } }),
    address: DomainAddress,
  },
});
/** `<interface>`: a union on `type`; `source` takes the matching shape. */
export const DomainInterface: Desc<DomainInterface> = union('type', interfaceCommon, {
  network: element({ children: { source: DomainInterfaceSourceNetwork } }),
  bridge: element({ children: { source: DomainInterfaceSourceBridge } }),
  direct: element({ children: { source: DomainInterfaceSourceDirect } }),
  user: element({ children: { source: DomainInterfaceSourceUser } }),
  ethernet: element({ children: { source: DomainInterfaceSourceEthernet } }),
  vhostuser: element({ children: { source: DomainInterfaceSourceVhostUser } }),
  server: element({ children: { source: DomainInterfaceSourceSocket } }),
  client: element({ children: { source: DomainInterfaceSourceSocket } }),
  mcast: element({ children: { source: DomainInterfaceSourceSocket } }),
  udp: element({ children: { source: DomainInterfaceSourceSocket } }),
  hostdev: element({ children: { source: DomainInterfaceSourceHostdev } }),
  vdpa: element({ children: { source: DomainInterfaceSourceVdpa } }),
  null: element({}),
  vds: element({ children: { source: DomainInterfaceSourceAny } }),
}, undefined, {
  // libvirt writes the PCI passthrough driver ahead of the source for hostdev interfaces
  hostdev: ['driver', 'source'],
});

// ---------------------------------------------------------------------------
// character devices (serial, parallel, console, channel; also smartcard, redirdev, rng backends)

const chrSourceKids = {
  seclabel: many(DomainSecLabel),
  reconnect: DomainReconnect,
  clipboard: element({ attrs: { copypaste: yesno } }),
  mouse: element({ attrs: stringAttrs('mode') }),
};
const chrSource = (a: Record<string, Kind<any>>) => element({ attrs: a, children: chrSourceKids });
export const DomainChardevSourcePath: Desc<DomainChardevSourcePath> = chrSource({ path: str, append: onoff });
export const DomainChardevSourceUNIX: Desc<DomainChardevSourceUNIX> = chrSource({ mode: str, path: str });
export const DomainChardevSourceTCP: Desc<DomainChardevSourceTCP> = chrSource({ mode: str, host: str, service: str, tls: yesno });
export const DomainChardevSourceUDP: Desc<DomainChardevSourceUDP> = chrSource({ mode: str, host: str, service: str });
export const DomainChardevSourceSpicePort: Desc<DomainChardevSourceSpicePort> = chrSource({ channel: str });
export const DomainChardevSourceNmdm: Desc<DomainChardevSourceNmdm> = chrSource({ master: str, slave: str });
export const DomainChardevSourceAny: Desc<DomainChardevSourceAny> = chrSource({ ...stringAttrs('mode path host service channel master slave'), append: onoff, tls: yesno });
/** Children after `<source>` for the chardev-backed devices. */
const chrTail = {
  protocol: element({ attrs: stringAttrs('type') }),
  log: element({ attrs: { file: str, append: onoff } }),
};
/** The `type`-discriminated part of a character device: which `<source>` goes with which type. */
function chrVariants<C>(common: Desc<C>) {
  return union('type', common, {
    null: element({}),
    vc: element({}),
    pty: element({ children: { source: DomainChardevSourcePath } }),
    dev: element({ children: { source: DomainChardevSourcePath } }),
    file: element({ children: { source: DomainChardevSourcePath } }),
    pipe: element({ children: { source: DomainChardevSourcePath } }),
    stdio: element({}),
    udp: element({ children: { source: many(DomainChardevSourceUDP) } }),
    tcp: element({ children: { source: DomainChardevSourceTCP } }),
    unix: element({ children: { source: DomainChardevSourceUNIX } }),
    spicevmc: element({}),
    spiceport: element({ children: { source: DomainChardevSourceSpicePort } }),
    nmdm: element({ children: { source: DomainChardevSourceNmdm } }),
    'qemu-vdagent': element({ children: { source: DomainChardevSourceAny } }),
    dbus: element({ children: { source: DomainChardevSourceAny } }),
  });
}
const chrTarget = element({ attrs: { type: str, port: int, name: str, address: str, state: str }, children: { model: element({ attrs: stringAttrs('name') }) } });
const chrCommon = element({ children: { source: DomainChardevSourceAny, ...chrTail, target: chrTarget, ...infoNoBoot } });
export const DomainSerial: Desc<DomainSerial> = chrVariants(chrCommon);
export const DomainParallel: Desc<DomainParallel> = chrVariants(chrCommon);
export const DomainConsole: Desc<DomainConsole> = chrVariants(element({ attrs: { tty: str }, children: { source: DomainChardevSourceAny, ...chrTail, target: chrTarget, ...infoNoBoot } }));
export const DomainChannel: Desc<DomainChannel> = chrVariants(chrCommon);

export const DomainSmartcard: Desc<DomainSmartcard> = chrVariants(
  element({
    attrs: stringAttrs('mode'),
    children: { source: DomainChardevSourceAny, ...chrTail, certificate: many(str), database: str, ...infoNoBoot },
  }),
);
export const DomainRedirdev: Desc<DomainRedirdev> = chrVariants(element({ attrs: stringAttrs('bus'), children: { source: DomainChardevSourceAny, ...chrTail, ...info } }));
export const DomainRedirFilter: Desc<DomainRedirFilter> = element({
  children: { usbdev: many(element({ attrs: stringAttrs('class vendor product version allow') })) },
});

// ---------------------------------------------------------------------------
// input, tpm, graphics, sound, audio, video

export const DomainInput: Desc<DomainInput> = element({
  attrs: { type: inputType, bus: inputBus, model: str },
  children: {
    driver: element({ attrs: virtioOpts }),
    source: element({ attrs: stringAttrs('evdev dev grab grabToggle repeat') }),
    ...infoNoBoot,
  },
});

export const DomainTPM: Desc<DomainTPM> = element({
  attrs: stringAttrs('model'),
  children: {
    backend: element({
      attrs: stringAttrs('type version persistent_state'),
      children: {
        device: element({ attrs: stringAttrs('path') }),
        encryption: element({ attrs: stringAttrs('secret') }),
        source: element({ attrs: stringAttrs('type mode path') }),
        active_pcr_banks: element({ children: flagChildren('sha1 sha256 sha384 sha512') }),
      },
    }),
    ...infoNoBoot,
  },
});

export const DomainGraphicsListen: Desc<DomainGraphicsListen> = element({ attrs: { type: str, address: str, network: str, socket: str, fromConfig: str, autoGenerated: yesno } });
const gfxTail = {
  /** the `<listen>` children (the `listen` property is the legacy attribute) */
  listens: childNamed('listen', many(DomainGraphicsListen)),
  channel: many(element({ attrs: stringAttrs('name mode') })),
  image: element({ attrs: stringAttrs('compression') }),
  jpeg: element({ attrs: stringAttrs('compression') }),
  zlib: element({ attrs: stringAttrs('compression') }),
  playback: element({ attrs: stringAttrs('compression') }),
  streaming: element({ attrs: stringAttrs('mode') }),
  mouse: element({ attrs: stringAttrs('mode') }),
  clipboard: element({ attrs: { copypaste: yesno } }),
  filetransfer: element({ attrs: { enable: yesno } }),
  gl: element({ attrs: { enable: yesno, rendernode: str } }),
  audio: element({ attrs: { id: int } }),
};
const gfxCommon = element({ children: gfxTail });
/** `<graphics>`: a union on `type`. */
export const DomainGraphics: Desc<DomainGraphics> = union('type', gfxCommon, {
  vnc: element({
    attrs: {
      socket: str, port: int, autoport: yesno, websocket: int, websocketGenerated: yesno, listen: str,
      sharePolicy: str, keymap: str, passwd: str, passwdValidTo: str, connected: str, powerControl: yesno,
    },
  }),
  sdl: element({ attrs: { display: str, xauth: str, fullscreen: yesno } }),
  spice: element({
    attrs: {
      port: int, tlsPort: int, autoport: yesno, listen: str, keymap: str, defaultMode: str, passwd: str,
      passwdValidTo: str, connected: str,
    },
  }),
  rdp: element({ attrs: { port: int, autoport: yesno, replaceUser: yesno, multiUser: yesno, listen: str, passwd: str } }),
  desktop: element({ attrs: { display: str, fullscreen: yesno } }),
  'egl-headless': element({}),
  dbus: element({ attrs: { address: str, p2p: yesno } }),
});

const AudioIO = element({
  attrs: {
    mixingEngine: yesno, fixedSettings: yesno, voices: int, bufferLength: int,
    dev: str, serverName: str, clientName: str, connectPorts: str, name: str, streamName: str,
    latency: int, bufferCount: int, tryPoll: yesno, exactName: yesno, tryMMap: yesno,
  },
  children: { settings: element({ attrs: { frequency: int, channels: int, format: str } }) },
});
export const DomainAudio: Desc<DomainAudio> = element({
  attrs: {
    id: int, type: str, timerPeriod: int, driver: str, path: str, serverName: str, tryMMap: yesno,
    exclusive: yesno, dspPolicy: int, runtimeDir: str,
  },
  children: { input: AudioIO, output: AudioIO },
});
export const DomainSound: Desc<DomainSound> = element({
  attrs: stringAttrs('model'),
  children: { codec: many(element({ attrs: stringAttrs('type') })), audio: element({ attrs: { id: int } }), ...infoNoBoot },
});

export const DomainVideo: Desc<DomainVideo> = element({
  children: {
    driver: element({ attrs: { name: str, vgaconf: str, ...virtioOpts } }),
    model: element({
      attrs: { type: videoModel, ram: u64, vram: u64, vram64: u64, vgamem: u64, heads: int, primary: yesno, blob: onoff },
      children: {
        acceleration: element({ attrs: { accel3d: yesno, accel2d: yesno, rendernode: str } }),
        resolution: element({ attrs: { x: int, y: int } }),
      },
    }),
    ...infoNoBoot,
  },
});

// ---------------------------------------------------------------------------
// hostdev

const HostdevSource = element({
  attrs: stringAttrs('startupPolicy guestReset writeFiltering protocol wwpn name missing'),
  children: {
    vendor: element({ attrs: stringAttrs('id') }),
    product: element({ attrs: stringAttrs('id') }),
    adapter: element({ attrs: stringAttrs('name') }),
    address: element({ attrs: stringAttrs('domain bus slot function device target unit uuid') }),
    host: many(DiskSourceHost),
    auth: DomainAuth,
    initiator: element({ children: { iqn: element({ attrs: stringAttrs('name') }) } }),
    block: str,
    char: str,
    interface: str,
  },
});
export const DomainHostdev: Desc<DomainHostdev> = element({
  attrs: { mode: hostdevMode, type: hostdevType, ...stringAttrs('managed model sgio rawio display ramfb') },
  children: {
    driver: element({ attrs: stringAttrs('name') }),
    source: HostdevSource,
    ip: many(IP),
    route: many(Route),
    ...flagChildren('readonly shareable'),
    teaming: element({ attrs: stringAttrs('type persistent') }),
    rom: element({ attrs: { bar: onoff, file: str, enabled: yesno } }),
    ...info,
  },
});

// ---------------------------------------------------------------------------
// remaining devices

export const DomainHub: Desc<DomainHub> = element({ attrs: stringAttrs('type'), children: infoNoBoot });
export const DomainWatchdog: Desc<DomainWatchdog> = element({ attrs: stringAttrs('model action'), children: infoNoBoot });
export const DomainMemBalloon: Desc<DomainMemBalloon> = element({
  attrs: { model: str, autodeflate: onoff, freePageReporting: onoff },
  children: { stats: element({ attrs: { period: int } }), ...infoNoBoot, driver: element({ attrs: virtioOpts }) },
});
export const DomainRNG: Desc<DomainRNG> = element({
  attrs: stringAttrs('model'),
  children: {
    rate: element({ attrs: { bytes: int, period: int } }),
    backend: union(
      'model',
      element({ attrs: { type: str }, text: str, children: { source: many(DomainChardevSourceAny), protocol: element({ attrs: stringAttrs('type') }) } }),
      { random: element({}), egd: element({}), builtin: element({}) },
    ),
    driver: element({ attrs: virtioOpts }),
    ...infoNoBoot,
  },
});
export const DomainNVRAM: Desc<DomainNVRAM> = element({ children: infoNoBoot });
export const DomainPanic: Desc<DomainPanic> = element({ attrs: stringAttrs('model'), children: infoNoBoot });
export const DomainShmem: Desc<DomainShmem> = element({
  attrs: stringAttrs('name role'),
  children: {
    model: element({ attrs: stringAttrs('type') }),
    size: DomainScaledInteger,
    server: element({ attrs: stringAttrs('path') }),
    msi: element({ attrs: { vectors: int, ioeventfd: onoff } }),
    ...infoNoBoot,
  },
});
export const DomainMemoryDevice: Desc<DomainMemoryDevice> = element({
  attrs: stringAttrs('model access discard'),
  children: {
    uuid: str,
    source: element({
      children: {
        nodemask: str,
        pagesize: DomainScaledInteger,
        path: str,
        alignsize: DomainScaledInteger,
        pmem: flag,
      },
    }),
    target: element({
      attrs: { dynamicMemslots: yesno },
      children: {
        size: DomainScaledInteger,
        node: int,
        label: element({ children: { size: DomainScaledInteger } }),
        block: DomainScaledInteger,
        requested: DomainScaledInteger,
        current: DomainScaledInteger,
        readonly: flag,
        address: element({ attrs: stringAttrs('base') }),
      },
    }),
    ...infoNoBoot,
  },
});
export const DomainIOMMU: Desc<DomainIOMMU> = element({
  attrs: stringAttrs('model'),
  children: {
    driver: element({ attrs: { intremap: onoff, caching_mode: onoff, eim: onoff, iotlb: onoff, aw_bits: int } }),
    ...infoNoBoot,
  },
});
export const DomainVsock: Desc<DomainVsock> = element({
  attrs: stringAttrs('model'),
  children: { cid: element({ attrs: { auto: yesno, address: int } }), ...infoNoBoot, driver: element({ attrs: virtioOpts }) },
});
export const DomainCrypto: Desc<DomainCrypto> = element({
  attrs: stringAttrs('model type'),
  children: { backend: element({ attrs: { model: str, queues: int } }), driver: element({ attrs: virtioOpts }), ...infoNoBoot },
});

export const DomainDevices: Desc<DomainDevices> = element({
  children: {
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

// ---------------------------------------------------------------------------
// top level: resources, tuning, os, features, cpu, clock, pm ...

export const DomainMemory: Desc<DomainMemory> = element({ attrs: { unit: unit, dumpCore: onoff }, text: required(u64) });
export const DomainMaxMemory: Desc<DomainMaxMemory> = element({ attrs: { unit: unit, slots: int }, text: required(u64) });
export const DomainVCPU: Desc<DomainVCPU> = element({ attrs: { placement: str, cpuset: str, current: int }, text: required(int) });

const blkioDevice = element({ children: { path: str, weight: int, ...intChildren('read_iops_sec write_iops_sec read_bytes_sec write_bytes_sec') } });
export const DomainBlkioTune: Desc<DomainBlkioTune> = element({ children: { weight: int, device: many(blkioDevice) } });
export const DomainMemoryTune: Desc<DomainMemoryTune> = element({ children: { hard_limit: DomainScaledInteger, soft_limit: DomainScaledInteger, min_guarantee: DomainScaledInteger, swap_hard_limit: DomainScaledInteger } });
export const DomainMemoryBacking: Desc<DomainMemoryBacking> = element({
  children: {
    hugepages: element({ children: { page: many(element({ attrs: { size: u64, unit, nodeset: str } })) } }),
    nosharepages: flag,
    locked: flag,
    source: element({ attrs: stringAttrs('type') }),
    access: element({ attrs: stringAttrs('mode') }),
    allocation: element({ attrs: { mode: str, threads: int } }),
    discard: flag,
  },
});
export const DomainIOThreadIDs: Desc<DomainIOThreadIDs> = element({
  children: {
    iothread: many(element({
      attrs: { id: int, thread_pool_min: int, thread_pool_max: int },
      children: { poll: element({ attrs: { max: int, grow: int, shrink: int } }) },
    })),
  },
});
const sched = (n: 'vcpus' | 'iothreads') => element({ attrs: { [n]: str, scheduler: str, priority: int } });
export const DomainCPUTune: Desc<DomainCPUTune> = element({
  children: {
    shares: int,
    period: int,
    quota: int,
    global_period: int,
    global_quota: int,
    emulator_period: int,
    emulator_quota: int,
    iothread_period: int,
    iothread_quota: int,
    vcpupin: many(element({ attrs: { vcpu: int, cpuset: str } })),
    emulatorpin: element({ attrs: stringAttrs('cpuset') }),
    iothreadpin: many(element({ attrs: { iothread: int, cpuset: str } })),
    emulatorsched: element({ attrs: { scheduler: str, priority: int } }),
    vcpusched: many(sched('vcpus')),
    iothreadsched: many(sched('iothreads')),
    cachetune: many(element({
      attrs: stringAttrs('vcpus id'),
      children: {
        cache: many(element({ attrs: { id: int, level: int, type: str, size: u64, unit } })),
        monitor: many(element({ attrs: stringAttrs('level vcpus') })),
      },
    })),
    memorytune: many(element({ attrs: stringAttrs('vcpus id'), children: { node: many(element({ attrs: { id: int, bandwidth: int } })), monitor: many(element({ attrs: stringAttrs('level vcpus') })) } })),
  },
});
export const DomainNumaTune: Desc<DomainNumaTune> = element({
  children: {
    memory: element({ attrs: stringAttrs('mode nodeset placement') }),
    memnode: many(element({ attrs: { cellid: int, mode: str, nodeset: str } })),
  },
});
export const DomainResource: Desc<DomainResource> = element({ children: { partition: str, fibrechannel: element({ attrs: stringAttrs('appid') }) } });
const sysinfoEntries = element({ children: { entry: many(element({ attrs: stringAttrs('name file'), text: str })) } });
export const DomainSysInfo: Desc<DomainSysInfo> = union('type', element({}), {
  smbios: element({
    children: {
      bios: sysinfoEntries,
      system: sysinfoEntries,
      baseBoard: many(sysinfoEntries),
      chassis: sysinfoEntries,
      processor: many(sysinfoEntries),
      memory: many(sysinfoEntries),
      oemStrings: sysinfoEntries,
    },
  }),
  fwcfg: element({ children: { entry: many(element({ attrs: stringAttrs('name file'), text: str })) } }),
});

export const DomainOSType: Desc<DomainOSType> = element({ attrs: stringAttrs('arch machine'), text: hint('hvm', 'linux', 'xen', 'xenpvh', 'exe', 'uml') });
export const DomainLoader: Desc<DomainLoader> = element({ attrs: stringAttrs('readonly secure type stateless format'), text: str });
export const DomainNVRam: Desc<DomainNVRam> = element({ attrs: stringAttrs('template format type'), text: str, children: { source: DomainDiskSourceAny } });
export const DomainOS: Desc<DomainOS> = element({
  attrs: stringAttrs('firmware'),
  children: {
    type: DomainOSType,
    /** the `<firmware>` child with its feature list (the `firmware` property is the attribute) */
    firmwareInfo: childNamed('firmware', element({ children: { feature: many(element({ attrs: { enabled: yesno, name: str } })) } })),
    init: str,
    initarg: many(str),
    initenv: many(element({ attrs: stringAttrs('name'), text: str })),
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
    acpi: element({ children: { table: many(element({ attrs: stringAttrs('type'), text: str })) } }),
    boot: many(element({ attrs: stringAttrs('dev') })),
    bootmenu: element({ attrs: { enable: yesno, timeout: int } }),
    smbios: element({ attrs: stringAttrs('mode') }),
    bios: element({ attrs: { useserial: yesno, rebootTimeout: int } }),
  },
});
export const DomainIDMap: Desc<DomainIDMap> = element({ children: { uid: many(element({ attrs: intAttrs('start target count') })), gid: many(element({ attrs: intAttrs('start target count') })) } });

const HyperV = element({
  attrs: stringAttrs('mode'),
  children: {
    relaxed: State,
    vapic: State,
    spinlocks: element({ attrs: { state: onoff, retries: int } }),
    vpindex: State,
    runtime: State,
    synic: State,
    stimer: element({ attrs: { state: onoff }, children: { direct: State } }),
    reset: State,
    vendor_id: element({ attrs: { state: onoff, value: str } }),
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

export const DomainFeatures: Desc<DomainFeatures> = element({
  children: {
    acpi: flag,
    apic: element({ attrs: { eoi: onoff } }),
    pae: flag,
    hap: State,
    viridian: flag,
    privnet: flag,
    hyperv: HyperV,
    kvm: element({ children: { hidden: State, 'hint-dedicated': State, 'poll-control': State, 'pv-ipi': State, 'dirty-ring': element({ attrs: { state: onoff, size: int } }) } }),
    pvspinlock: State,
    capabilities: element({ attrs: stringAttrs('policy'), children: Object.fromEntries(LXC_CAPABILITIES.map((n) => [n, State])) }),
    pmu: State,
    vmport: State,
    gic: element({ attrs: stringAttrs('version') }),
    smm: element({ attrs: { state: onoff }, children: { tseg: DomainScaledInteger } }),
    ioapic: element({ attrs: stringAttrs('driver') }),
    hpt: element({ attrs: stringAttrs('resizing'), children: { maxpagesize: DomainScaledInteger } }),
    vmcoreinfo: State,
    htm: State,
    'nested-hv': State,
    msrs: element({ attrs: stringAttrs('unknown') }),
    'ccf-assist': State,
    xen: element({ children: { e820_host: State, passthrough: element({ attrs: stringAttrs('state mode') }) } }),
    cfpc: element({ attrs: stringAttrs('value') }),
    sbbc: element({ attrs: stringAttrs('value') }),
    ibs: element({ attrs: stringAttrs('value') }),
    tcg: element({ children: { 'tb-cache': DomainScaledInteger } }),
    'async-teardown': element({ attrs: { enabled: yesno } }),
  },
});

export const DomainCPUModel: Desc<DomainCPUModel> = element({ attrs: stringAttrs('fallback vendor_id'), text: str });
export const DomainCPUTopology: Desc<DomainCPUTopology> = element({ attrs: intAttrs('sockets dies clusters cores threads') });
export const DomainCPUFeature: Desc<DomainCPUFeature> = element({ attrs: { policy: featurePolicy, name: str } });
export const DomainCPUCache: Desc<DomainCPUCache> = element({ attrs: { level: int, mode: str } });
const NumaSibling = element({ attrs: { id: int, value: int } });
export const DomainNumaCell: Desc<DomainNumaCell> = element({
  attrs: { id: int, cpus: str, memory: u64, unit, memAccess: str, discard: yesno },
  children: {
    distances: element({ children: { sibling: many(NumaSibling) } }),
    cache: many(element({ attrs: { level: int, associativity: str, policy: str }, children: { size: ValueUnit, line: ValueUnit } })),
  },
});
const Interconnect = element({ attrs: { initiator: int, target: int, cache: int, type: str, value: u64, unit } });
export const DomainNuma: Desc<DomainNuma> = element({
  children: { cell: many(DomainNumaCell), interconnects: element({ children: { latency: many(Interconnect), bandwidth: many(Interconnect) } }) },
});
/** `<cpu>`; the same shape serves the host CPU of the capabilities XML. */
export const DomainCPU: Desc<DomainCPU> = element({
  attrs: { mode: cpuMode, match: cpuMatch, check: cpuCheck, ...stringAttrs('migratable deprecated_features') },
  children: {
    model: DomainCPUModel,
    vendor: str,
    microcode: element({ attrs: stringAttrs('version') }),
    signature: element({ attrs: stringAttrs('family model stepping') }),
    counter: many(element({ attrs: stringAttrs('name frequency scaling') })),
    topology: DomainCPUTopology,
    maxphysaddr: element({ attrs: { mode: str, bits: int } }),
    cache: DomainCPUCache,
    feature: many(DomainCPUFeature),
    numa: DomainNuma,
  },
});

const Timer = element({
  attrs: { name: timerName, present: yesno, tickpolicy: str, track: str, mode: str, frequency: u64 },
  children: { catchup: element({ attrs: { threshold: int, slew: int, limit: int } }) },
});
export const DomainClock: Desc<DomainClock> = element({
  attrs: { offset: clockOffset, timezone: str, adjustment: str, basis: str, start: str },
  children: { timer: many(Timer) },
});
export const DomainPM: Desc<DomainPM> = element({ children: { 'suspend-to-mem': Enabled, 'suspend-to-disk': Enabled } });
export const DomainPerf: Desc<DomainPerf> = element({ children: { event: many(element({ attrs: stringAttrs('name enabled') })) } });
export const DomainKeyWrap: Desc<DomainKeyWrap> = element({ children: { cipher: many(element({ attrs: stringAttrs('name state') })) } });
export const DomainLaunchSecurity: Desc<DomainLaunchSecurity> = union('type', element({}), {
  sev: element({
    attrs: { kernelHashes: yesno },
    children: { cbitpos: int, reducedPhysBits: int, policy: str, dhCert: str, session: str },
  }),
  's390-pv': element({}),
});

/** QEMU namespace extensions (elements in the `qemu:` prefix, `xmlns:qemu` declared on `<domain>`). */
export const DomainQemuCommandline: Desc<DomainQemuCommandline> = element({
  attrs: stringAttrs('xmlns:qemu'),
  children: { 'qemu:arg': many(element({ attrs: stringAttrs('value') })), 'qemu:env': many(element({ attrs: stringAttrs('name value') })) },
});
export const DomainQemuCapabilities: Desc<DomainQemuCapabilities> = element({
  children: { 'qemu:add': many(element({ attrs: stringAttrs('capability') })), 'qemu:del': many(element({ attrs: stringAttrs('capability') })) },
});
export const DomainQemuOverride: Desc<DomainQemuOverride> = element({
  children: {
    'qemu:device': many(element({
      attrs: stringAttrs('alias'),
      children: { 'qemu:frontend': element({ children: { 'qemu:property': many(element({ attrs: stringAttrs('name type value') })) } }) },
    })),
  },
});

/** The same command-line passthrough in the bhyve and xen (libxl) namespaces. */
export const DomainBhyveCommandline: Desc<DomainBhyveCommandline> = element({
  attrs: stringAttrs('xmlns:bhyve'),
  children: { 'bhyve:arg': many(element({ attrs: stringAttrs('value') })), 'bhyve:env': many(element({ attrs: stringAttrs('name value') })) },
});
export const DomainXenCommandline: Desc<DomainXenCommandline> = element({
  attrs: stringAttrs('xmlns:xen'),
  children: { 'xen:arg': many(element({ attrs: stringAttrs('value') })), 'xen:env': many(element({ attrs: stringAttrs('name value') })) },
});
const lxcShare = element({ attrs: stringAttrs('type value') });
/** LXC namespace sharing (`lxc:` prefix). */
export const DomainLXCNamespace: Desc<DomainLXCNamespace> = element({ children: { 'lxc:sharenet': lxcShare, 'lxc:shareipc': lxcShare, 'lxc:shareuts': lxcShare } });

/**
 * `<metadata>`: foreign-namespace XML owned by applications; kept verbatim as
 * generic nodes (its content is by definition not libvirt's to type).
 */
export const DomainMetadata: Desc<DomainMetadata> = element({});

export const DomainDesc: Desc<Domain> = element({
  attrs: { type: required(domainType), id: int, 'xmlns:qemu': str, 'xmlns:lxc': str, 'xmlns:bhyve': str, 'xmlns:xen': str, 'xmlns:vmware': str },
  children: {
    name: required(str),
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
    vcpus: element({ children: { vcpu: many(element({ attrs: { id: int, enabled: yesno, hotpluggable: yesno, order: int } })) } }),
    iothreads: int,
    iothreadids: DomainIOThreadIDs,
    defaultiothread: element({ attrs: intAttrs('thread_pool_min thread_pool_max') }),
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
    'qemu:deprecation': element({ attrs: stringAttrs('behavior') }),
    'lxc:namespace': DomainLXCNamespace,
    'bhyve:commandline': DomainBhyveCommandline,
    'xen:commandline': DomainXenCommandline,
    'vmware:datacenterpath': str,
  },
});


/** The whole domain definition. */

// The parts of <interface> that the network and network port XML share (network.ts, networkport.ts).
const interfacePart = (name: string): Desc<any> => interfaceCommon.kidMap.get(name)!.desc as Desc<any>;
export const DomainInterfaceVlan: Desc<DomainInterfaceVlan> = interfacePart('vlan');
export const DomainInterfaceVirtualport: Desc<DomainInterfaceVirtualport> = DomainVirtualPort;
export const DomainInterfaceBandwidth: Desc<DomainInterfaceBandwidth> = interfacePart('bandwidth');
export const DomainInterfacePort: Desc<DomainInterfacePort> = interfacePart('port');
export const DomainInterfaceMtu: Desc<DomainInterfaceMtu> = interfacePart('mtu');
export const DomainRoute: Desc<DomainRoute> = Route;
