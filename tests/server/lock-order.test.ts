// Writers on one PostgreSQL database take their locks in one order, so two of them never wait for
// each other in a circle (PostgreSQL would abort one, and its request would answer 500). A push
// takes the sequence counter, then `audit_head`, then its device's row; revoking that device takes
// the device's row and then `audit_head`, so it must take the counter first too. The interleaving
// is forced, not hoped for: a third connection holds the device's sessions row, so the revocation
// stops between its two updates, the push is started and waits, and only then is the row let go.
// Only PostgreSQL runs transactions side by side; SQLite has one writer at a time.
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../schemas/sync/protocol-version';
import { verifyAudit } from '../../sync-server/src/audit/verify';
import { bearer, createAccount, signIn, useQuickPasswordHashing } from '../helpers/accounts';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { postgresEngine } from '../helpers/engines';
import { FRONTLINE } from '../helpers/inject-sync';
import { waitFor } from '../helpers/sinks';
import { addScope, newId } from '../helpers/sync-fixtures';

useQuickPasswordHashing();

const t = await buildTestApp(postgresEngine);
describe.skipIf(t === null)('lock order on postgres', () => {
  let ctx: TestApp;
  beforeAll(() => {
    ctx = t!;
  });
  afterAll(async () => ctx?.close());

  /** Statements of this database waiting for a lock another transaction holds. */
  const lockWaits = async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`.execute(ctx.storage.db);
    return rows[0]!.n;
  };

  test('revoking a device while its push is being applied answers both, with no deadlock', async () => {
    const admin = await createAccount(ctx.storage, { role: 'admin' });
    const adminSession = await signIn(ctx.app, admin);
    const service = await addScope(ctx.storage.db, 'Lock order service', 'service');
    const observer = await createAccount(ctx.storage, { role: 'observer', scopeIds: [service] });
    const tablet = await signIn(ctx.app, observer);

    let revoked: Promise<LightMyRequestResponse> | undefined;
    let pushed: Promise<LightMyRequestResponse> | undefined;
    await ctx.storage.db.transaction().execute(async (third) => {
      await sql`select id from sessions where device_id = ${tablet.deviceId} for update`.execute(
        third,
      );
      revoked = ctx.app.inject({
        method: 'POST',
        url: `/api/admin/devices/${tablet.deviceId}/revoke`,
        headers: bearer(adminSession.token),
      });
      // The revocation stops at the sessions row (before the fix, holding the device's row).
      await waitFor('the revocation to wait', async () => (await lockWaits()) === 1);
      pushed = ctx.app.inject({
        method: 'POST',
        url: '/api/sync/push',
        headers: bearer(tablet.token),
        payload: {
          protocolVersion: PROTOCOL_VERSION,
          schemaVersion: SCHEMA_VERSION,
          deviceId: tablet.deviceId,
          sentAt: new Date().toISOString(),
          mutations: [
            {
              id: 1,
              at: new Date().toISOString(),
              recordId: newId(),
              type: 'observation',
              op: 'put',
              scopeId: service,
              baseVersion: 0,
              set: { ...FRONTLINE, 'summary.strengths': 'Calm and clear' },
            },
          ],
        },
      });
      // The push waits too: before the fix for the device's row while holding `audit_head`, which
      // the revocation asks for next; now for the sequence counter the revocation holds.
      await waitFor('the push to wait', async () => (await lockWaits()) === 2);
    });

    const [revoke, push] = await Promise.all([revoked!, pushed!]);
    expect(revoke.statusCode, revoke.body).toBe(200);
    expect(revoke.json()).toMatchObject({ sessionsRevoked: 1, alreadyRevoked: false });
    // The push was let in before the revocation; it is applied, not lost to a deadlock.
    expect(push.statusCode, push.body).toBe(200);
    expect(push.json().results[0].status).toBe('applied');
    await expect(verifyAudit(ctx.storage)).resolves.toMatchObject({ ok: true });
  });
});
