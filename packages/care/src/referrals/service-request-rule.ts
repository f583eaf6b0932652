import type {
  HealthcareService,
  Organization,
  Reference,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import {
  SYSTEM_CONTEXT,
  readInTransaction,
  searchInTransaction,
  type ChangeEvent,
  type Queryable,
  type ResourceWriter,
} from '@careweave/store';
import {
  SDOHCC_SERVICE_REQUEST_PROFILE,
  TASK_CODE_SYSTEM,
  TASK_FOR_REFERRAL_PROFILE,
} from './codes.js';
import type { DirectoryCategory } from '@careweave/contract';
import { categoryConcepts, requestCategory, serviceCategory } from './needs.js';

/** The receiving organisation of a referral: a performer Organization, or the provider of a performer service. */
export function receiverOf(request: ServiceRequest): Reference | undefined {
  return request.performer?.find((p) => p.reference?.startsWith('Organization/'));
}

async function read<T extends HealthcareService | Organization>(
  tx: Queryable,
  reference: string | undefined,
): Promise<T | undefined> {
  const [type, id] = (reference ?? '').split('/');
  if (!type || !id) return undefined;
  return readInTransaction<T>(tx, SYSTEM_CONTEXT, type, id).catch(() => undefined);
}

/**
 * The need an organisation meets when all its active directory services meet the same one (a
 * referral to "the food bank" is a food referral); undefined when it offers several or none.
 */
async function organizationCategory(
  tx: Queryable,
  reference: string | undefined,
): Promise<DirectoryCategory | undefined> {
  if (!reference?.startsWith('Organization/')) return undefined;
  const found = await searchInTransaction(tx, SYSTEM_CONTEXT, 'HealthcareService', [
    ['organization', reference],
    ['active', 'true'],
    ['_count', '50'],
    ['_total', 'none'],
  ]);
  const categories = new Set(
    (found.resources as HealthcareService[]).map((s) => serviceCategory(s) ?? 'none'),
  );
  const [only] = [...categories];
  return categories.size === 1 && only !== 'none' ? only : undefined;
}

/**
 * A ServiceRequest to a directory service becomes a Gravity referral on every door (the plan's
 * "referral to a community service" activity, `/api/referrals`, FHIR POST, bundles): the SDOHCC
 * profile; the organisation providing the service as a performer (so the referral reaches its
 * inbox); the need as the service's category (directory code + Gravity SDOH domain) when the
 * request names none. Requests to no directory service are left as they are.
 */
export async function serviceRequestRule(
  next: ServiceRequest,
  previous: ServiceRequest | undefined,
  tx: Queryable,
): Promise<ServiceRequest> {
  if (previous) return next;
  const service = (next.performer ?? []).find((p) => p.reference?.startsWith('HealthcareService/'));
  const hs = await read<HealthcareService>(tx, service?.reference);
  const performer = [...(next.performer ?? [])];
  if (
    hs?.providedBy?.reference &&
    !performer.some((p) => p.reference === hs.providedBy?.reference)
  ) {
    const org = await read<Organization>(tx, hs.providedBy.reference);
    performer.push({
      reference: hs.providedBy.reference,
      ...(org?.name ? { display: org.name } : {}),
    });
  }
  if (!performer.some((p) => p.reference?.startsWith('Organization/'))) return next;
  const category =
    requestCategory(next.category) ??
    (hs
      ? serviceCategory(hs)
      : await organizationCategory(tx, receiverOf({ ...next, performer })?.reference));
  const profiles = next.meta?.profile ?? [];
  return {
    ...next,
    meta: {
      ...next.meta,
      profile: profiles.includes(SDOHCC_SERVICE_REQUEST_PROFILE)
        ? profiles
        : [...profiles, SDOHCC_SERVICE_REQUEST_PROFILE],
    },
    performer,
    ...(category && !requestCategory(next.category)
      ? { category: [...(next.category ?? []), ...categoryConcepts(category)] }
      : {}),
  };
}

/**
 * The referral Task of each new active ServiceRequest to an organisation (Gravity
 * TaskForReferralManagement: `fulfill`, focus the request, owned by the receiving organisation),
 * written in the same transaction by the same actor — unless the request already has one (an
 * import that brings its own).
 */
export async function deriveReferralTasks(
  events: readonly ChangeEvent[],
  writer: ResourceWriter,
  tx: Queryable,
  now: Date,
): Promise<void> {
  for (const event of events) {
    if (event.resourceType !== 'ServiceRequest' || event.type !== 'create') continue;
    const request = event.resource as ServiceRequest | undefined;
    const receiver = request ? receiverOf(request) : undefined;
    if (!request?.id || !receiver || request.status !== 'active' || !request.subject) continue;
    const existing = await searchInTransaction(tx, SYSTEM_CONTEXT, 'Task', [
      ['focus', `ServiceRequest/${request.id}`],
      ['_count', '1'],
    ]);
    if (existing.resources.length > 0) continue;
    const task: Task = {
      resourceType: 'Task',
      meta: { profile: [TASK_FOR_REFERRAL_PROFILE] },
      status: 'requested',
      intent: 'order',
      priority: request.priority ?? 'routine',
      code: {
        coding: [
          { system: TASK_CODE_SYSTEM, code: 'fulfill', display: 'Fulfill the focal request' },
        ],
      },
      description:
        request.code?.text ?? `Referral${receiver.display ? ` to ${receiver.display}` : ''}`,
      focus: { reference: `ServiceRequest/${request.id}` },
      for: request.subject,
      authoredOn: request.authoredOn ?? now.toISOString(),
      ...(request.requester ? { requester: request.requester } : {}),
      owner: {
        reference: receiver.reference as string,
        ...(receiver.display ? { display: receiver.display } : {}),
      },
      ...(request.basedOn ? { basedOn: request.basedOn } : {}),
    };
    await writer.create(task);
  }
}
