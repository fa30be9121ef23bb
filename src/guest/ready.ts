/**
 * Readiness: waiting until a started guest can be used (running, guest agent
 * answering, an address, or a line on its serial console).
 */
import type { Domain } from '../classes';

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

const VIR_DOMAIN_RUNNING = 1;

/** Waits until `dom` is ready in the sense of `wait`. */
export async function waitReady(dom: Domain, wait: WaitFor, options: WaitOptions = {}): Promise<ReadyResult> {
  if (wait === 'running') {
    options.onProgress?.({ step: 'waiting for running' });
    await dom.waitForState(VIR_DOMAIN_RUNNING, { timeoutMs: options.timeoutMs ?? 300_000, signal: options.signal });
    return {};
  }
  throw new TypeError(`wait: ${JSON.stringify(wait)} is not supported`);
}
