// Module surface: loading, versions, constants, errors, argument checks.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as lv from '../src';
import { TEST_URI, libvirtError, thrown } from './helpers/libvirt';

const ROOT = path.resolve(__dirname, '..');

describe('10 module', () => {
  test('getVersion returns the installed libvirt version, and a driver version with a type', async () => {
    const v = await lv.getVersion();
    expect(v).toBe(lv.LIBVIR_VERSION_NUMBER);
    const [lib, test] = await lv.getVersion('Test');
    expect(lib).toBe(v);
    expect(test).toBeGreaterThan(0);
  });

  test('both require() and import expose the API', () => {
    const req = require('../src');
    expect(typeof req.open).toBe('function');
    expect(req.open).toBe(lv.open);
    expect(req.VIR_DOMAIN_START_PAUSED).toBe(1);
  });

  test('every enum of libvirt-api.xml is exported with its value', () => {
    const text = fs.readFileSync('/usr/share/libvirt/api/libvirt-api.xml', 'utf8');
    const enums = new Map([...text.matchAll(/<enum name='(\w+)'[^>]*? value='([^']+)'/g)].map((m) => [m[1], m[2]]));
    expect(enums.size).toBe((text.match(/<enum /g) || []).length);
    // a value may name another enum
    const resolve = (v: string): number => (/^-?\d+$/.test(v) ? Number(v) : resolve(enums.get(v) as string));
    const exported = lv as unknown as Record<string, number>;
    const wrong = [...enums].filter(([name, value]) => exported[name] !== resolve(value)).map(([n]) => n);
    expect(wrong).toEqual([]);
    expect(lv.VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE).toBe(lv.VIR_CONNECT_LIST_DOMAINS_ACTIVE);
  });

  test('LibvirtError carries code, names, domain and the caller stack', async () => {
    const conn = await lv.open(TEST_URI);
    try {
      const e = await libvirtError(conn.lookupByName('no-such-domain'));
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe('LibvirtError');
      expect(e.code).toBe(lv.VIR_ERR_NO_DOMAIN);
      expect(e.codeName).toBe('VIR_ERR_NO_DOMAIN');
      expect(e.domainName).toBe('VIR_FROM_TEST');
      expect(e.domain).toBe(lv.VIR_FROM_TEST);
      expect(e.level).toBe(lv.VIR_ERR_ERROR);
      expect(typeof e.message).toBe('string');
      expect(e.message.length).toBeGreaterThan(0);
      expect(e).toHaveProperty('str1');
      expect(e).toHaveProperty('int1');
      expect(e.stack).toContain('10.module.test.ts');
    } finally {
      await conn.close();
    }
  });

  test('misuse throws TypeError/RangeError naming the argument', async () => {
    const conn = await lv.open(TEST_URI);
    try {
      const cases: [() => unknown, string, string][] = [
        [() => conn.defineXML(42 as unknown as string), 'TypeError', 'Expected string for xml but received number 42'],
        [() => conn.lookupByID('1' as unknown as number), 'TypeError', "Expected 32-bit integer for id but received string '1'"],
        [() => conn.listAllDomains(-1), 'RangeError', 'Expected unsigned 32-bit integer for flags but received number -1'],
        [() => conn.listAllDomains(1.5), 'RangeError', 'Expected unsigned 32-bit integer for flags but received number 1.5'],
        [() => conn.lookupByName(null as unknown as string), 'TypeError', 'Expected string for name but received null'],
        [() => conn.getCPUModelNames(undefined as unknown as string), 'TypeError', 'Expected string for arch but received undefined'],
        [() => conn.baselineCPU(['<cpu/>', 3] as unknown as string[]), 'TypeError', 'Expected string for xmlCPUs[1] but received number 3'],
        [() => lv.open(5 as unknown as string), 'TypeError', 'Expected string or null for uri but received number 5'],
      ];
      for (const [fn, name, message] of cases) {
        const e = thrown(fn);
        expect({ name: e.name, message: e.message }).toEqual({ name, message });
      }
      const dom = (await conn.listAllDomains())[0];
      // a Domain method called on a Connection is refused, not a crash
      const xmlDesc = (dom as unknown as { XMLDesc: (...a: unknown[]) => unknown }).XMLDesc;
      expect(thrown(() => xmlDesc.call(conn)).message).toBe('Expected Domain for this but received object Connection');
      expect(thrown(() => new (lv.Domain as unknown as new () => unknown)()).name).toBe('TypeError');
      expect(() => lv.openAuth(TEST_URI, null as unknown as lv.ConnectAuth)).toThrow(
        'Expected object for auth but received null',
      );
      expect(() => lv.openAuth(TEST_URI, { credTypes: [1], callback: 'x' } as unknown as lv.ConnectAuth)).toThrow(
        'Expected function for auth.callback but received string',
      );
    } finally {
      await conn.close();
    }
  });

  test('the binding\'s own errors are made by the factory registered with setBindingErrorFactory, else are plain Errors with a code', () => {
    // in a child: the factory is per environment, and src/ may register one
    const r = spawnSync(process.execPath, ['-e', `
      const { addon } = require(${JSON.stringify(path.join(ROOT, 'dist/native'))});
      (async () => {
        const out = {};
        const closed = async () => {
          const c = await addon.open('test:///default');
          const lookup = c.lookupByName('test').then(() => null, (e) => e);
          await c.close();
          return lookup;
        };
        const plain = await closed();
        out.plain = [plain.constructor.name, plain.code, plain.message];
        try { addon.setBindingErrorFactory(42); } catch (e) { out.bad = [e.name, e.message]; }
        class Mine extends Error {}
        addon.setBindingErrorFactory((err, code) => { const e = new Mine(err.message); e.code = code; e.stackOfCall = err.stack; return e; });
        const made = await closed();
        out.made = [made.constructor.name, made.code, made.message, /\[eval\]/.test(made.stackOfCall)];
        const c = await addon.open('test:///default');
        const d = await c.lookupByName('test');
        d.free();
        try { d.name(); } catch (e) { out.sync = [e.constructor.name, e.code]; }
        await c.close();
        console.log(JSON.stringify(out));
      })();`], { encoding: 'utf8', timeout: 20000 });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout.trim())).toEqual({
      plain: ['Error', 'ERR_LIBVIRT_CLOSED', 'Connection was closed while the call was running'],
      bad: ['TypeError', 'Expected function for factory but received number 42'],
      made: ['Mine', 'ERR_LIBVIRT_CLOSED', 'Connection was closed while the call was running', true],
      sync: ['Mine', 'ERR_LIBVIRT_FREED'],
    });
  });
});
