/**
 * Builder: typed object -> expected XML lines, for every device kind of libvirt 9.0's
 * domain schema, and every built document passes libvirt's own RelaxNG schema
 * (`virt-xml-validate FILE domain`).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import * as xml from '../src/xml';
import type { Domain } from '../src/xml';
import { baseDomain, cases } from './xml-fixtures';
import { DomainDevices as DevicesDesc } from '../src/xml/domain';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xml-builder-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Run libvirt's schema check; returns '' when valid, else its complaint. */
function schemaErrors(text: string, file: string): string {
  const p = path.join(tmp, file);
  fs.writeFileSync(p, text);
  try {
    execFileSync('virt-xml-validate', [p, 'domain'], { stdio: 'pipe' });
    return '';
  } catch (e) {
    const err = e as { stderr?: Buffer; stdout?: Buffer };
    return `${err.stderr?.toString() ?? ''}${err.stdout?.toString() ?? ''}`.trim() || 'virt-xml-validate failed';
  }
}

/** Lines between <devices> and </devices>, de-indented by the 4 spaces of their level. */
function deviceLines(doc: string): string[] {
  const lines = doc.split('\n');
  const from = lines.indexOf('  <devices>');
  const to = lines.indexOf('  </devices>');
  expect(from).toBeGreaterThan(0);
  return lines.slice(from + 1, to).map((l) => {
    expect(l.startsWith('    ')).toBe(true);
    return l.slice(4);
  });
}

describe('typed device -> XML lines', () => {
  test.each(cases)('%s', (kind, devices, expected) => {
    const doc = xml.formatDomain(baseDomain(devices));
    expect(deviceLines(doc)).toEqual(expected);
    // and the typed object comes back from the text unchanged
    expect(xml.parseDomain(doc)).toEqual(baseDomain(devices));
  });

  test.each(cases)('%s: the built document passes virt-xml-validate', (kind, devices) => {
    const file = kind.replace(/[^a-z0-9]+/gi, '_') + '.xml';
    expect(schemaErrors(xml.formatDomain(baseDomain(devices)), file)).toBe('');
  });
});

test('the table covers every device kind of the installed domain schema, and each is typed', () => {
  const rng = fs.readFileSync('/usr/share/libvirt/schemas/domaincommon.rng', 'utf8');
  const body = rng.slice(rng.indexOf('<define name="devices">'));
  const devicesDef = body.slice(0, body.indexOf('</define>'));
  const refs = [...devicesDef.matchAll(/<ref name="([^"]+)"\/>/g)].map((m) => m[1]);
  // each ref's define opens with its element
  const elementOf = (ref: string): string => {
    const at = rng.indexOf(`<define name="${ref}">`);
    expect(at).toBeGreaterThan(0);
    return /<element name="([^"]+)"/.exec(rng.slice(at))![1];
  };
  const kinds = refs.map(elementOf);
  expect(kinds.length).toBeGreaterThanOrEqual(28);
  const built = new Set(cases.flatMap(([, devices]) => Object.keys(devices)));
  for (const k of kinds) {
    expect([k, DevicesDesc.kidMap.has(k)]).toEqual([k, true]);
    expect([k, built.has(k)]).toEqual([k, true]);
  }
});

test('a whole guest with CPU, NUMA, features, clock, OS firmware and tuning passes the schema and parses back', () => {
  const def: Domain = {
    type: 'kvm',
    name: 'xmltest-full',
    uuid: 'c7a5fdbd-edaf-9455-926a-d65c16db1809',
    title: 'Full guest',
    description: 'built by the test suite',
    maxMemory: { unit: 'KiB', slots: 16, value: 8388608 },
    memory: { unit: 'GiB', value: 2 },
    currentMemory: { unit: 'GiB', value: 2 },
    memoryBacking: { hugepages: { page: [{ size: 2048, unit: 'KiB' }] }, access: { mode: 'shared' } },
    vcpu: { placement: 'static', current: 2, value: 4 },
    iothreads: 2,
    cputune: { shares: 2048, vcpupin: [{ vcpu: 0, cpuset: '1' }], emulatorpin: { cpuset: '1-3' } },
    os: {
      firmware: 'efi',
      type: { arch: 'x86_64', machine: 'q35', value: 'hvm' },
      boot: [{ dev: 'hd' }, { dev: 'network' }],
      bootmenu: { enable: 'yes', timeout: 3000 },
    },
    features: { acpi: {}, apic: {}, hyperv: { mode: 'custom', relaxed: { state: 'on' }, spinlocks: { state: 'on', retries: 8191 } }, smm: { state: 'on' } },
    cpu: {
      mode: 'custom',
      match: 'exact',
      model: { fallback: 'forbid', value: 'Skylake-Client' },
      topology: { sockets: 1, dies: 1, cores: 2, threads: 2 },
      feature: [{ policy: 'require', name: 'vmx' }, { policy: 'disable', name: 'hle' }],
      numa: { cell: [{ id: 0, cpus: '0-1', memory: 1048576, unit: 'KiB' }, { id: 1, cpus: '2-3', memory: 1048576, unit: 'KiB' }] },
    },
    clock: { offset: 'utc', timer: [{ name: 'rtc', tickpolicy: 'catchup' }, { name: 'hpet', present: 'no' }] },
    on_poweroff: 'destroy',
    on_reboot: 'restart',
    on_crash: 'destroy',
    pm: { 'suspend-to-mem': { enabled: 'no' }, 'suspend-to-disk': { enabled: 'no' } },
    devices: { emulator: '/usr/bin/qemu-system-x86_64', disk: cases[1][1].disk, interface: cases[9][1].interface },
    seclabel: [{ type: 'dynamic', model: 'selinux', relabel: 'yes' }],
  };
  const doc = xml.formatDomain(def);
  expect(schemaErrors(doc, 'full.xml')).toBe('');
  expect(xml.parseDomain(doc)).toEqual(def);
  // libvirt's element order at the top level
  const top = doc.split('\n').filter((l) => /^  <[a-zA-Z_]/.test(l)).map((l) => /^  <([\w:-]+)/.exec(l)![1]);
  expect(top).toEqual([
    'name', 'uuid', 'title', 'description', 'maxMemory', 'memory', 'currentMemory', 'memoryBacking', 'vcpu', 'iothreads',
    'cputune', 'os', 'features', 'cpu', 'clock', 'on_poweroff', 'on_reboot', 'on_crash', 'pm', 'devices', 'seclabel',
  ]);
});

test('formatting is two-space indented and writes element order from the descriptor, not from object key order', () => {
  const a = xml.formatDomain({ ...baseDomain({}), name: 'x' });
  const b = xml.formatDomain({ devices: {}, os: { type: { value: 'hvm', machine: 'pc', arch: 'x86_64' } }, vcpu: { value: 1 }, memory: { value: 1048576, unit: 'KiB' }, name: 'x', type: 'kvm' });
  expect(b).toBe(a);
  expect(a).toBe(
    [
      '<domain type="kvm">',
      '  <name>x</name>',
      '  <memory unit="KiB">1048576</memory>',
      '  <vcpu>1</vcpu>',
      '  <os>',
      '    <type arch="x86_64" machine="pc">hvm</type>',
      '  </os>',
      '  <devices/>',
      '</domain>',
      '',
    ].join('\n'),
  );
});

test('memory sizes above 2^53 are exact (bigint in, bigint out)', () => {
  const big = 2n ** 64n - 1n;
  const doc = xml.formatDomain({ ...baseDomain({}), memory: { unit: 'b', value: big } });
  expect(doc).toContain('<memory unit="b">18446744073709551615</memory>');
  expect(xml.parseDomain(doc).memory).toEqual({ unit: 'b', value: big });
  const justAbove = 2n ** 53n + 1n;
  const d2 = xml.parseDomain(xml.formatDomain({ ...baseDomain({}), memory: { unit: 'KiB', value: justAbove } }));
  expect(d2.memory?.value).toBe(justAbove);
  // safe integers stay numbers
  expect(xml.parseDomain(xml.formatDomain(baseDomain({}))).memory?.value).toBe(1048576);
});

test('unknown content added by hand is written back in place, after the typed children', () => {
  const def = baseDomain({ disk: [{ type: 'file', device: 'disk', source: { file: '/a' }, target: { dev: 'vda' }, $attrs: { 'x-new': '1' }, $children: [{ name: 'futureElement', attrs: { on: 'yes' }, children: [] }] }] });
  const doc = xml.formatDomain(def);
  expect(deviceLines(doc)).toEqual([
    '<disk type="file" device="disk" x-new="1">',
    '  <source file="/a"/>',
    '  <target dev="vda"/>',
    '  <futureElement on="yes"/>',
    '</disk>',
  ]);
  expect(xml.parseDomain(doc)).toEqual(def);
});
