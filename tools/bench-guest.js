#!/usr/bin/env node
// Benchmark of the guest layer (npm run bench:guest [-- --uri URI] [--guests N] [--boots N] [--no-boot]
//   [--virt-type qemu|kvm]):
//  1. build and format N (default 1000) guests from specs (guest.buildDomain + xml.formatDomain),
//     against the capabilities of URI (default qemu:///system, else test:///default);
//  2. the time from `libvirt-napi up` (the CLI, as a child process) to the guest's marker line
//     in its serial log on the real hypervisor (qemu:///system; domain type --virt-type,
//     default qemu: TCG; kvm for KVM), then `down`;
//  3. the time to a guest agent that answers guest-ping, for 1 guest and for 8 at once
//     (--agent-guests LIST, default 1,8; --no-agent skips it), with the agent test guest of
//     scripts/make-test-image.sh: guest.up (overlay + cloud-init seed volumes, all guests into
//     one storage pool, define, start, wait 'agent'); the same define + start + waitReady('agent') from a prepared overlay and
//     seed; and those steps scripted with python-libvirt (define, start, poll guest-ping
//     through libvirt_qemu.qemuAgentCommand; one thread per guest), in the same run.
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
const VIRT_TYPE = opt('--virt-type', 'qemu');
if (!/^[a-z0-9]+$/.test(VIRT_TYPE)) {
  console.error(`--virt-type must be a domain type such as qemu or kvm, got ${JSON.stringify(VIRT_TYPE)}`);
  process.exit(2);
}

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

const PY_AGENT = `
import json, sys, threading, time
import libvirt, libvirt_qemu
uri, xmls = sys.argv[1], json.load(sys.stdin)
conn = libvirt.open(uri)
res = [None] * len(xmls)
def one(i, x):
    t0 = time.monotonic()
    dom = conn.defineXML(x)
    dom.create()
    while True:
        try:
            libvirt_qemu.qemuAgentCommand(dom, '{"execute":"guest-ping"}', 5, 0)
            break
        except libvirt.libvirtError:
            time.sleep(0.1)
    res[i] = (time.monotonic() - t0) * 1000
t0 = time.monotonic()
ts = [threading.Thread(target=one, args=(i, x)) for i, x in enumerate(xmls)]
for t in ts: t.start()
for t in ts: t.join()
total = (time.monotonic() - t0) * 1000
for x in xmls:
    d = conn.lookupByName(x.split('<name>')[1].split('</name>')[0])
    try: d.destroy()
    except libvirt.libvirtError: pass
    d.undefine()
print(json.dumps({"perGuestMs": res, "totalMs": total}))
`;

async function agentBench() {
  const uri = 'qemu:///system';
  const counts = opt('--agent-guests', '1,8').split(',').map(Number);
  const conn = await L.open(uri);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'libvirt-napi-bench-agent-'));
  fs.chmodSync(dir, 0o755);
  const pool = `lvn-bench-${process.pid}-pool`;
  fs.mkdirSync(path.join(dir, 'pool'), { mode: 0o755 });
  fs.chmodSync(path.join(dir, 'pool'), 0o755);
  const img = JSON.parse(execFileSync('bash', [path.join(__dirname, '../scripts/make-test-image.sh'), path.join(dir, 'image')], { encoding: 'utf8' }));
  const p = await conn.storagePoolCreateXML(`<pool type='dir'><name>${pool}</name><target><path>${dir}/pool</path></target></pool>`, 0);
  const caps = xml.parseCapabilities(await conn.getCapabilities());
  const base = (name) => ({ name, memoryMiB: 256, vcpus: 1, arch: 'x86_64', virtType: VIRT_TYPE, kernel: img.kernel, initrd: img.initrd, cmdline: img.cmdline });
  const names = [];
  // a prepared overlay + seed for the step-by-step runs (same disks as guest.up makes)
  const prepared = (name) => {
    const ov = path.join(dir, `${name}.qcow2`);
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', img.image, ov]);
    const src = path.join(dir, `${name}-seed`);
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'user-data'), '#cloud-config\n');
    fs.writeFileSync(path.join(src, 'meta-data'), `instance-id: ${name}\nlocal-hostname: bench\n`);
    const iso = path.join(dir, `${name}-seed.iso`);
    execFileSync('xorriso', ['-as', 'mkisofs', '-quiet', '-V', 'cidata', '-J', '-R', '-o', iso, src], { stdio: 'pipe' });
    for (const f of [ov, iso]) fs.chmodSync(f, 0o644);
    return guest.buildDomainXML({ ...base(name), guestAgent: true, disks: [{ path: ov, format: 'qcow2' }, { path: iso, device: 'cdrom' }] }, { capabilities: caps });
  };
  try {
    for (const n of counts) {
      // guest.up: volumes, define, start, wait for the agent
      let ns = Array.from({ length: n }, (_, i) => `lvn-bench-${process.pid}-up${n}-${i}`);
      names.push(...ns);
      // all into one pool, at the same time
      let t0 = Date.now();
      const per = await Promise.all(ns.map(async (name) => {
        const t = Date.now();
        await guest.up(conn, { ...base(name), pool, disks: [{ image: img.image, overlay: true }], cloudInit: { userData: '#cloud-config\n' } }, { wait: 'agent', timeoutMs: 600000 });
        return Date.now() - t;
      }));
      let total = Date.now() - t0;
      await Promise.all(ns.map((name) => guest.down(conn, name)));
      console.log(JSON.stringify({ bench: 'up-to-agent', impl: 'libvirt-napi guest.up', virtType: VIRT_TYPE, guests: n, totalMs: total, maxPerGuestMs: Math.max(...per), meanPerGuestMs: Math.round(per.reduce((a, b) => a + b, 0) / n) }));

      // the same steps as the python script: define, start, waitReady('agent')
      ns = Array.from({ length: n }, (_, i) => `lvn-bench-${process.pid}-st${n}-${i}`);
      names.push(...ns);
      let xmls = ns.map(prepared);
      t0 = Date.now();
      const per2 = await Promise.all(xmls.map(async (x) => {
        const t = Date.now();
        const dom = await conn.defineXML(x);
        await dom.create();
        await guest.waitReady(dom, 'agent', { timeoutMs: 600000 });
        return Date.now() - t;
      }));
      total = Date.now() - t0;
      for (const name of ns) {
        const d = await conn.lookupByName(name);
        await d.destroy().catch(() => undefined);
        await d.undefine();
      }
      console.log(JSON.stringify({ bench: 'up-to-agent', impl: 'libvirt-napi define+start+waitReady', virtType: VIRT_TYPE, guests: n, totalMs: total, maxPerGuestMs: Math.max(...per2), meanPerGuestMs: Math.round(per2.reduce((a, b) => a + b, 0) / n) }));

      // python-libvirt, the same steps
      ns = Array.from({ length: n }, (_, i) => `lvn-bench-${process.pid}-py${n}-${i}`);
      names.push(...ns);
      xmls = ns.map(prepared);
      const r = spawnSync('/usr/bin/python3', ['-c', PY_AGENT, uri], { input: JSON.stringify(xmls), encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
      const py = JSON.parse(r.stdout);
      console.log(JSON.stringify({ bench: 'up-to-agent', impl: 'python-libvirt define+create+poll guest-ping', virtType: VIRT_TYPE, guests: n, totalMs: Math.round(py.totalMs), maxPerGuestMs: Math.round(Math.max(...py.perGuestMs)), meanPerGuestMs: Math.round(py.perGuestMs.reduce((a, b) => a + b, 0) / n) }));
    }
  } finally {
    for (const name of names) {
      const d = await conn.lookupByName(name).catch(() => null);
      if (!d) continue;
      await d.destroy().catch(() => undefined);
      await d.undefine().catch(() => undefined);
    }
    for (const v of await p.listAllVolumes().catch(() => [])) await v.delete(0).catch(() => undefined);
    await p.destroy().catch(() => undefined);
    // the transient pool guest.up made for the base image's directory
    for (const q of await conn.listAllStoragePools()) {
      if ((await q.XMLDesc(0)).includes(`<path>${dir}/`)) await q.destroy().catch(() => undefined);
    }
    await conn.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

(async () => {
  await buildBench();
  if (BOOTS > 0) await bootBench();
  if (!argv.includes('--no-agent')) await agentBench();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
