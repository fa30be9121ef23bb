// The conversions of libvirt-allocated results free what libvirt allocated:
// thousands of rounds of list, typed-parameter, stats, struct and stream
// calls leave RSS flat and no handle alive.
import { execFileSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

test('12k rounds of converting calls: RSS stays flat, wrappers freed', () => {
  const out = execFileSync(process.execPath, ['--expose-gc', path.join(ROOT, 'tools/leak-check-api.js'), '12000'], {
    encoding: 'utf8',
    cwd: ROOT,
  });
  const r = JSON.parse(out.trim().split('\n').pop() as string);
  // the connection, the domain and the pool the rounds use
  expect(r.warm.live).toBe(3);
  expect(r.after.live).toBe(3);
  // 12000 rounds x 24 calls; a leak of 100 bytes per call would be 28 MiB
  expect((r.after.rss - r.warm.rss) / 1048576).toBeLessThan(8);
});
