#!/usr/bin/env node
/**
 * libvirt-napi CLI for scripted guest lifecycles.
 *
 *   libvirt-napi <command> [--uri URI] [--json]      (default URI: test:///default)
 *
 *   caps                        host summary: CPU, memory, guest arches, domain types, default machines
 *   machines [--arch A] [--virt-type T]
 *                               machine types (canonical name, aliases, max vCPUs, deprecation)
 *   cpu-baseline FILE... [--migratable] [--expand-features]
 *                               the CPU every given host CPU can run (files hold <cpu> elements)
 *   up SPEC.json                build (guest.buildDomain), define and start a guest;
 *                               prints name, state and console log path
 *   down NAME                   destroy (when running) and undefine
 *   ls                          the domains, with their state
 *
 * Progress goes to stderr; results to stdout (JSON with --json). Errors print libvirt's
 * code name and message (or the guest layer's field and reason) and exit 1; usage errors exit 2.
 */
import * as fs from 'fs';
import * as C from '../generated/constants';
import { open } from '../connect';
import { LibvirtError } from '../errors';
import type { Connection, Domain } from '../classes';
import * as xml from '../xml';
import * as guest from '../guest';

const USAGE = `usage: libvirt-napi <command> [--uri URI] [--json]
commands:
  caps                                   host summary
  machines [--arch A] [--virt-type T]    machine types for an arch (default: the host's)
  cpu-baseline FILE... [--migratable] [--expand-features]
  up SPEC.json                           build, define and start a guest
  down NAME                              destroy and undefine a guest
  ls                                     list guests
options:
  --uri URI     connection URI (default test:///default)
  --json        machine-readable output`;

class UsageError extends Error {}

interface Args {
  command: string;
  positional: string[];
  uri: string;
  json: boolean;
  quiet: boolean;
  arch?: string;
  virtType?: string;
  migratable: boolean;
  expand: boolean;
}

export function parseArgs(argv: string[]): Args {
  const a: Args = { command: '', positional: [], uri: 'test:///default', json: false, quiet: false, migratable: false, expand: false };
  for (let i = 0; i < argv.length; i++) {
    const t = argv[i];
    const value = (): string => {
      const v = t.includes('=') ? t.slice(t.indexOf('=') + 1) : argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${t} needs a value`);
      return v;
    };
    const flag = t.split('=')[0];
    if (flag === '--uri' || flag === '-c') a.uri = value();
    else if (flag === '--arch') a.arch = value();
    else if (flag === '--virt-type') a.virtType = value();
    else if (t === '--json') a.json = true;
    else if (t === '--quiet' || t === '-q') a.quiet = true;
    else if (t === '--migratable') a.migratable = true;
    else if (t === '--expand-features') a.expand = true;
    else if (t === '--help' || t === '-h') a.command = 'help';
    else if (t.startsWith('-')) throw new UsageError(`unknown option ${t}`);
    else if (!a.command) a.command = t;
    else a.positional.push(t);
  }
  if (!a.command) throw new UsageError('no command given');
  return a;
}

const STATE_NAMES: Record<number, string> = {
  [C.VIR_DOMAIN_NOSTATE]: 'no state',
  [C.VIR_DOMAIN_RUNNING]: 'running',
  [C.VIR_DOMAIN_BLOCKED]: 'blocked',
  [C.VIR_DOMAIN_PAUSED]: 'paused',
  [C.VIR_DOMAIN_SHUTDOWN]: 'shutting down',
  [C.VIR_DOMAIN_SHUTOFF]: 'shut off',
  [C.VIR_DOMAIN_CRASHED]: 'crashed',
  [C.VIR_DOMAIN_PMSUSPENDED]: 'suspended',
};
const stateName = (s: number) => STATE_NAMES[s] ?? `state ${s}`;

class Out {
  private t0 = Date.now();
  constructor(private args: Args) {}
  /** A progress line on stderr (a long step starts). */
  step(msg: string): void {
    if (!this.args.quiet) process.stderr.write(`[${((Date.now() - this.t0) / 1000).toFixed(1)}s] ${msg}\n`);
  }
  result(json: unknown, text: string): void {
    process.stdout.write(this.args.json ? JSON.stringify(json, (_k, v) => (typeof v === 'bigint' ? Number(v) : v), 2) + '\n' : text.endsWith('\n') || !text ? text : text + '\n');
  }
}

function table(rows: string[][]): string {
  if (!rows.length) return '';
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]))).join('  ').trimEnd()).join('\n') + '\n';
}

async function caps(conn: Connection, args: Args, out: Out): Promise<void> {
  const c = xml.parseCapabilities(await conn.getCapabilities());
  const info = await conn.getInfo();
  let hostname = '';
  try {
    hostname = await conn.getHostname();
  } catch {
    /* not every driver knows it */
  }
  const guests = guest.arches(c).map((arch) => {
    const types = guest.domainTypes(c, arch);
    const osTypes = [...new Set((c.guest ?? []).filter((g) => g.arch?.name === arch).map((g) => g.os_type ?? ''))];
    const list = osTypes.includes('hvm') ? guest.machines(c, arch) : [];
    let defaultMachine: string | null = null;
    try {
      defaultMachine = list.length ? guest.defaultMachine(c, arch) : null;
    } catch {
      defaultMachine = list[0]?.name ?? null;
    }
    return { arch, osTypes, domainTypes: types, machines: list.length, defaultMachine };
  });
  const summary = {
    uri: args.uri,
    hostname,
    arch: c.host?.cpu?.arch ?? null,
    cpu: { model: c.host?.cpu?.model?.value ?? null, vendor: c.host?.cpu?.vendor ?? null, cpus: info.cpus, mhz: info.mhz, sockets: info.sockets, cores: info.cores, threads: info.threads },
    memoryKiB: info.memory,
    numaCells: c.host?.topology?.cells?.num ?? info.nodes,
    guests,
  };
  const text = [
    `uri:     ${args.uri}${hostname ? ` (${hostname})` : ''}`,
    `host:    ${summary.arch ?? '?'}, ${summary.cpu.model ?? 'cpu ?'}${summary.cpu.vendor ? ` (${summary.cpu.vendor})` : ''}, ${info.cpus} cpus, ${Math.round(Number(info.memory) / 1024)} MiB, ${summary.numaCells} NUMA cell(s)`,
    'guests:',
    table([['  arch', 'os', 'domain types', 'machines', 'default machine'], ...guests.map((g) => [`  ${g.arch}`, g.osTypes.join(','), g.domainTypes.join(','), String(g.machines), g.defaultMachine ?? '-'])]),
  ].join('\n');
  out.result(summary, text);
}

async function machinesCmd(conn: Connection, args: Args, out: Out): Promise<void> {
  const c = xml.parseCapabilities(await conn.getCapabilities());
  const arch = args.arch ?? c.host?.cpu?.arch ?? '';
  const list = guest.machines(c, arch, args.virtType);
  out.result(list, list.length
    ? table([['machine', 'aliases', 'maxCpus', 'family', 'deprecated'], ...list.map((m) => [m.name, m.aliases.join(',') || '-', m.maxCpus === undefined ? '-' : String(m.maxCpus), m.family, m.deprecated ? 'yes' : ''])])
    : `no machine types listed for ${arch}\n`);
}

async function cpuBaseline(conn: Connection, args: Args, out: Out): Promise<void> {
  if (!args.positional.length) throw new UsageError('cpu-baseline needs at least one FILE');
  const cpus = args.positional.flatMap((f) => {
    const found = guest.cpusFromXML(fs.readFileSync(f, 'utf8'));
    if (!found.length) throw new guest.GuestConfigError('FILE', f, 'holds no <cpu> element');
    return found;
  });
  out.step(`computing the baseline of ${cpus.length} CPU(s)`);
  const r = await guest.baselineCPU(conn, cpus, { migratable: args.migratable, expandFeatures: args.expand, arch: args.arch, virtType: args.virtType });
  const { def: _def, xml: text, ...typed } = r;
  out.result({ ...typed, xml: text }, text);
}

async function up(conn: Connection, args: Args, out: Out): Promise<void> {
  if (args.positional.length !== 1) throw new UsageError('up needs one SPEC.json');
  let spec: guest.GuestSpec;
  try {
    spec = JSON.parse(fs.readFileSync(args.positional[0], 'utf8'));
  } catch (e) {
    throw new guest.GuestConfigError('SPEC.json', args.positional[0], `cannot be read as JSON: ${(e as Error).message}`);
  }
  out.step('reading host capabilities');
  const capabilities = xml.parseCapabilities(await conn.getCapabilities());
  const resolved = guest.resolveGuest(spec, { capabilities });
  let domainCapabilities: xml.DomainCapabilities | undefined;
  try {
    domainCapabilities = xml.parseDomainCapabilities(await conn.getDomainCapabilities(null, resolved.arch, resolved.machine ?? null, resolved.virtType));
  } catch (e) {
    if (!(e instanceof LibvirtError && (e.codeName === 'VIR_ERR_NO_SUPPORT' || e.codeName === 'VIR_ERR_INVALID_ARG'))) throw e;
  }
  out.step(`building ${spec.name} (${resolved.virtType}, ${resolved.arch}${resolved.machine ? `, ${resolved.machine}` : ''})`);
  const text = guest.buildDomainXML(spec, { capabilities, domainCapabilities });
  if (spec.consoleLog) {
    try {
      fs.rmSync(spec.consoleLog, { force: true });
    } catch {
      /* a remote or root-owned log: libvirt will write it */
    }
  }
  out.step('defining');
  const dom = await conn.defineXML(text);
  out.step('starting');
  try {
    await dom.createWithFlags(0);
  } catch (e) {
    // leave nothing half-done behind: the guest was defined by this command
    try {
      await dom.undefine();
    } catch {
      /* keep the start error */
    }
    throw e;
  }
  const [state] = await dom.state();
  const res = { name: dom.name(), uuid: dom.UUIDString(), state: stateName(state), consoleLog: spec.consoleLog ?? null, virtType: resolved.virtType, arch: resolved.arch, machine: resolved.machine ?? null };
  out.result(res, `name:        ${res.name}\nstate:       ${res.state}\nconsole log: ${res.consoleLog ?? '(none)'}`);
}

async function down(conn: Connection, args: Args, out: Out): Promise<void> {
  if (args.positional.length !== 1) throw new UsageError('down needs one NAME');
  const dom: Domain = await conn.lookupByName(args.positional[0]);
  let destroyed = false;
  if (await dom.isActive()) {
    out.step('destroying');
    await dom.destroy();
    destroyed = true;
  }
  let undefined_ = false;
  if (await dom.isPersistent()) {
    out.step('undefining');
    try {
      await dom.undefineFlags(C.VIR_DOMAIN_UNDEFINE_NVRAM | C.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | C.VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA);
    } catch (e) {
      if (!(e instanceof LibvirtError && (e.codeName === 'VIR_ERR_INVALID_ARG' || e.codeName === 'VIR_ERR_NO_SUPPORT'))) throw e;
      await dom.undefine();
    }
    undefined_ = true;
  }
  out.result({ name: dom.name(), destroyed, undefined: undefined_ }, `${dom.name()}: ${[destroyed && 'destroyed', undefined_ && 'undefined'].filter(Boolean).join(', ') || 'nothing to do'}`);
}

async function ls(conn: Connection, _args: Args, out: Out): Promise<void> {
  const doms = await conn.listAllDomains();
  const rows = await Promise.all(doms.map(async (d) => {
    const [s] = await d.state();
    return { name: d.name(), id: d.ID(), state: stateName(s), persistent: await d.isPersistent() };
  }));
  rows.sort((a, b) => a.name.localeCompare(b.name));
  out.result(rows, table([['id', 'name', 'state'], ...rows.map((r) => [r.id === -1 ? '-' : String(r.id), r.name, r.state])]));
}

const COMMANDS: Record<string, (conn: Connection, args: Args, out: Out) => Promise<void>> = {
  caps, machines: machinesCmd, 'cpu-baseline': cpuBaseline, up, down, ls,
};

export async function main(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`libvirt-napi: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.command === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const run = COMMANDS[args.command];
  if (!run) {
    process.stderr.write(`libvirt-napi: unknown command '${args.command}'\n${USAGE}\n`);
    return 2;
  }
  const out = new Out(args);
  let conn: Connection | undefined;
  try {
    if (args.command === 'up' || args.command === 'cpu-baseline') out.step(`connecting to ${args.uri}`);
    conn = await open(args.uri);
    await run(conn, args, out);
    return 0;
  } catch (e) {
    const err = e as Error & { codeName?: string; field?: string; reason?: string };
    let code = 'ERROR';
    if (e instanceof LibvirtError) code = e.codeName;
    else if (e instanceof guest.GuestConfigError) code = 'GuestConfigError';
    else if (e instanceof xml.XmlError || e instanceof xml.XmlValidationError) code = err.name;
    else if (e instanceof UsageError) {
      process.stderr.write(`libvirt-napi: ${err.message}\n${USAGE}\n`);
      return 2;
    } else if ((err as { code?: string }).code === 'ENOENT') code = 'ENOENT';
    if (args.json) {
      const body: Record<string, unknown> = { error: { code, message: err.message } };
      if (e instanceof guest.GuestConfigError) Object.assign(body.error as object, { field: e.field, reason: e.reason });
      process.stderr.write(JSON.stringify(body) + '\n');
    } else {
      process.stderr.write(`error: ${code}: ${err.message}\n`);
    }
    return 1;
  } finally {
    if (conn) await conn.close().catch(() => undefined);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
