// What a host offers guests, as its libvirt reports it: machine types and their
// aliases, the device rules of a machine family, and which CPU a fleet can share.
// Usage: node guest-spec-host.js [uri]   (default qemu:///system)
import { open, guest, xml } from 'libvirt-napi';

async function main(): Promise<void> {
  const uri = process.argv[2] ?? 'qemu:///system';
  const conn = await open(uri);
  try {
    const capsXML = await conn.getCapabilities();
    const capabilities = xml.parseCapabilities(capsXML);
    const arch = capabilities.host?.cpu?.arch ?? 'x86_64';

    // machine types: canonical names, the aliases libvirt resolves (pc, q35, virt ...)
    const list = guest.machines(capabilities, arch);
    console.log(`${list.length} machine types for ${arch}; default ${guest.defaultMachine(capabilities, arch)}`);
    for (const m of list.filter((x) => x.aliases.length > 0)) {
      console.log(`  ${m.aliases.join(', ')} -> ${m.name} (${m.family})`);
    }

    // a machine's family decides its buses: q35 is PCI Express with SATA, i440fx is PCI with IDE
    const machine = guest.defaultMachine(capabilities, arch, undefined, { q35: true });
    const rules = guest.machineRules(machine, arch);
    console.log(`${machine}: ${rules.pcie ? 'PCI Express' : 'PCI'}, cdroms on ${rules.cdromBus}, ` +
      `no ${rules.noBus.join(', ') || 'missing'} bus`);

    // the CPU a fleet can share: here, a fleet of this one host
    const baseline = await guest.baselineCPU(conn, [capsXML]);
    console.log(`baseline (${baseline.api} API): ${baseline.mode} ${baseline.model ?? ''}`);
    const fit = await guest.cpuCompatibility(conn, { mode: 'custom', model: baseline.model ?? 'qemu64' }, { arch });
    console.log(`this host runs it: ${fit.result}${fit.features.length ? ` (missing ${fit.features.join(', ')})` : ''}`);
  } finally {
    await conn.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
