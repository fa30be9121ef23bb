// Snapshots and checkpoints from typed objects: create them, read them back, and see
// a snapshot libvirt would refuse caught before it is sent.
// Usage: node xml-snapshot.js [uri]   (default test:///default; the guests are test-driver guests)
import { open, xml, VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA } from 'libvirt-napi';

async function main(): Promise<void> {
  const conn = await open(process.argv[2] ?? 'test:///default');
  const guest = (name: string): xml.Domain => ({
    type: 'test',
    name,
    memory: { unit: 'MiB', value: 64 },
    os: { type: { value: 'hvm' } },
    devices: { disk: [{ type: 'file', device: 'disk', source: { file: `/guest/${name}.img` }, target: { dev: 'vda', bus: 'virtio' } }] },
  });
  // the test driver keeps snapshots and checkpoints apart: one guest for each
  const doms = [
    await conn.defineXML(xml.formatDomain(guest(`lvn-example-${process.pid}-snap`))),
    await conn.defineXML(xml.formatDomain(guest(`lvn-example-${process.pid}-ckpt`))),
  ];
  try {
    const [dom, dom2] = doms;
    await dom.create();
    await dom2.create();
    const def: xml.DomainSnapshot = {
      name: 'before-upgrade',
      description: 'packages as shipped',
      memory: { snapshot: 'internal' },
      disks: { disk: [{ name: 'vda', snapshot: 'internal' }] },
    };
    const snap = await dom.snapshotCreateXML(xml.formatDomainSnapshot(def));
    const back = xml.parseDomainSnapshot(await snap.getXMLDesc());
    console.log(`snapshot ${back.name}: state ${back.state}, memory ${back.memory?.snapshot}, domain ${back.domain?.name}`);

    const ck = await dom2.checkpointCreateXML(xml.formatDomainCheckpoint({
      name: 'nightly-1',
      disks: { disk: [{ name: 'vda', checkpoint: 'bitmap', bitmap: 'nightly-1' }] },
    }));
    const ckBack = xml.parseDomainCheckpoint(await ck.getXMLDesc());
    console.log(`checkpoint ${ckBack.name}: ${ckBack.disks?.disk?.map((d) => `${d.name} ${d.checkpoint}`).join(', ')}`);

    try {
      xml.formatDomainSnapshot({ name: 'no-target', disks: { disk: [{ snapshot: 'no' }] } });
    } catch (e) {
      if (e instanceof xml.XmlValidationError) console.log(`refused: ${e.message}`);
      else throw e;
    }
  } finally {
    for (const d of doms) {
      if (await d.isActive()) await d.destroy();
      await d.undefineFlags(VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA);
    }
    await conn.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
