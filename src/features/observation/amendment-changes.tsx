// What an amendment changed, as its row records it: each answer's value before and after, and each
// improvement action or call attempt it added, changed or removed. A QA lead moderating an
// amended observation, or the practitioner it is shared with, sees what was changed after
// submission and why, not only how many fields. The tablet's copy of a row leaves out fields
// whose value is null, so a missing before or after is an empty one.
import type { FieldValue } from '../../../schemas/entities/field-value';
import { Details } from '../../ui/content';
import { fieldLabel, outcomeLabels, pathValueText } from './model';
import type { LoadedObservation } from './use-observation';

type Change = { what: string; before: string; after: string };

const londonTime = (at: string) =>
  new Date(at).toLocaleString('en-GB', {
    timeZone: 'Europe/London',
    dateStyle: 'long',
    timeStyle: 'short',
  });

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

export function amendmentChanges(
  data: Pick<LoadedObservation, 'template' | 'scale' | 'children'>,
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
  const children = entries(fields, 'childChanges').map((c) => {
    const path = String(c['path']);
    const id = String(c['recordId']);
    if (c['recordType'] === 'action') {
      return {
        what: fieldLabel(data.template, `actions.${id}.${path}`, data.children.actions),
        before: words('', c['before']),
        after: words('', c['after']),
      };
    }
    const callWords = (v: FieldValue | undefined) =>
      v === undefined || v === null || v === ''
        ? 'Empty'
        : path === 'outcome'
          ? (outcomeLabels[v as keyof typeof outcomeLabels] ?? String(v))
          : path === 'at'
            ? londonTime(String(v))
            : String(v);
    return {
      what: `A call attempt, ${CALL_FIELD_WORDS[path] ?? path}`,
      before: callWords(c['before']),
      after: callWords(c['after']),
    };
  });
  return [...own, ...children];
}

/** "Show what changed", opening on a table of each change. */
export function AmendmentChanges({
  data,
  fields,
  summary,
}: {
  data: Pick<LoadedObservation, 'template' | 'scale' | 'children'>;
  fields: Readonly<Record<string, FieldValue>>;
  summary: string;
}) {
  const changes = amendmentChanges(data, fields);
  if (changes.length === 0) return <p class="govuk-body-s app-secondary-text">{summary}</p>;
  return (
    <Details summary={`Show what changed: ${summary}`}>
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
