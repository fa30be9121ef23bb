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
}

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

/**
 * An error of the binding itself: a call on a closed connection
 * ('ERR_LIBVIRT_CLOSED') or on a freed object ('ERR_LIBVIRT_FREED'), or a
 * call for which no thread could be started ('ERR_LIBVIRT_NO_THREAD': the
 * process is at its thread limit and the binding has no thread yet).
 */
export interface BindingError extends Error {
  code: 'ERR_LIBVIRT_CLOSED' | 'ERR_LIBVIRT_FREED' | 'ERR_LIBVIRT_NO_THREAD';
}

addon.setErrorFactory((err: Error, fields: LibvirtErrorFields) => LibvirtError.fill(err, fields));
