import type { Kysely } from 'kysely';

// Single sign-on (OpenID Connect). An identity links a provider's subject to one of our accounts
// (an administrator still creates the account); an SSO session remembers which provider signed it
// in and holds the provider's refresh token (encrypted) to re-check the person there; a login row
// carries one browser's sign-in from start to the one-time hand-over code.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('user_identities')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_identities_pk', ['issuer', 'subject'])
    .addUniqueConstraint('user_identities_user', ['issuer', 'user_id'])
    .execute();

  await db.schema
    .createTable('sso_sessions')
    .addColumn('session_id', 'text', (c) => c.primaryKey().references('sessions.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    // AES-GCM under a key derived from OIDC_CLIENT_SECRET: a copy of the database alone is not
    // enough to use it. Null when the provider gave no refresh token.
    .addColumn('refresh_token', 'text')
    .addColumn('validated_at', 'text', (c) => c.notNull())
    // Set while one request re-checks with the provider, so two never spend one refresh token.
    .addColumn('checking_since', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('oidc_logins')
    .addColumn('state', 'text', (c) => c.primaryKey())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    // The app's own PKCE-style challenge: only the browser that started can exchange the code.
    .addColumn('handover_challenge', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text')
    .addColumn('device_name', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('handover_hash', 'text', (c) => c.unique())
    .addColumn('user_id', 'text')
    .addColumn('subject', 'text')
    .addColumn('refresh_token', 'text')
    .execute();
  await db.schema
    .createIndex('oidc_logins_created')
    .on('oidc_logins')
    .columns(['created_at'])
    .execute();
}
