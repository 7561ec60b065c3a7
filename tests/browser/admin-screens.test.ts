// The administration screens in real Chromium: an administrator adapts the frontline observation
// checklist and publishes it three times (questions, then sections and the order of questions);
// an observer's draft keeps its version until they agree to the
// preview of the upgrade, and a new observation uses the newest version; a changed duty number
// reaches the observer's tablet at its next sync. axe runs on every administration screen.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchTablet } from '../helpers/browser';
import type { Tablet } from '../helpers/browser';
import {
  ADMIN,
  addObserver,
  signInFirstTime,
  startWorld,
  syncNow,
  waitAllSent,
} from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { openAdminScreen } from '../helpers/admin-screen';
import { createAxeLog } from '../helpers/axe';
import { startFrontlineDraft } from '../helpers/start-draft';

let world: World;
let adminTablet: Tablet;
let observerTablet: Tablet;
let admin: Page;
let observer: Page;
const axe = createAxeLog();

const REWORDED = 'The purpose of the visit was agreed with the practitioner and linked to the plan';
const REVIEWED = 'This statement was last reviewed on 1 December 2026 by the Fictional Borough.';
const ADDED = 'The practitioner checked the child’s wishes and feelings were recorded';
const LOCAL_SECTION = 'Our practice standards';
const LOCAL_QUESTION = 'The plan is written so that the family could follow it';
const RENAMED_SECTION = 'Before the visit';

beforeAll(async () => {
  world = await startWorld({ DUTY_PHONE: '020 7946 0000' });
  await addObserver(world);
  adminTablet = await launchTablet();
  observerTablet = await launchTablet();
  admin = await adminTablet.context.newPage();
  observer = await observerTablet.context.newPage();
}, 120_000);
afterAll(async () => {
  await adminTablet?.context.close();
  await observerTablet?.context.close();
  await world?.stop();
});

async function exported(recordId: string): Promise<Record<string, unknown>> {
  const res = await fetch(
    `${world.server.url}/api/admin/retention/export?recordId=${encodeURIComponent(recordId)}`,
    { headers: { authorization: `Bearer ${world.adminToken}` } },
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { record: { fields: Record<string, unknown> } }).record.fields;
}

async function adminGo(link: string, heading: string | RegExp, screen: string) {
  await openAdminScreen(admin, link, heading);
  await axe.scan(admin, screen);
}

/** Copies the newest frontline checklist into a draft and opens the editor. */
async function adaptFrontline() {
  await adminGo('Checklists', 'Checklists', 'checklists');
  await admin
    .getByRole('button', {
      name: 'Adapt Frontline practice observation: home visit or direct work',
    })
    .click();
  await admin.getByRole('heading', { name: /^Adapt: Frontline/, level: 1 }).waitFor();
}

/** The focused element's id, and whether it is wholly inside the window. */
const focused = () =>
  admin.evaluate(() => {
    const el = document.activeElement!;
    const box = el.getBoundingClientRect();
    return { id: el.id, inView: box.top >= 0 && box.bottom <= window.innerHeight };
  });

/**
 * "Before the observation" moved down, up and down again with the keyboard: focus stays on a Move
 * button of that section, on screen, and each new place is announced (WCAG 2.4.3, 4.1.3).
 */
async function moveSectionsByKeyboard() {
  const status = admin.locator('main p.govuk-visually-hidden[role="status"]');
  expect(await status.textContent()).toBe('');
  const count = await admin.locator('main section h2').count();
  await admin.getByRole('button', { name: /^Move down\W+Before the observation$/ }).focus();
  await admin.keyboard.press('Enter');
  await admin.getByRole('heading', { name: '1. What you observed' }).waitFor();
  await status.getByText(`Before the observation is now section 2 of ${count}`).waitFor();
  // It moved below a long section, taking its focused button off the screen unless scrolled to.
  expect(await focused()).toEqual({ id: 'move-down-before', inView: true });
  await admin.keyboard.press('Shift+Tab');
  await admin.keyboard.press('Enter');
  await admin.getByRole('heading', { name: '1. Before the observation' }).waitFor();
  await status.getByText(`Before the observation is now section 1 of ${count}`).waitFor();
  // At the top its Move up button goes; the keyboard is handed to Move down, not lost.
  expect(await focused()).toEqual({ id: 'move-down-before', inView: true });
  await admin.keyboard.press('Enter');
  await admin.getByRole('heading', { name: '1. What you observed' }).waitFor();
  await status.getByText(`Before the observation is now section 2 of ${count}`).waitFor();
  await axe.scan(admin, 'adapt a checklist: a section moved');
}

async function openCheck(): Promise<void> {
  await admin.getByRole('button', { name: 'Check and publish' }).click();
  await admin.getByRole('heading', { name: 'Check your changes before publishing' }).waitFor();
}

async function publishDraft(): Promise<void> {
  await axe.scan(admin, 'check before publishing');
  await admin.getByRole('button', { name: 'Publish', exact: true }).click();
  await admin.getByRole('heading', { name: 'Checklist published' }).waitFor();
}

async function concernDutyText(page: Page, observationPath: string): Promise<string> {
  await page.getByRole('link', { name: 'Your observations', exact: true }).click();
  await page.locator(`a[href="${observationPath}"]`).first().click();
  await page.getByRole('button', { name: 'Report a safety concern' }).first().click();
  await page.getByRole('heading', { name: 'Report a safety concern' }).waitFor();
  return (await page.getByTestId('duty-phone').textContent()) ?? '';
}

test('people, teams and tablets screens work and pass axe', async () => {
  await signInFirstTime(admin, world.server.url, ADMIN.email, ADMIN.password);
  await adminGo('People and teams', 'People and teams', 'people and teams');
  expect(await admin.getByRole('cell', { name: 'sam@example.org' }).count()).toBe(1);

  await admin.getByRole('button', { name: 'Add a team' }).click();
  await admin.getByRole('heading', { name: 'Add a team' }).waitFor();
  await admin.getByText('Loading…').waitFor({ state: 'detached' });
  await axe.scan(admin, 'add a team');
  await admin.getByRole('button', { name: 'Add team' }).click();
  await admin.locator('.govuk-error-summary').waitFor();
  await axe.scan(admin, 'add a team: errors');
  await admin.getByLabel('Name').fill('Fostering');
  await admin.getByLabel('A service', { exact: true }).check();
  await admin.getByRole('button', { name: 'Add team' }).click();
  await admin.getByRole('rowheader', { name: 'Fostering' }).waitFor();

  await admin.getByRole('button', { name: 'Add a person' }).click();
  await admin.getByRole('heading', { name: 'Add a person' }).waitFor();
  await admin.getByText('Loading…').waitFor({ state: 'detached' });
  await axe.scan(admin, 'add a person');
  await admin.getByLabel('Email address').fill('robin@example.org');
  await admin.getByLabel('Full name').fill('Robin Shah');
  await admin.getByLabel('Observer', { exact: true }).check();
  await admin.getByLabel('First password (optional)').fill('a long first password');
  await admin.getByRole('button', { name: 'Add person' }).click();
  await admin.getByRole('heading', { name: 'Robin Shah', level: 1 }).waitFor();
  // The heading names them; the title, kept in the history and the task switcher, does not.
  expect(await admin.title()).toMatch(/^Person\b/);
  await axe.scan(admin, 'a person');
  await admin.getByLabel('Fostering').check();
  await admin.getByRole('button', { name: 'Add to team' }).click();
  await admin.getByText('Robin Shah is now in Fostering.').waitFor();
  await admin.getByLabel('New password').fill('short');
  await admin.getByRole('button', { name: 'Set new password' }).click();
  await admin.locator('.govuk-error-summary').waitFor();
  await axe.scan(admin, 'a person: errors');
  await admin.getByLabel('New password').fill('another long password');
  await admin.getByRole('button', { name: 'Set new password' }).click();
  await admin.getByText(/password is changed/).waitFor();
  // The new password is the one that signs in.
  const signIn = await fetch(`${world.server.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'robin@example.org', password: 'another long password' }),
  });
  expect(signIn.status).toBe(200);
  const signInAsRobin = () =>
    fetch(`${world.server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'robin@example.org', password: 'another long password' }),
    });

  // A new role, a leaver's account disabled and enabled again, and a team left.
  await admin.getByLabel('Quality assurance lead', { exact: true }).check();
  await admin.getByRole('button', { name: 'Change role' }).click();
  await admin.getByText(/Robin Shah is now quality assurance lead/).waitFor();
  await admin
    .locator('.govuk-summary-list__row', { hasText: 'Role' })
    .getByText('Quality assurance lead')
    .waitFor();
  await admin.getByRole('button', { name: 'Disable account' }).click();
  await admin.getByText(/account is disabled and they are signed out/).waitFor();
  await axe.scan(admin, 'a person: disabled');
  expect((await signInAsRobin()).status).toBe(403);
  await admin.getByRole('button', { name: 'Enable account' }).click();
  await admin.getByText('Robin Shah can sign in again.').waitFor();
  expect((await signInAsRobin()).status).toBe(200);
  await admin.getByRole('button', { name: 'Remove from Fostering' }).click();
  await admin.getByText(/Robin Shah is no longer in Fostering/).waitFor();
  await axe.scan(admin, 'a person: team removed');

  await adminGo('Tablets', 'Tablets', 'tablets');
  await admin
    .getByRole('rowheader', { name: /Robin Shah/ })
    .first()
    .waitFor();
  await admin
    .getByRole('link', { name: /^Remove .* used by Robin Shah$/ })
    .first()
    .click();
  await admin.getByRole('heading', { name: 'Remove this tablet' }).waitFor();
  await admin.getByText('Loading…').waitFor({ state: 'detached' });
  await axe.scan(admin, 'remove a tablet');
  await admin.getByRole('button', { name: 'Remove tablet' }).click();
  await admin.getByText(/The tablet is removed/).waitFor();
  const after = await fetch(`${world.server.url}/api/settings`, {
    headers: { authorization: `Bearer ${((await signIn.json()) as { token: string }).token}` },
  });
  expect(after.status).toBe(401);
}, 180_000);

test('an adapted checklist is published twice; a draft upgrades after the preview; settings reach the tablet', async () => {
  // First local version: one question reworded.
  await adaptFrontline();
  await axe.scan(admin, 'checklist editor');
  await admin
    .getByRole('link', { name: /^Change The purpose of the visit was agreed beforehand/ })
    .click();
  await admin.getByRole('heading', { name: 'Change a question' }).waitFor();
  await axe.scan(admin, 'change a question');
  await admin.getByLabel('Question').fill('The purpose of the visit was agreed beforehand');
  await admin.getByRole('button', { name: 'Save question' }).click();
  await admin.getByRole('heading', { name: /^Adapt: Frontline/ }).waitFor();
  await openCheck();
  await publishDraft();
  await axe.scan(admin, 'checklist published');

  // The observer's tablet takes version 1 and starts a draft on it, answering a question that
  // version 2 removes.
  await signInFirstTime(observer, world.server.url, 'sam@example.org');
  await syncNow(observer);
  await startFrontlineDraft(observer);
  const draftPath = new URL(observer.url()).pathname;
  const draftId = draftPath.split('/').pop()!;
  await observer.getByRole('link', { name: 'Before the observation' }).click();
  await observer
    .getByLabel('Skills the practitioner asked you to focus on')
    .fill('Active listening');
  await observer
    .getByTestId('save-status')
    .first()
    .filter({ hasText: 'Saved on this device' })
    .waitFor();
  await syncNow(observer);
  // The tablet has sent everything: its row says so, not the size of the last batch it sent.
  await adminGo('Tablets', 'Tablets', 'tablets');
  const samsTablet = admin
    .getByRole('row')
    .filter({ has: admin.getByRole('rowheader', { name: /Sam Patel/ }) })
    .first();
  expect((await samsTablet.getByRole('cell').nth(2).textContent())?.trim()).toBe('0');
  expect((await exported(draftId))['templateId']).toBe('frontline-practice-local');
  expect((await exported(draftId))['templateVersion']).toBe(1);

  // The duty number in force before the settings change, as the tablet shows it offline.
  await observerTablet.context.setOffline(true);
  expect(await concernDutyText(observer, draftPath)).toContain('020 7946 0000');
  await observerTablet.context.setOffline(false);

  // Version 2: one added, one reworded, one removed.
  await adaptFrontline();
  await admin.getByRole('link', { name: 'Add a question to Before the observation' }).click();
  await admin.getByRole('heading', { name: 'Add a question to Before the observation' }).waitFor();
  await admin.getByRole('button', { name: 'Add question' }).click();
  await admin.locator('.govuk-error-summary').waitFor();
  await axe.scan(admin, 'add a question: errors');
  await admin.getByLabel('Question').fill(ADDED);
  await admin
    .getByLabel('What good looks like (guidance)')
    .fill('The record shows what the child said, in their words.');
  await admin.locator('label[for="required"]').click();
  await admin.getByLabel('Yes, no or not applicable').check();
  await admin.getByRole('button', { name: 'Add question' }).click();
  await admin.getByRole('heading', { name: /^Adapt: Frontline/ }).waitFor();
  await admin
    .getByRole('link', { name: /^Change The purpose of the visit was agreed beforehand/ })
    .click();
  await admin.getByLabel('Question').fill(REWORDED);
  await admin.getByRole('button', { name: 'Save question' }).click();
  await admin
    .getByRole('link', { name: /^Change Skills the practitioner asked you to focus on/ })
    .click();
  await admin.getByRole('button', { name: 'Remove this question' }).click();
  await admin.getByRole('heading', { name: /^Adapt: Frontline/ }).waitFor();
  await moveSectionsByKeyboard();
  await openCheck();
  const check = admin.locator('.govuk-summary-list');
  await check.waitFor();
  const summary = (await check.textContent()) ?? '';
  expect(summary).toContain(`Added${ADDED}`);
  expect(summary).toContain('Reworded');
  expect(summary).toContain('RemovedSkills the practitioner asked you to focus on');
  expect(summary).toContain('Section order');
  await publishDraft();

  // Settings: a new duty number.
  await adminGo('Local settings', 'Local settings', 'local settings');
  // The server's DUTY_PHONE is in force, shown but not copied into the form as a setting.
  expect(await admin.getByLabel('Duty phone number').inputValue()).toBe('');
  await admin.getByText('(now 020 7946 0000)', { exact: false }).waitFor();
  await admin.getByLabel('Duty phone number').fill('not a number');
  await admin.getByRole('button', { name: 'Save settings' }).click();
  await admin.locator('.govuk-error-summary').waitFor();
  await axe.scan(admin, 'local settings: errors');
  await admin.getByLabel('Duty phone number').fill('01632 960 123');
  await admin.getByRole('button', { name: 'Save settings' }).click();
  await admin.getByText('Settings saved. Each tablet takes them at its next sync.').waitFor();

  // The authority's own accessibility statement.
  await adminGo(
    'Accessibility statement and privacy notice',
    'Accessibility statement and privacy notice',
    'legal pages',
  );
  const statement = admin.getByLabel('Accessibility statement');
  await statement.fill(`${await statement.inputValue()}\n\n${REVIEWED}`);
  await admin.getByRole('button', { name: 'Save pages' }).click();
  await admin.getByText('Saved. Each tablet shows the new wording after its next sync.').waitFor();
  await axe.scan(admin, 'legal pages: saved');

  // The observer's next sync brings version 2 and the new number; the draft stays on version 1.
  await syncNow(observer);
  await observer.getByRole('link', { name: 'Your observations', exact: true }).click();
  await observer.locator(`a[href="${draftPath}"]`).first().click();
  await observer.getByText('Your authority has published version 2.').waitFor();
  expect((await exported(draftId))['templateVersion']).toBe(1);
  await observer.getByRole('link', { name: 'See what changes' }).click();
  await observer.getByRole('heading', { name: 'Move to version 2 of the checklist' }).waitFor();
  const preview = (await observer.locator('.govuk-summary-list').textContent()) ?? '';
  expect(preview).toContain(ADDED);
  expect(preview).toContain(REWORDED);
  expect(await observer.getByTestId('dropped-answer').textContent()).toContain('Active listening');
  await axe.scan(observer, 'upgrade preview');
  await observer.getByRole('button', { name: 'Move to version 2' }).click();
  await observer.locator('.govuk-task-list').waitFor();
  expect(await observer.getByText('Your authority has published version 2.').count()).toBe(0);
  await waitAllSent(observer);
  await syncNow(observer);
  const upgraded = await exported(draftId);
  expect(upgraded['templateVersion']).toBe(2);
  expect(upgraded['responses.skills-to-focus-on.value'] ?? null).toBeNull();

  // A new observation starts on version 2: the added question is there.
  await startFrontlineDraft(observer);
  const fresh = new URL(observer.url()).pathname.split('/').pop()!;
  await observer.getByRole('link', { name: 'Before the observation' }).click();
  await observer.getByText(ADDED).first().waitFor();
  await observer.getByRole('link', { name: 'Return to the task list' }).first().click();
  await syncNow(observer);
  expect((await exported(fresh))['templateVersion']).toBe(2);

  // The new duty number shows on the safety concern screen, offline.
  await observerTablet.context.setOffline(true);
  expect(await concernDutyText(observer, draftPath)).toContain('01632 960 123');
  await observer.getByRole('link', { name: 'Accessibility statement', exact: true }).click();
  await observer.getByText(REVIEWED).waitFor();
  expect(await observer.getByRole('heading', { name: 'Compliance status' }).count()).toBe(1);
  await observerTablet.context.setOffline(false);
}, 300_000);

test('sections: one added with its first question, one renamed, a question moved; an empty section stops publishing', async () => {
  await adaptFrontline();
  // A section of the authority's own, at the end; its first question is asked for next.
  await admin.getByRole('link', { name: 'Add a section', exact: true }).click();
  await admin.getByRole('heading', { name: 'Add a section', level: 1 }).waitFor();
  await admin.getByRole('button', { name: 'Add section and its first question' }).click();
  await admin.locator('.govuk-error-summary').getByText('Enter the section’s title').waitFor();
  await axe.scan(admin, 'add a section: errors');
  await admin.getByLabel('Section title').fill(LOCAL_SECTION);
  await admin
    .getByLabel('Introduction (optional)')
    .fill('Questions the authority added for its own practice standards.');
  await admin.getByRole('button', { name: 'Add section and its first question' }).click();
  await admin.getByRole('heading', { name: `Add a question to ${LOCAL_SECTION}` }).waitFor();

  // Left without a question, the section stops publishing, and the error leads to the mend.
  await admin.getByRole('link', { name: 'Back', exact: true }).click();
  await admin.getByText('This section has no questions yet.').waitFor();
  await openCheck();
  expect(await admin.locator('.govuk-summary-list').textContent()).toContain(
    `Section added${LOCAL_SECTION}`,
  );
  await admin.getByRole('button', { name: 'Publish', exact: true }).click();
  const mend = admin
    .locator('.govuk-error-summary')
    .getByRole('link', { name: `Add a question to ‘${LOCAL_SECTION}’, or remove the section` });
  await mend.waitFor();
  await axe.scan(admin, 'check before publishing: an empty section');
  await mend.click();
  await admin.getByRole('heading', { name: `Add a question to ${LOCAL_SECTION}` }).waitFor();
  await admin.getByLabel('Question').fill(LOCAL_QUESTION);
  await admin
    .getByLabel('What good looks like (guidance)')
    .fill('The plan names who does what by when, in words the family use.');
  await admin.locator('label[for="required"]').click();
  await admin.getByLabel('Grade', { exact: true }).check();
  await admin.getByRole('button', { name: 'Add question' }).click();
  await admin.getByRole('heading', { name: /^Adapt: Frontline/ }).waitFor();

  // "Before the observation" renamed; the second question of "What you observed" moved to the top.
  await admin
    .getByRole('link', {
      name: /^Change the section’s title or introduction, or remove it\W+Before/,
    })
    .click();
  await admin.getByRole('heading', { name: 'Change a section', level: 1 }).waitFor();
  await axe.scan(admin, 'change a section');
  await admin.getByLabel('Section title').fill(RENAMED_SECTION);
  await admin.getByRole('button', { name: 'Save section' }).click();
  await admin.getByRole('heading', { name: new RegExp(`^\\d+\\. ${RENAMED_SECTION}$`) }).waitFor();
  const observed = admin.locator('section', {
    has: admin.getByRole('heading', { name: /^\d+\. What you observed$/ }),
  });
  const second = (await observed.locator('.govuk-summary-list__key').nth(1).textContent())!.trim();
  await observed.getByRole('link', { name: `Change ${second}`, exact: true }).click();
  await admin.getByText(/^Question 2 of \d+ in What you observed\.$/).waitFor();
  await axe.scan(admin, 'change a question: its place');
  const up = admin.getByRole('button', { name: 'Move up', exact: true });
  await up.click();
  await admin.getByText(/^Question 1 of \d+ in What you observed\.$/).waitFor();
  // At the top the Move up button goes; the keyboard is handed to Move down, not lost.
  expect(await up.count()).toBe(0);
  await expect
    .poll(() => admin.evaluate(() => document.activeElement?.id), { timeout: 2000 })
    .toBe('move-down');
  await admin.getByRole('link', { name: 'Back', exact: true }).click();
  expect((await observed.locator('.govuk-summary-list__key').first().textContent())!.trim()).toBe(
    second,
  );

  await openCheck();
  const summary = (await admin.locator('.govuk-summary-list').textContent()) ?? '';
  expect(summary).toContain(`Section added${LOCAL_SECTION}`);
  expect(summary).toContain(`Added${LOCAL_QUESTION} (in ${LOCAL_SECTION})`);
  expect(summary).toContain(`Section renamed`);
  expect(summary).toContain(RENAMED_SECTION);
  expect(summary).toContain('Questions reorderedWhat you observed');
  await publishDraft();

  // The published version is what the editor showed.
  const res = await fetch(`${world.server.url}/api/templates`, {
    headers: { authorization: `Bearer ${world.adminToken}` },
  });
  const { templates } = (await res.json()) as {
    templates: {
      template: {
        id: string;
        version: number;
        sections: { title: string; description?: string; items: { prompt: string }[] }[];
      };
    }[];
  };
  const newest = templates
    .filter((t) => t.template.id === 'frontline-practice-local')
    .sort((a, b) => b.template.version - a.template.version)[0]!.template;
  expect(newest.version).toBe(3);
  expect(newest.sections.map((x) => x.title)).toContain(RENAMED_SECTION);
  expect(newest.sections.map((x) => x.title)).not.toContain('Before the observation');
  const local = newest.sections.at(-1)!;
  expect(local.title).toBe(LOCAL_SECTION);
  expect(local.description).toBe('Questions the authority added for its own practice standards.');
  expect(local.items.map((i) => i.prompt)).toEqual([LOCAL_QUESTION]);
  const observedSection = newest.sections.find((x) => x.title === 'What you observed')!;
  expect(observedSection.items[0]!.prompt).toBe(second);
}, 300_000);

test('subject access about a case ID nothing holds says no records were found', async () => {
  await adminGo('Subject access', 'Subject access', 'subject access');
  await admin.getByLabel('A child or family, by case ID').check();
  await admin.getByLabel('Case ID', { exact: true }).fill('zz-424242');
  expect(await admin.getByLabel('Withhold it (recommended)').isChecked()).toBe(true);
  await admin.getByRole('button', { name: 'Export' }).click();
  await admin.getByRole('heading', { name: 'No records found for case ID zz-424242' }).waitFor();
  await axe.scan(admin, 'subject access: nothing found');
}, 60_000);

test('the administration screens say they need a signal when offline', async () => {
  await adminTablet.context.setOffline(true);
  await admin.getByRole('link', { name: 'Administration', exact: true }).click();
  await admin.getByText('Administration works on the server, so it needs a signal.').waitFor();
  await axe.scan(admin, 'administration offline');
  await admin.getByRole('link', { name: 'People and teams', exact: true }).click();
  await admin.getByTestId('admin-failure').first().waitFor();
  expect(await admin.getByTestId('admin-failure').first().textContent()).toContain('no connection');
  await adminTablet.context.setOffline(false);
}, 60_000);

test('axe finds nothing on the administration screens', () => {
  console.log(`axe scanned ${axe.screens.length} screens: ${axe.screens.join('; ')}`);
  expect(axe.findings).toEqual([]);
});
