/**
 * Governed automated agents on the one write path: a write made in an automated actor's context
 * (agents/context.ts) is refused unless it names a registered, active Device whose permissions list
 * the resource type and carries the rule or model version; every write it makes gets a Provenance
 * with that Device as the performing agent, in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Device, Provenance, Resource } from '@medplum/fhirtypes';
import {
  SYSTEM_CONTEXT,
  readInTransaction,
  type ChangeEvent,
  type Queryable,
  type RequestContext,
  type WriteHooks,
} from '@careweave/store';
import { AgentError } from '@careweave/contract';
import { careError } from '../shared/care-errors.js';
import { patientOf, versionedReference } from '../shared/provenance.js';
import { agentOf, isAutomated, type AgentIdentity } from './context.js';
import { AGENTS, AGENT_OWNER_ID, devicePermissions } from './registry.js';

const PARTICIPANT_TYPE = 'http://terminology.hl7.org/CodeSystem/provenance-participant-type';
/** The rule or model version behind an automated write (on Provenance.agent). */
export const AGENT_VERSION_URL = 'https://careweave.org/fhir/StructureDefinition/agent-version';
/** Provenance.policy of an automated write: the agent and the version of its rules or model. */
export function agentPolicy(agent: AgentIdentity): string {
  return `https://careweave.org/fhir/agents/${agent.key}/${encodeURIComponent(agent.version)}`;
}

/** Types never attributed (audit records are the system's own; Provenance is the attribution). */
const UNATTRIBUTED = new Set(['AuditEvent', 'Provenance']);

/** The registered Device's permissions, read once per transaction. */
const devices = new WeakMap<Queryable, Map<string, Set<string> | null>>();

async function permissionsOf(tx: Queryable, deviceId: string): Promise<Set<string> | null> {
  const cache = devices.get(tx) ?? new Map<string, Set<string> | null>();
  devices.set(tx, cache);
  const known = cache.get(deviceId);
  if (known !== undefined) return known;
  let stored: Device | undefined;
  try {
    stored = await readInTransaction<Device>(tx, SYSTEM_CONTEXT, 'Device', deviceId);
  } catch {
    stored = undefined; // not stored (or deleted)
  }
  // The stored Device governs (an administrator may deactivate it or narrow it); a built-in agent
  // not yet stored (a database set up before it existed) has the permissions it ships with.
  const builtIn = Object.values(AGENTS).find((a) => a.deviceId === deviceId);
  const found = stored
    ? stored.status === 'active'
      ? devicePermissions(stored)
      : null
    : builtIn
      ? new Set(builtIn.writes)
      : null;
  cache.set(deviceId, found);
  return found;
}

/** Throws unless the automated context may write `resourceType`. */
async function assertAgentMay(
  ctx: RequestContext,
  resource: Resource,
  tx: Queryable,
): Promise<void> {
  const agent = agentOf(ctx);
  const deviceId = ctx.actor.startsWith('Device/') ? ctx.actor.slice('Device/'.length) : undefined;
  if (!agent || !deviceId || agent.deviceId !== deviceId || !agent.version) {
    throw careError(
      AgentError.UNREGISTERED,
      'forbidden',
      'An automated write must name its registered Device and the version of its rules or model',
    );
  }
  const permitted = await permissionsOf(tx, deviceId);
  if (!permitted) {
    throw careError(
      AgentError.UNREGISTERED,
      'forbidden',
      `Device/${deviceId} is not a registered, active automated agent`,
    );
  }
  if (resource.resourceType === 'Provenance') {
    const own = resource.agent?.some((a) => a.who?.reference === ctx.actor);
    if (own) return;
  } else if (permitted.has(resource.resourceType)) {
    return;
  }
  throw careError(
    AgentError.NOT_PERMITTED,
    'forbidden',
    `Device/${deviceId} may not write ${resource.resourceType}`,
  );
}

/** The Provenance of an automated actor's writes about one patient (or about none). */
export function agentProvenance(
  agent: AgentIdentity,
  targets: readonly Resource[],
  patient: string | undefined,
  now: Date,
): Provenance {
  return {
    resourceType: 'Provenance',
    id: randomUUID(),
    target: [
      ...targets.map((t) => ({ reference: versionedReference(t) })),
      ...(patient &&
      !targets.some((t) => `Patient/${t.id}` === patient && t.resourceType === 'Patient')
        ? [{ reference: patient }]
        : []),
    ],
    recorded: now.toISOString(),
    policy: [agentPolicy(agent)],
    agent: [
      {
        type: { coding: [{ system: PARTICIPANT_TYPE, code: 'performer', display: 'Performer' }] },
        who: { reference: `Device/${agent.deviceId}` },
        onBehalfOf: { reference: `Organization/${AGENT_OWNER_ID}` },
        extension: [{ url: AGENT_VERSION_URL, valueString: agent.version }],
      },
    ],
  };
}

/** One Provenance per patient (and one for data of no patient) over a batch of events. */
function provenancesFor(
  agent: AgentIdentity,
  events: readonly ChangeEvent[],
  now: Date,
): Provenance[] {
  const byPatient = new Map<string, Resource[]>();
  for (const e of events) {
    if (e.type === 'delete' || !e.resource || UNATTRIBUTED.has(e.resourceType)) continue;
    const key = patientOf(e.resource) ?? '';
    byPatient.set(key, [...(byPatient.get(key) ?? []), e.resource]);
  }
  return [...byPatient].map(([patient, targets]) =>
    agentProvenance(agent, targets, patient || undefined, now),
  );
}

/**
 * The agent rules as WriteHooks (compose after care/access's). Writes by people and by the plain
 * system context (imports, migrations) are untouched.
 */
export function agentRules(options: { now?: () => Date } = {}): WriteHooks {
  const now = options.now ?? (() => new Date());
  return {
    async beforeWrite(ctx, next, _previous, tx) {
      if (isAutomated(ctx)) await assertAgentMay(ctx, next, tx);
      return next;
    },
    async beforeDelete(ctx, previous, tx) {
      if (isAutomated(ctx)) await assertAgentMay(ctx, previous, tx);
    },
    async deriveWrites(ctx, events, writer) {
      const agent = agentOf(ctx);
      if (!agent || !isAutomated(ctx)) return;
      const provenances = provenancesFor(agent, events, now());
      if (provenances.length > 0) await writer.upsertMany(provenances, { skipUnchanged: false });
    },
  };
}
