#!/usr/bin/env node
'use strict';
// node tools/bench-calls.js DIR URI OP N
// N awaited calls of one op (caps: getCapabilities, xml: dom.XMLDesc(0),
// ver: getLibVersion, info: dom.info) with the build at DIR, on a domain it
// defines and undefines: for instruction counts, the difference between two
// runs under `valgrind --tool=callgrind` (N 100 and 600), over 500 calls.
const lv = require(require('path').resolve(process.argv[2]));
const uri = process.argv[3], op = process.argv[4], n = +process.argv[5];
(async () => {
  const c = await lv.open(uri);
  const name = 'lvn-bench-calls-' + process.pid;
  const xml = uri.startsWith('test') ? `<domain type='test'><name>${name}</name><memory>65536</memory><os><type>hvm</type></os></domain>` : `<domain type='qemu'><name>${name}</name><memory unit='MiB'>64</memory><os><type arch='x86_64' machine='pc'>hvm</type></os></domain>`;
  const d = await c.defineXML(xml);
  try {
    const f = op === 'caps' ? () => c.getCapabilities() : op === 'xml' ? () => d.XMLDesc(0) : op === 'ver' ? () => c.getLibVersion() : () => d.info();
    for (let i = 0; i < n; i++) await f();
  } finally { await d.undefine(); await c.close(); }
})();
