// The package as users load it: by name, from CommonJS and from TypeScript.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

describe('15 package entry points', () => {
  test("require('libvirt-napi') by name loads the built package", () => {
    const r = spawnSync(process.execPath, ['-e', `
      const lv = require('libvirt-napi');
      lv.open('test:///default').then(async (c) => {
        console.log(JSON.stringify([typeof lv.openAuth, lv.VIR_DOMAIN_START_PAUSED, typeof lv.xml.parseDomain, await c.getType()]));
        await c.close();
      });`], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(['function', 1, 'function', 'TEST']);
  });

  test("import { open } from 'libvirt-napi' type-checks against the published declarations", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-ts-'));
    try {
      // a consumer project whose node_modules/libvirt-napi is this package
      fs.mkdirSync(path.join(dir, 'node_modules'));
      fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'libvirt-napi'));
      fs.writeFileSync(path.join(dir, 'main.ts'), `
        import { open, Domain, LibvirtError, VIR_DOMAIN_RUNNING, xml } from 'libvirt-napi';
        async function main(): Promise<number> {
          const conn = await open('test:///default');
          const doms: Domain[] = await conn.listAllDomains();
          const [state]: [number, number] = await doms[0].state();
          const def = xml.parseDomain(await doms[0].XMLDesc(0));
          const name: string = def.name;
          const err: LibvirtError | null = null;
          void err; void name;
          await conn.close();
          return state === VIR_DOMAIN_RUNNING ? 0 : 1;
        }
        void main();
        // @ts-expect-error: defineXML takes a string
        void (null as unknown as import('libvirt-napi').Connection).defineXML(42);
      `);
      const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      const r = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'node16', '--moduleResolution', 'node16',
        '--target', 'es2022', '--types', 'node', '--typeRoots', path.join(ROOT, 'node_modules', '@types'), 'main.ts'],
      { cwd: dir, encoding: 'utf8' });
      expect(r.stdout + r.stderr).toBe('');
      expect(r.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
