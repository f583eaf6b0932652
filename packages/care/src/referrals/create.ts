import type {
  CarePlan,
  HealthcareService,
  Organization,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import {
  SYSTEM_CONTEXT,
  readInTransaction,
  searchInTransaction,
  type Repository,
  type RequestContext,
} from '@careweave/store';
import type { NewReferral } from '@careweave/contract';
import { careError, invalidInput } from '../shared/care-errors.js';
import { provenanceFor } from '../shared/provenance.js';
import { ACTIVITY_DOMAIN_URL, domainConcept } from '../plans/codes.js';
import { ReferralError } from './state-machine.js';
import { categoryConcepts, categoryOf, DIRECTORY_CATEGORIES } from './needs.js';

const REF = /^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/;

function reference(
  value: string | undefined,
  types: readonly string[],
  field: string,
): string | undefined {
  if (value === undefined || value === '') return undefined;
  const full = value.includes('/') ? value : `${types[0]}/${value}`;
  if (!REF.test(full) || !types.includes(full.split('/')[0] as string))
    throw invalidInput(`${field} must be a reference to ${types.join(' or ')}`, field);
  return full;
}

/**
 * Refers a person to a community service (HL7 Gravity SDOH Clinical Care): in one transaction, the
 * ServiceRequest — the need as a Gravity SDOH category, the reason (a health concern or a screening
 * Observation), the consent to share, the goal it serves, the person's preferred contact times —
 * and, through the write rule, its referral Task owned by the receiving organisation; when a plan
 * is named, the referral becomes one of its activities (social domain). With a Provenance.
 */
export async function createReferral(
  repo: Repository,
  ctx: RequestContext,
  input: NewReferral,
  now: Date = new Date(),
): Promise<{ serviceRequest: ServiceRequest; task: Task }> {
  if (!input.patient) throw invalidInput('patient is required', 'patient');
  const category = categoryOf(input.need);
  if (!category)
    throw careError(
      ReferralError.UNKNOWN_NEED,
      'invalid',
      `need must be one of ${Object.keys(DIRECTORY_CATEGORIES).join(', ')} (or its Gravity SDOH code)`,
      'need',
    );
  const patient = reference(input.patient, ['Patient'], 'patient') as string;
  const service = reference(input.service, ['HealthcareService', 'Organization'], 'service');
  if (!service) throw invalidInput('service is required', 'service');
  const reason = reference(input.reason, ['Condition', 'Observation'], 'reason');
  const consent = reference(input.consent, ['Consent'], 'consent');
  const goal = reference(input.goal, ['Goal'], 'goal');
  const planRef = reference(input.plan, ['CarePlan'], 'plan');
  return repo.inTransaction(ctx, async (w, tx) => {
    // The person must be one the actor may see (404 otherwise), and the service must exist.
    await readInTransaction(tx, ctx, 'Patient', patient.split('/')[1] as string);
    const [type, id] = service.split('/') as [string, string];
    const target = await readInTransaction<HealthcareService | Organization>(
      tx,
      SYSTEM_CONTEXT,
      type,
      id,
    ).catch(() => {
      throw careError(
        ReferralError.UNKNOWN_SERVICE,
        'business-rule',
        `${service} is not in the directory`,
        'service',
      );
    });
    for (const ref of [reason, consent, goal].filter((r): r is string => r !== undefined)) {
      const [t, i] = ref.split('/') as [string, string];
      await readInTransaction(tx, ctx, t, i);
    }
    const plan = planRef
      ? await readInTransaction<CarePlan>(tx, ctx, 'CarePlan', planRef.split('/')[1] as string)
      : undefined;
    const label = DIRECTORY_CATEGORIES[category].label;
    const request = await w.create<ServiceRequest>({
      resourceType: 'ServiceRequest',
      status: 'active',
      intent: 'order',
      priority: input.priority ?? 'routine',
      category: categoryConcepts(category),
      code: {
        text: `Referral to ${target.name ?? 'a community service'} (${label.toLowerCase()})`,
      },
      subject: { reference: patient },
      authoredOn: now.toISOString(),
      ...(ctx.actor.startsWith('Practitioner') ? { requester: { reference: ctx.actor } } : {}),
      performer: [{ reference: service, ...(target.name ? { display: target.name } : {}) }],
      ...(reason ? { reasonReference: [{ reference: reason }] } : {}),
      ...(consent || goal
        ? {
            supportingInfo: [consent, goal]
              .filter((r): r is string => r !== undefined)
              .map((r) => ({ reference: r })),
          }
        : {}),
      ...(plan ? { basedOn: [{ reference: `CarePlan/${plan.id}` }] } : {}),
      ...(input.preferredTimes?.trim()
        ? { patientInstruction: `Preferred contact times: ${input.preferredTimes.trim()}` }
        : {}),
      ...(input.note?.trim()
        ? { note: [{ text: input.note.trim(), time: now.toISOString() }] }
        : {}),
    });
    if (plan) {
      await w.update<CarePlan>({
        ...plan,
        activity: [
          ...(plan.activity ?? []),
          {
            extension: [
              { url: ACTIVITY_DOMAIN_URL, valueCodeableConcept: domainConcept('social') },
            ],
            reference: {
              reference: `ServiceRequest/${request.id}`,
              display: request.code?.text as string,
            },
          },
        ],
      });
    }
    const found = await searchInTransaction(tx, SYSTEM_CONTEXT, 'Task', [
      ['focus', `ServiceRequest/${request.id}`],
    ]);
    const task = found.resources[0] as Task | undefined;
    if (!task)
      throw careError(
        ReferralError.UNKNOWN_SERVICE,
        'business-rule',
        `${service} names no receiving organisation, so the referral has no inbox to go to`,
        'service',
      );
    await w.create(
      provenanceFor(ctx, [request, task], patient.split('/')[1], { kind: 'add-activity', now }),
    );
    return { serviceRequest: request, task };
  });
}
