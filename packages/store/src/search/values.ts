import { dateRange as fhirDateRange, normalizeSearchString, type DateRange } from '@careweave/fhir';
import { StoreErrors } from '../repository/errors.js';

/** Splits a search value on commas that are not escaped (`\,`), for OR semantics. */
export function splitOr(value: string): string[] {
  return splitKeepingEscapes(value, ',');
}

/** Splits on an unescaped separator (`|` in tokens, `$` in composites) and unescapes each part. */
export function splitUnescaped(value: string, separator: string): string[] {
  return splitKeepingEscapes(value, separator).map(unescapeValue);
}

/**
 * Splits on an unescaped separator keeping the escapes in each part, so that a part can be split
 * again (a composite's `$` sides, then each side's `|`).
 */
export function splitKeepingEscapes(value: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && i + 1 < value.length) {
      current += ch + value[i + 1];
      i++;
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/** Removes FHIR search escapes (`\,` `\|` `\$` `\\`). */
export function unescapeValue(value: string): string {
  return value.replace(/\\([\\,|$])/g, '$1');
}

export const PREFIXES = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'] as const;
export type Prefix = (typeof PREFIXES)[number];

/** Takes the comparison prefix off a date or number value (`ge2024` → ['ge', '2024']). */
export function splitPrefix(value: string): [Prefix, string] {
  const head = value.slice(0, 2);
  if ((PREFIXES as readonly string[]).includes(head) && /^[a-z]{2}[-+0-9.]/.test(value)) {
    return [head as Prefix, value.slice(2)];
  }
  return ['eq', value];
}

/**
 * The instant range a date search value covers, honouring its precision (FHIR R4 §3.1.1.4.2):
 * `2025` is the whole year, `2025-03` the whole month — the same rule that indexed the values.
 */
export function dateRange(value: string): DateRange {
  const range = fhirDateRange(value);
  if (!range) {
    throw StoreErrors.badRequest(`Invalid date search value ${JSON.stringify(value)}`);
  }
  return range;
}

/** The implicit range of a number given its precision: `100` → [99.5, 100.5] (FHIR R4 §3.1.1.4.1). */
export function numberRange(value: string): { value: number; low: number; high: number } {
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(value)) {
    throw StoreErrors.badRequest(`Invalid number search value ${JSON.stringify(value)}`);
  }
  const n = Number(value);
  const mantissa = value.split(/[eE]/)[0] ?? value;
  const decimals = mantissa.includes('.') ? (mantissa.split('.')[1]?.length ?? 0) : 0;
  const exp = value.match(/[eE]([-+]?\d+)/)?.[1];
  const places = decimals - (exp ? Number(exp) : 0);
  const half = 0.5 * 10 ** -places;
  // Round to one more place than the value has, as indexed values are (fhir numbers.ts), so that
  // 5.4 - 0.05 is 5.35 on both sides rather than 5.3500000000000005.
  const round = (x: number): number =>
    places >= 0 && places <= 98 ? Number(x.toFixed(places + 1)) : x;
  return { value: n, low: round(n - half), high: round(n + half) };
}

/** Normalises a string search value exactly as string values are indexed (case, accents, spaces). */
export const normalizeString = normalizeSearchString;

/** Escapes LIKE metacharacters so user input is matched literally. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
