// Table types for Kysely. One set of types serves both engines: JSON is stored as text and times as
// ISO 8601 UTC text, so that the same queries run on SQLite and PostgreSQL.
import type { AccountsTables } from './accounts-tables';
import type { AuditTables } from './audit-tables';
import type { ReportTables } from './report-tables';
import type { SyncTables } from './sync-tables';

export type SettingsTable = {
  key: string;
  value: string;
  updated_at: string;
};

export type Database = AccountsTables &
  SyncTables &
  AuditTables &
  ReportTables & {
    settings: SettingsTable;
  };
