import { addon } from './native';
import { errorCodeNames, errorDomainNames } from './generated/constants';

/**
 * An error reported by libvirt, copied on the thread that made the failing
 * call. `code` is a virErrorNumber (`codeName` its name, e.g.
 * 'VIR_ERR_NO_DOMAIN'), `domain` a virErrorDomain (`domainName`, e.g.
 * 'VIR_FROM_QEMU'). The stack points at the call that started the operation.
 */
export class LibvirtError extends Error {
  code!: number;
  codeName!: string;
  domain!: number;
  domainName!: string;
  level!: number;
  str1!: string | null;
  str2!: string | null;
  str3!: string | null;
  int1!: number;
  int2!: number;

  constructor(fields: LibvirtErrorFields) {
    super(fields.message);
    LibvirtError.fill(this, fields);
  }

  /** @internal turns a pre-captured Error into a LibvirtError */
  static fill(err: Error, f: LibvirtErrorFields): LibvirtError {
    Object.setPrototypeOf(err, LibvirtError.prototype);
    const e = err as LibvirtError;
    Object.defineProperty(e, 'name', { value: 'LibvirtError', configurable: true, writable: true, enumerable: false });
    e.message = f.message;
    e.code = f.code;
    e.codeName = errorCodeNames[f.code] ?? `VIR_ERR_${f.code}`;
    e.domain = f.domain;
    e.domainName = errorDomainNames[f.domain] ?? `VIR_FROM_${f.domain}`;
    e.level = f.level;
    e.str1 = f.str1;
    e.str2 = f.str2;
    e.str3 = f.str3;
    e.int1 = f.int1;
    e.int2 = f.int2;
    return e;
  }

  // python-libvirt's libvirtError accessors, so `e.get_error_code()` keeps its line.
  /** The virErrorNumber (python's get_error_code). */
  get_error_code(): number {
    return this.code;
  }
  /** The virErrorDomain (python's get_error_domain). */
  get_error_domain(): number {
    return this.domain;
  }
  /** libvirt's message (python's get_error_message). */
  get_error_message(): string {
    return this.message;
  }
  /** The virErrorLevel (python's get_error_level). */
  get_error_level(): number {
    return this.level;
  }
  get_str1(): string | null {
    return this.str1;
  }
  get_str2(): string | null {
    return this.str2;
  }
  get_str3(): string | null {
    return this.str3;
  }
  get_int1(): number {
    return this.int1;
  }
  get_int2(): number {
    return this.int2;
  }
}
// python-libvirt's name for the same class: `e instanceof libvirtError`.
export { LibvirtError as libvirtError };

export interface LibvirtErrorFields {
  code: number;
  domain: number;
  level: number;
  message: string;
  str1: string | null;
  str2: string | null;
  str3: string | null;
  int1: number;
  int2: number;
}

/** The codes of BindingError. */
export type BindingErrorCode =
  | 'ERR_LIBVIRT_CLOSED'
  | 'ERR_LIBVIRT_DISCONNECTED'
  | 'ERR_LIBVIRT_FREED'
  | 'ERR_LIBVIRT_NO_THREAD'
  | 'ERR_LIBVIRT_STREAM_ENDING'
  | 'ERR_LIBVIRT_STREAM_NONBLOCKING'
  | 'ERR_LIBVIRT_TIMEOUT';

/**
 * An error of the binding itself, not of libvirt (that is a LibvirtError).
 * `code` says what happened:
 *
 * - `ERR_LIBVIRT_CLOSED`: a call on a closed connection or on an object of
 *   one, or a call whose connection was closed while it ran. Open a new
 *   connection; close() only once the calls you need have settled.
 * - `ERR_LIBVIRT_DISCONNECTED`: a call on a connection opened with
 *   `{ reconnect }` (or an object of one) waited `callTimeoutMs` while the
 *   connection was down. Try later, or give it a longer callTimeoutMs.
 * - `ERR_LIBVIRT_FREED`: a call on an object after its free(). Look the
 *   object up again, or free it only when done with it.
 * - `ERR_LIBVIRT_NO_THREAD`: no thread could be started to make the call (the
 *   process is at its thread limit, e.g. a cgroup's pids.max). Raise the
 *   limit or start fewer threads; later calls wait for a thread there is.
 * - `ERR_LIBVIRT_STREAM_ENDING`: a finish() or abort() of the stream is
 *   running, and the call (another finish() or abort(), an event callback
 *   change) cannot run beside it. Await the first one.
 * - `ERR_LIBVIRT_STREAM_NONBLOCKING`: recvAll, sendAll or a sparse transfer on
 *   a stream made with VIR_STREAM_NONBLOCK; the stream is left as it was. Use
 *   recv()/send() with eventAddCallback, or a blocking stream.
 * - `ERR_LIBVIRT_TIMEOUT`: dom.waitForState() did not see the state within
 *   options.timeoutMs. Wait longer, or look at why the domain did not get there.
 */
export class BindingError extends Error {
  readonly code: BindingErrorCode;

  constructor(code: BindingErrorCode, message: string) {
    super(message);
    this.code = code;
  }

  /** @internal turns an Error made by the addon (message and code set) into a BindingError */
  static fill(err: Error, code: BindingErrorCode): BindingError {
    Object.setPrototypeOf(err, BindingError.prototype);
    (err as unknown as { code: BindingErrorCode }).code = code;
    return err as BindingError;
  }
}
Object.defineProperty(BindingError.prototype, 'name', { value: 'BindingError', configurable: true, writable: true, enumerable: false });

addon.setErrorFactory((err: Error, fields: LibvirtErrorFields) => LibvirtError.fill(err, fields));
addon.setBindingErrorFactory((err: Error, code: BindingErrorCode) => BindingError.fill(err, code));
