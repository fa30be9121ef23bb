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

  constructor(field: string, value: unknown, reason: string, supported?: string[]) {
    super(`${field}: ${show(value)} ${reason}`);
    this.name = 'GuestConfigError';
    this.field = field;
    this.value = value;
    this.reason = reason;
    if (supported) this.supported = supported;
  }
}

function show(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
