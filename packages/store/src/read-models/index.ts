import { accessGrantsForPatient, activeAccessGrants, insertAccessGrant } from '../access-grants.js';
import type { Database, Queryable } from '../db/database.js';
import { queryCaseload } from './caseload.js';
import { riskCandidates } from './enrolment-queue.js';
import { currentStays } from './hospital-stays.js';
import {
  countUnreadNotifications,
  insertNotifications,
  listNotifications,
  markNotificationsRead,
} from './notification-feed.js';
import {
  currentRisk,
  deleteRiskPatients,
  duePatients,
  riskTierCounts,
  setRiskEnrolled,
  setRiskOverride,
  upsertRiskPatients,
} from './risk-index.js';
import { loadRiskInputs } from './risk-inputs.js';
import { loadClaimCosts } from './claim-costs.js';
import {
  abandonRiskRun,
  changedPatients,
  claimRiskJob,
  finishRiskRun,
  historyWatermark,
  lastRiskRun,
  runningRiskRun,
  startRiskRun,
} from './risk-runs.js';
import { claimJobSlot } from '../jobs/claims.js';
import {
  markThreadRead,
  threadReaders,
  threadReadMarkers,
  unreadMessageCounts,
} from './unread-messages.js';
import {
  findMessageByKey,
  getMessage,
  insertMessage,
  listMessages,
  lockKeys,
  recordAttempt,
  recordDuplicate,
} from '../hl7/messages.js';
import {
  getMatchReview,
  insertMatchReview,
  listMatchReviews,
  resolveMatchReview,
} from '../hl7/match-reviews.js';
import {
  cdsRuleCounts,
  getCdsCard,
  insertCdsCards,
  insertCdsFeedback,
  overriddenRules,
} from '../cds/cards.js';
import { countWorklist, queryWorklist, teamPatients } from './worklist.js';
import {
  measureCases,
  measureSubjects,
  patientRecords,
  sharedResourcesOfType,
  visiblePatientIds,
} from '../measures/index.js';
import {
  directoryNames,
  lastClaimDay,
  paymentMembers,
  primaryCareVisits,
} from '../payment/claims.js';
import {
  activeSubscriptions,
  claimDeliveries,
  enqueueDueHeartbeats,
  enqueueEvent,
  enqueueHandshake,
  failDelivery,
  finishDelivery,
  getSubscription,
  pendingCount,
  removeSubscription,
  saveSubscription,
} from '../subscriptions/queue.js';

type Bound<Q, F> = F extends (q: Q, ...args: infer A) => infer R ? (...args: A) => R : never;
type BoundAll<Q, T> = { readonly [K in keyof T]: Bound<Q, T[K]> };

/** The functions of a read model with their connection filled in. */
function bind<Q, T extends Record<string, (q: Q, ...args: never[]) => unknown>>(
  q: Q,
  fns: T,
): BoundAll<Q, T> {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(fns)) {
    out[name] = (...args: never[]) => fn(q, ...args);
  }
  return out as BoundAll<Q, T>;
}

/**
 * The read models (README.md: which domain rule each implements) on one connection: a write's
 * open transaction (the `tx` a write hook or `Repository.inTransaction` hands out), so the domain
 * reads and writes them in the transaction of the change that causes them. Outside a
 * transaction the domain uses `Repository.readModels`, the same functions on the pool — it never
 * holds the database handle itself.
 */
export function readModelsIn(q: Queryable) {
  return {
    /** The care worklist (`worklist_task`, migration 0007): the order of care/tasks "Worklist order". */
    worklist: bind(q, { page: queryWorklist, counts: countWorklist, teamPatients }),
    /** A coordinator's caseload: enrolled patients with open, overdue tasks and recent admissions. */
    caseload: bind(q, { query: queryCaseload }),
    /** The notification feed (`care_notification`). */
    notifications: bind(q, {
      insert: insertNotifications,
      list: listNotifications,
      countUnread: countUnreadNotifications,
      markRead: markNotificationsRead,
    }),
    /** Unread team messages per thread (`care_read_marker`). */
    messages: bind(q, {
      markRead: markThreadRead,
      readMarkers: threadReadMarkers,
      /** Everyone's marker on one thread: the read receipts the person's portal shows. */
      readers: threadReaders,
      unreadCounts: unreadMessageCounts,
    }),
    /** Break-the-glass grants (`access_grant`). */
    accessGrants: bind(q, {
      insert: insertAccessGrant,
      active: activeAccessGrants,
      forPatient: accessGrantsForPatient,
    }),
    /** Current risk per person (`risk_patient`). */
    riskIndex: bind(q, {
      upsert: upsertRiskPatients,
      remove: deleteRiskPatients,
      due: duePatients,
      current: currentRisk,
      setOverride: setRiskOverride,
      setEnrolled: setRiskEnrolled,
      tierCounts: riskTierCounts,
    }),
    /** Timed background jobs several servers run: the first to claim a slot runs it (`job_claim`). */
    jobs: bind(q, { claim: claimJobSlot }),
    /** Stratification runs (`risk_run`) and the change watermark they read up to. */
    riskRuns: bind(q, {
      watermark: historyWatermark,
      changedPatients,
      start: startRiskRun,
      finish: finishRiskRun,
      abandon: abandonRiskRun,
      last: lastRiskRun,
      running: runningRiskRun,
      claimJob: claimRiskJob,
    }),
    /** The enrolment queue: people not yet enrolled, by risk. */
    enrolmentQueue: bind(q, { page: riskCandidates }),
    /** Who is in hospital now and since when (open hospital Encounters). */
    hospitalStays: bind(q, { current: currentStays }),
    /** The HL7 v2 feed's message log (`hl7_message`): idempotency by sender + control id. */
    hl7Messages: bind(q, {
      lockKeys,
      findByKey: findMessageByKey,
      get: getMessage,
      insert: insertMessage,
      recordAttempt,
      recordDuplicate,
      list: listMessages,
    }),
    /** Uncertain patient matches waiting for a person (`hl7_match_review`). */
    matchReviews: bind(q, {
      insert: insertMatchReview,
      get: getMatchReview,
      list: listMatchReviews,
      resolve: resolveMatchReview,
    }),
    /** CDS Hooks cards shown (`cds_card`) and the feedback on them (`cds_feedback`). */
    cdsHooks: bind(q, {
      insertCards: insertCdsCards,
      getCard: getCdsCard,
      insertFeedback: insertCdsFeedback,
      ruleCounts: cdsRuleCounts,
      overriddenRules,
    }),
    /**
     * Quality and programme measures (store/src/measures): each SQL measure's cases, the people's
     * grouping attributes, and what an eCQM engine reads (measure content, people's records).
     */
    measures: bind(q, {
      cases: measureCases,
      subjects: measureSubjects,
      patientRecords,
      sharedResources: sharedResourcesOfType,
      visiblePatients: visiblePatientIds,
    }),
    /**
     * Value-based payment (store/src/payment): primary-care visits for attribution, the
     * members' risk attributes, directory names (costs: `claimCosts`).
     */
    payment: bind(q, {
      primaryCareVisits,
      lastClaimDay,
      members: paymentMembers,
      names: directoryNames,
    }),
    /**
     * Subscriptions (store/src/subscriptions, migration 0120): each one's delivery state and its
     * queue of notifications, written in the transaction of the change that fires them.
     */
    subscriptions: bind(q, {
      save: saveSubscription,
      remove: removeSubscription,
      get: getSubscription,
      active: activeSubscriptions,
      enqueueEvent,
      enqueueHandshake,
      enqueueDueHeartbeats,
      claim: claimDeliveries,
      finish: finishDelivery,
      fail: failDelivery,
      pendingCount,
    }),
  };
}

/** The read models on one transaction (see `readModelsIn`). */
export type ReadModelsIn = ReturnType<typeof readModelsIn>;

/** The read models on the database's pool, plus those that read in parallel over several connections. */
export function readModelsOn(db: Database) {
  return {
    ...readModelsIn(db),
    /** Everything risk stratification reads, in a few set-based statements run in parallel. */
    riskInputs: bind(db, { load: loadRiskInputs }),
    /** What every claim (ExplanationOfBenefit) paid, when and to whom: cost per member-month. */
    claimCosts: bind(db, { load: loadClaimCosts }),
  };
}

/** The read models of a Repository (`Repository.readModels`). */
export type ReadModels = ReturnType<typeof readModelsOn>;
