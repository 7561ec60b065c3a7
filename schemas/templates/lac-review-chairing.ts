import type { Template, TemplateItem } from '../entities/template';
import { INTENDED_UNTIL_18, PLACEMENT_VISIT_ITEMS } from '../rules/placement-visits';
import { choiceItem, dateItem, gradeItem, ynnaItem, ypndkItem } from './item-builders';
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

// The Head of Quality Assurance observing an independent reviewing officer (IRO) chairing a
// looked-after child's review. No published form exists for this (domain brief §0.5); the
// checklist follows the IRO's statutory role, Ofsted's IRO findings and the Ofsted statements of
// what good looks like for children looked after.

const checklist = fromBrief(brief.lacChecklist);

export const lacReviewChairingV1 = {
  id: 'lac-review-chairing',
  version: 1,
  kind: 'lac-review-chairing',
  title: 'Looked-after child review chairing: IRO observation',
  description:
    'The Head of Quality Assurance observes an independent reviewing officer chairing a child’s review. The Southwark QAF makes regular observation of IROs chairing reviews part of how the head of service quality-assures practice.',
  gradeScaleId: 'ofsted-ilacs',
  observedDescription: 'the IRO you observed',
  consentRequired: true,
  settingRequired: true,
  sections: [
    {
      id: 'about-the-review',
      title: 'About the review',
      description:
        'Dates let the app work out whether the review was held in time: first review within 20 working days of the child becoming looked after, second within 3 months of the first, then at most every 6 months.',
      items: [
        choiceItem({
          id: 'review-number',
          prompt: 'Which review is this?',
          selectsTimescale: {
            first: ['first-cla-review'],
            second: ['second-cla-review'],
            'third-or-later': ['next-cla-review'],
          },
          options: [
            { key: 'first', label: 'First review' },
            { key: 'second', label: 'Second review' },
            { key: 'third-or-later', label: 'Third or later review' },
          ],
          guidance:
            'The first review is due within 20 working days of the child becoming looked after (reg 33(1)); the second within 3 months of the first; later reviews within 6 months of the previous one. The Southwark QAF’s "within 4 weeks" for the first review is out of date: the regulation counts working days.',
          source: checklist,
          guidanceSource: fromQaf(qaf.planning),
        }),
        dateItem({
          id: 'date-became-looked-after',
          prompt: 'Date the child became looked after (first reviews)',
          timescaleRule: 'first-cla-review',
          guidance:
            'The first review must be held within 20 working days of this date; the day the child became looked after is day 0.',
          source: checklist,
          guidanceSource: fromBrief(brief.timescales),
        }),
        dateItem({
          id: 'first-review-date',
          prompt: 'Date of the first review (for a second review)',
          timescaleRule: 'second-cla-review',
          guidance: 'The second review must be held within 3 months of the first.',
          source: checklist,
          guidanceSource: fromBrief(brief.timescales),
        }),
        dateItem({
          id: 'previous-review-date',
          prompt: 'Date of the previous review (for a third or later review)',
          timescaleRule: 'next-cla-review',
          guidance: 'Each later review must be held within 6 months of the previous one.',
          source: checklist,
          guidanceSource: fromBrief(brief.timescales),
        }),
        ynnaItem({
          id: 'iro-met-child-before-first-review',
          prompt: 'The IRO met the child before the first review',
          hint: 'Select ‘Not applicable’ if this is not the child’s first review.',
          guidance:
            'The IRO must meet the child before the first review. Procedures treat allocating an IRO within 5 working days of the child becoming looked after as good practice.',
          source: checklist,
          guidanceSource: fromBrief(brief.iroPractice),
        }),
      ],
    },
    {
      id: 'child-participation',
      title: 'The child’s participation',
      items: [
        ynnaItem({
          id: 'iro-saw-child-beforehand',
          prompt: 'The IRO saw the child before the review, in private if the child wished',
          guidance:
            'The review is the child’s meeting. The IRO met the child beforehand, alone if the child wanted, so that the child’s views shape the review rather than being reported second-hand.',
          source: checklist,
          guidanceSource: fromBrief(brief.iroPractice),
        }),
        ypndkItem({
          id: 'child-shaped-review',
          prompt: 'The child chose the venue, who attended and the format',
          guidance:
            'The format of the review is agreed with the child and can be spread over several meetings. Children and young people are helped "to influence decisions about their future".',
          source: checklist,
          guidanceSource: fromQaf(qaf.lookedAfter),
        }),
        ynnaItem({
          id: 'advocate-offered',
          prompt: 'An advocate was offered',
          guidance:
            'Children understand their rights: "They understand how to complain and have access to an advocate and independent visitor."',
          source: checklist,
          guidanceSource: fromOfsted(ofsted.lookedAfter),
        }),
        ynnaItem({
          id: 'parents-carers-contributed',
          prompt: 'Parents and carers contributed',
          guidance:
            'Care plans are "regularly and independently reviewed, involving as appropriate the child or young person\'s parents, kinship carers (connected persons), foster carers, residential staff and other adults who know them".',
          source: checklist,
          guidanceSource: fromOfsted(ofsted.lookedAfter),
        }),
      ],
    },
    {
      id: 'care-plan-scrutiny',
      title: 'Scrutiny of the care plan',
      items: [
        gradeItem({
          id: 'plan-meets-needs',
          prompt: 'The care plan meets the child’s current and developing needs',
          guidance:
            '"Care plans comprehensively address the needs and experiences of children and young people." The review checked that the plan still fits the child, so that it remains "appropriate as well as ambitious".',
          source: checklist,
          guidanceSource: fromOfsted(ofsted.lookedAfter),
        }),
        gradeItem({
          id: 'permanence-drift-challenged',
          prompt: 'Permanence and its timescale were scrutinised, and drift challenged',
          guidance:
            'Plans for permanence "are effectively and regularly reviewed by independent reviewing officers (IROs). IROs bring rigour and challenge to the care planning". Ofsted found IROs often did not challenge drift and delay; good practice names it and sets a date.',
          source: checklist,
          guidanceSource: fromOfsted(ofsted.lookedAfter),
        }),
        gradeItem({
          id: 'placement-child-happy',
          prompt: 'The placement, and whether the child is happy there',
          safeguardingFlag: true,
          guidance:
            'Children "live in safe, stable and appropriate homes or families with their brothers and sisters when this is in their best interests". They "do not live in homes that fail to meet their needs and they do not move frequently".',
          source: checklist,
          guidanceSource: fromOfsted(ofsted.lookedAfter),
        }),
        gradeItem({
          id: 'health',
          prompt: 'Health',
          guidance:
            'Children "are in good health or are being helped to improve their health and their health needs are identified". The review checked health assessments and that mental health or therapeutic help is in place when needed.',
          source: checklist,
          guidanceSource: fromOfsted(ofsted.lookedAfter),
        }),
        gradeItem({
          id: 'education-pep',
          prompt: 'Education and the personal education plan',
          guidance:
            'Children attend school or other educational provision and learn, with "effective and up-to-date personal education plans that have been agreed with the child\'s full involvement".',
          source: checklist,
          guidanceSource: fromSchedules(schedules2009.enjoyingAndAchieving),
        }),
        gradeItem({
          id: 'family-time',
          prompt: 'Family time',
          guidance:
            'Children "have appropriate, carefully assessed and supported contact with family and friends and other people who are important to them".',
          source: checklist,
          guidanceSource: fromOfsted(ofsted.lookedAfter),
        }),
        gradeItem({
          id: 'identity-culture-religion',
          prompt: 'Identity, culture and religion',
          guidance:
            'Care is "sensitive and responsive to age, disability, ethnicity, faith or belief, gender, gender identity, language, race and sexual orientation". Social workers help children "to understand their lives and their identities through life history work".',
          source: checklist,
          guidanceSource: fromOfsted(ofsted.lookedAfter),
        }),
        gradeItem({
          id: 'risks-known-and-reduced',
          prompt:
            'Risks such as going missing, exploitation, offending or substance misuse are known and reducing',
          safeguardingFlag: true,
          guidance:
            'Any risks associated with offending, misusing drugs or alcohol, going missing or being sexually exploited "are known by the local authority and by adults who care for them. There are plans and help in place that are reducing the risk of harm or actual harm".',
          source: fromOfsted(ofsted.lookedAfter),
        }),
        ynnaItem({
          id: 'pathway-plan',
          prompt:
            'For a young person aged 16 or over: the pathway plan and Staying Put were considered',
          hint: 'Select ‘Not applicable’ if the child is under 16.',
          guidance:
            '"Pathway planning is effective and plans ... address all young people\'s needs and are updated as circumstances change." Young people aged 16 and 17 are encouraged to remain looked after until 18 where that is in their best interest.',
          source: checklist,
          guidanceSource: fromOfsted(ofsted.careLeavers),
        }),
      ],
    },
    {
      id: 'challenge',
      title: 'Challenge',
      items: [
        gradeItem({
          id: 'la-challenged',
          prompt: 'The IRO challenged the local authority where needed',
          guidance:
            'IROs "monitor the performance of the local authority as a corporate parent, escalating issues as appropriate", so that "their best interests remain paramount".',
          source: checklist,
          guidanceSource: fromOfsted(ofsted.lookedAfter),
        }),
        ynnaItem({
          id: 'dispute-resolution',
          prompt: 'Dispute resolution was used or considered',
          hint: 'Select ‘Not applicable’ if there was no disagreement about the care plan.',
          guidance:
            'IROs "seek to resolve disputes at the earliest opportunity through discussion with the responsible social worker or advanced practitioner"; when that fails in good time, they escalate to the Practice Group Lead and, if necessary, the Head of Service and the Director.',
          source: checklist,
          guidanceSource: fromQaf(qaf.planningResolution),
        }),
      ],
    },
    {
      id: 'decisions',
      title: 'Decisions',
      items: [
        gradeItem({
          id: 'decisions-specific',
          prompt: 'Decisions were specific, each with an owner and a date',
          guidance:
            'Plans are "based on clear outcomes, timescales, with lead accountabilities understood" and "progress checked against outcomes with clear contingency plans if outcomes are not met".',
          source: checklist,
          guidanceSource: fromQaf(qaf.roles),
        }),
        ypndkItem({
          id: 'decisions-explained-to-child',
          prompt: 'The decisions were explained to the child in words they understand',
          guidance:
            'Children "fully understand what is happening to them according to their age and understanding". The IRO checked the child’s understanding, and the record of the review is written to the child.',
          source: checklist,
          guidanceSource: fromSchedules(schedules2009.feelSafe),
        }),
      ],
    },
  ],
  summary: [
    { part: 'strengths', required: true },
    { part: 'areas-for-development', required: true },
    { part: 'overall-judgement', required: true },
    { part: 'feedback', required: true },
    { part: 'reflection', required: false, label: 'The IRO’s reflection' },
    { part: 'improvement-plan', required: false },
  ],
} satisfies Template;

// Version 2 adds three optional questions about the current placement, so that the app can say
// whether the child's social worker visits were up to date at the review (reg 28;
// rules/placement-visits.ts). Nothing else changes; drafts under version 1 can be moved to it.

const visitSource = fromBrief(brief.timescales);

const placementVisitItems: TemplateItem[] = [
  dateItem({
    id: PLACEMENT_VISIT_ITEMS.placementStart,
    prompt: 'Date of the child’s current placement',
    hint: 'Optional. With the date of the last social worker visit, the app works out whether visits were up to date at the review.',
    guidance:
      'The child’s social worker must visit within 1 week of the start of any placement, then at intervals of not more than 6 weeks for the first year of the placement (Care Planning, Placement and Case Review (England) Regulations 2010, reg 28(2)). The day the placement started is day 0.',
    source: visitSource,
  }),
  {
    ...choiceItem({
      id: PLACEMENT_VISIT_ITEMS.intendedUntil18,
      prompt: 'The placement is intended to last until the child is 18',
      hint: 'Optional. Until this is answered, visits are counted every 6 weeks.',
      required: false,
      options: [
        { key: INTENDED_UNTIL_18, label: 'Yes' },
        { key: 'no', label: 'No' },
      ],
      guidance:
        'After the first year of a placement intended to last until the child is 18, visits may be at intervals of not more than 3 months; in any other case they stay at not more than 6 weeks (reg 28(2)(c)). Visits for a child placed with a parent, or with a connected person under temporary approval, follow other intervals (reg 28(3)-(5)) that the app does not work out.',
      source: visitSource,
    }),
    evidence: 'none',
  },
  dateItem({
    id: PLACEMENT_VISIT_ITEMS.lastVisit,
    prompt: 'Date of the last social worker visit to the child',
    hint: 'Optional. The last visit on or before the review.',
    guidance:
      'The review is a chance for the IRO to check that the child is seen by their social worker as often as the regulations require. The next visit is due 6 weeks after the last one (3 months after the first year of a placement intended to last until 18); a late visit restarts the count from its own date.',
    source: visitSource,
  }),
];

export const lacReviewChairingV2 = {
  ...lacReviewChairingV1,
  version: 2,
  sections: lacReviewChairingV1.sections.map((section) => {
    if (section.id !== 'about-the-review') return section;
    const at = section.items.findIndex((i) => i.id === 'previous-review-date') + 1;
    return {
      ...section,
      description: `${section.description ?? ''} The placement dates let it say whether the child’s social worker visits were up to date at the review (reg 28): within 1 week of the placement, then at least every 6 weeks, or every 3 months after the first year of a placement intended to last until 18.`,
      items: [...section.items.slice(0, at), ...placementVisitItems, ...section.items.slice(at)],
    };
  }),
} satisfies Template;
