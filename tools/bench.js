#!/usr/bin/env node
'use strict';
// npm run bench -- [URI] [N] [--rounds R | --interleave R | --scaling R] [--baseline DIR]
// Prints one JSON line per operation for libvirt-napi, then the same work in
// plain C (tools/bench/bench.c) and python-libvirt (tools/bench/bench.py)
// in the same run: awaited one after another, then 8 in flight (op@8), then
// lifecycle@8 on qemu:///system (define, start, destroy, undefine 8 guests at
// once) with the event loop's largest delay meanwhile.
// --rounds R runs all of it R times, one after another, and prints one line
// per implementation and operation with the median of the rounds (and their
// minimum and maximum): on a small shared VM one run can differ from the next
// by 1.5x, and phases of one run by more. Each round starts with another of
// the three (--order napi,c,python and its rotations).
// --ops A,B limits --interleave/--scaling to those ops.
// --order A,B,C runs the three phases (napi, c, python) in that order.
// --interleave R / --scaling R: blocks that alternate implementations op by
// op; see interleave() below. docs/performance.md shows the output.
const { execFileSync, spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { monitorEventLoopDelay, performance } = require('perf_hooks');
const lv = require('..');

const uri = process.argv[2] || 'test:///default';
const n = Number(process.argv[3] || 2000);
const baselineAt = process.argv.indexOf('--baseline');
const baseline = baselineAt > 0 ? path.resolve(process.argv[baselineAt + 1]) : null;
const isTest = uri.startsWith('test:');
// --ops a,b: only these ops in --interleave/--scaling blocks (e.g. 'listAllDomains(500)')
const opsAt = process.argv.indexOf('--ops');
const onlyOps = opsAt > 0 ? new Set(process.argv[opsAt + 1].split(',')) : null;

function emit(impl, op, count, secs, extra = {}) {
  console.log(JSON.stringify({ impl, uri, op, n: count, ops_per_s: +(count / secs).toFixed(1), us_per_op: +((secs * 1e6) / count).toFixed(2), ...extra }));
}

async function domainType(conn) {
  const caps = await conn.getCapabilities();
  const g = caps.split('<guest>').slice(1).find((x) => /<arch name='x86_64'/.test(x));
  return g && /<domain type='kvm'/.test(g) ? 'kvm' : 'qemu';
}

function template(type, logDir) {
  if (isTest) return "<domain type='test'><name>@NAME@</name><memory>65536</memory><os><type>hvm</type></os></domain>";
  return `<domain type='${type}'><name>@NAME@</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>` +
    `<os><type arch='x86_64' machine='pc'>hvm</type><bios useserial='yes'/></os>` +
    `<devices><serial type='file'><source path='${logDir}/@NAME@.log'/></serial><memballoon model='none'/></devices></domain>`;
}

// A directory for the guests' serial logs (QEMU, as the daemon's user,
// writes there) and the template the C and python benchmarks read.
function workDir(type) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-bench-'));
  fs.chmodSync(dir, 0o1777);
  const tmpl = template(type, dir);
  const tmplFile = path.join(dir, 'template.xml');
  fs.writeFileSync(tmplFile, tmpl);
  return { dir, tmplFile, xmlFor: (name) => tmpl.split('@NAME@').join(name) };
}

const label = 'libvirt-napi';
// seconds for `count` calls of fn, `inflight` at a time
async function measure(count, inflight, fn) {
  const t = process.hrtime.bigint();
  if (inflight === 1) for (let i = 0; i < count; i++) await fn(i);
  else {
    let next = 0;
    await Promise.all(Array.from({ length: inflight }, async () => { while (next < count) await fn(next++); }));
  }
  return Number(process.hrtime.bigint() - t) / 1e9;
}
async function timed(op, count, inflight, fn) {
  emit(label, inflight === 1 ? op : `${op}@${inflight}`, count, await measure(count, inflight, fn));
}

// The ops measured one at a time and 8 in flight: [name, calls, fn(i)]. tag
// keeps the names of the guests that defineXML+undefine makes apart.
function serialOps(conn, dom, xmlFor, base, tag) {
  return [
    ['getLibVersion', n, () => conn.getLibVersion()],
    ['getCapabilities', n, () => conn.getCapabilities()],
    ['lookupByName', n, () => conn.lookupByName(base)],
    ['domain.info', n, () => dom.info()],
    ['domain.XMLDesc', n, () => dom.XMLDesc(0)],
    ['defineXML+undefine', Math.max(n / 10, 1), async (i) => {
      const d = await conn.defineXML(xmlFor(`${base}-d${tag}-${i}`));
      await d.undefine();
    }],
    ['listAllDomains(500)', Math.max(n / 20, 1), async () => {
      const list = await conn.listAllDomains(0);
      if (list.length < 500) throw new Error('listAllDomains lost domains');
      for (const d of list) d.free();
    }],
  ];
}

// define, start, destroy, undefine 8 guests at once; the event loop's largest delay meanwhile
async function lifecycle8(conn, xmlFor, base, op) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const elu0 = performance.eventLoopUtilization();
  const t = process.hrtime.bigint();
  await Promise.all(Array.from({ length: 8 }, async (_, i) => {
    const d = await conn.defineXML(xmlFor(`${base}-life${i}`));
    await d.createWithFlags(0);
    await d.destroy();
    await d.undefine();
  }));
  const secs = Number(process.hrtime.bigint() - t) / 1e9;
  h.disable();
  // max_loop_delay_ms is wall clock: it also counts the JS thread waiting for a
  // CPU while QEMU starts; loop_active_ms is the time the loop actually worked
  const elu = performance.eventLoopUtilization(elu0);
  emit('libvirt-napi', op, 8, secs, {
    max_loop_delay_ms: +(h.max / 1e6).toFixed(2),
    loop_active_ms: +elu.active.toFixed(1),
    loop_utilization_pct: +(elu.utilization * 100).toFixed(2),
  });
}

// One guest's whole life, for lifecycle blocks: define, start, destroy, undefine.
function lifecycleGuest(conn, xmlFor, base) {
  return async (i) => {
    const d = await conn.defineXML(xmlFor(`${base}-life${i}`));
    try {
      await d.createWithFlags(0);
      await d.destroy();
    } finally {
      await d.undefine();
    }
  };
}

// Control for max_loop_delay_ms: the same lifecycle run by another process
// while this process's loop does no libvirt work at all. What this loop still
// sees is the machine (8 QEMUs starting on the same CPUs), not libvirt work.
function lifecycleControl() {
  return new Promise((resolve) => {
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    const t = process.hrtime.bigint();
    const child = spawn(process.execPath, [__filename, uri, String(n), '--lifecycle-only'], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => {
      const secs = Number(process.hrtime.bigint() - t) / 1e9;
      h.disable();
      if (code !== 0) console.error(`control lifecycle failed (${code})`);
      emit('libvirt-napi', 'lifecycle@8(control: run by another process; this loop idle)', 8, secs, {
        max_loop_delay_ms: +(h.max / 1e6).toFixed(2),
      });
      resolve();
    });
  });
}

// --rounds R: the whole benchmark R times in fresh processes; medians.
function rounds(count) {
  const byKey = new Map();
  for (let r = 0; r < count; r++) {
    // each round starts with another implementation, so that a machine
    // that drifts within a round does not favour the same one every time
    const order = PHASES.map((_, k) => PHASES[(k + r) % PHASES.length]).join(',');
    const run = spawnSync(process.execPath, [__filename, uri, String(n), '--order', order],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (run.status !== 0) throw new Error(`round ${r + 1} failed (${run.status})`);
    for (const line of run.stdout.split('\n')) {
      if (!line.startsWith('{')) continue;
      const j = JSON.parse(line);
      const key = `${j.impl}\u0000${j.op}`;
      if (!byKey.has(key)) byKey.set(key, []);
      byKey.get(key).push(j);
    }
    console.error(`round ${r + 1} of ${count} done`);
  }
  for (const runs of byKey.values()) {
    const us = runs.map((j) => j.us_per_op);
    const m = median(us);
    const out = { ...runs[0], ops_per_s: +(1e6 / m).toFixed(1), us_per_op: +m.toFixed(2), rounds: runs.length,
      us_per_op_min: Math.min(...us), us_per_op_max: Math.max(...us) };
    for (const f of ['max_loop_delay_ms', 'loop_active_ms', 'loop_utilization_pct']) {
      if (runs[0][f] === undefined) continue;
      out[f] = +median(runs.map((j) => j[f])).toFixed(2);
      if (f === 'max_loop_delay_ms') out.max_loop_delay_ms_max = Math.max(...runs.map((j) => j[f]));
    }
    console.log(JSON.stringify(out));
  }
}

const PHASES = ['napi', 'c', 'python'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// --interleave R: the one-at-a-time ops, in R blocks that alternate
// implementations op by op (the order reversed in odd blocks): libvirt-napi
// (and, with --baseline DIR, the build in another checkout DIR), plain C,
// plain C handing each call to another thread and taking the result back
// (c+handoff: the two hand-overs any binding for an event loop makes, without
// Node), and python-libvirt; C and python each without an event loop and with
// libvirt's default event loop registered and running on a thread
// (+eventloop, as a program that uses events has it). Each block is a fresh
// process doing one op `calls` times (libvirt-napi warms up first), and
// reports wall time and the process's CPU time (all its threads) per call.
// Blocks seconds apart compare like with like: the machine drifts over
// minutes. Prints the medians of the blocks per implementation and op, then
// libvirt-napi's ratios (median of the ratios of blocks side by side).
// --scaling R: the same, each block also 8 in flight: libvirt-napi @8, C and
// python with 8 threads sharing the connection, c+handoff with 8 threads;
// on a real hypervisor, then lifecycle@8 blocks for libvirt-napi and python.
async function interleave(count, scaling) {
  const conn = await lv.open(uri);
  const { dir: logDir, tmplFile, xmlFor } = workDir(isTest ? 'test' : await domainType(conn));
  const cBin = buildC(logDir);
  const base = `lvn-bench-js-${process.pid}`;
  const created = [];
  // one block in a child process: its JSON line
  const block = (cmd, args, op, env) => {
    const e = { ...process.env, LVN_BENCH_OPS: op, ...env };
    // lists ours (the same 500); test:///default is each process's own
    if (created.length && !isTest) e.LVN_BENCH_LIST_DEFINED = '1';
    const r = spawnSync(cmd, args, { encoding: 'utf8', env: e });
    const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
    if (r.status !== 0 || !line) throw new Error(`benchmark block ${cmd} ${op} failed: ${r.stderr}`);
    return JSON.parse(line);
  };
  const cArgs = [uri, String(n), tmplFile];
  const napi = (root) => (op, env) => block(process.execPath, [__filename, uri, String(n), tmplFile, '--block', root], op, env);
  const c = (op, env) => block(cBin, cArgs, op, env);
  const py = (op, env) => block('/usr/bin/python3', [path.join(__dirname, 'bench/bench.py'), ...cArgs], op, env);
  const glib = { LVN_BENCH_EVENT_LOOP: 'glib' };
  const handoff = { LVN_BENCH_HANDOFF: '1' };
  // [impl, run, extra env]; @8 adds LVN_BENCH_THREADS=8
  const impls = [['libvirt-napi', napi(path.resolve(__dirname, '..')), {}]];
  if (baseline) impls.push(['libvirt-napi(baseline)', napi(baseline), {}]);
  impls.push(['c', c, {}], ['c+eventloop', c, glib], ['c+handoff', c, handoff], ['c+handoff+eventloop', c, { ...glib, ...handoff }],
    ['python-libvirt', py, {}], ['python-libvirt+eventloop', py, glib]);
  const idx = (name) => impls.findIndex(([k]) => k === name);
  const summary = [];
  try {
    for (const [op] of serialOps(conn, null, xmlFor, base, 1)) {
      if (onlyOps && !onlyOps.has(op)) continue;
      if (op === 'listAllDomains(500)' && !isTest)
        for (let i = 0; i < 500; i++) created.push(await conn.defineXML(xmlFor(`${base}-l${i}`)));
      const res = { 1: impls.map(() => []), 8: impls.map(() => []) };
      for (let r = 0; r < count; r++) {
        const order = impls.map((_, k) => k);
        if (r % 2) order.reverse();
        for (const k of order) {
          const [, run, env] = impls[k];
          res[1][k].push(run(op, env));
          if (scaling) res[8][k].push(run(op, { ...env, LVN_BENCH_THREADS: '8' }));
        }
      }
      const row = { op };
      for (const at of scaling ? [1, 8] : [1]) {
        impls.forEach(([impl], k) => {
          const js = res[at][k];
          const us = js.map((j) => j.us_per_op);
          const cpu = js.map((j) => j.cpu_us_per_op);
          console.log(JSON.stringify({ impl, uri, op: at === 1 ? op : `${op}@8`, n: js[0].n, blocks: count,
            ...spread('us_per_op', us), ...spread('cpu_us_per_op', cpu) }));
          row[`${impl}${at === 8 ? '@8' : ''}`] = { us: +median(us).toFixed(1), cpu: +median(cpu).toFixed(1) };
        });
      }
      // libvirt-napi over another implementation, block by block
      const ratio = (at, k, f) => spread(f, res[at][0].map((j, i) => j[f] / res[at][k][i][f]));
      const vs = (name, at = 1, f = 'us_per_op') => {
        const r = ratio(at, idx(name), f);
        console.log(JSON.stringify({ impl: `libvirt-napi${at === 8 ? '@8' : ''}/${name}`, uri, op, blocks: count, ...r }));
        return r[f];
      };
      row.ratios = { 'wall/c+handoff': vs('c+handoff'), 'wall/c+handoff+eventloop': vs('c+handoff+eventloop'),
        'cpu/python+eventloop': vs('python-libvirt+eventloop', 1, 'cpu_us_per_op') };
      if (baseline) row.ratios['wall/baseline'] = vs('libvirt-napi(baseline)');
      if (scaling) {
        row.ratios['wall@8/python@8'] = vs('python-libvirt', 8);
        row.ratios['wall@8/python+eventloop@8'] = vs('python-libvirt+eventloop', 8);
        if (baseline) row.ratios['wall@8/baseline@8'] = vs('libvirt-napi(baseline)', 8);
      }
      summary.push(row);
    }
    // lifecycle@8: 8 real guests defined, started, destroyed and undefined at
    // once, against python-libvirt with 8 threads (seconds per guest)
    if (scaling && !isTest && (!onlyOps || onlyOps.has('lifecycle@8'))) {
      const lifeImpls = impls.filter(([k]) => k.startsWith('libvirt-napi') || k.startsWith('python'));
      const res = lifeImpls.map(() => []);
      for (let r = 0; r < count; r++) {
        const order = lifeImpls.map((_, k) => k);
        if (r % 2) order.reverse();
        for (const k of order) res[k].push(lifeImpls[k][1]('lifecycle', { ...lifeImpls[k][2], LVN_BENCH_THREADS: '8' }));
      }
      const row = { op: 'lifecycle@8 (per guest)' };
      lifeImpls.forEach(([impl], k) => {
        const us = res[k].map((j) => j.us_per_op);
        const cpu = res[k].map((j) => j.cpu_us_per_op);
        console.log(JSON.stringify({ impl, uri, op: 'lifecycle@8', n: 8, blocks: count, ...spread('us_per_op', us), ...spread('cpu_us_per_op', cpu) }));
        row[`${impl}@8`] = { us: +median(us).toFixed(1), cpu: +median(cpu).toFixed(1) };
      });
      const vsLife = (name) => {
        const k = lifeImpls.findIndex(([x]) => x === name);
        const r = spread('us_per_op', res[0].map((j, i) => j.us_per_op / res[k][i].us_per_op));
        console.log(JSON.stringify({ impl: `libvirt-napi@8/${name}@8`, uri, op: 'lifecycle@8', blocks: count, ...r }));
        return r.us_per_op;
      };
      row.ratios = { 'wall@8/python@8': vsLife('python-libvirt'), 'wall@8/python+eventloop@8': vsLife('python-libvirt+eventloop') };
      if (baseline) row.ratios['wall@8/baseline@8'] = vsLife('libvirt-napi(baseline)');
      summary.push(row);
    }
  } finally {
    for (const d of created) await d.undefine().catch(() => undefined);
    await conn.close();
    fs.rmSync(logDir, { recursive: true, force: true });
  }
  printTable(summary, impls.map(([k]) => k), scaling);
}

// The medians as a Markdown table (us per call, wall / client CPU).
function printTable(summary, names, scaling) {
  const cols = [...names, ...(scaling ? names.map((k) => `${k}@8`) : [])];
  const lines = [`| op | ${cols.join(' | ')} |`, `|---|${cols.map(() => '---').join('|')}|`];
  const cell = (v) => (v ? `${v.us} / ${v.cpu}` : '-');
  for (const row of summary) lines.push(`| ${row.op} | ${cols.map((k) => cell(row[k])).join(' | ')} |`);
  const ratioNames = [...new Set(summary.flatMap((row) => Object.keys(row.ratios)))];
  lines.push('', `| op | ${ratioNames.join(' | ')} |`, `|---|${ratioNames.map(() => '---').join('|')}|`);
  for (const row of summary) lines.push(`| ${row.op} | ${ratioNames.map((k) => row.ratios[k] ?? '-').join(' | ')} |`);
  console.log(lines.join('\n'));
}

// --block ROOT: one block for interleave(), in this process: the op named by
// LVN_BENCH_OPS, LVN_BENCH_THREADS in flight, with the package at ROOT.
async function runBlock(root, tmplFile) {
  const lib = require(root);
  const op = process.env.LVN_BENCH_OPS;
  const inflight = Number(process.env.LVN_BENCH_THREADS || 1);
  const conn = await lib.open(uri);
  const tmpl = fs.readFileSync(tmplFile, 'utf8');
  const xmlFor = (name) => tmpl.split('@NAME@').join(name);
  const base = `lvn-bench-js-${process.pid}`;
  const dom = await conn.defineXML(xmlFor(base));
  const created = [];
  try {
    if (op === 'listAllDomains(500)' && !process.env.LVN_BENCH_LIST_DEFINED)
      for (let i = 0; i < 500; i++) created.push(await conn.defineXML(xmlFor(`${base}-l${i}`)));
    const found = op === 'lifecycle' ? ['lifecycle', inflight, lifecycleGuest(conn, xmlFor, base)]
      : serialOps(conn, dom, xmlFor, base, `b${inflight}`).find(([name]) => name === op);
    if (!found) throw new Error(`no such op: ${op}`);
    const [, calls, fn] = found;
    // warm-up (JIT); a guest start takes seconds, its JIT warm-up nothing worth it
    if (op !== 'lifecycle') await measure(Math.max(Math.min(calls / 10, 50), 1), inflight, fn);
    const cpu = process.cpuUsage();
    const secs = await measure(calls, inflight, fn);
    const used = process.cpuUsage(cpu);
    emit(`libvirt-napi(${root})`, inflight === 1 ? op : `${op}@${inflight}`, calls, secs,
      { cpu_us_per_op: +((used.user + used.system) / calls).toFixed(2) });
  } finally {
    for (const d of created) await d.undefine().catch(() => undefined);
    await dom.undefine().catch(() => undefined);
    await conn.close();
  }
}

// { name: median, name_min, name_max } of xs, to 3 places
function spread(name, xs) {
  return { [name]: +median(xs).toFixed(3), [`${name}_min`]: +Math.min(...xs).toFixed(3), [`${name}_max`]: +Math.max(...xs).toFixed(3) };
}

async function main() {
  const b = process.argv.indexOf('--block');
  if (b > 0) {
    await runBlock(process.argv[b + 1], process.argv[4]);
    return;
  }
  const r = process.argv.indexOf('--rounds');
  if (r > 0) {
    const count = Number(process.argv[r + 1]);
    if (!Number.isInteger(count) || count < 1) throw new Error(`--rounds needs a whole number of rounds, got ${process.argv[r + 1]}`);
    rounds(count);
    return;
  }
  for (const flag of ['--interleave', '--scaling']) {
    const iv = process.argv.indexOf(flag);
    if (iv < 0) continue;
    const count = Number(process.argv[iv + 1]);
    if (!Number.isInteger(count) || count < 1) throw new Error(`${flag} needs a whole number of blocks, got ${process.argv[iv + 1]}`);
    await interleave(count, flag === '--scaling');
    return;
  }
  if (process.argv.includes('--lifecycle-only')) {
    // a fresh process: nothing from earlier phases left to collect
    const conn = await lv.open(uri);
    const { dir: logDir, xmlFor } = workDir(await domainType(conn));
    await lifecycle8(conn, xmlFor, `lvn-bench-js-${process.pid}`, 'lifecycle@8(fresh process)');
    await conn.close();
    fs.rmSync(logDir, { recursive: true, force: true });
    return;
  }
  const o = process.argv.indexOf('--order');
  const order = o > 0 ? process.argv[o + 1].split(',') : PHASES;
  if (order.length !== PHASES.length || PHASES.some((p) => !order.includes(p)))
    throw new Error(`--order needs ${PHASES.join(',')} in some order, got ${process.argv[o + 1]}`);
  const conn = await lv.open(uri);
  const { dir: logDir, tmplFile, xmlFor } = workDir(isTest ? 'test' : await domainType(conn));
  try {
    for (const phase of order) {
      if (phase === 'napi') await napiPhase(conn, xmlFor);
      else if (phase === 'c') cPhase(logDir, tmplFile);
      else pythonPhase(tmplFile);
    }
  } finally {
    await conn.close();
    fs.rmSync(logDir, { recursive: true, force: true });
  }
}

async function napiPhase(conn, xmlFor) {
  const base = `lvn-bench-js-${process.pid}`;
  const dom = await conn.defineXML(xmlFor(base));
  const created = [];
  try {
    // one at a time, then 8 in flight
    for (const inflight of [1, 8]) {
      for (const [op, count, fn] of serialOps(conn, dom, xmlFor, base, inflight)) {
        if (op === 'listAllDomains(500)' && !created.length)
          for (let i = 0; i < 500; i++) created.push(await conn.defineXML(xmlFor(`${base}-l${i}`)));
        await timed(op, count, inflight, fn);
      }
    }
    for (const d of created) await d.undefine();
    created.length = 0;

    // the largest event-loop delay includes GC of the wrappers the phases above made
    if (!isTest) await lifecycle8(conn, xmlFor, base, 'lifecycle@8');
  } finally {
    for (const d of created) await d.undefine().catch(() => undefined);
    await dom.undefine().catch(() => undefined);
  }

  if (!isTest) {
    const fresh = spawnSync(process.execPath, [__filename, uri, String(n), '--lifecycle-only'], { encoding: 'utf8' });
    process.stdout.write(fresh.stdout);
    if (fresh.status !== 0) console.error(`lifecycle in a fresh process failed: ${fresh.stderr}`);
    await lifecycleControl();
  }
}

// The same work in plain C, in this run.
function buildC(logDir) {
  const cBin = path.join(logDir, 'bench-c');
  const cflags = execFileSync('pkg-config', ['--cflags', 'libvirt'], { encoding: 'utf8' }).trim().split(/\s+/).filter(Boolean);
  const libs = execFileSync('pkg-config', ['--libs', 'libvirt'], { encoding: 'utf8' }).trim().split(/\s+/);
  const loopObj = path.join(logDir, 'eventloop.o');
  const benchObj = path.join(logDir, 'bench.o');
  execFileSync('g++', ['-O2', '-std=c++17', '-c', '-o', loopObj, path.join(__dirname, '../native/runtime/eventloop.cc'), ...cflags]);
  execFileSync('cc', ['-O2', '-DLVN_EVENT_LOOP', '-c', '-o', benchObj, path.join(__dirname, 'bench/bench.c'), ...cflags]);
  execFileSync('g++', ['-o', cBin, benchObj, loopObj, ...libs, '-lpthread']);
  return cBin;
}

function cPhase(logDir, tmplFile) {
  const cBin = buildC(logDir);
  // plain C; plain C running an event loop on a thread (libvirt's default, then
  // this binding's); plain C with 8 threads sharing the connection (the
  // reference for @8), without and with this binding's loop; and with one
  // thread handing the calls to the 8 and taking each result back, the shape
  // of any binding whose program sees a result before its next call
  for (const env of [{}, { LVN_BENCH_EVENT_LOOP: 'glib' }, { LVN_BENCH_EVENT_LOOP: 'lvn' },
    { LVN_BENCH_THREADS: '8' }, { LVN_BENCH_THREADS: '8', LVN_BENCH_EVENT_LOOP: 'lvn' },
    { LVN_BENCH_EVENT_LOOP: 'lvn', LVN_BENCH_HANDOFF: '1' },
    { LVN_BENCH_THREADS: '8', LVN_BENCH_EVENT_LOOP: 'lvn', LVN_BENCH_HANDOFF: '1' }]) {
    const c = spawnSync(cBin, [uri, String(n), tmplFile], { encoding: 'utf8', env: { ...process.env, ...env } });
    process.stdout.write(c.stdout);
    if (c.status !== 0) console.error(`C benchmark failed: ${c.stderr}`);
  }
}

// The same work in python-libvirt, in this run.
function pythonPhase(tmplFile) {
  const py = spawnSync('/usr/bin/python3', [path.join(__dirname, 'bench/bench.py'), uri, String(n), tmplFile], { encoding: 'utf8' });
  process.stdout.write(py.stdout);
  if (py.status !== 0) console.error(`python-libvirt benchmark failed (python3-libvirt installed?): ${py.stderr}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
