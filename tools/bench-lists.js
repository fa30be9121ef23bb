#!/usr/bin/env node
'use strict';
// node tools/bench-lists.js [ROUNDS] [DIR...]
// What a list of 500 domains costs the JavaScript thread in each checkout
// (this one when no DIR is given; built, as for bench.js --baseline), in
// alternating fresh processes on test:///default: listAllDomains (the call
// and the 500 wrappers) and free() on each of them. Prints one JSON line per
// checkout with the medians of the rounds, in us; cpu_per_list_us is the
// process's CPU time (every thread) per list made and freed, over 50 lists.
// node tools/bench-lists.js --child DIR LISTS: one process making LISTS
// lists, for instruction counts: the difference between two runs under
// `valgrind --tool=callgrind` (LISTS 10 and 60), over 25,000 elements.
const { spawnSync } = require('child_process');
const path = require('path');

const median = (xs) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

if (process.argv[2] === '--child') {
  const lv = require(path.resolve(process.argv[3]));
  (async () => {
    const c = await lv.open('test:///default');
    for (let i = 0; i < 499; i++)
      (await c.defineXML(`<domain type='test'><name>l${i}</name><memory>65536</memory><os><type>hvm</type></os></domain>`)).free();
    const list = [], free = [];
    let cpu0;
    const lists = Number(process.argv[4] || 60);
    for (let r = 0; r < lists; r++) {
      if (r === 10) cpu0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      const doms = await c.listAllDomains(0);
      const t1 = process.hrtime.bigint();
      for (const d of doms) d.free();
      const t2 = process.hrtime.bigint();
      if (r >= 10) list.push(Number(t1 - t0) / 1e3), free.push(Number(t2 - t1) / 1e3);
    }
    await c.close();  // waits for the references dropped off the JavaScript thread
    const cpu = process.cpuUsage(cpu0);
    console.log(JSON.stringify({ list: median(list), free: median(free), cpu: (cpu.user + cpu.system) / Math.max(lists - 10, 1) }));
  })();
} else {
  const rounds = Number(process.argv[2] || 5);
  const dirs = process.argv.length > 3 ? process.argv.slice(3).map((d) => path.resolve(d)) : [path.resolve(__dirname, '..')];
  const res = new Map(dirs.map((d) => [d, { list: [], free: [], cpu: [] }]));
  for (let r = 0; r < rounds; r++) {
    for (const d of r % 2 ? [...dirs].reverse() : dirs) {
      const out = spawnSync(process.execPath, [__filename, '--child', d], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`${d}: ${out.stderr}`);
      const j = JSON.parse(out.stdout.trim());
      res.get(d).list.push(j.list);
      res.get(d).free.push(j.free);
      res.get(d).cpu.push(j.cpu);
    }
  }
  for (const [d, x] of res)
    console.log(JSON.stringify({ checkout: d, rounds, 'listAllDomains(500)_us': +median(x.list).toFixed(1), 'free()x500_us': +median(x.free).toFixed(1), cpu_per_list_us: +median(x.cpu).toFixed(1) }));
}
