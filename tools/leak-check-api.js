#!/usr/bin/env node
'use strict';
// Run with --expose-gc: n rounds of the calls whose results the binding
// converts from libvirt-allocated memory (handle lists, names lists, typed
// parameters both ways, stats records, structs, string lists, stream
// transfers); prints RSS and live handles after a warm-up and after the run.
//   node --expose-gc tools/leak-check-api.js 3000
const lv = require('..');
const { addon } = require('../dist/native');

async function round(conn, dom, pool) {
  await conn.listAllNetworks();
  await conn.listAllStoragePools();
  await conn.listDefinedDomains();
  await conn.listNetworks();
  await conn.getAllDomainStats(0);
  await conn.domainListGetStats([dom]);
  await dom.memoryParameters();
  await dom.setMemoryParameters({ hard_limit: 1048576n, soft_limit: 'unlimited'.length });
  await dom.blkioParameters();
  await dom.perfEvents();
  await dom.getCPUStats(false);
  await dom.memoryStats();
  await dom.vcpus();
  await dom.fsInfo();
  await dom.interfaceAddresses(0);
  await dom.diskErrors();
  await dom.blockInfo('vda');
  await dom.messages();
  await pool.info();
  await pool.listAllVolumes();
  await conn.getCPUMap();
  const st = await conn.newStream(0);
  await dom.screenshot(st, 0);
  await st.recvAll(() => undefined);
  await st.finish();
  st.free();
}

async function main() {
  const n = Number(process.argv[2] || 3000);
  const conn = await lv.open('test:///default');
  const dom = await conn.lookupByName('test');
  const pool = (await conn.listAllStoragePools())[0];
  const settle = async () => {
    for (let i = 0; i < 4; i++) {
      global.gc();
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  for (let i = 0; i < 200; i++) await round(conn, dom, pool);
  await settle();
  const warm = { rss: process.memoryUsage().rss, live: addon._stats().liveHandles };
  for (let i = 0; i < n; i++) await round(conn, dom, pool);
  await settle();
  const after = { rss: process.memoryUsage().rss, live: addon._stats().liveHandles };
  dom.free();
  pool.free();
  await conn.close();
  console.log(JSON.stringify({ n, warm, after }));
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
