/**
 * Readiness: waiting until a started guest can be used (running, guest agent
 * answering, an address, or a line on its serial console).
 */
import type { Domain, DomainInterface } from '../classes';
import { BindingError, LibvirtError } from '../errors';
import { openConsoleStream } from '../stream';
import * as C from '../generated/constants';

/** What `guest.up` waits for after the start. */
export type WaitFor = 'running' | 'agent' | 'ip' | { console: RegExp };

/** One step of `guest.up` (and of the waits), as reported to `onProgress`. */
export interface Progress {
  /** A short name of the step: 'defining', 'starting', 'waiting for agent', ... */
  step: string;
  /** Details of the step (bytes uploaded, the address found, ...). */
  detail?: Record<string, unknown>;
}

export interface WaitOptions {
  /** Reject after this many milliseconds (default 300,000). */
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

/** What a wait found. */
export interface ReadyResult {
  /** The guest's addresses, when the wait read them ('ip', 'agent'). */
  addresses?: string[];
  /** The console line that matched ({ console }). */
  consoleLine?: string;
}

/** One address of a guest interface. */
export interface GuestAddress {
  type: 'ipv4' | 'ipv6';
  address: string;
  prefix: number;
}

/** A guest network interface as `guest.addresses` reports it. */
export interface GuestInterface {
  /** The interface name inside the guest (agent), or the host-side device name (leases). */
  name: string;
  /** The MAC address. */
  hwaddr: string | null;
  addresses: GuestAddress[];
}

/**
 * The domain stopped (shut off or crashed) while something waited for it.
 * `state` and `reason` are what dom.state() said (VIR_DOMAIN_*).
 */
export class GuestStoppedError extends Error {
  readonly domainName: string;
  readonly state: number;
  readonly reason: number;
  constructor(domainName: string, state: number, reason: number, waitedFor: string) {
    super(
      reason < 0
        ? `Domain '${domainName}' stopped and is gone (a transient domain) while waiting for ${waitedFor}`
        : `Domain '${domainName}' stopped (${STATE_NAMES[state] ?? state}, reason ${reason}) while waiting for ${waitedFor}`,
    );
    this.domainName = domainName;
    this.state = state;
    this.reason = reason;
  }
}
Object.defineProperty(GuestStoppedError.prototype, 'name', { value: 'GuestStoppedError', configurable: true, writable: true, enumerable: false });

const STATE_NAMES: Record<number, string> = {
  [C.VIR_DOMAIN_SHUTOFF]: 'shut off',
  [C.VIR_DOMAIN_CRASHED]: 'crashed',
};

/**
 * The domain's [state, reason]; a transient domain that stopped is gone:
 * [VIR_DOMAIN_SHUTOFF, -1] then.
 */
export async function stateOrGone(dom: Domain): Promise<[number, number]> {
  try {
    return (await dom.state()) as [number, number];
  } catch (e) {
    if (e instanceof LibvirtError && e.code === C.VIR_ERR_NO_DOMAIN) return [C.VIR_DOMAIN_SHUTOFF, -1];
    throw e;
  }
}

/** Whether a [state, reason] means the domain is not running any more. */
export function isStopped(state: number): boolean {
  return state === C.VIR_DOMAIN_SHUTOFF || state === C.VIR_DOMAIN_CRASHED;
}

const DEFAULT_TIMEOUT_MS = 300_000;
/** The first pause between two tries, doubled up to MAX_DELAY_MS. */
const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 1000;
/** The longest a single guest-ping may take (seconds, libvirt's agent timeout). */
const PING_TIMEOUT_S = 5;

/**
 * Waits until `dom` is ready in the sense of `wait`: running, its guest agent answering
 * guest-ping ('agent'), an address from the agent or the DHCP leases ('ip'), or a line of
 * its serial console matching a RegExp (`{ console }`).
 *
 * The console is read from the moment the wait opens it: on a domain that runs already,
 * what the guest printed before is not seen (a line printed once, early in the boot, may
 * have gone by). `guest.up` with `wait: { console }` avoids that by starting the domain
 * paused and resuming it once the console is open; a caller that starts the domain itself
 * can do the same: start it with VIR_DOMAIN_START_PAUSED and resume it on the
 * 'console attached' progress step.
 */
export async function waitReady(dom: Domain, wait: WaitFor, options: WaitOptions = {}): Promise<ReadyResult> {
  return waitReadyThen(dom, wait, options);
}

/** Whether `wait` is a console wait ({ console: RegExp }). */
export function isConsoleWait(wait: unknown): wait is { console: RegExp } {
  return wait !== null && typeof wait === 'object' && (wait as { console?: unknown }).console instanceof RegExp;
}

/**
 * waitReady, running `started` once the wait is under way: for a console wait, once the
 * console is open and read (guest.up resumes the domain it started paused there); for
 * the other waits, at once. A rejection of `started` rejects the wait.
 */
export async function waitReadyThen(dom: Domain, wait: WaitFor, options: WaitOptions = {}, started?: () => Promise<void>): Promise<ReadyResult> {
  const timeoutMs = checkOptions(options);
  if (isConsoleWait(wait)) return waitConsole(dom, wait.console, timeoutMs, options, started);
  if (wait !== 'running' && wait !== 'agent' && wait !== 'ip')
    throw new TypeError(`Expected 'running', 'agent', 'ip' or { console: RegExp } for wait but received ${waitText(wait)}`);
  await started?.();
  if (wait === 'running') {
    options.onProgress?.({ step: 'waiting for running' });
    await dom.waitForState(C.VIR_DOMAIN_RUNNING, { timeoutMs, signal: options.signal });
    return {};
  }
  if (wait === 'agent') return waitAgent(dom, timeoutMs, options);
  return waitIP(dom, timeoutMs, options);
}

function waitText(wait: unknown): string {
  if (wait instanceof RegExp) return String(wait);
  try {
    return JSON.stringify(wait) ?? String(wait);
  } catch {
    return String(wait);
  }
}

function checkOptions(options: WaitOptions): number {
  if (options === null || typeof options !== 'object') throw new TypeError(`Expected object for options but received ${options === null ? 'null' : typeof options}`);
  const t = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (typeof t !== 'number' || !(t >= 0) || !Number.isFinite(t))
    throw new RangeError(`Expected a finite number of milliseconds (0 or more) for options.timeoutMs but received ${String(t)}`);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new TypeError('Expected a function for options.onProgress');
  return t;
}

function domainName(dom: Domain): string {
  try {
    return dom.name();
  } catch {
    return '?';
  }
}

/** The error an aborted signal rejects with: its reason, else an AbortError. */
export function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/**
 * The shared loop of the polling waits: `attempt` runs until it returns a value;
 * between tries a pause from 100 ms doubling to 1 s. Rejects on the deadline
 * (ERR_LIBVIRT_TIMEOUT, naming `what` and the last answer), on abort, and when the
 * domain stops. `attempt` returns undefined to try again, and sets `last` to say why.
 */
export async function poll<T>(
  dom: Domain,
  what: string,
  timeoutMs: number,
  options: WaitOptions,
  attempt: (remainingMs: number, note: (why: string) => void) => Promise<T | undefined>,
): Promise<T> {
  const name = domainName(dom);
  const signal = options.signal;
  if (signal?.aborted) throw abortError(signal);
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  const note = (why: string) => {
    last = why;
  };
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  let stop: ((e: unknown) => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    stop = reject;
  });
  stopped.catch(() => undefined);
  const onAbort = () => stop!(abortError(signal!));
  signal?.addEventListener('abort', onAbort, { once: true });
  const deadlineTimer = setTimeout(
    () => stop!(new BindingError('ERR_LIBVIRT_TIMEOUT', `Timed out after ${timeoutMs} ms waiting for ${what} on domain '${name}' (last: ${last})`)),
    timeoutMs,
  );
  try {
    let delay = FIRST_DELAY_MS;
    for (;;) {
      const [state, reason] = await Promise.race([stateOrGone(dom), stopped]);
      if (isStopped(state)) throw new GuestStoppedError(name, state, reason, what);
      const tryIt = attempt(Math.max(0, deadline - Date.now()), note);
      tryIt.catch(() => undefined);
      const found = await Promise.race([tryIt, stopped]);
      if (found !== undefined) return found;
      await Promise.race([
        new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, delay);
        }),
        stopped,
      ]);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  } finally {
    clearTimeout(deadlineTimer);
    if (timer) clearTimeout(timer);
    wake?.();
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Whether a libvirt error means "the agent is not there yet" (try again). */
function agentNotYet(e: unknown): boolean {
  if (!(e instanceof LibvirtError)) return false;
  return (
    e.code === C.VIR_ERR_AGENT_UNRESPONSIVE ||
    e.code === C.VIR_ERR_AGENT_UNSYNCED ||
    // the domain is not running (yet, or any more: the state check tells which)
    e.code === C.VIR_ERR_OPERATION_INVALID
  );
}

/** One guest-ping; true when the agent answered, false when it is not there yet. */
async function pingOnce(dom: Domain, timeoutS: number, note: (why: string) => void): Promise<boolean> {
  try {
    await dom.qemuAgentCommand('{"execute":"guest-ping"}', timeoutS, 0);
    return true;
  } catch (e) {
    if (!agentNotYet(e)) throw e;
    note((e as Error).message);
    return false;
  }
}

async function waitAgent(dom: Domain, timeoutMs: number, options: WaitOptions): Promise<ReadyResult> {
  options.onProgress?.({ step: 'waiting for agent' });
  const t0 = Date.now();
  await poll(dom, 'the guest agent to answer guest-ping', timeoutMs, options, async (remaining, note) =>
    (await pingOnce(dom, Math.max(1, Math.min(PING_TIMEOUT_S, Math.ceil(remaining / 1000))), note)) ? true : undefined,
  );
  options.onProgress?.({ step: 'agent ready', detail: { ms: Date.now() - t0 } });
  return {};
}

/** Loopback and link-local addresses: not how anyone reaches the guest. */
export function isUsableAddress(a: GuestAddress): boolean {
  const s = a.address.toLowerCase();
  if (a.type === 'ipv4') return !s.startsWith('127.') && !s.startsWith('169.254.') && s !== '0.0.0.0';
  return s !== '::1' && s !== '::' && !/^fe[89ab][0-9a-f]:/.test(s);
}

function toInterfaces(raw: Record<string, DomainInterface>): GuestInterface[] {
  return Object.entries(raw).map(([key, itf]) => ({
    name: itf.name ?? key,
    hwaddr: itf.hwaddr,
    addresses: (itf.addrs ?? [])
      .filter((a) => a.addr)
      .map((a) => ({ type: a.type === C.VIR_IP_ADDR_TYPE_IPV6 ? ('ipv6' as const) : ('ipv4' as const), address: a.addr as string, prefix: a.prefix })),
  }));
}

export interface AddressesOptions {
  /** Also loopback interfaces and link-local addresses (default false). */
  all?: boolean;
}

/** Where `guest.addresses` found the addresses. */
export type AddressSource = 'agent' | 'lease';

/**
 * The guest's interfaces and addresses with their source: from the guest agent
 * when it answers, else from the DHCP leases of the libvirt networks the guest
 * is on (an address the guest configured itself is only known to the agent).
 */
export async function addressesWithSource(dom: Domain, options: AddressesOptions = {}): Promise<{ source: AddressSource; interfaces: GuestInterface[] }> {
  let source: AddressSource = 'agent';
  let raw: Record<string, DomainInterface>;
  try {
    raw = await dom.interfaceAddresses(C.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, 0);
  } catch (e) {
    // no agent configured (ARGUMENT_UNSUPPORTED) or not answering: the leases
    if (!(e instanceof LibvirtError) || !(agentNotYet(e) || e.code === C.VIR_ERR_ARGUMENT_UNSUPPORTED)) throw e;
    source = 'lease';
    raw = await dom.interfaceAddresses(C.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, 0);
  }
  let interfaces = toInterfaces(raw);
  if (!options.all) {
    interfaces = interfaces
      .map((i) => ({ ...i, addresses: i.addresses.filter(isUsableAddress) }))
      .filter((i) => i.name !== 'lo' && !(i.hwaddr === '00:00:00:00:00:00' && i.addresses.length === 0));
  }
  return { source, interfaces };
}

/**
 * The guest's network interfaces and their addresses: from the guest agent when
 * it answers, else from the DHCP leases of libvirt's networks. Without
 * `{ all: true }`, loopback and link-local addresses are left out.
 */
export async function addresses(dom: Domain, options: AddressesOptions = {}): Promise<GuestInterface[]> {
  return (await addressesWithSource(dom, options)).interfaces;
}

async function waitIP(dom: Domain, timeoutMs: number, options: WaitOptions): Promise<ReadyResult> {
  options.onProgress?.({ step: 'waiting for an address' });
  const t0 = Date.now();
  const found = await poll(dom, 'an address (guest agent or DHCP lease)', timeoutMs, options, async (_remaining, note) => {
    let r: { source: AddressSource; interfaces: GuestInterface[] };
    try {
      r = await addressesWithSource(dom);
    } catch (e) {
      if (!agentNotYet(e)) throw e;
      note((e as Error).message);
      return undefined;
    }
    const list = r.interfaces.flatMap((i) => i.addresses.map((a) => a.address));
    if (list.length === 0) {
      note(r.source === 'agent' ? 'the agent reports no address yet' : 'no DHCP lease yet (and no agent answering)');
      return undefined;
    }
    return { list, source: r.source };
  });
  options.onProgress?.({ step: 'address found', detail: { addresses: found.list, source: found.source, ms: Date.now() - t0 } });
  return { addresses: found.list };
}

/** How long a partial console line (a prompt) must stay unchanged to be matched. */
const PROMPT_QUIET_MS = 300;

/** Terminal escapes (colours, cursor moves) a guest's console output may carry. */
const ESCAPES = /\x1b(\[[0-9;?]*[A-Za-z]|[()][0-9A-Za-z]|[78=>cDEHMZ])/g;

async function waitConsole(dom: Domain, pattern: RegExp, timeoutMs: number, options: WaitOptions, started?: () => Promise<void>): Promise<ReadyResult> {
  const name = domainName(dom);
  const signal = options.signal;
  if (signal?.aborted) throw abortError(signal);
  const what = `a console line matching ${pattern}`;
  const re = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  options.onProgress?.({ step: 'waiting for console', detail: { pattern: String(pattern) } });
  const t0 = Date.now();
  const stream = await openConsoleStream(dom, null, 0);
  // lines the guest prints from here on are seen: a caller that started the
  // domain paused resumes it on this step
  options.onProgress?.({ step: 'console attached' });
  return new Promise<ReadyResult>((resolve, reject) => {
    let pending = '';
    let done = false;
    let prompt: NodeJS.Timeout | undefined;
    const finish = (err: unknown, line?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (prompt) clearTimeout(prompt);
      signal?.removeEventListener('abort', onAbort);
      stream.removeAllListeners('data');
      stream.on('error', () => undefined);
      stream.destroy();
      if (err) return reject(err);
      options.onProgress?.({ step: 'console line seen', detail: { line, ms: Date.now() - t0 } });
      resolve({ consoleLine: line });
    };
    const onAbort = () => finish(abortError(signal!));
    const timer = setTimeout(() => {
      const tail = pending.replace(ESCAPES, '').trim().slice(-200);
      finish(new BindingError('ERR_LIBVIRT_TIMEOUT', `Timed out after ${timeoutMs} ms waiting for ${what} on the console of domain '${name}'${tail ? ` (last output: ${JSON.stringify(tail)})` : ''}`));
    }, timeoutMs);
    const test = (line: string): boolean => {
      const plain = line.replace(ESCAPES, '').replace(/\r/g, '');
      if (!re.test(plain)) return false;
      finish(null, plain);
      return true;
    };
    stream.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) if (test(l)) return;
      if (pending.length > 65536) pending = pending.slice(-4096);
      // a prompt ("login: ") gets no newline: a partial line counts once the guest is quiet
      if (prompt) clearTimeout(prompt);
      if (pending) prompt = setTimeout(() => !done && test(pending), PROMPT_QUIET_MS);
    });
    const ended = (e?: Error) => {
      if (done) return;
      // the console closes when the domain stops: say so, else pass libvirt's error on
      // libvirt may see the end of QEMU a moment after the console closed
      const until = Date.now() + 5000;
      const look = () =>
        stateOrGone(dom).then(
          ([state, reason]) => {
            if (isStopped(state)) finish(new GuestStoppedError(name, state, reason, what));
            else if (Date.now() < until && !done) setTimeout(look, 100);
            else finish(e ?? new Error(`The console of domain '${name}' closed while waiting for ${what}`));
          },
          (e2: unknown) => finish(e ?? e2),
        );
      void look();
    };
    stream.on('end', () => ended());
    stream.on('error', (e: Error) => ended(e));
    // aborted while the console was being opened: no 'abort' event comes any more
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    // the console is read from here on: the caller may let the guest run
    if (started && !done) started().then(undefined, (e: unknown) => finish(e));
  });
}
