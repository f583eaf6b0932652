import { StoreErrors } from '../repository/errors.js';

/** Splits a search value on commas that are not escaped (`\,`), for OR semantics. */
export function splitOr(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && i + 1 < value.length) {
      current += ch + value[i + 1];
      i++;
    } else if (ch === ',') {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/** Splits on an unescaped separator (`|` in tokens, `$` in composites) and unescapes each part. */
export function splitUnescaped(value: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && i + 1 < value.length) {
      current += value[i + 1];
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

const DATE_PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * The instant range a date search value covers, honouring its precision (FHIR R4 §3.1.1.4.2):
 * `2025` is the whole year, `2025-03` the whole month, `2025-03-04T10:00Z` that minute.
 * Values without a timezone are taken as UTC.
 */
export function dateRange(value: string): { low: string; high: string } {
  const m = DATE_PATTERN.exec(value);
  if (!m) {
    throw StoreErrors.badRequest(`Invalid date search value ${JSON.stringify(value)}`);
  }
  const [, y, mo, d, h, mi, s, frac, tz] = m;
  const year = Number(y);
  const month = mo ? Number(mo) - 1 : undefined;
  const offsetMs = tz && tz !== 'Z' ? (tz[0] === '-' ? -1 : 1) * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(4, 6))) * 60_000 : 0;
  let start: number;
  let end: number;
  if (month === undefined) {
    start = Date.UTC(year, 0, 1);
    end = Date.UTC(year + 1, 0, 1);
  } else if (!d) {
    start = Date.UTC(year, month, 1);
    end = Date.UTC(year, month + 1, 1);
  } else if (!h) {
    start = Date.UTC(year, month, Number(d));
    end = start + 86_400_000;
  } else {
    const base = Date.UTC(year, month, Number(d), Number(h), Number(mi)) - offsetMs;
    if (s === undefined) {
      start = base;
      end = base + 60_000;
    } else if (frac === undefined) {
      start = base + Number(s) * 1000;
      end = start + 1000;
    } else {
      start = base + Number(s) * 1000 + Math.floor(Number(`0.${frac}`) * 1000);
      end = start + 1;
    }
  }
  if (Number.isNaN(start) || month !== undefined && (month < 0 || month > 11)) {
    throw StoreErrors.badRequest(`Invalid date search value ${JSON.stringify(value)}`);
  }
  return { low: new Date(start).toISOString(), high: new Date(end - 1).toISOString() };
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
  const half = 0.5 * 10 ** (-decimals + (exp ? Number(exp) : 0));
  return { value: n, low: n - half, high: n + half };
}

/** Lower-cases, folds accents and collapses whitespace, exactly as string values are indexed. */
export function normalizeString(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Escapes LIKE metacharacters so user input is matched literally. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
