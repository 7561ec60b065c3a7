import type { Template, TemplateItem } from '../entities/template';
import type { SourceRef } from '../entities/template';
import { dateItem, gradeItem, textItem, ynnaItem, ypndkItem } from './item-builders';
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

// The Southwark single case audit (QAF Appendix 1, §4 "In completing your audit please consider
// the following"): its seven areas, each question as a Yes / No / Not applicable with evidence,
// and a judgement for each area with its comments and reasons (the "Any comments and reasons for
// judgement" column). Then the family's feedback (from the family feedback call), the social
// worker's reflection (the Audit Case File Reflection Sheet) and the improvement plan, whose
// actions are improvement-action rows. The audit covers the last 12 months of involvement.

const reasonsLabel = 'Comments and reasons for judgement';

function areaJudgement(
  id: string,
  area: string,
  guidance: string,
  guidanceSource: SourceRef,
): TemplateItem {
  return gradeItem({
    id,
    prompt: `Judgement for ${area}`,
    evidenceLabel: reasonsLabel,
    hint: 'Identify good or poor practice and give the reasons for the judgement.',
    guidance,
    source: fromQaf(qaf.commentsAndReasons),
    guidanceSource,
  });
}

export const singleCaseAuditV1 = {
  id: 'single-case-audit',
  version: 1,
  kind: 'single-case-audit',
  title: 'Single case audit',
  description:
    'The monthly single case file audit: one case for every practice group, chosen by the Performance Team, covering the last 12 months of social care involvement. It includes the social worker’s reflection, a telephone questionnaire with the family and an improvement plan.',
  gradeScaleId: 'ofsted-ilacs',
  observedDescription: 'the social worker whose case you audited',
  consentRequired: false,
  settingRequired: false,
  sections: [
    {
      id: 'case-information',
      title: 'Case information',
      items: [
        ynnaItem({
          id: 'case-information-complete',
          prompt:
            'The information on the child, their family and professional network is complete and up to date',
          guidance:
            'Check the child’s details, family members and every professional involved. "Records of action and decision are clear and up to date."',
          source: fromQaf(qaf.caseInformation),
          guidanceSource: fromQaf(qaf.helpAndProtection),
        }),
        areaJudgement(
          'case-information-judgement',
          'case information',
          'All staff and managers are responsible for making sure "record keeping on the case recording system is accurate and up to date".',
          fromQaf(qaf.roles),
        ),
      ],
    },
    {
      id: 'current-referral',
      title: 'Current referral',
      items: [
        ynnaItem({
          id: 'reason-for-involvement-clear',
          prompt: 'There is a clear understanding of, and reason for, social care involvement',
          guidance:
            'The record shows why the family is known to social care now, and the threshold decision that led here. Thresholds for intervention are "appropriate, understood by partners, consistently applied".',
          source: fromQaf(qaf.currentReferral),
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
        dateItem({
          id: 'referral-date',
          prompt: 'Date of the current referral',
          timescaleRule: 'assessment',
          guidance:
            'The assessment should be completed within 45 working days of the referral; the app shows the date it was due by, to check against the record.',
          source: fromQaf(qaf.currentReferral),
          guidanceSource: fromBrief(brief.timescales),
        }),
        areaJudgement(
          'current-referral-judgement',
          'the current referral',
          'There is "a timely and effective response to referrals, including out of normal office hours".',
          fromQaf(qaf.helpAndProtection),
        ),
      ],
    },
    {
      id: 'assessment',
      title: 'Assessment and analysis of need',
      items: [
        ynnaItem({
          id: 'risk-and-protective-factors',
          prompt:
            'Risk and protective factors have been explored and are analysed in the assessment',
          safeguardingFlag: true,
          guidance:
            'Assessments "include a robust analysis" and "risk and protective factors impacting on children\'s safety and welfare are identified well".',
          source: fromQaf(qaf.assessment),
          guidanceSource: fromSchedules(schedules2009.assessmentAndDirectWork),
        }),
        ynnaItem({
          id: 'research-and-theory',
          prompt: 'Research and theory underpin the practice',
          guidance:
            'Assessments are "informed by research and by the historical context and significant events for each case".',
          source: fromQaf(qaf.assessment),
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
        ynnaItem({
          id: 'parent-child-relationship-observed',
          prompt: 'There are observations and views of the parent–child relationship',
          guidance:
            'The assessment records what the worker saw of the child with each parent, not only what was said about it.',
          source: fromQaf(qaf.assessment),
        }),
        ynnaItem({
          id: 'family-history-and-extended-family',
          prompt: 'Family history is explored and extended family members are included',
          guidance:
            'The assessment covers family history and brings in extended family, who may offer support or, if needed, care.',
          source: fromQaf(qaf.assessment),
        }),
        ynnaItem({
          id: 'identity-and-circumstances',
          prompt:
            'The child’s race, culture, language and religion, and factors such as isolation, poverty and employment, are considered',
          guidance:
            'Sufficient attention is given to the child’s race, culture, language and religion, and it shows in the plan; cultural norms and factors "such as social isolation, poverty and employment" are considered in assessing risk.',
          source: fromQaf(qaf.assessment),
        }),
        ynnaItem({
          id: 'family-views-and-assessment-shared',
          prompt: 'The family’s views are included, and the assessment was shared with them',
          guidance:
            'The assessment includes the family’s views, shows they understand why social care is involved and what is expected of them, and was shared with them.',
          source: fromQaf(qaf.assessment),
        }),
        ynnaItem({
          id: 'multi-agency-assessment',
          prompt: 'Other agencies contributed to the assessment and it informs the plan',
          guidance:
            'Assessments are timely and "involve other professionals appropriately"; the multi-agency contribution helps determine the plan and actions.',
          source: fromQaf(qaf.assessment),
          guidanceSource: fromSchedules(schedules2009.assessmentAndDirectWork),
        }),
        areaJudgement(
          'assessment-judgement',
          'assessment and analysis of need',
          'Assessments "are timely, proportionate to risk, and informed by research and by the historical context and significant events for each case". They "result in direct work with families" and "address all domains of the local framework for assessment".',
          fromOfsted(ofsted.helpAndProtection),
        ),
      ],
    },
    {
      id: 'planning',
      title: 'Planning for the child',
      items: [
        ynnaItem({
          id: 'meetings-in-timescale',
          prompt: 'Key meetings were held within timescale',
          guidance:
            'CP: initial conference within 15 working days of the strategy discussion, first review within 3 months, then every 6 months. Child looked after: first review within 20 working days (the QAF’s "4 weeks" is out of date), second within 3 months, then every 6 months. Child in need: the authority’s own rule (Southwark: first review within 3 months, then every 6 months).',
          source: fromQaf(qaf.planning),
          guidanceSource: fromBrief(brief.timescales),
        }),
        dateItem({
          id: 'cin-plan-date',
          prompt: 'Date of the initial child in need plan (child in need cases)',
          timescaleRule: 'first-cin-review',
          guidance:
            'The first child in need review is due within the authority’s local timescale of the plan (Southwark: 3 months).',
          source: fromQaf(qaf.planning),
          guidanceSource: fromBrief(brief.timescales),
        }),
        dateItem({
          id: 'last-cin-review-date',
          prompt: 'Date of the last child in need review (child in need cases)',
          timescaleRule: 'next-cin-review',
          guidance:
            'Later child in need reviews are due within the authority’s local timescale (Southwark: 6 months).',
          source: fromQaf(qaf.planning),
          guidanceSource: fromBrief(brief.timescales),
        }),
        ynnaItem({
          id: 'meetings-address-risk',
          prompt: 'Meetings (CP, CIN, CIC) address risk, and the plan is likely to reduce harm',
          safeguardingFlag: true,
          guidance:
            'Conferences, core groups and reviews are "effective forums for timely information-sharing, planning and risk-based decision-making".',
          source: fromQaf(qaf.planning),
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
        ynnaItem({
          id: 'intervention-planned-and-purposeful',
          prompt:
            'The level of intervention fits the concerns, and the worker is working in a planned and purposeful way',
          guidance:
            'Children "receive help that is proportionate to risk"; the allocated worker works with the family in a planned and purposeful way.',
          source: fromQaf(qaf.planning),
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
        ynnaItem({
          id: 'plan-meets-needs',
          prompt: 'The plan meets the child’s identified needs',
          guidance:
            'Plans "are clear, robust and identify the intended outcomes for children and young people".',
          source: fromQaf(qaf.planning),
          guidanceSource: fromSchedules(schedules2009.casePlanning),
        }),
        ypndkItem({
          id: 'actions-progressed',
          prompt: 'Actions in the plan are being progressed',
          guidance:
            '"Recording demonstrates good work to show that the plan is being fully implemented." Actions that stall are escalated.',
          source: fromQaf(qaf.planning),
          guidanceSource: fromSchedules(schedules2009.casePlanning),
        }),
        ynnaItem({
          id: 'parents-and-child-involved',
          prompt: 'Parents and the child or young person are involved in planning and reviews',
          guidance:
            'Children and families "are involved in assessments or planning to meet the child\'s needs, and the views and feelings of children and the views of family members are taken into account in decisions and plans".',
          source: fromQaf(qaf.planning),
          guidanceSource: fromSchedules(schedules2009.assessmentAndDirectWork),
        }),
        ynnaItem({
          id: 'parental-capacity',
          prompt: 'The parents’ capacity to change is addressed',
          guidance:
            'Social workers assess "the likelihood of, and capacity for, change", and "authoritative action is taken where change is not secured".',
          source: fromQaf(qaf.planning),
          guidanceSource: fromQaf(qaf.helpAndProtection),
        }),
        ynnaItem({
          id: 'multi-agency-working',
          prompt: 'There is good multi-agency working',
          guidance: '"Partners contribute well to achieving good outcomes for children."',
          source: fromQaf(qaf.planning),
          guidanceSource: fromSchedules(schedules2009.casePlanning),
        }),
        areaJudgement(
          'planning-judgement',
          'planning for the child (the quality of planning)',
          'The plan "clearly identifies the work that will be offered to help the family and the necessary changes to be achieved within appropriate timescales for the child or young person". "Plans and decisions are reviewed and alternative authoritative action is taken where the circumstances for children do not change."',
          fromOfsted(ofsted.helpAndProtection),
        ),
      ],
    },
    {
      id: 'child-focus',
      title: 'Child focus',
      items: [
        ynnaItem({
          id: 'engagement-with-child',
          prompt: 'There is engagement between the social worker and the child',
          guidance:
            'Children "benefit from stable and meaningful relationships with social workers".',
          source: fromQaf(qaf.childFocus),
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
        ynnaItem({
          id: 'sense-of-childs-world',
          prompt: 'A sense of the child’s world is evident',
          guidance:
            'Reading the file, you can picture the child’s daily life: what it is like to be this child in this family.',
          source: fromQaf(qaf.childFocus),
        }),
        ynnaItem({
          id: 'needs-understood',
          prompt:
            'The child’s physical, emotional and developmental needs are understood and recorded',
          guidance:
            'The record shows an understanding of the child’s needs, physical, emotional and developmental.',
          source: fromQaf(qaf.childFocus),
        }),
        ynnaItem({
          id: 'contact-level',
          prompt: 'The appropriate level of contact is maintained',
          guidance:
            'Visits are as frequent as the plan and statutory guidance require, and recorded.',
          source: fromQaf(qaf.childFocus),
        }),
        ynnaItem({
          id: 'communication-fits-needs',
          prompt: 'The child is communicated with according to their needs',
          guidance:
            'Communication fits the child’s age, understanding, language and any disability.',
          source: fromQaf(qaf.childFocus),
        }),
        ynnaItem({
          id: 'seen-alone-wishes-recorded',
          prompt: 'The child has been seen alone, with their wishes and feelings recorded',
          safeguardingFlag: true,
          guidance:
            'Children "are consistently seen and seen alone by social workers where statutory guidance requires that this should happen".',
          source: fromQaf(qaf.childFocus),
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
        ynnaItem({
          id: 'direct-work',
          prompt:
            'Direct work is undertaken, and the child is involved in planning where appropriate',
          guidance:
            'Assessments "result in direct work with families, develop in response to that direct work".',
          source: fromQaf(qaf.childFocus),
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
        areaJudgement(
          'child-focus-judgement',
          'child focus',
          '"Children and young people are listened to, practice is focused on their needs and experiences and influenced by their wishes and feelings."',
          fromOfsted(ofsted.helpAndProtection),
        ),
      ],
    },
    {
      id: 'recording',
      title: 'Recording',
      items: [
        ynnaItem({
          id: 'records-up-to-date',
          prompt: 'Records are up to date, accurate and child-centred',
          guidance: '"Record-keeping is routinely up to date and supports high-quality practice."',
          source: fromQaf(qaf.recording),
          guidanceSource: fromSchedules(schedules2009.casePlanning),
        }),
        ynnaItem({
          id: 'summary-chronology-genogram',
          prompt: 'A case summary, chronology and genogram tell the story of the child',
          guidance:
            'Case summaries, a chronology and a genogram "tell the story" of the child and give a sense of the case history and the significant events.',
          source: fromQaf(qaf.recording),
        }),
        ynnaItem({
          id: 'analytical-fact-and-opinion',
          prompt: 'Records and reports are analytical and distinguish fact from opinion',
          guidance:
            'Written records and reports analyse rather than describe, and keep fact and opinion apart.',
          source: fromQaf(qaf.recording),
        }),
        ynnaItem({
          id: 'decision-making-recorded',
          prompt: 'The records show how decisions were made',
          guidance:
            'Recording "demonstrates sound assessment, decision-making, including decisions made in supervision, and effective planning".',
          source: fromQaf(qaf.recording),
          guidanceSource: fromSchedules(schedules2009.casePlanning),
        }),
        ynnaItem({
          id: 'looked-after-documents',
          prompt:
            'For a child looked after: copies of the legal order and birth certificate, and a photo, are on file',
          hint: 'Select ‘Not applicable’ if the child is not looked after.',
          guidance:
            'For children looked after, the file holds a copy of the legal order, the birth certificate and a photo.',
          source: fromQaf(qaf.recording),
        }),
        ynnaItem({
          id: 'legal-and-data-protection',
          prompt:
            'Practice shows awareness of legal, data protection and freedom of information requirements',
          guidance:
            'Information is shared lawfully, third-party information is identified, and the record could be disclosed on request without harm.',
          source: fromQaf(qaf.recording),
        }),
        areaJudgement(
          'recording-judgement',
          'recording',
          '"Case records reflect the work that is undertaken with children and clearly relate to the plans for their futures."',
          fromOfsted(ofsted.lookedAfter),
        ),
      ],
    },
    {
      id: 'management-oversight',
      title: 'Management oversight',
      items: [
        ynnaItem({
          id: 'decisions-in-supervision',
          prompt: 'Practice is managed, with key decisions made in supervision',
          guidance: 'The record shows key decisions made in supervision, with the reasons.',
          source: fromQaf(qaf.managementOversight),
        }),
        ynnaItem({
          id: 'supervision-actions-progressed',
          prompt: 'Actions from case supervision have been progressed',
          guidance: 'Actions set in supervision are followed up at the next supervision.',
          source: fromQaf(qaf.managementOversight),
        }),
        ynnaItem({
          id: 'countersigned',
          prompt:
            'Reports, plans and assessments have been read and countersigned by the team manager',
          guidance:
            'Senior managers "have responsibility for authorising the recommended next steps".',
          source: fromQaf(qaf.managementOversight),
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
        ynnaItem({
          id: 'poor-practice-challenged',
          prompt: 'Poor practice is challenged and the resulting actions are monitored',
          guidance:
            'Managers challenge poor practice and check that the actions they set are carried out.',
          source: fromQaf(qaf.managementOversight),
        }),
        ynnaItem({
          id: 'oversight-or-audit-evident',
          prompt: 'There is evidence of management oversight or auditing of practice',
          guidance:
            '"Management oversight of practice, including practice scrutiny by senior managers, is established, systematic and demonstrably used to improve the quality of decisions."',
          source: fromQaf(qaf.managementOversight),
          guidanceSource: fromOfsted(ofsted.leadership),
        }),
        ypndkItem({
          id: 'supervision-reflective',
          prompt: 'Supervision is regular and reflective',
          guidance:
            'The audit asks "What is the quality and frequency of supervision and is it reflective?"',
          source: fromQaf(qaf.managementOversight),
        }),
        areaJudgement(
          'management-oversight-judgement',
          'management oversight',
          '"Management oversight is strong and effective."',
          fromSchedules(schedules2009.casePlanning),
        ),
      ],
    },
    {
      id: 'family-feedback',
      title: 'Family feedback',
      items: [
        ynnaItem({
          id: 'family-questionnaire-completed',
          prompt: 'The structured telephone questionnaire was completed with the family',
          evidenceLabel: 'If not, why not?',
          evidenceLabelOn: ['no'],
          guidance:
            '"The auditor will also make telephone contact with the family to complete a structured questionnaire." Record it as a family feedback call linked to this audit; its call attempts show the effort made if the family could not be reached.',
          source: fromQaf(qaf.monthlyAudits),
        }),
        textItem({
          id: 'family-feedback-summary',
          prompt: 'Summary of the family’s feedback',
          guidance:
            'Copy or summarise the auditor’s summary from the family feedback call. Quality assurance "needs to include the voice of children and parents/carers".',
          source: fromQaf(qaf.singleCaseFileAudits),
          guidanceSource: fromQaf(qaf.whatIsQa),
        }),
      ],
    },
    {
      id: 'social-worker-reflection',
      // The reflection itself is the summary part of that name; this records the sheet.
      title: 'The reflection sheet',
      description:
        'The social worker’s own reflection goes in the summary, in their words. Record here that the reflection sheet was completed and discussed.',
      items: [
        ynnaItem({
          id: 'reflection-sheet-completed',
          prompt: 'The social worker completed the Audit Case File Reflection Sheet',
          guidance:
            'Social workers complete an Audit Case Reflection Sheet so that "the views of Social Workers are included within the audit process and reflective learning is encouraged".',
          source: fromQaf(qaf.singleCaseFileAudits),
          guidanceSource: fromQaf(qaf.appendix),
        }),
        ynnaItem({
          id: 'reflection-discussed',
          prompt: 'You discussed the reflection sheet with the social worker',
          guidance:
            '"The social worker\'s case reflection sheet should be discussed with the social worker by the auditor." The audit should be a dialogue, done "in a way that can be heard and received".',
          source: fromQaf(qaf.monthlyAudits),
          guidanceSource: fromQaf(qaf.appendix),
        }),
      ],
    },
    {
      id: 'improvement-plan',
      title: 'Improvement plan',
      description:
        'Add each action to the improvement plan: brief and specific, with who will do it and by when.',
      items: [
        ynnaItem({
          id: 'actions-needed',
          prompt: 'Actions are needed to bring about improvement',
          requiresOn: { action: ['yes'] },
          guidance:
            '"Identify any actions required to bring about improvement, this should be brief and specific, detailing who is to undertake action and the timescale for completion."',
          source: fromQaf(qaf.improvementPlan),
        }),
        ynnaItem({
          id: 'actions-on-case-file',
          prompt: 'The required actions are recorded on the electronic case file',
          hint: 'Select ‘Not applicable’ if no actions are needed.',
          guidance:
            '"It is critical that any required actions are recorded on the electronic case file and that actions are completed in an agreed timescale."',
          source: fromQaf(qaf.monthlyAudits),
        }),
        ynnaItem({
          id: 'shared-with-iro-or-cp-coordinator',
          prompt: 'The audit and improvement plan were sent to the IRO or CP co-ordinator',
          hint: 'Select ‘Not applicable’ if the child has neither.',
          guidance:
            'A copy of the audit and improvement plan goes to the involved IRO or CP co-ordinator "to make sure that they are aware of the case being audited and take into account the audit findings and any actions identified".',
          source: fromQaf(qaf.monthlyAudits),
        }),
      ],
    },
  ],
  summary: [
    { part: 'strengths', required: true, label: 'Good practice found' },
    { part: 'areas-for-development', required: true },
    { part: 'overall-judgement', required: true, label: 'Overall judgement and reasons' },
    { part: 'feedback', required: true, label: 'Discussion with the social worker' },
    { part: 'reflection', required: false, label: 'The social worker’s reflection' },
    { part: 'improvement-plan', required: false },
  ],
} satisfies Template;
