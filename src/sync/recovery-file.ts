// Sealing a tablet's unsent changes into a recovery file only the server can open: a fresh
// AES-256-GCM content key encrypts the payload (the header is its additional data), and the
// server's RSA-OAEP public key wraps the content key. The tablet cannot read the file back, so a
// copy left on a memory stick or in an email says nothing about a child.
import {
  RECOVERY_FILE_FORMAT,
  RECOVERY_FILE_VERSION,
  recoveryAdditionalData,
} from '../../schemas/sync/recovery-file';
import type {
  RecoveryFile,
  RecoveryHeader,
  RecoveryKey,
  RecoveryPayload,
} from '../../schemas/sync/recovery-file';
import { fromBase64url, toBase64url } from './base64url';

export async function sealRecoveryFile(
  payload: RecoveryPayload,
  key: RecoveryKey,
  now: Date = new Date(),
): Promise<RecoveryFile> {
  const header: RecoveryHeader = {
    format: RECOVERY_FILE_FORMAT,
    version: RECOVERY_FILE_VERSION,
    keyId: key.keyId,
    createdAt: now.toISOString(),
  };
  const serverKey = await crypto.subtle.importKey(
    'spki',
    fromBase64url(key.publicKey) as BufferSource,
    { name: 'RSA-OAEP', hash: 'SHA-256' },
    false,
    ['wrapKey'],
  );
  const contentKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, [
    'encrypt',
  ]);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt(
    {
      name: 'AES-GCM',
      iv,
      additionalData: new TextEncoder().encode(recoveryAdditionalData(header)),
    },
    contentKey,
    new TextEncoder().encode(JSON.stringify(payload)),
  );
  const wrappedKey = await crypto.subtle.wrapKey('raw', contentKey, serverKey, {
    name: 'RSA-OAEP',
  });
  return {
    ...header,
    wrappedKey: toBase64url(new Uint8Array(wrappedKey)),
    iv: toBase64url(iv),
    ciphertext: toBase64url(new Uint8Array(ciphertext)),
  };
}

/** A file name that says what it is and when, and nothing about whose work is in it. */
export function recoveryFileName(file: RecoveryFile): string {
  return `recovery-${file.createdAt.slice(0, 16).replace(/[:T]/g, '-')}.json`;
}
