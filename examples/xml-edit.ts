// The typed XML layer: read a domain's XML as an object, change it, define it again.
// Usage: node xml-edit.js [uri]   (default test:///default)
import { open, xml } from 'libvirt-napi';

async function main(): Promise<void> {
  const uri = process.argv[2] ?? 'test:///default';
  const name = `lvn-example-${process.pid}-xml`;
  const conn = await open(uri);
  try {
    // Which guest architectures the host runs, from its capabilities.
    const caps = xml.parseCapabilities(await conn.getCapabilities());
    const arches = [...new Set((caps.guest ?? []).map((g) => g.arch?.name ?? '?'))].sort();
    console.log(`guest arches: ${arches.join(', ')}`);
    const arch = caps.host?.cpu?.arch ?? arches[0];
    const type = (caps.guest ?? []).find((g) => g.arch?.name === arch)?.arch?.domain?.[0]?.type ?? 'test';

    const dom = await conn.defineXML(
      `<domain type='${type}'><name>${name}</name><memory unit='MiB'>64</memory><os><type>hvm</type></os></domain>`,
    );
    try {
      const def = xml.parseDomain(await dom.XMLDesc(0));       // typed: def.memory = { unit: 'KiB', value: 65536 }
      console.log(`before: memory ${def.memory?.value} ${def.memory?.unit}, vcpus ${def.vcpu?.value}`);

      def.memory = { unit: 'MiB', value: 256 };
      def.currentMemory = { unit: 'MiB', value: 256 };
      def.vcpu = { value: 2 };
      def.description = 'resized by xml-edit <example> & co';   // escaped when formatted
      await conn.defineXML(xml.formatDomain(def));              // same name and UUID: redefines

      const after = xml.parseDomain(await dom.XMLDesc(0));
      console.log(`after: memory ${after.memory?.value} ${after.memory?.unit}, vcpus ${after.vcpu?.value}`);
      console.log(`description: ${after.description}`);
      const unknown = xml.unknownContent(after);              // what the typed model kept untyped
      console.log(`untyped: ${unknown.elements.length} element(s), ${unknown.attributes.length} attribute(s)`);

      // Values libvirt would refuse are caught before libvirt sees them.
      try {
        xml.formatDomain({ ...def, name: 'a/b' });
      } catch (e) {
        if (e instanceof xml.XmlValidationError) console.log(`refused: ${e.message}`);
        else throw e;
      }
      // Malformed XML names the line and column.
      try {
        xml.parseDomain('<domain>\n  <name>x</nam>\n</domain>');
      } catch (e) {
        if (e instanceof xml.XmlError) console.log(`parse error: ${e.message}`);
        else throw e;
      }
    } finally {
      await dom.undefine();
    }
  } finally {
    await conn.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
