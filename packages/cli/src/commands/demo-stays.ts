import type { Encounter, MedicationRequest } from '@medplum/fhirtypes';
import { caseload, type AccessService } from '@careweave/care';
import { defaultScopesForRole, userIdentity } from '@careweave/server';
import {
  SYSTEM_CONTEXT,
  findAccountByEmail,
  type Database,
  type Repository,
  type RequestContext,
} from '@careweave/store';

const COORDINATOR_EMAIL = 'coordinator@careweave.demo';
const TOUR_PATIENTS = new Set(['demo-patient-1', 'demo-patient-2', 'demo-patient-3']);
const ACT = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const DAY = 86_400_000;

/** What the seeding did. */
export interface DemoStays {
  /** Encounter ids written: one discharged recently, one in hospital now. */
  encounters: string[];
}

function stay(id: string, patientId: string, patch: Partial<Encounter>): Encounter {
  return {
    resourceType: 'Encounter',
    id,
    status: 'in-progress',
    class: { system: ACT, code: 'IMP', display: 'inpatient encounter' },
    priority: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority',
          code: 'EM',
          display: 'emergency',
        },
      ],
    },
    subject: { reference: `Patient/${patientId}` },
    serviceProvider: { display: 'Riverside General Hospital' },
    ...patch,
  };
}

/**
 * Hospital events for the demo's first login, so the transitions of care are visible: one of
 * the demo coordinator's people was discharged two days ago (the discharge arrives as the
 * first event of the stay, as a feed that joined late sends it; with a discharge medication list
 * that changes a dose and adds a medicine), another was admitted yesterday and is in hospital
 * now. They are written as the hospital feed writes them — ordinary Encounter writes through the
 * one write path in the system context — so the protocol makes the tasks, LACE and
 * notifications itself. Idempotent: a stay already written is left alone.
 */
export async function seedDemoStays(
  db: Database,
  repo: Repository,
  access: AccessService,
  now: Date = new Date(),
): Promise<DemoStays> {
  const account = await findAccountByEmail(db, COORDINATOR_EMAIL);
  if (!account) return { encounters: [] };
  const ctx: RequestContext = await access.contextFor(
    userIdentity(account, defaultScopesForRole(account.role)),
  );
  // The last two of her people (the first ones get care plans in the demo work).
  const people = (await caseload(repo, ctx, { now })).patients
    .filter((p) => !TOUR_PATIENTS.has(p.patientId))
    .map((p) => p.patientId)
    .sort()
    .slice(-2);
  const [discharged, inHospital] = people;
  const out: DemoStays = { encounters: [] };
  const exists = async (id: string): Promise<boolean> =>
    (await repo.search(SYSTEM_CONTEXT, 'Encounter', [['_id', id]])).resources.length > 0;
  const iso = (t: number): string => new Date(t).toISOString();
  if (discharged) {
    const id = `demo-stay-${discharged}`;
    if (!(await exists(id))) {
      const start = iso(now.getTime() - 6 * DAY);
      const end = iso(now.getTime() - 2 * DAY);
      const reason = { text: 'Exacerbation of a long-term condition' };
      // The discharge (the admission was before the demo's day began): first the discharge list —
      // the first current prescription at another dose, and a new medicine.
      const current = (
        await repo.search(SYSTEM_CONTEXT, 'MedicationRequest', [
          ['patient', `Patient/${discharged}`],
          ['status', 'active'],
          ['_count', '1'],
        ])
      ).resources[0] as MedicationRequest | undefined;
      const discharge: MedicationRequest[] = [
        {
          resourceType: 'MedicationRequest',
          id: `${id}-apixaban`,
          status: 'active',
          intent: 'order',
          subject: { reference: `Patient/${discharged}` },
          encounter: { reference: `Encounter/${id}` },
          authoredOn: end,
          medicationCodeableConcept: {
            coding: [{ system: RXNORM, code: '1364435', display: 'apixaban 5 MG Oral Tablet' }],
            text: 'apixaban 5 MG Oral Tablet',
          },
          dosageInstruction: [{ text: '5 mg twice daily' }],
        },
      ];
      if (current?.medicationCodeableConcept)
        discharge.push({
          resourceType: 'MedicationRequest',
          id: `${id}-changed`,
          status: 'active',
          intent: 'order',
          subject: { reference: `Patient/${discharged}` },
          encounter: { reference: `Encounter/${id}` },
          authoredOn: end,
          medicationCodeableConcept: current.medicationCodeableConcept,
          dosageInstruction: [{ text: 'Half the previous dose until reviewed' }],
        });
      await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
        w.upsertMany(discharge, { skipUnchanged: true }),
      );
      await repo.update(
        SYSTEM_CONTEXT,
        stay(id, discharged, { status: 'finished', period: { start, end }, reasonCode: [reason] }),
      );
      out.encounters.push(id);
    }
  }
  if (inHospital) {
    const id = `demo-stay-${inHospital}`;
    if (!(await exists(id))) {
      await repo.update(
        SYSTEM_CONTEXT,
        stay(id, inHospital, { period: { start: iso(now.getTime() - DAY) } }),
      );
      out.encounters.push(id);
    }
  }
  return out;
}
