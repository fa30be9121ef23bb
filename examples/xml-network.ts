// A virtual network and a host interface from typed objects: defined, read back and
// removed again; and a DHCP range outside its network refused before libvirt sees it.
// Usage: node xml-network.js [uri]   (default test:///default)
import { open, xml } from 'libvirt-napi';

async function main(): Promise<void> {
  const uri = process.argv[2] ?? 'test:///default';
  const name = `lvn-example-${process.pid}-net`;

  const net: xml.Network = {
    name,
    forward: { mode: 'nat' },
    bridge: { name: 'virbr-lvn', stp: 'on' },
    ip: [{
      address: '192.168.150.1', prefix: 24,
      dhcp: {
        range: [{ start: '192.168.150.100', end: '192.168.150.199' }],
        host: [{ mac: '52:54:00:00:00:10', name: 'db', ip: '192.168.150.10' }],
      },
    }],
  };

  const bond: xml.HostInterface = {
    type: 'bond', name: 'bond7',
    start: { mode: 'onboot' },
    protocol: [{ family: 'ipv4', dhcp: {} }],
    bond: {
      mode: 'active-backup',
      miimon: { freq: 100 },
      interface: [{ type: 'ethernet', name: 'eth7' }, { type: 'ethernet', name: 'eth8' }],
    },
  };

  const conn = await open(uri);
  try {
    const n = await conn.networkDefineXML(xml.formatNetwork(net));
    try {
      const back = xml.parseNetwork(await n.XMLDesc());
      const dhcp = back.ip?.[0].dhcp;
      console.log(`network ${back.name}: bridge ${back.bridge?.name}, forward ${back.forward?.mode}`);
      console.log(`dhcp: ${dhcp?.range?.[0].start} - ${dhcp?.range?.[0].end}, ${dhcp?.host?.length} static host(s)`);
    } finally {
      await n.undefine();
    }

    const i = await conn.interfaceDefineXML(xml.formatInterface(bond));
    try {
      const back = xml.parseInterface(await i.XMLDesc());
      if (back.type === 'bond') console.log(`interface ${back.name}: ${back.bond?.mode}, members ${back.bond?.interface?.map((m) => m.name).join(', ')}`);
    } finally {
      await i.undefine();
    }
  } finally {
    await conn.close();
  }

  try {
    xml.formatNetwork({ ...net, ip: [{ address: '192.168.150.1', prefix: 24, dhcp: { range: [{ start: '192.168.151.1', end: '192.168.151.9' }] } }] });
  } catch (e) {
    if (e instanceof xml.XmlValidationError) console.log(`refused: ${e.message}`);
    else throw e;
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
