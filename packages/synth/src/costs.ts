/**
 * Costs: one ExplanationOfBenefit per encounter so that cost per member can be computed, and one
 * Coverage per person. Amounts are 2024 US dollars of the right order of magnitude, not a fee
 * schedule: the cost of an inpatient stay is $5,000 + $2,600 per day (HCUP National Inpatient
 * Sample: mean cost per stay ≈ $13,000–15,000 at a mean length of stay ≈ 4.5–5 days), an ED visit
 * ≈ $1,300 and an office visit ≈ $130–250 (MEPS mean expenses per event). Charges are a multiple of
 * cost (HCUP cost-to-charge ratios ≈ 0.3 for hospitals).
 *
 * Encoding: `total` holds the submitted charge (adjudication `submitted`) and the amount the payer
 * paid (adjudication `benefit`); `payment.amount` repeats the paid amount. Cost per member should use
 * the benefit (paid) amount. The single `item` links the claim to its Encounter.
 */
import type { Coverage, Encounter, ExplanationOfBenefit, Money } from '@medplum/fhirtypes';
import { MEMBER_ID_SYSTEM, SYSTEM } from './codes.js';
import { patientRef, type PersonContext } from './context.js';
import type { EncounterClass } from './encounters.js';
import type { AmbulatoryKind } from './history.js';
import type { PayerKind } from './person-model.js';
import { formatDate } from './time.js';

/** What each payer pays relative to cost (Medicaid pays least, commercial plans most). */
const PAID_TO_COST: Readonly<Record<PayerKind, number>> = {
  medicare: 1.0,
  medicaid: 0.85,
  commercial: 1.4,
};
/** Charge-to-cost markup: institutional (hospital) and professional claims. */
const MARKUP = { institutional: 3.0, professional: 2.0 } as const;

/** CPT codes billed for each kind of visit (AMA CPT evaluation-and-management and care-management codes). */
const CPT: Readonly<Record<AmbulatoryKind | 'emergency', readonly [string, string]>> = {
  annual: ['99214', 'Office or other outpatient visit, established patient, moderate complexity'],
  chronic: ['99214', 'Office or other outpatient visit, established patient, moderate complexity'],
  acute: ['99213', 'Office or other outpatient visit, established patient, low complexity'],
  behavioural: ['90834', 'Psychotherapy, 45 minutes with patient'],
  'post-discharge': [
    '99496',
    'Transitional care management services, high complexity, face-to-face visit within 7 days of discharge',
  ],
  enrolment: ['99487', 'Complex chronic care management services, first 60 minutes'],
  coordination: ['99490', 'Chronic care management services, first 20 minutes'],
  emergency: ['99284', 'Emergency department visit, moderate to high severity'],
};

/** Median cost of each kind of non-inpatient encounter. */
const MEDIAN_COST: Readonly<Record<AmbulatoryKind | 'emergency', number>> = {
  annual: 200,
  chronic: 170,
  acute: 130,
  behavioural: 150,
  'post-discharge': 250,
  enrolment: 140,
  coordination: 65,
  emergency: 1300,
};

function usd(value: number): Money {
  return { value: Math.round(value * 100) / 100, currency: 'USD' };
}

/** Cost of an encounter: IMP >> EMER >> AMB, inpatient growing with length of stay. */
export function cost(
  ctx: PersonContext,
  cls: EncounterClass,
  kind: AmbulatoryKind | 'emergency',
  losDays: number,
): number {
  const noise = Math.exp(ctx.rng.normal(0, 0.25));
  if (cls === 'IMP') {
    return (5000 + 2600 * losDays) * noise;
  }
  return MEDIAN_COST[cls === 'EMER' ? 'emergency' : kind] * noise;
}

/** An ExplanationOfBenefit for one encounter. */
export function explanationOfBenefit(
  ctx: PersonContext,
  enc: Encounter,
  cls: EncounterClass,
  kind: AmbulatoryKind | 'emergency',
  losDays: number,
): ExplanationOfBenefit {
  const base = cost(ctx, cls, kind, losDays);
  const submitted = base * (cls === 'AMB' ? MARKUP.professional : MARKUP.institutional);
  const paid = base * PAID_TO_COST[ctx.person.payer];
  const end = enc.period?.end ?? enc.period?.start ?? formatDate(ctx.window.asOf);
  const cpt = cls === 'IMP' ? undefined : CPT[cls === 'EMER' ? 'emergency' : kind];
  const adjudication = [
    {
      category: {
        coding: [{ system: SYSTEM.ADJUDICATION, code: 'submitted', display: 'Submitted Amount' }],
      },
      amount: usd(submitted),
    },
    {
      category: {
        coding: [{ system: SYSTEM.ADJUDICATION, code: 'benefit', display: 'Benefit Amount' }],
      },
      amount: usd(paid),
    },
  ];
  return {
    resourceType: 'ExplanationOfBenefit',
    id: ctx.ids.next(),
    status: 'active',
    type: {
      coding: [
        {
          system: SYSTEM.CLAIM_TYPE,
          code: cls === 'AMB' ? 'professional' : 'institutional',
          display: cls === 'AMB' ? 'Professional' : 'Institutional',
        },
      ],
    },
    use: 'claim',
    patient: patientRef(ctx),
    billablePeriod: { ...(enc.period?.start ? { start: enc.period.start } : {}), end },
    created: end,
    insurer: { reference: `Organization/${ctx.payer.orgId}`, display: ctx.payer.name },
    provider: enc.serviceProvider ?? { reference: `Organization/${ctx.practice.orgId}` },
    outcome: 'complete',
    insurance: [{ focal: true, coverage: { reference: `Coverage/${ctx.coverageId}` } }],
    item: [
      {
        sequence: 1,
        productOrService: cpt
          ? {
              coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: cpt[0], display: cpt[1] }],
              text: cpt[1],
            }
          : { text: `Inpatient stay, ${losDays} day${losDays === 1 ? '' : 's'}` },
        ...(enc.period ? { servicedPeriod: enc.period } : {}),
        encounter: [{ reference: `Encounter/${enc.id ?? ''}` }],
        net: usd(submitted),
      },
    ],
    total: adjudication,
    payment: { amount: usd(paid) },
  };
}

/** Source of Payment Typology codes for each payer kind. */
const PAYER_TYPE: Readonly<Record<PayerKind, readonly [string, string]>> = {
  medicare: ['1', 'MEDICARE'],
  medicaid: ['2', 'MEDICAID'],
  commercial: ['5', 'PRIVATE HEALTH INSURANCE'],
};

/** The person's Coverage with their payer. */
export function coverage(ctx: PersonContext): Coverage {
  const [code, display] = PAYER_TYPE[ctx.person.payer];
  return {
    resourceType: 'Coverage',
    id: ctx.coverageId,
    status: 'active',
    type: { coding: [{ system: SYSTEM.PAYER_TYPE, code, display }] },
    subscriberId: memberId(ctx),
    identifier: [{ system: MEMBER_ID_SYSTEM, value: memberId(ctx) }],
    beneficiary: patientRef(ctx),
    relationship: {
      coding: [{ system: SYSTEM.SUBSCRIBER_RELATIONSHIP, code: 'self', display: 'Self' }],
    },
    period: { start: formatDate(ctx.window.start - 365) },
    payor: [{ reference: `Organization/${ctx.payer.orgId}`, display: ctx.payer.name }],
  };
}

function memberId(ctx: PersonContext): string {
  return `M${String(ctx.person.index + 1).padStart(8, '0')}`;
}
