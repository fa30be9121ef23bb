/**
 * The host network interface XML (virInterfaceDefineXML, virInterfaceGetXMLDesc): its
 * interfaces, descriptor tables and the checks made before an interface is written.
 * The TypeScript names start with `HostInterface` (a guest's `<interface>` is `DomainInterface`).
 * Conventions as in domain.ts: the interfaces first, then the tables.
 */
import { Desc, element, int, many, oneOf, hint, str, stringAttrs, union, yesno, onoff, XmlValidationError } from './engine';
import type { Extras } from './engine';
import { DomainInterfaceMtu } from './domain';
import { MAC_RE } from './network';

/** A host network interface (`<interface>`), one shape per `type`. */
export type HostInterface = HostInterfaceEthernet | HostInterfaceBridge | HostInterfaceBond | HostInterfaceVlan;

/** Fields of a host interface whatever its `type`. */
export interface HostInterfaceBase extends Extras {
  /** Device name (`eth0`, `br0`, `bond0`, `eth0.42`). */
  name?: string;
  /** When the interface is brought up: `onboot`, `hotplug` or `none` (top-level interfaces). */
  start?: HostInterfaceStart;
  /** MTU of the interface (top-level interfaces). */
  mtu?: DomainInterfaceMtu;
  /** IPv4 and IPv6 addressing: DHCP, autoconf, static addresses and the gateway (top-level interfaces). */
  protocol?: HostInterfaceProtocol[];
  /** Link speed and state (reported by libvirt). */
  link?: HostInterfaceLink;
}
/** A physical or virtual Ethernet device. */
export interface HostInterfaceEthernet extends HostInterfaceBase {
  type: 'ethernet';
  /** MAC address of the device. */
  mac?: HostInterfaceMac;
}
/** A bridge and the interfaces enslaved to it. */
export interface HostInterfaceBridge extends HostInterfaceBase {
  type: 'bridge';
  /** The bridge's settings and member interfaces. */
  bridge?: HostInterfaceBridgeDef;
}
/** A bond of Ethernet devices. */
export interface HostInterfaceBond extends HostInterfaceBase {
  type: 'bond';
  /** The bond's mode, link monitoring and member interfaces. */
  bond?: HostInterfaceBondDef;
}
/** A VLAN device on top of another interface. */
export interface HostInterfaceVlan extends HostInterfaceBase {
  type: 'vlan';
  /** The VLAN tag and the underlying device. */
  vlan?: HostInterfaceVlanDef;
}

export interface HostInterfaceStart extends Extras {
  /** `onboot`, `hotplug` or `none`. */
  mode?: 'onboot' | 'hotplug' | 'none';
}

export interface HostInterfaceProtocol extends Extras {
  /** `ipv4` or `ipv6`. */
  family?: 'ipv4' | 'ipv6';
  /** IPv6 stateless autoconfiguration. */
  autoconf?: Extras;
  /** Get the address by DHCP. */
  dhcp?: HostInterfaceDHCP;
  /** Static addresses. */
  ip?: HostInterfaceIP[];
  /** Default gateway. */
  route?: HostInterfaceRoute;
}

export interface HostInterfaceDHCP extends Extras {
  /** `no`: ignore the DNS servers the DHCP server offers. */
  peerdns?: 'yes' | 'no';
}

export interface HostInterfaceIP extends Extras {
  /** IP address. */
  address?: string;
  /** Prefix length. */
  prefix?: number;
}

export interface HostInterfaceRoute extends Extras {
  /** Gateway address. */
  gateway?: string;
}

export interface HostInterfaceLink extends Extras {
  /** Speed in Mbit/s. */
  speed?: number;
  /** Operational state: `up`, `down`, `lowerlayerdown`, `dormant`, `testing`, `notpresent`, `unknown`. */
  state?: 'unknown' | 'notpresent' | 'down' | 'lowerlayerdown' | 'testing' | 'dormant' | 'up' | (string & {});
}

export interface HostInterfaceMac extends Extras {
  /** MAC address. */
  address?: string;
}

export interface HostInterfaceBridgeDef extends Extras {
  /** Spanning Tree Protocol: `on` or `off`. */
  stp?: 'on' | 'off';
  /** Forward delay in seconds (decimal). */
  delay?: string;
  /** Member interfaces (Ethernet, bond or VLAN). */
  interface?: HostInterface[];
}

export interface HostInterfaceBondDef extends Extras {
  /** Bonding mode: `balance-rr`, `active-backup`, `balance-xor`, `broadcast`, `802.3ad`, `balance-tlb`, `balance-alb`. */
  mode?: 'balance-rr' | 'active-backup' | 'balance-xor' | 'broadcast' | '802.3ad' | 'balance-tlb' | 'balance-alb';
  /** MII link monitoring. */
  miimon?: HostInterfaceBondMiimon;
  /** ARP link monitoring. */
  arpmon?: HostInterfaceBondArpmon;
  /** Member interfaces (Ethernet). */
  interface?: HostInterface[];
}

export interface HostInterfaceBondMiimon extends Extras {
  /** Polling interval in milliseconds. */
  freq?: number;
  /** Delay before disabling a failed link, in milliseconds. */
  downdelay?: number;
  /** Delay before enabling a recovered link, in milliseconds. */
  updelay?: number;
  /** How the carrier state is read: `ioctl` or `netif`. */
  carrier?: 'ioctl' | 'netif';
}

export interface HostInterfaceBondArpmon extends Extras {
  /** Polling interval in milliseconds. */
  interval?: number;
  /** IPv4 address probed. */
  target?: string;
  /** Which replies are validated: `none`, `active`, `backup` or `all`. */
  validate?: 'none' | 'active' | 'backup' | 'all';
}

export interface HostInterfaceVlanDef extends Extras {
  /** VLAN tag. */
  tag?: string;
  /** The underlying device (`<interface name>`). */
  interface?: HostInterfaceVlanDevice;
}

export interface HostInterfaceVlanDevice extends Extras {
  /** Device name. */
  name?: string;
}

// ---------------------------------------------------------------------------
// descriptor tables, in the order libvirt writes the elements

const member = (): Desc<unknown> => HostInterfaceDesc as Desc<unknown>;
const common = element({
  attrs: { name: str },
  children: {
    start: element({ attrs: { mode: oneOf('onboot', 'hotplug', 'none') } }),
    mtu: DomainInterfaceMtu,
    protocol: many(element({
      attrs: { family: oneOf('ipv4', 'ipv6') },
      children: {
        autoconf: element({}),
        dhcp: element({ attrs: { peerdns: yesno } }),
        ip: many(element({ attrs: { address: str, prefix: int } })),
        route: element({ attrs: stringAttrs('gateway') }),
      },
    })),
    link: element({ attrs: { speed: int, state: hint('unknown', 'notpresent', 'down', 'lowerlayerdown', 'testing', 'dormant', 'up') } }),
  },
});
export const HostInterfaceDesc: Desc<HostInterface> = union('type', common, {
  ethernet: element({ children: { mac: element({ attrs: stringAttrs('address') }) } }),
  bridge: element({ children: { bridge: element({ attrs: { stp: onoff, delay: str }, children: { interface: many(member) } }) } }),
  bond: element({
    children: {
      bond: element({
        attrs: { mode: oneOf('balance-rr', 'active-backup', 'balance-xor', 'broadcast', '802.3ad', 'balance-tlb', 'balance-alb') },
        children: {
          miimon: element({ attrs: { freq: int, downdelay: int, updelay: int, carrier: oneOf('ioctl', 'netif') } }),
          arpmon: element({ attrs: { interval: int, target: str, validate: oneOf('none', 'active', 'backup', 'all') } }),
          interface: many(member),
        },
      }),
    },
  }),
  vlan: element({ children: { vlan: element({ attrs: stringAttrs('tag'), children: { interface: element({ attrs: stringAttrs('name') }) } }) } }),
});

// ---------------------------------------------------------------------------
// checks libvirt's interface parser makes (interface_conf.c), made before writing

const TYPES = ['ethernet', 'bridge', 'bond', 'vlan'];
/** Which member types each parent type takes (virInterfaceDefParseXML). */
const MEMBERS: Record<string, string[]> = { bridge: ['ethernet', 'bond', 'vlan'], bond: ['ethernet'] };

function validateOne(def: HostInterface, at: string, parent?: string): void {
  const f = (p: string): string => (at ? at + '.' + p : p);
  if (def === null || typeof def !== 'object') throw new XmlValidationError(at || 'interface', def, 'must be an object');
  const type: unknown = def.type;
  if (typeof type !== 'string' || !TYPES.includes(type)) throw new XmlValidationError(f('type'), type, `must be one of ${TYPES.map((t) => `'${t}'`).join(', ')}`);
  if (parent !== undefined && !MEMBERS[parent].includes(type)) {
    throw new XmlValidationError(f('type'), type, `is not a type a ${parent} takes as a member (${MEMBERS[parent].join(', ')})`);
  }
  if (typeof def.name !== 'string' || def.name === '') throw new XmlValidationError(f('name'), def.name, 'must be the device name');
  if (parent === undefined) {
    const mtu: unknown = def.mtu?.size;
    if (mtu !== undefined && (typeof mtu !== 'number' || !Number.isInteger(mtu) || mtu < 0 || mtu > 100000)) {
      throw new XmlValidationError(f('mtu.size'), mtu, 'must be an integer of at most 100000');
    }
    (Array.isArray(def.protocol) ? def.protocol : []).forEach((p, i) => {
      if (p?.family !== 'ipv4' && p?.family !== 'ipv6') throw new XmlValidationError(f(`protocol[${i}].family`), p?.family, "must be 'ipv4' or 'ipv6'");
    });
  }
  switch (def.type) {
    case 'ethernet': {
      const mac: unknown = def.mac?.address;
      if (mac !== undefined && (typeof mac !== 'string' || !MAC_RE.test(mac))) {
        throw new XmlValidationError(f('mac.address'), mac, 'must be a MAC address of the form xx:xx:xx:xx:xx:xx');
      }
      break;
    }
    case 'bridge':
      if (def.bridge === undefined || def.bridge === null || typeof def.bridge !== 'object') throw new XmlValidationError(f('bridge'), def.bridge, 'is required for a bridge interface');
      (Array.isArray(def.bridge.interface) ? def.bridge.interface : []).forEach((m, i) => validateOne(m, f(`bridge.interface[${i}]`), 'bridge'));
      break;
    case 'bond': {
      const bond = def.bond;
      if (bond === undefined || bond === null || typeof bond !== 'object') throw new XmlValidationError(f('bond'), bond, 'is required for a bond interface');
      if (bond.miimon != null && typeof bond.miimon.freq !== 'number') throw new XmlValidationError(f('bond.miimon.freq'), bond.miimon.freq, 'is required with MII monitoring');
      if (bond.miimon == null && bond.arpmon != null) {
        if (typeof bond.arpmon.interval !== 'number') throw new XmlValidationError(f('bond.arpmon.interval'), bond.arpmon.interval, 'is required with ARP monitoring');
        if (typeof bond.arpmon.target !== 'string') throw new XmlValidationError(f('bond.arpmon.target'), bond.arpmon.target, 'is required with ARP monitoring');
      }
      (Array.isArray(bond.interface) ? bond.interface : []).forEach((m, i) => validateOne(m, f(`bond.interface[${i}]`), 'bond'));
      break;
    }
    case 'vlan':
      if (def.vlan === undefined || def.vlan === null || typeof def.vlan !== 'object') throw new XmlValidationError(f('vlan'), def.vlan, 'is required for a vlan interface');
      if (typeof def.vlan.tag !== 'string' || def.vlan.tag === '') throw new XmlValidationError(f('vlan.tag'), def.vlan.tag, 'is required for a vlan interface');
      if (typeof def.vlan.interface?.name !== 'string') throw new XmlValidationError(f('vlan.interface.name'), def.vlan.interface?.name, 'must name the underlying device');
      break;
  }
}

/** The checks libvirt's interface parser makes that a user hits first; XmlValidationError names the field. */
export function validateHostInterface(def: HostInterface): void {
  validateOne(def, '');
}
