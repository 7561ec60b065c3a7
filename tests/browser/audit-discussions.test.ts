// A head of service discusses a sample of last month's audited cases with the social workers and
// managers (Southwark QAF 2i) and records it on a tablet with no signal, keyboard only: the list
// says the month is due, the record page asks for the date when it is missing, the day and note
// outlive a reload offline, and once the tablet is back online the server has them. axe checks
// each screen on the way.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { addMonths } from '../../schemas/calendar/dates';
import { londonDateOf } from '../../schemas/calendar/london-time';
import type { Tablet } from '../helpers/browser';
import {
  PASSWORD,
  addObserverAndQaLead,
  signedInTablet,
  startWorld,
  syncNow,
  unlock,
  waitAllSent,
} from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { createAxeLog } from '../helpers/axe';
import { HttpSyncClient, signInHttp } from '../helpers/http-client';
import { seedSubmittedAudit } from '../helpers/seed-observations';

const today = londonDateOf(new Date());
const auditDay = `${addMonths(today, -1).slice(0, 7)}-05`;
const NOTE = 'Talked through the drift in the plan with the social worker and their manager.';

let world: World;
const tablets: Tablet[] = [];
let head: Page;
let auditId: string;
const axe = createAxeLog();

async function client(email: string): Promise<HttpSyncClient> {
  return new HttpSyncClient(
    () => world.server.url,
    await signInHttp(world.server.url, email, PASSWORD),
  );
}

beforeAll(async () => {
  world = await startWorld();
  const { service, group } = await addObserverAndQaLead(world);
  await world.addUser({
    email: 'hos@example.org',
    role: 'head-of-service',
    name: 'Morgan Reid',
    scopeIds: [service],
  });
  // The auditor's single case audit of last month, submitted from their own tablet.
  auditId = await seedSubmittedAudit({
    baseUrl: world.server.url,
    email: 'sam@example.org',
    password: PASSWORD,
    scopeId: group,
    date: auditDay,
    caseId: 'DS-2040',
  });
  head = await signedInTablet(world, tablets, 'hos@example.org');
}, 240_000);

afterAll(async () => {
  for (const t of tablets) await t.context.close();
  await world?.stop();
});

test('a head of service records a discussion of an audited case offline, keyboard only, and the server has it once back online', async () => {
  await syncNow(head);
  // A head of service's menu, with this in it, keeps the header to two rows on a tablet.
  expect((await head.locator('.app-header').boundingBox())!.height).toBeLessThan(256);
  await head.getByRole('link', { name: 'Audit discussions' }).focus();
  await head.keyboard.press('Enter');
  await head.getByRole('heading', { name: 'Discussing audited cases' }).waitFor();
  const month = head.getByRole('region', { name: /^Audits of / });
  await month.getByText('0 of 1 audit discussed; discuss a sample by').waitFor();
  await axe.scan(head, 'audit discussions, one due');

  await tablets[0]!.context.setOffline(true);
  await month.getByRole('link', { name: /^Record discussion of case DS-2040/ }).focus();
  await head.keyboard.press('Enter');
  await head.getByRole('heading', { name: 'Discussion of the audit of case DS-2040' }).waitFor();
  await axe.scan(head, 'record a discussion');

  // Done with no date: the error summary takes focus and links to the date.
  await head.getByRole('button', { name: 'Done' }).focus();
  await head.keyboard.press('Enter');
  await head.getByRole('heading', { name: 'There is a problem' }).waitFor();
  await expect
    .poll(() => head.evaluate(() => document.activeElement?.className ?? ''))
    .toContain('govuk-error-summary');
  await axe.scan(head, 'record a discussion, with a problem');

  const [y, m, d] = today.split('-');
  await head.getByLabel('Day').focus();
  await head.keyboard.type(String(Number(d)));
  await head.keyboard.press('Tab');
  await head.keyboard.type(String(Number(m)));
  await head.keyboard.press('Tab');
  await head.keyboard.type(y!);
  await head.keyboard.press('Tab');
  await expect.poll(() => head.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
  await head.keyboard.type(NOTE);

  // Reloaded offline mid-way: the day and every word are still there.
  await head.reload();
  await unlock(head);
  await head.getByRole('heading', { name: 'Discussion of the audit of case DS-2040' }).waitFor();
  await expect.poll(() => head.getByLabel('Notes (optional)').inputValue()).toBe(NOTE);
  expect(await head.getByLabel('Day').inputValue()).toBe(String(Number(d)));

  await head.getByRole('button', { name: 'Done' }).focus();
  await head.keyboard.press('Enter');
  await head.getByRole('heading', { name: 'Discussing audited cases' }).waitFor();
  await month.getByText('1 of 1 audit discussed.').waitFor();
  await month.getByText('Sample discussed').waitFor();
  await axe.scan(head, 'audit discussions, one discussed');

  await tablets[0]!.context.setOffline(false);
  await waitAllSent(head, 60_000);
  const lead = await client('qa@example.org');
  await lead.pullAll();
  const audit = lead.records.get(auditId)!;
  expect(audit.fields['sampleDiscussion.heldOn']).toBe(today);
  expect(audit.fields['sampleDiscussion.note']).toBe(NOTE);
  expect(axe.findings).toEqual([]);
});
