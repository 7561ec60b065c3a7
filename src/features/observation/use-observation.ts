// Loads an observation with its child rows and everything the screens derive from them.
import { useMemo } from 'preact/hooks';
import { ofstedGradeScale } from '../../../schemas/entities/grade-scale';
import type { GradeScale } from '../../../schemas/entities/grade-scale';
import type { Observation } from '../../../schemas/entities/observation';
import type { Template } from '../../../schemas/entities/template';
import type { Problem } from '../../../schemas/rules/completeness';
import { getRecord, listChildren, listQueuedConcerns } from '../../db';
import type { RecordView } from '../../db';
import type { ConcernToSend } from '../../sync';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';
import { actionOf, attemptOf, concernOf, observationOf, problemsOf, templateOf } from './model';
import type { Children } from './model';

export type LoadedObservation = {
  view: RecordView;
  observation: Observation;
  template: Template;
  scale: GradeScale;
  children: Children;
  actionViews: RecordView[];
  attemptViews: RecordView[];
  amendments: RecordView[];
  comments: RecordView[];
  /**
   * Child rows (improvement actions, call attempts) deleted on another device after a change was
   * made to them: the server keeps what was typed on the deleted row with a `deleted` conflict,
   * for a person to restore it or leave it removed. They are in no other list here.
   */
  removed: RecordView[];
  problems: Problem[];
};

export type ObservationState =
  | { status: 'loading' }
  | { status: 'missing' }
  /** Deleted on another device after it was edited here: offer a restore. */
  | { status: 'deleted-elsewhere'; view: RecordView }
  | { status: 'no-template'; view: RecordView }
  | { status: 'ready'; data: LoadedObservation };

export function useObservation(id: string): ObservationState {
  const { store, templates, settings } = useServices();
  const live = useLive(async () => {
    const view = await getRecord(store.db, store.cipher, id);
    if (!view) return { view: undefined, children: [], queued: [] };
    const children = await listChildren(store.db, store.cipher, id, { includeDeleted: true });
    const queued = await listQueuedConcerns<ConcernToSend>(store.db, store.cipher);
    return { view, children, queued: queued.filter((q) => q.concern.observationId === id) };
  }, [id, store]);

  return useMemo<ObservationState>(() => {
    if (live.loading && !live.value) return { status: 'loading' };
    const value = live.value;
    if (value?.view?.deleted && value.view.conflicts.some((c) => c.kind === 'deleted')) {
      return { status: 'deleted-elsewhere', view: value.view };
    }
    if (!value?.view || value.view.deleted) return { status: 'missing' };
    const { view, queued } = value;
    const children = value.children.filter((c) => !c.deleted);
    const removed = value.children.filter(
      (c) =>
        c.deleted &&
        (c.type === 'action' || c.type === 'call-attempt') &&
        c.conflicts.some((k) => k.kind === 'deleted'),
    );
    const template = templateOf(view, templates);
    if (!template) return { status: 'no-template', view };
    const scale =
      settings.gradeScale.id === template.gradeScaleId ? settings.gradeScale : ofstedGradeScale;
    const byType = (t: string) => children.filter((c) => c.type === t);
    const concernViews = byType('safety-concern');
    const concerns = concernViews.map(concernOf);
    for (const q of queued) {
      if (!concerns.some((c) => c.id === q.concern.id)) {
        concerns.push({ ...q.concern, raisedBy: view.ownerId ?? '' });
      }
    }
    const kids: Children = {
      actions: byType('action').map(actionOf),
      attempts: byType('call-attempt').map(attemptOf),
      concerns,
    };
    const observation = observationOf(view);
    return {
      status: 'ready',
      data: {
        view,
        observation,
        template,
        scale,
        children: kids,
        actionViews: byType('action'),
        attemptViews: byType('call-attempt'),
        amendments: byType('amendment'),
        comments: byType('review-comment'),
        removed,
        problems: problemsOf(observation, template, kids, scale),
      },
    };
  }, [live.value, live.loading, templates, settings]);
}
