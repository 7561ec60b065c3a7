// The key pair tablets seal recovery files to. Made once, by whichever server process first needs
// it; every process on the same database then uses the same one, and backups carry it, so a file
// made before a restore still opens after it.
import { createPrivateKey, generateKeyPair, randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import { RECOVERY_KEY_ALGORITHM } from '../../../schemas/sync/recovery-file';
import type { RecoveryKey } from '../../../schemas/sync/recovery-file';
import type { Database } from '../storage/database';

const PURPOSE = 'recovery-file';
const generate = promisify(generateKeyPair);

export type ServerRecoveryKey = RecoveryKey & { privateKey: KeyObject };

async function read(db: Kysely<Database>): Promise<ServerRecoveryKey | null> {
  const row = await db
    .selectFrom('server_keys')
    .selectAll()
    .where('purpose', '=', PURPOSE)
    .executeTakeFirst();
  if (!row) return null;
  return {
    keyId: row.key_id,
    algorithm: RECOVERY_KEY_ALGORITHM,
    publicKey: row.public_key,
    privateKey: createPrivateKey({
      key: Buffer.from(row.private_key, 'base64url'),
      format: 'der',
      type: 'pkcs8',
    }),
  };
}

/** The recovery key pair, made on first use; two processes racing both end with the same one. */
export async function recoveryKey(db: Kysely<Database>): Promise<ServerRecoveryKey> {
  const existing = await read(db);
  if (existing) return existing;
  const pair = await generate('rsa', {
    modulusLength: 3072,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  });
  await db
    .insertInto('server_keys')
    .values({
      purpose: PURPOSE,
      key_id: randomUUID(),
      public_key: Buffer.from(pair.publicKey).toString('base64url'),
      private_key: Buffer.from(pair.privateKey).toString('base64url'),
      created_at: new Date().toISOString(),
    })
    .onConflict((oc) => oc.column('purpose').doNothing())
    .execute();
  const made = await read(db);
  if (!made) throw new Error('The recovery key was neither found nor stored');
  return made;
}
