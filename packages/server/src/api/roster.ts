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
  type EnrolmentInput,
  type MemberInput,
} from '@careweave/care';
import type { FastifyInstance } from 'fastify';
import {
  AUTHENTICATED,
  bareId,
  ifMatchOf,
  jsonBody,
  queryParam,
  requireScope,
  sendWithVersion,
  type CareApiDeps,
} from './care-http.js';

type IdParams = { Params: { id: string } };

/**
 * Roster API (shapes in packages/care/src/plans/README.md "Roster"): enrol / end enrolment,
 * care teams and their members, caseloads, bulk reassignment, the team role vocabulary.
 */
export function registerRosterRoutes(app: FastifyInstance, deps: CareApiDeps): void {
  const { repo } = deps;

  app.get('/api/roster/roles', AUTHENTICATED, async () => ({
    roles: TEAM_ROLES.map((role) => ({ role, code: TEAM_ROLE_CODES[role] })),
  }));

  app.post('/api/roster/enrolments', AUTHENTICATED, async (request, reply) => {
    requireScope(request, 'EpisodeOfCare', 'c');
    const body = jsonBody<
      Omit<EnrolmentInput, 'patientId' | 'coordinator'> & { patient: string; coordinator?: string }
    >(request);
    const { patient, coordinator, ...rest } = body;
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
        jsonBody<{ reason: string }>(request),
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
        jsonBody<MemberInput>(request),
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
        jsonBody<{ member: string; end?: string; reason?: string }>(request),
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
    const body = jsonBody<{ patients: string[]; to: string; reason: string; programme?: string }>(
      request,
    );
    return { reassigned: await reassignPatients(repo, request.careweave, body) };
  });
}
