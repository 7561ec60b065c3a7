// The app over HTTPS in real Chromium, at a name that is not localhost (as a tablet on the LAN
// sees it): the test's own certificate authority is trusted through Chromium's NSS store under a
// temporary HOME, nothing tells Chromium to ignore certificate errors, and the service worker
// takes control. Without the CA in the store the same page is refused.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { HSTS } from '../../sync-server/src/plugins/external/security-headers';
import { CHROMIUM_ARGS, CHROMIUM_PATH, waitForServiceWorkerControl } from '../helpers/browser';
import { makeCa, makeServerCert } from '../helpers/certificates';
import type { TestCa } from '../helpers/certificates';
import { startServer, tempDir } from '../helpers/server-process';
import type { RunningServer } from '../helpers/server-process';

const HOST = 'observations.test';

let ca: TestCa;
let server: RunningServer;
const contexts: BrowserContext[] = [];
const dirs: string[] = [];

/** A HOME of its own with an NSS database; the CA is added when `trust` is set. */
function nssHome(trust: boolean): string {
  const home = tempDir('obs-home-');
  dirs.push(home);
  const db = path.join(home, '.pki', 'nssdb');
  fs.mkdirSync(db, { recursive: true });
  execFileSync('certutil', ['-N', '-d', `sql:${db}`, '--empty-password']);
  if (trust) {
    execFileSync('certutil', [
      '-A',
      '-d',
      `sql:${db}`,
      '-n',
      'Observations test CA',
      '-t',
      'C,,',
      '-i',
      ca.certFile,
    ]);
    const listed = execFileSync('certutil', ['-L', '-d', `sql:${db}`]).toString();
    expect(listed).toContain('Observations test CA');
  }
  return home;
}

async function launch(home: string): Promise<BrowserContext> {
  const profile = tempDir('obs-tablet-');
  dirs.push(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
    env: { ...process.env, HOME: home },
    locale: 'en-GB',
  });
  contexts.push(context);
  return context;
}

beforeAll(async () => {
  ca = await makeCa();
  const cert = await makeServerCert(ca, [HOST]);
  server = await startServer(
    { TLS_CERT_FILE: cert.certFile, TLS_KEY_FILE: cert.keyFile },
    { ca: ca.cert },
  );
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await server?.stop();
  for (const d of [...dirs, ca?.dir]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

const appUrl = () => `https://${HOST}:${server.port}/`;

test('without the CA in its store, Chromium refuses the server’s certificate', async () => {
  const context = await launch(nssHome(false));
  const page = await context.newPage();
  await expect(page.goto(appUrl())).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);
});

test('trusting the CA, the app loads over HTTPS with HSTS and the service worker takes control', async () => {
  const context = await launch(nssHome(true));
  const page = await context.newPage();
  const response = await page.goto(appUrl());
  expect(response?.status()).toBe(200);
  expect(response?.headers()['strict-transport-security']).toBe(HSTS);
  expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
  expect(await page.evaluate(() => location.protocol + '//' + location.hostname)).toBe(
    `https://${HOST}`,
  );
  await waitForServiceWorkerControl(page);
  const scriptUrl = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
  expect(scriptUrl?.startsWith(`https://${HOST}:${server.port}/`)).toBe(true);
  await page.getByRole('link', { name: 'Practice observations', exact: true }).waitFor();

  // Controlled for real: with the network cut, a reload is served by the service worker.
  await context.setOffline(true);
  await page.reload();
  await page.getByRole('link', { name: 'Practice observations', exact: true }).waitFor();
});
