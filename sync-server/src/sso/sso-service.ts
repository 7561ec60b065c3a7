// Single sign-on, from the browser's start to a session of ours, and the re-checks afterwards.
//
//  start:    a login row (state, nonce, PKCE verifier, the app's own challenge) and the provider URL.
//  callback: the provider's answer is checked by openid-client; the person is matched to an
//            account (by the provider's subject once linked, by email the first time); the login
//            row gets a one-time hand-over code, which goes to the app in the URL fragment (never
//            sent to a server, so never in a log). No token is ever put in a URL.
//  exchange: the app sends the code and its verifier and gets a session shaped like password
//            sign-in, plus an SSO session row holding the provider's refresh token (sealed).
//  re-check: at most every OIDC_REVALIDATE_MINUTES a signed-in request refreshes at the provider;
//            a refusal (the person removed or disabled there) ends the session at once.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError, ErrorCode } from '../errors';
import type { OidcConfig } from '../config';
import type { Database } from '../storage/database';
import type { SessionAuth } from '../accounts/accounts-repository';
import {
  createSession,
  findUserByEmail,
  findUserById,
  inTransaction,
  registerDevice,
  userScopes,
} from '../accounts/accounts-repository';
import type { SignInResult } from '../accounts/sign-in';
import { isRole } from '../accounts/permissions';
import { appendAudit } from '../audit/append';
import type { ProviderClient } from './provider';
import { isProviderRefusal } from './provider';
import type { SecretBox } from './secret-box';
import type { SsoFailureReason } from '../../../schemas/admin/sso';

type Db = Kysely<Database>;

/** How long a started sign-in may take at the provider, and how soon the app must exchange. */
export const LOGIN_TTL_MS = 10 * 60_000;
export const HANDOVER_TTL_MS = 2 * 60_000;

const random = (bytes = 32) => randomBytes(bytes).toString('base64url');
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
export const s256 = (verifier: string) =>
  createHash('sha256').update(verifier, 'ascii').digest('base64url');

/** Why a sign-in at the provider did not give a session; the app shows a message for each. */
export type { SsoFailureReason };

export class SsoFailure extends Error {
  override name = 'SsoFailure';
  constructor(readonly reason: SsoFailureReason) {
    super(reason);
  }
}

export type SsoDeps = { db: Db; provider: ProviderClient; box: SecretBox; config: OidcConfig };

export async function startLogin(
  deps: SsoDeps,
  input: { codeChallenge: string; deviceId?: string | undefined; deviceName?: string | undefined },
  now = new Date(),
): Promise<URL> {
  const state = random();
  const nonce = random();
  const codeVerifier = random();
  // Sign-ins abandoned at the provider are cleared as new ones start.
  await deps.db
    .deleteFrom('oidc_logins')
    .where('created_at', '<', new Date(now.getTime() - LOGIN_TTL_MS).toISOString())
    .execute();
  const url = await deps.provider.authorizationUrl({ state, nonce, codeVerifier });
  await deps.db
    .insertInto('oidc_logins')
    .values({
      state,
      nonce,
      code_verifier: codeVerifier,
      handover_challenge: input.codeChallenge,
      device_id: input.deviceId ?? null,
      device_name: input.deviceName ?? null,
      created_at: now.toISOString(),
      completed_at: null,
      handover_hash: null,
      user_id: null,
      subject: null,
      refresh_token: null,
    })
    .execute();
  return url;
}

/** Handles the provider's redirect; returns the one-time hand-over code for the app. */
export async function completeLogin(
  deps: SsoDeps,
  query: Record<string, string>,
  now = new Date(),
): Promise<string> {
  const state = query['state'];
  const login = state
    ? await deps.db
        .selectFrom('oidc_logins')
        .selectAll()
        .where('state', '=', state)
        .where('completed_at', 'is', null)
        .executeTakeFirst()
    : undefined;
  if (!login || Date.parse(login.created_at) + LOGIN_TTL_MS < now.getTime()) {
    throw new SsoFailure('SSO_STATE_INVALID');
  }
  if (query['error']) {
    await deps.db.deleteFrom('oidc_logins').where('state', '=', login.state).execute();
    throw new SsoFailure(
      query['error'] === 'access_denied' ? 'SSO_CANCELLED' : 'SSO_PROVIDER_REFUSED',
    );
  }
  const callbackUrl = new URL(deps.config.redirectUri);
  for (const [k, v] of Object.entries(query)) callbackUrl.searchParams.set(k, v);
  let result: Awaited<ReturnType<ProviderClient['finish']>>;
  try {
    result = await deps.provider.finish(callbackUrl, {
      state: login.state,
      nonce: login.nonce,
      codeVerifier: login.code_verifier,
    });
  } catch (err) {
    await deps.db.deleteFrom('oidc_logins').where('state', '=', login.state).execute();
    throw new SsoFailure(
      isProviderRefusal(err) ? 'SSO_PROVIDER_REFUSED' : 'SSO_PROVIDER_UNREACHABLE',
    );
  }
  const issuer = deps.provider.issuer;
  const code = random();
  try {
    await inTransaction(deps.db, async (tx) => {
      const linked = await tx
        .selectFrom('user_identities')
        .selectAll()
        .where('issuer', '=', issuer)
        .where('subject', '=', result.subject)
        .executeTakeFirst();
      let userId: string;
      if (linked) {
        userId = linked.user_id;
        await tx
          .updateTable('user_identities')
          .set({ last_sign_in_at: now.toISOString() })
          .where('issuer', '=', issuer)
          .where('subject', '=', result.subject)
          .execute();
      } else {
        if (result.emailVerified === false) throw new SsoFailure('SSO_EMAIL_UNVERIFIED');
        const user = result.email ? await findUserByEmail(tx, result.email) : undefined;
        if (!user) throw new SsoFailure('SSO_NO_ACCOUNT');
        const other = await tx
          .selectFrom('user_identities')
          .select('subject')
          .where('issuer', '=', issuer)
          .where('user_id', '=', user.id)
          .executeTakeFirst();
        // The address now belongs to someone else at the provider: never hand them the account.
        if (other) throw new SsoFailure('SSO_IDENTITY_MISMATCH');
        userId = user.id;
        await tx
          .insertInto('user_identities')
          .values({
            issuer,
            subject: result.subject,
            user_id: userId,
            created_at: now.toISOString(),
            last_sign_in_at: now.toISOString(),
          })
          .execute();
        await appendAudit(tx, [
          {
            userId,
            action: 'sso:link-identity',
            recordId: userId,
            content: { issuer, subject: result.subject },
          },
        ]);
      }
      const user = await findUserById(tx, userId);
      if (!user || user.status !== 'active' || !isRole(user.role)) {
        throw new SsoFailure('ACCOUNT_DISABLED');
      }
      await tx
        .updateTable('oidc_logins')
        .set({
          completed_at: now.toISOString(),
          handover_hash: sha256(code),
          user_id: userId,
          subject: result.subject,
          refresh_token: result.refreshToken ? deps.box.seal(result.refreshToken) : null,
        })
        .where('state', '=', login.state)
        .execute();
    });
  } catch (err) {
    if (err instanceof SsoFailure) {
      await deps.db.deleteFrom('oidc_logins').where('state', '=', login.state).execute();
    }
    throw err;
  }
  return code;
}

const handoverInvalid = () =>
  new AppError(
    400,
    'SSO_CODE_INVALID',
    'This sign-in link has expired or was already used. Sign in again.',
  );

/** The app's half of the hand-over: a session shaped like password sign-in. */
export async function exchangeHandover(
  deps: SsoDeps,
  input: { code: string; codeVerifier: string },
  opts: { sessionTtlHours: number },
  now = new Date(),
): Promise<SignInResult> {
  return inTransaction(deps.db, async (tx) => {
    const login = await tx
      .selectFrom('oidc_logins')
      .selectAll()
      .where('handover_hash', '=', sha256(input.code))
      .executeTakeFirst();
    if (!login || !login.completed_at || !login.user_id || !login.subject) throw handoverInvalid();
    // One use only, whatever happens next.
    const gone = await tx
      .deleteFrom('oidc_logins')
      .where('state', '=', login.state)
      .executeTakeFirst();
    if (Number(gone.numDeletedRows) !== 1) throw handoverInvalid();
    if (Date.parse(login.completed_at) + HANDOVER_TTL_MS < now.getTime()) throw handoverInvalid();
    if (s256(input.codeVerifier) !== login.handover_challenge) throw handoverInvalid();
    const user = await findUserById(tx, login.user_id);
    if (!user || user.status !== 'active' || !isRole(user.role)) {
      throw new AppError(
        403,
        ErrorCode.ACCOUNT_DISABLED,
        'This account has been disabled. Ask your administrator if you need access again.',
      );
    }
    const { device, recoveryKey } = await registerDevice(tx, {
      userId: user.id,
      name: login.device_name ?? undefined,
      reuseId: login.device_id ?? undefined,
      now,
    });
    const session = await createSession(tx, {
      userId: user.id,
      deviceId: device.id,
      ttlHours: opts.sessionTtlHours,
      now,
    });
    await tx
      .insertInto('sso_sessions')
      .values({
        session_id: session.sessionId,
        user_id: user.id,
        issuer: deps.provider.issuer,
        subject: login.subject,
        refresh_token: login.refresh_token,
        validated_at: login.completed_at,
        checking_since: null,
        created_at: now.toISOString(),
      })
      .execute();
    return {
      token: session.token,
      expiresAt: session.expiresAt,
      deviceId: device.id,
      deviceKey: recoveryKey,
      user: {
        id: user.id,
        email: user.email,
        displayName: user.display_name,
        role: user.role,
        scopes: await userScopes(tx, user.id),
      },
    };
  });
}

export const ssoSessionEnded = () =>
  new AppError(
    401,
    ErrorCode.SESSION_EXPIRED,
    'Your organisation’s sign-in no longer accepts this session. Sign in again; your unsent work is kept on this device.',
    { reason: 'sso-revalidation-failed' },
  );

const providerUnreachable = () =>
  new AppError(
    401,
    ErrorCode.SESSION_EXPIRED,
    'Your organisation’s sign-in service has not been reachable for too long to confirm this session. Sign in again later; your unsent work is kept on this device.',
    { reason: 'sso-unreachable' },
  );

/**
 * Re-checks an SSO session at the provider when it is due. Throws (after revoking the session)
 * when the provider refuses; lets the request through while the provider is unreachable, up to
 * OIDC_UNREACHABLE_GRACE_HOURS since the last good check.
 */
export async function revalidateSession(
  deps: SsoDeps,
  auth: SessionAuth,
  now = new Date(),
): Promise<'not-sso' | 'fresh' | 'checked' | 'busy' | 'unreachable'> {
  const row = await deps.db
    .selectFrom('sso_sessions')
    .selectAll()
    .where('session_id', '=', auth.sessionId)
    .executeTakeFirst();
  if (!row) return 'not-sso';
  const age = now.getTime() - Date.parse(row.validated_at);
  if (age < deps.config.revalidateMinutes * 60_000) return 'fresh';
  // Claim the check, so two requests never spend the same refresh token; only while the row is
  // as read, since a check finished in between has rotated the token read here.
  const staleClaim = new Date(now.getTime() - 60_000).toISOString();
  const claimed = await deps.db
    .updateTable('sso_sessions')
    .set({ checking_since: now.toISOString() })
    .where('session_id', '=', row.session_id)
    .where('validated_at', '=', row.validated_at)
    .where((eb) => eb.or([eb('checking_since', 'is', null), eb('checking_since', '<', staleClaim)]))
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return 'busy';

  const end = async (action: string) => {
    await inTransaction(deps.db, async (tx) => {
      await tx
        .updateTable('sessions')
        .set({ revoked_at: now.toISOString() })
        .where('id', '=', row.session_id)
        .where('revoked_at', 'is', null)
        .execute();
      await tx
        .updateTable('sso_sessions')
        .set({ checking_since: null, refresh_token: null })
        .where('session_id', '=', row.session_id)
        .execute();
      await appendAudit(tx, [
        {
          userId: row.user_id,
          deviceId: auth.deviceId,
          action,
          recordId: row.session_id,
          content: { issuer: row.issuer },
        },
      ]);
    });
    throw ssoSessionEnded();
  };

  const token = row.refresh_token ? deps.box.open(row.refresh_token) : null;
  // Without a refresh token there is no way to re-check: the session ends at its first check.
  if (!token) return end('sso:session-ended');
  try {
    const refreshed = await deps.provider.refresh(token);
    if (refreshed.subject !== null && refreshed.subject !== row.subject) {
      return end('sso:session-ended');
    }
    await deps.db
      .updateTable('sso_sessions')
      .set({
        validated_at: now.toISOString(),
        checking_since: null,
        refresh_token: refreshed.refreshToken
          ? deps.box.seal(refreshed.refreshToken)
          : row.refresh_token,
      })
      .where('session_id', '=', row.session_id)
      .execute();
    return 'checked';
  } catch (err) {
    if (isProviderRefusal(err)) return end('sso:session-ended');
    await deps.db
      .updateTable('sso_sessions')
      .set({ checking_since: null })
      .where('session_id', '=', row.session_id)
      .execute();
    if (age > deps.config.unreachableGraceHours * 3_600_000) throw providerUnreachable();
    return 'unreachable';
  }
}
