// util.inspect / console.log of every class but Connection: the object's
// name (or UUID), read locally. A released handle shows as released; the
// wrappers' internals stay hidden (a list's objects carry two symbol-keyed
// properties, native/handles.h).
import { addon } from '../native';

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');
type Inspect = (value: unknown, options: unknown) => string;
type Cls = { name: string; prototype: object };
const LABELS: [Cls, string][] = [
  [addon.Domain, 'name'], [addon.Network, 'name'], [addon.NetworkPort, 'UUIDString'], [addon.Interface, 'name'],
  [addon.StoragePool, 'name'], [addon.StorageVol, 'name'], [addon.NodeDevice, 'name'], [addon.Secret, 'UUIDString'],
  [addon.NWFilter, 'name'], [addon.NWFilterBinding, 'portDev'], [addon.DomainSnapshot, 'name'], [addon.DomainCheckpoint, 'name'],
];
for (const [cls, getter] of LABELS) {
  const className = cls.name;
  Object.defineProperty(cls.prototype, inspectCustom, {
    value: function (this: Record<string, () => unknown>, _depth: number, options: unknown, inspect?: Inspect) {
      if (this === cls.prototype) return `${className} {}`;
      let fields: Record<string, unknown>;
      try {
        fields = { [getter]: this[getter]() };
      } catch {
        fields = { released: true };
      }
      return `${className} ${inspect ? inspect(fields, options) : JSON.stringify(fields)}`;
    },
    writable: true,
    configurable: true,
  });
}
