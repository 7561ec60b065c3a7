// Loads an observation with its child rows and everything the screens derive from them.
import { useMemo } from 'preact/hooks';
import { ofstedGradeScale } from '../../../schemas/entities/grade-scale';
import type { GradeScale } from '../../../schemas/entities/grade-scale';
import type { Observation } from '../../../schemas/entities/observation';
import type { Template } from '../../../schemas/entities/template';
import { getRecord, listChildren, listQueuedConcerns, readScratch } from '../../db';
import type { LocalStore, RecordView, Scratch } from '../../db';
import type { ConcernToSend } from '../../sync';
import { useServices } from '../../lib/services';
import { londonDateOf } from '../../../schemas/calendar/london-time';
import { useLive } from '../../lib/use-live';
import {
  actionOf,
  attemptOf,
  concernOf,
  heldBackOf,
  observationOf,
  partsOf,
  problemsOf,
  templateOf,
  withHeldBack,
} from './model';
import type { Children, HeldBack, KeptScratch, ObservationProblem } from './model';

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
  /** What is typed on this tablet but held back unsent (sealed scratch), each with its message. */
  heldBack: HeldBack[];
  /** Everything in the way of submitting: the completeness rules' gaps and `heldBack`. */
  problems: ObservationProblem[];
};

export type ObservationState =
  | { status: 'loading' }
  | { status: 'missing' }
  /** Deleted on another device after it was edited here: offer a restore. */
  | { status: 'deleted-elsewhere'; view: RecordView }
  | { status: 'no-template'; view: RecordView }
  | { status: 'ready'; data: LoadedObservation };

/**
 * What is typed on this tablet into the observation and its actions but held back unsent (their
 * sealed scratch), read from the store as it is now.
 */
export async function readKept(
  store: LocalStore,
  id: string,
  children: readonly Pick<RecordView, 'id' | 'type'>[],
): Promise<KeptScratch> {
  const actions: Record<string, Scratch> = {};
  for (const child of children) {
    if (child.type !== 'action') continue;
    const scratch = await readScratch(store.db, store.cipher, child.id);
    if (Object.keys(scratch).length > 0) actions[child.id] = scratch;
  }
  return { observation: await readScratch(store.db, store.cipher, id), actions };
}

export function useObservation(id: string): ObservationState {
  const { store, templates, settings } = useServices();
  const live = useLive(async () => {
    const none: KeptScratch = { observation: {}, actions: {} };
    const view = await getRecord(store.db, store.cipher, id);
    if (!view) return { view: undefined, children: [], queued: [], kept: none };
    const children = await listChildren(store.db, store.cipher, id, { includeDeleted: true });
    const queued = await listQueuedConcerns<ConcernToSend>(store.db, store.cipher);
    // Read within the query, so what is held back is seen again each time it changes.
    const kept = await readKept(
      store,
      id,
      children.filter((c) => !c.deleted),
    );
    return { view, children, queued: queued.filter((q) => q.concern.observationId === id), kept };
  }, [id, store]);

  return useMemo<ObservationState>(() => {
    if (live.loading && !live.value) return { status: 'loading' };
    const value = live.value;
    if (value?.view?.deleted && value.view.conflicts.some((c) => c.kind === 'deleted')) {
      return { status: 'deleted-elsewhere', view: value.view };
    }
    if (!value?.view || value.view.deleted) return { status: 'missing' };
    const { view, queued, kept } = value;
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
    const heldBack = heldBackOf(observation, template, kids.actions, kept);
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
        heldBack,
        problems: withHeldBack(
          problemsOf(observation, template, kids, scale, londonDateOf(new Date())),
          heldBack,
          partsOf(template, view.id),
        ),
      },
    };
  }, [live.value, live.loading, templates, settings]);
}
