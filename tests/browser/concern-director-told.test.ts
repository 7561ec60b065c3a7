// What the observer is told after raising a safety concern is what the server knows: on a server
// that emails the Director, with its mail server down, the page says the email has not gone and to
// phone; when the mail server comes back and the email goes, the page changes by itself to say it
// went, and when. In real Chromium against the built server and a real SMTP server; axe clean.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { Tablet } from '../helpers/browser';
import { addObserver, launchSignedInTablet, startWorld } from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { createAxeLog } from '../helpers/axe';
import { startFrontlineDraft } from '../helpers/start-draft';
import { freePort } from '../helpers/server-process';
import { startSmtpSink } from '../helpers/sinks';
import type { SmtpSink } from '../helpers/sinks';

let world: World;
let tablet: Tablet;
let observer: Page;
let smtpPort: number;
let sink: SmtpSink | undefined;
const axe = createAxeLog();

beforeAll(async () => {
  smtpPort = await freePort();
  world = await startWorld({
    NOTIFY_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    NOTIFY_FROM: 'observations@council.example.org',
    NOTIFY_RETRY_BASE_MS: '200',
    NOTIFY_RETRY_MAX_MS: '1000',
    NOTIFY_POLL_MS: '100',
  });
  const { service } = await addObserver(world);
  await world.addUser({
    email: 'dee@example.org',
    role: 'director',
    name: 'Dee Director',
    scopeIds: [service],
  });
  ({ tablet, page: observer } = await launchSignedInTablet(world.server.url, 'sam@example.org'));
}, 240_000);

afterAll(async () => {
  await tablet?.context.close();
  await sink?.close();
  await world?.stop();
});

test('the page says the email has not gone while the mail server is down, then that it went', async () => {
  await startFrontlineDraft(observer);
  await observer.getByRole('button', { name: 'Report a safety concern' }).first().click();
  await observer
    .getByText(/The next page says how the Director of Children’s Social Care is being told/)
    .waitFor();
  await observer.getByLabel('What is the concern?').fill('The baby was left alone upstairs.');
  await observer.getByLabel('Case ID').fill('SC-7002');
  await observer.getByLabel('Name').fill('Pat Duty');
  await observer.getByRole('button', { name: 'Send the safety concern now' }).click();
  await observer.getByRole('heading', { name: 'How the Director is being told' }).waitFor();

  // The mail server is down: the server has tried and keeps trying; the observer must phone.
  await observer
    .getByText(
      'The email to the Director of Children’s Social Care has not gone yet: the mail server could not be reached or did not accept it. The server keeps trying.',
    )
    .waitFor({ timeout: 30_000 });
  await observer.getByText('The Director has not been told yet: phone now').waitFor();
  await observer
    .getByText(
      'The Director will also see it in the app, in the safety concern log, the next time they open it.',
    )
    .waitFor();
  await axe.scan(observer, 'safety concern sent, the email not gone yet');

  // The mail server comes back: the email goes, and the page says so without being reloaded.
  sink = await startSmtpSink(smtpPort);
  await observer
    .getByText(
      /^An email went to the Director of Children’s Social Care at (\d{1,2}(:\d{2})?(am|pm)|midday|midnight)\.$/,
    )
    .waitFor({ timeout: 30_000 });
  expect(await observer.getByText('The Director has not been told yet: phone now').count()).toBe(0);
  expect(sink.messages.map((m) => m.to).flat()).toContain('dee@example.org');
  await axe.scan(observer, 'safety concern sent, the email gone');
}, 120_000);

test('axe finds nothing on the pages saying how the Director is told', () => {
  expect(axe.screens).toHaveLength(2);
  expect(axe.findings).toEqual([]);
});
