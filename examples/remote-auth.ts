// A remote connection that asks for credentials (e.g. qemu+tcp with SASL), answered by a callback.
// Usage: LIBVIRT_USER=alice LIBVIRT_PASSWORD=... node remote-auth.js qemu+tcp://host/system
import { openAuth, VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE } from 'libvirt-napi';

/** Where a program would ask the user or a secret store; here the environment. */
async function getPassword(): Promise<string> {
  const password = process.env.LIBVIRT_PASSWORD;
  if (!password) throw new Error('set LIBVIRT_PASSWORD');
  return password;
}

async function main(): Promise<void> {
  const uri = process.argv[2] ?? 'qemu+tcp://127.0.0.1/system';
  const asked: string[] = [];
  const conn = await openAuth(uri, {
    credTypes: [VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE],
    // called with what libvirt asks for; fill in each `result` (the callback may be async)
    callback: async (creds) => {
      for (const c of creds) {
        asked.push(c.type === VIR_CRED_AUTHNAME ? 'user name' : 'passphrase');
        c.result = c.type === VIR_CRED_AUTHNAME ? process.env.LIBVIRT_USER ?? null : await getPassword();
      }
    },
  });
  try {
    console.log(`asked for: ${asked.join(', ') || 'nothing'}`);
    console.log(`connected to ${await conn.getURI()} on ${await conn.getHostname()}`);
    console.log(`encrypted: ${await conn.isEncrypted()}, secure: ${await conn.isSecure()}`);
  } finally {
    await conn.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
