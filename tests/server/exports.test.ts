// CSV exports on every engine, read back by a CSV parser: one row per record, every value as the
// record holds it except for the documented apostrophe in front of text that a spreadsheet would
// run as a formula; UTF-8 with a byte order mark and CRLF; scoped like the report; audited.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FieldValue } from '../../schemas/entities/field-value';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import { FORMULA_TRIGGERS } from '../../schemas/reports/exports';
import { createScope } from '../../sync-server/src/accounts/accounts-repository';
import type { Role } from '../../sync-server/src/accounts/permissions';
import { verifyAudit } from '../../sync-server/src/audit/verify';
import { ACTION_COLUMNS, CONCERN_COLUMNS } from '../../sync-server/src/reports/exports';
import type { Actor } from '../../sync-server/src/sync/actor';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { ReportSeeder, answers } from '../helpers/report-fixtures';
import { newId } from '../helpers/sync-fixtures';

useQuickPasswordHashing();

type Person = Actor & { token: string };

/** Awkward text: every formula trigger, quotes, commas, line breaks, and non-ASCII letters. */
const NASTY = [
  '=HYPERLINK("http://evil.example","click")',
  '+44 20 7946 0000',
  '-2+3',
  '@SUM(A1:A9)',
  '\tindented with a tab',
  '\rcarriage return first',
  'Zoë’s plan, "agreed", and\r\na second line\nand a third 🙂',
  '',
];

/** What the file should hold for a stored value: the value, with the documented prefix. */
function expectedCell(value: FieldValue | undefined): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);
  return typeof value === 'string' && FORMULA_TRIGGERS.includes(text[0] ?? '') ? `'${text}` : text;
}

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`CSV exports on ${engine.name}`, () => {
    let ctx: TestApp;
    let seed: ReportSeeder;
    let service: string;
    let groupA: string;
    let groupB: string;
    let observer: Person;
    let qaA: Person;
    let director: Person;
    let hos: Person;
    const observations: string[] = [];
    const concernIds: string[] = [];

    const person = async (role: Role, scopeIds: string[]): Promise<Person> => {
      const a = await createAccount(ctx.storage, { role, scopeIds });
      const s = await signIn(ctx.app, { email: a.email, password: a.password });
      return { userId: a.id, role, deviceId: s.deviceId, token: s.token };
    };
    const download = (who: Person, type: string, query = '') =>
      ctx.app.inject({
        method: 'GET',
        url: `/api/exports/${type}${query ? `?${query}` : ''}`,
        headers: bearer(who.token),
      });
    const read = async (who: Person, type: string, query = '') => {
      const res = await download(who, type, query);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(
        new RegExp(`^attachment; filename="${type}-.*\\.csv"$`),
      );
      const bytes = res.rawPayload;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8');
      // Every record ends with CRLF; a bare LF only ever appears inside a quoted value.
      expect(text.endsWith('\r\n')).toBe(true);
      const rows = parse(text, { bom: true, columns: true, relax_column_count: false }) as Record<
        string,
        string
      >[];
      const header = (parse(text, { bom: true, to_line: 1 }) as string[][])[0]!;
      return { rows, header, count: Number(res.headers['x-export-rows']) };
    };
    const storedRecord = async (id: string) => {
      const row = await ctx.storage.db
        .selectFrom('records')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return { ...row, fields: JSON.parse(row.fields) as Record<string, FieldValue> };
    };

    beforeAll(async () => {
      ctx = t!;
      const db = ctx.storage.db;
      seed = new ReportSeeder(db);
      service = (
        await createScope(db, { name: 'Children, young people & families', kind: 'service' })
      ).id;
      groupA = (
        await createScope(db, {
          name: 'Team "A", north',
          kind: 'practice-group',
          parentId: service,
        })
      ).id;
      groupB = (
        await createScope(db, { name: 'Team B', kind: 'practice-group', parentId: service })
      ).id;
      observer = await person('observer', [service]);
      qaA = await person('qa-lead', [groupA]);
      director = await person('director', [service]);
      hos = await person('head-of-service', [service]);
      for (const [i, text] of NASTY.entries()) {
        const id = await seed.observation(observer, i % 2 ? groupB : groupA, 'frontline-practice', {
          'context.date': i < 4 ? '2026-05-01' : '2026-08-01',
          'context.caseId': i === 2 ? '-12345' : `AB-${1000 + i}`,
          // A name is needed to submit it: the empty text's observation gets one.
          'context.observedName': text.replace(/[\r\n]/g, ' ').slice(0, 200) || 'No name given',
          'summary.strengths': text,
          'summary.areasForDevelopment': `Area ${i}`,
          'summary.overallGrade': 'good',
          ...answers({ 'activity-type': 'home-visit', professionalism: 'outstanding' }),
          'responses.professionalism.evidence': text,
          'responses.direct-work-tools.choices.three-houses': true,
          'responses.direct-work-tools.choices.genogram-or-ecomap': i % 2 === 0,
        });
        observations.push(id);
        await seed.child(observer, id, 'action', {
          what: text,
          ownerName: 'Team manager',
          dueDate: '2026-06-01',
          status: i % 3 === 0 ? 'done' : 'open',
        });
      }
      // Good practice acknowledged on three of them once submitted: group A's first observation
      // in each quarter by its QA lead, group B's first in Q1 by the head of service.
      for (const [i, by] of [
        [0, qaA],
        [4, qaA],
        [1, hos],
      ] as const) {
        await seed.put(by, {
          recordId: observations[i]!,
          type: 'observation',
          set: {
            'goodPractice.what': i === 4 ? 'record-quality' : 'practice',
            'goodPractice.note': 'The plan was written with the family, in their words.',
            'goodPractice.by': by.userId,
            'goodPractice.byName': 'Acknowledged by',
            'goodPractice.on': '2026-08-02',
          },
        });
      }
      // Not exported: a draft.
      await seed.observation(
        observer,
        groupA,
        'frontline-practice',
        { 'summary.strengths': 'draft' },
        {
          status: 'draft',
        },
      );
      for (const [i, text] of NASTY.slice(0, 3).entries()) {
        const id = newId();
        const res = await ctx.app.inject({
          method: 'POST',
          url: '/api/concerns',
          headers: bearer(observer.token),
          payload: {
            protocolVersion: PROTOCOL_VERSION,
            schemaVersion: SCHEMA_VERSION,
            deviceId: observer.deviceId,
            scopeId: i === 1 ? groupB : groupA,
            concern: {
              id,
              caseId: `CD-${200 + i}`,
              what: text,
              raisedAt: '2026-05-05T13:05:00Z',
              whoWasTold: [
                { name: '=Duty, manager', role: 'Team manager', at: '2026-05-05T13:06:00Z' },
                { name: 'Head of service', role: 'HoS', at: '2026-05-05T13:10:00Z' },
              ],
            },
          },
        });
        expect(res.statusCode).toBe(201);
        concernIds.push(id);
      }
    });
    afterAll(async () => ctx?.close());

    test('observations: one row per submitted record, each value as stored but for the apostrophe', async () => {
      const { rows, header, count } = await read(director, 'observations');
      expect(count).toBe(NASTY.length);
      expect(rows.map((r) => r['id']).sort()).toEqual([...observations].sort());
      expect(header.slice(0, 8)).toEqual([
        'id',
        'service',
        'practiceGroup',
        'scopeId',
        'quarter',
        'ownerId',
        'createdAt',
        'updatedAt',
      ]);
      expect(header).toContain('context.caseId');
      expect(header).toContain('responses.professionalism.evidence');
      expect(header).not.toContain('responses.skills-to-focus-on.evidence');
      let prefixed = 0;
      for (const row of rows) {
        const record = await storedRecord(row['id']!);
        for (const column of header) {
          if (['id', 'service', 'practiceGroup', 'scopeId', 'quarter'].includes(column)) continue;
          if (column === 'ownerId') expect(row[column]).toBe(record.owner_id);
          else if (column === 'createdAt') expect(row[column]).toBe(record.created_at);
          else if (column === 'updatedAt') expect(row[column]).toBe(record.updated_at);
          else if (column === 'responses.direct-work-tools.value') {
            const ticked = ['genogram-or-ecomap', 'three-houses'].filter(
              (k) => record.fields[`responses.direct-work-tools.choices.${k}`] === true,
            );
            expect(row[column]).toBe(ticked.join(';'));
          } else {
            expect(row[column], column).toBe(expectedCell(record.fields[column]));
            if (row[column] !== String(record.fields[column] ?? '')) prefixed++;
          }
        }
        expect(row['scopeId']).toBe(record.scope_id);
        expect(row['service']).toBe('Children, young people & families');
        expect(row['practiceGroup']).toBe(
          record.scope_id === groupA ? 'Team "A", north' : 'Team B',
        );
        expect(row['quarter']).toBe(
          record.fields['context.date'] === '2026-05-01' ? '2026-27-Q1' : '2026-27-Q2',
        );
      }
      // Six strengths and six evidence texts, five names (the carriage return became a space) and
      // the case ID starting with "-" carry the apostrophe; nothing else was changed.
      expect(prefixed).toBe(6 + 6 + 5 + 1);
      const first = rows.find((r) => r['summary.strengths']?.startsWith("'="))!;
      expect(first['summary.strengths']).toBe(`'${NASTY[0]}`);
      const multi = rows.find((r) => r['summary.strengths']?.startsWith('Zoë'))!;
      expect(multi['summary.strengths']).toBe(NASTY[6]);
    });

    test('filters: a quarter range and a kind', async () => {
      expect((await read(director, 'observations', 'from=2026-27-Q2')).count).toBe(4);
      expect((await read(director, 'observations', 'to=2026-27-Q1')).rows).toHaveLength(4);
      expect((await read(director, 'observations', 'kind=cp-conference-chairing')).rows).toEqual(
        [],
      );
      const cp = await read(director, 'observations', 'kind=cp-conference-chairing');
      expect(cp.header).toContain('responses.quorate.value');
      expect(cp.header).not.toContain('responses.professionalism.value');
    });

    test('improvement actions, with their observation and whether they are overdue', async () => {
      const { rows, header } = await read(director, 'actions');
      expect(header).toEqual([...ACTION_COLUMNS]);
      expect(rows).toHaveLength(NASTY.length);
      for (const row of rows) {
        const record = await storedRecord(row['id']!);
        expect(row['observationId']).toBe(record.parent_id);
        for (const column of ['what', 'ownerName', 'dueDate', 'status'])
          expect(row[column], column).toBe(expectedCell(record.fields[column]));
        expect(row['observationKind']).toBe('frontline-practice');
        // Due on 1 June 2026: by now, every one not done is overdue.
        expect(row['overdue']).toBe(record.fields['status'] === 'done' ? 'false' : 'true');
      }
    });

    test('safety concerns, for the director, heads of service and QA leads', async () => {
      // The head of service acknowledges the first: recorded beside, not as the Director's.
      const ack = await ctx.app.inject({
        method: 'POST',
        url: `/api/concerns/${concernIds[0]}/acknowledge`,
        headers: bearer(hos.token),
      });
      expect(ack.statusCode, ack.body).toBe(200);
      // People's names, beside their ids; one that looks like a formula is guarded like any text.
      const named = (id: string, name: string) =>
        ctx.storage.db
          .updateTable('users')
          .set({ display_name: name })
          .where('id', '=', id)
          .execute();
      await named(observer.userId, 'Sam Patel');
      await named(hos.userId, '=Hana Ortiz');
      await named(director.userId, 'Dee Director');
      // The Director acknowledges the third.
      const settled = await ctx.app.inject({
        method: 'POST',
        url: `/api/concerns/${concernIds[2]}/acknowledge`,
        headers: bearer(director.token),
      });
      expect(settled.statusCode, settled.body).toBe(200);
      const { rows, header } = await read(director, 'concerns');
      expect(header).toEqual([...CONCERN_COLUMNS]);
      // Added beside the ids, which stay as they were (the performance team reads them).
      expect(header.slice(header.indexOf('raisedBy'), header.indexOf('raisedBy') + 2)).toEqual([
        'raisedBy',
        'raisedByName',
      ]);
      expect(header.slice(header.indexOf('acknowledgedBy'))).toEqual([
        'acknowledgedBy',
        'acknowledgedByName',
        'acknowledgedAt',
        'alsoAcknowledged',
        'alsoAcknowledgedNames',
        'overdue',
        'notificationsDelivered',
        'notificationsPending',
      ]);
      expect(rows.map((r) => r['id'])).toEqual(concernIds);
      for (const [i, row] of rows.entries()) {
        expect(row['raisedBy']).toBe(observer.userId);
        expect(row['raisedByName']).toBe('Sam Patel');
        expect(row['acknowledgedBy']).toBe(i === 2 ? director.userId : '');
        expect(row['acknowledgedByName']).toBe(i === 2 ? 'Dee Director' : '');
      }
      expect(rows[0]!['alsoAcknowledgedNames']).toMatch(
        /^'=Hana Ortiz \(head-of-service\) at \d{4}-\d{2}-\d{2}T/,
      );
      expect(rows[1]!['alsoAcknowledgedNames']).toBe('');
      for (const [i, row] of rows.entries()) {
        expect(row['what']).toBe(expectedCell(NASTY[i]));
        expect(row['caseId']).toBe(`CD-${200 + i}`);
        expect(row['whoWasTold']).toBe(
          "'=Duty, manager (Team manager) at 2026-05-05T13:06:00Z; Head of service (HoS) at 2026-05-05T13:10:00Z",
        );
        expect(row['raisedAt']).toBe('2026-05-05T13:05:00Z');
        expect(row['notificationsPending']).toBe('0');
      }
      expect(rows[0]!['alsoAcknowledged']).toMatch(
        new RegExp(`^${hos.userId} \\(head-of-service\\) at \\d{4}-\\d{2}-\\d{2}T`),
      );
      expect(rows[1]!['alsoAcknowledged']).toBe('');
      expect((await read(qaA, 'concerns')).rows.map((r) => r['id'])).toEqual([
        concernIds[0],
        concernIds[2],
      ]);
      expect((await read(hos, 'concerns')).rows.map((r) => r['id'])).toEqual(concernIds);
      const denied = await download(observer, 'concerns');
      expect(denied.statusCode).toBe(403);
    });

    test('scoped like the report: a QA lead exports their own team only; others are refused', async () => {
      const mine = await read(qaA, 'observations');
      expect(mine.rows.every((r) => r['scopeId'] === groupA)).toBe(true);
      expect(mine.rows).toHaveLength(4);
      expect((await read(hos, 'actions')).rows).toHaveLength(NASTY.length);
      expect((await download(qaA, 'observations', `scopeId=${groupB}`)).statusCode).toBe(404);
      const refused = await download(observer, 'observations');
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('FORBIDDEN');
      for (const [type, q] of [
        ['observations', 'from=2026-Q1'],
        ['observations', 'from=2026-27-Q3&to=2026-27-Q1'],
        ['everything', ''],
        ['actions', 'kind=visit'],
      ] as const) {
        const res = await download(director, type, q);
        expect(res.statusCode, `${type}?${q}`).toBe(400);
        expect(res.json().error.code).toBe('VALIDATION_FAILED');
      }
    });

    test('the report’s table by service and practice group: grades, each service’s total, the total', async () => {
      const range = 'from=2026-27-Q1&to=2026-27-Q2';
      const { rows, header, count } = await read(director, 'quarterly-report', range);
      expect(header).toEqual([
        'Line',
        'Service',
        'Practice group',
        'Quarter',
        'Kind',
        'Observations',
        'Family calls',
        'Outstanding',
        'Good',
        'Requires improvement to be good',
        'Inadequate',
        'Moderated judgements',
        'Moderator agreed',
        'Moderation agreement',
        'Meetings in time',
        'Meetings late',
        'Meetings not recorded',
        'Actions opened',
        'Actions completed',
        'Actions cancelled',
        'Actions overdue',
        'Good practice acknowledged',
      ]);
      const pick = (r: Record<string, string>) =>
        ['Line', 'Practice group', 'Quarter', 'Observations', 'Good', 'Actions opened'].map(
          (c) => r[c],
        );
      // Observations 0 to 7 alternate between the groups; 0 to 3 in Q1, 4 to 7 in Q2; all good.
      expect(rows.map(pick)).toEqual([
        ['Practice group', 'Team "A", north', '2026-27 Q1', '2', '2', '2'],
        ['Practice group', 'Team "A", north', '2026-27 Q2', '2', '2', '2'],
        ['Practice group', 'Team B', '2026-27 Q1', '2', '2', '2'],
        ['Practice group', 'Team B', '2026-27 Q2', '2', '2', '2'],
        ['Service total', '', '2026-27 Q1 to 2026-27 Q2', '8', '8', '8'],
        ['Total', '', '2026-27 Q1 to 2026-27 Q2', '8', '8', '8'],
      ]);
      expect(count).toBe(6);
      expect(
        rows.slice(0, 5).every((r) => r['Service'] === 'Children, young people & families'),
      ).toBe(true);
      expect(rows.map((r) => r['Kind'])).toEqual([
        ...Array(4).fill('Frontline practice observation'),
        'Every kind',
        'Every kind',
      ]);
      // Actions due 1 June 2026, done for observations 0, 3 and 6: the rest are overdue today.
      expect(rows.map((r) => r['Actions overdue'])).toEqual(['1', '1', '1', '2', '5', '5']);
      expect(rows[4]!['Moderation agreement']).toBe('');
      expect(rows.map((r) => r['Good practice acknowledged'])).toEqual([
        '1',
        '1',
        '1',
        '0',
        '3',
        '3',
      ]);

      // The same figures as the report itself, line for line.
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/reports/quarterly?${range}`,
        headers: bearer(director.token),
      });
      const report = res.json<{
        serviceTotals: { serviceId: string; figures: { observations: number } }[];
      }>();
      expect(report.serviceTotals).toEqual([
        { serviceId: service, figures: expect.objectContaining({ observations: 8 }) },
      ]);

      // A QA lead of one group: that group's rows and the total, no service total.
      const mine = await read(qaA, 'quarterly-report', range);
      expect(mine.rows.map((r) => [r['Line'], r['Service'], r['Practice group']])).toEqual([
        ['Practice group', 'Children, young people & families', 'Team "A", north'],
        ['Practice group', 'Children, young people & families', 'Team "A", north'],
        ['Total', '', ''],
      ]);

      // The report needs its quarters, at most 12, as the report does.
      for (const q of ['', 'from=2026-27-Q1', 'from=2024-25-Q1&to=2027-28-Q1']) {
        const bad = await download(director, 'quarterly-report', q);
        expect(bad.statusCode, q).toBe(400);
        expect(bad.json().error.code).toBe('VALIDATION_FAILED');
      }
      expect((await download(observer, 'quarterly-report', range)).statusCode).toBe(403);
    });

    test('every export is in the audit trail: who, what, which filters, how many rows', async () => {
      await read(qaA, 'actions', 'from=2026-27-Q1&to=2026-27-Q2');
      const entries = await ctx.storage.db
        .selectFrom('audit_log')
        .innerJoin('audit_content', 'audit_content.hash', 'audit_log.content_hash')
        .select(['audit_log.user_id', 'audit_log.action', 'audit_content.body'])
        .where('audit_log.action', '=', 'export')
        .orderBy('audit_log.seq')
        .execute();
      const last = entries[entries.length - 1]!;
      expect(last.user_id).toBe(qaA.userId);
      expect(JSON.parse(last.body!)).toEqual({
        export: 'actions',
        query: { from: '2026-27-Q1', to: '2026-27-Q2' },
        scopeIds: [groupA],
        rows: 4,
        columns: ACTION_COLUMNS.length,
      });
      expect(entries.filter((e) => e.user_id === director.userId).length).toBeGreaterThanOrEqual(5);
      expect((await verifyAudit(ctx.storage)).ok).toBe(true);
    });
  });
}
