/**
 * Typed coverage over libvirt's corpus: at least 95% of the distinct element paths and
 * attribute paths land in typed fields (the rest is kept untyped and written back).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as xml from '../src/xml';
import { typedCoverage } from '../src/xml/coverage';

const corpus = path.resolve(__dirname, '../../shared/corpus');
const load = (dir: string) =>
  fs.readdirSync(path.join(corpus, dir)).filter((f) => f.endsWith('.xml')).map((file) => ({ file, text: fs.readFileSync(path.join(corpus, dir, file), 'utf8') }));

test.each<[string, (t: string) => object]>([
  ['domain', xml.parseDomain],
  ['capabilities', xml.parseCapabilities],
  ['domaincaps', xml.parseDomainCapabilities],
])('corpus/%s: at least 95%% of element and attribute paths are typed', (dir, parse) => {
  const c = typedCoverage(load(dir), parse, /^\/domain\/metadata\//);
  expect(c.elementPaths).toBeGreaterThan(50);
  expect(c.elementPct).toBeGreaterThanOrEqual(95);
  expect(c.attributePct).toBeGreaterThanOrEqual(95);
});

test('unknownContent lists what a parsed object keeps untyped', () => {
  const d = xml.parseDomain(
    "<domain type='kvm' future='1'><name>x</name><devices><disk type='file' device='disk' shiny='yes'><target dev='vda'/><sparkle/></disk></devices><later><x a='1'/></later></domain>",
  );
  expect(xml.unknownContent(d, '/domain')).toEqual({
    elements: ['/domain/devices/disk/sparkle', '/domain/later', '/domain/later/x'],
    attributes: ['/domain@future', '/domain/devices/disk@shiny', '/domain/later/x@a'],
  });
  expect(d.devices!.disk![0].target).toEqual({ dev: 'vda' });
});
