/**
 * The cloud-init NoCloud seed: the files user-data, meta-data and network-config, and
 * the ISO 9660 image labelled `cidata` that holds them (made with xorriso, Debian's
 * maintained ISO 9660 tool, in a temporary directory removed afterwards).
 */
import { execFile } from 'child_process';
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { parse, stringify } from 'yaml';
import { GuestConfigError } from './errors';
import type { CloudInitSpec } from './spec';

/** The files of a NoCloud seed, by name. */
export interface SeedFiles {
  'user-data': string;
  'meta-data': string;
  'network-config'?: string;
}

const CLOUD_CONFIG = '#cloud-config';
const isCloudConfig = (s: string) => s.startsWith(CLOUD_CONFIG) && /^#cloud-config[ \t]*(\r?\n|$)/.test(s);
const yamlText = (v: object) => stringify(v, { lineWidth: 0 });

/**
 * The seed's files for `ci`. user-data: a string as is, an object as #cloud-config YAML;
 * hostname and sshAuthorizedKeys are merged into #cloud-config user-data (hostname,
 * ssh_authorized_keys, added to what it has). meta-data: instance-id (`instanceId`, a new
 * one by default, so that cloud-init runs its first boot) and local-hostname, then the
 * spec's metaData object over them (a metaData string is used as is). network-config
 * when given.
 */
export function seedFiles(ci: CloudInitSpec, opts: { instanceId?: string; field?: string } = {}): SeedFiles {
  const field = opts.field ?? 'cloudInit';
  let userData: string;
  const keys = ci.sshAuthorizedKeys ?? [];
  let keysInUserData = false;
  if (typeof ci.userData === 'string' && !isCloudConfig(ci.userData)) {
    // a script, a MIME multipart ...: given as is
    userData = ci.userData;
  } else {
    let config: Record<string, unknown>;
    if (typeof ci.userData === 'string') {
      let parsed: unknown;
      try {
        parsed = parse(ci.userData);
      } catch (e) {
        throw new GuestConfigError(`${field}.userData`, ci.userData, `is #cloud-config but not YAML: ${(e as Error).message}`);
      }
      if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) throw new GuestConfigError(`${field}.userData`, ci.userData, 'is #cloud-config but not a YAML mapping');
      config = (parsed ?? {}) as Record<string, unknown>;
    } else config = { ...ci.userData };
    const merge = ci.hostname !== undefined || keys.length > 0;
    if (ci.hostname !== undefined) config.hostname = ci.hostname;
    if (keys.length) {
      const had = config.ssh_authorized_keys;
      if (had !== undefined && !Array.isArray(had)) throw new GuestConfigError(`${field}.userData`, had, 'has ssh_authorized_keys that is not a list: sshAuthorizedKeys cannot be added to it');
      config.ssh_authorized_keys = [...((had as unknown[]) ?? []), ...keys.filter((k) => !(had as unknown[] | undefined)?.includes(k))];
      keysInUserData = true;
    }
    // a string without additions stays byte for byte what was given
    userData = typeof ci.userData === 'string' && !merge ? ci.userData : `${CLOUD_CONFIG}\n${yamlText(config)}`;
  }
  let metaData: string;
  if (typeof ci.metaData === 'string') metaData = ci.metaData;
  else {
    const meta: Record<string, unknown> = { 'instance-id': opts.instanceId ?? `iid-${randomUUID()}` };
    if (ci.hostname !== undefined) meta['local-hostname'] = ci.hostname;
    if (keys.length && !keysInUserData) meta['public-keys'] = keys;
    Object.assign(meta, ci.metaData ?? {});
    metaData = yamlText(meta);
  }
  const files: SeedFiles = { 'user-data': userData, 'meta-data': metaData };
  if (ci.networkConfig !== undefined) files['network-config'] = typeof ci.networkConfig === 'string' ? ci.networkConfig : yamlText(ci.networkConfig);
  return files;
}

const run = promisify(execFile);

/**
 * The ISO 9660 image (Rock Ridge and Joliet names, volume id `cidata`) holding `files`,
 * made by xorriso in a temporary directory that is removed afterwards.
 */
export async function seedISO(files: SeedFiles): Promise<Buffer> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'libvirt-napi-seed-'));
  try {
    const names = Object.keys(files) as (keyof SeedFiles)[];
    const inDir = path.join(dir, 'files');
    await fs.promises.mkdir(inDir);
    for (const n of names) await fs.promises.writeFile(path.join(inDir, n), files[n]!);
    const iso = path.join(dir, 'seed.iso');
    try {
      await run('xorriso', ['-as', 'mkisofs', '-quiet', '-output', iso, '-volid', 'cidata', '-joliet', '-rock', inDir]);
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { stderr?: string };
      if (err.code === 'ENOENT') throw new Error('xorriso is not installed: the cloud-init seed image needs it (Debian/Ubuntu: apt-get install xorriso)');
      throw new Error(`xorriso could not make the cloud-init seed image: ${(err.stderr ?? err.message).trim()}`);
    }
    return await fs.promises.readFile(iso);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
