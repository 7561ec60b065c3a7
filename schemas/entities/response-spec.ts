import { z } from 'zod';
import { DEFAULT_MAX_TEXT_LENGTH, keySchema } from './common';

// How a template item is answered. The answer stored on a record is always a stable key, a
// number, a date string or text: never a label.

export const YNNA_ANSWERS = ['yes', 'no', 'not-applicable'] as const;
export const YPNDK_ANSWERS = ['yes', 'partly', 'no', 'dont-know'] as const;

export type YnnaAnswer = (typeof YNNA_ANSWERS)[number];
export type YpndkAnswer = (typeof YPNDK_ANSWERS)[number];

/** Labels for the fixed answer sets. Grade labels are data: see grade-scale.ts. */
export const answerLabels: Record<YnnaAnswer | YpndkAnswer, string> = {
  yes: 'Yes',
  no: 'No',
  'not-applicable': 'Not applicable',
  partly: 'Partly',
  'dont-know': 'Don’t know',
};

export const choiceOptionSchema = z.strictObject({
  key: keySchema,
  label: z.string().min(1).max(200),
});

export const RESPONSE_TYPES = [
  'grade4',
  'ynna',
  'ypndk',
  'scale0to10',
  'text',
  'date',
  'choice',
] as const;

export const responseSpecSchema = z.discriminatedUnion('type', [
  /** The template's grade scale, plus "Not observed". */
  z.strictObject({ type: z.literal('grade4') }),
  /** Yes / No / Not applicable. */
  z.strictObject({ type: z.literal('ynna') }),
  /** Yes / Partly / No / Don't know. */
  z.strictObject({ type: z.literal('ypndk') }),
  /** A whole number 0 to 10, with words for each end. */
  z.strictObject({
    type: z.literal('scale0to10'),
    lowLabel: z.string().min(1).max(100),
    highLabel: z.string().min(1).max(100),
  }),
  z.strictObject({
    type: z.literal('text'),
    maxLength: z.number().int().min(1).max(DEFAULT_MAX_TEXT_LENGTH),
  }),
  /** A Europe/London calendar date, `YYYY-MM-DD`. */
  z.strictObject({ type: z.literal('date') }),
  z.strictObject({
    type: z.literal('choice'),
    options: z.array(choiceOptionSchema).min(2).max(30),
    multiple: z.boolean().optional(),
  }),
]);

export type ResponseSpec = z.infer<typeof responseSpecSchema>;
export type ResponseType = ResponseSpec['type'];
export type ChoiceOption = z.infer<typeof choiceOptionSchema>;
