// The bootable test guest: Debian's kernel and the busybox initramfs of
// scripts/make-test-initramfs.sh, built into a directory made with mkdtemp
// (0755, readable by libvirt's qemu user) and removed after the test file, or
// into $LIBVIRT_NAPI_GUEST_DIR when set (kept, and reused by later runs).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';

let madeDir: string | null = null;
/** Domain type for real boots: TCG by default (see test/guest-boot.test.ts); kvm on request. */
export const GUEST_VIRT_TYPE = process.env.LIBVIRT_NAPI_GUEST_VIRT_TYPE || 'qemu';

/** Builds (or reuses) the test kernel + initramfs; returns their paths. */
export function prepareTestGuest(): { kernel: string; initrd: string } {
  let dir = process.env.LIBVIRT_NAPI_GUEST_DIR;
  if (!dir) {
    madeDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'libvirt-napi-guest-'));
    fs.chmodSync(madeDir, 0o755);
    dir = madeDir;
  }
  const out = execFileSync('bash', [path.resolve(__dirname, '../../scripts/make-test-initramfs.sh'), dir], { encoding: 'utf8' });
  return { kernel: /^KERNEL=(.+)$/m.exec(out)![1], initrd: /^INITRD=(.+)$/m.exec(out)![1] };
}
// Each test file loads its own copy of this module, so this runs after each file.
afterAll(() => {
  if (madeDir) fs.rmSync(madeDir, { recursive: true, force: true });
  madeDir = null;
});

import type { Connection } from '../../src';
import { cleanupDomains, openSystem } from './libvirt';

/**
 * The first 192.168.2xx.0/24 or 10.2xx.x.0/24 that no host address, route or libvirt
 * network uses, as 'A.B.C'. The candidates start at a place of the process id, so that
 * test files running at the same time rarely try the same one.
 */
export async function freeSubnet(c: Connection): Promise<string> {
  let used = execFileSync('ip', ['-4', '-o', 'addr'], { encoding: 'utf8' }) + execFileSync('ip', ['-4', 'route'], { encoding: 'utf8' });
  for (const n of await c.listAllNetworks()) used += await n.XMLDesc(0);
  const candidates: string[] = [];
  for (let i = 0; i < 50; i++) candidates.push(`192.168.${200 + ((process.pid + i * 7) % 50)}`);
  for (let i = 0; i < 50; i++) candidates.push(`10.${200 + ((process.pid + i) % 50)}.${(process.pid >> 3) % 250}`);
  // a prefix followed by '.', after a non-digit: in an address, a route or a network's XML
  const free = candidates.find((p) => !new RegExp(`(^|[^0-9.])${p.replace(/\./g, '\\.')}\\.`, 'm').test(used));
  if (!free) throw new Error('no free /24 for the isolated test network');
  return free;
}

/**
 * An isolated libvirt network (no <forward>: only the host and the guests on its bridge)
 * with the host at A.B.C.1/24 and no DNS; with `dhcp`, dnsmasq leases A.B.C.<start> to
 * A.B.C.<end>, else the guests configure their addresses themselves.
 */
export function isolatedNetworkXML(name: string, subnet: string, dhcp?: { start: number; end: number }): string {
  const range = dhcp ? `<dhcp><range start='${subnet}.${dhcp.start}' end='${subnet}.${dhcp.end}'/></dhcp>` : '';
  return `<network><name>${name}</name><dns enable='no'/><ip address='${subnet}.1' prefix='24'>${range}</ip></network>`;
}

/**
 * The set-up of the tests that boot the test kernel on qemu:///system: before the file,
 * the connection (null when it cannot be reached outside CI) and the kernel + initramfs
 * of prepareTestGuest; after it, this run's domains removed (cleanupFresh).
 */
export function systemTestGuest(): { conn: Connection | null; files: { kernel: string; initrd: string } } {
  const env = { conn: null as Connection | null, files: { kernel: '', initrd: '' } };
  beforeAll(async () => {
    env.conn = await openSystem();
    if (env.conn) env.files = prepareTestGuest();
  });
  afterAll(async () => {
    await cleanupFresh(env.conn);
  });
  return env;
}

/**
 * Removes this run's test domains (through a new connection when `conn` was cut by a
 * libvirtd restart: cleanupDomains), then closes `conn`.
 */
export async function cleanupFresh(conn: Connection | null): Promise<void> {
  if (!conn) return;
  try {
    await cleanupDomains(conn);
  } finally {
    await conn.close().catch(() => undefined);
  }
}
