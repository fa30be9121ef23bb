/** How a received value is named in TypeError messages: 'null', 'array', or its typeof. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * Throws a TypeError naming `name` unless `v` is an instance of `cls`; for
 * the helpers written in TypeScript, whose wrong arguments otherwise failed
 * later with messages such as "dom.connect is not a function".
 */
/** The objects of connections opened with { reconnect } (Proxies in front of the native ones: src/reconnect.ts). */
export const reconnectProxies = new WeakSet<object>();

export function expectInstance(v: unknown, cls: unknown, className: string, name: string): void {
  if (!(v instanceof (cls as Function))) throw new TypeError(`Expected ${className} for ${name} but received ${describe(v)}`);
  if (reconnectProxies.has(v as object)) return;
  // Object.create(Domain.prototype) passes instanceof but holds no handle; the
  // native unwrap in connect() (synchronous; undefined once freed) tells. A
  // LibvirtStream given one threw later, uncaught, from its cleanup.
  const connect = (cls as Function).prototype.connect;
  if (typeof connect !== 'function') return;
  try {
    connect.call(v);
  } catch {
    throw new TypeError(`Expected ${className} for ${name} but received an object with ${className}'s prototype that libvirt-napi did not make`);
  }
}

/** A value's text for an error message, at most `max` characters (the error keeps the value). */
export function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}... (${text.length} characters)` : text;
}
