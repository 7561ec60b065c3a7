import { describe, expect, test } from 'vitest';
import { createObservationSchema, newObservation } from '../entities/observation';
import type { Observation } from '../entities/observation';
import { builtInTemplates, findTemplate } from '../templates/catalogue';
import { completeFor, draftFor, testId } from '../testing/fixtures';
import {
  fieldValueProblem,
  parseObservation,
  validateObservationAgainstTemplate,
} from './validate-observation';
import { frontlinePracticeV1 } from '../templates/frontline-practice';

const cp = findTemplate('cp-conference-chairing', 1)!;
const frontline = findTemplate('frontline-practice', 1)!;

/** A JSON-like copy to break in tests, as a client or the network would deliver it. */
type Wire = Record<string, unknown> & {
  context: Record<string, unknown>;
  responses: Record<string, unknown>;
  summary: Record<string, unknown>;
};

function wire(record: Observation): Wire {
  return JSON.parse(JSON.stringify(record));
}

function errorsOf(input: unknown) {
  const result = parseObservation(input, builtInTemplates);
  return result.ok ? [] : result.errors;
}

describe('parseObservation: well-formed records', () => {
  test.each(builtInTemplates.map((t) => [t.id, t] as const))(
    'a new draft and a complete record for %s parse',
    (_id, t) => {
      expect(errorsOf(wire(draftFor(t)))).toEqual([]);
      expect(errorsOf(wire(completeFor(t)))).toEqual([]);
    },
  );
});

describe('parseObservation: malformed records are rejected naming the field', () => {
  test('wrong types', () => {
    const input = wire(draftFor(cp));
    input.templateVersion = '1';
    input.sharedWithPractitioner = 'no';
    input.context.date = 20260501;
    expect(errorsOf(input)).toEqual([
      { path: 'templateVersion', code: 'WRONG_TYPE', message: 'Must be a number' },
      { path: 'sharedWithPractitioner', code: 'WRONG_TYPE', message: 'Must be true or false' },
      {
        path: 'context.date',
        code: 'WRONG_TYPE',
        message: 'Enter a real date in the format YYYY-MM-DD, like 2026-01-14',
      },
    ]);
  });

  test('an answer that is neither text nor a number', () => {
    const input = wire(draftFor(cp));
    input.responses['quorate'] = { value: true };
    expect(errorsOf(input)).toEqual([
      {
        path: 'responses.quorate.value',
        code: 'WRONG_TYPE',
        message: 'Must be text or a number',
      },
    ]);
  });

  test('an unknown template', () => {
    const input = wire(draftFor(cp));
    input.templateId = 'made-up-template';
    expect(errorsOf(input)).toEqual([
      {
        path: 'templateId',
        code: 'TEMPLATE_UNKNOWN',
        message:
          'Template ‘made-up-template’ version 1 is not available on this device or server – update the app, or choose a template from the catalogue',
      },
    ]);
  });

  test('a version of a known template that does not exist', () => {
    const input = wire(draftFor(cp));
    input.templateVersion = 7;
    expect(errorsOf(input).map((e) => [e.path, e.code])).toEqual([
      ['templateId', 'TEMPLATE_UNKNOWN'],
    ]);
  });

  test('missing required fields', () => {
    const input = wire(draftFor(cp));
    delete input.status;
    delete input.ownerId;
    delete input.context.consent;
    expect(errorsOf(input)).toEqual([
      { path: 'ownerId', code: 'FIELD_REQUIRED', message: 'This field is required' },
      { path: 'status', code: 'FIELD_REQUIRED', message: 'This field is required' },
      { path: 'context.consent', code: 'FIELD_REQUIRED', message: 'This field is required' },
    ]);
  });

  test('an over-long text of 10,001 characters', () => {
    const input = wire(draftFor(cp));
    input.summary.strengths = 'x'.repeat(10_001);
    input.responses['family-spoke-early'] = { value: 'good', evidence: 'y'.repeat(10_001) };
    expect(errorsOf(input)).toEqual([
      {
        path: 'responses.family-spoke-early.evidence',
        code: 'TEXT_TOO_LONG',
        message: 'Must be 10,000 characters or fewer',
      },
      {
        path: 'summary.strengths',
        code: 'TEXT_TOO_LONG',
        message: 'Must be 10,000 characters or fewer',
      },
    ]);
  });

  test('a name where a case ID belongs', () => {
    const input = wire(draftFor(cp));
    input.context.caseId = 'Jane Smith';
    expect(errorsOf(input)).toEqual([
      {
        path: 'context.caseId',
        code: 'CASE_ID_INVALID',
        message:
          'Enter a case ID, not a name: 3 to 20 letters, numbers or hyphens, including at least one number',
      },
    ]);
  });

  test('a field the record does not have, such as a child’s name', () => {
    const input = wire(draftFor(cp));
    input.context.childName = 'Jane Smith';
    expect(errorsOf(input)).toEqual([
      {
        path: 'context.childName',
        code: 'FIELD_NOT_ALLOWED',
        message: 'This field is not allowed',
      },
    ]);
  });

  test('an unknown status, and a submitted record without submittedAt', () => {
    const input = wire(draftFor(cp));
    input.status = 'approved';
    expect(errorsOf(input)).toEqual([
      {
        path: 'status',
        code: 'NOT_AN_OPTION',
        message: 'Must be one of: draft, submitted, returned, moderated, closed',
      },
    ]);
    input.status = 'submitted';
    expect(errorsOf(input)).toEqual([
      {
        path: 'submittedAt',
        code: 'SUBMITTED_AT_REQUIRED',
        message: 'Enter when the record was first submitted – every record past draft has one',
      },
    ]);
  });

  test('an item id that could break a field path', () => {
    const input = wire(draftFor(cp));
    input.responses['quorate.value'] = { value: 'yes' };
    expect(errorsOf(input).map((e) => [e.path, e.code])).toEqual([
      ['responses.quorate.value', 'KEY_INVALID'],
    ]);
  });

  test('an authority schema with its own case ID pattern', () => {
    const schema = createObservationSchema({
      caseId: { pattern: /^\d{7}$/, message: 'Enter the 7-digit case number' },
    });
    const input = wire(draftFor(cp));
    input.context.caseId = 'CS-20931';
    const result = parseObservation(input, builtInTemplates, { schema });
    expect(result.ok ? [] : result.errors).toEqual([
      { path: 'context.caseId', code: 'CASE_ID_INVALID', message: 'Enter the 7-digit case number' },
    ]);
  });
});

describe('validateObservationAgainstTemplate', () => {
  const check = (edit: (r: Observation) => void, template = cp) => {
    const record = draftFor(template);
    edit(record);
    return validateObservationAgainstTemplate(record, template);
  };

  test('a clean draft has no errors', () => {
    expect(check(() => {})).toEqual([]);
  });

  test('an answer for a question the template does not have', () => {
    expect(check((r) => (r.responses['not-a-question'] = { value: 'yes' }))).toEqual([
      {
        path: 'responses.not-a-question',
        code: 'ITEM_UNKNOWN',
        message:
          '‘not-a-question’ is not a question in template ‘cp-conference-chairing’ version 1',
      },
    ]);
  });

  test('a label stored where a grade key belongs', () => {
    expect(check((r) => (r.responses['family-spoke-early'] = { value: 'Good' }))).toEqual([
      {
        path: 'responses.family-spoke-early.value',
        code: 'GRADE_UNKNOWN',
        message: '‘Good’ is not a grade on the ‘ofsted-ilacs’ scale',
      },
    ]);
  });

  test('not observed is a valid item grade but not an overall judgement', () => {
    expect(check((r) => (r.responses['family-spoke-early'] = { value: 'not-observed' }))).toEqual(
      [],
    );
    expect(check((r) => (r.summary.overallGrade = 'not-observed'))).toEqual([
      {
        path: 'summary.overallGrade',
        code: 'GRADE_UNKNOWN',
        message: 'An overall judgement must be a grade, not ‘Not observed’',
      },
    ]);
  });

  test('answers of the wrong kind for each response type', () => {
    const errors = check((r) => {
      r.responses['quorate'] = { value: 'partly' };
      r.responses['parents-know-what-must-change'] = { value: 'not-applicable' };
      r.responses['sos-safety-scale'] = { value: 11 };
      r.responses['strategy-discussion-date'] = { value: '2026-02-30' };
      r.responses['conference-type'] = { value: 'emergency' };
    });
    expect(errors).toEqual([
      {
        path: 'responses.quorate.value',
        code: 'ANSWER_INVALID',
        message: 'Must be one of: yes, no, not-applicable',
      },
      {
        path: 'responses.parents-know-what-must-change.value',
        code: 'ANSWER_INVALID',
        message: 'Must be one of: yes, partly, no, dont-know',
      },
      {
        path: 'responses.sos-safety-scale.value',
        code: 'ANSWER_INVALID',
        message: 'Must be a whole number from 0 to 10',
      },
      {
        path: 'responses.strategy-discussion-date.value',
        code: 'ANSWER_INVALID',
        message: 'Must be a real date in the format YYYY-MM-DD, like 2026-04-01',
      },
      {
        path: 'responses.conference-type.value',
        code: 'ANSWER_INVALID',
        message: 'Must be one of: initial, review, transfer-in, pre-birth',
      },
    ]);
  });

  test('multiple choice is one flag per known option; single answers take no flags', () => {
    expect(
      check(
        (r) =>
          (r.responses['direct-work-tools'] = {
            choices: { 'three-houses': true, scaling: false },
          }),
        frontline,
      ),
    ).toEqual([]);
    expect(
      check(
        (r) =>
          (r.responses['direct-work-tools'] = { value: 'three-houses', choices: { magic: true } }),
        frontline,
      ),
    ).toEqual([
      {
        path: 'responses.direct-work-tools.value',
        code: 'ANSWER_INVALID',
        message: 'This question takes a choice of options, not one value',
      },
      {
        path: 'responses.direct-work-tools.choices.magic',
        code: 'ANSWER_INVALID',
        message:
          'Must be one of: three-houses, words-and-pictures, safety-house, scaling, genogram-or-ecomap, play-or-drawing, life-story-work, other',
      },
    ]);
    expect(
      check((r) => (r.responses['activity-type'] = { choices: { 'home-visit': true } }), frontline),
    ).toEqual([
      {
        path: 'responses.activity-type.choices',
        code: 'ANSWER_INVALID',
        message: 'This question takes one answer, not a choice of options',
      },
    ]);
  });

  test('text answers respect the item’s own limit, and text items take no evidence', () => {
    const errors = check(
      (r) => (r.responses['skills-to-focus-on'] = { value: 'x'.repeat(2001), evidence: 'why' }),
      frontline,
    );
    expect(errors).toEqual([
      {
        path: 'responses.skills-to-focus-on.value',
        code: 'TEXT_TOO_LONG',
        message: 'Must be 2,000 characters or fewer',
      },
      {
        path: 'responses.skills-to-focus-on.evidence',
        code: 'EVIDENCE_NOT_ALLOWED',
        message: 'This question does not take evidence – remove it or move it to a comment',
      },
    ]);
  });

  test('a record checked against the wrong template', () => {
    const record = draftFor(cp, testId(2));
    expect(
      validateObservationAgainstTemplate(record, frontline).map((e) => [e.path, e.code]),
    ).toEqual([
      ['templateId', 'TEMPLATE_MISMATCH'],
      ['kind', 'TEMPLATE_MISMATCH'],
    ]);
  });
});

describe('one field’s new value, judged as the server will', () => {
  const template = frontlinePracticeV1;
  const record = newObservation({
    id: 'obs-00000001',
    kind: 'frontline-practice',
    templateId: template.id,
    templateVersion: template.version,
    ownerId: 'user-00000001',
    scopeId: 'scope-0000001',
    serviceId: 'scope-0000002',
    now: '2026-05-01T09:00:00Z',
  });
  test('half a case ID is named as the problem; a whole one passes', () => {
    expect(fieldValueProblem(record, template, 'context.caseId', 'AB')).toMatch(/case ID/i);
    expect(fieldValueProblem(record, template, 'context.caseId', 'AB-1234')).toBeUndefined();
  });
  test('a pasted broken character is named on the form, so the words wait as scratch instead of blocking the outbox', () => {
    expect(fieldValueProblem(record, template, 'summary.strengths', 'a\u0000b')).toMatch(
      /broken character/,
    );
    expect(fieldValueProblem(record, template, 'summary.strengths', 'a \udc00 b')).toMatch(
      /broken character/,
    );
    expect(fieldValueProblem(record, template, 'summary.strengths', 'a 😀 b')).toBeUndefined();
  });
  test('a name where a case ID belongs is refused', () => {
    expect(fieldValueProblem(record, template, 'context.caseId', 'Jane Smith')).toBeDefined();
  });
  test('an over-long note is refused, and other fields’ problems do not count', () => {
    expect(fieldValueProblem(record, template, 'summary.strengths', 'x'.repeat(10_001))).toMatch(
      /10,000/,
    );
    expect(
      fieldValueProblem(record, template, 'summary.strengths', 'Warm and clear'),
    ).toBeUndefined();
  });
  test('an answer the question does not take is refused', () => {
    const graded = template.sections
      .flatMap((s) => s.items)
      .find((i) => i.response.type === 'grade4')!;
    expect(
      fieldValueProblem(record, template, `responses.${graded.id}.value`, 'banana'),
    ).toBeDefined();
    expect(
      fieldValueProblem(record, template, `responses.${graded.id}.value`, 'good'),
    ).toBeUndefined();
  });
});
