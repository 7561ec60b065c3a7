import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { findTemplate } from '../templates/catalogue';
import { timescalesStamp } from '../timescales';
import { completeFor, draftFor, testId } from '../testing/fixtures';
import type { FieldValue } from './field-value';
import { newObservation, observationSchema } from './observation';
import type { Observation } from './observation';
import {
  applyFieldChanges,
  fieldMergeKind,
  flattenObservation,
  observationFromFields,
  isFreeTextPath,
  parseFieldPath,
  staticFieldPaths,
} from './observation-fields';

const RUNS = { seed: 20260512, numRuns: 200 } as const;

const id = fc.uuid();
const key = fc.stringMatching(/^[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}$/);
const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const short = fc.string({ maxLength: 20 });
const instant = fc
  .date({
    min: new Date('2020-01-01T00:00:00Z'),
    max: new Date('2030-12-31T23:59:59Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z'));
const day = instant.map((t) => t.slice(0, 10));
const value = fc.oneof(text, fc.integer({ min: 0, max: 10 }));
const choices = fc.dictionary(key, fc.boolean(), { minKeys: 1, maxKeys: 4 });
const entry = fc
  .record({ value, choices, evidence: text }, { requiredKeys: [] })
  .filter((e) => Object.keys(e).length > 0);

const body = {
  context: fc.record(
    {
      observedName: short,
      observedRole: short,
      observedUserId: id,
      setting: short,
      date: day,
      startTime: fc.constantFrom('09:00', '13:45', '23:59'),
      caseId: fc.constantFrom('CS-1', 'AB-20931', '123'),
      linkedObservationId: id,
      consent: fc.record(
        {
          given: fc.constantFrom('yes', 'no', 'partly'),
          byWhom: short,
          how: text,
          declinedParts: text,
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['consent'] },
  ),
  responses: fc.dictionary(key, entry, { maxKeys: 6 }),
  summary: fc.record(
    {
      strengths: text,
      areasForDevelopment: text,
      overallGrade: fc.constantFrom('good', 'inadequate'),
      overallReasons: text,
      feedback: fc.record(
        { held: fc.boolean(), date: day, restorative: fc.boolean(), notes: text },
        { requiredKeys: [] },
      ),
      reflection: text,
    },
    { requiredKeys: ['feedback'] },
  ),
  family: fc.record(
    {
      whoAnswered: fc.constantFrom('parent', 'carer', 'young-person', 'other'),
      whoAnsweredDetail: short,
      language: short,
      interpreterUsed: fc.boolean(),
      familyWords: text,
      auditorSummary: text,
    },
    { requiredKeys: [] },
  ),
};

const observation: fc.Arbitrary<Observation> = fc
  .record({
    id,
    kind: fc.constantFrom('cp-conference-chairing', 'single-case-audit'),
    templateId: key,
    templateVersion: fc.integer({ min: 1, max: 5 }),
    ownerId: id,
    scopeId: id,
    serviceId: id,
    status: fc.constantFrom('draft', 'submitted', 'returned', 'moderated', 'closed'),
    sharedWithPractitioner: fc.boolean(),
    createdAt: instant,
    updatedAt: instant,
    extra: fc.record(
      {
        submittedAt: instant,
        submittedTimescales: fc.constantFrom(
          timescalesStamp({}),
          timescalesStamp({ 'first-review-conference': { unit: 'calendar-days', amount: 90 } }),
        ),
        deleted: fc.boolean(),
      },
      { requiredKeys: [] },
    ),
    ...body,
  })
  .map(({ extra, ...rest }) => {
    const record = { ...rest, ...extra } as Observation;
    if (record.status !== 'draft' && record.submittedAt === undefined)
      record.submittedAt = record.createdAt;
    // Plain objects, as records are after JSON or IndexedDB (fast-check may use null prototypes).
    return JSON.parse(JSON.stringify(record)) as Observation;
  });

/** A record with nothing in common with the generated ones: every field must come from the map. */
const emptyRecord = (): Observation =>
  newObservation({
    id: testId(5),
    kind: 'frontline-practice',
    templateId: 'other',
    templateVersion: 9,
    ownerId: testId(6),
    scopeId: testId(7),
    serviceId: testId(8),
    now: '2019-01-01T00:00:00Z',
  });

function withoutNulls(map: Record<string, FieldValue>): Record<string, FieldValue> {
  return Object.fromEntries(Object.entries(map).filter(([, v]) => v !== null));
}

describe('flatten and apply', () => {
  test('generated records are valid observations', () => {
    fc.assert(
      fc.property(observation, (r) => {
        expect(observationSchema.safeParse(r).success).toBe(true);
      }),
      RUNS,
    );
  });

  test('applying a record’s fields to an empty record rebuilds it exactly', () => {
    fc.assert(
      fc.property(observation, (r) => {
        expect(applyFieldChanges(emptyRecord(), flattenObservation(r))).toStrictEqual(r);
      }),
      RUNS,
    );
  });

  test('applying a record’s own fields changes nothing', () => {
    fc.assert(
      fc.property(observation, (r) => {
        expect(applyFieldChanges(r, flattenObservation(r))).toStrictEqual(r);
      }),
      RUNS,
    );
  });

  test('after applying changes, each changed path holds its new value and the rest are untouched', () => {
    const changes = fc
      .tuple(observation, fc.array(fc.boolean(), { minLength: 80, maxLength: 80 }))
      .map(([donor, nulls]) =>
        Object.fromEntries(
          Object.entries(flattenObservation(donor))
            .filter(([path]) => !['id', 'kind', 'createdAt'].includes(path))
            .map(([path, v], i): [string, FieldValue] => [
              path,
              nulls[i % nulls.length] ? null : v,
            ]),
        ),
      );
    fc.assert(
      fc.property(observation, changes, (r, c) => {
        const after = flattenObservation(applyFieldChanges(r, c));
        expect(after).toStrictEqual(withoutNulls({ ...flattenObservation(r), ...c }));
      }),
      RUNS,
    );
  });

  test('applying does not mutate its input', () => {
    fc.assert(
      fc.property(observation, observation, (r, donor) => {
        const before = structuredClone(r);
        applyFieldChanges(r, flattenObservation(donor));
        expect(r).toStrictEqual(before);
      }),
      RUNS,
    );
  });

  test('the record a flat field map describes is the record it was flattened from', () => {
    fc.assert(
      fc.property(observation, (r) => {
        const rebuilt = observationFromFields(flattenObservation(r), {
          id: r.id,
          ownerId: r.ownerId,
          scopeId: r.scopeId,
          createdAt: r.createdAt,
          updatedAt: r.updatedAt,
        });
        const { deleted: _, ...kept } = r;
        expect(rebuilt).toStrictEqual(kept);
      }),
      RUNS,
    );
  });

  test('a stamp that is not the timescales in force is not a valid observation', () => {
    fc.assert(
      fc.property(observation, (r) => {
        expect(observationSchema.safeParse({ ...r, submittedTimescales: '90 days' }).success).toBe(
          false,
        );
      }),
      { ...RUNS, numRuns: 20 },
    );
  });

  test('every flattened path is a known field path', () => {
    fc.assert(
      fc.property(observation, (r) => {
        for (const path of Object.keys(flattenObservation(r))) {
          expect(parseFieldPath(path), path).toBeDefined();
        }
      }),
      RUNS,
    );
  });

  test('paths for a concrete record', () => {
    const cp = findTemplate('cp-conference-chairing', 1)!;
    const record = draftFor(cp);
    record.context.caseId = 'CS-20931';
    record.context.consent.given = 'yes';
    record.responses['quorate'] = { value: 'no', evidence: 'Police absent' };
    record.summary.feedback.held = true;
    const flat = flattenObservation(record);
    expect(flat['context.caseId']).toBe('CS-20931');
    expect(flat['context.consent.given']).toBe('yes');
    expect(flat['responses.quorate.value']).toBe('no');
    expect(flat['responses.quorate.evidence']).toBe('Police absent');
    expect(flat['summary.feedback.held']).toBe(true);
    expect(flat['summary.overallGrade']).toBeUndefined();
    record.responses['conference-type'] = { choices: { review: true, initial: false } };
    expect(flattenObservation(record)['responses.conference-type.choices.review']).toBe(true);
    expect(flattenObservation(record)['responses.conference-type.choices.initial']).toBe(false);
  });

  test('null removes a field, and an emptied response entry disappears', () => {
    const cp = findTemplate('cp-conference-chairing', 1)!;
    const record = completeFor(cp);
    const next = applyFieldChanges(record, {
      'responses.quorate.value': null,
      'responses.quorate.evidence': null,
      'summary.overallGrade': null,
    });
    expect(next.responses['quorate']).toBeUndefined();
    const ticked = applyFieldChanges(record, { 'responses.direct-work.choices.scaling': true });
    expect(ticked.responses['direct-work']).toEqual({ choices: { scaling: true } });
    const unticked = applyFieldChanges(ticked, { 'responses.direct-work.choices.scaling': null });
    expect(unticked.responses['direct-work']).toBeUndefined();
    expect('overallGrade' in next.summary).toBe(false);
  });

  test('an unknown path is refused', () => {
    const record = draftFor(findTemplate('cp-conference-chairing', 1)!);
    expect(() => applyFieldChanges(record, { 'context.childName': 'Jane' })).toThrow(
      '‘context.childName’ is not a field of an observation record',
    );
    expect(parseFieldPath('responses.quorate.grade')).toBeUndefined();
    expect(parseFieldPath('responses.Quorate.value')).toBeUndefined();
    expect(parseFieldPath('responses.tools.choices')).toBeUndefined();
    expect(parseFieldPath('responses.tools.choices.a.b')).toBeUndefined();
    expect(parseFieldPath('responses.tools.value.x')).toBeUndefined();
    expect(parseFieldPath('responses.tools.choices.three-houses')).toEqual({
      kind: 'choice',
      itemId: 'tools',
      optionKey: 'three-houses',
    });
    expect(parseFieldPath('responses.quorate.value')).toEqual({
      kind: 'response',
      itemId: 'quorate',
      leaf: 'value',
    });
  });
});

describe('merge kinds', () => {
  const frontline = findTemplate('frontline-practice', 1)!;

  test('free text is merged as text, everything else as a whole value', () => {
    expect(isFreeTextPath('summary.strengths')).toBe(true);
    expect(isFreeTextPath('family.familyWords')).toBe(true);
    expect(isFreeTextPath('responses.anything.evidence')).toBe(true);
    expect(isFreeTextPath('context.caseId')).toBe(false);
    expect(isFreeTextPath('summary.overallGrade')).toBe(false);
    expect(isFreeTextPath('status')).toBe(false);
  });

  test('a response value is text only where the template answers it in text', () => {
    expect(fieldMergeKind('responses.what-went-well.value', frontline)).toBe('text');
    expect(fieldMergeKind('responses.focus-on-child.value', frontline)).toBe('scalar');
    expect(fieldMergeKind('responses.what-went-well.value')).toBe('scalar');
    expect(fieldMergeKind('responses.direct-work-tools.choices.scaling', frontline)).toBe('scalar');
  });

  test('every static path has a merge kind', () => {
    for (const [path, kind] of Object.entries(staticFieldPaths)) {
      expect(fieldMergeKind(path), path).toBe(kind);
    }
  });
});
