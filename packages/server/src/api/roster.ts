import type { RoleList } from '@careweave/contract';
import {
  TEAM_ROLES,
  TEAM_ROLE_CODES,
  addMember,
  caseload,
  myTeamPatients,
  endMember,
  enrol,
  patientTeams,
  reassignPatients,
  unenrol,
} from '@careweave/care';
import type { FastifyInstance } from 'fastify';
import {
  AUTHENTICATED,
  bareId,
  ifMatchOf,
  queryParam,
  requireScope,
  sendWithVersion,
  type CareApiDeps,
} from './care-http.js';
import {
  readEndEnrolment,
  readEndMember,
  readNewEnrolment,
  readNewMember,
  readReassignPatients,
} from './request-bodies.js';

type IdParams = { Params: { id: string } };

/**
 * Roster API (shapes in packages/care/src/plans/README.md "Roster"): enrol / end enrolment,
 * care teams and their members, caseloads, bulk reassignment, the team role vocabulary.
 */
export function registerRosterRoutes(app: FastifyInstance, deps: CareApiDeps): void {
  const { repo } = deps;

  app.get('/api/roster/roles', AUTHENTICATED, async (): Promise<RoleList> => ({
    roles: TEAM_ROLES.map((role) => ({ role, code: TEAM_ROLE_CODES[role] })),
  }));

  app.post('/api/roster/enrolments', AUTHENTICATED, async (request, reply) => {
    requireScope(request, 'EpisodeOfCare', 'c');
    const { patient, coordinator, ...rest } = readNewEnrolment(request.body);
    const result = await enrol(repo, request.careweave, {
      ...rest,
      patientId: bareId(patient, 'Patient') ?? '',
      coordinator: coordinator ?? request.careweave.actor,
    });
    return reply.status(201).send(result);
  });

  app.post<IdParams>('/api/roster/enrolments/:id/end', AUTHENTICATED, async (request) => {
    requireScope(request, 'EpisodeOfCare', 'u');
    return {
      episode: await unenrol(
        repo,
        request.careweave,
        request.params.id,
        readEndEnrolment(request.body),
      ),
    };
  });

  app.get<{ Params: { patientId: string } }>(
    '/api/roster/patients/:patientId/care-teams',
    AUTHENTICATED,
    async (request) => ({
      careTeams: await patientTeams(repo, request.careweave, request.params.patientId),
    }),
  );

  app.post<IdParams>(
    '/api/roster/care-teams/:id/members',
    AUTHENTICATED,
    async (request, reply) => {
      requireScope(request, 'CareTeam', 'u');
      const team = await addMember(
        repo,
        request.careweave,
        request.params.id,
        readNewMember(request.body),
        ifMatchOf(request),
      );
      return sendWithVersion(reply, 200, team, team);
    },
  );

  app.post<IdParams>(
    '/api/roster/care-teams/:id/members/end',
    AUTHENTICATED,
    async (request, reply) => {
      requireScope(request, 'CareTeam', 'u');
      const team = await endMember(
        repo,
        request.careweave,
        request.params.id,
        readEndMember(request.body),
        ifMatchOf(request),
      );
      return sendWithVersion(reply, 200, team, team);
    },
  );

  app.get('/api/roster/caseload', AUTHENTICATED, async (request) => {
    const coordinator = queryParam(request, 'coordinator');
    const programme = queryParam(request, 'programme');
    return caseload(repo, request.careweave, {
      ...(coordinator ? { coordinator } : {}),
      ...(programme ? { programme } : {}),
    });
  });

  app.get('/api/roster/my-patients', AUTHENTICATED, async (request) =>
    myTeamPatients(repo, request.careweave),
  );

  app.post('/api/roster/reassign', AUTHENTICATED, async (request) => {
    requireScope(request, 'EpisodeOfCare', 'u');
    return {
      reassigned: await reassignPatients(
        repo,
        request.careweave,
        readReassignPatients(request.body),
      ),
    };
  });
}
