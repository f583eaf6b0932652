/**
 * Name and address material for synthetic people. Deliberately varied; any resemblance to real
 * people is coincidence. Towns are fictional; phone numbers use the 555-01xx range reserved for
 * fiction.
 */
import type { Address, HumanName } from '@medplum/fhirtypes';
import type { Rng } from './random.js';
import type { Sex } from './prevalence.js';

const FEMALE = [
  'Mary',
  'Patricia',
  'Jennifer',
  'Linda',
  'Elizabeth',
  'Barbara',
  'Susan',
  'Jessica',
  'Sarah',
  'Karen',
  'Lisa',
  'Nancy',
  'Betty',
  'Sandra',
  'Margaret',
  'Ashley',
  'Kimberly',
  'Emily',
  'Donna',
  'Michelle',
  'Carol',
  'Amanda',
  'Melissa',
  'Deborah',
  'Stephanie',
  'Dorothy',
  'Rebecca',
  'Sharon',
  'Laura',
  'Cynthia',
  'Maria',
  'Guadalupe',
  'Mei',
  'Priya',
  'Fatima',
  'Aaliyah',
  'Keisha',
  'Ngozi',
  'Yuki',
  'Ana',
  'Sofia',
  'Isabella',
  'Chloe',
  'Hannah',
  'Grace',
  'Zoe',
  'Leila',
  'Mariam',
  'Thi',
  'Olga',
];
const MALE = [
  'James',
  'Robert',
  'John',
  'Michael',
  'David',
  'William',
  'Richard',
  'Joseph',
  'Thomas',
  'Charles',
  'Christopher',
  'Daniel',
  'Matthew',
  'Anthony',
  'Mark',
  'Donald',
  'Steven',
  'Paul',
  'Andrew',
  'Joshua',
  'Kenneth',
  'Kevin',
  'Brian',
  'George',
  'Timothy',
  'Ronald',
  'Jason',
  'Edward',
  'Jeffrey',
  'Ryan',
  'Jose',
  'Luis',
  'Wei',
  'Arjun',
  'Mohammed',
  'Darnell',
  'Jamal',
  'Chinedu',
  'Hiroshi',
  'Juan',
  'Mateo',
  'Liam',
  'Noah',
  'Ethan',
  'Samuel',
  'Omar',
  'Tariq',
  'Minh',
  'Ivan',
  'Dmitri',
];
const FAMILY = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Nguyen',
  'Hill',
  'Flores',
  'Green',
  'Adams',
  'Nelson',
  'Baker',
  'Hall',
  'Rivera',
  'Campbell',
  'Mitchell',
  'Carter',
  'Roberts',
  'Chen',
  'Patel',
  'Kim',
  'Okafor',
  'Haddad',
  'Novak',
  'Kowalczyk',
  'Yamamoto',
  'Singh',
  'Abebe',
];
const STREETS = [
  'Main St',
  'Oak Ave',
  'Maple St',
  'Cedar Rd',
  'River Rd',
  'Elm St',
  'Pine St',
  'Washington Ave',
  'Lake Dr',
  'Hill St',
  'Park Ave',
  'Mill Rd',
  'Church St',
  'Spring St',
  'Bridge St',
  'Harbor Way',
  'Sunset Blvd',
  'Meadow Ln',
  'Willow Ct',
  'Jefferson St',
];
const TOWNS: readonly (readonly [string, string])[] = [
  ['Riverside', '40510'],
  ['Riverside', '40511'],
  ['Millbrook', '40520'],
  ['East Haven', '40531'],
  ['Cedar Falls', '40542'],
];

/**
 * Where each fictional town lies (its postal code's centre, WGS84): the towns are placed around
 * Lexington, Kentucky, where their 405xx codes and the 859 area code belong. Addresses carry these
 * coordinates (plus a little spread by street) so the directory can be searched by distance
 * without a geocoder.
 */
const TOWN_CENTRES: Readonly<Record<string, readonly [number, number]>> = {
  '40510': [38.0406, -84.5037],
  '40511': [38.085, -84.485],
  '40520': [37.983, -84.39],
  '40531': [38.03, -84.33],
  '40542': [38.13, -84.6],
};

/** FHIR core extension on Address: its coordinates. */
export const GEOLOCATION_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/geolocation';

/** A 32-bit FNV-1a hash: spreads addresses around the town centre without drawing from an Rng. */
function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The coordinates of an address: its town's centre moved up to about 2 km by a hash of the street
 * line, rounded to 4 decimals (≈ 10 m). Undefined for a postal code outside the network.
 */
export function positionOf(address: Address): { latitude: number; longitude: number } | undefined {
  const centre = TOWN_CENTRES[address.postalCode ?? ''];
  if (!centre) return undefined;
  const h = fnv(`${address.line?.join(' ') ?? ''}|${address.postalCode ?? ''}`);
  const round = (n: number): number => Math.round(n * 10_000) / 10_000;
  return {
    latitude: round(centre[0] + ((h & 0xffff) / 0xffff - 0.5) * 0.036),
    longitude: round(centre[1] + ((h >>> 16) / 0xffff - 0.5) * 0.046),
  };
}

/** The address with its coordinates (FHIR geolocation extension), when its town is known. */
export function geolocated(address: Address): Address {
  const position = positionOf(address);
  if (!position) return address;
  return {
    ...address,
    extension: [
      {
        url: GEOLOCATION_EXTENSION,
        extension: [
          { url: 'latitude', valueDecimal: position.latitude },
          { url: 'longitude', valueDecimal: position.longitude },
        ],
      },
    ],
  };
}

/** State used for every address (a real two-letter code so address validators stay happy). */
export const STATE = 'KY';

/** A person's official name. */
export function personName(rng: Rng, sex: Sex): HumanName {
  const given = rng.pick(sex === 'female' ? FEMALE : MALE);
  return { use: 'official', family: rng.pick(FAMILY), given: [given] };
}

/** A family name alone (caregivers usually share the patient's). */
export function familyName(rng: Rng): string {
  return rng.pick(FAMILY);
}

/** A given name for the sex. */
export function givenName(rng: Rng, sex: Sex): string {
  return rng.pick(sex === 'female' ? FEMALE : MALE);
}

/** A home address in the network's area. */
export function homeAddress(rng: Rng): Address {
  const [city, postalCode] = rng.pick(TOWNS);
  return geolocated({
    use: 'home',
    line: [`${rng.int(1, 2999)} ${rng.pick(STREETS)}`],
    city,
    state: STATE,
    postalCode,
    country: 'US',
  });
}

/** A work address for an organisation. */
export function workAddress(rng: Rng): Address {
  const [city, postalCode] = rng.pick(TOWNS);
  return geolocated({
    use: 'work',
    line: [`${rng.int(1, 999)} ${rng.pick(STREETS)}`],
    city,
    state: STATE,
    postalCode,
    country: 'US',
  });
}

/** A fictional phone number in the 555-01xx range reserved for fiction. */
export function phone(rng: Rng): string {
  return `+1-859-555-01${String(rng.int(0, 99)).padStart(2, '0')}`;
}
