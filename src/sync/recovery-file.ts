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

function toBase64url(bytes: Uint8Array): string {
  let bin = '';
  // In slices: spreading a whole outbox into one call would overflow the argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

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
