// Table types of accounts and access (migration 0002).

export type ScopeKind = 'service' | 'practice-group';

export type ScopesTable = {
  id: string;
  name: string;
  kind: ScopeKind;
  parent_id: string | null;
  created_at: string;
};

export type UserStatus = 'active' | 'disabled';

export type UsersTable = {
  id: string;
  /** Lowercased. */
  email: string;
  display_name: string;
  role: string;
  /** `scrypt$N$r$p$salt$hash`, or null while no password is set. */
  password_hash: string | null;
  status: UserStatus;
  failed_sign_ins: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
};

export type MembershipsTable = { user_id: string; scope_id: string; created_at: string };

export type DevicesTable = {
  id: string;
  user_id: string;
  name: string;
  created_at: string;
  last_seen_at: string;
  unsent_reported: number;
  revoked_at: string | null;
  revoked_by: string | null;
};

export type SessionsTable = {
  id: string;
  /** sha256 hex of the bearer token; the token itself is never stored. */
  token_hash: string;
  user_id: string;
  device_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  last_used_at: string;
};

export type SetupCodesTable = { code_hash: string; created_at: string; used_at: string | null };

export type AccountsTables = {
  scopes: ScopesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  devices: DevicesTable;
  sessions: SessionsTable;
  setup_codes: SetupCodesTable;
};
