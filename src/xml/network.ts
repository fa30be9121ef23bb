/**
 * The virtual network XML (virNetworkDefineXML, virNetworkGetXMLDesc): its interfaces,
 * descriptor tables and the checks made before a network is written.
 * Conventions as in domain.ts: the interfaces first, then the tables.
 */
import { isIPv6 } from 'net';
import { Desc, element, int, many, oneOf, hint, required, str, stringAttrs, u64, union, yesno, onoff, XmlValidationError } from './engine';
import type { Extras } from './engine';
import {
  DomainAddress,
  DomainInterfaceBandwidth,
  DomainInterfacePort,
  DomainInterfaceVirtualport,
  DomainInterfaceVlan,
  DomainInterfaceMtu,
  DomainMetadata,
  DomainRoute,
} from './domain';

/** A virtual network (`<network>`), as virNetworkDefineXML takes it and virNetworkGetXMLDesc returns it. */
export interface Network extends Extras {
  /** Namespace of the dnsmasq options (`http://libvirt.org/schemas/network/dnsmasq/1.0`). */
  'xmlns:dnsmasq'?: string;
  /** Number of guest interfaces connected (live XML only). */
  connections?: number;
  /** `yes`: allow guest-to-guest IPv6 on a network with no IPv6 address. */
  ipv6?: 'yes' | 'no';
  /** Default for the guest interfaces: trust MAC and multicast changes the guest makes. */
  trustGuestRxFilters?: 'yes' | 'no';
  /** Unique name of the network. */
  name: string;
  /** UUID of the network (generated when omitted). */
  uuid?: string;
  /** Short title. */
  title?: string;
  /** Human-readable description. */
  description?: string;
  /** Application metadata, as elements in the application's own XML namespace (kept verbatim). */
  metadata?: DomainMetadata;
  /** How traffic leaves the network: `nat`, `route`, `open`, `bridge`, `private`, `vepa`, `passthrough`, `hostdev`; isolated when omitted. */
  forward?: NetworkForward;
  /** The host bridge of the network: its name and settings. */
  bridge?: NetworkBridge;
  /** MTU of the bridge and the tap devices. */
  mtu?: DomainInterfaceMtu;
  /** MAC address of the bridge. */
  mac?: NetworkMac;
  /** DNS domain of the DHCP clients. */
  domain?: NetworkDomain;
  /** The network's DNS server: forwarders, TXT, SRV and host records. */
  dns?: NetworkDNS;
  /** VLAN tag(s) for the guest interfaces. */
  vlan?: DomainInterfaceVlan;
  /** Quality of service of the whole network. */
  bandwidth?: DomainInterfaceBandwidth;
  /** Port isolation of the guest interfaces (`<port isolated="yes">`). */
  port?: DomainInterfacePort;
  /** IPv4 and IPv6 addresses of the bridge, with DHCP and TFTP. */
  ip?: NetworkIP[];
  /** Static routes set up on the host. */
  route?: DomainRoute[];
  /** Virtual port profile for the guest interfaces: 802.1Qbg, 802.1Qbh, openvswitch or midonet. */
  virtualport?: DomainInterfaceVirtualport;
  /** Groups of settings a guest interface picks by name. */
  portgroup?: NetworkPortgroup[];
  /** Extra dnsmasq options (`<dnsmasq:options>`). */
  'dnsmasq:options'?: NetworkDnsmasqOptions;
}

/** The forward modes of a network. */
export type NetworkForwardMode = 'nat' | 'route' | 'open' | 'bridge' | 'private' | 'vepa' | 'passthrough' | 'hostdev';

export interface NetworkForward extends Extras {
  /** Host device traffic is forwarded through (the first `<interface>`). */
  dev?: string;
  /** Forward mode; isolated when there is no `<forward>`. */
  mode?: NetworkForwardMode;
  /** `hostdev` mode: detach the PCI devices from their host drivers. */
  managed?: 'yes' | 'no';
  /** `hostdev` mode: the device assignment backend (`vfio` or `kvm`). */
  driver?: NetworkForwardDriver;
  /** `nat` mode: the address and port ranges used for NAT. */
  nat?: NetworkForwardNat;
  /** The physical function whose virtual functions make the pool of devices. */
  pf?: NetworkForwardPf;
  /** Pool of host network devices the guest interfaces use. */
  interface?: NetworkForwardInterface[];
  /** `hostdev` mode: pool of PCI virtual functions. */
  address?: NetworkForwardAddress[];
}

/** A PCI device of the `hostdev` pool: its address, and how many guest interfaces use it. */
export type NetworkForwardAddress = Omit<DomainAddress, 'type'> & {
  /** Always `pci`. */
  type: 'pci';
  /** Number of guest interfaces using it (live XML only). */
  connections?: number;
};

export interface NetworkForwardDriver extends Extras {
  /** `vfio` or `kvm`. */
  name?: 'kvm' | 'vfio';
}

export interface NetworkForwardNat extends Extras {
  /** `yes`: NAT IPv6 traffic too. */
  ipv6?: 'yes' | 'no';
  /** Range of public IPv4 addresses used for NAT. */
  address?: NetworkRange;
  /** Range of source ports used for NAT. */
  port?: NetworkPortRange;
}

export interface NetworkRange extends Extras {
  /** First address of the range. */
  start?: string;
  /** Last address of the range. */
  end?: string;
}

export interface NetworkPortRange extends Extras {
  /** First port. */
  start?: number;
  /** Last port. */
  end?: number;
}

export interface NetworkForwardPf extends Extras {
  /** Name of the physical function's network device. */
  dev?: string;
}

export interface NetworkForwardInterface extends Extras {
  /** Host network device. */
  dev?: string;
  /** Number of guest interfaces using it (live XML only). */
  connections?: number;
}

export interface NetworkBridge extends Extras {
  /** Bridge device name (at most 15 characters). */
  name?: string;
  /** firewalld zone of the bridge. */
  zone?: string;
  /** Spanning Tree Protocol: `on` or `off`. */
  stp?: 'on' | 'off';
  /** STP forward delay in seconds. */
  delay?: number | bigint;
  /** Who manages the bridge's MAC table: `kernel` or `libvirt`. */
  macTableManager?: 'kernel' | 'libvirt' | (string & {});
}

export interface NetworkMac extends Extras {
  /** Unicast MAC address of the bridge. */
  address?: string;
}

export interface NetworkDomain extends Extras {
  /** DNS domain name. */
  name?: string;
  /** `yes`: answer queries for the domain locally, never forward them. */
  localOnly?: 'yes' | 'no';
}

export interface NetworkDNS extends Extras {
  /** `no`: no DNS server on the network. */
  enable?: 'yes' | 'no';
  /** `no`: do not forward names without a domain to the host's resolver. */
  forwardPlainNames?: 'yes' | 'no';
  /** Upstream servers, optionally for one domain only. */
  forwarder?: NetworkDNSForwarder[];
  /** TXT records. */
  txt?: NetworkDNSTXT[];
  /** SRV records. */
  srv?: NetworkDNSSRV[];
  /** Host (A/AAAA) records. */
  host?: NetworkDNSHost[];
}

export interface NetworkDNSForwarder extends Extras {
  /** Domain forwarded to this server (all domains when omitted). */
  domain?: string;
  /** Address of the upstream server (none: resolve the domain locally only). */
  addr?: string;
}

export interface NetworkDNSTXT extends Extras {
  /** Record name. */
  name?: string;
  /** Record text. */
  value?: string;
}

export interface NetworkDNSSRV extends Extras {
  /** Service name. */
  service?: string;
  /** `tcp` or `udp`. */
  protocol?: string;
  /** Domain of the record. */
  domain?: string;
  /** Host providing the service. */
  target?: string;
  /** Port of the service. */
  port?: number;
  /** Priority of the target. */
  priority?: number;
  /** Relative weight among targets of the same priority. */
  weight?: number;
}

export interface NetworkDNSHost extends Extras {
  /** Address of the host. */
  ip?: string;
  /** Names of the host. */
  hostname?: string[];
}

export interface NetworkIP extends Extras {
  /** `ipv4` (default) or `ipv6`. */
  family?: 'ipv4' | 'ipv6' | (string & {});
  /** Address of the bridge on the network. */
  address?: string;
  /** IPv4 netmask (alternative to `prefix`). */
  netmask?: string;
  /** Prefix length of the network. */
  prefix?: number;
  /** `yes`: answer reverse lookups of the network locally. */
  localPtr?: 'yes' | 'no';
  /** TFTP server root. */
  tftp?: NetworkTFTP;
  /** DHCP server: address ranges, static hosts, boot file. */
  dhcp?: NetworkDHCP;
}

export interface NetworkTFTP extends Extras {
  /** Directory served over TFTP. */
  root?: string;
}

export interface NetworkDHCP extends Extras {
  /** Address ranges handed out. */
  range?: NetworkDHCPRange[];
  /** Static leases by MAC address (IPv4), DHCP unique ID or name (IPv6). */
  host?: NetworkDHCPHost[];
  /** PXE boot file and server. */
  bootp?: NetworkDHCPBootp;
}

export interface NetworkDHCPRange extends Extras {
  /** First address of the range. */
  start?: string;
  /** Last address of the range. */
  end?: string;
  /** Lease time of the range. */
  lease?: NetworkDHCPLease;
}

export interface NetworkDHCPLease extends Extras {
  /** Lease time (`0`: infinite). */
  expiry?: number | bigint;
  /** `seconds`, `minutes` (default) or `hours`. */
  unit?: 'seconds' | 'minutes' | 'hours' | (string & {});
}

export interface NetworkDHCPHost extends Extras {
  /** MAC address of the guest interface (IPv4). */
  mac?: string;
  /** DHCP unique identifier of the guest (IPv6). */
  id?: string;
  /** Host name given to the guest. */
  name?: string;
  /** Address given to the guest. */
  ip?: string;
  /** Lease time of the host. */
  lease?: NetworkDHCPLease;
}

export interface NetworkDHCPBootp extends Extras {
  /** Boot file name. */
  file?: string;
  /** TFTP server of the boot file (the host when omitted). */
  server?: string;
}

export interface NetworkPortgroup extends Extras {
  /** Name guest interfaces refer to (`<source portgroup>`). */
  name?: string;
  /** `yes`: used by interfaces that name no portgroup. */
  default?: 'yes' | 'no';
  /** Trust MAC and multicast changes the guest makes. */
  trustGuestRxFilters?: 'yes' | 'no';
  /** VLAN tag(s) of the group. */
  vlan?: DomainInterfaceVlan;
  /** Virtual port profile of the group. */
  virtualport?: DomainInterfaceVirtualport;
  /** Quality of service of the group. */
  bandwidth?: DomainInterfaceBandwidth;
}

export interface NetworkDnsmasqOptions extends Extras {
  /** One dnsmasq option each (`value="name=value"`). */
  'dnsmasq:option'?: NetworkDnsmasqOption[];
}

export interface NetworkDnsmasqOption extends Extras {
  /** The option, as written in dnsmasq.conf. */
  value?: string;
}

// ---------------------------------------------------------------------------
// descriptor tables, in the order libvirt writes the elements

const Range = element({ attrs: stringAttrs('start end') });
const Lease = element({ attrs: { expiry: u64, unit: hint('seconds', 'minutes', 'hours') } });
export const NetworkForward: Desc<NetworkForward> = element({
  attrs: { dev: str, mode: oneOf('nat', 'route', 'open', 'bridge', 'private', 'vepa', 'passthrough', 'hostdev'), managed: yesno },
  children: {
    driver: element({ attrs: { name: oneOf('kvm', 'vfio') } }),
    nat: element({ attrs: { ipv6: yesno }, children: { address: Range, port: element({ attrs: { start: int, end: int } }) } }),
    pf: element({ attrs: stringAttrs('dev') }),
    interface: many(element({ attrs: { dev: str, connections: int } })),
    address: many(union('type', DomainAddress, { pci: element({ attrs: { connections: int } }) })),
  },
});
export const NetworkDNS: Desc<NetworkDNS> = element({
  attrs: { enable: yesno, forwardPlainNames: yesno },
  children: {
    forwarder: many(element({ attrs: stringAttrs('domain addr') })),
    txt: many(element({ attrs: stringAttrs('name value') })),
    srv: many(element({ attrs: { service: str, protocol: str, domain: str, target: str, port: int, priority: int, weight: int } })),
    host: many(element({ attrs: stringAttrs('ip'), children: { hostname: many(str) } })),
  },
});
export const NetworkIP: Desc<NetworkIP> = element({
  attrs: { family: hint('ipv4', 'ipv6'), address: str, netmask: str, prefix: int, localPtr: yesno },
  children: {
    tftp: element({ attrs: stringAttrs('root') }),
    dhcp: element({
      children: {
        range: many(element({ attrs: stringAttrs('start end'), children: { lease: Lease } })),
        host: many(element({ attrs: stringAttrs('mac id name ip'), children: { lease: Lease } })),
        bootp: element({ attrs: stringAttrs('file server') }),
      },
    }),
  },
});
export const NetworkPortgroup: Desc<NetworkPortgroup> = element({
  attrs: { name: str, default: yesno, trustGuestRxFilters: yesno },
  children: { vlan: DomainInterfaceVlan, virtualport: DomainInterfaceVirtualport, bandwidth: DomainInterfaceBandwidth },
});
export const NetworkDesc: Desc<Network> = element({
  attrs: { 'xmlns:dnsmasq': str, connections: int, ipv6: yesno, trustGuestRxFilters: yesno },
  children: {
    name: required(str),
    uuid: str,
    title: str,
    description: str,
    metadata: DomainMetadata,
    forward: NetworkForward,
    bridge: element({ attrs: { name: str, zone: str, stp: onoff, delay: u64, macTableManager: hint('kernel', 'libvirt') } }),
    mtu: DomainInterfaceMtu,
    mac: element({ attrs: stringAttrs('address') }),
    domain: element({ attrs: { name: str, localOnly: yesno } }),
    dns: NetworkDNS,
    vlan: DomainInterfaceVlan,
    bandwidth: DomainInterfaceBandwidth,
    port: DomainInterfacePort,
    ip: many(NetworkIP),
    route: many(DomainRoute),
    virtualport: DomainInterfaceVirtualport,
    portgroup: many(NetworkPortgroup),
    'dnsmasq:options': element({ children: { 'dnsmasq:option': many(element({ attrs: stringAttrs('value') })) } }),
  },
});

// ---------------------------------------------------------------------------
// checks libvirt's network parser makes (network_conf.c), made before writing

export const UUID_RE = /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32})$/;
export const MAC_RE = /^[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}$/;
/** Forward modes whose guests connect to a host device or bridge libvirt does not make. */
const HOST_BRIDGED = ['bridge', 'private', 'vepa', 'passthrough', 'hostdev'];
/** Longest network device name the kernel takes (IFNAMSIZ - 1). */
export const IFNAME_MAX = 15;

/** An address as its 16-bit groups (2 for IPv4, 8 for IPv6), or undefined when it does not parse. */
interface IPGroups {
  v6: boolean;
  g: number[];
}
export function parseIP(addr: string): IPGroups | undefined {
  const v4 = parseIPv4(addr);
  if (v4 !== undefined) return { v6: false, g: [v4 >>> 16, v4 & 0xffff] };
  if (!isIPv6(addr) || addr.includes('%')) return undefined;
  let s = addr;
  const dot = s.lastIndexOf('.');
  let tail4: number[] = [];
  if (dot >= 0) {
    const at = s.lastIndexOf(':') + 1;
    const t4 = parseIPv4(s.slice(at));
    if (t4 === undefined) return undefined;
    tail4 = [t4 >>> 16, t4 & 0xffff];
    s = s.slice(0, at) + '0:0';
  }
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  const g = groups.map((x) => parseInt(x, 16));
  if (tail4.length) g.splice(6, 2, ...tail4);
  return { v6: true, g };
}
/** Dotted-quad IPv4 (four decimal octets, no leading zeros) as a 32-bit number. */
function parseIPv4(s: string): number | undefined {
  let n = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return undefined;
      n = n * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits === 1 && octet === 0) return undefined;
      octet = octet * 10 + c - 48;
      if (++digits > 3 || octet > 255) return undefined;
    } else return undefined;
  }
  if (dots !== 3 || digits === 0) return undefined;
  return n * 256 + octet;
}
/** Whether two addresses of one family share their first `bits` bits. */
function samePrefix(a: number[], b: number[], bits: number): boolean {
  for (let i = 0; bits > 0; i++, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if ((a[i] & mask) !== (b[i] & mask)) return false;
  }
  return true;
}
/** Whether every bit after the first `bits` is `fill`'s (0: all zero, 0xffff: all one). */
function hostBits(g: number[], bits: number, fill: number): boolean {
  for (let i = 0; i < g.length; i++, bits -= 16) {
    if (bits >= 16) continue;
    const mask = bits <= 0 ? 0xffff : 0xffff >> bits;
    if ((g[i] & mask) !== (fill & mask)) return false;
  }
  return true;
}
function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function mac(field: string, v: unknown, what: string): void {
  if (v === undefined) return;
  if (typeof v !== 'string' || !MAC_RE.test(v)) throw new XmlValidationError(field, v, `must be a MAC address of the form xx:xx:xx:xx:xx:xx (${what})`);
  if (parseInt(v.slice(0, 2), 16) & 1) throw new XmlValidationError(field, v, `must be a unicast MAC address, first octet even (${what})`);
}
function address(field: string, v: unknown, v6?: boolean): IPGroups | undefined {
  if (v === undefined) return undefined;
  const a = typeof v === 'string' ? parseIP(v) : undefined;
  if (!a) throw new XmlValidationError(field, v, 'must be an IPv4 or IPv6 address');
  if (v6 !== undefined && a.v6 !== v6) throw new XmlValidationError(field, v, `must be an ${v6 ? 'IPv6' : 'IPv4'} address like the network's`);
  return a;
}

/** The prefix length of an `<ip>`: from `prefix`, `netmask`, or IPv4's class (libvirt's default). */
function prefixOf(ip: NetworkIP, at: string, a: IPGroups): number {
  const v6 = a.v6;
  if (ip.prefix !== undefined && ip.netmask !== undefined) throw new XmlValidationError(at + '.prefix', ip.prefix, 'cannot be given with a netmask');
  if (ip.prefix !== undefined) {
    const max = v6 ? 128 : 32;
    if (typeof ip.prefix !== 'number' || !Number.isInteger(ip.prefix) || ip.prefix < 0 || ip.prefix > max) {
      throw new XmlValidationError(at + '.prefix', ip.prefix, `must be an ${v6 ? 'IPv6' : 'IPv4'} prefix length between 0 and ${max}`);
    }
    return ip.prefix;
  }
  if (ip.netmask !== undefined) {
    const m = typeof ip.netmask === 'string' ? parseIP(ip.netmask) : undefined;
    if (!m || m.v6) throw new XmlValidationError(at + '.netmask', ip.netmask, 'must be an IPv4 netmask (255.255.255.0)');
    if (v6) throw new XmlValidationError(at + '.netmask', ip.netmask, 'is for IPv4 networks only (use prefix)');
    return Math.clz32(~((m.g[0] << 16) | m.g[1]));
  }
  if (v6) return 64;
  const first = a.g[0] >> 8;
  return first < 128 ? 8 : first < 192 ? 16 : 24;
}

function validateIP(ip: NetworkIP, at: string): void {
  if (ip === null || typeof ip !== 'object') throw new XmlValidationError(at, ip, 'must be an object');
  if (ip.family !== undefined && ip.family !== 'ipv4' && ip.family !== 'ipv6') throw new XmlValidationError(at + '.family', ip.family, "must be 'ipv4' or 'ipv6'");
  const a = address(at + '.address', ip.address, ip.family === undefined ? undefined : ip.family === 'ipv6');
  if (!a) return;
  const bits = prefixOf(ip, at, a);
  const dhcp = ip.dhcp;
  if (dhcp === undefined || dhcp === null || typeof dhcp !== 'object') return;
  (Array.isArray(dhcp.range) ? dhcp.range : []).forEach((r, i) => {
    const rf = `${at}.dhcp.range[${i}]`;
    const s = address(rf + '.start', r?.start, a.v6);
    const e = address(rf + '.end', r?.end, a.v6);
    if (!s || !e) return;
    const cidr = `${ip.address}/${bits}`;
    if (!samePrefix(s.g, a.g, bits)) throw new XmlValidationError(rf + '.start', r.start, `must be within the network ${cidr}`);
    if (!samePrefix(e.g, a.g, bits)) throw new XmlValidationError(rf + '.end', r.end, `must be within the network ${cidr}`);
    if (!a.v6 && hostBits(s.g, bits, 0)) throw new XmlValidationError(rf + '.start', r.start, `must not be the network address of ${cidr}`);
    if (!a.v6 && hostBits(e.g, bits, 0xffff)) throw new XmlValidationError(rf + '.end', r.end, `must not be the broadcast address of ${cidr}`);
    // libvirt counts a range in its last 16 bits: the addresses before them must be the same
    if (!samePrefix(s.g, e.g, s.g.length * 16 - 16)) throw new XmlValidationError(rf + '.end', r.end, `must be less than 65536 addresses from start (${r.start})`);
    if (compare(e.g, s.g) < 0) throw new XmlValidationError(rf + '.end', r.end, `must not come before start (${r.start})`);
  });
  (Array.isArray(dhcp.host) ? dhcp.host : []).forEach((h, i) => {
    const hf = `${at}.dhcp.host[${i}]`;
    mac(hf + '.mac', h?.mac, 'DHCP host');
    address(hf + '.ip', h?.ip, a.v6);
  });
}

/** The checks libvirt's network parser makes that a user hits first; XmlValidationError names the field. */
export function validateNetwork(def: Network): void {
  if (def === null || typeof def !== 'object') throw new XmlValidationError('network', def, 'must be an object');
  const name: unknown = def.name;
  if (typeof name !== 'string' || name.length === 0) throw new XmlValidationError('name', name, 'must be a non-empty string');
  if (name.includes('/')) throw new XmlValidationError('name', name, "must not contain '/'");
  if (def.uuid !== undefined && (typeof def.uuid !== 'string' || !UUID_RE.test(def.uuid))) {
    throw new XmlValidationError('uuid', def.uuid, 'must be a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)');
  }
  const br: unknown = def.bridge?.name;
  if (br !== undefined && (typeof br !== 'string' || br.length > IFNAME_MAX)) {
    throw new XmlValidationError('bridge.name', br, `must be a device name of at most ${IFNAME_MAX} characters`);
  }
  mac('mac.address', def.mac?.address, 'bridge');
  const mode: unknown = def.forward?.mode;
  const ips = Array.isArray(def.ip) ? def.ip : [];
  if ((mode === 'nat' || mode === 'route' || mode === 'open') && ips.length === 0) {
    throw new XmlValidationError('ip', def.ip, `must hold an address: ${mode} forwarding needs one`);
  }
  ips.forEach((ip, i) => {
    if (ip !== null && typeof ip === 'object' && ip.address === undefined) throw new XmlValidationError(`ip[${i}].address`, undefined, 'is required');
  });
  if (typeof mode === 'string' && HOST_BRIDGED.includes(mode)) {
    const bridge = def.bridge ?? {};
    for (const k of ['stp', 'zone', 'delay'] as const) {
      const v: unknown = bridge[k];
      if (v !== undefined && !(k === 'delay' && (v === 0 || v === 0n))) {
        throw new XmlValidationError(`bridge.${k}`, v, `is only for nat, route, open and isolated networks, not in ${mode} mode`);
      }
    }
    if (bridge.macTableManager !== undefined && mode !== 'bridge') {
      throw new XmlValidationError('bridge.macTableManager', bridge.macTableManager, `is not allowed in ${mode} mode`);
    }
    if (def.mtu !== undefined) throw new XmlValidationError('mtu', def.mtu, `is only for nat, route, open and isolated networks, not in ${mode} mode`);
    const fw = def.forward!;
    if (mode === 'bridge' && bridge.name !== undefined && (fw.dev !== undefined || (Array.isArray(fw.interface) && fw.interface.length > 0) || fw.pf !== undefined)) {
      throw new XmlValidationError('bridge.name', bridge.name, 'cannot be given with a forward device (forward.dev, forward.interface or forward.pf) in bridge mode');
    }
  }
  ips.forEach((ip, i) => validateIP(ip, `ip[${i}]`));
  if (Array.isArray(def.dns?.host)) def.dns!.host!.forEach((h, i) => address(`dns.host[${i}].ip`, h?.ip));
}
