// Importing a recovery file on behalf of the person whose tablet made it. The changes go through
// the ordinary push as that person and that device registration, so they are authorized, validated
// and merged exactly as a sync would, and the registration's mutation ids make every change apply
// once however many times the file is imported or the tablet later syncs the same outbox.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { MAX_MUTATIONS_PER_PUSH } from '../../../schemas/sync/push';
import type { RecoveryFile, RecoveryImportResult } from '../../../schemas/sync/recovery-file';
import { findUserById } from '../accounts/accounts-repository';
import { isRole } from '../accounts/permissions';
import { appendAudit } from '../audit/append';
import { AppError } from '../errors';
import { checkVersions } from '../routes/sync';
import type { Database } from '../storage/database';
import { push } from '../sync/push';
import { openRecoveryFile } from './open-file';
import { recoveryKey } from './server-key';

export async function importRecoveryFile(
  db: Kysely<Database>,
  file: RecoveryFile,
  admin: { userId: string; deviceId: string },
): Promise<RecoveryImportResult> {
  const payload = openRecoveryFile(file, await recoveryKey(db));
  checkVersions(payload);
  const user = await findUserById(db, payload.userId);
  const device = await db
    .selectFrom('devices')
    .select(['id', 'user_id'])
    .where('id', '=', payload.deviceId)
    .executeTakeFirst();
  if (!user || !isRole(user.role) || !device || device.user_id !== user.id) {
    throw new AppError(
      400,
      'RECOVERY_FILE_UNKNOWN_DEVICE',
      'This recovery file names a person or tablet registration this server does not know.',
    );
  }
  const client = await db
    .selectFrom('sync_clients')
    .select('last_mutation_id')
    .where('device_id', '=', device.id)
    .executeTakeFirst();
  const lastBefore = Number(client?.last_mutation_id ?? 0);
  const first = payload.mutations[0]!.id;
  if (first > lastBefore + 1) {
    // Nothing is applied: the changes between would be missing, which no import can put right.
    throw new AppError(
      409,
      'RECOVERY_FILE_GAP',
      `This recovery file starts at change ${first}, but the server has changes from this tablet ` +
        `only up to ${lastBefore}. Ask for a new file made after the tablet's last sync.`,
      { expected: lastBefore + 1, first },
    );
  }

  const actor = { userId: user.id, role: user.role, deviceId: device.id };
  const rejected: RecoveryImportResult['rejected'] = [];
  let applied = 0;
  let alreadyApplied = 0;
  for (let i = 0; i < payload.mutations.length; i += MAX_MUTATIONS_PER_PUSH) {
    const batch = payload.mutations.slice(i, i + MAX_MUTATIONS_PER_PUSH);
    // Each batch commits on its own; an import cut short is finished by importing the file again.
    const response = await push(
      db,
      actor,
      {
        protocolVersion: payload.protocolVersion,
        schemaVersion: payload.schemaVersion,
        deviceId: device.id,
        sentAt: new Date().toISOString(),
        mutations: batch,
      },
      { deviceContact: false },
    );
    for (const r of response.results) {
      if (r.id <= lastBefore) alreadyApplied++;
      else if (r.status === 'applied') applied++;
      else
        rejected.push({ mutationId: r.id, code: r.code ?? 'REJECTED', message: r.message ?? '' });
    }
  }

  const result: RecoveryImportResult = {
    importId: randomUUID(),
    userId: user.id,
    deviceId: device.id,
    createdAt: file.createdAt,
    applied,
    alreadyApplied,
    rejected,
  };
  const now = new Date().toISOString();
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('recovery_imports')
      .values({
        id: result.importId,
        imported_by: admin.userId,
        imported_at: now,
        user_id: user.id,
        device_id: device.id,
        file_created_at: file.createdAt,
        applied,
        already_applied: alreadyApplied,
        rejected: rejected.length,
      })
      .execute();
    await appendAudit(tx, [
      {
        userId: admin.userId,
        deviceId: admin.deviceId,
        action: 'admin:import-recovery-file',
        recordId: device.id,
        content: {
          importId: result.importId,
          forUser: user.id,
          fromDevice: device.id,
          fileCreatedAt: file.createdAt,
          applied,
          alreadyApplied,
          rejected: rejected.length,
        },
        at: now,
      },
    ]);
  });
  return result;
}
