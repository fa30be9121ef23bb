// Domain XML from typed objects: what an editor completes and the compiler checks,
// formatted in libvirt's element order with every value escaped.
// Usage: node xml-build.js [uri]   (default test:///default)
import { open, xml } from 'libvirt-napi';

async function main(): Promise<void> {
  const uri = process.argv[2] ?? 'test:///default';
  const name = `lvn-example-${process.pid}-built`;

  const def: xml.Domain = {
    type: 'test',
    name,
    memory: { unit: 'GiB', value: 2 },
    vcpu: { value: 2 },
    os: { type: { arch: 'i686', value: 'hvm' }, boot: [{ dev: 'hd' }] },
    devices: {
      disk: [{
        type: 'file', device: 'disk',
        driver: { name: 'qemu', type: 'qcow2' },
        source: { file: '/var/lib/libvirt/images/web1.qcow2' },
        target: { dev: 'vda', bus: 'virtio' },
      }],
      interface: [{
        type: 'network',
        source: { network: 'default' },
        mac: { address: '52:54:00:12:34:56' },
        model: { type: 'virtio' },
      }],
    },
  };
  const text = xml.formatDomain(def);                       // validated, escaped, in libvirt's order
  console.log(text.split('\n').slice(0, 4).join('\n'));

  const conn = await open(uri);
  try {
    const dom = await conn.defineXML(text);
    try {
      const back = xml.parseDomain(await dom.XMLDesc(0));
      const disk = back.devices?.disk?.[0];
      const nic = back.devices?.interface?.[0];
      console.log(`memory: ${back.memory?.value} ${back.memory?.unit}`);   // libvirt answers in KiB
      if (disk?.type === 'file') console.log(`disk: ${disk.source?.file} as ${disk.target?.dev}`);
      if (nic?.type === 'network') console.log(`nic: ${nic.mac?.address} on network ${nic.source?.network}`);
    } finally {
      await dom.undefine();
    }
  } finally {
    await conn.close();
  }

  // sizes beyond 2^53 are exact as bigint
  const big = xml.parseDomain(`<domain type='test'><name>big</name><memory unit='b'>18446744073709551615</memory></domain>`);
  console.log(`bigint memory: ${big.memory?.value} (${typeof big.memory?.value})`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
