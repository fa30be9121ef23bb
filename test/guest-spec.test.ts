/**
 * The guest spec described once (src/guest/spec.ts): its field errors (missing fields
 * first, unknown fields with the nearest known name), the published
 * guest-spec.schema.json (current, a valid JSON Schema that another validator applies
 * the same way), one check per build, and domains built byte for byte as before the
 * builder was split into its parts (test/guest-spec.golden.json).
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { guest } from '../src';
import * as errorsModule from '../src/guest/errors';
import { editDistance, nearest } from '../src/guest/nearest';
import { cases, hosts } from './helpers/guest-spec-cases';

const ROOT = path.resolve(__dirname, '..');
const SCHEMA_FILE = path.join(ROOT, 'guest-spec.schema.json');
const GOLDEN: Record<string, string> = JSON.parse(fs.readFileSync(path.join(__dirname, 'guest-spec.golden.json'), 'utf8'));

function problem(value: unknown): guest.GuestConfigError {
  try {
    guest.checkSpec(value);
  } catch (e) {
    expect(e).toBeInstanceOf(guest.GuestConfigError);
    return e as guest.GuestConfigError;
  }
  throw new Error(`expected ${JSON.stringify(value)} to be refused`);
}
const base = { name: 'g', memoryMiB: 64, vcpus: 1 };

describe('field errors', () => {
  test.each([
    [{ ...base, colour: 'red' }, 'colour', /^unknown field 'colour' in spec; known fields: name, memoryMiB, vcpus, arch, machine, \.\.\. \(35 fields\)$/],
    [{ ...base, consolelog: '/tmp/x.log' }, 'consolelog', /^unknown field 'consolelog' in spec; did you mean 'consoleLog'\?$/],
    [{ ...base, graphic: { type: 'vnc' } }, 'graphic', /did you mean 'graphics'\?$/],
    [{ ...base, virtype: 'qemu' }, 'virtype', /did you mean 'virtType'\?$/],
    [{ ...base, memory: 64 }, 'memory', /did you mean 'memoryMiB'\?$/],
    [{ ...base, disks: [{ path: '/img/a.raw', formt: 'raw' }] }, 'disks[0].formt', /^unknown field 'formt' in disks\[0\]; did you mean 'format'\?$/],
    [{ ...base, cpu: { mode: 'custom', modle: 'Westmere' } }, 'cpu.modle', /^unknown field 'modle' in cpu; did you mean 'model'\?$/],
    [{ ...base, disks: [{ format: 'raw' }] }, 'disks[0].path', /^missing field 'path' in disks\[0\] \(one of path, image, upload is required\)$/],
    // a disk's kind is the key field it has: the errors are those of that kind
    [{ ...base, disks: [{ image: '/img/base.qcow2', sizeGib: 4 }] }, 'disks[0].sizeGib', /^unknown field 'sizeGib' in disks\[0\]; did you mean 'sizeGiB'\?$/],
    [{ ...base, disks: [{ image: '/img/base.qcow2', format: 'raw' }] }, 'disks[0].format', /^unknown field 'format' in disks\[0\]/],
    [{ ...base, disks: [{ image: 'base.qcow2' }] }, 'disks[0].image', /^disks\[0\]\.image: 'base\.qcow2' must be an absolute path$/],
    [{ ...base, disks: [{ image: { pool: 'default' } }] }, 'disks[0].image.volume', /^missing field 'volume' in disks\[0\]\.image \(required: pool, volume\)$/],
    [{ ...base, disks: [{ image: 7 }] }, 'disks[0].image', /^disks\[0\]\.image: 7 must be a string or an object$/],
    [{ ...base, disks: [{ image: '/b.qcow2', overlay: false }] }, 'disks[0].overlay', /must be true \(the disk is a new qcow2 overlay over the image\)$/],
    [{ ...base, disks: [{ upload: '/img/a.img', sizeGiB: 0 }] }, 'disks[0].sizeGiB', /must be an integer of at least 1$/],
    [{ ...base, disks: [{ path: '/a.img' }, { upload: '/img/a.img', bus: 'nvme' }] }, 'disks[1].bus', /must be one of virtio/],
    [{ ...base, cloudInit: {} }, 'cloudInit.userData', /^missing field 'userData' in cloudInit/],
    [{ ...base, cloudInit: { userData: 3 } }, 'cloudInit.userData', /must be a string or an object$/],
    [{ ...base, cloudInit: { userData: '', hostname: 'bad host' } }, 'cloudInit.hostname', /must be a host name/],
    [{ ...base, cloudInit: { userData: '', sshAuthorizedKey: [] } }, 'cloudInit.sshAuthorizedKey', /did you mean 'sshAuthorizedKeys'\?$/],
    [{ ...base, pool: 'a/b' }, 'pool', /must be a non-empty name without '\/'$/],
    [{ ...base, guestAgent: 'yes' }, 'guestAgent', /must be true or false$/],
    [{ ...base, memoryMiB: '64' }, 'memoryMiB', /^memoryMiB: '64' must be an integer of at least 1$/],
    [{ ...base, disks: [{ path: '/img/a.raw', bus: 'nvme' }] }, 'disks[0].bus', /must be one of virtio, sata, scsi, ide, usb, fdc, xen$/],
    [{ ...base, graphics: { type: 'vnc', port: 80 } }, 'graphics.port', /must be an integer from 5900 to 65535$/],
    [{ ...base, kernel: 'vmlinuz' }, 'kernel', /^kernel: 'vmlinuz' must be an absolute path$/],
    [{ ...base, console: 'yes' }, 'console', /must be true or false$/],
    [null, 'spec', /^spec: null must be an object$/],
  ] as Array<[unknown, string, RegExp]>)('%j: %s', (spec, field, message) => {
    const e = problem(spec);
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
  });

  test('required fields are reported first, then unknown fields, then wrong values', () => {
    expect(problem({ colour: 'red', memoryMiB: 'x', vcpus: 1 }).message).toBe("missing field 'name' in spec (required: name, memoryMiB, vcpus)");
    expect(problem({ name: 'a', vcpus: 0, colour: 'red' }).field).toBe('memoryMiB');
    expect(problem({ ...base, vcpus: 0, colour: 'red' }).field).toBe('colour');
    // the outer missing field before an inner one
    expect(problem({ memoryMiB: 1, vcpus: 1, disks: [{}] }).field).toBe('name');
  });

  test('an unknown field keeps its value, the known names and the suggestion', () => {
    const e = problem({ ...base, graphic: { type: 'vnc' } });
    expect(e.value).toEqual({ type: 'vnc' });
    expect(e.supported).toContain('graphics');
    expect(e.supported).not.toContain('$schema');
  });

  test('the edit distance counts a swap of neighbours as one; nearest needs a close name', () => {
    expect(editDistance('colour', 'color')).toBe(1);
    expect(editDistance('memroyMiB', 'memoryMiB')).toBe(1);
    expect(editDistance('VIRTTYPE', 'virtType')).toBe(0);
    expect(nearest('modle', ['mode', 'model'])).toBe('model');
    expect(nearest('cpus', ['vcpus', 'name'])).toBe('vcpus');
    expect(nearest('zzzqqq', ['name', 'vcpus'])).toBeUndefined();
  });

  test('"$schema" is accepted, undefined optional fields are ignored, the value is returned as given', () => {
    const spec = { $schema: './node_modules/libvirt-napi/guest-spec.schema.json', ...base, kernel: undefined };
    expect(guest.checkSpec(spec)).toBe(spec);
  });
});

describe('guest-spec.schema.json', () => {
  const file = fs.readFileSync(SCHEMA_FILE, 'utf8');
  const published = JSON.parse(file);

  test('is current: the schema of src/guest/spec.ts, as tools/guest-schema.js writes it', () => {
    expect(file).toBe(JSON.stringify(guest.specSchema(), null, 2) + '\n');
    expect(published.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(published.required).toEqual(['name', 'memoryMiB', 'vcpus']);
    expect(published.additionalProperties).toBe(false);
  });

  test('the field table of docs/guest.md is current', () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const tools = require('../tools/guest-schema.js') as { docWithTable(doc: string, schema: object): string; tableText(schema: object): string };
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'guest.md'), 'utf8');
    expect(doc).toBe(tools.docWithTable(doc, guest.specSchema()));
    const table = tools.tableText(guest.specSchema());
    expect(table).toContain('| `disks[].path` (required in its kind) | absolute path |');
    expect(table.split('\n').length).toBeGreaterThan(60);
  });

  test('is a valid JSON Schema, and ajv applies it as the guest layer does', () => {
    const ajv = new Ajv({ allErrors: true });
    ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
    expect(ajv.validateSchema(published)).toBe(true);
    const validate = ajv.compile(published);
    for (const [tag, spec] of cases()) {
      expect([tag, validate(spec), validate.errors ?? null]).toEqual([tag, true, null]);
      expect(validate({ ...spec, $schema: './guest-spec.schema.json' })).toBe(true);
    }
    const bad: unknown[] = [
      { ...base, colour: 'red' }, { memoryMiB: 1, vcpus: 1 }, { ...base, vcpus: 0 }, { ...base, name: 'a/b' },
      { ...base, disks: [{ path: 'rel.raw' }] }, { ...base, disks: [{ path: '/a', bus: 'nvme' }] },
      { ...base, interfaces: [{ type: 'network', mac: '52:54:00' }] }, { ...base, cpu: { vendorId: 'Intel' } },
      { ...base, graphics: { type: 'rdp' } }, { ...base, onCrash: 'explode' }, { ...base, controllers: ['isa-bridge'] },
    ];
    for (const spec of bad) {
      expect([spec, validate(spec)]).toEqual([spec, false]);
      expect(() => guest.checkSpec(spec)).toThrow(guest.GuestConfigError);
    }
  });
});

describe('the builder checks its input once', () => {
  const h = hosts();
  test('buildDomain validates the spec once, and its parts run no argument checks of guest/errors.ts', () => {
    const spec: guest.GuestSpec = {
      name: 'once', memoryMiB: 256, vcpus: 2, machine: 'q35', cpu: { mode: 'custom', model: 'Westmere' },
      disks: [{ path: '/img/a.qcow2' }, { path: '/isos/b.iso' }], interfaces: [{ type: 'network' }], graphics: { type: 'vnc' },
    };
    guest.buildDomain(spec, { capabilities: h.X86 }); // loads the validator
    const validator = errorsModule.specValidator();
    const checkSpec = jest.spyOn(validator, 'checkSpec');
    const checkCPU = jest.spyOn(validator, 'checkCPU');
    const expectString = jest.spyOn(errorsModule, 'expectString');
    const expectCaps = jest.spyOn(errorsModule, 'expectCaps');
    try {
      guest.buildDomain(spec, { capabilities: h.X86, domainCapabilities: h.Q35 });
      expect([checkSpec.mock.calls.length, checkCPU.mock.calls.length, expectString.mock.calls.length, expectCaps.mock.calls.length]).toEqual([1, 0, 0, 0]);
      // the public functions below it still check their arguments, once each
      guest.canonicalMachine(h.X86, 'x86_64', 'q35');
      expect(expectCaps.mock.calls.length).toBe(1);
    } finally {
      jest.restoreAllMocks();
    }
  });
  test('a context that is not capabilities is refused by name', () => {
    expect(() => guest.buildDomain(base, null as never)).toThrow(/Expected a build context \{ capabilities, domainCapabilities\? \} for ctx but received null/);
    expect(() => guest.buildDomain(base, { capabilities: '<capabilities/>' as never })).toThrow(/capabilities: '<capabilities\/>' are required/);
  });
});

describe('a spec that validates builds the same domain as before', () => {
  test.each(cases().map(([tag, spec, ctx]) => [tag, spec, ctx] as const))('%s', (tag, spec, ctx) => {
    expect(GOLDEN[tag]).toBeDefined();
    expect(guest.buildDomainXML(spec, ctx)).toBe(GOLDEN[tag]);
  });
  test('every golden document is still built', () => {
    expect(Object.keys(GOLDEN).sort()).toEqual(cases().map(([tag]) => tag).sort());
  });
});
