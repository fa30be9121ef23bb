// A domain's life: define, start, pause, inspect, stop, undefine.
// Usage: node lifecycle.js [uri]   (default test:///default; qemu:///system works too)
import {
  open, xml, Connection,
  VIR_DOMAIN_RUNNING, VIR_DOMAIN_PAUSED, VIR_DOMAIN_SHUTOFF,
} from 'libvirt-napi';

const STATES: Record<number, string> = {
  [VIR_DOMAIN_RUNNING]: 'running', [VIR_DOMAIN_PAUSED]: 'paused', [VIR_DOMAIN_SHUTOFF]: 'shut off',
};

/** The host's arch and the domain type for its guests: kvm where the host offers it, else the first one listed. */
async function guestTarget(conn: Connection): Promise<{ arch: string; type: string }> {
  const caps = xml.parseCapabilities(await conn.getCapabilities());
  const arch = caps.host?.cpu?.arch ?? 'x86_64';
  const types = (caps.guest ?? [])
    .filter((g) => g.os_type === 'hvm' && g.arch?.name === arch)
    .flatMap((g) => g.arch?.domain ?? [])
    .map((d) => d.type ?? '');
  if (types.length === 0) throw new Error(`this host runs no hvm guests for ${arch}`);
  return { arch, type: types.includes('kvm') ? 'kvm' : types[0] };
}

async function main(): Promise<void> {
  const uri = process.argv[2] ?? 'test:///default';
  const name = `lvn-example-${process.pid}-lifecycle`;
  const conn = await open(uri);
  try {
    const { arch, type } = await guestTarget(conn);
    const dom = await conn.defineXML(`<domain type='${type}'>
  <name>${name}</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='${arch}'>hvm</type></os>
</domain>`);
    try {
      console.log(`defined ${dom.name()} (type ${type}, UUID ${dom.UUIDString()})`);

      await dom.create();                           // start it
      await dom.suspend();
      const [state] = await dom.state();            // [state, reason]
      console.log(`state: ${STATES[state] ?? state}`);
      await dom.resume();

      const info = await dom.info();                // 64-bit values are bigint
      console.log(`info: state ${STATES[info.state] ?? info.state}, ${info.maxMem} KiB, ${info.nrVirtCpu} vCPU`);

      const text = await dom.XMLDesc(0);
      console.log(`XML: ${text.split('\n').length} lines, name ${xml.parseDomain(text).name}`);

      await dom.destroy();                          // stop it (a hard power-off)
      console.log(`after destroy: ${STATES[(await dom.state())[0]]}`);
    } finally {
      if (await dom.isActive()) await dom.destroy();
      await dom.undefine();
      console.log(`undefined ${name}`);
    }
  } finally {
    console.log(`close: ${await conn.close()}`);    // libvirt's remaining references: 0
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
