// guest.up from a spec file, waiting for the guest agent; a command run in the guest;
// its addresses; guest.down. Usage: node guest-ready.js URI SPEC.json
// (the spec's guest runs qemu-guest-agent; `npm run test-image -- DIR` makes one).
import * as fs from 'fs';
import { open, guest } from 'libvirt-napi';

async function main(): Promise<void> {
  const uri = process.argv[2] ?? 'qemu:///system';
  const spec = JSON.parse(fs.readFileSync(process.argv[3], 'utf8')) as guest.GuestSpec;
  const conn = await open(uri);
  try {
    const ac = new AbortController();
    process.once('SIGINT', () => ac.abort());            // Ctrl-C: up removes what it made
    const { domain } = await guest.up(conn, spec, {
      wait: 'agent',                                     // until the agent answers guest-ping
      timeoutMs: 300_000,
      signal: ac.signal,
      onProgress: (p) => console.error(`.. ${p.step}`),
    });
    try {
      const r = await guest.exec(domain, ['cat', '/proc/sys/kernel/hostname']);
      console.log(`exit ${r.exitCode}: hostname ${r.stdout.trim()}`);
      const sum = await guest.exec(domain, ['sh', '-c', 'wc -c'], { input: 'four' });
      console.log(`stdin: ${sum.stdout.trim()} bytes`);
      for (const itf of await guest.addresses(domain)) {
        console.log(`${itf.name} ${itf.hwaddr}: ${itf.addresses.map((a) => `${a.address}/${a.prefix}`).join(' ')}`);
      }
    } finally {
      const down = await guest.down(conn, spec.name);   // the domain, its overlay and seed volumes
      console.log(`down: ${down.deletedVolumes.length} volumes deleted`);
    }
  } finally {
    await conn.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
