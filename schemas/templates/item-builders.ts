import { DEFAULT_MAX_TEXT_LENGTH } from '../entities/common';
import type { ChoiceOption } from '../entities/response-spec';
import type { EvidencePolicy, SourceRef, TemplateItem } from '../entities/template';
import type { TimescaleRule } from '../timescales';

// Small constructors that fill in the defaults for each kind of item, so the template files read
// as the checklists they are. The defaults encode the evidence rule: grades and yes/no answers
// need evidence for any grade and any "No".

type Common = {
  id: string;
  prompt: string;
  guidance: string;
  source: SourceRef;
  guidanceSource?: SourceRef;
  hint?: string;
  required?: boolean;
  evidenceLabel?: string;
  evidenceLabelOn?: string[];
  safeguardingFlag?: boolean;
  safeguardingPromptOn?: string[];
  requiresOn?: { concern?: string[]; action?: string[] };
  selectsTimescale?: Record<string, TimescaleRule[]>;
};

function build(
  fields: Common,
  response: TemplateItem['response'],
  required: boolean,
  evidence: EvidencePolicy,
): TemplateItem {
  const { required: explicit, ...rest } = fields;
  return { ...rest, response, required: explicit ?? required, evidence };
}

export function gradeItem(fields: Common): TemplateItem {
  return build(fields, { type: 'grade4' }, true, 'required-for-grade-or-no');
}

export function ynnaItem(fields: Common): TemplateItem {
  return build(fields, { type: 'ynna' }, true, 'required-for-grade-or-no');
}

export function ypndkItem(fields: Common): TemplateItem {
  return build(fields, { type: 'ypndk' }, true, 'required-for-grade-or-no');
}

export function scaleItem(fields: Common & { lowLabel: string; highLabel: string }): TemplateItem {
  const { lowLabel, highLabel, ...rest } = fields;
  return build(rest, { type: 'scale0to10', lowLabel, highLabel }, false, 'optional');
}

export function textItem(fields: Common & { maxLength?: number }): TemplateItem {
  const { maxLength, ...rest } = fields;
  return build(
    rest,
    { type: 'text', maxLength: maxLength ?? DEFAULT_MAX_TEXT_LENGTH },
    false,
    'none',
  );
}

export function dateItem(fields: Common & { timescaleRule?: TimescaleRule }): TemplateItem {
  const { timescaleRule, ...rest } = fields;
  const item = build(rest, { type: 'date' }, false, 'none');
  return timescaleRule === undefined ? item : { ...item, timescaleRule };
}

export function choiceItem(
  fields: Common & { options: ChoiceOption[]; multiple?: boolean },
): TemplateItem {
  const { options, multiple, ...rest } = fields;
  const response: TemplateItem['response'] =
    multiple === undefined ? { type: 'choice', options } : { type: 'choice', options, multiple };
  return build(rest, response, true, 'optional');
}
