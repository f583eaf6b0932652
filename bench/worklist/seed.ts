/**
 * The worklist benchmark's caseload, added on top of a loaded population: one care coordinator
 * (`Practitioner/bench-coordinator`, account bench-coordinator@careweave.bench) with 300 enrolled
 * patients — an active integrated-care EpisodeOfCare they manage and a CareTeam (patient,
 * coordinator, a GP, a social worker) each — and 3,000 open Tasks for those patients (10 each:
 * 40% owned by the coordinator, 30% by the care team, 30% by the GP or social worker; priorities
 * routine 55%, urgent 25%, asap 15%, stat 5%; due dates from 30 days ago to 60 days ahead, a tenth
 * without one; statuses requested, accepted, in-progress, ready), plus 1,000 done Tasks.
 * Deterministic ids and content, written through the one write path as the system with upserts
 * that skip unchanged resources, so seeding twice is a no-op.
 */
import type {
  CareTeam,
  EpisodeOfCare,
  Patient,
  Practitioner,
  PractitionerRole,
  Resource,
  Task,
} from '@medplum/fhirtypes';
import {
  MAX_COUNT,
  SYSTEM_CONTEXT,
  createAccount,
  findAccountByEmail,
  type Database,
  type Repository,
} from '@careweave/store';

export const BENCH_COORDINATOR = 'Practitioner/bench-coordinator';
export const BENCH_EMAIL = 'bench-coordinator@careweave.bench';
const NETWORK = 'Organization/riverside-integrated-care-network';
const PROGRAMME = {
  system: 'https://careweave.org/fhir/CodeSystem/programme',
  code: 'integrated-care',
};
const OPEN = ['requested', 'accepted', 'in-progress', 'ready'] as const;
const DONE = ['completed', 'cancelled'] as const;

/** Priority by a number in 0–99 (routine 55%, urgent 25%, asap 15%, stat 5%). */
function priority(n: number): Task['priority'] {
  return n < 55 ? 'routine' : n < 80 ? 'urgent' : n < 95 ? 'asap' : 'stat';
}

function day(base: Date, offset: number): string {
  return new Date(base.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
}

/** Adds the bench coordinator, their 300 patients' enrolments and teams, and 4,000 tasks; answers what it wrote. */
export async function seedWorklist(
  db: Database,
  repo: Repository,
  asOf: Date,
  patientsWanted = 300,
  tasksPerPatient = 10,
): Promise<{ patients: number; tasks: number; written: number }> {
  const patients = (
    await repo.search(SYSTEM_CONTEXT, 'Patient', [
      ['_sort', '_id'],
      ['_count', String(Math.min(MAX_COUNT, patientsWanted))],
      ['_total', 'none'],
      ['_elements', 'id'],
    ])
  ).resources as Patient[];
  const practitioners = (
    await repo.search(SYSTEM_CONTEXT, 'Practitioner', [
      ['_sort', '_id'],
      ['_count', '50'],
      ['_total', 'none'],
    ])
  ).resources as Practitioner[];
  const [gp, socialWorker] = [practitioners[0]?.id, practitioners[1]?.id].map(
    (id) => `Practitioner/${id}`,
  ) as [string, string];
  const directory: Resource[] = [
    {
      resourceType: 'Practitioner',
      id: 'bench-coordinator',
      active: true,
      name: [{ given: ['Bea'], family: 'Benchmark' }],
    } satisfies Practitioner,
    {
      resourceType: 'PractitionerRole',
      id: 'bench-coordinator-role',
      active: true,
      practitioner: { reference: BENCH_COORDINATOR },
      organization: { reference: NETWORK },
    } satisfies PractitionerRole,
  ];
  const records: Resource[] = [];
  let taskCount = 0;
  patients.forEach((p, i) => {
    const subject = { reference: `Patient/${p.id}` };
    const team = `bench-team-${i}`;
    const member = (reference: string, text: string) => ({
      member: { reference },
      role: [{ text }],
      period: { start: '2026-01-01' },
    });
    records.push(
      {
        resourceType: 'CareTeam',
        id: team,
        status: 'active',
        subject,
        participant: [
          member(subject.reference, 'Patient'),
          member(BENCH_COORDINATOR, 'Care coordinator'),
          member(gp, 'General practitioner'),
          member(socialWorker, 'Social worker'),
        ],
        managingOrganization: [{ reference: NETWORK }],
      } satisfies CareTeam,
      {
        resourceType: 'EpisodeOfCare',
        id: `bench-episode-${i}`,
        status: 'active',
        type: [{ coding: [PROGRAMME] }],
        patient: subject,
        managingOrganization: { reference: NETWORK },
        period: { start: '2026-01-01' },
        careManager: { reference: BENCH_COORDINATOR },
        team: [{ reference: `CareTeam/${team}` }],
      } satisfies EpisodeOfCare,
    );
    for (let k = 0; k < tasksPerPatient + Math.ceil(tasksPerPatient / 3); k++) {
      const n = i * 37 + k * 11;
      const open = k < tasksPerPatient;
      const ownerPick = n % 10;
      const owner =
        ownerPick < 4
          ? BENCH_COORDINATOR
          : ownerPick < 7
            ? `CareTeam/${team}`
            : ownerPick < 9
              ? gp
              : socialWorker;
      records.push({
        resourceType: 'Task',
        id: `bench-wl-${i}-${k}`,
        status: (open ? OPEN[n % OPEN.length] : DONE[n % DONE.length]) ?? 'requested',
        intent: 'order',
        priority: priority((n * 7) % 100),
        code: {
          text: [
            'Post-discharge call',
            'Medication review',
            'Book follow-up',
            'Social needs referral',
            'Repeat PHQ-9',
          ][k % 5] as string,
        },
        description: `Bench task ${k} for patient ${i}`,
        for: subject,
        requester: { reference: BENCH_COORDINATOR },
        owner: { reference: owner },
        authoredOn: '2026-01-02T09:00:00Z',
        ...(n % 10 === 3 ? {} : { restriction: { period: { end: day(asOf, (n % 91) - 30) } } }),
      } satisfies Task);
      taskCount += open ? 1 : 0;
    }
  });
  let written = await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
    w.upsertMany(directory, { skipUnchanged: true }),
  );
  for (let i = 0; i < records.length; i += 500) {
    const batch = records.slice(i, i + 500);
    written += await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany(batch, { skipUnchanged: true }),
    );
  }
  if (!(await findAccountByEmail(db, BENCH_EMAIL))) {
    await createAccount(db, {
      email: BENCH_EMAIL,
      passwordHash: 'not-used',
      fhirUser: BENCH_COORDINATOR,
      role: 'care-coordinator',
      organizationIds: ['riverside-integrated-care-network'],
      displayName: 'Bea Benchmark',
    });
  }
  if (written > 0) {
    await db.exec('ANALYZE resource');
  }
  return { patients: patients.length, tasks: taskCount, written };
}
