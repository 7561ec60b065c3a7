// After submission an observation is read-only; a change is an amendment with a reason, kept in
// its history and delivered to the server as an append-only row.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { axeScan } from '../helpers/axe';
import type { Tablet } from '../helpers/browser';
import { PASSWORD, startObserverTablet, syncNow, waitSavedOnDevice } from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { startDraft } from '../helpers/start-draft';
import { completeObservation } from '../helpers/fill-observation';
import { HttpSyncClient, signInHttp } from '../helpers/http-client';
import { SUBMITTABLE } from '../helpers/submittable';

let world: World;
let tablet: Tablet;
let page: Page;

beforeAll(async () => {
  ({ world, tablet, page } = await startObserverTablet());
});
/** The id (or, with none, the tag) of what has the keyboard. */
const focused = () =>
  page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);

afterAll(async () => {
  await tablet?.context.close();
  await world?.stop();
});

/** From the home screen, a new draft of this kind, on its task list; returns its id. */
async function startDraftFromHome(kind: string): Promise<string> {
  await page.getByRole('link', { name: 'Your observations', exact: true }).click();
  await startDraft(page, kind);
  return /\/observations\/([^/?#]+)/.exec(page.url())![1]!;
}

/** Opens the submitted observation from the list shown and begins amending it for `reason`. */
async function amendFromItsPage(
  id: string,
  reason: string,
  what: 'observation' | 'call' = 'observation',
): Promise<void> {
  await page.locator(`main a[href="/observations/${id}"]`).first().click();
  await page.getByRole('button', { name: `Amend this ${what}` }).click();
  await page.getByLabel('Reason for the amendment').fill(reason);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'Amending this observation' }).waitFor();
}

test('a submitted observation is read-only; an amendment with a reason is kept in its history', async () => {
  await startDraft(page, 'Family feedback call');
  await completeObservation(page, 'AM-3001');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('heading', { name: 'Family feedback call submitted' }).waitFor();
  await page.getByRole('button', { name: 'Go to your observations' }).click();
  await page
    .getByRole('link', { name: /Family feedback call/ })
    .first()
    .click();

  // Read-only: no form fields, an "Amend" button instead.
  await page.getByRole('button', { name: 'Amend this call' }).waitFor();
  expect(await page.locator('main textarea, main input[type=text]').count()).toBe(0);

  await page.getByRole('button', { name: 'Amend this call' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByText('Enter why you are amending this observation').first().waitFor();
  await page.getByLabel('Reason for the amendment').fill('The family rang back with more to say.');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'Amending this observation' }).waitFor();
  // The Continue button has gone with the reason's screen: the keyboard starts at the new screen.
  await expect.poll(focused).toBe('main-content');
  // Back goes where the observation's own Back goes: while amending, its page is this task list.
  expect(await page.getByRole('link', { name: 'Back', exact: true }).getAttribute('href')).toBe(
    '/',
  );
  await page.getByRole('link', { name: 'The family’s feedback' }).click();
  const summary = page.getByLabel('Your summary for the audit');
  await summary.fill('Updated after the family called back: they feel listened to.');
  await waitSavedOnDevice(page);
  await page.getByRole('link', { name: 'Return to the task list' }).first().click();
  await page
    .getByRole('link', { name: /Amend|Continue amending/ })
    .first()
    .click()
    .catch(() => undefined);
  await page.getByRole('button', { name: 'Finish amending' }).click();
  // Said, as a cancel is, with the keyboard at the start of the observation's page.
  await page.getByRole('alert').filter({ hasText: 'Amendment recorded' }).waitFor();
  await expect.poll(focused).toBe('main-content');
  expect(await axeScan(page, 'amendment recorded')).toEqual([]);
  await page.getByText('History of amendments').waitFor();
  await page.getByText('The family rang back with more to say.').waitFor();
  // What changed, in the history: the answer, its words before and after.
  await page.getByText(/^Show what changed/).click();
  const history = page.getByRole('table', { name: 'What the amendment changed' });
  const summaryRow = history.getByRole('row', { name: /Your summary for the audit/ });
  await summaryRow
    .getByText('Updated after the family called back: they feel listened to.')
    .waitFor();
  expect(await axeScan(page, 'history of amendments, what changed shown')).toEqual([]);
  await syncNow(page);

  const qa = new HttpSyncClient(
    () => world.server.url,
    await signInHttp(world.server.url, 'qa@example.org', PASSWORD),
  );
  await qa.pullAll();
  const amendment = [...qa.records.values()].find((r) => r.type === 'amendment');
  expect(amendment?.fields['reason']).toBe('The family rang back with more to say.');
  const changed = Object.entries(amendment?.fields ?? {})
    .filter(([k]) => /^changes\.\d+\.path$/.test(k))
    .map(([, v]) => v);
  expect(changed).toContain('family.auditorSummary');
  const observation = [...qa.records.values()].find((r) => r.type === 'observation');
  expect(observation?.fields['family.auditorSummary']).toBe(
    'Updated after the family called back: they feel listened to.',
  );
  expect(observation?.fields['status']).toBe('submitted');
});

test('an edit made offline on a draft that another tablet submitted and the QA lead moderated is refused and kept here, with the moderated words left as they were', async () => {
  const ORIGINAL = 'Original strengths, as the QA lead moderated them.';
  const LATE = 'Late-marker rewritten offline on this tablet after it was submitted elsewhere.';
  const id = await startDraftFromHome('Frontline practice observation');
  await page.getByRole('link', { name: 'Strengths and areas for development' }).click();
  await page.getByLabel('Strengths').fill(ORIGINAL);
  await waitSavedOnDevice(page);
  await syncNow(page);

  // Offline, the draft's strengths are rewritten here...
  await tablet.context.setOffline(true);
  // Back from Account, where syncNow went, to the page with the strengths.
  await page.goBack();
  await page.getByLabel('Strengths').fill(LATE);
  await waitSavedOnDevice(page);
  // ...while Sam's other tablet submits it and the QA lead moderates it.
  const other = new HttpSyncClient(
    () => world.server.url,
    await signInHttp(world.server.url, 'sam@example.org', PASSWORD, 'Tablet B'),
  );
  await other.pullAll();
  other.add({
    recordId: id,
    type: 'observation',
    op: 'put',
    baseVersion: other.records.get(id)!.version,
    // With what submitting needs, filled in on that tablet (the server submits only complete).
    set: { ...SUBMITTABLE, status: 'submitted' },
  });
  await other.pushAll();
  const qa = new HttpSyncClient(
    () => world.server.url,
    await signInHttp(world.server.url, 'qa@example.org', PASSWORD, 'QA tablet'),
  );
  await qa.pullAll();
  qa.add({
    recordId: id,
    type: 'observation',
    op: 'put',
    baseVersion: qa.records.get(id)!.version,
    set: { status: 'moderated' },
  });
  await qa.pushAll();

  // Back online: the late edit is refused, and the tablet keeps what was typed and says why.
  await tablet.context.setOffline(false);
  await syncNow(page);
  await page.getByTestId('sync-status').getByRole('link', { name: 'Changes not accepted' }).click();
  await page.getByText(`What you entered: ${LATE}`).waitFor();
  await page
    .getByText(/had been submitted and moderated before this change reached the server/)
    .waitFor();
  await page
    .getByText(/choose “Amend this observation”/)
    .first()
    .waitFor();
  // The observation on this tablet is the moderated one, words and all, and can be amended.
  await page.getByRole('link', { name: 'Open the observation' }).click();
  await page.getByText(ORIGINAL).first().waitFor();
  expect(await page.getByText(LATE).count()).toBe(0);
  await page.getByRole('button', { name: 'Amend this observation' }).waitFor();

  await qa.pullAll();
  expect(qa.records.get(id)?.fields).toMatchObject({
    status: 'moderated',
    'summary.strengths': ORIGINAL,
  });
  expect([...qa.records.values()].filter((r) => r.parentId === id)).toEqual([]);
}, 180_000);

test('an amendment that leaves a required answer empty is not finished: the error summary links to it, and once it is put right the amendment reaches the server', async () => {
  const SUMMARY = 'Rewritten once the family had rung back: they feel listened to.';
  const id = await startDraftFromHome('Family feedback call');
  await completeObservation(page, 'AM-3002');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('heading', { name: 'Family feedback call submitted' }).waitFor();
  await page.getByRole('button', { name: 'Go to your observations' }).click();
  await amendFromItsPage(id, 'The family rang back.', 'call');
  // A required answer rubbed out (saved, as every change made while amending is).
  await page.getByRole('link', { name: 'The family’s feedback' }).click();
  await page.getByLabel('Your summary for the audit').fill('');
  await waitSavedOnDevice(page);
  await page.getByRole('link', { name: 'Return to the task list' }).first().click();
  await page.getByRole('button', { name: 'Finish amending' }).click();

  // Refused, in the check page's words, linked to the field; the amendment is still under way.
  const summary = page.locator('.govuk-error-summary');
  await summary.waitFor();
  const problem = summary.getByRole('link');
  expect(await problem.allTextContents()).toEqual([
    'Enter your summary of the family’s feedback for the audit',
  ]);
  expect(await problem.getAttribute('href')).toBe(
    `/observations/${id}/summary/family-voice?check=1#f-family--auditorSummary`,
  );
  await page.waitForFunction(() =>
    document.activeElement?.classList.contains('govuk-error-summary'),
  );
  expect(await page.title()).toMatch(/^Error: Amending this observation/);
  await page.getByRole('heading', { name: 'Amending this observation' }).waitFor();
  expect(await axeScan(page, 'finish amending refused: an answer is missing')).toEqual([]);

  // Put right from the summary's link, then finished.
  await problem.click();
  const field = page.getByLabel('Your summary for the audit');
  await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
  await field.fill(SUMMARY);
  await waitSavedOnDevice(page);
  await page.getByRole('link', { name: 'Return to the task list' }).first().click();
  await page.getByRole('button', { name: 'Finish amending' }).click();
  await page.getByText('History of amendments').waitFor();
  await syncNow(page);

  const qa = new HttpSyncClient(
    () => world.server.url,
    await signInHttp(world.server.url, 'qa@example.org', PASSWORD, 'QA tablet 2'),
  );
  await qa.pullAll();
  const rows = [...qa.records.values()].filter((r) => r.type === 'amendment' && r.parentId === id);
  expect(rows).toHaveLength(1);
  expect(rows[0]!.fields).toMatchObject({
    reason: 'The family rang back.',
    'changes.0.path': 'family.auditorSummary',
    'changes.0.after': SUMMARY,
  });
  expect(qa.records.get(id)?.fields).toMatchObject({
    status: 'submitted',
    'family.auditorSummary': SUMMARY,
  });
}, 180_000);

test('an amendment begun by mistake is cancelled: the confirmation says what goes back, the server ends with the original answers and no amendment row', async () => {
  const id = await startDraftFromHome('Family feedback call');
  await completeObservation(page, 'AM-3003');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('heading', { name: 'Family feedback call submitted' }).waitFor();
  await syncNow(page);
  const qa = new HttpSyncClient(
    () => world.server.url,
    await signInHttp(world.server.url, 'qa@example.org', PASSWORD, 'QA tablet 3'),
  );
  await qa.pullAll();
  const original = qa.records.get(id)!.fields;
  expect(original['family.auditorSummary']).toEqual(expect.any(String));

  await page.getByRole('link', { name: 'Your observations', exact: true }).click();
  await amendFromItsPage(id, 'Opened the wrong family’s call.', 'call');
  await page.getByRole('link', { name: 'The family’s feedback' }).click();
  await page.getByLabel('Your summary for the audit').fill('Meant for another family.');
  await waitSavedOnDevice(page);
  // The change reaches the server as part of the amendment before it is cancelled.
  await syncNow(page);
  await qa.pullAll();
  expect(qa.records.get(id)!.fields['family.auditorSummary']).toBe('Meant for another family.');

  await page.getByRole('link', { name: 'Your observations', exact: true }).click();
  await page.locator(`main a[href="/observations/${id}"]`).first().click();
  await page.getByRole('button', { name: 'Cancel amendment' }).click();
  await page
    .getByRole('heading', { name: 'Are you sure you want to cancel your amendment?' })
    .waitFor();
  await page.getByText('Now: Meant for another family.').waitFor();
  expect(await axeScan(page, 'cancel amendment: confirmation')).toEqual([]);
  await page.getByRole('button', { name: 'Yes, cancel the amendment' }).click();
  await page.getByRole('alert').filter({ hasText: 'Amendment cancelled' }).waitFor();
  expect(await page.getByText('History of amendments').count()).toBe(0);
  await page.getByRole('button', { name: 'Amend this call' }).waitFor();
  expect(await axeScan(page, 'cancel amendment: cancelled')).toEqual([]);
  await syncNow(page);

  await qa.pullAll();
  const fields = qa.records.get(id)!.fields;
  for (const [path, value] of Object.entries(original)) {
    if (path === 'updatedAt') continue;
    expect([path, fields[path]]).toEqual([path, value]);
  }
  expect(
    [...qa.records.values()].filter((r) => r.parentId === id && r.type === 'amendment'),
  ).toEqual([]);
}, 180_000);

test('an improvement action added while amending goes away when the amendment is cancelled, on the server too', async () => {
  const WORDS = 'Added to the wrong observation while amending.';
  const id = await startDraftFromHome('Frontline practice observation');
  await completeObservation(page, 'AM-3004');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('heading', { name: /submitted$/ }).waitFor();
  await syncNow(page);

  await page.getByRole('link', { name: 'Your observations', exact: true }).click();
  await amendFromItsPage(id, 'Adding an action, by mistake.');
  await page.locator(`main a[href="/observations/${id}/actions"]`).first().click();
  await page.getByRole('button', { name: 'Add an action' }).click();
  await page.getByLabel('What needs to be done').fill(WORDS);
  await waitSavedOnDevice(page);
  await page.getByRole('button', { name: 'Save and return to the actions' }).click();
  await page.getByRole('button', { name: 'Add an action' }).waitFor();
  // The action reaches the server as part of the amendment before it is cancelled.
  await syncNow(page);
  const qa = new HttpSyncClient(
    () => world.server.url,
    await signInHttp(world.server.url, 'qa@example.org', PASSWORD, 'QA tablet 4'),
  );
  await qa.pullAll();
  const added = [...qa.records.values()].find(
    (r) => r.parentId === id && r.type === 'action' && r.fields['what'] === WORDS,
  );
  expect(added?.deleted).toBe(false);

  await page.getByRole('link', { name: 'Your observations', exact: true }).click();
  await page.locator(`main a[href="/observations/${id}"]`).first().click();
  await page.getByRole('button', { name: 'Cancel amendment' }).click();
  await page
    .getByRole('heading', { name: 'Are you sure you want to cancel your amendment?' })
    .waitFor();
  await page.getByText('You added this while amending: it will be removed.').waitFor();
  await page.getByText(`Now: ${WORDS}`).waitFor();
  expect(await axeScan(page, 'cancel amendment: an action going')).toEqual([]);
  await page.getByRole('button', { name: 'Yes, cancel the amendment' }).click();
  await page.getByRole('alert').filter({ hasText: 'Amendment cancelled' }).waitFor();
  expect(await page.getByText(WORDS).count()).toBe(0);
  await syncNow(page);

  await qa.pullAll();
  expect(qa.records.get(added!.id)?.deleted).toBe(true);
  expect(
    [...qa.records.values()].filter((r) => r.parentId === id && r.type === 'amendment'),
  ).toEqual([]);
}, 240_000);
