import type { ObservationKind } from './observation-kind';

// Each kind of record in its own words where the shared pages and rules would otherwise speak of
// an observation: an auditor discusses the audit and the reflection sheet with the social worker
// (Southwark QAF, monthly audits, 2c), and makes a call from somewhere; nobody was observed.

export type FeedbackWords = {
  /** The question whether it was held. */
  held: string;
  heldMessage: string;
  /** The answer's name on check your answers and in the history of amendments. */
  heldLabel: string;
  date: string;
  dateMessage: string;
  notes: string;
  notesHint: string;
};

const observed: FeedbackWords = {
  held: 'Did you hold a feedback conversation?',
  heldMessage: 'Select whether you held a feedback conversation',
  heldLabel: 'Feedback conversation held',
  date: 'Date of the feedback conversation',
  dateMessage: 'Enter the date of the feedback conversation',
  notes: 'Notes of the conversation',
  notesHint:
    'What went well, what was hard, what could be done differently, and how they found being observed.',
};

const audited: FeedbackWords = {
  held: 'Did you discuss the audit and their reflection sheet with the social worker?',
  heldMessage: 'Select whether you discussed the audit with the social worker',
  heldLabel: 'Audit discussed with the social worker',
  date: 'Date of the discussion with the social worker',
  dateMessage: 'Enter the date of the discussion with the social worker',
  notes: 'Notes of the discussion',
  notesHint:
    'What they said about the case and their reflection sheet, what went well, what was hard and what could be done differently.',
};

export const feedbackWords: Record<ObservationKind, FeedbackWords> = {
  'cp-conference-chairing': observed,
  'lac-review-chairing': observed,
  'frontline-practice': observed,
  'family-feedback-call': observed,
  'single-case-audit': audited,
};

export type SettingWords = { label: string; hint: string };

/** Where the record's work was done: a meeting or visit, a call, a case file read. */
export const settingWords: Record<ObservationKind, SettingWords> = {
  'cp-conference-chairing': {
    label: 'Where it took place',
    hint: 'For example, a conference room, or online',
  },
  'lac-review-chairing': {
    label: 'Where it took place',
    hint: 'For example, the child’s placement, a meeting room, or online',
  },
  'frontline-practice': {
    label: 'Where it took place',
    hint: 'For example, the family home, the office, or online',
  },
  'family-feedback-call': {
    label: 'Where you made the call from',
    hint: 'For example, the office',
  },
  'single-case-audit': {
    label: 'Where the audit was done',
    hint: 'For example, the office, or with the social worker online',
  },
};

/** The roles a person in the record is likely to have, as the role field's hint gives them. */
export const roleHints: Record<ObservationKind, string> = {
  'cp-conference-chairing': 'For example, CP chair, independent chair',
  'lac-review-chairing': 'For example, independent reviewing officer',
  'frontline-practice': 'For example, social worker, senior practitioner, family support worker',
  'family-feedback-call': 'For example, social worker, senior practitioner',
  'single-case-audit': 'For example, social worker, senior practitioner',
};

/**
 * Who is who in a record, for the pages every kind shares (moderation, the reflection, the
 * moderation list): the observer observed a practitioner; the auditor read a social worker's case
 * file; the caller spoke to a family, whose social worker the call is about.
 */
export type PeopleWords = {
  /** Who made the record: "observer" ("the observer’s grade", "Recorded by the observer"). */
  author: string;
  /** The person the record names, as a label: "Observed". */
  personLabel: string;
  /** That person in a sentence, after their name or alone: "the practitioner observed". */
  person: string;
  /** The record's title with that person's name: "Frontline practice observation of Sam". */
  titleWith: (title: string, name: string) => string;
};

const observationPeople: PeopleWords = {
  author: 'observer',
  personLabel: 'Observed',
  person: 'the practitioner observed',
  titleWith: (title, name) => `${title} of ${name}`,
};

export const peopleWords: Record<ObservationKind, PeopleWords> = {
  'cp-conference-chairing': observationPeople,
  'lac-review-chairing': observationPeople,
  'frontline-practice': observationPeople,
  'family-feedback-call': {
    author: 'caller',
    personLabel: 'Family’s social worker',
    person: 'the family’s social worker',
    titleWith: (title, name) => `${title}, social worker ${name}`,
  },
  'single-case-audit': {
    author: 'auditor',
    personLabel: 'Social worker',
    person: 'the social worker whose case was audited',
    titleWith: (title, name) => `${title}, social worker ${name}`,
  },
};

/** "Observer’s grade", "Auditor’s grade": the author's grade as a label. */
export function authorsGradeLabel(kind: ObservationKind): string {
  const author = peopleWords[kind].author;
  return `${author.charAt(0).toUpperCase()}${author.slice(1)}’s grade`;
}
