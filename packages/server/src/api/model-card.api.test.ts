import type { ModelCard } from '@careweave/contract';
import { buildModelCard, buildPersons, endOfData, RISK_OBSERVATION_CODES } from '@careweave/care';
import { SYSTEM_CONTEXT, loadRiskInputs } from '@careweave/store';
import { testDatabaseKinds } from '@careweave/store/testing';
import type { Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer, type LiveServer } from '../testing/live-server.js';

const ACT = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

/** 400 people over three years; older people are admitted more often (a seeded generator). */
function population(): Resource[] {
  let a = 7;
  const rnd = (): number => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
  const out: Resource[] = [];
  for (let i = 0; i < 400; i++) {
    const age = 25 + Math.floor(rnd() * 70);
    out.push({
      resourceType: 'Patient',
      id: `mc-${i}`,
      gender: i % 2 === 0 ? 'female' : 'male',
      birthDate: `${2026 - age}-03-01`,
    });
    for (const year of [2024, 2025, 2026]) {
      if (rnd() < 0.03 + (age - 25) * 0.004) {
        const month = String(1 + Math.floor(rnd() * 9)).padStart(2, '0');
        out.push({
          resourceType: 'Encounter',
          id: `mc-${i}-${year}`,
          status: 'finished',
          class: { system: ACT, code: 'IMP' },
          subject: { reference: `Patient/mc-${i}` },
          period: { start: `${year}-${month}-02T10:00:00Z`, end: `${year}-${month}-06T10:00:00Z` },
          hospitalization: {
            admitSource: {
              coding: [
                { system: 'http://terminology.hl7.org/CodeSystem/admit-source', code: 'emd' },
              ],
            },
          },
        });
      }
    }
  }
  return out;
}

/**
 * The model card over HTTP: programme managers (here a system client) read the card of the model
 * as the network's data validate it; the JSON is the card `careweave risk card` prints last.
 */
describe.each(testDatabaseKinds())('GET /api/risk/model-card on %s', (kind) => {
  let server: LiveServer;
  const get = async (): Promise<{ status: number; body: unknown }> => {
    const r = await fetch(`${server.origin}/api/risk/model-card`, {
      headers: server.authorization,
    });
    return { status: r.status, body: await r.json() };
  };

  beforeAll(async () => {
    server = await startLiveServer(kind, { domainHooks: true });
  });
  afterAll(() => server?.close());

  it('answers 422 while nothing is recorded, then the card with performance by group', async () => {
    expect((await get()).status).toBe(422);
    await server.repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany(population(), { skipUnchanged: false }),
    );
    const { status, body } = await get();
    expect(status).toBe(200);
    const card = body as ModelCard;
    const persons = buildPersons(
      await loadRiskInputs(server.db, {}, { loinc: RISK_OBSERVATION_CODES }),
    );
    const expected = buildModelCard(persons, endOfData(persons) ?? 0);
    expect(card.performance.overall).toEqual(expected.performance.overall);
    expect(card.performance.by_group).toEqual(expected.performance.by_group);
    expect(card.performance.overall.auc).toBeGreaterThan(0.5);
    for (const g of card.performance.by_group) {
      expect(g).toEqual(
        expect.objectContaining({
          group: expect.any(String),
          n: expect.any(Number),
          auc: g.auc === null ? null : expect.any(Number),
          calibration_slope: g.calibration_slope === null ? null : expect.any(Number),
        }),
      );
    }
    expect(card.fairness.not_recorded).toEqual(['race', 'ethnicity']);
    expect(card.fairness.largest_gap?.statement).toMatch(/^Largest gap/);
  });
});
