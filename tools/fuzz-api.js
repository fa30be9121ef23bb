#!/usr/bin/env node
'use strict';
// Crash hunter for the libvirt-napi binding.
//
//   node tools/fuzz-api.js [--seed N] [--rounds N] [--calls N] [--timeout MS]
//                            [--only REGEX] [--batch ID] [--findings DIR] [--quick]
//
// Against libvirt's in-process test driver (test:///default, never anything
// else) it calls every function the module exports and every method of every
// wrapper class's prototype with argument lists drawn from a pool of hostile
// values, and runs a set of concurrency / lifetime scenarios (close while
// calls are in flight, free while in flight, events with throwing callbacks,
// stream misuse, forged list objects, GC at awkward moments...).
//
// The work is split into batches; each batch runs in a child process
// (`node --expose-gc tools/fuzz-api.js --child <batch id>`), one at a time.
// The child writes each call to a log file (synchronously) before making it,
// so when the child dies from a signal (SIGSEGV, SIGABRT...), or prints
// 'FATAL ERROR' / 'terminate called', the parent knows which call was
// running. It then re-runs that call alone (and, if needed, the calls before
// it on the same fixtures) to get a minimal reproducer, writes it to
// <findings>/<n>.js and checks that it crashes on its own.
//
// Deterministic for a given --seed: the calls of a batch are drawn from a
// PRNG seeded by (seed, batch id) before any of them runs.
//
// Exit status: 0 when no crash was found, 1 otherwise (2: usage / harness error).

const fs = require('fs');
const path = require('path');
const cp = require('child_process');
const os = require('os');

const ROOT = path.resolve(__dirname, '..');
const SELF = __filename;
const URI = 'test:///default';

// ----------------------------------------------------------------------------
// command line
// ----------------------------------------------------------------------------
function parseArgs(argv) {
  const o = {
    seed: 1, rounds: 1, calls: 24, timeout: 2000, batchTimeout: 180000, only: null, batch: null,
    findings: null, child: null, repro: null, list: false, log: null, perturb: true,
    verbose: false, quick: false, skip: 0, maxRepro: 14, skipScenarios: false, skipMethods: false,
  };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) usage(`missing value for ${a}`);
      return argv[++i];
    };
    switch (a) {
      case '--seed': o.seed = Number(next()); break;
      case '--rounds': o.rounds = Number(next()); break;
      case '--calls': o.calls = Number(next()); break;
      case '--timeout': o.timeout = Number(next()); break;
      case '--batch-timeout': o.batchTimeout = Number(next()); break;
      case '--only': o.only = next(); break;
      case '--batch': o.batch = next(); break;
      case '--findings': o.findings = next(); break;
      case '--child': o.child = next(); break;
      case '--repro': o.repro = next(); break;
      case '--log': o.log = next(); break;
      case '--list': o.list = true; break;
      case '--skip': o.skip = Number(next()); break;
      case '--avoid': o.avoid = next(); break;
      case '--no-perturb': o.perturb = false; break;
      case '--verbose': case '-v': o.verbose = true; break;
      case '--quick': o.quick = true; break;
      case '--max-repro': o.maxRepro = Number(next()); break;
      case '--no-scenarios': o.skipScenarios = true; break;
      case '--no-methods': o.skipMethods = true; break;
      case '--help': case '-h': usage(); break;
      default: usage(`unknown argument ${a}`);
    }
  }
  if (!Number.isInteger(o.seed) || !Number.isInteger(o.rounds) || o.rounds < 1 || !(o.calls > 0)) usage('bad number');
  return o;
}
function usage(msg) {
  if (msg) console.error(`fuzz-api: ${msg}`);
  console.error('usage: node tools/fuzz-api.js [--seed N] [--rounds N] [--calls N per method] [--timeout MS per call]\n' +
    '       [--only REGEX (Class.method)] [--batch ID] [--findings DIR] [--no-perturb] [--quick] [--verbose]');
  process.exit(2);
}
const OPT = parseArgs(process.argv);

// ----------------------------------------------------------------------------
// deterministic PRNG
// ----------------------------------------------------------------------------
function hashStr(s) {
  let h = 2166136261 >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}
function rng(seedStr) {
  let a = hashStr(seedStr) || 1;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
  };
  return r;
}

// ----------------------------------------------------------------------------
// shared source snippets: used to run calls in the child AND to write the
// stand-alone reproducers, so the two cannot differ
// ----------------------------------------------------------------------------

// helpers available to every value / scenario as H.* (and gc)
const H_PARTS = [
  ['err', `  err(w) { throw new Error('hostile ' + w); },`],
  ['throwProxy', `  // a Proxy whose every trap throws
  throwProxy: () => new Proxy({}, new Proxy({}, { get: (_, trap) => () => { throw new Error('hostile trap ' + String(trap)); } })),`],
  ['throwFnProxy', `  throwFnProxy: () => new Proxy(function () {}, new Proxy({}, { get: (_, trap) => () => { throw new Error('hostile trap ' + String(trap)); } })),`],
  ['throwObj', `  // an object whose getters, valueOf, toString, toPrimitive, then and constructor throw
  throwObj: () => ({ get length() { H.err('length'); }, valueOf() { H.err('valueOf'); }, toString() { H.err('toString'); },
    [Symbol.toPrimitive]() { H.err('toPrimitive'); }, get then() { H.err('then'); }, get constructor() { H.err('constructor'); },
    get name() { H.err('name'); }, get weight() { H.err('weight getter'); } }),`],
  ['throwArray', `  throwArray: () => { const a = [1, 2]; Object.defineProperty(a, 0, { get() { H.err('index getter'); } }); return a; },`],
  ['revoked', `  revoked: () => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; },`],
  ['revokedFn', `  revokedFn: () => { const r = Proxy.revocable(function () {}, {}); r.revoke(); return r.proxy; },`],
  ['forge', `  // an object with the list object's two symbol-keyed properties (see native/handles.h)
  forge(listObj, proto, index) {
    const o = Object.create(proto);
    const [k, i] = Object.getOwnPropertySymbols(listObj);
    o[k] = listObj[k];
    o[i] = index === undefined ? listObj[i] : index;
    return o;
  },`],
  ['getterList', `  // a list object whose list property is a getter that first runs fn (once)
  getterList(listObj, fn) {
    const [k] = Object.getOwnPropertySymbols(listObj);
    const list = listObj[k];
    let ran = false;
    Object.defineProperty(listObj, k, { configurable: true, get() { if (!ran) { ran = true; try { fn(); } catch {} } return list; } });
    return listObj;
  },`],
  ['withProto', `  // another kind of object (array, function, Date...) with a wrapper class's prototype
  withProto: (o, C) => Object.setPrototypeOf(o, C.prototype),`],
  ['forgeRaw', `  // an object with the class's prototype and the list object's symbol keys set to anything
  forgeRaw(listObj, proto, list, index) {
    const [k, i] = Object.getOwnPropertySymbols(listObj);
    const o = Object.create(proto);
    o[k] = list;
    o[i] = index;
    return o;
  },`],
  ['T', `  // sync throw -> rejected promise
  T(f) { try { return Promise.resolve(f()); } catch (e) { return Promise.reject(e); } },`],
  ['sleep', `  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),`],
  ['bigParams', `  bigParams() { const o = {}; for (let i = 0; i < 1000; i++) o['k' + i] = i; return o; },`],
];
const GC_SRC = `const gc = global.gc || (() => { try { require('v8').setFlagsFromString('--expose-gc'); return require('vm').runInNewContext('gc'); } catch { return () => {}; } })();`;
// the helpers a piece of source needs (H.* and their own H.* uses), as source
function hSource(srcs) {
  const need = new Set();
  const scan = (text) => {
    for (const m of String(text).matchAll(/\bH\.(\w+)/g)) {
      if (need.has(m[1])) continue;
      const part = H_PARTS.find((x) => x[0] === m[1]);
      if (!part) continue;
      need.add(m[1]);
      scan(part[1]);
    }
  };
  for (const t of srcs) scan(t);
  const lines = [];
  if (need.size) lines.push(`const H = {\n${H_PARTS.filter((x) => need.has(x[0])).map((x) => x[1]).join('\n')}\n};`);
  if (srcs.some((t) => /\bgc\(/.test(t))) lines.push(GC_SRC);
  return lines.join('\n');
}
const H_SRC = `const H = {\n${H_PARTS.map((x) => x[1]).join('\n')}\n};\n${GC_SRC}`;

// fixtures: name, source of the value (may use earlier fixtures), in order
const FIXTURES = [
  ['conn', `await lv.open('${URI}')`],
  ['conn2', `await lv.open('${URI}')`],
  ['dom', `await conn.lookupByName('test')`],
  ['dom2', `await conn2.lookupByName('test')`],
  ['net', `await conn.networkLookupByName('default')`],
  ['pool', `await conn.storagePoolLookupByName('default-pool')`],
  ['vol', `await pool.createXML('<volume><name>fz' + process.pid + '-' + Date.now() + '.img</name><capacity>1048576</capacity></volume>', 0)`],
  ['iface', `await conn.interfaceLookupByName('eth1')`],
  ['nodedev', `await conn.nodeDeviceLookupByName('computer')`],
  ['snap', `await dom.snapshotCreateXML('<domainsnapshot><name>fz' + process.hrtime.bigint() + '</name></domainsnapshot>', 0)`],
  ['ckpt', `await dom.checkpointCreateXML('<domaincheckpoint><name>fz' + process.hrtime.bigint() + '</name></domaincheckpoint>', 0)`],
  ['stream', `await conn.newStream(0)`],
  ['shotStream', `await (async () => { const s = await conn.newStream(0); await dom.screenshot(s, 0); return s; })()`],
  ['listDom', `(await conn.listAllDomains())[0]`],
  ['listNet', `(await conn.listAllNetworks())[0]`],
  ['listPool', `(await conn.listAllStoragePools())[0]`],
  ['freedDom', `await (async () => { const d = await conn.lookupByName('test'); d.free(); return d; })()`],
  ['freedNet', `await (async () => { const n = await conn.networkLookupByName('default'); n.free(); return n; })()`],
  ['freedStream', `await (async () => { const s = await conn.newStream(0); s.free(); return s; })()`],
  ['freedListDom', `await (async () => { const [d] = await conn.listAllDomains(); d.free(); return d; })()`],
  ['closedConn', `await (async () => { const c = await lv.open('${URI}'); await c.close(); return c; })()`],
  ['closedDom', `await (async () => { const c = await lv.open('${URI}'); const d = await c.lookupByName('test'); await c.close(); return d; })()`],
  ['closedListDom', `await (async () => { const c = await lv.open('${URI}'); const [d] = await c.listAllDomains(); await c.close(); return d; })()`],
  ['closedStream', `await (async () => { const c = await lv.open('${URI}'); const s = await c.newStream(0); await c.close(); return s; })()`],
  ['closedNet', `await (async () => { const c = await lv.open('${URI}'); const n = await c.networkLookupByName('default'); await c.close(); return n; })()`],
];
const FIX_NAMES = FIXTURES.map((f) => f[0]);
const FIX_RE = new RegExp(`\\b(${FIX_NAMES.join('|')})\\b`, 'g');
const FIX_DEPS = {};
for (const [name, src] of FIXTURES) FIX_DEPS[name] = [...new Set((src.match(FIX_RE) || []).filter((n) => n !== name))];
function fixturesNeeded(srcs) {
  const need = new Set();
  const add = (n) => {
    if (need.has(n)) return;
    need.add(n);
    for (const d of FIX_DEPS[n]) add(d);
  };
  for (const s of srcs) for (const m of String(s).match(FIX_RE) || []) add(m);
  return FIX_NAMES.filter((n) => need.has(n));
}

// the fixture of each class (a proper receiver)
const CLASS_FIX = {
  Connection: ['conn'], Domain: ['dom', 'dom', 'dom', 'listDom'], Network: ['net', 'net', 'listNet'], StoragePool: ['pool', 'pool', 'listPool'],
  StorageVol: ['vol'], Interface: ['iface'], NodeDevice: ['nodedev'], DomainSnapshot: ['snap'], DomainCheckpoint: ['ckpt'],
  Stream: ['stream', 'shotStream', 'shotStream'], Secret: [], NWFilter: [], NWFilterBinding: [], NetworkPort: [],
};
const CLASSES = Object.keys(CLASS_FIX);
const TYPE_FIX = {
  Connection: 'conn', Domain: 'dom', Network: 'net', StoragePool: 'pool', StorageVol: 'vol', Interface: 'iface',
  NodeDevice: 'nodedev', DomainSnapshot: 'snap', DomainCheckpoint: 'ckpt', Stream: 'stream',
  Secret: 'null', NWFilter: 'null', NWFilterBinding: 'null', NetworkPort: 'null',
};

// the hostile value pool (JavaScript expressions)
const HOSTILE = [
  'undefined', 'null', 'true', '0', '-1', '1.5', 'NaN', 'Infinity', '-Infinity', '-0', '2 ** 31', '2 ** 32', '2 ** 53',
  '-(2 ** 63)', '1e300', '-2147483649', '10n', '-1n', '2n ** 64n', '2n ** 63n', '-(2n ** 63n) - 1n',
  "''", "'x'", "'x'.repeat(1 << 20)", "'a\\0b'", "'<domain'", `'<domain type="test"><name>fz</name>'`, "'\\ud800'",
  "Symbol('fz')", '{}', '[]', '[1, 2]', '({ length: 1e9 })', '({ length: -1 })', 'function () {}',
  "async () => { throw new Error('hostile async fn'); }", 'H.throwProxy()', 'H.throwFnProxy()', 'H.throwObj()',
  'H.throwArray()', 'H.revoked()', 'H.revokedFn()', 'new Date(0)', "Buffer.from('hostile')", 'new Uint8Array(16)',
  'new Float64Array(2)', 'new ArrayBuffer(8)', 'Object.create(null)', "[Symbol('e')]", "['a\\0b']", '[H.throwProxy()]',
  'new Array(3)', '[[[]]]', '[1e300, -1, 1.5]', "new Map([[1, 2]])", "Promise.resolve(1)", 'lv', 'Math',
  // handles, of every class and state
  'conn', 'conn2', 'dom', 'dom2', 'net', 'pool', 'vol', 'iface', 'nodedev', 'snap', 'ckpt', 'stream', 'shotStream',
  'listDom', 'listNet', 'freedDom', 'freedNet', 'freedStream', 'freedListDom', 'closedConn', 'closedDom',
  'closedListDom', 'closedStream', 'closedNet', '[dom, dom2]', '[freedDom]', '[closedDom]', '[listDom, net]',
  'lv.Domain.prototype', 'lv.Connection.prototype', 'Object.create(lv.Domain.prototype)', 'lv.Domain',
  'new Proxy(dom, {})', 'new Proxy(listDom, {})', 'new Proxy(conn, {})',
  'H.forge(listDom, lv.Domain.prototype, 1e9)', 'H.forge(listDom, lv.Domain.prototype, -1)',
  'H.forge(listDom, lv.Domain.prototype, 0.5)', 'H.forge(listDom, lv.Domain.prototype, NaN)',
  "H.forge(listDom, lv.Domain.prototype, '0')", 'H.forge(listDom, lv.Domain.prototype, 2 ** 32)',
  'H.forge(listNet, lv.Domain.prototype, 0)', 'H.forge(listDom, lv.Network.prototype, 0)',
  'H.forge(closedListDom, lv.Domain.prototype, 0)', 'H.forge(listDom, lv.Domain.prototype)',
  'H.getterList(listDom, () => conn.close())', 'H.getterList(listDom, () => listDom.free())', 'H.getterList(listDom, () => gc())',
  // objects of other kinds given a wrapper class's prototype
  'H.withProto([], lv.Domain)', 'H.withProto([], lv.Connection)', 'H.withProto([], lv.Stream)', 'H.withProto([], lv.Network)',
  'H.withProto([], lv.DomainSnapshot)', 'H.withProto([], lv.StoragePool)', 'H.withProto(function () {}, lv.Domain)',
  'H.withProto(new Date(0), lv.Domain)', "H.withProto(Buffer.from('x'), lv.Stream)", 'H.withProto(new Map(), lv.Connection)',
  'H.forgeRaw(listDom, lv.Domain.prototype, null, 0)', 'H.forgeRaw(listDom, lv.Domain.prototype, 5, 0)', "H.forgeRaw(listDom, lv.Domain.prototype, 'x', 0)",
  'H.forgeRaw(listDom, lv.Domain.prototype, {}, 0)', 'H.forgeRaw(listDom, lv.Stream.prototype, null, null)',
];
// values for callback positions
const CALLBACKS = [
  "() => { throw new Error('hostile callback'); }", "async () => { throw new Error('hostile async callback'); }",
  'H.throwFnProxy()', 'H.revokedFn()', '() => new Promise(() => {})', '() => conn.close()', '() => dom.free()',
  '() => { gc(); }', "() => ({ then(ok, bad) { ok(); bad(new Error('hostile both')); } })",
  "() => ({ then(ok) { setTimeout(ok, 20); setTimeout(ok, 300); } })", '() => ({ get then() { H.err(\'then getter\'); } })',
  "() => 'x'.repeat(1 << 20)", '() => H.throwProxy()', '() => [true, 2n ** 64n]', '() => [false, -1]', '() => null',
  "() => 'a\\0b'", '(n) => Buffer.alloc(n + 1)', 'class {}', 'Symbol', 'lv.open',
];
// values for typed-parameter positions
const TPARAMS = [
  "{ cpu_shares: 'x' }", '{ a: 1n }', '{ weight: {} }', '{ weight: { a: { b: 1 } } }', '{ weight: -1 }',
  '{ weight: 2n ** 64n }', '{ weight: -(2n ** 63n) - 1n }', '{ weight: NaN }', '{ weight: 1e300 }', "{ weight: 'a\\0b' }",
  "{ weight: Symbol('s') }", '{ weight: H.throwObj() }', '{ get weight() { H.err(\'param getter\'); } }',
  "{ [Symbol('s')]: 1 }", 'H.throwProxy()', 'H.bigParams()', "{ ['k'.repeat(1 << 20)]: 1 }", "{ 'a\\0b': 1 }",
  '{ weight: null }', '{ weight: undefined }', '{ weight: [1, 2] }', '{ weight: true }', "{ weight: Buffer.from('x') }",
  'Object.create({ weight: 1 })', '[1, 2]', "{ '': 1 }", '{ hard_limit: 2 ** 53 + 2 }', '{ weight: 2n ** 63n }',
  '{ weight: -1n }', '{ weight: 1.5 }', '{ numa_nodeset: 5 }', '{ weight: new Date(0) }', "{ numa_nodeset: 'x'.repeat(1 << 20) }",
  '{ get a() { delete this.b; return 1; }, b: 2 }', 'new Map([["weight", 1]])', 'Object.create(null)', '{ weight: H.revoked() }',
  "{ total_bytes_sec: -1, total_bytes_sec_max: 'x' }", '{ poll_max_ns: 2n ** 64n - 1n }', "{ file: 'x' }",
  "{ 'sev-secret': 1 }", "{ bandwidth: 'x' }", '{ weight: 2 ** 32 }', '{ weight: -(2 ** 31) - 1 }',
];
// receivers (this) that are not the method's own object
const HOSTILE_THIS = [
  '{}', 'undefined', 'null', '42', "'x'", 'H.throwProxy()', 'H.revoked()', 'H.throwObj()', 'lv.Domain.prototype',
  'Object.create(lv.Domain.prototype)', 'Object.create(lv.Connection.prototype)', 'Object.create(lv.Stream.prototype)',
  'conn', 'dom', 'net', 'pool', 'vol', 'stream', 'listDom', 'listNet', 'freedDom', 'freedListDom', 'closedConn', 'closedDom',
  'closedListDom', 'closedStream', 'freedStream', 'new Proxy(dom, {})', 'new Proxy(listDom, {})', 'new Proxy(conn, {})',
  'H.forge(listDom, lv.Domain.prototype, 1e9)', 'H.forge(listNet, lv.Domain.prototype, 0)', 'H.forge(listDom, lv.Domain.prototype)',
  'H.forge(listDom, lv.Network.prototype, 0)', 'H.getterList(listDom, () => conn.close())',
  'H.getterList(listDom, () => listDom.free())', 'H.getterList(listDom, () => gc())', 'Object.freeze(listDom)',
  'Object.setPrototypeOf(listDom, lv.Network.prototype)', 'H.forge(closedListDom, lv.Domain.prototype, 0)',
  'H.forge(listDom, new Proxy(lv.Domain.prototype, {}), 0)', 'H.withProto([], lv.Domain)', 'H.withProto([], lv.Connection)',
  'H.withProto([], lv.Stream)', 'H.withProto([], lv.Network)', 'H.withProto(function () {}, lv.Domain)',
  'H.withProto(new Date(0), lv.Connection)', 'H.forgeRaw(listDom, lv.Domain.prototype, null, 0)', "H.forgeRaw(listDom, lv.Domain.prototype, 'x', 0)",
  'H.forgeRaw(listDom, lv.Connection.prototype, null, 0)', 'H.forgeRaw(listDom, lv.Stream.prototype, 5, 0)',
];

// methods never called: they would act on the host, or are not ours to break
const SKIP = new Set([
  'Connection.suspendForDuration', // virNodeSuspendForDuration: suspends the host
]);
// module-level entry points (module.*); xml.* and guest.* are found by enumeration
const MODULE_SIGS = {
  open: [["'" + URI + "'", 'string'], ['0', 'number']],
  openReadOnly: [["'" + URI + "'", 'string']],
  openAuth: [["'" + URI + "'", 'string'], ['({ credTypes: [1], callback() {} })', 'object'], ['0', 'number']],
  getVersion: [["'Test'", 'string']],
  screenshot: [['dom', 'Domain'], ['0', 'number'], ['0', 'number']],
  volumeDownload: [['vol', 'StorageVol'], ['0', 'number'], ['0', 'number'], ['0', 'number']],
  volumeUpload: [['vol', 'StorageVol'], ['0', 'number'], ['0', 'number'], ['0', 'number']],
  openConsoleStream: [['dom', 'Domain'], ['null', 'string | null'], ['0', 'number']],
  LibvirtStream: [['stream', 'Stream'], ["'read'", 'string']],
};

// ----------------------------------------------------------------------------
// signatures, from the TypeScript declarations (for plausible arguments)
// ----------------------------------------------------------------------------
function splitTop(s) {
  const out = [];
  let depth = 0, cur = '';
  s = s.replace(/=>/g, '\u21d2');
  for (const ch of s) {
    if ('<([{'.includes(ch)) depth++;
    if ('>)]}'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out.map((p) => p.replace(/\u21d2/g, '=>'));
}
function loadSignatures() {
  const sigs = {};
  const files = ['src/generated/methods.ts', 'src/classes.ts'];
  for (const f of files) {
    let text;
    try {
      text = fs.readFileSync(path.join(ROOT, f), 'utf8');
    } catch {
      continue;
    }
    let cls = null;
    for (const line of text.split('\n')) {
      const mi = /^export interface (\w+?)(Generated)?\b/.exec(line);
      if (mi) {
        cls = CLASSES.includes(mi[1]) ? mi[1] : null;
        continue;
      }
      if (/^}/.test(line)) {
        cls = null;
        continue;
      }
      if (!cls) continue;
      const mm = /^ {2}(\w+)\((.*)\):\s*(.+);\s*$/.exec(line);
      if (!mm) continue;
      const params = mm[2].trim() ? splitTop(mm[2]) : [];
      sigs[`${cls}.${mm[1]}`] = params.map((p) => {
        const m = /^(\w+)(\?)?:\s*(.+)$/.exec(p);
        return m ? { name: m[1], optional: !!m[2], type: m[3] } : { name: p, optional: true, type: 'unknown' };
      });
    }
  }
  return sigs;
}
function plausible(param) {
  const t = param.type, n = param.name.toLowerCase();
  if (t.includes('=>')) return '() => {}';
  const cls = CLASSES.find((c) => t === c || t === `${c} | null`);
  if (cls) return TYPE_FIX[cls];
  if (/^Domain\[\]/.test(t)) return '[dom]';
  if (t.startsWith('string[]')) return "['x']";
  if (t.startsWith('number[]')) return '[0]';
  if (t.startsWith('boolean[]')) return '[true]';
  if (/TypedParams|Record</.test(t)) return '{}';
  if (t.startsWith('boolean')) return 'false';
  if (t === 'bigint') return '0n';
  if (t.startsWith('Buffer')) return 'Buffer.alloc(16)';
  if (/^string/.test(t)) {
    if (/xml/.test(n)) return "'<x/>'";
    if (/disk|dev|path|device|target/.test(n)) return "'vda'";
    if (/uri/.test(n)) return `'${URI}'`;
    if (/name/.test(n)) return "'test'";
    if (/mac/.test(n)) return "'aa:bb:cc:dd:ee:ff'";
    if (/uuid/.test(n)) return "'00000000-0000-0000-0000-000000000000'";
    return t.includes('null') ? 'null' : "'x'";
  }
  if (/number|bigint/.test(t)) return /size|nbytes|bytes|length/.test(n) ? '16' : '0';
  if (/EventFilter/.test(t)) return '{}';
  if (/WaitForStateOptions/.test(t)) return '{ timeoutMs: 50 }';
  return 'undefined';
}

// ----------------------------------------------------------------------------
// the plan: batches, and the calls of each batch
// ----------------------------------------------------------------------------
const PER_BATCH_METHODS = 12;

function methodTable(lv) {
  // { target: [method names] } for every class, the module and its namespaces
  const t = {};
  t.module = Object.keys(lv).filter((k) => typeof lv[k] === 'function' && !/^[A-Z]/.test(k) || k === 'LibvirtStream').sort();
  t.module = t.module.filter((k) => !CLASSES.includes(k) && k !== 'LibvirtError' && k !== 'EventOverflowError');
  for (const ns of ['xml', 'guest'])
    for (const k of Object.keys(lv[ns]).sort()) if (typeof lv[ns][k] === 'function' && !/^[A-Z]/.test(k)) t.module.push(`${ns}.${k}`);
  for (const c of CLASSES) {
    const proto = lv[c].prototype;
    t[c] = Object.getOwnPropertyNames(proto).filter((n) => n !== 'constructor' && typeof Object.getOwnPropertyDescriptor(proto, n).value === 'function').sort();
  }
  return t;
}

function batchIds(table, rounds) {
  const ids = [];
  for (let r = 0; r < rounds; r++) {
    if (!OPT.skipMethods)
      for (const target of Object.keys(table)) {
        const n = Math.ceil(table[target].length / PER_BATCH_METHODS);
        for (let k = 0; k < n; k++) ids.push(`r${r}.m.${target}.${k}`);
      }
    if (!OPT.skipScenarios) {
      for (let k = 0; k < SCENARIO_BATCHES; k++) ids.push(`r${r}.s.${k}`);
      for (let k = 0; k < EXIT_SCENARIOS.length; k++) ids.push(`r${r}.x.${k}`);
    }
  }
  return ids;
}

function callSrc(spec) {
  // the JavaScript expression making the call
  const args = spec.args.join(', ');
  if (spec.target === 'module') {
    if (spec.m === 'LibvirtStream') return `new lv.LibvirtStream(${args})`;
    return `lv.${spec.m}.call(${spec.self}, ${args})`.replace(/, \)$/, ')');
  }
  return `lv.${spec.target}.prototype.${spec.m}.call(${[spec.self, ...spec.args].join(', ')})`;
}

function genCalls(table, sigs, batchId, seed) {
  const [, target, kStr] = /^r\d+\.m\.([\w]+)\.(\d+)$/.exec(batchId) || [];
  const R = rng(`${seed}|${batchId}`);
  const methods = table[target].slice(Number(kStr) * PER_BATCH_METHODS, (Number(kStr) + 1) * PER_BATCH_METHODS);
  const onlyRe = OPT.only ? new RegExp(OPT.only) : null;
  // values that already crashed the binding in a position are not drawn for it again
  let avoid = new Set();
  try { if (OPT.avoid) avoid = new Set(JSON.parse(fs.readFileSync(OPT.avoid, 'utf8'))); } catch {}
  const pickAvoiding = (pos, arr) => {
    for (let t = 0; t < 10; t++) {
      const v = R.pick(arr);
      if (!avoid.has(`${pos}:${v}`)) return v;
    }
    return 'undefined';
  };
  const groups = [];
  for (const m of methods) {
    const key = `${target}.${m}`;
    if (SKIP.has(key) || (onlyRe && !onlyRe.test(key))) continue;
    let sig;
    if (target === 'module') sig = (MODULE_SIGS[m] || []).map(([src, type], i) => ({ name: `a${i}`, type, src }));
    else sig = (sigs[key] || []).map((p) => ({ ...p, src: plausible(p) }));
    const plain = sig.map((p) => p.src);
    const calls = [];
    const nCalls = OPT.quick ? Math.max(4, Math.floor(OPT.calls / 4)) : OPT.calls;
    const hostileFor = (p) => {
      const t = p ? p.type : '';
      if (p && t.includes('=>') && R.chance(0.6)) return pickAvoiding('arg', CALLBACKS);
      if (p && /TypedParams|Record</.test(t) && R.chance(0.6)) return pickAvoiding('arg', TPARAMS);
      if (R.chance(0.08)) return pickAvoiding('arg', CALLBACKS);
      if (R.chance(0.08)) return pickAvoiding('arg', TPARAMS);
      return pickAvoiding('arg', HOSTILE);
    };
    for (let i = 0; i < nCalls; i++) {
      let self;
      const fixes = target === 'module' ? ['undefined'] : CLASS_FIX[target];
      if (fixes.length && R.chance(0.75)) self = R.pick(fixes);
      else self = target === 'module' ? R.pick(['undefined', '{}', 'H.throwProxy()', 'lv']) : pickAvoiding('this', HOSTILE_THIS);
      let args;
      const mode = R.next();
      if (mode < 0.45 && plain.length) {
        args = plain.slice();
        const at = R.int(plain.length);
        args[at] = hostileFor(sig[at]);
      } else if (mode < 0.6 && plain.length > 1) {
        args = plain.slice();
        for (let j = 0; j < 2; j++) {
          const at = R.int(plain.length);
          args[at] = hostileFor(sig[at]);
        }
      } else if (mode < 0.8) {
        const n = R.int(5);
        args = [];
        for (let j = 0; j < n; j++) args.push(hostileFor(sig[j]));
      } else if (mode < 0.9) {
        args = plain.slice();
        const extra = 1 + R.int(2);
        for (let j = 0; j < extra; j++) args.push(hostileFor(null));
      } else {
        // plausible, maybe truncated (a real call now and then, to change state)
        const req = sig.filter((p) => !p.optional).length;
        args = plain.slice(0, req + R.int(plain.length - req + 1));
      }
      // never leave the test driver: open*() with a string URI gets test:///default
      // unless the string is one libvirt refuses (the child's LIBVIRT_DEFAULT_URI covers '' and null)
      calls.push({ k: 'call', target, m, self, args, burst: R.chance(0.1) });
    }
    groups.push({ name: key, calls });
  }
  return groups;
}

// ----------------------------------------------------------------------------
// scenarios (concurrency, lifetime, events, streams...): JavaScript bodies
// run with the fixtures in scope; each gets fresh fixtures
// ----------------------------------------------------------------------------
const DOM_CALLS = ['dom.XMLDesc(0)', 'dom.info()', 'dom.state()', 'dom.getCPUStats(true)', 'dom.blockStats(\'vda\')',
  'dom.memoryStats()', 'dom.vcpus()', 'dom.listAllSnapshots()', 'dom.suspend()', 'dom.resume()', 'dom.setMemory(32768)',
  'dom.blkioParameters()', 'dom.interfaceAddresses(0)', 'dom.fsInfo()', 'dom.setSchedulerParameters({ weight: 1 })'];
const CONN_CALLS = ['conn.listAllDomains()', 'conn.getCapabilities()', 'conn.lookupByName(\'test\')', 'conn.getAllDomainStats()',
  'conn.domainListGetStats([dom])', 'conn.listAllNetworks()', 'conn.getInfo()', 'conn.newStream(0)', 'conn.getCPUMap()',
  'conn.getType()', 'conn.listAllStoragePools()', 'conn.getSysinfo()'];
const EVENT_CBS = [
  "() => { throw new Error('hostile event callback'); }", "async () => { throw new Error('hostile async event callback'); }",
  '() => { conn.close(); }', '() => { dom.free(); }', '() => { gc(); }', '(c, d) => { d.free(); d.free(); }',
  '(c, d) => { c.close(); c.close(); }', '(c, d) => { H.T(() => d.XMLDesc(0)).catch(() => {}); }', 'H.throwFnProxy()',
  '(c) => { H.T(() => c.domainEventDeregisterAny(1)).catch(() => {}); }', '() => {}', 'H.revokedFn()',
];
const TRIGGERS = [
  'await H.T(() => dom.suspend()).catch(() => {}); await H.T(() => dom.resume()).catch(() => {});',
  'await H.T(() => dom.destroy()).catch(() => {}); await H.T(() => dom.create()).catch(() => {});',
  "await H.T(() => dom.setMetadata(0, 'x', null, null, 0)).catch(() => {});",
  'await H.T(() => dom.reboot(0)).catch(() => {});',
  'for (let i = 0; i < 20; i++) { H.T(() => dom.suspend()).catch(() => {}); H.T(() => dom.resume()).catch(() => {}); }',
  'await H.T(() => net.destroy()).catch(() => {}); await H.T(() => net.create()).catch(() => {});',
  'await H.T(() => pool.refresh(0)).catch(() => {});',
];

function genScenarios(R) {
  const S = [];
  const pick = (a) => R.pick(a);
  const sleep = () => pick(['', 'await null;', 'await H.sleep(0);', 'await H.sleep(1);', 'await H.sleep(5);']);
  // 1. calls in flight, then close()
  S.push(['close-with-calls-in-flight', `const ps = [];
for (let i = 0; i < 20; i++) ps.push(H.T(() => ${pick(CONN_CALLS)}), H.T(() => ${pick(DOM_CALLS)}));
${sleep()}
ps.push(conn.close());
${pick(['', 'ps.push(conn.close());', 'gc();', "ps.push(H.T(() => dom.XMLDesc(0)));"])}
await Promise.allSettled(ps);`]);
  // 2. free() while calls on the object are in flight
  S.push(['free-with-calls-in-flight', `const ps = [];
for (let i = 0; i < 20; i++) ps.push(H.T(() => ${pick(DOM_CALLS)}));
${sleep()}
dom.free();
ps.push(H.T(() => ${pick(DOM_CALLS)}));
${pick(['', 'dom.free();', 'gc();', 'ps.push(conn.close());'])}
await Promise.allSettled(ps);`]);
  // 3. close() twice at once, and calls during close
  S.push(['double-close', `const ps = [conn.close(), conn.close(), H.T(() => conn.getType()), H.T(() => conn.lookupByName('test')), H.T(() => dom.info())];
${sleep()}
ps.push(H.T(() => conn.close()), H.T(() => conn.listAllDomains()), H.T(() => conn.newStream(0)));
await Promise.allSettled(ps);
await H.T(() => conn.close());`]);
  // 4. list objects around close / free / gc
  S.push(['list-objects-around-close', `const ds = await conn.listAllDomains();
const ns = await conn.listAllNetworks();
const ps = ds.map((d) => H.T(() => d.info()));
${pick(['', 'ds[0].free();', 'gc();', 'Object.freeze(ds[0]);'])}
ps.push(conn.close());
for (const d of ds) { try { d.name(); } catch {} try { d.UUIDString(); } catch {} }
ps.push(...ds.map((d) => H.T(() => d.XMLDesc(0))), ...ns.map((n) => H.T(() => n.XMLDesc(0))));
await Promise.allSettled(ps);
for (const d of ds) { try { d.free(); d.name(); } catch {} }`]);
  // 5. connection garbage-collected while list objects / calls live
  S.push(['gc-connection-with-children', `let c = await lv.open('${URI}');
let ds = await c.listAllDomains();
const d = ds[0];
const p = H.T(() => c.lookupByName('test'));
c = null; ds = null;
gc(); await H.sleep(${pick([0, 5, 20])}); gc();
await Promise.allSettled([p, H.T(() => d.info())]);
try { d.name(); } catch {}
d.free();
${pick(['', 'const d2 = await p.catch(() => null); d2 && d2.free();', 'gc();'])}`]);
  // 6. event registration with bad / throwing callbacks, then events
  for (let k = 0; k < 3; k++) {
    const fam = pick([
      ['domainEventRegisterAny', 'domainEventDeregisterAny', pick(['null', 'dom', 'dom2', 'listDom', 'freedDom', 'closedDom', 'net', 'H.throwProxy()', 'new Proxy(dom, {})'])],
      ['networkEventRegisterAny', 'networkEventDeregisterAny', pick(['null', 'net', 'dom', 'freedNet', 'closedNet'])],
      ['storagePoolEventRegisterAny', 'storagePoolEventDeregisterAny', pick(['null', 'pool', 'dom'])],
      ['nodeDeviceEventRegisterAny', 'nodeDeviceEventDeregisterAny', pick(['null', 'nodedev'])],
      ['_domainEventRegisterAny', '_domainEventDeregisterAny', pick(['null', 'dom', 'dom2', 'listDom'])],
    ]);
    const ids = pick(['[0, 1, 2, 3, 4, 5]', '[0]', '[0, 0, 0]', '[-1, 1e9, 0.5, NaN, 2 ** 31]', '[...Array(30).keys()]']);
    const cb = pick([...EVENT_CBS, ...CALLBACKS.slice(0, 6), 'undefined', '{}', 'null']);
    S.push([`events-${fam[0]}`, `const ids = [];
for (const ev of ${ids}) ids.push(await H.T(() => conn.${fam[0]}(${fam[2]}, ev, ${cb}, ${pick(['undefined', 'H.throwProxy()', '{}'])})).catch(() => -1));
${pick(TRIGGERS)}
${sleep()}
${pick(['', 'await H.T(() => conn.close()).catch(() => {});', 'dom.free();', 'gc();'])}
${pick(TRIGGERS)}
await H.sleep(${pick([0, 10, 50])});
for (const id of ids) await H.T(() => conn.${fam[1]}(id)).catch(() => {});
${pick(['', 'for (const id of ids) await H.T(() => conn.' + fam[1] + '(id)).catch(() => {});'])}`]);
  }
  // 7. registration in flight while the connection closes; deregistration races
  S.push(['register-during-close', `const ps = [];
for (let i = 0; i < 5; i++) ps.push(H.T(() => conn.domainEventRegisterAny(null, i, () => {})));
ps.push(H.T(() => conn.registerCloseCallback(() => {})), H.T(() => conn.domainEventRegister(() => {})));
${sleep()}
ps.push(conn.close());
ps.push(H.T(() => conn.domainEventDeregisterAny(1)), H.T(() => conn.unregisterCloseCallback()));
await Promise.allSettled(ps);`]);
  // 8. close callbacks and the legacy registration
  S.push(['close-callback-and-legacy', `const cb = ${pick(EVENT_CBS)};
await H.T(() => conn.registerCloseCallback(cb, H.throwProxy())).catch(() => {});
await H.T(() => conn.registerCloseCallback(cb)).catch(() => {});
await H.T(() => conn.domainEventRegister(cb)).catch(() => {});
await H.T(() => conn.domainEventRegister(cb)).catch(() => {});
await H.T(() => conn.domainEventDeregister(() => {})).catch(() => {});
${pick(TRIGGERS)}
await H.sleep(10);
await H.T(() => conn.unregisterCloseCallback()).catch(() => {});
await H.T(() => conn.unregisterCloseCallback()).catch(() => {});
await H.T(() => conn.domainEventDeregister(cb)).catch(() => {});
await H.T(() => conn._domainEventDeregister(cb)).catch(() => {});
await H.T(() => conn._unregisterCloseCallback()).catch(() => {});
await conn.close();`]);
  // 9. the async-iterable events() and waitForState around close / free
  S.push(['events-iterator', `const es = conn.events(${pick(['{}', "{ domain: dom }", "{ bufferSize: 1 }", "{ families: ['domain', 'network'] }", 'H.throwProxy()', '{ bufferSize: 1e9 }'])});
const it = es[Symbol.asyncIterator]();
const p = it.next();
const w = H.T(() => dom.waitForState(${pick(['3', '1', '5', '99'])}, { timeoutMs: ${pick(['50', '1', '0', '-1', 'NaN', '2 ** 31'])} }));
${pick(TRIGGERS)}
${pick(['', 'await conn.close();', 'dom.free();', 'gc();'])}
await Promise.race([p, H.sleep(50)]).catch(() => {});
await H.T(() => it.return && it.return()).catch(() => {});
await Promise.race([w, H.sleep(100)]).catch(() => {});
await H.T(() => conn.close()).catch(() => {});`]);
  // 10. streams: recvAll / sendAll handlers misbehaving, with interference
  for (let k = 0; k < 4; k++) {
    const op = pick(['recvAll(h)', 'sparseRecvAll(h, h)', 'sendAll(h)', 'sparseSendAll(h, h, h)', 'recvAll(h)']);
    const h = pick([...CALLBACKS, '() => undefined', '(c) => new Promise((r) => setTimeout(r, 30))']);
    const interfere = pick(['', 's.free();', 'await conn.close();', 'await H.T(() => s.abort()).catch(() => {});',
      'await H.T(() => s.finish()).catch(() => {});', 'await H.T(() => s.recv(16)).catch(() => {});', 'gc();',
      'H.T(() => s.recvAll(() => {})).catch(() => {});', 'dom.free(); gc();']);
    S.push([`stream-${op.split('(')[0]}`, `const s = await conn.newStream(${pick(['0', '0', 'lv.VIR_STREAM_NONBLOCK'])});
${pick(['await dom.screenshot(s, 0);', 'await dom.screenshot(s, 0);', '', 'await H.T(() => dom.openConsole(null, s)).catch(() => {});'])}
const h = ${h};
const p = H.T(() => s.${op});
${sleep()}
${interfere}
await Promise.race([p, H.sleep(${pick([50, 200, 500])})]).catch(() => {});
${pick(['', 's.free();', 'await H.T(() => s.finish()).catch(() => {});', 'await H.T(() => s.abort()).catch(() => {});'])}
await H.T(() => conn.close()).catch(() => {});
await H.sleep(${pick([0, 20, 400])});`]);
  }
  // 11. stream misc misuse
  S.push(['stream-misuse', `const s = await conn.newStream(${pick(['0', 'lv.VIR_STREAM_NONBLOCK'])});
const ps = [];
ps.push(H.T(() => s.recv(${pick(['1', '16 * 1024 * 1024', '0', '-1', '2 ** 32', "'x'"])})));
ps.push(H.T(() => s.send(${pick(["Buffer.alloc(1 << 20)", "'x'", 'new Uint8Array(0)', 'H.throwObj()', 'new Float64Array(4)'])})));
ps.push(H.T(() => s.sendHole(${pick(['-1', '2n ** 63n', '1'])}, 0)));
ps.push(H.T(() => s.recvHole(0)));
try { s.eventAddCallback(${pick(['1', '15', '-1', '2 ** 31'])}, ${pick(EVENT_CBS)}); } catch {}
try { s.eventAddCallback(1, () => {}); } catch {}
try { s.eventUpdateCallback(${pick(['0', '15', '-1'])}); } catch {}
${pick(['await H.T(() => dom.screenshot(s, 0)).catch(() => {});', '', 'await H.T(() => dom.screenshot(s, 2 ** 31)).catch(() => {});'])}
ps.push(H.T(() => s.finish()), H.T(() => s.abort()), H.T(() => s.finish()));
${pick(['s.free();', 'await conn.close();', '', 'gc();'])}
try { s.eventRemoveCallback(); } catch {}
try { s.eventRemoveCallback(); } catch {}
ps.push(H.T(() => s.recv(16)));
await Promise.allSettled(ps);
await H.T(() => conn.close()).catch(() => {});
await H.sleep(20);`]);
  // 11b. calls at once on one stream: libvirt's streams are not safe for an
  // end beside other calls (native/stream_io.h), and its own transfer loops
  // aborted the stream from inside beside them (SIGSEGV found this way)
  const ST_OPS = ['s.recv(4096)', "s.send('x'.repeat(100))", 's.finish()', 's.abort()', 'Promise.resolve().then(() => s.free())',
    's.recvAll(() => {})', "s.recvAll(() => { throw new Error('x'); })", 's.recvAll(() => H.sleep(1))',
    's.sendAll(() => null)', "s.sendAll(() => { throw new Error('x'); })", "s.sendAll((n) => Buffer.alloc(Math.min(n, 10)))",
    's.sparseRecvAll(() => {}, () => {})', 's.sparseSendAll(() => null, () => [true, 0], () => {})',
    'Promise.resolve().then(() => s.eventAddCallback(1, () => {}))', 'Promise.resolve().then(() => s.eventRemoveCallback())'];
  S.push(['stream-concurrent-pairs', `for (let round = 0; round < 60; round++) {
  const s = await conn.newStream(${pick(['0', 'lv.VIR_STREAM_NONBLOCK'])});
  await H.T(() => dom.screenshot(s, 0)).catch(() => {});
  await Promise.race([Promise.allSettled([H.T(() => ${pick(ST_OPS)}), H.T(() => ${pick(ST_OPS)}), H.T(() => ${pick(ST_OPS)})]), H.sleep(3000)]);
  await H.T(() => s.abort()).catch(() => {});
  try { s.free(); } catch {}
}
await H.T(() => conn.close()).catch(() => {});`]);
  // 12. the Node stream helpers around close
  S.push(['node-stream-helpers', `const p = H.T(() => lv.screenshot(${pick(['dom', 'listDom', 'freedDom', 'closedDom', 'dom2'])}, ${pick(['0', '1', '-1', "'x'"])}));
${sleep()}
${pick(['', 'await conn.close();', 'dom.free();', 'await conn2.close();'])}
await Promise.race([p, H.sleep(300)]).catch(() => {});
const ls = (() => { try { return new lv.LibvirtStream(${pick(['freedStream', 'closedStream', 'stream', 'shotStream', '{}'])}, ${pick(["'read'", "'write'", "'duplex'", "'x'"])}); } catch { return null; } })();
if (ls) { ls.on('error', () => {}); ls.on('data', () => {}); ls.resume(); ${pick(['ls.destroy();', 'ls.end();', "ls.write('x');", ''])} }
await H.sleep(50);
await H.T(() => conn.close()).catch(() => {});`]);
  // 13. wrong connection / wrong class arguments to the hand-written functions
  S.push(['cross-connection-args', `const ps = [];
ps.push(H.T(() => conn.domainListGetStats(${pick(['[dom2]', '[closedDom]', '[freedDom, dom]', '[listDom, dom2, closedListDom]', '[H.throwProxy()]', 'new Array(1e5).fill(dom)', '[dom, , dom]', 'H.throwArray()', '{ length: 2, 0: dom, 1: dom }'])}, 0, 0)));
ps.push(H.T(() => dom.revertToSnapshot(${pick(['snap', 'ckpt', 'dom', 'null', 'closedDom'])})));
ps.push(H.T(() => dom.screenshot(${pick(['closedStream', 'freedStream', 'stream', 'shotStream'])}, 0)));
ps.push(H.T(() => dom.migrate(${pick(['closedConn', 'conn2', 'conn', 'H.throwProxy()'])}, 0, null, null, 0)));
ps.push(H.T(() => conn.getFreePages(${pick(['[4, 2048]', '[-1]', '[2 ** 32]', "['x']", 'new Array(1e6).fill(4)'])}, 0, ${pick(['1', '1e9', '-1'])})));
ps.push(H.T(() => conn.allocPages(${pick(['{ 2048: 1 }', '{ x: 1 }', '{ 2048: 2n ** 64n }', 'H.throwProxy()'])}, 0, 1)));
ps.push(H.T(() => conn.getCellsFreeMemory(${pick(['0', '-1', '2 ** 31 - 1'])}, ${pick(['1', '1e9', '2 ** 31 - 1', '0'])})));
ps.push(H.T(() => dom.blockPeek('vda', ${pick(['0', '2n ** 63n', '-1'])}, ${pick(['512', '64 * 1024 * 1024 + 1', '2 ** 53', '0'])})));
ps.push(H.T(() => dom.memoryPeek(${pick(['0', '2n ** 63n'])}, ${pick(['16', '2 ** 32', '2 ** 53', '64 * 1024 * 1024'])}, ${pick(['1', '2', '3', '0'])})));
ps.push(H.T(() => dom.pinVcpu(${pick(['0', '1e6', '-1'])}, ${pick(['[true]', 'new Array(1e6).fill(true)', '[]', 'H.throwArray()', '[H.throwObj()]'])})));
${pick(['', 'ps.push(conn.close());', 'dom.free();'])}
await Promise.allSettled(ps);`]);
  // 14. construction of wrapper classes by hand
  S.push(['construct-wrappers', `for (const C of [lv.Connection, lv.Domain, lv.Stream, lv.Network, lv.DomainSnapshot]) {
  try { new C(); } catch {}
  try { C(); } catch {}
  try { Reflect.construct(C, [], Object); } catch {}
  try { class X extends C {} new X(); } catch {}
  try { const o = Reflect.construct(Object, [], C); C.prototype.free && C.prototype.free.call(o); } catch {}
}
try { const o = {}; Object.setPrototypeOf(o, lv.Domain.prototype); await H.T(() => o.info()).catch(() => {}); } catch {}
await H.T(() => conn.close());`]);
  // 15. forged / re-entrant list objects
  S.push(['forged-list-objects', `const ds = await conn.listAllDomains();
const ns = await conn.listAllNetworks();
const syms = Object.getOwnPropertySymbols(ds[0]);
const forged = [H.forge(ds[0], lv.Domain.prototype), H.forge(ds[0], lv.Domain.prototype), H.forge(ns[0], lv.Domain.prototype, 0),
  H.forge(ds[0], lv.Domain.prototype, ${pick(['1e9', '-0', '0.5', '2 ** 32', "'0'", '1n'])})];
${pick([
    "Object.defineProperty(ds[0], syms[1], { get() { ds[0].free(); return 0; } });",
    "Object.defineProperty(ds[0], syms[1], { get() { conn.close(); return 0; } });",
    "Object.defineProperty(ds[0], syms[0], { get() { H.T(() => forged[0].info()).catch(() => {}); return forged[0][syms[0]]; } });",
    "Object.defineProperty(ds[0], syms[1], { get() { gc(); return 0; } });",
    "Object.defineProperty(ds[0], syms[1], { get() { try { forged[1].name(); } catch {} return 0; } });",
    "Object.defineProperty(ds[0], syms[0], { get() { H.err('list getter'); } });",
    "Object.freeze(ds[0]);",
  ])}
const ps = [];
for (const o of [ds[0], ...forged]) {
  for (const m of ['name', 'UUIDString', 'ID', 'free', 'info', 'XMLDesc', 'connect']) {
    ps.push(H.T(() => lv.Domain.prototype[m].call(o)));
  }
}
ps.push(H.T(() => conn.domainListGetStats([ds[0], ...forged])));
ps.push(H.T(() => conn.domainEventRegisterAny(forged[1], 0, () => {})));
${pick(['', 'ps.push(conn.close());', 'gc();'])}
await Promise.allSettled(ps);
await H.T(() => conn.close()).catch(() => {});`]);
  // 16. many connections opened and closed concurrently, with calls
  S.push(['open-close-storm', `await Promise.allSettled(Array.from({ length: ${pick([5, 10, 20])} }, async (_, i) => {
  const c = await lv.open('${URI}');
  const ps = [H.T(() => c.getType()), H.T(() => c.listAllDomains()), H.T(() => c.lookupByName('test'))];
  ${pick(['', 'await null;', 'await H.sleep(1);'])}
  ps.push(H.T(() => c.close()), H.T(() => c.close()));
  if (i % 3 === 0) gc();
  await Promise.allSettled(ps);
}));
await conn.close();`]);
  // 17. many calls in flight, with close() or free() among them
  S.push(['concurrency', `const ps = [];
for (let i = 0; i < 30; i++) ps.push(H.T(() => ${pick(DOM_CALLS)}), H.T(() => ${pick(CONN_CALLS)}));
${sleep()}
${pick(['', 'ps.push(conn.close());', 'dom.free();'])}
await Promise.race([Promise.allSettled(ps), H.sleep(1000)]);
await H.T(() => conn.close()).catch(() => {});`]);
  // 18. openAuth misuse
  S.push(['open-auth', `const c = await H.T(() => lv.openAuth(${pick(["'" + URI + "'", 'null', "''"])}, ${pick([
    '{ credTypes: [1, 2, 5], callback: () => { H.err("auth cb"); } }', '{ credTypes: [1e9, -1, 0.5], callback: () => {} }',
    '{ credTypes: H.throwArray(), callback: () => {} }', '{ credTypes: [Symbol()], callback: () => {} }',
    '{ credTypes: new Array(1e6).fill(1), callback: () => {} }', '{ credTypes: [1], callback: () => new Promise(() => {}) }',
    '{ get credTypes() { H.err("credTypes"); }, callback: () => {} }', 'H.throwProxy()', '{ credTypes: [1], callback: H.revokedFn() }',
  ])}, ${pick(['0', '-1', '2 ** 32', "'x'", '1'])})).catch(() => null);
if (c) await c.close();
await conn.close();`]);
  // 19. typed parameters on real calls
  S.push(['typed-params', `const ps = [];
for (const p of [${Array.from({ length: 6 }, () => pick(TPARAMS)).join(', ')}]) {
  ps.push(H.T(() => dom.${pick(['setSchedulerParameters', 'setMemoryParameters', 'setBlkioParameters', 'setNumaParameters', 'setPerfEvents', 'setSchedulerParametersFlags', 'setIOThreadParams'])}(${pick(['p', 'p, 0', '1, p', '5, p, 0'])})));
  ps.push(H.T(() => dom.setBlockIoTune('vda', p, 0)), H.T(() => dom.setInterfaceParameters('testnet0', p, 0)));
  ps.push(H.T(() => dom.migrate3(conn, p, 0)), H.T(() => conn.setIdentity(p)), H.T(() => dom.saveParams(p, 0)));
}
${pick(['', 'ps.push(conn.close());', 'dom.free();'])}
await Promise.allSettled(ps);`]);
  return S;
}
const SCENARIO_BATCHES = 4;
// scenarios that end with process.exit() while native work is pending (one per batch)
const EXIT_SCENARIOS = [
  ['exit-during-recvAll', `const s = await conn.newStream(0);
await dom.screenshot(s, 0);
H.T(() => s.recvAll(() => new Promise(() => {}))).catch(() => {});
await H.sleep(50);
process.exit(0);`],
  ['exit-during-calls', `for (let i = 0; i < 50; i++) { H.T(() => dom.XMLDesc(0)).catch(() => {}); H.T(() => conn.listAllDomains()).catch(() => {}); }
conn.close().catch(() => {});
process.exit(0);`],
  ['exit-with-events', `await conn.domainEventRegisterAny(null, 0, () => {});
for (let i = 0; i < 20; i++) { H.T(() => dom.suspend()).catch(() => {}); H.T(() => dom.resume()).catch(() => {}); }
await H.sleep(1);
process.exit(0);`],
  ['exit-during-sendAll', `const s = await conn.newStream(0);
H.T(() => s.sendAll(() => new Promise(() => {}))).catch(() => {});
await H.sleep(20);
process.exit(0);`],
  ['exit-after-gc-of-connection', `let c = await lv.open('${URI}');
for (let i = 0; i < 20; i++) H.T(() => c.listAllDomains()).catch(() => {});
c = null;
gc();
process.exit(0);`],
];

function genScenarioBatch(batchId, seed) {
  const R = rng(`${seed}|${batchId}`);
  const mx = /^r\d+\.x\.(\d+)$/.exec(batchId);
  if (mx) {
    const [name, src] = EXIT_SCENARIOS[Number(mx[1])];
    return [{ name: `scenario:${name}`, calls: [{ k: 'scen', name, src, exits: true }] }];
  }
  const all = genScenarios(R);
  // each batch: a random selection (with repeats) of the scenario templates
  const n = OPT.quick ? 8 : 20;
  const groups = [];
  for (let i = 0; i < n; i++) {
    const all2 = genScenarios(R);
    const [name, src] = R.pick(all2);
    groups.push({ name: `scenario:${name}`, calls: [{ k: 'scen', name, src }] });
  }
  void all;
  return groups;
}

// ----------------------------------------------------------------------------
// reproducer text
// ----------------------------------------------------------------------------
function reproSource(specs, title) {
  const srcs = specs.map((s) => (s.k === 'call' ? callSrc(s) : s.src));
  const fix = fixturesNeeded(srcs);
  const lines = [];
  lines.push(`// ${title}`);
  lines.push(`// generated by tools/fuzz-api.js; run: node ${'<this file>'}`);
  lines.push(`process.env.LIBVIRT_DEFAULT_URI = '${URI}';`);
  lines.push(`const lv = require('/work/main');`);
  const hs = hSource([...srcs, ...fix.map((f) => FIXTURES.find((x) => x[0] === f)[1])]);
  if (hs) lines.push(hs);
  lines.push(`process.on('unhandledRejection', () => {});`);
  lines.push('(async () => {');
  for (const f of fix) lines.push(`  let ${f}; try { ${f} = ${FIXTURES.find((x) => x[0] === f)[1]}; } catch (e) { console.log('fixture ${f}:', e.message); }`);
  for (let i = 0; i < specs.length; i++) {
    const s = specs[i];
    if (s.k === 'call') {
      lines.push(`  try { const r = ${srcs[i]}; console.log('call ${i}: returned', await Promise.race([r, new Promise((res) => setTimeout(res, 2000, 'still pending after 2 s'))])); }`);
      lines.push(`  catch (e) { console.log('call ${i}: threw', e && e.name, e && e.message); }`);
    } else {
      lines.push('  {');
      for (const l of s.src.split('\n')) lines.push(`    ${l}`);
      lines.push('  }');
    }
  }
  lines.push(`  await new Promise((r) => setTimeout(r, 300));`);
  lines.push(`  ${fix.includes('conn') ? 'await Promise.race([conn.close(), new Promise((r) => setTimeout(r, 2000))]).catch(() => {});' : ''}`);
  lines.push(`  console.log('no crash');`);
  lines.push(`  process.exit(0);`);
  lines.push('})();');
  return lines.join('\n') + '\n';
}

// ----------------------------------------------------------------------------
// the child: runs one batch (or a repro list) and logs every call
// ----------------------------------------------------------------------------
function describe(v) {
  try {
    if (v === null) return 'null';
    const t = typeof v;
    if (t === 'string') return `string(${v.length}) ${JSON.stringify(v.slice(0, 60))}`;
    if (t === 'bigint') return `${v}n`;
    if (t === 'symbol') return 'symbol';
    if (t === 'function') return `function ${v.name}`;
    if (t !== 'object') return `${t} ${String(v)}`;
    if (Buffer.isBuffer(v)) return `Buffer(${v.length})`;
    if (Array.isArray(v)) return `array(${v.length})`;
    const c = Object.getPrototypeOf(v);
    return `object ${c && c.constructor ? c.constructor.name : ''}`;
  } catch {
    return 'unprintable';
  }
}

async function childMain() {
  const logFd = fs.openSync(OPT.log, 'a');
  const log = (type, obj) => {
    try {
      fs.writeSync(logFd, `${type} ${JSON.stringify(obj, (k, v) => (typeof v === 'bigint' ? `${v}n` : v))}\n`);
    } catch {}
  };
  const stats = { calls: 0, ok: 0, errors: 0, hangs: 0, unhandled: 0, uncaught: 0, methods: new Set(), fixtureErrors: {} };
  let current = null;
  process.on('unhandledRejection', () => {
    stats.unhandled++;
  });
  process.on('uncaughtException', (e) => {
    stats.uncaught++;
    const msg = e && e.message !== undefined ? String(e.message) : String(e);
    const expected = /hostile/.test(msg);
    log('U', { during: current, name: e && e.name, message: msg.slice(0, 300), expected, stack: e && e.stack ? String(e.stack).split('\n').slice(0, 4).join(' | ') : '' });
  });
  process.on('warning', () => {});
  process.env.LIBVIRT_DEFAULT_URI = URI;
  const lv = require(ROOT);
  eval(H_SRC.replace('const H =', 'global.__H =').replace('const gc =', 'global.__gc ='));
  const H = global.__H, gc = global.__gc;
  void H; void gc;
  const AsyncFunction = (async () => {}).constructor;
  const exprCache = new Map();
  const ctxNames = ['lv', 'H', 'gc', ...FIX_NAMES];
  const compile = (src, body) => {
    const key = (body ? 'B' : 'E') + src;
    let f = exprCache.get(key);
    if (!f) {
      f = body ? new AsyncFunction(...ctxNames, src) : new Function(...ctxNames, `return (${src});`);
      exprCache.set(key, f);
    }
    return f;
  };

  let groups;
  if (OPT.repro) {
    groups = JSON.parse(fs.readFileSync(OPT.repro, 'utf8'));
  } else {
    const id = OPT.child;
    if (/\.m\./.test(id)) groups = genCalls(methodTable(lv), loadSignatures(), id, OPT.seed);
    else groups = genScenarioBatch(id, OPT.seed);
  }

  const fixtureTimeout = (p) => Promise.race([p, new Promise((_, rej) => setTimeout(() => rej(new Error('fixture timeout')), 5000))]);
  async function makeFixtures(srcs) {
    const ctx = { lv, H, gc };
    for (const f of FIX_NAMES) ctx[f] = undefined;
    for (const f of fixturesNeeded(srcs)) {
      const src = FIXTURES.find((x) => x[0] === f)[1];
      try {
        ctx[f] = await fixtureTimeout(compile(`return ${src};`, true)(...ctxNames.map((n) => ctx[n])));
      } catch (e) {
        stats.fixtureErrors[f] = String(e && e.message).slice(0, 120);
        if (f === 'dom') {
          // a previous group may have undefined/destroyed 'test': make a domain like it
          try {
            const xml = "<domain type='test'><name>fztest</name><memory>65536</memory><vcpu>2</vcpu><os><type>hvm</type></os><devices><disk type='file' device='disk'><source file='/guest/fz.img'/><target dev='vda' bus='virtio'/></disk><interface type='network'><source network='default'/><target dev='testnet0'/></interface></devices></domain>";
            ctx.dom = await ctx.conn.lookupByName('fztest').catch(() => ctx.conn.defineXML(xml));
            if (!(await ctx.dom.isActive())) await ctx.dom.create();
          } catch {}
        }
      }
    }
    return ctx;
  }

  const settle = async (thunk, timeout) => {
    let r;
    try {
      r = thunk();
    } catch (e) {
      return { threw: true, err: e, sync: true };
    }
    if (r === null || (typeof r !== 'object' && typeof r !== 'function') || typeof r.then !== 'function') return { value: r };
    let timer;
    const to = new Promise((res) => {
      timer = setTimeout(() => res({ hang: true }), timeout);
    });
    const out = await Promise.race([Promise.resolve(r).then((value) => ({ value }), (err) => ({ threw: true, err })), to]);
    clearTimeout(timer);
    return out;
  };

  // messages that say nothing about the call: empty, 'undefined', and Node-API status texts
  const NAPI_STATUS = /^(Invalid argument|An object was expected|A string was expected|A string or symbol was expected|A function was expected|A number was expected|A boolean was expected|An array was expected|Unknown failure|An exception is pending|The async work item was cancelled|Invalid handle scope usage|Invalid callback scope usage|Thread-safe function queue is full|Thread-safe function handle is closing|A bigint was expected|A date was expected|An arraybuffer was expected|A detachable arraybuffer was expected|Main thread would deadlock|External buffers are not allowed|Cannot run JavaScript|Error in native callback)$/;
  const clearMsg = (m) => typeof m === 'string' && m.trim().length > 0 && !/^(undefined|null|\[object Object\]|Error)$/.test(m.trim()) && !NAPI_STATUS.test(m.trim());
  const judge = (err) => {
    // null: fine; otherwise why the error is questionable
    if (!(err instanceof Error)) return `non-Error thrown: ${describe(err)}`;
    const msg = err.message;
    if (/hostile/.test(msg)) return null; // our own hostile objects' errors, passed through
    if (err instanceof lv.LibvirtError) return clearMsg(msg) ? null : 'LibvirtError without a message';
    if (typeof err.code === 'string' && /^ERR_LIBVIRT_/.test(err.code)) return clearMsg(msg) ? null : 'binding error without a message';
    if (err instanceof TypeError || err instanceof RangeError) {
      if (!clearMsg(msg)) return `${err.name} without a clear message`;
      if (/Expected .* for \S+/.test(msg) || /\bfor \S+ but received\b/.test(msg) || /not constructed directly/.test(msg) ||
          /\b(params|options|filter|auth|creds)(\.|\[)\S*/.test(msg) || /^(Expected|Unknown) /.test(msg)) {
        return msg.length > 2000 ? `${err.name} with a ${msg.length}-character message` : null;
      }
      return `${err.name} not naming the argument`;
    }
    if (!clearMsg(msg)) return `${err.name} without a clear message`;
    if (msg.length > 2000) return `${err.name} with a ${msg.length}-character message`;
    // an Error (or the module's own GuestConfigError / XmlError) with a clear message is fine
    return null;
  };
  const norm = (m) => String(m).replace(/'[^']*'/g, "'…'").replace(/"[^"]*"/g, '"…"').replace(/\b\d+(\.\d+)?(e[+-]?\d+)?n?\b/g, 'N').slice(0, 160);

  const cleanup = async (ctx) => {
    const closes = [];
    for (const f of ['conn', 'conn2']) if (ctx[f] && typeof ctx[f].close === 'function') closes.push(H.T(() => ctx[f].close()).catch(() => {}));
    await Promise.race([Promise.all(closes), new Promise((r) => setTimeout(r, 3000))]);
  };

  let idx = 0;
  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[gi];
    if (idx + g.calls.length <= OPT.skip) {
      idx += g.calls.length;
      continue;
    }
    const srcs = g.calls.map((c) => (c.k === 'call' ? callSrc(c) : c.src));
    current = { group: gi, name: g.name, phase: 'fixtures' };
    log('G', { group: gi, name: g.name });
    const ctx = await makeFixtures(srcs);
    const vals = () => ctxNames.map((n) => ctx[n]);
    const pend = [];
    for (let ci = 0; ci < g.calls.length; ci++) {
      const spec = g.calls[ci];
      const i = idx++;
      if (i < OPT.skip) continue;
      current = { i, group: gi, call: ci, name: g.name };
      log('S', { i, group: gi, call: ci, spec });
      stats.calls++;
      if (spec.k === 'call') stats.methods.add(`${spec.target}.${spec.m}`);
      let out;
      if (spec.k === 'call') {
        // the receiver and arguments first: a failure there is the harness's, not the binding's
        let fn, self, args;
        try {
          fn = spec.target === 'module' ? spec.m.split('.').reduce((o, k) => o[k], lv) : lv[spec.target].prototype[spec.m];
          [self, args] = compile(`[${spec.self}, [${spec.args.join(', ')}]]`, false)(...vals());
        } catch (e) {
          stats.argErrors = (stats.argErrors || 0) + 1;
          log('A', { i, error: String(e && e.message).slice(0, 200), src: srcs[ci] });
          log('E', { i, r: 'skipped' });
          continue;
        }
        const thunk = spec.m === 'LibvirtStream' ? () => Reflect.construct(fn, args) : () => fn.apply(self, args);
        if (spec.burst) {
          // a few more of the same first, not waited for (concurrency)
          for (let b = 0; b < 4; b++) pend.push(settle(thunk, OPT.timeout));
        }
        out = await settle(thunk, OPT.timeout);
      } else {
        let fn;
        try {
          fn = compile(spec.src, true);
        } catch (e) {
          log('X', { i, error: `compile: ${e.message}`, src: spec.src });
          continue;
        }
        out = await settle(() => fn(...vals()), Math.max(OPT.timeout, 10000));
      }
      if (out.hang) {
        stats.hangs++;
        log('H', { i, group: gi, call: ci, spec, src: srcs[ci] });
      } else if (out.threw) {
        stats.errors++;
        const why = judge(out.err);
        if (why) {
          const e = out.err;
          const name = e instanceof Error ? e.name : typeof e;
          const msg = e instanceof Error ? String(e.message) : describe(e);
          log('Q', { key: `${g.name}|${why}|${name}|${norm(msg)}`, why, name, message: msg.slice(0, 300), src: srcs[ci], spec });
        }
      } else {
        stats.ok++;
        const v = out.value;
        // results that hold resources: give them back
        try {
          if (v instanceof lv.Connection) await Promise.race([v.close(), H.sleep(2000)]).catch(() => {});
          else if (v && typeof v.destroy === 'function' && typeof v.pipe === 'function') v.destroy();
        } catch {}
      }
      log('E', { i, r: out.hang ? 'hang' : out.threw ? 'threw' : 'ok' });
    }
    await Promise.race([Promise.allSettled(pend), H.sleep(OPT.timeout)]);
    current = { group: gi, name: g.name, phase: 'cleanup' };
    await cleanup(ctx);
    if (gi % 8 === 7) gc();
  }
  current = { phase: 'teardown' };
  gc();
  await H.sleep(50);
  log('D', { ...stats, methods: [...stats.methods] });
  current = { phase: 'exit' };
  process.exit(0);
}

function listMain() {
  process.env.LIBVIRT_DEFAULT_URI = URI;
  const lv = require(ROOT);
  process.stdout.write(JSON.stringify(methodTable(lv)));
}

// ----------------------------------------------------------------------------
// the parent
// ----------------------------------------------------------------------------
const CRASH_SIGNALS = new Set(['SIGSEGV', 'SIGABRT', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGTRAP', 'SIGSYS']);
const FATAL_RE = /FATAL ERROR|terminate called|Segmentation fault|Aborted|Assertion .* failed|double free|corrupted|free\(\): |malloc\(\)|stack smashing|napi_fatal|node::|Check failed|Fatal error|Native stack trace/;

function childEnv() {
  const env = { ...process.env, LIBVIRT_DEFAULT_URI: URI, LIBVIRT_AUTOSTART: '0' };
  if (OPT.perturb) env.MALLOC_PERTURB_ = '165';
  return env;
}

function runChild(args, workDir, timeoutMs) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = cp.spawn(process.execPath, ['--expose-gc', SELF, ...args], {
      cwd: workDir, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '', err = '';
    const cap = (s, d) => (s.length < 200000 ? s + d : s);
    child.stdout.on('data', (d) => { out = cap(out, d.toString()); });
    child.stderr.on('data', (d) => { err = cap(err, d.toString()); });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(child.pid, 'SIGKILL'); } catch {}
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: out, stderr: err, timedOut, ms: Date.now() - t0 });
    });
  });
}

function isCrash(res) {
  if (res.timedOut) return false;
  if (res.signal && CRASH_SIGNALS.has(res.signal)) return true;
  if ([134, 139, 132, 133, 135, 136].includes(res.code)) return true;
  if (FATAL_RE.test(res.stderr) && res.code !== 0) return true;
  if (/FATAL ERROR|terminate called/.test(res.stderr)) return true;
  return false;
}
function crashLabel(res) {
  const first = (res.stderr.split('\n').find((l) => FATAL_RE.test(l)) || res.stderr.split('\n').find((l) => l.trim()) || '').trim();
  return `${res.signal ? `signal ${res.signal}` : `exit code ${res.code}`}${first ? `: ${first.slice(0, 200)}` : ''}`;
}

function readLog(file) {
  let text = '';
  try { text = fs.readFileSync(file, 'utf8'); } catch {}
  const entries = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const sp = line.indexOf(' ');
    try { entries.push({ t: line.slice(0, sp), d: JSON.parse(line.slice(sp + 1)) }); } catch {}
  }
  return entries;
}

async function parentMain() {
  const t0 = Date.now();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-api-'));
  // default: a new private directory (a fixed name in /tmp could be anyone's), removed if it stays empty
  if (!OPT.findings) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-findings-'));
    process.on('exit', () => { try { fs.rmdirSync(dir); } catch { /* holds findings */ } });
    OPT.findings = dir;
  }
  fs.mkdirSync(OPT.findings, { recursive: true });
  const listRes = cp.spawnSync(process.execPath, [SELF, '--list'], { env: childEnv(), encoding: 'utf8' });
  if (listRes.status !== 0) {
    console.error('fuzz-api: cannot load the module:', listRes.stderr);
    process.exit(2);
  }
  const table = JSON.parse(listRes.stdout);
  let ids = batchIds(table, OPT.rounds);
  if (OPT.batch) ids = ids.filter((id) => id === OPT.batch || id.startsWith(OPT.batch + '.') || id.includes(OPT.batch));
  const totalMethods = Object.values(table).reduce((a, m) => a + m.length, 0);
  console.log(`fuzz-api: seed ${OPT.seed}, ${OPT.rounds} round(s), ${ids.length} batches, ${totalMethods} functions/methods found ` +
    `(${Object.entries(table).map(([k, v]) => `${k} ${v.length}`).join(', ')}); work dir ${workDir}, findings in ${OPT.findings}`);

  const crashes = [];           // { n, batch, label, specs, file, verified }
  const crashKeys = new Set();
  const knownTriggers = new Map(); // value source -> crash number
  const questionable = new Map(); // key -> entry
  const hangs = new Map();
  const uncaught = new Map();
  const abnormal = [];
  const methodsSeen = new Set();
  let calls = 0, batchesRun = 0;
  let findingN = fs.readdirSync(OPT.findings).filter((f) => /^\d+\.js$/.test(f)).length;

  for (const id of ids) {
    let start = 0;
    let restarts = 0;
    // a batch that crashes is resumed after the crashing call (at most 6 times)
    for (;;) {
      const logFile = path.join(workDir, `${id}.${restarts}.log`);
      const args = ['--child', id, '--seed', String(OPT.seed), '--log', logFile, '--calls', String(OPT.calls), '--timeout', String(OPT.timeout)];
      if (OPT.only) args.push('--only', OPT.only);
      if (OPT.quick) args.push('--quick');
      const avoidFile = path.join(workDir, 'avoid.json');
      fs.writeFileSync(avoidFile, JSON.stringify([...knownTriggers.keys()]));
      args.push('--avoid', avoidFile);
      if (start) args.push('--skip', String(start));
      const res = await runChild(args, workDir, OPT.batchTimeout);
      batchesRun++;
      const entries = readLog(logFile);
      const done = entries.find((e) => e.t === 'D');
      for (const e of entries) {
        if (e.t === 'Q') {
          // one entry per (why, error class, message shape), over every method
          const k = e.d.key.split('|').slice(1).join('|');
          const q = questionable.get(k) || { ...e.d, methods: new Set(), examples: [] };
          if (e.d.spec && e.d.spec.k === 'call') q.methods.add(`${e.d.spec.target}.${e.d.spec.m}`);
          else q.methods.add(e.d.key.split('|')[0]);
          if (q.examples.length < 3) q.examples.push(e.d.src);
          questionable.set(k, q);
        }
        if (e.t === 'H') {
          const k = `${e.d.spec.k === 'call' ? e.d.spec.target + '.' + e.d.spec.m : e.d.spec.name}`;
          if (!hangs.has(k)) hangs.set(k, { ...e.d, count: 0 });
          hangs.get(k).count++;
        }
        if (e.t === 'U') {
          const k = `${e.d.expected ? 'expected' : 'unexpected'}|${e.d.name}|${String(e.d.message).slice(0, 100)}`;
          if (!uncaught.has(k)) uncaught.set(k, { ...e.d, count: 0 });
          uncaught.get(k).count++;
        }
      }
      const started = entries.filter((e) => e.t === 'S');
      calls += started.length;
      if (done) for (const m of done.d.methods) methodsSeen.add(m);
      else for (const s of started) if (s.d.spec.k === 'call') methodsSeen.add(`${s.d.spec.target}.${s.d.spec.m}`);
      const crashed = isCrash(res);
      if (OPT.verbose || crashed || res.timedOut)
        console.log(`  batch ${id}${restarts ? ` (resumed #${restarts})` : ''}: ${started.length} calls, ${(res.ms / 1000).toFixed(1)} s` +
          `${crashed ? `, CRASH ${crashLabel(res)}` : ''}${res.timedOut ? ', batch timed out (killed)' : ''}`);
      else process.stdout.write('.');
      if (!crashed && !res.timedOut && !done && res.code !== 0) {
        abnormal.push({ batch: id, code: res.code, signal: res.signal, stderr: res.stderr.slice(-2000) });
      }
      if (res.timedOut) {
        const last = started[started.length - 1];
        const k = `batch:${last ? JSON.stringify(last.d.spec).slice(0, 200) : id}`;
        hangs.set(k, { spec: last && last.d.spec, src: last && (last.d.spec.k === 'call' ? callSrc(last.d.spec) : last.d.spec.src), count: 1, batchTimeout: true });
      }
      if (!crashed) break;

      // --- a crash: find the calls that cause it -----------------------------------
      const ended = new Set(entries.filter((e) => e.t === 'E').map((e) => e.d.i));
      const last = started[started.length - 1];
      if (!last) {
        crashes.push({ batch: id, label: crashLabel(res), specs: [], note: 'crashed before the first call (fixtures / loading)', stderr: res.stderr.slice(-3000) });
        break;
      }
      // a call holding a value already known to crash the binding: counted, not minimized again
      const lastSrcs = last.d.spec.k === 'call' ? [`this:${last.d.spec.self}`, ...last.d.spec.args.map((a) => `arg:${a}`)] : [];
      const known = lastSrcs.map((v) => knownTriggers.get(v)).find((n) => n !== undefined);
      if (known !== undefined) {
        const c = crashes.find((x) => x.n === known);
        if (c) (c.alsoIn = c.alsoIn || new Set()).add(`${last.d.spec.target}.${last.d.spec.m}`);
        console.log(`     (same trigger as crash ${known}: ${callSrc(last.d.spec).slice(0, 160)})`);
        restarts++;
        if (restarts > 12) break;
        start = last.d.i + 1;
        continue;
      }
      const grp = last.d.group;
      const groupStarted = started.filter((s) => s.d.group === grp);
      const inFlight = groupStarted.filter((s) => !ended.has(s.d.i));
      const found = await minimize(id, groupStarted.map((s) => s.d.spec), [last.d.spec], inFlight.map((s) => s.d.spec), workDir, res);
      // the values left in a minimal single call are its trigger; the crash's identity is
      // (message, triggers with the class names generalized)
      const one = found.specs.length === 1 && found.specs[0].k === 'call' ? found.specs[0] : null;
      const triggers = one ? [`this:${one.self}`, ...one.args.map((a) => `arg:${a}`)].filter((v) => !/^\w+:(undefined|0|null|'x')$/.test(v) && !FIX_NAMES.includes(v.replace(/^\w+:/, ''))) : [];
      const gen = (v) => v.replace(/lv\.\w+/g, 'lv.C');
      const key = one && triggers.length ? `${found.label.replace(/0x[0-9a-f]+/g, '')}|${triggers.map(gen).sort().join(',')}`
        : found.specs.length ? `${found.label.replace(/0x[0-9a-f]+/g, '')}|${found.specs.map((x) => (x.k === 'call' ? `${x.target}.${x.m}` : x.name)).join(',')}` : `${id}|${found.label}`;
      const dup = crashes.find((c) => c.key === key);
      if (dup) {
        (dup.alsoIn = dup.alsoIn || new Set()).add(one ? `${one.target}.${one.m}` : id);
        for (const t of triggers) knownTriggers.set(t, dup.n);
        console.log(`     (same crash as ${dup.n})`);
      }
      if (!crashKeys.has(key)) {
        crashKeys.add(key);
        const n = ++findingN;
        const title = `crash ${n}: ${found.label} (seed ${OPT.seed}, batch ${id})`;
        const file = path.join(OPT.findings, `${n}.js`);
        const reproSpecs = found.specs.length ? found.specs : groupStarted.map((s) => s.d.spec);
        fs.writeFileSync(file, reproSource(reproSpecs, title));
        // does it crash on its own? (plain node, and with the child's malloc settings)
        const v1 = await runStandalone(file, workDir, false);
        const v2 = isCrash(v1) ? v1 : await runStandalone(file, workDir, true);
        const verified = isCrash(v1) ? 'crashes standalone' : isCrash(v2) ? 'crashes standalone with MALLOC_PERTURB_=165' : 'did NOT crash standalone';
        for (const t of triggers) knownTriggers.set(t, n);
        crashes.push({ n, key, triggers, batch: id, label: found.label, specs: reproSpecs, minimal: found.minimal, file, verified,
          stderr: (isCrash(v1) ? v1 : isCrash(v2) ? v2 : res).stderr.slice(-2500), signal: (isCrash(v1) ? v1 : v2).signal, code: (isCrash(v1) ? v1 : v2).code });
        console.log(`\n  -> crash ${n}: ${found.label}\n     ${found.minimal ? 'minimal' : 'not minimized'}; ${verified}; reproducer ${file}`);
      }
      restarts++;
      if (restarts > 12) break;
      // resume after the crashing call
      start = last.d.i + 1;
    }
  }

  // --- summary --------------------------------------------------------------------------
  const secs = ((Date.now() - t0) / 1000).toFixed(0);
  console.log('\n\n==================== fuzz-api summary ====================');
  console.log(`seed ${OPT.seed}, rounds ${OPT.rounds}: ${batchesRun} child runs, ${methodsSeen.size} functions/methods exercised ` +
    `(of ${totalMethods}), ${calls} calls/scenarios, ${secs} s`);
  const notSeen = [];
  for (const [t, ms] of Object.entries(table)) for (const m of ms) if (!methodsSeen.has(`${t}.${m}`) && !SKIP.has(`${t}.${m}`)) notSeen.push(`${t}.${m}`);
  if (notSeen.length && !OPT.only && !OPT.batch) console.log(`not exercised: ${notSeen.join(', ')}`);
  console.log(`skipped on purpose: ${[...SKIP].join(', ')}`);
  console.log(`\nCRASHES: ${crashes.length}`);
  for (const c of crashes) {
    console.log(`\n#${c.n || '?'} ${c.label}  [batch ${c.batch}]`);
    if (c.note) console.log(`   ${c.note}`);
    for (const s of c.specs) console.log(`   ${s.k === 'call' ? callSrc(s) : `scenario ${s.name}:\n      ${s.src.split('\n').join('\n      ')}`}`);
    if (c.file) console.log(`   reproducer: ${c.file} (${c.minimal ? 'minimal' : 'not minimized'}; ${c.verified})`);
    if (c.alsoIn) console.log(`   same crash also from: ${[...c.alsoIn].join(', ')}`);
    const tail = (c.stderr || '').trim().split('\n').filter((l) => l.trim()).slice(0, 12).join('\n      ');
    if (tail) console.log(`   stderr:\n      ${tail}`);
  }
  console.log(`\nHANGS (no settlement within ${OPT.timeout} ms): ${hangs.size}`);
  for (const [k, h] of hangs) console.log(`   ${k} x${h.count}${h.batchTimeout ? ' (whole batch timed out)' : ''}: ${String(h.src).split('\n').join(' ').slice(0, 300)}`);
  const qs = [...questionable.values()];
  console.log(`\nQUESTIONABLE ERRORS (distinct): ${qs.length}`);
  const byWhy = {};
  for (const q of qs) (byWhy[q.why] = byWhy[q.why] || []).push(q);
  for (const [why, list] of Object.entries(byWhy)) {
    console.log(`  ${why}: ${list.length}`);
    for (const q of list.slice(0, OPT.verbose ? 1000 : 40)) {
      const ms = [...q.methods];
      console.log(`    ${q.name}: ${JSON.stringify(q.message.slice(0, 140))}  [${ms.length} method(s): ${ms.slice(0, 6).join(', ')}${ms.length > 6 ? ', ...' : ''}]`);
      for (const ex of q.examples.slice(0, 2)) console.log(`        e.g. ${ex.split('\n').join(' ').slice(0, 220)}`);
    }
    if (!OPT.verbose && list.length > 40) console.log(`    ... ${list.length - 40} more (--verbose)`);
  }
  console.log(`\nUNCAUGHT EXCEPTIONS in the child: ${uncaught.size} distinct`);
  for (const [k, u] of uncaught) console.log(`   ${u.expected ? '(expected: thrown by a hostile callback) ' : ''}${u.name}: ${JSON.stringify(String(u.message).slice(0, 160))} x${u.count} during ${JSON.stringify(u.during)}`);
  if (abnormal.length) {
    console.log(`\nABNORMAL CHILD EXITS (not crashes): ${abnormal.length}`);
    for (const a of abnormal) console.log(`   ${a.batch}: code ${a.code} signal ${a.signal}\n      ${a.stderr.trim().split('\n').slice(-6).join('\n      ')}`);
  }
  const summaryFile = path.join(workDir, 'summary.json');
  for (const c of crashes) if (c.alsoIn) c.alsoIn = [...c.alsoIn];
  for (const q of qs) q.methods = [...q.methods];
  fs.writeFileSync(summaryFile, JSON.stringify({ seed: OPT.seed, crashes, hangs: [...hangs], questionable: qs, uncaught: [...uncaught], abnormal, methods: methodsSeen.size, calls, secs }, (k, v) => (typeof v === 'bigint' ? `${v}n` : v), 2));
  console.log(`\n(details: ${summaryFile})`);
  process.exit(crashes.length ? 1 : 0);
}

async function runStandalone(file, workDir, perturb) {
  return new Promise((resolve) => {
    const env = { ...process.env, LIBVIRT_DEFAULT_URI: URI, LIBVIRT_AUTOSTART: '0' };
    delete env.MALLOC_PERTURB_;
    if (perturb) env.MALLOC_PERTURB_ = '165';
    const child = cp.spawn(process.execPath, [file], { cwd: workDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (d) => { if (out.length < 100000) out += d; });
    child.stderr.on('data', (d) => { if (err.length < 100000) err += d; });
    const timer = setTimeout(() => { try { process.kill(child.pid, 'SIGKILL'); } catch {} }, 60000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: out, stderr: err, timedOut: false });
    });
  });
}

// Re-runs candidate call lists in fresh children until one crashes alike.
async function minimize(batchId, groupSpecs, lastOnly, inFlight, workDir, firstRes) {
  const label = crashLabel(firstRes);
  let runs = 0;
  const tryList = async (specs, tries = 2) => {
    for (let t = 0; t < tries; t++) {
      if (runs >= OPT.maxRepro + 6) return false;
      runs++;
      const f = path.join(workDir, `repro-${process.pid}-${runs}.json`);
      fs.writeFileSync(f, JSON.stringify([{ name: 'repro', calls: specs }]));
      const res = await runChild(['--repro', f, '--seed', String(OPT.seed), '--log', f + '.log', '--timeout', String(OPT.timeout)], workDir, OPT.batchTimeout);
      if (isCrash(res)) return res;
    }
    return false;
  };
  let r;
  if ((r = await tryList(lastOnly, 3))) return shrinkArgs(lastOnly[0], r);
  const uniq = [...new Map([...inFlight, ...lastOnly].map((s) => [JSON.stringify(s), s])).values()];
  if (uniq.length > 1 && (r = await tryList(uniq))) return shrink(uniq, r);
  if (groupSpecs.length > 1 && (r = await tryList(groupSpecs))) return shrink(groupSpecs, r);
  return { specs: [], label, minimal: false };

  // one call: drop trailing arguments, then make each remaining one harmless, while it still crashes
  async function shrinkArgs(spec, res) {
    let cur = spec, lastRes = res;
    if (spec.k !== 'call') return { specs: [spec], label: crashLabel(res), minimal: true };
    const attempt = async (cand) => {
      const rr = await tryList([cand], 1);
      if (rr && crashLabel(rr) === crashLabel(lastRes)) {
        cur = cand;
        lastRes = rr;
        return true;
      }
      return false;
    };
    while (cur.args.length && runs < OPT.maxRepro + 6) {
      if (!(await attempt({ ...cur, args: cur.args.slice(0, -1) }))) break;
    }
    for (let j = cur.args.length - 1; j >= 0 && runs < OPT.maxRepro + 6; j--) {
      if (/^(undefined|0|null|'x')$/.test(cur.args[j])) continue;
      const args = cur.args.slice();
      args[j] = 'undefined';
      await attempt({ ...cur, args });
    }
    const own = cur.target !== 'module' && CLASS_FIX[cur.target][0];
    if (own && cur.self !== own && runs < OPT.maxRepro + 6) await attempt({ ...cur, self: own });
    return { specs: [cur], label: crashLabel(lastRes), minimal: true };
  }

  async function shrink(list, res) {
    // keep the last call; drop chunks of the others while it still crashes
    let cur = list.slice();
    let chunk = Math.max(1, Math.floor((cur.length - 1) / 2));
    let lastRes = res;
    while (chunk >= 1 && runs < OPT.maxRepro) {
      let changed = false;
      for (let s = 0; s + 1 < cur.length && runs < OPT.maxRepro; ) {
        const cand = [...cur.slice(0, s), ...cur.slice(Math.min(s + chunk, cur.length - 1))];
        const rr = await tryList(cand, 1);
        if (rr) {
          cur = cand;
          lastRes = rr;
          changed = true;
        } else s += chunk;
      }
      if (!changed) chunk = Math.floor(chunk / 2);
    }
    return { specs: cur, label: crashLabel(lastRes), minimal: cur.length <= 2 };
  }
}

// ----------------------------------------------------------------------------
if (OPT.list) listMain();
else if (OPT.child || OPT.repro) childMain().catch((e) => {
  console.error('fuzz-api child harness error:', e && e.stack);
  process.exit(3);
});
else parentMain().catch((e) => {
  console.error('fuzz-api: harness error:', e && e.stack);
  process.exit(2);
});
