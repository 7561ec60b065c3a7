// Base64url (RFC 4648 §5, no padding) for keys, verifiers and sealed files. Plain functions with no
// imports, so the first screen can use them without loading the sync engine.

export function toBase64url(bytes: Uint8Array): string {
  let bin = '';
  // In slices: spreading a whole outbox into one call would overflow the argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Throws on text that is not base64url. */
export function fromBase64url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}
