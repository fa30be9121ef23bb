/**
 * Node device XML: libvirt 9.0's test corpus round-trips, the output passes libvirt's
 * schema, the typed coverage, every validation rule checked against libvirt's parser
 * (the test driver's virNodeDeviceCreateXML), the host's own devices (qemu:///system)
 * and the test driver's read losslessly, and a typed vHBA created and read back.
 */
import * as fs from 'fs';
import * as path from 'path';
import { canonDoc, firstDiff } from './helpers/xml-compare';
import { roundTripFailures, schemaCheck, orderMismatches, folderCoverage } from './helpers/xml-kind-checks';
import { CORPUS, openSystem, TEST_URI } from './helpers/libvirt';
import * as xml from '../src/xml';
import type { NodeDevice, NodeDeviceCapPCI, NodeDeviceCapMdev } from '../src/xml';
import { open } from '../src';
import type { Connection } from '../src';

const DIR = path.join(CORPUS, 'nodedev');
const read = (f: string): string => fs.readFileSync(path.join(DIR, f), 'utf8');
const valid = fs.readdirSync(DIR).filter((f) => f.endsWith('.xml')).sort();
// libvirt's parser reads all three (the schema's ranges for CCW addresses are stricter
// than the parser's): they must round-trip and pass validation like the others
const invalid = fs.readdirSync(path.join(DIR, 'schema-invalid')).filter((f) => f.endsWith('.xml')).sort().map((f) => path.join('schema-invalid', f));

describe('corpus/nodedev', () => {
  test('every file, schema-invalid ones included: parse -> format keeps every element, attribute and text, in order', () => {
    expect(valid.length).toBeGreaterThan(40);
    expect(invalid).toHaveLength(3);
    const failures = [...roundTripFailures('nodedev', xml.parseNodeDevice, xml.formatNodeDevice),
      ...roundTripFailures('nodedev/schema-invalid', xml.parseNodeDevice, xml.formatNodeDevice)];
    expect(failures).toEqual([]);
  });

  test('formatting is stable: format(parse(format(parse(x)))) equals format(parse(x))', () => {
    for (const f of [...valid, ...invalid]) {
      const once = xml.formatNodeDevice(xml.parseNodeDevice(read(f)));
      expect(xml.formatNodeDevice(xml.parseNodeDevice(once))).toBe(once);
    }
  });

  test("every formatted schema-valid file passes libvirt's nodedev schema", () => {
    const r = schemaCheck('nodedev', Object.fromEntries(valid.map((f) => [f, xml.formatNodeDevice(xml.parseNodeDevice(read(f)))])));
    expect(r.failing).toEqual([]);
    expect(r.validated).toBe(valid.length);
    expect(r.status).toBe(0);
  });

  test("without the remembered source order, formatting writes libvirt's own element order", () => {
    expect(orderMismatches('nodedev', xml.parseNodeDevice, xml.formatNodeDevice)).toEqual([]);
  });

  test('at least 95% of element and attribute paths are typed', () => {
    const c = folderCoverage('nodedev', xml.parseNodeDevice);
    expect(c.elementPaths).toBeGreaterThan(60);
    expect(c.elementPct).toBeGreaterThanOrEqual(95);
    expect(c.attributePct).toBeGreaterThanOrEqual(95);
  });

  test('capabilities narrow on their type, nested ones too; <type> children have their own names', () => {
    const dev = xml.parseNodeDevice(read('nodedev-schema--pci_0000_02_10_7_sriov_pf_vfs_all_header_type.xml'));
    const pci = dev.capability![0] as NodeDeviceCapPCI;
    expect(pci.type).toBe('pci');
    expect([pci.domain, pci.bus, pci.slot, pci.function]).toEqual([0, 2, 16, 7]);
    expect(pci.vendor).toEqual({ id: '0x8086', value: 'Intel Corporation' });
    const vfs = pci.capability!.find((c) => c.type === 'virt_functions');
    expect(vfs?.type === 'virt_functions' && vfs.address?.map((a) => a.function)).toEqual(['0x2', '0x3', '0x4', '0x5']);
    expect(pci['pci-express']?.link?.[0]).toEqual({ validity: 'cap', port: 0, speed: '2.5', width: 4 });
    const mdev = xml.parseNodeDevice(read('nodedev-schema--mdev_ee0b88c4_f554_4dc1_809d_b2a01e8e48ad.xml')).capability![0] as NodeDeviceCapMdev;
    expect(mdev.mdevType).toEqual({ id: 'vfio_ap-passthrough' });
    const types = xml.parseNodeDevice(read('nodedev-schema--ap_matrix_mdev_types.xml')).capability![0];
    expect(types.type === 'ap_matrix' && types.capability?.types?.[0]).toEqual({
      id: 'vfio_ap-passthrough', name: 'VFIO AP Passthrough Device', deviceAPI: 'vfio-ap', availableInstances: 65536,
    });
    const drm = xml.parseNodeDevice(read('nodedev-schema--drm_renderD129.xml')).capability![0];
    expect(drm.type === 'drm' && drm.typeName).toBe('render');
    const storage = xml.parseNodeDevice(read('nodedev-schema--storage_serial_3600c0ff000d7a2a5d463ff4902000000.xml')).capability![0];
    expect(storage.type === 'storage' && storage.size).toBe(15626928128);
  });

  test('the root element is checked', () => {
    expect(() => xml.parseNodeDevice('<domain/>')).toThrow('expected root element <device>, found <domain>');
  });
});

/** Every top-level capability type of a parsed device. */
const capTypes = (d: NodeDevice): string[] => (d.capability ?? []).map((c) => c.type);

async function readsEveryDevice(conn: Connection): Promise<number> {
  const devs = await conn.listAllDevices(0);
  let read = 0;
  for (const dev of devs) {
    let text: string;
    let caps: string[];
    try {
      text = await dev.XMLDesc(0);
      caps = await dev.listCaps();
    } catch (e) {
      // a device can go away meanwhile (a guest's tap device on the shared daemon): then skip it
      if (await conn.nodeDeviceLookupByName(dev.name()).then(() => true, () => false)) throw e;
      continue;
    }
    read++;
    const def = xml.parseNodeDevice(text);
    expect(def.name).toBe(dev.name());
    expect(firstDiff(canonDoc(text), canonDoc(xml.formatNodeDevice(def)), '')).toBeNull();
    // what the device says it is (virNodeDeviceListCaps) is typed in the parsed document
    expect(caps).toEqual(expect.arrayContaining(capTypes(def)));
    expect(capTypes(def).length).toBeGreaterThan(0);
    expect(xml.unknownContent(def)).toEqual({ elements: [], attributes: [] });
  }
  return read;
}

describe('test:///default', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await open(TEST_URI);
  });
  afterAll(async () => {
    if (conn) await conn.close();
  });

  test("the test driver's devices parse losslessly into typed fields", async () => {
    expect(await readsEveryDevice(conn)).toBeGreaterThan(0);
  });

  test('a typed vHBA is created with virNodeDeviceCreateXML, read back and parses to the same values', async () => {
    // an NPIV-capable HBA of the test driver is the parent
    const hbas: string[] = [];
    for (const d of await conn.listAllDevices(0)) {
      const cap = xml.parseNodeDevice(await d.XMLDesc(0)).capability?.[0];
      if (cap?.type === 'scsi_host' && cap.capability?.some((c) => c.type === 'vport_ops')) hbas.push(d.name());
    }
    expect(hbas.length).toBeGreaterThan(0);
    const def: NodeDevice = {
      parent: { value: hbas[0] },
      capability: [{ type: 'scsi_host', capability: [{ type: 'fc_host', wwnn: '2000000012349999', wwpn: '1000000012349999' }] }],
    };
    const dev = await conn.nodeDeviceCreateXML(xml.formatNodeDevice(def), 0);
    try {
      const back = xml.parseNodeDevice(await dev.XMLDesc(0));
      expect(back.name).toBe(dev.name());
      // the test driver's XML of a new vHBA names the HBA it was modelled on, not always the one asked for
      expect(hbas).toContain(back.parent?.value);
      const cap = back.capability?.[0];
      expect(cap?.type).toBe('scsi_host');
      const fc = cap?.type === 'scsi_host' ? cap.capability?.find((c) => c.type === 'fc_host') : undefined;
      expect(fc).toMatchObject({ type: 'fc_host', wwnn: '2000000012349999', wwpn: '1000000012349999' });
    } finally {
      await dev.destroy();
    }
  });

  /** libvirt's answer to virNodeDeviceCreateXML (the parser runs first): its error message, or '' if accepted. */
  async function libvirtAnswer(text: string): Promise<string> {
    try {
      const d = await conn.nodeDeviceCreateXML(text, 0);
      await d.destroy();
      return '';
    } catch (e) {
      return (e as Error).message;
    }
  }

  const UUID = '12345678-1234-1234-9596-a088b277d677';
  // [rule, document, our error, libvirt's error]
  const rules: [string, NodeDevice, string, RegExp][] = [
    ['a device has a capability', { name: 'x', parent: { value: 'computer' } }, 'capability: must list at least one capability', /no device capabilities/],
    ['the capability type is one libvirt knows', { name: 'x', capability: [{ type: 'teleporter' } as never] }, 'capability[0].type: must be one of', /Invalid value for attribute 'type' in element 'capability'/],
    ['a mediated device has a type', { name: 'x', parent: { value: 'computer' }, capability: [{ type: 'mdev', uuid: 'd069d019-36ea-4111-8f0a-8c9a70e21366' }] }, 'capability[0].mdevType.id: is required', /missing type id attribute/],
    ['a mediated device UUID parses', { name: 'x', parent: { value: 'computer' }, capability: [{ type: 'mdev', mdevType: { id: 'mtty-1' }, uuid: 'nope' }] }, 'capability[0].uuid: must be a UUID', /Invalid uuid/],
    [
      'a parent given by wwnn also has its wwpn',
      { parent: { wwnn: '2000000012341234' }, capability: [{ type: 'scsi_host', capability: [{ type: 'fc_host', wwnn: '2000000012341299', wwpn: '1000000012341299' }] }] },
      'parent.wwpn: is required when the other of wwnn/wwpn is given',
      /the wwpn must also be provided/,
    ],
    ['a device node is of type dev or link', { name: 'x', devnode: [{ type: 'node', value: '/dev/x' }], capability: [{ type: 'system', hardware: { uuid: UUID } }] }, "devnode[0].type: must be 'dev' or 'link'", /Invalid value for attribute 'type' in element 'devnode'/],
    ['a device node has a type', { name: 'x', devnode: [{ value: '/dev/x' }], capability: [{ type: 'system', hardware: { uuid: UUID } }] }, "devnode[0].type: must be 'dev' or 'link'", /Missing required attribute 'type' in element 'devnode'/],
    ['a system has a hardware UUID', { name: 'x', capability: [{ type: 'system', hardware: { vendor: 'v' } }] }, 'capability[0].hardware.uuid: is required for a system capability', /no system UUID/],
    ['a PCI device has a bus', { name: 'x', capability: [{ type: 'pci', domain: 0, slot: 1, function: 0, vendor: { id: '0x8086' }, product: { id: '0x1' } }] }, 'capability[0].bus: is required for a pci capability', /no PCI bus ID/],
    ['a PCI device has a vendor ID', { name: 'x', capability: [{ type: 'pci', domain: 0, bus: 0, slot: 1, function: 0, product: { id: '0x1' } }] }, 'capability[0].vendor.id: is required for a pci capability', /no PCI vendor ID/],
    ['a PCI device has a product ID', { name: 'x', capability: [{ type: 'pci', domain: 0, bus: 0, slot: 1, function: 0, vendor: { id: '0x8086' } }] }, 'capability[0].product.id: is required for a pci capability', /no PCI product ID/],
    ['a USB device has a device number', { name: 'x', capability: [{ type: 'usb_device', bus: 1, vendor: { id: '0x1d6b' }, product: { id: '0x1' } }] }, 'capability[0].device: is required for a usb_device capability', /no USB device number/],
    ['a USB device has a vendor ID', { name: 'x', capability: [{ type: 'usb_device', bus: 1, device: 2, product: { id: '0x1' } }] }, 'capability[0].vendor.id: is required for a usb_device capability', /no USB vendor ID/],
    ['a network interface has a name', { name: 'x', capability: [{ type: 'net', address: '52:54:00:00:00:01' }] }, 'capability[0].interface: is required for a net capability', /no network interface/],
    ['a SCSI target has a name', { name: 'x', capability: [{ type: 'scsi_target' }] }, 'capability[0].target: is required for a scsi_target capability', /no target name/],
    ['a SCSI device has a bus', { name: 'x', capability: [{ type: 'scsi', host: 0, target: 0, lun: 0 }] }, 'capability[0].bus: is required for a scsi capability', /no SCSI bus ID/],
    ['a storage device has a block device', { name: 'x', capability: [{ type: 'storage', bus: 'scsi' }] }, 'capability[0].block: is required for a storage capability', /no block device path/],
    ['a DRM device type is primary, control or render', { name: 'x', capability: [{ type: 'drm', typeName: 'overlay' }] }, 'capability[0].typeName: must be one of primary, control, render', /unknown drm type 'overlay'/],
  ];
  test("the same documents, complete, pass validation and libvirt's parser (the test driver then creates only vHBAs)", async () => {
    const complete: NodeDevice[] = [
      { name: 'x', devnode: [{ type: 'dev', value: '/dev/x' }], capability: [{ type: 'system', hardware: { uuid: UUID } }] },
      { name: 'x', capability: [{ type: 'pci', domain: 0, bus: 0, slot: 1, function: 0, vendor: { id: '0x8086' }, product: { id: '0x1' } }] },
      { name: 'x', capability: [{ type: 'usb_device', bus: 1, device: 2, vendor: { id: '0x1d6b' }, product: { id: '0x1' } }] },
      { name: 'x', capability: [{ type: 'net', interface: 'eth9' }] },
      { name: 'x', capability: [{ type: 'drm', typeName: 'render' }] },
    ];
    for (const def of complete) expect(await libvirtAnswer(xml.formatNodeDevice(def))).toMatch(/not a fibre channel HBA/);
  });

  test.each(rules.map((r) => ({ what: r[0], r })))('rule: $what (libvirt refuses the same document)', async ({ r: [, def, ours, theirs] }) => {
    expect(() => xml.formatNodeDevice(def)).toThrow(ours);
    expect(await libvirtAnswer(xml.formatNodeDevice(def, { validate: false }))).toMatch(theirs);
  });
});

describe('qemu:///system', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = (await openSystem())!;
  });
  afterAll(async () => {
    if (conn) await conn.close();
  });

  test("every device of the host parses losslessly into typed fields, with the capabilities libvirt lists", async () => {
    const n = await readsEveryDevice(conn);
    // every host has at least the computer itself
    expect(n).toBeGreaterThan(0);
    const computer = xml.parseNodeDevice(await (await conn.nodeDeviceLookupByName('computer')).XMLDesc(0));
    expect(capTypes(computer)).toEqual(['system']);
  });
});
