import type {
  Address,
  CodeableConcept,
  Coding,
  HumanName,
  Identifier,
  Money,
  Period,
  Quantity,
  Range,
  Reference,
  Timing,
} from '@medplum/fhirtypes';
import { dateRange, periodRange, type DateRange } from './dates.js';
import type { IndexCollector } from './collector.js';
import { precisionRange } from './numbers.js';
import { normalizeReference } from './references.js';
import type { SearchParamType } from './registry.js';

/** What conversion needs to know about a parameter; keys are built once per parameter, not per value. */
export interface ConvertTarget {
  readonly code: string;
  readonly type: SearchParamType;
  /** `${code}:text`, the string param of token `:text` values. */
  readonly textCode: string;
  /** `${code}:of-type`, the token param of identifiers with a type. */
  readonly ofTypeCode: string;
}

/** Builds the conversion target of a search parameter. */
export function convertTarget(code: string, type: SearchParamType): ConvertTarget {
  return { code, type, textCode: `${code}:text`, ofTypeCode: `${code}:of-type` };
}

/** ISO 4217, the code system of Money.currency, used as the "unit system" of Money values. */
export const CURRENCY_SYSTEM = 'urn:iso:std:iso:4217';
/** Bounds of an open-ended Range (largest finite doubles, so every column type can store them). */
const OPEN_LOW = -Number.MAX_VALUE;
const OPEN_HIGH = Number.MAX_VALUE;

const QUANTITY_TYPES = new Set([
  'Quantity',
  'Age',
  'Duration',
  'Distance',
  'Count',
  'SimpleQuantity',
  'MoneyQuantity',
]);

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null;
}

/**
 * Converts one value reached by a parameter's expression (with its FHIR type) into index entries,
 * following the encodings of IndexValues. Composite and special parameters are not extracted.
 */
export function addValue(
  out: IndexCollector,
  target: ConvertTarget,
  value: unknown,
  type: string,
): void {
  if (value === undefined || value === null) {
    return;
  }
  switch (target.type) {
    case 'token':
      addTokenValue(out, target, value, type);
      return;
    case 'uri':
      if (typeof value === 'string' && value !== '') {
        // `_profile` is matched like a reference to its canonical; other uri params like tokens.
        if (target.code === '_profile') {
          out.addReference(target.code, value);
        } else {
          out.addToken(target.code, '', value);
        }
      }
      return;
    case 'reference':
      addReferenceValue(out, target, value);
      return;
    case 'string':
      addStringValue(out, target.code, value, type);
      return;
    case 'date':
      addDateValue(out, target.code, value, type);
      return;
    case 'number':
    case 'quantity':
      addNumberValue(out, target.code, value, type);
      return;
    case 'composite':
    case 'special':
      return;
  }
}

function addCoding(out: IndexCollector, target: ConvertTarget, coding: Coding): void {
  if (coding.code !== undefined && coding.code !== '') {
    out.addToken(target.code, coding.system ?? '', coding.code);
  }
  if (coding.display) {
    out.addString(target.textCode, coding.display);
  }
}

function addTokenValue(
  out: IndexCollector,
  target: ConvertTarget,
  value: unknown,
  type: string,
): void {
  if (typeof value === 'string') {
    if (value !== '') {
      out.addToken(target.code, '', value);
    }
    return;
  }
  if (typeof value === 'boolean' || typeof value === 'number') {
    out.addToken(target.code, '', String(value));
    return;
  }
  if (!isObject(value)) {
    return;
  }
  if (type === 'CodeableConcept' || (type !== 'Coding' && Array.isArray(value.coding))) {
    const concept = value as CodeableConcept;
    for (const coding of concept.coding ?? []) {
      if (isObject(coding)) {
        addCoding(out, target, coding);
      }
    }
    if (concept.text) {
      out.addString(target.textCode, concept.text);
    }
  } else if (type === 'Identifier') {
    addIdentifier(out, target, value);
  } else if (type === 'ContactPoint') {
    // The ContactPoint's own `system` (phone, email…) is a kind, not a code system.
    if (typeof value.value === 'string' && value.value !== '') {
      out.addToken(target.code, '', value.value);
    }
  } else if (type === 'Coding' || typeof value.code === 'string') {
    addCoding(out, target, value);
  }
}

function addIdentifier(out: IndexCollector, target: ConvertTarget, identifier: Identifier): void {
  const { value } = identifier;
  if (value !== undefined && value !== '') {
    out.addToken(target.code, identifier.system ?? '', value);
    for (const coding of identifier.type?.coding ?? []) {
      if (coding.code) {
        out.addOfType(target.ofTypeCode, coding.system ?? '', coding.code, value);
      }
    }
  }
  if (identifier.type?.text) {
    out.addString(target.textCode, identifier.type.text);
  }
}

function addReferenceValue(out: IndexCollector, target: ConvertTarget, value: unknown): void {
  if (typeof value === 'string') {
    // canonical / uri: matched as written (a version suffix `|1.0` included).
    if (value !== '' && !value.startsWith('#')) {
      out.addReference(target.code, value);
    }
  } else if (isObject(value)) {
    if (typeof value.resourceType === 'string') {
      // A resource reached directly (e.g. Bundle.entry[0].resource) stands for a reference to it.
      if (typeof value.id === 'string') {
        out.addReference(target.code, `${value.resourceType}/${value.id}`);
      }
      return;
    }
    const reference = (value as Reference).reference;
    const normalized = reference === undefined ? undefined : normalizeReference(reference);
    if (normalized !== undefined) {
      out.addReference(target.code, normalized);
    }
  }
}

function addStringValue(out: IndexCollector, code: string, value: unknown, type: string): void {
  if (typeof value === 'string') {
    out.addString(code, value);
  } else if (!isObject(value)) {
    return;
  } else if (type === 'HumanName') {
    const name = value as HumanName;
    const parts = [
      ...(name.prefix ?? []),
      ...(name.given ?? []),
      name.family,
      ...(name.suffix ?? []),
    ];
    for (const part of parts) {
      if (typeof part === 'string') {
        out.addString(code, part);
      }
    }
    if (name.text) {
      out.addString(code, name.text);
    }
    // The full name lets `name=maria jose` match across parts, as it would match `text`.
    out.addString(code, parts.filter((p) => typeof p === 'string').join(' '));
  } else if (type === 'Address') {
    const address = value as Address;
    const parts = [...(address.line ?? []), address.city, address.district, address.state];
    for (const part of [...parts, address.postalCode, address.country, address.text]) {
      if (typeof part === 'string') {
        out.addString(code, part);
      }
    }
  }
}

function addRange(out: IndexCollector, code: string, range: DateRange | undefined): void {
  if (range) {
    out.addDate(code, range.low, range.high);
  }
}

function addDateValue(out: IndexCollector, code: string, value: unknown, type: string): void {
  if (typeof value === 'string') {
    addRange(out, code, dateRange(value));
  } else if (!isObject(value)) {
    return;
  } else if (type === 'Timing' || Array.isArray(value.event) || isObject(value.repeat)) {
    // Only the outer limits of a schedule matter for search: its events and its bounds.
    const timing = value as Timing;
    for (const event of timing.event ?? []) {
      if (typeof event === 'string') {
        addRange(out, code, dateRange(event));
      }
    }
    const bounds = timing.repeat?.boundsPeriod;
    if (bounds) {
      addRange(out, code, periodRange(bounds.start, bounds.end));
    }
  } else {
    const period = value as Period;
    addRange(out, code, periodRange(period.start, period.end));
  }
}

function addNumberValue(out: IndexCollector, code: string, value: unknown, type: string): void {
  if (typeof value === 'number') {
    const [low, high] = precisionRange(value);
    out.addNumber({ param: code, value, low, high });
  } else if (!isObject(value)) {
    return;
  } else if (type === 'Range' || isObject(value.low) || isObject(value.high)) {
    addRangeValue(out, code, value);
  } else if (type === 'Money' || typeof value.currency === 'string') {
    const money = value as Money;
    if (typeof money.value === 'number') {
      const [low, high] = precisionRange(money.value);
      const currency = money.currency ? { system: CURRENCY_SYSTEM, code: money.currency } : {};
      out.addNumber({ param: code, value: money.value, low, high, ...currency });
    }
  } else if (QUANTITY_TYPES.has(type) || typeof value.value === 'number') {
    const quantity = value as Quantity;
    if (typeof quantity.value === 'number') {
      // A comparator (`<5`) is not widened into an open range: the stated value is what is indexed.
      const [low, high] = precisionRange(quantity.value);
      out.addNumber({ param: code, value: quantity.value, low, high, ...units(quantity) });
    }
  }
}

function units(quantity: Quantity): { system?: string; code?: string; unit?: string } {
  const result: { system?: string; code?: string; unit?: string } = {};
  if (quantity.system) {
    result.system = quantity.system;
  }
  if (quantity.code) {
    result.code = quantity.code;
  }
  if (quantity.unit) {
    result.unit = quantity.unit;
  }
  return result;
}

function addRangeValue(out: IndexCollector, code: string, range: Range): void {
  const lowValue = range.low?.value;
  const highValue = range.high?.value;
  const value = lowValue ?? highValue;
  if (value === undefined) {
    return;
  }
  const low = lowValue === undefined ? OPEN_LOW : lowValue;
  const high = highValue === undefined ? OPEN_HIGH : highValue;
  const withUnits = lowValue === undefined ? range.high : range.low;
  out.addNumber({ param: code, value, low, high, ...units(withUnits ?? {}) });
}
