import { z } from 'zod';
import { errorCodes } from '../errors';
import { timescaleRuleSchema } from '../timescales';
import { keySchema, shortTextSchema } from './common';
import { observationKindSchema } from './observation-kind';
import { responseSpecSchema } from './response-spec';
import type { ResponseType } from './response-spec';

// A template is versioned data. A record pins `{ templateId, version }` and always opens under
// that version. Item ids are stable across versions (never reuse one with a new meaning): that is
// what lets `upgradeDraft` say which answers moved, which are new and which were dropped.

export const templateIdSchema = keySchema;
export const sectionIdSchema = keySchema;
export const itemIdSchema = keySchema;

/** Where an item or its guidance comes from: a seed file name (or `brief/domain.md`) and heading. */
export const sourceRefSchema = z.strictObject({
  document: z.string().min(1).max(200),
  section: z.string().min(1).max(300),
});

/**
 * `required-for-grade-or-no`: evidence must be written for any grade other than "Not observed"
 * and for any "No" (as Annex G asks for Evidence beside every grade). `optional`: a comment may be
 * added. `none`: the item takes no evidence (dates, free-text answers).
 */
export const evidencePolicySchema = z.enum(['required-for-grade-or-no', 'optional', 'none']);

const nonBlank = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => s.trim().length > 0, {
      error: 'Must not be blank',
      params: { code: errorCodes.FIELD_REQUIRED },
    });

export const templateItemSchema = z.strictObject({
  id: itemIdSchema,
  prompt: nonBlank(300),
  /** Hint text shown under the question. */
  hint: z.string().max(1000).optional(),
  response: responseSpecSchema,
  /** "What good looks like", shown to the observer beside the question. */
  guidance: nonBlank(3000),
  /** Where the question comes from. */
  source: sourceRefSchema,
  /** Where the guidance is quoted or paraphrased from, when that differs from `source`. */
  guidanceSource: sourceRefSchema.optional(),
  /** Must be answered before the record can be submitted. */
  required: z.boolean(),
  evidence: evidencePolicySchema,
  /** The evidence box's label, e.g. "What they said, in their own words". */
  evidenceLabel: z.string().min(1).max(200).optional(),
  /**
   * The answers `evidenceLabel` asks about ("If not, why not?" asks only about "No"); beside any
   * other the box is asked for no more, and words already in it are shown as a comment. Left out,
   * the label goes with every answer.
   */
  evidenceLabelOn: z.array(keySchema).min(1).optional(),
  /** A concerning answer should offer to raise an immediate safety concern. */
  safeguardingFlag: z.boolean().optional(),
  /** Answer keys that count as concerning; default: the scale's worst grade, and "no". */
  safeguardingPromptOn: z.array(keySchema).min(1).optional(),
  /**
   * Answer keys that mean something must follow before the record is submitted: a safety concern
   * raised from it (the call ended with an immediate concern), or an action in its improvement
   * plan (actions are needed). Checked by completeness.ts.
   */
  requiresOn: z
    .strictObject({
      concern: z.array(keySchema).min(1).optional(),
      action: z.array(keySchema).min(1).optional(),
    })
    .optional(),
  /**
   * For the question that says what kind of meeting was observed (conference type, review
   * number): by answer, the timescales that may govern it, in order of preference (the first whose
   * date is entered); an empty list when none does (a transfer-in conference). meeting-timescale.ts.
   */
  selectsTimescale: z.record(keySchema, z.array(timescaleRuleSchema).max(3)).optional(),
  /** For date items: the statutory timescale this date starts (see timescales.ts). */
  timescaleRule: timescaleRuleSchema.optional(),
});

export const templateSectionSchema = z.strictObject({
  id: sectionIdSchema,
  title: nonBlank(200),
  description: z.string().max(2000).optional(),
  /**
   * Whose answers the section's questions record, when not the observer's own judgement: `family`
   * for the questions put to a family on a call, where the observer writes down their answer and
   * their own words. A subject access answer treats these as the family's data (disclosed for
   * the case), not as a grade of the practitioner.
   */
  answeredBy: z.enum(['family']).optional(),
  items: z.array(templateItemSchema).min(1),
});

/** The parts of the record's summary a kind uses, in the order the app shows them. */
export const SUMMARY_PARTS = [
  'strengths',
  'areas-for-development',
  'overall-judgement',
  'feedback',
  'reflection',
  'family-voice',
  'call-attempts',
  'improvement-plan',
] as const;

export const summaryPartSchema = z.enum(SUMMARY_PARTS);

export const summaryPartSpecSchema = z.strictObject({
  part: summaryPartSchema,
  required: z.boolean(),
  /** Heading for the part when the kind calls it something else. */
  label: z.string().min(1).max(200).optional(),
});

/** Words the observer reads out (consent, recording, safeguarding) — kept with their source. */
export const templateScriptSchema = z.strictObject({
  id: keySchema,
  title: nonBlank(200),
  text: nonBlank(3000),
  source: sourceRefSchema,
});

const EVIDENCE_REQUIRED_TYPES: readonly ResponseType[] = ['grade4', 'ynna', 'ypndk'];

export const templateSchema = z
  .strictObject({
    id: templateIdSchema,
    version: z.number().int().min(1),
    kind: observationKindSchema,
    title: nonBlank(200),
    description: nonBlank(2000),
    gradeScaleId: keySchema,
    /** Noun phrase for the person observed, used in messages: "the chair you observed". */
    observedDescription: shortTextSchema,
    /** The family's (or child's) consent must be recorded before the record is complete. */
    consentRequired: z.boolean(),
    /** Where it happened must be recorded before the record is complete. */
    settingRequired: z.boolean(),
    sections: z.array(templateSectionSchema).min(1),
    summary: z.array(summaryPartSpecSchema),
    scripts: z.array(templateScriptSchema).optional(),
  })
  .superRefine((template, ctx) => {
    const sectionIds = new Set<string>();
    const itemIds = new Set<string>();
    template.sections.forEach((section, s) => {
      if (sectionIds.has(section.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['sections', s, 'id'],
          message: `Section id ‘${section.id}’ is used twice`,
          params: { code: errorCodes.DUPLICATE_ID },
        });
      }
      sectionIds.add(section.id);
      section.items.forEach((item, i) => {
        const at = ['sections', s, 'items', i];
        if (itemIds.has(item.id)) {
          ctx.addIssue({
            code: 'custom',
            path: [...at, 'id'],
            message: `Item id ‘${item.id}’ is used twice`,
            params: { code: errorCodes.DUPLICATE_ID },
          });
        }
        itemIds.add(item.id);
        if (item.timescaleRule !== undefined && item.response.type !== 'date') {
          ctx.addIssue({
            code: 'custom',
            path: [...at, 'timescaleRule'],
            message: 'Only a date item can start a timescale',
          });
        }
        if (
          item.evidence === 'required-for-grade-or-no' &&
          !EVIDENCE_REQUIRED_TYPES.includes(item.response.type)
        ) {
          ctx.addIssue({
            code: 'custom',
            path: [...at, 'evidence'],
            message: 'Evidence can be required only for grades and yes/no answers',
          });
        }
        if (item.response.type === 'choice') {
          const keys = item.response.options.map((option) => option.key);
          if (new Set(keys).size !== keys.length) {
            ctx.addIssue({
              code: 'custom',
              path: [...at, 'response', 'options'],
              message: 'Option keys must differ',
              params: { code: errorCodes.DUPLICATE_ID },
            });
          }
        }
      });
    });
    const parts = template.summary.map((spec) => spec.part);
    if (new Set(parts).size !== parts.length) {
      ctx.addIssue({ code: 'custom', path: ['summary'], message: 'Summary parts must differ' });
    }
    const scriptIds = (template.scripts ?? []).map((script) => script.id);
    if (new Set(scriptIds).size !== scriptIds.length) {
      ctx.addIssue({ code: 'custom', path: ['scripts'], message: 'Script ids must differ' });
    }
  });

export type SourceRef = z.infer<typeof sourceRefSchema>;
export type EvidencePolicy = z.infer<typeof evidencePolicySchema>;
export type TemplateItem = z.infer<typeof templateItemSchema>;
export type TemplateSection = z.infer<typeof templateSectionSchema>;
export type SummaryPart = z.infer<typeof summaryPartSchema>;
export type SummaryPartSpec = z.infer<typeof summaryPartSpecSchema>;
export type TemplateScript = z.infer<typeof templateScriptSchema>;
export type Template = z.infer<typeof templateSchema>;

export type LocatedItem = { item: TemplateItem; section: TemplateSection };

/** Every item with its section, in page order. */
export function templateItems(template: Template): LocatedItem[] {
  return template.sections.flatMap((section) => section.items.map((item) => ({ item, section })));
}

export function findItem(template: Template, itemId: string): LocatedItem | undefined {
  return templateItems(template).find((located) => located.item.id === itemId);
}

/**
 * Every item of the template by id, for looking up many (a whole record's answers): one pass over
 * the template instead of one per answer. Built afresh on each call, so a template changed since
 * is never read stale. The first item of an id wins, as with `findItem`.
 */
export function templateItemIndex(template: Template): Map<string, LocatedItem> {
  const index = new Map<string, LocatedItem>();
  for (const section of template.sections) {
    for (const item of section.items)
      if (!index.has(item.id)) index.set(item.id, { item, section });
  }
  return index;
}

export function summaryPartSpec(
  template: Template,
  part: SummaryPart,
): SummaryPartSpec | undefined {
  return template.summary.find((spec) => spec.part === part);
}

/** The exact template version from a list, or undefined. */
export function findTemplateIn(
  templates: readonly Template[],
  id: string,
  version: number,
): Template | undefined {
  return templates.find((t) => t.id === id && t.version === version);
}
