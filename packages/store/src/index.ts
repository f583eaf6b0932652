/**
 * @careweave/store — the only code that speaks SQL: migrations, the FHIR Repository (CRUD,
 * history, search, bundles), the access scope applied in SQL, and bulk import.
 */
export type { Database, Queryable, SqlValue } from './db/database.js';
export { openDatabase, embeddedDataDir, DEFAULT_DATA_DIR, type OpenOptions } from './db/open.js';
export { restrictNewFiles, tightenTree } from './db/file-modes.js';
export { checkDataDirUsable, DataDirUnusableError } from './db/dir-check.js';
export {
  DataDirLockedError,
  LOCK_FILE,
  readDataDirLock,
  recordServerUrl,
  type DataDirLock,
} from './db/dir-lock.js';
export { migrate, migrationStatus, knownMigrations, type MigrationResult } from './migrate.js';
export { dumpDatabase, type DumpOptions } from './backup/dump.js';
export {
  parseBackupHeader,
  restoreDatabase,
  type RestoreOptions,
  type RestoreResult,
} from './backup/restore.js';
export { databaseFingerprint, type Fingerprint } from './backup/fingerprint.js';
export { BackupError, BACKUP_FORMAT, type BackupHeader } from './backup/format.js';
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
export type { ClaimedDelivery, DeliveryKind, SubscriptionRecord } from './subscriptions/queue.js';
export type { HistoryEntry, HistoryPage, HistoryQuery } from './repository/history.js';
export { parseVersionTag, StoreErrors } from './repository/errors.js';
export { TxWriter } from './repository/tx-writer.js';
export type { ResourceWriter } from './repository/writer.js';
export { processBatch, processTransaction, type BundleOptions } from './bundles/process-bundle.js';
export { MAX_COUNT, DEFAULT_COUNT, MAX_INCLUDED } from './search/model.js';
export { projectRead, SUBSETTED } from './search/project.js';
export type { ParseOptions } from './search/parse.js';
export type { SearchResult } from './search/execute.js';
export { exportResources, countByType, type ExportOptions } from './export.js';
export {
  addExportFile,
  claimExportJob,
  createExportJob,
  deleteExpiredExportJobs,
  deleteExportJob,
  findExportJob,
  finishExportJob,
  heartbeatExportJob,
  listExportFiles,
  readExportFile,
  releaseExportJob,
  type ExportFileInfo,
  type ExportJob,
  type ExportOwner,
  type NewExportJob,
} from './bulk/export-jobs.js';
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
  findSessionByRefresh,
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
  recordAssertionJti,
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
export { clientJwks, setClientJwks, findAccountByFhirUser } from './accounts/cds-clients.js';
export type { IssuedCdsCard, CdsFeedbackRow, CdsRuleCounts } from './cds/cards.js';
export {
  readInTransaction,
  searchInTransaction,
  lockInTransaction,
} from './repository/in-transaction.js';
export {
  readModelsIn,
  readModelsOn,
  type ReadModels,
  type ReadModelsIn,
} from './read-models/index.js';
export {
  queryWorklist,
  countWorklist,
  teamPatients,
  OPEN_TASK_STATUSES,
  type WorklistQuery,
  type WorklistRow,
  type WorklistPage,
  type WorklistCounts,
} from './read-models/worklist.js';
export { queryCaseload, type CaseloadQuery, type CaseloadRow } from './read-models/caseload.js';
export {
  insertNotifications,
  listNotifications,
  countUnreadNotifications,
  markNotificationsRead,
  type NewNotification,
  type NotificationRecord,
} from './read-models/notification-feed.js';
export {
  markThreadRead,
  threadReadMarkers,
  threadReaders,
  unreadMessageCounts,
  type UnreadThread,
} from './read-models/unread-messages.js';
export {
  loadClaimCosts,
  type ClaimCostRow,
  type ClaimCostScope,
} from './read-models/claim-costs.js';
export {
  loadRiskInputs,
  RISK_ENCOUNTER_CLASSES,
  RISK_INPUT_TYPES,
  type AssessmentRow,
  type RiskInputOptions,
  type ConditionRow,
  type EncounterRow,
  type EpisodeRow,
  type ObservationRow,
  type PatientRow,
  type ProcedureRow,
  type RiskInputScope,
  type RiskInputs,
} from './read-models/risk-inputs.js';
export {
  abandonRiskRun,
  changedPatients,
  claimRiskJob,
  finishRiskRun,
  historyWatermark,
  lastRiskRun,
  runningRiskRun,
  startRiskRun,
  type RiskRun,
} from './read-models/risk-runs.js';
export {
  currentRisk,
  deleteRiskPatients,
  duePatients,
  riskTierCounts,
  setRiskEnrolled,
  setRiskOverride,
  upsertRiskPatients,
  type RiskPatientRow,
} from './read-models/risk-index.js';
export {
  InvalidCursorError,
  riskCandidates,
  type CandidateQuery,
  type CandidateRow,
} from './read-models/enrolment-queue.js';
// The HL7 v2 feed's message log and patient-matching review queue.
export {
  lockKeys,
  findMessageByKey,
  getMessage,
  insertMessage,
  recordAttempt,
  recordDuplicate,
  listMessages,
  type LoggedMessage,
  type LoggedStatus,
  type LoggedAck,
  type MessageHeader,
  type MessageOutcome,
  type MessageFilter,
} from './hl7/messages.js';
export {
  insertMatchReview,
  getMatchReview,
  listMatchReviews,
  resolveMatchReview,
  type StoredMatchReview,
} from './hl7/match-reviews.js';
export { AUDIT_PREVIOUS_HASH_URL, verifyAuditChain, type ChainReport } from './audit/chain.js';
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
export type { ClaimWindow, PaymentMemberAttributes, PrimaryCareVisit } from './payment/claims.js';
