/**
 * libvirt-napi: libvirt for Node.js. Names follow libvirt-python, so
 * `conn.defineXML(xml)`, `dom.createWithFlags(flags)`, `dom.state()` work as
 * in every libvirt example; every call that may block returns a Promise and
 * runs off the JavaScript thread.
 */
export * from './generated/constants';
export { LibvirtError, BindingError } from './errors';
export { libvirtError } from './errors';
export {
  virEventRegisterDefaultImpl, virEventRunDefaultImpl, virEventAddTimeout, virEventUpdateTimeout, virEventRemoveTimeout,
  virEventAddHandle, virEventUpdateHandle, virEventRemoveHandle, registerErrorHandler,
} from './pyloop';
export type { EventTimeoutCallback, EventHandleCallback, ErrorHandler } from './pyloop';
export type { LibvirtErrorFields, BindingErrorCode } from './errors';
export {
  Connection,
  Domain,
  Network,
  NetworkPort,
  Interface,
  StoragePool,
  StorageVol,
  NodeDevice,
  Secret,
  NWFilter,
  NWFilterBinding,
  DomainSnapshot,
  DomainCheckpoint,
  Stream,
} from './classes';
export type {
  NodeInfo,
  DomainInfo,
  WrapperClass,
  DomainStatsRecord,
  DomainInterface,
  DomainFSInfo,
  DomainInfoFields,
  DomainFSInfoFields,
  VcpuInfo,
  NetworkDHCPLease,
} from './classes';
export type * from './generated/methods';
export { LibvirtStream, openConsoleStream, volumeDownload, volumeUpload, screenshot } from './stream';
export type { StreamOptions, StreamMode } from './stream';
export { open, openReadOnly, openAuth, getVersion } from './connect';
export { EventOverflowError, DOMAIN_EVENTS } from './events';
export type {
  DomainEvent, DomainEventName, DomainEventPayloads, ObjectEvent, LibvirtEvent, EventFilter, EventStream,
  WaitForStateOptions, GraphicsAddress,
} from './events';
export type { ConnectAuth, ConnectCredential } from './connect';
export type { OpenOptions, ReconnectOptions, ConnectionEvent, ResyncDomain, ReconnectEventFilter } from './reconnect';
export type { PythonAuth, PythonCredential } from './connect';
export * as xml from './xml';
export * as guest from './guest';
