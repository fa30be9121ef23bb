// Typed node device and network filter XML: list the host's devices by capability,
// define a filter from an object literal, read it back.
// Usage: node xml-devices-filters.js [uri]   (default qemu:///system: the test driver has no filters)
import { open, xml } from 'libvirt-napi';

async function main(): Promise<void> {
  const uri = process.argv[2] ?? 'qemu:///system';
  const conn = await open(uri);
  try {
    // Node devices: the capability union narrows on `type`.
    const count = new Map<string, number>();
    for (const dev of await conn.listAllDevices(0)) {
      const def = xml.parseNodeDevice(await dev.XMLDesc(0));
      for (const cap of def.capability ?? []) {
        count.set(cap.type, (count.get(cap.type) ?? 0) + 1);
        if (cap.type === 'system') console.log(`system: ${cap.hardware?.vendor ?? 'unknown vendor'}`);
      }
    }
    const summary = [...count].sort(([a], [b]) => a.localeCompare(b)).map(([t, n]) => `${t} ${n}`);
    console.log(`devices by capability: ${summary.join(', ')}`);

    // A network filter: one property per protocol element, attribute values as strings.
    const filter: xml.NWFilter = {
      name: `lvn-example-${process.pid}-filter`,
      chain: 'ipv4',
      rule: [
        { action: 'accept', direction: 'in', priority: 100, tcp: { dstportstart: '22', state: 'NEW' } },
        { action: 'drop', direction: 'in', priority: 200, all: {} },
      ],
    };
    const defined = await conn.nwfilterDefineXML(xml.formatNWFilter(filter));
    try {
      const back = xml.parseNWFilter(await defined.XMLDesc(0));
      console.log(`filter ${back.chain}: ${back.rule?.map((r) => `${r.action} ${r.direction}`).join(', ')}`);
    } finally {
      await defined.undefine();
    }

    // Values libvirt's parser would refuse are refused before libvirt sees them.
    try {
      xml.formatNWFilter({ ...filter, rule: [{ action: 'accept', direction: 'in', tcp: { dstportstart: '70000' } }] });
    } catch (e) {
      if (e instanceof xml.XmlValidationError) console.log(`refused: ${e.message}`);
      else throw e;
    }
  } finally {
    await conn.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
