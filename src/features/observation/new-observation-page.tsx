import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { OBSERVATION_KINDS } from '../../../schemas/entities/observation-kind';
import type { ObservationKind } from '../../../schemas/entities/observation-kind';
import { saveFields } from '../../db';
import { newRecordId } from '../../lib/ids';
import { useServices } from '../../lib/services';
import { BackLink, Button } from '../../ui/content';
import { ErrorSummary } from '../../ui/error-summary';
import { usePageTitle } from '../../ui/page-title';
import { Radios } from '../../ui/radios';
import { kindHints, kindLabels, templateForNew } from './model';

/** Start an observation: which kind, and for which team. */
export function NewObservationPage() {
  const { user, store, templates, sync } = useServices();
  const { route } = useLocation();
  const teams = [...user.scopes].sort((a, b) =>
    a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'practice-group' ? -1 : 1,
  );
  const [kind, setKind] = useState<ObservationKind | undefined>();
  const [team, setTeam] = useState<string | undefined>(
    teams.length === 1 ? teams[0]!.id : undefined,
  );
  const [errors, setErrors] = useState<{ href: string; text: string }[]>([]);
  const [busy, setBusy] = useState(false);
  usePageTitle('What are you recording?', errors.length > 0);

  const start = async () => {
    const found: { href: string; text: string }[] = [];
    if (!kind) found.push({ href: '#kind', text: 'Select what you are recording' });
    if (!team) found.push({ href: '#team', text: 'Select the team this is for' });
    setErrors(found);
    if (!kind || !team) return;
    const chosen = templateForNew(kind, templates);
    if (!chosen) return;
    const scope = teams.find((t) => t.id === team)!;
    setBusy(true);
    try {
      const id = newRecordId();
      await saveFields(store.db, store.cipher, {
        recordId: id,
        type: 'observation',
        scopeId: scope.id,
        changes: {
          kind,
          templateId: chosen.id,
          templateVersion: chosen.version,
          status: 'draft',
          sharedWithPractitioner: false,
          serviceId: scope.kind === 'service' ? scope.id : (scope.parentId ?? scope.id),
        },
      });
      sync.notifyLocalEdit();
      route(`/observations/${id}`);
    } catch (err) {
      setErrors([
        {
          href: '#kind',
          text: err instanceof Error ? err.message : 'The observation could not be started.',
        },
      ]);
    } finally {
      setBusy(false);
    }
  };

  if (teams.length === 0) {
    return (
      <>
        <BackLink href="/" />
        <h1 class="govuk-heading-l">You are not in a team yet</h1>
        <p class="govuk-body">
          Ask your administrator to add you to your service or practice group, then sign in again.
        </p>
      </>
    );
  }
  return (
    <>
      <BackLink href="/" />
      <ErrorSummary errors={errors} focusKey={errors} />
      <Radios
        id="kind"
        name="kind"
        legend="What are you recording?"
        legendAsHeading
        legendSize="l"
        options={OBSERVATION_KINDS.map((k) => ({
          value: k,
          label: kindLabels[k],
          hint: kindHints[k],
        }))}
        value={kind}
        onChange={(v) => setKind(v as ObservationKind)}
        error={errors.find((e) => e.href === '#kind')?.text}
      />
      {teams.length > 1 ? (
        <Radios
          id="team"
          name="team"
          legend="Which team is it for?"
          legendSize="m"
          hint="It is reported under this team’s service and practice group."
          options={teams.map((t) => ({
            value: t.id,
            label: t.name,
            hint: t.kind === 'service' ? 'Service' : 'Practice group',
          }))}
          value={team}
          onChange={setTeam}
          error={errors.find((e) => e.href === '#team')?.text}
        />
      ) : null}
      <Button onClick={() => void start()} disabled={busy}>
        Continue
      </Button>
    </>
  );
}
