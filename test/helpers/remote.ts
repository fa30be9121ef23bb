// The transports of the daemon scripts/libvirtd.sh runs, as the remote tests,
// the fleet example's test and the benchmark reach it.
import * as lv from '../../src';
import { SaslUser } from './libvirt';

export const PKI = '/etc/libvirt-napi/pki';
export const SSH = '/etc/libvirt-napi/ssh';
export const DAEMON_LOG = '/var/log/libvirt/libvirt-napi.log';

export const tlsURI = (pkidir = 'client') => `qemu+tls://127.0.0.1/system?pkipath=${PKI}/${pkidir}`;
export const sshURI = (transport: 'libssh' | 'libssh2', key = 'id_ed25519', knownHosts = 'known_hosts') =>
  `qemu+${transport}://root@127.0.0.1:2222/system?keyfile=${SSH}/${key}&known_hosts=${SSH}/${knownHosts}&no_tty=1&no_verify=0`;

/** A callback answering the SASL user and a password (the right one by default). */
export const saslAnswer = (u: SaslUser, password = u.password) => (creds: lv.ConnectCredential[]) => {
  for (const c of creds) c.result = c.type === lv.VIR_CRED_AUTHNAME ? u.user : c.type === lv.VIR_CRED_PASSPHRASE ? password : c.defresult;
};
export const SASL_CREDS = [lv.VIR_CRED_AUTHNAME, lv.VIR_CRED_PASSPHRASE];

export interface Transport {
  name: string;
  uri: string;
  open(readOnly?: boolean): Promise<lv.Connection>;
  /** A connection that reopens itself when the daemon goes away (open's `reconnect` option). */
  openReconnecting(options: lv.OpenOptions): Promise<lv.Connection>;
}

/** unix, TCP+SASL, TLS, SSH (libssh and libssh2): the same daemon, every way in. */
export function transports(u: SaslUser): Transport[] {
  const plain = (name: string, uri: string): Transport => ({
    name, uri, open: (ro = false) => (ro ? lv.openReadOnly(uri) : lv.open(uri)), openReconnecting: (o) => lv.open(uri, o),
  });
  return [
    plain('unix', 'qemu:///system'),
    {
      name: 'tcp+sasl', uri: u.uri,
      open: (ro = false) => lv.openAuth(u.uri, { credTypes: SASL_CREDS, callback: saslAnswer(u) }, ro ? lv.VIR_CONNECT_RO : 0),
      openReconnecting: (o) => lv.openAuth(u.uri, { credTypes: SASL_CREDS, callback: saslAnswer(u) }, o),
    },
    plain('tls', tlsURI()),
    plain('libssh', sshURI('libssh')),
    plain('libssh2', sshURI('libssh2')),
  ];
}
