// The device's store: the only code that touches IndexedDB. Features and the sync engine import
// from here; every value that could identify a child is encrypted before it reaches the disk.
export { createRecordCipher, generateDataKey } from './cipher';
export type { RecordCipher } from './cipher';
export {
  LocalDatabase,
  deleteLocalDatabase,
  localDatabaseName,
  openLocalDatabase,
} from './database';
export type { ClosedElsewhere } from './database';
export { closeLocalStore, openLocalStore, wipeLocalStore } from './local-store';
export type { LocalStore } from './local-store';
export {
  deleteRecord,
  resolveConflict,
  restoreRecord,
  saveFields,
  settleKeptText,
} from './local-edits';
export { removeKeptText } from './kept-texts';
export type { KeptOf, ShownConflict } from './kept-texts';
export { applyRescues, clearRescue, rescueNow } from './rescue';
export type { Rescue } from './rescue';
export { readAmendSession, writeAmendSession } from './amendments';
export type { AmendSession } from './amendments';
export { cancelAmendment, childCancelPlanOf } from './amendment-cancel';
export type { CancelOutcome } from './amendment-cancel';
export type {
  ConflictResolution,
  KeptTextResolution,
  SaveFieldsInput,
  SavedEdit,
  StartedFrom,
} from './local-edits';
export {
  deletedElsewhere,
  getRecord,
  keptTextsHere,
  keptTextsLeftBehind,
  listChildren,
  listRecords,
  listSummaries,
  ownedIds,
  pageSummaries,
  summariesById,
} from './read-records';
export type { KeptLeftBehind, KeptTextsHere, Page, PageQuery } from './read-records';
export type { ListOptions } from './read-records';
export type { RecordSummary, RecordView } from './record-rows';
export {
  dismissRejection,
  listRejections,
  pendingMutations,
  recordPushResults,
  unacknowledgedMutations,
  unsentSummary,
} from './outbox';
export type { RejectionView, UnsentSummary } from './outbox';
export { applyPullPage } from './apply-pull';
export type { PullPageResult } from './apply-pull';
export { adoptDeviceRegistration, restartNumberingAt } from './device-registration';
export type { RegistrationChange } from './device-registration';
export { ownDeviceIds, readSyncState } from './sync-state';
export type { SyncState } from './sync-state';
export { watch } from './live';
export * from './errors';
export {
  listQueuedConcerns,
  queueConcern,
  queuedConcernCount,
  removeQueuedConcern,
} from './concern-queue';
export {
  actionHistoryReport,
  localOnlyWork,
  readScratch,
  readSealed,
  removeSealedUnder,
  writeScratch,
  writeSealed,
  writeSealedNow,
} from './session-store';
export type { Scratch } from './session-store';
export type { SealedKey } from './session-store';
export {
  PBKDF2_ITERATIONS,
  clearLockout,
  deleteKeyringEntry,
  findKeyringEntryByEmail,
  keyringUserIds,
  lastUserId,
  maxUnlockAttempts,
  noteServerContact,
  offlineLimitPassed,
  readKeyringEntry,
  setLastUserId,
  unlockWithDeviceKey,
  unlockWithSecret,
  writeDevicePolicy,
  writeKeyringEntry,
} from './keyring';
export type { DevicePolicy, KeyringEntry, NewKeyringEntry, UnlockResult } from './keyring';
export { removeStaleRecords } from './stale';
export { keepOnlyLocalWork } from './keep-local-work';
export type { KeptWork } from './keep-local-work';
export type { StaleRemoval } from './stale';
export { readPublicCache, writePublicCache } from './public-cache';
