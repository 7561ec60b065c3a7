// HTTPS served by the server itself, and behind a reverse proxy: HSTS is sent exactly when the
// request was secure, X-Forwarded-* is believed only with TRUST_PROXY, and a certificate problem
// stops start-up with one line naming the variable.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HSTS } from '../../sync-server/src/plugins/external/security-headers';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { makeCa, makeServerCert } from '../helpers/certificates';
import type { ServerCert, TestCa } from '../helpers/certificates';
import { httpsRequest } from '../helpers/https-client';
import { startServer } from '../helpers/server-process';
import type { RunningServer } from '../helpers/server-process';

describe('behind a reverse proxy (in-process)', () => {
  let direct: TestApp;
  let proxied: TestApp;
  beforeAll(async () => {
    direct = (await buildTestApp())!;
    proxied = (await buildTestApp(undefined, { TRUST_PROXY: true }))!;
  });
  afterAll(async () => {
    await direct?.close();
    await proxied?.close();
  });

  const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' };

  test('plain HTTP gets no HSTS, and X-Forwarded-Proto is ignored without TRUST_PROXY', async () => {
    const plain = await direct.app.inject({ method: 'GET', url: '/healthz' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const spoofed = await direct.app.inject({ method: 'GET', url: '/healthz', headers: forwarded });
    expect(spoofed.headers['strict-transport-security']).toBeUndefined();
  });

  test('with TRUST_PROXY, a request the proxy received over HTTPS gets HSTS; one it got over HTTP does not', async () => {
    const secure = await proxied.app.inject({ method: 'GET', url: '/healthz', headers: forwarded });
    expect(secure.headers['strict-transport-security']).toBe(HSTS);
    const insecure = await proxied.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-forwarded-proto': 'http' },
    });
    expect(insecure.headers['strict-transport-security']).toBeUndefined();
    // Errors carry it too: the header is on every secure answer, not only on pages.
    const missing = await proxied.app.inject({
      method: 'GET',
      url: '/api/nothing-here',
      headers: forwarded,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['strict-transport-security']).toBe(HSTS);
  });
});

describe('serving HTTPS itself (a real process)', () => {
  let ca: TestCa;
  let cert: ServerCert;
  let server: RunningServer | null = null;
  beforeAll(async () => {
    ca = await makeCa();
    cert = await makeServerCert(ca, ['localhost']);
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(ca.dir, { recursive: true, force: true });
  });

  test('answers over TLS with a certificate the client verifies, and sends HSTS', async () => {
    server = await startServer(
      { TLS_CERT_FILE: cert.certFile, TLS_KEY_FILE: cert.keyFile, LOG_LEVEL: 'info' },
      { ca: ca.cert },
    );
    expect(server.url.startsWith('https://')).toBe(true);
    const res = await httpsRequest(`${server.url}/readyz`, { ca: ca.cert });
    expect(res.status).toBe(200);
    expect(res.headers['strict-transport-security']).toBe(HSTS);
    // The first-run line points the operator at the https address.
    expect(server.output()).toMatch(/Create one at https:\/\/localhost:\d+\/setup/);
    expect(server.output()).toContain('"protocol":"https"');
    // A client that does not trust the CA is refused by TLS itself.
    await expect(
      httpsRequest(`${server.url}/readyz`, { ca: (await makeCa('Another CA')).cert }),
    ).rejects.toThrow(/certificate/i);
    // Plain HTTP on the TLS port gets nothing useful.
    const plain = await fetch(server.url.replace('https:', 'http:') + '/readyz').then(
      (r) => r.status,
      () => 'refused',
    );
    expect(plain).not.toBe(200);
  });

  test.each([
    [
      'a missing certificate',
      () => ({ TLS_CERT_FILE: '/nonexistent/cert.pem', TLS_KEY_FILE: cert.keyFile }),
      /^Configuration error: TLS_CERT_FILE \/nonexistent\/cert\.pem does not exist$/,
    ],
    [
      'a key without its certificate',
      () => ({ TLS_KEY_FILE: cert.keyFile }),
      /^Configuration error: TLS_KEY_FILE must be set together with TLS_CERT_FILE to serve HTTPS$/,
    ],
    [
      'a key file given as the certificate',
      () => ({ TLS_CERT_FILE: cert.keyFile, TLS_KEY_FILE: cert.keyFile }),
      /^Configuration error: TLS_CERT_FILE .* is not a certificate in PEM format$/,
    ],
    [
      'a folder as the key',
      () => ({ TLS_CERT_FILE: cert.certFile, TLS_KEY_FILE: ca.dir }),
      /^Configuration error: TLS_KEY_FILE .* is a folder, not a file$/,
    ],
  ])('%s stops start-up with one clear line', async (_what, env, line) => {
    const failed = await startServer(env(), { waitReady: false });
    expect(await failed.exited).toBe(1);
    const lines = failed.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
  });

  test('a key that belongs to another certificate stops start-up with one clear line', async () => {
    const other = await makeServerCert(ca, ['other.test']);
    const failed = await startServer(
      { TLS_CERT_FILE: cert.certFile, TLS_KEY_FILE: other.keyFile },
      { waitReady: false },
    );
    expect(await failed.exited).toBe(1);
    const lines = failed.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: TLS_KEY_FILE does not fit the certificate/);
    expect(path.basename(other.keyFile)).toBe('other.test.key');
  });
});
