// What a draft needs before the server lets it be submitted (schemas/rules/submission.ts, the
// tablet's completeness rules), for tests that submit an observation for another reason.
import {
  flattenObservation,
  observationFromFields,
} from '../../schemas/entities/observation-fields';
import type { FieldValue } from '../../schemas/entities/field-value';
import { findItem } from '../../schemas/entities/template';
import type { Template, TemplateItem } from '../../schemas/entities/template';
import { checkCompleteness } from '../../schemas/rules/completeness';
import { completeFor } from '../../schemas/testing/fixtures';

/**
 * As little as the rules allow for a template that asks for consent (all but the single case
 * audit): who was observed and their role, when and where, the case, and consent declined, so no
 * answer or summary part is required. A family feedback call also needs a call attempt (a child
 * row), and takes `'context.consent.given': 'not-reached'` rather than `'no'` when none was
 * completed.
 */
export const SUBMITTABLE = {
  'context.observedName': 'Sam Practitioner',
  'context.observedRole': 'Social worker',
  'context.date': '2026-05-11',
  'context.setting': 'Family home',
  'context.caseId': 'CS-20931',
  'context.consent.given': 'no',
} as const;

const HEADER = new Set([
  'id',
  'ownerId',
  'scopeId',
  'serviceId',
  'status',
  'sharedWithPractitioner',
  'createdAt',
  'updatedAt',
  'submittedAt',
]);

/** Every answer and summary part of the template filled in, as a tablet sends it (no header). */
export function completeFields(template: Template): Record<string, FieldValue> {
  const flat = flattenObservation(completeFor(template));
  return Object.fromEntries(Object.entries(flat).filter(([path]) => !HEADER.has(path)));
}

/** An answer that says as little as the item allows, for filling what a test left out. */
function neutralAnswer(item: TemplateItem): Record<string, FieldValue> {
  const at = (leaf: string) => `responses.${item.id}.${leaf}`;
  switch (item.response.type) {
    case 'grade4':
      return { [at('value')]: 'not-observed' };
    case 'ynna':
      return { [at('value')]: 'not-applicable' };
    case 'ypndk':
      return { [at('value')]: 'dont-know' };
    case 'scale0to10':
      return { [at('value')]: 5 };
    case 'text':
      return { [at('value')]: 'Seeded.' };
    case 'date':
      return { [at('value')]: '2026-04-01' };
    case 'choice': {
      const first = item.response.options[0]?.key ?? '';
      return item.response.multiple
        ? { [`responses.${item.id}.choices.${first}`]: true }
        : { [at('value')]: first };
    }
  }
}

const NEUTRAL: Record<string, FieldValue> = {
  'summary.strengths': 'Seeded.',
  'summary.areasForDevelopment': 'Seeded.',
  'summary.overallReasons': 'Seeded.',
  'summary.feedback.held': false,
  'summary.reflection': 'Seeded.',
  'family.whoAnswered': 'parent',
  'family.auditorSummary': 'Seeded.',
};

/**
 * A test's fields with what the completeness rules still ask for filled in, saying as little as
 * each allows: the context (`SUBMITTABLE`, consent declined where the template asks for it, so no
 * answer or summary part is needed), then, for a template that asks no consent, each required
 * answer left out as "not observed", "not applicable", "don't know" or a word, and each summary
 * part. What the test gave is kept. Child rows (a call's attempts, the plan's actions) are the
 * test's to add before submitting; the overall judgement too, when its template requires one.
 */
export function submittableFields(
  template: Template,
  fields: Readonly<Record<string, FieldValue>>,
): Record<string, FieldValue> {
  const context = template.consentRequired
    ? SUBMITTABLE
    : Object.fromEntries(
        Object.entries(SUBMITTABLE).filter(([p]) => p !== 'context.consent.given'),
      );
  const out: Record<string, FieldValue> = { ...context, ...fields };
  const header = {
    id: '00000000-0000-4000-8000-000000000001',
    ownerId: '00000000-0000-4000-8000-000000000002',
    scopeId: '00000000-0000-4000-8000-000000000003',
    createdAt: '2026-05-11T09:00:00.000Z',
    updatedAt: '2026-05-11T09:00:00.000Z',
  };
  const observation = observationFromFields(
    { kind: template.kind, templateId: template.id, templateVersion: template.version, ...out },
    header,
  );
  for (const problem of checkCompleteness(observation, template, {}, { concernsElsewhere: true })) {
    const item = problem.itemId ? findItem(template, problem.itemId)?.item : undefined;
    if (item && problem.path.endsWith('.value')) Object.assign(out, neutralAnswer(item));
    else if (item && problem.path.endsWith('.evidence')) out[problem.path] = 'Seeded.';
    else if (problem.path in NEUTRAL && out[problem.path] === undefined)
      out[problem.path] = NEUTRAL[problem.path]!;
  }
  return out;
}
