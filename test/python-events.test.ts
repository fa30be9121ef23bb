// python-libvirt's examples/event-test.py and its line-by-line port
// (examples/python/event-test.js) run side by side on qemu:///system; the
// same guest actions (a domain, a network, a storage pool, a secret) must
// print the same event lines in both, apart from domain IDs.
import { spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as lv from '../src';
import { SYSTEM_URI, openSystem, uniqueName, x86DomainType, PREFIX } from './helpers/libvirt';

jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '..');
const PORT = path.join(ROOT, 'examples/python/event-test.js');
const ORIGINAL = path.join(ROOT, 'examples/python/originals/event-test.py');
const RUN_SECS = 30;

interface Prog {
  child: ChildProcess;
  out: string[];
  err: string[];
  exit: Promise<number | null>;
}
function start(cmd: string, args: string[]): Prog {
  const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  const err: string[] = [];
  let partial = '';
  child.stdout?.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop() ?? '';
    out.push(...parts);
  });
  child.stderr?.on('data', (d: Buffer) => err.push(d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    if (partial) out.push(partial);
    resolve(code);
  }));
  return { child, out, err, exit };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, cond: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

test('event-test.py and its port print the same event lines for the same guest actions', async () => {
  const conn = await openSystem();
  if (!conn) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-pyev-'));
  fs.chmodSync(dir, 0o755);
  const domName = uniqueName('pyev-dom');
  const netName = uniqueName('pyev-net');
  const poolName = uniqueName('pyev-pool');
  const args = ['--loop', 'native', '--timeout', String(RUN_SECS), SYSTEM_URI];
  const py = start('/usr/bin/python3', ['-W', 'ignore', ORIGINAL, ...args]);
  const js = start(process.execPath, [PORT, ...args]);
  let dom: lv.Domain | null = null;
  let net: lv.Network | null = null;
  let pool: lv.StoragePool | null = null;
  const secrets: lv.Secret[] = [];
  let n = 0;
  const defineSecret = async () => {
    n += 1;
    const s = await conn.secretDefineXML(
      `<secret ephemeral='no' private='yes'><usage type='volume'><volume>${dir}/${PREFIX}s${n}</volume></usage></secret>`, 0);
    secrets.push(s);
    return s;
  };
  try {
    const first = `Using uri '${SYSTEM_URI}' and event loop 'native'`;
    await until('both programs to start', () => py.out[0] === first && js.out[0] === first);
    // Secret callbacks are registered last: once both print a probe secret's
    // event, every callback is in place.
    const probes: string[] = [];
    const seen = (p: Prog) => probes.some((u) => p.out.some((l) => l.includes(u)));
    const end = Date.now() + 30_000;
    while (!(seen(py) && seen(js))) {
      if (Date.now() > end) throw new Error(`the programs did not report a probe secret:\n${py.out.join('\n')}\n--\n${js.out.join('\n')}`);
      const s = await defineSecret();
      probes.push(s.UUIDString());
      await s.undefine();
      await sleep(300);
    }

    // the guest actions
    const type = await x86DomainType(conn);
    dom = await conn.defineXML(`<domain type='${type}'><name>${domName}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>
      <os><type arch='x86_64' machine='pc'>hvm</type></os><devices><memballoon model='none'/></devices></domain>`);
    await dom.create();
    await dom.suspend();
    await dom.resume();
    await dom.setMetadata(lv.VIR_DOMAIN_METADATA_DESCRIPTION, 'ported', null, null, lv.VIR_DOMAIN_AFFECT_LIVE);
    await dom.destroy();
    await dom.undefine();
    dom = null;
    net = await conn.networkDefineXML(`<network><name>${netName}</name></network>`);
    await net.undefine();
    net = null;
    pool = await conn.storagePoolDefineXML(
      `<pool type='dir'><name>${poolName}</name><target><path>${dir}</path></target></pool>`, 0);
    await pool.create(0);
    await pool.refresh(0);
    await pool.destroy();
    await pool.undefine();
    pool = null;
    const secret = await defineSecret();
    const uuid = secret.UUIDString();
    await secret.setValue(Buffer.from('x'), 0);
    await secret.undefine();

    // the last action's events reached both
    const done = (p: Prog) => p.out.some((l) => l.includes(uuid) && l.includes('Undefined'));
    await until('the last event in both programs', () => done(py) && done(js));
    const [pyCode, jsCode] = await Promise.all([py.exit, js.exit]);
    const ours = (p: Prog) => p.out
      .filter((l) => [domName, netName, poolName, uuid].some((x) => l.includes(x)))
      .map((l) => l.replace(/\((-1|\d+)\)/g, '(ID)'));
    const pyLines = ours(py);
    const jsLines = ours(js);
    expect(jsLines).toEqual(pyLines);
    // and they are the lines these actions make
    for (const l of [
      `myDomainEventCallback1 EVENT: Domain ${domName}(ID) Defined Added`,
      `myDomainEventCallback2 EVENT: Domain ${domName}(ID) Started Booted`,
      `myDomainEventCallback2 EVENT: Domain ${domName}(ID) Suspended Paused`,
      `myDomainEventCallback1 EVENT: Domain ${domName}(ID) Resumed Unpaused`,
      `myDomainEventMetadataChangeCallback: Domain ${domName}(ID) changed metadata mtype=0 nsuri=None`,
      `myDomainEventCallback2 EVENT: Domain ${domName}(ID) Stopped Destroyed`,
      `myDomainEventCallback2 EVENT: Domain ${domName}(ID) Undefined Removed`,
      `myNetworkEventLifecycleCallback: Network ${netName} Defined Added`,
      `myStoragePoolEventLifecycleCallback: Storage pool ${poolName} Started 0`,
      `myStoragePoolEventRefreshCallback: Storage pool ${poolName}`,
      `mySecretEventValueChanged: Secret ${uuid}`,
      `mySecretEventLifecycleCallback: Secret ${uuid} Undefined 0`,
    ]) expect(pyLines).toContain(l);
    // both end after --timeout the same way: exit 0, having deregistered and closed
    expect([pyCode, jsCode]).toEqual([0, 0]);
  } finally {
    py.child.kill();
    js.child.kill();
    if (dom) {
      await dom.destroy().catch(() => undefined);
      await dom.undefine().catch(() => undefined);
    }
    if (net) await net.undefine().catch(() => undefined);
    if (pool) {
      await pool.destroy().catch(() => undefined);
      await pool.undefine().catch(() => undefined);
    }
    for (const s of secrets) await s.undefine().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
    await conn.close();
  }
});
