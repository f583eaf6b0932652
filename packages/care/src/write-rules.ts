import type { CarePlan, CareTeam, Communication, Goal, Task } from '@medplum/fhirtypes';
import type { WriteHooks } from '@careweave/store';
import { communicationRule } from './messages/rules.js';
import { carePlanRule, goalRule } from './plans/rules.js';
import { careTeamRule } from './roster/consent-rule.js';
import { taskRule } from './tasks/rules.js';
import { assessmentRules, type AssessmentRulesOptions } from './assessments/rules.js';
import { TEAM_TRIGGERS, forgetTeams } from './tasks/team-cache.js';
import { transitionRules } from './transitions/rules.js';
import type { TransitionConfig } from './transitions/config.js';

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
 * - CarePlan: one active plan per patient per programme (409); plan-changed notifications;
 * - Goal: plan-changed notifications;
 * - CareTeam: members from other organisations only with the patient's consent (422);
 * - Communication: mention notifications;
 * - QuestionnaireResponse (completed): scores, derived Observations, safety task and flag,
 *   suggestions, social-need concerns, re-screening — as derived writes of the same transaction
 *   (care/assessments/README.md);
 * - Encounter: the transitions protocol — readmission link; on admission and discharge of an
 *   enrolled person the TRC/FUH tasks, LACE and notifications; cancellations (care/transitions/README.md);
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
  return {
    async deriveWrites(ctx, events, writer, tx) {
      await assessments.deriveWrites?.(ctx, events, writer, tx);
      await transitions.deriveWrites?.(ctx, events, writer, tx);
    },
    async beforeWrite(ctx, next, previous, tx) {
      switch (next.resourceType) {
        case 'Task':
          return taskRule(ctx, next, previous as Task | undefined, tx, now());
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
