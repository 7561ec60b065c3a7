// Table types of the audit trail (migration 0004).
import type { Generated } from 'kysely';

export type AuditLogTable = {
  seq: number;
  at: string;
  user_id: string;
  device_id: string | null;
  action: string;
  record_id: string | null;
  content_hash: string;
  prev_hash: string;
  entry_hash: string;
};

export type AuditContentTable = {
  hash: string;
  body: string | null;
  /**
   * The entry a retention deletion erased this content for (migration 0023): one holding it, about
   * a record in retention_erasures. Set with the erasure, never otherwise.
   */
  erased_for: number | null;
};

/**
 * Records an entry is about besides `record_id`. Named in its content (migration 0021: a page
 * read, a subject access request's findings; `erase_with_record` 1): a retention deletion finds
 * the entries to erase through it. Disclosed without being named (0022: the records of a CSV
 * export; 0): found by subject access and a record's history, never erased with the record.
 */
export type AuditRecordsTable = {
  record_id: string;
  seq: number;
  erase_with_record: Generated<number>;
};

export type AuditHeadTable = { id: number; seq: number; hash: string };

/**
 * Content migration 0021 erased that no retention deletion after its entries accounts for (a
 * subject access about a case that found nothing, an entry about a record written after its
 * deletion), recorded by migration 0023 so verify-audit accepts it. Written by that migration only.
 */
export type AuditMigrationErasuresTable = { hash: string };

export type AuditTables = {
  audit_log: AuditLogTable;
  audit_content: AuditContentTable;
  audit_head: AuditHeadTable;
  audit_records: AuditRecordsTable;
  audit_migration_erasures: AuditMigrationErasuresTable;
};
