// What an amendment changed, as its row records it: each answer's value before and after, and each
// improvement action or call attempt it added, changed or removed. A QA lead moderating an
// amended observation, or the practitioner it is shared with, sees what was changed after
// submission and why, not only how many fields. The tablet's copy of a row leaves out fields
// whose value is null, so a missing before or after is an empty one.
import type { FieldValue } from '../../schemas/entities/field-value';
import type { GradeScale } from '../../schemas/entities/grade-scale';
import type { Template } from '../../schemas/entities/template';
import { fieldLabel, outcomeLabels, pathValueText } from '../lib/observation-labels';
import { londonDateTimeOf } from '../../schemas/calendar/london-time';
import { Details } from './content';

export type Change = { what: string; before: string; after: string };

/** What the words of an amendment's changes are read against: its observation's checklist. */
export type AmendedObservation = {
  template: Template;
  scale: GradeScale;
  /** Its improvement actions, numbered as their list numbers them. */
  actions: readonly { id: string; deleted?: boolean }[];
};

const CALL_FIELD_WORDS: Record<string, string> = {
  at: 'when',
  outcome: 'outcome',
  note: 'note',
};

/** The row's flat fields gathered back into its lists: `changes.3.after` → entry 3's `after`. */
function entries(fields: Readonly<Record<string, FieldValue>>, list: string) {
  const found: Array<Record<string, FieldValue>> = [];
  const pattern = new RegExp(`^${list}\\.(\\d+)\\.(\\w+)$`);
  for (const [key, value] of Object.entries(fields)) {
    const m = pattern.exec(key);
    if (m) (found[Number(m[1])] ??= {})[m[2]!] = value;
  }
  return found.filter(Boolean);
}

/** One field of an improvement action or call attempt, before and after, in words. */
export type ChildFieldChange = {
  recordType: string;
  recordId: string;
  path: string;
  before: FieldValue;
  after: FieldValue;
};

/**
 * A change to an improvement action's or a call attempt's field in words: which row and field
 * (an action by its number in the list, `data.actions`), and its value before and after. Also
 * what cancelling an amendment lists as going back.
 */
export function childChangeWords(data: AmendedObservation, c: ChildFieldChange): Change {
  const { path } = c;
  if (c.recordType === 'action') {
    const words = (v: FieldValue) => pathValueText(data.template, data.scale, '', v);
    return {
      what: fieldLabel(data.template, `actions.${c.recordId}.${path}`, data.actions),
      before: words(c.before),
      after: words(c.after),
    };
  }
  const callWords = (v: FieldValue) =>
    v === null || v === ''
      ? 'Empty'
      : path === 'outcome'
        ? (outcomeLabels[v as keyof typeof outcomeLabels] ?? String(v))
        : path === 'at'
          ? londonDateTimeOf(String(v))
          : String(v);
  return {
    what: `A call attempt, ${CALL_FIELD_WORDS[path] ?? path}`,
    before: callWords(c.before),
    after: callWords(c.after),
  };
}

export function amendmentChanges(
  data: AmendedObservation,
  fields: Readonly<Record<string, FieldValue>>,
): Change[] {
  const words = (path: string, v: FieldValue | undefined) =>
    pathValueText(data.template, data.scale, path, v ?? null);
  const own = entries(fields, 'changes').map((c) => {
    const path = String(c['path']);
    return {
      what: fieldLabel(data.template, path),
      before: words(path, c['before']),
      after: words(path, c['after']),
    };
  });
  const children = entries(fields, 'childChanges').map((c) =>
    childChangeWords(data, {
      recordType: String(c['recordType']),
      recordId: String(c['recordId']),
      path: String(c['path']),
      before: c['before'] ?? null,
      after: c['after'] ?? null,
    }),
  );
  return [...own, ...children];
}

/** "Show what changed", opening on a table of each change. */
export function AmendmentChanges({
  data,
  fields,
  summary,
  open,
}: {
  data: AmendedObservation;
  fields: Readonly<Record<string, FieldValue>>;
  summary: string;
  /** Shown open (a printed record, where nothing can be opened). */
  open?: boolean;
}) {
  const changes = amendmentChanges(data, fields);
  if (changes.length === 0) return <p class="govuk-body-s app-secondary-text">{summary}</p>;
  return (
    <Details summary={`Show what changed: ${summary}`} open={open}>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-visually-hidden">
          What the amendment changed
        </caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              Answer
            </th>
            <th scope="col" class="govuk-table__header">
              Before
            </th>
            <th scope="col" class="govuk-table__header">
              After
            </th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {changes.map((c, i) => (
            <tr class="govuk-table__row" key={i}>
              <th scope="row" class="govuk-table__header">
                {c.what}
              </th>
              <td class="govuk-table__cell app-prewrap">{c.before}</td>
              <td class="govuk-table__cell app-prewrap">{c.after}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Details>
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What an amendment changed, in words: its observation's fields, and (in rows written since they
 * were recorded) each improvement action and call attempt added, changed or removed.
 */
export function changedWords(fields: Readonly<Record<string, FieldValue>>): string {
  const paths = Object.keys(fields).filter((k) => /^changes\.\d+\.path$/.test(k)).length;
  const rows = { action: new Set<string>(), 'call-attempt': new Set<string>() };
  for (const [k, v] of Object.entries(fields)) {
    const m = /^childChanges\.(\d+)\.recordId$/.exec(k);
    const type = m ? fields[`childChanges.${m[1]!}.recordType`] : undefined;
    if (type === 'action' || type === 'call-attempt') rows[type].add(String(v));
  }
  const parts = [
    paths > 0 ? `${plural(paths, 'field', 'fields')} changed` : '',
    rows.action.size > 0
      ? `${plural(rows.action.size, 'improvement action', 'improvement actions')} changed`
      : '',
    rows['call-attempt'].size > 0
      ? `${plural(rows['call-attempt'].size, 'call attempt', 'call attempts')} changed`
      : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'No fields changed';
}
