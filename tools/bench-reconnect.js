#!/usr/bin/env node
'use strict';
// npm run bench:reconnect -- [RESTARTS] [INITIAL_DELAY_MS]
// How long a reconnecting connection (open(uri, { reconnect })) takes to deliver
// events again after libvirtd comes back: libvirtd (the one scripts/libvirtd.sh
// runs) is stopped and started RESTARTS times (default 5); from the moment the
// daemon answers again (`libvirtd.sh start` returned), another connection
// defines and undefines a domain every 20 ms until the iterator opened before
// the restarts yields its first event. Prints each time and the median.
// Restarts the shared libvirtd: each is logged in /tmp/libvirtd-restarts.log.
// LIBVIRT_NAPI_LIBVIRTD_SCRIPT: the script used to start the daemon (default ours).
const fs = require('fs');
const path = require('path');
const { execFile } = require('child_process');
const { promisify } = require('util');
const lv = require('..');

const run = promisify(execFile);
const OWN = path.resolve(__dirname, '../scripts/libvirtd.sh');
const START = process.env.LIBVIRT_NAPI_LIBVIRTD_SCRIPT || OWN;
const URI = process.env.LIBVIRT_NAPI_SYSTEM_URI || 'qemu:///system';
const name = `napi-recon-bench-${process.pid}`;
const xml = `<domain type='qemu'><name>${name}</name><memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os></domain>`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const restarts = Number(process.argv[2] || 5);
  const initialDelayMs = Number(process.argv[3] || 200);
  const conn = await lv.open(URI, { reconnect: { initialDelayMs } });
  const it = conn.events({ domainEvents: [lv.VIR_DOMAIN_EVENT_ID_LIFECYCLE] });
  await it.ready;
  let onEvent = null;
  void (async () => {
    for await (const ev of it) if (ev.domain.name() === name && onEvent) onEvent();
  })();
  const times = [];
  try {
    for (let i = 0; i < restarts; i++) {
      fs.appendFileSync('/tmp/libvirtd-restarts.log', `${new Date().toUTCString()}, reconnect (tools/bench-reconnect.js), stop + start ${i + 1}/${restarts}\n`);
      await run('bash', [OWN, 'stop']);
      await sleep(300);
      await run('bash', [START, 'start']);
      const back = process.hrtime.bigint();
      const got = new Promise((r) => (onEvent = r));
      let done = false;
      void got.then(() => (done = true));
      const other = await lv.open(URI);
      while (!done) {
        const d = await other.defineXML(xml);
        await d.undefine();
        await Promise.race([got, sleep(20)]);
      }
      onEvent = null;
      const ms = Number(process.hrtime.bigint() - back) / 1e6;
      times.push(ms);
      console.log(`restart ${i + 1}: first event on the old iterator ${ms.toFixed(0)} ms after libvirtd answered`);
      await other.close();
    }
  } finally {
    await run('bash', [START, 'start']).catch(() => undefined);
    await it.close();
    await conn.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`median of ${times.length} restarts: ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms (initialDelayMs ${initialDelayMs}; min ${sorted[0].toFixed(0)}, max ${sorted[sorted.length - 1].toFixed(0)})`);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
