// A certificate authority of the test's own and server certificates it signs, written to a
// temporary folder, so HTTPS is tested with a chain a client really verifies.
import fs from 'node:fs';
import path from 'node:path';
import selfsigned from 'selfsigned';
import { tempDir } from './server-process';

export type TestCa = { dir: string; certFile: string; cert: string; key: string };
export type ServerCert = { certFile: string; keyFile: string; cert: string; key: string };

const days = (n: number) => new Date(Date.now() + n * 86_400_000);

export async function makeCa(name = 'Practice observations test CA'): Promise<TestCa> {
  const dir = tempDir('obs-ca-');
  const pems = await selfsigned.generate([{ name: 'commonName', value: name }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: days(-1),
    notAfterDate: days(30),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const certFile = path.join(dir, 'ca.pem');
  fs.writeFileSync(certFile, pems.cert);
  return { dir, certFile, cert: pems.cert, key: pems.private };
}

/** A server certificate for these DNS names (and 127.0.0.1), signed by the CA. */
export async function makeServerCert(ca: TestCa, dnsNames: string[]): Promise<ServerCert> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: dnsNames[0]! }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: days(-1),
    notAfterDate: days(30),
    ca: { key: ca.key, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...dnsNames.map((value) => ({ type: 2 as const, value })),
          { type: 7 as const, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const base = path.join(ca.dir, dnsNames[0]!.replace(/[^a-z0-9.-]/gi, '_'));
  fs.writeFileSync(`${base}.pem`, pems.cert);
  fs.writeFileSync(`${base}.key`, pems.private, { mode: 0o600 });
  return { certFile: `${base}.pem`, keyFile: `${base}.key`, cert: pems.cert, key: pems.private };
}
