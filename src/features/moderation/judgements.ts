// The judgements a moderator looks at: every graded checklist item and the overall judgement, each
// with the observer's grade and evidence, the moderation comments on it (oldest first) and
// whether the latest comment's view differs from the observer's. Pure, so it is tested alone.
import type { GradeScale } from '../../../schemas/entities/grade-scale';
import type { Observation } from '../../../schemas/entities/observation';
import type { Template } from '../../../schemas/entities/template';
import { moderatorAgrees } from '../../../schemas/rules/moderation-agreement';
import type { RecordView } from '../../db';

/** The URL segment of the overall judgement (items use their own id). */
export const OVERALL = 'overall';

export type Judgement = {
  key: string;
  itemId: string | undefined;
  section: string;
  prompt: string;
  observerGrade: string | undefined;
  evidence: string | undefined;
  comments: RecordView[];
  /** The moderator's grade where the latest comment gives one, else undefined. */
  moderatorGrade: string | undefined;
  /**
   * The latest comment's view differs from the observer's grade: it gives another grade, or gives
   * none and disagrees (the quarterly report's rule: schemas/rules/moderation-agreement.ts).
   */
  differs: boolean;
};

function commentsOn(comments: readonly RecordView[], itemId: string | undefined): RecordView[] {
  return comments.filter((c) => {
    const on = c.fields['itemId'];
    return itemId === undefined ? on === undefined || on === null : on === itemId;
  });
}

function judgementOf(
  key: string,
  itemId: string | undefined,
  section: string,
  prompt: string,
  observerGrade: string | undefined,
  evidence: string | undefined,
  all: readonly RecordView[],
): Judgement {
  const comments = commentsOn(all, itemId);
  const latest = comments[comments.length - 1];
  const grade = latest?.fields['moderatorGrade'];
  const moderatorGrade = typeof grade === 'string' ? grade : undefined;
  const differs =
    latest !== undefined &&
    moderatorAgrees(observerGrade, moderatorGrade, latest.fields['agrees']) === false;
  return {
    key,
    itemId,
    section,
    prompt,
    observerGrade,
    evidence,
    comments,
    moderatorGrade,
    differs,
  };
}

export function judgementsOf(
  observation: Observation,
  template: Template,
  comments: readonly RecordView[],
): Judgement[] {
  const out: Judgement[] = [];
  for (const section of template.sections) {
    for (const item of section.items) {
      if (item.response.type !== 'grade4') continue;
      const entry = observation.responses[item.id];
      const value = entry?.value;
      out.push(
        judgementOf(
          item.id,
          item.id,
          section.title,
          item.prompt,
          typeof value === 'string' ? value : undefined,
          entry?.evidence,
          comments,
        ),
      );
    }
  }
  if (template.summary.some((s) => s.part === 'overall-judgement')) {
    out.push(
      judgementOf(
        OVERALL,
        undefined,
        'Summary',
        'Overall judgement',
        observation.summary.overallGrade,
        observation.summary.overallReasons,
        comments,
      ),
    );
  }
  return out;
}

/** Grades a moderator may give instead: every point of the scale, best first. */
export function gradeOptions(scale: GradeScale): { value: string; label: string }[] {
  return [...scale.points]
    .sort((a, b) => a.rank - b.rank)
    .map((p) => ({ value: p.key, label: p.label }));
}
