// Results in python-libvirt's shapes. Where python returns a list or tuple the
// result is an array in python's order whose values are also properties by name
// (pyTuple); where python returns a dict, an object. Every such result writes
// itself to JSON with bigint values as decimal strings (toJSON).
// src/generated/shapes.ts says what each generated method returns; the
// hand-written ones are listed below.
import { addon } from '../native';
import type { PyTuple } from '../generated/methods';
import { RESULT_SHAPES, type ResultShape } from '../generated/shapes';

type Fn = (...args: unknown[]) => unknown;
type Protos = Record<string, Record<string, Fn>>;

// A dict of a result, not a wrapper object (Domain...); of any realm (the addon's
// objects are Node's, this module may run in another, as under jest).
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** The JSON form of a result: bigints as decimal strings, arrays as arrays (no named fields). */
export function jsonValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return Array.from(v, jsonValue);
  if (isPlainObject(v)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) o[k] = jsonValue((v as Record<string, unknown>)[k]);
    return o;
  }
  return v;
}
function toJSON(this: unknown): unknown {
  return jsonValue(this);
}

/** Gives an object or array result its toJSON (not enumerable). */
export function withJSON<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.prototype.hasOwnProperty.call(v, 'toJSON'))
    Object.defineProperty(v, 'toJSON', { value: toJSON, writable: true, configurable: true });
  return v;
}

// One prototype per list of names, between the array and Array.prototype: each
// name a getter/setter of its place, and toJSON. (Cheaper than properties on
// each result.)
const tupleProtos = new Map<string, object>();
function tupleProto(names: readonly string[]): object {
  const key = names.join(',');
  let proto = tupleProtos.get(key);
  if (!proto) {
    const props: PropertyDescriptorMap = { toJSON: { value: toJSON, writable: true, configurable: true } };
    names.forEach((name, i) => {
      props[name] = {
        get(this: unknown[]) {
          return this[i];
        },
        set(this: unknown[], x: unknown) {
          this[i] = x;
        },
        configurable: true,
      };
    });
    proto = Object.create(Array.prototype, props) as object;
    tupleProtos.set(key, proto);
  }
  return proto;
}

/** `values`, an array in python's order, with each value also readable (and writable) by name. */
export function pyTuple<T extends unknown[], N>(values: T, names: readonly string[]): PyTuple<T, N> {
  return Object.setPrototypeOf(values, tupleProto(names)) as PyTuple<T, N>;
}

/** An object's values in the given order, as a pyTuple. */
function tupleOf(o: Record<string, unknown>, names: readonly string[]): unknown[] {
  return pyTuple(names.map((n) => o[n]), names);
}

const CONVERT: Record<string, (v: unknown) => unknown> = {
  // python's getInfo: memory in MiB (libvirt gives KiB)
  MiB: (v) => Number(BigInt(v as bigint) >> 10n),
  bool: (v) => v !== 0 && v !== false,
};

function generatedShape(shape: ResultShape): (r: unknown) => unknown {
  if ('tuple' in shape) {
    const { tuple: names, convert } = shape;
    return (r) => {
      if (r === null || typeof r !== 'object') return r;
      const values = Array.isArray(r) ? [...r] : names.map((n) => (r as Record<string, unknown>)[n]);
      if (convert) names.forEach((n, i) => (convert[n] ? (values[i] = CONVERT[convert[n]](values[i])) : undefined));
      return pyTuple(values, names);
    };
  }
  if ('merge' in shape) {
    // [output, typed parameters] -> { ...parameters, [output]: value }
    return (r) => withJSON({ ...((r as unknown[])[1] as object), [shape.merge]: (r as unknown[])[0] });
  }
  const names = shape.dict;
  if (names) return (r) => withJSON(Object.fromEntries(names.map((n, i) => [n, (r as unknown[])[i]])));
  return withJSON;
}

type Rec = Record<string, unknown>;
const each = (f: (x: Rec) => unknown) => (r: unknown) => withJSON((r as Rec[]).map(f));

const HAND_WRITTEN: Record<string, Record<string, (r: unknown) => unknown>> = {
  Connection: {
    getCPUMap: (r) => tupleOf(r as Rec, ['cpus', 'cpumap', 'online']),
    getAllDomainStats: each((x) => tupleOf({ ...x, stats: withJSON(x.stats) }, ['domain', 'stats'])),
    domainListGetStats: each((x) => tupleOf({ ...x, stats: withJSON(x.stats) }, ['domain', 'stats'])),
    getCPUStats: withJSON,
    getMemoryStats: withJSON,
    getCellsFreeMemory: withJSON,
    getFreePages: withJSON,
  },
  Domain: {
    info: (r) => tupleOf(r as Rec, ['state', 'maxMem', 'memory', 'nrVirtCpu', 'cpuTime']),
    vcpus: (r) => {
      const v = r as { info: Rec[]; cpumaps: boolean[][] };
      const info = v.info.map((x) => tupleOf(x, ['number', 'state', 'cpuTime', 'cpu']));
      return pyTuple([withJSON(info), v.cpumaps], ['info', 'cpumaps']);
    },
    ioThreadInfo: each((x) => tupleOf(x, ['iothread_id', 'cpumap'])),
    fsInfo: each((x) => tupleOf(x, ['mountpoint', 'name', 'fstype', 'devAlias'])),
    securityLabelList: each((x) => tupleOf(x, ['label', 'enforcing'])),
    schedulerType: (r) => pyTuple(r as unknown[], ['type', 'nparams']),
    // python: a dict keyed by interface name
    interfaceAddresses: (r) => withJSON(Object.fromEntries((r as Rec[]).map((x) => [x.name, x]))),
    getCPUStats: each((x) => withJSON(x)),
    memoryStats: withJSON,
  },
  Network: {
    DHCPLeases: each((x) => withJSON(x)),
  },
};

// Marks a reshaped method: the addon is loaded once per process, and this module may
// be evaluated more than once over it (jest's module registries); shapes apply once.
const SHAPED = Symbol.for('libvirt-napi.pythonShape');

function reshape(proto: Record<string, Fn>, name: string, shape: (r: unknown) => unknown): void {
  const native = proto[name];
  if (typeof native !== 'function') throw new Error(`internal: no method ${name} to give python's result shape`);
  if ((native as unknown as Record<symbol, boolean>)[SHAPED]) return;
  const shaped = {
    [name](this: unknown, ...args: unknown[]) {
      const r = native.apply(this, args);
      // a Promise of Node's realm (not always this module's: jest's vm)
      return r !== null && typeof r === 'object' && typeof (r as Promise<unknown>).then === 'function' ? (r as Promise<unknown>).then(shape) : shape(r);
    },
  }[name];
  Object.defineProperty(shaped, SHAPED, { value: true });
  Object.defineProperty(proto, name, { value: shaped, writable: true, configurable: true });
}

const classes = addon as unknown as Record<string, { prototype: Record<string, Fn> }>;
const protos: Protos = Object.fromEntries(Object.keys(RESULT_SHAPES).concat(Object.keys(HAND_WRITTEN)).map((k) => [k, classes[k].prototype]));
for (const [cls, methods] of Object.entries(RESULT_SHAPES))
  for (const [name, shape] of Object.entries(methods)) reshape(protos[cls], name, generatedShape(shape));
for (const [cls, methods] of Object.entries(HAND_WRITTEN))
  for (const [name, shape] of Object.entries(methods)) reshape(protos[cls], name, shape);
