/**
 * The community resource directory of the demo network: the community organisations beyond the
 * five that employ demo staff (network.ts), each with the services it offers. Services are
 * described the way the directory is searched — the social need each meets (the directory's
 * categories, which network.ts maps to HL7 service categories and Gravity SDOH domains), who is
 * eligible, the languages offered, opening hours, the service area, capacity and waiting list.
 *
 * Names and details are fictional but modelled on the kinds of services US 211 directories list
 * (food pantries, LIHEAP energy assistance, VITA tax help, legal aid, domestic-violence
 * advocacy, peer-run warmlines).
 */

/** The directory's categories (the same codes as `@careweave/contract` DIRECTORY_CATEGORIES). */
export type DirectoryNeed =
  | 'food'
  | 'housing'
  | 'transport'
  | 'utilities'
  | 'employment'
  | 'income-benefits'
  | 'legal'
  | 'carers'
  | 'interpersonal-safety'
  | 'peer-support';

/** Who a service is for (the same codes as `@careweave/contract` SERVICE_ELIGIBILITY). */
export type EligibilityCode =
  | 'any-resident'
  | 'low-income'
  | 'older-adult'
  | 'disability'
  | 'homeless-or-at-risk'
  | 'unpaid-carer'
  | 'out-of-work'
  | 'abuse-survivor'
  | 'mental-health'
  | 'care-team-referral';

export type Day = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export interface Hours {
  days: Day[];
  from?: string;
  to?: string;
}

/** The area a service covers: the whole network's county or the city of Riverside alone. */
export type ServiceArea = 'county' | 'city';

/** What the directory says about one service. */
export interface DirectoryServiceSpec {
  name: string;
  need: DirectoryNeed;
  /** HL7 service-type (the 211/AIRS-derived list of FHIR R4), code and display. */
  type: [string, string];
  hours: Hours[];
  eligibility: string;
  eligibilityCodes: EligibilityCode[];
  /** BCP-47 codes. */
  languages: string[];
  area: ServiceArea;
  /** New referrals per week for a population of 2,000 (grows with the population). */
  capacity: number;
  /** People waiting now (0: no waiting list). */
  waiting: number;
}

export interface DirectoryOrganizationSpec {
  name: string;
  services: DirectoryServiceSpec[];
}

const WEEKDAYS: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const OFFICE: Hours[] = [{ days: WEEKDAYS, from: '09:00:00', to: '17:00:00' }];
const ALWAYS: Hours[] = [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] }];

/** The five community organisations of network.ts, described for the directory. */
export const CORE_COMMUNITY_DIRECTORY = {
  foodBank: {
    need: 'food',
    eligibilityCodes: ['low-income', 'care-team-referral'],
    languages: ['en', 'es', 'ar'],
    area: 'county',
    waiting: 0,
  },
  housing: {
    need: 'housing',
    eligibilityCodes: ['homeless-or-at-risk'],
    languages: ['en', 'es'],
    area: 'county',
    waiting: 23,
  },
  transport: {
    need: 'transport',
    eligibilityCodes: ['any-resident', 'older-adult', 'disability'],
    languages: ['en', 'es', 'vi'],
    area: 'county',
    waiting: 0,
  },
  benefits: {
    need: 'income-benefits',
    eligibilityCodes: ['any-resident', 'low-income'],
    languages: ['en', 'es', 'fr', 'sw'],
    area: 'county',
    waiting: 4,
  },
  carers: {
    need: 'carers',
    eligibilityCodes: ['unpaid-carer'],
    languages: ['en'],
    area: 'county',
    waiting: 0,
  },
} as const satisfies Record<
  string,
  Pick<DirectoryServiceSpec, 'need' | 'eligibilityCodes' | 'languages' | 'area' | 'waiting'>
>;

/** The other community organisations and their services. */
export const COMMUNITY_DIRECTORY: readonly DirectoryOrganizationSpec[] = [
  {
    name: 'Millbrook Neighbourhood Pantry',
    services: [
      {
        name: 'Millbrook weekly food pantry',
        need: 'food',
        type: ['548', 'Food Relief/Food/Meals'],
        hours: [
          { days: ['wed'], from: '15:00:00', to: '19:00:00' },
          { days: ['sat'], from: '10:00:00', to: '13:00:00' },
        ],
        eligibility: 'Anyone living in Millbrook or East Haven; no paperwork needed',
        eligibilityCodes: ['any-resident'],
        languages: ['en', 'es'],
        area: 'county',
        capacity: 40,
        waiting: 0,
      },
      {
        name: 'Senior grocery delivery',
        need: 'food',
        type: ['548', 'Food Relief/Food/Meals'],
        hours: [{ days: ['tue', 'fri'], from: '09:00:00', to: '14:00:00' }],
        eligibility: 'People aged 60 or over, or with a disability, who cannot get to a pantry',
        eligibilityCodes: ['older-adult', 'disability'],
        languages: ['en'],
        area: 'county',
        capacity: 12,
        waiting: 6,
      },
    ],
  },
  {
    name: 'Eastside Community Kitchen',
    services: [
      {
        name: 'Hot meals and home-delivered meals',
        need: 'food',
        type: ['548', 'Food Relief/Food/Meals'],
        hours: [{ days: WEEKDAYS, from: '11:00:00', to: '14:00:00' }],
        eligibility: 'Anyone in need of a meal; home delivery for people who are housebound',
        eligibilityCodes: ['any-resident', 'disability'],
        languages: ['en', 'es', 'ne'],
        area: 'city',
        capacity: 30,
        waiting: 0,
      },
    ],
  },
  {
    name: 'Riverside Tenant Support',
    services: [
      {
        name: 'Emergency shelter placement',
        need: 'housing',
        type: ['127', 'Homelessness Support'],
        hours: ALWAYS,
        eligibility: 'Adults and families who are homeless tonight',
        eligibilityCodes: ['homeless-or-at-risk'],
        languages: ['en', 'es'],
        area: 'county',
        capacity: 8,
        waiting: 11,
      },
      {
        name: 'Tenancy sustainment and rent arrears help',
        need: 'housing',
        type: ['127', 'Homelessness Support'],
        hours: OFFICE,
        eligibility: 'Tenants with an eviction notice or rent arrears',
        eligibilityCodes: ['homeless-or-at-risk', 'low-income'],
        languages: ['en', 'es', 'ar'],
        area: 'city',
        capacity: 10,
        waiting: 3,
      },
    ],
  },
  {
    name: 'Safe at Home Repairs',
    services: [
      {
        name: 'Home repairs and adaptations',
        need: 'housing',
        type: ['127', 'Homelessness Support'],
        hours: OFFICE,
        eligibility: 'Home owners aged 60 or over or with a disability, on a low income',
        eligibilityCodes: ['older-adult', 'disability', 'low-income'],
        languages: ['en'],
        area: 'county',
        capacity: 4,
        waiting: 17,
      },
    ],
  },
  {
    name: 'Cedar Falls Volunteer Drivers',
    services: [
      {
        name: 'Volunteer rides to appointments',
        need: 'transport',
        type: ['230', 'Patient Transport'],
        hours: [{ days: WEEKDAYS, from: '08:00:00', to: '16:00:00' }],
        eligibility: 'People aged 60 or over or with a disability, with no other way to travel',
        eligibilityCodes: ['older-adult', 'disability'],
        languages: ['en'],
        area: 'county',
        capacity: 25,
        waiting: 0,
      },
      {
        name: 'Bus pass and fare assistance',
        need: 'transport',
        type: ['230', 'Patient Transport'],
        hours: OFFICE,
        eligibility: 'Residents on a low income travelling to health care or work',
        eligibilityCodes: ['low-income'],
        languages: ['en', 'es'],
        area: 'city',
        capacity: 50,
        waiting: 0,
      },
    ],
  },
  {
    name: 'Bluegrass Energy Assistance',
    services: [
      {
        name: 'Energy bill assistance (LIHEAP)',
        need: 'utilities',
        type: ['122', 'Financial Information/Advice'],
        hours: OFFICE,
        eligibility: 'Households below 150% of the federal poverty level',
        eligibilityCodes: ['low-income'],
        languages: ['en', 'es', 'vi'],
        area: 'county',
        capacity: 35,
        waiting: 9,
      },
      {
        name: 'Shut-off prevention and crisis payments',
        need: 'utilities',
        type: ['122', 'Financial Information/Advice'],
        hours: [{ days: WEEKDAYS, from: '08:00:00', to: '18:00:00' }],
        eligibility: 'Households with a utility shut-off notice',
        eligibilityCodes: ['any-resident', 'low-income'],
        languages: ['en', 'es'],
        area: 'county',
        capacity: 15,
        waiting: 0,
      },
      {
        name: 'Home weatherization',
        need: 'utilities',
        type: ['122', 'Financial Information/Advice'],
        hours: OFFICE,
        eligibility: 'Low-income home owners and tenants, priority for older adults',
        eligibilityCodes: ['low-income', 'older-adult'],
        languages: ['en'],
        area: 'county',
        capacity: 3,
        waiting: 28,
      },
    ],
  },
  {
    name: 'Riverside WorkForce Center',
    services: [
      {
        name: 'Job search and career coaching',
        need: 'employment',
        type: ['331', 'Employment Services'],
        hours: [{ days: WEEKDAYS, from: '08:30:00', to: '17:00:00' }],
        eligibility: 'Adults who are out of work or want a better job',
        eligibilityCodes: ['out-of-work', 'any-resident'],
        languages: ['en', 'es', 'ar', 'sw'],
        area: 'county',
        capacity: 40,
        waiting: 0,
      },
      {
        name: 'Supported employment (IPS)',
        need: 'employment',
        type: ['331', 'Employment Services'],
        hours: OFFICE,
        eligibility: 'Adults with a serious mental illness who want to work',
        eligibilityCodes: ['mental-health', 'out-of-work'],
        languages: ['en'],
        area: 'county',
        capacity: 6,
        waiting: 5,
      },
    ],
  },
  {
    name: 'Community Tax and Benefits Clinic',
    services: [
      {
        name: 'SNAP, Medicaid and benefits enrolment help',
        need: 'income-benefits',
        type: ['122', 'Financial Information/Advice'],
        hours: [{ days: ['mon', 'wed', 'thu'], from: '10:00:00', to: '18:00:00' }],
        eligibility: 'Anyone who may be entitled to benefits',
        eligibilityCodes: ['any-resident', 'low-income'],
        languages: ['en', 'es', 'zh'],
        area: 'county',
        capacity: 30,
        waiting: 0,
      },
      {
        name: 'Free tax preparation (VITA)',
        need: 'income-benefits',
        type: ['122', 'Financial Information/Advice'],
        hours: [{ days: ['tue', 'sat'], from: '09:00:00', to: '15:00:00' }],
        eligibility: 'Households earning under $67,000 a year',
        eligibilityCodes: ['low-income'],
        languages: ['en', 'es'],
        area: 'county',
        capacity: 45,
        waiting: 0,
      },
    ],
  },
  {
    name: 'Bluegrass Legal Aid',
    services: [
      {
        name: 'Eviction defence and housing law',
        need: 'legal',
        type: ['316', 'Legal Advisory'],
        hours: OFFICE,
        eligibility: 'Tenants on a low income facing eviction',
        eligibilityCodes: ['low-income', 'homeless-or-at-risk'],
        languages: ['en', 'es'],
        area: 'county',
        capacity: 8,
        waiting: 12,
      },
      {
        name: 'Benefit appeals and medical-legal partnership',
        need: 'legal',
        type: ['316', 'Legal Advisory'],
        hours: [{ days: ['tue', 'thu'], from: '09:00:00', to: '16:00:00' }],
        eligibility: 'Patients of the network referred by their care team',
        eligibilityCodes: ['care-team-referral', 'low-income'],
        languages: ['en', 'es', 'asl'],
        area: 'county',
        capacity: 6,
        waiting: 2,
      },
    ],
  },
  {
    name: 'Memory Lane Carers Circle',
    services: [
      {
        name: 'Respite breaks for carers',
        need: 'carers',
        type: ['155', 'Carer Support'],
        hours: [
          { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], from: '09:00:00', to: '17:00:00' },
        ],
        eligibility: 'Unpaid carers of people living with dementia or frailty',
        eligibilityCodes: ['unpaid-carer', 'older-adult'],
        languages: ['en', 'es'],
        area: 'county',
        capacity: 5,
        waiting: 8,
      },
      {
        name: 'Dementia carers support group',
        need: 'carers',
        type: ['155', 'Carer Support'],
        hours: [{ days: ['thu'], from: '18:00:00', to: '20:00:00' }],
        eligibility: 'Family and friends caring for someone with dementia',
        eligibilityCodes: ['unpaid-carer'],
        languages: ['en'],
        area: 'city',
        capacity: 15,
        waiting: 0,
      },
    ],
  },
  {
    name: 'Safe Harbor Domestic Violence Services',
    services: [
      {
        name: '24-hour domestic violence helpline and safety planning',
        need: 'interpersonal-safety',
        type: ['188', 'Domestic Violence Support'],
        hours: ALWAYS,
        eligibility: 'Anyone experiencing or fleeing abuse, and people worried about someone',
        eligibilityCodes: ['abuse-survivor', 'any-resident'],
        languages: ['en', 'es', 'ar', 'fr', 'vi', 'zh'],
        area: 'county',
        capacity: 60,
        waiting: 0,
      },
      {
        name: 'Confidential shelter and advocacy',
        need: 'interpersonal-safety',
        type: ['188', 'Domestic Violence Support'],
        hours: ALWAYS,
        eligibility: 'Adults and their children fleeing abuse',
        eligibilityCodes: ['abuse-survivor'],
        languages: ['en', 'es'],
        area: 'county',
        capacity: 4,
        waiting: 1,
      },
    ],
  },
  {
    name: 'Peer Recovery Network',
    services: [
      {
        name: 'Mental-health peer support groups',
        need: 'peer-support',
        type: ['143', 'Mental Health Support'],
        hours: [{ days: ['mon', 'wed', 'fri'], from: '17:00:00', to: '20:00:00' }],
        eligibility: 'Adults living with a mental-health condition; self-referral welcome',
        eligibilityCodes: ['mental-health', 'any-resident'],
        languages: ['en', 'es'],
        area: 'county',
        capacity: 25,
        waiting: 0,
      },
      {
        name: 'Peer-run warmline',
        need: 'peer-support',
        type: ['143', 'Mental Health Support'],
        hours: [
          {
            days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
            from: '16:00:00',
            to: '23:00:00',
          },
        ],
        eligibility: 'Anyone who wants to talk to someone who has been there',
        eligibilityCodes: ['any-resident', 'mental-health'],
        languages: ['en', 'es', 'ne'],
        area: 'county',
        capacity: 80,
        waiting: 0,
      },
      {
        name: 'Peer recovery coaching',
        need: 'peer-support',
        type: ['143', 'Mental Health Support'],
        hours: OFFICE,
        eligibility: 'Adults after a mental-health crisis or hospital stay',
        eligibilityCodes: ['mental-health', 'care-team-referral'],
        languages: ['en'],
        area: 'city',
        capacity: 8,
        waiting: 3,
      },
    ],
  },
];
