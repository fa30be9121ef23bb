#!/usr/bin/env node
'use strict';
// node tools/bench-lists.js [ROUNDS] [DIR...]
// What a list of 500 domains costs the JavaScript thread in each checkout
// (this one when no DIR is given; built, as for bench.js --baseline), in
// alternating fresh processes on test:///default: listAllDomains (the call
// and the 500 wrappers) and free() on each of them. Prints one JSON line per
// checkout with the medians of the rounds, in us.
const { spawnSync } = require('child_process');
const path = require('path');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

if (process.argv[2] === '--child') {
  const lv = require(process.argv[3]);
  (async () => {
    const c = await lv.open('test:///default');
    for (let i = 0; i < 499; i++)
      (await c.defineXML(`<domain type='test'><name>l${i}</name><memory>65536</memory><os><type>hvm</type></os></domain>`)).free();
    const list = [], free = [];
    for (let r = 0; r < 60; r++) {
      const t0 = process.hrtime.bigint();
      const doms = await c.listAllDomains(0);
      const t1 = process.hrtime.bigint();
      for (const d of doms) d.free();
      const t2 = process.hrtime.bigint();
      if (r >= 10) list.push(Number(t1 - t0) / 1e3), free.push(Number(t2 - t1) / 1e3);
    }
    await c.close();
    console.log(JSON.stringify({ list: median(list), free: median(free) }));
  })();
} else {
  const rounds = Number(process.argv[2] || 5);
  const dirs = process.argv.length > 3 ? process.argv.slice(3).map((d) => path.resolve(d)) : [path.resolve(__dirname, '..')];
  const res = new Map(dirs.map((d) => [d, { list: [], free: [] }]));
  for (let r = 0; r < rounds; r++) {
    for (const d of r % 2 ? [...dirs].reverse() : dirs) {
      const out = spawnSync(process.execPath, [__filename, '--child', d], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`${d}: ${out.stderr}`);
      const j = JSON.parse(out.stdout.trim());
      res.get(d).list.push(j.list);
      res.get(d).free.push(j.free);
    }
  }
  for (const [d, x] of res)
    console.log(JSON.stringify({ checkout: d, rounds, 'listAllDomains(500)_us': +median(x.list).toFixed(1), 'free()x500_us': +median(x.free).toFixed(1) }));
}
