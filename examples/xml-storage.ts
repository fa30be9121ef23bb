// Storage volumes and secrets from typed objects: a qcow2 overlay whose backing store
// is a base image, created in a pool and read back; a secret's XML; what the checks refuse.
// Usage: node xml-storage.js [uri] [pool]   (default test:///default, pool default-pool)
import { open, xml } from 'libvirt-napi';
import type { StorageVol } from 'libvirt-napi';

async function main(): Promise<void> {
  const uri = process.argv[2] ?? 'test:///default';
  const poolName = process.argv[3] ?? 'default-pool';

  const conn = await open(uri);
  try {
    const pool = await conn.storagePoolLookupByName(poolName);
    const dir = xml.parseStoragePool(await pool.XMLDesc(0)).target?.path;
    const base: xml.StorageVolume = {
      name: `lvn-example-${process.pid}-base.qcow2`,
      capacity: { unit: 'GiB', value: 1 },
      target: { format: { type: 'qcow2' } },
    };
    const overlay: xml.StorageVolume = {
      name: `lvn-example-${process.pid}-overlay.qcow2`,
      capacity: { unit: 'GiB', value: 1 },
      target: { format: { type: 'qcow2' } },
      backingStore: { path: `${dir}/${base.name}`, format: { type: 'qcow2' } },
    };
    const created: StorageVol[] = [];
    try {
      for (const def of [base, overlay]) created.push(await pool.createXML(xml.formatStorageVolume(def), 0));
      const back = xml.parseStorageVolume(await created[1].XMLDesc(0));
      console.log(`overlay: ${back.name}, ${back.capacity?.value} ${back.capacity?.unit}, ${back.target?.format?.type}`);
      console.log(`backing store: ${back.backingStore?.path} (${back.backingStore?.format?.type})`);
    } finally {
      for (const vol of created.reverse()) await vol.delete(0);
    }
  } finally {
    await conn.close();
  }

  const secret: xml.Secret = { ephemeral: 'no', private: 'yes', usage: { type: 'ceph', name: 'client.admin' } };
  console.log(xml.formatSecret(secret).split('\n').slice(0, 2).join(' '));
  try {
    xml.formatStorageVolume({ name: 'no-size' });
  } catch (e) {
    console.log(`refused: ${(e as Error).message}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
