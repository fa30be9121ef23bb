#!/usr/bin/env node
'use strict';
// npm run bench:events -- [N] [DOMAINS]
// Events delivered per second from test:///default lifecycle churn (suspend /
// resume of running domains, 32 at once by default), checking that none is
// lost, and the latency from libvirt's C callback to the JavaScript listener.
const lv = require('..');
const { setEventLatencyProbe } = require('../dist/events');

async function main() {
  const width = Number(process.argv[3] || 32); // domains churned at once
  const perDom = Math.ceil(Number(process.argv[2] || 100000) / width / 2); // suspend+resume rounds per domain
  const n = perDom * width * 2; // events produced
  const conn = await lv.open('test:///default');
  const doms = [];
  for (let i = 0; i < width; i++) {
    const d = await conn.defineXML(`<domain type='test'><name>bench-ev-${process.pid}-${i}</name><memory>1024</memory><os><type>hvm</type></os></domain>`);
    await d.create();
    doms.push(d);
  }
  const latencies = new Float64Array(n + 64);
  let received = 0;
  const perDomain = new Map(doms.map((d) => [d.name(), []]));
  setEventLatencyProbe((at) => {
    if (received < latencies.length) latencies[received] = Number(process.hrtime.bigint()) - at;
  });
  let last;
  const allIn = new Promise((resolve) => (last = resolve));
  const id = await conn.domainEventRegisterAny(null, lv.VIR_DOMAIN_EVENT_ID_LIFECYCLE, (_c, dom, event) => {
    received++;
    const seq = perDomain.get(dom.name());
    if (seq) seq.push(event);
    dom.free();
    if (received === n) last();
  });
  const t0 = process.hrtime.bigint();
  await Promise.all(doms.map(async (d) => {
    for (let i = 0; i < perDom; i++) {
      await d.suspend();
      await d.resume();
    }
  }));
  const produced = process.hrtime.bigint();
  await Promise.race([allIn, new Promise((r) => setTimeout(r, 10000))]);
  const t1 = process.hrtime.bigint();
  setEventLatencyProbe(null);
  await conn.domainEventDeregisterAny(id);
  // none lost, none reordered: each domain alternates SUSPENDED, RESUMED
  let ordered = true;
  for (const seq of perDomain.values()) {
    if (seq.length !== perDom * 2) ordered = false;
    for (let i = 0; i < seq.length; i++) {
      if (seq[i] !== (i % 2 === 0 ? lv.VIR_DOMAIN_EVENT_SUSPENDED : lv.VIR_DOMAIN_EVENT_RESUMED)) ordered = false;
    }
  }
  const lat = Array.from(latencies.subarray(0, Math.min(received, latencies.length))).sort((a, b) => a - b);
  const pct = (p) => +(lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))] / 1000).toFixed(1);
  const secs = Number(t1 - t0) / 1e9;
  console.log(JSON.stringify({
    impl: 'libvirt-napi', uri: 'test:///default', op: 'events', produced: n, received, lost: n - received, ordered_per_domain: ordered,
    events_per_s: Math.round(received / secs), produce_s: +(Number(produced - t0) / 1e9).toFixed(3),
    latency_us_p50: pct(50), latency_us_p99: pct(99), latency_us_max: pct(100),
  }));
  for (const d of doms) {
    await d.destroy();
    await d.undefine();
  }
  await conn.close();
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
