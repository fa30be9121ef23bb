/**
 * The network port XML (virNetworkPortCreateXML, virNetworkPortGetXMLDesc): its interfaces,
 * descriptor tables and the checks made before a port is written.
 * Conventions as in domain.ts: the interfaces first, then the tables.
 */
import { Desc, element, int, oneOf, hint, required, str, stringAttrs, union, yesno, XmlValidationError } from './engine';
import type { Extras } from './engine';
import {
  DomainAddress,
  DomainInterfaceBandwidth,
  DomainInterfaceBandwidthLimits,
  DomainInterfacePort,
  DomainInterfaceVirtualport,
  DomainInterfaceVlan,
} from './domain';
import { MAC_RE, UUID_RE } from './network';

/** A port of a virtual network (`<networkport>`): one guest interface's connection to the network. */
export interface NetworkPort extends Extras {
  /** UUID of the port. */
  uuid: string;
  /** The domain the port belongs to. */
  owner: NetworkPortOwner;
  /** Port group of the network the port uses. */
  group?: string;
  /** MAC address of the guest interface. */
  mac: NetworkPortMac;
  /** Virtual port profile: 802.1Qbg, 802.1Qbh, openvswitch or midonet. */
  virtualport?: DomainInterfaceVirtualport;
  /** Quality of service of the port. */
  bandwidth?: NetworkPortBandwidth;
  /** VLAN tag(s) of the port. */
  vlan?: DomainInterfaceVlan;
  /** Port isolation (`<port isolated="yes">`). */
  port?: DomainInterfacePort;
  /** Trust MAC and multicast changes the guest makes (`trustGuest`). */
  rxfilters?: NetworkPortRxfilters;
  /** How the port connects to the host: a bridge, a macvtap device or a PCI device (set by the network). */
  plug?: NetworkPortPlug;
}

export interface NetworkPortOwner extends Extras {
  /** Name of the owning domain. */
  name?: string;
  /** UUID of the owning domain. */
  uuid?: string;
}

export interface NetworkPortMac extends Extras {
  /** Unicast MAC address. */
  address?: string;
}

export interface NetworkPortBandwidth extends Extras {
  /** Traffic class the port's floor is accounted in (set by the network). */
  classID?: number;
  /** Limits on traffic to the guest. */
  inbound?: DomainInterfaceBandwidthLimits;
  /** Limits on traffic from the guest. */
  outbound?: DomainInterfaceBandwidthLimits;
}

export interface NetworkPortRxfilters extends Extras {
  /** `yes`: trust the guest's MAC and multicast changes. */
  trustGuest?: 'yes' | 'no';
}

/** The plug of a port, one shape per `type`. */
export type NetworkPortPlug = NetworkPortPlugNetwork | NetworkPortPlugBridge | NetworkPortPlugDirect | NetworkPortPlugHostdevPCI;

export interface NetworkPortPlugNetwork extends Extras {
  /** Plugged into the network's own bridge. */
  type: 'network';
  /** Bridge device. */
  bridge?: string;
  /** Who manages the bridge's MAC table: `kernel` or `libvirt`. */
  macTableManager?: 'kernel' | 'libvirt' | (string & {});
}
export interface NetworkPortPlugBridge extends Extras {
  /** Plugged into a host bridge the network forwards to. */
  type: 'bridge';
  /** Bridge device. */
  bridge?: string;
  /** Who manages the bridge's MAC table: `kernel` or `libvirt`. */
  macTableManager?: 'kernel' | 'libvirt' | (string & {});
}
export interface NetworkPortPlugDirect extends Extras {
  /** A macvtap device on a host network device. */
  type: 'direct';
  /** Host network device. */
  dev?: string;
  /** macvtap mode: `bridge`, `vepa`, `private` or `passthrough`. */
  mode?: 'bridge' | 'vepa' | 'private' | 'passthrough' | (string & {});
}
export interface NetworkPortPlugHostdevPCI extends Extras {
  /** A PCI device (SR-IOV virtual function) assigned to the guest. */
  type: 'hostdev-pci';
  /** Detach the device from its host driver first. */
  managed?: 'yes' | 'no';
  /** Assignment backend (`vfio` or `kvm`). */
  driver?: NetworkPortPlugDriver;
  /** PCI address of the device. */
  address?: DomainAddress;
}
export interface NetworkPortPlugDriver extends Extras {
  /** `vfio` or `kvm`. */
  name?: 'kvm' | 'vfio';
}

// ---------------------------------------------------------------------------
// descriptor tables, in the order libvirt writes the elements

const limits = (DomainInterfaceBandwidth as Desc<unknown>).kidMap.get('inbound')!.desc as Desc<DomainInterfaceBandwidthLimits>;
const bridgePlug = element({ attrs: { bridge: str, macTableManager: hint('kernel', 'libvirt') } });
export const NetworkPortPlug: Desc<NetworkPortPlug> = union('type', element({}), {
  network: bridgePlug,
  bridge: bridgePlug,
  direct: element({ attrs: { dev: str, mode: hint('bridge', 'vepa', 'private', 'passthrough') } }),
  'hostdev-pci': element({ attrs: { managed: yesno }, children: { driver: element({ attrs: { name: oneOf('kvm', 'vfio') } }), address: DomainAddress } }),
});
export const NetworkPortDesc: Desc<NetworkPort> = element({
  children: {
    uuid: required(str),
    owner: required(element({ children: { name: str, uuid: str } })),
    group: str,
    mac: required(element({ attrs: stringAttrs('address') })),
    virtualport: DomainInterfaceVirtualport,
    bandwidth: element({ attrs: { classID: int }, children: { inbound: limits, outbound: limits } }),
    vlan: DomainInterfaceVlan,
    port: DomainInterfacePort,
    rxfilters: element({ attrs: { trustGuest: yesno } }),
    plug: NetworkPortPlug,
  },
});

// ---------------------------------------------------------------------------
// checks libvirt's network port parser makes (virnetworkportdef.c), made before writing

function uuid(field: string, v: unknown): void {
  if (typeof v !== 'string' || !UUID_RE.test(v)) throw new XmlValidationError(field, v, 'must be a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)');
}

/** The checks libvirt's network port parser makes that a user hits first; XmlValidationError names the field. */
export function validateNetworkPort(def: NetworkPort): void {
  if (def === null || typeof def !== 'object') throw new XmlValidationError('networkport', def, 'must be an object');
  uuid('uuid', def.uuid);
  const owner = def.owner;
  if (owner === null || typeof owner !== 'object') throw new XmlValidationError('owner', owner, 'must be an object with the owning domain');
  if (typeof owner.name !== 'string' || owner.name === '') throw new XmlValidationError('owner.name', owner.name, "must be the owning domain's name");
  uuid('owner.uuid', owner.uuid);
  const mac: unknown = def.mac?.address;
  if (typeof mac !== 'string' || !MAC_RE.test(mac)) throw new XmlValidationError('mac.address', mac, 'must be a MAC address of the form xx:xx:xx:xx:xx:xx');
  const plug = def.plug;
  if (plug !== undefined && plug !== null && typeof plug === 'object') {
    if ((plug.type === 'network' || plug.type === 'bridge') && typeof plug.bridge !== 'string') {
      throw new XmlValidationError('plug.bridge', plug.bridge, `is required for a '${plug.type}' plug`);
    }
    if (plug.type === 'direct' && typeof plug.dev !== 'string') throw new XmlValidationError('plug.dev', plug.dev, "is required for a 'direct' plug");
    if (plug.type === 'hostdev-pci' && plug.address === undefined) throw new XmlValidationError('plug.address', plug.address, "is required for a 'hostdev-pci' plug");
  }
}
