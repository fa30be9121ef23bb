// python-libvirt's own example programs (examples/python/originals/, unchanged)
// and their line-by-line ports (examples/python/*.js) print the same thing
// against the same URI: test:///default where the program works there,
// qemu:///system for nodestats (the test driver has no node memory stats).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFile, execFileSync } from 'child_process';
import { open, VIR_DOMAIN_RUNNING } from '../src';
import type { Connection } from '../src';
import { PREFIX, SYSTEM_URI, TEST_URI, cleanupDomains, openSystem, uniqueName, x86DomainType } from './helpers/libvirt';

jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '..');
const PORTS = path.join(ROOT, 'examples', 'python');
const ORIGINALS = path.join(PORTS, 'originals');
const PYTHON = '/usr/bin/python3';

let work = '';
const env: NodeJS.ProcessEnv = {};

beforeAll(() => {
  // (the ports' require('libvirt-napi') is this package: Node resolves a package's own name)
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-pyports-'));
  // python's libxml2 module, or a stand-in for it where python3-libxml2 is not installed
  try {
    execFileSync(PYTHON, ['-c', 'import libxml2'], { stdio: 'pipe' });
  } catch {
    env.PYTHONPATH = path.join(__dirname, 'helpers', 'python');
  }
});
afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

interface Out {
  code: number | null;
  stdout: string;
  stderr: string;
}
function run(cmd: string, args: string[], uri: string): Promise<Out> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env: { ...process.env, ...env, LIBVIRT_DEFAULT_URI: uri }, timeout: 120_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
/** Runs the python original, then the port, with the same arguments (each from `args(side)`). */
async function both(name: string, uri: string, args: (side: 'py' | 'js') => string[] = () => []): Promise<{ py: Out; js: Out }> {
  const py = await run(PYTHON, [path.join(ORIGINALS, `${name}.py`), ...args('py')], uri);
  const js = await run(process.execPath, [path.join(PORTS, `${name}.js`), ...args('js')], uri);
  return { py, js };
}
function expectSame({ py, js }: { py: Out; js: Out }, normalize: (s: string) => string = (s) => s): void {
  expect({ code: py.code, stderr: py.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
  expect(js.stderr).toBe('');
  expect(js.code).toBe(0);
  expect(normalize(js.stdout)).toBe(normalize(py.stdout));
}

describe('python-libvirt example programs and their ports, same output', () => {
  test('dominfo on test:///default', async () => {
    const r = await both('dominfo', TEST_URI, () => ['test']);
    expectSame(r);
    // what it prints comes from libvirt: the domain's state and memory
    expect(r.js.stdout).toContain(`State:     ${VIR_DOMAIN_RUNNING}`);
    expect(r.js.stdout).toMatch(/MaxMem: +8388608/);
    // a missing domain: the same message and exit status
    const missing = await both('dominfo', TEST_URI, () => ['no-such-domain']);
    expectSame(missing);
    expect(missing.js.stdout).toBe('Domain no-such-domain is not running\n');
  });

  test('domstart on test:///default: creates the domain of an XML file', async () => {
    const name = uniqueName('pyport');
    const file = path.join(work, 'dom.xml');
    fs.writeFileSync(file, `<domain type='test'>\n  <name>${name}</name>\n  <memory>65536</memory>\n  <os><type>hvm</type></os>\n</domain>\n`);
    const r = await both('domstart', TEST_URI, () => [file]);
    expectSame(r);
    expect(r.js.stdout).toBe(`Starting domain ${name} ... \ndone\n`);
    // without its argument: the usage text and exit status 2, apart from the program's name
    const usage = await both('domstart', TEST_URI, () => []);
    expect(usage.js.code).toBe(2);
    expect(usage.py.code).toBe(2);
    const prog = (s: string) => s.replace(/^Usage: \S+/, 'Usage: PROG');
    expect(prog(usage.js.stdout)).toBe(prog(usage.py.stdout));
  });

  test('domsave, then domrestore into an empty test driver', async () => {
    const dirs = { py: path.join(work, 'save-py'), js: path.join(work, 'save-js') };
    for (const d of Object.values(dirs)) fs.mkdirSync(d);
    const saved = await both('domsave', TEST_URI, (side) => [dirs[side]]);
    expectSame(saved);
    expect(saved.js.stdout).toBe('Saving test[1] ... \ndone\n');
    expect(fs.readdirSync(dirs.js)).toEqual(fs.readdirSync(dirs.py));
    // a test driver with no domains (a node file of its own) takes the saved images back
    const node = path.join(work, 'empty-node.xml');
    fs.writeFileSync(node, '<node>\n</node>\n');
    const restored = await both('domrestore', `test://${node}`, (side) => [dirs[side]]);
    expectSame(restored);
    expect(restored.js.stdout).toBe('Restoring test ... \ndone\n');
  });

  test('topology on test:///default', async () => {
    const r = await both('topology', TEST_URI);
    expectSame(r);
    const conn = await open(TEST_URI);
    try {
      const [, , cpus, , nodes] = await conn.getInfo();
      expect(r.js.stdout).toContain(`NUMA nodes: ${nodes}\n`);
      expect(r.js.stdout).toContain(`   Threads: ${cpus}\n`);
    } finally {
      await conn.close();
    }
  });

  test('nodestats on qemu:///system, with a running domain of its own', async () => {
    const conn = (await openSystem()) as Connection;
    const name = uniqueName('pyport');
    try {
      const type = await x86DomainType(conn);
      await conn.createXML(`<domain type='${type}'><name>${name}</name><memory unit='MiB'>64</memory>` +
        `<os><type arch='x86_64'>hvm</type></os><devices><graphics type='vnc' autoport='yes' listen='127.0.0.1'/></devices></domain>`, 0);
      const r = await both('nodestats', SYSTEM_URI);
      // Free memory moves between the two runs, and other domains come and go on a shared
      // daemon: compare the lines about the host's nodes and this test's domain.
      const ours = (s: string) => {
        const out: string[] = [];
        let keep = true;
        for (const line of s.split('\n')) {
          if (line.startsWith('Domain ')) keep = line.startsWith(`Domain '${PREFIX}`);
          if (keep) out.push(line.replace(/^(MemFree:).*/, '$1 (varies)'));
        }
        return out.join('\n');
      };
      expectSame(r, ours);
      expect(r.js.stdout).toContain(`Domain '${name}':\t\n\tOverall memory: 64 MiB\n`);
      expect(r.js.stdout).toMatch(/^NUMA stats\nNUMA nodes:\t0/);
    } finally {
      await cleanupDomains(conn);
      await conn.close();
    }
  });
});
