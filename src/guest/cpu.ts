/**
 * Guest CPU: a typed, validated CPU config, compatibility checks against the host
 * (virConnectCompareHypervisorCPU, falling back to virConnectCompareCPU) and fleet
 * baselines (virConnectBaselineHypervisorCPU, falling back to virConnectBaselineCPU).
 */
import { parseXmlTree } from '../xml/tree';
import { parseElement, formatElement, Desc } from '../xml/engine';
import type { DomainCPU } from '../xml';
import { GuestConfigError, expectString, specValidator } from './errors';
import type { GuestCPU, CPUMode, CPUMatch, CPUCheck, CPUFeaturePolicy } from './spec';
import * as C from '../generated/constants';

/** The `<cpu>` descriptor; the XML tables load on first use, not with the package. */
const domainCPUDesc = (): Desc<unknown> => (require('../xml/domain') as typeof import('../xml/domain')).DomainCPU as Desc<unknown>;

/**
 * Checks a guest CPU and, when `vcpus` is given, its topology against the vCPU count.
 * Throws GuestConfigError naming the field (`cpu.model.vendorId`, `cpu.topology` ...).
 */
export function validateCPU(cpu: GuestCPU, vcpus?: number, at = 'cpu'): void {
  specValidator().checkCPU(cpu, at);
  checkCPURules(cpu, vcpus, at);
}

/**
 * The rules between a CPU's fields that its schema does not say (mode and model, the
 * topology and the vCPU count, features listed twice), for a CPU whose fields are checked.
 */
export function checkCPURules(cpu: GuestCPU, vcpus?: number, at = 'cpu'): void {
  const mode = cpu.mode ?? (cpu.model ? 'custom' : undefined);
  if (mode === 'custom' && !cpu.model) throw new GuestConfigError(`${at}.model`, cpu.model, "is required in mode 'custom'");
  if (cpu.model !== undefined && (mode === 'host-passthrough' || mode === 'maximum')) {
    throw new GuestConfigError(`${at}.model`, cpu.model, `cannot be given in mode '${mode}' (the hypervisor decides the model)`);
  }
  if (cpu.match !== undefined && mode !== 'custom') throw new GuestConfigError(`${at}.match`, cpu.match, `applies to mode 'custom' only (mode is '${mode}')`);
  if (cpu.migratable !== undefined && mode !== 'host-passthrough' && mode !== 'maximum') {
    throw new GuestConfigError(`${at}.migratable`, cpu.migratable, "applies to modes 'host-passthrough' and 'maximum' only");
  }
  if (cpu.vendorId !== undefined && !cpu.model) throw new GuestConfigError(`${at}.vendorId`, cpu.vendorId, 'needs a model (it is an attribute of <model>)');
  if (cpu.vendor !== undefined && !cpu.model) throw new GuestConfigError(`${at}.vendor`, cpu.vendor, 'needs a model');
  const t = cpu.topology;
  if (t !== undefined && vcpus !== undefined) {
    const p = t.sockets * (t.dies ?? 1) * t.cores * t.threads;
    if (p !== vcpus) throw new GuestConfigError(`${at}.topology`, t, `gives ${p} vCPUs (sockets*dies*cores*threads) but the guest has ${vcpus}`);
  }
  if (cpu.features !== undefined) {
    const seen = new Set<string>();
    cpu.features.forEach((f, n) => {
      if (seen.has(f.name)) throw new GuestConfigError(`${at}.features[${n}].name`, f.name, 'is listed twice');
      seen.add(f.name);
    });
    if (cpu.features.length && mode === 'host-passthrough' && cpu.features.some((f) => f.policy !== 'disable' && f.policy !== 'require')) {
      throw new GuestConfigError(`${at}.features`, cpu.features, "in mode 'host-passthrough' only policies 'require' and 'disable' apply");
    }
  }
}

/** The typed `<cpu>` element of the domain XML layer for a guest CPU (validated). */
export function toDomainCPU(cpu: GuestCPU, vcpus?: number): DomainCPU {
  validateCPU(cpu, vcpus);
  return cpuElement(cpu);
}
/** toDomainCPU for a CPU that is checked already. */
export function cpuElement(cpu: GuestCPU): DomainCPU {
  const mode = cpu.mode ?? (cpu.model ? 'custom' : undefined);
  const out: DomainCPU = {};
  if (mode) out.mode = mode;
  if (cpu.match) out.match = cpu.match;
  else if (mode === 'custom') out.match = 'exact';
  if (cpu.check) out.check = cpu.check;
  if (cpu.migratable !== undefined) out.migratable = cpu.migratable ? 'on' : 'off';
  if (cpu.model) {
    out.model = { value: cpu.model };
    if (cpu.fallback) out.model.fallback = cpu.fallback;
    if (cpu.vendorId) out.model.vendor_id = cpu.vendorId;
  }
  if (cpu.vendor) out.vendor = cpu.vendor;
  if (cpu.topology) {
    const t = cpu.topology;
    out.topology = { sockets: t.sockets, dies: t.dies ?? 1, cores: t.cores, threads: t.threads };
  }
  if (cpu.features?.length) out.feature = cpu.features.map((f) => ({ policy: f.policy, name: f.name }));
  return out;
}

/** The guest CPU a typed `<cpu>` element describes. */
export function fromDomainCPU(def: DomainCPU): GuestCPU {
  const out: GuestCPU = {};
  if (def.mode) out.mode = def.mode as CPUMode;
  if (def.match) out.match = def.match as CPUMatch;
  if (def.check) out.check = def.check as CPUCheck;
  if (def.migratable) out.migratable = def.migratable === 'on';
  if (def.model?.value) out.model = def.model.value;
  if (def.model?.fallback) out.fallback = def.model.fallback as 'allow' | 'forbid';
  if (def.model?.vendor_id) out.vendorId = def.model.vendor_id;
  if (def.vendor) out.vendor = def.vendor;
  if (def.topology) {
    const t = def.topology;
    out.topology = { sockets: t.sockets ?? 1, cores: t.cores ?? 1, threads: t.threads ?? 1 };
    if (t.dies !== undefined) out.topology.dies = t.dies;
  }
  if (def.feature?.length) out.features = def.feature.map((f) => ({ name: f.name ?? '', policy: (f.policy ?? 'require') as CPUFeaturePolicy }));
  return out;
}

/** Parses a `<cpu>` XML document (as the CPU APIs return it) into the domain layer's type. */
export function parseCPUXML(text: string): DomainCPU {
  expectString(text, 'text');
  const tree = parseXmlTree(text);
  if (tree.name !== 'cpu') throw new GuestConfigError('cpu', tree.name, 'is not a <cpu> element');
  return parseElement(tree, domainCPUDesc());
}
/** Writes a guest CPU (validated) as `<cpu>` XML for the CPU APIs. */
export function formatCPUXML(cpu: GuestCPU | DomainCPU, vcpus?: number): string {
  const def = isGuestCPU(cpu) ? toDomainCPU(cpu, vcpus) : cpu;
  return formatElement('cpu', def, domainCPUDesc(), '');
}
function isGuestCPU(c: GuestCPU | DomainCPU): c is GuestCPU {
  const o = c as Record<string, unknown>;
  return !('feature' in o) && typeof o.model !== 'object';
}

/**
 * Every `<cpu>` element with content in a document: a single CPU, libvirt's
 * `<cpuTest>` files, a host capabilities document (its host CPU), a list of CPUs.
 */
export function cpusFromXML(text: string): string[] {
  expectString(text, 'text');
  return [...text.matchAll(/<cpu(?:\s[^>]*[^/>])?>[\s\S]*?<\/cpu>/g)].map((m) => m[0]);
}

// ---------------------------------------------------------------------------
// the CPU APIs

/** The part of a Connection the CPU functions use (any libvirt-napi Connection). */
export interface CPUConnection {
  compareCPU(xml: string, flags?: number): Promise<number>;
  compareHypervisorCPU(emulator: string | null, arch: string | null, machine: string | null, virttype: string | null, xml: string, flags?: number): Promise<number>;
  baselineCPU(xmlCPUs: string[], flags?: number): Promise<string>;
  baselineHypervisorCPU(emulator: string | null, arch: string | null, machine: string | null, virttype: string | null, xmlCPUs: string[], flags?: number): Promise<string>;
}

/** Which hypervisor to ask (all optional: libvirt picks the defaults). */
export interface HypervisorTarget {
  emulator?: string;
  arch?: string;
  machine?: string;
  /** Domain type, e.g. `kvm` or `qemu` (TCG): they can provide different CPUs. */
  virtType?: string;
}

export type CPUCompatibilityResult = 'identical' | 'superset' | 'incompatible';
export interface CPUCompatibility {
  result: CPUCompatibilityResult;
  /** When incompatible: the features the host cannot provide (or provides though forbidden). */
  features: string[];
  /** libvirt's explanation when incompatible. */
  message?: string;
  /** virConnectCompareHypervisorCPU ('hypervisor') or virConnectCompareCPU ('host'). */
  api: 'hypervisor' | 'host';
}

const COMPARE = { INCOMPATIBLE: C.VIR_CPU_COMPARE_INCOMPATIBLE, IDENTICAL: C.VIR_CPU_COMPARE_IDENTICAL, SUPERSET: C.VIR_CPU_COMPARE_SUPERSET } as const;

function codeName(e: unknown): string | undefined {
  return (e as { codeName?: string } | null)?.codeName;
}
const isNoSupport = (e: unknown) => codeName(e) === 'VIR_ERR_NO_SUPPORT';

/** The feature names in libvirt's incompatibility message ("... required features: a, b"). */
export function blamedFeatures(message: string): string[] {
  expectString(message, 'message');
  const out: string[] = [];
  for (const m of message.matchAll(/features?:\s*([A-Za-z0-9_.+,\s-]+)/g)) {
    for (const f of m[1].split(',')) {
      const name = f.trim().split(/\s+/)[0];
      if (name && !out.includes(name)) out.push(name);
    }
  }
  return out;
}

/**
 * Can the host (as the hypervisor provides it) run this guest CPU? Uses
 * virConnectCompareHypervisorCPU where the driver has it, virConnectCompareCPU
 * otherwise. When incompatible, `features` names the features to blame.
 */
export async function cpuCompatibility(conn: CPUConnection, cpu: GuestCPU | DomainCPU | string, target: HypervisorTarget = {}): Promise<CPUCompatibility> {
  const xml = typeof cpu === 'string' ? cpu : formatCPUXML(cpu);
  let api: 'hypervisor' | 'host' = 'hypervisor';
  const call = (flags: number) =>
    api === 'hypervisor'
      ? conn.compareHypervisorCPU(target.emulator ?? null, target.arch ?? null, target.machine ?? null, target.virtType ?? null, xml, flags)
      : conn.compareCPU(xml, flags);
  let r: number;
  try {
    r = await call(0);
  } catch (e) {
    if (!isNoSupport(e)) throw e;
    api = 'host';
    r = await call(0);
  }
  if (r === COMPARE.IDENTICAL) return { result: 'identical', features: [], api };
  if (r === COMPARE.SUPERSET) return { result: 'superset', features: [], api };
  if (r !== COMPARE.INCOMPATIBLE) throw new Error(`unexpected CPU comparison result ${r}`);
  // ask again, failing, to learn which features are to blame
  let message: string | undefined;
  try {
    await call(C.VIR_CONNECT_COMPARE_CPU_FAIL_INCOMPATIBLE);
  } catch (e) {
    if (codeName(e) !== 'VIR_ERR_CPU_INCOMPATIBLE') throw e;
    message = (e as Error).message;
  }
  return { result: 'incompatible', features: message ? blamedFeatures(message) : [], message, api };
}

export interface BaselineOptions extends HypervisorTarget {
  /** Leave out features that block migration (VIR_CONNECT_BASELINE_CPU_MIGRATABLE). */
  migratable?: boolean;
  /** List every feature of the model too (VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES). */
  expandFeatures?: boolean;
  /** 'auto' (default): the hypervisor API, falling back to the host API where the driver lacks it. */
  api?: 'auto' | 'hypervisor' | 'host';
}
/** A baseline CPU: the guest CPU, the typed `<cpu>`, libvirt's XML and the API that computed it. */
export interface BaselineCPU extends GuestCPU {
  def: DomainCPU;
  xml: string;
  api: 'hypervisor' | 'host';
}

/**
 * The CPU every host of a fleet can run: virConnectBaselineHypervisorCPU (what the
 * hypervisor can provide on these hosts), falling back to virConnectBaselineCPU.
 * `hostCpus` are `<cpu>` XML strings (or typed CPUs / whole documents holding them).
 */
export async function baselineCPU(conn: CPUConnection, hostCpus: Array<string | GuestCPU | DomainCPU>, options: BaselineOptions = {}): Promise<BaselineCPU> {
  if (!Array.isArray(hostCpus) || hostCpus.length === 0) throw new GuestConfigError('hostCpus', hostCpus, 'must be a non-empty array of host CPUs');
  const xmls = hostCpus.flatMap((c, n) => {
    if (typeof c !== 'string') return [formatCPUXML(c)];
    const found = cpusFromXML(c);
    if (found.length === 0) throw new GuestConfigError(`hostCpus[${n}]`, c.slice(0, 40), 'holds no <cpu> element');
    return found;
  });
  const flags = (options.migratable ? C.VIR_CONNECT_BASELINE_CPU_MIGRATABLE : 0) | (options.expandFeatures ? C.VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES : 0);
  const mode = options.api ?? 'auto';
  let api: 'hypervisor' | 'host' = mode === 'host' ? 'host' : 'hypervisor';
  let xml: string;
  try {
    xml = api === 'hypervisor'
      ? await conn.baselineHypervisorCPU(options.emulator ?? null, options.arch ?? null, options.machine ?? null, options.virtType ?? null, xmls, flags)
      : await conn.baselineCPU(xmls, flags);
  } catch (e) {
    if (mode !== 'auto' || api !== 'hypervisor' || !isNoSupport(e)) throw e;
    api = 'host';
    xml = await conn.baselineCPU(xmls, flags);
  }
  const def = parseCPUXML(xml);
  return { ...fromDomainCPU(def), def, xml, api };
}
