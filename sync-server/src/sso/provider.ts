// The OpenID Connect provider as openid-client sees it: discovered once (and again after a
// failure, so a provider that was down at start-up is found later), then the authorization-code
// flow with PKCE, the token exchange, and refreshes for re-checking a person.
import * as oidc from 'openid-client';
import type { OidcConfig } from '../config';

export type ProviderClient = {
  readonly issuer: string;
  authorizationUrl(p: { state: string; nonce: string; codeVerifier: string }): Promise<URL>;
  /** Exchanges the code in the callback URL; throws when the provider or the checks refuse. */
  finish(
    callbackUrl: URL,
    p: { state: string; nonce: string; codeVerifier: string },
  ): Promise<{
    subject: string;
    email: string | null;
    emailVerified: boolean | null;
    refreshToken: string | null;
  }>;
  refresh(refreshToken: string): Promise<{ subject: string | null; refreshToken: string | null }>;
};

export const SCOPES = 'openid email profile offline_access';

/** The provider answered with an error (the person or the grant is no longer accepted). */
export const isProviderRefusal = (err: unknown): boolean =>
  err instanceof oidc.ResponseBodyError ||
  err instanceof oidc.AuthorizationResponseError ||
  err instanceof oidc.WWWAuthenticateChallengeError;

function emailFrom(claims: Record<string, unknown>): string | null {
  for (const key of ['email', 'preferred_username', 'upn']) {
    const v = claims[key];
    if (typeof v === 'string' && v.includes('@')) return v.trim().toLowerCase();
  }
  return null;
}

export function providerClient(config: OidcConfig): ProviderClient {
  const insecure = new URL(config.issuer).protocol === 'http:';
  let discovered: Promise<oidc.Configuration> | null = null;
  const configuration = () => {
    discovered ??= oidc
      .discovery(
        new URL(config.issuer),
        config.clientId,
        undefined,
        oidc.ClientSecretPost(config.clientSecret),
        // Plain http is accepted by the configuration only on this machine (a test provider).
        insecure ? { execute: [oidc.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
      )
      .catch((err: unknown) => {
        discovered = null;
        throw err;
      });
    return discovered;
  };

  return {
    issuer: config.issuer,
    async authorizationUrl({ state, nonce, codeVerifier }) {
      return oidc.buildAuthorizationUrl(await configuration(), {
        redirect_uri: config.redirectUri,
        scope: SCOPES,
        state,
        nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
    },
    async finish(callbackUrl, { state, nonce, codeVerifier }) {
      const c = await configuration();
      const tokens = await oidc.authorizationCodeGrant(c, callbackUrl, {
        pkceCodeVerifier: codeVerifier,
        expectedState: state,
        expectedNonce: nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('The provider returned no ID token.');
      let all: Record<string, unknown> = claims;
      // Some providers put the address only in userinfo (code flow without claims in the ID token).
      if (!emailFrom(all)) {
        all = { ...(await oidc.fetchUserInfo(c, tokens.access_token, claims.sub)), ...claims };
      }
      const verified = all['email_verified'];
      return {
        subject: claims.sub,
        email: emailFrom(all),
        emailVerified: typeof verified === 'boolean' ? verified : null,
        refreshToken: tokens.refresh_token ?? null,
      };
    },
    async refresh(refreshToken) {
      const tokens = await oidc.refreshTokenGrant(await configuration(), refreshToken);
      return {
        subject: tokens.claims()?.sub ?? null,
        refreshToken: tokens.refresh_token ?? null,
      };
    },
  };
}
