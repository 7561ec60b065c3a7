// HTTPS served by the server itself: the certificate and key files are read and checked once at
// start-up, so a missing, unreadable or mismatched file stops the server with one clear line
// instead of failing on the first connection.
import fs from 'node:fs';
import tls from 'node:tls';
import { ConfigError } from './config';

export type TlsFiles = { cert: Buffer; key: Buffer };

function readPem(variable: string, file: string, expect: RegExp, what: string): Buffer {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EACCES'
          ? 'cannot be read by this user'
          : code === 'EISDIR'
            ? 'is a folder, not a file'
            : `cannot be read (${code ?? 'error'})`;
    throw new ConfigError(`Configuration error: ${variable} ${file} ${why}`);
  }
  if (!expect.test(data.toString('latin1'))) {
    throw new ConfigError(`Configuration error: ${variable} ${file} is not ${what} in PEM format`);
  }
  return data;
}

export function loadTls(env: {
  TLS_CERT_FILE?: string | undefined;
  TLS_KEY_FILE?: string | undefined;
}): TlsFiles | null {
  if (!env.TLS_CERT_FILE || !env.TLS_KEY_FILE) return null;
  const cert = readPem(
    'TLS_CERT_FILE',
    env.TLS_CERT_FILE,
    /-----BEGIN CERTIFICATE-----/,
    'a certificate',
  );
  const key = readPem(
    'TLS_KEY_FILE',
    env.TLS_KEY_FILE,
    /-----BEGIN ([A-Z]+ )?PRIVATE KEY-----/,
    'a private key',
  );
  try {
    tls.createSecureContext({ cert, key });
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new ConfigError(
      `Configuration error: TLS_KEY_FILE does not fit the certificate in TLS_CERT_FILE (${reason})`,
    );
  }
  return { cert, key };
}
