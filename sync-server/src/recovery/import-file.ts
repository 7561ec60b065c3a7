// Importing a recovery file on behalf of the person whose tablet made it. The safety concerns come
// first, through the concern route's own raiseConcern, so the director is told before any edit is
// applied; the changes then go through the ordinary push as that person and that device
// registration, so they are authorized, validated and merged exactly as a sync would. Concern ids
// and the registration's mutation ids make each apply once however many times the file is
// imported or the tablet later sends the same concerns and outbox itself.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { MAX_MUTATIONS_PER_PUSH } from '../../../schemas/sync/push';
import type {
  RecoveryFile,
  RecoveryImportResult,
  RecoveryPayload,
} from '../../../schemas/sync/recovery-file';
import { findUserById } from '../accounts/accounts-repository';
import { isRole } from '../accounts/permissions';
import { appendAudit } from '../audit/append';
import { AppError } from '../errors';
import type { NotifyChannels } from '../notifications/outbox';
import { checkVersions } from '../routes/sync';
import type { Database } from '../storage/database';
import type { Actor } from '../sync/actor';
import { raiseConcern } from '../sync/concerns';
import { push } from '../sync/push';
import { openRecoveryFile } from './open-file';
import { recoveryKey } from './server-key';

export type ConcernDelivery = {
  /** How the director and QA leads are told of a concern raised by the import. */
  channels?: NotifyChannels;
  /** Called once the import raised at least one concern, to send the notifications now. */
  raised?: () => void;
};

export async function importRecoveryFile(
  db: Kysely<Database>,
  file: RecoveryFile,
  admin: { userId: string; deviceId: string },
  delivery: ConcernDelivery = {},
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
  const first = payload.mutations[0]?.id ?? lastBefore + 1;
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

  const actor: Actor = { userId: user.id, role: user.role, deviceId: device.id };
  const concerns = await raiseConcerns(db, actor, payload, delivery);
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
    concerns,
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
          concernsRaised: concerns.raised,
          concernsAlreadyRaised: concerns.alreadyRaised,
          concernsRefused: concerns.refused.length,
        },
        at: now,
      },
    ]);
  });
  return result;
}

/**
 * Each waiting concern raised as the tablet would have raised it, in its own transaction. One the
 * server refuses (a team the person has left, say) is reported with its reason, as a refused change
 * is; it does not stop the others or the changes.
 */
async function raiseConcerns(
  db: Kysely<Database>,
  actor: Actor,
  payload: RecoveryPayload,
  delivery: ConcernDelivery,
): Promise<RecoveryImportResult['concerns']> {
  const result: RecoveryImportResult['concerns'] = {
    raised: 0,
    alreadyRaised: 0,
    refused: [],
    directorNotice: null,
  };
  for (const { scopeId, concern } of payload.concerns ?? []) {
    try {
      const view = await raiseConcern(
        db,
        actor,
        {
          protocolVersion: payload.protocolVersion,
          schemaVersion: payload.schemaVersion,
          deviceId: actor.deviceId,
          scopeId,
          concern,
        },
        delivery.channels,
      );
      if (view.created) {
        result.raised++;
        result.directorNotice = view.directorNotice;
      } else result.alreadyRaised++;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      result.refused.push({ concernId: concern.id, code: err.code, message: err.message });
    }
  }
  if (result.raised > 0) delivery.raised?.();
  return result;
}
