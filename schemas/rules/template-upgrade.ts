import { DomainError, errorCodes, messages } from '../errors';
import { builtInGradeScales, findGradeScale } from '../entities/grade-scale';
import type { GradeScale } from '../entities/grade-scale';
import type { Observation, ResponseEntry, ResponseValue } from '../entities/observation';
import { templateItems } from '../entities/template';
import type { LocatedItem, Template } from '../entities/template';
import { checkResponseEntry, hasAnswer, selectedChoices } from './response-values';

// Moving a draft to a newer version of its template. Pure: the app shows the report as a preview
// and only stores the new record once the user agrees. Nothing typed is lost silently: every
// answer the new version cannot hold is returned in the report, with its value and evidence,
// so the app can warn and let the user copy it.

export type MovedItem = { itemId: string; prompt: string; fromSection: string; toSection: string };
export type AddedItem = { itemId: string; sectionId: string; prompt: string; required: boolean };
export type DroppedItem = {
  itemId: string;
  sectionId: string;
  prompt: string;
  hadAnswer: boolean;
  value?: ResponseValue;
  /** Ticked options of a multiple-choice answer. */
  choices?: string[];
  evidence?: string;
};
export type RewordedItem = { itemId: string; before: string; after: string };
/** The question stays but takes a different kind of answer; what no longer fits is cleared. */
export type ResponseChangedItem = {
  itemId: string;
  prompt: string;
  valueCleared: boolean;
  evidenceCleared: boolean;
  value?: ResponseValue;
  choices?: string[];
  evidence?: string;
};

export type UpgradeReport = {
  templateId: string;
  fromVersion: number;
  toVersion: number;
  moved: MovedItem[];
  added: AddedItem[];
  dropped: DroppedItem[];
  reworded: RewordedItem[];
  responseChanged: ResponseChangedItem[];
};

export type UpgradeResult = { record: Observation; report: UpgradeReport };

function scaleFor(template: Template, scales: readonly GradeScale[]): GradeScale {
  const scale = findGradeScale(template.gradeScaleId, scales);
  if (!scale) {
    throw new DomainError(
      errorCodes.GRADE_SCALE_UNKNOWN,
      messages.gradeScaleUnknown(template.gradeScaleId),
    );
  }
  return scale;
}

function byId(items: readonly LocatedItem[]): Map<string, LocatedItem> {
  return new Map(items.map((located) => [located.item.id, located]));
}

function entryHasContent(entry: ResponseEntry | undefined): boolean {
  return hasAnswer(entry) || (entry?.evidence ?? '').trim().length > 0;
}

/**
 * Upgrades a draft from `fromTemplate` (the version it is pinned to) to `toTemplate` (a newer
 * version of the same template). `updatedAt` is left for the caller to set when it saves.
 * Throws if the call breaks those preconditions: that is a bug, not user input.
 */
export function upgradeDraft(
  record: Observation,
  fromTemplate: Template,
  toTemplate: Template,
  options: { gradeScales?: readonly GradeScale[] } = {},
): UpgradeResult {
  const fail = (why: string) => {
    throw new DomainError(errorCodes.UPGRADE_NOT_ALLOWED, why);
  };
  if (record.status !== 'draft') fail(`Only a draft can be upgraded; this one is ${record.status}`);
  if (record.templateId !== fromTemplate.id || record.templateVersion !== fromTemplate.version) {
    fail(
      `The record is pinned to ${record.templateId} v${record.templateVersion}, not ${fromTemplate.id} v${fromTemplate.version}`,
    );
  }
  if (toTemplate.id !== fromTemplate.id)
    fail(`Cannot upgrade ${fromTemplate.id} to ${toTemplate.id}`);
  if (toTemplate.version <= fromTemplate.version) {
    fail(`Version ${toTemplate.version} is not newer than version ${fromTemplate.version}`);
  }

  const toScale = scaleFor(toTemplate, options.gradeScales ?? builtInGradeScales);
  const oldItems = byId(templateItems(fromTemplate));
  const newItems = byId(templateItems(toTemplate));
  const report: UpgradeReport = {
    templateId: toTemplate.id,
    fromVersion: fromTemplate.version,
    toVersion: toTemplate.version,
    moved: [],
    added: [],
    dropped: [],
    reworded: [],
    responseChanged: [],
  };
  const responses: Observation['responses'] = {};

  for (const [itemId, before] of oldItems) {
    const after = newItems.get(itemId);
    const entry = record.responses[itemId];
    if (!after) {
      const dropped: DroppedItem = {
        itemId,
        sectionId: before.section.id,
        prompt: before.item.prompt,
        hadAnswer: entryHasContent(entry),
      };
      if (entry?.value !== undefined) dropped.value = entry.value;
      if (entry?.choices !== undefined) dropped.choices = selectedChoices(entry);
      if (entry?.evidence !== undefined) dropped.evidence = entry.evidence;
      report.dropped.push(dropped);
      continue;
    }
    if (before.section.id !== after.section.id) {
      report.moved.push({
        itemId,
        prompt: after.item.prompt,
        fromSection: before.section.id,
        toSection: after.section.id,
      });
    }
    if (before.item.prompt !== after.item.prompt) {
      report.reworded.push({ itemId, before: before.item.prompt, after: after.item.prompt });
    }
    if (!entry) continue;

    // The answer (value or choices) is kept whole or cleared whole: half a set of ticks would
    // misrepresent what was recorded.
    const answerFits = checkResponseEntry(after.item.response, entry, toScale).length === 0;
    const evidenceFits = entry.evidence === undefined || after.item.evidence !== 'none';
    const kept: ResponseEntry = {};
    if (answerFits && entry.value !== undefined) kept.value = entry.value;
    if (answerFits && entry.choices !== undefined) kept.choices = { ...entry.choices };
    if (evidenceFits && entry.evidence !== undefined) kept.evidence = entry.evidence;
    if (!answerFits || !evidenceFits) {
      const changed: ResponseChangedItem = {
        itemId,
        prompt: after.item.prompt,
        valueCleared: !answerFits,
        evidenceCleared: !evidenceFits,
      };
      if (!answerFits && entry.value !== undefined) changed.value = entry.value;
      if (!answerFits && entry.choices !== undefined) changed.choices = selectedChoices(entry);
      if (!evidenceFits && entry.evidence !== undefined) changed.evidence = entry.evidence;
      report.responseChanged.push(changed);
    }
    if (Object.keys(kept).length > 0) responses[itemId] = kept;
  }

  for (const [itemId, after] of newItems) {
    if (!oldItems.has(itemId)) {
      report.added.push({
        itemId,
        sectionId: after.section.id,
        prompt: after.item.prompt,
        required: after.item.required,
      });
    }
  }

  const upgraded: Observation = {
    ...structuredClone(record),
    templateVersion: toTemplate.version,
    responses,
  };
  return { record: upgraded, report };
}

/** True if the report holds anything the user should see before agreeing. */
export function upgradeLosesAnswers(report: UpgradeReport): boolean {
  return report.dropped.some((d) => d.hadAnswer) || report.responseChanged.length > 0;
}
