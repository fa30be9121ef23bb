#!/usr/bin/env node
'use strict';
// Run with --expose-gc: N lookups whose wrappers are dropped at once; prints
// RSS and live libvirt handles after a warm-up and after the run, as JSON.
// Used by test/50.stress.test.ts; also handy by hand:
//   node --expose-gc tools/leak-check.js test:///default 100000
const lv = require('..');
const { addon } = require('../dist/native');

async function main() {
  const uri = process.argv[2] || 'test:///default';
  const n = Number(process.argv[3] || 100000);
  const conn = await lv.open(uri);
  const name = (await conn.listAllDomains())[0].name();
  const settle = async () => {
    for (let i = 0; i < 4; i++) {
      global.gc();
      await new Promise((r) => setImmediate(r));
    }
  };
  const run = async (count) => {
    for (let i = 0; i < count; i += 100) {
      await Promise.all(Array.from({ length: 100 }, () => conn.lookupByName(name)));
    }
  };
  const base = addon._stats().liveHandles;
  await run(10000);
  await settle();
  const warm = { rss: process.memoryUsage().rss, live: addon._stats().liveHandles };
  await run(n);
  await settle();
  const after = { rss: process.memoryUsage().rss, live: addon._stats().liveHandles };
  // a wrapper stays alive while a call on it is in flight, even unreferenced
  let inflight = 0;
  const pending = [];
  for (let i = 0; i < 200; i++) pending.push((await conn.lookupByName(name)).XMLDesc().then((x) => x.includes(name) && inflight++));
  await settle();
  await Promise.all(pending);
  const closeCount = await conn.close();
  console.log(JSON.stringify({ uri, n, base, warm, after, inflightOk: inflight, closeCount, liveAfterClose: addon._stats().liveHandles }));
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
