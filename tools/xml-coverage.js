#!/usr/bin/env node
// Typed coverage of the XML layer over libvirt's test corpus (default corpus/domain).
// For every distinct element path and attribute path: is it always parsed into a typed
// field, or does it (at least once) land in the keep-what-you-don't-know net
// ($attrs / $children)?  Prints the figures, the untyped paths and a JSON line.
// Usage: node tools/xml-coverage.js [domain|capabilities|domaincaps]
'use strict';
const fs = require('fs');
const path = require('path');
const dist = process.env.XML_DIST || path.join(__dirname, '../dist/xml');
const xml = require(dist);
const { typedCoverage } = require(path.join(dist, 'coverage'));

const corpus = process.env.CORPUS || path.resolve(__dirname, '../../shared/corpus');
const which = process.argv[2] || 'domain';
const parse = { domain: xml.parseDomain, capabilities: xml.parseCapabilities, domaincaps: xml.parseDomainCapabilities }[which];
if (!parse) throw new Error(`unknown corpus ${which}: use domain, capabilities or domaincaps`);
const dir = path.join(corpus, which);
const docs = fs.readdirSync(dir).filter((f) => f.endsWith('.xml')).sort().map((file) => ({ file, text: fs.readFileSync(path.join(dir, file), 'utf8') }));

// <metadata> holds applications' own XML in foreign namespaces: not libvirt's to type.
const METADATA = /^\/domain\/metadata\//;
const c = typedCoverage(docs, parse, METADATA);
const all = typedCoverage(docs, parse);

console.log(`corpus/${which}: ${c.files} files`);
console.log(`element paths typed:   ${c.elementPathsTyped}/${c.elementPaths} = ${c.elementPct}%   (counting <metadata> content: ${all.elementPathsTyped}/${all.elementPaths} = ${all.elementPct}%)`);
console.log(`attribute paths typed: ${c.attributePathsTyped}/${c.attributePaths} = ${c.attributePct}%   (counting <metadata> content: ${all.attributePathsTyped}/${all.attributePaths} = ${all.attributePct}%)`);
if (c.untypedElements.size || c.untypedAttributes.size) {
  console.log('untyped paths (kept in $children / $attrs), with the first file where seen:');
  for (const [k, f] of [...c.untypedElements].sort()) console.log(`  element   ${k}   ${f}`);
  for (const [k, f] of [...c.untypedAttributes].sort()) console.log(`  attribute ${k}   ${f}`);
}
const { untypedElements, untypedAttributes, ...figures } = c;
console.log(JSON.stringify({ corpus: which, ...figures, metadataContentExcluded: which === 'domain' }));
