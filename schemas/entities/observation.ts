import { z } from 'zod';
import { calendarDateSchema } from '../calendar/dates';
import { timescalesStampSchema } from '../timescales';
import { errorCodes, messages } from '../errors';
import {
  DEFAULT_MAX_TEXT_LENGTH,
  boundedText,
  caseIdSchema,
  clockTimeSchema,
  idSchema,
  keySchema,
  shortTextSchema,
  utcTimestampSchema,
} from './common';
import type { DomainOptions } from './common';
import { observationKindSchema } from './observation-kind';
import type { ObservationKind } from './observation-kind';
import { itemIdSchema, templateIdSchema } from './template';

// One observation (or audit, or family call) is one record. Every leaf is a scalar (a key, a
// number, a boolean, a short string or free text), so the sync engine can merge field by field: see observation-fields.ts for the paths. Child rows (actions, safety concerns,
// call attempts, amendments, review comments) live in their own tables, not in arrays here.
//
// The schema checks shape only, so a draft can be saved from the first keystroke; whether the
// answers fit the template is `validateObservationAgainstTemplate`, and whether the record is
// ready to submit is `checkCompleteness`.

export const OBSERVATION_STATUSES = [
  'draft',
  'submitted',
  'returned',
  'moderated',
  'closed',
] as const;
export const observationStatusSchema = z.enum(OBSERVATION_STATUSES);
export type ObservationStatus = z.infer<typeof observationStatusSchema>;

/**
 * `not-reached`: a family feedback call whose attempts never reached the family (no answer, a
 * wrong number). Not a refusal: nobody was asked (domain brief 5.4 keeps consent and the call log
 * apart).
 */
export const consentGivenSchema = z.enum(['yes', 'no', 'partly', 'not-reached']);
export type ConsentGiven = z.infer<typeof consentGivenSchema>;

export const familyMemberSchema = z.enum(['parent', 'carer', 'young-person', 'other']);
export type FamilyMember = z.infer<typeof familyMemberSchema>;

/** The longest note of a head of service's discussion of an audit. */
export const SAMPLE_DISCUSSION_NOTE_MAX = 2_000;

/**
 * What a QA lead or head of service acknowledges as good (schemas/rules/good-practice.ts): the
 * practice observed or audited, the quality of the observation or audit itself, or both.
 */
export const goodPracticeWhatSchema = z.enum(['practice', 'record-quality', 'both']);
export type GoodPracticeWhat = z.infer<typeof goodPracticeWhatSchema>;

/** The longest note of what was good. */
export const GOOD_PRACTICE_NOTE_MAX = 2_000;

export function createObservationSchema(options: DomainOptions = {}) {
  const max = options.maxTextLength ?? DEFAULT_MAX_TEXT_LENGTH;
  const text = boundedText(max);

  // A grade key, yes/no key, option key, date or free text; or a 0-10 score.
  const responseValueSchema = z.union([text, z.number().finite()], {
    error: 'Must be text or a number',
  });

  return z
    .strictObject({
      id: idSchema,
      kind: observationKindSchema,
      templateId: templateIdSchema,
      templateVersion: z.number().int().min(1),
      /** The observer (auditor, caller): the user who owns and writes the record. */
      ownerId: idSchema,
      /** The practice group the record reports under. */
      scopeId: idSchema,
      serviceId: idSchema,
      status: observationStatusSchema,
      sharedWithPractitioner: z.boolean(),
      createdAt: utcTimestampSchema,
      updatedAt: utcTimestampSchema,
      /** First submission; once set, later edits are kept as amendments. */
      submittedAt: utcTimestampSchema.optional(),
      /**
       * The timescales in force at the first submission (`timescalesStamp`), which judge whether
       * the meeting observed was in time from then on, whatever the settings become. Set by the
       * server with `submittedAt`, never by a device; absent on a draft.
       */
      submittedTimescales: timescalesStampSchema.optional(),
      deleted: z.boolean().optional(),
      context: z.strictObject({
        observedName: shortTextSchema.optional(),
        observedRole: shortTextSchema.optional(),
        observedUserId: idSchema.optional(),
        setting: shortTextSchema.optional(),
        /** Europe/London calendar date the observation took place. */
        date: calendarDateSchema.optional(),
        /** Europe/London wall-clock time, `HH:MM`. */
        startTime: clockTimeSchema.optional(),
        caseId: caseIdSchema(options.caseId).optional(),
        /** A family call's audit, or an audit's family call. */
        linkedObservationId: idSchema.optional(),
        /** The programme's assignment this observation was started from. */
        assignmentId: idSchema.optional(),
        consent: z.strictObject({
          given: consentGivenSchema.optional(),
          byWhom: shortTextSchema.optional(),
          how: text.optional(),
          declinedParts: text.optional(),
        }),
      }),
      responses: z.record(
        itemIdSchema,
        z.strictObject({
          value: responseValueSchema.optional(),
          /** Multiple choice: one flag per chosen option key, so each merges on its own. */
          choices: z.record(keySchema, z.boolean()).optional(),
          evidence: text.optional(),
        }),
      ),
      summary: z.strictObject({
        strengths: text.optional(),
        areasForDevelopment: text.optional(),
        /** A grade key from the template's scale; never a label. */
        overallGrade: keySchema.optional(),
        overallReasons: text.optional(),
        feedback: z.strictObject({
          held: z.boolean().optional(),
          date: calendarDateSchema.optional(),
          restorative: z.boolean().optional(),
          notes: text.optional(),
        }),
        /**
         * The observed practitioner's reflection as the observer recorded it at the feedback
         * conversation: the observer's words, content like the rest of the summary. What the
         * practitioner writes themselves is `practitionerResponse`.
         */
        reflection: text.optional(),
      }),
      /** Family feedback calls only; empty for other kinds. */
      family: z.strictObject({
        whoAnswered: familyMemberSchema.optional(),
        whoAnsweredDetail: shortTextSchema.optional(),
        language: shortTextSchema.optional(),
        interpreterUsed: z.boolean().optional(),
        /** The family's own words, kept apart from the auditor's summary. */
        familyWords: text.optional(),
        /** The auditor's summary, written into the audit's family-feedback section. */
        auditorSummary: text.optional(),
      }),
      /**
       * Single case audits only: the head of service's discussion of the audit with the social
       * worker and their manager (schemas/rules/sample-discussion.ts); absent until recorded.
       */
      sampleDiscussion: z
        .strictObject({
          heldOn: calendarDateSchema.optional(),
          note: boundedText(Math.min(max, SAMPLE_DISCUSSION_NOTE_MAX)).optional(),
        })
        .optional(),
      /**
       * Good practice, or a high quality observation or audit, acknowledged by a QA lead or head
       * of service overseeing it (schemas/rules/good-practice.ts); absent until acknowledged.
       * `by` is their account, `byName` what readers see, `on` the London day.
       */
      /**
       * The practitioner's own response, written by them once the observation is shared with them
       * (share.ts on the server): the observation's handling, never the observer's to write, and
       * never part of an amendment. Absent until they write it.
       */
      practitionerResponse: text.optional(),
      goodPractice: z
        .strictObject({
          what: goodPracticeWhatSchema.optional(),
          note: boundedText(Math.min(max, GOOD_PRACTICE_NOTE_MAX)).optional(),
          by: z.string().max(200).optional(),
          byName: shortTextSchema.optional(),
          on: calendarDateSchema.optional(),
        })
        .optional(),
    })
    .superRefine((record, ctx) => {
      if (record.status !== 'draft' && record.submittedAt === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['submittedAt'],
          message: messages.submittedAtRequired,
          params: { code: errorCodes.SUBMITTED_AT_REQUIRED },
        });
      }
    });
}

export const observationSchema = createObservationSchema();

export type Observation = z.infer<typeof observationSchema>;
export type ObservationContext = Observation['context'];
export type ResponseEntry = Observation['responses'][string];
export type ResponseValue = NonNullable<ResponseEntry['value']>;
export type ObservationSummary = Observation['summary'];

export type NewObservationHeader = {
  id: string;
  kind: ObservationKind;
  templateId: string;
  templateVersion: number;
  ownerId: string;
  scopeId: string;
  serviceId: string;
  /** UTC timestamp for createdAt and updatedAt; passed in to keep this function pure. */
  now: string;
};

/** A new, empty draft pinned to a template version. */
export function newObservation(header: NewObservationHeader): Observation {
  const { now } = header;
  // Field by field rather than by spreading the rest: the server builds one per incoming change.
  return {
    id: header.id,
    kind: header.kind,
    templateId: header.templateId,
    templateVersion: header.templateVersion,
    ownerId: header.ownerId,
    scopeId: header.scopeId,
    serviceId: header.serviceId,
    status: 'draft',
    sharedWithPractitioner: false,
    createdAt: now,
    updatedAt: now,
    context: { consent: {} },
    responses: {},
    summary: { feedback: {} },
    family: {},
  };
}
