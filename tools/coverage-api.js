#!/usr/bin/env node
'use strict';
// API coverage: every function, enum value and macro of the installed
// libvirt-api.xml, libvirt-qemu-api.xml and libvirt-lxc-api.xml must be
// wrapped or on tools/api-ignore.js with a reason.
//  - functions: generated (tools/generate.js), or named by a comment in
//    native/**/*.{cc,h}: "// wraps: virX" (a JS method calls it) or
//    "// uses: virX" (the binding calls it for a JS-visible behaviour:
//    references of calls in flight, freeing result structs, errors,
//    building typed parameters);
//  - enum values and macros: exported by src/generated/constants.ts.
// Prints the share of libvirt-api.xml's functions wrapped; exits 1 when
// something is unaccounted for or an ignore entry is stale.
// --missing lists the ignored functions with their reasons too.
const fs = require('fs');
const path = require('path');
const { api, loadApi, classify } = require('./api-model');
const ignore = require('./api-ignore');

const ROOT = path.resolve(__dirname, '..');
const wraps = new Set();
const uses = new Set();
function scan(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) scan(p);
    else if (/\.(cc|h)$/.test(e.name)) {
      const text = fs.readFileSync(p, 'utf8');
      for (const m of text.matchAll(/\/\/ (wraps|uses): ([\w ]+)/g))
        for (const n of m[2].trim().split(/\s+/)) (m[1] === 'wraps' ? wraps : uses).add(n);
    }
  }
}
scan(path.join(ROOT, 'native'));

const constantsTs = fs.readFileSync(path.join(ROOT, 'src/generated/constants.ts'), 'utf8');
const exported = new Set([...constantsTs.matchAll(/^export const (\w+) =/gm)].map((m) => m[1]));

const problems = [];
const lines = [];
let mainShare = null;
for (const file of ['libvirt-api.xml', 'libvirt-qemu-api.xml', 'libvirt-lxc-api.xml']) {
  const a = file === 'libvirt-api.xml' ? api() : loadApi(file);
  const gen = [], hand = [], used = [], ignored = [];
  for (const f of a.functions) {
    const isGen = file === 'libvirt-api.xml' && classify(f).kind === 'gen';
    const how = isGen ? gen : wraps.has(f.name) ? hand : uses.has(f.name) ? used : null;
    if (how) how.push(f.name);
    if (how && ignore.functions[f.name]) problems.push(`${f.name}: wrapped but still on tools/api-ignore.js (remove it)`);
    if (!how) {
      if (ignore.functions[f.name]) ignored.push(f.name);
      else problems.push(`${f.name} (${file}): neither wrapped nor on tools/api-ignore.js`);
    }
  }
  let consts = 0, constIgnored = 0;
  for (const c of [...a.enums, ...a.macros]) {
    if (exported.has(c.name)) consts++;
    else if (ignore.constants[c.name]) constIgnored++;
    else problems.push(`${c.name} (${file}): constant neither exported nor on tools/api-ignore.js`);
  }
  const wrapped = gen.length + hand.length + used.length;
  const n = a.functions.length;
  const pct = ((100 * wrapped) / n).toFixed(1);
  lines.push(
    `${file}: ${wrapped}/${n} functions wrapped (${pct}%): ${gen.length} generated, ${hand.length} hand-written, ` +
      `${used.length} used by the binding; ${ignored.length} ignored; ` +
      `${consts}/${a.enums.length + a.macros.length} enum values and macros exported, ${constIgnored} ignored`,
  );
  if (file === 'libvirt-api.xml') mainShare = { wrapped, n };
  if (process.argv.includes('--missing'))
    for (const x of ignored) lines.push(`  ignored ${x}: ${ignore.functions[x]}`);
}
for (const name of Object.keys(ignore.functions))
  if (![api(), loadApi('libvirt-qemu-api.xml'), loadApi('libvirt-lxc-api.xml')].some((a) => a.functions.some((f) => f.name === name)))
    problems.push(`${name}: on tools/api-ignore.js but not in the installed API`);
console.log(lines.join('\n'));
console.log(`share wrapped of libvirt-api.xml: ${((100 * mainShare.wrapped) / mainShare.n).toFixed(1)}% (target: at least 95%)`);
if (problems.length) {
  console.error(`\n${problems.length} problem(s):\n${problems.join('\n')}`);
  process.exit(1);
}
