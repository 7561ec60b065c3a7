import type { Template } from '../entities/template';
import { choiceItem, scaleItem, textItem, ynnaItem, ypndkItem } from './item-builders';
import {
  brief,
  fromBrief,
  fromOfsted,
  fromQaf,
  fromSchedules,
  ofsted,
  qaf,
  schedules2009,
} from './sources';

// The structured telephone questionnaire an auditor completes with the family as part of each
// monthly single case audit (Southwark QAF, Appendix 1, 2d). The QAF requires the call but does
// not publish its questions, so they come from the domain brief (§5.4), each tied to the audit
// standard or Ofsted statement it tests. Who answered, the language used, the family's own words
// and the auditor's summary are recorded in the record's `family` part, kept apart; the call
// attempts are their own rows (family-call-attempt.ts).

const checklist = fromBrief(brief.familyCallChecklist);
const theirWords = 'What they said, in their own words';

export const familyFeedbackCallV1 = {
  id: 'family-feedback-call',
  version: 1,
  kind: 'family-feedback-call',
  title: 'Family feedback call',
  description:
    'A structured telephone questionnaire with a parent, carer or young person, made by the auditor as part of the monthly single case audit. Link it to the audit it belongs to.',
  gradeScaleId: 'ofsted-ilacs',
  observedDescription: 'the family’s allocated social worker',
  consentRequired: true,
  settingRequired: false,
  scripts: [
    {
      id: 'introduction-and-consent',
      title: 'Introduction and consent',
      text: 'Hello, my name is [your name]. I work in the quality assurance team of [the council]’s children’s services. Every month we look closely at the help a few families get, and we ask the family what they think. Your family’s case is one of them. The call takes about 15 minutes. You do not have to take part, and saying no will not change the help you get. Are you happy to talk to me now?',
      source: fromQaf(qaf.monthlyAudits),
    },
    {
      id: 'recording',
      title: 'Recording your answers',
      text: 'I will write down your answers, using your own words where I can, and they will go into our audit of the work with your family. Your answers help us see what we do well and what we need to change. You can stop at any time or skip any question. Is it all right for me to write your answers down?',
      source: fromQaf(qaf.familyFeedback),
    },
    {
      id: 'safeguarding',
      title: 'Safeguarding',
      text: 'What you tell me stays within children’s services, with one exception. If you tell me something that makes me worried about a child’s safety, I must share it straight away with the people who can make sure the child is safe. I would tell you if I needed to do that.',
      source: fromQaf(qaf.monthlyAudits),
    },
    {
      id: 'closing',
      title: 'Closing the call',
      text: 'Thank you for your time. What you have told me will help us improve. If you want to talk about anything we discussed, you can contact your social worker or their manager, ask for an advocate, or make a complaint, and I can give you those details now.',
      source: checklist,
    },
  ],
  sections: [
    {
      id: 'before-the-questions',
      title: 'Before the questions',
      items: [
        ynnaItem({
          id: 'purpose-and-confidentiality-explained',
          prompt:
            'You explained the purpose of the call, that answers will be recorded, and the limits of confidentiality',
          guidance:
            'Read the introduction, recording and safeguarding scripts. If any immediate concern for a child’s safety arises during an audit, the auditor must make sure the appropriate people are told as a matter of urgency, always including the Director of Children’s Social Care; the family should know this before they answer.',
          source: checklist,
          guidanceSource: fromQaf(qaf.monthlyAudits),
        }),
      ],
    },
    {
      id: 'questions',
      title: 'Questions',
      answeredBy: 'family',
      description:
        'Ask each question as written. Record the answer, then what they said in their own words: your own comments go in your summary, not here.',
      items: [
        ypndkItem({
          id: 'knows-why-involved',
          prompt: 'Do you know why children’s services are involved with your family?',
          evidenceLabel: theirWords,
          guidance:
            'The audit asks whether there is a "clear understanding and reason for Social Care involvement", and whether the family understand "the issues in relation to social care\'s involvement, and what is expected of them".',
          source: checklist,
          guidanceSource: fromQaf(qaf.assessment),
        }),
        ypndkItem({
          id: 'knows-plan',
          prompt: 'Do you know what the plan is, and what is expected of you?',
          evidenceLabel: theirWords,
          guidance:
            'Social workers engage with families "who understand the help they will receive, what has to change and the options for the future".',
          source: checklist,
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
        ypndkItem({
          id: 'listened-to-and-respected',
          prompt: 'Do you feel listened to, and treated with respect?',
          evidenceLabel: theirWords,
          guidance:
            'Parents and carers "report that they are treated with dignity and respect", and that their needs are understood in the context of their culture, religion and identity.',
          source: checklist,
          guidanceSource: fromSchedules(schedules2009.equalityAndDiversity),
        }),
        ypndkItem({
          id: 'reports-in-time',
          prompt: 'Did you get reports in time to read them before meetings?',
          evidenceLabel: theirWords,
          guidance:
            'Parents often say reports arrive too late to read. Good practice shares them early enough to read, with help if needed.',
          source: checklist,
          guidanceSource: fromBrief(brief.parentsOnConferences),
        }),
        ypndkItem({
          id: 'meetings-explained',
          prompt: 'Were meetings explained to you, and could you say what you wanted to?',
          evidenceLabel: theirWords,
          guidance:
            'The audit asks "How effective are the reviewing arrangements and the involvement of child/parent within this?"',
          source: checklist,
          guidanceSource: fromQaf(qaf.planning),
        }),
        ypndkItem({
          id: 'child-seen-alone-and-views-used',
          prompt: 'Does your worker see your child on their own, and are your child’s views used?',
          evidenceLabel: theirWords,
          safeguardingFlag: true,
          guidance:
            'The audit looks for the child "seen alone, with their wishes and feelings recorded". A family’s account that the child is never seen alone is a prompt to check the record, and to consider a safety concern.',
          source: checklist,
          guidanceSource: fromQaf(qaf.childFocus),
        }),
        ypndkItem({
          id: 'told-what-happens-next',
          prompt: 'Are you told what will happen next?',
          evidenceLabel: theirWords,
          guidance:
            'Families "are engaged in all actions and decisions and understand the intentions of the help they receive". There should be no surprises.',
          source: checklist,
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
        choiceItem({
          id: 'worker-changes',
          prompt: 'How many times has your social worker changed in the last 12 months?',
          options: [
            { key: 'none', label: 'Not at all' },
            { key: 'once', label: 'Once' },
            { key: 'twice', label: 'Twice' },
            { key: 'three-or-more', label: 'Three times or more' },
            { key: 'dont-know', label: 'Don’t know' },
          ],
          guidance:
            'Families benefit "from stable and meaningful relationships with social workers". The audit covers the last 12 months of involvement, so ask about the same period.',
          source: checklist,
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
        scaleItem({
          id: 'help-made-a-difference',
          prompt: 'On a scale of 0 to 10, how much has the help made a difference?',
          required: true,
          lowLabel: '0 – no difference at all',
          highLabel: '10 – a big difference',
          evidenceLabel: theirWords,
          guidance:
            'Quality assurance "is best measured by what outcomes are achieved for children". Ask what would move their score up one point.',
          source: checklist,
          guidanceSource: fromQaf(qaf.whatIsQa),
        }),
        ypndkItem({
          id: 'knows-how-to-complain',
          prompt: 'Do you know how to make a complaint, or get an advocate, if you need one?',
          evidenceLabel: theirWords,
          guidance:
            'Families "have timely access to, and use the services of, an advocate where appropriate". If they do not know how, give them the details before the call ends.',
          source: fromOfsted(ofsted.helpAndProtection),
        }),
        textItem({
          id: 'what-worked-well',
          prompt: 'What has worked well?',
          guidance:
            'Record their words. The QAF asks that families’ "views and experience of our work with them is understood and heard".',
          source: checklist,
          guidanceSource: fromQaf(qaf.familyFeedback),
        }),
        textItem({
          id: 'what-would-you-change',
          prompt: 'What would you change?',
          guidance:
            'Record their words, including criticism. Staff need "to feel confident in reporting when things are going wrong", and families’ criticism is the same evidence.',
          source: checklist,
          guidanceSource: fromQaf(qaf.transparency),
        }),
      ],
    },
    {
      id: 'closing',
      title: 'Closing the call',
      items: [
        ynnaItem({
          id: 'support-information-given',
          prompt: 'You gave support information, and how to contact the service',
          guidance:
            'Read the closing script. Give the social worker’s and manager’s contact details, and how to get an advocate or make a complaint.',
          source: checklist,
        }),
        ynnaItem({
          id: 'no-immediate-concern',
          prompt: 'The call ended with no immediate concern for a child’s safety',
          safeguardingFlag: true,
          // The Director "will always" be told: a call that raised one is not finished without it.
          requiresOn: { concern: ['no'] },
          guidance:
            'If "any immediate concerns arise in respect of the child\'s safety", the auditor "is responsible for ensuring that the appropriate people are notified as a matter of urgency". Answer ‘No’ and raise a safety concern: the Director of Children’s Social Care is always told.',
          source: checklist,
          guidanceSource: fromQaf(qaf.monthlyAudits),
        }),
      ],
    },
  ],
  summary: [
    { part: 'family-voice', required: true, label: 'The family’s feedback' },
    { part: 'call-attempts', required: true },
  ],
} satisfies Template;
