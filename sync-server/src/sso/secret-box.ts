// The provider's refresh tokens are stored sealed with AES-256-GCM under a key derived from the
// client secret, so a copy of the database (or a backup) alone cannot be used at the provider.
// Rotating the client secret makes stored tokens unreadable: those sessions then end at their next
// re-check and people sign in again.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export type SecretBox = { seal(plain: string): string; open(sealed: string): string | null };

export function secretBox(secret: string): SecretBox {
  const key = Buffer.from(
    hkdfSync('sha256', secret, 'practice-observations', 'sso-refresh-token-v1', 32),
  );
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return `${VERSION}.${Buffer.concat([iv, tag, body]).toString('base64url')}`;
    },
    open(sealed) {
      const [version, data] = sealed.split('.');
      if (version !== VERSION || !data) return null;
      try {
        const raw = Buffer.from(data, 'base64url');
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        return null;
      }
    },
  };
}
