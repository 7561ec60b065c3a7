import { findTemplateIn } from '../entities/template';
import type { Template } from '../entities/template';
import { cpConferenceChairingV1 } from './cp-conference-chairing';
import { familyFeedbackCallV1 } from './family-feedback-call';
import { frontlinePracticeV1 } from './frontline-practice';
import { lacReviewChairingV1, lacReviewChairingV2 } from './lac-review-chairing';
import { singleCaseAuditV1 } from './single-case-audit';

// Every built-in template version. Old versions stay here for as long as any record pins them:
// a draft always opens under its own version. Add a new version beside the old, never in place.

export const builtInTemplates: readonly Template[] = [
  cpConferenceChairingV1,
  lacReviewChairingV1,
  lacReviewChairingV2,
  frontlinePracticeV1,
  familyFeedbackCallV1,
  singleCaseAuditV1,
];

/** The exact version a record is pinned to, or undefined if this catalogue lacks it. */
export function findTemplate(
  id: string,
  version: number,
  templates: readonly Template[] = builtInTemplates,
): Template | undefined {
  return findTemplateIn(templates, id, version);
}

/** The newest version of a template, offered for new records and for upgrading drafts. */
export function latestTemplate(
  id: string,
  templates: readonly Template[] = builtInTemplates,
): Template | undefined {
  let latest: Template | undefined;
  for (const template of templates) {
    if (template.id === id && (!latest || template.version > latest.version)) latest = template;
  }
  return latest;
}

/** Whether a newer version than the record's exists, so the app can offer an upgrade. */
export function hasNewerVersion(
  record: { templateId: string; templateVersion: number },
  templates: readonly Template[] = builtInTemplates,
): boolean {
  const latest = latestTemplate(record.templateId, templates);
  return latest !== undefined && latest.version > record.templateVersion;
}
