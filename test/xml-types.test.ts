/**
 * The TypeScript types: discriminated unions narrow on `type`, wrong shapes do not
 * compile (checked by ts-jest's type check through @ts-expect-error), optional fields
 * are optional, repeated elements are arrays.
 */
import * as xml from '../src/xml';
import type { Domain, DomainDisk, DomainInterface, DomainGraphics, DomainSerial, DomainDiskSourceNetwork } from '../src/xml';

test('disk source narrows on the disk type', () => {
  const disks: DomainDisk[] = [
    { type: 'file', source: { file: '/a.img' }, target: { dev: 'vda' } },
    { type: 'network', source: { protocol: 'nbd', name: 'export', host: [{ name: 'h', port: '10809' }] }, target: { dev: 'vdb' } },
  ];
  const described = disks.map((d) => {
    switch (d.type) {
      case 'file':
        return d.source?.file;
      case 'network': {
        const src: DomainDiskSourceNetwork | undefined = d.source;
        return `${src?.protocol}://${src?.host?.[0].name}/${src?.name}`;
      }
      default:
        return undefined;
    }
  });
  expect(described).toEqual(['/a.img', 'nbd://h/export']);
  // @ts-expect-error a file disk has no network source fields
  const bad: DomainDisk = { type: 'file', source: { protocol: 'nbd' } };
  expect(bad.type).toBe('file');
});

test('interface, graphics and chardev unions', () => {
  const nic: DomainInterface = { type: 'direct', source: { dev: 'eth0', mode: 'vepa' } };
  // @ts-expect-error a bridge interface has no `network` source
  const badNic: DomainInterface = { type: 'bridge', source: { network: 'default' } };
  const gfx: DomainGraphics = { type: 'spice', tlsPort: 5901, autoport: 'no' };
  // @ts-expect-error sdl graphics have no port
  const badGfx: DomainGraphics = { type: 'sdl', port: 5900 };
  const serial: DomainSerial = { type: 'tcp', source: { mode: 'connect', host: 'h', service: '23' } };
  // @ts-expect-error a pty source has no host
  const badSerial: DomainSerial = { type: 'pty', source: { host: 'h' } };
  expect([nic.type, badNic.type, gfx.type, badGfx.type, serial.type, badSerial.type]).toEqual(['direct', 'bridge', 'spice', 'sdl', 'tcp', 'pty']);
});

test('required fields and value kinds', () => {
  // @ts-expect-error name is required
  const noName: Domain = { type: 'kvm' };
  // @ts-expect-error memory is a number or bigint, not a string
  const badMem: Domain = { type: 'kvm', name: 'x', memory: { value: '1G' } };
  const big: Domain = { type: 'kvm', name: 'x', memory: { value: 2n ** 60n, unit: 'b' } };
  expect(() => xml.formatDomain(noName)).toThrow('name: must be a non-empty string (got undefined)');
  expect(() => xml.formatDomain(badMem)).toThrow('memory.value: must be a positive integer (got "1G")');
  expect(xml.formatDomain(big)).toContain('<memory unit="b">1152921504606846976</memory>');
});

// ---------------------------------------------------------------------------
// The interfaces and the descriptor tables agree: walked side by side from each root,
// every element has exactly the descriptor's attributes, text and children, each with
// its kind (string, integer, size, enum or suggested values), multiplicity and
// required-ness, and every union has exactly the descriptor's variants.

import * as path from 'path';
import * as ts from 'typescript';
import { Desc } from '../src/xml/engine';
import { DomainDesc } from '../src/xml/domain';
import { CapabilitiesDesc } from '../src/xml/capabilities';
import { DomainCapabilitiesDesc } from '../src/xml/domaincaps';
import { DomainSnapshotDesc, DomainCheckpointDesc, DomainBackupDesc } from '../src/xml/snapshot';
import { StoragePoolDesc, StorageVolumeDesc, StoragePoolCapabilitiesDesc } from '../src/xml/storage';
import { SecretDesc } from '../src/xml/secret';
import { NodeDeviceDesc } from '../src/xml/nodedev';
import { NWFilterDesc, NWFilterBindingDesc } from '../src/xml/nwfilter';

interface KindLike {
  kind: string;
  values?: readonly string[];
  req?: boolean;
}
interface KidLike {
  key: string;
  many: boolean;
  req: boolean;
  leaf?: KindLike;
  desc?: Desc<unknown> | (() => Desc<unknown>);
}

describe('interfaces match the descriptor tables', () => {
  const entry = path.join(__dirname, '../src/xml/index.ts');
  const program = ts.createProgram([entry], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, types: ['node'], noEmit: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  const exported = new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.name, s]));
  const declared = (name: string): ts.Type => {
    let sym = exported.get(name);
    if (!sym) throw new Error(`${name} is not exported from src/xml`);
    if (sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
    return checker.getDeclaredTypeOfSymbol(sym);
  };
  const engineFile = program.getSourceFile(path.join(__dirname, '../src/xml/engine.ts'))!;
  const sizeUnit = checker.getDeclaredTypeOfSymbol(checker.getExportsOfModule(checker.getSymbolAtLocation(engineFile)!).find((s) => s.name === 'SizeUnit')!);

  const defined = (t: ts.Type): ts.Type[] => (t.isUnion() ? t.types : [t]).filter((p) => !(p.flags & ts.TypeFlags.Undefined));
  const shape = (t: ts.Type): string => defined(t)
    .map((p) => {
      if (p.isStringLiteral()) return JSON.stringify(p.value);
      if (p.flags & ts.TypeFlags.String) return 'string';
      if (p.flags & ts.TypeFlags.Number) return 'number';
      if (p.flags & ts.TypeFlags.BigInt) return 'bigint';
      return checker.typeToString(p).replace(/\s+/g, '');
    })
    .sort()
    .join(' | ');
  const expectedShape = (k: KindLike): string => {
    switch (k.kind) {
      case 'string':
        return k.values ? [...k.values.map((v) => JSON.stringify(v)), 'string&{}'].sort().join(' | ') : 'string';
      case 'int':
        return 'number';
      case 'u64':
        return 'bigint | number';
      case 'unit':
        return shape(sizeUnit);
      case 'enum':
        return k.values!.map((v) => JSON.stringify(v)).sort().join(' | ');
      default:
        throw new Error(`unknown kind ${k.kind}`);
    }
  };
  const propType = (sym: ts.Symbol): ts.Type => checker.getTypeOfSymbol(sym);
  const optional = (sym: ts.Symbol): boolean => (sym.flags & ts.SymbolFlags.Optional) !== 0;
  const descOf = (k: KidLike): Desc<unknown> => {
    if (typeof k.desc === 'function') k.desc = k.desc();
    return k.desc!;
  };

  /** Pairs already walked (descriptor, type): recursive elements such as backingStore end there. */
  type Seen = Map<Desc<unknown>, Set<ts.Type>>;
  function walk(desc: Desc<unknown>, type: ts.Type, at: string, problems: string[], seen: Seen, skip?: string): void {
    const types = seen.get(desc) ?? new Set<ts.Type>();
    if (types.has(type)) return;
    seen.set(desc, types.add(type));
    if (desc.union) {
      const on = desc.union.on;
      const byTag = new Map<string, ts.Type>();
      for (const member of type.isUnion() ? type.types : [type]) {
        const tag = checker.getPropertyOfType(member, on);
        if (!tag || optional(tag)) {
          problems.push(`${at}: a member of the union has no required '${on}'`);
          continue;
        }
        for (const t of defined(propType(tag))) {
          if (!t.isStringLiteral()) problems.push(`${at}: '${on}' of a union member is not a string literal`);
          else byTag.set(t.value, member);
        }
      }
      const want = [...desc.union.map.keys()].sort();
      const have = [...byTag.keys()].sort();
      if (want.join() !== have.join()) problems.push(`${at}: union variants ${have.join(',')} but the table has ${want.join(',')}`);
      for (const [tag, variant] of desc.union.map) {
        const member = byTag.get(tag);
        if (member) walk(variant, member, `${at}(${on}=${tag})`, problems, seen, on);
      }
      return;
    }
    const props = new Map(checker.getPropertiesOfType(type).map((p) => [p.name, p]));
    for (const extra of ['$attrs', '$children']) if (!props.has(extra)) problems.push(`${at}: no ${extra}`);
    const expected = new Map<string, [string, KindLike | KidLike]>();
    for (const [, kind, key] of desc.attrs) if (key !== skip) expected.set(key, ['attr', kind as KindLike]);
    if (desc.text) expected.set(desc.textKey, ['text', desc.text as KindLike]);
    for (const kid of desc.kids) expected.set(kid.key, ['kid', kid as KidLike]);
    for (const name of props.keys()) {
      if (!name.startsWith('$') && name !== skip && !expected.has(name)) problems.push(`${at}.${name}: in the interface, not in the table`);
    }
    for (const [key, [what, spec]] of expected) {
      const sym = props.get(key);
      if (!sym) {
        problems.push(`${at}.${key}: in the table, not in the interface`);
        continue;
      }
      const req = what === 'kid' ? (spec as KidLike).req : !!(spec as KindLike).req;
      if (optional(sym) === req) problems.push(`${at}.${key}: ${req ? 'required' : 'optional'} in the table, not in the interface`);
      let t = propType(sym);
      if (what !== 'kid') {
        if (shape(t) !== expectedShape(spec as KindLike)) problems.push(`${at}.${key}: ${shape(t)} in the interface, ${expectedShape(spec as KindLike)} in the table`);
        continue;
      }
      const kid = spec as KidLike;
      const [single] = defined(t);
      if (kid.many) {
        if (defined(t).length !== 1 || !checker.isArrayType(single)) {
          problems.push(`${at}.${key}: repeated in the table, not an array in the interface`);
          continue;
        }
        t = checker.getTypeArguments(single as ts.TypeReference)[0];
      } else if (defined(t).length === 1 && checker.isArrayType(single)) {
        problems.push(`${at}.${key}: an array in the interface, single in the table`);
        continue;
      }
      if (kid.leaf) {
        if (shape(t) !== expectedShape(kid.leaf)) problems.push(`${at}.${key}: ${shape(t)} in the interface, ${expectedShape(kid.leaf)} in the table`);
      } else {
        const nonUndef = defined(t);
        walk(descOf(kid), nonUndef.length === 1 ? nonUndef[0] : checker.getNonNullableType(t), `${at}.${key}`, problems, seen);
      }
    }
  }

  // [interface, descriptor table, least number of element descriptors the walk must reach]
  test.each([
    ['Domain', DomainDesc, 301],
    ['Capabilities', CapabilitiesDesc, 31],
    ['DomainCapabilities', DomainCapabilitiesDesc, 31],
    ['DomainSnapshot', DomainSnapshotDesc, 301],
    ['DomainCheckpoint', DomainCheckpointDesc, 301],
    ['DomainBackup', DomainBackupDesc, 31],
    ['StoragePool', StoragePoolDesc, 20],
    ['StorageVolume', StorageVolumeDesc, 12],
    ['StoragePoolCapabilities', StoragePoolCapabilitiesDesc, 4],
    ['Secret', SecretDesc, 2],
    ['NodeDevice', NodeDeviceDesc, 40],
    ['NWFilter', NWFilterDesc, 12],
    ['NWFilterBinding', NWFilterBindingDesc, 5],
    ['Network', require('../src/xml/network').NetworkDesc, 21],
    ['NetworkPort', require('../src/xml/networkport').NetworkPortDesc, 11],
    ['HostInterface', require('../src/xml/iface').HostInterfaceDesc, 16],
  ] as [string, Desc<unknown>, number][])('%s', (name, desc, least) => {
    const problems: string[] = [];
    const seen: Seen = new Map();
    walk(desc, declared(name), name, problems, seen);
    expect(problems).toEqual([]);
    expect(seen.size).toBeGreaterThanOrEqual(least);
  });

  test('the walk notices a difference', () => {
    // a stand-in interface that drops one field and changes another's kind
    const problems: string[] = [];
    walk(DomainDesc as Desc<unknown>, declared('DomainOS'), 'Domain', problems, new Map());
    expect(problems.length).toBeGreaterThan(10);
    expect(problems).toContain('Domain.name: in the table, not in the interface');
  });
});
