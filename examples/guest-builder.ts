// The guest layer: a short spec becomes domain XML the host can run, decided from
// what libvirt reports (capabilities, domain capabilities), never from version tables.
// Usage: node guest-builder.js [uri]   (default qemu:///system)
import { open, guest, xml, VIR_DOMAIN_RUNNING } from 'libvirt-napi';

async function main(): Promise<void> {
  const uri = process.argv[2] ?? 'qemu:///system';
  const name = `lvn-example-${process.pid}-guest`;
  const conn = await open(uri);
  try {
    const capabilities = xml.parseCapabilities(await conn.getCapabilities());
    const arch = capabilities.host?.cpu?.arch ?? 'x86_64';
    const q35 = guest.canonicalMachine(capabilities, arch, 'q35');         // the alias resolved, e.g. pc-q35-7.2
    console.log(`q35 is ${q35}; ${guest.machines(capabilities, arch).length} machine types for ${arch}`);

    // arch, domain type (kvm where offered, qemu otherwise) and machine, as the builder picks them
    const target = guest.resolveGuest({ arch, machine: 'q35' }, { capabilities });
    const domainCapabilities = xml.parseDomainCapabilities(
      await conn.getDomainCapabilities(null, target.arch, target.machine, target.virtType));

    const text = guest.buildDomainXML({
      name, memoryMiB: 128, vcpus: 1, arch, machine: 'q35',
      graphics: { type: 'vnc' },                                              // VNC on 127.0.0.1
    }, { capabilities, domainCapabilities });
    const dom = await conn.defineXML(text);
    try {
      const def = xml.parseDomain(await dom.XMLDesc(0));
      console.log(`defined ${def.name}: type ${def.type}, machine ${def.os?.type?.machine}, ` +
        `${def.devices?.controller?.filter((c) => c.model === 'pcie-root-port').length ?? 0} PCIe root ports`);
      await dom.create();
      const [state] = await dom.waitForState(VIR_DOMAIN_RUNNING, { timeoutMs: 30_000 });
      console.log(`running: ${state === VIR_DOMAIN_RUNNING}`);
      await dom.destroy();
    } finally {
      if (await dom.isActive()) await dom.destroy();
      await dom.undefine();
      console.log(`undefined ${name}`);
    }

    // What the host cannot run is refused before anything is defined.
    try {
      guest.buildDomainXML({
        name, memoryMiB: 128, vcpus: 1, arch, machine: 'q35',
        disks: [{ path: '/var/lib/images/disk.img', bus: 'ide' }],
      }, { capabilities, domainCapabilities });
    } catch (e) {
      if (!(e instanceof guest.GuestConfigError)) throw e;
      console.log(`refused: ${e.field}: ${e.reason}`);
    }
  } finally {
    await conn.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
