import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as lv from '../src';
import { scope, withScope, type Scope } from '../src/testing';
import { TEST_URI, openSystem, x86DomainType } from './helpers/libvirt';

function domXml(type: string, name: string): string {
  return `<domain type="${type}"><name>${name}</name><memory unit="KiB">65536</memory><vcpu>1</vcpu><os><type arch="x86_64">hvm</type></os></domain>`;
}

/** Names (and secret usage ids) on `conn` that start with `prefix`. */
async function leftovers(conn: lv.Connection, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for (const d of await conn.listAllDomains()) if (d.name().startsWith(prefix)) out.push(`domain ${d.name()}`);
  for (const n of await conn.listAllNetworks()) if (n.name().startsWith(prefix)) out.push(`network ${n.name()}`);
  for (const p of await conn.listAllStoragePools()) if (p.name().startsWith(prefix)) out.push(`pool ${p.name()}`);
  const secrets = (await conn.getURI()).startsWith('test:') ? [] : await conn.listAllSecrets();
  for (const s of secrets) {
    const id = await s.usageID();
    if (id.includes(prefix)) out.push(`secret ${id}`);
  }
  return out;
}

/** Makes one object of every kind through `s`; `running` (the test driver) also starts domains and snapshots one. */
async function makeEverything(s: Scope, domType: string, poolDir: string, running: boolean): Promise<void> {
  await s.defineDomain(domXml(domType, s.name('dom')));
  if (running) {
    const t = await s.createDomain(domXml(domType, s.name('transient')));
    await s.createSnapshot(t, `<domainsnapshot><name>${s.name('snap')}</name></domainsnapshot>`);
    const d = await s.defineDomain(domXml(domType, s.name('started')));
    await d.create();
  }
  await s.defineNetwork(`<network><name>${s.name('net')}</name></network>`);
  const pool = await s.createPool(`<pool type="dir"><name>${s.name('pool')}</name><target><path>${poolDir}</path></target></pool>`);
  await s.createVolume(pool, `<volume><name>${s.name('vol')}.img</name><capacity unit="bytes">1048576</capacity></volume>`);
  // the test driver has no secret driver; qemu:///system has
  if (!running)
    await s.defineSecret(
    `<secret ephemeral="no" private="yes"><usage type="volume"><volume>/nonexistent/${s.name('secret')}</volume></usage></secret>`,
  );
}

describe.each([
  ['test:///default', TEST_URI, true],
  ['qemu:///system', 'system', false],
] as const)('scope on %s', (_label, uri, running) => {
  let conn: lv.Connection;
  let domType: string;
  let poolDir: string;
  beforeAll(async () => {
    conn = uri === 'system' ? (await openSystem())! : await lv.open(uri);
    domType = uri === 'system' ? await x86DomainType(conn) : 'test';
    poolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-scope-pool-'));
  });
  afterAll(async () => {
    await conn?.close();
    fs.rmSync(poolDir, { recursive: true, force: true });
  });

  test('a body that throws leaves nothing, and the body error is what the caller sees', async () => {
    let prefix = '';
    const err = new Error('the test failed');
    await expect(
      withScope(
        conn,
        async (s) => {
          prefix = s.prefix;
          await makeEverything(s, domType, poolDir, running);
          expect((await leftovers(conn, prefix)).length).toBeGreaterThanOrEqual(4);
          throw err;
        },
        { prefix: 'lvn-scope' },
      ),
    ).rejects.toBe(err);
    expect(prefix).toMatch(new RegExp(`^lvn-scope-${process.pid}-\\d+-[0-9a-f]{6}t[0-9a-z]+-$`));
    expect(await leftovers(conn, prefix)).toEqual([]);
    expect(fs.readdirSync(poolDir)).toEqual([]);
  });

  test('close() removes what is tracked, tolerates objects already gone, and refuses later creates', async () => {
    const s = scope(conn, { prefix: 'lvn-scope' });
    await makeEverything(s, domType, poolDir, running);
    // removed by hand before the scope ends
    const gone = await conn.networkLookupByName(s.name('net'));
    await gone.undefine();
    await s.close();
    expect(await leftovers(conn, s.prefix)).toEqual([]);
    await expect(s.defineNetwork(`<network><name>${s.name('late')}</name></network>`)).rejects.toThrow(/already closed/);
    await s.close(); // a second close is a no-op
  });
});

test('two scopes never share a prefix, and a bad prefix is refused', async () => {
  const conn = await lv.open(TEST_URI);
  try {
    expect(scope(conn).prefix).not.toBe(scope(conn).prefix);
    expect(() => scope(conn, { prefix: 'a b' })).toThrow(/prefix must hold only/);
  } finally {
    await conn.close();
  }
});

test('a scope records when it and its domains were made: the time tag in its prefix, `created` in the domain metadata', async () => {
  const conn = await lv.open(TEST_URI);
  const before = Date.now();
  const s = scope(conn, { prefix: 'lvn-scope' });
  try {
    const d = await s.defineDomain(domXml('test', s.name('dom')));
    const after = Date.now();
    const tag = /^lvn-scope-\d+-\d+-[0-9a-f]{6}t([0-9a-z]+)-$/.exec(s.prefix)![1];
    expect(parseInt(tag, 36)).toBe(Math.floor(s.created / 1000));
    expect(s.created).toBeGreaterThanOrEqual(before);
    expect(s.created).toBeLessThanOrEqual(after);
    const owner = await d.metadata(lv.VIR_DOMAIN_METADATA_ELEMENT, 'https://libvirt-napi.dev/xmlns/testing-owner/1', 0);
    const created = Number(/created="(\d+)"/.exec(owner)![1]);
    expect(created).toBeGreaterThanOrEqual(s.created);
    expect(created).toBeLessThanOrEqual(after);
    expect(owner).toMatch(new RegExp(`pid="${process.pid}"`));
  } finally {
    await s.close();
    await conn.close();
  }
});
