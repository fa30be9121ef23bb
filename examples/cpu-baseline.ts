// Guest CPUs: the baseline CPU a set of hosts can all run, and whether a CPU model fits this host.
// Usage: node cpu-baseline.js [uri]   (default qemu:///system)
import {
  open, guest, xml,
  VIR_CONNECT_BASELINE_CPU_MIGRATABLE,
  VIR_CPU_COMPARE_IDENTICAL, VIR_CPU_COMPARE_SUPERSET, VIR_CPU_COMPARE_INCOMPATIBLE,
} from 'libvirt-napi';

const COMPARE: Record<number, string> = {
  [VIR_CPU_COMPARE_IDENTICAL]: 'identical', [VIR_CPU_COMPARE_SUPERSET]: 'superset',
  [VIR_CPU_COMPARE_INCOMPATIBLE]: 'incompatible',
};

async function main(): Promise<void> {
  const uri = process.argv[2] ?? 'qemu:///system';
  const conn = await open(uri);
  try {
    const caps = xml.parseCapabilities(await conn.getCapabilities());
    const arch = caps.host?.cpu?.arch ?? 'x86_64';
    // the domain type decides which CPU the hypervisor can provide: kvm where offered, else qemu (TCG)
    const virtType = guest.resolveGuest({ arch }, { capabilities: caps }).virtType;
    // What the hypervisor offers as host-model CPU (the domain capabilities), as a <cpu> for the
    // CPU calls. With several hosts, pass each one's.
    const domcaps = xml.parseDomainCapabilities(await conn.getDomainCapabilities(null, arch, null, virtType));
    const hostModel = domcaps.cpu?.mode?.find((m) => m.name === 'host-model' && m.supported === 'yes');
    if (!hostModel?.model?.[0]?.value) throw new Error(`${virtType} offers no host-model CPU for ${arch}`);
    const hostCpu = guest.formatCPUXML({
      mode: 'custom', match: 'exact', model: hostModel.model[0].value, vendor: hostModel.vendor,
      features: (hostModel.feature ?? []).map((f) => ({ name: f.name ?? '', policy: f.policy === 'disable' ? 'disable' : 'require' })),
    });
    const hostCpus = [hostCpu];
    console.log(`host-model CPU: ${hostModel.model[0].value} (${arch}, domain type ${virtType})`);

    // libvirt's calls, as in C and python: XML in, XML out
    const baselineXml = await conn.baselineHypervisorCPU(null, arch, null, virtType, hostCpus,
      VIR_CONNECT_BASELINE_CPU_MIGRATABLE);
    const baseline = guest.parseCPUXML(baselineXml);
    console.log(`baseline model: ${baseline.model?.value}, ${baseline.feature?.length ?? 0} feature(s)`);
    const verdict = await conn.compareHypervisorCPU(null, arch, null, virtType, baselineXml, 0);
    console.log(`baseline on this hypervisor: ${COMPARE[verdict] ?? verdict}`);

    // the guest layer's typed versions: the hypervisor API, falling back to the host API
    const typed = await guest.baselineCPU(conn, hostCpus, { arch, virtType, migratable: true });
    console.log(`guest.baselineCPU: ${typed.model} via the ${typed.api} API`);
    const fit = await guest.cpuCompatibility(conn, { mode: 'custom', model: 'qemu64' }, { arch, virtType });
    console.log(`qemu64: ${fit.result}${fit.features.length ? ` (${fit.features.join(', ')})` : ''}`);
  } finally {
    await conn.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
