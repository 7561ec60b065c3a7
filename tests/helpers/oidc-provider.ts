// A real OpenID Connect provider (the oidc-provider package) on this machine, for single sign-on
// tests: accounts can be added and removed while it runs, as an authority's directory would, and
// a small browser stand-in signs in through its own login and consent pages.
import { createHash, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import Provider from 'oidc-provider';
import { freePort } from './server-process';

export type TestProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Directory of the provider: subject -> email address. Delete one to remove the person. */
  accounts: Map<string, { email: string; emailVerified?: boolean }>;
  close(): Promise<void>;
};

export async function startProvider(redirectUri: string): Promise<TestProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'practice-observations';
  const clientSecret = 'a-client-secret-for-the-test-provider-only';
  const accounts: TestProvider['accounts'] = new Map();
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: account.email,
          email_verified: account.emailVerified ?? true,
        }),
      };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: [] },
    scopes: ['openid', 'offline_access', 'email', 'profile'],
    // Entra ID issues refresh tokens for offline_access without asking for consent each time.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    cookies: { keys: ['test-provider-cookie-key-0123456789'] },
    features: { devInteractions: { enabled: true } },
  });
  // The provider's own warnings (development interactions, keys) are expected here.
  provider.on('server_error', () => undefined);
  const server: Server = await new Promise((resolve) => {
    const s = provider.listen(port, '127.0.0.1', () => resolve(s));
  });
  return {
    issuer,
    clientId,
    clientSecret,
    redirectUri,
    accounts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Follows the provider's pages as a browser would: redirects, the login form (any password) and
 * the consent form, until the provider sends the browser to the redirect URI. Returns that URL, or
 * `refused` when the provider shows its login page again instead of letting the person in.
 */
export async function signInAtProvider(
  authorizationUrl: string,
  redirectUri: string,
  login: string,
): Promise<{ callback: URL } | { refused: true; page: string }> {
  const cookies = new Map<string, string>();
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  let url = authorizationUrl;
  let method = 'GET';
  let body: string | undefined;
  let logins = 0;
  for (let step = 0; step < 20; step++) {
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        cookie: cookieHeader(),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body,
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    method = 'GET';
    body = undefined;
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, url);
      if (next.href.startsWith(redirectUri)) return { callback: next };
      url = next.href;
      continue;
    }
    const page = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="([a-z]+)"/.exec(page)?.[1];
    if (res.status !== 200 || !action || !prompt) {
      return { refused: true, page: page.slice(0, 500) };
    }
    if (prompt === 'login' && ++logins > 1) return { refused: true, page: 'login asked again' };
    url = new URL(action, url).href;
    method = 'POST';
    body = new URLSearchParams(
      prompt === 'login' ? { prompt, login, password: 'any' } : { prompt },
    ).toString();
  }
  throw new Error('the provider did not finish in 20 steps');
}

/**
 * Starts single sign-on on the app as a tablet would and signs in at the provider as `login` (a
 * subject the provider knows). Returns the callback the provider sends the browser to (not yet
 * followed) and the verifier the tablet keeps for the exchange.
 */
export async function ssoToCallback(
  app: FastifyInstance,
  redirectUri: string,
  login: string,
): Promise<{ callback: URL; verifier: string }> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const start = await app.inject({
    method: 'GET',
    url: `/api/auth/oidc/start?codeChallenge=${challenge}`,
  });
  if (start.statusCode !== 302) throw new Error(`sso start: ${start.statusCode} ${start.body}`);
  const at = await signInAtProvider(String(start.headers.location), redirectUri, login);
  if ('refused' in at) throw new Error(`the provider refused ${login}: ${at.page}`);
  return { callback: at.callback, verifier };
}

/** The whole browser round trip: the one-time hand-over code and the verifier that goes with it. */
export async function ssoHandover(
  app: FastifyInstance,
  redirectUri: string,
  login: string,
): Promise<{ code: string; verifier: string }> {
  const { callback, verifier } = await ssoToCallback(app, redirectUri, login);
  const back = await app.inject({ method: 'GET', url: `${callback.pathname}${callback.search}` });
  const location = String(back.headers.location ?? '');
  const code = new URLSearchParams(location.split('?')[1] ?? '').get('code');
  if (back.statusCode !== 302 || !location.startsWith('/#/signed-in') || !code) {
    throw new Error(`sso callback: ${back.statusCode} ${location}`);
  }
  return { code, verifier };
}
