// A test's own hypervisor, and a scope that removes what the test made even when it fails.
import { xml } from 'libvirt-napi';
import { testHypervisor, withScope } from 'libvirt-napi/testing';

async function main(): Promise<void> {
  const conn = await testHypervisor({
    cpu: { sockets: 1, cores: 4 },
    memoryKiB: 4 * 1024 * 1024,
    domains: [
      xml.parseDomain(
        '<domain type="test"><name>web</name><memory unit="KiB">524288</memory>' +
          '<vcpu>2</vcpu><os><type arch="x86_64">hvm</type></os></domain>',
      ),
    ],
  });
  try {
    const info = await conn.getInfo();
    console.log(`cpus ${info.cpus}, domains ${(await conn.listAllDomains()).map((d) => d.name()).join(',')}`);

    await withScope(conn, async (s) => {
      const net = await s.defineNetwork(`<network><name>${s.name('lan')}</name></network>`);
      console.log(`made ${net.name()}`);
    });
    console.log(`networks left: ${(await conn.listAllNetworks()).length}`);
  } finally {
    await conn.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
