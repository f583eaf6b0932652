/**
 * The care network, written once per data set: organisations, their locations, the services they
 * offer (HealthcareService, including community services with eligibility, hours and capacity) and
 * the staff who work there. Staff numbers scale with N so that panel sizes and coordinator caseloads
 * stay realistic (about 45 enrolled people per care coordinator).
 */
import type { HealthcareService, Location, Organization, Resource } from '@medplum/fhirtypes';
import {
  CAPACITY_EXTENSION,
  concept,
  DIRECTORY_CATEGORY,
  ELIGIBILITY_SYSTEM,
  LANGUAGE_NAMES,
  ref,
  SYSTEM,
  WAITING_LIST_EXTENSION,
} from './codes.js';
import {
  COMMUNITY_DIRECTORY,
  CORE_COMMUNITY_DIRECTORY,
  type DirectoryNeed,
  type DirectoryServiceSpec,
  type EligibilityCode,
  type ServiceArea,
} from './directory.js';
import { DEMO_STAFF, type DemoStaffPlace } from './demo-profiles.js';
import { deterministicUuid } from './ids.js';
import { familyName, givenName, phone, positionOf, workAddress } from './names.js';
import type { PayerKind } from './person-model.js';
import type { Sex } from './prevalence.js';
import { Rng } from './random.js';
import { staffResources, type RoleKind, type StaffMember } from './workforce.js';

/** Community organisations in the network. */
export type CommunityKind = 'foodBank' | 'housing' | 'transport' | 'benefits' | 'carers';

/** A site: an organisation with its main location. */
export interface Site {
  orgId: string;
  locationId: string;
  name: string;
}

/** Everything a person's resources need to point into the network. */
export interface NetworkIndex {
  network: Site;
  hospitals: (Site & {
    edLocationId: string;
    wardLocationId: string;
    hospitalists: StaffMember[];
    edPhysicians: StaffMember[];
  })[];
  practices: (Site & { gps: StaffMember[]; nurses: StaffMember[] })[];
  behavioural: Site & { psychologists: StaffMember[]; psychiatrists: StaffMember[] };
  pharmacy: Site & { pharmacists: StaffMember[] };
  community: Record<CommunityKind, Site & { serviceId: string; staff: StaffMember[] }>;
  coordinators: StaffMember[];
  socialWorkers: StaffMember[];
  communityHealthWorkers: StaffMember[];
  payers: Record<PayerKind, Site>;
}

/** Expected share of people enrolled in the programme, used only to size the coordinator team. */
const EXPECTED_ENROLMENT = 0.087;
/** Target caseload per care coordinator. */
const CASELOAD = 45;

interface CommunitySpec {
  name: string;
  category: [string, string];
  type: [string, string];
  hours: Hours[];
  eligibility: string;
  /** New referrals per week for a population of 2,000. */
  capacity: number;
}

type Hours = {
  days: ('mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun')[];
  from?: string;
  to?: string;
};
const WEEKDAYS: Hours['days'] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const ALWAYS: Hours[] = [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] }];

/** What the directory says about a community service beyond network.ts's own fields. */
type DirectoryEntry = Pick<
  DirectoryServiceSpec,
  'need' | 'eligibilityCodes' | 'languages' | 'area' | 'waiting'
>;

/** The HL7 service-category (R4) of each directory need. */
const HL7_CATEGORY: Readonly<Record<DirectoryNeed, [string, string]>> = {
  food: ['16', 'Financial & Material Aid'],
  housing: ['18', 'Housing/Homelessness'],
  transport: ['33', 'Transport'],
  utilities: ['16', 'Financial & Material Aid'],
  employment: ['16', 'Financial & Material Aid'],
  'income-benefits': ['16', 'Financial & Material Aid'],
  legal: ['16', 'Financial & Material Aid'],
  carers: ['25', 'Respite/Carer Support'],
  'interpersonal-safety': ['9', 'Counselling'],
  'peer-support': ['22', 'Mental Health'],
};

const ELIGIBILITY_NAMES: Readonly<Record<EligibilityCode, string>> = {
  'any-resident': 'Any resident',
  'low-income': 'Low household income',
  'older-adult': 'Aged 60 or over',
  disability: 'Disability or long-term condition',
  'homeless-or-at-risk': 'Homeless or at risk of losing housing',
  'unpaid-carer': 'Unpaid family carer',
  'out-of-work': 'Out of work or on a low wage',
  'abuse-survivor': 'Experiencing or fleeing abuse',
  'mental-health': 'Living with a mental-health condition',
  'care-team-referral': 'Referred by a network care team',
};

/** The need as the directory's category and the Gravity SDOH domain it meets. */
function needConcepts(need: DirectoryNeed) {
  const { label, sdoh } = DIRECTORY_CATEGORY[need];
  return [
    concept(SYSTEM.SDOHCC_TEMPORARY, sdoh, undefined, label),
    concept(SYSTEM.SERVICE_CATEGORY_CAREWEAVE, need, label, label),
  ];
}

/** A readable, FHIR-id-safe slug of a name. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/['’.()]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Builds the network resources and the index persons use. */
export function buildNetwork(
  seed: number,
  patients: number,
): { resources: Resource[]; index: NetworkIndex } {
  const rng = new Rng([seed, 'network']);
  const resources: Resource[] = [];
  let counter = 0;
  const newId = (): string => deterministicUuid([seed, 'network', ++counter]);

  // Organisations, locations and services have readable fixed ids (the same for every seed, so apps
  // and demo users can name them); staff get seed-derived UUIDs except the demo staff.
  const site = (
    name: string,
    orgType: string,
    locType: [string, string],
    draw: Rng = rng,
  ): Site => {
    const orgId = slugify(name);
    const locationId = `${orgId}-site`;
    const address = workAddress(draw);
    const position = positionOf(address);
    const org: Organization = {
      resourceType: 'Organization',
      id: orgId,
      active: true,
      type: [concept(SYSTEM.ORGANIZATION_TYPE, orgType)],
      name,
      telecom: [{ system: 'phone', value: phone(draw), use: 'work' }],
      address: [address],
    };
    const loc: Location = {
      resourceType: 'Location',
      id: locationId,
      status: 'active',
      name,
      mode: 'instance',
      type: [concept(SYSTEM.ROLE_CODE, locType[0], locType[1])],
      address,
      ...(position ? { position } : {}),
      managingOrganization: ref('Organization', orgId, name),
    };
    resources.push(org, loc);
    return { orgId, locationId, name };
  };
  const subLocation = (parent: Site, name: string, type: [string, string]): string => {
    const id = `${parent.orgId}-${slugify(name)}`;
    resources.push({
      resourceType: 'Location',
      id,
      status: 'active',
      name: `${parent.name} — ${name}`,
      mode: 'instance',
      type: [concept(SYSTEM.ROLE_CODE, type[0], type[1])],
      managingOrganization: ref('Organization', parent.orgId, parent.name),
      partOf: ref('Location', parent.locationId),
    });
    return id;
  };
  // The areas services cover (HealthcareService.coverageArea): Location kind areas.
  const area = (
    id: string,
    name: string,
    description: string,
  ): { reference: string; display: string } => {
    resources.push({
      resourceType: 'Location',
      id,
      status: 'active',
      name,
      description,
      mode: 'kind',
      physicalType: concept(SYSTEM.LOCATION_PHYSICAL_TYPE, 'area', 'Area'),
    });
    return { reference: `Location/${id}`, display: name };
  };
  const areas: Record<ServiceArea, { reference: string; display: string }> = {
    county: area(
      'area-riverside-county',
      'Riverside County',
      'Riverside, Millbrook, East Haven and Cedar Falls (postal codes 40510–40542)',
    ),
    city: area('area-riverside-city', 'City of Riverside', 'Postal codes 40510 and 40511'),
  };
  const service = (
    at: Site,
    name: string,
    category: [string, string],
    type: [string, string],
    hours: Hours[],
    opts: {
      eligibility?: string;
      capacityPerWeek?: number;
      locationId?: string;
      directory?: DirectoryEntry;
      draw?: Rng;
    } = {},
  ): string => {
    const id = `hs-${slugify(name)}`;
    const entry = opts.directory;
    const hs: HealthcareService = {
      resourceType: 'HealthcareService',
      id,
      active: true,
      providedBy: ref('Organization', at.orgId, at.name),
      category: [
        concept(SYSTEM.SERVICE_CATEGORY, category[0], category[1]),
        ...(entry ? needConcepts(entry.need) : []),
      ],
      type: [concept(SYSTEM.SERVICE_TYPE, type[0], type[1])],
      location: [ref('Location', opts.locationId ?? at.locationId)],
      name,
      telecom: [
        { system: 'phone', value: phone(opts.draw ?? rng), use: 'work' },
        ...(entry
          ? [
              {
                system: 'email' as const,
                value: `referrals@${at.orgId}.example.org`,
                use: 'work' as const,
              },
            ]
          : []),
      ],
      referralMethod: [
        concept(
          'http://terminology.hl7.org/CodeSystem/service-referral-method',
          'elec',
          'Secure Messaging',
        ),
      ],
      availableTime: hours.map((h) =>
        h.from
          ? { daysOfWeek: h.days, availableStartTime: h.from, availableEndTime: h.to ?? '17:00:00' }
          : { daysOfWeek: h.days, allDay: true },
      ),
    };
    if (opts.eligibility)
      hs.eligibility = [
        { code: { text: opts.eligibility }, comment: opts.eligibility },
        ...(entry?.eligibilityCodes ?? []).map((code) => ({
          code: concept(ELIGIBILITY_SYSTEM, code, ELIGIBILITY_NAMES[code], ELIGIBILITY_NAMES[code]),
        })),
      ];
    if (entry) {
      hs.communication = entry.languages.map((code) =>
        concept(SYSTEM.BCP47, code, LANGUAGE_NAMES[code], LANGUAGE_NAMES[code]),
      );
      hs.coverageArea = [areas[entry.area]];
    }
    if (opts.capacityPerWeek !== undefined) {
      // Capacity = new referrals accepted per week (documented in README.md).
      hs.extension = [
        {
          url: CAPACITY_EXTENSION,
          valueQuantity: {
            value: opts.capacityPerWeek,
            unit: 'referrals per week',
            system: SYSTEM.UCUM,
            code: '/wk',
          },
        },
        ...(entry ? [{ url: WAITING_LIST_EXTENSION, valueInteger: entry.waiting }] : []),
      ];
    }
    resources.push(hs);
    return id;
  };

  const hire = (
    kind: RoleKind,
    at: Site,
    serviceIds: string[],
    locationId = at.locationId,
    demo?: (typeof DEMO_STAFF)[number],
  ): StaffMember => {
    // A draw-neutral demo login draws what a generated member would, then keeps its own fixed
    // identity, so that the rest of the network is the same with or without it.
    const draw = (): { sex: Sex; given: string; family: string; id: string; roleId: string } => {
      const sex: Sex = rng.chance(0.55) ? 'female' : 'male';
      const given = givenName(rng, sex);
      return { sex, given, family: familyName(rng), id: newId(), roleId: newId() };
    };
    const drawn = !demo || demo.drawNeutral ? draw() : undefined;
    const sex = demo?.sex ?? drawn?.sex ?? 'female';
    const given = demo?.given ?? drawn?.given ?? '';
    const family = demo?.family ?? drawn?.family ?? '';
    const practitionerId = demo?.id ?? drawn?.id ?? newId();
    const built = staffResources({
      practitionerId,
      roleId: demo ? `${demo.id}-role` : (drawn?.roleId ?? newId()),
      kind,
      given,
      family,
      sex,
      organizationId: at.orgId,
      locationId,
      healthcareServiceIds: serviceIds,
      email:
        demo?.email ??
        `${given}.${family}.${practitionerId.slice(0, 4)}@staff.careweave.demo`.toLowerCase(),
    });
    resources.push(built.practitioner, built.role);
    return built.member;
  };
  const team = (
    kind: RoleKind,
    n: number,
    at: Site,
    serviceIds: string[],
    place?: DemoStaffPlace,
    locationId?: string,
  ): StaffMember[] => {
    const members: StaffMember[] = [];
    for (const demo of DEMO_STAFF.filter((d) => d.place === place && d.kind === kind)) {
      members.push(hire(kind, at, serviceIds, locationId, demo));
    }
    while (members.length < n) members.push(hire(kind, at, serviceIds, locationId));
    return members;
  };

  // The network itself: it runs the integrated-care programme and employs the coordination team.
  const network = site('Riverside Integrated Care Network', 'prov', ['COMM', 'Community Location']);
  const officeHours: Hours[] = [{ days: WEEKDAYS, from: '08:00:00', to: '18:00:00' }];
  const coordination = service(
    network,
    'Integrated care coordination',
    ['7', 'Community Health Care'],
    ['279', 'Case Management'],
    officeHours,
    {
      eligibility:
        'Adults with multiple chronic conditions, frequent hospital use or unmet social needs, referred by any network member',
      capacityPerWeek: Math.max(5, Math.round((patients * EXPECTED_ENROLMENT) / 52)),
    },
  );
  const nCoordinators = Math.max(4, Math.ceil((patients * EXPECTED_ENROLMENT) / CASELOAD));

  const hospitalNames = ['Riverside General Hospital', "St. Brigid's Community Hospital"];
  const hospitals = hospitalNames.map((name) => {
    const h = site(name, 'prov', ['HOSP', 'Hospital']);
    const edLocationId = subLocation(h, 'Emergency Department', ['ER', 'Emergency room']);
    const wardLocationId = subLocation(h, 'Medical Ward', ['HU', 'Hospital unit']);
    const ed = service(
      h,
      `${name} Emergency Department`,
      ['14', 'Emergency Department'],
      ['117', 'Emergency Medical'],
      ALWAYS,
      {
        locationId: edLocationId,
      },
    );
    const ip = service(
      h,
      `${name} Inpatient Medicine`,
      ['35', 'Hospital'],
      ['237', 'Acute Inpatient Serv'],
      ALWAYS,
      {
        locationId: wardLocationId,
      },
    );
    return {
      ...h,
      edLocationId,
      wardLocationId,
      hospitalists: team(
        'hospitalist',
        Math.max(2, Math.ceil(patients / 4000)),
        h,
        [ip],
        undefined,
        wardLocationId,
      ),
      edPhysicians: team(
        'edPhysician',
        Math.max(2, Math.ceil(patients / 6000)),
        h,
        [ed],
        undefined,
        edLocationId,
      ),
    };
  });

  const practiceNames = [
    'Northside Family Practice',
    'Harbour View Medical Group',
    'Elm Street Health Centre',
    'Valley Primary Care',
    'Millbrook Family Medicine',
    'Cedar Falls Clinic',
    'East Haven Health Partners',
    'Lakeside Community Practice',
    'Oak Avenue Surgery',
    'Bridge Street Medical',
  ];
  const nPractices = Math.min(practiceNames.length, 4 + Math.floor(patients / 5000));
  const practices = practiceNames.slice(0, nPractices).map((name, i) => {
    const p = site(name, 'prov', ['PC', 'Primary care clinic']);
    const gp = service(
      p,
      `${name} — general practice`,
      ['17', 'General Practice'],
      ['124', 'General Practice'],
      [{ days: WEEKDAYS, from: '08:00:00', to: '18:00:00' }],
    );
    const gpsNeeded = Math.max(2, Math.ceil(patients / nPractices / 1800));
    return {
      ...p,
      gps: team('gp', gpsNeeded, p, [gp], i === 0 ? 'practice0' : undefined),
      nurses: team(
        'nurse',
        Math.max(1, Math.ceil(gpsNeeded / 2)),
        p,
        [gp],
        i === 0 ? 'practice0' : undefined,
      ),
    };
  });

  const bhSite = site('Riverside Behavioral Health Clinic', 'prov', ['PSY', 'Psychiatry clinic']);
  const bhServices = [
    service(
      bhSite,
      'Psychological therapies',
      ['22', 'Mental Health'],
      ['142', 'Psychology'],
      [{ days: WEEKDAYS, from: '09:00:00', to: '19:00:00' }],
    ),
    service(
      bhSite,
      'Psychiatry clinic',
      ['22', 'Mental Health'],
      ['141', 'Psychiatry (Requires Referral)'],
      [{ days: ['tue', 'thu'], from: '09:00:00', to: '17:00:00' }],
    ),
    service(
      bhSite,
      'Drug and alcohol counselling',
      ['12', 'Drug/Alcohol'],
      ['105', 'Drug and/or Alcohol Counselling'],
      [{ days: WEEKDAYS, from: '09:00:00', to: '17:00:00' }],
    ),
  ];
  const behavioural = {
    ...bhSite,
    psychologists: team(
      'psychologist',
      Math.max(2, Math.ceil(patients / 3000)),
      bhSite,
      bhServices,
      'behavioural',
    ),
    psychiatrists: team('psychiatrist', 1 + Math.floor(patients / 10000), bhSite, bhServices),
  };

  const pharmacySite = site('Main Street Pharmacy', 'prov', ['PHARM', 'Pharmacy']);
  const pharmacyService = service(
    pharmacySite,
    'Community pharmacy and medication reviews',
    ['34', 'Allied Health'],
    ['64', 'Pharmacy'],
    [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], from: '08:00:00', to: '20:00:00' }],
  );
  const pharmacy = {
    ...pharmacySite,
    pharmacists: team('pharmacist', 2, pharmacySite, [pharmacyService], 'pharmacy'),
  };

  const communitySpec: Record<CommunityKind, CommunitySpec> = {
    foodBank: {
      name: 'Riverside Community Food Bank',
      category: ['16', 'Financial & Material Aid'],
      type: ['548', 'Food Relief/Food/Meals'],
      hours: [
        { days: ['tue', 'thu'], from: '10:00:00', to: '18:00:00' },
        { days: ['sat'], from: '09:00:00', to: '13:00:00' },
      ],
      eligibility:
        'Household income below 200% of the federal poverty level, or referred by a network care team',
      capacity: 60,
    },
    housing: {
      name: 'Housing Access Partnership',
      category: ['18', 'Housing/Homelessness'],
      type: ['127', 'Homelessness Support'],
      hours: [{ days: WEEKDAYS, from: '09:00:00', to: '17:00:00' }],
      eligibility: 'Adults who are homeless or at risk of losing their housing within 60 days',
      capacity: 15,
    },
    transport: {
      name: 'RideWell Community Transport',
      category: ['33', 'Transport'],
      type: ['230', 'Patient Transport'],
      hours: [
        { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], from: '07:00:00', to: '19:00:00' },
      ],
      eligibility:
        'People without reliable transport to medical appointments, pharmacy or food bank',
      capacity: 80,
    },
    benefits: {
      name: 'Benefits Advice Centre',
      category: ['16', 'Financial & Material Aid'],
      type: ['122', 'Financial Information/Advice'],
      hours: [{ days: WEEKDAYS, from: '09:00:00', to: '16:00:00' }],
      eligibility: 'Any resident; priority for people with utility shut-off notices or income loss',
      capacity: 25,
    },
    carers: {
      name: "Carers' Support Network",
      category: ['25', 'Respite/Carer Support'],
      type: ['155', 'Carer Support'],
      hours: [{ days: WEEKDAYS, from: '09:00:00', to: '17:00:00' }],
      eligibility: 'Unpaid family caregivers of network patients',
      capacity: 20,
    },
  };
  const community = {} as NetworkIndex['community'];
  for (const kind of ['foodBank', 'housing', 'transport', 'benefits', 'carers'] as const) {
    const { name, category, type, hours, eligibility, capacity } = communitySpec[kind];
    const s = site(name, 'cg', ['COMM', 'Community Location']);
    // Capacities are sized for 2,000 people and grow with the population.
    const capacityPerWeek = Math.max(capacity, Math.round((capacity * patients) / 2000));
    const serviceId = service(s, name, category, type, hours, {
      eligibility,
      capacityPerWeek,
      directory: CORE_COMMUNITY_DIRECTORY[kind],
    });
    const staff =
      kind === 'foodBank'
        ? team('foodBankWorker', 2, s, [serviceId], 'foodBank')
        : team('communityHealthWorker', 1, s, [serviceId]);
    community[kind] = { ...s, serviceId, staff };
  }

  const coordinators = team('careCoordinator', nCoordinators, network, [coordination], 'network');
  const socialWorkers = team(
    'socialWorker',
    Math.max(2, Math.ceil(patients / 4000)),
    network,
    [coordination],
    'network',
  );
  const communityHealthWorkers = team(
    'communityHealthWorker',
    Math.max(2, Math.ceil(patients / 5000)),
    network,
    [coordination],
    'network',
  );
  team('administrator', 1, network, [], 'network');
  team('programmeManager', 0, network, [], 'network');

  const payer = (name: string, type: string): Site => {
    const orgId = slugify(name);
    resources.push({
      resourceType: 'Organization',
      id: orgId,
      active: true,
      type: [concept(SYSTEM.ORGANIZATION_TYPE, type)],
      name,
      telecom: [{ system: 'phone', value: phone(rng), use: 'work' }],
    });
    return { orgId, locationId: network.locationId, name };
  };
  const payers: Record<PayerKind, Site> = {
    medicare: payer('Medicare (CMS)', 'pay'),
    medicaid: payer('State Medicaid Program', 'pay'),
    commercial: payer('Riverside Health Plan', 'ins'),
  };

  // The rest of the community directory draws from its own stream, so that adding to it leaves
  // every other generated resource as it was.
  const directoryRng = new Rng([seed, 'directory']);
  for (const org of COMMUNITY_DIRECTORY) {
    const s = site(org.name, 'cg', ['COMM', 'Community Location'], directoryRng);
    for (const spec of org.services) {
      service(s, spec.name, HL7_CATEGORY[spec.need], spec.type, spec.hours, {
        eligibility: spec.eligibility,
        capacityPerWeek: Math.max(spec.capacity, Math.round((spec.capacity * patients) / 2000)),
        directory: spec,
        draw: directoryRng,
      });
    }
  }

  const index: NetworkIndex = {
    network,
    hospitals,
    practices,
    behavioural,
    pharmacy,
    community,
    coordinators,
    socialWorkers,
    communityHealthWorkers,
    payers,
  };
  return { resources, index };
}
