import type { SourceRef } from '../entities/template';

// The documents template items are drawn from, and the headings inside them. A test checks that
// every reference names one of these files and a heading that really is in it.

export const documents = {
  /** Ofsted SIF handbook: the children looked after judgement and its grade descriptors. */
  sifLookedAfter: '000_1aaed174fc76f98b.txt',
  /** London Borough of Southwark, Children's Social Care Quality Assurance Framework (2015). */
  southwarkQaf: '001_b475094364d7293a.txt',
  /** Ofsted, statements of what good looks like. */
  ofstedGood: '002_b5012c67bab94577.txt',
  /** Ofsted, 2009 evaluation schedules for safeguarding and looked after children. */
  evaluationSchedules2009: '003_85703839e923d768.txt',
  /** Ofsted, statements of what good looks like (a second copy of 002, as extracted from PDF). */
  ofstedGoodPdf: '004_6e2a13ed08337471.txt',
  /** The project's domain research brief. */
  domainBrief: 'brief/domain.md',
} as const;

export const qaf = {
  whatIsQa: '1. What is Quality Assurance?',
  roles: '2. Responsibility for Quality Assurance',
  planningResolution: 'Planning Resolution Processes',
  familyFeedback: 'Feedback from children and young people, parents and carers',
  singleCaseFileAudits: 'Single Case File Audits',
  observationsOfPractice: 'Observations of Practice',
  appendix: 'APPENDIX 1',
  monthlyAudits: '2. Monthly Service Audits',
  caseInformation: 'Case Information',
  currentReferral: 'Current Referral Information',
  assessment: 'Assessment and analysis of need',
  planning: 'Planning for child',
  childFocus: 'Child Focus',
  recording: 'Recording',
  managementOversight: 'Management oversight',
  commentsAndReasons: 'Any comments and reasons for judgement column in the audit tool',
  improvementPlan: 'Improvement Plan',
  helpAndProtection:
    '5.1 Key judgement: The experiences and progress of children who need help and protection',
  lookedAfter:
    '5.2 Key judgement: The experiences and progress of children looked after and achieving permanence',
  transparency: 'Transparency',
} as const;

export const ofsted = {
  helpAndProtection: '1. Children in need of help and protection',
  lookedAfter: '2. Looked after Children',
  careLeavers: '3. Care Leavers',
  leadership: '4. Leadership, Management and Governance',
} as const;

export const schedules2009 = {
  assessmentAndDirectWork: 'Assessment and direct work with children and families',
  casePlanning: 'Case planning, reviews and recording',
  equalityAndDiversity: 'Equality and diversity',
  feelSafe: 'Children and young people feel safe',
  enjoyingAndAchieving: 'Enjoying and achieving',
} as const;

export const brief = {
  publishedForms: '1. Published observation forms and templates',
  cpChairDuties: 'What a CP conference chair is expected to do',
  signsOfSafety: 'Signs of Safety conference format',
  parentsOnConferences: 'What parents report about conferences',
  iroPractice: 'What good IRO practice looks like',
  timescales: '3. Statutory timescales as testable rules',
  proposedChecklists: '5. Proposed checklists',
  cpChecklist: '5.1 CP conference chairing (peer observation)',
  lacChecklist: '5.2 CLA review chairing (Head of QA observing an IRO)',
  frontlineChecklist: '5.3 Frontline practice observation (home visit or direct work)',
  familyCallChecklist: '5.4 Family feedback call (monthly audit)',
} as const;

export function fromQaf(section: string): SourceRef {
  return { document: documents.southwarkQaf, section };
}

export function fromOfsted(section: string): SourceRef {
  return { document: documents.ofstedGood, section };
}

export function fromSchedules(section: string): SourceRef {
  return { document: documents.evaluationSchedules2009, section };
}

export function fromBrief(section: string): SourceRef {
  return { document: documents.domainBrief, section };
}
