// The addon in worker_threads: it loads and works in several workers at
// once, each with its own state, and a worker that is terminated (while it
// loads the addon, or with calls in flight) never takes the process down.
// Each scenario runs in a child process, whose exit status and stderr tell.
import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const PKG = JSON.stringify(ROOT);

function inChild(script: string, timeout = 120000): { status: number | null; signal: string | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

describe('86 worker threads', () => {
  test('workers terminated while they load the addon: the process lives on', () => {
    const r = inChild(`
      const { Worker } = require('worker_threads');
      (async () => {
        for (let r = 0; r < 40; r++) {
          const w = [1, 2, 3, 4].map(() => new Worker('require(${PKG})', { eval: true }));
          await new Promise((s) => setTimeout(s, 20 + (r % 10) * 8));
          await Promise.all(w.map((x) => x.terminate()));
        }
        console.log('alive');
      })();`);
    expect(r.stderr).toBe('');
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('alive');
  });

  test('4 workers at once, each with its own state, doing 1,000 calls each; terminated mid-call', () => {
    const r = inChild(`
      const { Worker } = require('worker_threads');
      const code = \`
        const lv = require(${PKG});
        const { parentPort, workerData } = require('worker_threads');
        (async () => {
          const c = await lv.open('test:///default');
          // this worker's own LibvirtError class: the error factory is per worker
          const e = await c.lookupByName('no-such-domain').catch((x) => x);
          const own = e instanceof lv.LibvirtError && e.code === lv.VIR_ERR_NO_DOMAIN;
          let n = 0;
          const one = async () => {
            for (let i = 0; i < 250; i++) {
              const k = (await c.listAllDomains()).length;
              n += k;
              if (i === 20 && workerData.report) parentPort.postMessage('busy');
            }
          };
          await Promise.all([one(), one(), one(), one()]);
          await c.close();
          parentPort.postMessage({ n, own });
        })();\`;
      const start = (report) => new Worker(code, { eval: true, workerData: { report } });
      const finished = (w) => new Promise((res, rej) => { w.on('message', (m) => { if (m !== 'busy') res(m); }); w.on('error', rej); });
      (async () => {
        // 4 at once, to the end: 1,000 calls each
        const done = await Promise.all([1, 2, 3, 4].map(() => finished(start(false))));
        // 4 at once, terminated with calls in flight, 10 rounds
        for (let round = 0; round < 10; round++) {
          const ws = [1, 2, 3, 4].map(() => start(true));
          await Promise.all(ws.map((w) => new Promise((r) => w.once('message', r))));
          await new Promise((r) => setTimeout(r, round * 3));
          await Promise.all(ws.map((w) => w.terminate()));
        }
        // and the main thread still works
        const lv = require(${PKG});
        const c = await lv.open('test:///default');
        console.log(JSON.stringify({ done, after: (await c.listAllDomains()).length }));
        await c.close();
      })();`);
    expect(r.stderr).toBe('');
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout.trim());
    // the test driver's one domain, 1,000 times, in each worker
    expect(out.done).toEqual(Array(4).fill({ n: 1000, own: true }));
    expect(out.after).toBe(1);
  });

  test('workers that exit with calls in flight, beside others that finish: no crash', () => {
    const r = inChild(`
      const { Worker } = require('worker_threads');
      const code = \`
        const lv = require(${PKG});
        const { parentPort, workerData } = require('worker_threads');
        (async () => {
          const c = await lv.open('test:///default');
          let n = 0;
          for (let i = 0; i < 200; i++) n += (await c.listAllDomains()).length;
          parentPort.postMessage(n);
          if (workerData.abandon) { for (let i = 0; i < 50; i++) c.getCapabilities(); process.exit(0); }
          await c.close();
        })();\`;
      const run = (abandon) => new Promise((res, rej) => {
        const w = new Worker(code, { eval: true, workerData: { abandon } });
        let got = null;
        w.on('message', (n) => { got = n; });
        w.on('error', rej);
        w.on('exit', () => res(got));
      });
      (async () => {
        let results = [];
        for (let round = 0; round < 4; round++) results = results.concat(await Promise.all([run(false), run(true), run(true)]));
        console.log(JSON.stringify(results));
      })();`);
    expect(r.stderr).toBe('');
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toEqual(Array(12).fill(200));
  });
});
