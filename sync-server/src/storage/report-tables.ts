// Table types of the reporting tables and the notification outbox (migrations 0005, 0015, 0017,
// 0025, 0027, 0028).
import type { Generated } from 'kysely';
import type { NotificationKind, NotificationState } from '../../../schemas/reports/concern-log';

/**
 * One row per observation that counts in reports (schemas/reports/report-facts.ts), rewritten
 * inside every push transaction that changes the observation or one of its child rows; the
 * counts tables are adjusted by the difference in the same transaction.
 */
export type ReportObservationsTable = {
  observation_id: string;
  scope_id: string;
  kind: string;
  template_id: string;
  template_version: number;
  /** `2026-27-Q1`; null when the observation is undated. */
  quarter: string | null;
  obs_date: string | null;
  overall_grade: string | null;
  /** 1 for the kinds that observe a meeting with a statutory timescale. */
  meeting: number;
  timescale_rule: string | null;
  trigger_date: string | null;
  /**
   * Worked out with the timescales stamped on the observation at its first submission, so it
   * stays as it was when the settings change (migration 0026 dropped the key of the settings it
   * was once worked out with, and the refresh that followed them).
   */
  due_date: string | null;
  moderated: number;
  agreed: number;
  attempts_no_answer: number;
  attempts_call_back: number;
  attempts_declined: number;
  attempts_completed: number;
  /**
   * 1 when good practice is acknowledged on it (the practice, the record's quality, or both),
   * else 0 (migration 0028; the column's default).
   */
  good_practice: Generated<number>;
  /** JSON: this observation's part of the counts, `{ grades: [[item, section, grade]], answers: [[item, answer]] }`. */
  contribution: string;
};

/** Graded answers per group (undated observations are in no quarter and no count). */
export type ReportGradeCountsTable = {
  quarter: string;
  scope_id: string;
  kind: string;
  template_id: string;
  item_id: string;
  grade: string;
  section_id: string;
  n: number;
};

/** Fixed-set answers of family feedback calls per group. */
export type ReportAnswerCountsTable = {
  quarter: string;
  scope_id: string;
  kind: string;
  template_id: string;
  item_id: string;
  answer: string;
  n: number;
};

/** One row per improvement action of a counted observation. */
export type ReportActionsTable = {
  action_id: string;
  observation_id: string;
  scope_id: string;
  kind: string;
  quarter: string | null;
  status: string | null;
  due_date: string | null;
};

/**
 * A notification to deliver: of a safety concern, one row per recipient and channel; or a
 * recipient's weekly digest of overdue improvement actions (migration 0027).
 */
export type NotificationOutboxTable = {
  id: string;
  /** Null for a digest, which is about no one concern. */
  concern_id: string | null;
  /** Null for a digest, which may count several teams. */
  scope_id: string | null;
  channel: string;
  /** An email address, or "webhook". */
  recipient: string;
  reason: string;
  /**
   * What it is about: the concern arriving, or its acknowledgement deadline passing; or overdue
   * improvement actions (`actions-overdue`, never listed in the concern log).
   */
  kind: Generated<NotificationKind | 'actions-overdue'>;
  /**
   * Which round of reminders an `overdue` row belongs to: 1 for the first, 2 for the next, ...
   * (migration 0025; `raised` rows are 1). Unique with the concern, channel and recipient. For a
   * digest, the week's Monday as YYYYMMDD, unique with the channel and recipient.
   */
  round: Generated<number>;
  /** A digest's JSON (schemas/rules/action-digest.ts `ActionDigest` and its round): counts only. */
  digest: string | null;
  /** `cancelled`: a reminder whose concern was acknowledged before it went out (migration 0017). */
  status: NotificationState;
  attempts: number;
  created_at: string;
  next_attempt_at: string;
  /** A worker holds the row until then; another may take it over afterwards. */
  claimed_until: string | null;
  claim_token: string | null;
  last_attempt_at: string | null;
  delivered_at: string | null;
  last_error: string | null;
};

export type ReportTables = {
  report_observations: ReportObservationsTable;
  report_grade_counts: ReportGradeCountsTable;
  report_answer_counts: ReportAnswerCountsTable;
  report_actions: ReportActionsTable;
  notification_outbox: NotificationOutboxTable;
};
