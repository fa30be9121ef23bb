#!/usr/bin/env node
// Typed coverage of the XML layer over libvirt's domain test corpus.
// For every distinct element path and attribute path in corpus/domain, is it always
// parsed into a typed field, or does it (sometimes) land in the keep-what-you-don't-know
// net ($attrs / $children)?  Prints a summary, the untyped paths, and a JSON line.
'use strict';
const fs = require('fs');
const path = require('path');
const xml = require(process.env.XML_DIST || path.join(__dirname, '../dist/xml'));
const { parseXmlTree } = require(path.join(process.env.XML_DIST || path.join(__dirname, '../dist/xml'), 'tree'));

const corpus = process.env.CORPUS || path.resolve(__dirname, '../../shared/corpus');
const which = process.argv[2] || 'domain';
const parsers = { domain: xml.parseDomain, capabilities: xml.parseCapabilities, domaincaps: xml.parseDomainCapabilities };
const dir = path.join(corpus, which);
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.xml')).sort();

const allEl = new Set();
const allAt = new Set();
const untypedEl = new Map(); // path -> example file
const untypedAt = new Map();
const METADATA = /^\/domain\/metadata\//;

function collectAll(node, p) {
  allEl.add(p);
  for (const a in node.attrs) allAt.add(p + '@' + a);
  for (const c of node.children) if (typeof c === 'object' && 'name' in c) collectAll(c, p + '/' + c.name);
}
function markUntyped(node, p, file) {
  if (!untypedEl.has(p)) untypedEl.set(p, file);
  for (const a in node.attrs) if (!untypedAt.has(p + '@' + a)) untypedAt.set(p + '@' + a, file);
  for (const c of node.children) if (typeof c === 'object' && 'name' in c) markUntyped(c, p + '/' + c.name, file);
}
function walk(obj, p, file) {
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (k === '$attrs') {
      for (const a of Object.keys(v)) if (!untypedAt.has(p + '@' + a)) untypedAt.set(p + '@' + a, file);
    } else if (k === '$children') {
      for (const c of v) if (typeof c === 'object' && 'name' in c) markUntyped(c, p + '/' + c.name, file);
    } else if (Array.isArray(v)) {
      for (const item of v) if (item !== null && typeof item === 'object') walk(item, p + '/' + k, file);
    } else if (v !== null && typeof v === 'object') {
      walk(v, p + '/' + k, file);
    }
  }
}

const rootName = { domain: 'domain', capabilities: 'capabilities', domaincaps: 'domainCapabilities' }[which];
for (const f of files) {
  const text = fs.readFileSync(path.join(dir, f), 'utf8');
  collectAll(parseXmlTree(text), '/' + rootName);
  walk(parsers[which](text), '/' + rootName, f);
}

function share(all, untyped, skip) {
  const keys = [...all].filter((k) => !(skip && METADATA.test(k)));
  const bad = keys.filter((k) => untyped.has(k));
  return { total: keys.length, typed: keys.length - bad.length, pct: +(100 * (keys.length - bad.length) / keys.length).toFixed(2), bad };
}
const el = share(allEl, untypedEl, true);
const at = share(allAt, untypedAt, true);
const elAll = share(allEl, untypedEl, false);
const atAll = share(allAt, untypedAt, false);

console.log(`corpus/${which}: ${files.length} files`);
console.log(`element paths typed:   ${el.typed}/${el.total} = ${el.pct}%  (counting foreign <metadata> content too: ${elAll.typed}/${elAll.total} = ${elAll.pct}%)`);
console.log(`attribute paths typed: ${at.typed}/${at.total} = ${at.pct}%  (counting foreign <metadata> content too: ${atAll.typed}/${atAll.total} = ${atAll.pct}%)`);
if (el.bad.length || at.bad.length) {
  console.log('untyped paths (landing in $children / $attrs), with an example file:');
  for (const k of el.bad.sort()) console.log('  element   ' + k + '   ' + untypedEl.get(k));
  for (const k of at.bad.sort()) console.log('  attribute ' + k + '   ' + untypedAt.get(k));
}
console.log(JSON.stringify({ corpus: which, files: files.length, elementPaths: el.total, elementPathsTyped: el.typed, elementPct: el.pct, attributePaths: at.total, attributePathsTyped: at.typed, attributePct: at.pct, metadataExcluded: true }));
