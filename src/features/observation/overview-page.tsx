import { findItem } from '../../../schemas/entities/template';
import { isEditableByAuthor } from '../../../schemas/rules/status';
import { latestTemplate } from '../../../schemas/templates/catalogue';
import { useServices } from '../../lib/services';
import { ButtonLink, NotificationBanner, Tag } from '../../ui/content';
import { TaskList } from '../../ui/task-list';
import { useCallsAudit } from './audit-call';
import { ObservationFrame } from './frame';
import { kindLabels, statusLabels, tasksOf } from './model';
import type { LoadedObservation } from './use-observation';
import { AmendPage } from './amend-page';
import { amendSessionOf } from './amend-session';
import { AmendmentStoppedBanner, useAmendSession } from './amendment-stopped';
import { RemovedElsewhereNotice } from './removed-elsewhere';
import { ViewPage } from './view-page';
import { WithObservation } from './with-observation';

/** The task list: every part of the observation and how far it has got. */
export function OverviewPage({ id }: { id: string }) {
  return <WithObservation id={id}>{(data) => <Overview data={data} />}</WithObservation>;
}

function Overview({ data }: { data: LoadedObservation }) {
  const { user, templates, store } = useServices();
  const id = data.view.id;
  const newer = latestTemplate(data.template.id, templates);
  const status = data.observation.status;
  const mine = data.view.ownerId === null || data.view.ownerId === user.id;
  const amendment = useAmendSession(id);
  // A family feedback call is part of its audit: Back goes there while this tablet holds it.
  const audit = useCallsAudit(data);
  // While amending, the task list is the amendment's own (with "Finish amending").
  if (mine && !isEditableByAuthor(status) && amendSessionOf(store, id))
    return <AmendPage id={id} />;
  if (!isEditableByAuthor(status) || !mine) return <ViewPage data={data} />;
  const tasks = tasksOf(data.template, data.view, data.problems, data.children);
  const done = tasks.filter((t) => t.status === 'completed').length;
  const returnedComments = data.comments.filter((c) => c.fields['agrees'] === false);
  return (
    <ObservationFrame
      data={data}
      title={kindLabels[data.template.kind]}
      back={audit?.words ? `/observations/${audit.id}` : '/'}
    >
      <p class="govuk-body">
        <Tag colour={status === 'returned' ? 'orange' : 'grey'}>{statusLabels[status]}</Tag>
      </p>
      {status === 'returned' ? (
        <NotificationBanner title="Returned for more evidence">
          <p class="govuk-notification-banner__heading">
            A quality assurance lead has asked for more evidence.
          </p>
          {returnedComments.map((c) => {
            const itemId = c.fields['itemId'];
            const about =
              typeof itemId === 'string'
                ? (findItem(data.template, itemId)?.item.prompt ?? itemId)
                : 'Overall judgement';
            return (
              <div key={c.id}>
                <h3 class="govuk-heading-s govuk-!-margin-bottom-1">{about}</h3>
                <p class="govuk-body app-prewrap">{String(c.fields['reason'] ?? '')}</p>
              </div>
            );
          })}
          <p class="govuk-body">Add what is needed, then check your answers and submit it again.</p>
        </NotificationBanner>
      ) : null}
      {status === 'draft' && newer && newer.version > data.template.version ? (
        <NotificationBanner title="A new version of this checklist" id="template-upgrade">
          <p class="govuk-notification-banner__heading">
            Your authority has published version {newer.version}. This observation stays on version{' '}
            {data.template.version} unless you move it.
          </p>
          <p class="govuk-body">
            <a class="govuk-notification-banner__link" href={`/observations/${id}/upgrade`}>
              See what changes
            </a>
          </p>
        </NotificationBanner>
      ) : null}
      {amendment ? <AmendmentStoppedBanner id={id} session={amendment} status={status} /> : null}
      <RemovedElsewhereNotice observationId={id} removed={data.removed} />
      <p class="govuk-body" data-testid="progress">
        You have completed {done} of {tasks.length} sections.
      </p>
      <TaskList tasks={tasks} />
      <ButtonLink href={`/observations/${id}/check`}>Check your answers</ButtonLink>
      {status === 'draft' ? (
        <p class="govuk-body">
          <a class="govuk-link" href={`/observations/${id}/delete`}>
            Delete this draft
          </a>
        </p>
      ) : null}
    </ObservationFrame>
  );
}
