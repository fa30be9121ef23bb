// Tests with node:test (run: node --test examples/testing-node-test.mjs): each test gets
// its own test hypervisor, a scope removes what a test made even when it fails, and a
// sweep never touches what a running process made.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testHypervisor, scope, sweep } from 'libvirt-napi/testing';

const PREFIX = 'nodetest';

test('the host is what the spec describes', async (t) => {
  const conn = await testHypervisor({ cpu: { cores: 4 }, networks: [{ name: 'lan' }] });
  t.after(() => conn.close());
  assert.equal((await conn.getInfo()).cpus, 4);
  assert.deepEqual((await conn.listAllNetworks()).map((n) => n.name()), ['lan']);
});

test('a scope removes what the test made', async (t) => {
  const conn = await testHypervisor();
  t.after(() => conn.close());
  const s = scope(conn, { prefix: PREFIX });
  try {
    const net = await s.defineNetwork(`<network><name>${s.name('lan')}</name></network>`);
    assert.ok(net.name().startsWith(s.prefix));
    // this process is running: its objects are not the sweep's
    assert.deepEqual(await sweep(conn, { prefix: PREFIX, dryRun: true }), []);
  } finally {
    await s.close();
  }
  assert.deepEqual(await conn.listAllNetworks(), []);
});
