import type { AnyComponent } from 'preact';
import { AddPersonPage } from './add-person-page';
import { AddTeamPage } from './add-team-page';
import { AdminHomePage } from './admin-home-page';
import { AuditPage } from './audit-page';
import { RetentionPage } from './retention-page';
import { SubjectAccessPage } from './subject-access-page';
import { LegalPagesPage } from './legal-pages-page';
import { DevicesPage, RevokeDevicePage } from './devices-page';
import { PeoplePage } from './people-page';
import { PersonPage } from './person-page';
import { SettingsPage } from './settings-page';
import { TemplateCheckPage } from './template-check-page';
import { TemplateEditorPage } from './template-editor-page';
import { TemplateItemPage, TemplateNewItemPage } from './template-item-page';
import { TemplateNewSectionPage, TemplateSectionPage } from './template-section-page';
import { TemplatesPage } from './templates-page';

// The administration screens, registered by the shell (src/app/routes.tsx) in one line.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const AdminRoutes: { path: string; component: AnyComponent<any> }[] = [
  { path: '/admin', component: AdminHomePage },
  { path: '/admin/people', component: PeoplePage },
  { path: '/admin/people/new', component: AddPersonPage },
  { path: '/admin/people/:userId', component: PersonPage },
  { path: '/admin/teams/new', component: AddTeamPage },
  { path: '/admin/devices', component: DevicesPage },
  { path: '/admin/devices/:deviceId/revoke', component: RevokeDevicePage },
  { path: '/admin/settings', component: SettingsPage },
  { path: '/admin/templates', component: TemplatesPage },
  { path: '/admin/templates/draft', component: TemplateEditorPage },
  { path: '/admin/templates/draft/check', component: TemplateCheckPage },
  { path: '/admin/templates/draft/items/:itemId', component: TemplateItemPage },
  // Before the section's own address, which would otherwise take "new" for a section id.
  { path: '/admin/templates/draft/sections/new', component: TemplateNewSectionPage },
  { path: '/admin/templates/draft/sections/:sectionId', component: TemplateSectionPage },
  { path: '/admin/templates/draft/sections/:sectionId/new', component: TemplateNewItemPage },
  { path: '/admin/retention', component: RetentionPage },
  { path: '/admin/audit', component: AuditPage },
  { path: '/admin/subject-access', component: SubjectAccessPage },
  { path: '/admin/legal', component: LegalPagesPage },
];
