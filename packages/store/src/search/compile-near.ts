import { StoreErrors } from '../repository/errors.js';
import type { SearchSql } from './sql-builder.js';

/** A `near` criterion: the point and the greatest distance, in kilometres. */
export interface NearPoint {
  latitude: number;
  longitude: number;
  km: number;
}

/** The types `near` applies to: R4 Location and Careweave's HealthcareService parameter. */
export const NEAR_TYPES: ReadonlySet<string> = new Set(['Location', 'HealthcareService']);

/** Kilometres per unit a `near` distance may be given in (UCUM codes and their plain names). */
const KM_PER_UNIT: Readonly<Record<string, number>> = {
  km: 1,
  m: 0.001,
  mi: 1.609344,
  '[mi_i]': 1.609344,
};
/**
 * Distance used when `near` gives none (R4 leaves it to the server): far enough to cover a
 * county-sized network, small enough that a town's directory is not the whole state's.
 */
export const DEFAULT_NEAR_KM = 50;
/** Mean Earth radius (IUGG), km: the haversine's sphere. */
const EARTH_KM = 6371.0088;

function decimal(text: string | undefined): number | undefined {
  return text !== undefined && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
}

/**
 * Parses R4 `near`: `latitude|longitude|distance|unit` (distance and unit optional; unit km, m
 * or mi, default km). Anything else is a 400.
 */
export function parseNear(raw: string): NearPoint {
  const [lat, lon, distance, unit = 'km', ...extra] = raw.split('|');
  const latitude = decimal(lat);
  const longitude = decimal(lon);
  const amount = distance === undefined || distance === '' ? undefined : decimal(distance);
  const perUnit = KM_PER_UNIT[unit === '' ? 'km' : unit];
  if (
    extra.length > 0 ||
    latitude === undefined ||
    longitude === undefined ||
    Math.abs(latitude) > 90 ||
    Math.abs(longitude) > 180 ||
    (distance !== undefined && distance !== '' && (amount === undefined || amount <= 0)) ||
    perUnit === undefined
  ) {
    throw StoreErrors.badRequest(
      `near must be latitude|longitude|distance|unit (unit km, m or mi), got ${JSON.stringify(raw.slice(0, 100))}`,
    );
  }
  return { latitude, longitude, km: Math.min((amount ?? DEFAULT_NEAR_KM) * perUnit, 20_100) };
}

/**
 * Whether the `position` of the Location row `l` lies within the distance of the point: a
 * latitude band first (cheap, and it keeps the trigonometry to the rows that can match), then the
 * haversine great-circle distance (R. W. Sinnott, "Virtues of the Haversine", Sky and Telescope
 * 68(2):159, 1984). Coordinates are read from the stored resource, so no geocoder is involved.
 */
function withinSql(b: SearchSql, l: string, point: NearPoint): string {
  // CASE, not AND: PostgreSQL does not promise to test the type before it casts.
  const coordinate = (name: string) =>
    `(CASE WHEN jsonb_typeof(${l}.content->'position'->'${name}') = 'number' THEN (${l}.content->'position'->>'${name}')::float8 END)`;
  const lat = coordinate('latitude');
  const lon = coordinate('longitude');
  const pLat = `${b.add(point.latitude)}::float8`;
  const pLon = `${b.add(point.longitude)}::float8`;
  const km = `${b.add(point.km)}::float8`;
  const band = `${b.add(point.km / 111.0)}::float8`;
  return `(${lat} BETWEEN ${pLat} - ${band} AND ${pLat} + ${band}
    AND 2 * ${EARTH_KM} * asin(least(1, sqrt(
      power(sin(radians(${lat} - ${pLat}) / 2), 2)
      + cos(radians(${pLat})) * cos(radians(${lat})) * power(sin(radians(${lon} - ${pLon}) / 2), 2)
    ))) <= ${km})`;
}

/**
 * `near` on the `resource` alias `a`: a Location whose position is within the distance, or a
 * HealthcareService with such a Location among its `location`s (a semi-join on the service's
 * reference keys, the Locations scoped like every other alias).
 */
export function nearSql(b: SearchSql, a: string, resourceType: string, raw: string): string {
  const point = parseNear(raw);
  if (resourceType === 'Location') {
    return withinSql(b, a, point);
  }
  const l = b.alias('loc');
  return `EXISTS (SELECT 1 FROM resource ${l}
    WHERE ${l}.resource_type = 'Location' AND NOT ${l}.deleted AND ${b.scope(l)}
      AND ${a}.refs @> ARRAY[${b.add('location|Location/')}::text || ${l}.id]
      AND ${withinSql(b, l, point)})`;
}
