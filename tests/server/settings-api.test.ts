// Local settings over the API on every engine: every signed-in user reads the complete set (the
// duty number falling back to DUTY_PHONE), cheaply with an ETag; only an admin changes them, each
// change is audited with before and after, and a refused change writes nothing.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_LOCAL_SETTINGS } from '../../schemas/entities/local-settings';
import { settingsResponseSchema } from '../../schemas/admin/settings';
import { verifyAudit } from '../../sync-server/src/audit/verify';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';

useQuickPasswordHashing();

const ENV_PHONE = '0300 123 4567';

for (const engine of ENGINES) {
  const t = await buildTestApp(engine, { DUTY_PHONE: ENV_PHONE });
  describe.skipIf(t === null)(`local settings API on ${engine.name}`, () => {
    let ctx: TestApp;
    let admin: { token: string; userId: string };
    let observer: string;
    beforeAll(async () => {
      ctx = t!;
      const a = await createAccount(ctx.storage, { role: 'admin' });
      admin = { token: (await signIn(ctx.app, a)).token, userId: a.id };
      const o = await createAccount(ctx.storage, { role: 'observer' });
      observer = (await signIn(ctx.app, o)).token;
    });
    afterAll(async () => ctx?.close());

    const get = (token?: string, headers: Record<string, string> = {}) =>
      ctx.app.inject({
        method: 'GET',
        url: '/api/settings',
        headers: { ...(token ? bearer(token) : {}), ...headers },
      });
    const put = (token: string, payload: unknown) =>
      ctx.app.inject({
        method: 'PUT',
        url: '/api/admin/settings',
        headers: bearer(token),
        payload: payload as object,
      });
    const settingsAudit = () =>
      ctx.storage.db
        .selectFrom('audit_log')
        .innerJoin('audit_content', 'audit_content.hash', 'audit_log.content_hash')
        .select(['audit_log.user_id', 'audit_content.body'])
        .where('audit_log.action', '=', 'admin:update-settings')
        .orderBy('audit_log.seq')
        .execute();

    test('anyone signed in gets the complete defaults, with the duty number from DUTY_PHONE; nobody else does', async () => {
      expect((await get()).statusCode).toBe(401);
      const res = await get(observer);
      expect(res.statusCode).toBe(200);
      const body = settingsResponseSchema.parse(res.json());
      expect(body.settings).toEqual({ ...DEFAULT_LOCAL_SETTINGS, dutyPhone: ENV_PHONE });
      expect(body.dutyPhoneSource).toBe('environment');
      expect(res.headers.etag).toBe(`"${body.version}"`);
    });

    test('If-None-Match with the current ETag answers 304 with no body; a stale one gets the settings', async () => {
      const first = await get(observer);
      const etag = String(first.headers.etag);
      const again = await get(observer, { 'if-none-match': etag });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      const stale = await get(observer, { 'if-none-match': '"not-the-version"' });
      expect(stale.statusCode).toBe(200);
      expect(stale.json().version).toBe(first.json().version);
    });

    test('an admin change is applied, versioned, audited with before and after, and reaches every user', async () => {
      const before = await get(observer);
      const res = await put(admin.token, { dutyPhone: '020 7946 0000', idleLockMinutes: 10 });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.changed.sort()).toEqual(['dutyPhone', 'idleLockMinutes']);
      expect(body.settings.dutyPhone).toBe('020 7946 0000');
      expect(body.dutyPhoneSource).toBe('settings');
      expect(body.version).not.toBe(before.json().version);

      // The tablet's cached copy is now stale: its old ETag gets the new settings.
      const fresh = await get(observer, { 'if-none-match': String(before.headers.etag) });
      expect(fresh.statusCode).toBe(200);
      expect(fresh.json().settings).toMatchObject({
        dutyPhone: '020 7946 0000',
        idleLockMinutes: 10,
        authorityName: DEFAULT_LOCAL_SETTINGS.authorityName,
      });
      expect(fresh.headers.etag).toBe(`"${body.version}"`);

      const entries = await settingsAudit();
      const last = entries[entries.length - 1]!;
      expect(last.user_id).toBe(admin.userId);
      expect(JSON.parse(last.body!)).toEqual({
        changed: ['dutyPhone', 'idleLockMinutes'],
        before: { dutyPhone: null, idleLockMinutes: DEFAULT_LOCAL_SETTINGS.idleLockMinutes },
        after: { dutyPhone: '020 7946 0000', idleLockMinutes: 10 },
      });
      await expect(verifyAudit(ctx.storage)).resolves.toMatchObject({ ok: true });
    });

    test('clearing the duty number falls back to DUTY_PHONE again', async () => {
      const res = await put(admin.token, { dutyPhone: null });
      expect(res.statusCode).toBe(200);
      expect(res.json().settings.dutyPhone).toBe(ENV_PHONE);
      expect(res.json().dutyPhoneSource).toBe('environment');
    });

    test('the authority’s own accessibility statement and privacy notice are public; nothing else of the settings is', async () => {
      const legal = () => ctx.app.inject({ method: 'GET', url: '/api/legal' });
      expect((await legal()).json()).toMatchObject({
        accessibilityStatement: null,
        privacyNotice: null,
      });
      const statement = '## How accessible this app is\nWe test it with a screen reader.';
      expect(
        (await put(admin.token, { accessibilityStatement: statement, dutyPhone: '020 7946 0999' }))
          .statusCode,
      ).toBe(200);
      const res = await legal();
      expect(res.statusCode).toBe(200);
      expect(res.json().accessibilityStatement).toBe(statement);
      expect(res.body).not.toContain('7946');
      await put(admin.token, { accessibilityStatement: null, dutyPhone: null });
    });

    test('a stored local timescale longer than the law (accepted by older releases) gives way to the statutory one; the rest of the settings stand', async () => {
      const before = await ctx.storage.getSetting('local-settings');
      await ctx.storage.setSetting(
        'local-settings',
        JSON.stringify({
          concernNotifyEmails: ['duty@example.org'],
          timescales: {
            'first-cla-review': { unit: 'working-days', amount: 60 },
            'first-review-conference': { unit: 'calendar-days', amount: 90 },
          },
        }),
      );
      try {
        const body = settingsResponseSchema.parse((await get(observer)).json());
        expect(body.settings.concernNotifyEmails).toEqual(['duty@example.org']);
        expect(body.settings.timescales).toEqual({
          'first-review-conference': { unit: 'calendar-days', amount: 90 },
        });
      } finally {
        await ctx.storage.setSetting('local-settings', before ?? '{}');
      }
    });

    test('refused changes are 4xx with a code and change nothing: other roles, unknown fields, bad values', async () => {
      const before = (await get(observer)).json();
      const auditBefore = (await settingsAudit()).length;
      const forbidden = await put(observer, { idleLockMinutes: 2 });
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.json().error.code).toBe('FORBIDDEN');
      for (const payload of [
        { colour: 'red' },
        { dutyPhone: 'call Sam' },
        { idleLockMinutes: 0 },
        { gradeScale: { nonsense: true } },
        { concernNotifyEmails: ['not an email'] },
        [1, 2],
      ]) {
        const res = await put(admin.token, payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(res.json().error.code).toBe('VALIDATION_FAILED');
      }
      expect((await get(observer)).json()).toEqual(before);
      expect((await settingsAudit()).length).toBe(auditBefore);
    });

    test('a bad number is refused in the words the settings page uses: what to enter, and its range', async () => {
      for (const [payload, message] of [
        [
          { idleLockMinutes: 0 },
          'idleLockMinutes: Enter the minutes without use before the app locks as a whole number from 1 to 60',
        ],
        [
          { unlockAttempts: 11 },
          'unlockAttempts: Enter the number of wrong unlock attempts as a whole number from 3 to 10',
        ],
        [
          { concernAcknowledgeHours: 1.5 },
          'concernAcknowledgeHours: Enter the hours a safety concern may wait for acknowledgement as a whole number from 1 to 168',
        ],
        [
          { deviceRetentionDays: -3 },
          'deviceRetentionDays: Enter the days a finished, sent record stays on a tablet as a whole number from 1 to 365',
        ],
        [
          { offlineUnlockDays: '7' },
          'offlineUnlockDays: Enter the days a tablet may go without reaching the server as a whole number from 1 to 365, or leave it blank for no limit',
        ],
      ] as const) {
        const res = await put(admin.token, payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(res.json().error.message).toBe(message);
      }
    });
  });
}
