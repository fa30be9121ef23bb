/**
 * The XML layer against libvirt itself: built documents are accepted by defineXML on
 * test:///default and qemu:///system, libvirt's dumpxml of them parses back to the same
 * values, and hostile strings survive format -> defineXML -> XMLDesc -> parse.
 *
 * qemu:///system: in CI (CI=true) the tests fail when it cannot be reached; elsewhere
 * they are skipped with the reason printed.
 */
import { execFileSync } from 'child_process';
import { open } from '../src';
import * as xml from '../src/xml';
import type { Domain } from '../src/xml';
import { cases, guestFor, HOSTILE_DESCRIPTION, HOSTILE_NAME } from './xml-fixtures';

const PREFIX = `xmltest-${process.pid}-`;
type Conn = Awaited<ReturnType<typeof open>>;
type Dom = Awaited<ReturnType<Conn['defineXML']>>;

/** Paths where `expected` has a value that `actual` lacks or differs in (arrays: in-order subsequence). */
function missing(actual: unknown, expected: unknown, at = ''): string[] {
  if (expected === null || typeof expected !== 'object') {
    return actual === expected ? [] : [`${at}: expected ${String(expected)}, libvirt has ${String(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected an array, libvirt has ${JSON.stringify(actual)}`];
    let from = 0;
    for (let i = 0; i < expected.length; i++) {
      let found = -1;
      for (let j = from; j < actual.length && found < 0; j++) if (missing(actual[j], expected[i]).length === 0) found = j;
      if (found < 0) return [`${at}[${i}]: no match for ${JSON.stringify(expected[i], (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`];
      from = found + 1;
    }
    return [];
  }
  if (actual === null || typeof actual !== 'object') return [`${at}: expected an object, libvirt has ${String(actual)}`];
  return Object.entries(expected).flatMap(([k, v]) => missing((actual as Record<string, unknown>)[k], v, at ? `${at}.${k}` : k));
}

async function defineAndRead(conn: Conn, def: Domain): Promise<{ text: string; back: Domain }> {
  let dom: Dom | undefined;
  try {
    dom = await conn.defineXML(xml.formatDomain(def));
    const text = await dom.XMLDesc(0);
    return { text, back: xml.parseDomain(text) };
  } finally {
    if (dom) await dom.undefine();
  }
}

function checkDumpxml(def: Domain, text: string, back: Domain): void {
  expect(back.name).toBe(def.name);
  expect(missing(back, def)).toEqual([]);
  // libvirt's own output is kept losslessly too
  expect(xml.formatDomain(xml.parseDomain(xml.formatDomain(back)))).toBe(xml.formatDomain(back));
  expect(text.length).toBeGreaterThan(0);
}

const domName = (kind: string) => PREFIX + kind.replace(/[^a-z0-9]+/gi, '-');

describe('test:///default', () => {
  let conn: Conn;
  beforeAll(async () => {
    conn = await open('test:///default');
  });
  afterAll(async () => {
    if (conn) await conn.close();
  });

  test('the test driver\'s capabilities parse into typed fields and format back to the same values', async () => {
    const caps = xml.parseCapabilities(await conn.getCapabilities());
    expect(caps.host?.cpu?.arch).toBeTruthy();
    expect(caps.guest?.some((g) => g.os_type === 'hvm' && g.arch?.domain?.some((d) => d.type === 'test'))).toBe(true);
    expect(caps.host?.topology?.cells?.cell?.length).toBeGreaterThan(0);
    expect(xml.parseCapabilities(xml.formatCapabilities(caps))).toEqual(caps);
  });

  test.each(cases)('%s: defineXML accepts it and dumpxml parses back to the same values', async (kind, devices) => {
    const def = guestFor(kind, devices, domName(kind), 'test');
    const { text, back } = await defineAndRead(conn, def);
    checkDumpxml(def, text, back);
  });

  test(`escaping: a guest named ${HOSTILE_NAME} with ]]> and emoji in its description survives libvirt`, async () => {
    const def: Domain = {
      type: 'test',
      name: HOSTILE_NAME,
      title: `${PREFIX}title with 'quotes' & "more"`,
      description: HOSTILE_DESCRIPTION,
      memory: { unit: 'KiB', value: 1048576 },
      os: { type: { value: 'hvm' } },
    };
    const { back } = await defineAndRead(conn, def);
    expect(back.name).toBe(HOSTILE_NAME);
    expect(back.title).toBe(def.title);
    expect(back.description).toBe(HOSTILE_DESCRIPTION);
  });

  test('libvirt errors reach the caller for documents that pass our checks but not libvirt', async () => {
    const def = guestFor('memory', { memory: [{ model: 'dimm', target: { size: { unit: 'KiB', value: 524288 }, node: 0 } }] }, domName('no-numa'), 'test');
    delete def.cpu;
    await expect(defineAndRead(conn, def)).rejects.toMatchObject({ message: expect.stringContaining('NUMA') });
  });
});

/** Can qemu:///system be reached?  Asked synchronously so tests can be registered or skipped. */
function qemuReachable(): string | null {
  try {
    execFileSync('virsh', ['-c', 'qemu:///system', 'uri'], { stdio: 'pipe', timeout: 20000 });
    return null;
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    return (err.stderr?.toString().trim() || err.message).split('\n')[0];
  }
}
const inCI = process.env.CI === 'true' || process.env.CI === '1';
const qemuProblem = inCI ? null : qemuReachable();
if (qemuProblem) console.warn(`skipping the qemu:///system tests: cannot connect (${qemuProblem})`);
const describeQemu = qemuProblem ? describe.skip : describe;

/** Device kinds the host's QEMU target refuses, with the reason libvirt gives; asserted, not skipped. */
const QEMU_REFUSES: Record<string, { codeName: string; message: string }> = {
  nvram: { codeName: 'VIR_ERR_CONFIG_UNSUPPORTED', message: 'nvram device is only supported for PPC64' },
};

/**
 * What libvirt's QEMU driver fills in on define, applied to what we expect back:
 * machine aliases become the canonical machine named in the capabilities XML (read
 * with parseCapabilities), and a memory device adds its size to the guest's memory.
 */
function qemuExpectation(kind: string, def: Domain, caps: xml.Capabilities): Domain {
  const want: Domain = structuredClone(def);
  const type = want.os?.type;
  if (type?.machine) {
    const guest = caps.guest?.find((g) => g.os_type === 'hvm' && g.arch?.name === type.arch);
    const machines = [...(guest?.arch?.machine ?? []), ...(guest?.arch?.domain ?? []).flatMap((d) => d.machine ?? [])];
    const canonical = machines.find((m) => m.value === type.machine)?.canonical;
    if (canonical) type.machine = canonical;
  }
  if (kind === 'memory') {
    const dimm = def.devices!.memory![0].target!.size!.value as number;
    want.memory = { unit: 'KiB', value: (def.memory!.value as number) + dimm };
  }
  return want;
}

describeQemu('qemu:///system', () => {
  let conn: Conn;
  let caps: xml.Capabilities;
  beforeAll(async () => {
    conn = await open('qemu:///system');
    caps = xml.parseCapabilities(await conn.getCapabilities());
  });

  test("the live capabilities and domain capabilities parse into typed fields and format back to the same values", async () => {
    expect(caps.host?.cpu?.arch).toBe(process.arch === 'arm64' ? 'aarch64' : 'x86_64');
    const kvmOrQemu = caps.guest?.flatMap((g) => g.arch?.domain ?? []).map((d) => d.type);
    expect(kvmOrQemu).toContain('qemu');
    expect(xml.parseCapabilities(xml.formatCapabilities(caps))).toEqual(caps);
    const dcaps = xml.parseDomainCapabilities(await conn.getDomainCapabilities(null, null, null, 'qemu', 0));
    expect(dcaps.domain).toBe('qemu');
    expect(dcaps.vcpu?.max).toBeGreaterThan(0);
    expect(dcaps.os?.supported).toBe('yes');
    expect(dcaps.cpu?.mode?.map((m) => m.name)).toEqual(expect.arrayContaining(['host-passthrough', 'custom']));
    const custom = dcaps.cpu!.mode!.find((m) => m.name === 'custom')!;
    expect(custom.model!.length).toBeGreaterThan(0);
    expect(custom.model!.every((m) => typeof m.value === 'string' && ['yes', 'no', 'unknown'].includes(m.usable!))).toBe(true);
    expect(xml.parseDomainCapabilities(xml.formatDomainCapabilities(dcaps))).toEqual(dcaps);
  });
  afterAll(async () => {
    if (conn) {
      // belt and braces: nothing of ours may stay defined
      for (const [kind] of cases) {
        const name = domName(kind);
        try {
          execFileSync('virsh', ['-c', 'qemu:///system', 'undefine', name], { stdio: 'pipe' });
        } catch {
          /* not defined: fine */
        }
      }
      await conn.close();
    }
  });

  test.each(cases)('%s: defineXML accepts it and dumpxml parses back to the same values', async (kind, devices) => {
    const def = guestFor(kind, devices, domName(kind), 'qemu');
    const refused = QEMU_REFUSES[kind];
    if (refused) {
      await expect(defineAndRead(conn, def)).rejects.toMatchObject({ codeName: refused.codeName, message: expect.stringContaining(refused.message) });
      return;
    }
    const { text, back } = await defineAndRead(conn, def);
    checkDumpxml(qemuExpectation(kind, def, caps), text, back);
  });
});
