/**
 * Answers a CDS Hooks call: checks the request, loads the person's record (prefetch or scoped
 * reads), runs the service's rules and keeps the cards it returns for their feedback.
 */
import type { MedicationRequest } from '@medplum/fhirtypes';
import { CdsError, type CdsCard, type CdsHookResponse } from '@careweave/contract';
import type { Repository, RequestContext } from '@careweave/store';
import { isOptedOutOfAutomation } from '../agents/opt-out.js';
import { careError } from '../shared/care-errors.js';
import { toCard } from './cards.js';
import { loadRecord } from './load.js';
import type { PatientRecord } from './record.js';
import { serviceById, serviceInputs, type DecisionService } from './services.js';

function bad(text: string, expression?: string): Error {
  return careError(CdsError.BAD_REQUEST, 'invalid', text, expression);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The service, or 404. */
export function requireService(id: string): DecisionService {
  const service = serviceById(id);
  if (!service) {
    throw careError(CdsError.UNKNOWN_SERVICE, 'not-found', `No CDS service "${id}"`);
  }
  return service;
}

/** A CDS Hooks request as this service reads it. */
export interface HookCall {
  hook: string;
  hookInstance: string;
  userId: string;
  patientId: string;
  prefetch?: Record<string, unknown>;
  draftOrders: MedicationRequest[];
}

/** Checks the shape of a CDS Hooks request (400 for anything malformed). */
export function parseHookCall(service: DecisionService, body: unknown): HookCall {
  if (!isObject(body)) throw bad('The request body must be a JSON object');
  const { hook, hookInstance, context, prefetch } = body;
  if (typeof hook !== 'string') throw bad('hook is required', 'hook');
  if (hook !== service.hook) {
    throw bad(`Service ${service.id} answers the ${service.hook} hook, not ${hook}`, 'hook');
  }
  if (typeof hookInstance !== 'string' || hookInstance.length === 0) {
    throw bad('hookInstance (a UUID) is required', 'hookInstance');
  }
  if (!isObject(context)) throw bad('context is required', 'context');
  const { userId, patientId, draftOrders } = context;
  if (typeof userId !== 'string' || !/^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(userId)) {
    throw bad('context.userId must be a reference such as Practitioner/123', 'context.userId');
  }
  if (typeof patientId !== 'string' || !/^[A-Za-z0-9\-.]{1,64}$/.test(patientId)) {
    throw bad('context.patientId must be a Patient id', 'context.patientId');
  }
  if (prefetch !== undefined && prefetch !== null && !isObject(prefetch)) {
    throw bad('prefetch must be an object', 'prefetch');
  }
  const drafts: MedicationRequest[] = [];
  if (service.hook === 'order-sign') {
    if (!isObject(draftOrders) || draftOrders.resourceType !== 'Bundle') {
      throw bad('order-sign needs context.draftOrders (a Bundle)', 'context.draftOrders');
    }
    const entries = draftOrders.entry;
    if (entries !== undefined && !Array.isArray(entries)) {
      throw bad('context.draftOrders.entry must be an array', 'context.draftOrders');
    }
    for (const e of (entries ?? []) as unknown[]) {
      const r = isObject(e) ? e.resource : undefined;
      if (isObject(r) && r.resourceType === 'MedicationRequest') {
        drafts.push(r as unknown as MedicationRequest);
      }
    }
  }
  return {
    hook,
    hookInstance,
    userId,
    patientId,
    ...(isObject(prefetch) ? { prefetch } : {}),
    draftOrders: drafts,
  };
}

/**
 * A card a person dismissed is not shown to them again for this long (same rule version; a new
 * version of the rule shows again). Critical cards always show: a dismissed self-harm answer must
 * not go quiet.
 */
export const DISMISSED_DAYS = 30;

/**
 * Runs the rules of a service on a record: the cards, in rule order (`skip`: `id|version` not to
 * show). `optedOut`: the person declined automated recommendations (care/agents/opt-out.ts), so
 * only critical cards show — a self-harm answer is a safety matter for the team, not a
 * recommendation the person can turn off.
 */
export function runRules(
  service: DecisionService,
  record: PatientRecord,
  skip: ReadonlySet<string> = new Set(),
  optedOut = false,
): { ruleId: string; version: string; card: CdsCard }[] {
  const out: { ruleId: string; version: string; card: CdsCard }[] = [];
  for (const rule of service.rules) {
    const finding = rule.evaluate(record);
    if (
      finding &&
      finding.indicator !== 'critical' &&
      (optedOut || skip.has(`${rule.id}|${rule.version}`))
    ) {
      continue;
    }
    if (finding) out.push({ ruleId: rule.id, version: rule.version, card: toCard(rule, finding) });
  }
  return out;
}

/** `POST /cds-services/{id}`: the cards for this person, as the caller may see them. */
export async function callService(
  repo: Repository,
  ctx: RequestContext,
  serviceId: string,
  body: unknown,
  now: Date = new Date(),
): Promise<CdsHookResponse> {
  const service = requireService(serviceId);
  const call = parseHookCall(service, body);
  const { record } = await loadRecord(repo, ctx, {
    patientId: call.patientId,
    now,
    lists: serviceInputs(service),
    ...(call.prefetch ? { prefetch: call.prefetch } : {}),
    draftOrders: call.draftOrders,
  });
  const dismissed = await repo.readModels.cdsHooks.overriddenRules(
    service.id,
    call.patientId,
    ctx.actor,
    new Date(now.getTime() - DISMISSED_DAYS * 86_400_000),
  );
  // Asked only after loadRecord: a caller who may not see this person learns nothing here.
  const optedOut = await isOptedOutOfAutomation(repo, call.patientId, now);
  const found = runRules(service, record, dismissed, optedOut);
  await repo.readModels.cdsHooks.insertCards(
    found.map((f) => ({
      uuid: f.card.uuid,
      serviceId: service.id,
      ruleId: f.ruleId,
      ruleVersion: f.version,
      patientId: call.patientId,
      issuedTo: ctx.actor,
      issuedAt: now,
      suggestionUuids: (f.card.suggestions ?? []).map((s) => s.uuid),
    })),
  );
  return { cards: found.map((f) => f.card) };
}
