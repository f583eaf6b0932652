import type { AuditEvent, PractitionerRole } from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT, type Repository, type RequestContext } from '@careweave/store';
import type { AccessLogRow, PortalAccessLog } from '@careweave/contract';
import { accessLog } from '../access/access-log.js';
import { AUDIT } from '../access/audit-events.js';
import { Relationships } from '../access/relationships.js';
import { subjectFor } from './whose.js';

/** Resource types in the words of "what they looked at". */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  Patient: 'your details',
  CarePlan: 'your care plan',
  Goal: 'your goals',
  Task: 'your care tasks',
  Condition: 'your health problems',
  Observation: 'your results',
  MedicationRequest: 'your medicines',
  MedicationStatement: 'your medicines',
  Encounter: 'your visits',
  Communication: 'your messages',
  Consent: 'your sharing choices',
  CareTeam: 'your care team',
  EpisodeOfCare: 'your programme enrolment',
  QuestionnaireResponse: 'your questionnaires',
  ServiceRequest: 'your referrals',
  Appointment: 'your appointments',
  AllergyIntolerance: 'your allergies',
  Immunization: 'your vaccinations',
  DiagnosticReport: 'your test reports',
  DocumentReference: 'your documents',
  Flag: 'your alerts',
  RiskAssessment: 'your risk assessment',
  Provenance: 'the history of your record',
};

const VERB: Readonly<Record<string, string>> = {
  read: 'looked at',
  vread: 'looked at an earlier version of',
  'search-type': 'searched',
  'search-system': 'searched',
  'history-instance': 'looked at the history of',
  'history-type': 'looked at the history of',
  'history-system': 'looked at the history of',
  operation: 'looked at',
  create: 'added to',
  update: 'changed',
  patch: 'changed',
  delete: 'removed something from',
  transaction: 'changed',
  batch: 'changed',
};

function whatOf(event: AuditEvent): string {
  if (event.type.code === AUDIT.patientRecord.code)
    return 'opened your whole record in an emergency';
  if (event.type.code === AUDIT.export.code) return 'exported your record';
  const subtype = event.subtype?.find((s) => s.system === AUDIT.interaction)?.code ?? 'read';
  const resource = (event.entity ?? [])
    .map((e) => e.what?.reference ?? e.name)
    .find((r) => r && !r.startsWith('Patient/'));
  const type = resource?.split('/')[0] ?? 'Patient';
  return `${VERB[subtype] ?? 'looked at'} ${TYPE_WORDS[type] ?? 'your record'}`;
}

function isBreakGlass(event: AuditEvent): boolean {
  const btg = (codes: readonly { system?: string; code?: string }[] | undefined) =>
    (codes ?? []).some((c) => c.system === AUDIT.btg.system && c.code === AUDIT.btg.code);
  return (
    (event.purposeOfEvent ?? []).some((p) => btg(p.coding)) ||
    event.agent.some((a) => (a.purposeOfUse ?? []).some((p) => btg(p.coding)))
  );
}

/**
 * `GET /api/me/access-log`: who looked at the person's record — name, role, organisation, when,
 * what, break-the-glass marked with its reason — newest first, from the patient access log
 * (care/access: trimmed of accessors' IP addresses and other patients). The person's own
 * accesses are left out: this is about everyone else.
 */
export async function myAccessLog(
  repo: Repository,
  ctx: RequestContext,
  options: { count?: number } = {},
): Promise<PortalAccessLog> {
  const subject = await subjectFor(repo, ctx, 'access-log');
  const bundle = await accessLog(
    repo,
    new Relationships(repo),
    ctx,
    subject.patientId,
    options.count ?? 200,
  );
  const roles = new Map<string, string | undefined>();
  const roleOf = async (who: string | undefined): Promise<string | undefined> => {
    if (!who) return 'Careweave system';
    if (who.startsWith('RelatedPerson/')) return 'Family caregiver';
    if (!who.startsWith('Practitioner/')) return undefined;
    if (!roles.has(who)) {
      const page = await repo.search(SYSTEM_CONTEXT, 'PractitionerRole', [
        ['practitioner', who],
        ['_count', '5'],
        ['_total', 'none'],
      ]);
      const role = (page.resources as PractitionerRole[]).find((r) => r.active !== false);
      roles.set(who, role?.code?.[0]?.text ?? role?.code?.[0]?.coding?.[0]?.display);
    }
    return roles.get(who);
  };
  const entries: AccessLogRow[] = [];
  for (const e of bundle.entry ?? []) {
    const event = e.resource;
    if (!event) continue;
    const main = event.agent.find((a) => a.requestor) ?? event.agent[0];
    const who = main?.who?.reference;
    if (who === `Patient/${subject.patientId}`) continue;
    const org = event.agent.find(
      (a) => a !== main && a.who?.reference?.startsWith('Organization/'),
    );
    const role = await roleOf(who);
    const breakTheGlass = isBreakGlass(event);
    const reason = breakTheGlass ? event.purposeOfEvent?.find((p) => p.text)?.text : undefined;
    entries.push({
      at: event.recorded,
      who: main?.who?.display ?? main?.name ?? 'Careweave system',
      ...(role ? { role } : {}),
      ...(org?.who?.display ? { organisation: org.who.display } : {}),
      what: whatOf(event),
      breakTheGlass,
      ...(reason ? { reason } : {}),
    });
  }
  return { entries };
}
