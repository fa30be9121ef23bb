/**
 * Machine types from capabilities: every capabilities file of the corpus (x86_64,
 * aarch64, riscv32/64, sparc, NUMA/cache hosts, multi-arch QEMU) and the live
 * qemu:///system. Expectations are derived from the XML text itself (regexes over the
 * raw <machine> elements), independently of the typed parser.
 */
import * as fs from 'fs';
import * as path from 'path';
import { guest, xml } from '../src';
import type { Connection } from '../src';
import { CORPUS, openSystem } from './helpers/libvirt';

const CAPS_DIR = path.join(CORPUS, 'capabilities');
const files = fs.readdirSync(CAPS_DIR).filter((f) => f.endsWith('.xml')).sort();

/** arch -> raw machine elements of its hvm <guest> (arch-level list), straight from the text. */
function rawArchMachines(text: string): Map<string, Array<{ name: string; canonical?: string; maxCpus?: number; deprecated: boolean }>> {
  const out = new Map<string, Array<{ name: string; canonical?: string; maxCpus?: number; deprecated: boolean }>>();
  for (const g of text.split('<guest>').slice(1)) {
    if (!/<os_type>hvm<\/os_type>/.test(g)) continue;
    const arch = /<arch name='([^']+)'/.exec(g)![1];
    // arch-level machines: before the first <domain
    const head = g.slice(0, g.indexOf('<domain'));
    const list = out.get(arch) ?? [];
    for (const m of head.matchAll(/<machine([^>]*)>([^<]+)<\/machine>/g)) {
      const attrs = m[1];
      list.push({
        name: m[2],
        canonical: /canonical='([^']+)'/.exec(attrs)?.[1],
        maxCpus: /maxCpus='(\d+)'/.exec(attrs) ? Number(/maxCpus='(\d+)'/.exec(attrs)![1]) : undefined,
        deprecated: /deprecated='yes'/.test(attrs),
      });
    }
    out.set(arch, list);
  }
  return out;
}

test('the corpus has the arches the issue names', () => {
  const all = files.map((f) => fs.readFileSync(path.join(CAPS_DIR, f), 'utf8')).join('\n');
  for (const a of ['x86_64', 'aarch64', 'riscv32', 'riscv64', 'sparc']) expect(all).toContain(`<arch name='${a}'>`);
  expect(files.length).toBeGreaterThanOrEqual(15);
});

describe.each(files)('%s', (file) => {
  const text = fs.readFileSync(path.join(CAPS_DIR, file), 'utf8');
  const caps = xml.parseCapabilities(text);
  const raw = rawArchMachines(text);
  const archList = guest.arches(caps);

  test('arches are those of the <guest> elements', () => {
    const expected = [...new Set([...text.matchAll(/<arch name='([^']+)'>/g)].map((m) => m[1]))];
    expect([...archList].sort()).toEqual(expected.sort());
  });

  test('an arch the file does not offer is refused, naming the offered ones', () => {
    const e = (() => { try { guest.machines(caps, 'nosucharch'); } catch (err) { return err as guest.GuestConfigError; } throw new Error('no throw'); })();
    expect(e).toBeInstanceOf(guest.GuestConfigError);
    expect(e.field).toBe('arch');
    expect(e.message).toContain("'nosucharch'");
    expect(e.supported).toEqual(archList);
  });

  const hvmArches = [...raw.keys()];
  if (hvmArches.length === 0) return;

  test.each(hvmArches)('machines(%s): every listed machine, aliases resolved, maxCpus and deprecation kept', (arch) => {
    const list = guest.machines(caps, arch);
    const rawList = raw.get(arch)!;
    const canon = rawList.filter((m) => !m.canonical || m.canonical === m.name);
    // every canonical element is an entry with its own maxCpus and deprecation
    for (const m of canon) {
      const e = list.find((x) => x.name === m.name);
      expect(e).toBeDefined();
      expect(e!.maxCpus).toBe(m.maxCpus);
      expect(e!.deprecated).toBe(m.deprecated);
    }
    // every alias points at its canonical machine, and canonicalMachine resolves it
    for (const m of rawList.filter((x) => x.canonical && x.canonical !== x.name)) {
      expect(list.find((x) => x.name === m.canonical)!.aliases).toContain(m.name);
      expect(guest.canonicalMachine(caps, arch, m.name)).toBe(m.canonical);
    }
    for (const m of canon) expect(guest.canonicalMachine(caps, arch, m.name)).toBe(m.name);
    // nothing invented
    const names = new Set(rawList.map((m) => m.canonical ?? m.name));
    for (const e of list) expect(names.has(e.name)).toBe(true);
    // the order is libvirt's (its default first)
    if (canon.length) expect(list[0].name).toBe(rawList[0].canonical ?? rawList[0].name);
  });

  test.each(hvmArches)('canonicalMachine(%s) refuses an unknown machine with the arch and the supported ones', (arch) => {
    let err: guest.GuestConfigError | undefined;
    try {
      guest.canonicalMachine(caps, arch, 'pc-i440fx-rhel7.3.0');
    } catch (e) {
      err = e as guest.GuestConfigError;
    }
    expect(err).toBeInstanceOf(guest.GuestConfigError);
    expect(err!.field).toBe('machine');
    expect(err!.message).toContain("'pc-i440fx-rhel7.3.0'");
    expect(err!.message).toContain(arch);
    const listed = guest.machines(caps, arch);
    if (listed.length) {
      expect(err!.supported).toEqual(listed.map((m) => m.name));
      for (const m of listed.slice(0, 3)) expect(err!.message).toContain(m.name);
    } else {
      expect(err!.message).toMatch(/list no machine types/);
    }
  });

  test.each(hvmArches)('defaultMachine(%s) is validated against the capabilities', (arch) => {
    const list = guest.machines(caps, arch);
    const pref: Record<string, string> = { x86_64: 'pc', i686: 'pc', aarch64: 'virt', armv7l: 'virt', riscv32: 'virt', riscv64: 'virt', ppc64: 'pseries', ppc64le: 'pseries', s390x: 's390-ccw-virtio' };
    const wanted = pref[arch];
    const offered = (n: string) => list.find((m) => m.name === n || m.aliases.includes(n));
    if (wanted && offered(wanted)) {
      expect(guest.defaultMachine(caps, arch)).toBe(offered(wanted)!.name);
    } else if (wanted || list.length === 0) {
      expect(() => guest.defaultMachine(caps, arch)).toThrow(guest.GuestConfigError);
    } else {
      // no preference for this arch: the hypervisor's default, which libvirt lists first
      expect(guest.defaultMachine(caps, arch)).toBe(list[0].name);
    }
    // an explicit request wins over the mapping, and both are validated
    if (list.length) {
      const last = list[list.length - 1];
      expect(guest.defaultMachine(caps, arch, { [arch]: list[0].name }, { requested: last.name })).toBe(last.name);
      expect(guest.defaultMachine(caps, arch, { [arch]: last.aliases[0] ?? last.name })).toBe(last.name);
      expect(() => guest.defaultMachine(caps, arch, { [arch]: 'nosuchmachine' })).toThrow(/mapping\.\S+: 'nosuchmachine' is not a machine type supported/);
    }
    expect(() => guest.defaultMachine(caps, arch, undefined, { requested: 'nosuchmachine' })).toThrow(guest.GuestConfigError);
  });
});

describe('caps-qemu-kvm.xml specifics', () => {
  const caps = xml.parseCapabilities(fs.readFileSync(path.join(CAPS_DIR, 'caps-qemu-kvm.xml'), 'utf8'));
  test('x86: pc is an alias of pc-0.11; kvm has its own list', () => {
    expect(guest.canonicalMachine(caps, 'x86_64', 'pc')).toBe('pc-0.11');
    expect(guest.canonicalMachine(caps, 'x86_64', 'pc', 'kvm')).toBe('pc-0.11');
    expect(guest.machines(caps, 'i686', 'kvm').map((m) => m.name)).toEqual(['pc-0.11', 'pc-0.10', 'isapc']);
    expect(guest.machines(caps, 'i686', 'kvm')[0].maxCpus).toBe(255);
    expect(guest.defaultMachine(caps, 'x86_64')).toBe('pc-0.11');
    // this old QEMU has no q35: asked for q35, the default is refused, naming what there is
    expect(() => guest.defaultMachine(caps, 'x86_64', undefined, { q35: true })).toThrow(/'q35' is not a machine type supported for arch x86_64; supported: pc-0.11 \(pc\), pc-0.10, isapc/);
  });
  test('a domain type the arch does not offer is refused', () => {
    expect(() => guest.machines(caps, 'aarch64', 'kvm')).toThrow(/virtType: 'kvm' is not offered for arch aarch64 \(capabilities offer qemu\)/);
  });
  test('riscv virt; armv7l and aarch64 of this old QEMU have no virt board', () => {
    expect(() => guest.defaultMachine(caps, 'armv7l')).toThrow(/'virt' is not a machine type supported for arch armv7l; supported: integratorcp/);
    expect(guest.defaultMachine(caps, 'riscv64')).toBe('virt');
    expect(guest.machines(caps, 'riscv64').find((m) => m.name === 'virt')!.maxCpus).toBe(8);
    expect(() => guest.defaultMachine(caps, 'aarch64')).toThrow(/'virt' is not a machine type supported for arch aarch64; supported: machvirt/);
    expect(guest.defaultMachine(caps, 'aarch64', { aarch64: 'machvirt' })).toBe('machvirt');
    expect(guest.machineFamily('machvirt')).toBe('virt');
  });
  test('sparc has no preference: the first listed machine', () => {
    expect(guest.defaultMachine(caps, 'sparc')).toBe('SS-5');
  });
});

describe('machine families drive device rules', () => {
  test.each([
    ['pc-q35-7.2', 'q35', true, 'pcie-root', 'pcie-root-port', 'sata'],
    ['q35', 'q35', true, 'pcie-root', 'pcie-root-port', 'sata'],
    ['pc-i440fx-7.2', 'i440fx', false, 'pci-root', 'pci-bridge', 'ide'],
    ['pc', 'i440fx', false, 'pci-root', 'pci-bridge', 'ide'],
    ['pc-0.11', 'i440fx', false, 'pci-root', 'pci-bridge', 'ide'],
    ['virt-7.2', 'virt', true, 'pcie-root', 'pcie-root-port', 'sata'],
    ['pseries-7.0', 'pseries', false, 'pci-root', 'pci-bridge', 'scsi'],
  ])('%s', (m, family, pcie, root, hotplug, cdrom) => {
    const r = guest.machineRules(m, 'x86_64');
    expect([r.family, r.pcie, r.rootController, r.hotplugController, r.cdromBus]).toEqual([family, pcie, root, hotplug, cdrom]);
    if (pcie) expect(r.noBus).toEqual(expect.arrayContaining(['ide', 'fdc']));
    if (family === 'i440fx') expect(r.noController).toContain('pcie-root-port');
  });
});

describe('live qemu:///system', () => {
  let conn: Connection | null = null;
  let caps: ReturnType<typeof xml.parseCapabilities>;
  let text = '';
  beforeAll(async () => {
    conn = await openSystem();
    if (conn) {
      text = await conn.getCapabilities();
      caps = xml.parseCapabilities(text);
    }
  });
  afterAll(async () => {
    await conn?.close();
  });

  test('pc and q35 resolve to the versions the installed QEMU lists', () => {
    if (!conn) return;
    const pc = /<machine canonical='([^']+)'[^>]*>pc<\/machine>/.exec(text)![1];
    const q35 = /<machine canonical='([^']+)'[^>]*>q35<\/machine>/.exec(text)![1];
    expect(pc).toMatch(/^pc-i440fx-\d+\.\d+$/);
    expect(q35).toMatch(/^pc-q35-\d+\.\d+$/);
    for (const t of ['kvm', 'qemu']) {
      if (!guest.domainTypes(caps, 'x86_64').includes(t)) continue;
      expect(guest.canonicalMachine(caps, 'x86_64', 'pc', t)).toBe(pc);
      expect(guest.canonicalMachine(caps, 'x86_64', 'q35', t)).toBe(q35);
    }
    expect(guest.defaultMachine(caps, 'x86_64')).toBe(pc);
    expect(guest.defaultMachine(caps, 'x86_64', undefined, { q35: true })).toBe(q35);
    expect(guest.defaultMachine(caps, 'x86_64', { x86_64: 'q35' })).toBe(q35);
  });

  test('the RHEL machine type of the classic "unsupported machine type" failure is refused before define', () => {
    if (!conn) return;
    expect(() => guest.canonicalMachine(caps, 'x86_64', 'pc-i440fx-rhel7.3.0')).toThrow(/machine: 'pc-i440fx-rhel7.3.0' is not a machine type supported for arch x86_64; supported: pc-i440fx-/);
  });

  test('deprecated machines are flagged as the daemon says', () => {
    if (!conn) return;
    const deprecated = [...text.split('<arch name=\'x86_64\'>')[1].split('</arch>')[0].matchAll(/<machine[^>]*deprecated='yes'[^>]*>([^<]+)</g)].map((m) => m[1]);
    const list = guest.machines(caps, 'x86_64');
    expect(list.filter((m) => m.deprecated).map((m) => m.name).sort()).toEqual(deprecated.sort());
  });

  test('the domain capabilities of the resolved machine name it', async () => {
    if (!conn) return;
    const q35 = guest.canonicalMachine(caps, 'x86_64', 'q35');
    const dc = xml.parseDomainCapabilities(await conn.getDomainCapabilities(null, 'x86_64', 'q35', 'qemu'));
    expect(dc.machine).toBe(q35);
  });
});

describe('guest functions name a wrong argument (found by tools/fuzz-api.js)', () => {
  const msg = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return `${(e as Error).name}: ${(e as Error).message}`;
    }
    return 'no error';
  };
  const any = (v: unknown) => v as never;
  test('caps, arch, machine and text arguments of the wrong kind are TypeErrors naming them', () => {
    const caps = xml.parseCapabilities('<capabilities><host><cpu><arch>x86_64</arch></cpu></host></capabilities>');
    // before: "Cannot read properties of null (reading 'guest')", "text.matchAll is not a function"...
    expect(msg(() => guest.defaultMachine(any(null), 'x86_64')))
      .toBe('TypeError: Expected parsed capabilities (xml.parseCapabilities) for caps but received null');
    expect(msg(() => guest.arches(any('<capabilities/>'))))
      .toBe('TypeError: Expected parsed capabilities (xml.parseCapabilities) for caps but received string');
    expect(msg(() => guest.machines(caps, any(5)))).toBe('TypeError: Expected string for arch but received number');
    expect(msg(() => guest.canonicalMachine(caps, 'x86_64', any(['q35'])))).toBe('TypeError: Expected string for machine but received array');
    expect(msg(() => guest.machineFamily(any(Symbol('x'))))).toBe('TypeError: Expected string for name but received symbol');
    expect(msg(() => guest.cpusFromXML(any(5)))).toBe('TypeError: Expected string for text but received number');
    expect(guest.arches(caps)).toEqual([]); // a host with no guests is still capabilities
  });
  test('a long value is shown clipped in the message, and kept whole on the error', () => {
    let err: guest.GuestConfigError | undefined;
    try {
      guest.canonicalMachine(xml.parseCapabilities(CAPS_WITH_PC), 'x86_64', 'm'.repeat(1_000_000));
    } catch (e) {
      err = e as guest.GuestConfigError;
    }
    expect(err?.name).toBe('GuestConfigError');
    expect(err!.message.length).toBeLessThan(1000);
    expect(err!.message).toContain(`'${'m'.repeat(199)}... (1000002 characters)`);
    expect(err!.value).toBe('m'.repeat(1_000_000));
  });
});

const CAPS_WITH_PC = `<capabilities><host><cpu><arch>x86_64</arch></cpu></host>
<guest><os_type>hvm</os_type><arch name='x86_64'><machine canonical='pc-i440fx-7.2'>pc</machine>
<machine>pc-i440fx-7.2</machine><domain type='qemu'/></arch></guest></capabilities>`;
