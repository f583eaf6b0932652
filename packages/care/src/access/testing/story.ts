import type { CareTeamParticipant, Consent, ConsentProvision, Resource } from '@medplum/fhirtypes';
import type { Identity } from '../identity.js';

/**
 * A small care network for access tests, built by hand so each row's expected visibility can be
 * read off the story:
 * - Ana opted in to network sharing and named mental health (PSY) in her consent; her daughter
 *   (RelatedPerson ana-caregiver) may see her Observations, Conditions and care plan;
 * - Ben opted out, except for the behavioural-health clinic;
 * - Cleo has no consent on file; her son is on her care team but she granted him nothing;
 * - Dan opted in but is not enrolled (no care team).
 * Each patient has an ordinary note from the network, a hospital Observation (another
 * organisation's), a depression Condition (PSY) and an alcohol-use Condition (ETH) recorded at
 * the behavioural-health clinic, and a hospital Encounter.
 */
export const ORG = {
  network: 'riverside-network',
  practice: 'northside-practice',
  bh: 'riverside-bh',
  hospital: 'riverside-hospital',
  foodBank: 'food-bank',
} as const;

export const PATIENTS = ['ana', 'ben', 'cleo', 'dan'] as const;
export type StoryPatient = (typeof PATIENTS)[number];

const staff = (fhirUser: string, role: string, org: string, name: string): Identity => ({
  kind: 'user',
  accountId: `acct-${fhirUser.split('/')[1]}`,
  email: `${fhirUser.split('/')[1]}@example.org`,
  fhirUser,
  role,
  organizationIds: [org],
  scopes: ['user/*.cruds'],
  displayName: name,
});
const person = (fhirUser: string, role: string, name: string): Identity => ({
  kind: 'user',
  accountId: `acct-${fhirUser.split('/')[1]}`,
  email: `${fhirUser.split('/')[1]}@example.org`,
  fhirUser,
  role,
  organizationIds: [],
  scopes: ['patient/*.rs'],
  displayName: name,
});

/** The people of the story, as server/auth would identify them. */
export const USERS = {
  coordinator: staff('Practitioner/coord', 'care-coordinator', ORG.network, 'Nora Coordinator'),
  gpOnTeam: staff('Practitioner/gp-team', 'physician', ORG.practice, 'Dr. Tess Teamgp'),
  gpNotOnTeam: staff('Practitioner/gp-other', 'physician', ORG.practice, 'Dr. Otto Othergp'),
  psychologist: staff('Practitioner/psych', 'behavioural-health', ORG.bh, 'Dr. Paula Psych'),
  foodBankWorker: staff(
    'Practitioner/foodbank',
    'community-organisation',
    ORG.foodBank,
    'Fred Foodbank',
  ),
  programmeManager: staff('Practitioner/pm', 'programme-manager', ORG.network, 'Pat Manager'),
  erDoctor: staff('Practitioner/er-doc', 'physician', ORG.hospital, 'Dr. Eve Emergency'),
  patient: person('Patient/ana', 'patient', 'Ana Alvarez'),
  caregiverWithConsent: person('RelatedPerson/ana-caregiver', 'caregiver', 'Carla Alvarez'),
  caregiverWithoutConsent: person('RelatedPerson/cleo-caregiver', 'caregiver', 'Colin Cole'),
} satisfies Record<string, Identity>;
export type StoryUser = keyof typeof USERS;

const ref = (reference: string): { reference: string } => ({ reference });
const IRCP = {
  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP' }],
};
const LOINC = 'http://loinc.org';
const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';

function directory(): Resource[] {
  const orgs = Object.entries(ORG).map(([key, id]): Resource => ({
    resourceType: 'Organization',
    id,
    name: `Org ${key}`,
  }));
  const people = Object.values(USERS).filter(
    (u) => u.kind === 'user' && u.fhirUser.startsWith('Practitioner/'),
  );
  const practitioners = people.flatMap((u): Resource[] => {
    if (u.kind !== 'user') return [];
    const id = u.fhirUser.slice('Practitioner/'.length);
    return [
      { resourceType: 'Practitioner', id, name: [{ text: u.displayName }] },
      {
        resourceType: 'PractitionerRole',
        id: `${id}-role`,
        active: true,
        practitioner: ref(u.fhirUser),
        organization: ref(`Organization/${u.organizationIds[0]}`),
      },
    ];
  });
  return [...orgs, ...practitioners];
}

function consent(patient: StoryPatient, root: ConsentProvision): Consent {
  return {
    resourceType: 'Consent',
    id: `${patient}-consent`,
    status: 'active',
    scope: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' },
      ],
    },
    category: [{ coding: [{ system: LOINC, code: '59284-0' }] }],
    patient: ref(`Patient/${patient}`),
    dateTime: '2025-01-01T00:00:00Z',
    organization: [ref(`Organization/${ORG.network}`)],
    policyRule: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
          code: root.type === 'deny' ? 'OPTOUT' : 'OPTIN',
        },
      ],
    },
    provision: root,
  };
}

const network = [{ role: IRCP, reference: ref(`Organization/${ORG.network}`) }];
const PSY = { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'PSY' };
const types = (...codes: string[]) =>
  codes.map((code) => ({ system: 'http://hl7.org/fhir/resource-types', code }));

const CONSENTS: Record<StoryPatient, Consent | undefined> = {
  ana: consent('ana', {
    type: 'permit',
    actor: network,
    provision: [
      { type: 'permit', securityLabel: [PSY] },
      {
        type: 'permit',
        actor: [{ role: IRCP, reference: ref('RelatedPerson/ana-caregiver') }],
        class: types('Patient', 'Observation', 'Condition', 'CarePlan'),
      },
    ],
  }),
  ben: consent('ben', {
    type: 'deny',
    actor: network,
    provision: [
      { type: 'permit', actor: [{ role: IRCP, reference: ref(`Organization/${ORG.bh}`) }] },
    ],
  }),
  cleo: undefined,
  dan: consent('dan', { type: 'permit', actor: network }),
};

const member = (reference: string, org?: string): CareTeamParticipant => ({
  member: ref(reference),
  ...(org ? { onBehalfOf: ref(`Organization/${org}`) } : {}),
});
const TEAMS: Record<StoryPatient, CareTeamParticipant[] | undefined> = {
  ana: [
    member('Patient/ana'),
    member('Practitioner/coord', ORG.network),
    member('PractitionerRole/gp-team-role'),
    member('Practitioner/psych', ORG.bh),
    member('Practitioner/foodbank', ORG.foodBank),
    member('RelatedPerson/ana-caregiver'),
  ],
  ben: [
    member('Patient/ben'),
    member('Practitioner/coord', ORG.network),
    member('Practitioner/psych', ORG.bh),
  ],
  cleo: [
    member('Patient/cleo'),
    member('Practitioner/coord', ORG.network),
    member('Practitioner/psych', ORG.bh),
    member('RelatedPerson/cleo-caregiver'),
  ],
  dan: undefined,
};

/** The rows whose visibility the matrix checks, per patient. */
export const DATA = {
  ordinary: (p: StoryPatient) => ({ type: 'Observation', id: `${p}-obs-network` }),
  psy: (p: StoryPatient) => ({ type: 'Condition', id: `${p}-cond-psy` }),
  sud: (p: StoryPatient) => ({ type: 'Condition', id: `${p}-cond-sud` }),
  otherOrg: (p: StoryPatient) => ({ type: 'Observation', id: `${p}-obs-hospital` }),
} as const;
export type DataKind = keyof typeof DATA;

function patientRecord(p: StoryPatient): Resource[] {
  const subject = ref(`Patient/${p}`);
  const out: Resource[] = [
    {
      resourceType: 'Patient',
      id: p,
      name: [{ family: p.toUpperCase(), given: [p] }],
      birthDate: '1950-02-03',
      telecom: [{ system: 'phone', value: '555-0100' }],
      address: [{ city: 'Riverside' }],
    },
    {
      resourceType: 'Observation',
      id: `${p}-obs-network`,
      status: 'final',
      code: { coding: [{ system: LOINC, code: '29463-7' }] },
      subject,
      performer: [ref('Practitioner/coord')],
      valueQuantity: { value: 70, unit: 'kg' },
    },
    {
      resourceType: 'Observation',
      id: `${p}-obs-hospital`,
      status: 'final',
      code: { coding: [{ system: LOINC, code: '718-7' }] },
      subject,
      performer: [ref(`Organization/${ORG.hospital}`)],
    },
    {
      resourceType: 'Condition',
      id: `${p}-cond-psy`,
      subject,
      recorder: ref('Practitioner/psych'),
      code: { coding: [{ system: ICD10, code: 'F32.9' }] },
    },
    {
      resourceType: 'Condition',
      id: `${p}-cond-sud`,
      subject,
      recorder: ref('Practitioner/psych'),
      code: { coding: [{ system: ICD10, code: 'F10.20' }] },
    },
    {
      resourceType: 'Encounter',
      id: `${p}-enc-hospital`,
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      subject,
      serviceProvider: ref(`Organization/${ORG.hospital}`),
    },
  ];
  // A problem-list entry whose evidence points at the four rows the matrix checks, so
  // `_include=Condition:evidence-detail` can reach each of them (any user who sees Conditions sees it).
  out.push({
    resourceType: 'Condition',
    id: `${p}-summary`,
    subject,
    code: { text: 'Integrated care summary' },
    evidence: [
      {
        detail: (['obs-network', 'obs-hospital', 'cond-psy', 'cond-sud'] as const).map((k) =>
          ref(`${k.startsWith('obs') ? 'Observation' : 'Condition'}/${p}-${k}`),
        ),
      },
    ],
  });
  const team = TEAMS[p];
  if (team) {
    out.push(
      { resourceType: 'CareTeam', id: `${p}-team`, status: 'active', subject, participant: team },
      {
        resourceType: 'EpisodeOfCare',
        id: `${p}-episode`,
        status: 'active',
        patient: subject,
        careManager: ref('Practitioner/coord'),
        managingOrganization: ref(`Organization/${ORG.network}`),
      },
    );
  }
  const c = CONSENTS[p];
  if (c) out.push(c);
  return out;
}

/** Caregivers, and Ana's referral to the food bank (a ServiceRequest and its Task). */
function extras(): Resource[] {
  return [
    {
      resourceType: 'RelatedPerson',
      id: 'ana-caregiver',
      patient: ref('Patient/ana'),
      name: [{ text: 'Carla Alvarez' }],
    },
    {
      resourceType: 'RelatedPerson',
      id: 'cleo-caregiver',
      patient: ref('Patient/cleo'),
      name: [{ text: 'Colin Cole' }],
    },
    {
      resourceType: 'ServiceRequest',
      id: 'ana-referral',
      status: 'active',
      intent: 'order',
      subject: ref('Patient/ana'),
      requester: ref('Practitioner/coord'),
      performer: [ref(`Organization/${ORG.foodBank}`)],
    },
    {
      resourceType: 'Task',
      id: 'ana-referral-task',
      status: 'requested',
      intent: 'order',
      for: ref('Patient/ana'),
      focus: ref('ServiceRequest/ana-referral'),
      requester: ref('Practitioner/coord'),
      owner: ref(`Organization/${ORG.foodBank}`),
    },
  ];
}

/** Everything, directory first (ownership of clinical rows is derived from the practitioners' roles). */
export function storyResources(): { directory: Resource[]; records: Resource[] } {
  return { directory: directory(), records: [...PATIENTS.flatMap(patientRecord), ...extras()] };
}
