import type {
  HealthcareService,
  Location,
  Organization,
  Patient,
  Reference,
} from '@medplum/fhirtypes';
import {
  DIRECTORY_CATEGORIES,
  GEOLOCATION_EXTENSION,
  SERVICE_CAPACITY_EXTENSION,
  SERVICE_CATEGORY_SYSTEM_CAREWEAVE,
  SERVICE_ELIGIBILITY_SYSTEM,
  SERVICE_WAITING_LIST_EXTENSION,
  isDirectoryCategory,
  type DirectoryCategory,
} from '@careweave/contract';
import type { SearchParams } from '../../../lib/fhir';

export interface Position {
  latitude: number;
  longitude: number;
}

/** What the directory is searched by; empty strings mean "any". */
export interface DirectoryFilters {
  need: string;
  /** Greatest distance in km from the person ('' = any distance). */
  distance: string;
  language: string;
  eligibility: string;
}

/** One service as the Directory screen shows it. */
export interface ServiceCard {
  id: string;
  reference: string;
  name: string;
  organization?: string;
  need?: DirectoryCategory;
  needLabel?: string;
  languages: string[];
  eligibility: string[];
  eligibilityText?: string;
  hours: string[];
  area?: string;
  phone?: string;
  email?: string;
  capacityPerWeek?: number;
  waiting?: number;
  address?: string;
  /** Kilometres from the person, when both have coordinates. */
  distanceKm?: number;
}

/** The person's coordinates: the FHIR geolocation extension on their (home) address. */
export function personPosition(patient: Patient | undefined): Position | undefined {
  const addresses = patient?.address ?? [];
  const home = addresses.find((a) => a.use === 'home') ?? addresses[0];
  const geo = home?.extension?.find((e) => e.url === GEOLOCATION_EXTENSION);
  const part = (name: string) => geo?.extension?.find((e) => e.url === name)?.valueDecimal;
  const latitude = part('latitude');
  const longitude = part('longitude');
  return latitude !== undefined && longitude !== undefined ? { latitude, longitude } : undefined;
}

/**
 * Great-circle distance in km (haversine, mean Earth radius 6371.0088 km): the figure shown on a
 * card. Which services are near enough is the server's SQL; this only labels them.
 */
export function distanceKm(a: Position, b: Position): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h =
    Math.sin(rad(b.latitude - a.latitude) / 2) ** 2 +
    Math.cos(rad(a.latitude)) *
      Math.cos(rad(b.latitude)) *
      Math.sin(rad(b.longitude - a.longitude) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The FHIR search of the directory for the filters (and the person's position for distance). */
export function directorySearch(
  filters: DirectoryFilters,
  position: Position | undefined,
): SearchParams {
  return {
    active: 'true',
    ...(filters.need
      ? { 'service-category': `${SERVICE_CATEGORY_SYSTEM_CAREWEAVE}|${filters.need}` }
      : {}),
    ...(filters.language ? { language: filters.language } : {}),
    ...(filters.eligibility
      ? { eligibility: `${SERVICE_ELIGIBILITY_SYSTEM}|${filters.eligibility}` }
      : {}),
    ...(filters.distance && position
      ? { near: `${position.latitude}|${position.longitude}|${filters.distance}|km` }
      : {}),
    _include: ['HealthcareService:location', 'HealthcareService:organization'],
    _count: '100',
  };
}

const DAY_WORDS: Record<string, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

/** Opening hours in words: "Mon–Fri 09:00–17:00", "Every day, all day". */
export function hoursText(service: HealthcareService): string[] {
  return (service.availableTime ?? []).map((t) => {
    const days = t.daysOfWeek ?? [];
    const daysText =
      days.length === 7
        ? 'Every day'
        : days.join(',') === 'mon,tue,wed,thu,fri'
          ? 'Mon–Fri'
          : days.map((d) => DAY_WORDS[d] ?? d).join(', ');
    const time = t.allDay
      ? 'all day'
      : `${(t.availableStartTime ?? '').slice(0, 5)}–${(t.availableEndTime ?? '').slice(0, 5)}`;
    return `${daysText} ${time}`;
  });
}

function id(reference: Reference | undefined, type: string): string | undefined {
  const r = reference?.reference ?? '';
  return r.startsWith(`${type}/`) ? r.slice(type.length + 1) : undefined;
}

/** A service's card: its own fields, its organisation's name, its place and distance. */
export function serviceCard(
  service: HealthcareService,
  related: {
    locations: ReadonlyMap<string, Location>;
    organizations: ReadonlyMap<string, Organization>;
  },
  from: Position | undefined,
): ServiceCard {
  const needCoding = service.category
    ?.flatMap((c) => c.coding ?? [])
    .find((c) => c.system === SERVICE_CATEGORY_SYSTEM_CAREWEAVE && isDirectoryCategory(c.code));
  const need = isDirectoryCategory(needCoding?.code) ? needCoding.code : undefined;
  const places = (service.location ?? [])
    .map((l) => related.locations.get(id(l, 'Location') ?? ''))
    .filter((l): l is Location => l !== undefined);
  const distances = from
    ? places.filter((p) => p.position).map((p) => distanceKm(from, p.position as Position))
    : [];
  const extension = (url: string) => service.extension?.find((e) => e.url === url);
  const place = places[0];
  const address = place?.address
    ? [place.address.line?.join(' '), place.address.city].filter(Boolean).join(', ')
    : undefined;
  const organization =
    related.organizations.get(id(service.providedBy, 'Organization') ?? '')?.name ??
    service.providedBy?.display;
  const phone = service.telecom?.find((t) => t.system === 'phone')?.value;
  const email = service.telecom?.find((t) => t.system === 'email')?.value;
  const capacity = extension(SERVICE_CAPACITY_EXTENSION)?.valueQuantity?.value;
  const waiting = extension(SERVICE_WAITING_LIST_EXTENSION)?.valueInteger;
  const area = service.coverageArea?.[0]?.display;
  const eligibilityText = service.eligibility?.find((e) => !e.code?.coding?.length)?.code?.text;
  return {
    id: service.id ?? '',
    reference: `HealthcareService/${service.id ?? ''}`,
    name: service.name ?? 'Service',
    ...(organization ? { organization } : {}),
    ...(need ? { need, needLabel: DIRECTORY_CATEGORIES[need].label } : {}),
    languages: (service.communication ?? []).map(
      (c) => c.text ?? c.coding?.[0]?.display ?? c.coding?.[0]?.code ?? '',
    ),
    eligibility: (service.eligibility ?? [])
      .filter((e) => e.code?.coding?.some((c) => c.system === SERVICE_ELIGIBILITY_SYSTEM))
      .map((e) => e.code?.text ?? e.code?.coding?.[0]?.display ?? ''),
    ...(eligibilityText ? { eligibilityText } : {}),
    hours: hoursText(service),
    ...(area ? { area } : {}),
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
    ...(capacity !== undefined ? { capacityPerWeek: capacity } : {}),
    ...(waiting !== undefined ? { waiting } : {}),
    ...(address ? { address } : {}),
    ...(distances.length > 0 ? { distanceKm: Math.min(...distances) } : {}),
  };
}

/** Nearest first when distances are known, then by name. */
export function sortCards(cards: ServiceCard[]): ServiceCard[] {
  return [...cards].sort(
    (a, b) =>
      (a.distanceKm ?? Number.POSITIVE_INFINITY) - (b.distanceKm ?? Number.POSITIVE_INFINITY) ||
      a.name.localeCompare(b.name),
  );
}
