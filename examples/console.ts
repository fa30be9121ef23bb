// Read a guest's serial console as a Node stream: a diskless guest whose BIOS
// (SeaBIOS) writes to the serial port. Needs a real hypervisor.
// Usage: node console.js [uri]   (default qemu:///system)
import { open, openConsoleStream, xml, Connection, VIR_DOMAIN_START_PAUSED } from 'libvirt-napi';

/** kvm where the host offers it for x86_64 guests, qemu (TCG) otherwise. */
async function x86DomainType(conn: Connection): Promise<string> {
  const caps = xml.parseCapabilities(await conn.getCapabilities());
  const types = (caps.guest ?? [])
    .filter((g) => g.os_type === 'hvm' && g.arch?.name === 'x86_64')
    .flatMap((g) => g.arch?.domain ?? [])
    .map((d) => d.type ?? '');
  if (!types.includes('kvm') && !types.includes('qemu')) throw new Error('this host runs no x86_64 QEMU guests');
  return types.includes('kvm') ? 'kvm' : 'qemu';
}

async function main(): Promise<void> {
  const uri = process.argv[2] ?? 'qemu:///system';
  const name = `lvn-example-${process.pid}-console`;
  const conn = await open(uri);
  try {
    const type = await x86DomainType(conn);
    // A transient guest (createXML), started paused so that no output is missed.
    const dom = await conn.createXML(`<domain type='${type}'>
  <name>${name}</name>
  <memory unit='MiB'>64</memory>
  <os><type arch='x86_64'>hvm</type><bios useserial='yes'/></os>
  <devices>
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
    <memballoon model='none'/>
  </devices>
</domain>`, VIR_DOMAIN_START_PAUSED);
    try {
      console.log(`started ${name} paused (type ${type})`);
      const consoleStream = await openConsoleStream(dom);   // a Duplex: read what the guest writes
      let text = '';
      const seen = new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no SeaBIOS banner within 60 s')), 60_000);
        consoleStream.on('data', (chunk: Buffer) => {
          text += chunk.toString('latin1');
          const plain = text.replace(/\x1b(\[[0-9;?]*[A-Za-z]|c)/g, '');  // without terminal escapes
          const line = /^.*SeaBIOS.*\r?\n/m.exec(plain);                 // a whole line naming SeaBIOS
          if (line) {
            clearTimeout(timer);
            resolve(line[0].trim());
          }
        });
        consoleStream.on('error', reject);
      });
      await dom.resume();
      console.log(`console: ${await seen}`);
      consoleStream.destroy();                               // aborts the libvirt stream
    } finally {
      await dom.destroy();                                   // a transient guest is gone once destroyed
      console.log(`destroyed ${name}`);
    }
  } finally {
    await conn.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
