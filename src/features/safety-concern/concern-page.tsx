import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { caseIdSchema } from '../../../schemas/entities/common';
import { getRecord } from '../../db';
import { newRecordId } from '../../lib/ids';
import { londonDateOf, londonInstant, londonTimeOf } from '../../../schemas/calendar/london-time';
import { caseIdOf } from '../../lib/observation-records';
import { useServices } from '../../lib/services';
import { useFormDraft } from '../../lib/use-form-draft';
import { useLive } from '../../lib/use-live';
import { BackLink, Button, ButtonGroup, WarningText } from '../../ui/content';
import { ErrorSummary } from '../../ui/error-summary';
import { usePageTitle } from '../../ui/page-title';
import { Radios } from '../../ui/radios';
import { TextInput } from '../../ui/text-input';
import { Textarea } from '../../ui/textarea';
import { keepReportCopy } from '../../lib/use-online-report';
import { CONCERN_STATUS_CACHE, concernPath } from './concern-status-page';
import { PhoneNow } from './phone-now';

type Told = { name: string; role: string; time: string };
type ConcernDraft = {
  what: string;
  caseId: string | null;
  team: string | undefined;
  told: Told[];
};

/**
 * An immediate safety concern: what, who was told and when. Sent at once on its own route, ahead
 * of everything else; while the tablet has no signal it says plainly to phone now.
 */
export function ConcernPage() {
  const { query, route } = useLocation();
  const { store, user, online, settings, sync } = useServices();
  const observationId = query['observation'];
  const live = useLive(
    async () => (observationId ? getRecord(store.db, store.cipher, observationId) : undefined),
    [observationId],
  );
  const observation = live.value;
  // Everything typed here is on the tablet at once: a concern being written survives the idle
  // lock, an update or a closed tab, and goes only when it has been raised.
  const draft = useFormDraft<ConcernDraft>(`concern:${observationId ?? 'none'}`, () => ({
    what: '',
    caseId: null,
    team: undefined,
    told: [{ name: '', role: '', time: londonTimeOf(new Date()) }],
  }));
  const { what, caseId, team, told } = draft.value;
  const change = (part: Partial<ConcernDraft>) => draft.set({ ...draft.value, ...part });
  const setWhat = (v: string) => change({ what: v });
  const setCaseId = (v: string | null) => change({ caseId: v });
  const setTeam = (v: string | undefined) => change({ team: v });
  const setTold = (v: Told[]) => change({ told: v });
  const [errors, setErrors] = useState<{ href: string; text: string }[]>([]);
  const [busy, setBusy] = useState(false);
  usePageTitle('Report a safety concern', errors.length > 0);

  const knownCase = caseIdOf(observation) ?? '';
  const caseValue = caseId ?? knownCase;
  const scopeId =
    observation?.scopeId ?? team ?? (user.scopes.length === 1 ? user.scopes[0]!.id : undefined);

  const send = async () => {
    const found: { href: string; text: string }[] = [];
    if (!what.trim())
      found.push({ href: '#concern-what', text: 'Enter what the safety concern is' });
    if (!caseIdSchema().safeParse(caseValue).success)
      found.push({
        href: '#concern-case',
        text: 'Enter the case ID, not a name: for example AB-1234',
      });
    if (!scopeId)
      found.push({ href: '#concern-team', text: 'Select the team the case belongs to' });
    const people = told.filter((t) => t.name.trim());
    if (people.length === 0)
      found.push({
        href: '#told-0-name',
        text: 'Enter who you have told about the concern, such as the duty manager',
      });
    told.forEach((t, i) => {
      if (t.name.trim() && !/^(?:[01]\d|2[0-3]):[0-5]\d$/.test(t.time)) {
        found.push({
          href: `#told-${i}-time`,
          text: `Enter the time you told ${t.name} in 24-hour format, like 10:42`,
        });
      }
    });
    setErrors(found);
    if (found.length > 0 || !scopeId) return;
    setBusy(true);
    const id = newRecordId();
    try {
      const result = await sync.raiseConcern({
        scopeId,
        concern: {
          id,
          ...(observationId ? { observationId } : {}),
          caseId: caseValue,
          what,
          raisedAt: new Date().toISOString(),
          whoWasTold: people.map((t) => ({
            name: t.name.trim(),
            role: t.role.trim() || 'Not given',
            at: londonInstant(londonDateOf(new Date()), t.time),
          })),
        },
      });
      // The server's answer (how the Director is being told) is kept for the next page, which
      // asks again but has this much without a signal.
      if (result.status === 'sent')
        await keepReportCopy(store, CONCERN_STATUS_CACHE, concernPath(id), result.view).catch(
          () => undefined,
        );
      // Raised (sent, or queued on the tablet to be sent): the draft has done its work.
      await draft.clear();
      sync.syncNow();
      route(
        `/concerns/${id}/${result.status === 'sent' ? 'sent' : 'waiting'}${observationId ? `?observation=${observationId}` : ''}`,
      );
    } finally {
      setBusy(false);
    }
  };
  const err = (href: string) => errors.find((e) => e.href === href)?.text;
  // The form waits for the concern kept from before: typed into before it is read back, it would
  // replace that concern's words with the new ones.
  if (!draft.ready)
    return (
      <>
        <h1 class="govuk-heading-l">Report a safety concern</h1>
        <p class="govuk-body">Opening…</p>
      </>
    );
  return (
    <>
      <BackLink href={observationId ? `/observations/${observationId}` : '/'} />
      <ErrorSummary errors={errors} focusKey={errors} />
      <h1 class="govuk-heading-l">Report a safety concern</h1>
      {!online ? (
        <PhoneNow dutyPhone={settings.dutyPhone} reason="offline" />
      ) : (
        <>
          <WarningText>If a child is in immediate danger, call 999 now.</WarningText>
          <p class="govuk-body">
            When you send it, the concern goes to the server ahead of anything else waiting to be
            sent. The next page says how the Director of Children’s Social Care is being told, and
            whether you need to phone as well.
          </p>
        </>
      )}
      <Textarea
        id="concern-what"
        label="What is the concern?"
        labelSize="s"
        hint="What you saw or heard, and why it worries you."
        maxLength={10_000}
        rows={5}
        value={what}
        onInput={setWhat}
        error={err('#concern-what')}
      />
      <TextInput
        id="concern-case"
        label="Case ID"
        hint="The child’s case number, not their name."
        width="10"
        value={caseValue}
        onInput={(v) => setCaseId(v)}
        error={err('#concern-case')}
        spellcheck={false}
      />
      {!observation && user.scopes.length > 1 ? (
        <Radios
          id="concern-team"
          name="concern-team"
          legend="Which team is the case with?"
          options={user.scopes.map((s) => ({ value: s.id, label: s.name }))}
          value={team}
          onChange={setTeam}
          error={err('#concern-team')}
        />
      ) : null}
      <h2 class="govuk-heading-m">Who have you told?</h2>
      {told.map((t, i) => (
        <fieldset class="govuk-fieldset app-told" key={i}>
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Person {i + 1}</legend>
          <TextInput
            id={`told-${i}-name`}
            label="Name"
            value={t.name}
            onInput={(v) => setTold(told.map((x, j) => (j === i ? { ...x, name: v } : x)))}
            error={err(`#told-${i}-name`)}
          />
          <TextInput
            id={`told-${i}-role`}
            label="Role"
            hint="For example, duty manager"
            value={t.role}
            onInput={(v) => setTold(told.map((x, j) => (j === i ? { ...x, role: v } : x)))}
          />
          <TextInput
            id={`told-${i}-time`}
            label="Time you told them"
            hint="Today, in 24-hour time"
            width="5"
            value={t.time}
            onInput={(v) => setTold(told.map((x, j) => (j === i ? { ...x, time: v } : x)))}
            error={err(`#told-${i}-time`)}
          />
        </fieldset>
      ))}
      <ButtonGroup>
        <Button
          variant="secondary"
          onClick={() => setTold([...told, { name: '', role: '', time: londonTimeOf(new Date()) }])}
        >
          Add another person
        </Button>
      </ButtonGroup>
      <Button variant="warning" onClick={() => void send()} disabled={busy}>
        {online ? 'Send the safety concern now' : 'Keep the concern to send when there is a signal'}
      </Button>
    </>
  );
}
