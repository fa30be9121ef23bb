/**
 * Network filter XML (`<filter>`, virNWFilterDefineXML) and filter binding XML
 * (`<filterbinding>`, virNWFilterBindingCreateXML): interfaces, descriptor tables and the
 * checks made before formatting.  See https://libvirt.org/formatnwfilter.html.
 *
 * A rule holds one protocol element (`<tcp>`, `<mac>`, `<ip>` ...): each is an optional
 * property of the rule named as the element.  Rule attribute values are strings, since
 * every one of them may also be a variable (`$IP`, `$MAC[@1]`).
 */
import { Desc, element, int, many, oneOf, hint, required, str, yesno, XmlValidationError } from './engine';
import type { Extras, Kind } from './engine';
import { isIPv4, isIPv6 } from 'net';

/** A network filter (`<filter>`). */
export interface NWFilter extends Extras {
  /** Unique name of the filter. */
  name: string;
  /** Chain the filter's rules go into: `root`, or a protocol prefix (`mac`, `stp`, `vlan`, `arp`, `rarp`, `ipv4`, `ipv6`) optionally followed by a suffix (`ipv4-xyz`), at most 12 characters. */
  chain?: 'root' | 'mac' | 'stp' | 'vlan' | 'arp' | 'rarp' | 'ipv4' | 'ipv6' | (string & {});
  /** Order of the filter among the filters of its chain (-1000..1000). */
  priority?: number;
  /** UUID of the filter (generated when omitted). */
  uuid?: string;
  /** References to other filters, whose rules are instantiated here. */
  filterref?: NWFilterRef[];
  /** The filter's rules. */
  rule?: NWFilterRule[];
}

/** A reference to another filter (`<filterref>`), with the values of its variables. */
export interface NWFilterRef extends Extras {
  /** Name of the referenced filter. */
  filter: string;
  /** Values of the referenced filter's variables (`IP`, `MAC`, ...). */
  parameter?: NWFilterParameter[];
}

/** A variable's value (`<parameter name='IP' value='10.0.0.1'/>`). */
export interface NWFilterParameter extends Extras {
  /** Variable name. */
  name?: string;
  /** Variable value. */
  value?: string;
}

/** A filtering rule (`<rule>`) with its protocol element. */
export interface NWFilterRule extends Extras {
  /** What to do with matching traffic. */
  action: 'drop' | 'accept' | 'reject' | 'return' | 'continue';
  /** Traffic direction the rule applies to. */
  direction: 'in' | 'out' | 'inout';
  /** Order of the rule within its chain (lower first). */
  priority?: number;
  /** `false` (or `0`) to disable connection-state matching of the rule. */
  statematch?: 'false' | '0' | (string & {});
  /** Ethernet (layer 2) match. */
  mac?: NWFilterRuleMAC;
  /** VLAN (802.1Q) match. */
  vlan?: NWFilterRuleVLAN;
  /** Spanning tree protocol match. */
  stp?: NWFilterRuleSTP;
  /** ARP match. */
  arp?: NWFilterRuleARP;
  /** RARP match. */
  rarp?: NWFilterRuleARP;
  /** IPv4 match (ebtables). */
  ip?: NWFilterRuleIP;
  /** IPv6 match (ebtables). */
  ipv6?: NWFilterRuleIPv6;
  /** TCP over IPv4. */
  tcp?: NWFilterRuleTCP;
  /** UDP over IPv4. */
  udp?: NWFilterRulePorts;
  /** SCTP over IPv4. */
  sctp?: NWFilterRulePorts;
  /** ICMP. */
  icmp?: NWFilterRuleICMP;
  /** IGMP. */
  igmp?: NWFilterRuleIPOnly;
  /** Any IPv4 protocol. */
  all?: NWFilterRuleIPOnly;
  /** ESP over IPv4. */
  esp?: NWFilterRuleIPOnly;
  /** AH over IPv4. */
  ah?: NWFilterRuleIPOnly;
  /** UDP-Lite over IPv4. */
  udplite?: NWFilterRuleIPOnly;
  /** TCP over IPv6. */
  'tcp-ipv6'?: NWFilterRuleTCP;
  /** UDP over IPv6. */
  'udp-ipv6'?: NWFilterRulePorts;
  /** SCTP over IPv6. */
  'sctp-ipv6'?: NWFilterRulePorts;
  /** ICMPv6. */
  icmpv6?: NWFilterRuleICMP;
  /** Any IPv6 protocol. */
  'all-ipv6'?: NWFilterRuleIPOnly;
  /** ESP over IPv6. */
  'esp-ipv6'?: NWFilterRuleIPOnly;
  /** AH over IPv6. */
  'ah-ipv6'?: NWFilterRuleIPOnly;
  /** UDP-Lite over IPv6. */
  'udplite-ipv6'?: NWFilterRuleIPOnly;
}

/** Attributes every protocol element has. */
export interface NWFilterRuleCommon extends Extras {
  /** `no` to invert the match (match everything but this). */
  match?: 'yes' | 'no';
  /** Source MAC address. */
  srcmacaddr?: string;
  /** Free text kept with the rule (up to 256 characters). */
  comment?: string;
}

/** Layer-2 addresses with masks. */
export interface NWFilterRuleL2 extends NWFilterRuleCommon {
  /** Mask of the source MAC address. */
  srcmacmask?: string;
  /** Destination MAC address. */
  dstmacaddr?: string;
  /** Mask of the destination MAC address. */
  dstmacmask?: string;
}

/** `<mac>`: Ethernet frames. */
export interface NWFilterRuleMAC extends NWFilterRuleL2 {
  /** Layer-3 protocol: `arp`, `rarp`, `ipv4`, `ipv6`, `vlan` or a number (0x600..0xffff). */
  protocolid?: 'arp' | 'rarp' | 'ipv4' | 'ipv6' | 'vlan' | (string & {});
}

/** `<vlan>`: 802.1Q frames. */
export interface NWFilterRuleVLAN extends NWFilterRuleL2 {
  /** VLAN ID (0..4095). */
  vlanid?: string;
  /** Encapsulated layer-3 protocol. */
  'encap-protocol'?: string;
}

/** `<stp>`: spanning tree BPDUs. */
export interface NWFilterRuleSTP extends NWFilterRuleCommon {
  /** Mask of the source MAC address. */
  srcmacmask?: string;
  /** BPDU type. */
  type?: string;
  /** BPDU flags. */
  flags?: string;
  /** Root priority (range start). */
  'root-priority'?: string;
  /** Root priority range end. */
  'root-priority-hi'?: string;
  /** Root MAC address. */
  'root-address'?: string;
  /** Root MAC address mask. */
  'root-address-mask'?: string;
  /** Root path cost (range start). */
  'root-cost'?: string;
  /** Root path cost range end. */
  'root-cost-hi'?: string;
  /** Sender priority (range start). */
  'sender-priority'?: string;
  /** Sender priority range end. */
  'sender-priority-hi'?: string;
  /** Sender MAC address. */
  'sender-address'?: string;
  /** Sender MAC address mask. */
  'sender-address-mask'?: string;
  /** Port identifier (range start). */
  port?: string;
  /** Port identifier range end. */
  'port-hi'?: string;
  /** Message age timer (range start). */
  age?: string;
  /** Message age timer range end. */
  'age-hi'?: string;
  /** Maximum age timer (range start). */
  'max-age'?: string;
  /** Maximum age timer range end. */
  'max-age-hi'?: string;
  /** Hello time timer (range start). */
  'hello-time'?: string;
  /** Hello time timer range end. */
  'hello-time-hi'?: string;
  /** Forward delay (range start). */
  'forward-delay'?: string;
  /** Forward delay range end. */
  'forward-delay-hi'?: string;
}

/** `<arp>` and `<rarp>`. */
export interface NWFilterRuleARP extends NWFilterRuleL2 {
  /** Source MAC address in the ARP packet. */
  arpsrcmacaddr?: string;
  /** Source IP address in the ARP packet. */
  arpsrcipaddr?: string;
  /** Destination MAC address in the ARP packet. */
  arpdstmacaddr?: string;
  /** Destination IP address in the ARP packet. */
  arpdstipaddr?: string;
  /** Hardware type. */
  hwtype?: string;
  /** Opcode: a number or a name (`Request`, `Reply`, `Request_Reverse` ...). */
  opcode?: string;
  /** Protocol type. */
  protocoltype?: string;
  /** `true` to match gratuitous ARP packets. */
  gratuitous?: string;
}

/** IP addresses and masks (source and destination). */
export interface NWFilterRuleIPAddrs extends NWFilterRuleCommon {
  /** Source IP address. */
  srcipaddr?: string;
  /** Source IP mask (prefix length or dotted mask). */
  srcipmask?: string;
  /** Destination IP address. */
  dstipaddr?: string;
  /** Destination IP mask (prefix length or dotted mask). */
  dstipmask?: string;
}

/** IP protocols matched by iptables/ip6tables (`<all>`, `<esp>`, `<ah>`, `<igmp>`, `<udplite>` and their -ipv6). */
export interface NWFilterRuleIPOnly extends NWFilterRuleIPAddrs {
  /** Start of a source IP address range. */
  srcipfrom?: string;
  /** End of a source IP address range. */
  srcipto?: string;
  /** Start of a destination IP address range. */
  dstipfrom?: string;
  /** End of a destination IP address range. */
  dstipto?: string;
  /** Differentiated Services Code Point (0..63). */
  dscp?: string;
  /** Connection states: `NEW`, `ESTABLISHED`, `RELATED`, `INVALID` (comma-separated) or `NONE`. */
  state?: string;
  /** Name of an ipset to match. */
  ipset?: string;
  /** ipset flags (`src`, `dst`, comma-separated). */
  ipsetflags?: string;
  /** Drop when the number of connections exceeds this. */
  'connlimit-above'?: string;
}

/** Protocols with ports (`<udp>`, `<sctp>` and their -ipv6). */
export interface NWFilterRulePorts extends NWFilterRuleIPOnly {
  /** Source port (range start). */
  srcportstart?: string;
  /** Source port range end. */
  srcportend?: string;
  /** Destination port (range start). */
  dstportstart?: string;
  /** Destination port range end. */
  dstportend?: string;
}

/** `<tcp>` and `<tcp-ipv6>`. */
export interface NWFilterRuleTCP extends NWFilterRulePorts {
  /** TCP flags: mask/flags (`SYN/ALL`, `SYN,ACK/SYN`). */
  flags?: string;
}

/** `<icmp>` and `<icmpv6>`. */
export interface NWFilterRuleICMP extends NWFilterRuleIPOnly {
  /** ICMP type. */
  type?: string;
  /** ICMP code. */
  code?: string;
}

/** `<ip>`: IPv4 packets (ebtables). */
export interface NWFilterRuleIP extends NWFilterRuleL2 {
  /** Source IP address. */
  srcipaddr?: string;
  /** Source IP mask. */
  srcipmask?: string;
  /** Destination IP address. */
  dstipaddr?: string;
  /** Destination IP mask. */
  dstipmask?: string;
  /** Layer-4 protocol (`tcp`, `udp`, `icmp` ... or a number). */
  protocol?: string;
  /** Source port (range start). */
  srcportstart?: string;
  /** Source port range end. */
  srcportend?: string;
  /** Destination port (range start). */
  dstportstart?: string;
  /** Destination port range end. */
  dstportend?: string;
  /** Differentiated Services Code Point (0..63). */
  dscp?: string;
}

/** `<ipv6>`: IPv6 packets (ebtables). */
export interface NWFilterRuleIPv6 extends NWFilterRuleL2 {
  /** Source IP address. */
  srcipaddr?: string;
  /** Source IP mask. */
  srcipmask?: string;
  /** Destination IP address. */
  dstipaddr?: string;
  /** Destination IP mask. */
  dstipmask?: string;
  /** Layer-4 protocol (`tcp`, `udp`, `icmpv6` ... or a number). */
  protocol?: string;
  /** Source port (range start). */
  srcportstart?: string;
  /** Source port range end. */
  srcportend?: string;
  /** Destination port (range start). */
  dstportstart?: string;
  /** Destination port range end. */
  dstportend?: string;
  /** ICMPv6 type (range start). */
  type?: string;
  /** ICMPv6 type range end. */
  typeend?: string;
  /** ICMPv6 code (range start). */
  code?: string;
  /** ICMPv6 code range end. */
  codeend?: string;
}

/** A filter binding (`<filterbinding>`): a filter instantiated on a guest's port. */
export interface NWFilterBinding extends Extras {
  /** The guest owning the port. */
  owner: NWFilterBindingOwner;
  /** Host device of the port (the tap device). */
  portdev: NWFilterBindingDev;
  /** Host device the port is linked to (macvtap's parent). */
  linkdev?: NWFilterBindingDev;
  /** MAC address of the port. */
  mac: NWFilterBindingMAC;
  /** The filter and its variables. */
  filterref: NWFilterRef;
}

/** `<owner>` of a binding. */
export interface NWFilterBindingOwner extends Extras {
  /** Guest name. */
  name: string;
  /** Guest UUID. */
  uuid: string;
}

/** `<portdev>` / `<linkdev>` of a binding. */
export interface NWFilterBindingDev extends Extras {
  /** Host device name. */
  name: string;
}

/** `<mac>` of a binding. */
export interface NWFilterBindingMAC extends Extras {
  /** MAC address. */
  address: string;
}

// ---------------------------------------------------------------------------
// descriptor tables (libvirt's element order)

const s = (list: string): Record<string, Kind<string>> => Object.fromEntries(list.split(/\s+/).filter(Boolean).map((n) => [n, str]));

const COMMON = { match: yesno, srcmacaddr: str };
const L2 = { ...COMMON, ...s('srcmacmask dstmacaddr dstmacmask') };
const IPADDRS = s('srcipaddr srcipmask dstipaddr dstipmask');
const IPMORE = s('srcipfrom srcipto dstipfrom dstipto dscp');
const STATE = s('state ipset ipsetflags connlimit-above');
const PORTS = s('srcportstart srcportend dstportstart dstportend');
const COMMENT = { comment: str };

const RuleMAC = element<NWFilterRuleMAC>({ attrs: { ...L2, protocolid: hint('arp', 'rarp', 'ipv4', 'ipv6', 'vlan'), ...COMMENT } });
const RuleVLAN = element<NWFilterRuleVLAN>({ attrs: { ...L2, ...s('vlanid encap-protocol'), ...COMMENT } });
const RuleSTP = element<NWFilterRuleSTP>({
  attrs: {
    ...COMMON,
    ...s(
      'srcmacmask type flags root-priority root-priority-hi root-address root-address-mask root-cost root-cost-hi ' +
        'sender-priority sender-priority-hi sender-address sender-address-mask port port-hi age age-hi max-age max-age-hi ' +
        'hello-time hello-time-hi forward-delay forward-delay-hi',
    ),
    ...COMMENT,
  },
});
const RuleARP = element<NWFilterRuleARP>({
  attrs: { ...L2, ...s('hwtype protocoltype opcode arpsrcmacaddr arpdstmacaddr arpsrcipaddr arpdstipaddr gratuitous'), ...COMMENT },
});
const RuleIP = element<NWFilterRuleIP>({ attrs: { ...L2, ...IPADDRS, protocol: str, ...PORTS, dscp: str, ...COMMENT } });
const RuleIPv6 = element<NWFilterRuleIPv6>({ attrs: { ...L2, ...IPADDRS, protocol: str, ...PORTS, ...s('type typeend code codeend'), ...COMMENT } });
const RuleIPOnly = element<NWFilterRuleIPOnly>({ attrs: { ...COMMON, ...IPADDRS, ...IPMORE, ...COMMENT, ...STATE } });
const RulePorts = element<NWFilterRulePorts>({ attrs: { ...COMMON, ...IPADDRS, ...IPMORE, ...PORTS, ...COMMENT, ...STATE } });
const RuleTCP = element<NWFilterRuleTCP>({ attrs: { ...COMMON, ...IPADDRS, ...IPMORE, ...PORTS, ...COMMENT, ...STATE, flags: str } });
const RuleICMP = element<NWFilterRuleICMP>({ attrs: { ...COMMON, ...IPADDRS, ...IPMORE, ...s('type code'), ...COMMENT, ...STATE } });

export const NWFilterRuleDesc: Desc<NWFilterRule> = element({
  attrs: {
    action: required(oneOf('drop', 'accept', 'reject', 'return', 'continue')),
    direction: required(oneOf('in', 'out', 'inout')),
    priority: int,
    statematch: hint('false', '0'),
  },
  children: {
    mac: RuleMAC,
    vlan: RuleVLAN,
    stp: RuleSTP,
    arp: RuleARP,
    rarp: RuleARP,
    ip: RuleIP,
    ipv6: RuleIPv6,
    tcp: RuleTCP,
    udp: RulePorts,
    sctp: RulePorts,
    icmp: RuleICMP,
    igmp: RuleIPOnly,
    all: RuleIPOnly,
    esp: RuleIPOnly,
    ah: RuleIPOnly,
    udplite: RuleIPOnly,
    'tcp-ipv6': RuleTCP,
    'udp-ipv6': RulePorts,
    'sctp-ipv6': RulePorts,
    icmpv6: RuleICMP,
    'all-ipv6': RuleIPOnly,
    'esp-ipv6': RuleIPOnly,
    'ah-ipv6': RuleIPOnly,
    'udplite-ipv6': RuleIPOnly,
  },
});

export const NWFilterRefDesc: Desc<NWFilterRef> = element({
  attrs: { filter: required(str) },
  children: { parameter: many(element<NWFilterParameter>({ attrs: s('name value') })) },
});

export const NWFilterDesc: Desc<NWFilter> = element({
  attrs: { name: required(str), chain: hint('root', 'mac', 'stp', 'vlan', 'arp', 'rarp', 'ipv4', 'ipv6'), priority: int },
  children: { uuid: str, filterref: many(NWFilterRefDesc), rule: many(NWFilterRuleDesc) },
});

const Dev = element<NWFilterBindingDev>({ attrs: { name: required(str) } });
export const NWFilterBindingDesc: Desc<NWFilterBinding> = element({
  children: {
    owner: required(element<NWFilterBindingOwner>({ children: { name: required(str), uuid: required(str) } })),
    portdev: required(Dev),
    linkdev: Dev,
    mac: required(element<NWFilterBindingMAC>({ attrs: { address: required(str) } })),
    filterref: required(NWFilterRefDesc),
  },
});

// ---------------------------------------------------------------------------
// checks made before formatting (the rules libvirt's parser enforces)

const UUID_RE = /^(?:[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})$/;
const MAC_RE = /^[0-9a-fA-F]{1,2}(?::[0-9a-fA-F]{1,2}){5}$/;
const CHAIN_PREFIXES = ['mac', 'vlan', 'stp', 'arp', 'rarp', 'ipv4', 'ipv6'];
/** A variable reference (`$IP`, `$MAC[@1]`): resolved when the filter is instantiated, not checked here. */
const isVariable = (v: string): boolean => v.startsWith('$');

function intIn(v: string, lo: number, hi: number): boolean {
  const m = /^(?:0x([0-9a-fA-F]+)|([0-9]+))$/.exec(v);
  if (!m) return false;
  const n = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
  return n >= lo && n <= hi;
}

const IPV6_PROTOCOLS = new Set(['ipv6', 'tcp-ipv6', 'udp-ipv6', 'sctp-ipv6', 'icmpv6', 'all-ipv6', 'esp-ipv6', 'ah-ipv6', 'udplite-ipv6']);
const IPV4_PROTOCOLS = new Set(['ip', 'tcp', 'udp', 'sctp', 'icmp', 'igmp', 'all', 'esp', 'ah', 'udplite']);
const ARP_PROTOCOLS = new Set(['arp', 'rarp']);
const L3_PROTOCOLS = ['arp', 'rarp', 'ipv4', 'ipv6', 'vlan'];
const ARP_OPCODES = ['Reply', 'Request', 'Request_Reverse', 'Reply_Reverse', 'DRARP_Request', 'DRARP_Reply', 'DRARP_Error', 'InARP_Request', 'ARP_NAK'];

function checkUUID(field: string, v: unknown): void {
  if (v !== undefined && (typeof v !== 'string' || !UUID_RE.test(v))) throw new XmlValidationError(field, v, 'must be a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)');
}
function checkMAC(field: string, v: unknown): void {
  if (typeof v !== 'string' || !MAC_RE.test(v)) throw new XmlValidationError(field, v, 'must be a MAC address (xx:xx:xx:xx:xx:xx)');
}

function ranged(field: string, v: string, lo: number, hi: number, what: string, names: readonly string[] = []): void {
  if (intIn(v, lo, hi) || names.some((n) => n.toLowerCase() === v.toLowerCase())) return;
  const alt = names.length ? ` or one of ${names.join(', ')}` : '';
  throw new XmlValidationError(field, v, `must be ${what} (${lo}..${hi}, decimal or 0x hex)${alt}`);
}

/** The attributes of one protocol element, in their order (only those present are looked at). */
function checkProtocol(proto: string, p: Record<string, unknown>, at: string): void {
  const v6 = IPV6_PROTOCOLS.has(proto);
  const ip = v6 || IPV4_PROTOCOLS.has(proto);
  const arp = ARP_PROTOCOLS.has(proto);
  const icmp = proto === 'icmp' || proto === 'icmpv6' || proto === 'ipv6';
  const family = v6 ? 'IPv6' : 'IPv4';
  for (const k in p) {
    const v = p[k];
    if (typeof v !== 'string' || isVariable(v)) continue;
    switch (k) {
      case 'srcmacaddr': case 'srcmacmask': case 'dstmacaddr': case 'dstmacmask': case 'arpsrcmacaddr': case 'arpdstmacaddr':
      case 'root-address': case 'root-address-mask': case 'sender-address': case 'sender-address-mask':
        checkMAC(`${at}.${k}`, v);
        break;
      case 'srcipaddr': case 'dstipaddr': case 'srcipfrom': case 'srcipto': case 'dstipfrom': case 'dstipto':
        if (ip && !(v6 ? isIPv6(v) : isIPv4(v))) throw new XmlValidationError(`${at}.${k}`, v, `must be an ${family} address`);
        break;
      case 'arpsrcipaddr': case 'arpdstipaddr':
        if (arp && !isIPv4(v)) throw new XmlValidationError(`${at}.${k}`, v, 'must be an IPv4 address');
        break;
      case 'srcipmask': case 'dstipmask':
        if (ip && !(v6 ? intIn(v, 0, 128) || isIPv6(v) : intIn(v, 0, 32) || isIPv4(v))) {
          throw new XmlValidationError(`${at}.${k}`, v, `must be a prefix length (0..${v6 ? 128 : 32}) or an ${family} mask`);
        }
        break;
      case 'srcportstart': case 'srcportend': case 'dstportstart': case 'dstportend':
        if (ip && !intIn(v, 0, 65535)) throw new XmlValidationError(`${at}.${k}`, v, 'must be a port number (0..65535)');
        break;
      case 'dscp':
        if (ip && !intIn(v, 0, 63)) throw new XmlValidationError(`${at}.dscp`, v, 'must be a DSCP value (0..63)');
        break;
      case 'protocolid':
        if (proto === 'mac') ranged(`${at}.${k}`, v, 0x600, 0xffff, 'an EtherType', L3_PROTOCOLS);
        break;
      case 'encap-protocol':
        if (proto === 'vlan') ranged(`${at}.${k}`, v, 0x600, 0xffff, 'an EtherType', L3_PROTOCOLS);
        break;
      case 'vlanid':
        if (proto === 'vlan') ranged(`${at}.${k}`, v, 0, 4095, 'a VLAN ID');
        break;
      case 'hwtype':
        if (arp) ranged(`${at}.${k}`, v, 0, 0xffff, 'a hardware type');
        break;
      case 'protocoltype':
        if (arp) ranged(`${at}.${k}`, v, 0, 0xffff, 'a protocol type');
        break;
      case 'opcode':
        if (arp) ranged(`${at}.${k}`, v, 0, 0xffff, 'an ARP opcode', ARP_OPCODES);
        break;
      case 'type': case 'typeend': case 'code': case 'codeend':
        if (icmp) ranged(`${at}.${k}`, v, 0, 255, 'an ICMP type or code');
        break;
    }
  }
}

function checkPriority(field: string, v: unknown): void {
  if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < -1000 || v > 1000)) {
    throw new XmlValidationError(field, v, 'must be an integer between -1000 and 1000');
  }
}

const PROTOCOL_ELEMENTS = new Set(NWFilterRuleDesc.kids.map((k) => k.key));

/** The checks libvirt's filter parser makes, in the order a user meets them. */
export function validateNWFilter(def: NWFilter): void {
  if (def === null || typeof def !== 'object') throw new XmlValidationError('filter', def, 'must be an object');
  if (typeof def.name !== 'string' || def.name === '') throw new XmlValidationError('name', def.name, 'must be a non-empty string');
  const chain: unknown = def.chain;
  if (chain !== undefined) {
    if (typeof chain !== 'string' || (chain !== 'root' && !CHAIN_PREFIXES.some((p) => chain.startsWith(p)))) {
      throw new XmlValidationError('chain', chain, `must be 'root' or start with one of ${CHAIN_PREFIXES.join(', ')}`);
    }
    if (chain.length > 12) throw new XmlValidationError('chain', chain, 'must be at most 12 characters long');
  }
  checkPriority('priority', def.priority);
  checkUUID('uuid', def.uuid);
  if (!Array.isArray(def.rule)) return;
  def.rule.forEach((r, n) => {
    if (r === null || typeof r !== 'object') return;
    // libvirt does not refuse a rule priority out of range: it silently replaces it with 500
    checkPriority(`rule[${n}].priority`, r.priority);
    for (const proto in r) {
      if (!PROTOCOL_ELEMENTS.has(proto)) continue;
      const p = (r as unknown as Record<string, unknown>)[proto];
      if (p !== null && typeof p === 'object') checkProtocol(proto, p as Record<string, unknown>, `rule[${n}].${proto}`);
    }
  });
}

/** The checks libvirt's binding parser makes. */
export function validateNWFilterBinding(def: NWFilterBinding): void {
  if (def === null || typeof def !== 'object') throw new XmlValidationError('filterbinding', def, 'must be an object');
  const owner: unknown = def.owner;
  if (owner !== null && typeof owner === 'object') {
    const o = owner as NWFilterBindingOwner;
    if (typeof o.name !== 'string' || o.name === '') throw new XmlValidationError('owner.name', o.name, 'must be a non-empty string');
    checkUUID('owner.uuid', o.uuid);
  }
  const mac: unknown = def.mac?.address;
  if (mac !== undefined) checkMAC('mac.address', mac);
}
