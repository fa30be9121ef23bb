/**
 * guest.waitReady on qemu:///system with the busybox test guest of
 * scripts/make-test-initramfs.sh (prints a marker line on ttyS0, powers off):
 * a console line is found through the console stream; timeouts, aborts and a
 * guest that stops while awaited reject with errors that say so. Guests that must
 * not get anywhere are kept paused, so the outcome does not depend on the
 * host's speed (TCG or KVM).
 */
import { guest, xml, BindingError, LibvirtError, VIR_DOMAIN_START_PAUSED, VIR_DOMAIN_SHUTOFF, VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_ERR_OPERATION_INVALID } from '../src';
import type { Domain } from '../src';
import * as path from 'path';
import { execFileSync, spawnSync } from 'child_process';
import { uniqueName, SYSTEM_URI } from './helpers/libvirt';
import { GUEST_VIRT_TYPE, systemTestGuest } from './helpers/guest';

const env = systemTestGuest();

const AGENT_CHANNEL = "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>";

/** Defines the test guest (with a guest agent channel when asked) and starts it paused. */
async function pausedGuest(tag: string, token: string, agentChannel = false, cmdline?: string): Promise<Domain> {
  const c = env.conn!;
  const spec: guest.GuestSpec = {
    name: uniqueName(tag), memoryMiB: 256, vcpus: 1, arch: 'x86_64', virtType: GUEST_VIRT_TYPE,
    kernel: env.files.kernel, initrd: env.files.initrd, cmdline: cmdline ?? `console=ttyS0 panic=-1 marker=${token}`,
  };
  const caps = xml.parseCapabilities(await c.getCapabilities());
  let text = guest.buildDomainXML(spec, { capabilities: caps });
  if (agentChannel) text = text.replace('</devices>', `${AGENT_CHANNEL}</devices>`);
  const dom = await c.defineXML(text);
  await dom.createWithFlags(VIR_DOMAIN_START_PAUSED);
  return dom;
}

async function remove(dom: Domain): Promise<void> {
  if (await dom.isActive()) await dom.destroy().catch(() => undefined);
  await dom.undefine();
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

test('{ console } resolves the matching line, read from the console stream; then the guest powers off and an agent wait says it stopped', async () => {
  if (!env.conn) return;
  const token = `ready-${process.pid}`;
  const dom = await pausedGuest('ready-console', token);
  try {
    const steps: string[] = [];
    const r = await guest.waitReady(dom, { console: new RegExp(`LIBVIRT-NAPI-MARKER ${token} `) }, {
      timeoutMs: 120_000,
      // resumed only once the console is attached: nothing the guest prints is missed
      onProgress: (p) => {
        steps.push(p.step);
        if (p.step === 'console attached') void dom.resume();
      },
    });
    expect(r.consoleLine).toMatch(new RegExp(`^LIBVIRT-NAPI-MARKER ${token} uptime=\\d+\\.\\d+$`));
    expect(steps).toEqual(['waiting for console', 'console attached', 'console line seen']);
    // the guest powers off after the marker: the agent (none here) is never awaited for ever
    const e = await rejection(guest.waitReady(dom, 'agent', { timeoutMs: 120_000 }));
    // no agent channel: libvirt says so at once, or the guest is already off
    if (e instanceof guest.GuestStoppedError) {
      expect(e.message).toMatch(/stopped \(shut off/);
    } else {
      expect(e).toBeInstanceOf(LibvirtError);
      expect((e as LibvirtError).code).toBe(VIR_ERR_ARGUMENT_UNSUPPORTED);
      expect(e.message).toMatch(/agent is not configured/);
    }
  } finally {
    await remove(dom);
  }
}, 180_000);

test('up with wait { console } starts the guest paused and resumes it once the console is read: SeaBIOS\'s first line is seen every time', async () => {
  if (!env.conn) return;
  // a diskless guest whose SeaBIOS writes to the serial console (biosSerial): its banner
  // comes in the first moments after the start
  for (let i = 0; i < 3; i++) {
    const name = uniqueName(`ready-bios-${i}`);
    const steps: string[] = [];
    const r = await guest.up(env.conn, { name, memoryMiB: 64, vcpus: 1, arch: 'x86_64', virtType: GUEST_VIRT_TYPE, machine: 'pc', biosSerial: true }, {
      wait: { console: /SeaBIOS/ }, timeoutMs: 20_000,
      onProgress: (p) => {
        steps.push(p.step);
        // the console is opened 2 s after the start, as on a busy host: a guest that
        // ran meanwhile has printed its banner before anyone read the console
        if (p.step === 'waiting for console') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
      },
    });
    try {
      expect(xml.parseDomain(await r.domain.XMLDesc(0)).os?.bios).toEqual({ useserial: 'yes' });
      expect(r.ready.consoleLine).toMatch(/^SeaBIOS \(version /);
      // paused until the console was read
      expect(steps).toEqual(['reading host capabilities', 'building', 'defining', 'starting', 'waiting for console', 'console attached', 'resuming', 'console line seen', 'ready']);
    } finally {
      await guest.down(env.conn, name);
    }
  }
}, 120_000);

test('a guest that powers off while its console is awaited rejects with GuestStoppedError, and so does an agent wait', async () => {
  if (!env.conn) return;
  const dom = await pausedGuest('ready-stop', `stop-${process.pid}`, true);
  try {
    const consoleWait = guest.waitReady(dom, { console: /a line this guest never prints/ }, {
      timeoutMs: 120_000,
      onProgress: (p) => {
        if (p.step === 'console attached') void dom.resume();
      },
    });
    // the agent channel is there but no agent ever connects: retried until the guest stops
    const agentWait = guest.waitReady(dom, 'agent', { timeoutMs: 120_000 });
    for (const e of await Promise.all([rejection(consoleWait), rejection(agentWait)])) {
      if (!(e instanceof guest.GuestStoppedError)) throw e;
      expect(e).toBeInstanceOf(guest.GuestStoppedError);
      expect(e.message).toMatch(new RegExp(`^Domain '${dom.name()}' stopped \\(shut off, reason \\d+\\) while waiting for `));
      expect((e as guest.GuestStoppedError).state).toBe(VIR_DOMAIN_SHUTOFF);
    }
  } finally {
    await remove(dom);
  }
}, 180_000);

test('timeouts reject with ERR_LIBVIRT_TIMEOUT naming what was awaited; an abort rejects with the signal\'s reason', async () => {
  if (!env.conn) return;
  // paused for the whole test: no output, no agent, no address
  const dom = await pausedGuest('ready-paused', `paused-${process.pid}`, true);
  try {
    const t0 = Date.now();
    const waits: [guest.WaitFor, RegExp][] = [
      [{ console: /never/ }, /^Timed out after 700 ms waiting for a console line matching \/never\/ on the console of domain '.+'$/],
      ['agent', /^Timed out after 700 ms waiting for the guest agent to answer guest-ping on domain '.+' \(last: .*domain is not running\)$/],
      ['ip', /^Timed out after 700 ms waiting for an address \(guest agent or DHCP lease\) on domain '.+' \(last: .+\)$/],
    ];
    for (const [wait, message] of waits) {
      const e = await rejection(guest.waitReady(dom, wait, { timeoutMs: 700 }));
      expect(e).toBeInstanceOf(BindingError);
      expect((e as BindingError).code).toBe('ERR_LIBVIRT_TIMEOUT');
      expect(e.message).toMatch(message);
    }
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2100);

    for (const wait of [{ console: /never/ }, 'agent', 'ip'] as guest.WaitFor[]) {
      const ac = new AbortController();
      const reason = new Error(`stop waiting for ${JSON.stringify(String(wait))}`);
      setTimeout(() => ac.abort(reason), 300);
      expect(await rejection(guest.waitReady(dom, wait, { timeoutMs: 60_000, signal: ac.signal }))).toBe(reason);
      // an already aborted signal: an AbortError without starting
      const done = new AbortController();
      done.abort();
      expect((await rejection(guest.waitReady(dom, wait, { signal: done.signal }))).name).toBe('AbortError');
    }
    // the console is free again after each wait (a stream left open would make this fail)
    const e = await rejection(guest.waitReady(dom, { console: /never/ }, { timeoutMs: 200 }));
    expect((e as BindingError).code).toBe('ERR_LIBVIRT_TIMEOUT');
  } finally {
    await remove(dom);
  }
}, 120_000);

test('bad arguments are refused with errors that name them', async () => {
  if (!env.conn) return;
  const dom = await pausedGuest('ready-args', 'args');
  try {
    await expect(guest.waitReady(dom, 'ssh' as never)).rejects.toThrow(/^Expected 'running', 'agent', 'ip' or \{ console: RegExp \} for wait but received "ssh"$/);
    await expect(guest.waitReady(dom, { console: 'login:' } as never)).rejects.toThrow(/for wait but received \{"console":"login:"\}/);
    await expect(guest.waitReady(dom, 'agent', { timeoutMs: -1 })).rejects.toThrow(/options\.timeoutMs but received -1/);
    await expect(guest.exec(dom, [])).rejects.toThrow(/non-empty array of strings for argv/);
    await expect(guest.exec(dom, ['cat', 3 as never])).rejects.toThrow(/for argv but received \["cat",3\]/);
    // a paused guest: libvirt's own error
    const e = await rejection(guest.exec(dom, ['true']));
    expect((e as LibvirtError).code).toBe(VIR_ERR_OPERATION_INVALID);
    expect(e.message).toMatch(/domain is not running/);
  } finally {
    await remove(dom);
  }
}, 60_000);

test('the CLI console with piped stdio: stdin goes to the guest, its output to stdout, and it ends after stdin', async () => {
  if (!env.conn) return;
  const root = path.resolve(__dirname, '..');
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
  execFileSync(process.execPath, [path.join(root, 'scripts/postbuild.js')], { cwd: root, stdio: 'pipe' });
  // a shell on the serial console instead of the marker init
  const dom = await pausedGuest('ready-shell', 'shell', false, 'console=ttyS0 rdinit=/bin/sh');
  try {
    // the shell's first prompt: it reads the console from now on
    await guest.waitReady(dom, { console: /\/ # $|job control/ }, {
      timeoutMs: 120_000,
      onProgress: (p) => {
        if (p.step === 'console attached') void dom.resume();
      },
    });
    const r = spawnSync(process.execPath, [path.join(root, 'dist/cli/index.js'), '-c', SYSTEM_URI, 'console', dom.name()], {
      input: 'echo CLI-$((6*7))\n', encoding: 'utf8', timeout: 60_000,
    });
    expect(r.status).toBe(0);
    // the guest's answer (the echoed input shows $((6*7)), not 42)
    expect(r.stdout).toMatch(/^CLI-42\r?$/m);
    expect(r.stderr).toMatch(/connected to the console of /);
    // the console is free again
    await expect(guest.waitReady(dom, { console: /never/ }, { timeoutMs: 300 })).rejects.toThrow(/Timed out after 300 ms/);
    // Ctrl-] in the input ends it at once, before what follows is sent
    const esc = spawnSync(process.execPath, [path.join(root, 'dist/cli/index.js'), '-c', SYSTEM_URI, 'console', dom.name(), '-q'], {
      input: 'echo BEFORE-$((1+1))\n\x1decho AFTER-$((2+2))\n', encoding: 'utf8', timeout: 60_000,
    });
    expect(esc.status).toBe(0);
    expect(esc.stdout).not.toMatch(/AFTER/);
  } finally {
    await remove(dom);
  }
}, 240_000);
