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
