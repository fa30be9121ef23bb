/**
 * Capabilities and domain capabilities land in typed fields (samples from libvirt's corpus),
 * and typed objects format back to the same document.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as xml from '../src/xml';

const corpus = path.resolve(__dirname, '../../shared/corpus');
const read = (f: string) => fs.readFileSync(path.join(corpus, f), 'utf8');

describe('capabilities', () => {
  const caps = xml.parseCapabilities(read('capabilities/caps-qemu-kvm.xml'));

  test('host CPU: model, vendor, microcode, counter, topology, maxphysaddr, features, pages', () => {
    const cpu = caps.host!.cpu!;
    expect(cpu.arch).toBe('x86_64');
    expect(cpu.model).toEqual({ value: 'Haswell-noTSX' });
    expect(cpu.vendor).toBe('Intel');
    expect(cpu.microcode).toEqual({ version: '45' });
    expect(cpu.counter).toEqual([{ name: 'tsc', frequency: '2596991000', scaling: 'no' }]);
    expect(cpu.topology).toEqual({ sockets: 1, dies: 1, cores: 8, threads: 1 });
    expect(cpu.maxphysaddr).toEqual({ mode: 'emulate', bits: 39 });
    expect(cpu.feature!.slice(0, 2)).toEqual([{ name: 'vme' }, { name: 'ds' }]);
    expect(cpu.pages).toEqual([{ unit: 'KiB', size: 4 }, { unit: 'KiB', size: 2048 }, { unit: 'KiB', size: 1048576 }]);
  });

  test('power management, migration, NUMA cells, secmodels', () => {
    const host = caps.host!;
    expect(host.uuid).toBe('a25c794c-34ad-11b2-a85c-b030533115b8');
    expect(host.power_management).toEqual({ suspend_mem: {}, suspend_disk: {}, suspend_hybrid: {} });
    expect(host.migration_features).toEqual({ live: {}, uri_transports: { uri_transport: ['tcp', 'rdma'] } });
    const cells = host.topology!.cells!;
    expect(cells.num).toBe(2);
    expect(cells.cell![0].memory).toEqual({ unit: 'KiB', value: 16175540 });
    expect(cells.cell![0].pages![0]).toEqual({ unit: 'KiB', size: 4, value: 4043885 });
    expect(cells.cell![0].cpus!.cpu![0]).toMatchObject({ id: 0, socket_id: 0, core_id: 0 });
    const dac = host.secmodel!.find((m) => m.model === 'dac')!;
    expect(dac.doi).toBe('0');
    expect(dac.baselabel).toEqual([{ type: 'kvm', value: '+107:+107' }, { type: 'qemu', value: '+107:+107' }]);
  });

  test('guests: os_type, arch, wordsize, emulator, machines with canonical/maxCpus, domain types', () => {
    const i686 = caps.guest!.find((g) => g.arch!.name === 'i686')!;
    expect(i686.os_type).toBe('hvm');
    expect(i686.arch!.wordsize).toBe(32);
    expect(i686.arch!.emulator).toBe('/usr/bin/qemu-system-i386');
    expect(i686.arch!.machine!.slice(0, 2)).toEqual([
      { maxCpus: 255, value: 'pc-0.11' },
      { canonical: 'pc-0.11', maxCpus: 255, value: 'pc' },
    ]);
    expect(i686.arch!.domain!.map((d) => d.type)).toEqual(['qemu', 'kvm']);
    expect(i686.arch!.domain![1].emulator).toBe('/usr/bin/qemu-system-i386');
    const x86 = xml.parseCapabilities(read('capabilities/caps.x86_64.xml')).guest![0];
    expect(x86.features).toEqual({ acpi: { default: 'on', toggle: 'yes' }, apic: { default: 'on', toggle: 'no' }, cpuselection: {}, deviceboot: {}, disksnapshot: { default: 'on', toggle: 'no' } });
  });

  test('caches (resctrl) and HMAT interconnects', () => {
    const r = xml.parseCapabilities(read('capabilities/vircaps-x86_64-resctrl.xml'));
    expect(r.host!.cache!.bank![0]).toEqual({ id: 0, level: 3, type: 'both', size: 15, unit: 'MiB', cpus: '0-5', control: [{ granularity: 768, min: 1536, unit: 'KiB', type: 'both', maxAllocs: 4 }] });
    const h = xml.parseCapabilities(read('capabilities/vircaps-x86_64-hmat.xml'));
    expect(h.host!.topology!.interconnects!.latency![0]).toEqual({ initiator: 0, target: 0, type: 'read', value: 6 });
    expect(h.host!.topology!.cells!.cell![0].cache![0]).toEqual({ level: 1, associativity: 'direct', policy: 'writeback', size: { value: 10, unit: 'KiB' }, line: { value: 8, unit: 'B' } });
  });

  test('a built capabilities object formats in libvirt order', () => {
    const text = xml.formatCapabilities({
      guest: [{ arch: { name: 'x86_64', wordsize: 64, machine: [{ value: 'pc', canonical: 'pc-q35-8.0', maxCpus: 288 }] }, os_type: 'hvm' }],
      host: { iommu: { support: 'yes' }, cpu: { arch: 'x86_64' } },
    });
    expect(text.split('\n')).toEqual([
      '<capabilities>',
      '  <host>',
      '    <cpu>',
      '      <arch>x86_64</arch>',
      '    </cpu>',
      '    <iommu support="yes"/>',
      '  </host>',
      '  <guest>',
      '    <os_type>hvm</os_type>',
      '    <arch name="x86_64">',
      '      <wordsize>64</wordsize>',
      '      <machine maxCpus="288" canonical="pc-q35-8.0">pc</machine>',
      '    </arch>',
      '  </guest>',
      '</capabilities>',
      '',
    ]);
  });
});

describe('domain capabilities', () => {
  const dc = xml.parseDomainCapabilities(read('domaincaps/qemu_8.0.0-q35.x86_64.xml'));

  test('path, domain, machine, arch, vcpu max, iothreads', () => {
    expect([dc.path, dc.domain, dc.machine, dc.arch]).toEqual(['/usr/bin/qemu-system-x86_64', 'kvm', 'pc-q35-8.0', 'x86_64']);
    expect(dc.vcpu).toEqual({ max: 288 });
    expect(dc.iothreads).toEqual({ supported: 'yes' });
  });

  test('os: firmware enum, loader values and enums', () => {
    expect(dc.os!.supported).toBe('yes');
    expect(dc.os!.enum).toEqual([{ name: 'firmware', value: ['bios', 'efi'] }]);
    expect(dc.os!.loader!.value).toContain('/usr/share/OVMF/OVMF_CODE.fd');
    expect(dc.os!.loader!.enum!.find((e) => e.name === 'type')!.value).toEqual(['rom', 'pflash']);
  });

  test('cpu modes: host-model model, vendor and features; custom models with usable/deprecated', () => {
    const hm = dc.cpu!.mode!.find((m) => m.name === 'host-model')!;
    expect(hm.model).toEqual([{ fallback: 'forbid', value: 'EPYC-Rome' }]);
    expect(hm.vendor).toBe('AMD');
    expect(hm.feature![0]).toEqual({ policy: 'require', name: 'x2apic' });
    const custom = dc.cpu!.mode!.find((m) => m.name === 'custom')!;
    expect(custom.model!.slice(0, 3)).toEqual([
      { usable: 'yes', vendor: 'unknown', value: 'qemu64' },
      { usable: 'yes', vendor: 'unknown', value: 'qemu32' },
      { usable: 'no', vendor: 'AMD', value: 'phenom' },
    ]);
    const older = xml.parseDomainCapabilities(read('domaincaps/qemu_6.0.0-q35.x86_64.xml'));
    const dep = older.cpu!.mode!.find((m) => m.name === 'custom')!.model!.find((m) => m.value === 'Icelake-Client')!;
    expect(dep).toEqual({ usable: 'no', deprecated: 'yes', vendor: 'Intel', value: 'Icelake-Client' });
  });

  test('memoryBacking and device enums', () => {
    expect(dc.memoryBacking!.enum![0].name).toBe('sourceType');
    expect(dc.devices!.disk!.supported).toBe('yes');
    expect(dc.devices!.disk!.enum!.find((e) => e.name === 'bus')!.value).toContain('virtio');
    expect(dc.devices!.graphics!.enum![0]).toMatchObject({ name: 'type' });
    expect(dc.devices!.hostdev!.enum!.map((e) => e.name)).toContain('subsysType');
  });

  test('features: gic, vmcoreinfo, genid, sev, sgx, hyperv', () => {
    const f = dc.features!;
    expect([f.gic, f.vmcoreinfo, f.genid]).toEqual([{ supported: 'no' }, { supported: 'yes' }, { supported: 'yes' }]);
    expect(f.hyperv!.enum![0].value).toContain('stimer');
    const sev = xml.parseDomainCapabilities(read('domaincaps/qemu_6.0.0-q35.x86_64.xml')).features!.sev;
    expect(sev).toEqual({ supported: 'yes', cbitpos: 47, reducedPhysBits: 1, maxGuests: 59, maxESGuests: 450 });
    const sgx = xml.parseDomainCapabilities(read('domaincaps/qemu_7.0.0-q35.x86_64.xml')).features!.sgx;
    expect(sgx).toEqual({
      supported: 'yes', flc: 'no', sgx1: 'yes', sgx2: 'no',
      section_size: { unit: 'KiB', value: 524288 },
      sections: { section: [{ node: 0, size: 262144, unit: 'KiB' }, { node: 1, size: 262144, unit: 'KiB' }] },
    });
  });

  test('typed object -> same document', () => {
    const again = xml.parseDomainCapabilities(xml.formatDomainCapabilities(dc));
    expect(again).toEqual(dc);
  });
});
