// Table types of key recovery and recovery files (migration 0013).

export type DeviceRecoveryKeysTable = { device_id: string; key: string; created_at: string };

export type ServerKeysTable = {
  purpose: string;
  key_id: string;
  /** SubjectPublicKeyInfo (DER), base64url. */
  public_key: string;
  /** PKCS#8 (DER), base64url. Protected as the database is: it opens what the database holds. */
  private_key: string;
  created_at: string;
};

export type RecoveryImportsTable = {
  id: string;
  imported_by: string;
  imported_at: string;
  user_id: string;
  device_id: string;
  file_created_at: string;
  applied: number;
  already_applied: number;
  rejected: number;
};

export type RecoveryTables = {
  device_recovery_keys: DeviceRecoveryKeysTable;
  server_keys: ServerKeysTable;
  recovery_imports: RecoveryImportsTable;
};
