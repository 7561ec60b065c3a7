// Table types of single sign-on (migration 0007).

export type UserIdentitiesTable = {
  issuer: string;
  subject: string;
  user_id: string;
  created_at: string;
  last_sign_in_at: string;
};

export type SsoSessionsTable = {
  session_id: string;
  user_id: string;
  issuer: string;
  subject: string;
  /** Encrypted (see sso/secret-box.ts); null without a refresh token. */
  refresh_token: string | null;
  validated_at: string;
  checking_since: string | null;
  created_at: string;
};

export type OidcLoginsTable = {
  state: string;
  nonce: string;
  code_verifier: string;
  handover_challenge: string;
  device_id: string | null;
  device_name: string | null;
  created_at: string;
  completed_at: string | null;
  /** sha256 of the one-time hand-over code. */
  handover_hash: string | null;
  user_id: string | null;
  subject: string | null;
  refresh_token: string | null;
};

export type SsoTables = {
  user_identities: UserIdentitiesTable;
  sso_sessions: SsoSessionsTable;
  oidc_logins: OidcLoginsTable;
};
