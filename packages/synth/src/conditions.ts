/**
 * Condition resources: chronic conditions on the problem list (problem-list-item) and social needs
 * as health concerns (US Core health-concern + sdoh), each with SNOMED CT and ICD-10-CM codings.
 */
import type { Condition } from '@medplum/fhirtypes';
import { conditionCode, conditionConcept, socialNeedCode } from './catalog.js';
import { SYSTEM } from './codes.js';
import { patientRef, practitionerRef, type PersonContext } from './context.js';
import { formatDate, formatDateTime } from './time.js';

const ACTIVE = {
  coding: [{ system: SYSTEM.CONDITION_CLINICAL, code: 'active', display: 'Active' }],
};
const RESOLVED = {
  coding: [{ system: SYSTEM.CONDITION_CLINICAL, code: 'resolved', display: 'Resolved' }],
};
const CONFIRMED = {
  coding: [{ system: SYSTEM.CONDITION_VERIFICATION, code: 'confirmed', display: 'Confirmed' }],
};

/** Allocates Condition ids before any encounter is built, so encounters can cite them. */
export function allocateConditionIds(ctx: PersonContext): void {
  for (const c of ctx.person.conditions) {
    ctx.conditionIds.set(c.key, ctx.ids.next());
  }
  for (const need of ctx.person.socialNeeds) {
    if (socialNeedCode(need.key, need.homeless === true)) {
      ctx.needConditionIds.set(need.key, ctx.ids.next());
    }
  }
}

/** The problem-list Conditions. */
export function chronicConditions(ctx: PersonContext): Condition[] {
  return ctx.person.conditions.map((c) => {
    const code = conditionCode(ctx.person, c.key);
    const onset = Math.max(c.onsetDay, ctx.person.birthDay);
    return {
      resourceType: 'Condition',
      id: ctx.conditionIds.get(c.key) ?? ctx.ids.next(),
      clinicalStatus: ACTIVE,
      verificationStatus: CONFIRMED,
      category: [
        {
          coding: [
            {
              system: SYSTEM.CONDITION_CATEGORY,
              code: 'problem-list-item',
              display: 'Problem List Item',
            },
          ],
        },
      ],
      code: conditionConcept(code),
      subject: patientRef(ctx),
      onsetDateTime: formatDate(onset),
      recordedDate: formatDate(onset),
      recorder: practitionerRef(ctx.gp),
      asserter: practitionerRef(ctx.gp),
    };
  });
}

/** The social-need health concerns, with the screening Observations that evidence them. */
export function socialNeedConditions(ctx: PersonContext): Condition[] {
  const out: Condition[] = [];
  for (const need of ctx.person.socialNeeds) {
    const code = socialNeedCode(need.key, need.homeless === true);
    const id = ctx.needConditionIds.get(need.key);
    if (!code || !id) continue;
    const condition: Condition = {
      resourceType: 'Condition',
      id,
      clinicalStatus: need.resolvedDay !== undefined ? RESOLVED : ACTIVE,
      verificationStatus: CONFIRMED,
      category: [
        {
          coding: [
            {
              system: SYSTEM.US_CORE_CONDITION_CATEGORY,
              code: 'health-concern',
              display: 'Health Concern',
            },
          ],
        },
        { coding: [{ system: SYSTEM.US_CORE_CATEGORY, code: 'sdoh', display: 'SDOH' }] },
      ],
      code: conditionConcept(code),
      subject: patientRef(ctx),
      onsetDateTime: formatDate(need.onsetDay),
      recordedDate: formatDate(Math.max(need.onsetDay, ctx.window.start)),
      asserter: patientRef(ctx),
    };
    if (need.resolvedDay !== undefined)
      condition.abatementDateTime = formatDateTime(need.resolvedDay + 0.5);
    const evidence = ctx.needEvidence.get(need.key) ?? [];
    if (evidence.length > 0)
      condition.evidence = [
        { detail: evidence.slice(0, 3).map((obsId) => ({ reference: `Observation/${obsId}` })) },
      ];
    out.push(condition);
  }
  return out;
}
