// From a base image to a running guest and back: guest.up creates a qcow2 overlay over
// the base and a cloud-init seed volume, defines and starts the guest; guest.down removes
// the guest and exactly the volumes up made.
// Usage: node guest-up.js [uri]   (default qemu:///system; needs xorriso for the seed)
import { mkdtempSync, rmSync, chmodSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { open, guest, xml } from 'libvirt-napi';

async function main(): Promise<void> {
  const uri = process.argv[2] ?? 'qemu:///system';
  const prefix = `lvn-example-${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'lvn-example-'));   // this example's own pool (local libvirtd)
  chmodSync(dir, 0o755);
  const conn = await open(uri);
  try {
    const pool = await conn.storagePoolCreateXML(
      xml.formatStoragePool({ type: 'dir', name: `${prefix}-pool`, target: { path: dir } }), 0);
    try {
      // a stand-in for a cloud image: an empty 1 GiB qcow2 volume
      await pool.createXML(xml.formatStorageVolume({
        name: 'base.qcow2', capacity: { unit: 'GiB', value: 1 }, target: { format: { type: 'qcow2' } },
      }), 0);

      const spec: guest.GuestSpec = {
        name: `${prefix}-vm`, memoryMiB: 128, vcpus: 1,
        pool: `${prefix}-pool`,
        disks: [{ image: { pool: `${prefix}-pool`, volume: 'base.qcow2' }, sizeGiB: 2 }],
        cloudInit: { userData: { packages: ['qemu-guest-agent'] }, hostname: 'example' },
      };
      const r = await guest.up(conn, spec, {
        wait: 'running',
        timeoutMs: 60_000,
        onProgress: (p) => { if (p.step !== 'uploading') console.log(`step: ${p.step}`); },
      });
      console.log(`up: ${r.name} (${r.info.virtType}, ${r.info.machine})`);
      for (const v of r.volumes) console.log(`volume: ${v.name} (${v.kind}, ${v.format})`);

      const d = await guest.down(conn, r.name);
      console.log(`down: destroyed ${d.destroyed}, undefined ${d.undefined}, ${d.deletedVolumes.length} volumes deleted`);
      console.log(`left in the pool: ${(await pool.listAllVolumes(0)).map((v) => v.name()).join(', ')}`);
    } finally {
      for (const v of await pool.listAllVolumes(0)) await v.delete(0);
      await pool.destroy();
    }
  } finally {
    await conn.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
