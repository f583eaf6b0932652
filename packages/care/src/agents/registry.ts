/**
 * The automated actors of Careweave as data: each is a registered FHIR `Device` (software) with a
 * purpose, an owning Organization, a version and the narrowest set of resource types it may write.
 * The one write path (agents/rules.ts) refuses a write by an automated actor that is not one of
 * these Devices, or that writes a type its Device does not list.
 */
import type { Device, Organization } from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT, type Repository } from '@careweave/store';

const CAREWEAVE = 'https://careweave.org/fhir';

/** Device.property type whose `valueCode`s are the resource types the agent may write. */
export const AGENT_PERMISSION_SYSTEM = `${CAREWEAVE}/CodeSystem/agent-permission`;
export const WRITES_PROPERTY = 'writes';
/** Resource types an agent writes: `valueCode` codings in this system. */
export const RESOURCE_TYPE_SYSTEM = 'http://hl7.org/fhir/resource-types';
/** Marks a Device as a Careweave automated agent (Device.type). */
export const AGENT_TYPE_SYSTEM = `${CAREWEAVE}/CodeSystem/agent-type`;
/** SNOMED CT 706689003 "Application program software" — the kind of device every agent is. */
const SOFTWARE = { system: 'http://snomed.info/sct', code: '706689003' };

/** The organisation that answers for the automated agents (their `Device.owner`). */
export const AGENT_OWNER_ID = 'careweave-governance';

/** The keys of the registered agents. */
export type AgentKey =
  | 'risk-model'
  | 'transitions-protocol'
  | 'assessment-rules'
  | 'referral-matcher'
  | 'decision-support';

/** One registered agent. */
export interface AgentDefinition {
  key: AgentKey;
  /** The Device id (`Device/<deviceId>`). */
  deviceId: string;
  name: string;
  /** The agent's software version: changed whenever its logic changes. */
  version: string;
  /** What it is for and what it may do, in words (Device.note). */
  purpose: string;
  /** The resource types it may write — nothing else (Provenance of its own writes is implied). */
  writes: readonly string[];
}

/** The registry. Permissions are the types each agent's code actually writes (see its folder). */
export const AGENTS: Readonly<Record<AgentKey, AgentDefinition>> = {
  'risk-model': {
    key: 'risk-model',
    deviceId: 'agent-risk-model',
    name: 'Careweave emergency-admission risk model and stratification job',
    version: '1.0.0',
    purpose:
      'Scores every person for emergency admission in the next 12 months (learned logistic model, LACE, HOSPITAL), assigns risk tiers and maintains the registries (care/risk). Writes risk results only; never changes care.',
    writes: ['RiskAssessment', 'Group'],
  },
  'transitions-protocol': {
    key: 'transitions-protocol',
    deviceId: 'agent-transitions-protocol',
    name: 'Careweave transitions-of-care protocol engine (HL7 v2 ADT)',
    version: '1.0.0',
    purpose:
      'Reacts to admissions and discharges (HL7 v2 ADT and FHIR Encounters): creates and cancels the transitional-care Tasks (contact within 2 business days, medication reconciliation, follow-up within 7 days), scores LACE and links readmissions (care/transitions).',
    writes: ['Task', 'RiskAssessment', 'Encounter'],
  },
  'assessment-rules': {
    key: 'assessment-rules',
    deviceId: 'agent-assessment-rules',
    name: 'Careweave assessment rules (scoring, safety, suggestions)',
    version: '1.0.0',
    purpose:
      'Scores completed questionnaires (PHQ-9, GAD-7, social needs), raises the safety task and flag, records social-need concerns and suggests follow-up work for a person to accept (care/assessments).',
    writes: ['Observation', 'Task', 'Flag', 'Condition', 'Goal', 'ServiceRequest'],
  },
  'referral-matcher': {
    key: 'referral-matcher',
    deviceId: 'agent-referral-matcher',
    name: 'Careweave referral matcher',
    version: '1.0.0',
    purpose:
      'Ranks the community directory’s services for a person’s need, with its reasons; a person makes the referral. Reads only.',
    writes: [],
  },
  'decision-support': {
    key: 'decision-support',
    deviceId: 'agent-decision-support',
    name: 'Careweave decision-support rules (CDS Hooks)',
    version: '1.0.0',
    purpose:
      'Shows guideline-based cards at the point of care; a person accepts or dismisses each suggestion, and the person’s own write performs it. Reads only.',
    writes: [],
  },
};

/** The Organization every agent Device names as owner. */
export function agentOwner(): Organization {
  return {
    resourceType: 'Organization',
    id: AGENT_OWNER_ID,
    active: true,
    name: 'Careweave clinical governance (automated agents)',
  };
}

/** An agent as its FHIR Device. */
export function agentDevice(agent: AgentDefinition): Device {
  return {
    resourceType: 'Device',
    id: agent.deviceId,
    status: 'active',
    deviceName: [{ name: agent.name, type: 'user-friendly-name' }],
    type: {
      coding: [
        { ...SOFTWARE, display: 'Application program software' },
        { system: AGENT_TYPE_SYSTEM, code: agent.key },
      ],
      text: 'Automated agent',
    },
    version: [{ value: agent.version }],
    owner: { reference: `Organization/${AGENT_OWNER_ID}` },
    note: [{ text: agent.purpose }],
    // The types it may write; a read-only agent lists none (the property, with no values, says so).
    property: [
      {
        type: { coding: [{ system: AGENT_PERMISSION_SYSTEM, code: WRITES_PROPERTY }] },
        ...(agent.writes.length > 0
          ? {
              valueCode: agent.writes.map((t) => ({
                coding: [{ system: RESOURCE_TYPE_SYSTEM, code: t }],
              })),
            }
          : {}),
      },
    ],
  };
}

/** The resource types a stored Device may write (its `writes` property). */
export function devicePermissions(device: Device): Set<string> {
  const out = new Set<string>();
  for (const p of device.property ?? []) {
    if (
      !p.type.coding?.some(
        (c) => c.system === AGENT_PERMISSION_SYSTEM && c.code === WRITES_PROPERTY,
      )
    )
      continue;
    for (const v of p.valueCode ?? [])
      for (const c of v.coding ?? [])
        if (c.system === RESOURCE_TYPE_SYSTEM && c.code) out.add(c.code);
  }
  return out;
}

/**
 * Registers every agent (its Device and the owning Organization); idempotent — unchanged Devices
 * are not written again. Run by `careweave migrate`, server start and the demo set-up.
 */
export async function ensureAgentDevices(repo: Repository): Promise<number> {
  return repo.inTransaction(SYSTEM_CONTEXT, (w) =>
    w.upsertMany([agentOwner(), ...Object.values(AGENTS).map(agentDevice)], {
      skipUnchanged: true,
    }),
  );
}
