/**
 * Typed, lossless XML layer for libvirt's domain, capabilities and domain capabilities XML.
 *
 *   parseDomain(text)  -> Domain          formatDomain(def)  -> XML text
 *   parseCapabilities  / formatCapabilities
 *   parseDomainCapabilities / formatDomainCapabilities
 *   parseDomainSnapshot / formatDomainSnapshot       (virDomainSnapshotCreateXML, snapshot getXMLDesc)
 *   parseDomainCheckpoint / formatDomainCheckpoint   (virDomainCheckpointCreateXML, checkpoint getXMLDesc)
 *   parseDomainBackup / formatDomainBackup           (virDomainBackupBegin, virDomainBackupGetXMLDesc)
 *   parseNetwork / formatNetwork                virtual networks (virNetworkDefineXML)
 *   parseNetworkPort / formatNetworkPort        network ports (virNetworkPortCreateXML)
 *   parseInterface / formatInterface            host interfaces (virInterfaceDefineXML)
 *   parseStoragePool / formatStoragePool, parseStorageVolume / formatStorageVolume (storage.ts)
 *   parseStoragePoolCapabilities / formatStoragePoolCapabilities (storage.ts)
 *   parseSecret / formatSecret (secret.ts)
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
import type { DomainSnapshot, DomainCheckpoint, DomainBackup } from './snapshot';
import type { StoragePool, StorageVolume, StoragePoolCapabilities } from './storage';
import type { Secret } from './secret';
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
export type * from './snapshot';
export type * from './storage';
export type * from './secret';
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

// ---- snapshots, checkpoints, backups (src/xml/snapshot.ts) ----
function snapshotModule(): typeof import('./snapshot') {
  return require('./snapshot') as typeof import('./snapshot');
}
/** Parse domain snapshot XML (virDomainSnapshotGetXMLDesc). */
export function parseDomainSnapshot(text: string): DomainSnapshot {
  return root(text, 'domainsnapshot', snapshotModule().DomainSnapshotDesc as Desc<unknown>);
}
/** Write domain snapshot XML (for virDomainSnapshotCreateXML) after the checks libvirt would make. */
export function formatDomainSnapshot(def: DomainSnapshot, options?: FormatOptions): string {
  const m = snapshotModule();
  if (options?.validate !== false) m.validateDomainSnapshot(def);
  return formatRoot('domainsnapshot', def, m.DomainSnapshotDesc as Desc<unknown>);
}
/** Parse domain checkpoint XML (virDomainCheckpointGetXMLDesc). */
export function parseDomainCheckpoint(text: string): DomainCheckpoint {
  return root(text, 'domaincheckpoint', snapshotModule().DomainCheckpointDesc as Desc<unknown>);
}
/** Write domain checkpoint XML (for virDomainCheckpointCreateXML) after the checks libvirt would make. */
export function formatDomainCheckpoint(def: DomainCheckpoint, options?: FormatOptions): string {
  const m = snapshotModule();
  if (options?.validate !== false) m.validateDomainCheckpoint(def);
  return formatRoot('domaincheckpoint', def, m.DomainCheckpointDesc as Desc<unknown>);
}
/** Parse backup job XML (virDomainBackupGetXMLDesc). */
export function parseDomainBackup(text: string): DomainBackup {
  return root(text, 'domainbackup', snapshotModule().DomainBackupDesc as Desc<unknown>);
}
/** Write backup job XML (for virDomainBackupBegin) after the checks libvirt would make. */
export function formatDomainBackup(def: DomainBackup, options?: FormatOptions): string {
  const m = snapshotModule();
  if (options?.validate !== false) m.validateDomainBackup(def);
  return formatRoot('domainbackup', def, m.DomainBackupDesc as Desc<unknown>);
}

// --- virtual networks, network ports and host interfaces -----------------------------
export type * from './network';
export type * from './networkport';
export type * from './iface';
function networkModule(): typeof import('./network') {
  return require('./network') as typeof import('./network');
}
function networkPortModule(): typeof import('./networkport') {
  return require('./networkport') as typeof import('./networkport');
}
function hostInterfaceModule(): typeof import('./iface') {
  return require('./iface') as typeof import('./iface');
}
/** Parse virtual network XML (virNetworkDefineXML, virNetworkGetXMLDesc). */
export function parseNetwork(text: string): import('./network').Network {
  return root(text, 'network', networkModule().NetworkDesc as Desc<unknown>);
}
/** Write virtual network XML after validating the values libvirt would reject (bridge name, addresses, DHCP ranges ...). */
export function formatNetwork(def: import('./network').Network, options?: FormatOptions): string {
  const m = networkModule();
  if (options?.validate !== false) m.validateNetwork(def);
  return formatRoot('network', def, m.NetworkDesc as Desc<unknown>);
}
/** Parse network port XML (virNetworkPortCreateXML, virNetworkPortGetXMLDesc). */
export function parseNetworkPort(text: string): import('./networkport').NetworkPort {
  return root(text, 'networkport', networkPortModule().NetworkPortDesc as Desc<unknown>);
}
/** Write network port XML after validating the values libvirt would reject (UUIDs, owner, MAC address, plug). */
export function formatNetworkPort(def: import('./networkport').NetworkPort, options?: FormatOptions): string {
  const m = networkPortModule();
  if (options?.validate !== false) m.validateNetworkPort(def);
  return formatRoot('networkport', def, m.NetworkPortDesc as Desc<unknown>);
}
/** Parse host interface XML (virInterfaceDefineXML, virInterfaceGetXMLDesc). */
export function parseInterface(text: string): import('./iface').HostInterface {
  return root(text, 'interface', hostInterfaceModule().HostInterfaceDesc as Desc<unknown>);
}
/** Write host interface XML after validating the values libvirt would reject (names, member types, bond monitoring ...). */
export function formatInterface(def: import('./iface').HostInterface, options?: FormatOptions): string {
  const m = hostInterfaceModule();
  if (options?.validate !== false) m.validateHostInterface(def);
  return formatRoot('interface', def, m.HostInterfaceDesc as Desc<unknown>);
}

// storage pools, volumes, pool capabilities and secrets
function storage(): typeof import('./storage') {
  return require('./storage') as typeof import('./storage');
}
function secret(): typeof import('./secret') {
  return require('./secret') as typeof import('./secret');
}
/** Parse storage pool XML (virStoragePoolDefineXML, virStoragePoolGetXMLDesc). */
export function parseStoragePool(text: string): StoragePool {
  return root(text, 'pool', storage().StoragePoolDesc as Desc<unknown>);
}
/** Write storage pool XML after checking what libvirt's pool parser would refuse. */
export function formatStoragePool(def: StoragePool, options?: FormatOptions): string {
  const m = storage();
  if (options?.validate !== false) m.validateStoragePool(def);
  return formatRoot('pool', def, m.StoragePoolDesc as Desc<unknown>);
}
/** Parse storage volume XML (virStorageVolCreateXML, virStorageVolGetXMLDesc). */
export function parseStorageVolume(text: string): StorageVolume {
  return root(text, 'volume', storage().StorageVolumeDesc as Desc<unknown>);
}
/** Write storage volume XML after checking what libvirt's volume parser would refuse. */
export function formatStorageVolume(def: StorageVolume, options?: FormatOptions): string {
  const m = storage();
  if (options?.validate !== false) m.validateStorageVolume(def);
  return formatRoot('volume', def, m.StorageVolumeDesc as Desc<unknown>);
}
/** Parse the storage pool capabilities XML (virConnectGetStoragePoolCapabilities). */
export function parseStoragePoolCapabilities(text: string): StoragePoolCapabilities {
  return root(text, 'storagepoolCapabilities', storage().StoragePoolCapabilitiesDesc as Desc<unknown>);
}
export function formatStoragePoolCapabilities(caps: StoragePoolCapabilities): string {
  return formatRoot('storagepoolCapabilities', caps, storage().StoragePoolCapabilitiesDesc as Desc<unknown>);
}
/** Parse secret XML (virSecretDefineXML, virSecretGetXMLDesc). */
export function parseSecret(text: string): Secret {
  return root(text, 'secret', secret().SecretDesc as Desc<unknown>);
}
/** Write secret XML after checking what libvirt's secret parser would refuse. */
export function formatSecret(def: Secret, options?: FormatOptions): string {
  const m = secret();
  if (options?.validate !== false) m.validateSecret(def);
  return formatRoot('secret', def, m.SecretDesc as Desc<unknown>);
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
