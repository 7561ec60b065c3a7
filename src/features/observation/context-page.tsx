import { useLocation } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import { FieldConflicts } from '../../ui/field-conflicts';
import { fieldId } from '../../ui/field-ids';
import { Button, ButtonGroup, Details, InsetText } from '../../ui/content';
import { DateInput } from '../../ui/date-input';
import { Radios } from '../../ui/radios';
import { TextInput } from '../../ui/text-input';
import { Textarea } from '../../ui/textarea';
import { roleHints, settingWords } from '../../../schemas/entities/kind-words';
import { sameName, useLinkedAccountName } from '../../lib/team-people';
import { CallAudit } from './audit-call';
import { ObservationFrame } from './frame';
import { continueHref, partApplies, partsOf } from './model';
import type { Part } from './model';
import type { LoadedObservation } from './use-observation';
import { WithObservation } from './with-observation';
import { partErrors, useObservationForm } from './use-observation-form';
import { useSaveAndContinue } from './save-and-continue';

const NAME = 'context.observedName';
const ACCOUNT = 'context.observedUserId';

export function ContextPage({ id }: { id: string }) {
  return (
    <WithObservation id={id} editable>
      {(data) => <ContextForm data={data} />}
    </WithObservation>
  );
}

function ContextForm({ data }: { data: LoadedObservation }) {
  const { query } = useLocation();
  const form = useObservationForm(data);
  const { template } = data;
  const [part, ...after] = partsOf(template, data.view.id) as [Part, ...Part[]];
  const consent = form.value('context.consent.given');
  // On to the next part that asks anything, by the consent answer as it stands on the page.
  const next = continueHref(
    query,
    data.view.id,
    after.find((p) => partApplies(p, template, consent))?.href,
  );
  const checked = partErrors(data, part.owns, query['check'] === '1');
  const saveAndContinue = useSaveAndContinue(data, form, part, next, checked);
  const { errors } = saveAndContinue;
  const err = (path: string) => errors.map[path] ?? form.problem(path);
  const text = (path: string, label?: string) => ({
    id: fieldId(path),
    value: form.text(path),
    onInput: (v: string) => form.set(path, v === '' ? null : v),
    onBlur: () => void form.flush().catch(() => undefined),
    error: err(path),
    // Words edited on another device at the same time, where they could not be merged.
    ...(label
      ? {
          before: (
            <FieldConflicts
              conflicts={data.view.conflicts}
              paths={[path]}
              recordId={data.view.id}
              label={label}
            />
          ),
        }
      : {}),
  });
  const linked = useLinkedAccount(data, form);
  const isCall = template.kind === 'family-feedback-call';
  const scripts = (template.scripts ?? []).filter(
    (s) => s.id === 'introduction-and-consent' || s.id === 'recording',
  );
  return (
    <ObservationFrame
      data={data}
      title={part.title}
      back={query['from'] === 'check' ? next : `/observations/${data.view.id}`}
      errors={errors.links}
      errorsAttempt={saveAndContinue.attempt}
      save={form}
    >
      {isCall ? <CallAudit form={form} /> : null}
      <TextInput
        {...text(NAME)}
        onInput={linked.typeName}
        label={
          isCall
            ? 'Name of the social worker for the case'
            : `Name of ${template.observedDescription}`
        }
        autocomplete="off"
        spellcheck={false}
      />
      {linked.shown}
      <TextInput
        {...text('context.observedRole')}
        label="Their role"
        hint={roleHints[template.kind]}
      />
      <TextInput
        {...text('context.caseId')}
        label="Case ID"
        hint="The child’s case number from the case management system, not their name. For example, AB-1234."
        width="10"
        spellcheck={false}
        autocomplete="off"
      />
      <TextInput
        {...text('context.setting')}
        label={`${settingWords[template.kind].label}${template.settingRequired ? '' : ' (optional)'}`}
        hint={settingWords[template.kind].hint}
      />
      <DateInput
        id={fieldId('context.date')}
        legend={
          isCall
            ? 'Date of the call'
            : template.kind === 'single-case-audit'
              ? 'Date of the audit'
              : 'Date of the observation'
        }
        legendSize="s"
        value={
          typeof form.value('context.date') === 'string'
            ? (form.value('context.date') as string)
            : undefined
        }
        onChange={(v) => form.set('context.date', v)}
        partial={form.partial('context.date')}
        onPartial={(kept) => form.setPartial('context.date', kept)}
        error={err('context.date')}
      />
      <TextInput
        {...text('context.startTime')}
        label="Start time (optional)"
        hint="In 24-hour time, for example 09:30"
        width="5"
        inputMode="numeric"
      />

      {template.consentRequired ? (
        <>
          <h2 class="govuk-heading-m">Consent</h2>
          {scripts.map((s) => (
            <Details summary={`Script: ${s.title}`} key={s.id}>
              <p class="govuk-body app-prewrap">{s.text}</p>
            </Details>
          ))}
          <Radios
            id={fieldId('context.consent.given')}
            name="consent-given"
            legend={
              isCall
                ? 'Did they agree to take part and to their answers being recorded?'
                : 'Was consent given for the observation?'
            }
            options={[
              { value: 'yes', label: 'Yes' },
              { value: 'partly', label: 'Partly', hint: 'Some parts were declined' },
              { value: 'no', label: 'No' },
              ...(isCall
                ? [
                    {
                      value: 'not-reached',
                      label: 'We could not reach them',
                      hint: 'No call attempt reached the family: nobody was asked',
                    },
                  ]
                : []),
            ]}
            value={typeof consent === 'string' ? consent : undefined}
            onChange={(v) => form.set('context.consent.given', v)}
            error={err('context.consent.given')}
          />
          {consent === 'yes' || consent === 'partly' ? (
            <>
              <TextInput
                {...text('context.consent.byWhom')}
                label="Who gave consent"
                hint="For example, the child’s mother, or the young person"
              />
              <Textarea
                {...text('context.consent.how', 'How consent was given')}
                label="How consent was given"
                hint={
                  // Asked by phone: not in writing, and not at a visit.
                  isCall
                    ? 'For example, verbally at the start of the call'
                    : 'For example, verbally at the start of the visit, or in writing'
                }
                maxLength={10_000}
                rows={3}
              />
            </>
          ) : null}
          {consent === 'partly' ? (
            <Textarea
              {...text('context.consent.declinedParts', 'Which parts were declined')}
              label="Which parts were declined"
              maxLength={10_000}
              rows={3}
            />
          ) : null}
          {consent === 'no' ? (
            <InsetText>
              Without consent nothing more is recorded about the visit or call. Record what
              happened, then check your answers.
            </InsetText>
          ) : null}
          {consent === 'not-reached' ? (
            <InsetText>
              Nobody was asked, so nothing more is recorded about the call. Record each call
              attempt, then check your answers.
            </InsetText>
          ) : null}
        </>
      ) : null}
      <ButtonGroup>
        {saveAndContinue.button}
        <a class="govuk-link" href={`/observations/${data.view.id}`}>
          Return to the task list
        </a>
      </ButtonGroup>
    </ObservationFrame>
  );
}

type Unlinked = { id: string; why: 'retyped' | 'asked' };

/**
 * The account the observation is linked to (the person observed, as an assignment named them),
 * which sharing it reaches and whose response it takes: shown under the name with a way to unlink
 * it. The typed name and the account never disagree: a name changed so that it is no longer the
 * account's unlinks it in the same edit, saying so, and typed back to the account's name while the
 * page is open links it again. When the tablet cannot name the account, any change of the name unlinks it.
 */
function useLinkedAccount(data: LoadedObservation, form: ReturnType<typeof useObservationForm>) {
  const [unlinked, setUnlinked] = useState<Unlinked | null>(null);
  const said = useRef<HTMLParagraphElement>(null);
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const id = str(form.value(ACCOUNT));
  // Unlinked by a change of the name: the account's name typed again links it again.
  const was = unlinked?.why === 'retyped' ? unlinked.id : undefined;
  const name = useLinkedAccountName(
    id ?? unlinked?.id,
    str(data.view.fields['context.assignmentId']),
  );
  // Unlinked with the button, which goes: the keyboard moves to what is said in its place.
  useEffect(() => {
    if (unlinked?.why === 'asked') said.current?.focus();
  }, [unlinked]);

  const typeName = (typed: string) => {
    const value = typed === '' ? null : typed;
    if (id && !sameName(typed, name ?? undefined)) {
      form.setMany({ [NAME]: value, [ACCOUNT]: null });
      setUnlinked({ id, why: 'retyped' });
    } else if (!id && was && name && sameName(typed, name)) {
      form.setMany({ [NAME]: value, [ACCOUNT]: was });
      setUnlinked(null);
    } else form.set(NAME, value);
  };
  const unlink = () => {
    if (!id) return;
    form.set(ACCOUNT, null);
    void form.flush().catch(() => undefined);
    setUnlinked({ id, why: 'asked' });
  };

  const whose = name ? `the account of ${name}` : 'a colleague’s account';
  const choose = 'When you share this observation, you choose whose account to share it with.';
  const shown =
    id || unlinked ? (
      <div class="govuk-inset-text" id="linked-account" aria-live="polite">
        {id ? (
          <>
            <p class="govuk-body">
              Linked to {whose}.
              {name ? '' : ' This tablet shows their name once it has been online.'} Sharing this
              observation shares it with this account.
            </p>
            <Button variant="secondary" class="govuk-!-margin-bottom-0" onClick={unlink}>
              Unlink the account
            </Button>
          </>
        ) : (
          <p class="govuk-body" ref={said} tabIndex={-1}>
            {unlinked?.why === 'retyped'
              ? `You changed the name, so this observation is no longer linked to ${whose}. `
              : `No longer linked to ${whose}. `}
            {choose}
          </p>
        )}
      </div>
    ) : null;
  return { typeName, shown };
}
