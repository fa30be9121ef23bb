// The object types libvirt's test driver cannot create, on qemu:///system:
// every method of Secret, NWFilter, NWFilterBinding and NetworkPort.
import * as crypto from 'crypto';
import * as lv from '../src';
import { uniqueName, openSystem, libvirtError } from './helpers/libvirt';

let conn: lv.Connection | null = null;
beforeAll(async () => {
  conn = await openSystem();
});
afterAll(async () => {
  await conn?.close();
});

const OWNER = `<owner><name>lvn</name><uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid></owner>`;

test('Secret: virSecretGetUUID virSecretGetUUIDString virSecretGetUsageType virSecretGetXMLDesc virSecretUndefine', async () => {
  if (!conn) return;
  const usage = uniqueName('sec');
  const s = await conn.secretDefineXML(`<secret ephemeral='no' private='yes'><usage type='volume'><volume>${usage}</volume></usage></secret>`, 0);
  try {
    expect(s.usageType()).toBe(lv.VIR_SECRET_USAGE_TYPE_VOLUME);
    expect(s.UUID().length).toBe(16);
    expect(s.UUID().toString('hex')).toBe(s.UUIDString().replace(/-/g, ''));
    expect(await s.XMLDesc()).toContain(`<volume>${usage}</volume>`);
    expect((await conn.secretLookupByUUID(s.UUID())).UUIDString()).toBe(s.UUIDString());
    expect((await conn.secretLookupByUUIDString(s.UUIDString())).usageID()).toBe(usage);
    expect(await conn.listSecrets()).toContain(s.UUIDString());
    expect(await conn.numOfSecrets()).toBeGreaterThan(0);
    await s.setValue(crypto.randomBytes(32));
    // private secrets are not readable over the API
    expect((await libvirtError(s.value())).codeName).toBe('VIR_ERR_INVALID_SECRET');
  } finally {
    await s.undefine();
  }
  expect((await libvirtError(conn.secretLookupByUsage(lv.VIR_SECRET_USAGE_TYPE_VOLUME, usage))).codeName).toBe('VIR_ERR_NO_SECRET');
});

test('NWFilter and NWFilterBinding: virNWFilterGetName virNWFilterGetUUID virNWFilterGetUUIDString virNWFilterGetXMLDesc virNWFilterUndefine virNWFilterBindingGetPortDev virNWFilterBindingGetFilterName virNWFilterBindingGetXMLDesc virNWFilterBindingDelete', async () => {
  if (!conn) return;
  const name = uniqueName('filter');
  const portdev = `lvnf${process.pid % 100000}`;
  const f = await conn.nwfilterDefineXMLFlags(
    `<filter name='${name}' chain='root'><rule action='accept' direction='out' priority='500'><all/></rule></filter>`, 0);
  try {
    expect(f.name()).toBe(name);
    expect(f.UUID().toString('hex')).toBe(f.UUIDString().replace(/-/g, ''));
    expect(await f.XMLDesc()).toContain(`name='${name}'`);
    expect((await conn.nwfilterLookupByName(name)).UUIDString()).toBe(f.UUIDString());
    expect((await conn.nwfilterLookupByUUID(f.UUID())).name()).toBe(name);
    expect((await conn.nwfilterLookupByUUIDString(f.UUIDString())).name()).toBe(name);
    expect(await conn.listNWFilters()).toContain(name);
    expect((await conn.listAllNWFilters()).map((x) => x.name())).toContain(name);
    expect(await conn.numOfNWFilters()).toBeGreaterThan(0);
    const b = await conn.nwfilterBindingCreateXML(
      `<filterbinding>${OWNER}<portdev name='${portdev}'/><mac address='52:54:00:11:22:33'/><filterref filter='${name}'/></filterbinding>`, 0);
    try {
      expect(b.portDev()).toBe(portdev);
      expect(b.filterName()).toBe(name);
      expect(await b.XMLDesc()).toContain(`<portdev name='${portdev}'/>`);
      expect((await conn.nwfilterBindingLookupByPortDev(portdev)).filterName()).toBe(name);
      expect((await conn.listAllNWFilterBindings()).map((x) => x.portDev())).toContain(portdev);
    } finally {
      await b.delete();
    }
    expect((await libvirtError(conn.nwfilterBindingLookupByPortDev(portdev))).codeName).toBe('VIR_ERR_NO_NWFILTER_BINDING');
  } finally {
    await f.undefine();
  }
  expect((await libvirtError(conn.nwfilterLookupByName(name))).codeName).toBe('VIR_ERR_NO_NWFILTER');
});

test('NetworkPort: virNetworkPortGetUUID virNetworkPortGetUUIDString virNetworkPortGetXMLDesc virNetworkPortGetNetwork virNetworkPortGetParameters virNetworkPortSetParameters virNetworkPortDelete', async () => {
  if (!conn) return;
  const name = uniqueName('pnet');
  const net = await conn.networkCreateXML(`<network><name>${name}</name><bridge name='lvnp${process.pid % 100000}'/></network>`);
  try {
    const uuid = crypto.randomUUID();
    const port = await net.portCreateXML(`<networkport><uuid>${uuid}</uuid>${OWNER}<mac address='52:54:00:11:22:33'/></networkport>`, 0);
    try {
      expect(port.UUIDString()).toBe(uuid);
      expect(port.UUID().toString('hex')).toBe(uuid.replace(/-/g, ''));
      expect(await port.XMLDesc()).toContain("<mac address='52:54:00:11:22:33'/>");
      expect((await port.network()).name()).toBe(name);
      expect((await net.portLookupByUUIDString(uuid)).UUIDString()).toBe(uuid);
      expect((await net.portLookupByUUID(port.UUID())).UUIDString()).toBe(uuid);
      expect((await net.listAllPorts()).map((p) => p.UUIDString())).toEqual([uuid]);
      await port.setParameters({ [lv.VIR_NETWORK_PORT_BANDWIDTH_IN_AVERAGE]: 100, [lv.VIR_NETWORK_PORT_BANDWIDTH_OUT_AVERAGE]: 200 });
      const p = await port.parameters();
      expect(p[lv.VIR_NETWORK_PORT_BANDWIDTH_IN_AVERAGE]).toBe(100);
      expect(p[lv.VIR_NETWORK_PORT_BANDWIDTH_OUT_AVERAGE]).toBe(200);
    } finally {
      await port.delete();
    }
    expect(await net.listAllPorts()).toEqual([]);
  } finally {
    await net.destroy();
  }
});
