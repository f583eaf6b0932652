import { OperationOutcomeError, getStatus } from '@medplum/core';
import type { Device, Provenance, Resource, RiskAssessment } from '@medplum/fhirtypes';
import { AgentError, CARE_ERROR_SYSTEM } from '@careweave/contract';
import { Repository, SYSTEM_CONTEXT, type RequestContext } from '@careweave/store';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessService } from '../access/service.js';
import { composeWriteHooks } from '../hooks.js';
import { stratify } from '../risk/stratify.js';
import { careWriteHooks } from '../write-rules.js';
import { agentContext } from './context.js';
import { AGENTS, ensureAgentDevices } from './registry.js';
import { AGENT_VERSION_URL } from './rules.js';

const assessment = (id: string, patient: string): RiskAssessment => ({
  resourceType: 'RiskAssessment',
  id,
  status: 'final',
  subject: { reference: `Patient/${patient}` },
});

/** The refusal a write met: HTTP status and domain code (or undefined when it succeeded). */
async function refusal(
  fn: () => Promise<unknown>,
): Promise<{ status: number; code?: string } | undefined> {
  try {
    await fn();
    return undefined;
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) throw err;
    const code = err.outcome.issue?.[0]?.details?.coding?.find(
      (c) => c.system === CARE_ERROR_SYSTEM,
    )?.code;
    return { status: getStatus(err.outcome), ...(code ? { code } : {}) };
  }
}

/**
 * The governance of automated agents (care/agents/README.md): each automated actor is a registered
 * Device; its writes carry a Provenance naming it and its rule or model version; a write by an
 * automated actor that names no registered Device, or writes a type its Device does not list, is
 * refused on the one write path.
 */
describe.each(testDatabaseKinds())('governed automated agents on %s', (kind) => {
  let t: TestDatabase;
  let repo: Repository;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    const access = createAccessService(new Repository(t.db));
    repo = new Repository(t.db, {
      hooks: composeWriteHooks(access.writeHooks, careWriteHooks()),
    });
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany(
        [
          { resourceType: 'Patient', id: 'ann', birthDate: '1940-01-01', gender: 'female' },
          { resourceType: 'Patient', id: 'bob', birthDate: '1950-01-01', gender: 'male' },
        ],
        { skipUnchanged: false },
      ),
    );
  });
  afterAll(() => t?.dispose());

  /** Provenance records whose (versioned) targets include `target`. */
  const provenancesOf = async (target: string): Promise<Provenance[]> =>
    (
      (await repo.search(SYSTEM_CONTEXT, 'Provenance', [['_count', '1000']]))
        .resources as Provenance[]
    ).filter((p) => p.target?.some((r) => r.reference?.replace(/\/_history\/.*$/, '') === target));

  it('registers every agent as a Device with purpose, owner, version and permissions, once', async () => {
    const first = await ensureAgentDevices(repo);
    expect(first).toBe(Object.keys(AGENTS).length + 1);
    expect(await ensureAgentDevices(repo)).toBe(0);
    const device = await repo.read<Device>(SYSTEM_CONTEXT, 'Device', AGENTS['risk-model'].deviceId);
    expect(device.status).toBe('active');
    expect(device.owner?.reference).toBe('Organization/careweave-governance');
    expect(device.version?.[0]?.value).toBe(AGENTS['risk-model'].version);
    expect(device.note?.[0]?.text).toMatch(/emergency admission/);
    expect(device.property?.[0]?.valueCode?.map((c) => c.coding?.[0]?.code)).toEqual([
      'RiskAssessment',
      'Group',
    ]);
  });

  it('signs an automated write with a Provenance naming the Device and the model version', async () => {
    const ctx = agentContext('risk-model', 'ridge-logistic-1@2025-01-01..2026-01-01');
    await repo.update(ctx, assessment('ann-risk', 'ann'));
    const [prov, ...more] = await provenancesOf('RiskAssessment/ann-risk');
    expect(more).toEqual([]);
    expect(prov?.target?.map((r) => r.reference)).toEqual([
      'RiskAssessment/ann-risk/_history/1',
      'Patient/ann',
    ]);
    expect(prov?.agent?.[0]).toMatchObject({
      type: { coding: [{ code: 'performer' }] },
      who: { reference: 'Device/agent-risk-model' },
      extension: [
        { url: AGENT_VERSION_URL, valueString: 'ridge-logistic-1@2025-01-01..2026-01-01' },
      ],
    });
    expect(prov?.policy?.[0]).toMatch(/risk-model\/ridge-logistic-1/);
  });

  it('refuses an automated write without a registered Device, and writes nothing', async () => {
    const rogue: RequestContext & { agent: object } = {
      actor: 'Device/rogue-bot',
      scope: { kind: 'system' },
      agent: { key: 'risk-model', deviceId: 'rogue-bot', version: '1' },
    };
    expect(await refusal(() => repo.update(rogue, assessment('rogue-1', 'bob')))).toEqual({
      status: 403,
      code: AgentError.UNREGISTERED,
    });
    // A registered Device acting without naming its rule or model version.
    const unversioned: RequestContext = {
      actor: 'Device/agent-risk-model',
      scope: { kind: 'system' },
    };
    expect(await refusal(() => repo.update(unversioned, assessment('rogue-2', 'bob')))).toEqual({
      status: 403,
      code: AgentError.UNREGISTERED,
    });
    // An agent identity that names no Device as the actor.
    const anonymous = { ...agentContext('risk-model'), actor: 'system' };
    expect(await refusal(() => repo.update(anonymous, assessment('rogue-3', 'bob')))).toEqual({
      status: 403,
      code: AgentError.UNREGISTERED,
    });
    for (const id of ['rogue-1', 'rogue-2', 'rogue-3']) {
      expect(await refusal(() => repo.read(SYSTEM_CONTEXT, 'RiskAssessment', id))).toMatchObject({
        status: 404,
      });
    }
  });

  it('refuses a write of a type the Device may not write (narrowest permissions)', async () => {
    const task: Resource = {
      resourceType: 'Task',
      status: 'requested',
      intent: 'order',
      for: { reference: 'Patient/bob' },
    };
    expect(await refusal(() => repo.create(agentContext('risk-model'), task))).toEqual({
      status: 403,
      code: AgentError.NOT_PERMITTED,
    });
    expect(
      await refusal(() => repo.create(agentContext('referral-matcher'), assessment('m-1', 'bob'))),
    ).toEqual({ status: 403, code: AgentError.NOT_PERMITTED });
  });

  it('refuses every write of a Device an administrator deactivated', async () => {
    const id = AGENTS['assessment-rules'].deviceId;
    const device = await repo.read<Device>(SYSTEM_CONTEXT, 'Device', id);
    await repo.update(SYSTEM_CONTEXT, { ...device, status: 'inactive' });
    const obs: Resource = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'score' },
      subject: { reference: 'Patient/bob' },
    };
    expect(await refusal(() => repo.create(agentContext('assessment-rules'), obs))).toEqual({
      status: 403,
      code: AgentError.UNREGISTERED,
    });
    await repo.update(SYSTEM_CONTEXT, { ...device, status: 'active' });
    expect(await refusal(() => repo.create(agentContext('assessment-rules'), obs))).toBeUndefined();
  });

  it('the stratification job writes as the risk model: every result carries its Provenance', async () => {
    const result = await stratify(repo, { asOf: new Date('2026-11-01T00:00:00Z') });
    expect(result.written).toBeGreaterThan(0);
    const provs = (
      await repo.search(SYSTEM_CONTEXT, 'Provenance', [
        ['agent', 'Device/agent-risk-model'],
        ['_count', '1000'],
      ])
    ).resources as Provenance[];
    const signed = new Set(
      provs.flatMap((p) =>
        (p.target ?? []).map((r) => r.reference?.replace(/\/_history\/.*$/, '')),
      ),
    );
    const results = (await repo.search(SYSTEM_CONTEXT, 'RiskAssessment', [['_count', '1000']]))
      .resources;
    const fromRun = results.filter((r) => r.id !== 'ann-risk');
    expect(fromRun.length).toBeGreaterThan(0);
    for (const r of fromRun) expect(signed).toContain(`RiskAssessment/${r.id}`);
    expect(provs.some((p) => p.policy?.[0]?.includes('ridge-logistic-1'))).toBe(true);
  });
});
