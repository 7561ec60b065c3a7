// Realistic observations pushed to a real server as another device of the same person: about
// 70 fields each (grades with evidence) and a 400-character note, valid for their template and
// complete, so they may be submitted.
import { templateItems } from '../../schemas/entities/template';
import { answerFor } from '../../schemas/testing/fixtures';
import { findTemplate } from '../../schemas/templates/catalogue';
import { frontlinePracticeV1 } from '../../schemas/templates/frontline-practice';
import { HttpSyncClient, signInHttp } from './http-client';
import { submittableFields } from './submittable';

const NOTE =
  'The practitioner explained the purpose of the visit clearly and checked the family understood. '
    .repeat(5)
    .slice(0, 400);

export function observationFields(
  i: number,
  serviceId: string,
): Record<string, string | number | boolean> {
  const fields: Record<string, string | number | boolean> = {
    kind: 'frontline-practice',
    templateId: frontlinePracticeV1.id,
    templateVersion: frontlinePracticeV1.version,
    status: 'draft',
    sharedWithPractitioner: false,
    serviceId,
    'context.observedName': `Practitioner ${i % 97}`,
    'context.observedRole': 'Social worker',
    'context.caseId': `AB-${10_000 + i}`,
    'context.setting': 'Family home',
    'context.date': '2026-05-01',
    'context.consent.given': 'yes',
    'context.consent.byWhom': 'Mother',
    'context.consent.how': 'Verbally, at the start of the visit',
    'summary.strengths': NOTE,
    'summary.areasForDevelopment': 'Share reports with the family earlier.',
    'summary.overallGrade': 'good',
    'summary.overallReasons': 'Good practice in every area observed.',
    'summary.feedback.held': false,
  };
  for (const { item } of templateItems(frontlinePracticeV1)) {
    const at = `responses.${item.id}`;
    if (item.response.type === 'grade4') {
      fields[`${at}.value`] = 'good';
      fields[`${at}.evidence`] = `Seen during the visit (${item.id})`;
      continue;
    }
    const { value, evidence, choices } = answerFor(item);
    if (value !== undefined) fields[`${at}.value`] = value;
    if (evidence !== undefined) fields[`${at}.evidence`] = evidence;
    for (const [key, ticked] of Object.entries(choices ?? {}))
      fields[`${at}.choices.${key}`] = ticked;
  }
  return fields;
}

/** Pushes `count` observations for the person; resolves once the server has them all. */
export async function seedObservations(opts: {
  baseUrl: string;
  email: string;
  password: string;
  scopeId: string;
  serviceId: string;
  count: number;
  /** Every n-th one stays a draft; the rest are submitted (a second edit, as on a tablet). */
  draftEvery?: number;
}): Promise<void> {
  const session = await signInHttp(opts.baseUrl, opts.email, opts.password, 'Seeding tablet');
  const client = new HttpSyncClient(() => opts.baseUrl, session);
  const draftEvery = opts.draftEvery ?? 20;
  for (let i = 0; i < opts.count; i++) {
    const recordId = crypto.randomUUID();
    client.add({
      recordId,
      type: 'observation',
      op: 'put',
      scopeId: opts.scopeId,
      baseVersion: 0,
      set: observationFields(i, opts.serviceId),
    });
    if (i % draftEvery !== 0) {
      client.add({
        recordId,
        type: 'observation',
        op: 'put',
        baseVersion: 0,
        set: { status: 'submitted' },
      });
    }
  }
  await client.pushAll(100, Date.now() + 600_000);
}

/**
 * A single case audit of `caseId` on `date`, graded good and submitted by the person from a
 * device of their own; resolves with its id once the server has it.
 */
export async function seedSubmittedAudit(opts: {
  baseUrl: string;
  email: string;
  password: string;
  scopeId: string;
  date: string;
  caseId: string;
}): Promise<string> {
  const sca = findTemplate('single-case-audit', 1)!;
  const auditor = new HttpSyncClient(
    () => opts.baseUrl,
    await signInHttp(opts.baseUrl, opts.email, opts.password),
  );
  const recordId = crypto.randomUUID();
  auditor.add({
    recordId,
    type: 'observation',
    op: 'put',
    scopeId: opts.scopeId,
    baseVersion: 0,
    set: submittableFields(sca, {
      kind: sca.kind,
      templateId: sca.id,
      templateVersion: sca.version,
      status: 'draft',
      'context.date': opts.date,
      'context.caseId': opts.caseId,
      'summary.overallGrade': 'good',
    }),
  });
  auditor.add({
    recordId,
    type: 'observation',
    op: 'put',
    baseVersion: 0,
    set: { status: 'submitted' },
  });
  await auditor.pushAll();
  return recordId;
}
