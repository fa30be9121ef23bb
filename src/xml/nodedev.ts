/**
 * Node device XML (`<device>`, virNodeDeviceGetXMLDesc, virNodeDeviceCreateXML,
 * virNodeDeviceDefineXML): interfaces, descriptor tables and the checks made before
 * formatting.  See https://libvirt.org/formatnode.html.
 *
 * A device lists its capabilities (`<capability type='pci'>` ...): a union by `type`.
 * Capabilities nest (a PCI device's `virt_functions`, a SCSI host's `fc_host`): each
 * parent capability has its own union of the nested ones.
 */
import { Desc, element, int, many, hint, str, u64, union, flag, childNamed, attrNamed, XmlValidationError } from './engine';
import type { Extras, Kind } from './engine';
import { DomainAddress } from './domain';

/** A host device (`<device>`). */
export interface NodeDevice extends Extras {
  /** Device name (`pci_0000_00_02_0`, `net_eth0_52_54_00_12_34_56`, ...); generated for new devices. */
  name?: string;
  /** Fully qualified sysfs path (output only). */
  path?: string;
  /** Device nodes in /dev: the main one (`type='dev'`) and symbolic links to it (`type='link'`). */
  devnode?: NodeDeviceDevnode[];
  /** The parent device (text), or for a new vHBA the parent HBA by `wwnn`/`wwpn` or `fabric_wwn`. */
  parent?: NodeDeviceParent;
  /** The driver bound to the device. */
  driver?: NodeDeviceDriver;
  /** The device's capabilities. */
  capability?: NodeDeviceCapability[];
}

/** A device node (`<devnode type='dev'>/dev/sda</devnode>`). */
export interface NodeDeviceDevnode extends Extras {
  /** `dev` (the device node) or `link` (a symbolic link to it). */
  type?: 'dev' | 'link' | (string & {});
  /** Path of the node. */
  value?: string;
}

/** `<parent>`. */
export interface NodeDeviceParent extends Extras {
  /** WWNN of the parent HBA (with `wwpn`). */
  wwnn?: string;
  /** WWPN of the parent HBA (with `wwnn`). */
  wwpn?: string;
  /** Fabric WWN of the parent HBA. */
  fabric_wwn?: string;
  /** Name of the parent device. */
  value?: string;
}

/** `<driver>`. */
export interface NodeDeviceDriver extends Extras {
  /** Driver name (`virtio-pci`, `vfio-pci`, ...). */
  name?: string;
}

/** A device capability, discriminated by `type`. */
export type NodeDeviceCapability =
  | NodeDeviceCapSystem
  | NodeDeviceCapPCI
  | NodeDeviceCapUSBDevice
  | NodeDeviceCapUSBInterface
  | NodeDeviceCapNet
  | NodeDeviceCapSCSIHost
  | NodeDeviceCapSCSITarget
  | NodeDeviceCapSCSI
  | NodeDeviceCapStorage
  | NodeDeviceCapSCSIGeneric
  | NodeDeviceCapDRM
  | NodeDeviceCapMdev
  | NodeDeviceCapCCW
  | NodeDeviceCapCSS
  | NodeDeviceCapVDPA
  | NodeDeviceCapAPCard
  | NodeDeviceCapAPQueue
  | NodeDeviceCapAPMatrix;

/** The host system (`type='system'`). */
export interface NodeDeviceCapSystem extends Extras {
  /** Capability type. */
  type: 'system';
  /** Product name of the host. */
  product?: string;
  /** Hardware vendor, version, serial and UUID. */
  hardware?: NodeDeviceSystemHardware;
  /** Firmware (BIOS) vendor, version and release date. */
  firmware?: NodeDeviceSystemFirmware;
}

/** `<hardware>` of the system capability. */
export interface NodeDeviceSystemHardware extends Extras {
  /** Vendor. */
  vendor?: string;
  /** Version. */
  version?: string;
  /** Serial number. */
  serial?: string;
  /** System UUID. */
  uuid?: string;
}

/** `<firmware>` of the system capability. */
export interface NodeDeviceSystemFirmware extends Extras {
  /** Vendor. */
  vendor?: string;
  /** Version. */
  version?: string;
  /** Release date. */
  release_date?: string;
}

/** A vendor or product: a hex `id` and its name. */
export interface NodeDeviceID extends Extras {
  /** Hex ID (`0x8086`). */
  id?: string;
  /** Name from the ID database. */
  value?: string;
}

/** A PCI device (`type='pci'`). */
export interface NodeDeviceCapPCI extends Extras {
  /** Capability type. */
  type: 'pci';
  /** PCI class code (`0x020000`). */
  class?: string;
  /** PCI domain (decimal). */
  domain?: number;
  /** Bus (decimal). */
  bus?: number;
  /** Slot (decimal). */
  slot?: number;
  /** Function (decimal). */
  function?: number;
  /** Product ID and name. */
  product?: NodeDeviceID;
  /** Vendor ID and name. */
  vendor?: NodeDeviceID;
  /** SR-IOV functions, bridge kind, mediated device types and VPD. */
  capability?: NodeDevicePCISubCapability[];
  /** IOMMU group and the devices in it. */
  iommuGroup?: NodeDeviceIommuGroup;
  /** NUMA node of the device. */
  numa?: NodeDeviceNuma;
  /** PCI Express link capability and status. */
  'pci-express'?: NodeDevicePCIExpress;
}

/** Nested capabilities of a PCI device. */
export type NodeDevicePCISubCapability =
  | NodeDeviceSubCapPhysFunction
  | NodeDeviceSubCapVirtFunctions
  | NodeDeviceSubCapBridge
  | NodeDeviceSubCapCardbusBridge
  | NodeDeviceSubCapMdevTypes
  | NodeDeviceSubCapVPD;

/** The SR-IOV physical function of a virtual function. */
export interface NodeDeviceSubCapPhysFunction extends Extras {
  /** Capability type. */
  type: 'phys_function';
  /** PCI address of the physical function. */
  address?: DomainAddress;
}

/** The SR-IOV virtual functions of a physical function. */
export interface NodeDeviceSubCapVirtFunctions extends Extras {
  /** Capability type. */
  type: 'virt_functions';
  /** Maximum number of virtual functions. */
  maxCount?: number;
  /** PCI addresses of the virtual functions. */
  address?: DomainAddress[];
}

/** The device is a PCI bridge. */
export interface NodeDeviceSubCapBridge extends Extras {
  /** Capability type. */
  type: 'pci-bridge';
}

/** The device is a CardBus bridge. */
export interface NodeDeviceSubCapCardbusBridge extends Extras {
  /** Capability type. */
  type: 'cardbus-bridge';
}

/** Mediated device types the device can create. */
export interface NodeDeviceSubCapMdevTypes extends Extras {
  /** Capability type. */
  type: 'mdev_types';
  /** One entry per mediated device type (the `<type>` elements). */
  types?: NodeDeviceMdevType[];
}

/** A mediated device type (`<type id>`). */
export interface NodeDeviceMdevType extends Extras {
  /** Type ID (`nvidia-11`, `vfio_ccw-io`, ...). */
  id?: string;
  /** Human-readable name. */
  name?: string;
  /** Device API: `vfio-pci`, `vfio-ccw` or `vfio-ap`. */
  deviceAPI?: 'vfio-pci' | 'vfio-ccw' | 'vfio-ap' | (string & {});
  /** How many more devices of the type can be created. */
  availableInstances?: number;
}

/** PCI Vital Product Data. */
export interface NodeDeviceSubCapVPD extends Extras {
  /** Capability type. */
  type: 'vpd';
  /** Product name from the VPD. */
  name?: string;
  /** The read-only and the read-write fields. */
  fields?: NodeDeviceVPDFields[];
}

/** `<fields access>` of the VPD. */
export interface NodeDeviceVPDFields extends Extras {
  /** `readonly` or `readwrite`. */
  access?: 'readonly' | 'readwrite' | (string & {});
  /** Change level (EC). */
  change_level?: string;
  /** Manufacture ID (MN). */
  manufacture_id?: string;
  /** Part number (PN). */
  part_number?: string;
  /** Serial number (SN). */
  serial_number?: string;
  /** Asset tag (YA). */
  asset_tag?: string;
  /** Vendor-specific fields (V0..VZ). */
  vendor_field?: NodeDeviceVPDField[];
  /** System-specific fields (Y0..YZ). */
  system_field?: NodeDeviceVPDField[];
}

/** A VPD vendor or system field. */
export interface NodeDeviceVPDField extends Extras {
  /** Field index (one character). */
  index?: string;
  /** Field value. */
  value?: string;
}

/** `<iommuGroup>`. */
export interface NodeDeviceIommuGroup extends Extras {
  /** Group number. */
  number?: number;
  /** PCI addresses of the devices in the group. */
  address?: DomainAddress[];
}

/** `<numa>`. */
export interface NodeDeviceNuma extends Extras {
  /** NUMA node. */
  node?: number;
}

/** `<pci-express>`. */
export interface NodeDevicePCIExpress extends Extras {
  /** Link capability (`validity='cap'`) and status (`validity='sta'`). */
  link?: NodeDevicePCIExpressLink[];
}

/** A PCI Express link. */
export interface NodeDevicePCIExpressLink extends Extras {
  /** `cap` (what the link can do) or `sta` (its current state). */
  validity?: 'cap' | 'sta' | (string & {});
  /** Port number. */
  port?: number;
  /** Speed in GT/s (`2.5`, `5`, `8`, `16`). */
  speed?: string;
  /** Link width (lanes). */
  width?: number;
}

/** A USB device (`type='usb_device'`). */
export interface NodeDeviceCapUSBDevice extends Extras {
  /** Capability type. */
  type: 'usb_device';
  /** USB bus number. */
  bus?: number;
  /** Device number on the bus. */
  device?: number;
  /** Product ID and name. */
  product?: NodeDeviceID;
  /** Vendor ID and name. */
  vendor?: NodeDeviceID;
}

/** A USB interface (`type='usb'`). */
export interface NodeDeviceCapUSBInterface extends Extras {
  /** Capability type. */
  type: 'usb';
  /** Interface number. */
  number?: number;
  /** Interface class. */
  class?: number;
  /** Interface subclass. */
  subclass?: number;
  /** Interface protocol. */
  protocol?: number;
  /** Description. */
  description?: string;
}

/** A network interface (`type='net'`). */
export interface NodeDeviceCapNet extends Extras {
  /** Capability type. */
  type: 'net';
  /** Interface name. */
  interface?: string;
  /** MAC address. */
  address?: string;
  /** Link speed (Mbit/s) and state. */
  link?: NodeDeviceNetLink;
  /** Offload features (`rx`, `tx`, `sg`, `tso`, ...). */
  feature?: NodeDeviceNetFeature[];
  /** Link type: `80203` (Ethernet) or `80211` (wireless). */
  capability?: NodeDeviceNetSubCapability;
}

/** `<link>` of a network interface. */
export interface NodeDeviceNetLink extends Extras {
  /** Speed in Mbit/s. */
  speed?: number | bigint;
  /** Operational state (`up`, `down`, `unknown`, `dormant`, ...). */
  state?: 'unknown' | 'notpresent' | 'down' | 'lowerlayerdown' | 'testing' | 'dormant' | 'up' | (string & {});
}

/** `<feature name>` of a network interface. */
export interface NodeDeviceNetFeature extends Extras {
  /** Feature name. */
  name?: string;
}

/** Link type of a network interface. */
export type NodeDeviceNetSubCapability = NodeDeviceSubCapNet80203 | NodeDeviceSubCapNet80211;
/** Ethernet. */
export interface NodeDeviceSubCapNet80203 extends Extras {
  /** Capability type. */
  type: '80203';
}
/** Wireless. */
export interface NodeDeviceSubCapNet80211 extends Extras {
  /** Capability type. */
  type: '80211';
}

/** A SCSI host (`type='scsi_host'`), possibly a Fibre Channel HBA. */
export interface NodeDeviceCapSCSIHost extends Extras {
  /** Capability type. */
  type: 'scsi_host';
  /** SCSI host number. */
  host?: number;
  /** Unique ID of the host. */
  unique_id?: number;
  /** Fibre Channel host (`fc_host`) and vport operations (`vport_ops`). */
  capability?: NodeDeviceSCSIHostSubCapability[];
}

/** Nested capabilities of a SCSI host. */
export type NodeDeviceSCSIHostSubCapability = NodeDeviceSubCapFCHost | NodeDeviceSubCapVportOps;

/** A Fibre Channel host. */
export interface NodeDeviceSubCapFCHost extends Extras {
  /** Capability type. */
  type: 'fc_host';
  /** World Wide Node Name. */
  wwnn?: string;
  /** World Wide Port Name. */
  wwpn?: string;
  /** Fabric World Wide Name. */
  fabric_wwn?: string;
}

/** NPIV virtual port operations of an HBA. */
export interface NodeDeviceSubCapVportOps extends Extras {
  /** Capability type. */
  type: 'vport_ops';
  /** Maximum number of vports. */
  max_vports?: number;
  /** vports in use. */
  vports?: number;
}

/** A SCSI target (`type='scsi_target'`). */
export interface NodeDeviceCapSCSITarget extends Extras {
  /** Capability type. */
  type: 'scsi_target';
  /** Target name. */
  target?: string;
  /** Fibre Channel remote port. */
  capability?: NodeDeviceSubCapFCRemotePort;
}

/** A Fibre Channel remote port. */
export interface NodeDeviceSubCapFCRemotePort extends Extras {
  /** Capability type. */
  type: 'fc_remote_port';
  /** Remote port name. */
  rport?: string;
  /** World Wide Port Name. */
  wwpn?: string;
}

/** A SCSI device (`type='scsi'`). */
export interface NodeDeviceCapSCSI extends Extras {
  /** Capability type. */
  type: 'scsi';
  /** SCSI host. */
  host?: number;
  /** Bus. */
  bus?: number;
  /** Target. */
  target?: number;
  /** Logical unit. */
  lun?: number;
  /** SCSI device type (`disk`, `cdrom`, ...): the `<type>` element. */
  typeName?: string;
}

/** A block storage device (`type='storage'`). */
export interface NodeDeviceCapStorage extends Extras {
  /** Capability type. */
  type: 'storage';
  /** Block device path. */
  block?: string;
  /** Bus (`scsi`, `ata`, `pci` ...). */
  bus?: string;
  /** Drive type (`disk`, `cdrom`, ...). */
  drive_type?: string;
  /** Model. */
  model?: string;
  /** Vendor. */
  vendor?: string;
  /** Serial number. */
  serial?: string;
  /** Removable media (`removable`) or hotpluggable drive (`hotpluggable`). */
  capability?: NodeDeviceStorageSubCapability[];
  /** Size in bytes (fixed media). */
  size?: number | bigint;
  /** Logical block size in bytes (fixed media). */
  logical_block_size?: number | bigint;
  /** Number of blocks (fixed media). */
  num_blocks?: number | bigint;
}

/** Nested capabilities of a storage device. */
export type NodeDeviceStorageSubCapability = NodeDeviceSubCapRemovable | NodeDeviceSubCapHotpluggable;

/** Removable media. */
export interface NodeDeviceSubCapRemovable extends Extras {
  /** Capability type. */
  type: 'removable';
  /** `1` when media is present. */
  media_available?: number;
  /** Media size in bytes. */
  media_size?: number | bigint;
  /** Media label. */
  media_label?: string;
  /** Logical block size in bytes. */
  logical_block_size?: number | bigint;
  /** Number of blocks. */
  num_blocks?: number | bigint;
}

/** The drive can be hot-plugged. */
export interface NodeDeviceSubCapHotpluggable extends Extras {
  /** Capability type. */
  type: 'hotpluggable';
}

/** A SCSI generic device (`type='scsi_generic'`). */
export interface NodeDeviceCapSCSIGeneric extends Extras {
  /** Capability type. */
  type: 'scsi_generic';
  /** Character device path. */
  char?: string;
}

/** A DRM device (`type='drm'`). */
export interface NodeDeviceCapDRM extends Extras {
  /** Capability type. */
  type: 'drm';
  /** DRM node type (the `<type>` element): `primary`, `control` or `render`. */
  typeName?: 'primary' | 'control' | 'render' | (string & {});
}

/** A mediated device (`type='mdev'`). */
export interface NodeDeviceCapMdev extends Extras {
  /** Capability type. */
  type: 'mdev';
  /** The mediated device type (`<type id>`); required to create or define one. */
  mdevType?: NodeDeviceMdevTypeRef;
  /** UUID of the mediated device. */
  uuid?: string;
  /** Address of the parent device (output only). */
  parent_addr?: string;
  /** IOMMU group (output only). */
  iommuGroup?: NodeDeviceIommuGroup;
  /** Vendor-specific attributes, written to sysfs when the device is created. */
  attr?: NodeDeviceMdevAttr[];
}

/** `<type id>` of a mediated device. */
export interface NodeDeviceMdevTypeRef extends Extras {
  /** Type ID. */
  id?: string;
}

/** `<attr name value>` of a mediated device. */
export interface NodeDeviceMdevAttr extends Extras {
  /** Attribute name. */
  name?: string;
  /** Attribute value. */
  value?: string;
}

/** A CCW device (`type='ccw'`, s390). */
export interface NodeDeviceCapCCW extends Extras {
  /** Capability type. */
  type: 'ccw';
  /** Channel subsystem ID. */
  cssid?: string;
  /** Subchannel set ID. */
  ssid?: string;
  /** Device number. */
  devno?: string;
}

/** A CCW address. */
export interface NodeDeviceCCWAddress extends Extras {
  /** Channel subsystem ID. */
  cssid?: string;
  /** Subchannel set ID. */
  ssid?: string;
  /** Device number. */
  devno?: string;
}

/** A channel subsystem device (`type='css'`, s390). */
export interface NodeDeviceCapCSS extends Extras {
  /** Capability type. */
  type: 'css';
  /** Channel subsystem ID. */
  cssid?: string;
  /** Subchannel set ID. */
  ssid?: string;
  /** Device number. */
  devno?: string;
  /** Address of the device on the subchannel. */
  channel_dev_addr?: NodeDeviceCCWAddress;
  /** Mediated device types. */
  capability?: NodeDeviceSubCapMdevTypes;
}

/** A vDPA device (`type='vdpa'`). */
export interface NodeDeviceCapVDPA extends Extras {
  /** Capability type. */
  type: 'vdpa';
  /** Character device path. */
  chardev?: string;
}

/** An AP card (`type='ap_card'`, s390 crypto). */
export interface NodeDeviceCapAPCard extends Extras {
  /** Capability type. */
  type: 'ap_card';
  /** Adapter ID. */
  'ap-adapter'?: string;
}

/** An AP queue (`type='ap_queue'`). */
export interface NodeDeviceCapAPQueue extends Extras {
  /** Capability type. */
  type: 'ap_queue';
  /** Adapter ID. */
  'ap-adapter'?: string;
  /** Domain ID. */
  'ap-domain'?: string;
}

/** The AP matrix device (`type='ap_matrix'`). */
export interface NodeDeviceCapAPMatrix extends Extras {
  /** Capability type. */
  type: 'ap_matrix';
  /** Mediated device types. */
  capability?: NodeDeviceSubCapMdevTypes;
}

// ---------------------------------------------------------------------------
// descriptor tables (libvirt's element order)

const s = (list: string): Record<string, Kind<string>> => Object.fromEntries(list.split(/\s+/).filter(Boolean).map((n) => [n, str]));
const i = (list: string): Record<string, Kind<number>> => Object.fromEntries(list.split(/\s+/).filter(Boolean).map((n) => [n, int]));
const none = element({});
const typeOnly = flag;

const ID = element<NodeDeviceID>({ attrs: { id: str }, text: str });
const IommuGroup = element<NodeDeviceIommuGroup>({ attrs: { number: int }, children: { address: many(DomainAddress) } });

const MdevType = element<NodeDeviceMdevType>({
  attrs: { id: str },
  children: { name: str, deviceAPI: hint('vfio-pci', 'vfio-ccw', 'vfio-ap'), availableInstances: int },
});
const MdevTypes = element({ children: { types: childNamed('type', many(MdevType)) } });
const VPDField = element<NodeDeviceVPDField>({ attrs: { index: str }, text: str });
const VPD = element({
  children: {
    name: str,
    fields: many(element<NodeDeviceVPDFields>({
      attrs: { access: hint('readonly', 'readwrite') },
      children: { ...s('change_level manufacture_id part_number serial_number asset_tag'), vendor_field: many(VPDField), system_field: many(VPDField) },
    })),
  },
});

const PCISub = union<NodeDevicePCISubCapability>('type', none, {
  phys_function: element({ children: { address: DomainAddress } }),
  virt_functions: element({ attrs: { maxCount: int }, children: { address: many(DomainAddress) } }),
  'pci-bridge': typeOnly,
  'cardbus-bridge': typeOnly,
  mdev_types: MdevTypes,
  vpd: VPD,
});
const NetSub = union<NodeDeviceNetSubCapability>('type', none, { '80203': typeOnly, '80211': typeOnly });
const SCSIHostSub = union<NodeDeviceSCSIHostSubCapability>('type', none, {
  fc_host: element({ children: s('wwnn wwpn fabric_wwn') }),
  vport_ops: element({ children: i('max_vports vports') }),
});
const SCSITargetSub = union<NodeDeviceSubCapFCRemotePort>('type', none, { fc_remote_port: element({ children: s('rport wwpn') }) });
const StorageSub = union<NodeDeviceStorageSubCapability>('type', none, {
  removable: element({ children: { media_available: int, media_size: u64, media_label: str, logical_block_size: u64, num_blocks: u64 } }),
  hotpluggable: typeOnly,
});
const MdevTypesSub = union<NodeDeviceSubCapMdevTypes>('type', none, { mdev_types: MdevTypes });
const CCWAddr = s('cssid ssid devno');
/** A text child stored under another property name (where the name clashes with the `type` discriminator). */
const textAs = attrNamed;

export const NodeDeviceCapabilityDesc: Desc<NodeDeviceCapability> = union('type', none, {
  system: element({
    children: {
      product: str,
      hardware: element<NodeDeviceSystemHardware>({ children: s('vendor version serial uuid') }),
      firmware: element<NodeDeviceSystemFirmware>({ children: s('vendor version release_date') }),
    },
  }),
  pci: element({
    children: {
      class: str,
      ...i('domain bus slot function'),
      product: ID,
      vendor: ID,
      capability: many(PCISub),
      iommuGroup: IommuGroup,
      numa: element<NodeDeviceNuma>({ attrs: { node: int } }),
      'pci-express': element<NodeDevicePCIExpress>({
        children: { link: many(element<NodeDevicePCIExpressLink>({ attrs: { validity: hint('cap', 'sta'), port: int, speed: str, width: int } })) },
      }),
    },
  }),
  usb_device: element({ children: { ...i('bus device'), product: ID, vendor: ID } }),
  usb: element({ children: { ...i('number class subclass protocol'), description: str } }),
  net: element({
    children: {
      interface: str,
      address: str,
      link: element<NodeDeviceNetLink>({ attrs: { speed: u64, state: hint('unknown', 'notpresent', 'down', 'lowerlayerdown', 'testing', 'dormant', 'up') } }),
      feature: many(element<NodeDeviceNetFeature>({ attrs: { name: str } })),
      capability: NetSub,
    },
  }),
  scsi_host: element({ children: { ...i('host unique_id'), capability: many(SCSIHostSub) } }),
  scsi_target: element({ children: { target: str, capability: SCSITargetSub } }),
  scsi: element({ children: { ...i('host bus target lun'), typeName: textAs('type', str) } }),
  storage: element({
    children: {
      ...s('block bus drive_type model vendor serial'),
      capability: many(StorageSub),
      size: u64,
      logical_block_size: u64,
      num_blocks: u64,
    },
  }),
  scsi_generic: element({ children: { char: str } }),
  drm: element({ children: { typeName: textAs('type', hint('primary', 'control', 'render')) } }),
  mdev: element({
    children: {
      mdevType: childNamed('type', element<NodeDeviceMdevTypeRef>({ attrs: { id: str } })),
      uuid: str,
      parent_addr: str,
      iommuGroup: IommuGroup,
      attr: many(element<NodeDeviceMdevAttr>({ attrs: s('name value') })),
    },
  }),
  ccw: element({ children: CCWAddr }),
  css: element({ children: { ...CCWAddr, channel_dev_addr: element<NodeDeviceCCWAddress>({ children: CCWAddr }), capability: MdevTypesSub } }),
  vdpa: element({ children: { chardev: str } }),
  ap_card: element({ children: s('ap-adapter') }),
  ap_queue: element({ children: s('ap-adapter ap-domain') }),
  ap_matrix: element({ children: { capability: MdevTypesSub } }),
});

export const NodeDeviceDesc: Desc<NodeDevice> = element({
  children: {
    name: str,
    path: str,
    devnode: many(element<NodeDeviceDevnode>({ attrs: { type: hint('dev', 'link') }, text: str })),
    parent: element<NodeDeviceParent>({ attrs: s('wwnn wwpn fabric_wwn'), text: str }),
    driver: element<NodeDeviceDriver>({ children: { name: str } }),
    capability: many(NodeDeviceCapabilityDesc),
  },
});

// ---------------------------------------------------------------------------
// checks made before formatting (the rules libvirt's parser enforces)

const UUID_RE = /^(?:[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})$/;
const CAPABILITY_TYPES = [...NodeDeviceCapabilityDesc.union!.map.keys()];
/** Per capability type, the fields libvirt's parser requires, in the order it checks them. */
const REQUIRED: Record<string, string[]> = {
  system: ['hardware.uuid'],
  pci: ['domain', 'bus', 'slot', 'function', 'vendor.id', 'product.id'],
  usb_device: ['bus', 'device', 'vendor.id', 'product.id'],
  net: ['interface'],
  scsi_target: ['target'],
  scsi: ['host', 'bus', 'target', 'lun'],
  storage: ['block'],
};
const DRM_TYPES = ['primary', 'control', 'render'];

/** The checks libvirt's node device parser makes, in the order a user meets them. */
export function validateNodeDevice(def: NodeDevice): void {
  if (def === null || typeof def !== 'object') throw new XmlValidationError('device', def, 'must be an object');
  const p: unknown = def.parent;
  if (p !== null && typeof p === 'object') {
    const { wwnn, wwpn } = p as NodeDeviceParent;
    if ((wwnn === undefined) !== (wwpn === undefined)) {
      throw new XmlValidationError(wwnn === undefined ? 'parent.wwnn' : 'parent.wwpn', undefined, 'is required when the other of wwnn/wwpn is given');
    }
  }
  if (Array.isArray(def.devnode)) {
    def.devnode.forEach((d, n) => {
      if (d !== null && typeof d === 'object' && d.type !== 'dev' && d.type !== 'link') {
        throw new XmlValidationError(`devnode[${n}].type`, d.type, "must be 'dev' or 'link'");
      }
    });
  }
  const caps: unknown = def.capability;
  if (!Array.isArray(caps) || caps.length === 0) throw new XmlValidationError('capability', caps, 'must list at least one capability');
  caps.forEach((c: unknown, n) => {
    if (c === null || typeof c !== 'object') return;
    const cap = c as NodeDeviceCapability;
    const at = `capability[${n}]`;
    if (typeof cap.type !== 'string' || !CAPABILITY_TYPES.includes(cap.type)) {
      throw new XmlValidationError(`${at}.type`, cap.type, `must be one of ${CAPABILITY_TYPES.join(', ')}`);
    }
    for (const field of REQUIRED[cap.type] ?? []) {
      let v: unknown = cap;
      for (const k of field.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
      if (v === undefined || v === '') throw new XmlValidationError(`${at}.${field}`, v, `is required for a ${cap.type} capability`);
    }
    if (cap.type === 'drm' && (typeof cap.typeName !== 'string' || !DRM_TYPES.includes(cap.typeName))) {
      throw new XmlValidationError(`${at}.typeName`, cap.typeName, `must be one of ${DRM_TYPES.join(', ')} (the <type> of a drm capability)`);
    }
    if (cap.type === 'mdev') {
      const id: unknown = cap.mdevType?.id;
      if (typeof id !== 'string' || id === '') throw new XmlValidationError(`${at}.mdevType.id`, id, 'is required for a mediated device (<type id>)');
      if (cap.uuid !== undefined && (typeof cap.uuid !== 'string' || !UUID_RE.test(cap.uuid))) {
        throw new XmlValidationError(`${at}.uuid`, cap.uuid, 'must be a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)');
      }
    }
  });
}
