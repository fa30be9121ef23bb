/**
 * Checks made before a domain is written: the values libvirt would reject or misread.
 * Kind-level checks (integer fields, enums, required fields) happen in the format engine.
 */
import { XmlValidationError, UNIT_RE, UNIT_REASON } from './engine';
import type { Domain } from './domain';

const UUID_RE = /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32})$/;
const MAC_RE = /^[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}$/;

function positiveInteger(field: string, v: unknown): void {
  const ok = (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) || (typeof v === 'bigint' && v > 0n && v < 2n ** 64n);
  if (!ok) throw new XmlValidationError(field, v, 'must be a positive integer');
}

function scaled(field: string, m: { value?: unknown; unit?: unknown } | undefined): void {
  if (m === undefined) return;
  if (m === null || typeof m !== 'object') throw new XmlValidationError(field, m, 'must be an object');
  positiveInteger(field + '.value', m.value);
  if (m.unit !== undefined && (typeof m.unit !== 'string' || !UNIT_RE.test(m.unit))) {
    throw new XmlValidationError(field + '.unit', m.unit, UNIT_REASON);
  }
}

export function validateDomain(def: Domain): void {
  if (def === null || typeof def !== 'object') throw new XmlValidationError('domain', def, 'must be an object');
  const name: unknown = def.name;
  if (typeof name !== 'string' || name.length === 0) throw new XmlValidationError('name', name, 'must be a non-empty string');
  if (name.includes('/')) throw new XmlValidationError('name', name, "must not contain '/'");
  if (def.uuid !== undefined && (typeof def.uuid !== 'string' || !UUID_RE.test(def.uuid))) {
    throw new XmlValidationError('uuid', def.uuid, 'must be a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)');
  }
  scaled('memory', def.memory);
  scaled('currentMemory', def.currentMemory);
  scaled('maxMemory', def.maxMemory);
  if (def.vcpu !== undefined) {
    const v: unknown = def.vcpu.value;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new XmlValidationError('vcpu.value', v, 'must be an integer of at least 1');
    const cur: unknown = def.vcpu.current;
    if (cur !== undefined && (typeof cur !== 'number' || !Number.isSafeInteger(cur) || cur < 1 || cur > v)) {
      throw new XmlValidationError('vcpu.current', cur, `must be an integer between 1 and vcpu.value (${v})`);
    }
  }
  const dev = def.devices;
  if (dev === undefined || dev === null || typeof dev !== 'object') return;
  if (Array.isArray(dev.interface)) {
    dev.interface.forEach((nic, n) => {
      const mac: unknown = nic?.mac?.address;
      if (mac === undefined) return;
      const field = `devices.interface[${n}].mac.address`;
      if (typeof mac !== 'string' || !MAC_RE.test(mac)) throw new XmlValidationError(field, mac, 'must be a MAC address of the form xx:xx:xx:xx:xx:xx');
      if (parseInt(mac.slice(0, 2), 16) & 1) throw new XmlValidationError(field, mac, 'must be a unicast MAC address (first octet even)');
    });
  }
  if (Array.isArray(dev.disk)) {
    const seen = new Map<string, number>();
    dev.disk.forEach((disk, n) => {
      const t: unknown = disk?.target?.dev;
      if (typeof t !== 'string') return;
      const first = seen.get(t);
      if (first !== undefined) {
        throw new XmlValidationError(`devices.disk[${n}].target.dev`, t, `duplicates the target of devices.disk[${first}]`);
      }
      seen.set(t, n);
    });
  }
}
