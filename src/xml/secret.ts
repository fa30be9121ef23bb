/**
 * Secret XML (`<secret>`, virSecretDefineXML / virSecretGetXMLDesc): the interfaces,
 * the tables, then the checks made before a secret is written.
 */
import { Desc, element, str, union, yesno, XmlValidationError } from './engine';
import type { Extras } from './engine';

/** A secret (`<secret>`): its attributes and what it is used for; the value itself is set apart (virSecretSetValue). */
export interface Secret extends Extras {
  /** `yes`: kept in memory only, never on disk. */
  ephemeral?: 'yes' | 'no';
  /** `yes`: the value cannot be read back through the API. */
  private?: 'yes' | 'no';
  /** Secret UUID (generated when omitted). */
  uuid?: string;
  /** Human-readable description. */
  description?: string;
  /** What the secret is for; one secret per usage. */
  usage?: SecretUsage;
}

/** What a secret is for, by `type`: each type names its object with one child element. */
export type SecretUsage = SecretUsageVolume | SecretUsageCeph | SecretUsageISCSI | SecretUsageTLS | SecretUsageVTPM;

export interface SecretUsageVolume extends Extras {
  /** Passphrase of an encrypted volume. */
  type: 'volume';
  /** Path of the volume. */
  volume?: string;
}

export interface SecretUsageCeph extends Extras {
  /** Key of a Ceph (RBD) user. */
  type: 'ceph';
  /** Usage name the secret is looked up by. */
  name?: string;
}

export interface SecretUsageISCSI extends Extras {
  /** CHAP password of an iSCSI target. */
  type: 'iscsi';
  /** Usage name the secret is looked up by. */
  target?: string;
}

export interface SecretUsageTLS extends Extras {
  /** Passphrase of a TLS private key. */
  type: 'tls';
  /** Usage name the secret is looked up by. */
  name?: string;
}

export interface SecretUsageVTPM extends Extras {
  /** Encryption key of a vTPM's state. */
  type: 'vtpm';
  /** Usage name the secret is looked up by. */
  name?: string;
}

// ---------------------------------------------------------------------------
// tables

export const SecretUsage: Desc<SecretUsage> = union('type', element({}), {
  volume: element({ children: { volume: str } }),
  ceph: element({ children: { name: str } }),
  iscsi: element({ children: { target: str } }),
  tls: element({ children: { name: str } }),
  vtpm: element({ children: { name: str } }),
});

export const SecretDesc: Desc<Secret> = element({
  attrs: { ephemeral: yesno, private: yesno },
  children: { uuid: str, description: str, usage: SecretUsage },
});

// ---------------------------------------------------------------------------
// checks: what libvirt's secret parser refuses

/** The child each usage type needs, as libvirt's parser checks it. */
const UUID_RE = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;
const USAGE_CHILD: Record<string, 'volume' | 'name' | 'target'> = { volume: 'volume', ceph: 'name', iscsi: 'target', tls: 'name', vtpm: 'name' };

export function validateSecret(def: Secret): void {
  if (def === null || typeof def !== 'object' || Array.isArray(def)) throw new XmlValidationError('secret', def, 'must be an object');
  if (def.uuid !== undefined && (typeof def.uuid !== 'string' || !UUID_RE.test(def.uuid))) {
    throw new XmlValidationError('uuid', def.uuid, 'must be a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)');
  }
  const u = def.usage as (Extras & { type?: unknown; [k: string]: unknown }) | undefined;
  if (u === undefined) return;
  if (u === null || typeof u !== 'object') throw new XmlValidationError('usage', u, 'must be an object');
  if (typeof u.type !== 'string' || !(u.type in USAGE_CHILD)) throw new XmlValidationError('usage.type', u.type, `must be one of ${Object.keys(USAGE_CHILD).map((t) => `'${t}'`).join(', ')}`);
  const child = USAGE_CHILD[u.type];
  const v = u[child];
  if (typeof v !== 'string' || v === '') throw new XmlValidationError(`usage.${child}`, v, `is required for a '${u.type}' usage`);
}
