import type {
  CarePlan,
  CareTeam,
  Communication,
  Goal,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import type { WriteHooks } from '@careweave/store';
import { communicationRule } from './messages/rules.js';
import { carePlanRule, goalRule } from './plans/rules.js';
import { careTeamRule } from './roster/consent-rule.js';
import { taskRule } from './tasks/rules.js';
import { isReferralTask } from './referrals/codes.js';
import { referralTaskRule } from './referrals/rules.js';
import { closeLoops, markStatusChange } from './referrals/close.js';
import { deriveReferralTasks, serviceRequestRule } from './referrals/service-request-rule.js';
import { assessmentRules, type AssessmentRulesOptions } from './assessments/rules.js';
import { TEAM_TRIGGERS, forgetTeams } from './tasks/team-cache.js';
import { transitionRules } from './transitions/rules.js';
import type { TransitionConfig } from './transitions/config.js';
import { agentRules } from './agents/rules.js';

export interface CareWriteRulesOptions {
  /** The clock (tests move it). */
  now?: () => Date;
  /** Settings of the assessment rules (care/assessments: act-on window, re-screening, suggestions). */
  assessments?: AssessmentRulesOptions;
  /** Settings of the transitions protocol (care/transitions: business days, holidays, windows). */
  transitions?: TransitionConfig;
}

/**
 * The care domain's rules of the one write path (DESIGN.md §4), as store WriteHooks: they run
 * inside every write's transaction, from every door (the /api endpoints, FHIR REST, bundles,
 * imports, jobs):
 * - Task: the FHIR state machine (illegal transitions → 422), `lastModified`, task-assigned notifications;
 *   a referral Task (focus a ServiceRequest) the Gravity referral machine instead, with sides and
 *   reason codes (care/referrals/README.md);
 * - ServiceRequest to a directory service: a Gravity referral (profile, the receiving organisation,
 *   the need), whose referral Task is derived in the same transaction; a referral's status change
 *   notifies the requester, and completion closes the loop (Procedure, goal, health concern);
 * - CarePlan: one active plan per patient per programme (409); plan-changed notifications;
 * - Goal: plan-changed notifications;
 * - CareTeam: members from other organisations only with the patient's consent (422);
 * - Communication: mention notifications;
 * - QuestionnaireResponse (completed): scores, derived Observations, safety task and flag,
 *   suggestions, social-need concerns, re-screening — as derived writes of the same transaction
 *   (care/assessments/README.md);
 * - Encounter: the transitions protocol — readmission link; on admission and discharge of an
 *   enrolled person the TRC/FUH tasks, LACE and notifications; cancellations (care/transitions/README.md);
 * - automated agents (care/agents): a write in an automated actor's context needs a registered
 *   Device permitted to write that type (403 otherwise) and gets a Provenance naming the Device;
 * and, after commit, changes to care teams, episodes and roles clear the worklist's team cache.
 * Compose after care/access's hooks: `composeWriteHooks(access.writeHooks, careWriteHooks())`.
 */
export function careWriteHooks(options: CareWriteRulesOptions = {}): WriteHooks {
  const now = options.now ?? (() => new Date());
  const assessments = assessmentRules({ now, ...options.assessments });
  const transitions = transitionRules({
    now,
    ...(options.transitions ? { config: options.transitions } : {}),
  });
  const agents = agentRules({ now });
  return {
    async deriveWrites(ctx, events, writer, tx) {
      await agents.deriveWrites?.(ctx, events, writer, tx);
      await assessments.deriveWrites?.(ctx, events, writer, tx);
      await transitions.deriveWrites?.(ctx, events, writer, tx);
      await deriveReferralTasks(events, writer, tx, now());
      await closeLoops(ctx, events, writer, tx, now());
    },
    async beforeDelete(ctx, previous, tx) {
      await agents.beforeDelete?.(ctx, previous, tx);
    },
    async beforeWrite(ctx, next, previous, tx) {
      await agents.beforeWrite?.(ctx, next, previous, tx);
      switch (next.resourceType) {
        case 'Task': {
          const task = previous as Task | undefined;
          if (isReferralTask(task ?? next)) {
            const at = now();
            if (task?.status && task.status !== next.status && next.id)
              markStatusChange(tx, next.id, task.status);
            return taskRule(ctx, referralTaskRule(ctx, next, task, at), task, tx, at, {
              stateMachine: false,
            });
          }
          return taskRule(ctx, next, task, tx, now());
        }
        case 'ServiceRequest':
          return serviceRequestRule(next, previous as ServiceRequest | undefined, tx);
        case 'CarePlan':
          return carePlanRule(ctx, next, previous as CarePlan | undefined, tx, now());
        case 'Goal':
          return goalRule(ctx, next, previous as Goal | undefined, tx, now());
        case 'CareTeam':
          return careTeamRule(ctx, next, previous as CareTeam | undefined, tx, now());
        case 'Communication':
          return communicationRule(ctx, next, previous as Communication | undefined, tx, now());
        case 'Encounter':
          return (await transitions.beforeWrite?.(ctx, next, previous, tx)) ?? next;
        default:
          return next;
      }
    },
    afterCommit(_ctx, events) {
      if (events.some((e) => TEAM_TRIGGERS.has(e.resourceType))) {
        forgetTeams();
      }
    },
  };
}
