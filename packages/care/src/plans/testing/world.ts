import { OperationOutcomeError, getStatus } from '@medplum/core';
import type { CareTeam, CareTeamParticipant, EpisodeOfCare, Resource } from '@medplum/fhirtypes';
import { Repository, SYSTEM_CONTEXT } from '@careweave/store';
import { openTestDatabase, type TestDatabase } from '@careweave/store/testing';
import { createAccessService } from '../../access/service.js';
import type { AccessContext, AccessService } from '../../access/types.js';
import { ORG, USERS, storyResources } from '../../access/testing/story.js';
import { careErrorCode } from '../../shared/care-errors.js';
import { composeWriteHooks } from '../../hooks.js';
import {
  INTEGRATED_CARE,
  PROGRAMME_SYSTEM,
  TEAM_ROLE_CODES,
  type TeamRole,
} from '../../roster/codes.js';
import { careWriteHooks } from '../../write-rules.js';
import { loadPlanTemplates } from '../templates.js';

/** The access story's people plus a second care coordinator (for reassignment). */
export const CARE_USERS = {
  ...USERS,
  coordinator2: {
    ...USERS.coordinator,
    accountId: 'acct-coord2',
    email: 'coord2@example.org',
    fhirUser: 'Practitioner/coord2',
    displayName: 'Cora Second',
  },
} as const;
export type CareUser = keyof typeof CARE_USERS;

/** Roles of Ana's care-team members in the access story (which lists members without roles). */
const ANA_ROLES: Readonly<Record<string, TeamRole>> = {
  'Patient/ana': 'patient',
  'Practitioner/coord': 'care-coordinator',
  'PractitionerRole/gp-team-role': 'gp',
  'Practitioner/psych': 'psychologist',
  'Practitioner/foodbank': 'community-health-worker',
  'RelatedPerson/ana-caregiver': 'caregiver',
};

/**
 * The care world of the care and API tests: the access story (Ana opted in with a team; Ben
 * opted out except the behavioural-health clinic; Cleo without consent; Dan opted in, not
 * enrolled) loaded through the one write path with access + care hooks, Ana's team members given
 * their roles, episodes typed as the integrated-care programme, a second coordinator, and the
 * shipped plan templates.
 */
export function careStoryResources(): { directory: Resource[]; records: Resource[] } {
  const { directory, records } = storyResources();
  const extra: Resource[] = [
    { resourceType: 'Practitioner', id: 'coord2', name: [{ text: 'Cora Second' }] },
    {
      resourceType: 'PractitionerRole',
      id: 'coord2-role',
      active: true,
      practitioner: { reference: 'Practitioner/coord2' },
      organization: { reference: `Organization/${ORG.network}` },
    },
  ];
  const typed = records.map((r): Resource => {
    if (r.resourceType === 'EpisodeOfCare') {
      const e: EpisodeOfCare = {
        ...r,
        type: [{ coding: [{ system: PROGRAMME_SYSTEM, code: INTEGRATED_CARE }] }],
        period: { start: '2025-01-01' },
        team: [{ reference: `CareTeam/${r.id?.replace('-episode', '-team')}` }],
      };
      return e;
    }
    if (r.resourceType === 'CareTeam') {
      const t: CareTeam = {
        ...r,
        managingOrganization: [{ reference: `Organization/${ORG.network}` }],
        participant: (r.participant ?? []).map((p): CareTeamParticipant => {
          const role = ANA_ROLES[p.member?.reference ?? ''];
          return role ? { ...p, role: [TEAM_ROLE_CODES[role]] } : p;
        }),
      };
      return t;
    }
    return r;
  });
  return { directory: [...directory, ...extra], records: typed };
}

export interface CareWorld {
  database: TestDatabase;
  access: AccessService;
  repo: Repository;
  as(user: CareUser): Promise<AccessContext>;
  dispose(): Promise<void>;
}

/** Opens a migrated database of `kind` holding the care story (see `careStoryResources`). */
export async function openCareWorld(kind: TestDatabase['name']): Promise<CareWorld> {
  const database = await openTestDatabase(kind);
  try {
    const access = createAccessService(new Repository(database.db), { cacheTtlMs: 0 });
    const repo = new Repository(database.db, {
      hooks: composeWriteHooks(access.writeHooks, careWriteHooks()),
    });
    const { directory, records } = careStoryResources();
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany(directory, { skipUnchanged: false }),
    );
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany(records, { skipUnchanged: false }),
    );
    await loadPlanTemplates(repo);
    return {
      database,
      access,
      repo,
      as: (user) => access.contextFor(CARE_USERS[user]),
      dispose: () => database.dispose(),
    };
  } catch (err) {
    await database.dispose();
    throw err;
  }
}

/** How an operation failed: the HTTP status its OperationOutcome maps to and the domain error code. 200 when it succeeded. */
export async function failure(
  fn: () => Promise<unknown>,
): Promise<{ status: number; code?: string; text?: string }> {
  try {
    await fn();
    return { status: 200 };
  } catch (err) {
    if (err instanceof OperationOutcomeError) {
      const code = careErrorCode(err);
      const text = err.outcome.issue?.[0]?.details?.text;
      return {
        status: getStatus(err.outcome),
        ...(code ? { code } : {}),
        ...(text ? { text } : {}),
      };
    }
    throw err;
  }
}
