import { z } from 'zod';
import { idSchema } from '../entities/common';

// Single sign-on on the wire (server: sync-server/src/routes/oidc.ts). The app:
//  1. makes a random `codeVerifier` (43 to 128 URL-safe characters) and keeps it;
//  2. opens GET /api/auth/oidc/start?codeChallenge=<base64url(sha256(codeVerifier))>&deviceId=...
//     in the browser (a navigation, not fetch);
//  3. is sent back to /#/signed-in?code=<one-time code> (or /#/sign-in-failed?reason=<reason>);
//  4. POSTs { code, codeVerifier } to /api/auth/oidc/exchange within two minutes and gets the
//     same answer as POST /api/auth/sign-in.

const base64url = /^[A-Za-z0-9_-]+$/;

export const oidcStatusSchema = z.object({ enabled: z.boolean() });

export const oidcStartQuerySchema = z.strictObject({
  codeChallenge: z
    .string()
    .length(43, 'must be base64url(sha256(verifier)): 43 characters')
    .regex(base64url, 'must be base64url characters'),
  /** The registration this tablet had for this person, to keep it. */
  deviceId: idSchema.optional(),
  deviceName: z.string().trim().max(100, 'must be at most 100 characters').optional(),
});
export type OidcStartQuery = z.infer<typeof oidcStartQuerySchema>;

export const oidcExchangeRequestSchema = z.strictObject({
  code: z.string().min(1).max(200).regex(base64url, 'must be the code from the sign-in link'),
  codeVerifier: z
    .string()
    .min(43, 'must be 43 to 128 characters')
    .max(128, 'must be 43 to 128 characters')
    .regex(base64url, 'must be base64url characters'),
});
export type OidcExchangeRequest = z.infer<typeof oidcExchangeRequestSchema>;

/** The reasons /#/sign-in-failed may carry, for the app's messages. */
export const SSO_FAILURE_REASONS = [
  'SSO_CANCELLED',
  'SSO_STATE_INVALID',
  'SSO_PROVIDER_REFUSED',
  'SSO_PROVIDER_UNREACHABLE',
  'SSO_NO_ACCOUNT',
  'SSO_EMAIL_UNVERIFIED',
  'SSO_IDENTITY_MISMATCH',
  'ACCOUNT_DISABLED',
] as const;
export type SsoFailureReason = (typeof SSO_FAILURE_REASONS)[number];
