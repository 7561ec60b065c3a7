// Texts kept on this tablet when one window's save replaced another's over the same words
// (src/db/kept-texts.ts), where their record cannot show them beside their field: on the offer to
// restore an observation deleted on another device, and, once a record has left the tablet
// (deleted elsewhere or here, no longer shared with the person), on a page of their own, linked
// from the home screen, the account page and signing out. They are the person's own words and
// exist nowhere else, so they go only when the person removes them, having copied what they need.
import { useState } from 'preact/hooks';
import type { ObservationKind } from '../../../schemas/entities/observation-kind';
import type { Template } from '../../../schemas/entities/template';
import { keptTextsLeftBehind, removeKeptText, summariesById } from '../../db';
import type { KeptLeftBehind, KeptOf, RecordView, ShownConflict } from '../../db';
import { formatInstant } from '../../lib/observation-records';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';
import { BackLink, Button, MultilineText } from '../../ui/content';
import { FocusedConfirmation } from '../../ui/focused-confirmation';
import { usePageTitle } from '../../ui/page-title';
import { SummaryCard, SummaryList } from '../../ui/summary-list';
import { actionFieldLabels, fieldLabel, kindLabels, templateOf } from './model';

export const KEPT_TEXTS_PAGE = '/account/kept-texts';

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The answer a kept text belongs to, in the words its page gives it. */
export function keptAnswerName(
  of: Pick<KeptOf, 'type' | 'fields'> | null,
  path: string,
  templates: readonly Template[],
): string {
  if (of?.type === 'observation') {
    const template = templateOf(of, templates);
    return template ? fieldLabel(template, path) : 'An answer';
  }
  if (of?.type === 'action' && actionFieldLabels[path]) return capitalised(actionFieldLabels[path]);
  if (of?.type === 'call-attempt' && path === 'note') return 'Note';
  return 'An answer';
}

/** The record a kept text belonged to: its kind and case, as far as the tablet knew them. */
function recordName(of: KeptOf | null, parentCaseId: unknown): string {
  if (!of) return 'A record no longer on this tablet';
  if (of.type === 'observation') {
    const kind = kindLabels[of.fields['kind'] as ObservationKind] ?? 'An observation';
    const caseId = of.fields['context.caseId'];
    return caseId ? `${kind}, case ${String(caseId)}` : `${kind} without a case ID`;
  }
  const what =
    of.type === 'action'
      ? 'An improvement action'
      : of.type === 'call-attempt'
        ? 'A call attempt'
        : 'A record';
  return parentCaseId ? `${what} in case ${String(parentCaseId)}` : what;
}

/**
 * On the offer to restore an observation deleted on another device: the texts kept for it on
 * this tablet, so the person sees them before choosing, and what becomes of them either way.
 */
export function KeptOnRestore({ view }: { view: RecordView }) {
  const { templates } = useServices();
  const kept = view.conflicts.filter((c): c is ShownConflict & { keptHere: true } => !!c.keptHere);
  if (kept.length === 0) return null;
  const one = kept.length === 1;
  return (
    <section aria-labelledby="kept-on-restore-heading" data-testid="kept-on-restore">
      <h2 class="govuk-heading-m" id="kept-on-restore-heading">
        Also kept on this tablet
      </h2>
      <p class="govuk-body">
        {one ? 'This answer was' : 'These answers were'} changed in two places at once, and one
        version replaced the other. The text it replaced is kept only on this tablet. Restore the
        observation to choose between them beside the answer. If you leave it deleted, the text
        stays on this tablet, listed under{' '}
        <a class="govuk-link" href={KEPT_TEXTS_PAGE}>
          text kept from records that have gone
        </a>
        , until you remove it.
      </p>
      <SummaryList
        rows={kept.map((c) => ({
          key: keptAnswerName({ type: view.type, fields: view.fields }, c.path, templates),
          value: <MultilineText text={String(c.incoming ?? '')} />,
        }))}
      />
    </section>
  );
}

/** Every kept text whose record has gone from the tablet, to copy from and then remove. */
export function KeptTextsPage() {
  const { store, templates } = useServices();
  usePageTitle('Text kept from records that have gone');
  const live = useLive(async () => {
    const left = await keptTextsLeftBehind(store.db, store.cipher);
    const parentIds = left.flatMap((k) => (k.of?.parentId ? [k.of.parentId] : []));
    const parents = await summariesById(store.db, store.cipher, parentIds);
    return { left, parents };
  }, [store]);
  const [removed, setRemoved] = useState(0);
  const [failed, setFailed] = useState(false);
  const remove = (k: KeptLeftBehind) =>
    void removeKeptText(store.db, store.cipher, k.recordId, k.id).then(
      () => {
        setFailed(false);
        setRemoved((n) => n + 1);
      },
      () => setFailed(true),
    );
  const left = live.value?.left ?? [];
  return (
    <>
      <BackLink href="/account" />
      <h1 class="govuk-heading-l">Text kept from records that have gone</h1>
      {removed > 0 ? (
        <FocusedConfirmation key={removed}>
          The text was removed from this tablet.
        </FocusedConfirmation>
      ) : null}
      {failed ? (
        <p class="govuk-error-message" role="alert">
          The text could not be removed from this tablet. It is still kept. Try again.
        </p>
      ) : null}
      {live.loading && !live.value ? (
        <p class="govuk-body" role="status">
          Loading…
        </p>
      ) : left.length === 0 ? (
        <p class="govuk-body">
          There is none: every text kept on this tablet is beside its answer.
        </p>
      ) : (
        <>
          <p class="govuk-body">
            Each text below was replaced when its answer was changed in two places at once (in two
            windows of the app on this tablet, or here and on another device). The record it
            belonged to has since gone from this tablet: it was deleted, or it is no longer shared
            with you. The text exists only here. Copy anything you need, then remove it.
          </p>
          {left.map((k) => {
            const parent = k.of?.parentId ? live.value?.parents.get(k.of.parentId) : undefined;
            const record = recordName(k.of, parent?.fields['context.caseId']);
            const answer = keptAnswerName(k.of, k.path, templates);
            return (
              <SummaryCard key={k.id} title={record}>
                <SummaryList
                  rows={[
                    { key: 'Answer', value: answer },
                    { key: 'Replaced', value: formatInstant(k.at) },
                    { key: 'Text kept', value: <MultilineText text={k.text} /> },
                  ]}
                />
                <Button variant="secondary" onClick={() => remove(k)}>
                  Remove this text
                  <span class="govuk-visually-hidden">
                    {' '}
                    – {answer}, {record}
                  </span>
                </Button>
              </SummaryCard>
            );
          })}
        </>
      )}
    </>
  );
}
