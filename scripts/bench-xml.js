#!/usr/bin/env node
// Benchmark of the XML layer: parse and format every file of corpus/domain,
// corpus/capabilities and corpus/domaincaps; best of 5 runs; one JSON line per corpus.
'use strict';
const fs = require('fs');
const path = require('path');
const xml = require(process.env.XML_DIST || path.join(__dirname, '../dist/xml'));

const corpus = process.env.CORPUS || path.resolve(__dirname, '../../shared/corpus');
const RUNS = 5;
const sets = [
  // validation off: corpus/domain holds one negative test (qemu-in--disk-same-targets) that libvirt and formatDomain reject
  ['domain', xml.parseDomain, (d) => xml.formatDomain(d, { validate: false })],
  ['capabilities', xml.parseCapabilities, xml.formatCapabilities],
  ['domaincaps', xml.parseDomainCapabilities, xml.formatDomainCapabilities],
];

function ms(t0) {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

for (const [name, parse, format] of sets) {
  const dir = path.join(corpus, name);
  const texts = fs.readdirSync(dir).filter((f) => f.endsWith('.xml')).sort().map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  // warm-up run (JIT), not counted
  for (const t of texts) format(parse(t));
  let bestParse = Infinity;
  let bestFormat = Infinity;
  let bestRound = Infinity;
  for (let r = 0; r < RUNS; r++) {
    let t0 = process.hrtime.bigint();
    const objs = texts.map(parse);
    const p = ms(t0);
    t0 = process.hrtime.bigint();
    for (const o of objs) format(o);
    const f = ms(t0);
    t0 = process.hrtime.bigint();
    for (const t of texts) format(parse(t));
    const rt = ms(t0);
    bestParse = Math.min(bestParse, p);
    bestFormat = Math.min(bestFormat, f);
    bestRound = Math.min(bestRound, rt);
  }
  const n = texts.length;
  console.log(JSON.stringify({
    corpus: name,
    files: n,
    bytes,
    runs: RUNS,
    parseMs: +bestParse.toFixed(2),
    formatMs: +bestFormat.toFixed(2),
    roundTripMs: +bestRound.toFixed(2),
    roundTripUsPerFile: +((bestRound * 1000) / n).toFixed(1),
    parseUsPerFile: +((bestParse * 1000) / n).toFixed(1),
    formatUsPerFile: +((bestFormat * 1000) / n).toFixed(1),
  }));
}
