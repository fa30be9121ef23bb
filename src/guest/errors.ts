import { clip, describe } from '../describe';

/**
 * GuestConfigError: a guest configuration the host (as its capabilities describe it)
 * cannot run, found before anything is defined. It names the field, the value and the
 * reason, and where it helps the values that would have been accepted.
 */
export class GuestConfigError extends Error {
  /** The spec field at fault, e.g. `machine`, `disks[1].bus`, `cpu.topology`. */
  readonly field: string;
  readonly value: unknown;
  readonly reason: string;
  /** Values that would have been accepted, when there is a short list of them. */
  readonly supported?: string[];

  /**
   * `message` replaces the default `field: value reason` (used for missing and unknown
   * fields: "unknown field 'colour' in spec; did you mean 'color'?").
   */
  constructor(field: string, value: unknown, reason: string, supported?: string[], message?: string) {
    super(message ?? `${field}: ${show(value)} ${reason}`);
    this.name = 'GuestConfigError';
    this.field = field;
    this.value = value;
    this.reason = reason;
    if (supported) this.supported = supported;
  }
}

// At most 200 characters of the value in a message (the error's `value`
// keeps all of it): a 1 MB string made a 1 MB message.
function show(v: unknown): string {
  let s: string;
  if (typeof v === 'string') s = `'${v}'`;
  else {
    try {
      s = JSON.stringify(v) ?? String(v);
    } catch {
      s = String(v);
    }
  }
  return clip(s);
}

/**
 * A list for a message: all of it when short, else the first items and the count
 * ("a, b, c, d, e, ... (58 machines)"); the error's `supported` keeps the whole list.
 */
export function cutList(items: string[], noun: string, max = 10): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, 5).join(', ')}, ... (${items.length} ${noun})`;
}

/** Argument checks of the guest functions: a TypeError naming the argument. */
export function expectString(v: unknown, name: string, optional = false): void {
  if (optional && v === undefined) return;
  if (typeof v !== 'string') throw new TypeError(`Expected string for ${name} but received ${describe(v)}`);
}
/** Parsed capabilities (xml.parseCapabilities): an object whose guest, if any, is an array. */
export function expectCaps(caps: unknown): void {
  const g = (caps as { guest?: unknown } | null)?.guest;
  if (caps === null || typeof caps !== 'object' || Array.isArray(caps) || (g !== undefined && !Array.isArray(g)))
    throw new TypeError(`Expected parsed capabilities (xml.parseCapabilities) for caps but received ${describe(caps)}`);
}

/**
 * guest/validate.ts (the spec's schema checks), loaded on first use: the validator
 * library loads with it, so programs that never check a spec do not pay for it.
 */
export function specValidator(): typeof import('./validate') {
  return require('./validate') as typeof import('./validate');
}
