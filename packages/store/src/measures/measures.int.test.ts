import type { Resource } from '@medplum/fhirtypes';
import {
  FUH_MENTAL_ILLNESS_ICD10_PREFIXES,
  TRANSITION_TASK_SYSTEM,
  type SqlMeasureId,
} from '@careweave/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_CONTEXT } from '../context.js';
import { Repository } from '../repository/repository.js';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/databases.js';
import type { MeasureCase } from './cases.js';
import { measureCases, measureSubjects } from './index.js';
import { ASSESSMENT_WORK_SYSTEM } from './programme.js';

/**
 * A small population written by hand, each person built to sit on one window edge; the expected
 * populations below are counted by hand from it (period: calendar year 2026).
 */
const PERIOD = { start: '2026-01-01', end: '2026-12-31' };
const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
const ACT = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

const patient = (id: string, birthDate = '1960-01-01'): Resource => ({
  resourceType: 'Patient',
  id,
  birthDate,
  name: [{ given: [id.toUpperCase()], family: 'Edge' }],
  managingOrganization: { reference: 'Organization/org-1' },
});
const condition = (id: string, who: string, icd: string, onset = '2020-01-01'): Resource => ({
  resourceType: 'Condition',
  id,
  subject: { reference: `Patient/${who}` },
  code: { coding: [{ system: ICD, code: icd }] },
  onsetDateTime: onset,
});
const encounter = (
  id: string,
  who: string,
  cls: string,
  start: string,
  end: string,
  dx?: string,
): Resource => ({
  resourceType: 'Encounter',
  id,
  status: 'finished',
  class: { system: ACT, code: cls },
  subject: { reference: `Patient/${who}` },
  period: { start: `${start}T10:00:00Z`, end: `${end}T12:00:00Z` },
  ...(dx ? { diagnosis: [{ condition: { reference: `Condition/${dx}` }, rank: 1 }] } : {}),
});
const stay = (id: string, who: string, admit: string, discharge: string, dx?: string) =>
  encounter(id, who, 'IMP', admit, discharge, dx);
const visit = (id: string, who: string, date: string) => encounter(id, who, 'AMB', date, date);
const ed = (id: string, who: string, date: string) => encounter(id, who, 'EMER', date, date);
const step = (id: string, who: string, code: string, focus: string, done: string): Resource => ({
  resourceType: 'Task',
  id,
  status: 'completed',
  intent: 'order',
  code: { coding: [{ system: TRANSITION_TASK_SYSTEM, code }] },
  focus: { reference: `Encounter/${focus}` },
  for: { reference: `Patient/${who}` },
  executionPeriod: { end: `${done}T09:00:00Z` },
});

const PEOPLE = ['pa', 'pb', 'pc', 'pd', 'pe', 'pf', 'pl', 'pm', 'pn', 'pg', 'ph', 'pi']
  .map((id) => patient(id))
  .concat(patient('pk', '2022-01-01'), patient('pt'), patient('pu'), patient('pw'))
  .concat(patient('px'), patient('py'))
  .concat(['pz1', 'pz2', 'pz3', 'pz4'].map((id) => patient(id, '2016-01-01')));

/**
 * Children (in FUH from age 6, never in PCR) whose principal diagnoses sit on the edges of the
 * shared FUH list: [stay, diagnosis, system, code].
 */
const FUH_LIST_EDGES = [
  ['sz1', 'cz1', ICD, 'F84.0'], // pervasive developmental disorder: in
  ['sz2', 'cz2', ICD, 'F80.1'], // specific developmental disorder of speech: out
  ['sz3', 'cz3', 'http://hl7.org/fhir/sid/icd-10', 'T14.91XA'], // self-harm, WHO ICD-10 system: in
  ['sz4', 'cz4', ICD, 'F10.20'], // substance use (HEDIS FUA, not FUH): out
] as const;

const POPULATION: Resource[] = [
  ...PEOPLE,
  // FUH: principal diagnoses of mental illness, follow-up on each window edge.
  condition('ca', 'pa', 'F32.9'),
  stay('sa', 'pa', '2026-03-01', '2026-03-10', 'ca'),
  visit('va', 'pa', '2026-03-17'), // day 7: counts for 7 and 30
  condition('cb', 'pb', 'F20.9'),
  stay('sb', 'pb', '2026-04-01', '2026-04-10', 'cb'),
  visit('vb', 'pb', '2026-04-18'), // day 8: 30 only
  condition('cc', 'pc', 'F31.9'),
  stay('sc', 'pc', '2026-05-01', '2026-05-10', 'cc'),
  visit('vc', 'pc', '2026-05-10'), // the discharge day: does not count
  condition('cd', 'pd', 'F33.1'),
  stay('sd', 'pd', '2026-06-01', '2026-06-10', 'cd'),
  visit('vd', 'pd', '2026-07-10'), // day 30: 30 only
  condition('ce', 'pe', 'F41.1'),
  stay('se', 'pe', '2026-07-01', '2026-07-01', 'ce'),
  step('te', 'pe', 'follow-up-7-days', 'se', '2026-07-05'), // a completed follow-up step, day 4
  condition('cf', 'pf', 'F32.9'),
  stay('sf', 'pf', '2026-08-01', '2026-08-05', 'cf'),
  stay('sf2', 'pf', '2026-08-20', '2026-08-25'), // readmitted day 15: FUH exclusion, PCR numerator
  condition('cn', 'pn', 'F32.0'),
  stay('sn', 'pn', '2026-09-01', '2026-09-01', 'cn'),
  visit('vn', 'pn', '2026-10-02'), // day 31: neither
  condition('ck', 'pk', 'F32.9'),
  stay('sk', 'pk', '2026-03-01', '2026-03-05', 'ck'), // aged 4: not in FUH (6+) nor PCR (18+)
  condition('cl', 'pl', 'F32.9'),
  stay('sl', 'pl', '2026-12-10', '2026-12-15', 'cl'), // after Dec 1: no full window
  condition('cm', 'pm', 'I50.9'),
  stay('sm', 'pm', '2026-02-01', '2026-02-05', 'cm'), // not mental illness
  ...FUH_LIST_EDGES.flatMap(([stayId, dx, system, code], i): Resource[] => [
    {
      resourceType: 'Condition',
      id: dx,
      subject: { reference: `Patient/pz${i + 1}` },
      code: { coding: [{ system, code }] },
    },
    stay(stayId, `pz${i + 1}`, '2026-02-10', '2026-02-12', dx),
  ]),
  // PCR: readmission on day 30 counts, day 31 does not; a same-day admission is a transfer.
  stay('sg', 'pg', '2026-09-01', '2026-09-05'),
  stay('sg2', 'pg', '2026-10-05', '2026-10-08'),
  stay('sh', 'ph', '2026-09-01', '2026-09-05'),
  stay('sh2', 'ph', '2026-10-06', '2026-10-09'),
  stay('si', 'pi', '2026-09-01', '2026-09-05'),
  stay('si2', 'pi', '2026-09-05', '2026-09-10'),
  // TRC: pt meets each component on its edge, pu misses each one just past it.
  stay('st', 'pt', '2026-10-01', '2026-10-05'),
  step('tt1', 'pt', 'admission-notification', 'st', '2026-10-03'), // admit + 2
  step('tt2', 'pt', 'discharge-information', 'st', '2026-10-08'), // discharge + 3: late
  visit('vt', 'pt', '2026-10-05'), // discharge day: not engagement
  step('tt3', 'pt', 'post-discharge-contact', 'st', '2026-11-04'), // day 30: engagement
  {
    resourceType: 'Procedure',
    id: 'prt',
    status: 'completed',
    subject: { reference: 'Patient/pt' },
    code: { coding: [{ system: 'http://snomed.info/sct', code: '430193006' }] },
    performedDateTime: '2026-10-05', // the discharge date counts for reconciliation
  },
  stay('su', 'pu', '2026-10-01', '2026-10-05'),
  step('tu1', 'pu', 'admission-notification', 'su', '2026-10-04'), // admit + 3: late
  step('tu2', 'pu', 'discharge-information', 'su', '2026-10-07'), // discharge + 2
  visit('vu', 'pu', '2026-11-05'), // day 31
  step('tu3', 'pu', 'medication-reconciliation', 'su', '2026-11-05'), // day 31
  // FMC: pw has heart failure and COPD; py atrial fibrillation and CKD; px heart failure only.
  condition('cw1', 'pw', 'I50.9'),
  condition('cw2', 'pw', 'J44.9', '2021-05-01'),
  ed('ew1', 'pw', '2026-03-01'),
  visit('vw1', 'pw', '2026-03-08'), // day 7
  ed('ew2', 'pw', '2026-05-01'),
  visit('vw2', 'pw', '2026-05-09'), // day 8
  ed('ew3', 'pw', '2026-06-01'),
  stay('sw', 'pw', '2026-06-03', '2026-06-06'), // admitted within 7 days: excluded
  visit('vw3', 'pw', '2026-06-09'),
  ed('ew4', 'pw', '2026-12-28'), // after Dec 24
  condition('cx1', 'px', 'I50.9'),
  ed('ex', 'px', '2026-03-01'),
  condition('cy1', 'py', 'I48.0'),
  condition('cy2', 'py', 'N18.3'),
  ed('ey', 'py', '2026-04-01'),
  visit('vy', 'py', '2026-04-01'), // the ED visit's own date counts for FMC
  // Programme: pw enrolled from Jan 16 (no January member-month), pt from Jan 1.
  {
    resourceType: 'EpisodeOfCare',
    id: 'eow',
    status: 'active',
    patient: { reference: 'Patient/pw' },
    period: { start: '2026-01-16' },
  },
  {
    resourceType: 'EpisodeOfCare',
    id: 'eot',
    status: 'active',
    patient: { reference: 'Patient/pt' },
    period: { start: '2026-01-01' },
    team: [{ reference: 'CareTeam/team-1' }],
    careManager: { reference: 'Practitioner/coord-1' },
  },
  {
    resourceType: 'CareTeam',
    id: 'team-1',
    name: 'North team',
    subject: { reference: 'Patient/pt' },
  },
  { resourceType: 'Practitioner', id: 'coord-1', name: [{ given: ['Cora'], family: 'Ord' }] },
  { resourceType: 'Organization', id: 'org-1', name: 'Northside Health' },
  {
    resourceType: 'CarePlan',
    id: 'plan-t',
    status: 'active',
    intent: 'plan',
    subject: { reference: 'Patient/pt' },
  },
  ...(['completed', 'active', 'draft'] as const).map((status, i): Resource => ({
    resourceType: 'ServiceRequest',
    id: `ref-${i}`,
    status,
    intent: 'order',
    subject: { reference: 'Patient/pt' },
    authoredOn: `2026-0${i + 4}-01`,
  })),
  {
    resourceType: 'ServiceRequest',
    id: 'ref-old',
    status: 'active',
    intent: 'order',
    subject: { reference: 'Patient/pt' },
    authoredOn: '2025-06-01',
  },
  ...(
    [
      ['g1', 'active', 'achieved', '2026-06-30'],
      ['g2', 'active', 'in-progress', '2026-07-01'],
      ['g3', 'proposed', 'in-progress', '2026-07-01'],
      ['g4', 'active', 'achieved', undefined],
    ] as const
  ).map(([id, lifecycleStatus, achievement, due]): Resource => ({
    resourceType: 'Goal',
    id,
    lifecycleStatus,
    achievementStatus: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/goal-achievement', code: achievement },
      ],
    },
    description: { text: id },
    subject: { reference: 'Patient/pt' },
    ...(due ? { target: [{ dueDate: due }] } : {}),
  })),
  ...(
    [
      ['a1', 'completed', '2026-03-01'],
      ['a2', 'requested', '2026-04-01'],
      ['a3', 'cancelled', '2026-05-01'],
    ] as const
  ).map(([id, status, due]): Resource => ({
    resourceType: 'Task',
    id,
    status,
    intent: 'order',
    code: { coding: [{ system: ASSESSMENT_WORK_SYSTEM, code: 'rescreen' }] },
    for: { reference: 'Patient/pt' },
    restriction: { period: { end: due } },
  })),
];

/** event → 'excluded' | 'met' | 'missed'. */
function outcomes(cases: readonly MeasureCase[] | undefined): Record<string, string> {
  return Object.fromEntries(
    (cases ?? []).map((c) => [
      c.event,
      c.excluded ? 'excluded' : c.numerator > 0 ? 'met' : 'missed',
    ]),
  );
}

describe.each(testDatabaseKinds())('SQL measures on %s', (kind) => {
  let t: TestDatabase;
  let all: Map<SqlMeasureId, MeasureCase[]>;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    const repo = new Repository(t.db);
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany(POPULATION, { skipUnchanged: false }),
    );
    const insert = `INSERT INTO risk_patient (patient_id, assessment_id, probability, tier, override_tier, computed_at)
                    VALUES ($1, $2, $3, $4, $5, now())`;
    await t.db.query(insert, ['pt', 'ra-t', 0.2, 'high', null]);
    await t.db.query(insert, ['pu', 'ra-u', 0.4, 'very-high', null]);
    await t.db.query(insert, ['pw', 'ra-w', 0.4, 'very-high', 'low']);
    all = await measureCases(t.db, SYSTEM_CONTEXT.scope, PERIOD);
  }, 300_000); // migrations on embedded PGlite take minutes on a loaded machine
  afterAll(async () => {
    await t.dispose();
  });

  it('FUH: day 7 counts for 7 days and day 8 only for 30; the discharge day never; day 30 yes, day 31 no', () => {
    const fuh7 = outcomes(all.get('fuh-7'));
    const fuh30 = outcomes(all.get('fuh-30'));
    expect(fuh7).toEqual({
      'Encounter/sa': 'met',
      'Encounter/sb': 'missed',
      'Encounter/sc': 'missed',
      'Encounter/sd': 'missed',
      'Encounter/se': 'met',
      'Encounter/sf': 'excluded',
      'Encounter/sn': 'missed',
      'Encounter/sz1': 'missed',
      'Encounter/sz3': 'missed',
    });
    expect(fuh30).toEqual({
      'Encounter/sa': 'met',
      'Encounter/sb': 'met',
      'Encounter/sc': 'missed',
      'Encounter/sd': 'met',
      'Encounter/se': 'met',
      'Encounter/sf': 'excluded',
      'Encounter/sn': 'missed',
      'Encounter/sz1': 'missed',
      'Encounter/sz3': 'missed',
    });
  });

  it("FUH's denominator follows the contract's mental-illness list (shared with the protocol)", () => {
    const fuh = outcomes(all.get('fuh-7'));
    for (const [stayId, , , code] of FUH_LIST_EDGES) {
      const listed = FUH_MENTAL_ILLNESS_ICD10_PREFIXES.some((p) =>
        code.replace('.', '').startsWith(p),
      );
      expect([code, `Encounter/${stayId}` in fuh]).toEqual([code, listed]);
    }
  });

  it('PCR: a readmission on day 30 counts, day 31 does not; a same-day admission is a transfer', () => {
    const pcr = outcomes(all.get('pcr-readmissions-30'));
    expect(pcr['Encounter/sg']).toBe('met');
    expect(pcr['Encounter/sh']).toBe('missed');
    expect(pcr['Encounter/si']).toBe('excluded');
    expect(pcr['Encounter/sf']).toBe('met');
    expect(pcr['Encounter/sa']).toBe('missed');
    expect(pcr['Encounter/sk']).toBeUndefined(); // aged 4
    expect(pcr['Encounter/sl']).toBeUndefined(); // discharged after Dec 1
    // Hand count: 18 stays of adults discharged Jan 1–Dec 1 (sa–sf2, sn, sm, sg–si2, st, su, sw),
    // one transfer (si); readmitted within 30 days: sf, sg.
    const cases = all.get('pcr-readmissions-30') ?? [];
    expect(cases).toHaveLength(18);
    expect(cases.filter((c) => c.excluded)).toHaveLength(1);
    expect(cases.filter((c) => !c.excluded && c.numerator > 0)).toHaveLength(2);
  });

  it('TRC: each component on its window edge', () => {
    const expectTrc = (id: SqlMeasureId, pt: string, pu: string) => {
      const o = outcomes(all.get(id));
      expect([id, o['Encounter/st'], o['Encounter/su']]).toEqual([id, pt, pu]);
    };
    expectTrc('trc-admission-notification', 'met', 'missed');
    expectTrc('trc-discharge-information', 'missed', 'met');
    expectTrc('trc-patient-engagement', 'met', 'missed');
    expectTrc('trc-medication-reconciliation', 'met', 'missed');
  });

  it('FMC: two chronic groups; day 7 counts, day 8 not, the visit date itself counts; an admission within 7 days excludes', () => {
    expect(outcomes(all.get('fmc-7'))).toEqual({
      'Encounter/ew1': 'met',
      'Encounter/ew2': 'missed',
      'Encounter/ew3': 'excluded',
      'Encounter/ey': 'met',
    });
  });

  it('utilisation per member-month: enrolment from the 16th misses that month', () => {
    const ed = all.get('ed-visits-per-1000-member-months') ?? [];
    const pw = ed.filter((c) => c.patientId === 'pw');
    expect(pw).toHaveLength(11);
    expect(pw[0]?.day).toBe('2026-02-01');
    expect(pw.reduce((n, c) => n + c.numerator, 0)).toBe(4);
    const adm = (all.get('admissions-per-1000-member-months') ?? []).filter(
      (c) => c.patientId === 'pw',
    );
    expect(adm.reduce((n, c) => n + c.numerator, 0)).toBe(1);
    expect(ed.filter((c) => c.patientId === 'pt')).toHaveLength(12);
  });

  it('days from discharge to first contact, for members', () => {
    const cases = all.get('discharge-to-first-contact-days') ?? [];
    expect(cases.map((c) => [c.event, c.observation])).toEqual([
      ['Encounter/sw', 3],
      ['Encounter/st', 0],
    ]);
  });

  it('high-risk people with an active plan, referral loop closure, goal attainment, assessment completion', () => {
    expect(outcomes(all.get('high-risk-active-plan'))).toEqual({
      'Patient/pt': 'met',
      'Patient/pu': 'missed',
    });
    expect(outcomes(all.get('referral-loop-closure'))).toEqual({
      'ServiceRequest/ref-0': 'met',
      'ServiceRequest/ref-1': 'missed',
      'ServiceRequest/ref-2': 'excluded',
    });
    expect(outcomes(all.get('goal-attainment'))).toEqual({ 'Goal/g1': 'met', 'Goal/g2': 'missed' });
    expect(outcomes(all.get('assessment-completion'))).toEqual({
      'Task/a1': 'met',
      'Task/a2': 'missed',
      'Task/a3': 'excluded',
    });
  });

  it("applies the caller's scope inside SQL", async () => {
    const scoped = await measureCases(
      t.db,
      { kind: 'patients', patientIds: ['pa', 'pb'], shared: true },
      PERIOD,
      ['fuh-7', 'pcr-readmissions-30'],
    );
    expect([...scoped.keys()].sort()).toEqual(['fuh-7', 'pcr-readmissions-30']);
    expect(Object.keys(outcomes(scoped.get('fuh-7')))).toEqual(['Encounter/sa', 'Encounter/sb']);
    expect(scoped.get('pcr-readmissions-30')).toHaveLength(2);
  });

  it('reads the grouping attributes of the people', async () => {
    const subjects = await measureSubjects(t.db, SYSTEM_CONTEXT.scope, ['pt', 'pa']);
    expect(subjects.get('pt')).toMatchObject({
      name: 'PT Edge',
      organization: 'Organization/org-1',
      organizationName: 'Northside Health',
      team: 'CareTeam/team-1',
      teamName: 'North team',
      coordinator: 'Practitioner/coord-1',
      coordinatorName: 'Cora Ord',
      tier: 'high',
    });
    expect(subjects.get('pa')?.team).toBeNull();
  });
});
