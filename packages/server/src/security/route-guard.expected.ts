import type { StaffRole } from '@careweave/contract';

/**
 * The expected answer of every route of the server to every kind of caller: the specification
 * the route-guard walk (route-guard.api.test.ts) checks. A route the server registers but this
 * table does not list fails the walk, and so does an entry no route matches — adding a route
 * means deciding here who may call it.
 *
 * Each row is `'anonymous administrator staff patient caregiver system-client operator'`:
 * - `staff` is every other staff role (care-coordinator, physician, nurse, behavioural-health,
 *   social-worker, pharmacist, community-health-worker, programme-manager,
 *   community-organisation), each requested and checked on its own; a role that differs is
 *   named in `staffExcept`;
 * - `system-client` is a registered confidential client (client credentials, `system/*.rs`);
 * - `operator` is the token `careweave token` mints (`system/*.cruds` and `careweave/admin`).
 *
 * Path parameters are filled with ids that do not exist (`:type` and `:compartment` with
 * `Patient`; a wildcard with a deep link), and no body is sent unless `probe` says otherwise: a caller the guard lets
 * through gets the route's own 400/404, one it stops gets 401/403. So 401 means "needs a
 * token", 403 "this caller may not", and anything else "the guard let the caller in".
 */
export interface RouteExpectation {
  statuses: string;
  staffExcept?: Partial<Record<StaffRole, number>>;
  /** Request this path (instead of the route with its parameters filled) and send this JSON body. */
  probe?: { path?: string; body?: unknown };
}

/** The columns of `statuses`, in order. */
export const COLUMNS = [
  'anonymous',
  'administrator',
  'staff',
  'patient',
  'caregiver',
  'system-client',
  'operator',
] as const;

const NO_CLINICAL_ACCESS = { 'community-organisation': 403 } as const;

export const ROUTE_EXPECTATIONS: Record<string, RouteExpectation> = {
  // Public: health, metrics, discovery, the login doors and the web app's shell.
  'GET /healthz': { statuses: '200 200 200 200 200 200 200' },
  'GET /metrics': { statuses: '200 200 200 200 200 200 200' },
  'GET /fhir/R4/metadata': { statuses: '200 200 200 200 200 200 200' },
  'GET /.well-known/smart-configuration': { statuses: '200 200 200 200 200 200 200' },
  'GET /.well-known/jwks.json': { statuses: '200 200 200 200 200 200 200' },
  'GET /.well-known/openid-configuration': { statuses: '200 200 200 200 200 200 200' },
  // Token introspection and revocation: form bodies only, so a bare request is a 400 for anyone.
  'POST /oauth2/introspect': { statuses: '400 400 400 400 400 400 400' },
  'POST /oauth2/revoke': { statuses: '400 400 400 400 400 400 400' },
  'GET /fhir/R4/.well-known/smart-configuration': { statuses: '200 200 200 200 200 200 200' },
  'POST /auth/login': { statuses: '400 400 400 400 400 400 400' },
  'POST /auth/refresh': { statuses: '400 400 400 400 400 400 400' },
  'POST /oauth2/token': { statuses: '400 400 400 400 400 400 400' },
  'GET /oauth2/authorize': { statuses: '400 400 400 400 400 400 400' },
  'POST /oauth2/authorize': { statuses: '400 400 400 400 400 400 400' },
  'GET /': { statuses: '200 200 200 200 200 200 200' },
  // CORS preflight: answered for the FHIR API, discovery and the token endpoints, 404 elsewhere.
  'OPTIONS /*': { statuses: '204 204 204 204 204 204 204', probe: { path: '/fhir/R4/Patient' } },
  'GET /*': { statuses: '200 200 200 200 200 200 200' },

  // The caller's own session.
  'POST /auth/logout': { statuses: '401 204 204 204 204 204 204' },
  'GET /auth/me': { statuses: '401 200 200 200 200 200 200' },
  'POST /auth/password': { statuses: '401 400 400 400 400 400 400' },

  // Administration: administrators and the operator only.
  'GET /api/admin/users': { statuses: '401 200 403 403 403 403 200' },
  'POST /api/admin/users': { statuses: '401 400 403 403 403 403 400' },
  'POST /api/admin/users/:id/disable': { statuses: '401 404 403 403 403 403 404' },
  'POST /api/admin/users/:id/enable': { statuses: '401 404 403 403 403 403 404' },
  'POST /api/admin/users/:id/password': { statuses: '401 400 403 403 403 403 400' },
  'GET /api/admin/backup': { statuses: '401 403 403 403 403 403 200' },
  'GET /api/admin/clients': { statuses: '401 200 403 403 403 403 200' },
  'POST /api/admin/clients': { statuses: '401 400 403 403 403 403 400' },
  'PATCH /api/admin/clients/:id': { statuses: '401 400 403 403 403 403 400' },
  'POST /api/admin/clients/:id/secret': { statuses: '401 404 403 403 403 403 404' },
  'DELETE /api/admin/clients/:id': { statuses: '401 404 403 403 403 403 404' },
  'GET /api/admin/audit': { statuses: '401 200 403 403 403 403 200' },
  'GET /api/admin/audit.csv': { statuses: '401 200 403 403 403 403 200' },
  'GET /api/admin/system': { statuses: '401 200 403 403 403 403 200' },

  // Population health: staff (rows limited by their scope); never patients or caregivers.
  'GET /api/population/summary': { statuses: '401 200 200 403 403 200 200' },
  'GET /api/population/candidates': { statuses: '401 200 200 403 403 200 200' },
  // A system client or the operator is no coordinator: it must name one (400).
  'GET /api/who-needs-me': { statuses: '401 200 200 403 403 400 400' },
  'GET /api/population/filters': { statuses: '401 200 200 200 200 200 200' },
  'POST /api/population/enrol': {
    // The operator is no Practitioner, so must name the coordinator (400).
    statuses: '401 404 404 403 403 403 400',
    probe: { body: { patient: 'Patient/no-such-id', reason: 'route-guard walk' } },
  },
  'POST /api/population/override': { statuses: '401 400 400 400 400 403 400' },

  // Care plans (the plan's own rules decide per patient; a read-only client may not write).
  'GET /api/plan-templates': { statuses: '401 200 200 200 200 200 200' },
  'GET /api/plans': { statuses: '401 400 400 400 400 400 400' },
  'POST /api/plans': { statuses: '401 400 400 400 400 403 400' },
  'GET /api/plans/:id': { statuses: '401 404 404 404 404 404 404' },
  'PATCH /api/plans/:id': { statuses: '401 400 400 400 400 403 400' },
  'POST /api/plans/:id/goals': { statuses: '401 400 400 400 400 403 400' },
  'PATCH /api/plans/:id/goals/:goalId': { statuses: '401 400 400 400 400 403 400' },
  'GET /api/plans/:id/goals/:goalId/history': { statuses: '401 200 200 200 200 200 200' },
  'POST /api/plans/:id/activities': { statuses: '401 400 400 400 400 403 400' },
  'POST /api/plans/:id/templates': { statuses: '401 400 400 400 400 403 400' },
  'POST /api/plans/:id/review': { statuses: '401 400 400 400 400 403 400' },
  'GET /api/plans/:id/reviews': { statuses: '401 200 200 200 200 200 200' },
  'GET /api/plans/:id/changes': { statuses: '401 404 404 404 404 404 404' },

  // Roster: enrolments and care teams.
  'GET /api/roster/roles': { statuses: '401 200 200 200 200 200 200' },
  'POST /api/roster/enrolments': { statuses: '401 400 400 400 400 403 400' },
  'POST /api/roster/enrolments/:id/end': { statuses: '401 400 400 400 400 403 400' },
  'GET /api/roster/patients/:patientId/care-teams': { statuses: '401 200 200 200 200 200 200' },
  'POST /api/roster/care-teams/:id/members': { statuses: '401 400 400 400 400 403 400' },
  'POST /api/roster/care-teams/:id/members/end': { statuses: '401 400 400 400 400 403 400' },
  'GET /api/roster/my-patients': { statuses: '401 200 200 200 200 200 200' },
  'GET /api/roster/caseload': { statuses: '401 200 200 400 400 400 400' },
  'POST /api/roster/reassign': { statuses: '401 400 400 400 400 403 400' },

  // Tasks and the worklist.
  'GET /api/worklist': { statuses: '401 200 200 200 200 200 200' },
  'POST /api/tasks': { statuses: '401 400 400 400 400 403 400' },
  'GET /api/tasks/:id': { statuses: '401 404 404 404 404 404 404' },
  'POST /api/tasks/:id/status': { statuses: '401 400 400 400 400 403 400' },
  'POST /api/tasks/:id/hold': { statuses: '401 404 404 404 404 403 404' },
  'POST /api/tasks/:id/resume': { statuses: '401 404 404 404 404 403 404' },
  'POST /api/tasks/:id/complete': { statuses: '401 404 404 404 404 403 404' },
  'POST /api/tasks/:id/cancel': { statuses: '401 404 404 404 404 403 404' },
  'POST /api/tasks/:id/reassign': { statuses: '401 400 400 400 400 403 400' },
  'POST /api/tasks/:id/notes': { statuses: '401 400 400 400 400 403 400' },
  'POST /api/tasks/reassign': { statuses: '401 400 400 400 400 403 400' },

  // Messages and notifications.
  'GET /api/messages/threads': { statuses: '401 400 400 400 400 400 400' },
  'POST /api/messages/threads': { statuses: '401 400 400 400 400 403 400' },
  'GET /api/messages/threads/:id': { statuses: '401 404 404 404 404 404 404' },
  'POST /api/messages/threads/:id/messages': { statuses: '401 400 400 400 400 403 400' },
  'POST /api/messages/threads/:id/read': { statuses: '401 404 404 404 404 404 404' },
  'GET /api/messages/unread': { statuses: '401 200 200 200 200 200 200' },
  'GET /api/notifications': { statuses: '401 200 200 200 200 200 200' },
  'POST /api/notifications/read': { statuses: '401 200 200 200 200 200 200' },

  // Assessments.
  'GET /api/assessments/instruments': { statuses: '401 200 200 200 200 200 200' },
  'GET /api/assessments/summary': { statuses: '401 400 400 400 400 400 400' },
  'GET /api/assessments/suggestions': { statuses: '401 400 400 400 400 400 400' },
  'POST /api/assessments/suggestions/:id/accept': { statuses: '401 404 404 404 404 403 404' },
  'POST /api/assessments/assignments': { statuses: '401 400 400 400 400 403 400' },
  'POST /api/assessments/suggestions/:id/dismiss': { statuses: '401 400 400 400 400 403 400' },

  // The patient portal: the signed-in person's own record (staff and clients: 403; a
  // caregiver sees what the patient's consent shares). Writes are checked after the body.
  'GET /api/me': { statuses: '401 403 403 200 200 403 403' },
  'GET /api/me/plan': { statuses: '401 403 403 200 200 403 403' },
  'POST /api/me/priorities': { statuses: '401 400 400 400 400 403 400' },
  'POST /api/me/goals/:id/comments': { statuses: '401 400 400 400 400 403 400' },
  'POST /api/me/activities/:id/done': { statuses: '401 403 403 404 403 403 403' },
  'GET /api/me/team': { statuses: '401 403 403 200 403 403 403' },
  'GET /api/me/messages': { statuses: '401 403 403 200 403 403 403' },
  'POST /api/me/messages': { statuses: '401 400 400 400 400 403 400' },
  'GET /api/me/messages/:id': { statuses: '401 403 403 404 403 403 403' },
  'POST /api/me/messages/:id': { statuses: '401 400 400 400 400 403 400' },
  'GET /api/me/questionnaires': { statuses: '401 403 403 200 200 403 403' },
  'POST /api/me/questionnaires/:id': { statuses: '401 400 400 400 400 403 400' },
  'GET /api/me/referrals': { statuses: '401 403 403 200 403 403 403' },
  'GET /api/me/consent': { statuses: '401 403 403 200 403 403 403' },
  'PUT /api/me/consent': { statuses: '401 400 400 400 400 403 400' },
  'GET /api/me/access-log': { statuses: '401 403 403 200 403 403 403' },

  // Access control: break-the-glass is for clinical staff only; the access log is the
  // patient's (and the operator's) to read.
  'POST /api/break-glass': {
    statuses: '401 404 404 403 403 403 403',
    staffExcept: NO_CLINICAL_ACCESS,
    probe: { body: { patient: 'Patient/no-such-id', reason: 'route-guard walk' } },
  },
  'GET /fhir/R4/Patient/:id/$access-log': { statuses: '401 403 403 403 403 404 404' },

  // FHIR REST: scopes decide the interaction, care/access the rows (read-only clients: 403 on
  // writes). Creating directory entries is for administrators and the operator only.
  'POST /fhir/R4': { statuses: '401 400 400 400 400 400 400' },
  'GET /fhir/R4/_history': { statuses: '401 200 200 200 200 200 200' },
  'POST /fhir/R4/:type/$validate': { statuses: '401 200 200 200 200 200 200' },
  'POST /fhir/R4/:type/:id/$validate': { statuses: '401 200 200 200 200 200 200' },
  'POST /fhir/R4/PlanDefinition/:id/$apply': { statuses: '401 400 400 400 400 403 400' },
  'POST /fhir/R4/Questionnaire/:id/$score': { statuses: '401 404 404 404 404 404 404' },
  // Subscriptions (backport IG): whoever may read the Subscription; none exists here.
  'GET /fhir/R4/Subscription/:id/$status': { statuses: '401 404 404 404 404 404 404' },
  'POST /fhir/R4/Subscription/:id/$status': { statuses: '401 404 404 404 404 404 404' },
  'GET /fhir/R4/Subscription/:id/$get-ws-binding-token': {
    statuses: '401 404 404 404 404 404 404',
  },
  'POST /fhir/R4/Subscription/:id/$get-ws-binding-token': {
    statuses: '401 404 404 404 404 404 404',
  },
  'GET /fhir/R4/:type': { statuses: '401 200 200 200 200 200 200' },
  'POST /fhir/R4/:type/_search': { statuses: '401 200 200 200 200 200 200' },
  'POST /fhir/R4/:type': {
    statuses: '401 201 403 403 403 403 201',
    probe: {
      path: '/fhir/R4/Organization',
      body: { resourceType: 'Organization', name: 'Route-guard walk clinic' },
    },
  },
  'PUT /fhir/R4/:type': { statuses: '401 400 400 400 400 403 400' },
  'GET /fhir/R4/:type/_history': { statuses: '401 200 200 200 200 200 200' },
  'GET /fhir/R4/:type/:id': { statuses: '401 404 404 404 404 404 404' },
  'GET /fhir/R4/:type/:id/_history/:vid': { statuses: '401 404 404 404 404 404 404' },
  'GET /fhir/R4/:type/:id/_history': { statuses: '401 404 404 404 404 404 404' },
  'PUT /fhir/R4/:type/:id': { statuses: '401 400 400 400 400 403 400' },
  'PATCH /fhir/R4/:type/:id': { statuses: '401 400 400 400 400 403 400' },
  'DELETE /fhir/R4/:type/:id': { statuses: '401 404 404 404 404 403 404' },
  // Terminology of the shipped code systems: any valid token; without parameters a 400.
  'GET /fhir/R4/CodeSystem/$lookup': { statuses: '401 400 400 400 400 400 400' },
  'POST /fhir/R4/CodeSystem/$lookup': { statuses: '401 400 400 400 400 400 400' },
  'GET /fhir/R4/ValueSet/$expand': { statuses: '401 400 400 400 400 400 400' },
  'POST /fhir/R4/ValueSet/$expand': { statuses: '401 400 400 400 400 400 400' },
  // Conditional delete: without criteria a 400 once the guard lets the caller in.
  'DELETE /fhir/R4/:type': { statuses: '401 400 400 400 400 403 400' },
  'GET /fhir/R4/:compartment/:id/$everything': { statuses: '401 404 404 404 404 404 404' },
  // A compartment that does not exist is searched like any other: an empty Bundle.
  'GET /fhir/R4/:compartment/:id/:type': { statuses: '401 200 200 200 200 200 200' },
  // Bulk Data $export: any token may ask (the export holds what its searches would); without
  // "Prefer: respond-async" a 400. Jobs are seen only by their owner: another's id is a 404.
  'GET /fhir/R4/$export': { statuses: '401 400 400 400 400 400 400' },
  'GET /fhir/R4/Patient/$export': { statuses: '401 400 400 400 400 400 400' },
  'GET /fhir/R4/Group/:id/$export': { statuses: '401 400 400 400 400 400 400' },
  'GET /fhir/R4/$export-status/:id': { statuses: '401 404 404 404 404 404 404' },
  'DELETE /fhir/R4/$export-status/:id': { statuses: '401 404 404 404 404 404 404' },
  'GET /fhir/R4/$export-file/:id/:file': { statuses: '401 404 404 404 404 404 404' },

  // Observation/$lastn: the route takes any type; for another type (the walk's Patient) it is 404.
  'GET /fhir/R4/:type/$lastn': { statuses: '401 404 404 404 404 404 404' },
  'GET /fhir/R4/:compartment/:id/:type/$lastn': { statuses: '401 404 404 404 404 404 404' },
  // C-CDA import into a patient's record: a patient that does not exist is 404; read-only clients 403.
  'POST /fhir/R4/Patient/:id/$import-ccda': { statuses: '401 404 404 404 404 403 404' },

  // The HL7 v2 feed's message log and patient-matching review queue: administrators and the operator.
  'GET /api/hl7/messages': { statuses: '401 200 403 403 403 403 200' },
  'GET /api/hl7/messages/:id': { statuses: '401 404 403 403 403 403 404' },
  'POST /api/hl7/messages/:id/replay': { statuses: '401 404 403 403 403 403 404' },
  'GET /api/hl7/matches': { statuses: '401 200 403 403 403 403 200' },
  'POST /api/hl7/matches/:id/resolve': { statuses: '401 400 403 403 403 403 400' },

  // Transitions of care: a person's stays and medication reconciliation (the caller's scope; an
  // unknown person is 404 to everyone).
  'GET /api/transitions/patients/:patientId': { statuses: '401 404 404 404 404 404 404' },
  'GET /api/transitions/patients/:patientId/medication-reconciliation': {
    statuses: '401 404 404 404 404 404 404',
  },
  'POST /api/transitions/patients/:patientId/medication-reconciliation': {
    statuses: '401 400 400 400 400 403 400',
  },

  // Referrals: lists are scoped to the caller (a patient's or caregiver's lists and counts come back
  // empty of other people); the metrics are for staff (a patient or caregiver gets 403); the reminder
  // run is for staff who coordinate, and the operator.
  'GET /api/referrals/inbox': { statuses: '401 200 200 200 200 200 200' },
  'GET /api/referrals': { statuses: '401 200 200 200 200 200 200' },
  'GET /api/referrals/metrics': { statuses: '401 200 200 403 403 200 200' },
  'POST /api/referrals/reminders/run': {
    statuses: '401 200 200 403 403 403 200',
    staffExcept: { 'community-organisation': 403 },
  },
  'POST /api/referrals': { statuses: '401 400 400 400 400 403 400' },
  'GET /api/referrals/:id': { statuses: '401 404 404 404 404 404 404' },
  'POST /api/referrals/:id/:action': { statuses: '401 400 400 400 400 403 400' },

  // Measures: staff and the person (scoped to themself); no period given → 400 once the guard lets
  // the caller in.
  'GET /api/measures/results': { statuses: '401 400 400 400 400 400 400' },
  'GET /api/measures/:id/people': { statuses: '401 400 400 400 400 400 400' },
  'GET /api/evaluation': {
    statuses: '401 422 403 403 403 422 422',
    staffExcept: { 'programme-manager': 422 },
  },
  'GET /api/risk/model-card': {
    statuses: '401 422 403 403 403 422 422',
    staffExcept: { 'programme-manager': 422 },
  },
  'GET /fhir/R4/Measure/:id/$evaluate-measure': { statuses: '401 400 400 400 400 400 400' },

  // Decision support (CDS Hooks 2.0): discovery is public; a service call and its feedback need a
  // Careweave token (or a registered client's JWT) of a staff member; the rates are for programme
  // managers and administrators.
  'GET /cds-services': { statuses: '200 200 200 200 200 200 200' },
  // (an unknown service is 404 for anyone with a token: the service list is public anyway).
  'POST /cds-services/:id': { statuses: '401 404 404 404 404 404 404' },
  'POST /cds-services/:id/feedback': { statuses: '401 404 404 404 404 404 404' },
  'GET /api/decision-support/rates': {
    statuses: '401 200 403 403 403 403 200',
    staffExcept: { 'programme-manager': 200 },
  },

  // Payment: programme managers, administrators and the operator only. A GET report runs under the
  // example contract (200); members need an organisation and a POST a JSON body (400).
  'GET /api/payment/report': {
    statuses: '401 200 403 403 403 403 200',
    staffExcept: { 'programme-manager': 200 },
  },
  'POST /api/payment/report': {
    statuses: '401 400 403 403 403 403 400',
    staffExcept: { 'programme-manager': 400 },
  },
  'GET /api/payment/members': {
    statuses: '401 400 403 403 403 403 400',
    staffExcept: { 'programme-manager': 400 },
  },
  'POST /api/payment/members': {
    statuses: '401 400 403 403 403 403 400',
    staffExcept: { 'programme-manager': 400 },
  },
};
