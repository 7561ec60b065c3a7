import type { AnyComponent } from 'preact';
import { AdminRoutes } from '../features/admin/routes';
import { AccountPage } from '../features/account/account-page';
import { RefusedChangesPage } from '../features/account/refused-changes-page';
import { SignOutPage } from '../features/account/sign-out-page';
import { HomePage } from '../features/home/home-page';
import { ActionPage } from '../features/observation/action-page';
import { ActionsPage } from '../features/observation/actions-page';
import { AmendCancelPage } from '../features/observation/amend-cancel-page';
import { AmendPage } from '../features/observation/amend-page';
import { CallAttemptPage } from '../features/observation/call-attempt-page';
import { CallAttemptRemovePage } from '../features/observation/call-attempt-remove-page';
import { CallsPage } from '../features/observation/calls-page';
import { CheckPage } from '../features/observation/check-page';
import { ContextPage } from '../features/observation/context-page';
import { DeletePage } from '../features/observation/delete-page';
import { KeptTextsPage } from '../features/observation/kept-texts';
import { NewObservationPage } from '../features/observation/new-observation-page';
import { OverviewPage } from '../features/observation/overview-page';
import { SectionPage } from '../features/observation/section-page';
import { SubmittedPage } from '../features/observation/submitted-page';
import { SummaryPage } from '../features/observation/summary-page';
import { UpgradePage } from '../features/observation/upgrade-page';
import { ConcernPage } from '../features/safety-concern/concern-page';
import { ConcernStatusPage } from '../features/safety-concern/concern-status-page';
import { AssignmentPage } from '../features/programme/assignment-page';
import { ChangeAssignmentPage } from '../features/programme/change-assignment-page';
import { CoveragePage } from '../features/programme/coverage-page';
import { ExemptPage } from '../features/programme/exempt-page';
import { ExpectationPage } from '../features/programme/expectation-page';
import { MyAssignmentsPage } from '../features/programme/my-assignments-page';
import { PlanPage } from '../features/programme/plan-page';
import { WithdrawAssignmentPage } from '../features/programme/withdraw-assignment-page';
import { RecoveryImportPage } from '../features/recovery-import/import-page';
import { SignInAgainPage } from './sign-in-again-page';
import { LegalPage } from './legal-page';
import { oversightRoutes } from './oversight';

// Every screen of the signed-in app. Route parameters arrive as props of the same name.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const AppRoutes: { path: string; component: AnyComponent<any> }[] = [
  { path: '/', component: HomePage },
  { path: '/observations/new', component: NewObservationPage },
  { path: '/observations/:id', component: OverviewPage },
  { path: '/observations/:id/context', component: ContextPage },
  { path: '/observations/:id/sections/:sectionId', component: SectionPage },
  { path: '/observations/:id/summary/:part', component: SummaryPage },
  { path: '/observations/:id/calls', component: CallsPage },
  { path: '/observations/:id/calls/:attemptId', component: CallAttemptPage },
  { path: '/observations/:id/calls/:attemptId/remove', component: CallAttemptRemovePage },
  { path: '/observations/:id/actions', component: ActionsPage },
  { path: '/observations/:id/actions/:actionId', component: ActionPage },
  { path: '/observations/:id/check', component: CheckPage },
  { path: '/observations/:id/submitted', component: SubmittedPage },
  { path: '/observations/:id/amend', component: AmendPage },
  { path: '/observations/:id/amend/cancel', component: AmendCancelPage },
  { path: '/observations/:id/delete', component: DeletePage },
  { path: '/observations/:id/upgrade', component: UpgradePage },
  { path: '/concerns/new', component: ConcernPage },
  { path: '/concerns/:id/:outcome', component: ConcernStatusPage },
  { path: '/assignments', component: MyAssignmentsPage },
  { path: '/assignments/:id', component: AssignmentPage },
  { path: '/programme/plan', component: PlanPage },
  { path: '/programme/expectations', component: ExpectationPage },
  { path: '/programme/coverage', component: CoveragePage },
  { path: '/programme/assignments/:id/exempt', component: ExemptPage },
  { path: '/programme/assignments/:id/change', component: ChangeAssignmentPage },
  { path: '/programme/assignments/:id/withdraw', component: WithdrawAssignmentPage },
  { path: '/account', component: AccountPage },
  { path: '/account/refused', component: RefusedChangesPage },
  { path: '/account/kept-texts', component: KeptTextsPage },
  { path: '/sign-out', component: SignOutPage },
  { path: '/sign-in-again', component: SignInAgainPage },
  { path: '/help/:page', component: LegalPage },
  { path: '/admin/recovery-file', component: RecoveryImportPage },
  ...AdminRoutes,
  ...oversightRoutes,
];
