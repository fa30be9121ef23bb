/**
 * Using a running guest through its QEMU guest agent: running a command
 * (guest-exec, guest-exec-status) and reading its addresses.
 */
import { Domain } from '../classes';
import { expectInstance } from '../describe';
import { poll } from './ready';

export interface ExecOptions {
  /** Bytes given to the command's standard input (a string is sent as UTF-8). */
  input?: string | Buffer;
  /** Reject when the command has not exited after this many milliseconds (default 300,000). The command keeps running in the guest: the agent cannot stop it. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ExecResult {
  /** The exit code; null when a signal ended the command. */
  exitCode: number | null;
  /** The signal number that ended the command, if one did. */
  signal?: number;
  /** What the command wrote to its standard output (UTF-8). */
  stdout: string;
  /** What the command wrote to its standard error (UTF-8). */
  stderr: string;
  /** The agent kept only the first part of the output (its limit is 16 MiB per stream). */
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  /** The command's process id in the guest. */
  pid: number;
}

/** The seconds libvirt waits for one agent reply. */
const AGENT_REPLY_TIMEOUT_S = 10;

interface ExecStatus {
  exited: boolean;
  exitcode?: number;
  signal?: number;
  'out-data'?: string;
  'err-data'?: string;
  'out-truncated'?: boolean;
  'err-truncated'?: boolean;
}

async function agentCall<T>(dom: Domain, execute: string, args: Record<string, unknown>): Promise<T> {
  const reply = await dom.qemuAgentCommand(JSON.stringify({ execute, arguments: args }), AGENT_REPLY_TIMEOUT_S, 0);
  const parsed = JSON.parse(reply) as { return?: T; error?: { desc?: string } };
  if (parsed.error) throw new Error(`The guest agent refused ${execute}: ${parsed.error.desc ?? JSON.stringify(parsed.error)}`);
  return parsed.return as T;
}

/**
 * Runs `argv` in the guest through its agent (guest-exec with captured output,
 * then guest-exec-status until it exits) and resolves its exit code and output.
 * argv[0] is looked up in the agent's PATH. A command that cannot be started
 * rejects with the agent's reason.
 */
export async function exec(dom: Domain, argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
  expectInstance(dom, Domain, 'Domain', 'dom');
  if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === 'string'))
    throw new TypeError(`Expected a non-empty array of strings for argv but received ${JSON.stringify(argv) ?? String(argv)}`);
  if (argv[0] === '') throw new TypeError('argv[0] (the program) is empty');
  if (options === null || typeof options !== 'object') throw new TypeError('Expected object for options');
  const { input } = options;
  if (input !== undefined && typeof input !== 'string' && !Buffer.isBuffer(input))
    throw new TypeError(`Expected a string or Buffer for options.input but received ${typeof input}`);
  const timeoutMs = options.timeoutMs ?? 300_000;
  if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0) || !Number.isFinite(timeoutMs))
    throw new RangeError(`Expected a finite number of milliseconds (0 or more) for options.timeoutMs but received ${String(timeoutMs)}`);
  if (options.signal?.aborted) throw options.signal.reason ?? new DOMException('The operation was aborted', 'AbortError');

  const args: Record<string, unknown> = { path: argv[0], arg: argv.slice(1), 'capture-output': true };
  if (input !== undefined) args['input-data'] = Buffer.from(input).toString('base64');
  const { pid } = await agentCall<{ pid: number }>(dom, 'guest-exec', args);
  const status = await poll(dom, `'${argv.join(' ')}' (pid ${pid} in the guest) to exit`, timeoutMs, options, async () => {
    const s = await agentCall<ExecStatus>(dom, 'guest-exec-status', { pid });
    return s.exited ? s : undefined;
  });
  const decode = (b64?: string) => (b64 ? Buffer.from(b64, 'base64').toString('utf8') : '');
  const result: ExecResult = {
    exitCode: status.signal !== undefined && status.exitcode === undefined ? null : (status.exitcode ?? null),
    stdout: decode(status['out-data']),
    stderr: decode(status['err-data']),
    stdoutTruncated: status['out-truncated'] === true,
    stderrTruncated: status['err-truncated'] === true,
    pid,
  };
  if (status.signal !== undefined) result.signal = status.signal;
  return result;
}
