// Session tokens: 32 random bytes, base64url, sent as `Authorization: Bearer <token>`. Only their
// sha256 is stored, so reading the database (or a backup of it) does not let anyone sign in; a
// plain hash is enough because the token has 256 bits of entropy, unlike a password.
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_BYTES = 32;

export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The token in an Authorization header, or null when there is none or it is not a bearer token. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer +([A-Za-z0-9_-]{16,256})$/i.exec(header.trim());
  return match?.[1] ?? null;
}
