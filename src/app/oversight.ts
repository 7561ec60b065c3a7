// The quality assurance screens and who sees them in the menu: moderation for QA leads and heads
// of service, the heads of service's discussions of audited cases for them (QA leads open it from
// moderation), the concern log for the director, heads of service and QA leads (the roles the server
// lets read it),
// reports for every oversight role (the quarterly report, and from it the monthly audit report),
// the actions tracker for everyone who records or oversees, and what has been shared with them for
// the observed practitioner.
import type { AnyComponent } from 'preact';
import type { RoleKey } from '../../schemas/api/account';
import { ActionEditPage } from '../features/actions/action-edit-page';
import { ActionsTrackerPage } from '../features/actions/actions-tracker-page';
import { ConcernLogPage } from '../features/concerns-log/concern-log-page';
import { CommentPage } from '../features/moderation/comment-page';
import { GoodPracticePage } from '../features/moderation/good-practice-page';
import { ModerateObservationPage } from '../features/moderation/moderate-observation-page';
import { ModerationListPage } from '../features/moderation/moderation-list-page';
import { ReturnPage } from '../features/moderation/return-page';
import { WithdrawGoodPracticePage } from '../features/moderation/withdraw-good-practice-page';
import { MonthlyAuditReportPage } from '../features/reports/monthly-audit-report-page';
import { PrintObservationPage } from '../features/reports/print-observation-page';
import { QuarterlyReportPage } from '../features/reports/quarterly-report-page';
import { ReflectionPage } from '../features/reflection/reflection-page';
import { DiscussionPage } from '../features/sample-discussion/discussion-page';
import { DiscussionsPage } from '../features/sample-discussion/discussions-page';
import { SharePage } from '../features/reflection/share-page';
import { SharedListPage } from '../features/reflection/shared-list-page';

import type { NavItem } from './header';

const MODERATORS: ReadonlySet<RoleKey> = new Set(['qa-lead', 'head-of-service']);
const CONCERN_LOG: ReadonlySet<RoleKey> = new Set(['qa-lead', 'head-of-service', 'director']);
const REPORTS: ReadonlySet<RoleKey> = new Set(['qa-lead', 'head-of-service', 'director']);
const ACTIONS: ReadonlySet<RoleKey> = new Set([
  'observer',
  'qa-lead',
  'head-of-service',
  'director',
]);

export function oversightNav(role: RoleKey, counts: { concernsWaiting?: number } = {}): NavItem[] {
  const nav: NavItem[] = [];
  if (MODERATORS.has(role)) nav.push({ href: '/moderation', text: 'Moderation' });
  // Heads of service record them; a QA lead reads them from Moderation (a tenth item in their
  // menu would take the header to a third row on a tablet).
  if (role === 'head-of-service')
    nav.push({ href: '/audit-discussions', text: 'Audit discussions' });
  if (ACTIONS.has(role)) nav.push({ href: '/actions', text: 'Actions' });
  if (CONCERN_LOG.has(role))
    nav.push({ href: '/concerns-log', text: 'Safety concerns', waiting: counts.concernsWaiting });
  if (REPORTS.has(role)) nav.push({ href: '/reports', text: 'Reports' });
  if (role === 'practitioner') nav.push({ href: '/shared', text: 'Shared with you' });
  return nav;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const oversightRoutes: { path: string; component: AnyComponent<any> }[] = [
  { path: '/moderation', component: ModerationListPage },
  { path: '/moderation/:id', component: ModerateObservationPage },
  { path: '/moderation/:id/comment/:itemId', component: CommentPage },
  { path: '/moderation/:id/return', component: ReturnPage },
  { path: '/moderation/:id/good-practice', component: GoodPracticePage },
  { path: '/moderation/:id/good-practice/withdraw', component: WithdrawGoodPracticePage },
  { path: '/audit-discussions', component: DiscussionsPage },
  { path: '/audit-discussions/:id', component: DiscussionPage },
  { path: '/actions', component: ActionsTrackerPage },
  { path: '/actions/:actionId', component: ActionEditPage },
  { path: '/concerns-log', component: ConcernLogPage },
  { path: '/reports', component: QuarterlyReportPage },
  { path: '/reports/monthly-audit', component: MonthlyAuditReportPage },
  { path: '/print/observations/:id', component: PrintObservationPage },
  { path: '/shared', component: SharedListPage },
  { path: '/shared/:id', component: ReflectionPage },
  { path: '/observations/:id/share', component: SharePage },
];
