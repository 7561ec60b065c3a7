// Correcting one call attempt of the log (a mis-tapped outcome or date): a call that never reached
// the family must never be read as a refusal. Editable while the call is a draft or returned, or
// while it is being amended (ReadOnlyGuard), where the edit names the amendment as any other.
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { callOutcomeSchema } from '../../../schemas/entities/family-call-attempt';
import { familyCallAttemptSchema } from '../../../schemas/entities/family-call-attempt';
import { getRecord } from '../../db';
import type { RecordView } from '../../db';
import { londonDateOf, londonInstant, londonTimeOf } from '../../../schemas/calendar/london-time';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';
import { useRecordForm } from '../../lib/use-record-form';
import { Button, ButtonGroup } from '../../ui/content';
import { DateInput } from '../../ui/date-input';
import { FieldConflicts } from '../../ui/field-conflicts';
import { Radios } from '../../ui/radios';
import { TextInput } from '../../ui/text-input';
import { Textarea } from '../../ui/textarea';
import { ObservationFrame, Loading, NotFound } from './frame';
import { outcomeLabels } from './model';
import type { LoadedObservation } from './use-observation';
import { ReadOnlyGuard } from './read-only-guard';
import { WithObservation } from './with-observation';

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
/** Scratch paths: the date and time while they make no instant, and the date's own boxes. */
const PENDING = 'at';
const DATE_BOXES = 'at.date';

/** The date and time kept while they make no instant, or undefined when none is kept. */
function pendingWhen(
  kept: string | undefined,
): { date: string | undefined; time: string } | undefined {
  if (kept === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(kept);
    if (typeof v !== 'object' || v === null) return undefined;
    const { date, time } = v as { date?: unknown; time?: unknown };
    return {
      date: typeof date === 'string' ? date : undefined,
      time: typeof time === 'string' ? time : '',
    };
  } catch {
    return undefined;
  }
}
const attemptShape = familyCallAttemptSchema.shape;

/** What is wrong with a call attempt's note, judged as the server will; kept on the tablet if so. */
function attemptFieldProblem(path: string, value: unknown): string | undefined {
  if (path !== 'note' || value === null) return undefined;
  const r = attemptShape.note.safeParse(value);
  return r.success ? undefined : r.error.issues[0]?.message;
}

export function CallAttemptPage({ id, attemptId }: { id: string; attemptId: string }) {
  return (
    <WithObservation id={id}>
      {(data) => (
        <ReadOnlyGuard data={data}>
          <CallAttemptLoader data={data} attemptId={attemptId} />
        </ReadOnlyGuard>
      )}
    </WithObservation>
  );
}

/** The call attempt as this tablet holds it, or undefined while it is read or once it is gone. */
export function useCallAttempt(attemptId: string) {
  const { store } = useServices();
  const live = useLive(() => getRecord(store.db, store.cipher, attemptId), [attemptId]);
  const view = live.value;
  const found = view && !view.deleted && view.type === 'call-attempt' ? view : undefined;
  return { loading: live.loading && !view, view: found };
}

export function AttemptNotFound({ data }: { data: LoadedObservation }) {
  return (
    <NotFound
      what="Call attempt"
      gone="removed"
      back={`/observations/${data.view.id}/calls`}
      backText="Go to the call attempts"
    />
  );
}

function CallAttemptLoader({ data, attemptId }: { data: LoadedObservation; attemptId: string }) {
  const { loading, view } = useCallAttempt(attemptId);
  if (loading) return <Loading />;
  if (!view || view.parentId !== data.view.id) return <AttemptNotFound data={data} />;
  return <CallAttemptForm data={data} view={view} />;
}

function CallAttemptForm({ data, view }: { data: LoadedObservation; view: RecordView }) {
  const { route } = useLocation();
  const form = useRecordForm({
    recordId: view.id,
    type: 'call-attempt',
    parentId: data.view.id,
    fields: view.fields,
    version: view.version,
    validate: attemptFieldProblem,
  });
  const at = form.value('at');
  const when = typeof at === 'string' ? new Date(at) : undefined;
  // The date and time make one instant. Until they do, what the boxes hold is kept in the
  // record's sealed scratch (never sent), so a lock or a crash loses no half-typed time.
  const pending = pendingWhen(form.partial(PENDING));
  const date = pending ? pending.date : when ? londonDateOf(when) : undefined;
  const time = pending ? pending.time : when ? londonTimeOf(when) : '';
  const [errors, setErrors] = useState<{ href: string; text: string }[]>([]);
  const [tries, setTries] = useState(0);
  const list = `/observations/${data.view.id}/calls`;
  const setWhen = (d: string | undefined, t: string) => {
    if (d && TIME.test(t)) {
      form.set('at', londonInstant(d, t));
      form.setPartial(PENDING, null);
    } else form.setPartial(PENDING, JSON.stringify({ date: d ?? null, time: t }));
  };
  const outcome = form.value('outcome');
  const noteProblem = form.problem('note');
  const saveAndReturn = () => {
    const found: { href: string; text: string }[] = [];
    if (!date) found.push({ href: '#call-date', text: 'Enter the date of the call' });
    if (!TIME.test(time))
      found.push({
        href: '#call-time',
        text: 'Enter the time of the call in 24-hour format, like 09:30',
      });
    if (noteProblem) found.push({ href: '#call-note', text: noteProblem });
    setErrors(found);
    setTries((n) => n + 1);
    if (found.length === 0) void form.flush().then(() => route(list));
  };
  return (
    <ObservationFrame
      data={data}
      title="Change a call attempt"
      back={list}
      errors={errors}
      errorsAttempt={tries}
      save={form}
    >
      <DateInput
        id="call-date"
        legend="Date of the call"
        value={date}
        onChange={(v) => setWhen(v ?? undefined, time)}
        partial={form.partial(DATE_BOXES)}
        onPartial={(kept) => form.setPartial(DATE_BOXES, kept)}
        error={errors.find((e) => e.href === '#call-date')?.text}
      />
      <TextInput
        id="call-time"
        label="Time of the call"
        hint="In 24-hour time, for example 14:05"
        width="5"
        value={time}
        onInput={(v) => setWhen(date, v)}
        error={errors.find((e) => e.href === '#call-time')?.text}
      />
      <Radios
        id="call-outcome"
        name="call-outcome"
        legend="What happened?"
        options={callOutcomeSchema.options.map((o) => ({ value: o, label: outcomeLabels[o] }))}
        value={typeof outcome === 'string' ? outcome : undefined}
        onChange={(v) => form.set('outcome', callOutcomeSchema.parse(v))}
      />
      <Textarea
        id="call-note"
        label="Note (optional)"
        maxLength={1000}
        rows={3}
        value={form.text('note')}
        onInput={(v) => form.set('note', v === '' ? null : v)}
        onBlur={() => void form.flush().catch(() => undefined)}
        error={errors.find((e) => e.href === '#call-note')?.text ?? noteProblem}
        before={
          <FieldConflicts
            conflicts={view.conflicts}
            paths={['note']}
            recordId={view.id}
            label="Note"
          />
        }
      />
      <ButtonGroup>
        <Button onClick={saveAndReturn}>Save and return to the call attempts</Button>
        <a class="govuk-link" href={`${list}/${view.id}/remove`}>
          Remove this call attempt
        </a>
      </ButtonGroup>
    </ObservationFrame>
  );
}
