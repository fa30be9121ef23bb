// The host, the domain list, statistics and typed parameters (plain objects, 64-bit values bigint).
// Usage: node host-and-stats.js [uri]   (default test:///default)
import {
  open,
  VIR_CONNECT_LIST_DOMAINS_ACTIVE, VIR_DOMAIN_STATS_STATE, VIR_DOMAIN_STATS_CPU_TOTAL,
} from 'libvirt-napi';

async function main(): Promise<void> {
  const uri = process.argv[2] ?? 'test:///default';
  const conn = await open(uri);
  try {
    const node = await conn.getInfo();                   // virNodeGetInfo: memory in MiB, as python's getInfo()
    console.log(`host: ${node.cpus} CPUs (${node.model}), ${node.memory} MiB`);
    console.log(`libvirt ${await conn.getLibVersion()}, driver ${await conn.getType()}`);

    const running = await conn.listAllDomains(VIR_CONNECT_LIST_DOMAINS_ACTIVE);
    console.log(`running domains: ${running.map((d) => d.name()).sort().join(', ') || 'none'}`);

    for (const [domain, stats] of await conn.getAllDomainStats(VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL)) {
      console.log(`stats ${domain.name()}: state ${stats['state.state']}, cpu.time ${stats['cpu.time'] ?? 'n/a'}`);
    }

    // typed parameters: setters take { field: value }, getters resolve the same shape
    if (uri.startsWith('test:') && running.length > 0) {
      const dom = running[0];
      await dom.setMemoryParameters({ hard_limit: 1048576n, soft_limit: 524288 });
      const params = await dom.memoryParameters();
      console.log(`memory parameters: hard_limit ${params.hard_limit}, soft_limit ${params.soft_limit} (${typeof params.soft_limit})`);
    }
  } finally {
    await conn.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
