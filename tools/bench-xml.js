#!/usr/bin/env node
// Benchmark of the XML layer: for each document kind, parse and format every file of its
// corpus folder (../shared/corpus/<folder>/*.xml), next to libxml2's untyped round trip of
// the same files (python3-lxml: etree.fromstring + etree.tostring, tools/bench/xml_lxml.py)
// measured in the same run.  Each kind is measured in ROUNDS blocks that alternate this
// build, the baseline build (if any) and lxml; each block keeps the best of RUNS passes and
// the figures are the best block.  One JSON line per kind, then a table.
//
// Usage: node tools/bench-xml.js [--baseline DIR] [KIND ...]
//   --baseline DIR   also time the build in another checkout (DIR/dist/xml) in the same blocks
//   KIND             only these kinds (default: every kind whose parse function exists)
// Environment: CORPUS (corpus folder), XML_DIST (this build's dist/xml), LXML_PYTHON
// (default /usr/bin/python3, which has Debian's python3-lxml).
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const args = process.argv.slice(2);
let baselineDir;
const bi = args.indexOf('--baseline');
if (bi !== -1) {
  baselineDir = path.resolve(args[bi + 1]);
  args.splice(bi, 2);
}
const xml = require(process.env.XML_DIST || path.join(__dirname, '../dist/xml'));
const base = baselineDir ? require(path.join(baselineDir, 'dist/xml')) : undefined;
const corpus = process.env.CORPUS || path.resolve(__dirname, '../../shared/corpus');
const PYTHON = process.env.LXML_PYTHON || '/usr/bin/python3';
const LXML = path.join(__dirname, 'bench/xml_lxml.py');
const RUNS = 10;
const ROUNDS = 5;
const MIN_PASS_BYTES = 1 << 20;
// libvirt's Go XML module (libvirt.org/go/libvirtxml) round-trips corpus/domain in about
// this many milliseconds on these machines (figure from earlier measurements).
const GO_REFERENCE_MS = 115;

// corpus folder -> [parse function, format function]; a kind whose functions the build
// does not have (yet) is skipped with a line saying so.
const KINDS = {
  domain: ['parseDomain', 'formatDomain'],
  capabilities: ['parseCapabilities', 'formatCapabilities'],
  domaincaps: ['parseDomainCapabilities', 'formatDomainCapabilities'],
  network: ['parseNetwork', 'formatNetwork'],
  storagepool: ['parseStoragePool', 'formatStoragePool'],
  storagevol: ['parseStorageVolume', 'formatStorageVolume'],
  secret: ['parseSecret', 'formatSecret'],
  nodedev: ['parseNodeDevice', 'formatNodeDevice'],
  snapshot: ['parseDomainSnapshot', 'formatDomainSnapshot'],
  checkpoint: ['parseDomainCheckpoint', 'formatDomainCheckpoint'],
  nwfilter: ['parseNWFilter', 'formatNWFilter'],
  interface: ['parseInterface', 'formatInterface'],
  backup: ['parseDomainBackup', 'formatDomainBackup'],
};
for (const k of args) if (!KINDS[k]) throw new Error(`unknown kind ${k}: use ${Object.keys(KINDS).join(', ')}`);

function ms(t0) {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** parse and format of one build for a kind; format falls back to { validate: false } for the
 * corpus' negative tests that the format function's validation refuses (as libvirt does). */
function fns(lib, kind) {
  const [p, f] = KINDS[kind];
  const parse = lib[p];
  const fmt = lib[f];
  if (typeof parse !== 'function' || typeof fmt !== 'function') return undefined;
  const format = (o) => {
    try {
      return fmt(o);
    } catch (e) {
      if (!(e instanceof lib.XmlValidationError)) throw e;
      return fmt(o, { validate: false });
    }
  };
  return { parse, format };
}

/** Best of RUNS passes: parse all, format all, and parse+format each file; in ms per time through. */
function timeNode({ parse, format }, texts, reps) {
  let parseMs = Infinity;
  let formatMs = Infinity;
  let roundTripMs = Infinity;
  let roundTripCpuMs = Infinity; // the process's CPU time (the JS thread and V8's GC helpers)
  for (let r = 0; r < RUNS; r++) {
    let t0 = process.hrtime.bigint();
    const objs = texts.map(parse);
    parseMs = Math.min(parseMs, ms(t0));
    t0 = process.hrtime.bigint();
    for (const o of objs) format(o);
    formatMs = Math.min(formatMs, ms(t0));
    t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    for (const t of texts) format(parse(t));
    roundTripMs = Math.min(roundTripMs, ms(t0));
    const c = process.cpuUsage(c0);
    roundTripCpuMs = Math.min(roundTripCpuMs, (c.user + c.system) / 1000);
  }
  return { parseMs: parseMs / reps, formatMs: formatMs / reps, roundTripMs: roundTripMs / reps, roundTripCpuMs: roundTripCpuMs / reps };
}

/** Field by field minimum of two sets of figures (either may be undefined). */
function bestOf(a, b) {
  if (!a || !b) return a || b;
  const o = {};
  for (const k of Object.keys(a)) o[k] = Math.min(a[k], b[k]);
  return o;
}

let lxmlMissing;
function timeLxml(files, reps) {
  if (lxmlMissing) return undefined;
  try {
    const out = execFileSync(PYTHON, [LXML, String(RUNS)], { input: JSON.stringify(files), encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    const r = JSON.parse(out);
    return { roundTripMs: r.roundTripMs / reps, roundTripCpuMs: r.roundTripCpuMs / reps };
  } catch (e) {
    lxmlMissing = `lxml round trip not measured (${PYTHON} ${path.relative(process.cwd(), LXML)}: ${String(e.stderr || e.message).trim().split('\n').pop()}); install python3-lxml`;
    console.log(lxmlMissing);
    return undefined;
  }
}

const round2 = (x) => +x.toFixed(2);
const rows = [];
for (const kind of args.length ? args : Object.keys(KINDS)) {
  const mine = fns(xml, kind);
  if (!mine) {
    console.log(`${kind}: skipped (this build has no ${KINDS[kind].join('/')})`);
    continue;
  }
  const dir = path.join(corpus, kind);
  const all = fs.readdirSync(dir).filter((f) => f.endsWith('.xml')).sort();
  // files this build cannot round-trip (not libvirt's to read, or refused when written even
  // without validation) are left out of both sides, and counted
  const files = [];
  const texts = [];
  const refused = [];
  for (const f of all) {
    const t = fs.readFileSync(path.join(dir, f), 'utf8');
    try {
      mine.format(mine.parse(t));
      files.push(path.join(dir, f));
      texts.push(t);
    } catch (e) {
      refused.push(`${f}: ${e.message}`);
    }
  }
  if (texts.length === 0) {
    console.log(`${kind}: skipped (none of the ${all.length} files of corpus/${kind} round-trips; first: ${refused[0] ?? '-'})`);
    continue;
  }
  const theirs = base && fns(base, kind);
  // a small corpus is gone through several times per pass (the same number on each side),
  // so that a pass lasts long enough to time; figures are per time through
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const reps = Math.max(1, Math.ceil(MIN_PASS_BYTES / bytes));
  const passTexts = Array.from({ length: reps }, () => texts).flat();
  const passFiles = Array.from({ length: reps }, () => files).flat();
  // warm-up (JIT), not counted
  for (const t of texts) mine.format(mine.parse(t));
  if (theirs) for (const t of texts) theirs.format(theirs.parse(t));
  let best;
  let bestBase;
  let lxml;
  for (let r = 0; r < ROUNDS; r++) {
    const m = timeNode(mine, passTexts, reps);
    best = bestOf(best, m);
    if (theirs) bestBase = bestOf(bestBase, timeNode(theirs, passTexts, reps));
    lxml = bestOf(lxml, timeLxml(passFiles, reps));
  }
  const line = {
    corpus: kind,
    files: texts.length,
    refused: refused.length,
    bytes,
    runs: `${ROUNDS}x${RUNS}`,
    timesThroughPerPass: reps,
    parseMs: round2(best.parseMs),
    formatMs: round2(best.formatMs),
    roundTripMs: round2(best.roundTripMs),
    roundTripUsPerFile: +((best.roundTripMs * 1000) / texts.length).toFixed(1),
  };
  if (lxml) {
    Object.assign(line, { lxmlRoundTripMs: round2(lxml.roundTripMs), ratioToLxml: round2(best.roundTripMs / lxml.roundTripMs) });
    // CPU time: less disturbed than wall time when other work shares the machine
    Object.assign(line, { roundTripCpuMs: round2(best.roundTripCpuMs), lxmlRoundTripCpuMs: round2(lxml.roundTripCpuMs), cpuRatioToLxml: round2(best.roundTripCpuMs / lxml.roundTripCpuMs) });
  }
  if (bestBase) Object.assign(line, { baselineParseMs: round2(bestBase.parseMs), baselineFormatMs: round2(bestBase.formatMs), baselineRoundTripMs: round2(bestBase.roundTripMs), baselineRoundTripCpuMs: round2(bestBase.roundTripCpuMs) });
  if (kind === 'domain') Object.assign(line, { goReferenceMs: GO_REFERENCE_MS, ratioToGo: round2(best.roundTripMs / GO_REFERENCE_MS) });
  console.log(JSON.stringify(line));
  for (const r of refused.slice(0, 5)) console.log(`  ${kind}: left out ${r}`);
  rows.push(line);
}

console.log('');
console.log(`| kind | files | parse ms | format ms | parse+format ms | lxml ms | ratio to lxml | CPU ratio to lxml |${base ? ' baseline parse+format ms |' : ''}`);
console.log(`|---|---|---|---|---|---|---|---|${base ? '---|' : ''}`);
for (const l of rows) {
  console.log(`| ${l.corpus} | ${l.files} | ${l.parseMs} | ${l.formatMs} | ${l.roundTripMs} | ${l.lxmlRoundTripMs ?? '-'} | ${l.ratioToLxml ?? '-'} | ${l.cpuRatioToLxml ?? '-'} |${base ? ` ${l.baselineRoundTripMs ?? '-'} |` : ''}`);
}
