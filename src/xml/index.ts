/**
 * Typed, lossless XML layer for libvirt's domain, capabilities and domain capabilities XML.
 *
 *   parseDomain(text)  -> Domain          formatDomain(def)  -> XML text
 *   parseCapabilities  / formatCapabilities
 *   parseDomainCapabilities / formatDomainCapabilities
 *   parseNodeDevice / formatNodeDevice          (virNodeDeviceGetXMLDesc, virNodeDeviceCreateXML)
 *   parseNWFilter / formatNWFilter              (virNWFilterDefineXML, virNWFilterGetXMLDesc)
 *   parseNWFilterBinding / formatNWFilterBinding (virNWFilterBindingCreateXML)
 *
 * Object shape (one rule everywhere, so libvirt's documentation maps 1:1):
 * - attributes and child elements are properties named as in the XML
 *   (`disk.target.dev`, `devices.disk[0]`, `features['nested-hv']`, `'qemu:commandline'`);
 *   the few clashes between an attribute and a child of the same name keep the
 *   attribute's name and rename the child: controller `modelName` (`<model name>`),
 *   graphics `listens` (`<listen>`), os `firmwareInfo` (`<firmware>`), and the disk
 *   mirror's legacy `format` attribute is `formatAttr`;
 * - element text is `value` (`memory: { unit: 'KiB', value: 1048576 }`), text-only
 *   elements are plain values (`name: 'vm1'`), empty flag elements are `{}` (`readonly: {}`);
 * - repeated elements are arrays; unions are discriminated by `type` (disk, interface,
 *   graphics, character devices, sysinfo, launchSecurity) or `model` (rng backend);
 * - integers are `number`; sizes are `number | bigint` (bigint above 2^53, exact to 2^64);
 *   hex-ish values (PCI addresses, ...) are strings, kept as written;
 * - anything the model does not know is kept in `$attrs` / `$children` and written back
 *   in its original place (`unknownContent(obj)` lists it).
 *
 * Formatting writes libvirt's element order, two-space indentation, and escapes every
 * string. Parse errors are XmlError (with line and column); values libvirt would reject
 * are reported by the format functions as XmlValidationError (with field and value).
 */
import { parseXmlTree, XmlError, XmlElement } from './tree';
import { Desc, parseElement, formatRoot } from './engine';
import type { Domain } from './domain';
import type { Capabilities } from './capabilities';
import type { DomainCapabilities } from './domaincaps';
import type { NodeDevice } from './nodedev';
import type { NWFilter, NWFilterBinding } from './nwfilter';
import { validateDomain } from './validate';

export { XmlError } from './tree';
export type { XmlElement, XmlNode, XmlComment } from './tree';
export { XmlValidationError } from './engine';
export { unknownContent } from './coverage';
export type { Extras } from './engine';
export type * from './domain';
export type * from './capabilities';
export type * from './domaincaps';
export type * from './nodedev';
export type * from './nwfilter';

// The descriptor tables are built on first use: a program that loads the package but
// never touches XML does not pay for them.
function domainDesc(): Desc<unknown> {
  return (require('./domain') as typeof import('./domain')).DomainDesc as Desc<unknown>;
}
function capabilitiesDesc(): Desc<unknown> {
  return (require('./capabilities') as typeof import('./capabilities')).CapabilitiesDesc as Desc<unknown>;
}
function domainCapabilitiesDesc(): Desc<unknown> {
  return (require('./domaincaps') as typeof import('./domaincaps')).DomainCapabilitiesDesc as Desc<unknown>;
}

function root(text: string, name: string, desc: Desc<unknown>): any {
  const tree: XmlElement = parseXmlTree(text);
  if (tree.name !== name) {
    const at = text.indexOf('<' + tree.name);
    const before = text.slice(0, Math.max(at, 0));
    const line = before.split('\n').length;
    throw new XmlError(`expected root element <${name}>, found <${tree.name}>`, line, at - before.lastIndexOf('\n'));
  }
  return parseElement(tree, desc);
}

/** Parse domain XML (as given to virDomainDefineXML or returned by virDomainGetXMLDesc). */
export function parseDomain(text: string): Domain {
  return root(text, 'domain', domainDesc());
}
export interface FormatOptions {
  /**
   * Run the domain checks of validate.ts first (default true).  Field kinds
   * (integers, enums, required fields) and escaping are always checked.
   */
  validate?: boolean;
}

/** Write domain XML after validating the values libvirt would reject. */
export function formatDomain(def: Domain, options?: FormatOptions): string {
  if (options?.validate !== false) validateDomain(def);
  return formatRoot('domain', def, domainDesc());
}
/** Parse the host capabilities XML (virConnectGetCapabilities). */
export function parseCapabilities(text: string): Capabilities {
  return root(text, 'capabilities', capabilitiesDesc());
}
export function formatCapabilities(caps: Capabilities): string {
  return formatRoot('capabilities', caps, capabilitiesDesc());
}
/** Parse the domain capabilities XML (virConnectGetDomainCapabilities). */
export function parseDomainCapabilities(text: string): DomainCapabilities {
  return root(text, 'domainCapabilities', domainCapabilitiesDesc());
}
export function formatDomainCapabilities(caps: DomainCapabilities): string {
  return formatRoot('domainCapabilities', caps, domainCapabilitiesDesc());
}

// --- node devices, network filters, filter bindings
function nodedevModule(): typeof import('./nodedev') {
  return require('./nodedev') as typeof import('./nodedev');
}
function nwfilterModule(): typeof import('./nwfilter') {
  return require('./nwfilter') as typeof import('./nwfilter');
}
/** Parse node device XML (virNodeDeviceGetXMLDesc). */
export function parseNodeDevice(text: string): NodeDevice {
  return root(text, 'device', nodedevModule().NodeDeviceDesc as Desc<unknown>);
}
/** Write node device XML (for virNodeDeviceCreateXML / virNodeDeviceDefineXML) after the checks libvirt's parser makes. */
export function formatNodeDevice(def: NodeDevice, options?: FormatOptions): string {
  const m = nodedevModule();
  if (options?.validate !== false) m.validateNodeDevice(def);
  return formatRoot('device', def, m.NodeDeviceDesc as Desc<unknown>);
}
/** Parse network filter XML (virNWFilterGetXMLDesc). */
export function parseNWFilter(text: string): NWFilter {
  return root(text, 'filter', nwfilterModule().NWFilterDesc as Desc<unknown>);
}
/** Write network filter XML (for virNWFilterDefineXML) after the checks libvirt's parser makes. */
export function formatNWFilter(def: NWFilter, options?: FormatOptions): string {
  const m = nwfilterModule();
  if (options?.validate !== false) m.validateNWFilter(def);
  return formatRoot('filter', def, m.NWFilterDesc as Desc<unknown>);
}
/** Parse network filter binding XML (virNWFilterBindingGetXMLDesc). */
export function parseNWFilterBinding(text: string): NWFilterBinding {
  return root(text, 'filterbinding', nwfilterModule().NWFilterBindingDesc as Desc<unknown>);
}
/** Write network filter binding XML (for virNWFilterBindingCreateXML) after the checks libvirt's parser makes. */
export function formatNWFilterBinding(def: NWFilterBinding, options?: FormatOptions): string {
  const m = nwfilterModule();
  if (options?.validate !== false) m.validateNWFilterBinding(def);
  return formatRoot('filterbinding', def, m.NWFilterBindingDesc as Desc<unknown>);
}
