// An observation with its child rows, as the oversight screens read it (moderation, reflection,
// printing): live, so a pull or an edit elsewhere shows at once.
import { useMemo } from 'preact/hooks';
import { ofstedGradeScale } from '../../schemas/entities/grade-scale';
import type { GradeScale } from '../../schemas/entities/grade-scale';
import type { Observation } from '../../schemas/entities/observation';
import type { Template } from '../../schemas/entities/template';
import { getRecord, listChildren } from '../db';
import type { RecordView } from '../db';
import { observationOf, templateOf } from './observation-records';
import { useServices } from './services';
import { useLive } from './use-live';

export type RecordFamily = {
  view: RecordView;
  observation: Observation;
  template: Template;
  scale: GradeScale;
  comments: RecordView[];
  actions: RecordView[];
  /** Its amendments since submission, oldest first. */
  amendments: RecordView[];
};

export type FamilyState =
  | { status: 'loading' }
  | { status: 'missing' }
  | { status: 'no-template' }
  | { status: 'ready'; family: RecordFamily };

export function useRecordFamily(id: string): FamilyState {
  const { store, templates, settings } = useServices();
  const live = useLive(async () => {
    const view = await getRecord(store.db, store.cipher, id);
    if (!view) return { view: undefined, children: [] };
    return { view, children: await listChildren(store.db, store.cipher, id) };
  }, [id, store]);
  return useMemo<FamilyState>(() => {
    if (live.loading && !live.value) return { status: 'loading' };
    const view = live.value?.view;
    if (!view || view.deleted || view.type !== 'observation') return { status: 'missing' };
    const template = templateOf(view, templates);
    if (!template) return { status: 'no-template' };
    const scale =
      settings.gradeScale.id === template.gradeScaleId ? settings.gradeScale : ofstedGradeScale;
    const children = live.value?.children ?? [];
    // Oldest first: a conversation reads in the order it happened.
    const comments = children
      .filter((c) => c.type === 'review-comment')
      .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id.localeCompare(b.id));
    return {
      status: 'ready',
      family: {
        view,
        observation: observationOf(view),
        template,
        scale,
        comments,
        actions: children.filter((c) => c.type === 'action'),
        amendments: children
          .filter((c) => c.type === 'amendment')
          .sort((a, b) => String(a.fields['at']).localeCompare(String(b.fields['at']))),
      },
    };
  }, [live.value, live.loading, templates, settings]);
}
