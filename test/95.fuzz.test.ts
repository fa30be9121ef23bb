// The crash hunter (tools/fuzz-api.js, `npm run fuzz`) in its short form:
// every exported function and wrapper method, with hostile arguments and
// misuse scenarios, on test:///default. It found a SIGABRT reachable from any
// method that unwraps a handle; this keeps such a crash from coming back.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

test('95 fuzz: no hostile argument or misuse scenario ends the process (--quick, seed 1)', () => {
  const findings = fs.mkdtempSync(path.join(os.tmpdir(), 'lvn-fuzz-'));
  try {
    const r = spawnSync(process.execPath, [path.join(__dirname, '..', 'tools', 'fuzz-api.js'), '--quick', '--seed', '1',
      '--findings', findings], { encoding: 'utf8', timeout: 600000 });
    const out = r.stdout + r.stderr;
    const exercised = /(\d+) functions\/methods exercised \(of (\d+)\)/.exec(out);
    expect(exercised).not.toBeNull();
    expect(Number(exercised![1])).toBeGreaterThan(500);
    expect(out).toMatch(/^CRASHES: 0$/m);
    expect(r.status).toBe(0);
    expect(fs.readdirSync(findings)).toEqual([]);
  } finally {
    fs.rmSync(findings, { recursive: true, force: true });
  }
}, 660000);
