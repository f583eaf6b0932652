import type {
  CareTeam,
  Consent,
  EpisodeOfCare,
  PractitionerRole,
  Resource,
} from '@medplum/fhirtypes';
import { MAX_COUNT, SYSTEM_CONTEXT, type Queryable, type Repository } from '@careweave/store';

/** Patient ids from references such as `Patient/123`. */
function patientId(reference: string | undefined): string | undefined {
  return reference?.startsWith('Patient/') ? reference.slice('Patient/'.length) : undefined;
}

/** A search parameter value listing several values (OR), in chunks that keep URLs short. */
function chunks(values: readonly string[], size = 200): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < values.length; i += size) {
    out.push(values.slice(i, i + size));
  }
  return out;
}

/**
 * The facts access decisions are made from — care teams, episodes, roles, consents — read
 * through the Repository with the system context (care never speaks SQL; the store's indexes on
 * `refs` and `tokens` make each of these one indexed query).
 */
export class Relationships {
  constructor(private readonly repo: Repository) {}

  /**
   * Every match of a search, following `next` cursors. `q` is the connection: a write hook must
   * pass its transaction (embedded PGlite has one connection, which the transaction holds).
   */
  async searchAll<T extends Resource>(
    type: string,
    pairs: [string, string][],
    q?: Queryable,
  ): Promise<T[]> {
    const out: T[] = [];
    let cursor: string | undefined;
    do {
      const query: [string, string][] = [
        ...pairs,
        ['_count', String(MAX_COUNT)],
        ['_total', 'none'],
        ...(cursor ? [['_cursor', cursor] as [string, string]] : []),
      ];
      const page = q
        ? await this.repo.searchIn(SYSTEM_CONTEXT, q, type, query)
        : await this.repo.search(SYSTEM_CONTEXT, type, query);
      out.push(...(page.resources as T[]));
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  /** A practitioner's roles (active or not stated). */
  async practitionerRoles(practitioner: string): Promise<PractitionerRole[]> {
    const roles = await this.searchAll<PractitionerRole>('PractitionerRole', [
      ['practitioner', practitioner],
    ]);
    return roles.filter((r) => r.active !== false);
  }

  /** Patients whose active CareTeam lists one of `members` as a participant (whose participation has not ended). */
  async careTeamPatients(members: readonly string[], now: Date): Promise<Set<string>> {
    const out = new Set<string>();
    for (const chunk of chunks(members)) {
      const teams = await this.searchAll<CareTeam>('CareTeam', [
        ['participant', chunk.join(',')],
        ['status', 'active'],
      ]);
      for (const team of teams) {
        const current = (team.participant ?? []).some(
          (p) =>
            chunk.includes(p.member?.reference ?? '') &&
            !(p.period?.end && Date.parse(p.period.end) <= now.getTime()),
        );
        const id = patientId(team.subject?.reference);
        if (current && id) {
          out.add(id);
        }
      }
    }
    return out;
  }

  /** Patients whose active EpisodeOfCare has one of `managers` as care manager. */
  async managedPatients(managers: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const chunk of chunks(managers)) {
      const episodes = await this.searchAll<EpisodeOfCare>('EpisodeOfCare', [
        ['care-manager', chunk.join(',')],
        ['status', 'active'],
      ]);
      episodes.forEach((e) => {
        const id = patientId(e.patient.reference);
        if (id) out.add(id);
      });
    }
    return out;
  }

  /** A patient's active episodes of care (their care manager is the patient's care coordinator of record). */
  async activeEpisodes(patient: string): Promise<EpisodeOfCare[]> {
    return this.searchAll<EpisodeOfCare>('EpisodeOfCare', [
      ['patient', `Patient/${patient}`],
      ['status', 'active'],
    ]);
  }

  /** Active consents, per patient id; all patients when `patientIds` is omitted. */
  async consents(patientIds?: readonly string[]): Promise<Map<string, Consent[]>> {
    const found: Consent[] = [];
    if (patientIds) {
      for (const chunk of chunks(patientIds)) {
        found.push(
          ...(await this.searchAll<Consent>('Consent', [
            ['patient', chunk.map((id) => `Patient/${id}`).join(',')],
            ['status', 'active'],
          ])),
        );
      }
    } else {
      found.push(...(await this.searchAll<Consent>('Consent', [['status', 'active']])));
    }
    const out = new Map<string, Consent[]>();
    for (const consent of found) {
      const id = patientId(consent.patient?.reference);
      if (id) {
        out.set(id, [...(out.get(id) ?? []), consent]);
      }
    }
    return out;
  }

  /** Organisation of every practitioner and practitioner role (first active role wins), for ownership. */
  async organisationDirectory(q?: Queryable): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const role of await this.searchAll<PractitionerRole>('PractitionerRole', [], q)) {
      const org = role.organization?.reference;
      if (role.active === false || !org?.startsWith('Organization/')) {
        continue;
      }
      const orgId = org.slice('Organization/'.length);
      out.set(`PractitionerRole/${role.id}`, orgId);
      const practitioner = role.practitioner?.reference;
      if (practitioner && !out.has(practitioner)) {
        out.set(practitioner, orgId);
      }
    }
    return out;
  }
}
