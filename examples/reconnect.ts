// A long-running manager: a connection that reopens itself when libvirtd restarts,
// with one events() loop that tracks every domain's state across outages.
// Usage: node reconnect.js [uri] [seconds]   (default test:///default, 0: stop at once)
// With a uri of a real daemon and some seconds, restart libvirtd meanwhile and watch
// the loop report disconnected / reconnected / resync and carry on.
import { open, VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_RUNNING, VIR_DOMAIN_SHUTOFF } from 'libvirt-napi';

async function main(): Promise<void> {
  const uri = process.argv[2] ?? 'test:///default';
  const seconds = Number(process.argv[3] ?? 0);
  const conn = await open(uri, {
    reconnect: { initialDelayMs: 200, maxDelayMs: 10_000 },
    callTimeoutMs: 30_000,
    onConnectionChange: (ev) => console.log(`connection: ${ev.name}`),
  });
  // also notices a daemon that hangs; kept across reconnects (the in-process test driver has none)
  if (!uri.startsWith('test:')) await conn.setKeepAlive(5, 3);

  // name -> running?, kept up to date by lifecycle events, and by `resync` after an outage
  const running = new Map<string, boolean>();
  for (const dom of await conn.listAllDomains()) running.set(dom.name(), (await dom.state())[0] === VIR_DOMAIN_RUNNING);

  const ac = new AbortController();
  const events = conn.events({ connection: true, signal: ac.signal });
  const loop = (async () => {
    for await (const ev of events) {
      if (ev.kind === 'connection') {
        if (ev.name === 'reconnected') console.log(`back after ${ev.downtimeMs} ms (${ev.attempts} attempt(s))`);
        if (ev.name === 'resync') {
          // libvirt does not replay what happened during the outage: catch up from the snapshot
          for (const d of ev.domains) running.set(d.name, d.state === VIR_DOMAIN_RUNNING);
          console.log(`resync: ${ev.domains.length} domain(s)`);
        }
      } else if (ev.kind === 'domain' && ev.name === 'lifecycle') {
        if (ev.event === VIR_DOMAIN_EVENT_STARTED) running.set(ev.domain.name(), true);
        if (ev.event === VIR_DOMAIN_EVENT_STOPPED) running.set(ev.domain.name(), false);
        console.log(`event: ${ev.domain.name()} running=${running.get(ev.domain.name())}`);
      }
    }
  })();
  await events.ready;

  // objects from before an outage keep working: they look themselves up again after it
  const doms = await conn.listAllDomains();
  const first = doms[0];
  if (first) {
    const [state] = await first.info();
    console.log(`${first.name()}: ${state === VIR_DOMAIN_SHUTOFF ? 'shut off' : `state ${state}`}`);
  }
  await new Promise((r) => setTimeout(r, seconds * 1000));
  console.log(`running: ${[...running].filter(([, r]) => r).map(([n]) => n).sort().join(', ')}`);
  ac.abort();
  await loop;
  await conn.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
