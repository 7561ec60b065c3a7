import { DomainError, errorCodes, messages } from '../errors';
import { isBlank } from '../entities/common';
import { builtInGradeScales, findGradeScale } from '../entities/grade-scale';
import type { GradeScale } from '../entities/grade-scale';
import type { FamilyCallAttempt } from '../entities/family-call-attempt';
import type { ImprovementAction } from '../entities/improvement-action';
import type { Observation, ResponseEntry } from '../entities/observation';
import { feedbackWords } from '../entities/kind-words';
import { recordNoun } from '../entities/observation-kind';
import { responsePath } from '../entities/observation-fields';
import type { SafetyConcern } from '../entities/safety-concern';
import { summaryPartSpec, templateItems } from '../entities/template';
import type { Template, TemplateItem } from '../entities/template';
import {
  FUTURE_ATTEMPT_MESSAGE,
  feedbackBeforeRecord,
  futureDates,
  isAttemptAfter,
} from './past-dates';
import type { FutureDate } from './past-dates';
import { triggersAfterMeeting } from './meeting-timescale';
import type { TriggerAfterMeeting } from './meeting-timescale';
import { hasAnswer, selectedChoices } from './response-values';

// Is the record ready to submit? Returns every problem, in page order, each with the field path
// the GOV.UK error summary links to (the same paths as observation-fields.ts; child rows use
// `actions.<id>.<field>`, `concerns.<id>.<field>` and `attempts`). Messages follow the error
// summary style: say what to do, specifically.

export const problemCodes = {
  observedNameRequired: 'observed-name-required',
  observedRoleRequired: 'observed-role-required',
  dateRequired: 'date-required',
  settingRequired: 'setting-required',
  caseIdRequired: 'case-id-required',
  consentRequired: 'consent-required',
  consentByWhomRequired: 'consent-by-whom-required',
  consentDeclinedPartsRequired: 'consent-declined-parts-required',
  answerRequired: 'answer-required',
  evidenceRequired: 'evidence-required',
  strengthsRequired: 'strengths-required',
  areasForDevelopmentRequired: 'areas-for-development-required',
  overallGradeRequired: 'overall-grade-required',
  overallReasonsRequired: 'overall-reasons-required',
  feedbackHeldRequired: 'feedback-held-required',
  feedbackDateRequired: 'feedback-date-required',
  feedbackBeforeRecord: 'feedback-before-record',
  reflectionRequired: 'reflection-required',
  whoAnsweredRequired: 'who-answered-required',
  familySummaryRequired: 'family-summary-required',
  callAttemptRequired: 'call-attempt-required',
  completedCallRequired: 'completed-call-required',
  notReachedOnlyOnCalls: 'not-reached-only-on-calls',
  reachedOnACompletedCall: 'reached-on-a-completed-call',
  improvementPlanRequired: 'improvement-plan-required',
  actionWhatRequired: 'action-what-required',
  actionOwnerRequired: 'action-owner-required',
  actionDueDateRequired: 'action-due-date-required',
  concernWhatRequired: 'concern-what-required',
  concernNotRaised: 'concern-not-raised',
  consentHowRequired: 'consent-how-required',
  actionsNotAdded: 'actions-not-added',
  concernToldRequired: 'concern-told-required',
  dateInFuture: 'date-in-future',
  triggerAfterMeeting: 'trigger-after-meeting',
} as const;

export type ProblemCode = (typeof problemCodes)[keyof typeof problemCodes];

export type Problem = {
  code: ProblemCode;
  /** Field path, used as the anchor of the field in the page. */
  path: string;
  itemId?: string;
  message: string;
};

export type CompletenessChildren = {
  actions?: readonly ImprovementAction[];
  concerns?: readonly SafetyConcern[];
  attempts?: readonly FamilyCallAttempt[];
};

export type CompletenessOptions = {
  gradeScales?: readonly GradeScale[];
  /**
   * The safety concerns are not all at hand, so nothing is required of them: the server's view.
   * A concern travels on its own route, ahead of the queued edits but not in order with them, so
   * the submission that counts it (a call that found an immediate concern) can reach the server
   * before the concern does.
   */
  concernsElsewhere?: boolean;
  /**
   * The latest day (`YYYY-MM-DD`, London) a date of something that happened may be: today on the
   * tablet, today and a day of slack on the server (past-dates.ts). Absent, dates are not judged.
   */
  latestDate?: string;
};

const QUOTE_MAX = 80;

/** ‘Quoted’ for a message, shortened so the error summary stays readable. */
export function quote(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const short =
    oneLine.length > QUOTE_MAX ? `${oneLine.slice(0, QUOTE_MAX - 1).trimEnd()}…` : oneLine;
  return `‘${short}’`;
}

function answerMessage(item: TemplateItem): string {
  const prompt = quote(item.prompt);
  switch (item.response.type) {
    case 'grade4':
      return `Select a grade for ${prompt}`;
    case 'scale0to10':
      return `Select a score from 0 to 10 for ${prompt}`;
    case 'text':
      return `Enter an answer for ${prompt}`;
    case 'date':
      return `Enter the date for ${prompt}`;
    case 'choice':
      return item.response.multiple
        ? `Select at least one answer for ${prompt}`
        : `Select an answer for ${prompt}`;
    default:
      return `Select an answer for ${prompt}`;
  }
}

function evidenceProblem(
  item: TemplateItem,
  entry: ResponseEntry | undefined,
  scale: GradeScale,
): Problem | undefined {
  if (item.evidence !== 'required-for-grade-or-no' || !isBlank(entry?.evidence)) return undefined;
  const value = entry?.value;
  if (typeof value !== 'string' || isBlank(value)) return undefined;
  let reason: string | undefined;
  if (item.response.type === 'grade4' && value !== scale.notObserved.key) {
    reason = 'evidence is needed for every grade';
  } else if (item.response.type !== 'grade4' && value === 'no') {
    reason = 'evidence is needed for every ‘No’ answer';
  }
  if (!reason) return undefined;
  return {
    code: problemCodes.evidenceRequired,
    path: responsePath(item.id, 'evidence'),
    itemId: item.id,
    message: `Enter evidence for ${quote(item.prompt)} – ${reason}`,
  };
}

function futureProblem(f: FutureDate): Problem {
  return {
    code: problemCodes.dateInFuture,
    path: f.path,
    ...(f.itemId ? { itemId: f.itemId } : {}),
    message: f.message,
  };
}

function contextProblems(
  record: Observation,
  template: Template,
  future: readonly FutureDate[],
): Problem[] {
  const problems: Problem[] = [];
  const { context } = record;
  const noun = recordNoun[template.kind];
  const add = (code: ProblemCode, path: string, message: string) =>
    problems.push({ code, path, message });

  if (isBlank(context.observedName)) {
    add(
      problemCodes.observedNameRequired,
      'context.observedName',
      `Enter the name of ${template.observedDescription}`,
    );
  }
  if (isBlank(context.observedRole)) {
    add(
      problemCodes.observedRoleRequired,
      'context.observedRole',
      `Enter the role of ${template.observedDescription}`,
    );
  }
  // In the order the page asks, so the error summary reads down the page (GOV.UK pattern).
  if (isBlank(context.caseId)) {
    add(problemCodes.caseIdRequired, 'context.caseId', 'Enter the case ID');
  }
  if (template.settingRequired && isBlank(context.setting)) {
    add(problemCodes.settingRequired, 'context.setting', `Enter where the ${noun} took place`);
  }
  if (context.date === undefined) {
    add(problemCodes.dateRequired, 'context.date', `Enter the date of the ${noun}`);
  }
  problems.push(...future.filter((f) => f.path === 'context.date').map(futureProblem));
  if (template.consentRequired) {
    const { consent } = context;
    if (consent.given === undefined) {
      add(
        problemCodes.consentRequired,
        'context.consent.given',
        'Select whether consent was given',
      );
    } else if (consent.given === 'not-reached') {
      if (!summaryPartSpec(template, 'call-attempts')?.required)
        add(
          problemCodes.notReachedOnlyOnCalls,
          'context.consent.given',
          'Select whether consent was given: “We could not reach them” is only for family feedback calls',
        );
    } else if (consent.given !== 'no') {
      if (isBlank(consent.byWhom))
        add(problemCodes.consentByWhomRequired, 'context.consent.byWhom', 'Enter who gave consent');
      // "Consent: who gave it, how, and whether any part was declined" (domain brief, section 5).
      if (isBlank(consent.how))
        add(
          problemCodes.consentHowRequired,
          'context.consent.how',
          // A family feedback call is made by phone: its example is the call's, not a visit's.
          `Enter how consent was given, for example verbally at the start of the ${
            template.kind === 'family-feedback-call' ? 'call' : 'visit'
          }`,
        );
    }
    if (consent.given === 'partly' && isBlank(consent.declinedParts)) {
      add(
        problemCodes.consentDeclinedPartsRequired,
        'context.consent.declinedParts',
        'Enter which parts of the consent were declined',
      );
    }
  }
  return problems;
}

function itemProblems(
  record: Observation,
  template: Template,
  scale: GradeScale,
  future: readonly FutureDate[],
  triggers: readonly TriggerAfterMeeting[],
): Problem[] {
  const problems: Problem[] = [];
  for (const { item } of templateItems(template)) {
    const entry = record.responses[item.id];
    const late = future.find((f) => f.itemId === item.id);
    if (late) problems.push(futureProblem(late));
    const after = triggers.find((t) => t.itemId === item.id);
    if (after)
      problems.push({
        code: problemCodes.triggerAfterMeeting,
        path: after.path,
        itemId: item.id,
        message: after.message,
      });
    if (item.required && !hasAnswer(entry)) {
      problems.push({
        code: problemCodes.answerRequired,
        path: responsePath(item.id, 'value'),
        itemId: item.id,
        message: answerMessage(item),
      });
      continue;
    }
    const evidence = evidenceProblem(item, entry, scale);
    if (evidence) problems.push(evidence);
  }
  return problems;
}

function summaryProblems(
  record: Observation,
  template: Template,
  future: readonly FutureDate[],
): Problem[] {
  const problems: Problem[] = [];
  const { summary, family } = record;
  const required = (part: Parameters<typeof summaryPartSpec>[1]) =>
    summaryPartSpec(template, part)?.required === true;
  const add = (code: ProblemCode, path: string, message: string) =>
    problems.push({ code, path, message });

  if (required('strengths') && isBlank(summary.strengths)) {
    add(problemCodes.strengthsRequired, 'summary.strengths', 'Enter the strengths you found');
  }
  if (required('areas-for-development') && isBlank(summary.areasForDevelopment)) {
    add(
      problemCodes.areasForDevelopmentRequired,
      'summary.areasForDevelopment',
      'Enter the areas for development',
    );
  }
  if (summaryPartSpec(template, 'overall-judgement')) {
    if (summary.overallGrade === undefined) {
      if (required('overall-judgement')) {
        add(
          problemCodes.overallGradeRequired,
          'summary.overallGrade',
          'Select an overall judgement',
        );
      }
    } else if (isBlank(summary.overallReasons)) {
      add(
        problemCodes.overallReasonsRequired,
        'summary.overallReasons',
        'Enter the reasons for your overall judgement',
      );
    }
  }
  if (required('feedback')) {
    if (summary.feedback.held === undefined) {
      add(
        problemCodes.feedbackHeldRequired,
        'summary.feedback.held',
        feedbackWords[template.kind].heldMessage,
      );
    } else if (summary.feedback.held && summary.feedback.date === undefined) {
      add(
        problemCodes.feedbackDateRequired,
        'summary.feedback.date',
        feedbackWords[template.kind].dateMessage,
      );
    }
    problems.push(...future.filter((f) => f.path === 'summary.feedback.date').map(futureProblem));
    const before = feedbackBeforeRecord(template.kind, summary.feedback, record.context.date);
    if (before) add(problemCodes.feedbackBeforeRecord, before.path, before.message);
  }
  if (required('reflection') && isBlank(summary.reflection)) {
    add(
      problemCodes.reflectionRequired,
      'summary.reflection',
      `Enter the reflection of ${template.observedDescription}`,
    );
  }
  if (required('family-voice')) {
    if (family.whoAnswered === undefined) {
      add(problemCodes.whoAnsweredRequired, 'family.whoAnswered', 'Select who answered the call');
    }
    if (isBlank(family.auditorSummary)) {
      add(
        problemCodes.familySummaryRequired,
        'family.auditorSummary',
        'Enter your summary of the family’s feedback for the audit',
      );
    }
  }
  return problems;
}

function attemptProblems(
  record: Observation,
  template: Template,
  attempts: readonly FamilyCallAttempt[],
  latestDate: string | undefined,
): Problem[] {
  if (!summaryPartSpec(template, 'call-attempts')?.required) return [];
  const linked = attempts.filter((a) => a.observationId === record.id);
  if (latestDate !== undefined && linked.some((a) => isAttemptAfter(a, latestDate)))
    return [{ code: problemCodes.dateInFuture, path: 'attempts', message: FUTURE_ATTEMPT_MESSAGE }];
  if (linked.length === 0) {
    return [
      {
        code: problemCodes.callAttemptRequired,
        path: 'attempts',
        message: 'Add at least one call attempt, with when you called and what happened',
      },
    ];
  }
  const given = record.context.consent.given;
  if (given === 'not-reached' && linked.some((a) => a.outcome === 'completed')) {
    return [
      {
        code: problemCodes.reachedOnACompletedCall,
        path: 'context.consent.given',
        message:
          'A call attempt was completed, so the family was reached: select whether they agreed to take part',
      },
    ];
  }
  if ((given === 'yes' || given === 'partly') && !linked.some((a) => a.outcome === 'completed')) {
    return [
      {
        code: problemCodes.completedCallRequired,
        path: 'attempts',
        message: 'Add the call attempt that was completed – the family gave consent on a call',
      },
    ];
  }
  return [];
}

/** The record's own improvement actions that still count: neither deleted nor cancelled. */
function liveActionsOf(
  record: Observation,
  actions: readonly ImprovementAction[],
): ImprovementAction[] {
  return actions.filter(
    (a) =>
      (a.observationId === record.id || a.auditId === record.id) &&
      !a.deleted &&
      a.status !== 'cancelled',
  );
}

function actionProblems(
  record: Observation,
  template: Template,
  actions: readonly ImprovementAction[],
): Problem[] {
  const problems: Problem[] = [];
  const linked = liveActionsOf(record, actions);
  if (summaryPartSpec(template, 'improvement-plan')?.required && linked.length === 0) {
    problems.push({
      code: problemCodes.improvementPlanRequired,
      path: 'actions',
      message: 'Add at least one action to the improvement plan',
    });
  }
  for (const action of linked) {
    const at = `actions.${action.id}`;
    if (isBlank(action.what)) {
      problems.push({
        code: problemCodes.actionWhatRequired,
        path: `${at}.what`,
        message: 'Enter what the action is',
      });
    }
    const name = isBlank(action.what) ? 'the action' : `the action ${quote(action.what)}`;
    if (isBlank(action.ownerName) && action.ownerUserId === undefined) {
      problems.push({
        code: problemCodes.actionOwnerRequired,
        path: `${at}.ownerName`,
        message: `Enter who will do ${name}`,
      });
    }
    if (action.dueDate === undefined) {
      problems.push({
        code: problemCodes.actionDueDateRequired,
        path: `${at}.dueDate`,
        message: `Enter the date ${name} is due by`,
      });
    }
  }
  return problems;
}

function concernProblems(record: Observation, concerns: readonly SafetyConcern[]): Problem[] {
  const problems: Problem[] = [];
  for (const concern of concerns.filter((c) => c.observationId === record.id)) {
    const at = `concerns.${concern.id}`;
    if (isBlank(concern.what)) {
      problems.push({
        code: problemCodes.concernWhatRequired,
        path: `${at}.what`,
        message: 'Enter what the safety concern is',
      });
    }
    if (concern.whoWasTold.length === 0) {
      problems.push({
        code: problemCodes.concernToldRequired,
        path: `${at}.whoWasTold`,
        message: 'Enter who you told about the safety concern',
      });
    }
  }
  return problems;
}

/**
 * Whether nothing could be asked: consent refused, or a family feedback call that never reached
 * the family. Its questions and summary are then not required, nor asked or listed by the pages;
 * the context, the call attempts, improvement actions and safety concerns still are.
 */
export function nothingAsked(template: Pick<Template, 'consentRequired'>, given: unknown): boolean {
  return template.consentRequired && (given === 'no' || given === 'not-reached');
}

/**
 * Every reason the record cannot yet be submitted; empty when it is complete. When consent was
 * refused, or a family feedback call never reached the family, nothing could be observed or
 * asked, so answers and summary are not required — but the context, the call log and any action
 * or safety concern still are.
 */
export function checkCompleteness(
  record: Observation,
  template: Template,
  children: CompletenessChildren = {},
  options: CompletenessOptions = {},
): Problem[] {
  const scale = findGradeScale(template.gradeScaleId, options.gradeScales ?? builtInGradeScales);
  if (!scale) {
    throw new DomainError(
      errorCodes.GRADE_SCALE_UNKNOWN,
      messages.gradeScaleUnknown(template.gradeScaleId),
    );
  }
  // Refused, or a family never reached: nothing could be asked.
  const consentRefused = nothingAsked(template, record.context.consent.given);
  const latest = options.latestDate;
  const future = latest === undefined ? [] : futureDates(record, template, latest);
  // A review is not held before the day it counts from (meeting-timescale.ts).
  const triggers = triggersAfterMeeting(
    template,
    (path) => {
      const m = /^responses\.([^.]+)\.value$/.exec(path);
      return m ? record.responses[m[1]!]?.value : undefined;
    },
    record.context.date,
  );
  return [
    ...contextProblems(record, template, future),
    ...(consentRefused ? [] : itemProblems(record, template, scale, future, triggers)),
    ...(consentRefused ? [] : summaryProblems(record, template, future)),
    ...attemptProblems(record, template, children.attempts ?? [], latest),
    ...actionProblems(record, template, children.actions ?? []),
    ...(options.concernsElsewhere ? [] : concernProblems(record, children.concerns ?? [])),
    ...followUpProblems(record, template, children, options.concernsElsewhere === true),
  ];
}

/**
 * Answers that something must follow (`requiresOn`): an immediate concern recorded on a call is
 * raised from it before the call is submitted, and "actions are needed" has actions in the plan.
 */
function followUpProblems(
  record: Observation,
  template: Template,
  children: CompletenessChildren,
  concernsElsewhere: boolean,
): Problem[] {
  const problems: Problem[] = [];
  const concerns = (children.concerns ?? []).filter((c) => c.observationId === record.id);
  const actions = liveActionsOf(record, children.actions ?? []);
  for (const { item } of templateItems(template)) {
    const on = item.requiresOn;
    if (!on) continue;
    const entry = record.responses[item.id];
    const answered = [
      ...selectedChoices(entry),
      ...(typeof entry?.value === 'string' ? [entry.value] : []),
    ];
    const hits = (keys: readonly string[] | undefined) =>
      keys !== undefined && answered.some((k) => keys.includes(k));
    if (hits(on.concern) && concerns.length === 0 && !concernsElsewhere)
      problems.push({
        code: problemCodes.concernNotRaised,
        path: responsePath(item.id, 'value'),
        itemId: item.id,
        message: `Report the safety concern from this ${recordNoun[template.kind]} before you submit it: your answer to ‘${item.prompt}’ says there is one`,
      });
    if (hits(on.action) && actions.length === 0)
      problems.push({
        code: problemCodes.actionsNotAdded,
        path: 'actions',
        itemId: item.id,
        message: 'Add the actions to the improvement plan: you answered that actions are needed',
      });
  }
  return problems;
}
