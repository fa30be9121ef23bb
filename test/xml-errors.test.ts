/**
 * Bad input: validation errors before XML is written (exact messages naming field and
 * value), and malformed XML given to a parse function (error with line and column).
 */
import * as xml from '../src/xml';
import type { Domain } from '../src/xml';

function guest(over: Partial<Domain> = {}): Domain {
  return {
    type: 'kvm',
    name: 'xmltest-errors',
    memory: { unit: 'KiB', value: 1048576 },
    vcpu: { value: 2 },
    os: { type: { value: 'hvm' } },
    devices: {
      interface: [{ type: 'network', mac: { address: '52:54:00:12:34:56' }, source: { network: 'default' } }],
      disk: [
        { type: 'file', device: 'disk', source: { file: '/a.img' }, target: { dev: 'vda', bus: 'virtio' } },
        { type: 'file', device: 'disk', source: { file: '/b.img' }, target: { dev: 'vdb', bus: 'virtio' } },
      ],
    },
    ...over,
  };
}

/** The thrown error, which must be an XmlValidationError. */
function validationError(def: unknown): InstanceType<typeof xml.XmlValidationError> {
  try {
    xml.formatDomain(def as Domain);
  } catch (e) {
    expect(e).toBeInstanceOf(xml.XmlValidationError);
    return e as InstanceType<typeof xml.XmlValidationError>;
  }
  throw new Error('formatDomain did not throw');
}

describe('validation before XML is written', () => {
  test('the base guest is valid', () => {
    expect(() => xml.formatDomain(guest())).not.toThrow();
  });

  test.each<[string, Partial<Domain>, string, unknown]>([
    ['memory 0', { memory: { unit: 'KiB', value: 0 } }, 'memory.value: must be a positive integer (got 0)', 0],
    ['memory negative', { memory: { unit: 'KiB', value: -1 } }, 'memory.value: must be a positive integer (got -1)', -1],
    ['memory fractional', { memory: { unit: 'KiB', value: 1.5 } }, 'memory.value: must be a positive integer (got 1.5)', 1.5],
    ['memory a string', { memory: { unit: 'KiB', value: '1G' as unknown as number } }, 'memory.value: must be a positive integer (got "1G")', '1G'],
    ['memory unsafe number', { memory: { unit: 'b', value: 2 ** 60 } }, `memory.value: must be a positive integer (got ${2 ** 60})`, 2 ** 60],
    ['currentMemory 0', { currentMemory: { value: 0 } }, 'currentMemory.value: must be a positive integer (got 0)', 0],
    ['unknown unit', { memory: { unit: 'KiBB', value: 1 } }, 'memory.unit: unknown unit (use b, KiB, MiB, GiB, TiB, PiB, EiB or KB, MB ...) (got "KiBB")', 'KiBB'],
    ['vcpu 0', { vcpu: { value: 0 } }, 'vcpu.value: must be an integer of at least 1 (got 0)', 0],
    ['vcpu current above count', { vcpu: { value: 2, current: 3 } }, 'vcpu.current: must be an integer between 1 and vcpu.value (2) (got 3)', 3],
    ['empty name', { name: '' }, 'name: must be a non-empty string (got "")', ''],
    ["name with '/'", { name: 'a/b' }, "name: must not contain '/' (got \"a/b\")", 'a/b'],
    ['malformed UUID', { uuid: 'c7a5fdbd-edaf-9455-926a-d65c16db180' }, 'uuid: must be a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx) (got "c7a5fdbd-edaf-9455-926a-d65c16db180")', 'c7a5fdbd-edaf-9455-926a-d65c16db180'],
    ['UUID with a non-hex digit', { uuid: 'g7a5fdbd-edaf-9455-926a-d65c16db1809' }, 'uuid: must be a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx) (got "g7a5fdbd-edaf-9455-926a-d65c16db1809")', 'g7a5fdbd-edaf-9455-926a-d65c16db1809'],
  ])('%s', (_label, over, message, value) => {
    const e = validationError(guest(over));
    expect(e.message).toBe(message);
    expect(e.value).toEqual(value);
    expect(e.field).toBe(message.slice(0, message.indexOf(':')));
  });

  test.each([
    ['52:54:00:12:34', 'must be a MAC address of the form xx:xx:xx:xx:xx:xx'],
    ['52-54-00-12-34-56', 'must be a MAC address of the form xx:xx:xx:xx:xx:xx'],
    ['52:54:00:12:34:5g', 'must be a MAC address of the form xx:xx:xx:xx:xx:xx'],
    ['01:00:5e:00:00:01', 'must be a unicast MAC address (first octet even)'],
  ])('MAC %s', (mac, reason) => {
    const def = guest();
    def.devices!.interface![0].mac = { address: mac };
    const e = validationError(def);
    expect(e.message).toBe(`devices.interface[0].mac.address: ${reason} (got "${mac}")`);
    expect(e.field).toBe('devices.interface[0].mac.address');
    expect(e.value).toBe(mac);
  });

  test('two disks on the same target dev', () => {
    const def = guest();
    def.devices!.disk![1].target = { dev: 'vda', bus: 'virtio' };
    const e = validationError(def);
    expect(e.message).toBe('devices.disk[1].target.dev: duplicates the target of devices.disk[0] (got "vda")');
  });

  test('field kinds are checked while writing, with the full path of the field', () => {
    const bad = guest();
    (bad.devices!.disk![0] as { target: { rotation_rate?: unknown } }).target.rotation_rate = 'fast';
    expect(validationError(bad).message).toBe('devices.disk[0].target.rotation_rate: must be an integer (got "fast")');
    const badEnum = guest();
    (badEnum.devices!.disk![0] as { readonly?: unknown; target: { removable?: unknown } }).target.removable = 'maybe';
    expect(validationError(badEnum).message).toBe("devices.disk[0].target.removable: must be one of 'on', 'off' (got \"maybe\")");
    const noType = { ...guest() } as Partial<Domain>;
    delete noType.type;
    expect(validationError(noType).message).toBe('type: is required (got undefined)');
    expect(validationError({ ...guest(), devices: { disk: {} } }).message).toBe('devices.disk: must be an array (got {})');
    const badUnit = guest({ memoryBacking: { hugepages: { page: [{ size: 2048, unit: 'kibibytes' }] } } });
    expect(validationError(badUnit).message).toBe('memoryBacking.hugepages.page[0].unit: unknown unit (use b, KiB, MiB, GiB, TiB, PiB, EiB or KB, MB ...) (got "kibibytes")');
  });

  test('names of kept unknown attributes and elements cannot inject markup', () => {
    expect(() => xml.formatDomain({ ...guest(), $attrs: { 'a="1"><x': 'y' } })).toThrow('$attrs: invalid XML name (got "a=\\"1\\"><x")');
    expect(() => xml.formatDomain({ ...guest(), $children: [{ name: 'x><y', attrs: {}, children: [] }] })).toThrow('$children[0]: invalid XML name (got "x><y")');
    expect(() => xml.formatDomain({ ...guest(), $children: [{ comment: 'a --> <evil/>' }] })).toThrow("$children[0]: comment may not contain '--' or end with '-' (got \"a --> <evil/>\")");
  });

  test('characters XML cannot carry are refused', () => {
    expect(() => xml.formatDomain({ ...guest(), description: 'bell\u0007' })).toThrow('description: contains a character XML cannot represent (got "bell\\u0007")');
    expect(() => xml.formatDomain({ ...guest(), title: 'half \ud83d' })).toThrow('title: contains a lone UTF-16 surrogate');
  });
});

describe('malformed XML', () => {
  const cases: [string, string, string, number, number][] = [
    ['unclosed element', '<domain type="kvm">\n  <name>x</name>\n  <devices>\n</domain>', 'end tag </domain> does not match <devices>', 4, 1],
    ['missing end tag at EOF', '<domain type="kvm">\n  <name>x</name>\n', 'missing end tag </domain>', 3, 1],
    ['unquoted attribute', '<domain type=kvm>\n</domain>', 'attribute type value must be quoted', 1, 14],
    ['attribute without value', '<domain>\n  <vcpu placement>1</vcpu>\n</domain>', "expected '=' after attribute placement", 2, 18],
    ['duplicate attribute', '<domain type="kvm" type="qemu"/>', 'duplicate attribute type', 1, 20],
    ['undefined entity', '<domain>\n  <name>a &nbsp; b</name>\n</domain>', "undefined entity '&nbsp;'", 2, 11],
    ['bare ampersand', '<domain>\n  <name>a & b</name>\n</domain>', "unterminated entity reference ('&' must be written &amp;)", 2, 11],
    ['< in attribute', '<domain type="a<b"/>', "'<' not allowed in value of attribute type", 1, 16],
    ['text after the root', '<domain/>\ntrailing', 'text outside the root element', 1, 10],
    ['two roots', '<domain/>\n<domain/>', 'more than one root element', 2, 1],
    ['empty input', '', 'no root element', 1, 1],
    ['stray end tag', '</domain>', 'unexpected end tag </domain>', 1, 1],
    ['unterminated comment', '<domain>\n<!-- never closed\n</domain>', 'unterminated comment', 2, 1],
    ['DOCTYPE (entity expansion) refused', '<!DOCTYPE d [<!ENTITY a "b">]>\n<domain/>', 'DOCTYPE declarations are not supported', 1, 1],
  ];
  test.each(cases)('%s', (_label, text, message, line, column) => {
    for (const parse of [xml.parseDomain, xml.parseCapabilities, xml.parseDomainCapabilities]) {
      let thrown: unknown;
      let result: unknown;
      try {
        result = parse(text);
      } catch (e) {
        thrown = e;
      }
      expect(result).toBeUndefined();
      expect(thrown).toBeInstanceOf(xml.XmlError);
      const e = thrown as InstanceType<typeof xml.XmlError>;
      expect(e.message).toBe(`${message} at line ${line}, column ${column}`);
      expect([e.line, e.column]).toEqual([line, column]);
    }
  });

  test('the wrong root element is reported with its position', () => {
    expect(() => xml.parseDomain('<?xml version="1.0"?>\n<capabilities/>')).toThrow('expected root element <domain>, found <capabilities> at line 2, column 1');
    expect(() => xml.parseCapabilities('<domain/>')).toThrow('expected root element <capabilities>, found <domain> at line 1, column 1');
  });

  test('a non-string input is a TypeError', () => {
    expect(() => xml.parseDomain(undefined as unknown as string)).toThrow(TypeError);
  });
});
