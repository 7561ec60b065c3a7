import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import {
  callOutcomeSchema,
  familyCallAttemptSchema,
} from '../../../schemas/entities/family-call-attempt';
import type { CallOutcome } from '../../../schemas/entities/family-call-attempt';
import { readScratch, saveFields } from '../../db';
import { newRecordId } from '../../lib/ids';
import { futureDateMessage, isAfterToday } from '../../../schemas/rules/past-dates';
import {
  londonDateTimeOf,
  londonInstant,
  londonTimeOf,
} from '../../../schemas/calendar/london-time';
import { useServices } from '../../lib/services';
import { useFormDraft } from '../../lib/use-form-draft';
import { Button, ButtonGroup, ButtonLink } from '../../ui/content';
import { DateInput } from '../../ui/date-input';
import { Radios } from '../../ui/radios';
import { Table } from '../../ui/table';
import { TextInput } from '../../ui/text-input';
import { Textarea } from '../../ui/textarea';
import { FocusedConfirmation } from '../../ui/focused-confirmation';
import { REMOVED_QUERY } from './call-attempt-remove-page';
import { ObservationFrame } from './frame';
import { continueHref, londonToday, outcomeLabels, partsOf } from './model';
import type { LoadedObservation } from './use-observation';
import { ReadOnlyGuard } from './read-only-guard';
import { RemovedRows } from './removed-elsewhere';
import { WithObservation } from './with-observation';

export function CallsPage({ id }: { id: string }) {
  return (
    <WithObservation id={id}>
      {(data) => (
        <ReadOnlyGuard data={data} authorReadOnly={removedOnly(data)}>
          <CallsForm data={data} />
        </ReadOnlyGuard>
      )}
    </WithObservation>
  );
}

const removedAttempts = (data: LoadedObservation) =>
  data.removed.filter((r) => r.type === 'call-attempt');

/** A submitted observation's call attempts removed on another device: only the choice is offered. */
function removedOnly(data: LoadedObservation) {
  const rows = removedAttempts(data);
  if (rows.length === 0) return undefined;
  return (
    <ObservationFrame data={data} title="Call attempts" back={`/observations/${data.view.id}`}>
      <RemovedRows rows={rows} kind="call-attempt" />
    </ObservationFrame>
  );
}

type CallDraft = {
  date: string | undefined;
  /** What the date's boxes hold while they make no date (DateInput), kept with the rest. */
  datePartial?: string;
  time: string;
  outcome: CallOutcome | undefined;
  note: string;
};

function CallsForm({ data }: { data: LoadedObservation }) {
  const { store, sync, user } = useServices();
  const { query } = useLocation();
  // The attempt being noted is on the tablet as it is typed, until it is added to the log.
  const draft = useFormDraft<CallDraft>(`call:${data.view.id}`, () => ({
    date: londonToday(),
    time: londonTimeOf(new Date()),
    outcome: undefined,
    note: '',
  }));
  const { date, time, outcome, note } = draft.value;
  const change = (part: Partial<CallDraft>) => draft.set({ ...draft.value, ...part });
  // A date made by the boxes ends what they held half-typed (DateInput lets go of it first).
  const setDate = (v: string | undefined) => change({ date: v, datePartial: undefined });
  const setTime = (v: string) => change({ time: v });
  const setOutcome = (v: CallOutcome | undefined) => change({ outcome: v });
  const setNote = (v: string) => change({ note: v });
  const [errors, setErrors] = useState<{ href: string; text: string }[]>([]);
  const [added, setAdded] = useState<string | null>(null);
  const parts = partsOf(data.template, data.view.id);
  const index = parts.findIndex((p) => p.id === 'summary-calls');
  const next = continueHref(query, data.view.id, parts[index + 1]?.href);
  const attempts = [...data.children.attempts].sort((a, b) => a.at.localeCompare(b.at));

  // The call was made on the day of the attempt that reached the family: its set-up's "Date of the
  // call" takes that day rather than asking again (WCAG 3.3.7), only while nothing is there, typed
  // or half-typed, and only on a draft (a submitted call's date changes by an amendment).
  const dateTheCall = async (reached: CallOutcome, day: string) => {
    if (reached !== 'completed' || data.view.fields['status'] !== 'draft') return;
    if (data.view.fields['context.date'] !== undefined) return;
    const kept = await readScratch(store.db, store.cipher, data.view.id);
    if ('context.date' in kept || 'partial:context.date' in kept) return;
    await saveFields(store.db, store.cipher, {
      recordId: data.view.id,
      type: 'observation',
      changes: { 'context.date': day },
    });
  };

  const add = async () => {
    // The last attempt's "added" is not said beside this one's errors.
    setAdded(null);
    const found: { href: string; text: string }[] = [];
    if (!date) found.push({ href: '#call-date', text: 'Enter the date of the call' });
    // A call attempt has happened: the same rule check your answers and the server apply.
    else if (isAfterToday(date, londonToday()))
      found.push({ href: '#call-date', text: futureDateMessage('Date of the call') });
    if (!/^(?:[01]\d|2[0-3]):[0-5]\d$/.test(time))
      found.push({
        href: '#call-time',
        text: 'Enter the time of the call in 24-hour format, like 09:30',
      });
    if (!outcome) found.push({ href: '#call-outcome', text: 'Select what happened on the call' });
    setErrors(found);
    if (found.length > 0 || !date || !outcome) return;
    const attempt = {
      id: newRecordId(),
      observationId: data.view.id,
      at: londonInstant(date, time),
      outcome: callOutcomeSchema.parse(outcome),
      ...(note.trim() ? { note } : {}),
      createdBy: user.id,
    };
    const parsed = familyCallAttemptSchema.safeParse(attempt);
    if (!parsed.success) {
      setErrors([
        { href: '#call-note', text: parsed.error.issues[0]?.message ?? 'Check the call details' },
      ]);
      return;
    }
    const { id, ...fields } = parsed.data;
    await saveFields(store.db, store.cipher, {
      recordId: id,
      type: 'call-attempt',
      parentId: data.view.id,
      changes: fields,
    });
    await dateTheCall(parsed.data.outcome, date);
    sync.notifyLocalEdit();
    await draft.reset();
    setAdded(`Call attempt added: ${outcomeLabels[parsed.data.outcome]}`);
  };

  return (
    <ObservationFrame
      data={data}
      title="Call attempts"
      back={
        query['from'] === 'check'
          ? next
          : (parts[index - 1]?.href ?? `/observations/${data.view.id}`)
      }
      errors={errors}
      errorsAttempt={errors}
    >
      <p class="govuk-body">
        Record every attempt to reach the family, including calls nobody answered.
      </p>
      <RemovedRows rows={removedAttempts(data)} kind="call-attempt" />
      {query[REMOVED_QUERY] && !added ? (
        <FocusedConfirmation>The call attempt was removed.</FocusedConfirmation>
      ) : null}
      {added ? (
        <p class="govuk-body" role="status">
          {added}
        </p>
      ) : null}
      {attempts.length > 0 ? (
        <Table
          caption={`Attempts so far: ${attempts.length}`}
          rows={attempts}
          rowKey={(a) => a.id}
          columns={[
            {
              header: 'When',
              cell: (a) => londonDateTimeOf(a.at),
            },
            { header: 'What happened', cell: (a) => outcomeLabels[a.outcome] },
            { header: 'Note', cell: (a) => a.note ?? '' },
            {
              header: 'Change or remove',
              cell: (a) => {
                const which = ` the call attempt of ${londonDateTimeOf(a.at)}`;
                const href = `/observations/${data.view.id}/calls/${a.id}`;
                return (
                  <ul class="govuk-summary-list__actions-list">
                    <li class="govuk-summary-list__actions-list-item">
                      <a class="govuk-link" href={href}>
                        Change<span class="govuk-visually-hidden">{which}</span>
                      </a>
                    </li>
                    <li class="govuk-summary-list__actions-list-item">
                      <a class="govuk-link" href={`${href}/remove`}>
                        Remove<span class="govuk-visually-hidden">{which}</span>
                      </a>
                    </li>
                  </ul>
                );
              },
            },
          ]}
        />
      ) : (
        <p class="govuk-body">No attempts recorded yet.</p>
      )}
      <h2 class="govuk-heading-m">Add a call attempt</h2>
      <DateInput
        id="call-date"
        legend="Date of the call"
        value={date}
        onChange={(v) => setDate(v ?? undefined)}
        partial={draft.value.datePartial}
        onPartial={(kept) => change({ datePartial: kept ?? undefined })}
        error={errors.find((e) => e.href === '#call-date')?.text}
      />
      <TextInput
        id="call-time"
        label="Time of the call"
        hint="In 24-hour time, for example 14:05"
        width="5"
        value={time}
        onInput={setTime}
        error={errors.find((e) => e.href === '#call-time')?.text}
      />
      <Radios
        id="call-outcome"
        name="call-outcome"
        legend="What happened?"
        options={callOutcomeSchema.options.map((o) => ({ value: o, label: outcomeLabels[o] }))}
        value={outcome}
        onChange={(v) => setOutcome(v as CallOutcome)}
        error={errors.find((e) => e.href === '#call-outcome')?.text}
      />
      <Textarea
        id="call-note"
        label="Note (optional)"
        maxLength={1000}
        rows={3}
        value={note}
        onInput={setNote}
      />
      <ButtonGroup>
        <Button variant="secondary" onClick={() => void add()}>
          Add call attempt
        </Button>
      </ButtonGroup>
      <ButtonGroup>
        <ButtonLink href={next}>Continue</ButtonLink>
        <a class="govuk-link" href={`/observations/${data.view.id}`}>
          Return to the task list
        </a>
      </ButtonGroup>
    </ObservationFrame>
  );
}
