import { ReflectionCard } from '../../ui/reflection-card';
import { useState } from 'preact/hooks';
import { authorsGradeLabel, peopleWords } from '../../../schemas/entities/kind-words';
import { acknowledgerProblem } from '../../../schemas/rules/good-practice';
import { nextStatuses } from '../../../schemas/rules/status';
import { saveFields } from '../../db';
import type { RecordView } from '../../db';
import {
  formatDate,
  formatInstant,
  gradeLabelOf,
  kindLabels,
  statusLabels,
} from '../../lib/observation-records';
import { londonDateTimeOf } from '../../../schemas/calendar/london-time';
import { useServices } from '../../lib/services';
import type { RecordFamily } from '../../lib/use-record-family';
import {
  BackLink,
  Button,
  ButtonGroup,
  ButtonLink,
  MultilineText,
  NotificationBanner,
  Tag,
} from '../../ui/content';
import { FocusedConfirmation } from '../../ui/focused-confirmation';
import { WITHDRAWN_ID } from './withdraw-good-practice-page';
import { GoodPracticeCard } from '../../ui/good-practice-card';
import { usePageTitle } from '../../ui/page-title';
import { SampleDiscussionCard } from '../../ui/sample-discussion-card';
import { SummaryCard, SummaryList } from '../../ui/summary-list';
import type { SummaryRow } from '../../ui/summary-list';
import { FamilyGate } from './family-gate';
import { judgementsOf } from './judgements';
import type { Judgement } from './judgements';

/** One observation under moderation: every judgement with the observer's words and the comments. */
export function ModerateObservationPage({ id }: { id: string }) {
  return <FamilyGate id={id}>{(family) => <Moderate family={family} />}</FamilyGate>;
}

function Moderate({ family }: { family: RecordFamily }) {
  const { store, sync, user } = useServices();
  const { view, observation, template, scale } = family;
  const title = `Moderate: ${kindLabels[template.kind]}`;
  usePageTitle(title);
  const [busy, setBusy] = useState(false);
  const [decided, setDecided] = useState<'moderated' | 'closed' | null>(null);
  const judgements = judgementsOf(observation, template, family.comments);
  const commented = judgements.filter((j) => j.comments.length > 0).length;
  const differing = judgements.filter((j) => j.differs);
  const status = observation.status;
  const mine = view.ownerId === user.id;
  const next = mine ? [] : nextStatuses(status, 'qa-lead');

  const moveTo = async (to: 'moderated' | 'closed') => {
    setBusy(true);
    try {
      await saveFields(store.db, store.cipher, {
        recordId: view.id,
        type: 'observation',
        changes: { status: to },
      });
      sync.notifyLocalEdit();
      setDecided(to);
    } finally {
      setBusy(false);
    }
  };

  const c = observation.context;
  return (
    <>
      <BackLink href="/moderation">Back to moderation</BackLink>
      <span class="govuk-caption-l">{c.caseId ? `Case ${c.caseId}` : 'No case ID'}</span>
      <h1 class="govuk-heading-l">{title}</h1>
      <p class="govuk-body">
        <Tag colour={status === 'returned' ? 'orange' : status === 'moderated' ? 'green' : 'blue'}>
          {statusLabels[status]}
        </Tag>
        {view.pending ? <span class="govuk-body-s app-secondary-text"> · not sent yet</span> : null}
      </p>
      <SummaryList
        rows={[
          {
            key: peopleWords[template.kind].personLabel,
            value: [c.observedName, c.observedRole].filter(Boolean).join(', ') || 'Not recorded',
          },
          { key: 'Date', value: c.date ? formatDate(c.date) : 'Not recorded' },
          { key: 'Where', value: c.setting ?? 'Not recorded' },
          ...amendedRows(family),
          {
            key: 'Moderation so far',
            value: `${commented} of ${judgements.length} judgements commented on; ${differing.length} where your view differs from the ${peopleWords[template.kind].author}’s`,
          },
        ]}
      />
      <p class="govuk-body">
        <a class="govuk-link" href={`/observations/${view.id}`}>
          Read the whole observation
        </a>
        {' · '}
        <a class="govuk-link" href={`/print/observations/${view.id}`}>
          Print this observation
        </a>
      </p>
      {differing.length > 0 ? (
        <NotificationBanner title="Where your grades differ" id="differs">
          <ul class="govuk-list govuk-list--bullet">
            {differing.map((j) => (
              <li key={j.key}>
                <a class="govuk-link" href={`#judgement-${j.key}`}>
                  {j.prompt}
                </a>
                : observer {gradeLabelOf(scale, j.observerGrade) ?? 'no grade'}, moderator{' '}
                {gradeLabelOf(scale, j.moderatorGrade) ?? 'disagrees'}
              </li>
            ))}
          </ul>
        </NotificationBanner>
      ) : null}
      {status === 'returned' ? (
        <p class="govuk-inset-text" id="returned" tabIndex={-1}>
          Returned to the observer for more evidence. It comes back here when they submit it again.
        </p>
      ) : null}
      {judgements.map((j) => (
        <JudgementCard key={j.key} family={family} judgement={j} canComment={!mine} />
      ))}
      <ReflectionCard observation={observation} template={family.template} />
      <SampleDiscussionCard observation={observation} />
      <GoodPractice family={family} />
      {decided ? (
        // The button pressed goes (Close takes its place, or no decision is left): this says what
        // was done and takes focus there, which would otherwise fall to the page body unannounced.
        <FocusedConfirmation key={decided}>
          {decided === 'moderated' ? 'Marked as moderated.' : 'Observation closed.'}
        </FocusedConfirmation>
      ) : null}
      {next.length > 0 ? (
        <>
          <h2 class="govuk-heading-m">Your decision</h2>
          <ButtonGroup>
            {next.includes('moderated') ? (
              <Button onClick={() => void moveTo('moderated')} disabled={busy}>
                Mark as moderated
              </Button>
            ) : null}
            {next.includes('closed') ? (
              <Button onClick={() => void moveTo('closed')} disabled={busy}>
                Close this observation
              </Button>
            ) : null}
            {next.includes('returned') ? (
              <ButtonLink href={`/moderation/${view.id}/return`} variant="secondary">
                Return for more evidence
              </ButtonLink>
            ) : null}
          </ButtonGroup>
        </>
      ) : null}
    </>
  );
}

/**
 * Good practice acknowledged on it, and the way to acknowledge it (or change what was said) for
 * whoever may: the acknowledgement page comes back to the card, which then takes focus.
 */
function GoodPractice({ family }: { family: RecordFamily }) {
  const { user } = useServices();
  const { view, observation } = family;
  // The tablet holds only the teams its person oversees, so having the record is overseeing it.
  const may =
    acknowledgerProblem(
      { userId: user.id, role: user.role, oversees: true },
      { ownerId: view.ownerId ?? user.id, status: observation.status },
    ) === null;
  const acknowledged = observation.goodPractice?.what !== undefined;
  // Back from withdrawing it: said here, where focus lands (src/app/arrival-focus.ts).
  const withdrawn = !acknowledged && window.location.hash === `#${WITHDRAWN_ID}`;
  return (
    <>
      {withdrawn ? (
        <p class="govuk-inset-text" id={WITHDRAWN_ID} tabIndex={-1}>
          Acknowledgement of good practice withdrawn. The observer no longer sees it.
        </p>
      ) : null}
      {acknowledged ? (
        <div id="acknowledged" tabIndex={-1}>
          <GoodPracticeCard observation={observation} />
        </div>
      ) : null}
      {may ? (
        <ButtonLink href={`/moderation/${view.id}/good-practice`} variant="secondary">
          {acknowledged ? 'Change the acknowledgement' : 'Acknowledge good practice'}
        </ButtonLink>
      ) : null}
    </>
  );
}

function CommentList({ comments, family }: { comments: RecordView[]; family: RecordFamily }) {
  return (
    <ol class="govuk-list app-comment-list">
      {comments.map((c) => {
        const grade = c.fields['moderatorGrade'];
        return (
          <li key={c.id} class="app-comment">
            <p class="govuk-body govuk-!-margin-bottom-1">
              <strong>{c.fields['agrees'] === true ? 'Agrees' : 'Disagrees'}</strong>
              {typeof grade === 'string'
                ? ` · would grade ${gradeLabelOf(family.scale, grade) ?? grade}`
                : ''}
              <span class="govuk-body-s app-secondary-text">
                {' '}
                · {c.pending ? 'not sent yet' : formatInstant(c.updatedAt)}
              </span>
            </p>
            <MultilineText text={String(c.fields['reason'] ?? '')} />
          </li>
        );
      })}
    </ol>
  );
}

function JudgementCard({
  family,
  judgement: j,
  canComment,
}: {
  family: RecordFamily;
  judgement: Judgement;
  canComment: boolean;
}) {
  const rows: SummaryRow[] = [
    {
      key: authorsGradeLabel(family.template.kind),
      value: gradeLabelOf(family.scale, j.observerGrade) ?? 'Not graded',
    },
    {
      key: j.itemId ? 'Evidence' : 'Reasons',
      value: j.evidence?.trim() ? <MultilineText text={j.evidence} /> : 'None given',
    },
  ];
  if (j.comments.length > 0) {
    rows.push({
      key: 'Moderation',
      value: (
        <>
          {j.differs ? (
            <p class="govuk-body">
              <Tag colour="red">Differs</Tag>
            </p>
          ) : (
            <p class="govuk-body">
              <Tag colour="green">Agreed</Tag>
            </p>
          )}
          <CommentList comments={j.comments} family={family} />
        </>
      ),
    });
  }
  return (
    // The comment page sends the QA lead back here by this id; it takes focus (src/app/arrival-focus.ts).
    <div id={`judgement-${j.key}`} tabIndex={-1}>
      <SummaryCard
        title={
          <>
            <span class="govuk-caption-m">
              {j.section}
              <span class="govuk-visually-hidden">: </span>
            </span>
            {j.prompt}
          </>
        }
        actions={
          canComment ? (
            <a class="govuk-link" href={`/moderation/${family.view.id}/comment/${j.key}`}>
              Add a comment<span class="govuk-visually-hidden"> on {j.prompt}</span>
            </a>
          ) : undefined
        }
      >
        <SummaryList rows={rows} />
      </SummaryCard>
    </div>
  );
}

/**
 * An observation amended since it was submitted says so where it is moderated: the grades judged
 * here may be the amendment's, and the reason is the observer's account of the change.
 */
function amendedRows({ view, amendments }: RecordFamily): SummaryRow[] {
  const last = amendments.at(-1);
  if (!last) return [];
  const n = amendments.length;
  const when = londonDateTimeOf(String(last.fields['at']));
  return [
    {
      key: 'Amended since submission',
      value: (
        <>
          <p class="govuk-body">
            {n === 1 ? 'Once' : `${n} times`}, the last on {when}, because: “
            {String(last.fields['reason'] ?? '')}”
          </p>
          <a class="govuk-link" href={`/observations/${view.id}#amendments`}>
            See what each amendment changed
          </a>
        </>
      ),
    },
  ];
}
