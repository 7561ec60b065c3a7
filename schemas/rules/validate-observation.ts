import { errorCodes, messages } from '../errors';
import type { FieldError, Result } from '../errors';
import { parseWith } from '../field-errors';
import { builtInGradeScales, findGradeScale, isGradePointKey } from '../entities/grade-scale';
import type { GradeScale } from '../entities/grade-scale';
import { observationSchema } from '../entities/observation';
import type { Observation } from '../entities/observation';
import { applyFieldChanges, responsePath } from '../entities/observation-fields';
import type { FieldValue } from '../entities/field-value';
import { BROKEN_TEXT_MESSAGE, hasBrokenText } from '../sync/records';
import { findTemplateIn, templateItemIndex } from '../entities/template';
import type { Template } from '../entities/template';
import { checkResponseEntry } from './response-values';

// Shape is the zod schema's job; this checks a record against its own template version: every
// answer is for a question the template has, and of the kind the question takes.

export type TemplateValidationOptions = { gradeScales?: readonly GradeScale[] };

export function validateObservationAgainstTemplate(
  record: Observation,
  template: Template,
  options: TemplateValidationOptions = {},
): FieldError[] {
  const errors: FieldError[] = [];
  if (record.templateId !== template.id) {
    errors.push({
      path: 'templateId',
      code: errorCodes.TEMPLATE_MISMATCH,
      message: messages.templateMismatch('template', template.id, record.templateId),
    });
  }
  if (record.templateVersion !== template.version) {
    errors.push({
      path: 'templateVersion',
      code: errorCodes.TEMPLATE_MISMATCH,
      message: messages.templateMismatch(
        'template version',
        String(template.version),
        String(record.templateVersion),
      ),
    });
  }
  if (record.kind !== template.kind) {
    errors.push({
      path: 'kind',
      code: errorCodes.TEMPLATE_MISMATCH,
      message: messages.templateMismatch('kind', template.kind, record.kind),
    });
  }
  const scale = findGradeScale(template.gradeScaleId, options.gradeScales ?? builtInGradeScales);
  if (!scale) {
    errors.push({
      path: 'templateId',
      code: errorCodes.GRADE_SCALE_UNKNOWN,
      message: messages.gradeScaleUnknown(template.gradeScaleId),
    });
    return errors;
  }

  const items = templateItemIndex(template);
  for (const [itemId, entry] of Object.entries(record.responses)) {
    const located = items.get(itemId);
    if (!located) {
      errors.push({
        path: `responses.${itemId}`,
        code: errorCodes.ITEM_UNKNOWN,
        message: messages.itemUnknown(itemId, template.id, template.version),
      });
      continue;
    }
    for (const { leaf, code, message } of checkResponseEntry(located.item.response, entry, scale)) {
      errors.push({ path: `responses.${itemId}.${leaf}`, code, message });
    }
    if (entry.evidence !== undefined && located.item.evidence === 'none') {
      errors.push({
        path: responsePath(itemId, 'evidence'),
        code: errorCodes.EVIDENCE_NOT_ALLOWED,
        message: messages.evidenceNotAllowed,
      });
    }
  }

  const overall = record.summary.overallGrade;
  if (overall !== undefined && !isGradePointKey(scale, overall)) {
    errors.push({
      path: 'summary.overallGrade',
      code: errorCodes.GRADE_UNKNOWN,
      message:
        overall === scale.notObserved.key
          ? messages.overallGradeNotObserved
          : messages.gradeUnknown(overall, scale.id),
    });
  }
  return errors;
}

export type ParseObservationOptions = TemplateValidationOptions & {
  /** An authority's own schema from `createObservationSchema(options)`. */
  schema?: typeof observationSchema;
};

/**
 * The boundary check for an incoming record: its shape, that its pinned template version exists
 * in `templates`, and that its answers fit that template. Errors name the field.
 */
export function parseObservation(
  input: unknown,
  templates: readonly Template[],
  options: ParseObservationOptions = {},
): Result<Observation> {
  const parsed = parseWith(options.schema ?? observationSchema, input);
  if (!parsed.ok) return parsed;
  const record = parsed.value;
  const template = findTemplateIn(templates, record.templateId, record.templateVersion);
  if (!template) {
    return {
      ok: false,
      errors: [
        {
          path: 'templateId',
          code: errorCodes.TEMPLATE_UNKNOWN,
          message: messages.templateUnknown(record.templateId, record.templateVersion),
        },
      ],
    };
  }
  const errors = validateObservationAgainstTemplate(record, template, options);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: record };
}

/**
 * What is wrong with one field's new value, judged exactly as the server will judge the edit:
 * the change applied to the record, the record parsed, and only errors about this field kept.
 * Undefined when the value is fine. The app keeps a failing value on the device (so nothing typed
 * is lost) and sends it only once it passes.
 */
export function fieldValueProblem(
  record: Observation,
  template: Template,
  path: string,
  value: FieldValue,
  options: ParseObservationOptions = {},
): string | undefined {
  if (typeof value === 'string' && hasBrokenText(value)) return BROKEN_TEXT_MESSAGE;
  let changed: Observation;
  try {
    changed = applyFieldChanges(record, { [path]: value });
  } catch {
    return 'This is not a field of the observation.';
  }
  const result = parseObservation(changed, [template], options);
  if (result.ok) return undefined;
  const error = result.errors.find(
    (e) => e.path === path || e.path.startsWith(`${path}.`) || path.startsWith(`${e.path}.`),
  );
  return error?.message;
}
