import type { ExplanationOfBenefit, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_CONTEXT } from '../context.js';
import { Repository } from '../repository/repository.js';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/databases.js';
import { loadClaimCosts } from './claim-costs.js';

const ADJ = 'http://terminology.hl7.org/CodeSystem/adjudication';

/** An EOB shaped like the synthetic population's: submitted and benefit totals, one item. */
const eob = (
  id: string,
  who: string,
  start: string,
  submitted: number,
  paid: number | undefined,
  status: ExplanationOfBenefit['status'] = 'active',
): ExplanationOfBenefit => ({
  resourceType: 'ExplanationOfBenefit',
  id,
  status,
  type: {
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'institutional' }],
  },
  use: 'claim',
  patient: { reference: `Patient/${who}` },
  billablePeriod: { start, end: start },
  created: start,
  insurer: { reference: 'Organization/payer' },
  provider: { reference: 'Organization/hospital' },
  outcome: 'complete',
  insurance: [{ focal: true, coverage: { reference: 'Coverage/c1' } }],
  total: [
    { category: { coding: [{ system: ADJ, code: 'submitted' }] }, amount: { value: submitted } },
    ...(paid === undefined
      ? []
      : [{ category: { coding: [{ system: ADJ, code: 'benefit' }] }, amount: { value: paid } }]),
  ],
});
const patient = (id: string): Patient => ({ resourceType: 'Patient', id, gender: 'female' });

describe.each(testDatabaseKinds())('claim costs on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    await new Repository(t.db).inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany(
        [
          patient('rosa'),
          patient('sam'),
          eob('e1', 'rosa', '2026-03-01T10:00:00Z', 39_000, 13_000.5),
          eob('e2', 'rosa', '2026-06-01T09:00:00Z', 2_600, undefined),
          eob('e3', 'rosa', '2026-07-01T09:00:00Z', 500, 250, 'entered-in-error'),
          eob('e4', 'sam', '2026-02-01T09:00:00Z', 400, 130),
        ],
        { skipUnchanged: false },
      ),
    );
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('reads what each claim paid and when, leaving out claims entered in error', async () => {
    const rows = await loadClaimCosts(t.db);
    expect(rows.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      {
        patientId: 'rosa',
        id: 'e1',
        service: '2026-03-01T10:00:00Z',
        paid: 13_000.5,
        submitted: 39_000,
        provider: 'Organization/hospital',
        claimType: 'institutional',
      },
      expect.objectContaining({ id: 'e2', paid: null, submitted: 2_600 }),
      expect.objectContaining({ id: 'e4', patientId: 'sam', paid: 130 }),
    ]);
    const sams = await loadClaimCosts(t.db, { patientIds: ['sam'] });
    expect(sams.map((r) => r.id)).toEqual(['e4']);
  });
});
