import type { PaymentMember, PaymentReport } from '@careweave/contract';
import { createAccount, SYSTEM_CONTEXT } from '@careweave/store';
import { testDatabaseKinds } from '@careweave/store/testing';
import type { Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_SCOPE, defaultScopesForRole } from '../auth/scopes.js';
import { startLiveServer, type LiveServer } from '../testing/live-server.js';

const CPT = 'http://www.ama-assn.org/go/cpt';
const ADJUDICATION = 'http://terminology.hl7.org/CodeSystem/adjudication';

/** A finished ambulatory Encounter and its paid claim (CPT code, paid amount). */
function visit(
  id: string,
  patient: string,
  day: string,
  practitioner: string,
  org: string,
  cpt: string,
  paid: number,
): Resource[] {
  return [
    {
      resourceType: 'Encounter',
      id: `${id}-enc`,
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      subject: { reference: `Patient/${patient}` },
      participant: [{ individual: { reference: `Practitioner/${practitioner}` } }],
      period: { start: `${day}T10:00:00Z`, end: `${day}T10:30:00Z` },
      serviceProvider: { reference: `Organization/${org}` },
    },
    {
      resourceType: 'ExplanationOfBenefit',
      id: `${id}-eob`,
      status: 'active',
      type: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' },
        ],
      },
      use: 'claim',
      patient: { reference: `Patient/${patient}` },
      billablePeriod: { start: day, end: day },
      created: day,
      insurer: { reference: 'Organization/payer' },
      provider: { reference: `Organization/${org}` },
      outcome: 'complete',
      insurance: [{ focal: true, coverage: { reference: `Coverage/${patient}-cov` } }],
      item: [
        {
          sequence: 1,
          productOrService: { coding: [{ system: CPT, code: cpt }] },
          encounter: [{ reference: `Encounter/${id}-enc` }],
        },
      ],
      total: [
        {
          category: { coding: [{ system: ADJUDICATION, code: 'benefit' }] },
          amount: { value: paid, currency: 'USD' },
        },
      ],
    },
  ];
}

const person = (id: string, given: string): Resource => ({
  resourceType: 'Patient',
  id,
  name: [{ given: [given], family: 'Payment' }],
  birthDate: '1960-01-01',
  gender: 'female',
});

/**
 * Ann sees Dr Ada at North in November and January, and goes to the ED in February ($1,000).
 * Bob sees Dr Ben at South in December, then Dr Cy at North in February: one visit each, Cy's the
 * more recent, so Bob moves to North by the tie-break. Cat has no primary-care visit.
 * Everyone is in one risk cell (same age, sex, no conditions): every risk score is 1.
 */
const STORY: Resource[] = [
  { resourceType: 'Organization', id: 'north', name: 'North Clinic' },
  { resourceType: 'Organization', id: 'south', name: 'South Clinic' },
  { resourceType: 'Organization', id: 'payer', name: 'Payer' },
  { resourceType: 'Practitioner', id: 'ada', name: [{ given: ['Ada'], family: 'Lovelace' }] },
  { resourceType: 'Practitioner', id: 'ben', name: [{ given: ['Ben'], family: 'Bold' }] },
  { resourceType: 'Practitioner', id: 'cy', name: [{ given: ['Cy'], family: 'Young' }] },
  person('ann', 'Ann'),
  person('bob', 'Bob'),
  person('cat', 'Cat'),
  ...visit('ann-1', 'ann', '2025-11-10', 'ada', 'north', '99213', 100),
  ...visit('ann-2', 'ann', '2026-01-15', 'ada', 'north', '99214', 100),
  ...visit('ann-ed', 'ann', '2026-02-10', 'ada', 'north', '99284', 1000),
  ...visit('bob-1', 'bob', '2025-12-01', 'ben', 'south', '99213', 100),
  ...visit('bob-2', 'bob', '2026-02-20', 'cy', 'north', '99213', 100),
  ...visit('cat-1', 'cat', '2026-01-05', 'ada', 'north', '90834', 150),
];

const CONTRACT = {
  name: 'Test contract',
  performancePeriod: { start: '2026-01', end: '2026-03' },
  benchmark: { pmpm: 300 },
  minimumSavingsRate: 0.02,
  sharingRate: 0.5,
  capRate: 0.2,
  qualityGate: [],
  capitation: { pmpm: 100 },
};

describe.each(testDatabaseKinds())('payment API on %s', (kind) => {
  let server: LiveServer;
  const tokens = new Map<string, string>();

  const call = async <T>(
    who: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> => {
    const token = tokens.get(who);
    const response = await fetch(`${server.origin}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  };

  beforeAll(async () => {
    server = await startLiveServer(kind);
    await server.repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany(STORY, { skipUnchanged: false }),
    );
    tokens.set(
      'operator',
      await server.mintToken({
        kind: 'system',
        sub: 'payment-test',
        scopes: ['system/*.cruds', ADMIN_SCOPE],
      }),
    );
    for (const [name, role] of [
      ['manager', 'programme-manager'],
      ['coordinator', 'care-coordinator'],
    ] as const) {
      const email = `${name}@payment.test`;
      await createAccount(server.db, {
        email,
        passwordHash: 'not-used',
        fhirUser: `Practitioner/${name}`,
        role,
        organizationIds: ['north'],
        displayName: name,
      });
      tokens.set(
        name,
        await server.mintToken({
          kind: 'user',
          sub: email,
          fhirUser: `Practitioner/${name}`,
          scopes: defaultScopesForRole(role),
        }),
      );
    }
  }, 300_000);
  afterAll(async () => {
    await server?.close();
  });

  it('attributes, costs and settles the hand-computed story', async () => {
    const { status, body } = await call<PaymentReport>('operator', '/api/payment/report', {
      contract: CONTRACT,
    });
    expect(status).toBe(200);
    expect(body.period).toEqual({ start: '2026-01', end: '2026-03' });
    // North: Ann Jan–Mar ($100 + $1,000), Bob Feb–Mar ($100): 5 member-months, $1,200, $240 PMPM.
    // South: Bob in January, no claim that month: 1 member-month, $0.
    const [north, south] = body.organizations;
    expect(north).toMatchObject({
      organization: 'Organization/north',
      name: 'North Clinic',
      members: 2,
      memberMonths: 5,
      totalCost: 1200,
      pmpm: 240,
      meanRiskScore: 1,
      riskAdjustedPmpm: 240,
    });
    // Benchmark $1,500, savings $300 (20%): half is $150, under the 20% cap ($300).
    expect(north?.savings).toMatchObject({
      benchmarkExpenditure: 1500,
      savings: 300,
      savingsRate: 0.2,
      earned: 150,
      outcome: 'earned',
    });
    // Capitation $100 a member: Jan 1 member ($100 spent), Feb 2 ($1,100), Mar 2 ($0).
    expect(
      north?.capitation.map((m) => [m.month, m.budget, m.spend, m.cumulativeVariance]),
    ).toEqual([
      ['2026-01', 100, 100, 0],
      ['2026-02', 200, 1100, -900],
      ['2026-03', 200, 0, -700],
    ]);
    // South saved its whole $300 benchmark: half ($150) is capped at 20% ($60).
    expect(south).toMatchObject({ organization: 'Organization/south', memberMonths: 1, pmpm: 0 });
    expect(south?.savings).toMatchObject({ uncapped: 150, earned: 60, outcome: 'cap-hit' });
    expect(body.network).toEqual({
      members: 2,
      memberMonths: 6,
      totalCost: 1200,
      pmpm: 200,
      earned: 210,
    });
    expect(body.changes).toMatchObject({ unchanged: 5, 'tie-break': 1, new: 0 });
  });

  it('drills down to an organisation’s members with their monthly attribution', async () => {
    const { status, body } = await call<PaymentMember[]>('operator', '/api/payment/members', {
      contract: CONTRACT,
      organization: 'Organization/north',
    });
    expect(status).toBe(200);
    expect(body.map((m) => [m.name, m.practitionerName, m.memberMonths, m.totalCost])).toEqual([
      ['Ann Payment', 'Ada Lovelace', 3, 1100],
      ['Bob Payment', 'Cy Young', 2, 100],
    ]);
    expect(body[1]?.attribution.map((a) => [a.month, a.organization, a.change])).toEqual([
      ['2026-01', 'Organization/south', 'unchanged'],
      ['2026-02', 'Organization/north', 'tie-break'],
      ['2026-03', 'Organization/north', 'unchanged'],
    ]);
  });

  it('refuses a bad contract or period with a 400 that names the mistake', async () => {
    const bad = await call<{ issue: { details: { text: string } }[] }>(
      'operator',
      '/api/payment/report',
      { contract: { ...CONTRACT, sharingRate: 2 } },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.issue[0]?.details.text).toContain('sharingRate');
    expect((await call('operator', '/api/payment/report?period=2026-13')).status).toBe(400);
    expect((await call('operator', '/api/payment/members')).status).toBe(400);
  });

  it('answers programme managers and refuses other staff and anonymous callers', async () => {
    const pm = await call<PaymentReport>('manager', '/api/payment/report?period=2026-01..2026-03');
    expect(pm.status).toBe(200);
    expect(pm.body.contract).toBe('Example network shared-savings and capitation contract');
    expect((await call('coordinator', '/api/payment/report')).status).toBe(403);
    expect((await call('nobody', '/api/payment/report')).status).toBe(401);
  });
});
