// The moderation loop on three tablets: the observer submits, a QA lead of the service moderates
// judgement by judgement and returns it for more evidence, the observer sees why, adds evidence
// and resubmits, the QA lead marks it moderated; then the observer shares it with the
// practitioner observed, who adds their own response. Each sees only what their role and teams allow,
// and axe checks every oversight screen on the way.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { builtInTemplates } from '../../schemas/templates/catalogue';
import { launchTablet, waitForServiceWorkerControl } from '../helpers/browser';
import type { Tablet } from '../helpers/browser';
import {
  addObserverAndQaLead,
  PASSWORD,
  signInFirstTime,
  startWorld,
  syncNow,
} from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { createAxeLog } from '../helpers/axe';
import { completeObservation } from '../helpers/fill-observation';
import { HttpSyncClient, signInHttp } from '../helpers/http-client';

const template = builtInTemplates.find((t) => t.id === 'frontline-practice')!;
const section = template.sections.find((s) => s.items.some((i) => i.response.type === 'grade4'))!;
const item = section.items.find((i) => i.response.type === 'grade4')!;
const evidenceId = `#f-responses--${item.id}--evidence`;

let world: World;
const tablets: Tablet[] = [];
let observer: Page;
let qa: Page;
let practitioner: Page;
let practitionerId: string;
const axe = createAxeLog();

async function tablet(email: string): Promise<Page> {
  const t = await launchTablet();
  tablets.push(t);
  const page = await t.context.newPage();
  await page.goto(world.server.url);
  await waitForServiceWorkerControl(page);
  await signInFirstTime(page, world.server.url, email);
  return page;
}

/** The focused element's id, and whether its top is inside the window. */
const focusedJudgement = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement!;
    const top = el.getBoundingClientRect().top;
    return { id: el.id, inView: top >= 0 && top < window.innerHeight };
  });

async function client(email: string): Promise<HttpSyncClient> {
  const c = new HttpSyncClient(
    () => world.server.url,
    await signInHttp(world.server.url, email, PASSWORD),
  );
  await c.pullAll();
  return c;
}

beforeAll(async () => {
  world = await startWorld();
  const { group } = await addObserverAndQaLead(world);
  const elsewhere = await world.addScope('Fostering', 'service');
  await world.addUser({
    email: 'qa2@example.org',
    role: 'qa-lead',
    name: 'Robin Lee',
    scopeIds: [elsewhere],
  });
  practitionerId = await world.addUser({
    email: 'alex@example.org',
    role: 'practitioner',
    name: 'Alex Morgan',
    scopeIds: [group],
  });
  await world.addUser({
    email: 'jo@example.org',
    role: 'practitioner',
    name: 'Jo Bloggs',
    scopeIds: [group],
  });
  observer = await tablet('sam@example.org');
  qa = await tablet('qa@example.org');
}, 240_000);

afterAll(async () => {
  for (const t of tablets) await t.context.close();
  await world?.stop();
});

test('a QA lead returns an observation with comments; the observer adds evidence and resubmits; it is moderated', async () => {
  // The observer records and submits a frontline practice observation.
  await observer.getByRole('link', { name: 'New observation' }).click();
  await observer.getByLabel('Frontline practice observation', { exact: true }).check();
  await observer.getByRole('button', { name: 'Continue' }).click();
  await completeObservation(observer, 'MD-4001');
  await observer.getByRole('button', { name: 'Submit' }).click();
  await observer.getByRole('button', { name: 'Go to your observations' }).click();
  await syncNow(observer);
  const original = await (await client('sam@example.org')).records;
  const submitted = [...original.values()].find((r) => r.type === 'observation')!;
  const originalEvidence = String(submitted.fields[`responses.${item.id}.evidence`]);
  expect(originalEvidence.length).toBeGreaterThan(0);

  // The QA lead of the service sees it waiting for moderation.
  await syncNow(qa);
  await qa.getByRole('link', { name: 'Moderation', exact: true }).click();
  await qa.getByRole('heading', { name: 'Moderation' }).waitFor();
  await axe.scan(qa, 'moderation list');
  await qa.getByRole('link', { name: /Frontline practice observation of Alex Morgan/ }).click();
  await qa.getByRole('heading', { name: 'Moderate: Frontline practice observation' }).waitFor();
  await axe.scan(qa, 'moderate an observation');
  // Each judgement's heading names its section and item as two phrases, not run together.
  await qa
    .locator(`#judgement-${item.id}`)
    .getByRole('heading', { name: new RegExp(`^${section.title}\\s*:\\s*${item.prompt}$`) })
    .waitFor({ timeout: 5_000 });
  // The observer's words are there, untouched.
  await qa.getByText(originalEvidence).first().waitFor();

  // Disagree with one judgement, giving a grade and a reason.
  await qa.getByRole('link', { name: `Add a comment on ${item.prompt}` }).click();
  await qa.getByRole('heading', { name: item.prompt }).waitFor();
  await qa.getByRole('button', { name: 'Save comment' }).click();
  await qa.getByText('Select whether you agree with the grade').first().waitFor();
  await axe.scan(qa, 'moderation comment with errors');
  await qa.getByLabel('No, I disagree').check();
  await qa.getByLabel('Requires improvement to be good').check();
  await qa
    .getByLabel('Your reason')
    .fill('The evidence does not say how the child’s wishes were recorded.');
  await axe.scan(qa, 'moderation comment');
  // Saved with the keyboard: back on the judgement commented on, focused and on screen, far down
  // the page (WCAG 2.4.3), not on the body at the top.
  await qa.getByRole('button', { name: 'Save comment' }).focus();
  await qa.keyboard.press('Enter');
  await qa.getByRole('heading', { name: 'Moderate: Frontline practice observation' }).waitFor();
  await expect
    .poll(() => focusedJudgement(qa))
    .toEqual({ id: `judgement-${item.id}`, inView: true });
  expect(await qa.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  // Where the grades differ, it shows.
  await qa.getByRole('region', { name: 'Where your grades differ' }).waitFor();
  await qa.locator(`#judgement-${item.id}`).getByText('Differs').waitFor();
  // Agree with the overall judgement, after going there and Back once.
  await qa.getByRole('link', { name: 'Add a comment on Overall judgement' }).click();
  await qa.getByRole('link', { name: 'Back', exact: true }).focus();
  await qa.keyboard.press('Enter');
  await expect.poll(() => focusedJudgement(qa)).toEqual({ id: 'judgement-overall', inView: true });
  await qa.getByRole('link', { name: 'Add a comment on Overall judgement' }).click();
  await qa.getByLabel('Yes, I agree').check();
  await qa.getByLabel('Your reason').fill('The overall grade fits what was seen.');
  await qa.getByRole('button', { name: 'Save comment' }).click();
  await qa.locator('#judgement-overall').getByText('Agreed').waitFor();

  // Return it for more evidence.
  await qa.getByRole('button', { name: 'Return for more evidence' }).click();
  await qa.getByRole('heading', { name: 'Return for more evidence' }).waitFor();
  await axe.scan(qa, 'return for more evidence');
  await qa.getByRole('button', { name: 'Return to the observer' }).click();
  await qa.getByText('Returned to the observer for more evidence').waitFor();
  // What was done is where focus lands, so a screen reader hears it.
  await expect.poll(() => qa.evaluate(() => document.activeElement?.id)).toBe('returned');
  expect(await qa.locator('#returned').textContent()).toContain('Returned to the observer');
  await syncNow(qa);

  // A QA lead of another service sees none of it.
  const outsider = await client('qa2@example.org');
  expect(outsider.records.size).toBe(0);

  // On the server: returned, one comment per judgement, the observer's evidence unchanged.
  let server = await client('qa@example.org');
  let obs = [...server.records.values()].find((r) => r.type === 'observation')!;
  expect(obs.fields['status']).toBe('returned');
  expect(obs.fields[`responses.${item.id}.evidence`]).toBe(originalEvidence);
  const comments = [...server.records.values()].filter((r) => r.type === 'review-comment');
  expect(
    comments
      .map((c) => c.fields)
      .sort((a, b) => String(a['reason']).localeCompare(String(b['reason']))),
  ).toEqual([
    {
      itemId: item.id,
      agrees: false,
      moderatorGrade: 'requires-improvement-to-be-good',
      reason: 'The evidence does not say how the child’s wishes were recorded.',
    },
    { agrees: true, reason: 'The overall grade fits what was seen.' },
  ]);

  // The observer sees the return with the comment, adds evidence and submits again.
  await syncNow(observer);
  await observer.getByRole('link', { name: 'Your observations', exact: true }).click();
  await observer
    .getByRole('link', { name: /Frontline practice/ })
    .first()
    .click();
  const banner = observer.getByRole('region', { name: 'Returned for more evidence' });
  await banner.waitFor();
  await banner
    .getByText('The evidence does not say how the child’s wishes were recorded.')
    .waitFor();
  await banner.getByRole('heading', { name: item.prompt }).waitFor();
  await axe.scan(observer, 'returned observation');
  await observer.getByRole('link', { name: section.title, exact: true }).click();
  const evidence = observer.locator(evidenceId);
  await evidence.fill(
    `${originalEvidence} The child’s wishes were written in their own words in the plan.`,
  );
  await observer
    .getByTestId('save-status')
    .filter({ hasText: 'Saved on this device' })
    .first()
    .waitFor();
  await observer.getByRole('link', { name: 'Return to the task list' }).first().click();
  await observer.getByRole('button', { name: 'Check your answers' }).click();
  await observer.getByRole('button', { name: 'Submit again' }).click();
  await observer.getByRole('button', { name: 'Go to your observations' }).click();
  await syncNow(observer);

  // Back with the QA lead, who marks it moderated.
  await syncNow(qa);
  await qa.getByRole('link', { name: 'Moderation', exact: true }).click();
  await qa
    .getByRole('table', { name: /Waiting for moderation/ })
    .getByRole('link', { name: /Frontline practice observation/ })
    .click();
  await qa.getByText('written in their own words in the plan').first().waitFor();
  await qa.getByRole('button', { name: 'Mark as moderated' }).click();
  await qa.getByText('Moderated', { exact: true }).first().waitFor();
  await syncNow(qa);
  server = await client('qa@example.org');
  obs = [...server.records.values()].find((r) => r.type === 'observation')!;
  expect(obs.fields['status']).toBe('moderated');
  expect(String(obs.fields[`responses.${item.id}.evidence`])).toContain(
    'in their own words in the plan',
  );
  expect([...server.records.values()].filter((r) => r.type === 'review-comment')).toHaveLength(2);
}, 600_000);

test('the observer shares it with the practitioner, who sees only theirs and adds their own response', async () => {
  // A second observation, of someone else, is never shared with Alex.
  await observer.getByRole('link', { name: 'Your observations', exact: true }).click();
  await observer
    .getByRole('link', { name: /Frontline practice/ })
    .first()
    .click();
  await observer.getByRole('link', { name: 'Share with the practitioner' }).click();
  await observer.getByRole('heading', { name: 'Share with the practitioner' }).waitFor();
  await axe.scan(observer, 'share with the practitioner');
  await observer.getByLabel('Alex Morgan').check();
  await observer.getByRole('button', { name: 'Share', exact: true }).click();
  // Confirmed in a success banner that takes focus, with Alex still selected.
  const banner = observer.getByRole('alert').filter({ hasText: 'Shared with Alex Morgan' });
  await banner.waitFor();
  expect(await banner.evaluate((el) => el === document.activeElement)).toBe(true);
  expect(await observer.getByLabel('Alex Morgan').isChecked()).toBe(true);
  await syncNow(observer);

  practitioner = await tablet('alex@example.org');
  await syncNow(practitioner);
  // A practitioner has no oversight screens.
  expect(await practitioner.getByRole('link', { name: 'Moderation', exact: true }).count()).toBe(0);
  expect(await practitioner.getByRole('link', { name: 'Reports', exact: true }).count()).toBe(0);
  await practitioner.getByRole('link', { name: 'Shared with you', exact: true }).click();
  await practitioner.getByRole('heading', { name: 'Shared with you' }).waitFor();
  await axe.scan(practitioner, 'shared with you');
  await practitioner.getByRole('link', { name: /Frontline practice observation/ }).click();
  await practitioner.getByRole('heading', { name: 'Your observation' }).waitFor();
  // What the observer recorded of their reflection is the observer's, credited and read-only.
  await practitioner.getByText('Recorded by the observer, Sam').first().waitFor();
  await practitioner
    .getByLabel('Your response')
    .fill('I will record the child’s wishes in their own words at every visit.');
  await practitioner
    .getByTestId('save-status')
    .filter({ hasText: 'Saved on this device' })
    .first()
    .waitFor();
  await axe.scan(practitioner, 'response');
  await syncNow(practitioner);

  const seen = await client('alex@example.org');
  const observations = [...seen.records.values()].filter((r) => r.type === 'observation');
  expect(observations).toHaveLength(1);
  expect(observations[0]!.fields['practitionerResponse']).toBe(
    'I will record the child’s wishes in their own words at every visit.',
  );
  // What the observer recorded of their reflection stays as the observer wrote it.
  expect(observations[0]!.fields['summary.reflection']).toMatch(/^Seen and heard during the visit/);
  // Another practitioner of the same team sees nothing.
  expect((await client('jo@example.org')).records.size).toBe(0);
  // The observer's tablet receives the response, shown as the practitioner's.
  await syncNow(observer);
  const onServer = await client('sam@example.org');
  expect(
    [...onServer.records.values()].find((r) => r.type === 'observation')!.fields[
      'practitionerResponse'
    ],
  ).toBe('I will record the child’s wishes in their own words at every visit.');
  await observer.getByRole('link', { name: 'Your observations', exact: true }).click();
  await observer
    .getByRole('link', { name: /Frontline practice/ })
    .first()
    .click();
  await observer
    .getByText('I will record the child’s wishes in their own words at every visit.')
    .waitFor();
  await observer.getByText(/^Written by .*, the practitioner observed$/).waitFor();
  expect(practitionerId).toBeTruthy();
}, 400_000);

test('the actions tracker lists what each may see, overdue first; an update syncs to the observer', async () => {
  // An older action of the same observation, pushed from the observer's other device, is overdue.
  // The observation is moderated by now, so the action is added as part of an amendment.
  const sam = await client('sam@example.org');
  const obs = [...sam.records.values()].find((r) => r.type === 'observation')!;
  sam.add({
    recordId: crypto.randomUUID(),
    type: 'action',
    op: 'put',
    parentId: obs.id,
    amendmentId: crypto.randomUUID(),
    baseVersion: 0,
    set: {
      what: 'Book the family group conference',
      ownerName: 'Sam Patel',
      dueDate: '2026-01-05',
      status: 'open',
    },
  });
  await sam.pushAll();

  await syncNow(qa);
  await qa.getByRole('link', { name: 'Actions', exact: true }).click();
  await qa.getByRole('heading', { name: 'Improvement actions' }).waitFor();
  const open = qa.getByRole('table', { name: 'Open actions' });
  // The list fills from the tablet's store once the page is up: read it until it has.
  const rows = () =>
    open
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => (tr as HTMLElement).innerText.split('\t').map((c) => c.trim())),
      );
  const caseId = String(obs.fields['context.caseId']);
  await expect
    .poll(async () => (await rows()).map((r) => [r[0], r[1], r[4]]), { timeout: 15_000 })
    .toEqual([
      ['Book the family group conference', caseId, 'Overdue'],
      ['Share the plan with the family in writing', caseId, 'Open'],
    ]);
  await axe.scan(qa, 'actions tracker');
  await open.getByRole('link', { name: 'Share the plan with the family in writing' }).click();
  await qa.getByRole('heading', { name: 'Update an improvement action' }).waitFor();
  await qa.getByLabel('In progress').check();
  await qa.getByTestId('save-status').filter({ hasText: 'Saved on this device' }).first().waitFor();
  await axe.scan(qa, 'update an action');
  await qa.getByRole('button', { name: 'Save and return to the actions' }).click();
  await open.getByText('In progress').waitFor();
  await syncNow(qa);
  // The update is a synced edit with its history: who changed what, from the server's trail.
  await qa.getByRole('link', { name: 'Actions', exact: true }).click();
  await open.getByRole('link', { name: 'Share the plan with the family in writing' }).click();
  const history = qa.getByTestId('action-history');
  await history.getByText('Status from Open to In progress').waitFor();
  await history.getByText('Quinn Adams').waitFor();
  await history.getByText('Sam Patel').first().waitFor();
  await history
    .getByText('What needs to be done from nothing to Share the plan with the family in writing')
    .waitFor();
  await axe.scan(qa, 'an action with its history');
  await qa.getByRole('button', { name: 'Save and return to the actions' }).click();

  const after = await client('sam@example.org');
  const updated = [...after.records.values()].find(
    (r) => r.type === 'action' && r.fields['what'] === 'Share the plan with the family in writing',
  );
  expect(updated?.fields['status']).toBe('in-progress');
  // The observer's tablet has it too; the practitioner, with no actions of their own, sees none.
  await syncNow(observer);
  await observer.getByRole('link', { name: 'Actions', exact: true }).click();
  await observer.getByRole('table', { name: 'Open actions' }).getByText('In progress').waitFor();
  expect(await practitioner.getByRole('link', { name: 'Actions', exact: true }).count()).toBe(0);
}, 300_000);

test('axe finds nothing on the oversight screens visited', () => {
  expect(axe.screens.length).toBeGreaterThan(5);
  expect(axe.findings).toEqual([]);
});
