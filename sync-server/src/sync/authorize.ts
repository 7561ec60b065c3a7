// Who may write what, per role, record type and field. Anything not allowed here is rejected with
// a reason; server-owned fields (under `server.`) are written only by the server.
import { observationStatusSchema } from '../../../schemas/entities/observation';
import type { ObservationStatus } from '../../../schemas/entities/observation';
import {
  amendmentRowProblem,
  actionTrackingProblem,
  childChangeProblem,
  contentChangeProblem,
} from '../../../schemas/rules/after-submission';
import type {
  ActionTrackingProblem,
  ChildChange,
  ContentChangeProblem,
} from '../../../schemas/rules/after-submission';
import { canTransition } from '../../../schemas/rules/status';
import type { ActorRole } from '../../../schemas/rules/status';
import type { FieldValue, RecordType } from '../../../schemas/sync/records';
import { APPEND_ONLY_TYPES } from '../../../schemas/sync/records';
import { OBSERVER_ASSIGNMENT_PATHS } from '../../../schemas/entities/assignment';
import { isCalendarDate } from '../../../schemas/calendar/dates';
import {
  auditFactsOf,
  heldOnProblem,
  isDiscussable,
  isSampleDiscussionPath,
} from '../../../schemas/rules/sample-discussion';
import { goodPracticeProblem, isGoodPracticePath } from '../../../schemas/rules/good-practice';
import type { GoodPracticeProblem } from '../../../schemas/rules/good-practice';
import { isOversightPath } from '../../../schemas/rules/handling-paths';
import type { Actor } from './actor';
import { OBSERVING_ROLES } from './actor';
import { SHAREABLE_ROLES } from './share';

const SHAREABLE: ReadonlySet<string> = new Set(SHAREABLE_ROLES);

export type Decision = { ok: true } | { ok: false; code: string; message: string };

const OK: Decision = { ok: true };
const deny = (code: string, message: string): Decision => ({ ok: false, code, message });

export type RecordFacts = {
  type: RecordType;
  scopeId: string;
  ownerId: string;
  rootOwnerId: string;
  rootId: string;
  fields: Record<string, unknown>;
};

export type AccessFacts = {
  /** Scopes the actor is a member of (services expanded). */
  memberScopes: ReadonlySet<string>;
  /** Scopes the actor oversees in full. */
  fullScopes: ReadonlySet<string>;
  /** Observations shared with or assigned to the actor. */
  grantedRoots: ReadonlySet<string>;
};

const SERVER_OWNED = /^server(\.|$)/;
const PRACTITIONER_RESPONSE = 'practitionerResponse';
const MODERATION = /^moderation(\.|$)/;

/** The programme assignment a new observation names (`context.assignmentId`), when it exists. */
export type AssignmentFacts = {
  type: RecordType;
  scopeId: string;
  rootId: string;
  /** Once given to the actor and since given to someone else (their grant revoked). */
  movedFromActor?: boolean;
};

export function canCreate(
  actor: Actor,
  type: RecordType,
  scopeId: string,
  parent: RecordFacts | null,
  access: AccessFacts,
  assignment: AssignmentFacts | null = null,
): Decision {
  if (type === 'observation') {
    // Started from an assignment given to this person (a guest observer from another authority
    // included): recorded in the assignment's team, whatever their own teams are.
    if (
      assignment &&
      assignment.type === 'assignment' &&
      access.grantedRoots.has(assignment.rootId) &&
      assignment.scopeId === scopeId &&
      (OBSERVING_ROLES.has(actor.role) || actor.role === 'guest')
    )
      return OK;
    // Given to someone else while this person worked on it offline: say so, rather than that
    // their role or team cannot record it (which reads as if they had done something wrong).
    if (
      assignment?.movedFromActor &&
      !access.grantedRoots.has(assignment.rootId) &&
      (!OBSERVING_ROLES.has(actor.role) || !access.memberScopes.has(scopeId))
    )
      return deny(
        'ASSIGNMENT_REASSIGNED',
        'The QA lead gave this assignment to someone else before your observation reached the server, so the observation could not be saved. What you typed is listed here: copy anything you need, then ask the QA lead.',
      );
    if (!OBSERVING_ROLES.has(actor.role))
      return deny('FORBIDDEN_ROLE', 'Your role cannot start observations.');
    if (!access.memberScopes.has(scopeId))
      return deny('FORBIDDEN_SCOPE', 'You can only record observations in your own teams.');
    return OK;
  }
  if (type === 'assignment')
    return deny(
      'USE_PROGRAMME_ROUTE',
      'Assignments are planned by a QA lead on the programme screens, not made on a tablet.',
    );
  if (!parent)
    return deny(
      'PARENT_NOT_FOUND',
      'This item belongs to an observation the server does not have.',
    );
  if (parent.type !== 'observation')
    return deny('PARENT_NOT_OBSERVATION', 'This item must belong to an observation.');
  const ownsRoot = parent.rootOwnerId === actor.userId;
  const oversees = access.fullScopes.has(parent.scopeId);
  switch (type) {
    case 'review-comment':
      return oversees
        ? OK
        : deny(
            'FORBIDDEN_ROLE',
            'Only quality assurance leads and managers of this team can moderate.',
          );
    case 'amendment':
      if (!ownsRoot)
        return deny('FORBIDDEN_OWNER', 'Only the observer can change this observation.');
      return canAddAmendment(statusOf(parent));
    case 'call-attempt':
      return ownsRoot
        ? OK
        : deny('FORBIDDEN_OWNER', 'Only the observer can change this observation.');
    case 'action':
      return ownsRoot || oversees
        ? OK
        : deny('FORBIDDEN_OWNER', 'Only the observer or a manager of this team can add actions.');
    case 'safety-concern':
      return deny(
        'USE_CONCERN_ROUTE',
        'Safety concerns are sent on their own route, ahead of everything else.',
      );
    default:
      return deny('FORBIDDEN_TYPE', 'This kind of record cannot be created here.');
  }
}

// What was reported, and to whom, stays as it was raised: it is acknowledged on the concern route
// (concerns.ts), never changed, hidden or removed by a push.
const CONCERN_KEPT = deny(
  'CONCERN_UNCHANGEABLE',
  'A safety concern stays as it was raised. To add to it, phone the duty team or raise another.',
);

/** Checks every path an update sets, and a status change against the current status. */
export function canUpdate(
  actor: Actor,
  record: RecordFacts,
  paths: readonly string[],
  newStatus: unknown,
  access: AccessFacts,
): Decision {
  if (APPEND_ONLY_TYPES.has(record.type))
    return deny('APPEND_ONLY', 'Moderation comments and amendments cannot be changed once made.');
  if (record.type === 'safety-concern') return CONCERN_KEPT;
  const server = paths.find((p) => SERVER_OWNED.test(p));
  if (server) return deny('SERVER_OWNED_FIELD', `${server} is set by the server.`);
  if (record.type === 'assignment') return canUpdateAssignment(actor, record, paths, access);

  const ownsRoot = record.rootOwnerId === actor.userId;
  const oversees = access.fullScopes.has(record.scopeId);
  const shared = access.grantedRoots.has(record.rootId);
  const status = String(record.fields['status'] ?? 'draft');

  if (record.type === 'observation' && paths.includes('status') && newStatus !== status) {
    const to = observationStatusSchema.safeParse(newStatus);
    const from = observationStatusSchema.safeParse(status);
    const as = (role: ActorRole) =>
      to.success && from.success && canTransition(from.data, to.data, role);
    const mine = ownsRoot && as('author');
    const theirs = oversees && (as('qa-lead') || (actor.role === 'director' && as('director')));
    if (!mine && !theirs)
      return deny(
        'STATUS_CHANGE_FORBIDDEN',
        `An observation that is ${status} cannot be made ${String(newStatus)} by you.`,
      );
  }
  const others = paths.filter((p) => p !== 'status');
  if (ownsRoot) {
    const mod = others.find((p) => MODERATION.test(p));
    if (mod && !oversees) return deny('FORBIDDEN_FIELD', `${mod} is for the moderator.`);
    return OK;
  }
  if (oversees) {
    // The handling someone overseeing it writes (an audit's discussion, good practice
    // acknowledged) is judged, path by path, by canWriteHandling.
    const allowed =
      record.type === 'action'
        ? () => true
        : (p: string) => MODERATION.test(p) || isOversightPath(p);
    const bad = others.find((p) => !allowed(p));
    return bad
      ? deny('FORBIDDEN_FIELD', `A moderator cannot change ${bad}; add a comment instead.`)
      : OK;
  }
  // The person observed, once the observation is shared with them (share.ts), writes their own
  // response: never the reflection the observer recorded of them (summary.reflection), which is
  // the observer's (an app from before the response had its own field wrote there).
  if (shared && SHAREABLE.has(actor.role) && record.type === 'observation') {
    const bad = paths.find((p) => p !== PRACTITIONER_RESPONSE);
    if (bad === 'summary.reflection')
      return deny(
        'FORBIDDEN_FIELD',
        'The reflection on this observation is what the observer recorded of yours. Your own response has its own place now: reload the app to get the latest version and write it there.',
      );
    return bad ? deny('FORBIDDEN_FIELD', `You can add your response, not change ${bad}.`) : OK;
  }
  return deny('FORBIDDEN_OWNER', 'You cannot change this record.');
}

/**
 * The observer an assignment was given to reports their progress (the observation they started,
 * the audit's parts, completion); the plan itself and exemptions change only on the programme
 * routes, where a QA lead or a head of service acts.
 */
function canUpdateAssignment(
  actor: Actor,
  record: RecordFacts,
  paths: readonly string[],
  access: AccessFacts,
): Decision {
  const assignee =
    access.grantedRoots.has(record.rootId) && record.fields['observerUserId'] === actor.userId;
  if (assignee) {
    const bad = paths.find((p) => !OBSERVER_ASSIGNMENT_PATHS.has(p));
    return bad
      ? deny('FORBIDDEN_FIELD', `${bad} is part of the plan; ask the QA lead to change it.`)
      : OK;
  }
  if (record.rootOwnerId === actor.userId || access.fullScopes.has(record.scopeId))
    return deny(
      'FORBIDDEN_FIELD',
      'Change the plan or grant an exemption on the programme screens; the observer reports progress.',
    );
  return deny('FORBIDDEN_OWNER', 'You cannot change this record.');
}

/** An observation's status as stored; one that is not a status at all is taken as closed. */
function statusOf(record: RecordFacts): ObservationStatus {
  const parsed = observationStatusSchema.safeParse(record.fields['status'] ?? 'draft');
  return parsed.success ? parsed.data : 'closed';
}

/**
 * What the observer recorded, once the observation is submitted or moderated, changes only as
 * part of an amendment (the edit names it, `amendmentId`; the amendment row then records each
 * field's before and after), and once it is closed not at all; its handling (status, sharing, the
 * practitioner's own response) changes by its own rules (schemas/rules/after-submission.ts). Checked
 * after canUpdate and the observation's path checks, whose refusals come first. So an edit made
 * on a draft offline that arrives after the observation was submitted from another tablet, or
 * moderated, is refused, and the person who typed it is told how to add it.
 */
export function canChangeContent(
  record: RecordFacts,
  set: Readonly<Record<string, FieldValue>>,
  amending: boolean,
): Decision {
  if (record.type !== 'observation') return OK;
  const status = statusOf(record);
  const problem = contentChangeProblem(status, set, amending);
  return problem ? afterSubmissionDenial(status, problem, `${problem.path} was not changed`) : OK;
}

const CHILD_NOUNS: Record<string, string> = {
  action: 'improvement action',
  'call-attempt': 'call attempt',
};

/**
 * A child row of an observation (an improvement action, a call attempt) by the same rule, where
 * it is part of what the observer recorded: after submission only as part of an amendment, never
 * once closed; an action's tracking (status, owner, due date) whatever the status
 * (`childChangeProblem` in schemas/rules/after-submission.ts). `observation` is its parent.
 */
export function canChangeChild(
  observation: RecordFacts,
  type: RecordType,
  change: ChildChange,
  set: Readonly<Record<string, FieldValue>>,
  amending: boolean,
): Decision {
  const status = statusOf(observation);
  const problem = childChangeProblem(status, type, change, set, amending);
  if (!problem) return OK;
  const noun = CHILD_NOUNS[type] ?? 'item';
  const what =
    problem.path !== ''
      ? `the ${noun}’s ${problem.path} was not changed`
      : change === 'create'
        ? `the ${noun} was not added`
        : `the ${noun} was not removed`;
  return afterSubmissionDenial(status, problem, what);
}

const ACTION_TRACKING_DENIALS: Record<ActionTrackingProblem, [code: string, message: string]> = {
  'owner-required': [
    'ACTION_OWNER_REQUIRED',
    'This improvement action’s owner was not removed: once its observation has been submitted, an action may be given to someone else but is never left without someone to do it. What you typed is kept here; enter who will do it (their name and role) instead.',
  ],
  'due-date-required': [
    'ACTION_DUE_DATE_REQUIRED',
    'This improvement action’s due date was not removed: once its observation has been submitted, an action’s due date may be moved but is never left empty, so that an overdue action is seen. What you typed is kept here; enter the date it is due by instead.',
  ],
};

/**
 * An improvement action's owner and due date, once its observation is submitted: changed, never
 * cleared (`actionTrackingProblem` in schemas/rules/after-submission.ts). `fields` are the
 * action's as stored; `observation` is its parent.
 */
export function canTrackAction(
  observation: RecordFacts,
  fields: Readonly<Record<string, FieldValue>>,
  set: Readonly<Record<string, FieldValue>>,
  amending: boolean,
): Decision {
  const problem = actionTrackingProblem(statusOf(observation), fields, set, amending);
  return problem ? deny(...ACTION_TRACKING_DENIALS[problem]) : OK;
}

function afterSubmissionDenial(
  status: ObservationStatus,
  problem: ContentChangeProblem,
  what: string,
): Decision {
  if (problem.reason === 'closed')
    return deny(
      'OBSERVATION_CLOSED',
      `This observation is closed, so ${what}: a closed observation cannot be amended. What you typed is kept here; if something in it is wrong, tell your quality assurance lead.`,
    );
  const when = status === 'moderated' ? 'submitted and moderated' : 'submitted';
  return deny(
    'AMENDMENT_REQUIRED',
    `This observation had been ${when} before this change reached the server, so ${what}: once submitted, an observation changes only by an amendment with a reason, made by its observer. What you typed is kept here; to add it, open the observation and choose “Amend this observation” (or ask its observer to).`,
  );
}

/** An amendment row: only on a submitted or moderated observation (amendmentRowProblem). */
function canAddAmendment(status: ObservationStatus): Decision {
  switch (amendmentRowProblem(status)) {
    case null:
      return OK;
    case 'closed':
      // Its changes were refused too (canChangeContent), so it would record what never happened.
      return deny(
        'OBSERVATION_CLOSED',
        'This observation was closed before this amendment reached the server, so it was not recorded: a closed observation cannot be amended. Your reason and changes are kept here; if something in it is wrong, tell your quality assurance lead.',
      );
    case 'returned':
      return deny(
        'NOT_AMENDABLE',
        'This observation was returned to you for more evidence before this amendment reached the server, so the amendment was not recorded: a returned observation is changed freely and submitted again, and your changes were made as ordinary edits. Your reason is kept here; check the observation and submit it again.',
      );
    default:
      return deny(
        'NOT_AMENDABLE',
        'This observation has not been submitted, so there is nothing to amend and the amendment was not recorded: change the draft directly. Your reason and changes are kept here.',
      );
  }
}

/** Bringing back a deleted record: its observer's, and never what other routes alone remove. */
export function canRestore(actor: Actor, record: RecordFacts): Decision {
  if (record.type === 'assignment')
    return deny('USE_PROGRAMME_ROUTE', 'A withdrawn assignment is planned again by a QA lead.');
  if (record.type === 'safety-concern') return CONCERN_KEPT;
  if (APPEND_ONLY_TYPES.has(record.type))
    return deny('APPEND_ONLY', 'Moderation comments and amendments cannot be deleted or restored.');
  return record.rootOwnerId === actor.userId
    ? OK
    : deny('FORBIDDEN_OWNER', 'Only the observer can restore this.');
}

export function canDelete(actor: Actor, record: RecordFacts): Decision {
  if (record.type === 'assignment')
    return deny('USE_PROGRAMME_ROUTE', 'Assignments are withdrawn by a QA lead, not deleted here.');
  if (APPEND_ONLY_TYPES.has(record.type))
    return deny('APPEND_ONLY', 'Moderation comments and amendments cannot be deleted.');
  if (record.type === 'safety-concern') return CONCERN_KEPT;
  if (record.rootOwnerId !== actor.userId)
    return deny('FORBIDDEN_OWNER', 'Only the observer can delete this.');
  if (
    record.type === 'observation' &&
    !['draft', undefined].includes(record.fields['status'] as string)
  )
    return deny('NOT_A_DRAFT', 'A submitted observation cannot be deleted; amend it instead.');
  return OK;
}

/**
 * The handling that someone other than its observer writes (schemas/rules/handling-paths.ts), each
 * by its own rule: the practitioner's response, a head of service's discussion of an audit, good
 * practice acknowledged.
 * `record` is null for a record being created, which is never submitted. Checked beside canUpdate,
 * which lets these paths through for this check to judge; `today` is Europe/London.
 */
export function canWriteHandling(
  actor: Actor,
  record: RecordFacts | null,
  set: Readonly<Record<string, FieldValue>>,
  access: AccessFacts,
  today: string,
): Decision {
  const response = canWritePractitionerResponse(actor, record, set);
  if (!response.ok) return response;
  const discussion = canWriteSampleDiscussion(actor, record, set, access, today);
  if (!discussion.ok) return discussion;
  return canWriteGoodPractice(actor, record, set, access, today);
}

/**
 * The practitioner's own response is written only by the practitioner it is shared with (canUpdate
 * lets nobody else's through but its observer's, refused here): never by the observer, who records
 * what the practitioner said at feedback in `summary.reflection`, and never on a record being
 * created, which is nobody's to respond to yet.
 */
function canWritePractitionerResponse(
  actor: Actor,
  record: RecordFacts | null,
  set: Readonly<Record<string, FieldValue>>,
): Decision {
  if (!Object.hasOwn(set, PRACTITIONER_RESPONSE)) return OK;
  if (record === null || record.rootOwnerId === actor.userId)
    return deny(
      'FORBIDDEN_FIELD',
      'The practitioner’s response is written by the practitioner it is shared with. Record what they said at the feedback conversation as their reflection.',
    );
  return OK;
}

/**
 * A single case audit's discussion by a head of service (schemas/rules/sample-discussion.ts):
 * written only by a head of service of the audit's team, only once the audit has been submitted,
 * on a day neither before the audit nor after `today`.
 */
function canWriteSampleDiscussion(
  actor: Actor,
  record: RecordFacts | null,
  set: Readonly<Record<string, FieldValue>>,
  access: AccessFacts,
  today: string,
): Decision {
  if (!Object.keys(set).some(isSampleDiscussionPath)) return OK;
  if (record === null || record.type !== 'observation')
    return deny(
      'NOT_DISCUSSABLE',
      'A discussion is recorded on a single case audit once it has been submitted.',
    );
  if (actor.role !== 'head-of-service' || !access.fullScopes.has(record.scopeId))
    return deny(
      'FORBIDDEN_FIELD',
      'Only a head of service of the audit’s team records its discussion with the social worker and manager.',
    );
  const audit = auditFactsOf(record.rootId, record.fields);
  if (!isDiscussable(audit))
    return deny(
      'NOT_DISCUSSABLE',
      'A discussion is recorded on a single case audit once it has been submitted.',
    );
  const heldOn = set['sampleDiscussion.heldOn'];
  if (isCalendarDate(heldOn)) {
    const problem = heldOnProblem(audit, heldOn, today);
    if (problem === 'in-future')
      return deny('DISCUSSION_DATE', 'The date of the discussion must be today or in the past.');
    if (problem === 'before-audit')
      return deny(
        'DISCUSSION_DATE',
        'The date of the discussion must be on or after the day of the audit.',
      );
  }
  return OK;
}

const GOOD_PRACTICE_DENIALS: Record<GoodPracticeProblem, [code: string, message: string]> = {
  'not-an-overseer': [
    'FORBIDDEN_FIELD',
    'Only a quality assurance lead or head of service overseeing this team acknowledges good practice on its observations.',
  ],
  'own-observation': [
    'FORBIDDEN_FIELD',
    'You recorded this observation, so its good practice is acknowledged by another quality assurance lead or head of service of the team.',
  ],
  'not-submitted': [
    'NOT_ACKNOWLEDGEABLE',
    'Good practice is acknowledged on an observation once it has been submitted, and not while it is a draft or returned for more evidence. Acknowledge it when it is submitted again.',
  ],
  'what-required': [
    'GOOD_PRACTICE_INCOMPLETE',
    'Choose what you are acknowledging: the practice, the quality of the observation or audit, or both.',
  ],
  'note-required': [
    'GOOD_PRACTICE_INCOMPLETE',
    'Say what was good: the observer, and the practitioner it is shared with, read it.',
  ],
  'not-by-you': [
    'FORBIDDEN_FIELD',
    'Good practice is acknowledged in your own name: goodPractice.by must be your account.',
  ],
  'bad-date': [
    'GOOD_PRACTICE_DATE',
    'The day good practice was acknowledged must be a real date, today or in the past.',
  ],
};

/**
 * Good practice acknowledged (schemas/rules/good-practice.ts): by a QA lead or head of service
 * overseeing the observation's team, never its own observer, once it is submitted, moderated or
 * closed; judged whole, as the observation would be after the change.
 */
function canWriteGoodPractice(
  actor: Actor,
  record: RecordFacts | null,
  set: Readonly<Record<string, FieldValue>>,
  access: AccessFacts,
  today: string,
): Decision {
  if (!Object.keys(set).some(isGoodPracticePath)) return OK;
  if (record === null || record.type !== 'observation')
    return deny(...GOOD_PRACTICE_DENIALS['not-submitted']);
  const problem = goodPracticeProblem(
    { userId: actor.userId, role: actor.role, oversees: access.fullScopes.has(record.scopeId) },
    { ownerId: record.rootOwnerId, status: statusOf(record) },
    { ...record.fields, ...set },
    today,
  );
  return problem ? deny(...GOOD_PRACTICE_DENIALS[problem]) : OK;
}
