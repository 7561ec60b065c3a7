import { describe, expect, test } from 'vitest';
import { observationFromFields } from '../../../schemas/entities/observation-fields';
import { builtInTemplates } from '../../../schemas/templates/catalogue';
import type { RecordView } from '../../db';
import { OVERALL, judgementsOf } from './judgements';

const template = builtInTemplates.find((t) => t.kind === 'frontline-practice')!;
const graded = template.sections
  .flatMap((s) => s.items)
  .filter((i) => i.response.type === 'grade4');
const first = graded[0]!;

const observation = observationFromFields(
  {
    kind: template.kind,
    templateId: template.id,
    templateVersion: template.version,
    status: 'submitted',
    [`responses.${first.id}.value`]: 'good',
    [`responses.${first.id}.evidence`]: 'Spoke with the child alone.',
    'summary.overallGrade': 'good',
  },
  {
    id: 'obs-00000001',
    ownerId: 'u1',
    scopeId: 's1',
    createdAt: '2026-11-01T09:00:00.000Z',
    updatedAt: '2026-11-01T09:00:00.000Z',
  },
);

let n = 0;
const comment = (fields: RecordView['fields'], at: string): RecordView => ({
  id: `comment-${++n}`.padEnd(8, '0'),
  type: 'review-comment',
  scopeId: 's1',
  parentId: 'obs-00000001',
  ownerId: 'qa',
  version: 1,
  pending: false,
  deleted: false,
  updatedAt: at,
  fields,
  conflicts: [],
});

describe('moderation judgements', () => {
  test('every graded item and the overall judgement, with the observer’s grade and evidence', () => {
    const js = judgementsOf(observation, template, []);
    expect(js).toHaveLength(graded.length + 1);
    expect(js[0]).toMatchObject({
      key: first.id,
      observerGrade: 'good',
      evidence: 'Spoke with the child alone.',
      differs: false,
    });
    expect(js[js.length - 1]).toMatchObject({
      key: OVERALL,
      itemId: undefined,
      observerGrade: 'good',
    });
  });

  test('the latest comment decides whether the views differ; comments stay on their own item', () => {
    const comments = [
      comment(
        {
          itemId: first.id,
          agrees: false,
          moderatorGrade: 'requires-improvement-to-be-good',
          reason: 'Thin.',
        },
        '2026-11-02T09:00:00.000Z',
      ),
      comment({ agrees: true, reason: 'Fair overall.' }, '2026-11-02T09:05:00.000Z'),
    ];
    let js = judgementsOf(observation, template, comments);
    expect(js[0]).toMatchObject({
      differs: true,
      moderatorGrade: 'requires-improvement-to-be-good',
    });
    expect(js[0]!.comments).toHaveLength(1);
    expect(js[js.length - 1]).toMatchObject({ differs: false });
    expect(js[js.length - 1]!.comments).toHaveLength(1);
    // A later agreeing comment settles it, and the earlier one stays in the list.
    comments.push(
      comment(
        { itemId: first.id, agrees: true, reason: 'Evidence added.' },
        '2026-11-03T09:00:00.000Z',
      ),
    );
    js = judgementsOf(observation, template, comments);
    expect(js[0]).toMatchObject({ differs: false });
    expect(js[0]!.comments.map((c) => c.fields['reason'])).toEqual(['Thin.', 'Evidence added.']);
  });

  test('a grade equal to the observer’s with agreement does not differ; a different grade does', () => {
    const same = judgementsOf(observation, template, [
      comment(
        { itemId: first.id, agrees: true, moderatorGrade: 'good', reason: 'Yes.' },
        '2026-11-02T09:00:00.000Z',
      ),
    ]);
    expect(same[0]!.differs).toBe(false);
    const other = judgementsOf(observation, template, [
      comment(
        { itemId: first.id, agrees: true, moderatorGrade: 'outstanding', reason: 'Better.' },
        '2026-11-02T09:00:00.000Z',
      ),
    ]);
    expect(other[0]!.differs).toBe(true);
  });
});
