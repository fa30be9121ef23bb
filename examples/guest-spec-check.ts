// A guest spec file: checked against the spec's schema (guest-spec.schema.json), then
// built into domain XML for a host, decided from what that host's libvirt reports.
// Usage: node guest-spec-check.js SPEC.json [uri]   (default test:///default)
import * as fs from 'fs';
import { open, guest, xml, LibvirtError } from 'libvirt-napi';

async function main(): Promise<void> {
  const [file, uri = 'test:///default'] = process.argv.slice(2);
  if (!file) throw new Error('usage: node guest-spec-check.js SPEC.json [uri]');

  // 1. The spec's own shape: required fields, unknown fields, values (no connection needed).
  let spec: guest.GuestSpec;
  try {
    spec = guest.checkSpec(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (e) {
    if (!(e instanceof guest.GuestConfigError)) throw e;
    console.log(`${file}: ${e.message}`);       // unknown field 'consolelog' in spec; did you mean 'consoleLog'?
    process.exitCode = 2;
    return;
  }

  // 2. What this host can run: arch, domain type, machine, buses, firmware.
  const conn = await open(uri);
  try {
    const capabilities = xml.parseCapabilities(await conn.getCapabilities());
    const target = guest.resolveGuest(spec, { capabilities });
    let domainCapabilities: xml.DomainCapabilities | undefined;
    try {
      domainCapabilities = xml.parseDomainCapabilities(
        await conn.getDomainCapabilities(null, target.arch, target.machine ?? null, target.virtType));
    } catch (e) {
      if (!(e instanceof LibvirtError && e.codeName === 'VIR_ERR_NO_SUPPORT')) throw e;   // the test driver has none
    }
    const { domain, info } = guest.buildDomainWithInfo(spec, { capabilities, domainCapabilities });
    console.log(`${domain.name}: ${info.virtType}, ${info.arch}, machine ${info.machine ?? '(none)'}`);
    for (const d of domain.devices?.disk ?? []) console.log(`  ${d.device} ${d.target?.dev} on ${d.target?.bus}`);
    console.log(`  ${xml.formatDomain(domain).split('\n').length} lines of domain XML`);
  } finally {
    await conn.close();
  }
}

main().catch((err) => {
  console.error(err instanceof guest.GuestConfigError ? `refused: ${err.message}` : err);
  process.exitCode = 1;
});
