#!/usr/bin/env node
// Benchmark of the XML layer: parse and format every file of corpus/domain,
// corpus/capabilities, corpus/domaincaps, corpus/network and corpus/interface; best of 5 runs; one JSON line per corpus.
'use strict';
const fs = require('fs');
const path = require('path');
const xml = require(process.env.XML_DIST || path.join(__dirname, '../dist/xml'));

const corpus = process.env.CORPUS || path.resolve(__dirname, '../../shared/corpus');
const RUNS = 5;
// libvirt's Go XML module (libvirt.org/go/libvirtxml) round-trips corpus/domain in about
// this many milliseconds on these machines (figure from the issue); the target is to be
// no slower, and never above twice that.
const GO_REFERENCE_MS = 115;
function formatDomainAnyway(d) {
  try {
    return xml.formatDomain(d);
  } catch (e) {
    if (!(e instanceof xml.XmlValidationError)) throw e;
    return xml.formatDomain(d, { validate: false });
  }
}

const sets = [
  // with validation; corpus/domain holds one negative test (qemu-in--disk-same-targets) that
  // libvirt and formatDomain's validation refuse: that one is written with validation off
  ['domain', xml.parseDomain, formatDomainAnyway],
  ['capabilities', xml.parseCapabilities, xml.formatCapabilities],
  ['domaincaps', xml.parseDomainCapabilities, xml.formatDomainCapabilities],
  ['network', xml.parseNetwork, xml.formatNetwork],
  ['interface', xml.parseInterface, xml.formatInterface],
  ['storagepool', xml.parseStoragePool, xml.formatStoragePool],
  ['storagevol', xml.parseStorageVolume, xml.formatStorageVolume],
  ['secret', xml.parseSecret, xml.formatSecret],
  ['nodedev', xml.parseNodeDevice, xml.formatNodeDevice],
  ['nwfilter', xml.parseNWFilter, xml.formatNWFilter],
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
  const reference = name === 'domain' ? { goReferenceMs: GO_REFERENCE_MS, ratioToGo: +(bestRound / GO_REFERENCE_MS).toFixed(2) } : {};
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
    ...reference,
  }));
}

// For context: fast-xml-parser alone (parse only, ordered output, plus its validator for
// line/column errors), the path the issue first suggested; see src/xml/tree.ts.
try {
  const { XMLParser, XMLValidator } = require('fast-xml-parser');
  const dir = path.join(corpus, 'domain');
  const texts = fs.readdirSync(dir).filter((f) => f.endsWith('.xml')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  const p = new XMLParser({ preserveOrder: true, ignoreAttributes: false, parseTagValue: false, parseAttributeValue: false });
  let parseBest = Infinity;
  let validateBest = Infinity;
  for (let r = 0; r < RUNS; r++) {
    let t0 = process.hrtime.bigint();
    for (const t of texts) p.parse(t);
    parseBest = Math.min(parseBest, ms(t0));
    t0 = process.hrtime.bigint();
    for (const t of texts) XMLValidator.validate(t);
    validateBest = Math.min(validateBest, ms(t0));
  }
  console.log(JSON.stringify({ reference: 'fast-xml-parser on corpus/domain (no typing, no formatting)', parseMs: +parseBest.toFixed(2), validateMs: +validateBest.toFixed(2) }));
} catch (e) {
  console.log(JSON.stringify({ reference: 'fast-xml-parser', error: String(e && e.message) }));
}
