import type { Template } from '../entities/template';
import { choiceItem, dateItem, gradeItem, scaleItem, ynnaItem, ypndkItem } from './item-builders';
import { brief, fromBrief, fromOfsted, fromQaf, ofsted, qaf } from './sources';

// Peer observation of a child protection conference chair. No published peer-observation form
// exists (domain brief §0.5), so the checklist is built from the chair's role in procedures
// (brief §1), the Southwark QAF's account of what CP chairs are accountable for, and the Ofsted
// "what good looks like" statements for children who need help and protection.

const checklist = fromBrief(brief.cpChecklist);

export const cpConferenceChairingV1 = {
  id: 'cp-conference-chairing',
  version: 1,
  kind: 'cp-conference-chairing',
  title: 'Child protection conference chairing: peer observation',
  description:
    'A child protection chair observes a colleague chairing a conference. The Southwark QAF asks each chair to take part in peer observations of chairing, and the Head of Quality Assurance to observe chairs regularly.',
  gradeScaleId: 'ofsted-ilacs',
  observedDescription: 'the chair you observed',
  consentRequired: true,
  settingRequired: true,
  sections: [
    {
      id: 'about-the-conference',
      title: 'About the conference',
      description:
        'Dates let the app work out whether the conference was held in time: initial conference within 15 working days of the strategy discussion, first review within 3 months, later reviews at most 6 months apart.',
      items: [
        choiceItem({
          id: 'conference-type',
          prompt: 'Type of conference',
          // R1 for an initial (or pre-birth initial) conference, R3 or R4 for a review; a
          // transfer-in conference runs from a notification this checklist does not ask for.
          selectsTimescale: {
            initial: ['icpc'],
            'pre-birth': ['icpc'],
            review: ['next-review-conference', 'first-review-conference'],
            'transfer-in': [],
          },
          options: [
            { key: 'initial', label: 'Initial' },
            { key: 'review', label: 'Review' },
            { key: 'transfer-in', label: 'Transfer in' },
            { key: 'pre-birth', label: 'Pre-birth' },
          ],
          guidance:
            'Record the type so that timeliness is judged against the right rule. CP chairs are accountable for making sure work "adheres to statutory requirements and performance indicators are met".',
          source: checklist,
          guidanceSource: fromQaf(qaf.roles),
        }),
        dateItem({
          id: 'strategy-discussion-date',
          prompt: 'Date of the strategy discussion (initial conferences)',
          hint: 'If there was more than one, the one at which the section 47 enquiry started.',
          timescaleRule: 'icpc',
          guidance:
            'The initial conference should be held within 15 working days of the strategy discussion; the day of the discussion is day 0.',
          source: checklist,
          guidanceSource: fromBrief(brief.timescales),
        }),
        dateItem({
          id: 'initial-conference-date',
          prompt: 'Date of the initial conference (first review conferences)',
          timescaleRule: 'first-review-conference',
          guidance:
            'The first review conference should be held within 3 months of the initial conference (some authorities set 90 days locally).',
          source: checklist,
          guidanceSource: fromBrief(brief.timescales),
        }),
        dateItem({
          id: 'previous-review-conference-date',
          prompt: 'Date of the previous review conference (later review conferences)',
          timescaleRule: 'next-review-conference',
          guidance:
            'Each later review conference should be held within 6 months of the previous one for as long as the child protection plan lasts.',
          source: checklist,
          guidanceSource: fromBrief(brief.timescales),
        }),
        ynnaItem({
          id: 'quorate',
          prompt: 'The conference was quorate',
          guidance:
            'Key participants attended, so the conference could be an effective forum for "timely information-sharing, planning and risk-based decision-making". If it was not quorate, the chair recorded why they went ahead, or reconvened because there was not enough information to decide.',
          source: checklist,
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
      ],
    },
    {
      id: 'preparation',
      title: 'Preparation',
      items: [
        ynnaItem({
          id: 'parents-contacted-before',
          prompt: 'The chair met or phoned the parents before the conference',
          guidance:
            'The chair met or phoned the child and family beforehand to explain the purpose of the conference, who would be there and how they could take part. Parents describe conferences as intimidating and say they feel outnumbered; contact beforehand is the chair’s first chance to change that.',
          source: checklist,
          guidanceSource: fromBrief(brief.cpChairDuties),
        }),
        ynnaItem({
          id: 'child-views-obtained',
          prompt: 'The child’s views were gathered beforehand, or an advocate was arranged',
          guidance:
            'Practice is "influenced by their wishes and feelings or, where they cannot represent their view themselves, those advocated on their behalf". Children, young people and families "have timely access to, and use the services of, an advocate where appropriate".',
          source: checklist,
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
        ynnaItem({
          id: 'reports-shared-in-advance',
          prompt: 'Reports were shared with the parents before the conference',
          evidenceLabel: 'When and how were they shared?',
          guidance:
            'Parents had the reports early enough to read them, with help if they needed it, before the conference. Parents and young people often say reports arrive too late to read, and few young people see them beforehand.',
          source: checklist,
          guidanceSource: fromBrief(brief.parentsOnConferences),
        }),
        choiceItem({
          id: 'reports-shared-when',
          prompt: 'How far ahead were the reports shared?',
          required: false,
          options: [
            { key: 'three-or-more-working-days', label: '3 or more working days before' },
            { key: 'one-or-two-working-days', label: '1 or 2 working days before' },
            { key: 'on-the-day', label: 'On the day' },
            { key: 'not-shared', label: 'Not shared' },
          ],
          guidance:
            'Reports shared on the day cannot be read properly; the family should have time to read them and to ask questions before they are discussed.',
          source: checklist,
          guidanceSource: fromBrief(brief.parentsOnConferences),
        }),
        ynnaItem({
          id: 'exclusions-recorded',
          prompt:
            'Any exclusion from the conference was decided by the chair and the reason recorded',
          hint: 'Select ‘Not applicable’ if nobody was excluded.',
          guidance:
            'The chair decides whether anyone is excluded from all or part of the conference and records the reason, so that the decision can be explained and challenged.',
          source: checklist,
          guidanceSource: fromBrief(brief.cpChairDuties),
        }),
      ],
    },
    {
      id: 'opening',
      title: 'Opening the conference',
      items: [
        gradeItem({
          id: 'opening-explained',
          prompt: 'Introductions, purpose, confidentiality and equality were explained',
          guidance:
            'Everyone was introduced and the family knew who each person was. The chair explained the purpose of the meeting, how reports and information would be shared and kept confidential, and that the conference would be run fairly and without discrimination, in plain words the family could follow.',
          source: checklist,
          guidanceSource: fromBrief(brief.signsOfSafety),
        }),
      ],
    },
    {
      id: 'participation',
      title: 'Participation',
      items: [
        gradeItem({
          id: 'family-spoke-early',
          prompt: 'Family spoke early and fully',
          guidance:
            'The chair enabled the family to speak early and fully, checked they understood what was said and made it safe to disagree. Children, young people and families "are engaged in all actions and decisions and understand the intentions of the help they receive".',
          source: checklist,
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
        gradeItem({
          id: 'child-voice-heard',
          prompt: 'The child’s voice was heard, directly or through someone speaking for them',
          guidance:
            'The child’s wishes, feelings and daily experience were at the centre of the discussion. "Children and young people are listened to, practice is focused on their needs and experiences and influenced by their wishes and feelings".',
          source: checklist,
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
        ynnaItem({
          id: 'interpreter-adjustments',
          prompt: 'An interpreter or other adjustments were provided where needed',
          hint: 'Select ‘Not applicable’ if none were needed.',
          guidance:
            'Help and protection is "sensitive and responsive to age, disability, ethnicity, faith or belief, gender, gender identity, language, race and sexual orientation". Literacy, language and access needs were sorted out before the conference, not on the day.',
          source: checklist,
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
      ],
    },
    {
      id: 'analysis',
      title: 'Analysis of risk',
      items: [
        gradeItem({
          id: 'risk-evaluated',
          prompt: 'Risks were evaluated, with fact kept apart from opinion',
          safeguardingFlag: true,
          guidance:
            'The chair helped the conference weigh past harm, current worries and strengths, keeping fact, observation, allegation and opinion apart, so that "risk is well understood, managed and regularly reviewed" and the decision rests on evidence.',
          source: checklist,
          guidanceSource: fromQaf(qaf.helpAndProtection),
        }),
        ynnaItem({
          id: 'sos-worries-and-strengths',
          prompt:
            'Signs of Safety: worries (including past harm) and what is going well were recorded',
          hint: 'Select ‘Not applicable’ if the conference does not use Signs of Safety.',
          guidance:
            'The conference mapped what is going well and what the worries are, including past harm, before deciding anything.',
          source: checklist,
          guidanceSource: fromBrief(brief.signsOfSafety),
        }),
        ynnaItem({
          id: 'sos-danger-statement',
          prompt: 'Signs of Safety: a danger statement and a safety goal were agreed',
          hint: 'Select ‘Not applicable’ if the conference does not use Signs of Safety.',
          guidance:
            'A danger statement says plainly what professionals are worried will happen to the child, paired with a safety goal that says what must be in place for the worry to end.',
          source: checklist,
          guidanceSource: fromBrief(brief.signsOfSafety),
        }),
        scaleItem({
          id: 'sos-safety-scale',
          prompt: 'Signs of Safety: the conference’s safety scaling, if one was taken',
          lowLabel: '0 – the child will certainly be harmed again',
          highLabel: '10 – enough safety to close the case',
          guidance:
            'Scaling records each participant’s judgement of safety on a 0 to 10 scale; the chair records the range of views, not just an average.',
          source: checklist,
          guidanceSource: fromBrief(brief.signsOfSafety),
        }),
      ],
    },
    {
      id: 'decision',
      title: 'Decision',
      items: [
        ynnaItem({
          id: 'agency-views-sought',
          prompt: 'Each agency’s view on the decision was sought',
          guidance:
            'The chair asked each agency in turn for its view, so that the decision is genuinely multi-agency. Children are protected "through effective multi-agency arrangements".',
          source: checklist,
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
        ynnaItem({
          id: 'explicit-decision',
          prompt: 'The decision, and the category of harm, were stated explicitly',
          safeguardingFlag: true,
          guidance:
            'The chair stated clearly whether the child needs a child protection plan and under which category, so that everyone, the family included, knows what was decided and why. "Findings in relation to significant harm are clear and result in urgent action to protect children and young people."',
          source: checklist,
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
        ynnaItem({
          id: 'dissent-recorded',
          prompt: 'Dissent was recorded in full',
          hint: 'Select ‘Not applicable’ if nobody dissented.',
          guidance:
            'Where a parent or an agency disagreed with the decision, the chair recorded the dissent and the reasons in full.',
          source: checklist,
          guidanceSource: fromBrief(brief.cpChairDuties),
        }),
      ],
    },
    {
      id: 'plan',
      title: 'The plan',
      items: [
        gradeItem({
          id: 'plan-built-in-meeting',
          prompt: 'Building the plan was the main part of the meeting',
          guidance:
            'Most of the time went on planning, not on repeating information, and the plan sets out the work offered to the family and the changes needed, with timescales that fit the child. CP chairs make sure plans are "based on clear outcomes, timescales, with lead accountabilities understood".',
          source: checklist,
          guidanceSource: fromQaf(qaf.roles),
        }),
        ypndkItem({
          id: 'parents-know-what-must-change',
          prompt: 'The parents know what must change for the plan to end',
          guidance:
            'Families "understand the help they will receive, what has to change and the options for the future". The chair checked this with the parents in their own words before the end of the meeting.',
          source: checklist,
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
        ynnaItem({
          id: 'lead-worker-and-core-group-named',
          prompt: 'The lead social worker and the core group were named',
          guidance:
            'The chair named the lead social worker and the members of the core group, so that responsibility for the plan is clear from the day of the conference.',
          source: checklist,
          guidanceSource: fromBrief(brief.cpChairDuties),
        }),
        ynnaItem({
          id: 'next-meetings-set',
          prompt:
            'The first core group (within 10 working days) and the review conference (within 3 months) were set',
          guidance:
            'The first core group meets within 10 working days of the initial conference and the first review conference within 3 months. Plans are "progress checked against outcomes with clear contingency plans if outcomes are not met".',
          source: checklist,
          guidanceSource: fromQaf(qaf.roles),
        }),
      ],
    },
    {
      id: 'chairing-skills',
      title: 'Chairing skills',
      items: [
        gradeItem({
          id: 'tone-pace-conflict',
          prompt: 'Tone, pace, handling of conflict and plain language',
          guidance:
            'The chair kept to the agenda without rushing the family, handled disagreement calmly and used plain language rather than jargon. Parents should not leave feeling unheard or unsure what the risk is.',
          source: checklist,
          guidanceSource: fromBrief(brief.parentsOnConferences),
        }),
        gradeItem({
          id: 'anti-discriminatory-practice',
          prompt: 'Anti-discriminatory practice',
          guidance:
            'The conference was run in an anti-discriminatory way; the family’s culture, faith, language and circumstances were understood and did not become assumptions about risk.',
          source: checklist,
          guidanceSource: fromBrief(brief.cpChairDuties),
        }),
        gradeItem({
          id: 'quality-of-work-challenged',
          prompt:
            'The chair tested the quality of single and multi-agency work, and challenged it where needed',
          guidance:
            'CP chairs make sure single and multi-agency work "is to a high standard, with the safety of children and young people at the centre of thinking and activity". Areas for improvement are "pursued with tenacity until they are resolved".',
          source: fromQaf(qaf.roles),
          guidanceSource: fromQaf(qaf.planningResolution),
        }),
      ],
    },
  ],
  summary: [
    { part: 'strengths', required: true },
    { part: 'areas-for-development', required: true },
    { part: 'overall-judgement', required: true },
    { part: 'feedback', required: true },
    { part: 'reflection', required: false, label: 'The chair’s reflection' },
    { part: 'improvement-plan', required: false },
  ],
} satisfies Template;
