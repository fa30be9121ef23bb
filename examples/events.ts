// Domain lifecycle events, two ways: an async iterable ended by an AbortController,
// and a python-libvirt style callback.
// Usage: node events.js [uri]   (default test:///default)
import {
  open, Connection, Domain,
  VIR_DOMAIN_EVENT_ID_LIFECYCLE,
  VIR_DOMAIN_EVENT_DEFINED, VIR_DOMAIN_EVENT_UNDEFINED, VIR_DOMAIN_EVENT_STARTED,
  VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_RESUMED, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_SHUTDOWN,
} from 'libvirt-napi';

const EVENTS: Record<number, string> = {
  [VIR_DOMAIN_EVENT_DEFINED]: 'defined', [VIR_DOMAIN_EVENT_UNDEFINED]: 'undefined',
  [VIR_DOMAIN_EVENT_STARTED]: 'started', [VIR_DOMAIN_EVENT_SUSPENDED]: 'suspended',
  [VIR_DOMAIN_EVENT_RESUMED]: 'resumed', [VIR_DOMAIN_EVENT_STOPPED]: 'stopped', [VIR_DOMAIN_EVENT_SHUTDOWN]: 'shutdown',
};

async function domainXML(conn: Connection, name: string): Promise<string> {
  const uri = await conn.getURI();
  const type = uri.startsWith('test:') ? 'test' : /<domain type='kvm'/.test(await conn.getCapabilities()) ? 'kvm' : 'qemu';
  return `<domain type='${type}'><name>${name}</name><memory unit='MiB'>64</memory><os><type>hvm</type></os></domain>`;
}

async function main(): Promise<void> {
  const uri = process.argv[2] ?? 'test:///default';
  const name = `lvn-example-${process.pid}-events`;
  const conn = await open(uri);
  let dom: Domain | null = null;
  try {
    // python-libvirt style: callback(conn, dom, event, detail, opaque) for every domain (null)
    const callbackId = await conn.domainEventRegisterAny(null, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
      (_conn: Connection, d: Domain, event: number, detail: number) => {
        if (d.name() === name) console.log(`callback: ${EVENTS[event] ?? event} (detail ${detail})`);
      });

    // typed events as an async iterable; aborting the signal ends the for-await loop
    const ac = new AbortController();
    const events = conn.events({ domainEvents: [VIR_DOMAIN_EVENT_ID_LIFECYCLE], signal: ac.signal });
    await events.ready;                                   // registered: nothing from here on is missed
    const timeout = setTimeout(() => ac.abort(), 30_000); // never wait for ever
    const reader = (async () => {
      for await (const ev of events) {
        if (ev.kind === 'domain' && ev.name === 'lifecycle' && ev.domain.name() === name) {
          console.log(`event: ${EVENTS[ev.event] ?? ev.event}`);
          if (ev.event === VIR_DOMAIN_EVENT_UNDEFINED) ac.abort();
        }
      }
      console.log('events: iteration ended');
    })();

    dom = await conn.defineXML(await domainXML(conn, name));
    await dom.create();
    await dom.suspend();
    await dom.resume();
    await dom.destroy();
    await dom.undefine();
    dom = null;

    await reader;
    clearTimeout(timeout);
    await conn.domainEventDeregisterAny(callbackId);
  } finally {
    if (dom) {
      if (await dom.isActive()) await dom.destroy();
      await dom.undefine();
    }
    await conn.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
