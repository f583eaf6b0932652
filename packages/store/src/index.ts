/**
 * @careweave/store — the only code that speaks SQL: migrations, the FHIR Repository (CRUD,
 * history, search, bundles), the access scope applied in SQL, and bulk import.
 */
export type { Database, Queryable, SqlValue } from './db/database.js';
export { openDatabase, embeddedDataDir, DEFAULT_DATA_DIR, type OpenOptions } from './db/open.js';
export {
  DataDirLockedError,
  LOCK_FILE,
  readDataDirLock,
  recordServerUrl,
  type DataDirLock,
} from './db/dir-lock.js';
export { migrate, migrationStatus, type MigrationResult } from './migrate.js';
export {
  SYSTEM_CONTEXT,
  type AccessGrant,
  type AccessScope,
  type GrantsScope,
  type ReferralInbox,
  type RequestContext,
} from './context.js';
export { OWNING_ORGANIZATION_URL, accessColumns } from './scope.js';
export {
  insertAccessGrant,
  activeAccessGrants,
  accessGrantsForPatient,
  type AccessGrantRecord,
} from './access-grants.js';
export {
  Repository,
  queryPairs,
  type CompanionOption,
  type RepositoryOptions,
  type WriteResult,
} from './repository/repository.js';
export type { WriteHooks, ChangeEvent } from './repository/hooks.js';
export type { HistoryEntry, HistoryPage, HistoryQuery } from './repository/history.js';
export { parseVersionTag, StoreErrors } from './repository/errors.js';
export { TxWriter } from './repository/tx-writer.js';
export type { ResourceWriter } from './repository/writer.js';
export { processBatch, processTransaction, type BundleOptions } from './bundles/process-bundle.js';
export { MAX_COUNT, DEFAULT_COUNT, MAX_INCLUDED } from './search/model.js';
export type { ParseOptions } from './search/parse.js';
export type { SearchResult } from './search/execute.js';
export { exportResources, countByType, type ExportOptions } from './export.js';
export {
  createAccount,
  findAccountByEmail,
  findAccountById,
  setAccountDisabled,
  normaliseEmail,
  AccountExistsError,
  type Account,
  type NewAccount,
} from './accounts/accounts.js';
export {
  listAccounts,
  countEnabledAccounts,
  setAccountPassword,
  recordAccountLogin,
  revokeAccountSessions,
  clientActivity,
  touchClient,
  updateClient,
  type AccountFilter,
  type ClientActivity,
  type ClientChanges,
} from './accounts/admin.js';
export {
  createSession,
  rotateRefresh,
  revokeSession,
  revokeSessionByRefresh,
  isSessionActive,
  findActiveSession,
  type AuthSession,
  type NewSession,
  type RotateResult,
} from './accounts/sessions.js';
export {
  recordLoginFailure,
  checkThrottle,
  clearFailures,
  pruneThrottle,
  type ThrottlePolicy,
  type ThrottleState,
} from './accounts/throttle.js';
export {
  createClient,
  findClient,
  listClients,
  deleteClient,
  createCode,
  consumeCode,
  attachCodeSession,
  pruneCodes,
  type OAuthClient,
  type NewOAuthClient,
  type OAuthCode,
  type ConsumeResult,
} from './accounts/oauth.js';
export {
  readInTransaction,
  searchInTransaction,
  lockInTransaction,
} from './analytics/in-transaction.js';
export {
  queryWorklist,
  countWorklist,
  teamPatients,
  OPEN_TASK_STATUSES,
  type WorklistQuery,
  type WorklistRow,
  type WorklistPage,
  type WorklistCounts,
} from './analytics/worklist.js';
export { queryCaseload, type CaseloadQuery, type CaseloadRow } from './analytics/caseload.js';
export {
  insertNotifications,
  listNotifications,
  countUnreadNotifications,
  markNotificationsRead,
  type NewNotification,
  type NotificationRecord,
} from './analytics/notifications.js';
export {
  markThreadRead,
  threadReadMarkers,
  unreadMessageCounts,
  type UnreadThread,
} from './analytics/messages.js';
export * from './analytics/index.js';
export {
  measureCases,
  measureSubjects,
  patientRecords,
  sharedResourcesOfType,
  visiblePatientIds,
  type MeasureCase,
  type MeasurePeriod,
  type MeasureSubject,
} from './measures/index.js';
