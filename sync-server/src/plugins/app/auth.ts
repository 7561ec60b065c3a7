import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { resolveSession, touchSession } from '../../accounts/accounts-repository';
import type { SessionAuth, SessionFailure } from '../../accounts/accounts-repository';
import { ROLE_DESCRIPTIONS } from '../../accounts/permissions';
import type { Role } from '../../accounts/permissions';
import { bearerToken } from '../../accounts/tokens';
import { AppError, ErrorCode } from '../../errors';

/** Who is signed in on this request: the user, their device registration and their scopes. */
export type AuthContext = SessionAuth;

type AuthHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** A further check of a live session (single sign-on re-checks at the provider); throws to refuse. */
export type SessionCheck = (auth: AuthContext, now: Date) => Promise<void>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by requireAuth / requireRole; null on routes that do not ask for a session. */
    auth: AuthContext | null;
  }
  interface FastifyInstance {
    /** A hook that refuses the request unless it carries a live session. */
    requireAuth: AuthHook;
    /** A hook that also refuses a signed-in user whose role is not one of these. */
    requireRole(...roles: Role[]): AuthHook;
    /** Run on every authenticated request after the session resolves (see SessionCheck). */
    sessionChecks: SessionCheck[];
  }
}

// A session's last use (and its device's last contact) is written at most this often, so a busy
// tablet does not turn every read into a write.
const TOUCH_INTERVAL_MS = 60_000;

export const SIGN_IN_MESSAGE = 'Sign in to continue.';

const FAILURES: Record<SessionFailure, () => AppError> = {
  unknown: () => new AppError(401, ErrorCode.AUTH_REQUIRED, SIGN_IN_MESSAGE),
  'revoked-session': () => new AppError(401, ErrorCode.AUTH_REQUIRED, SIGN_IN_MESSAGE),
  expired: () =>
    new AppError(
      401,
      ErrorCode.SESSION_EXPIRED,
      'Your session has expired. Sign in again; your unsent work is kept on this device.',
    ),
  'device-revoked': () =>
    new AppError(
      401,
      ErrorCode.DEVICE_REVOKED,
      'An administrator has removed this device. What it held is being erased from it; sign in again to use it.',
    ),
  'user-disabled': () =>
    new AppError(
      401,
      ErrorCode.ACCOUNT_DISABLED,
      'This account has been disabled. Ask your administrator if you need access again.',
    ),
};

/** The signed-in user of a request that passed requireAuth (for handlers and the sync routes). */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw FAILURES.unknown();
  return request.auth;
}

/**
 * Resolves `Authorization: Bearer <token>` to a session. Routes opt in with the requireAuth or
 * requireRole hook (on onRequest, so an anonymous caller learns nothing from body validation);
 * there are no cookies, so there is no cross-site request forgery to defend against.
 */
export const authPlugin = fp(
  async (app) => {
    app.decorateRequest('auth', null);
    const sessionChecks: SessionCheck[] = [];
    app.decorate('sessionChecks', sessionChecks);

    const requireAuth: AuthHook = async (request) => {
      if (request.auth) return;
      const token = bearerToken(request.headers.authorization);
      if (!token) throw FAILURES.unknown();
      const now = new Date();
      const resolved = await resolveSession(app.storage.db, token, now);
      if (!resolved.ok) throw FAILURES[resolved.reason]();
      for (const check of sessionChecks) await check(resolved.auth, now);
      request.auth = resolved.auth;
      if (now.getTime() - Date.parse(resolved.auth.lastUsedAt) >= TOUCH_INTERVAL_MS) {
        await touchSession(app.storage.db, resolved.auth, now);
      }
    };

    app.decorate('requireAuth', requireAuth);
    app.decorate('requireRole', (...roles: Role[]): AuthHook => {
      const allowed = new Set(roles);
      const who = roles.map((r) => ROLE_DESCRIPTIONS[r].noun).join(' or ');
      return async (request, reply) => {
        await requireAuth(request, reply);
        const auth = authOf(request);
        if (!allowed.has(auth.role)) {
          throw new AppError(
            403,
            ErrorCode.FORBIDDEN,
            `Only ${who} can do this; you are signed in as ${ROLE_DESCRIPTIONS[auth.role].noun}.`,
            { reason: 'role-not-allowed', role: auth.role, allowedRoles: roles },
          );
        }
      };
    });
  },
  { name: 'auth', dependencies: ['storage'] },
);
