/**
 * @careweave/care — the integrated-care domain: access (policy, consent, labels, audit), and,
 * as they land, roster, plans, tasks, assessments, risk, transitions, referrals, measures.
 * Functions take a Repository and an acting user; no HTTP, no SQL.
 */
export { ORGANIZATION_WIDE_ROLES, type Identity } from './access/identity.js';
export { createAccessService, type AccessServiceOptions } from './access/service.js';
export type {
  AccessContext,
  AccessEvent,
  AccessService,
  AuditLog,
  BreakGlassResult,
  LoginEvent,
} from './access/types.js';
export { patientRefs } from './access/audit-events.js';
export {
  ADMIN_AUDIT,
  ADMIN_ACTION_TEXT,
  ACCOUNT_ID_SYSTEM,
  CLIENT_ID_SYSTEM,
  adminAuditEvent,
  type AdminAction,
  type AdminEvent,
} from './access/admin-audit.js';
export { applySensitivityLabels, detectSensitivities } from './access/labels.js';
export { evaluateConsent, type ConsentDecision, type Recipient } from './access/consent.js';
export { ownerOf, OWNER_ELEMENTS, RELATIONSHIP_TYPES } from './access/ownership.js';
export {
  ACT_CODE,
  CONFIDENTIALITY,
  SENSITIVE_CATEGORIES,
  SENSITIVE_LABELS,
} from './access/codes.js';

// risk/: published scores, the learned admission model, stratification, registries, enrolment queue
export {
  charlsonIndex,
  charlsonCondition,
  CHARLSON_CONDITIONS,
  CHARLSON_WEIGHTS,
  type CharlsonCondition,
  type CharlsonResult,
  type CharlsonWeights,
} from './risk/charlson.js';
export {
  laceIndex,
  laceBand,
  DEFAULT_LACE_BANDS,
  type LaceBand,
  type LaceInput,
  type LaceResult,
} from './risk/lace.js';
export {
  hospitalScore,
  hospitalBand,
  type HospitalBand,
  type HospitalScoreInput,
  type HospitalScoreResult,
} from './risk/hospital-score.js';
export {
  TIERS,
  TIER_LABEL,
  DEFAULT_TIER_RULES,
  assignTier,
  parseTierRules,
  isTier,
  type Tier,
  type TierRules,
} from './risk/tiers.js';
export { stratify, type StratifyOptions, type StratifyResult } from './risk/stratify.js';
export { evaluateAdmissionModel, type EvaluationReport } from './risk/evaluate.js';
export {
  renderEvaluationMarkdown,
  renderCalibrationSvg,
  evaluationSummary,
} from './risk/report.js';
export { buildPersons } from './risk/person.js';
export {
  costsByPatient,
  costPerMemberMonth,
  memberMonths,
  paidBetween,
  DAYS_PER_MONTH,
  type PersonCosts,
} from './shared/claim-costs.js';
export { parseTruthCsv, type TruthRow } from './risk/truth.js';
export { RISK_OBSERVATION_CODES } from './risk/codes.js';
export { overrideRiskTier, type OverrideInput } from './risk/override.js';
export { enrolFromQueue, type EnrolInput } from './risk/enrol.js';
export { REGISTRIES, REGISTRY_LIST, registryId } from './risk/registries.js';
export {
  populationSummary,
  assertPopulationAccess,
  enrolmentCandidates,
  ENROLMENT_TOKENS,
  parseCandidateParams,
  CANDIDATE_FILTERS,
  type CandidateParams,
  type PopulationSummary,
} from './risk/population.js';

// Care plans, roster, tasks, messages, notifications; write rules of the one write path.
export { composeWriteHooks } from './hooks.js';
export { careWriteHooks, type CareWriteRulesOptions } from './write-rules.js';
export {
  CARE_ERROR_SYSTEM,
  careError,
  careErrorCode,
  type CareErrorKind,
} from './shared/care-errors.js';
export {
  TaskError,
  TASK_TRANSITIONS,
  TASK_STATUSES,
  TERMINAL_STATUSES,
  WORKLIST_TABS,
  canTransition,
  isTerminal,
  isTaskStatus,
  pathTo,
  type TaskStatus,
} from './tasks/state-machine.js';
export {
  transitionTask,
  reassignTasks,
  addTaskNote,
  createTask,
  type TransitionInput,
  type TaskActionOptions,
  type TaskInput,
} from './tasks/actions.js';
export {
  worklist,
  type Worklist,
  type WorklistItem,
  type WorklistParams,
} from './tasks/worklist.js';
export {
  PlanError,
  CARE_DOMAINS,
  CARE_DOMAIN_SYSTEM,
  ACTIVITY_DOMAIN_URL,
  NEXT_REVIEW_URL,
  LAST_REVIEW_URL,
  GOAL_RELATIVE_PRIORITY_URL,
  isCareDomain,
  type CareDomain,
  type GoalPriority,
} from './plans/codes.js';
export { applyTemplate, type AppliedPlan, type ApplyInput } from './plans/apply.js';
export {
  loadPlanTemplates,
  listTemplates,
  shippedTemplates,
  TEMPLATE_URL_BASE,
  type TemplateSummary,
} from './plans/templates.js';
export {
  createPlan,
  updatePlan,
  addActivity,
  type PlanUpdate,
  type ActivityInput,
} from './plans/edit.js';
export {
  addGoal,
  updateGoal,
  GOAL_ACHIEVEMENT,
  type GoalInput,
  type GoalUpdate,
  type GoalAchievement,
} from './plans/goals.js';
export {
  getPlanView,
  listPlans,
  type PlanView,
  type DomainView,
  type GoalView,
  type ActivityView,
} from './plans/view.js';
export {
  reviewPlan,
  planReviews,
  REVIEW_AGREED_NOT_ON_TEAM,
  type ReviewInput,
  type ReviewSummary,
} from './plans/review.js';
export { planChanges, goalHistory, type PlanChange, type FieldChange } from './plans/changes.js';
export type { ChangeOptions } from './plans/change.js';
export { CHANGE_SYSTEM, completeClientProvenance } from './shared/provenance.js';
export {
  RosterError,
  TEAM_ROLES,
  TEAM_ROLE_CODES,
  isTeamRole,
  type TeamRole,
} from './roster/codes.js';
export { enrol, unenrol, type EnrolmentInput } from './roster/enrol.js';
export { addMember, endMember, patientTeams, type MemberInput } from './roster/care-team.js';
export { caseload, type Caseload, type CaseloadEntry } from './roster/caseload.js';
export { myTeamPatients } from './roster/my-patients.js';
export { reassignPatients, type ReassignInput, type Reassignment } from './roster/reassign.js';
export { MessageError, TEAM_MESSAGE_CATEGORY, parseMentions } from './messages/codes.js';
export {
  postMessage,
  listThreads,
  getThread,
  markRead,
  unreadSummary,
  type ThreadSummary,
  type ThreadMessage,
} from './messages/threads.js';
export {
  notificationFeed,
  markNotificationsAsRead,
  type NotificationFeed,
} from './notifications/feed.js';
export { NotificationKind } from './notifications/notify.js';

// Standardized assessments: instruments, scoring, the rules that turn results into work.
export {
  INSTRUMENTS,
  INSTRUMENT_KEYS,
  isInstrumentKey,
  type Instrument,
  type InstrumentKey,
} from './assessments/instruments.js';
export {
  ScoreError,
  scoreFrequency,
  parseAnswerList,
  scorePhq9,
  scorePhq2,
  scoreGad7,
  scoreHrsn,
  phq9Band,
  gad7Band,
  HRSN_DOMAINS,
  type ScoreSummary,
  type Phq9Band,
  type Gad7Band,
  type HrsnDomain,
} from './assessments/score.js';
export {
  instrumentOf,
  instrumentQuestionnaire,
  shippedQuestionnaires,
  scoreResponse,
  summaryOf,
  type ScoredResponse,
} from './assessments/questionnaire.js';
export {
  AssessmentError,
  WORK as ASSESSMENT_WORK,
  ASSESSMENT_WORK_SYSTEM,
} from './assessments/codes.js';
export { loadInstruments, assessmentConfigFromEnv } from './assessments/load.js';
export { assessmentRules, type AssessmentRulesOptions } from './assessments/rules.js';
export { DEFAULT_RULE_CONFIG, type AssessmentRuleConfig } from './assessments/work.js';
export { derivedId } from './assessments/derived-ids.js';
export {
  assessmentSummary,
  type AssessmentSummary,
  type InstrumentSummary,
  type ScorePoint,
} from './assessments/summary.js';
export {
  listSuggestions,
  acceptSuggestion,
  dismissSuggestion,
  type SuggestionView,
  type AcceptInput,
} from './assessments/suggestions.js';
export { frequencyResponse, hrsnResponse } from './assessments/example-responses.js';

// The HL7 v2 ADT feed: messages → Patient and Encounter writes through the one write path.
export {
  createAdtFeed,
  type AdtFeed,
  type AdtFeedOptions,
  type FeedLogger,
  type FeedResult,
} from './adt/feed.js';
export { parseAdt, normaliseHl7Text, NotHl7Error, type ParsedAdt } from './adt/parse.js';
export { decideMatch, scoreCandidate, REVIEW_THRESHOLD, FIELD_WEIGHTS } from './adt/matching.js';
export { messageRow, messageDetail, reviewView } from './adt/views.js';

// Transitions of care: the protocol that reacts to hospital Encounters (care/transitions/README.md).
export {
  DEFAULT_TRANSITION_CONFIG,
  TransitionConfigError,
  parseTransitionConfig,
  transitionConfigFromEnv,
  type TransitionConfig,
} from './transitions/config.js';
export { transitionRules, type TransitionRulesOptions } from './transitions/rules.js';
export {
  addBusinessDays,
  addCalendarDays,
  isBusinessDay,
  type BusinessCalendar,
} from './transitions/business-days.js';
export { isFuhMentalIllness } from './transitions/mental-illness.js';
export {
  transitionSummary,
  type StayView,
  type TransitionSummary,
  type TransitionTaskView,
} from './transitions/summary.js';
export {
  medicationReconciliation,
  recordMedicationReconciliation,
  RECONCILIATION_LINE_URL,
} from './transitions/medication-reconciliation.js';
export { portalSubject, type PortalSubject } from './portal/whose.js';
export { myPlan, addPriority, commentOnGoal, markActivityDone } from './portal/plan.js';
export { myTeam } from './portal/team.js';
export { myThreads, myThread, sendMyMessage } from './portal/messages.js';
export {
  myQuestionnaires,
  assignQuestionnaire,
  submitQuestionnaire,
  COMPLETE_QUESTIONNAIRE,
} from './portal/questionnaires.js';
export { myReferrals } from './portal/referrals.js';
export { myConsent, changeMyConsent } from './portal/consent.js';
export { myAccessLog } from './portal/access-log.js';

// referrals/: closed-loop referrals (HL7 Gravity SDOH Clinical Care)
export {
  REFERRAL_TRANSITIONS,
  assertReferralTransition,
  sideFor,
  type ReferralEdge,
} from './referrals/state-machine.js';
export { isReferralTask } from './referrals/codes.js';
export { createReferral } from './referrals/create.js';
export {
  actOnReferral,
  isReferralAction,
  readReferralTask,
  REFERRAL_ACTIONS,
  type ReferralAction,
} from './referrals/actions.js';
export { listReferrals, summariseReferral, type ReferralQuery } from './referrals/list.js';
export { referralMetrics } from './referrals/metrics.js';
export {
  runReferralReminders,
  businessDaysBetween,
  DEFAULT_REMINDER_CONFIG,
  REFERRAL_REMINDER_SYSTEM,
  type ReminderConfig,
} from './referrals/reminders.js';
// measures/: quality and programme measures (SQL read models in store), MeasureReports
export * from './measures/index.js';

// payment/: attribution, cost per member-month, risk adjustment, shared savings, capitation
export * from './payment/index.js';
// evaluation/: does the programme work (matched comparison, difference-in-differences)
export {
  evaluateProgramme,
  dataWindow,
  type EvaluateOptions,
  type EvaluationData,
} from './evaluation/evaluate.js';
export { evaluateFromRepository, evaluationData, loadEvaluationData } from './evaluation/load.js';
export { effectInWords, evaluationSummaryLine, renderEvaluationText } from './evaluation/report.js';
export { assertEvaluationAccess, EVALUATION_ROLES } from './evaluation/access.js';
export {
  subscriptionWriteHooks,
  ownerOf as subscriptionOwnerOf,
  type SubscriptionRulesOptions,
} from './subscriptions/write-rules.js';
export {
  deliverDue,
  statusOf as subscriptionStatusOf,
  backoffMs as subscriptionBackoffMs,
  type DeliveryOptions as SubscriptionDeliveryOptions,
  type Transport as SubscriptionTransport,
} from './subscriptions/deliver.js';
export { readSpec as readSubscriptionSpec, type SubscriptionSpec } from './subscriptions/spec.js';
export {
  checkEndpoint,
  isRefusedAddress,
  webhookAllowFromEnv,
} from './subscriptions/endpoint-policy.js';
export {
  TOPICS as SUBSCRIPTION_TOPICS,
  type Topic as SubscriptionTopic,
} from './subscriptions/topics.js';
export {
  BACKPORT_SUBSCRIPTION_PROFILE,
  EXT as SUBSCRIPTION_EXTENSIONS,
} from './subscriptions/codes.js';
export { subscriptionStatus, notificationBundle } from './subscriptions/notification.js';
export {
  AGENTS,
  AGENT_OWNER_ID,
  agentDevice,
  devicePermissions,
  ensureAgentDevices,
  type AgentDefinition,
  type AgentKey,
} from './agents/registry.js';
export {
  agentContext,
  agentOf,
  isAutomated,
  type AgentContext,
  type AgentIdentity,
} from './agents/context.js';
export { agentRules, agentPolicy, agentProvenance, AGENT_VERSION_URL } from './agents/rules.js';
export {
  AUTOMATION_PURPOSE,
  automationConsent,
  automationConsentId,
  deniesAutomation,
  isOptedOutOfAutomation,
  isOptedOutIn,
  optedOutAmong,
  setAutomationOptOut,
} from './agents/opt-out.js';
export {
  buildModelCard,
  ageBand,
  cardMetrics,
  MIN_GROUP_SIZE,
  type CardDemographics,
} from './risk/model-card.js';
export { renderModelCardMarkdown } from './risk/model-card-report.js';
export { modelCardFromRepository, endOfData } from './risk/model-card-load.js';
export {
  rankWhoNeedsMe,
  reasonsOf,
  type TodayItem,
  type TodayReason,
  type TodaySignals,
} from './today/rank.js';
export { hospitalSignals } from './today/signals.js';
export { truthProbability } from './risk/truth.js';
export { riskFactors } from './risk/features.js';
export { predictAdmission, trainAdmissionModel } from './risk/model.js';
export type { PersonRecord } from './risk/person.js';
export { whoNeedsMe } from './today/load.js';
// Decision support at the point of care (CDS Hooks 2.0): rules as data, services, feedback, rates.
export { DECISION_RULES, ruleById } from './decision-support/rules/index.js';
export {
  DECISION_SERVICES,
  PREFETCH,
  discoveryEntry,
  serviceById,
  type DecisionService,
} from './decision-support/services.js';
export { callService, requireService } from './decision-support/invoke.js';
export { recordFeedback } from './decision-support/feedback.js';
export { acceptanceRates } from './decision-support/rates.js';
export { DECISION_RULE_SYSTEM, OVERRIDE_REASONS } from './decision-support/cards.js';
export type { DecisionRule, RuleFinding } from './decision-support/rule.js';

// ccda/: filing a C-CDA document (a discharge summary) for an existing patient
export { ccdaTransaction, importCcda, type CcdaImportResult } from './ccda/import.js';
