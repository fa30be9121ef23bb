// The JavaScript overrides of Connection: what the addon's generated or
// hand-written methods do not do alone, installed on Connection.prototype.
import { addon } from '../native';
import type { Connection } from '../classes';
import * as C from '../generated/constants';
import { describe } from '../describe';
import {
  FAMILIES, checkCallback, connOf, connectionEvents, guard, invalidArg, subscribe, unsubscribe,
  type AnyFn, type Family, type Proto,
} from '../events';
import { markNonblocking } from './stream';

const connProto = addon.Connection.prototype as Proto;

// `await using conn = await open(uri)` closes the connection at scope exit.
// Symbol.asyncDispose exists in Node's realm (Node 20+); not in every sandbox (jest's vm).
if (Symbol.asyncDispose) {
  Object.defineProperty(connProto, Symbol.asyncDispose, {
    value: async function (this: Connection) {
      await this.close();
    },
    writable: true,
    configurable: true,
  });
}

// newStream(VIR_STREAM_NONBLOCK) marks the stream, whose blocking transfers
// are then refused (src/overrides/stream.ts).
const newStream = connProto.newStream;
Object.defineProperty(connProto, 'newStream', {
  value: function newStreamChecked(this: unknown, ...args: unknown[]) {
    const made = newStream.apply(this, args) as Promise<object>;
    if (typeof args[0] !== 'number' || !(args[0] & C.VIR_STREAM_NONBLOCK)) return made;
    return made.then((st) => {
      markNonblocking(st);
      return st;
    });
  },
  writable: true,
  configurable: true,
});

// --- events, low level, python-libvirt style (src/events.ts holds the machinery) -------
function defineLowLevel(fam: Family, register: string, deregister: string): void {
  connProto[register] = function (this: Connection, obj: unknown, eventID: number, callback: AnyFn, opaque?: unknown) {
    checkCallback(callback);
    const conn = this;
    return subscribe(this as unknown as Proto, fam, eventID, obj, (o: unknown, ...fields: unknown[]) =>
      guard(() => callback(conn, o, ...fields, opaque)),
    );
  };
  connProto[deregister] = function (this: Connection, callbackID: number) {
    return unsubscribe(this as unknown as Proto, fam.kind, callbackID);
  };
}
defineLowLevel(FAMILIES.domain, 'domainEventRegisterAny', 'domainEventDeregisterAny');
defineLowLevel(FAMILIES.network, 'networkEventRegisterAny', 'networkEventDeregisterAny');
defineLowLevel(FAMILIES.storagePool, 'storagePoolEventRegisterAny', 'storagePoolEventDeregisterAny');
defineLowLevel(FAMILIES.nodeDevice, 'nodeDeviceEventRegisterAny', 'nodeDeviceEventDeregisterAny');
defineLowLevel(FAMILIES.secret, 'secretEventRegisterAny', 'secretEventDeregisterAny');

// virConnectDomainEventRegister, as python-libvirt: callback(conn, dom, event, detail, opaque);
// deregistered by the same callback function.
const legacyIds = new WeakMap<object, Map<AnyFn, number>>();
connProto.domainEventRegister = async function (this: Connection, callback: AnyFn, opaque?: unknown) {
  connOf(this);
  checkCallback(callback);
  const conn = this;
  let ids = legacyIds.get(conn);
  if (!ids) legacyIds.set(conn, (ids = new Map()));
  if (ids.has(callback)) throw new TypeError('callback is already registered with domainEventRegister');
  const id = await subscribe(this as unknown as Proto, FAMILIES.legacy, C.VIR_DOMAIN_EVENT_ID_LIFECYCLE, null, (o: unknown, ...f: unknown[]) =>
    guard(() => callback(conn, o, ...f, opaque)),
  );
  ids.set(callback, id);
  return 0;
};
connProto.domainEventDeregister = async function (this: Connection, callback: AnyFn) {
  connOf(this);
  checkCallback(callback);
  const id = legacyIds.get(this)?.get(callback);
  if (id === undefined) {
    throw invalidArg('callback function is not registered');
  }
  legacyIds.get(this)?.delete(callback);
  return unsubscribe(this as unknown as Proto, 'legacy', id);
};

// QMP events of the QEMU driver, as python's libvirt_qemu.qemuMonitorEventRegister:
// callback(conn, dom, event, seconds, micros, details, opaque); `event` filters by
// name (null: every event; flags VIR_CONNECT_DOMAIN_QEMU_MONITOR_EVENT_REGISTER_REGEX /
// _NOCASE), `dom` null means every domain. Meant for debugging, as libvirt says.
connProto.qemuMonitorEventRegister = function (
  this: Connection, dom: unknown, event: string | null, callback: AnyFn, opaque?: unknown, flags = 0,
) {
  checkCallback(callback);
  if (event !== null && event !== undefined && typeof event !== 'string')
    throw new TypeError(`Expected string or null for event but received ${describe(event)}`);
  const conn = this;
  return subscribe(this as unknown as Proto, FAMILIES.qemuMonitor, 0, dom, (o: unknown, ...f: unknown[]) =>
    guard(() => callback(conn, o, ...f, opaque)), { event: event ?? null, flags },
  );
};
connProto.qemuMonitorEventDeregister = function (this: Connection, callbackID: number) {
  return unsubscribe(this as unknown as Proto, 'qemuMonitor', callbackID);
};

connProto.registerCloseCallback = function (this: Connection, callback: AnyFn, opaque?: unknown) {
  connOf(this);
  checkCallback(callback);
  const conn = this;
  return (this as unknown as Proto)._registerCloseCallback((_at: number, reason: number) => guard(() => callback(conn, reason, opaque)));
};
connProto.unregisterCloseCallback = function (this: Connection) {
  connOf(this);
  return (this as unknown as Proto)._unregisterCloseCallback();
};

// --- conn.events(): typed events as an async iterable (src/events.ts) ---------------------
connProto.events = connectionEvents;
