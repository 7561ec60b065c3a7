import type { Template } from '../entities/template';
import { choiceItem, gradeItem, textItem, ynnaItem, ypndkItem } from './item-builders';
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

// A senior manager observing frontline practice: a home visit or direct work with a child. The
// observation criteria are those of Ofsted's Annex G ("Evaluating the effectiveness of directly
// observed practice", each criterion with Evidence and a Grade), followed by the practice areas
// of a local authority staff observation form, with the before / feedback / learning stages of
// the Warwickshire and Merton models (domain brief §1 and §5.3).

const checklist = fromBrief(brief.frontlineChecklist);
const forms = fromBrief(brief.publishedForms);

export const frontlinePracticeV1 = {
  id: 'frontline-practice',
  version: 1,
  kind: 'frontline-practice',
  title: 'Frontline practice observation: home visit or direct work',
  description:
    'A senior manager observes a practitioner on a home visit or doing direct work with a child. Under the Southwark QAF senior managers observe frontline practice on a schedule and report on what they see, to contribute to service improvement.',
  gradeScaleId: 'ofsted-ilacs',
  observedDescription: 'the practitioner you observed',
  consentRequired: true,
  settingRequired: true,
  sections: [
    {
      id: 'before',
      title: 'Before the observation',
      items: [
        choiceItem({
          id: 'activity-type',
          prompt: 'What did you observe?',
          options: [
            { key: 'home-visit', label: 'A home visit' },
            { key: 'direct-work', label: 'Direct work with a child' },
            { key: 'meeting', label: 'A meeting with the family' },
            { key: 'other', label: 'Something else' },
          ],
          guidance:
            'Observations can cover home visits, direct work, and chairing or presenting at meetings. Say what the activity was and who was present.',
          source: checklist,
          guidanceSource: forms,
        }),
        ynnaItem({
          id: 'purpose-linked-to-plan',
          prompt: 'The purpose of the visit was agreed beforehand and linked to the child’s plan',
          guidance:
            'Before the visit, observer and practitioner had a short restorative conversation about its purpose, the skills to be shown and the practitioner’s plan. The visit had clear aims linked to the child’s plan.',
          source: checklist,
          guidanceSource: forms,
        }),
        textItem({
          id: 'skills-to-focus-on',
          prompt: 'Skills the practitioner asked you to focus on',
          maxLength: 2000,
          guidance:
            'The practitioner chooses what they want feedback on. Not every area has to be covered every time.',
          source: checklist,
          guidanceSource: forms,
        }),
      ],
    },
    {
      id: 'annex-g-criteria',
      title: 'What you observed',
      description:
        'Ofsted Annex G criteria. Give the evidence for every grade: what was said and done, not your impression of it.',
      items: [
        gradeItem({
          id: 'risk-identified-reduced',
          prompt: 'Risk was identified, responded to and reduced',
          safeguardingFlag: true,
          guidance:
            'The practitioner knew the risks and protective factors and acted on them during the visit. Children "experience timely and effective multi-agency help and protection through risk-based assessment, authoritative practice, planning and review that secures change".',
          source: forms,
          guidanceSource: fromQaf(qaf.helpAndProtection),
        }),
        gradeItem({
          id: 'participation',
          prompt: 'Parents, carers, children, professionals and advocates attended and took part',
          guidance:
            'The right people were there, or their views were brought in, and each could take part. Where families refuse to engage "there are continued attempts to help them to do so".',
          source: forms,
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
        gradeItem({
          id: 'focus-on-child',
          prompt: 'The focus stayed on the child',
          guidance:
            '"Practice is focused on their needs and experiences and influenced by their wishes and feelings." The child was at the centre of the visit, and everyone was clear what must change for them.',
          source: forms,
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
        gradeItem({
          id: 'communication-relationship',
          prompt: 'Communication with the child and family: relationship, empathy and challenge',
          guidance:
            'The practitioner explained their role and purpose in words the child could understand, used plain language, and combined warmth with honest challenge. "Social workers build effective relationships with them and their families in order to assess the likelihood of, and capacity for, change."',
          source: forms,
          guidanceSource: fromQaf(qaf.helpAndProtection),
        }),
        gradeItem({
          id: 'involvement-in-decisions',
          prompt: 'The child and family were involved in decisions, and understood them',
          guidance:
            'Children, young people and families "are engaged in all actions and decisions and understand the intentions of the help they receive".',
          source: forms,
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
        gradeItem({
          id: 'decision-making',
          prompt: 'Decisions were effective and timely',
          guidance:
            'Decisions were made when they were needed and recorded with the reasons, with "decisions, all actions and engagement with the family and other professionals clearly recorded". "Drift and delay are avoided."',
          source: forms,
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
        gradeItem({
          id: 'assessment-up-to-date',
          prompt: 'Assessment and help were comprehensive and up to date',
          guidance:
            '"Assessments and plans are dynamic and change in the light of emerging issues and risks." The practitioner’s understanding of the family reflected what is happening now, not what was written months ago.',
          source: forms,
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
        gradeItem({
          id: 'evidence-gathering',
          prompt: 'The quality of evidence gathering',
          guidance:
            'The practitioner gathered evidence that supports "a robust analysis", observing, asking and checking so that "risk and protective factors impacting on children\'s safety and welfare are identified well".',
          source: forms,
          guidanceSource: fromSchedules(schedules2009.assessmentAndDirectWork),
        }),
      ],
    },
    {
      id: 'practice-areas',
      title: 'Practice areas',
      description:
        'From the staff observation form: each area has its expectations for a Good rating. Grade ‘Not observed’ where the visit gave no chance to see it.',
      items: [
        gradeItem({
          id: 'planning-and-purpose',
          prompt: 'Planning and purpose',
          guidance:
            'The visit was planned, with clear aims linked to the child’s plan; papers were ready, the family had been prepared, and interpreter or literacy needs had been sorted out in advance.',
          source: forms,
        }),
        gradeItem({
          id: 'knowledge-and-theory',
          prompt: 'Knowledge, theory and research',
          guidance:
            'Practice drew on research and theory and the practitioner could explain why they worked as they did; audits ask whether there is "evidence of the use of research and theories to underpin practice".',
          source: forms,
          guidanceSource: fromQaf(qaf.assessment),
        }),
        gradeItem({
          id: 'restorative-practice',
          prompt: 'Relationship-based and restorative practice',
          guidance:
            'The practitioner worked with the family rather than doing things to them or for them: high support and high challenge, and the family’s strengths used in the plan.',
          source: forms,
        }),
        gradeItem({
          id: 'partnership-working',
          prompt: 'Partnership working, including constructive challenge',
          guidance:
            'Information-sharing with other agencies "is timely, specific and effective". The practitioner worked with partners and challenged them constructively where needed.',
          source: forms,
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
        gradeItem({
          id: 'critical-reflection',
          prompt: 'Critical reflection and analysis',
          guidance:
            'The practitioner analysed rather than described: they weighed what they saw against the plan and could say what it meant for the child. "Critical reflection and analysis are key elements of delivering an effective social work service."',
          source: forms,
          guidanceSource: fromQaf(qaf.whatIsQa),
        }),
        gradeItem({
          id: 'professionalism',
          prompt: 'Professionalism',
          guidance:
            'Punctual, prepared and respectful; clear about their role and its limits; kept appropriate boundaries and followed procedures.',
          source: forms,
        }),
        gradeItem({
          id: 'ethics-and-diversity',
          prompt: 'Ethics and diversity',
          guidance:
            'Help is "sensitive and responsive to age, disability, ethnicity, faith or belief, gender, gender identity, language, race and sexual orientation". The practitioner was aware of power and worked in an anti-discriminatory way.',
          source: forms,
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
      ],
    },
    {
      id: 'the-child',
      title: 'The child',
      items: [
        ynnaItem({
          id: 'child-seen-alone',
          prompt: 'The child was seen or spoken to alone',
          evidenceLabel: 'If not, why not?',
          evidenceLabelOn: ['no'],
          safeguardingFlag: true,
          guidance:
            'Children "are consistently seen and seen alone by social workers where statutory guidance requires that this should happen and it is professionally judged to be in the best interests of the child". If the child was not seen alone, record why.',
          source: checklist,
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
        choiceItem({
          id: 'direct-work-tools',
          prompt: 'Direct-work tools used',
          required: false,
          multiple: true,
          options: [
            { key: 'three-houses', label: 'Three houses' },
            { key: 'words-and-pictures', label: 'Words and pictures' },
            { key: 'safety-house', label: 'Safety house' },
            { key: 'scaling', label: 'Scaling questions' },
            { key: 'genogram-or-ecomap', label: 'Genogram or ecomap' },
            { key: 'play-or-drawing', label: 'Play or drawing' },
            { key: 'life-story-work', label: 'Life story work' },
            { key: 'other', label: 'Other' },
          ],
          guidance:
            'Audits look for evidence that "direct work is being undertaken and that the child is involved where appropriate in planning", and that "children are communicated with according to their needs".',
          source: checklist,
          guidanceSource: fromQaf(qaf.childFocus),
        }),
        ypndkItem({
          id: 'family-understands-plan',
          prompt: 'The family says they understand the plan and what is expected of them',
          evidenceLabel: 'What the family said',
          guidance:
            'Annex G asks the observer to check with the child or family whether they know and understand the plan and what is expected of them. Good looks like families who "understand the help they will receive, what has to change and the options for the future".',
          source: forms,
          guidanceSource: fromOfsted(ofsted.helpAndProtection),
        }),
      ],
    },
    {
      id: 'feedback-conversation',
      // Not "Feedback conversation": that is the summary part (held, when, restorative) every kind
      // has, and two tasks of one name on the task list are two links no one can tell apart.
      title: 'What was said in feedback',
      description:
        'A two-way conversation soon after the visit. Record the practitioner’s view as well as yours.',
      items: [
        textItem({
          id: 'what-went-well',
          prompt: 'What went well',
          guidance:
            'Start with what went well, in the practitioner’s words and yours, with specific examples from the visit.',
          source: checklist,
          guidanceSource: forms,
        }),
        textItem({
          id: 'what-was-challenging',
          prompt: 'What was challenging',
          guidance: 'What the practitioner found hard in the visit, and why.',
          source: checklist,
          guidanceSource: forms,
        }),
        textItem({
          id: 'what-to-do-differently',
          prompt: 'What the practitioner would do differently',
          guidance:
            'The practitioner’s own view first; then the observer’s, framed as what would make the most difference to the child.',
          source: checklist,
          guidanceSource: forms,
        }),
        textItem({
          id: 'how-it-felt-to-be-observed',
          prompt: 'How the practitioner found being observed',
          guidance:
            'Being observed changes how people practise. Record how it felt, so that the observation programme can be improved.',
          source: checklist,
          guidanceSource: forms,
        }),
        textItem({
          id: 'family-feedback',
          prompt: 'The family’s feedback on the visit, in their own words',
          guidance:
            'Where appropriate, ask the family what the visit was like for them. Quality assurance "needs to include the voice of children and parents/carers".',
          source: checklist,
          guidanceSource: fromQaf(qaf.whatIsQa),
        }),
      ],
    },
    {
      id: 'learning',
      title: 'Learning',
      items: [
        textItem({
          id: 'development-needs',
          prompt: 'Development or training needs for the practitioner',
          guidance:
            'Note what needs improvement, training or mentoring, and agree any actions with an owner and a date.',
          source: checklist,
          guidanceSource: forms,
        }),
        textItem({
          id: 'learning-for-the-service',
          prompt: 'Learning for the service',
          guidance:
            'Senior managers "report on their observations to contribute to service improvement". Note anything the service as a whole should learn or change.',
          source: checklist,
          guidanceSource: fromQaf(qaf.observationsOfPractice),
        }),
      ],
    },
  ],
  summary: [
    { part: 'strengths', required: true },
    { part: 'areas-for-development', required: true },
    { part: 'overall-judgement', required: true },
    { part: 'feedback', required: true },
    { part: 'reflection', required: false, label: 'The practitioner’s reflection' },
    { part: 'improvement-plan', required: false },
  ],
} satisfies Template;
