// Table types for Kysely. One set of types serves both engines: JSON is stored as text and times as
// ISO 8601 UTC text, so that the same queries run on SQLite and PostgreSQL.
import type { AccountsTables } from './accounts-tables';
import type { AuditTables } from './audit-tables';
import type { ReportTables } from './report-tables';
import type { SsoTables } from './sso-tables';
import type { RecoveryTables } from './recovery-tables';
import type { SyncTables } from './sync-tables';

export type SettingsTable = {
  key: string;
  value: string;
  updated_at: string;
};

export type Database = AccountsTables &
  SyncTables &
  AuditTables &
  ReportTables &
  SsoTables &
  RecoveryTables & {
    settings: SettingsTable;
    retention_erasures: RetentionErasuresTable;
    local_templates: LocalTemplatesTable;
  };

/** Templates adapted and published by the authority (migration 0009); never edited in place. */
export type LocalTemplatesTable = {
  template_id: string;
  version: number;
  body: string;
  based_on_id: string | null;
  based_on_version: number | null;
  published_at: string;
  published_by: string;
};

/** Records deleted under the retention schedule (migration 0008): ids only, never content. */
export type RetentionErasuresTable = {
  record_id: string;
  root_id: string;
  kind: string;
  erased_at: string;
  erased_by: string;
};
