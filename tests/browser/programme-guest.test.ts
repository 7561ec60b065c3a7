// A guest observer from a neighbouring authority on a real tablet: they see only the observation
// assigned to them (not the authority's other assignments or observations), start it from the
// assignment with its context filled in, complete and submit it offline, and it reaches the server
// as theirs, in the assignment's team.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchTablet } from '../helpers/browser';
import type { Tablet } from '../helpers/browser';
import { PASSWORD, signInFirstTime, startWorld, waitAllSent } from '../helpers/app-world';
import type { World } from '../helpers/app-world';
import { createAxeLog } from '../helpers/axe';
import { completeObservation } from '../helpers/fill-observation';
import { HttpSyncClient, api, signInHttp } from '../helpers/http-client';

let world: World;
let tablet: Tablet;
let group: string;
let guestId: string;
const axe = createAxeLog();

beforeAll(async () => {
  world = await startWorld();
  const service = await world.addScope('Safeguarding', 'service');
  group = await world.addScope('Conference chairs', 'practice-group', service);
  await world.addUser({
    email: 'qa@example.org',
    role: 'qa-lead',
    name: 'Quinn Adams',
    scopeIds: [service],
  });
  const chair = await world.addUser({
    email: 'chair@example.org',
    role: 'observer',
    name: 'Cat Chair',
    scopeIds: [group],
  });
  guestId = await world.addUser({
    email: 'guest@neighbour.example.org',
    role: 'guest',
    name: 'Gus Guest',
    scopeIds: [],
  });
  // The authority's own work: an observation by the chair, and an assignment for the chair.
  const chairClient = new HttpSyncClient(
    () => world.server.url,
    await signInHttp(world.server.url, 'chair@example.org', PASSWORD),
  );
  chairClient.add({
    recordId: 'chairs-own-observation-1',
    type: 'observation',
    op: 'put',
    scopeId: group,
    baseVersion: 0,
    set: {
      kind: 'frontline-practice',
      templateId: 'frontline-practice',
      templateVersion: 1,
      status: 'draft',
    },
  });
  await chairClient.pushAll();
  const qa = await signInHttp(world.server.url, 'qa@example.org', PASSWORD);
  const planned = await api<{ assignments: { id: string }[] }>(
    world.server.url,
    '/api/programme/assignments',
    {
      assignments: [
        {
          scopeId: group,
          kind: 'cp-conference-chairing',
          observerUserId: guestId,
          observedUserId: chair,
          observedName: 'Cat Chair',
          meeting: 'Initial child protection conference',
          dueDate: '2099-03-31',
        },
        {
          scopeId: group,
          kind: 'cp-conference-chairing',
          observerUserId: chair,
          observedName: 'Another chair',
          dueDate: '2099-03-31',
        },
      ],
    },
    qa.token,
  );
  expect(planned.status).toBe(201);
  tablet = await launchTablet();
});
afterAll(async () => {
  await tablet?.context.close();
  await world?.stop();
});

test('a guest observer sees and completes only the observation assigned to them', async () => {
  const page = await tablet.context.newPage();
  await signInFirstTime(page, world.server.url, 'guest@neighbour.example.org');
  // Their navigation has no planning or coverage, and no observation of their own to start: the
  // home screen points them to their assignments instead.
  await expect(page.getByRole('link', { name: 'Plan audits' }).count()).resolves.toBe(0);
  await expect(page.getByRole('link', { name: 'Coverage' }).count()).resolves.toBe(0);
  await expect(page.getByRole('link', { name: 'New observation' }).count()).resolves.toBe(0);
  await expect(page.getByRole('button', { name: 'Start a new observation' }).count()).resolves.toBe(
    0,
  );
  await page.getByTestId('start-hint').waitFor();
  // The menu's entry, and the hint's link to the same page.
  await expect(
    page.getByRole('link', { name: 'My assignments', exact: true }).count(),
  ).resolves.toBe(2);
  await page.getByTestId('start-hint').getByRole('link', { name: 'My assignments' }).click();
  const link = page.getByRole('link', { name: 'Child protection conference chairing: Cat Chair' });
  await link.waitFor();
  await expect(page.locator('main table tbody tr').count()).resolves.toBe(1);
  await axe.scan(page, 'guest: my assignments');

  await tablet.context.setOffline(true);
  await link.click();
  await axe.scan(page, 'guest: assignment');
  await page.getByRole('button', { name: 'Start the observation' }).click();
  await page.locator('a.govuk-task-list__link[href$="/context"]').click();
  await expect(page.locator('main input[id="f-context--observedName"]').inputValue()).resolves.toBe(
    'Cat Chair',
  );
  // Offline, and in no team's directory: the account is named as the assignment named it.
  await page.getByText('Linked to the account of Cat Chair.').waitFor();
  await axe.scan(page, 'guest: set-up, linked to an account');
  // The meeting planned is the type of conference, not where it took place.
  await expect(page.locator('main input[id="f-context--setting"]').inputValue()).resolves.toBe('');
  await page.getByRole('link', { name: 'Return to the task list' }).first().click();
  await page.locator('a.govuk-task-list__link[href$="/sections/about-the-conference"]').click();
  await expect(
    page
      .getByRole('group', { name: 'Type of conference' })
      .getByLabel('Initial', { exact: true })
      .isChecked(),
  ).resolves.toBe(true);
  await page.getByRole('link', { name: 'Return to the task list' }).first().click();
  await completeObservation(page, 'AB-7001', (screen) => axe.scan(page, `guest: ${screen}`));
  await page.getByRole('button', { name: /^Submit/ }).click();
  await page.getByRole('heading', { name: /submitted$/ }).waitFor();
  await tablet.context.setOffline(false);
  await waitAllSent(page, 60_000);

  // On the server: the guest holds exactly their assignment and their observation, submitted,
  // in the assignment's team.
  const guest = new HttpSyncClient(
    () => world.server.url,
    await signInHttp(world.server.url, 'guest@neighbour.example.org', PASSWORD, 'Second device'),
  );
  await guest.pullAll();
  const seen = [...guest.records.values()].filter((r) => !r.parentId);
  expect(seen.map((r) => r.type).sort()).toEqual(['assignment', 'observation']);
  const obs = seen.find((r) => r.type === 'observation')!;
  expect(obs).toMatchObject({ ownerId: guestId, scopeId: group });
  expect(obs.fields['status']).toBe('submitted');
  expect(obs.fields['context.assignmentId']).toBe(seen.find((r) => r.type === 'assignment')!.id);
  if (axe.findings.length) console.log(JSON.stringify(axe.findings, null, 1));
  expect(axe.findings).toEqual([]);
}, 600_000);
