#!/usr/bin/env node
// The main job, end to end: capabilities summary, define a guest, start it,
// show its state and XML, destroy and undefine it.
//   npm run demo                             (libvirt's test driver, no daemon)
//   npm run demo -- --uri qemu:///system     (a real QEMU/KVM guest)
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as lv from '../index';

const STATE_NAMES: Record<number, string> = {
  [lv.VIR_DOMAIN_NOSTATE]: 'no state',
  [lv.VIR_DOMAIN_RUNNING]: 'running',
  [lv.VIR_DOMAIN_BLOCKED]: 'blocked',
  [lv.VIR_DOMAIN_PAUSED]: 'paused',
  [lv.VIR_DOMAIN_SHUTDOWN]: 'shutting down',
  [lv.VIR_DOMAIN_SHUTOFF]: 'shut off',
  [lv.VIR_DOMAIN_CRASHED]: 'crashed',
  [lv.VIR_DOMAIN_PMSUSPENDED]: 'suspended (PM)',
};

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
}

/** 9000000 -> '9.0.0' (libvirt's major * 1,000,000 + minor * 1,000 + release) */
function version(v: number): string {
  return `${Math.floor(v / 1e6)}.${Math.floor(v / 1e3) % 1000}.${v % 1000}`;
}

function summary(capsXML: string): { arch: string; cpu: string; guests: { arch: string; types: string[] }[] } {
  const caps = lv.xml.parseCapabilities(capsXML);
  return {
    arch: caps.host?.cpu?.arch ?? '?',
    cpu: caps.host?.cpu?.model?.value ?? '',
    guests: (caps.guest ?? []).map((g) => ({
      arch: g.arch?.name ?? '?',
      types: [...new Set((g.arch?.domain ?? []).map((d) => d.type).filter((t): t is string => !!t))],
    })),
  };
}

function guestXML(name: string, uri: string, caps: ReturnType<typeof summary>): { xml: string; log?: string } {
  if (uri.startsWith('test:')) {
    return { xml: `<domain type='test'><name>${name}</name><memory unit='MiB'>128</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>` };
  }
  const x86 = caps.guests.find((g) => g.arch === 'x86_64');
  if (!x86) throw new Error(`${uri} offers no x86_64 guests`);
  const type = x86.types.includes('kvm') ? 'kvm' : 'qemu';
  // a private directory (0755: libvirt's qemu user may need to reach the log), removed on exit
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'libvirt-napi-demo-'));
  fs.chmodSync(dir, 0o755);
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const log = path.join(dir, `${name}.log`);
  return {
    log,
    xml: `<domain type='${type}'>
  <name>${name}</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/><bios useserial='yes'/></os>
  <devices>
    <serial type='file'><source path='${log}'/><target port='0'/></serial>
    <memballoon model='none'/>
  </devices>
</domain>`,
  };
}

let interrupted = false;

async function main(): Promise<void> {
  const uri = arg('--uri', 'test:///default');
  console.log(`libvirt ${version(await lv.getVersion())} | connecting to ${uri}`);
  const conn = await lv.open(uri);
  const name = `libvirt-napi-demo-${process.pid}`;
  let dom: lv.Domain | undefined;
  // Interrupted (Ctrl-C, or stdout closed as with `| head`): remove the guest before leaving.
  const cleanupAndExit = async (code: number) => {
    if (interrupted) return;
    interrupted = true;
    if (dom) {
      await dom.destroy().catch(() => undefined);
      await dom.undefine().catch(() => undefined);
    }
    await conn.close().catch(() => undefined);
    process.exit(code);
  };
  process.once('SIGINT', () => void cleanupAndExit(130));
  process.once('SIGTERM', () => void cleanupAndExit(143));
  process.stdout.on('error', () => void cleanupAndExit(1));
  try {
    const info = await conn.getInfo();
    const caps = summary(await conn.getCapabilities());
    console.log(`host ${await conn.getHostname()}: ${caps.arch}${caps.cpu ? ` (${caps.cpu})` : ''}, ${info.cpus} CPUs, ${info.memory} MiB, driver ${await conn.getType()} ${version(await conn.getVersion())}`);
    for (const g of caps.guests) console.log(`  guests: ${g.arch.padEnd(8)} domain types ${g.types.join(', ')}`);

    const { xml, log } = guestXML(name, uri, caps);
    dom = await conn.defineXML(xml);
    console.log(`defined ${dom.name()} (${dom.UUIDString()})`);
    await dom.createWithFlags(0);
    const [state, reason] = await dom.state();
    console.log(`started: id ${dom.ID()}, state ${STATE_NAMES[state]} (reason ${reason})`);
    const di = await dom.info();
    console.log(`info: ${di.nrVirtCpu} vCPU, ${di.maxMem / 1024n} MiB, cpu time ${di.cpuTime} ns`);
    console.log('XML:');
    console.log((await dom.XMLDesc(0)).replace(/^/gm, '  '));
    if (log) {
      for (let i = 0; i < 50 && !(fs.existsSync(log) && fs.readFileSync(log, 'latin1').includes('SeaBIOS')); i++)
        await new Promise((r) => setTimeout(r, 100));
      const line = fs.existsSync(log) ? fs.readFileSync(log, 'latin1').split('\n').find((l) => l.includes('SeaBIOS')) : undefined;
      console.log(`serial console (${log}): ${line ? line.replace(/\x1b\[[0-9;?]*[a-zA-Z]|\x1bc/g, '').trim() : '(nothing yet)'}`);
    }
    await dom.destroy();
    console.log(`destroyed: state ${STATE_NAMES[(await dom.state())[0]]}`);
    await dom.undefine();
    console.log(`undefined ${name}`);
    dom = undefined;
  } finally {
    if (dom) {
      await dom.destroy().catch(() => undefined);
      await dom.undefine().catch(() => undefined);
    }
    console.log(`closed (remaining references: ${await conn.close()})`);
  }
}

main().catch((e) => {
  if (interrupted) return; // the interrupt handler cleans up and sets the exit code
  console.error(e instanceof lv.LibvirtError ? `error ${e.codeName}: ${e.message}` : e);
  process.exit(1);
});
