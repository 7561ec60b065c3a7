import { fieldValueProblem } from '../../../schemas/rules/validate-observation';
import { useRecordForm } from '../../lib/use-record-form';
import type { LoadedObservation } from './use-observation';

/** The autosaving form of an observation, judging each value as the server will. */
export function useObservationForm(data: LoadedObservation) {
  return useRecordForm({
    recordId: data.view.id,
    type: 'observation',
    fields: data.view.fields,
    version: data.view.version,
    validate: (path, value) => fieldValueProblem(data.observation, data.template, path, value),
  });
}

/** Errors to show on a part's page: its problems, once the person has asked to check. */
export function partErrors(
  data: LoadedObservation,
  owns: (path: string) => boolean,
  show: boolean,
) {
  if (!show)
    return { map: {} as Record<string, string>, links: [] as { href: string; text: string }[] };
  const mine = data.problems.filter((p) => owns(p.path));
  const map: Record<string, string> = {};
  for (const p of mine) map[p.path] ??= p.message;
  return { map, links: mine.map((p) => ({ href: `#${idFor(p.path)}`, text: p.message })) };
}

function idFor(path: string): string {
  return `f-${path.replace(/\./g, '--')}`;
}
