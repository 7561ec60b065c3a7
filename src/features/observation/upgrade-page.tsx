import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { flattenObservation } from '../../../schemas/entities/observation-fields';
import { latestTemplate } from '../../../schemas/templates/catalogue';
import { upgradeDraft, upgradeLosesAnswers } from '../../../schemas/rules/template-upgrade';
import type { UpgradeReport } from '../../../schemas/rules/template-upgrade';
import { saveFields } from '../../db';
import { useServices } from '../../lib/services';
import { Button, ButtonGroup, WarningText } from '../../ui/content';
import { SummaryList } from '../../ui/summary-list';
import type { SummaryRow } from '../../ui/summary-list';
import { ObservationFrame } from './frame';
import { upgradeChanges } from './upgrade-changes';
import type { LoadedObservation } from './use-observation';
import { WithObservation } from './with-observation';

/** The preview of moving a draft to the checklist's newest version, and doing it. */
export function UpgradePage({ id }: { id: string }) {
  return (
    <WithObservation id={id} editable>
      {(data) => <Upgrade data={data} />}
    </WithObservation>
  );
}

export function reportRows(report: UpgradeReport): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const a of report.added)
    rows.push({ key: 'New question', value: `${a.prompt}${a.required ? ' (required)' : ''}` });
  for (const r of report.reworded)
    rows.push({
      key: 'Reworded',
      value: (
        <>
          <del>{r.before}</del> <ins>{r.after}</ins>
        </>
      ),
    });
  for (const d of report.dropped)
    rows.push({
      key: 'Removed',
      value: (
        <>
          {d.prompt}
          {d.hadAnswer ? (
            <p class="govuk-body govuk-!-margin-top-2 app-prewrap" data-testid="dropped-answer">
              Your answer: {[d.value, ...(d.choices ?? []), d.evidence].filter(Boolean).join(' — ')}
            </p>
          ) : null}
        </>
      ),
    });
  for (const c of report.responseChanged) {
    // What goes is shown, as for a removed question, so it can be copied first.
    const lost = [
      ...(c.valueCleared ? [c.value, ...(c.choices ?? [])] : []),
      ...(c.evidenceCleared ? [c.evidence] : []),
    ].filter((v) => v !== undefined && v !== null && v !== '');
    rows.push({
      key: 'Answer cleared',
      value: (
        <>
          {c.prompt}: it now takes a different kind of answer.
          {lost.length > 0 ? (
            <p class="govuk-body govuk-!-margin-top-2 app-prewrap" data-testid="cleared-answer">
              Your answer: {lost.join(' — ')}
            </p>
          ) : null}
        </>
      ),
    });
  }
  for (const m of report.moved) rows.push({ key: 'Moved', value: m.prompt });
  return rows;
}

function Upgrade({ data }: { data: LoadedObservation }) {
  const { store, templates, sync } = useServices();
  const { route } = useLocation();
  const [busy, setBusy] = useState(false);
  const back = `/observations/${data.view.id}`;
  const latest = latestTemplate(data.template.id, templates);
  if (!latest || latest.version <= data.template.version || data.observation.status !== 'draft') {
    return (
      <ObservationFrame data={data} title="This checklist is up to date" back={back}>
        <p class="govuk-body">There is no newer version of its checklist to move to.</p>
      </ObservationFrame>
    );
  }
  const { record, report } = upgradeDraft(data.observation, data.template, latest);
  const rows = reportRows(report);
  const upgrade = async () => {
    setBusy(true);
    try {
      await saveFields(store.db, store.cipher, {
        recordId: data.view.id,
        type: 'observation',
        changes: upgradeChanges(flattenObservation(data.observation), flattenObservation(record)),
      });
      sync.notifyLocalEdit();
      route(back);
    } finally {
      setBusy(false);
    }
  };
  return (
    <ObservationFrame
      data={data}
      title={`Move to version ${latest.version} of the checklist`}
      back={back}
    >
      <p class="govuk-body">
        This observation was started on version {data.template.version}. Version {latest.version}{' '}
        changes these questions:
      </p>
      {rows.length > 0 ? (
        <SummaryList rows={rows} />
      ) : (
        <p class="govuk-body">No questions changed.</p>
      )}
      {upgradeLosesAnswers(report) ? (
        <WarningText>
          Some of your answers have no place in the new version and will be removed from this
          observation. Copy anything you need before you continue.
        </WarningText>
      ) : null}
      <ButtonGroup>
        <Button onClick={() => void upgrade()} disabled={busy}>
          Move to version {latest.version}
        </Button>
        <a class="govuk-link" href={back}>
          Keep version {data.template.version}
        </a>
      </ButtonGroup>
    </ObservationFrame>
  );
}
