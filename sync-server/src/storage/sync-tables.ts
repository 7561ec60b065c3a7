// Table types of the sync state (migration 0003).

export type SyncCounterTable = { id: number; seq: number; min_valid_seq: number };

export type RecordsTable = {
  id: string;
  type: string;
  scope_id: string;
  parent_id: string | null;
  root_id: string;
  owner_id: string;
  root_owner_id: string;
  seq: number;
  deleted: number;
  /** JSON: { [path]: value } */
  fields: string;
  /** JSON: { [path]: { version, editedAt, deviceId } } */
  field_meta: string;
  created_at: string;
  updated_at: string;
};

export type RecordGrantsTable = {
  root_id: string;
  user_id: string;
  reason: string;
  created_at: string;
};

export type AccessRevocationsTable = {
  seq: number;
  user_id: string;
  kind: string;
  target_id: string;
};

export type RecordConflictsTable = {
  id: string;
  record_id: string;
  path: string;
  kind: string;
  current_value: string;
  incoming_value: string;
  base_value: string | null;
  device_id: string;
  user_id: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
};

export type SupersededValuesTable = {
  record_id: string;
  path: string;
  value: string;
  device_id: string;
  user_id: string;
  edited_at: string;
  seq: number;
};

export type SyncClientsTable = {
  device_id: string;
  user_id: string;
  last_mutation_id: number;
  clock_offset_ms: number;
  updated_at: string;
};

export type MutationResultsTable = {
  device_id: string;
  mutation_id: number;
  result: string;
  created_at: string;
};

/** A plan made through the programme routes, by the id its request named (migration 0020). */
export type ProgrammePlansTable = {
  plan_id: string;
  planned_by: string;
  route: 'assignments' | 'expectations' | 'audits-import';
  request_hash: string;
  /** JSON: the assignments' ids. */
  assignment_ids: string;
  created_at: string;
};

export type SyncTables = {
  sync_counter: SyncCounterTable;
  records: RecordsTable;
  record_grants: RecordGrantsTable;
  access_revocations: AccessRevocationsTable;
  record_conflicts: RecordConflictsTable;
  superseded_values: SupersededValuesTable;
  sync_clients: SyncClientsTable;
  mutation_results: MutationResultsTable;
  programme_plans: ProgrammePlansTable;
};
