/**
 * Disease registries as FHIR `Group` resources (type person, actual), one per condition the
 * programme manages: diabetes, heart failure, COPD, depression, dementia. Membership is everyone
 * with an active coded diagnosis at the run date; stratification keeps them up to date.
 */
import type { Group, GroupMember } from '@medplum/fhirtypes';
import { ACT_CODE, REGISTRY_SYSTEM } from './codes.js';
import type { ConditionGroup } from './conditions.js';
import type { PersonRecord } from './person.js';

/** A registry: its key (also the Group's code and id suffix), name and the condition group it follows. */
export interface RegistryDefinition {
  key: string;
  name: string;
  group: ConditionGroup;
  /** Membership of some registries discloses sensitive information (HL7 v3 ActCode label). */
  label?: { code: string; display: string };
}

/** The registries kept by stratification. */
export const REGISTRIES: readonly RegistryDefinition[] = [
  { key: 'diabetes', name: 'Diabetes registry', group: 'diabetes' },
  { key: 'heart-failure', name: 'Heart failure registry', group: 'heart-failure' },
  { key: 'copd', name: 'COPD registry', group: 'copd' },
  {
    key: 'depression',
    name: 'Depression registry',
    group: 'depression',
    label: { code: 'PSY', display: 'psychiatry disorder information sensitivity' },
  },
  { key: 'dementia', name: 'Dementia registry', group: 'dementia' },
];

/** The Group id of a registry. */
export function registryId(key: string): string {
  return `registry-${key}`;
}

/** The registry member entry of a person, if they belong (earliest active diagnosis as start). */
export function registryMember(
  def: RegistryDefinition,
  person: PersonRecord,
  t: number,
): GroupMember | undefined {
  let since = Infinity;
  for (const c of person.conditions) {
    if (c.groups.has(def.group) && c.recorded < t && c.abated > t)
      since = Math.min(since, c.recorded);
  }
  if (since === Infinity) return undefined;
  return {
    entity: { reference: `Patient/${person.id}` },
    ...(Number.isFinite(since)
      ? { period: { start: new Date(since).toISOString().slice(0, 10) } }
      : {}),
  };
}

/**
 * The registry Group after recomputing the members in `persons`: members of other people are
 * kept from `previous` (incremental runs), `removed` people are dropped, members sorted by id.
 */
export function registryGroup(
  def: RegistryDefinition,
  persons: Iterable<PersonRecord>,
  t: number,
  previous?: Group,
  removed: readonly string[] = [],
): Group {
  const members = new Map<string, GroupMember>();
  const recomputed = new Set(removed.map((id) => `Patient/${id}`));
  const fresh: PersonRecord[] = [];
  for (const p of persons) {
    recomputed.add(`Patient/${p.id}`);
    fresh.push(p);
  }
  for (const m of previous?.member ?? []) {
    const ref = m.entity.reference;
    if (ref && !recomputed.has(ref)) members.set(ref, m);
  }
  for (const p of fresh) {
    const m = registryMember(def, p, t);
    if (m) members.set(`Patient/${p.id}`, m);
  }
  const member = [...members.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, m]) => m);
  return {
    resourceType: 'Group',
    id: registryId(def.key),
    ...(def.label ? { meta: { security: [{ system: ACT_CODE, ...def.label }] } } : {}),
    type: 'person',
    actual: true,
    active: true,
    code: {
      coding: [{ system: REGISTRY_SYSTEM, code: def.key, display: def.name }],
      text: def.name,
    },
    name: def.name,
    quantity: member.length,
    ...(member.length > 0 ? { member } : {}),
  };
}

/** The registries as `{ key, name }` (for filters and links: Group id is `registry-<key>`). */
export const REGISTRY_LIST: readonly { key: string; name: string; groupId: string }[] =
  REGISTRIES.map((r) => ({ key: r.key, name: r.name, groupId: registryId(r.key) }));
