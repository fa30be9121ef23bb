#!/usr/bin/env node
// Benchmark of the guest layer (npm run bench:guest [-- --uri URI] [--guests N] [--boots N] [--no-boot]):
//  1. build and format N (default 1000) guests from specs (guest.buildDomain + xml.formatDomain),
//     against the capabilities of URI (default qemu:///system, else test:///default);
//  2. the time from `libvirt-napi up` (the CLI, as a child process) to the guest's marker line
//     in its serial log on the real hypervisor (qemu:///system; TCG by default,
//     LIBVIRT_NAPI_GUEST_VIRT_TYPE=kvm for KVM), then `down`.
// One JSON line per measurement on stdout.
'use strict';
const fs = require('fs');
const path = require('path');
const os = require('os');
const { execFileSync, spawnSync } = require('child_process');
const L = require(path.join(__dirname, '../dist'));
const { guest, xml } = L;

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const N = Number(opt('--guests', 1000));
const BOOTS = argv.includes('--no-boot') ? 0 : Number(opt('--boots', 1));
const VIRT_TYPE = process.env.LIBVIRT_NAPI_GUEST_VIRT_TYPE || 'qemu';

function specFor(i, arch, q35) {
  const mac = `52:54:00:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
  return {
    name: `bench-${i}`, memoryMiB: 256 + (i % 4) * 256, vcpus: 1 + (i % 4), arch, ...(q35 !== undefined ? { q35: q35 && i % 2 === 0 } : {}),
    cpu: i % 3 === 0 ? { mode: 'host-model' } : { mode: 'custom', model: 'qemu64', features: [{ name: 'x2apic', policy: 'require' }] },
    disks: [{ path: `/var/lib/guests/bench-${i}.qcow2`, role: 'root' }, { path: `/var/lib/guests/bench-${i}-eph.raw`, role: 'ephemeral' }, { path: '/isos/install.iso' }],
    consoleLog: `/var/log/guests/bench-${i}.log`, graphics: { type: 'vnc' },
    interfaces: [{ type: 'network', source: 'default', mac }],
  };
}

async function buildBench() {
  let conn;
  let uri = opt('--uri', 'qemu:///system');
  try {
    conn = await L.open(uri);
  } catch {
    uri = 'test:///default';
    conn = await L.open(uri);
  }
  const capabilities = xml.parseCapabilities(await conn.getCapabilities());
  await conn.close();
  const arch = capabilities.host.cpu.arch;
  const hasMachines = guest.machines(capabilities, arch).length > 0;
  const specs = Array.from({ length: N }, (_, i) => specFor(i, arch, hasMachines ? true : undefined));
  // warm up, then best of 3
  for (let i = 0; i < 50; i++) xml.formatDomain(guest.buildDomain(specs[i % N], { capabilities }));
  let best = { build: Infinity, format: Infinity, total: Infinity };
  let bytes = 0;
  for (let run = 0; run < 3; run++) {
    const t0 = process.hrtime.bigint();
    const defs = specs.map((s) => guest.buildDomain(s, { capabilities }));
    const t1 = process.hrtime.bigint();
    const texts = defs.map((d) => xml.formatDomain(d));
    const t2 = process.hrtime.bigint();
    bytes = texts.reduce((n, t) => n + t.length, 0);
    const ms = (a, b) => Number(b - a) / 1e6;
    if (ms(t0, t2) < best.total) best = { build: ms(t0, t1), format: ms(t1, t2), total: ms(t0, t2) };
  }
  console.log(JSON.stringify({ bench: 'build+format', uri, guests: N, buildMs: +best.build.toFixed(1), formatMs: +best.format.toFixed(1), totalMs: +best.total.toFixed(1), perGuestUs: +((best.total * 1000) / N).toFixed(1), avgXmlBytes: Math.round(bytes / N) }));
}

async function bootBench() {
  const uri = 'qemu:///system';
  let conn;
  try {
    conn = await L.open(uri);
  } catch (e) {
    console.log(JSON.stringify({ bench: 'up-to-marker', skipped: `${uri} not reachable: ${e.message}` }));
    return;
  }
  // the test guest and the serial logs in a private directory (0755: libvirt's qemu user reads the kernel)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'libvirt-napi-bench-'));
  fs.chmodSync(dir, 0o755);
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const out = execFileSync('bash', [path.join(__dirname, '../scripts/make-test-initramfs.sh'), dir], { encoding: 'utf8' });
  const kernel = /^KERNEL=(.+)$/m.exec(out)[1];
  const initrd = /^INITRD=(.+)$/m.exec(out)[1];
  const cli = path.join(__dirname, '../dist/cli/index.js');
  for (let b = 0; b < BOOTS; b++) {
    const name = `lvn-bench-${process.pid}-${b}`;
    const log = path.join(dir, `${name}.log`);
    fs.rmSync(log, { force: true });
    const token = `bench-${process.pid}-${b}`;
    const specPath = path.join(dir, `${name}.json`);
    fs.writeFileSync(specPath, JSON.stringify({ name, memoryMiB: 256, vcpus: 1, arch: 'x86_64', virtType: VIRT_TYPE, kernel, initrd, cmdline: `console=ttyS0 panic=-1 marker=${token}`, consoleLog: log }));
    const t0 = Date.now();
    const up = spawnSync(process.execPath, [cli, 'up', '--uri', uri, '--quiet', '--json', specPath], { encoding: 'utf8' });
    const tUp = Date.now();
    let tMarker = null;
    let uptime = null;
    try {
      if (up.status !== 0) throw new Error(`up failed: ${up.stderr}`);
      while (Date.now() - t0 < 120000) {
        const text = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
        const m = new RegExp(`LIBVIRT-NAPI-MARKER ${token} uptime=([0-9.]+)`).exec(text);
        if (m) {
          tMarker = Date.now();
          uptime = Number(m[1]);
          break;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      if (tMarker === null) throw new Error(`no marker in ${log} after 120 s`);
      console.log(JSON.stringify({ bench: 'up-to-marker', virtType: VIRT_TYPE, upMs: tUp - t0, upToMarkerMs: tMarker - t0, guestUptimeAtMarkerS: uptime }));
    } finally {
      spawnSync(process.execPath, [cli, 'down', '--uri', uri, '--quiet', name], { encoding: 'utf8' });
      fs.rmSync(specPath, { force: true });
    }
  }
  await conn.close();
}

(async () => {
  await buildBench();
  if (BOOTS > 0) await bootBench();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
