// Remote hosts as production exposes them: the daemon scripts/libvirtd.sh runs,
// reached over TLS (x509 certificates), SSH (libssh and libssh2) and TCP with
// SASL, next to the UNIX socket. Who is let in, who is kept out (quickly, with
// a LibvirtError), read-only sessions, a frozen daemon, and no secret in any
// message.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as lv from '../src';
import { cleanupDomains, libvirtError, openSystem, saslUser, until, x86DomainType } from './helpers/libvirt';
import { DAEMON_LOG, PKI, SSH, SASL_CREDS, saslAnswer, sshURI, tlsURI, transports, Transport } from './helpers/remote';

const PREFIX = `napi-remote-${process.pid}-`;
const CONF = '/etc/libvirt-napi';
const PIDFILE = '/run/libvirt-napi/libvirtd.pid';
const DAEMON = path.resolve(__dirname, '../scripts/libvirtd.sh');
let counter = 0;
const name = (tag: string) => `${PREFIX}${++counter}-${tag}`;
const names = (doms: lv.Domain[]) => doms.map((d) => d.name()).sort();

const u = saslUser('remote transport tests');
let local: lv.Connection | null = null;
let virtType: 'kvm' | 'qemu' = 'qemu';
let logStart = 0;
const domainXML = (n: string) =>
  `<domain type='${virtType}'><name>${n}</name><memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os></domain>`;

beforeAll(async () => {
  local = await openSystem();
  if (local) virtType = await x86DomainType(local);
  logStart = fs.existsSync(DAEMON_LOG) ? fs.statSync(DAEMON_LOG).size : 0;
});
afterAll(async () => {
  if (!local) return;
  const fresh = await lv.open('qemu:///system'); // `local` may have been cut by the freeze test
  await cleanupDomains(fresh, PREFIX);
  await fresh.close();
  await local.close().catch(() => undefined);
});

describe('remote set-up: loopback only, secrets kept', () => {
  test('libvirtd (TCP 16509, TLS 16514) and sshd (2222) listen on 127.0.0.1 and nowhere else', () => {
    if (!u) return;
    const pids = [fs.readFileSync(PIDFILE, 'utf8').trim(), fs.readFileSync('/run/libvirt-napi/sshd.pid', 'utf8').trim()];
    const ours = execFileSync('ss', ['-Hltnp'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => pids.some((p) => l.includes(`pid=${p},`)))
      .map((l) => l.trim().split(/\s+/)[3]);
    expect(ours.sort()).toEqual(['127.0.0.1:16509', '127.0.0.1:16514', '127.0.0.1:2222']);
  });

  test('every secret is 0600 in a 0700 directory', () => {
    if (!u) return;
    const secrets = [
      `${CONF}/sasl-user.json`, `${CONF}/passwd.db`, `${CONF}/libvirtd.conf`,
      `${PKI}/ca/cakey.pem`, `${PKI}/server/serverkey.pem`,
      ...['client', 'unlisted', 'expired', 'other-ca'].map((d) => `${PKI}/${d}/clientkey.pem`),
      `${SSH}/ssh_host_ed25519_key`, `${SSH}/id_ed25519`, `${SSH}/id_ed25519_unknown`,
    ];
    const modes = secrets.map((f) => {
      const dirs = [];
      for (let d = path.dirname(f); d.startsWith(CONF); d = path.dirname(d)) dirs.push((fs.statSync(d).mode & 0o777).toString(8));
      return `${f} ${(fs.statSync(f).mode & 0o777).toString(8)} in ${dirs.join(',')}`;
    });
    expect(modes).toEqual(secrets.map((f) => `${f} 600 in ${path.relative(CONF, path.dirname(f)).split('/').filter(Boolean).map(() => '700').concat('700').join(',')}`));
  });
});

describe('remote transports reach the same daemon', () => {
  const each = (): Transport[] => (u ? transports(u).filter((t) => t.name !== 'unix') : []);

  test.each(['tls', 'libssh', 'libssh2'])('%s: lists the domains and receives lifecycle events', async (tname) => {
    if (!u || !local) return;
    const t = each().find((x) => x.name === tname) as Transport;
    const conn = await t.open();
    try {
      expect(await conn.getURI()).toBe(t.uri);
      expect(await conn.isSecure()).toBe(true);
      if (tname === 'tls') expect(await conn.isEncrypted()).toBe(true);
      const n = name(tname);
      const stream = conn.events({ domainEvents: [lv.VIR_DOMAIN_EVENT_ID_LIFECYCLE] });
      await stream.ready;
      const d = await local.defineXML(domainXML(n));
      // the same daemon: the guest just defined through the UNIX socket is listed, with its UUID
      expect(names(await conn.listAllDomains())).toContain(n);
      expect((await conn.lookupByName(n)).UUIDString()).toBe(d.UUIDString());
      await d.undefine();
      const seen: string[] = [];
      for await (const ev of stream) {
        if (ev.kind !== 'domain' || ev.name !== 'lifecycle' || ev.domain.name() !== n) continue;
        seen.push(ev.event === lv.VIR_DOMAIN_EVENT_DEFINED ? 'defined' : ev.event === lv.VIR_DOMAIN_EVENT_UNDEFINED ? 'undefined' : String(ev.event));
        if (seen.length === 2) break;
      }
      await stream.close();
      expect(seen).toEqual(['defined', 'undefined']);
    } finally {
      expect(await conn.close()).toBe(0);
    }
  });

  test('SCRAM-SHA-256 is not offered over plain TCP (it has no security layer): DIGEST-MD5 is', async () => {
    if (!u) return;
    const open = (mech: string) => lv.openAuth(`${u.uri}?auth=sasl.${mech}`, { credTypes: SASL_CREDS, callback: saslAnswer(u) });
    const e = await libvirtError(open('SCRAM-SHA-256'));
    expect([e.codeName, e.message]).toEqual(['VIR_ERR_AUTH_FAILED', 'authentication failed: SASL mechanism SCRAM-SHA-256 not supported by server']);
    const conn = await open('DIGEST-MD5');
    expect(await conn.isEncrypted()).toBe(true);
    await conn.close();
  });

  test.each(['unix', 'tcp+sasl', 'tls', 'libssh', 'libssh2'])('%s read-only: defineXML is refused with VIR_ERR_OPERATION_DENIED', async (tname) => {
    if (!u || !local) return;
    const t = transports(u).find((x) => x.name === tname) as Transport;
    const conn = await t.open(true);
    try {
      expect(await conn.getURI()).toBe(t.uri); // reads are allowed
      const n = name('ro');
      const e = await libvirtError(conn.defineXML(domainXML(n)));
      expect([e.codeName, e.message]).toEqual(['VIR_ERR_OPERATION_DENIED', 'operation forbidden: read only access prevents virDomainDefineXML']);
      expect(names(await local.listAllDomains())).not.toContain(n);
    } finally {
      await conn.close();
    }
  });
});

// Every refusal's message, for the no-secret check at the end.
const refusalMessages: string[] = [];

describe('remote refusals: a LibvirtError, quickly', () => {
  const refused = async (open: () => Promise<lv.Connection>) => {
    const t0 = Date.now();
    const e = await libvirtError(open());
    const ms = Date.now() - t0;
    refusalMessages.push(e.message);
    expect(ms).toBeLessThan(10000);
    return e;
  };
  // What libvirt answers, as measured with libvirt 9.0. When the server refuses
  // the TLS handshake, the client only sees the connection close.
  const tlsClosed = ['VIR_ERR_SYSTEM_ERROR', 'Unable to read TLS confirmation: Input/output error'];

  test('TLS without a client certificate', async () => {
    if (!u) return;
    const e = await refused(() => lv.open(tlsURI('no-cert')));
    expect([e.codeName, e.message]).toEqual(tlsClosed);
  });

  test('TLS with a certificate from another CA', async () => {
    if (!u) return;
    const e = await refused(() => lv.open(tlsURI('other-ca')));
    expect([e.codeName, e.message]).toEqual(tlsClosed);
  });

  test('TLS with an expired certificate (refused by the client library before connecting)', async () => {
    if (!u) return;
    const e = await refused(() => lv.open(tlsURI('expired')));
    expect([e.codeName, e.message]).toEqual(['VIR_ERR_SYSTEM_ERROR', `The client certificate ${PKI}/expired/clientcert.pem has expired`]);
  });

  test('TLS with a valid certificate whose DN is not in tls_allowed_dn_list', async () => {
    if (!u) return;
    const e = await refused(() => lv.open(tlsURI('unlisted')));
    expect([e.codeName, e.message]).toEqual(tlsClosed);
  });

  test.each(['libssh', 'libssh2'] as const)('%s with a key sshd does not know', async (tr) => {
    if (!u) return;
    const e = await refused(() => lv.open(sshURI(tr, 'id_ed25519_unknown')));
    expect([e.codeName, e.message]).toEqual(['VIR_ERR_AUTH_FAILED', 'authentication failed: All provided authentication methods with credentials were rejected by the server']);
  });

  test.each(['libssh', 'libssh2'] as const)('%s with a host key that does not match known_hosts', async (tr) => {
    if (!u) return;
    const e = await refused(() => lv.open(sshURI(tr, 'id_ed25519', 'known_hosts_wrong')));
    expect(e.codeName).toBe('VIR_ERR_AUTH_FAILED');
    expect(e.message).toMatch(/^authentication failed: !!! SSH HOST KEY VERIFICATION FAILED !!!: Identity of host '127\.0\.0\.1:2222' differs from stored identity/);
  });

  test('libssh with a host that is not in known_hosts, and nobody to ask', async () => {
    if (!u) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'napi-remote-kh-'));
    try {
      fs.writeFileSync(path.join(dir, 'known_hosts'), '', { mode: 0o600 });
      const e = await refused(() => lv.open(sshURI('libssh').replace(`known_hosts=${SSH}/known_hosts`, `known_hosts=${dir}/known_hosts`)));
      expect([e.codeName, e.message]).toEqual(['VIR_ERR_LIBSSH', "libssh transport error: No user interaction callback provided: Can't verify the session host key"]);
      expect(fs.readFileSync(path.join(dir, 'known_hosts'), 'utf8')).toBe(''); // nothing learnt
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('TCP+SASL with a wrong password', async () => {
    if (!u) return;
    const e = await refused(() => lv.openAuth(u.uri, { credTypes: SASL_CREDS, callback: saslAnswer(u, `${u.password}-wrong`) }));
    expect([e.codeName, e.message]).toEqual(['VIR_ERR_AUTH_FAILED', 'authentication failed: authentication failed']);
  });

  test('no refusal message and no daemon log line holds a password, a private key, its path or PEM content', () => {
    if (!u) return;
    expect(refusalMessages.length).toBe(10);
    const logged = fs.existsSync(DAEMON_LOG) ? fs.readFileSync(DAEMON_LOG, 'utf8').slice(logStart) : '';
    const privateKeys = [
      `${PKI}/client/clientkey.pem`, `${PKI}/other-ca/clientkey.pem`, `${PKI}/expired/clientkey.pem`, `${PKI}/unlisted/clientkey.pem`,
      `${SSH}/id_ed25519`, `${SSH}/id_ed25519_unknown`,
    ];
    // the base64 lines of each private key, and of each certificate's body
    const pemLines = (f: string) => fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));
    const secrets = [
      u.password, '-----BEGIN', 'PRIVATE KEY', 'clientkey.pem', `${SSH}/id_ed25519`,
      ...privateKeys.flatMap(pemLines),
      ...pemLines(`${PKI}/client/clientcert.pem`), ...pemLines(`${PKI}/unlisted/clientcert.pem`),
    ];
    for (const text of [...refusalMessages, logged]) {
      for (const s of secrets) expect(text.includes(s) ? `${s} in: ${text.slice(0, 200)}` : '').toBe('');
    }
  });
});

describe('remote: a frozen or killed daemon', () => {
  test('calls in flight on every transport reject within the keepalive interval (libvirtd SIGSTOPped)', async () => {
    if (!u || !local) return;
    const ts = transports(u).filter((t) => t.name !== 'libssh2');
    const conns = await Promise.all(ts.map((t) => t.open()));
    const closes: string[] = [];
    try {
      for (const [i, c] of conns.entries()) {
        await c.registerCloseCallback(() => closes.push(ts[i].name));
        // a keepalive probe every second; one unanswered probe closes the connection
        expect(await c.setKeepAlive(1, 1)).toBe(0);
      }
      const pid = Number(fs.readFileSync(PIDFILE, 'utf8').trim());
      fs.appendFileSync('/tmp/libvirtd-restarts.log', `${new Date().toUTCString()}, test/remote.test.ts, SIGSTOP libvirtd ${pid} for a few seconds (keepalive test)\n`);
      const t0 = Date.now();
      process.kill(pid, 'SIGSTOP');
      let outcomes: string[];
      try {
        outcomes = await Promise.all(conns.map(async (c, i) => {
          try {
            await c.getCapabilities();
            return `${ts[i].name}: answered`;
          } catch (e) {
            return `${ts[i].name}: ${e instanceof lv.LibvirtError ? 'LibvirtError' : String(e)} after ${Date.now() - t0 < 8000 ? '< 8 s' : `${Date.now() - t0} ms`}`;
          }
        }));
      } finally {
        process.kill(pid, 'SIGCONT');
      }
      expect(outcomes).toEqual(ts.map((t) => `${t.name}: LibvirtError after < 8 s`));
      await until(() => closes.length === ts.length, 5000, 'every close callback');
      expect(closes.sort()).toEqual(ts.map((t) => t.name).sort());
    } finally {
      await Promise.all(conns.map((c) => c.close().catch(() => undefined)));
      // the daemon goes on (SIGCONT); `start` is a no-op when it answers
      execFileSync('bash', [DAEMON, 'start']);
    }
    const again = await ts[2].open();
    expect(await again.isAlive()).toBe(true);
    await again.close();
  });

  test('libvirtd killed (SIGKILL): calls in flight on every transport reject at once; reconnecting connections come back', async () => {
    if (!u || !local) return;
    const ts = transports(u).filter((t) => t.name !== 'libssh2');
    const conns = await Promise.all(ts.map((t) => t.open()));
    // the same transports with { reconnect }: each reopens itself once the daemon is back
    const back: string[] = [];
    const reconnecting = await Promise.all(ts.map((t) => t.openReconnecting({
      reconnect: { initialDelayMs: 100, maxDelayMs: 1000 },
      onConnectionChange: (ev) => {
        if (ev.name === 'reconnected') back.push(t.name);
      },
    })));
    const closes: string[] = [];
    let stop = false;
    const outcomes = ts.map(() => [] as string[]);
    const failedAt: number[] = ts.map(() => 0);
    try {
      for (const [i, c] of conns.entries()) {
        await c.registerCloseCallback(() => closes.push(ts[i].name));
        expect(await c.setKeepAlive(2, 2)).toBe(0);
      }
      // each connection keeps one call in flight until it fails
      const pumps = conns.map(async (c, i) => {
        while (!stop) {
          try {
            await c.getCapabilities();
            outcomes[i].push('ok');
          } catch (e) {
            outcomes[i].push(e instanceof lv.LibvirtError ? 'LibvirtError' : `other ${String(e)}`);
            failedAt[i] ||= Date.now();
            return;
          }
        }
      });
      await until(() => outcomes.every((o) => o.length > 2), 10000, 'calls flowing on every transport');
      const pid = Number(fs.readFileSync(PIDFILE, 'utf8').trim());
      fs.appendFileSync('/tmp/libvirtd-restarts.log', `${new Date().toUTCString()}, test/remote.test.ts, SIGKILL libvirtd ${pid}, then scripts/libvirtd.sh start\n`);
      const t0 = Date.now();
      try {
        process.kill(pid, 'SIGKILL');
        await Promise.race([Promise.all(pumps), new Promise((r) => setTimeout(r, 8000))]);
        stop = true;
        // a killed daemon closes its sockets: no transport waits for keepalive (2 s * 3)
        expect(ts.map((t, i) => `${t.name}: ${outcomes[i][outcomes[i].length - 1]} ${failedAt[i] && failedAt[i] - t0 < 4000 ? '< 4 s' : 'late'}`))
          .toEqual(ts.map((t) => `${t.name}: LibvirtError < 4 s`));
        await until(() => closes.length === ts.length, 5000, 'every close callback');
        expect(closes.sort()).toEqual(ts.map((t) => t.name).sort());
      } finally {
        stop = true;
        execFileSync('bash', [DAEMON, 'start']);
      }
      await until(() => back.length === ts.length, 30000, 'every reconnecting connection to come back');
      expect(back.sort()).toEqual(ts.map((t) => t.name).sort());
      for (const [i, rc] of reconnecting.entries()) {
        expect(await rc.getURI()).toBe(ts[i].uri);
        expect(await rc.isAlive()).toBe(true);
      }
    } finally {
      await Promise.all([...conns, ...reconnecting].map((c) => c.close().catch(() => undefined)));
    }
    for (const t of ts) {
      const again = await t.open();
      expect(await again.getURI()).toBe(t.uri);
      await again.close();
    }
  });
});
