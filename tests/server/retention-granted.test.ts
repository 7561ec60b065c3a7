// Retention on every engine: a record someone reads only through a grant (an observation shared
// with the practitioner observed) leaves their tablet at its next pull too. The deletion removes
// the grant, so the tombstone is no longer theirs to read: the pull evicts the record instead.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import type { PullResponse } from '../../schemas/sync/pull';
import type { FieldValue } from '../../schemas/sync/records';
import { findTemplate } from '../../schemas/templates/catalogue';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';
import { FRONTLINE, InjectDevice } from '../helpers/inject-sync';
import { addScope, newId } from '../helpers/sync-fixtures';
import { submittableFields } from '../helpers/submittable';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import type { SignedIn } from '../helpers/accounts';

useQuickPasswordHashing();

const DAY = 86_400_000;
const versions = { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION };

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`retention of a shared record on ${engine.name}`, () => {
    let ctx: TestApp;
    let adminToken: string;
    let practitioner: SignedIn;
    let cursor: string | null = null;
    const SHARED = newId();

    /** The practitioner's tablet: every page after its cursor, records and evictions. */
    const pullAll = async () => {
      const records: PullResponse['records'] = [];
      const evict: string[] = [];
      for (;;) {
        const res = await ctx.app.inject({
          method: 'POST',
          url: '/api/sync/pull',
          headers: bearer(practitioner.token),
          payload: { ...versions, deviceId: practitioner.deviceId, cursor },
        });
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json<PullResponse>();
        records.push(...page.records);
        evict.push(...page.evict);
        cursor = page.cursor;
        if (!page.hasMore) return { records, evict };
      }
    };

    beforeAll(async () => {
      ctx = t!;
      const admin = await createAccount(ctx.storage, { role: 'admin' });
      adminToken = (await signIn(ctx.app, admin)).token;
      const scopeId = await addScope(ctx.storage.db, `Shared ${engine.name}`, 'service');
      const observer = await createAccount(ctx.storage, { role: 'observer', scopeIds: [scopeId] });
      const observed = await createAccount(ctx.storage, {
        role: 'practitioner',
        scopeIds: [scopeId],
      });
      practitioner = await signIn(ctx.app, observed);
      const device = new InjectDevice(ctx.app, await signIn(ctx.app, observer));
      const put = (set: Record<string, FieldValue>) => ({
        recordId: SHARED,
        type: 'observation' as const,
        op: 'put' as const,
        scopeId,
        baseVersion: 0,
        set,
      });
      const results = await device.push(
        put(
          submittableFields(findTemplate('frontline-practice', 1)!, {
            ...FRONTLINE,
            status: 'draft',
            'context.observedUserId': observed.id,
            'summary.strengths': 'Shared with the practitioner',
          }),
        ),
        put({ status: 'submitted' }),
        put({ sharedWithPractitioner: true }),
      );
      expect(
        results.results.filter((r) => r.status !== 'applied'),
        JSON.stringify(results),
      ).toEqual([]);
      await ctx.storage.db
        .updateTable('records')
        .set({ updated_at: new Date(Date.now() - 400 * DAY).toISOString() })
        .where('root_id', '=', SHARED)
        .execute();
      await ctx.app.inject({
        method: 'PUT',
        url: '/api/admin/retention/policy',
        headers: bearer(adminToken),
        payload: { periods: { 'frontline-practice': 365 } },
      });
    });
    afterAll(async () => ctx?.close());

    test('an observation shared with the practitioner leaves their tablet at its next pull', async () => {
      expect((await pullAll()).records.map((r) => r.id)).toContain(SHARED);
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/admin/retention/delete',
        headers: bearer(adminToken),
        payload: { recordIds: [SHARED], confirm: true },
      });
      expect(res.statusCode, res.body).toBe(200);
      const after = await pullAll();
      expect(after.evict).toContain(SHARED);
      expect(after.records.filter((r) => r.id === SHARED && !r.deleted)).toEqual([]);
    });
  });
}
