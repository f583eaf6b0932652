/**
 * The Patient resource and the person's Consent to share their record across the network.
 *
 * Consent encoding (also in README.md): scope `patient-privacy`
 * (http://terminology.hl7.org/CodeSystem/consentscope), category LOINC 59284-0, policyRule v3
 * ActCode OPTIN or OPTOUT, and `provision.type` permit (network sharing allowed) or deny (opted
 * out), with the network Organization as information recipient (actor role IRCP) and purpose
 * treatment. Some people who opt in keep substance-use (ETH) or behavioural-health (PSY) records
 * out of sharing: a nested `deny` provision carries those security labels.
 */
import type { Consent, ConsentProvision, Patient } from '@medplum/fhirtypes';
import { MRN_SYSTEM, SYSTEM } from './codes.js';
import { patientRef, practitionerRef, type PersonContext } from './context.js';
import { DEMO_PATIENT_PROFILES } from './demo-profiles.js';
import { homeAddress, phone } from './names.js';
import { hasCondition } from './person-model.js';
import { formatDate, formatDateTime } from './time.js';

/** The Patient resource. */
export function patientResource(ctx: PersonContext, given: string, family: string): Patient {
  const { person, rng } = ctx;
  const demo = person.demoSlot !== undefined ? DEMO_PATIENT_PROFILES[person.demoSlot] : undefined;
  const housing = person.socialNeeds.find((n) => n.key === 'housing');
  const patient: Patient = {
    resourceType: 'Patient',
    id: ctx.patientId,
    identifier: [
      {
        use: 'usual',
        type: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v2-0203',
              code: 'MR',
              display: 'Medical record number',
            },
          ],
        },
        system: MRN_SYSTEM,
        value: `CW${String(person.index + 1).padStart(8, '0')}`,
      },
    ],
    active: true,
    name: [{ use: 'official', family, given: [given] }],
    telecom: [
      { system: 'phone', value: phone(rng), use: 'mobile' },
      ...(demo ? [{ system: 'email' as const, value: demo.email, use: 'home' as const }] : []),
    ],
    gender: person.sex,
    birthDate: formatDate(person.birthDay),
    generalPractitioner: [practitionerRef(ctx.gp)],
    managingOrganization: {
      reference: `Organization/${ctx.practice.orgId}`,
      display: ctx.practice.name,
    },
  };
  // People who are homeless have no home address on file.
  if (!housing?.homeless) patient.address = [homeAddress(rng)];
  return patient;
}

/** The person's network-sharing Consent (most opt in; some opt out). */
export function consentResource(ctx: PersonContext): Consent {
  const { person, rng, network } = ctx;
  const optIn = person.demoSlot !== undefined || rng.chance(0.88);
  const when = ctx.window.start - rng.uniform(0, 365);
  const provision: ConsentProvision = {
    type: optIn ? 'permit' : 'deny',
    period: { start: formatDate(when) },
    actor: [
      {
        role: {
          coding: [
            { system: SYSTEM.PARTICIPATION_TYPE, code: 'IRCP', display: 'information recipient' },
          ],
        },
        reference: {
          reference: `Organization/${network.network.orgId}`,
          display: network.network.name,
        },
      },
    ],
    purpose: [{ system: SYSTEM.ACT_REASON, code: 'TREAT', display: 'treatment' }],
  };
  const sud = hasCondition(person, 'alcohol-use') || hasCondition(person, 'opioid-use');
  const bh = hasCondition(person, 'depression') || hasCondition(person, 'anxiety');
  if (
    optIn &&
    person.demoSlot === undefined &&
    ((sud && rng.chance(0.4)) || (bh && rng.chance(0.15)))
  ) {
    provision.provision = [
      {
        type: 'deny',
        securityLabel: [
          ...(sud
            ? [
                {
                  system: SYSTEM.ACT_CODE,
                  code: 'ETH',
                  display: 'substance abuse information sensitivity',
                },
              ]
            : []),
          ...(bh
            ? [
                {
                  system: SYSTEM.ACT_CODE,
                  code: 'PSY',
                  display: 'psychiatry disorder information sensitivity',
                },
              ]
            : []),
        ],
      },
    ];
  } else if (optIn) {
    // Everyone else who opts in also shares their mental-health and substance-use records with the
    // network's care teams: 42 CFR Part 2 requires the consent to name those categories.
    provision.provision = [
      {
        type: 'permit',
        securityLabel: [
          {
            system: SYSTEM.ACT_CODE,
            code: 'PSY',
            display: 'psychiatry disorder information sensitivity',
          },
          {
            system: SYSTEM.ACT_CODE,
            code: 'ETH',
            display: 'substance abuse information sensitivity',
          },
        ],
      },
    ];
  }
  return {
    resourceType: 'Consent',
    id: ctx.ids.next(),
    status: 'active',
    scope: {
      coding: [
        { system: SYSTEM.CONSENT_SCOPE, code: 'patient-privacy', display: 'Privacy Consent' },
      ],
    },
    category: [{ coding: [{ system: SYSTEM.LOINC, code: '59284-0', display: 'Patient Consent' }] }],
    patient: patientRef(ctx),
    dateTime: formatDateTime(when),
    performer: [patientRef(ctx)],
    organization: [
      { reference: `Organization/${network.network.orgId}`, display: network.network.name },
    ],
    policyRule: {
      coding: [
        optIn
          ? { system: SYSTEM.ACT_CODE, code: 'OPTIN', display: 'opt-in' }
          : { system: SYSTEM.ACT_CODE, code: 'OPTOUT', display: 'op-out' },
      ],
    },
    provision,
  };
}

/** Resource types a family caregiver is granted: the plan, appointments, problems and medicines. */
const CAREGIVER_TYPES = [
  'Patient',
  'CarePlan',
  'Goal',
  'Task',
  'Appointment',
  'CareTeam',
  'Condition',
  'MedicationRequest',
  'Encounter',
];

/**
 * Adds the patient's grant to their family caregiver: a nested `permit` naming the RelatedPerson,
 * limited to the resource types in `class` (how care/access reads a caregiver grant).
 */
export function grantCaregiver(consent: Consent, caregiverId: string): void {
  if (!consent.provision) return;
  consent.provision.provision = [
    ...(consent.provision.provision ?? []),
    {
      type: 'permit',
      actor: [
        {
          role: {
            coding: [
              { system: SYSTEM.PARTICIPATION_TYPE, code: 'IRCP', display: 'information recipient' },
            ],
          },
          reference: { reference: `RelatedPerson/${caregiverId}` },
        },
      ],
      class: CAREGIVER_TYPES.map((code) => ({
        system: 'http://hl7.org/fhir/resource-types',
        code,
      })),
    },
  ];
}
