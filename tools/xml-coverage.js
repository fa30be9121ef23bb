#!/usr/bin/env node
// Typed coverage of the XML layer over libvirt's test corpus, per document kind.
// For every distinct element path and attribute path: is it always parsed into a typed
// field, or does it (at least once) land in the keep-what-you-don't-know net
// ($attrs / $children)?  Prints the figures, the untyped paths and a JSON line per kind.
// Usage: node tools/xml-coverage.js [KIND ...]   (no KIND: every kind)
'use strict';
const fs = require('fs');
const path = require('path');
const dist = process.env.XML_DIST || path.join(__dirname, '../dist/xml');
const xml = require(dist);
const { typedCoverage } = require(path.join(dist, 'coverage'));

const corpus = process.env.CORPUS || path.resolve(__dirname, '../../shared/corpus');
// kind: [corpus folder, parse function, paths that are not libvirt's to type]
// (<metadata> holds applications' own XML in foreign namespaces)
const KINDS = {
  domain: ['domain', xml.parseDomain, /^\/domain\/metadata\//],
  capabilities: ['capabilities', xml.parseCapabilities],
  domaincaps: ['domaincaps', xml.parseDomainCapabilities],
  snapshot: ['snapshot', xml.parseDomainSnapshot, /^\/domainsnapshot\/(domain|inactiveDomain)\/metadata\//],
  checkpoint: ['checkpoint', xml.parseDomainCheckpoint, /^\/domaincheckpoint\/domain\/metadata\//],
  backup: ['backup', xml.parseDomainBackup],
  network: ['network', xml.parseNetwork, /^\/network\/metadata\//],
  interface: ['interface', xml.parseInterface],
  storagepool: ['storagepool', xml.parseStoragePool],
  storagevol: ['storagevol', xml.parseStorageVolume],
  secret: ['secret', xml.parseSecret],
  nodedev: ['nodedev', xml.parseNodeDevice],
  nwfilter: ['nwfilter', xml.parseNWFilter],
};
const asked = process.argv.slice(2);
for (const k of asked) if (!KINDS[k]) throw new Error(`unknown kind ${k}: use ${Object.keys(KINDS).join(', ')}`);

for (const which of asked.length ? asked : Object.keys(KINDS)) {
  const [folder, parse, foreign] = KINDS[which];
  const dir = path.join(corpus, folder);
  const docs = fs.readdirSync(dir).filter((f) => f.endsWith('.xml')).sort().map((file) => ({ file, text: fs.readFileSync(path.join(dir, file), 'utf8') }));
  const c = typedCoverage(docs, parse, foreign);
  const all = foreign ? typedCoverage(docs, parse) : c;
  const aside = (k) => (foreign ? `   (counting foreign content: ${all[`${k}PathsTyped`]}/${all[`${k}Paths`]} = ${all[`${k}Pct`]}%)` : '');
  console.log(`corpus/${folder}: ${c.files} files`);
  console.log(`  element paths typed:   ${c.elementPathsTyped}/${c.elementPaths} = ${c.elementPct}%${aside('element')}`);
  console.log(`  attribute paths typed: ${c.attributePathsTyped}/${c.attributePaths} = ${c.attributePct}%${aside('attribute')}`);
  if (c.untypedElements.size || c.untypedAttributes.size) {
    console.log('  untyped paths (kept in $children / $attrs), with the first file where seen:');
    for (const [k, f] of [...c.untypedElements].sort()) console.log(`    element   ${k}   ${f}`);
    for (const [k, f] of [...c.untypedAttributes].sort()) console.log(`    attribute ${k}   ${f}`);
  }
  const { untypedElements, untypedAttributes, ...figures } = c;
  console.log(JSON.stringify({ corpus: which, ...figures, foreignContentExcluded: Boolean(foreign) }));
}
