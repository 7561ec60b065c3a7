import { describe, expect, test } from 'vitest';
import type { FamilyCallAttempt } from '../entities/family-call-attempt';
import type { ImprovementAction } from '../entities/improvement-action';
import type { Observation } from '../entities/observation';
import type { SafetyConcern } from '../entities/safety-concern';
import type { Template } from '../entities/template';
import { templateItems } from '../entities/template';
import { builtInTemplates, findTemplate } from '../templates/catalogue';
import { NOW, completeFor, testId } from '../testing/fixtures';
import { checkCompleteness, quote } from './completeness';
import type { CompletenessChildren } from './completeness';

const cp = findTemplate('cp-conference-chairing', 1)!;
const frontline = findTemplate('frontline-practice', 1)!;
const call = findTemplate('family-feedback-call', 1)!;
const audit = findTemplate('single-case-audit', 1)!;

const RECORD_ID = testId(1);

function completedCall(): FamilyCallAttempt {
  return { id: testId(30), observationId: RECORD_ID, at: NOW, outcome: 'completed' };
}

/** Problems after one edit to an otherwise complete record. */
function problemsAfter(
  template: Template,
  edit: (r: Observation) => void,
  children: CompletenessChildren = {},
) {
  const record = completeFor(template, RECORD_ID);
  edit(record);
  const withAttempts =
    template.kind === 'family-feedback-call' && children.attempts === undefined
      ? { ...children, attempts: [completedCall()] }
      : children;
  return checkCompleteness(record, template, withAttempts);
}

function action(fields: Partial<ImprovementAction>): ImprovementAction {
  return {
    id: testId(40),
    observationId: RECORD_ID,
    what: 'Update the chronology',
    ownerName: 'Team manager',
    dueDate: '2026-06-30',
    status: 'open',
    createdAt: NOW,
    updatedAt: NOW,
    ...fields,
  };
}

function concern(fields: Partial<SafetyConcern>): SafetyConcern {
  return {
    id: testId(50),
    observationId: RECORD_ID,
    caseId: 'CS-20931',
    what: 'Child disclosed being hit at home last night',
    raisedAt: NOW,
    raisedBy: testId(900),
    whoWasTold: [{ name: 'A. Manager', role: 'Team manager', at: NOW }],
    ...fields,
  };
}

describe('complete records', () => {
  test.each(builtInTemplates.map((t) => [t.id, t] as const))('%s: no problems', (_id, t) => {
    expect(problemsAfter(t, () => {})).toEqual([]);
  });
});

describe('evidence', () => {
  test('evidence is required for any grade', () => {
    expect(
      problemsAfter(cp, (r) => (r.responses['family-spoke-early'] = { value: 'outstanding' })),
    ).toEqual([
      {
        code: 'evidence-required',
        path: 'responses.family-spoke-early.evidence',
        itemId: 'family-spoke-early',
        message:
          'Enter evidence for ‘Family spoke early and fully’ – evidence is needed for every grade',
      },
    ]);
  });

  test('evidence is required for any "No"', () => {
    expect(
      problemsAfter(cp, (r) => (r.responses['quorate'] = { value: 'no', evidence: '  ' })),
    ).toEqual([
      {
        code: 'evidence-required',
        path: 'responses.quorate.evidence',
        itemId: 'quorate',
        message:
          'Enter evidence for ‘The conference was quorate’ – evidence is needed for every ‘No’ answer',
      },
    ]);
  });

  test('a "No" on a yes / partly / no question needs evidence too', () => {
    const problems = problemsAfter(call, (r) => (r.responses['knows-plan'] = { value: 'no' }));
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      [
        'responses.knows-plan.evidence',
        'Enter evidence for ‘Do you know what the plan is, and what is expected of you?’ – evidence is needed for every ‘No’ answer',
      ],
    ]);
  });

  test('"Not observed", "Yes" and "Partly" need no evidence', () => {
    expect(
      problemsAfter(cp, (r) => {
        r.responses['family-spoke-early'] = { value: 'not-observed' };
        r.responses['quorate'] = { value: 'yes' };
        r.responses['parents-know-what-must-change'] = { value: 'partly' };
      }),
    ).toEqual([]);
  });
});

describe('unanswered required questions', () => {
  test('a grade', () => {
    expect(problemsAfter(cp, (r) => delete r.responses['family-spoke-early'])).toEqual([
      {
        code: 'answer-required',
        path: 'responses.family-spoke-early.value',
        itemId: 'family-spoke-early',
        message: 'Select a grade for ‘Family spoke early and fully’',
      },
    ]);
  });

  test('a yes / no / not applicable question', () => {
    expect(problemsAfter(cp, (r) => (r.responses['quorate'] = { evidence: 'see notes' }))).toEqual([
      {
        code: 'answer-required',
        path: 'responses.quorate.value',
        itemId: 'quorate',
        message: 'Select an answer for ‘The conference was quorate’',
      },
    ]);
  });

  test('a 0 to 10 score', () => {
    expect(problemsAfter(call, (r) => delete r.responses['help-made-a-difference'])).toEqual([
      {
        code: 'answer-required',
        path: 'responses.help-made-a-difference.value',
        itemId: 'help-made-a-difference',
        message:
          'Select a score from 0 to 10 for ‘On a scale of 0 to 10, how much has the help made a difference?’',
      },
    ]);
  });

  test('a choice, where an empty string is no answer', () => {
    expect(problemsAfter(frontline, (r) => (r.responses['activity-type'] = { value: '' }))).toEqual(
      [
        {
          code: 'answer-required',
          path: 'responses.activity-type.value',
          itemId: 'activity-type',
          message: 'Select an answer for ‘What did you observe?’',
        },
      ],
    );
  });

  test('optional questions may be left out', () => {
    expect(problemsAfter(frontline, (r) => delete r.responses['what-went-well'])).toEqual([]);
  });

  test('long prompts are shortened in the message', () => {
    expect(quote('x'.repeat(100))).toBe(`‘${'x'.repeat(79)}…’`);
  });
});

describe('context', () => {
  test('case ID', () => {
    expect(problemsAfter(cp, (r) => delete r.context.caseId)).toEqual([
      { code: 'case-id-required', path: 'context.caseId', message: 'Enter the case ID' },
    ]);
  });

  test('in the order the page asks them, so the error summary reads down the page', () => {
    const paths = problemsAfter(frontline, (r) => {
      r.context = { consent: {} } as typeof r.context;
    }).map((p) => p.path);
    expect(paths).toEqual([
      'context.observedName',
      'context.observedRole',
      'context.caseId',
      'context.setting',
      'context.date',
      'context.consent.given',
    ]);
  });

  test('date, with the kind’s own noun', () => {
    expect(problemsAfter(audit, (r) => delete r.context.date)).toEqual([
      { code: 'date-required', path: 'context.date', message: 'Enter the date of the audit' },
    ]);
  });

  test('who was observed, and their role', () => {
    expect(
      problemsAfter(cp, (r) => {
        r.context.observedName = ' ';
        delete r.context.observedRole;
      }),
    ).toEqual([
      {
        code: 'observed-name-required',
        path: 'context.observedName',
        message: 'Enter the name of the chair you observed',
      },
      {
        code: 'observed-role-required',
        path: 'context.observedRole',
        message: 'Enter the role of the chair you observed',
      },
    ]);
  });

  test('setting, where the template asks for it', () => {
    expect(problemsAfter(frontline, (r) => delete r.context.setting)).toEqual([
      {
        code: 'setting-required',
        path: 'context.setting',
        message: 'Enter where the observation took place',
      },
    ]);
    expect(problemsAfter(audit, (r) => delete r.context.setting)).toEqual([]);
  });

  test('consent', () => {
    expect(problemsAfter(frontline, (r) => (r.context.consent = {}))).toEqual([
      {
        code: 'consent-required',
        path: 'context.consent.given',
        message: 'Select whether consent was given',
      },
    ]);
    expect(problemsAfter(frontline, (r) => (r.context.consent = { given: 'partly' }))).toEqual([
      {
        code: 'consent-by-whom-required',
        path: 'context.consent.byWhom',
        message: 'Enter who gave consent',
      },
      {
        code: 'consent-how-required',
        path: 'context.consent.how',
        message: 'Enter how consent was given, for example verbally at the start of the visit',
      },
      {
        code: 'consent-declined-parts-required',
        path: 'context.consent.declinedParts',
        message: 'Enter which parts of the consent were declined',
      },
    ]);
    expect(
      problemsAfter(
        frontline,
        (r) => (r.context.consent = { given: 'yes', byWhom: 'The young person' }),
      ).map((p) => p.code),
    ).toEqual(['consent-how-required']);
    expect(problemsAfter(audit, (r) => (r.context.consent = {}))).toEqual([]);
  });

  test('how consent was given on a call is asked for with the call’s example', () => {
    const consent = { given: 'yes', byWhom: 'The young person' } as const;
    expect(
      problemsAfter(call, (r) => (r.context.consent = { ...consent })).map((p) => p.message),
    ).toEqual(['Enter how consent was given, for example verbally at the start of the call']);
  });

  test('when consent is refused, answers and summary are not required', () => {
    const problems = problemsAfter(
      call,
      (r) => {
        r.context.consent = { given: 'no' };
        r.responses = {};
        r.family = {};
      },
      { attempts: [{ ...completedCall(), outcome: 'declined' }] },
    );
    expect(problems).toEqual([]);
  });
});

describe('summary', () => {
  test('an overall judgement needs its reasons', () => {
    expect(problemsAfter(cp, (r) => (r.summary.overallReasons = ''))).toEqual([
      {
        code: 'overall-reasons-required',
        path: 'summary.overallReasons',
        message: 'Enter the reasons for your overall judgement',
      },
    ]);
  });

  test('an overall judgement is required where the template asks for one', () => {
    expect(problemsAfter(audit, (r) => delete r.summary.overallGrade)).toEqual([
      {
        code: 'overall-grade-required',
        path: 'summary.overallGrade',
        message: 'Select an overall judgement',
      },
    ]);
  });

  test('strengths and areas for development', () => {
    expect(
      problemsAfter(frontline, (r) => {
        delete r.summary.strengths;
        r.summary.areasForDevelopment = '';
      }),
    ).toEqual([
      {
        code: 'strengths-required',
        path: 'summary.strengths',
        message: 'Enter the strengths you found',
      },
      {
        code: 'areas-for-development-required',
        path: 'summary.areasForDevelopment',
        message: 'Enter the areas for development',
      },
    ]);
  });

  test('the feedback conversation', () => {
    expect(problemsAfter(cp, (r) => (r.summary.feedback = {}))).toEqual([
      {
        code: 'feedback-held-required',
        path: 'summary.feedback.held',
        message: 'Select whether you held a feedback conversation',
      },
    ]);
    expect(problemsAfter(cp, (r) => (r.summary.feedback = { held: true }))).toEqual([
      {
        code: 'feedback-date-required',
        path: 'summary.feedback.date',
        message: 'Enter the date of the feedback conversation',
      },
    ]);
    expect(problemsAfter(cp, (r) => (r.summary.feedback = { held: false }))).toEqual([]);
  });

  test('an audit’s discussion with the social worker, in an audit’s words', () => {
    expect(problemsAfter(audit, (r) => (r.summary.feedback = {}))).toEqual([
      {
        code: 'feedback-held-required',
        path: 'summary.feedback.held',
        message: 'Select whether you discussed the audit with the social worker',
      },
    ]);
    expect(problemsAfter(audit, (r) => (r.summary.feedback = { held: true }))).toEqual([
      {
        code: 'feedback-date-required',
        path: 'summary.feedback.date',
        message: 'Enter the date of the discussion with the social worker',
      },
    ]);
  });

  // The same rule as a head of service's discussion of an audited case (sample-discussion.ts):
  // what follows a record is on or after its day (past-dates.ts, isBeforeRecordDay).
  test('a feedback conversation held before the day of the observation, in each kind’s words', () => {
    const before = (r: Observation) => {
      r.context.date = '2026-12-01';
      r.summary.feedback = { ...r.summary.feedback, held: true, date: '2026-11-01' };
    };
    expect(problemsAfter(cp, before)).toEqual([
      {
        code: 'feedback-before-record',
        path: 'summary.feedback.date',
        message:
          'Date of the feedback conversation must be on or after the day of the observation, 1 December 2026',
      },
    ]);
    expect(problemsAfter(audit, before)).toEqual([
      {
        code: 'feedback-before-record',
        path: 'summary.feedback.date',
        message:
          'Date of the discussion with the social worker must be on or after the day of the audit, 1 December 2026',
      },
    ]);
    // The same day is not before it; a conversation not held has no date to judge.
    const sameDay = (r: Observation) => {
      r.context.date = '2026-11-01';
      r.summary.feedback = { ...r.summary.feedback, held: true, date: '2026-11-01' };
    };
    expect(problemsAfter(cp, sameDay)).toEqual([]);
    const notHeld = (r: Observation) => {
      r.context.date = '2026-12-01';
      r.summary.feedback = { held: false, date: '2026-11-01' };
    };
    expect(problemsAfter(cp, notHeld)).toEqual([]);
  });

  test('the reflection, where a template requires it', () => {
    const strict: Template = {
      ...audit,
      summary: audit.summary.map((s) => (s.part === 'reflection' ? { ...s, required: true } : s)),
    };
    expect(problemsAfter(strict, (r) => delete r.summary.reflection)).toEqual([
      {
        code: 'reflection-required',
        path: 'summary.reflection',
        message: 'Enter the reflection of the social worker whose case you audited',
      },
    ]);
    expect(problemsAfter(audit, (r) => delete r.summary.reflection)).toEqual([]);
  });

  test('the family’s feedback: who answered, and the auditor’s summary', () => {
    expect(problemsAfter(call, (r) => (r.family = { familyWords: 'Fine' }))).toEqual([
      {
        code: 'who-answered-required',
        path: 'family.whoAnswered',
        message: 'Select who answered the call',
      },
      {
        code: 'family-summary-required',
        path: 'family.auditorSummary',
        message: 'Enter your summary of the family’s feedback for the audit',
      },
    ]);
  });
});

describe('call attempts', () => {
  test('at least one attempt is logged', () => {
    expect(problemsAfter(call, () => {}, { attempts: [] })).toEqual([
      {
        code: 'call-attempt-required',
        path: 'attempts',
        message: 'Add at least one call attempt, with when you called and what happened',
      },
    ]);
  });

  test('consent on a call means a completed attempt', () => {
    const attempts: FamilyCallAttempt[] = [{ ...completedCall(), outcome: 'no-answer' }];
    expect(problemsAfter(call, () => {}, { attempts })).toEqual([
      {
        code: 'completed-call-required',
        path: 'attempts',
        message: 'Add the call attempt that was completed – the family gave consent on a call',
      },
    ]);
  });

  test('a family never reached: no answers, summary or consent details needed, only the attempts', () => {
    const attempts: FamilyCallAttempt[] = [
      { ...completedCall(), outcome: 'no-answer' },
      { ...completedCall(), id: testId(31), outcome: 'no-answer' },
    ];
    const notReached = (r: Parameters<Parameters<typeof problemsAfter>[1]>[0]) => {
      r.context.consent = { given: 'not-reached' };
      r.responses = {};
      r.summary = { feedback: {} };
      r.family = {};
    };
    expect(problemsAfter(call, notReached, { attempts })).toEqual([]);
    // Still a call: at least one attempt is logged.
    expect(problemsAfter(call, notReached, { attempts: [] }).map((p) => p.code)).toEqual([
      'call-attempt-required',
    ]);
  });

  test('“not reached” with a completed attempt: the family was reached, so ask again', () => {
    expect(problemsAfter(call, (r) => (r.context.consent = { given: 'not-reached' }))).toEqual([
      {
        code: 'reached-on-a-completed-call',
        path: 'context.consent.given',
        message:
          'A call attempt was completed, so the family was reached: select whether they agreed to take part',
      },
    ]);
  });

  test('“not reached” is only for calls', () => {
    expect(
      problemsAfter(frontline, (r) => (r.context.consent = { given: 'not-reached' })).map(
        (p) => p.code,
      ),
    ).toEqual(['not-reached-only-on-calls']);
  });

  test('attempts for another record do not count', () => {
    const attempts = [{ ...completedCall(), observationId: testId(2) }];
    expect(problemsAfter(call, () => {}, { attempts }).map((p) => p.code)).toEqual([
      'call-attempt-required',
    ]);
  });
});

describe('improvement actions', () => {
  test('an action needs an owner', () => {
    const actions = [action({ ownerName: '' })];
    expect(problemsAfter(audit, () => {}, { actions })).toEqual([
      {
        code: 'action-owner-required',
        path: `actions.${testId(40)}.ownerName`,
        message: 'Enter who will do the action ‘Update the chronology’',
      },
    ]);
  });

  test('a user id is an owner', () => {
    const actions = [action({ ownerName: undefined, ownerUserId: testId(77) })];
    expect(problemsAfter(audit, () => {}, { actions })).toEqual([]);
  });

  test('an action needs a date', () => {
    const actions = [action({ dueDate: undefined })];
    expect(problemsAfter(audit, () => {}, { actions })).toEqual([
      {
        code: 'action-due-date-required',
        path: `actions.${testId(40)}.dueDate`,
        message: 'Enter the date the action ‘Update the chronology’ is due by',
      },
    ]);
  });

  test('an action needs to say what it is', () => {
    const actions = [action({ what: '' })];
    expect(problemsAfter(audit, () => {}, { actions })).toEqual([
      {
        code: 'action-what-required',
        path: `actions.${testId(40)}.what`,
        message: 'Enter what the action is',
      },
    ]);
  });

  test('cancelled, deleted and unrelated actions are not checked', () => {
    const actions = [
      action({ id: testId(41), ownerName: '', status: 'cancelled' }),
      action({ id: testId(42), ownerName: '', deleted: true }),
      action({ id: testId(43), ownerName: '', observationId: testId(2) }),
    ];
    expect(problemsAfter(audit, () => {}, { actions })).toEqual([]);
  });

  test('an action linked by audit id is checked', () => {
    const actions = [action({ observationId: undefined, auditId: RECORD_ID, dueDate: undefined })];
    expect(problemsAfter(audit, () => {}, { actions }).map((p) => p.code)).toEqual([
      'action-due-date-required',
    ]);
  });

  test('a template can require an improvement plan', () => {
    const strict: Template = {
      ...audit,
      summary: audit.summary.map((s) =>
        s.part === 'improvement-plan' ? { ...s, required: true } : s,
      ),
    };
    expect(problemsAfter(strict, () => {}, { actions: [] })).toEqual([
      {
        code: 'improvement-plan-required',
        path: 'actions',
        message: 'Add at least one action to the improvement plan',
      },
    ]);
  });
});

describe('safety concerns', () => {
  test('a raised safety concern needs who was told', () => {
    const concerns = [concern({ whoWasTold: [] })];
    expect(problemsAfter(frontline, () => {}, { concerns })).toEqual([
      {
        code: 'concern-told-required',
        path: `concerns.${testId(50)}.whoWasTold`,
        message: 'Enter who you told about the safety concern',
      },
    ]);
  });

  test('a safety concern needs to say what it is', () => {
    const concerns = [concern({ what: ' ' })];
    expect(problemsAfter(frontline, () => {}, { concerns })).toEqual([
      {
        code: 'concern-what-required',
        path: `concerns.${testId(50)}.what`,
        message: 'Enter what the safety concern is',
      },
    ]);
  });
});

test('problems come in page order: context, questions, summary, attempts, actions, concerns', () => {
  const problems = problemsAfter(
    call,
    (r) => {
      delete r.context.caseId;
      delete r.responses['knows-why-involved'];
      delete r.family.auditorSummary;
    },
    {
      attempts: [],
      actions: [action({ dueDate: undefined })],
      concerns: [concern({ whoWasTold: [] })],
    },
  );
  expect(problems.map((p) => p.code)).toEqual([
    'case-id-required',
    'answer-required',
    'family-summary-required',
    'call-attempt-required',
    'action-due-date-required',
    'concern-told-required',
  ]);
});

describe('answers that something must follow', () => {
  const call = findTemplate('family-feedback-call', 1)!;
  const audit = findTemplate('single-case-audit', 1)!;
  const concernOnCall = (r: Observation) => {
    r.responses['no-immediate-concern'] = { value: 'no', evidence: 'The child said he was hit.' };
  };
  const actionsNeeded = (r: Observation) => {
    r.responses['actions-needed'] = { value: 'yes', evidence: 'Chronology out of date.' };
  };

  test('a call that ended with an immediate concern is not finished until the concern is raised from it', () => {
    const codes = (children: CompletenessChildren = {}) =>
      problemsAfter(call, concernOnCall, children).map((p) => p.code);
    expect(codes()).toEqual(['concern-not-raised']);
    expect(problemsAfter(call, concernOnCall)[0]).toMatchObject({
      path: 'responses.no-immediate-concern.value',
      itemId: 'no-immediate-concern',
    });
    // One raised from another call does not count; one raised from this call does.
    expect(codes({ concerns: [concern({ observationId: testId(77) })] })).toEqual([
      'concern-not-raised',
    ]);
    expect(codes({ concerns: [concern({})] })).toEqual([]);
  });

  test('where the concerns are not at hand (the server), nothing is asked of them: they travel on their own route', () => {
    const record = completeFor(call, RECORD_ID);
    concernOnCall(record);
    const elsewhere = (concerns: SafetyConcern[] = []) =>
      checkCompleteness(
        record,
        call,
        { attempts: [completedCall()], concerns },
        { concernsElsewhere: true },
      ).map((p) => p.code);
    expect(elsewhere()).toEqual([]);
    expect(elsewhere([concern({ whoWasTold: [], what: ' ' })])).toEqual([]);
    // Everything else is still asked.
    delete record.context.caseId;
    expect(elsewhere()).toEqual(['case-id-required']);
  });

  test('an audit that says actions are needed is not finished without a live action', () => {
    const codes = (children: CompletenessChildren = {}) =>
      problemsAfter(audit, actionsNeeded, children).map((p) => p.code);
    expect(codes()).toEqual(['actions-not-added']);
    expect(codes({ actions: [action({ status: 'cancelled' })] })).toEqual(['actions-not-added']);
    expect(codes({ actions: [action({ observationId: undefined, auditId: RECORD_ID })] })).toEqual(
      [],
    );
    expect(codes({ actions: [action({})] })).toEqual([]);
  });

  test('every built-in follow-up names answers its question can have', () => {
    for (const t of builtInTemplates)
      for (const { item } of templateItems(t)) {
        const keys = [...(item.requiresOn?.concern ?? []), ...(item.requiresOn?.action ?? [])];
        const options =
          item.response.type === 'ynna'
            ? ['yes', 'no', 'na']
            : item.response.type === 'choice'
              ? item.response.options.map((o) => o.key)
              : [];
        for (const k of keys) expect(options, `${t.id} ${item.id}`).toContain(k);
      }
  });
});

describe('a trigger date after the meeting observed', () => {
  const lac = findTemplate('lac-review-chairing', 1)!;
  /** Only the trigger dates given, the others (not required) left empty. */
  const triggers = (template: Template, r: Observation, dates: Record<string, string>) => {
    for (const { item } of templateItems(template))
      if (item.timescaleRule) delete r.responses[item.id];
    for (const [id, value] of Object.entries(dates)) r.responses[id] = { value };
  };

  test('the review of the report: looked after from 1 February, reviewed on 23 January, is not complete', () => {
    const problems = problemsAfter(lac, (r) => {
      r.context.date = '2026-01-23';
      r.responses['review-number'] = { value: 'first' };
      triggers(lac, r, { 'date-became-looked-after': '2026-02-01' });
    });
    expect(problems).toEqual([
      {
        code: 'trigger-after-meeting',
        path: 'responses.date-became-looked-after.value',
        itemId: 'date-became-looked-after',
        message: 'Date the child became looked after must be on or before the date of the review',
      },
    ]);
  });

  test('a strategy discussion after the conference, and one on its day', () => {
    const after = problemsAfter(cp, (r) => {
      r.context.date = '2026-03-02';
      triggers(cp, r, { 'strategy-discussion-date': '2026-03-03' });
    });
    expect(after.map((p) => p.message)).toEqual([
      'Date of the strategy discussion must be on or before the date of the conference',
    ]);
    const onTheDay = problemsAfter(cp, (r) => {
      r.context.date = '2026-03-02';
      triggers(cp, r, { 'strategy-discussion-date': '2026-03-02' });
    });
    expect(onTheDay).toEqual([]);
  });

  test('an audit’s dates are not judged against the day of the audit', () => {
    expect(
      problemsAfter(audit, (r) => {
        r.context.date = '2026-01-23';
        for (const { item } of templateItems(audit))
          if (item.timescaleRule) r.responses[item.id] = { value: '2026-02-01' };
      }),
    ).toEqual([]);
  });
});
