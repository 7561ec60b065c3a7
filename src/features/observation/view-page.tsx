import { useLocation } from 'preact-iso';
import { recordNoun } from '../../../schemas/entities/observation-kind';
import { isAmendable } from '../../../schemas/rules/status';
import { londonDateTimeOf } from '../../../schemas/calendar/london-time';
import { useServices } from '../../lib/services';
import {
  BackLink,
  ButtonLink,
  MultilineText,
  NotificationBanner,
  Tag,
  WarningText,
} from '../../ui/content';
import { SafetyConcernLink } from '../../ui/concern-link';
import { usePageTitle } from '../../ui/page-title';
import { AmendmentChanges, changedWords } from '../../ui/amendment-changes';
import { SampleDiscussionCard } from '../../ui/sample-discussion-card';
import { GoodPracticeCard } from '../../ui/good-practice-card';
import { ModerationCard } from '../../ui/moderation-card';
import { SummaryCard, SummaryList } from '../../ui/summary-list';
import { stoppedBy, useAmendSession } from './amendment-stopped';
import { Answers } from './answers';
import { AuditFamilyCallRead, useCallsAudit } from './audit-call';
import { kindLabels, statusLabels } from './model';
import { RemovedElsewhereNotice } from './removed-elsewhere';
import type { LoadedObservation } from './use-observation';

/** A submitted (or someone else's) observation, read-only, with its history. */
export function ViewPage({ data }: { data: LoadedObservation }) {
  const { user } = useServices();
  const session = useAmendSession(data.view.id);
  // A family feedback call is part of its audit: Back goes there while this tablet holds it.
  const audit = useCallsAudit(data);
  const { query } = useLocation();
  const title = kindLabels[data.template.kind];
  usePageTitle(title);
  const status = data.observation.status;
  const mine = data.view.ownerId === null || data.view.ownerId === user.id;
  // An amendment stopped by a return or a closing is not continued: the amend page says why.
  const amending = session !== null && stoppedBy(session, status) === null;
  const amendments = [...data.amendments].sort((a, b) =>
    String(a.fields['at']).localeCompare(String(b.fields['at'])),
  );
  return (
    <>
      <div class="app-observation-bar">
        <BackLink href={audit?.words ? `/observations/${audit.id}` : '/'} />
        <div class="app-observation-bar__actions">
          <SafetyConcernLink observationId={data.view.id} />
        </div>
      </div>
      <span class="govuk-caption-l">
        {data.observation.context.caseId ? `Case ${data.observation.context.caseId}` : 'No case ID'}
      </span>
      <h1 class="govuk-heading-l">{title}</h1>
      <p class="govuk-body">
        <Tag colour={status === 'submitted' ? 'blue' : status === 'moderated' ? 'green' : 'grey'}>
          {statusLabels[status]}
        </Tag>
        {data.view.pending ? (
          <span class="govuk-body-s app-secondary-text"> · not sent yet</span>
        ) : null}
      </p>
      {query['amendment'] === 'cancelled' && session === null ? (
        <NotificationBanner success title="Amendment cancelled" id="amendment-cancelled">
          <p class="govuk-notification-banner__heading">
            What you changed is back as it was before you began amending: the answers, and any
            improvement actions and call attempts.
          </p>
          <p class="govuk-body">No amendment has been added to the observation’s history.</p>
        </NotificationBanner>
      ) : null}
      {query['amendment'] === 'recorded' && session === null ? (
        <NotificationBanner success title="Amendment recorded" id="amendment-recorded">
          <p class="govuk-notification-banner__heading">
            Your changes are kept in the observation’s history, with your reason.
          </p>
        </NotificationBanner>
      ) : null}
      {query['amendment'] === 'unchanged' && session === null ? (
        <NotificationBanner success title="Amending finished" id="amendment-unchanged">
          <p class="govuk-notification-banner__heading">
            You did not change anything, so no amendment has been added to the observation’s
            history.
          </p>
        </NotificationBanner>
      ) : null}
      {mine ? <RemovedElsewhereNotice observationId={data.view.id} removed={data.removed} /> : null}
      {mine && data.heldBack.length > 0 ? (
        <WarningText>
          Some of what you typed into this observation is kept on this tablet and was not sent,
          because it needs fixing (it is shown below, beside the answer that was sent).
          {status === 'closed'
            ? ' It is closed, so it can no longer be changed.'
            : ' Amend the observation to fix it and send it.'}
        </WarningText>
      ) : null}
      {mine && session === null && isAmendable(status) ? (
        <ButtonLink href={`/observations/${data.view.id}/amend`} variant="secondary">
          Amend this {recordNoun[data.template.kind]}
        </ButtonLink>
      ) : null}
      {amending ? (
        <div class="govuk-button-group">
          <ButtonLink href={`/observations/${data.view.id}/amend`}>Continue amending</ButtonLink>
          <ButtonLink href={`/observations/${data.view.id}/amend/cancel`} variant="secondary">
            Cancel amendment
          </ButtonLink>
        </div>
      ) : null}
      {mine && session !== null && !amending ? (
        <ButtonLink href={`/observations/${data.view.id}/amend`} variant="secondary">
          See why your amendment stopped
        </ButtonLink>
      ) : null}
      <p class="govuk-body app-no-print">
        {mine && status !== 'draft' ? (
          <>
            <a class="govuk-link" href={`/observations/${data.view.id}/share`}>
              {data.observation.sharedWithPractitioner
                ? 'Shared with the practitioner'
                : 'Share with the practitioner'}
            </a>
            {' · '}
          </>
        ) : null}
        <a class="govuk-link" href={`/print/observations/${data.view.id}`}>
          Print this observation
        </a>
      </p>
      <Answers data={data} editable={false} />
      <AuditFamilyCallRead data={data} />
      <ModerationCard comments={data.comments} template={data.template} scale={data.scale} />
      <SampleDiscussionCard observation={data.observation} />
      <GoodPracticeCard observation={data.observation} />
      {amendments.length > 0 ? (
        <SummaryCard title="History of amendments" id="amendments">
          <SummaryList
            rows={amendments.map((a) => ({
              key: londonDateTimeOf(String(a.fields['at'])),
              value: (
                <>
                  <MultilineText text={String(a.fields['reason'] ?? '')} />
                  <AmendmentChanges
                    data={{
                      template: data.template,
                      scale: data.scale,
                      actions: data.children.actions,
                    }}
                    fields={a.fields}
                    summary={changedWords(a.fields)}
                  />
                </>
              ),
            }))}
          />
        </SummaryCard>
      ) : null}
    </>
  );
}
