#!/usr/bin/env node
// What the package costs a program that uses it:
//  - load: `require('libvirt-napi')` in a fresh Node process against bare `node -e 0`
//    (median of N fresh processes each, alternating, wall time of the whole process);
//  - declarations: line counts of the heaviest .d.ts files in dist/;
//  - types (with --types): `tsc --noEmit` of a strict consumer program that imports the
//    package and calls xml.parseDomain, against a bare project that only uses @types/node
//    (same compiler, same options, no skipLibCheck; median of N runs each, alternating).
//
// With --baseline DIR (another built checkout), that checkout is measured in the same
// run, alternating with this one, so that both see the same machine load.
//
// usage: node tools/bench-load.js [--runs N] [--types] [--types-only] [--baseline DIR]
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 10;
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error('--runs wants a positive integer');
  process.exit(2);
}
const typesOnly = args.includes('--types-only');
const withTypes = typesOnly || args.includes('--types');
const baseAt = args.indexOf('--baseline');
const checkouts = [['this', root]];
if (baseAt >= 0) checkouts.push(['baseline', path.resolve(args[baseAt + 1] ?? '')]);

for (const [, dir] of checkouts) {
  if (!fs.existsSync(path.join(dir, 'dist/index.js'))) {
    console.error(`${dir}/dist is missing: run \`npx tsc -p tsconfig.build.json\` there first`);
    process.exit(1);
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
function run(cmd, argv, opts) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', ...opts });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) {
    throw new Error(`${cmd} ${argv.join(' ')} failed (status ${r.status}):\n${r.stdout}${r.stderr}`);
  }
  return { ms, stdout: r.stdout };
}
const timed = (cmd, argv, opts) => run(cmd, argv, opts).ms;
// The process's own CPU time (all threads), printed by the child: less sensitive to a busy machine than wall time.
const CPU = ';const u=process.cpuUsage();console.log((u.user+u.system)/1000)';
const cpuOf = (r) => Number(r.stdout.trim().split('\n').pop());
/** Run the commands in turn, `RUNS` rounds; the median of each. */
function alternate(...cmds) {
  const times = cmds.map(() => []);
  for (let n = 0; n < RUNS; n++) cmds.forEach((c, j) => times[j].push(c()));
  return times.map(median);
}
const round = (x) => Math.round(x * 10) / 10;

// One scratch project per checkout, where `libvirt-napi` resolves to that checkout.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'libvirt-napi-bench-load-'));
process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));
function project(name, pkgRoot, files) {
  const dir = path.join(scratch, name);
  fs.mkdirSync(path.join(dir, 'node_modules/@types'), { recursive: true });
  if (pkgRoot) fs.symlinkSync(pkgRoot, path.join(dir, 'node_modules/libvirt-napi'), 'dir');
  fs.symlinkSync(path.join(root, 'node_modules/@types/node'), path.join(dir, 'node_modules/@types/node'), 'dir');
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}

if (!typesOnly) {
  const node = process.execPath;
  const dirs = checkouts.map(([label, dir]) => project('load-' + label, dir, {}));
  const cpu = dirs.map(() => []);
  const bareCpu = [];
  const [bare, ...loads] = alternate(
    () => timed(node, ['-e', '0'], { cwd: dirs[0] }),
    ...dirs.map((d) => () => timed(node, ['-e', "require('libvirt-napi')"], { cwd: d })),
  );
  // CPU time in separate rounds, so that printing it does not disturb the wall-time figures
  for (let n = 0; n < RUNS; n++) {
    bareCpu.push(cpuOf(run(node, ['-e', '0' + CPU], { cwd: dirs[0] })));
    dirs.forEach((d, j) => cpu[j].push(cpuOf(run(node, ['-e', "require('libvirt-napi')" + CPU], { cwd: d }))));
  }
  const out = {
    what: `require('libvirt-napi') vs node -e 0, median of ${RUNS} fresh processes (wall ms; cpu ms of the process)`,
    bareMs: round(bare), bareCpuMs: round(median(bareCpu)),
  };
  checkouts.forEach(([label], j) => (out[label] = {
    requireMs: round(loads[j]), overBareMs: round(loads[j] - bare), cpuOverBareMs: round(median(cpu[j]) - median(bareCpu)),
  }));
  console.log(JSON.stringify(out));
  for (const [label, dir] of checkouts) {
    const dts = {};
    let total = 0;
    const walk = (d) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.d.ts')) {
          const lines = fs.readFileSync(p, 'utf8').split('\n').length - 1;
          const rel = path.relative(dir, p);
          total += lines;
          if (rel.startsWith(`dist${path.sep}xml${path.sep}`) || lines > 1000) dts[rel] = lines;
        }
      }
    };
    walk(path.join(dir, 'dist'));
    console.log(JSON.stringify({ what: `declaration lines (${label})`, totalDts: total, ...dts }));
  }
}

if (withTypes) {
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  const compilerOptions = {
    strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022',
    noEmit: true, skipLibCheck: false, types: ['node'],
  };
  const tsconfig = JSON.stringify({ compilerOptions, files: ['main.ts'] });
  const bareDir = project('types-bare', null, {
    'tsconfig.json': tsconfig,
    'main.ts': "import { readFileSync } from 'node:fs';\nconsole.log(readFileSync('/etc/hostname', 'utf8'));\n",
  });
  const consumerCode = [
    "import { readFileSync } from 'node:fs';",
    "import { xml, open } from 'libvirt-napi';",
    "const dom = xml.parseDomain(readFileSync('/dev/stdin', 'utf8'));",
    'const disks = (dom.devices?.disk ?? []).map((d) => d.target?.dev);',
    'console.log(dom.name, disks, typeof open);',
    '',
  ].join('\n');
  const dirs = checkouts.map(([label, dir]) => project('types-' + label, dir, { 'tsconfig.json': tsconfig, 'main.ts': consumerCode }));
  const [bare, ...consumers] = alternate(
    () => timed(process.execPath, [tsc, '-p', bareDir]),
    ...dirs.map((d) => () => timed(process.execPath, [tsc, '-p', d])),
  );
  const out = { what: `tsc --noEmit of a strict consumer (no skipLibCheck) vs a bare @types/node project, median of ${RUNS} runs`, bareMs: Math.round(bare) };
  checkouts.forEach(([label], j) => (out[label] = { consumerMs: Math.round(consumers[j]), ratio: Math.round((consumers[j] / bare) * 100) / 100 }));
  console.log(JSON.stringify(out));
}
