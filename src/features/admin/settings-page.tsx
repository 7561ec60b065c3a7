import { useState } from 'preact/hooks';
import {
  settingsResponseSchema,
  settingsUpdateResponseSchema,
} from '../../../schemas/admin/settings';
import { localSettingsPatchSchema } from '../../../schemas/entities/local-settings';
import type { LocalSettings, LocalSettingsPatch } from '../../../schemas/entities/local-settings';
import {
  DEFAULT_TIMESCALES,
  TIMESCALE_RULES,
  TIMESCALE_UNITS,
  describeRuleSpec,
} from '../../../schemas/timescales';
import type { TimescaleRule, TimescaleUnit } from '../../../schemas/timescales';
import { useFormDraft } from '../../lib/use-form-draft';
import { Button, NotificationBanner } from '../../ui/content';
import type { ErrorLink } from '../../ui/error-summary';
import { Fieldset } from '../../ui/fieldset';
import { Radios } from '../../ui/radios';
import { Textarea } from '../../ui/textarea';
import { TextInput } from '../../ui/text-input';
import { describeFailure, useAdminCall, useAdminQuery } from './admin-api';
import { AdminFrame, QueryState } from './admin-frame';

const UNIT_LABELS: Record<TimescaleUnit, string> = {
  'working-days': 'Working days',
  'calendar-days': 'Days',
  months: 'Months',
};

type Form = {
  authorityName: string;
  dutyPhone: string;
  grades: string[];
  notObserved: string;
  idleLockMinutes: string;
  unlockAttempts: string;
  offlineUnlockDays: string;
  deviceRetentionDays: string;
  concernAcknowledgeHours: string;
  concernNotifyEmails: string;
  timescales: Record<TimescaleRule, { amount: string; unit: TimescaleUnit | undefined }>;
};

function formOf(s: LocalSettings): Form {
  const timescales = {} as Form['timescales'];
  for (const rule of TIMESCALE_RULES) {
    const local = s.timescales[rule];
    timescales[rule] = { amount: local ? String(local.amount) : '', unit: local?.unit };
  }
  return {
    authorityName: s.authorityName,
    dutyPhone: s.dutyPhone ?? '',
    grades: s.gradeScale.points.map((p) => p.label),
    notObserved: s.gradeScale.notObserved.label,
    idleLockMinutes: String(s.idleLockMinutes),
    unlockAttempts: String(s.unlockAttempts),
    offlineUnlockDays: s.offlineUnlockDays === null ? '' : String(s.offlineUnlockDays),
    deviceRetentionDays: String(s.deviceRetentionDays),
    concernAcknowledgeHours: String(s.concernAcknowledgeHours),
    concernNotifyEmails: s.concernNotifyEmails.join('\n'),
    timescales,
  };
}

const whole = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);

function patchOf(form: Form, base: LocalSettings): LocalSettingsPatch {
  const timescales: LocalSettings['timescales'] = {};
  for (const rule of TIMESCALE_RULES) {
    const t = form.timescales[rule];
    if (t.amount.trim() !== '' || t.unit)
      timescales[rule] = { amount: whole(t.amount), unit: t.unit ?? ('' as TimescaleUnit) };
  }
  return {
    authorityName: form.authorityName,
    dutyPhone: form.dutyPhone.trim() === '' ? null : form.dutyPhone,
    gradeScale: {
      ...base.gradeScale,
      points: base.gradeScale.points.map((p, i) => ({ ...p, label: form.grades[i] ?? p.label })),
      notObserved: { ...base.gradeScale.notObserved, label: form.notObserved },
    },
    idleLockMinutes: whole(form.idleLockMinutes),
    unlockAttempts: whole(form.unlockAttempts),
    offlineUnlockDays: form.offlineUnlockDays.trim() === '' ? null : whole(form.offlineUnlockDays),
    deviceRetentionDays: whole(form.deviceRetentionDays),
    concernAcknowledgeHours: whole(form.concernAcknowledgeHours),
    concernNotifyEmails: form.concernNotifyEmails
      .split(/[\n,]/)
      .map((e) => e.trim())
      .filter(Boolean),
    timescales,
  };
}

/** Field ids of the form, by the path of a problem the shared schema found. */
function fieldOf(path: PropertyKey[]): string {
  const [head, second, third] = path.map(String);
  if (head === 'gradeScale') return second === 'points' ? `grade-${third ?? '0'}` : 'not-observed';
  if (head === 'timescales') return `timescale-${second ?? ''}`;
  if (head === 'concernNotifyEmails') return 'concernNotifyEmails';
  return head ?? 'authorityName';
}

/** The authority's local settings; tablets take them at their next sync. */
export function SettingsPage() {
  const { query, reload } = useAdminQuery('/api/settings', settingsResponseSchema);
  const [errors, setErrors] = useState<ErrorLink[]>([]);
  return (
    <AdminFrame title="Local settings" errors={errors}>
      <QueryState query={query}>
        {(view) => (
          <SettingsForm
            settings={view.settings}
            phoneSource={view.dutyPhoneSource}
            onSaved={reload}
            errors={errors}
            setErrors={setErrors}
          />
        )}
      </QueryState>
    </AdminFrame>
  );
}

function SettingsForm({
  settings,
  phoneSource,
  onSaved,
  errors,
  setErrors,
}: {
  settings: LocalSettings;
  /** The server's DUTY_PHONE is shown in the hint, not copied into the form as a setting. */
  phoneSource: 'settings' | 'environment' | 'none';
  onSaved: () => void;
  errors: ErrorLink[];
  setErrors: (e: ErrorLink[]) => void;
}) {
  const call = useAdminCall();
  const initial = (s: LocalSettings, source: string) => ({
    ...formOf(s),
    dutyPhone: source === 'settings' ? (s.dutyPhone ?? '') : '',
  });
  // On the tablet as it is typed, so the idle lock does not lose a long form half filled in; the
  // draft goes once the server has the settings.
  const draft = useFormDraft<Form>('admin:settings', () => initial(settings, phoneSource));
  const form = draft.value;
  const serverPhone = phoneSource === 'environment' ? settings.dutyPhone : null;
  const [saved, setSaved] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    draft.set({ ...form, [key]: value });
    setSaved(null);
  };
  const err = (id: string) => errors.find((e) => e.href === `#${id}`)?.text;

  const save = async () => {
    const patch = patchOf(form, settings);
    const parsed = localSettingsPatchSchema.safeParse(patch);
    if (!parsed.success) {
      const seen = new Set<string>();
      const found: ErrorLink[] = [];
      for (const issue of parsed.error.issues) {
        const id = fieldOf(issue.path);
        if (seen.has(id)) continue;
        seen.add(id);
        // The shared schema words each problem for people, naming the setting and what it
        // allows (the server answers the same words for the same value).
        found.push({ href: `#${id}`, text: issue.message });
      }
      setErrors(found);
      return;
    }
    setBusy(true);
    const r = await call('/api/admin/settings', settingsUpdateResponseSchema, 'PUT', parsed.data);
    setBusy(false);
    if (!r.ok) {
      setErrors([{ href: '#authorityName', text: describeFailure(r.failure) }]);
      return;
    }
    setErrors([]);
    setSaved(r.value.changed);
    await draft.reset(initial(r.value.settings, r.value.dutyPhoneSource));
    onSaved();
  };

  return (
    <>
      {saved ? (
        <NotificationBanner success title="Saved" id="settings-saved">
          <p class="govuk-notification-banner__heading">
            {saved.length === 0
              ? 'Nothing was changed.'
              : 'Settings saved. Each tablet takes them at its next sync.'}
          </p>
        </NotificationBanner>
      ) : null}
      <TextInput
        id="authorityName"
        label="The authority’s name"
        value={form.authorityName}
        onInput={(v) => set('authorityName', v)}
        error={err('authorityName')}
      />
      <TextInput
        id="dutyPhone"
        label="Duty phone number"
        hint={`Shown on the safety concern screen, above all when a tablet has no signal. Leave blank to use the server’s DUTY_PHONE${serverPhone ? ` (now ${serverPhone})` : ' (not set)'}.`}
        type="tel"
        width="20"
        value={form.dutyPhone}
        onInput={(v) => set('dutyPhone', v)}
        error={err('dutyPhone')}
      />
      <Textarea
        id="concernNotifyEmails"
        label="Who else is told of a safety concern"
        hint="Email addresses, one on each line, such as a duty manager’s shared mailbox. The director and quality assurance leads of the team are always told."
        maxLength={2000}
        rows={3}
        spellcheck={false}
        value={form.concernNotifyEmails}
        onInput={(v) => set('concernNotifyEmails', v)}
        error={err('concernNotifyEmails')}
      />
      <TextInput
        id="concernAcknowledgeHours"
        label="Hours a safety concern may wait for acknowledgement"
        hint="After this it is shown as overdue."
        width="3"
        inputMode="numeric"
        value={form.concernAcknowledgeHours}
        onInput={(v) => set('concernAcknowledgeHours', v)}
        error={err('concernAcknowledgeHours')}
      />
      <TextInput
        id="idleLockMinutes"
        label="Minutes without use before the app locks"
        width="3"
        inputMode="numeric"
        value={form.idleLockMinutes}
        onInput={(v) => set('idleLockMinutes', v)}
        error={err('idleLockMinutes')}
      />
      <TextInput
        id="unlockAttempts"
        label="Wrong unlock attempts before an online sign-in is needed"
        width="3"
        inputMode="numeric"
        value={form.unlockAttempts}
        onInput={(v) => set('unlockAttempts', v)}
        error={err('unlockAttempts')}
      />
      <TextInput
        id="offlineUnlockDays"
        label="Days a tablet may go without reaching the server before a full sign-in is needed"
        hint="After this the unlock secret no longer opens the app; signing in online does, and finds out whether the tablet has been removed. Nothing on the tablet is deleted. Leave blank for no limit."
        width="3"
        inputMode="numeric"
        value={form.offlineUnlockDays}
        onInput={(v) => set('offlineUnlockDays', v)}
        error={err('offlineUnlockDays')}
      />
      <TextInput
        id="deviceRetentionDays"
        label="Days a finished, sent record stays on a tablet"
        width="3"
        inputMode="numeric"
        value={form.deviceRetentionDays}
        onInput={(v) => set('deviceRetentionDays', v)}
        error={err('deviceRetentionDays')}
      />
      <Fieldset
        id="grades"
        legend="Grade labels"
        legendSize="m"
        hint="The words shown for each grade. What each grade means does not change."
      >
        {form.grades.map((label, i) => (
          <TextInput
            key={i}
            id={`grade-${i}`}
            label={`Grade ${i + 1}`}
            value={label}
            onInput={(v) =>
              set(
                'grades',
                form.grades.map((g, j) => (j === i ? v : g)),
              )
            }
            error={err(`grade-${i}`)}
          />
        ))}
        <TextInput
          id="not-observed"
          label="When it was not seen"
          value={form.notObserved}
          onInput={(v) => set('notObserved', v)}
          error={err('not-observed')}
        />
      </Fieldset>
      <h2 class="govuk-heading-m">Local timescales</h2>
      <p class="govuk-body">
        Leave a timescale blank to use the statutory one, or for child in need reviews, which have
        no national timescale, the suggested default. A local variant of a statutory timescale may
        be shorter, such as a first review conference within 90 days, but not longer. A change
        applies to observations submitted from then on, and to drafts: one already submitted keeps
        the timescales in force when it was first submitted, so quarters already reported do not
        change.
      </p>
      {TIMESCALE_RULES.map((rule) => {
        const d = DEFAULT_TIMESCALES[rule];
        const t = form.timescales[rule];
        const id = `timescale-${rule}`;
        const change = (next: Partial<Form['timescales'][TimescaleRule]>) =>
          set('timescales', { ...form.timescales, [rule]: { ...t, ...next } });
        return (
          <Fieldset
            key={rule}
            id={`${id}-group`}
            legend={d.label}
            legendSize="s"
            hint={
              d.localPolicy
                ? `No national timescale. Suggested: ${describeRuleSpec(d)} from ${d.countsFrom}.`
                : `Statutory: ${describeRuleSpec(d)} from ${d.countsFrom} (${d.source}).`
            }
            error={err(id)}
          >
            <TextInput
              id={id}
              label="Amount"
              width="3"
              inputMode="numeric"
              value={t.amount}
              onInput={(v) => change({ amount: v })}
            />
            <Radios
              id={`${id}-unit`}
              name={`${id}-unit`}
              legend="Counted in"
              small
              inline
              options={TIMESCALE_UNITS.map((u) => ({ value: u, label: UNIT_LABELS[u] }))}
              value={t.unit}
              onChange={(v) => change({ unit: v as TimescaleUnit })}
            />
          </Fieldset>
        );
      })}
      <Button onClick={() => void save()} disabled={busy}>
        Save settings
      </Button>
    </>
  );
}
