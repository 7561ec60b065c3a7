// What the server does at start-up while the database has no admin: create one from ADMIN_EMAIL
// and ADMIN_PASSWORD when the operator set them, or else issue a one-time setup code to print.
import { AppError, ErrorCode } from '../errors';
import type { Db } from './accounts-repository';
import { countAdmins, createUser } from './accounts-repository';
import { issueSetupCode } from './setup-codes';

export type FirstRun =
  { kind: 'admin-exists' } | { kind: 'admin-created' } | { kind: 'setup-code'; code: string };

export async function prepareFirstRun(
  db: Db,
  env: { ADMIN_EMAIL?: string | undefined; ADMIN_PASSWORD?: string | undefined },
): Promise<FirstRun> {
  if ((await countAdmins(db)) > 0) return { kind: 'admin-exists' };
  if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
    try {
      await createUser(db, {
        email: env.ADMIN_EMAIL,
        role: 'admin',
        password: env.ADMIN_PASSWORD,
      });
      return { kind: 'admin-created' };
    } catch (err) {
      // Another server process starting at the same moment created it first.
      if (err instanceof AppError && err.code === ErrorCode.EMAIL_TAKEN) {
        if ((await countAdmins(db)) > 0) return { kind: 'admin-exists' };
        throw new AppError(
          409,
          ErrorCode.EMAIL_TAKEN,
          'ADMIN_EMAIL belongs to an existing account that is not an administrator. ' +
            'Set ADMIN_EMAIL to another address, or create an admin with `npm run admin -- add-user`.',
        );
      }
      throw err;
    }
  }
  return { kind: 'setup-code', code: await issueSetupCode(db) };
}

/** The one line printed at start-up while setup is open. */
export function setupCodeLine(code: string, baseUrl: string): string {
  return (
    `First start: no admin exists. Create one at ${baseUrl}/setup with the one-time setup code ${code}, ` +
    'or run: npm run admin -- add-user --email you@example.org --role admin'
  );
}
