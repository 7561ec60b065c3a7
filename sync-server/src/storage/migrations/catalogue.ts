// Forward-only, numbered migrations. Append a new file and a new entry; never remove one that has
// shipped, nor change what it does to the tables and records (tests/storage/migrations.test.ts
// guards the numbering). None writes report rows: they are worked out after the last migration
// (reports/report-rows-version.ts).
import type { Migration } from 'kysely';
import * as m0001 from './0001-settings';
import * as m0002 from './0002-accounts';
import * as m0003 from './0003-sync';
import * as m0004 from './0004-audit';
import * as m0005 from './0005-reports-and-notifications';
import * as m0007 from './0007-single-sign-on';
import * as m0008 from './0008-retention';
import * as m0009 from './0009-local-templates';
import * as m0013 from './0013-recovery';
import * as m0014 from './0014-lz4-compression';
import * as m0015 from './0015-concern-reminders';
import * as m0016 from './0016-meeting-timeliness';
import * as m0017 from './0017-cancelled-reminders';
import * as m0018 from './0018-scope-names-any-case';
import * as m0019 from './0019-revoked-device-keys';
import * as m0020 from './0020-programme-plans';
import * as m0021 from './0021-audit-record-links';
import * as m0022 from './0022-audit-included-records';
import * as m0023 from './0023-audit-content-guard';
import * as m0024 from './0024-director-acknowledges-concerns';
import * as m0025 from './0025-reminder-rounds';
import * as m0026 from './0026-submitted-timescales';
import * as m0027 from './0027-action-digests';
import * as m0028 from './0028-good-practice-counted';

export const migrations: Record<string, Migration> = {
  '0001-settings': m0001,
  '0002-accounts': m0002,
  '0003-sync': m0003,
  '0004-audit': m0004,
  '0005-reports-and-notifications': m0005,
  '0007-single-sign-on': m0007,
  '0008-retention': m0008,
  '0009-local-templates': m0009,
  '0013-recovery': m0013,
  '0014-lz4-compression': m0014,
  '0015-concern-reminders': m0015,
  '0016-meeting-timeliness': m0016,
  '0017-cancelled-reminders': m0017,
  '0018-scope-names-any-case': m0018,
  '0019-revoked-device-keys': m0019,
  '0020-programme-plans': m0020,
  '0021-audit-record-links': m0021,
  '0022-audit-included-records': m0022,
  '0023-audit-content-guard': m0023,
  '0024-director-acknowledges-concerns': m0024,
  '0025-reminder-rounds': m0025,
  '0026-submitted-timescales': m0026,
  '0027-action-digests': m0027,
  '0028-good-practice-counted': m0028,
};
