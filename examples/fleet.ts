// Several hosts at once: one connection per host, their guests listed with
// their states, their events merged into one stream tagged with the host. A
// host that cannot be reached, or that goes away, is reported for that host
// alone; the others go on.
// Usage: LIBVIRT_USER=... LIBVIRT_PASSWORD=... node fleet.js NAME=URI [NAME=URI...]
//   e.g. web1=qemu+tls://web1.example.org/system?pkipath=/etc/pki/fleet
//        db1=qemu+libssh://root@db1.example.org/system?keyfile=/etc/fleet/id_ed25519&known_hosts=/etc/fleet/known_hosts&no_tty=1
// To have something to watch, it defines and undefines one guest through the
// first host and waits until every connected host has reported both events.
import {
  openAuth, Connection, LibvirtError, LibvirtEvent,
  VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
  VIR_DOMAIN_EVENT_DEFINED, VIR_DOMAIN_EVENT_UNDEFINED,
} from 'libvirt-napi';

interface Host {
  name: string;
  uri: string;
  conn: Connection;
}
type Tagged = { host: string; event: LibvirtEvent } | { host: string; error: unknown };

const STATES = ['no state', 'running', 'blocked', 'paused', 'shutting down', 'shut off', 'crashed', 'suspended'];

/** A short, credential-free description of a failure. */
function why(e: unknown): string {
  return e instanceof LibvirtError ? `${e.codeName}: ${e.message}` : String(e);
}

/** Opens one host; SASL credentials (if the host asks) come from the environment. */
function connect(uri: string): Promise<Connection> {
  return openAuth(uri, {
    credTypes: [VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE],
    callback: (creds) => {
      for (const c of creds) c.result = (c.type === VIR_CRED_AUTHNAME ? process.env.LIBVIRT_USER : process.env.LIBVIRT_PASSWORD) ?? null;
    },
  });
}

/** Every host's events() as one stream: each item tagged with its host; a host's failure is an item too. */
async function* merge(hosts: Host[], signal: AbortSignal): AsyncGenerator<Tagged> {
  const queue: Tagged[] = [];
  const idle = () => undefined;
  let wake: () => void = idle;
  const push = (t: Tagged) => {
    queue.push(t);
    wake();
  };
  let running = hosts.length;
  for (const h of hosts) {
    void (async () => {
      try {
        for await (const event of h.conn.events({ domainEvents: [VIR_DOMAIN_EVENT_ID_LIFECYCLE], signal })) push({ host: h.name, event });
      } catch (error) {
        push({ host: h.name, error });
      } finally {
        running--;
        wake();
      }
    })();
  }
  while (queue.length || running > 0) {
    if (!queue.length) await new Promise<void>((r) => (wake = r));
    wake = idle;
    while (queue.length) yield queue.shift() as Tagged;
  }
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).map((a) => {
    const i = a.indexOf('=');
    if (i < 1) throw new Error(`expected NAME=URI, got "${a}"`);
    return { name: a.slice(0, i), uri: a.slice(i + 1) };
  });
  if (!wanted.length) throw new Error('usage: fleet.js NAME=URI [NAME=URI...]');

  // one connection per host, opened concurrently; a refused host is reported and left out
  const opened = await Promise.allSettled(wanted.map((w) => connect(w.uri)));
  const hosts: Host[] = [];
  opened.forEach((r, i) => {
    if (r.status === 'fulfilled') hosts.push({ ...wanted[i], conn: r.value });
    else console.log(`${wanted[i].name}: unreachable (${why(r.reason)})`);
  });
  const gone = new Set<string>();
  for (const h of hosts) {
    await h.conn.registerCloseCallback(() => {
      gone.add(h.name);
      console.log(`${h.name}: connection lost`);
    });
    await h.conn.setKeepAlive(5, 3);
  }

  try {
    // every guest of every host, with its state
    await Promise.all(hosts.map(async (h) => {
      try {
        for (const d of await h.conn.listAllDomains()) {
          const [state] = await d.state();
          console.log(`${h.name}: ${d.name()} ${STATES[state] ?? state}`);
        }
      } catch (e) {
        console.log(`${h.name}: cannot list guests (${why(e)})`);
      }
    }));
    if (!hosts.length) return;

    // watch the merged stream while a guest comes and goes on the first host
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 30_000);
    const guest = `lvn-example-${process.pid}-fleet`;
    const seen = new Map<string, string[]>(hosts.map((h) => [h.name, []]));
    const stream = merge(hosts, ac.signal);
    const watching = (async () => {
      for await (const t of stream) {
        if ('error' in t) {
          console.log(`${t.host}: events stopped (${why(t.error)})`);
          seen.delete(t.host);
        } else if (t.event.kind === 'domain' && t.event.name === 'lifecycle' && t.event.domain.name() === guest) {
          const what = t.event.event === VIR_DOMAIN_EVENT_DEFINED ? 'defined' : t.event.event === VIR_DOMAIN_EVENT_UNDEFINED ? 'undefined' : `event ${t.event.event}`;
          seen.get(t.host)?.push(what);
          console.log(`${t.host}: event ${guest} ${what}`);
        }
        if ([...seen.values()].every((s) => s.includes('undefined'))) ac.abort();
      }
    })();
    await new Promise((r) => setTimeout(r, 200)); // let every host register its callbacks
    const first = hosts[0].conn;
    const d = await first.defineXML(
      `<domain type='qemu'><name>${guest}</name><memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os></domain>`);
    try {
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await d.undefine();
    }
    await watching;
    clearTimeout(timer);
    for (const [host, s] of seen) console.log(`${host}: saw ${s.join(', ') || 'nothing'}`);
  } finally {
    await Promise.all(hosts.filter((h) => !gone.has(h.name)).map((h) => h.conn.close().catch(() => undefined)));
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
