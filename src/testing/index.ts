/**
 * Helpers for tests that use libvirt: a fresh in-process test-driver host
 * built from a typed description.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { open } from '../connect';
import type { Connection } from '../classes';
import * as xml from '../xml';

/** The host CPU of a test hypervisor, as `getInfo()` reports it. */
export interface TestCpuSpec {
  /** NUMA cells (default 1) */
  nodes?: number;
  /** sockets per cell (default 1) */
  sockets?: number;
  /** cores per socket (default 2) */
  cores?: number;
  /** threads per core (default 1) */
  threads?: number;
  /** active CPUs (default nodes * sockets * cores * threads) */
  active?: number;
  /** frequency in MHz (default 2000) */
  mhz?: number;
  /** model string (default "x86_64") */
  model?: string;
}

/** A storage pool of a test hypervisor with the volumes it holds. */
export interface TestPoolSpec {
  pool: xml.StoragePool;
  volumes?: xml.StorageVolume[];
}

/** What a test hypervisor holds when it opens. */
export interface TestHypervisorSpec {
  cpu?: TestCpuSpec;
  /** host memory in KiB (default 8 GiB) */
  memoryKiB?: number;
  /** domains; their `type` is written as "test" whatever it says */
  domains?: xml.Domain[];
  networks?: xml.Network[];
  pools?: TestPoolSpec[];
  /**
   * host devices (`listAllDevices`, `nodeDeviceLookupByName`); each needs a `name`.
   * The test driver takes them as given: no parent device is made up.
   */
  nodeDevices?: xml.NodeDevice[];
  /** host interfaces (`listAllInterfaces`, `interfaceLookupByName`), all active; each needs a `name` */
  interfaces?: xml.HostInterface[];
}

const liveDirs = new Set<string>();
let exitHook = false;

function removeDir(dir: string): void {
  liveDirs.delete(dir);
  fs.rmSync(dir, { recursive: true, force: true });
}

function positiveInt(name: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (!Number.isSafeInteger(v) || v < 1) throw new TypeError(`testHypervisor: ${name} must be a positive integer, got ${String(v)}`);
  return v;
}

function indent(text: string, by: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `list` when it is an array (or undefined: []), else a TypeError naming `field`. */
function arrayField<T>(field: string, list: T[] | undefined): T[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new TypeError(`testHypervisor: ${field} must be an array, got ${typeof list}`);
  list.forEach((item, i) => {
    if (item === null || typeof item !== 'object') throw new TypeError(`testHypervisor: ${field}[${i}] must be an object, got ${item === null ? 'null' : typeof item}`);
  });
  return list;
}

/** Each item's `name`, required: a TypeError naming the item otherwise. */
function requireNames(field: string, list: { name?: unknown }[]): void {
  list.forEach((item, i) => {
    if (typeof item.name !== 'string' || item.name === '')
      throw new TypeError(`testHypervisor: ${field}[${i}].name is required (a non-empty string), got ${JSON.stringify(item.name)}`);
  });
}

/** `format(item)`, its XmlValidationError turned into a TypeError that names the spec field. */
function formatItem<T>(field: string, item: T, format: (item: T) => string): string {
  try {
    return format(item);
  } catch (e) {
    if (e instanceof xml.XmlValidationError) {
      const at = `${field}${e.field ? (e.field.startsWith('[') ? e.field : `.${e.field}`) : ''}`;
      throw new TypeError(`testHypervisor: ${xml.XmlValidationError.text(at, e.value, e.reason)}`, { cause: e });
    }
    throw e;
  }
}

function uniqueNames(kind: string, names: (string | undefined)[]): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (n === undefined) continue;
    if (seen.has(n)) throw new TypeError(`testHypervisor: two ${kind} are named "${n}"`);
    seen.add(n);
  }
}

/** The test driver's node XML for `spec` (what `testHypervisor` writes). */
export function formatTestNode(spec: TestHypervisorSpec = {}): string {
  const c = spec.cpu ?? {};
  const nodes = positiveInt('cpu.nodes', c.nodes, 1);
  const sockets = positiveInt('cpu.sockets', c.sockets, 1);
  const cores = positiveInt('cpu.cores', c.cores, 2);
  const threads = positiveInt('cpu.threads', c.threads, 1);
  const total = nodes * sockets * cores * threads;
  const active = positiveInt('cpu.active', c.active, total);
  if (active > total) throw new TypeError(`testHypervisor: cpu.active (${active}) exceeds nodes*sockets*cores*threads (${total})`);
  const mhz = positiveInt('cpu.mhz', c.mhz, 2000);
  const model = c.model ?? 'x86_64';
  const memory = positiveInt('memoryKiB', spec.memoryKiB, 8 * 1024 * 1024);
  const domains = spec.domains ?? [];
  const networks = spec.networks ?? [];
  const pools = spec.pools ?? [];
  uniqueNames('domains', domains.map((d) => d.name));
  uniqueNames('networks', networks.map((n) => n.name));
  uniqueNames('pools', pools.map((p) => p.pool.name));
  const devices = arrayField('nodeDevices', spec.nodeDevices);
  const interfaces = arrayField('interfaces', spec.interfaces);
  requireNames('nodeDevices', devices);
  requireNames('interfaces', interfaces);
  uniqueNames('nodeDevices', devices.map((d) => d.name));
  uniqueNames('interfaces', interfaces.map((n) => n.name));
  const out = ['<node>'];
  out.push(
    '  <cpu>',
    `    <mhz>${mhz}</mhz>`,
    `    <model>${escapeText(model)}</model>`,
    `    <active>${active}</active>`,
    `    <nodes>${nodes}</nodes>`,
    `    <sockets>${sockets}</sockets>`,
    `    <cores>${cores}</cores>`,
    `    <threads>${threads}</threads>`,
    '  </cpu>',
    `  <memory>${memory}</memory>`,
  );
  domains.forEach((d, i) => out.push(indent(formatItem(`domains[${i}]`, d, (v) => xml.formatDomain({ ...v, type: 'test' })), '  ')));
  networks.forEach((n, i) => out.push(indent(formatItem(`networks[${i}]`, n, (v) => xml.formatNetwork(v)), '  ')));
  pools.forEach((p, i) => {
    uniqueNames(`volumes in pool "${p.pool.name}"`, (p.volumes ?? []).map((v) => v.name));
    const poolXml = formatItem(`pools[${i}].pool`, p.pool, (v) => xml.formatStoragePool(v)).trimEnd();
    const close = poolXml.lastIndexOf('</pool>');
    const vols = (p.volumes ?? []).map((v, j) => indent(formatItem(`pools[${i}].volumes[${j}]`, v, (x) => xml.formatStorageVolume(x)), '  '));
    const body = close < 0 ? poolXml.replace(/\/>$/, '>') : poolXml.slice(0, close).trimEnd();
    out.push(indent([body, ...vols, '</pool>'].join('\n'), '  '));
  });
  devices.forEach((d, i) => out.push(indent(formatItem(`nodeDevices[${i}]`, d, (v) => xml.formatNodeDevice(v)), '  ')));
  interfaces.forEach((n, i) => out.push(indent(formatItem(`interfaces[${i}]`, n, (v) => xml.formatInterface(v)), '  ')));
  out.push('</node>', '');
  return out.join('\n');
}

/**
 * Opens a connection to a fresh test-driver host holding what `spec` describes.
 * The node XML lives in a temporary folder that is removed when the connection
 * is closed (or at process exit, for a connection never closed).
 */
export async function testHypervisor(spec: TestHypervisorSpec = {}): Promise<Connection> {
  const text = formatTestNode(spec);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'libvirt-napi-testhv-'));
  liveDirs.add(dir);
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const d of [...liveDirs]) {
        try {
          removeDir(d);
        } catch {
          /* best effort at exit */
        }
      }
    });
  }
  const file = path.join(dir, 'node.xml');
  let conn: Connection;
  try {
    fs.writeFileSync(file, text);
    conn = await open(`test://${file}`);
  } catch (e) {
    removeDir(dir);
    throw e;
  }
  const close = conn.close.bind(conn);
  Object.defineProperty(conn, 'close', {
    configurable: true,
    writable: true,
    value: async (): Promise<number> => {
      try {
        return await close();
      } finally {
        removeDir(dir);
      }
    },
  });
  return conn;
}

export { scope, withScope, Scope, processStartTime } from './scope';
export type { ScopeOptions } from './scope';
export { sweep } from './sweep';
export type { SweepOptions, SweptObject } from './sweep';
