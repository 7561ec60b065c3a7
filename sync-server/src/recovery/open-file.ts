// Opening a recovery file: unwrap its content key with the server's private key, decrypt and
// authenticate the payload against its header, then check the payload as strictly as a push.
import { constants, createDecipheriv, privateDecrypt } from 'node:crypto';
import { recoveryAdditionalData, recoveryPayloadSchema } from '../../../schemas/sync/recovery-file';
import type { RecoveryFile, RecoveryPayload } from '../../../schemas/sync/recovery-file';
import { AppError } from '../errors';
import { checkJsonValue } from '../plugins/app/json-body';
import type { ServerRecoveryKey } from './server-key';

const TAG_BYTES = 16;

const unreadable = () =>
  new AppError(
    400,
    'RECOVERY_FILE_UNREADABLE',
    'This recovery file cannot be opened: it was damaged, changed, or sealed for another server. ' +
      'Ask for a new file from the tablet.',
  );

export function openRecoveryFile(file: RecoveryFile, key: ServerRecoveryKey): RecoveryPayload {
  if (file.keyId !== key.keyId) {
    throw new AppError(
      400,
      'RECOVERY_KEY_UNKNOWN',
      'This recovery file was sealed for another server or an older key. ' +
        'Import it on the server the tablet signs in to.',
    );
  }
  let plain: string;
  try {
    const contentKey = privateDecrypt(
      { key: key.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      Buffer.from(file.wrappedKey, 'base64url'),
    );
    const iv = Buffer.from(file.iv, 'base64url');
    const sealed = Buffer.from(file.ciphertext, 'base64url');
    if (contentKey.length !== 32 || iv.length !== 12 || sealed.length <= TAG_BYTES) {
      throw unreadable();
    }
    const decipher = createDecipheriv('aes-256-gcm', contentKey, iv);
    decipher.setAAD(Buffer.from(recoveryAdditionalData(file), 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    plain = Buffer.concat([
      decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw unreadable();
  }
  let value: unknown;
  try {
    value = JSON.parse(plain);
  } catch {
    throw unreadable();
  }
  const broken = checkJsonValue(value, 'recovery file');
  if (broken) throw broken;
  const parsed = recoveryPayloadSchema.safeParse(value);
  if (!parsed.success) {
    throw new AppError(
      400,
      'RECOVERY_FILE_INVALID',
      `This recovery file's changes are not in the form this server accepts: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || 'payload'} ${i.message}`)
        .join('; ')}.`,
    );
  }
  const { mutations } = parsed.data;
  for (let i = 1; i < mutations.length; i++) {
    if (mutations[i]!.id !== mutations[i - 1]!.id + 1) {
      throw new AppError(
        400,
        'RECOVERY_FILE_INVALID',
        'The changes in this recovery file do not follow one another without gaps.',
      );
    }
  }
  return parsed.data;
}
