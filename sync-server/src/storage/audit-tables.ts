// Table types of the audit trail (migration 0004).

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

export type AuditContentTable = { hash: string; body: string | null };

/**
 * Records an entry names in its content besides `record_id` (migration 0021): a page read, a
 * subject access request's findings. A retention deletion finds the entries to erase through it.
 */
export type AuditRecordsTable = { record_id: string; seq: number };

export type AuditHeadTable = { id: number; seq: number; hash: string };

export type AuditTables = {
  audit_log: AuditLogTable;
  audit_content: AuditContentTable;
  audit_head: AuditHeadTable;
  audit_records: AuditRecordsTable;
};
