/**
 * A clinician's override of a computed tier, with a reason: stored as its own RiskAssessment
 * (method `clinician-override`, performer = the clinician, basis = the computed assessment), so
 * it is attributed, audited and versioned like any record, and readable over the FHIR API. The
 * latest standing override wins over the computed tier until it is withdrawn (status cancelled).
 */
import { RiskError } from '@careweave/contract';
import type { Annotation, RiskAssessment } from '@medplum/fhirtypes';
import { readModelsIn, type Repository, type RequestContext } from '@careweave/store';
import { modelAssessmentId, tierCoding } from './assessment.js';
import { RISK_METHOD, RISK_METHOD_SYSTEM } from './codes.js';
import { assertPopulationAccess } from './population.js';
import { TIER_LABEL, isTier, type Tier } from './tiers.js';
import { careError } from '../shared/care-errors.js';

/** What the clinician decided. */
export interface OverrideInput {
  /** `Patient/<id>` or the bare id. */
  patient: string;
  /** The tier to use instead of the computed one, or null to withdraw the standing override. */
  tier: Tier | null;
  reason: string;
}

const OVERRIDE_TOKEN = `${RISK_METHOD_SYSTEM}|${RISK_METHOD.OVERRIDE}`;

function patientId(value: string): string {
  const id = value.startsWith('Patient/') ? value.slice('Patient/'.length) : value;
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) {
    throw careError(
      RiskError.INVALID_PATIENT,
      'invalid',
      `Invalid patient ${JSON.stringify(value)}`,
    );
  }
  return id;
}

/** Records (or withdraws) a clinician's override of a person's tier; returns the stored assessment. */
export async function overrideRiskTier(
  repo: Repository,
  ctx: RequestContext,
  input: OverrideInput,
): Promise<RiskAssessment> {
  assertPopulationAccess(ctx);
  const id = patientId(input.patient);
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (reason.length < 3) {
    throw careError(
      RiskError.REASON_REQUIRED,
      'invalid',
      'A reason is required to override a risk tier',
    );
  }
  if (input.tier !== null && !isTier(input.tier)) {
    throw careError(
      RiskError.UNKNOWN_TIER,
      'invalid',
      `Unknown tier ${JSON.stringify(input.tier)}: use very-high, high, rising or low`,
    );
  }
  const computed = await repo
    .read<RiskAssessment>(ctx, 'RiskAssessment', modelAssessmentId(id))
    .catch(() => {
      throw careError(RiskError.NOT_STRATIFIED, 'not-found', 'Not found');
    });
  const now = new Date().toISOString();
  const performer = /^(Practitioner|PractitionerRole)\//.test(ctx.actor)
    ? ({ reference: ctx.actor } as RiskAssessment['performer'])
    : undefined;
  const note: Annotation = {
    text: reason,
    time: now,
    ...(performer
      ? { authorReference: performer as Annotation['authorReference'] }
      : { authorString: ctx.actor }),
  };

  if (input.tier === null) {
    const found = await repo.search(ctx, 'RiskAssessment', [
      ['subject', `Patient/${id}`],
      ['method', OVERRIDE_TOKEN],
      ['_sort', '-date'],
      ['_count', '100'],
    ]);
    const standing = (found.resources as RiskAssessment[]).filter(
      (r) => r.status !== 'cancelled' && r.status !== 'entered-in-error',
    );
    const current = standing[0];
    if (!current) {
      throw careError(
        RiskError.NO_OVERRIDE,
        'invalid',
        'There is no standing override to withdraw',
      );
    }
    return repo.inTransaction(ctx, async (w, tx) => {
      for (const r of standing) {
        await w.update({
          ...r,
          status: 'cancelled',
          note: [...(r.note ?? []), { ...note, text: `Withdrawn: ${reason}` }],
        });
      }
      await readModelsIn(tx).riskIndex.setOverride(id, null);
      return { ...current, status: 'cancelled' };
    });
  }

  const tier = input.tier;
  const resource: RiskAssessment = {
    resourceType: 'RiskAssessment',
    status: 'final',
    method: {
      coding: [
        {
          system: RISK_METHOD_SYSTEM,
          code: RISK_METHOD.OVERRIDE,
          display: 'Clinician override of risk tier',
        },
      ],
      text: 'Clinician override',
    },
    ...(computed.code ? { code: computed.code } : {}),
    subject: { reference: `Patient/${id}` },
    occurrenceDateTime: now,
    ...(performer ? { performer } : {}),
    basis: [{ reference: `RiskAssessment/${computed.id}` }],
    prediction: [
      {
        ...(computed.prediction?.[0]?.outcome ? { outcome: computed.prediction[0].outcome } : {}),
        // The model's probability stands; the clinician overrides the tier (a prediction without a
        // probability would also trip @medplum/core's evaluation of invariant ras-2).
        probabilityDecimal: computed.prediction?.[0]?.probabilityDecimal ?? 0,
        qualitativeRisk: {
          coding: [tierCoding(tier)],
          text: `${TIER_LABEL[tier]} risk (clinician override)`,
        },
        rationale: reason,
      },
    ],
    note: [note],
  };
  return repo.inTransaction(ctx, async (w, tx) => {
    const stored = await w.create(resource);
    await readModelsIn(tx).riskIndex.setOverride(id, tier);
    return stored;
  });
}
