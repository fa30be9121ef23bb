#!/usr/bin/env node
/**
 * libvirt-napi CLI for scripted guest lifecycles.
 *
 *   libvirt-napi <command> [options]      (default URI: test:///default)
 *
 * Commands: caps, machines, cpu-baseline, up, down, sweep, ls (COMMANDS below holds each one's
 * usage, options and help). Progress goes to stderr; results to stdout (JSON with
 * --json). Exit codes: 0 done; 1 libvirt or the host refused (libvirt's code name, or
 * the guest layer's field and reason); 2 a usage error or a spec that does not fit
 * guest-spec.schema.json (a missing or unknown field, a wrong value).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as C from '../generated/constants';
import { open } from '../connect';
import { LibvirtError } from '../errors';
import type { Connection, Domain } from '../classes';
import * as xml from '../xml';
import * as guest from '../guest';
import { nearest } from '../guest/nearest';
import { sweep } from '../testing/sweep';
import { openConsoleStream } from '../stream';

/** A usage error: exit 2 with the command's usage. */
class UsageError extends Error {}

interface CommandInfo {
  /** Arguments after the command name, for the usage line. */
  synopsis: string;
  summary: string;
  /** Options of this command besides the common ones. */
  options: string[];
  /** Help text below the usage line. */
  help: string;
  /** Resolves the exit code, or nothing for 0. */
  run: (conn: Connection, args: Args, out: Out) => Promise<void | number>;
}

const COMMON_OPTIONS: Record<string, string> = {
  '--uri URI': 'connection URI (default test:///default; also -c URI)',
  '--json': 'machine-readable output on stdout, errors as JSON on stderr',
  '--quiet': 'no progress lines on stderr (also -q)',
  '--help': 'this help (also -h)',
  '--version': "libvirt-napi's version",
};
const OPTION_HELP: Record<string, string> = {
  '--arch': '--arch A          guest arch (default: the host\'s)',
  '--virt-type': '--virt-type T     domain type: kvm, qemu ... (default: every type offered)',
  '--migratable': '--migratable      leave out features that block migration',
  '--expand-features': '--expand-features list every feature of the model too',
  '--prefix': '--prefix P        the prefix the scopes were given (required)',
  '--dry-run': '--dry-run         list what would be removed, remove nothing',
  '--wait': '--wait W          wait for running (default), agent, ip or console:REGEX',
  '--timeout': '--timeout S       give up the wait after S seconds (default 300); what up made is removed',
  '--keep-disks': '--keep-disks      keep the volumes up made (overlays, uploads, the cloud-init seed)',
  '--all': '--all             also loopback and link-local addresses',
  '--devname': '--devname D       the console or serial device alias (default: the first)',
  '--older-than': '--older-than D    only objects at least D old: 90s, 10m, 2h, 1d, or milliseconds',
};
const VALUE_OPTIONS = new Set(['--uri', '--arch', '--virt-type', '--prefix', '--wait', '--timeout', '--devname', '--older-than']);

/** `90s`, `10m`, `2h`, `1d` or a number of milliseconds, in ms. */
export function parseDuration(flag: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!m) throw new UsageError(`${flag} must be a duration such as 90s, 10m, 2h, 1d or a number of milliseconds, got ${JSON.stringify(text)}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? 'ms']!;
  return Math.round(Number(m[1]) * unit);
}

interface Args {
  command: string;
  positional: string[];
  uri: string;
  json: boolean;
  quiet: boolean;
  help: boolean;
  version: boolean;
  arch?: string;
  virtType?: string;
  migratable: boolean;
  expand: boolean;
  /** sweep */
  prefix?: string;
  dryRun: boolean;
  /** ip */
  all?: boolean;
  /** console */
  devName?: string;
  /** sweep --older-than, in ms */
  olderThanMs?: number;
  /** up: the spec, read and checked before connecting. */
  spec?: guest.GuestSpec;
  /** up: what to wait for, and for how long (seconds). */
  wait?: guest.WaitFor;
  timeout?: number;
  /** down */
  keepDisks: boolean;
  /** exec: the words after `--`. */
  rest?: string[];
}

/** --wait running|agent|ip|console:REGEX */
function parseWait(v: string): guest.WaitFor {
  if (v === 'running' || v === 'agent' || v === 'ip') return v;
  if (v.startsWith('console:')) {
    const source = v.slice('console:'.length);
    if (!source) throw new UsageError('--wait console: needs a regular expression (console:REGEX)');
    try {
      return { console: new RegExp(source) };
    } catch (e) {
      throw new UsageError(`--wait ${v}: ${(e as Error).message}`);
    }
  }
  throw new UsageError(`--wait must be running, agent, ip or console:REGEX, got ${JSON.stringify(v)}`);
}

export function parseArgs(argv: string[]): Args {
  const a: Args = { command: '', positional: [], uri: 'test:///default', json: false, quiet: false, help: false, version: false, migratable: false, expand: false, dryRun: false, keepDisks: false };
  const given: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const t = argv[i];
    if (t === '--') {
      // exec NAME -- CMD ARGS...: the rest is the command, options included
      a.rest = argv.slice(i + 1);
      break;
    }
    let flag = t.startsWith('--') ? t.split('=')[0] : t;
    if (flag === '-c') flag = '--uri';
    if (flag === '-q') flag = '--quiet';
    if (flag === '-h') flag = '--help';
    const value = (): string => {
      const v = t.includes('=') ? t.slice(t.indexOf('=') + 1) : argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (!flag.startsWith('-') || flag === '-') {
      if (!a.command) a.command = t;
      else a.positional.push(t);
      continue;
    }
    if (t.includes('=') && !VALUE_OPTIONS.has(flag)) throw new UsageError(`${flag} takes no value`);
    given.push(flag);
    if (flag === '--uri') a.uri = value();
    else if (flag === '--arch') a.arch = value();
    else if (flag === '--virt-type') a.virtType = value();
    else if (flag === '--json') a.json = true;
    else if (flag === '--quiet') a.quiet = true;
    else if (flag === '--migratable') a.migratable = true;
    else if (flag === '--expand-features') a.expand = true;
    else if (flag === '--prefix') a.prefix = value();
    else if (flag === '--dry-run') a.dryRun = true;
    else if (flag === '--wait') a.wait = parseWait(value());
    else if (flag === '--timeout') {
      const v = value();
      const n = Number(v);
      if (!/^\d+(\.\d+)?$/.test(v) || !(n > 0)) throw new UsageError(`--timeout must be a number of seconds above 0, got ${JSON.stringify(v)}`);
      a.timeout = n;
    } else if (flag === '--keep-disks') a.keepDisks = true;
    else if (flag === '--all') a.all = true;
    else if (flag === '--devname') a.devName = value();
    else if (flag === '--older-than') a.olderThanMs = parseDuration(flag, value());
    else if (flag === '--help') a.help = true;
    else if (flag === '--version') a.version = true;
    else {
      const known = ['--uri', '--json', '--quiet', '--help', '--version', ...Object.keys(OPTION_HELP)];
      const guess = nearest(flag.replace(/^-+/, ''), known.map((k) => k.slice(2)));
      throw new UsageError(`unknown option ${flag}${guess ? `; did you mean --${guess}?` : ''}`);
    }
  }
  if (a.help || a.version) return a;
  if (!a.command) throw new UsageError('no command given');
  if (a.rest && a.command !== 'exec') throw new UsageError(`${a.command} takes no -- CMD`);
  const info = COMMANDS[a.command];
  if (info) {
    // an option another command has is an error here, not silently ignored
    const foreign = given.find((f) => f in OPTION_HELP && !info.options.includes(f));
    if (foreign) throw new UsageError(`${a.command} has no option ${foreign}`);
  }
  return a;
}

function version(): string {
  // dist/cli/index.js and src/cli/index.ts are both two folders below package.json
  return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
}

function usage(): string {
  const w = Math.max(...Object.entries(COMMANDS).map(([n, c]) => `${n} ${c.synopsis}`.trimEnd().length));
  return [
    'usage: libvirt-napi <command> [options]',
    'commands:',
    ...Object.entries(COMMANDS).map(([n, c]) => `  ${`${n} ${c.synopsis}`.trimEnd().padEnd(w)}  ${c.summary}`),
    'options (every command):',
    ...Object.entries(COMMON_OPTIONS).map(([o, d]) => `  ${o.padEnd(12)}  ${d}`),
    "`libvirt-napi COMMAND --help` tells more about a command.",
  ].join('\n');
}
function commandUsage(name: string): string {
  const c = COMMANDS[name];
  return [
    `usage: libvirt-napi ${name} ${c.synopsis}`.trimEnd() + ' [--uri URI] [--json] [--quiet]',
    '',
    c.help,
    '',
    'options:',
    ...c.options.map((o) => `  ${OPTION_HELP[o]}`),
    ...Object.entries(COMMON_OPTIONS).map(([o, d]) => `  ${o.padEnd(16)}  ${d}`),
  ].join('\n');
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
    memoryMiB: info.memory,
    numaCells: c.host?.topology?.cells?.num ?? info.nodes,
    guests,
  };
  const text = [
    `uri:     ${args.uri}${hostname ? ` (${hostname})` : ''}`,
    `host:    ${summary.arch ?? '?'}, ${summary.cpu.model ?? 'cpu ?'}${summary.cpu.vendor ? ` (${summary.cpu.vendor})` : ''}, ${info.cpus} cpus, ${info.memory} MiB, ${summary.numaCells} NUMA cell(s)`,
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

/** A spec error (unreadable, not JSON, not fitting the schema): exit 2, before any connection. */
class SpecError extends Error {
  constructor(readonly error: guest.GuestConfigError) {
    super(error.message);
  }
}
/** Reads and checks SPEC.json. */
function loadSpec(file: string): guest.GuestSpec {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SpecError(new guest.GuestConfigError('SPEC.json', file, `cannot be read as JSON: ${(e as Error).message}`));
  }
  try {
    return guest.checkSpec(value);
  } catch (e) {
    throw e instanceof guest.GuestConfigError ? new SpecError(e) : e;
  }
}

/** Hints printed after an error (a long list cut in the message, and where to see all of it). */
const hints = new WeakMap<object, string>();

async function up(conn: Connection, args: Args, out: Out): Promise<void> {
  const spec = args.spec!;
  if (spec.consoleLog) {
    try {
      fs.rmSync(spec.consoleLog, { force: true });
    } catch {
      /* a remote or root-owned log: libvirt will write it */
    }
  }
  let last = '';
  let r: guest.UpResult;
  try {
    r = await guest.up(conn, spec, {
      wait: args.wait,
      timeoutMs: args.timeout !== undefined ? args.timeout * 1000 : undefined,
      onProgress: (p) => {
        const d = p.detail ?? {};
        if (p.step === 'uploading' && typeof d.bytes === 'number') {
          // one line per upload step of 10%, not per chunk
          const pct = d.total ? Math.floor((Number(d.bytes) * 10) / Number(d.total)) * 10 : 100;
          const line = `uploading ${d.volume}: ${pct}%`;
          if (line !== last) out.step((last = line));
          return;
        }
        if (p.step === 'building') {
          out.step((last = `building ${d.name} (${[d.virtType, d.arch, d.machine].filter(Boolean).join(', ')})`));
          return;
        }
        const info = Object.entries(d).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`).join(' ');
        out.step((last = `${p.step}${info ? ` (${info})` : ''}`));
      },
    });
  } catch (e) {
    const supported = (e as guest.GuestConfigError).supported;
    if (e instanceof guest.GuestConfigError && e.field === 'machine' && supported && supported.length > 10) {
      const arch = spec.arch ?? xml.parseCapabilities(await conn.getCapabilities()).host?.cpu?.arch ?? '';
      hints.set(e, `${supported.length} machines; \`libvirt-napi machines --uri ${args.uri}${arch ? ` --arch ${arch}` : ''}${spec.virtType ? ` --virt-type ${spec.virtType}` : ''}\` lists them`);
    }
    throw e;
  }
  const [state] = await r.domain.state();
  const res = {
    name: r.name, uuid: r.domain.UUIDString(), state: stateName(state), consoleLog: spec.consoleLog ?? null,
    virtType: r.info.virtType, arch: r.info.arch, machine: r.info.machine ?? null,
    volumes: r.volumes, ...r.ready,
  };
  out.result(res, [
    `name:        ${res.name}`,
    `state:       ${res.state}`,
    `console log: ${res.consoleLog ?? '(none)'}`,
    ...r.volumes.map((v) => `volume:      ${v.pool}/${v.name} (${v.kind}, ${v.format})`),
    ...(r.ready.addresses?.length ? [`addresses:   ${r.ready.addresses.join(', ')}`] : []),
  ].join('\n'));
}

async function down(conn: Connection, args: Args, out: Out): Promise<void> {
  const r = await guest.down(conn, args.positional[0], {
    keepDisks: args.keepDisks,
    onProgress: (p) => out.step(`${p.step}${p.detail?.volume ? ` ${p.detail.pool}/${p.detail.volume}` : ''}`),
  });
  const did = [r.destroyed && 'destroyed', r.undefined && 'undefined', r.deletedVolumes.length && `${r.deletedVolumes.length} volume(s) deleted`, r.keptVolumes.length && `${r.keptVolumes.length} volume(s) kept`];
  out.result(r, `${r.name}: ${did.filter(Boolean).join(', ') || 'nothing to do'}`);
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

async function sweepCmd(conn: Connection, args: Args, out: Out): Promise<void> {
  if (!args.prefix) throw new UsageError('sweep needs --prefix P');
  if (!/^[A-Za-z0-9_-]+$/.test(args.prefix)) throw new UsageError(`--prefix must hold only letters, digits, '_' and '-', got ${JSON.stringify(args.prefix)}`);
  const removed = await sweep(conn, { prefix: args.prefix, dryRun: args.dryRun, olderThanMs: args.olderThanMs });
  const verb = args.dryRun ? 'would remove' : 'removed';
  out.result(removed, removed.length ? removed.map((o) => `${verb} ${o.kind} ${o.name} (pid ${o.pid} gone)`).join('\n') : `nothing to ${args.dryRun ? 'remove' : 'sweep'}`);
}

const COMMANDS: Record<string, CommandInfo & { positional: [number, number] }> = {
  caps: {
    synopsis: '', summary: 'host summary', options: [], positional: [0, 0], run: caps,
    help: 'The host: CPU, memory, NUMA cells, and per guest arch the OS types, domain types,\nthe number of machine types and the default machine.',
  },
  machines: {
    synopsis: '[--arch A] [--virt-type T]', summary: 'machine types for an arch (default: the host\'s)', options: ['--arch', '--virt-type'], positional: [0, 0], run: machinesCmd,
    help: 'The machine types the host offers for an arch: canonical name, aliases (pc, q35 ...),\nmaximum vCPUs, family and whether QEMU deprecates it.',
  },
  'cpu-baseline': {
    synopsis: 'FILE... [--migratable] [--expand-features]', summary: 'the CPU every given host CPU can run', options: ['--arch', '--virt-type', '--migratable', '--expand-features'], positional: [1, Infinity], run: cpuBaseline,
    help: 'The CPU model every host CPU in the FILEs can run (files hold <cpu> elements: a CPU,\ncapabilities, libvirt\'s cpuTest files), from virConnectBaselineHypervisorCPU, or\nvirConnectBaselineCPU where the driver lacks it.',
  },
  up: {
    synopsis: 'SPEC.json [--wait W] [--timeout S]', summary: 'create volumes, define, start a guest and wait', options: ['--wait', '--timeout'], positional: [1, 1], run: up,
    help: 'Builds a guest from SPEC.json (its fields: guest-spec.schema.json in the package):\ncreates its volumes (overlays over base images, uploaded files, the cloud-init seed)\nin the spec\'s pool, defines and starts it, waits (--wait), and prints its name, state,\nvolumes and console log. A spec with a missing or unknown field or a wrong value exits 2\nbefore anything connects; what the host cannot run exits 1 before anything is made;\na failed up (a bad image, a timeout ...) removes what it made and exits 1.',
  },
  down: {
    synopsis: 'NAME [--keep-disks]', summary: 'destroy and undefine a guest, delete the volumes up made', options: ['--keep-disks'], positional: [1, 1], run: down,
    help: 'Destroys the guest NAME when it runs, undefines it (with its NVRAM, managed save,\nsnapshot and checkpoint metadata), and deletes the volumes `up` made for it (recorded in\nits metadata) unless --keep-disks. Other volumes are never touched.',
  },
  sweep: {
    synopsis: '--prefix P [--older-than D] [--dry-run]', summary: 'remove what killed test processes left', options: ['--prefix', '--older-than', '--dry-run'], positional: [0, 0], run: sweepCmd,
    help: 'Removes the domains, volumes, pools, networks and secrets that testing scopes with\nprefix P made in processes that are gone. Objects of a running process are kept;\nwith --older-than D, so are objects made less than D ago.',
  },
  exec: {
    synopsis: 'NAME -- CMD [ARGS...]', summary: 'run a command in a guest (guest agent)', options: [], positional: [1, 1], run: execCmd,
    help: "Runs CMD with ARGS in the guest NAME through its guest agent (guest-exec), with\nthis command's stdin as the command's input when stdin is not a terminal, prints its\nstdout and stderr, and exits with its exit code (128+N when signal N ended it).\n--json prints { exitCode, signal, stdout, stderr, ... } and exits 0.",
  },
  ip: {
    synopsis: 'NAME', summary: "a guest's addresses", options: ['--all'], positional: [1, 1], run: ipCmd,
    help: "The guest's interfaces and addresses, from its guest agent when it answers, else from\nthe DHCP leases of libvirt's networks. Loopback and link-local addresses are left out\nunless --all is given.",
  },
  console: {
    synopsis: 'NAME', summary: "a guest's serial console", options: ['--devname'], positional: [1, 1], run: consoleCmd,
    help: "Connects this terminal to the serial console of the guest NAME, as `virsh console`:\nthe terminal is in raw mode, Ctrl-] leaves. With stdin and stdout not a terminal,\nstdin goes to the guest and the guest's output to stdout; it ends on Ctrl-] in the\ninput, or once stdin has ended and the guest has been quiet for a second.",
  },
  ls: {
    synopsis: '', summary: 'list guests', options: [], positional: [0, 0], run: ls,
    help: 'The guests, with their id and state.',
  },
};

// --- exec, ip, console: using a running guest ---------------------------------------

/** Everything this process's stdin holds, when it is not a terminal. */
async function readStdin(): Promise<Buffer | undefined> {
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function execCmd(conn: Connection, args: Args, out: Out): Promise<number> {
  const argv = args.rest ?? [];
  if (!argv.length) throw new UsageError('exec needs the command after --: exec NAME -- CMD [ARGS...]');
  const dom = await conn.lookupByName(args.positional[0]);
  const input = await readStdin();
  const r = await guest.exec(dom, argv, input && input.length ? { input } : {});
  if (args.json) {
    out.result(r, '');
    return 0;
  }
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  if (r.stdoutTruncated || r.stderrTruncated) out.step('the guest agent truncated the output');
  return r.exitCode ?? 128 + (r.signal ?? 0);
}

async function ipCmd(conn: Connection, args: Args, out: Out): Promise<void> {
  const dom = await conn.lookupByName(args.positional[0]);
  const interfaces = await guest.addresses(dom, { all: args.all === true });
  const rows = [['INTERFACE', 'MAC', 'ADDRESS']];
  for (const i of interfaces) {
    if (!i.addresses.length) rows.push([i.name, i.hwaddr ?? '-', '-']);
    for (const a of i.addresses) rows.push([i.name, i.hwaddr ?? '-', `${a.address}/${a.prefix}`]);
  }
  out.result(interfaces, interfaces.length ? table(rows) : '');
}

/** Ctrl-]: leaves the console, as in virsh. */
const ESCAPE = 0x1d;

async function consoleCmd(conn: Connection, args: Args, out: Out): Promise<void> {
  const dom = await conn.lookupByName(args.positional[0]);
  const stream = await openConsoleStream(dom, args.devName ?? null, 0);
  const stdin = process.stdin;
  const tty = stdin.isTTY === true;
  out.step(`connected to the console of ${dom.name()}${tty ? ' (Ctrl-] leaves)' : ''}`);
  await new Promise<void>((resolve, reject) => {
    let done = false;
    let quiet: NodeJS.Timeout | undefined;
    let stdinEnded = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      if (quiet) clearTimeout(quiet);
      stdin.off('data', onInput);
      stdin.off('end', onEnd);
      if (tty) stdin.setRawMode(false);
      stdin.pause();
      stream.removeAllListeners('data');
      stream.on('error', () => undefined);
      stream.destroy();
      if (err) reject(err);
      else resolve();
    };
    // piped: once stdin ended, wait until the guest has been quiet for a second
    const armQuiet = () => {
      if (!stdinEnded) return;
      if (quiet) clearTimeout(quiet);
      quiet = setTimeout(() => finish(), 1000);
    };
    const onInput = (chunk: Buffer) => {
      const i = chunk.indexOf(ESCAPE);
      if (i >= 0) {
        if (i > 0) stream.write(chunk.subarray(0, i));
        return finish();
      }
      stream.write(chunk);
    };
    const onEnd = () => {
      stdinEnded = true;
      armQuiet();
    };
    stream.on('data', (d: Buffer) => {
      process.stdout.write(d);
      armQuiet();
    });
    stream.on('end', () => finish());
    stream.on('error', (e: Error) => finish(e));
    if (tty) stdin.setRawMode(true);
    stdin.on('data', onInput);
    stdin.on('end', onEnd);
    stdin.resume();
  });
  if (tty) process.stdout.write('\n');
  out.step('console closed');
}

function printError(e: unknown, args: Args, code: string): void {
  const err = e as Error;
  const hint = hints.get(err);
  if (args.json) {
    const body: Record<string, unknown> = { error: { code, message: err.message } };
    if (e instanceof guest.GuestConfigError) Object.assign(body.error as object, { field: e.field, reason: e.reason });
    if (hint) Object.assign(body.error as object, { hint });
    process.stderr.write(JSON.stringify(body) + '\n');
  } else {
    process.stderr.write(`error: ${code}: ${err.message}\n${hint ? `${hint}\n` : ''}`);
  }
}

export async function main(argv: string[]): Promise<number> {
  let args: Args;
  const usageError = (msg: string, command?: string): number => {
    process.stderr.write(`libvirt-napi: ${msg}\n${command && COMMANDS[command] ? commandUsage(command) : usage()}\n`);
    return 2;
  };
  try {
    args = parseArgs(argv);
  } catch (e) {
    return usageError((e as Error).message, argv.find((a) => a in COMMANDS));
  }
  if (args.version) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (args.command === 'help' && !args.help) {
    const [topic] = args.positional;
    if (topic !== undefined && !COMMANDS[topic]) return usageError(`unknown command '${topic}'`);
    process.stdout.write((topic ? commandUsage(topic) : usage()) + '\n');
    return 0;
  }
  const info = COMMANDS[args.command];
  if (args.help) {
    process.stdout.write((info ? commandUsage(args.command) : usage()) + '\n');
    return 0;
  }
  if (!info) {
    const guess = nearest(args.command, Object.keys(COMMANDS));
    return usageError(`unknown command '${args.command}'${guess ? `; did you mean '${guess}'?` : ''}`);
  }
  const [min, max] = info.positional;
  const n = args.positional.length;
  if (n < min || n > max) {
    const want = `${info.synopsis.split(' [')[0]}`;
    return usageError(n < min ? `${args.command} needs ${want}` : `${args.command} takes ${max === 0 ? 'no arguments' : `one ${want}`} (given: ${args.positional.join(' ')})`, args.command);
  }
  if (args.command === 'up') {
    try {
      args.spec = loadSpec(args.positional[0]);
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      printError(e.error, args, 'GuestConfigError');
      return 2;
    }
  }
  const out = new Out(args);
  let conn: Connection | undefined;
  try {
    if (args.command === 'up' || args.command === 'cpu-baseline') out.step(`connecting to ${args.uri}`);
    conn = await open(args.uri);
    const rc = await info.run(conn, args, out);
    return typeof rc === 'number' ? rc : 0;
  } catch (e) {
    const err = e as Error & { code?: string };
    let code = 'ERROR';
    if (e instanceof LibvirtError) code = e.codeName;
    else if (e instanceof guest.GuestConfigError) code = 'GuestConfigError';
    else if (e instanceof xml.XmlError || e instanceof xml.XmlValidationError) code = err.name;
    else if (e instanceof UsageError) return usageError(err.message, args.command);
    else if (err.code === 'ENOENT') code = 'ENOENT';
    printError(e, args, code);
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
