/**
 * Secret XML: lossless round trip over libvirt's test XML, libvirt's schema, typed
 * coverage, the checks made before formatting (each refused by libvirt too), and a
 * live secret on qemu:///system (the test driver holds no secrets).
 */
import * as xml from '../src/xml';
import type { Connection, Secret as SecretHandle } from '../src';
import type { Secret } from '../src/xml';
import { corpusFiles, folderCoverage, readCorpus, roundTripFailures, schemaCheck, unstable } from './helpers/xml-kind-checks';
import { openSystem, uniqueName } from './helpers/libvirt';

jest.setTimeout(120_000);

describe('corpus/secret', () => {
  const files = corpusFiles('secret');

  test('the corpus is there', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  test('every file: parse -> format keeps every element, attribute and text, in order', () => {
    expect(roundTripFailures('secret', xml.parseSecret, xml.formatSecret)).toEqual([]);
  });

  test('formatting is stable', () => {
    expect(unstable('secret', xml.parseSecret, xml.formatSecret)).toEqual([]);
  });

  test("every formatted file passes libvirt's secret schema", () => {
    const docs = Object.fromEntries(files.map((f) => [f, xml.formatSecret(xml.parseSecret(readCorpus('secret', f)))]));
    const r = schemaCheck('secret', docs);
    expect(r.failing).toEqual([]);
    expect(r.validated).toBe(files.length);
  });

  test('at least 95% of element and attribute paths are typed', () => {
    const c = folderCoverage('secret', xml.parseSecret);
    expect(c.elementPaths).toBeGreaterThanOrEqual(6);
    expect(c.elementPct).toBeGreaterThanOrEqual(95);
    expect(c.attributePct).toBeGreaterThanOrEqual(95);
  });

  test('usage narrows on its type', () => {
    const s = xml.parseSecret(readCorpus('secret', 'secret-in--usage-iscsi.xml'));
    expect(s.usage!.type).toBe('iscsi');
    if (s.usage!.type === 'iscsi') expect(typeof s.usage!.target).toBe('string');
    const ceph = xml.parseSecret(readCorpus('secret', 'secret-in--usage-ceph-space.xml'));
    expect(ceph).toMatchObject({ ephemeral: 'no', private: 'yes', usage: { type: 'ceph', name: 'client.admin secret' } });
    // @ts-expect-error a ceph usage names no target
    const bad: Secret = { usage: { type: 'ceph', target: 'x' } };
    expect(bad.usage!.type).toBe('ceph');
  });
});

describe('on qemu:///system', () => {
  let conn: Connection | null;
  beforeAll(async () => {
    conn = await openSystem();
  });
  afterAll(async () => {
    await conn?.close();
  });

  /** Sends a document to libvirt's secret parser; resolves libvirt's error message. */
  async function refusal(text: string): Promise<string> {
    let s: SecretHandle;
    try {
      s = await conn!.secretDefineXML(text, 0);
    } catch (e) {
      return (e as Error).message;
    }
    await s.undefine().catch(() => undefined);
    throw new Error(`libvirt accepted the document:\n${text}`);
  }

  const cases: [string, Secret, string, RegExp][] = [
    ['a volume usage without its volume', { usage: { type: 'volume' } }, "usage.volume: is required for a 'volume' usage", /volume usage specified, but volume path is missing/],
    ['a ceph usage without its name', { usage: { type: 'ceph' } }, "usage.name: is required for a 'ceph' usage", /Ceph usage specified, but name is missing/],
    ['an iscsi usage without its target', { usage: { type: 'iscsi', target: '' } }, "usage.target: is required for a 'iscsi' usage", /iSCSI usage specified, but target is missing/],
    ['a tls usage without its name', { usage: { type: 'tls' } }, "usage.name: is required for a 'tls' usage", /TLS usage specified, but name is missing/],
    ['a vtpm usage without its name', { usage: { type: 'vtpm' } }, "usage.name: is required for a 'vtpm' usage", /vTPM usage specified, but name is missing/],
    ['an unknown usage type', { usage: { type: 'bogus' } as unknown as Secret['usage'] }, "usage.type: must be one of 'volume', 'ceph'", /unknown secret usage type/],
    ['a malformed UUID', { uuid: 'not-a-uuid' }, 'uuid: must be a UUID', /malformed uuid element/],
  ];

  test.each(cases)('validation: %s (libvirt refuses it too)', async (_title, def, error, libvirtSays) => {
    expect(() => xml.formatSecret(def)).toThrow(error);
    expect(await refusal(xml.formatSecret(def, { validate: false }))).toMatch(libvirtSays);
  });

  test('a typed secret is defined, read back and parsed; its value is set and read', async () => {
    const def: Secret = {
      ephemeral: 'no',
      private: 'no',
      description: 'libvirt-napi test <secret> & co',
      usage: { type: 'ceph', name: `${uniqueName('secret')} client.admin` },
    };
    let s: SecretHandle | undefined;
    try {
      s = await conn!.secretDefineXML(xml.formatSecret(def), 0);
      const back = xml.parseSecret(await s.XMLDesc(0));
      expect(back).toMatchObject({ ...def, uuid: s.UUIDString() });
      expect(xml.unknownContent(back)).toEqual({ elements: [], attributes: [] });
      await s.setValue('key material', 0);
      expect((await s.value(0)).toString()).toBe('key material');
    } finally {
      await s?.undefine().catch(() => undefined);
    }
  });
});
