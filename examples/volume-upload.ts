// Upload data into a storage volume through a stream, and download it again.
// Usage: node volume-upload.js [uri]   (default qemu:///system; the test driver has no volume streams)
import { createHash, randomBytes } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { pipeline } from 'stream/promises';
import { Readable, Writable } from 'stream';
import { open, volumeUpload, volumeDownload } from 'libvirt-napi';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function main(): Promise<void> {
  const uri = process.argv[2] ?? 'qemu:///system';
  const name = `lvn-example-${process.pid}-pool`;
  const dir = mkdtempSync(join(tmpdir(), 'lvn-example-'));   // the pool's directory (local libvirtd)
  const conn = await open(uri);
  try {
    // A transient directory pool: it disappears when destroyed.
    const pool = await conn.storagePoolCreateXML(
      `<pool type='dir'><name>${name}</name><target><path>${dir}</path></target></pool>`, 0);
    try {
      const size = 1024 * 1024;
      const vol = await pool.createXML(
        `<volume><name>data.img</name><capacity unit='bytes'>${size}</capacity><target><format type='raw'/></target></volume>`, 0);
      try {
        const data = randomBytes(size);
        // volumeUpload is a Writable; pipeline ends it, which finishes the libvirt stream
        await pipeline(Readable.from([data]), await volumeUpload(vol, 0, size));
        console.log(`uploaded ${data.length} bytes, sha256 ${sha256(data)}`);

        const chunks: Buffer[] = [];
        await pipeline(await volumeDownload(vol), new Writable({
          write(chunk: Buffer, _enc, done) { chunks.push(chunk); done(); },
        }));
        const back = Buffer.concat(chunks);
        console.log(`downloaded ${back.length} bytes, sha256 ${sha256(back)}`);

        // The same with libvirt's stream calls, as in C or python: recvAll calls the handler per chunk.
        const st = await conn.newStream(0);
        await vol.download(st, 0, 0, 0);
        let received = 0;
        await st.recvAll((chunk) => { received += chunk.length; });
        await st.finish();
        st.free();
        console.log(`raw download: ${received} bytes`);

        const info = await vol.info();                      // { type, capacity, allocation }: bigint
        console.log(`volume ${vol.name()}: capacity ${info.capacity} bytes, path ${await vol.path()}`);
      } finally {
        await vol.delete(0);
      }
    } finally {
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
