// Shared test helpers: connections, unique names, guest XML, cleanup.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { open, Connection, Domain, LibvirtError } from '../../src';
import * as C from '../../src';

export const TEST_URI = 'test:///default';
export const SYSTEM_URI = process.env.LIBVIRT_NAPI_SYSTEM_URI || 'qemu:///system';
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';
export const CORPUS = path.resolve(__dirname, '../../../shared/corpus');

let counter = 0;
/** A name no other test (or test run) uses: lvn-test-<pid>-<n>-<tag>. */
export function uniqueName(tag: string): string {
  counter += 1;
  return `${PREFIX}${counter}-${tag}`;
}
export const PREFIX = `lvn-test-${process.pid}-`;

/**
 * Opens qemu:///system. Outside CI, a machine without libvirtd skips the
 * real-hypervisor tests with a printed reason; under CI=true it fails.
 */
export async function openSystem(): Promise<Connection | null> {
  try {
    return await open(SYSTEM_URI);
  } catch (e) {
    if (IN_CI) throw new Error(`CI=true but ${SYSTEM_URI} cannot be reached: ${(e as Error).message}`);
    // eslint-disable-next-line no-console
    console.warn(`SKIPPED real-hypervisor tests: ${SYSTEM_URI} not reachable (${(e as Error).message})`);
    return null;
  }
}

/**
 * Destroys and undefines every domain of this test run (prefix match). When `conn` no
 * longer answers (the daemon restarted during the test), it cleans up through a new
 * connection to the same URI.
 */
export async function cleanupDomains(conn: Connection | null, prefix = PREFIX): Promise<void> {
  if (!conn) return;
  let doms: Domain[];
  try {
    doms = await conn.listAllDomains();
  } catch (e) {
    const again = await open(await conn.getURI().catch(() => SYSTEM_URI)).catch(() => null);
    if (!again) throw e;
    try {
      await cleanupDomains(again, prefix);
    } finally {
      await again.close().catch(() => undefined);
    }
    return;
  }
  for (const d of doms) {
    if (!d.name().startsWith(prefix)) continue;
    try {
      if (await d.isActive()) await d.destroy();
    } catch {
      /* already gone */
    }
    try {
      if (await d.isPersistent())
        await d.undefineFlags(
          C.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | C.VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA | C.VIR_DOMAIN_UNDEFINE_NVRAM,
        );
    } catch {
      /* already gone */
    }
  }
}

/** 'kvm' where the host's capabilities offer it for x86_64, 'qemu' (TCG) otherwise. */
export async function x86DomainType(conn: Connection): Promise<'kvm' | 'qemu'> {
  const caps = await conn.getCapabilities();
  const guests = caps.split('<guest>').slice(1);
  const x86 = guests.find((g) => /<arch name=['"]x86_64['"]/.test(g));
  if (!x86) throw new Error('host capabilities list no x86_64 guest');
  return /<domain type=['"]kvm['"]/.test(x86) ? 'kvm' : 'qemu';
}

let logDir: string | null = null;
/**
 * This test file's directory for guest files (serial logs, boot disks): made with
 * mkdtemp, 0755 so that libvirt's qemu user can reach the files, removed after the
 * file's tests.
 */
function guestFileDir(): string {
  const dir = logDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'libvirt-napi-test-'));
  fs.chmodSync(dir, 0o755);
  logDir = dir;
  return dir;
}
/** A log path for a guest's serial console (in guestFileDir()). */
export function serialLog(name: string): string {
  return path.join(guestFileDir(), `${name}.log`);
}
// Each test file loads its own copy of this module, so this runs after each file.
afterAll(() => {
  if (logDir) fs.rmSync(logDir, { recursive: true, force: true });
  logDir = null;
});

/** A diskless SeaBIOS guest (BIOS output on the serial port) with the given serial devices. */
function disklessGuestXML(name: string, type: string, serial: string, balloon: 'none' | 'virtio', extra = ''): string {
  return `<domain type='${type}'>
  <name>${name}</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/><bios useserial='yes'/></os>
  <on_poweroff>destroy</on_poweroff>
  <devices>
    ${serial}
    <memballoon model='${balloon}'/>
    ${extra}
  </devices>
</domain>`;
}

/** A diskless guest whose SeaBIOS writes to a serial log file. */
export function biosGuestXML(name: string, type: string, log: string, extra = ''): string {
  return disklessGuestXML(name, type, `<serial type='file'><source path='${log}'/><target port='0'/></serial>`, 'none', extra);
}

/** A diskless guest whose serial port is a pty console (for console streams). */
export function consoleGuestXML(name: string, type: string, balloon: 'none' | 'virtio' = 'none'): string {
  return disklessGuestXML(
    name, type,
    "<serial type='pty'><target port='0'/></serial><console type='pty'><target type='serial' port='0'/></console>",
    balloon,
  );
}

/** A minimal guest for libvirt's test driver. */
export function testGuestXML(name: string): string {
  return `<domain type='test'><name>${name}</name><memory>65536</memory><os><type>hvm</type></os></domain>`;
}

/** Polls until fn() is true (for effects libvirt applies asynchronously). */
export async function until(fn: () => Promise<boolean> | boolean, timeoutMs = 15000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await fn()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The rejection of p, asserting it is a LibvirtError. */
export async function libvirtError(p: Promise<unknown>): Promise<LibvirtError> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof LibvirtError)) throw new Error(`expected a LibvirtError, got ${String(e)}`);
    return e;
  }
  throw new Error('expected the promise to reject, it resolved');
}

export async function exists(conn: Connection, name: string): Promise<boolean> {
  try {
    const d: Domain = await conn.lookupByName(name);
    d.free();
    return true;
  } catch (e) {
    if (e instanceof LibvirtError && e.codeName === 'VIR_ERR_NO_DOMAIN') return false;
    throw e;
  }
}

/**
 * The error fn() throws. Errors raised by the addon come from Node's own
 * realm, not jest's sandbox, so tests compare `name`, not instanceof.
 */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw, nothing was thrown');
}

/**
 * A 512-byte boot sector that prints "LVN-POWEROFF" on COM1 and powers the
 * machine off through the PIIX4 ACPI port SeaBIOS sets up (0x604, S5): a real
 * guest that shuts itself down in well under a second.
 */
export function poweroffDisk(name: string): string {
  const msg = Buffer.from('LVN-POWEROFF\r\n\0', 'latin1');
  const code = Buffer.from([
    0xfc, 0x31, 0xc0, 0x8e, 0xd8, // cld; xor ax,ax; mov ds,ax
    0xbe, 0x00, 0x00, //             mov si, msg
    0xac, 0x84, 0xc0, 0x74, 0x06, // lodsb; test al,al; jz poweroff
    0xba, 0xf8, 0x03, 0xee, //       mov dx,0x3f8; out dx,al
    0xeb, 0xf5, //                   jmp lodsb
    0xba, 0x04, 0x06, 0xb8, 0x00, 0x20, 0xef, // mov dx,0x604; mov ax,0x2000; out dx,ax
    0xf4, 0xeb, 0xfd, //             hlt; jmp $-1
  ]);
  const addr = 0x7c00 + code.length;
  code[6] = addr & 0xff;
  code[7] = addr >> 8;
  const img = Buffer.alloc(512);
  Buffer.concat([code, msg]).copy(img);
  img[510] = 0x55;
  img[511] = 0xaa;
  const p = path.join(guestFileDir(), `${name}.img`);
  fs.writeFileSync(p, img);
  return p;
}

/** A guest booting poweroffDisk(): prints its marker to `log`, then powers off. */
export function poweroffGuestXML(name: string, type: string, disk: string, log: string): string {
  return `<domain type='${type}'>
  <name>${name}</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
  <features><acpi/></features>
  <on_poweroff>destroy</on_poweroff>
  <devices>
    <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='${disk}'/><target dev='hda' bus='ide'/></disk>
    <serial type='file'><source path='${log}'/><target port='0'/></serial>
    <memballoon model='none'/>
  </devices>
</domain>`;
}

/**
 * A pids cgroup of its own (v1 or v2) for a child process that root moves
 * into it and limits to the threads it has; the caller removes it.
 */
export function makePidsCgroup(tag: string): string {
  const v2 = fs.existsSync('/sys/fs/cgroup/cgroup.controllers') &&
    fs.readFileSync('/sys/fs/cgroup/cgroup.controllers', 'utf8').split(/\s+/).includes('pids');
  const base = v2 ? '/sys/fs/cgroup' : '/sys/fs/cgroup/pids';
  expect(fs.existsSync(path.join(base, 'cgroup.procs'))).toBe(true); // a pids controller, v1 or v2
  const dir = path.join(base, `${tag}-${process.pid}`);
  fs.mkdirSync(dir);
  return dir;
}

/** The SASL test user of the daemon scripts/libvirtd.sh runs (its TCP+SASL listener). */
export interface SaslUser {
  user: string;
  password: string;
  uri: string;
}
export const SASL_USER_FILE = '/etc/libvirt-napi/sasl-user.json';
/**
 * Reads SASL_USER_FILE. When it is missing: under CI=true, throws; otherwise
 * prints "SKIPPED <what>: <why>" and returns null (the caller returns early).
 */
export function saslUser(what: string): SaslUser | null {
  if (fs.existsSync(SASL_USER_FILE)) return JSON.parse(fs.readFileSync(SASL_USER_FILE, 'utf8')) as SaslUser;
  const why = `${SASL_USER_FILE} missing: the libvirtd here was not started by scripts/libvirtd.sh (no TCP+SASL listener; npm test's set-up starts it)`;
  if (IN_CI) throw new Error(why);
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED ${what}: ${why}`);
  return null;
}
