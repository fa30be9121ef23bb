'use strict';
// Reads libvirt's API description (/usr/share/libvirt/api/*.xml) and decides,
// for every function, which wrapper class it belongs to, its python-libvirt
// style name, and whether its signature is plain enough to be generated.
// Shared by tools/generate.js and tools/coverage-api.js.

const fs = require('fs');
const path = require('path');
const { XMLParser } = require('fast-xml-parser');

const API_DIR = process.env.LIBVIRT_API_DIR || '/usr/share/libvirt/api';

// Wrapper classes: C pointer type, JS class name, name prefixes the class
// owns, and whether python-libvirt keeps a "get" in its getter names.
const CLASSES = [
  { ptr: 'virConnectPtr', js: 'Connection', prefixes: ['virConnect', 'virNode'], keepGet: true },
  { ptr: 'virDomainPtr', js: 'Domain', prefixes: ['virDomain'], keepGet: false },
  { ptr: 'virDomainSnapshotPtr', js: 'DomainSnapshot', prefixes: ['virDomainSnapshot'], keepGet: true, short: 'snapshot' },
  { ptr: 'virDomainCheckpointPtr', js: 'DomainCheckpoint', prefixes: ['virDomainCheckpoint'], keepGet: true, short: 'checkpoint' },
  { ptr: 'virNetworkPtr', js: 'Network', prefixes: ['virNetwork'], keepGet: false },
  { ptr: 'virNetworkPortPtr', js: 'NetworkPort', prefixes: ['virNetworkPort'], keepGet: false, short: 'port' },
  { ptr: 'virInterfacePtr', js: 'Interface', prefixes: ['virInterface'], keepGet: false },
  { ptr: 'virStoragePoolPtr', js: 'StoragePool', prefixes: ['virStoragePool'], keepGet: false },
  { ptr: 'virStorageVolPtr', js: 'StorageVol', prefixes: ['virStorageVol'], keepGet: false },
  { ptr: 'virNodeDevicePtr', js: 'NodeDevice', prefixes: ['virNodeDevice'], keepGet: false },
  { ptr: 'virSecretPtr', js: 'Secret', prefixes: ['virSecret'], keepGet: false },
  { ptr: 'virNWFilterPtr', js: 'NWFilter', prefixes: ['virNWFilter'], keepGet: false, short: 'nwfilter' },
  { ptr: 'virNWFilterBindingPtr', js: 'NWFilterBinding', prefixes: ['virNWFilterBinding'], keepGet: false, short: 'nwfilterBinding' },
  { ptr: 'virStreamPtr', js: 'Stream', prefixes: ['virStream'], keepGet: false },
];
const BY_PTR = Object.fromEntries(CLASSES.map((c) => [c.ptr, c]));
const ALL_PREFIXES = CLASSES.flatMap((c) => c.prefixes.map((p) => ({ p, cls: c }))).sort(
  (a, b) => b.p.length - a.p.length,
);

// Where python-libvirt's name is not what the rules give (its hand-written
// overrides); checked against python's libvirt.py by test/naming.test.ts.
const NAME_OVERRIDES = {
  virDomainGetCPUStats: 'getCPUStats',
  virDomainGetTime: 'getTime',
  virDomainSetTime: 'setTime',
  virDomainGetLaunchSecurityInfo: 'launchSecurityInfo',
  virDomainFSFreeze: 'fsFreeze',
  virDomainFSThaw: 'fsThaw',
  virDomainFSTrim: 'fSTrim',
  virDomainGetFSInfo: 'fsInfo',
  virDomainGetIOThreadInfo: 'ioThreadInfo',
  virDomainPMSuspendForDuration: 'pMSuspendForDuration',
  virDomainPMWakeup: 'pMWakeup',
  virInterfaceChangeBegin: 'changeBegin',
  virInterfaceChangeCommit: 'changeCommit',
  virInterfaceChangeRollback: 'changeRollback',
  virStorageVolCreateXML: 'createXML',
  virStorageVolCreateXMLFrom: 'createXMLFrom',
  virStreamNew: 'newStream',
  virConnectListAllNodeDevices: 'listAllDevices',
  virConnectListDomains: 'listDomainsID',
};

// Functions whose result does not hold a reference of its own.
const BORROWED_RESULT = new Set([
  'virDomainSnapshotGetDomain',
  'virDomainCheckpointGetDomain',
  'virNetworkPortGetNetwork',
]);

// Arguments libvirt accepts as NULL though its API text does not say so.
const NULLABLE_ARGS = {
  virConnectGetDomainCapabilities: ['emulatorbin', 'arch', 'machine', 'virttype'],
  virConnectGetMaxVcpus: ['type'],
  virNodeListDevices: ['cap'],
  virConnectFindStoragePoolSources: ['srcSpec'],
  virDomainSaveFlags: ['dxml'],
  virDomainRestoreFlags: ['dxml'],
  virDomainMigrate: ['dname', 'uri'],
  virDomainMigrate2: ['dxml', 'dname', 'uri'],
  virDomainMigrateToURI: ['dname'],
  virDomainMigrateToURI2: ['dxml', 'dname'],
  virNodeNumOfDevices: ['cap'],
};

// Cheap getters on data the handle caches: run synchronously.
const SYNC = new Set([
  'virDomainGetName', 'virDomainGetUUIDString', 'virDomainGetUUID', 'virDomainGetID',
  'virNetworkGetName', 'virNetworkGetUUIDString', 'virNetworkGetUUID',
  'virNetworkPortGetUUIDString', 'virNetworkPortGetUUID',
  'virInterfaceGetName', 'virInterfaceGetMACString',
  'virStoragePoolGetName', 'virStoragePoolGetUUIDString', 'virStoragePoolGetUUID',
  'virStorageVolGetName', 'virStorageVolGetKey',
  'virNodeDeviceGetName',
  'virSecretGetUUIDString', 'virSecretGetUUID', 'virSecretGetUsageID', 'virSecretGetUsageType',
  'virNWFilterGetName', 'virNWFilterGetUUIDString', 'virNWFilterGetUUID',
  'virNWFilterBindingGetPortDev', 'virNWFilterBindingGetFilterName',
  'virDomainSnapshotGetName', 'virDomainCheckpointGetName',
]);

// Never generated: they are the wrappers' own lifetime, or need hand-written
// code (listed in native/*.cc with a "wraps:" comment).
const NOT_GENERATED = new Set([
  'virConnectClose', 'virConnectRef',
  // per-CPU typed parameter arrays (native/domain.cc)
  'virDomainGetCPUStats',
  // python puts it on the domain, with the snapshot as argument
  'virDomainRevertToSnapshot',
  // events.cc: deregistering also stops delivery of events already queued
  'virConnectDomainEventDeregisterAny', 'virConnectNetworkEventDeregisterAny',
  'virConnectStoragePoolEventDeregisterAny', 'virConnectNodeDeviceEventDeregisterAny',
  'virConnectSecretEventDeregisterAny',
  // stream.cc: one finish() or abort() at a time per stream
  'virStreamAbort', 'virStreamFinish',
]);

function lowerFirst(rest) {
  // Keep acronyms as python does: XMLDesc, UUIDString, ID, OSType.
  if (/^[A-Z]{2}/.test(rest)) return rest;
  return rest.charAt(0).toLowerCase() + rest.slice(1);
}

function ownClassOf(name) {
  const hit = ALL_PREFIXES.find(({ p }) => name.startsWith(p) && /[A-Z]/.test(name.charAt(p.length)));
  return hit || null;
}

// python-libvirt style method name of `fn` on class `cls`.
function methodName(fn, cls) {
  if (NAME_OVERRIDES[fn]) return NAME_OVERRIDES[fn];
  const own = ownClassOf(fn);
  if (!own) return null;
  let rest = fn.slice(own.p.length);
  if (own.cls === cls) {
    if (!cls.keepGet && /^Get[A-Z]/.test(rest)) rest = rest.slice(3);
    return lowerFirst(rest);
  }
  // A function of another object's family taking this object first:
  // virDomainLookupByName(conn) -> conn.lookupByName,
  // virNetworkLookupByName(conn) -> conn.networkLookupByName,
  // virDomainSnapshotCreateXML(dom) -> dom.snapshotCreateXML.
  if (own.cls.js === 'Domain' && cls.js === 'Connection') return lowerFirst(rest);
  const short = own.cls.short || lowerFirst(own.cls.js);
  return short + rest;
}

let cached = null;
function loadApi(file = 'libvirt-api.xml') {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (n) => ['function', 'arg', 'enum', 'macro', 'typedef', 'struct', 'field', 'functype'].includes(n),
  });
  const doc = parser.parse(fs.readFileSync(path.join(API_DIR, file), 'utf8'));
  const s = doc.api.symbols;
  const text = (x) => (x == null ? '' : typeof x === 'string' ? x : x['#text'] || '');
  const functions = (s.function || []).map((f) => ({
    name: f.name,
    file: f.file,
    version: f.version,
    info: text(f.info),
    ret: { type: f.return.type, info: f.return.info || '' },
    args: (f.arg || []).map((a) => ({ name: a.name, type: a.type, info: a.info || '' })),
  }));
  const enums = (s.enum || []).map((e) => ({ name: e.name, type: e.type, value: e.value, info: e.info || '' }));
  const macros = (s.macro || []).map((m) => ({ name: m.name, string: m.string, raw: m.raw, params: m.params, info: text(m.info) }));
  const structs = new Map((s.struct || []).map((st) => [st.name, (st.field || []).map((x) => ({ name: x.name, type: x.type, info: x.info || '' }))]));
  const typedefs = new Map((s.typedef || []).map((t) => [t.name, t.type]));
  const functypes = new Map((s.functype || []).map((f) => [f.name, { ret: f.return.type, args: (f.arg || []).map((a) => ({ name: a.name, type: a.type })) }]));
  return { functions, enums, macros, structs, typedefs, functypes };
}

function api() {
  if (!cached) cached = { main: loadApi('libvirt-api.xml') };
  return cached.main;
}

// --- signature classification ---------------------------------------------
const IN_SCALARS = {
  'unsigned int': 'u32',
  int: 'i32',
  'unsigned long': 'u64',
  'unsigned long long': 'u64',
  'long long': 'i64',
  double: 'f64',
  size_t: 'u64',
};
const OUT_SCALARS = {
  'int *': 'i32',
  'unsigned int *': 'u32',
  'unsigned long *': 'u64n', // version numbers, MiB/s: number
  'unsigned long long *': 'u64',
  'long long *': 'i64',
  'double *': 'f64',
};

// A pointer to a documented struct (virStoragePoolInfoPtr ->
// { name: 'virStoragePoolInfo', fields }), or null.
function structOf(type) {
  const { structs, typedefs } = api();
  let t = type.trim();
  if (t.endsWith('Ptr') && typedefs.has(t)) t = typedefs.get(t);
  const m = /^(\w+) \*$/.exec(t);
  if (!m) return null;
  const name = m[1];
  const fields = structs.get(name);
  if (!fields || !fields.length) return null;
  const resolved = fields.map((x) => {
    let ft = x.type;
    if (typedefs.has(ft)) ft = typedefs.get(ft);
    return { ...x, type: ft };
  });
  if (!resolved.every((x) => STRUCT_FIELD[x.type] || /^char \w+\[\w+\]$/.test(x.type))) return null;
  return { name, fields: resolved };
}
const STRUCT_FIELD = {
  int: 'i32', 'unsigned int': 'u32', 'unsigned long': 'u64', 'unsigned long long': 'u64', 'long long': 'i64',
};
// Struct getters where 0 means "nothing to report" (resolves null).
const ZERO_IS_NULL = new Set(['virDomainGetBlockJobInfo']);
// Typed-parameter getters whose count comes from virDomainGetSchedulerType
// (libvirt refuses nparams = 0 for them).
const SCHED_COUNT = new Set(['virDomainGetSchedulerParameters', 'virDomainGetSchedulerParametersFlags']);

// Returns { kind: 'gen', cls, js, ... } for a generatable function, or
// { kind: 'skip', reason } otherwise.
// Events and callbacks belong to native/events.cc (issue 5), not the generator.
// native/events.cc (hand-written: callbacks, the event loop)
const EVENT_FUNCS = /^(virConnect\w*Event(Register|Deregister)\w*|virConnect(Register|Unregister)CloseCallback|virEvent\w+|virStreamEvent\w+)$/;

function classify(f) {
  if (NOT_GENERATED.has(f.name)) return { kind: 'skip', reason: 'hand-written' };
  if (EVENT_FUNCS.test(f.name)) return { kind: 'skip', reason: 'events (native/events.cc)' };
  const first = f.args[0];
  const cls = first && BY_PTR[first.type];
  if (!cls) return { kind: 'skip', reason: 'not a method of a handle' };
  if (/(Ref|Free)$/.test(f.name)) return { kind: 'skip', reason: 'handle lifetime' };
  if (/GetConnect$/.test(f.name)) return { kind: 'skip', reason: 'returns the parent connection' };
  const js = methodName(f.name, cls);
  if (!js) return { kind: 'skip', reason: 'no name rule' };

  // An argument may be NULL when its own text, or a sentence of the
  // function's text naming it, says so.
  const sentences = f.info.split(/\.\s/);
  const mayBeNull = (a) =>
    (NULLABLE_ARGS[f.name] || []).includes(a.name) ||
    /\bNULL\b/.test(a.info) || sentences.some((s) => s.includes(`@${a.name}`) && /\bNULL\b/.test(s));
  const ins = [];
  const outs = [];
  const counts = {}; // consumed count argument -> how the call passes it
  const args = f.args;
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    const next = args[i + 1];
    if (/^vir\w+Ptr \*\*$/.test(a.type) && BY_PTR[a.type.replace(/ \*\*$/, '')]) {
      outs.push({ ...a, t: 'handlelist', cls: BY_PTR[a.type.replace(/ \*\*$/, '')] });
    } else if ((a.type === 'char ** const' || a.type === 'char **') && next && /^int$/.test(next.type) && /^(max|nameslen)/.test(next.name)) {
      outs.push({ ...a, t: 'names', count: next.name });
      counts[next.name] = 'cap';
      i++;
    } else if (a.type === 'int *' && a.name === 'ids' && next && next.name === 'maxids') {
      outs.push({ ...a, t: 'ids', count: next.name });
      counts[next.name] = 'cap';
      i++;
    } else if (a.type === 'char ***') {
      outs.push({ ...a, t: 'strlist' });
    } else if (a.type === 'const char **' && next && next.type === 'unsigned int' && /^n/.test(next.name)) {
      ins.push({ ...a, t: 'strarray' });
      counts[next.name] = `static_cast<unsigned int>(a_${a.name}.size())`;
      i++;
    } else if (IN_SCALARS[a.type] && /^n[a-z]+$/.test(a.name) && next && /^(unsigned )?int \*$/.test(next.type) && /files|fds/.test(next.name)) {
      ins.push({ ...next, t: 'intarray' });
      counts[a.name] = `static_cast<${a.type}>(a_${next.name}.size())`;
      i++;
    } else if (a.type === 'unsigned int *' && next && /^n/.test(next.name) && next.type === 'int') {
      ins.push({ ...a, t: 'uintarray' });
      counts[next.name] = `static_cast<int>(a_${a.name}.size())`;
      i++;
    } else if (a.type === 'unsigned char *' && a.name === 'cpumap' && next && next.name === 'maplen' && /^virDomainPin/.test(f.name)) {
      ins.push({ ...a, t: 'cpumap' });
      counts[next.name] = `static_cast<int>(a_${a.name}.size())`;
      i++;
    } else if (/^const (unsigned )?char \*$/.test(a.type) && next && next.type === 'size_t' && (next.name === `${a.name}_size` || next.name === 'nbytes')) {
      // a byte buffer and its length (virStreamSend, virSecretSetValue): Buffer or string
      ins.push({ ...a, t: 'bytes' });
      counts[next.name] = `a_${a.name}.size()`;
      i++;
    } else if (a.type === 'virTypedParameterPtr' && next && next.type === 'int *') {
      outs.push({ ...a, t: 'tpfixed', sched: SCHED_COUNT.has(f.name) });
      counts[next.name] = `&r.o_${a.name}.n`;
      i++;
    } else if (a.type === 'virTypedParameterPtr' && next && /^(unsigned )?int$/.test(next.type) && next.name === 'nparams') {
      ins.push({ ...a, t: 'tpin' });
      counts[next.name] = `static_cast<${next.type}>(a_${a.name}->n)`;
      i++;
    } else if (a.type === 'virTypedParameterPtr *' && next && /^(unsigned )?int \*$/.test(next.type)) {
      outs.push({ ...a, t: 'tpalloc' });
      counts[next.name] = next.type === 'int *' ? `&r.o_${a.name}.n` : `reinterpret_cast<unsigned int*>(&r.o_${a.name}.n)`;
      i++;
    } else if (structOf(a.type) && f.ret.type === 'int' && (!next || next.name === 'flags' || (next.type === 'size_t' && next.name === 'size'))) {
      outs.push({ ...a, t: 'struct', st: structOf(a.type), zeroNull: ZERO_IS_NULL.has(f.name) });
      if (next && next.name === 'size') {
        counts.size = `sizeof(r.o_${a.name})`;
        i++;
      }
    } else if (IN_SCALARS[a.type]) {
      let t = IN_SCALARS[a.type];
      if (a.type === 'int' && /^(autostart|active|persistent)$/.test(a.name)) t = 'bool';
      ins.push({ ...a, t, optional: a.name === 'flags' });
    } else if (a.type === 'const char *') {
      ins.push({ ...a, t: 'str', nullable: mayBeNull(a) });
    } else if (BY_PTR[a.type]) {
      ins.push({ ...a, t: 'handle', cls: BY_PTR[a.type], nullable: mayBeNull(a) });
    } else if (a.type === 'const unsigned char *' && /uuid/i.test(a.name)) {
      ins.push({ ...a, t: 'uuid' });
    } else if (a.type === 'char *' && /buf/.test(a.name) && /UUIDString$/.test(f.name)) {
      outs.push({ ...a, t: 'uuidstr' });
    } else if (a.type === 'unsigned char *' && /uuid/i.test(a.name) && /GetUUID$/.test(f.name)) {
      outs.push({ ...a, t: 'uuidraw' });
    } else if (OUT_SCALARS[a.type] && f.ret.type === 'int') {
      let t = OUT_SCALARS[a.type];
      if (a.type === 'int *' && /^(autostart)$/.test(a.name)) t = 'bool';
      outs.push({ ...a, t });
    } else {
      return { kind: 'skip', reason: `argument type ${a.type}` };
    }
  }
  // Pointers next to a count are arrays, not single outputs: hand-written.
  if (outs.length) {
    const firstOut = f.args.findIndex((a) => a.name === outs[0].name);
    if (f.args.slice(firstOut).some((a) => IN_SCALARS[a.type] && a.name !== 'flags' && !(a.name in counts)))
      return { kind: 'skip', reason: 'array argument' };
    if (ins.some((a) => /^(n[a-z]+|max[a-z]*|cellCount)$/.test(a.name)))
      return { kind: 'skip', reason: 'array argument' };
  }
  pythonDefaults(cls, js, ins);
  // Optional trailing arguments only: an optional one followed by a required
  // one stays required.
  let trailing = true;
  for (let i = ins.length - 1; i >= 0; i--) {
    const a = ins[i];
    const opt = a.optional || (a.t === 'str' && a.nullable) || (a.t === 'handle' && a.nullable) || 'pyDefault' in a;
    a.tsOptional = trailing && opt;
    if (!opt) trailing = false;
  }

  let ret;
  const rt = f.ret.type;
  if (outs.length) {
    if (rt !== 'int') return { kind: 'skip', reason: 'outputs with non-int return' };
    ret = { t: 'outs' };
  } else if (rt === 'int') {
    ret = { t: /^(is|has)[A-Z]/.test(js) ? 'bool' : 'int' };
  } else if (rt === 'char *') ret = { t: 'ownedstr' };
  else if (rt === 'const char *') ret = { t: 'conststr' };
  else if (rt === 'unsigned long' || rt === 'unsigned long long') ret = { t: 'u64zero' };
  else if (rt === 'unsigned int') ret = { t: 'u32neg' }; // virDomainGetID: -1 when inactive
  else if (BY_PTR[rt]) ret = { t: 'handle', cls: BY_PTR[rt], borrowed: BORROWED_RESULT.has(f.name) };
  else return { kind: 'skip', reason: `return type ${rt}` };

  return { kind: 'gen', cls, js, ins, outs, ret, counts, sync: SYNC.has(f.name) };
}

// python-libvirt's signatures (tools/python-signatures.json, from libvirt.py):
// an argument python defaults (flags=0, bandwidth=0, dname=None...) may be
// omitted here too, and means the same: 0, or NULL.
const PY_SIGNATURES = require('./python-signatures.json');
function pythonClass(cls) {
  return cls.js === 'Connection' ? 'virConnect' : `vir${cls.js}`;
}
function pythonDefaults(cls, js, ins) {
  const sig = PY_SIGNATURES[`${pythonClass(cls)}.${js}`];
  if (!sig) return;
  sig.forEach(([name, ...def], i) => {
    if (!def.length) return;
    const a = ins.find((x) => x.name === name) || (sig.length === ins.length ? ins[i] : undefined);
    if (!a) return;
    a.pyDefault = def[0];
    if (def[0] === 0 && /^(u32|i32|u64|i64|f64|bool)$/.test(a.t)) a.optional = true;
    if (def[0] === null && (a.t === 'str' || a.t === 'handle')) a.nullable = true;
  });
}

module.exports = {
  PY_SIGNATURES,
  pythonClass, EVENT_FUNCS, structOf, API_DIR, CLASSES, BY_PTR, methodName, classify, api, loadApi, lowerFirst };
