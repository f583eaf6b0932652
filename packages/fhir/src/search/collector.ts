import type { CompositeKey, IndexValues } from './index-values.js';
import { normalizeSearchString } from './normalize.js';

type NumberValue = IndexValues['numbers'][number];

/**
 * Accumulates the index entries of one resource, de-duplicated (FHIRPath unions are sets, and one
 * value often reaches a parameter through several branches).
 */
export class IndexCollector {
  readonly tokens = new Set<string>();
  readonly references = new Set<string>();
  readonly strings: IndexValues['strings'] = [];
  readonly dates: IndexValues['dates'] = [];
  readonly numbers: NumberValue[] = [];
  /** Values accepted so far, duplicates included: a parameter had a value if this grew. */
  added = 0;
  private readonly seen = new Set<string>();

  /** Adds the exact, any-system and (with a system) any-code forms of a token. */
  addToken(param: string, system: string, code: string): void {
    this.added++;
    this.tokens.add(`${param}|${system}|${code}`);
    this.tokens.add(`${param}|*|${code}`);
    if (system !== '') {
      this.tokens.add(`${param}|${system}|*`);
    }
  }

  /** Adds `${ofTypeParam}|typeSystem|typeCode|value` for an identifier with a type. */
  addOfType(ofTypeParam: string, typeSystem: string, typeCode: string, value: string): void {
    this.added++;
    this.tokens.add(`${ofTypeParam}|${typeSystem}|${typeCode}|${value}`);
  }

  /** Adds `!param`, the marker that a parameter has at least one value. */
  addPresent(param: string): void {
    this.tokens.add(`!${param}`);
  }

  /** Adds `${param}|${reference}` (a normalised `Type/id`, or a canonical/URL as written). */
  addReference(param: string, reference: string): void {
    this.added++;
    this.references.add(`${param}|${reference}`);
  }

  /**
   * Adds a string value, normalised, keeping the value as written (`raw`, for `:exact`) when it
   * differs; empty strings carry nothing to search for.
   */
  addString(param: string, raw: string, comp?: CompositeKey): void {
    const value = normalizeSearchString(raw);
    if (value === '') {
      return;
    }
    this.added++;
    const key = `s|${param}|${raw}${comp ? `|${comp.system}|${comp.code}` : ''}`;
    if (!this.seen.has(key)) {
      this.seen.add(key);
      const entry: IndexValues['strings'][number] =
        raw === value ? { param, value } : { param, value, raw };
      if (comp) {
        entry.comp = comp;
      }
      this.strings.push(entry);
    }
  }

  /** Adds the instant range a date value covers. */
  addDate(param: string, low: string, high: string, comp?: CompositeKey): void {
    this.added++;
    const key = `d|${param}|${low}|${high}${comp ? `|${comp.system}|${comp.code}` : ''}`;
    if (!this.seen.has(key)) {
      this.seen.add(key);
      this.dates.push(comp ? { param, low, high, comp } : { param, low, high });
    }
  }

  /** Adds a number or quantity value; non-finite numbers (not valid FHIR) are dropped. */
  addNumber(entry: NumberValue): void {
    if (!Number.isFinite(entry.value)) {
      return;
    }
    this.added++;
    const comp = entry.comp ? `|${entry.comp.system}|${entry.comp.code}` : '';
    const key = `n|${entry.param}|${entry.value}|${entry.low}|${entry.high}|${entry.system}|${entry.code}|${entry.unit}${comp}`;
    if (!this.seen.has(key)) {
      this.seen.add(key);
      this.numbers.push(entry);
    }
  }

  /** The collected entries, in the IndexValues shape, with the given compartment patients. */
  toIndexValues(patientIds: string[]): IndexValues {
    return {
      patientIds,
      tokens: [...this.tokens],
      references: [...this.references],
      strings: this.strings,
      dates: this.dates,
      numbers: this.numbers,
    };
  }
}
