#!/usr/bin/env node
// Per remote transport (unix, TCP+SASL, TLS, SSH through libssh) of the daemon
// scripts/libvirtd.sh runs: the time to open (and close) a connection, and the
// awaited latency of lookupByName and domain.info, one call after another,
// against plain C (tools/bench/bench-remote.c, compiled here) over the same
// URIs in the same run. Rounds alternate which of the two goes first; each
// figure is the median over the rounds of each round's median.
// Usage: node tools/bench-remote.js [N=200 calls] [OPENS=5] [ROUNDS=3]
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const lv = require('..');

const N = Number(process.argv[2] ?? 200);
const OPENS = Number(process.argv[3] ?? 5);
const ROUNDS = Number(process.argv[4] ?? 3);
const PKI = '/etc/libvirt-napi/pki';
const SSH = '/etc/libvirt-napi/ssh';
const user = JSON.parse(fs.readFileSync('/etc/libvirt-napi/sasl-user.json', 'utf8'));
const TRANSPORTS = [
  ['unix', 'qemu:///system'],
  ['TCP+SASL', user.uri],
  ['TLS', `qemu+tls://127.0.0.1/system?pkipath=${PKI}/client`],
  ['SSH (libssh)', `qemu+libssh://root@127.0.0.1:2222/system?keyfile=${SSH}/id_ed25519&known_hosts=${SSH}/known_hosts&no_tty=1&no_verify=0`],
];

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const now = () => Number(process.hrtime.bigint()) / 1000; // µs
const auth = {
  credTypes: [lv.VIR_CRED_AUTHNAME, lv.VIR_CRED_PASSPHRASE],
  callback: (creds) => {
    for (const c of creds) c.result = c.type === lv.VIR_CRED_AUTHNAME ? user.user : c.type === lv.VIR_CRED_PASSPHRASE ? user.password : c.defresult;
  },
};

async function js(uri, name) {
  const opens = [];
  for (let i = 0; i < OPENS; i++) {
    const t0 = now();
    const c = await lv.openAuth(uri, auth);
    await c.close();
    opens.push(now() - t0);
  }
  const c = await lv.openAuth(uri, auth);
  const lookups = [];
  for (let i = 0; i < N; i++) {
    const t0 = now();
    const d = await c.lookupByName(name);
    d.free();
    lookups.push(now() - t0);
  }
  const d = await c.lookupByName(name);
  const infos = [];
  for (let i = 0; i < N; i++) {
    const t0 = now();
    await d.info();
    infos.push(now() - t0);
  }
  d.free();
  await c.close();
  return { open_ms: median(opens) / 1000, lookup_us: median(lookups), info_us: median(infos) };
}

function c(bin, uri, name) {
  const r = spawnSync(bin, [name, String(N), String(OPENS), uri], {
    encoding: 'utf8', env: { ...process.env, LVN_SASL_USER: user.user, LVN_SASL_PASSWORD: user.password },
  });
  if (r.status !== 0) throw new Error(`plain C failed on ${uri}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim());
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-bench-remote-'));
  const bin = path.join(dir, 'bench-remote');
  const flags = execFileSync('pkg-config', ['--cflags', '--libs', 'libvirt'], { encoding: 'utf8' }).trim().split(/\s+/);
  execFileSync('cc', ['-O2', '-o', bin, path.join(__dirname, 'bench/bench-remote.c'), ...flags]);
  const local = await lv.open('qemu:///system');
  const name = `napi-remote-bench-${process.pid}`;
  const dom = await local.defineXML(
    `<domain type='qemu'><name>${name}</name><memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os></domain>`);
  const results = TRANSPORTS.map(() => ({ js: [], c: [] }));
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, [, uri]] of TRANSPORTS.entries()) {
        const order = (round + i) % 2 ? ['c', 'js'] : ['js', 'c'];
        for (const impl of order) results[i][impl].push(impl === 'js' ? await js(uri, name) : c(bin, uri, name));
      }
    }
  } finally {
    await dom.undefine();
    await local.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const m = (runs, k) => median(runs.map((r) => r[k]));
  const f = (x, d) => x.toFixed(d);
  console.log(`libvirt-napi ${require('../package.json').version}, libvirt ${((v) => `${Math.floor(v / 1e6)}.${Math.floor(v / 1e3) % 1000}.${v % 1000}`)(await lv.getVersion())}, node ${process.version}, ${os.cpus().length} CPUs; N=${N} calls, ${OPENS} opens, ${ROUNDS} rounds`);
  console.log('| transport | open, ms (C) | open, ms (libvirt-napi) | lookupByName, µs (C) | lookupByName, µs (libvirt-napi) | domain.info, µs (C) | domain.info, µs (libvirt-napi) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const [i, [label]] of TRANSPORTS.entries()) {
    const r = results[i];
    console.log(`| ${label} | ${f(m(r.c, 'open_ms'), 1)} | ${f(m(r.js, 'open_ms'), 1)} | ${f(m(r.c, 'lookup_us'), 0)} | ${f(m(r.js, 'lookup_us'), 0)} | ${f(m(r.c, 'info_us'), 0)} | ${f(m(r.js, 'info_us'), 0)} |`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
