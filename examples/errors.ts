// What fails, and how it tells you: libvirt's errors, the binding's own errors, wrong arguments.
// Usage: node errors.js [uri]   (default test:///default)
import { open, LibvirtError, xml, VIR_ERR_NO_DOMAIN } from 'libvirt-napi';

async function main(): Promise<void> {
  const uri = process.argv[2] ?? 'test:///default';
  const conn = await open(uri);

  // libvirt's errors reject with LibvirtError: code and codeName (VIR_ERR_*), domain and domainName (VIR_FROM_*)
  try {
    await conn.lookupByName('no-such-domain');
  } catch (e) {
    if (!(e instanceof LibvirtError)) throw e;
    console.log(`LibvirtError: ${e.codeName} ${e.domainName} no-domain=${e.code === VIR_ERR_NO_DOMAIN}`);
    console.log(`  message: ${e.message}`);
  }

  // Wrong arguments throw at once, before libvirt is called: a TypeError or RangeError naming the argument.
  try {
    await conn.lookupByName(42 as unknown as string);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    console.log(`TypeError: ${e.message}`);
  }

  // Invalid XML is refused by libvirt, malformed XML by the XML layer.
  try {
    await conn.defineXML('<domain/>');
  } catch (e) {
    if (!(e instanceof LibvirtError)) throw e;
    console.log(`defineXML('<domain/>'): ${e.codeName}`);
  }
  try {
    xml.parseDomain('<domain type="test"><name>x</domain>');
  } catch (e) {
    if (!(e instanceof xml.XmlError)) throw e;
    console.log(`XmlError at line ${e.line}, column ${e.column}`);
  }

  // The binding's own errors carry a string code: here a call on a closed connection.
  console.log(`close: ${await conn.close()}`);
  try {
    await conn.getHostname();
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code !== 'ERR_LIBVIRT_CLOSED') throw e;
    console.log(`after close: ${code} (${(e as Error).message})`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
