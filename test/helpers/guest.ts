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

import { open } from '../../src';
import type { Connection } from '../../src';
import { cleanupDomains, SYSTEM_URI } from './libvirt';

/**
 * Removes this run's test domains through a fresh connection (the test's own may have
 * been cut by a libvirtd restart on this shared machine), then closes `conn`.
 */
export async function cleanupFresh(conn: Connection | null): Promise<void> {
  if (!conn) return;
  await conn.close().catch(() => undefined);
  const fresh = await open(SYSTEM_URI);
  try {
    await cleanupDomains(fresh);
  } finally {
    await fresh.close();
  }
}
