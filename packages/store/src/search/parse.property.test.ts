import { getSearchParams } from '@careweave/fhir';
import { OperationOutcomeError, getStatus } from '@medplum/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_COUNT, MAX_SORT_KEYS, parseSearch, type ParamFilter } from './parse.js';

const TYPES = ['Patient', 'Observation', 'Task', 'CarePlan'] as const;
const SORTABLE = new Set(['date', 'string', 'number', 'token', 'quantity', 'uri', 'reference']);

/** The parameter names a client could send: real ones, with modifiers, chains, `_has`, and noise. */
function nameArbitrary(type: string): fc.Arbitrary<string> {
  const codes = [...getSearchParams(type).keys()];
  const real = fc.constantFrom(...codes);
  return fc.oneof(
    real,
    fc
      .tuple(real, fc.constantFrom('missing', 'exact', 'contains', 'not', 'text', 'Patient', 'x'))
      .map(([c, m]) => `${c}:${m}`),
    fc.tuple(real, real).map(([a, b]) => `${a}.${b}`),
    fc
      .tuple(fc.constantFrom('Observation', 'Task', 'Bogus'), real, real)
      .map(([t, r, c]) => `_has:${t}:${r}:${c}`),
    fc.constantFrom(
      '_count',
      '_sort',
      '_total',
      '_summary',
      '_elements',
      '_include',
      '_revinclude',
      '_cursor',
      '_text',
      '_filter',
    ),
    fc.string({ unit: 'binary', maxLength: 30 }),
  );
}

/** Values: the shapes each type parses, prefixes, separators, and arbitrary unicode. */
const valueArbitrary = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ',',
    '|',
    '||',
    '$',
    'gt',
    'eq2020',
    'sa2020-01-01T00:00:00Z',
    '1e309',
    'NaN',
    '-',
    'true',
  ),
  fc
    .tuple(
      fc.constantFrom('', 'eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap', 'xx'),
      fc.string({ maxLength: 12 }),
    )
    .map(([p, v]) => p + v),
  fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })).map(([s, c]) => `${s}|${c}`),
);

/** Whether parsing threw what the API turns into a 4xx OperationOutcome. */
function isCodedRefusal(err: unknown): boolean {
  if (!(err instanceof OperationOutcomeError)) return false;
  const status = getStatus(err.outcome);
  return status >= 400 && status < 500 && (err.outcome.issue?.length ?? 0) > 0;
}

describe('FHIR search parsing under arbitrary input (fast-check)', () => {
  it('parses or refuses with a coded 4xx OperationOutcome, whatever the parameters', () => {
    for (const type of TYPES) {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(nameArbitrary(type), valueArbitrary), { maxLength: 6 }),
          fc.boolean(),
          (pairs, lenient) => {
            try {
              const parsed = parseSearch(type, pairs, { lenient });
              expect(parsed.resourceType).toBe(type);
              expect(parsed.count).toBeGreaterThanOrEqual(0);
              expect(parsed.count).toBeLessThanOrEqual(MAX_COUNT);
            } catch (err) {
              if (!isCodedRefusal(err)) throw err;
            }
          },
        ),
        { numRuns: 250 },
      );
    }
  });

  it('refuses a name it does not know under strict handling, and only warns under lenient', () => {
    const known = new Set(getSearchParams('Patient').keys());
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z-]{2,15}$/).filter((n) => !known.has(n)),
        fc.string({ maxLength: 10 }).filter((v) => v.length > 0 && !v.includes('\0')),
        (name, value) => {
          expect(() => parseSearch('Patient', [[name, value]])).toThrow(OperationOutcomeError);
          const lenient = parseSearch('Patient', [[name, value]], { lenient: true });
          expect(lenient.filters).toEqual([]);
          expect(lenient.warnings.length).toBe(1);
        },
      ),
    );
  });

  it('round-trips _count (capped at the maximum) and _sort (keys, order and direction)', () => {
    const sortable = [...getSearchParams('Observation')]
      .filter(([, p]) => SORTABLE.has(p.type))
      .map(([code]) => code);
    fc.assert(
      fc.property(
        fc.nat({ max: 100_000 }),
        fc.array(fc.tuple(fc.constantFrom(...sortable), fc.boolean()), {
          minLength: 1,
          maxLength: 4,
        }),
        (count, keys) => {
          const sort = keys.map(([code, desc]) => (desc ? `-${code}` : code)).join(',');
          const parsed = parseSearch('Observation', [
            ['_count', String(count)],
            ['_sort', sort],
          ]);
          expect(parsed.count).toBe(Math.min(count, MAX_COUNT));
          // A key given again orders nothing more: the first of each stands.
          const distinct = keys.filter(([c], i) => keys.findIndex(([d]) => d === c) === i);
          expect(parsed.sort.map((k) => [k.param.code, k.descending])).toEqual(distinct);
        },
      ),
    );
  });

  it(`refuses more than MAX_SORT_KEYS distinct _sort keys and folds repeated ones`, () => {
    const sortable = [...getSearchParams('Patient')]
      .filter(([, p]) => SORTABLE.has(p.type))
      .map(([code]) => code);
    expect(parseSearch('Patient', [['_sort', 'name,'.repeat(500)]]).sort).toHaveLength(1);
    const ok = sortable.slice(0, MAX_SORT_KEYS).join(',');
    expect(parseSearch('Patient', [['_sort', ok]]).sort).toHaveLength(MAX_SORT_KEYS);
    const tooMany = sortable.slice(0, MAX_SORT_KEYS + 1).join(',');
    expect(() => parseSearch('Patient', [['_sort', tooMany]])).toThrow(/at most/);
  });

  it('round-trips the OR-ed values of a token parameter (system|code pairs without separators)', () => {
    const part = fc.stringMatching(/^[A-Za-z0-9.:/-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(part, part), { minLength: 1, maxLength: 5 }), (codes) => {
        const values = codes.map(([system, code]) => `${system}|${code}`);
        const parsed = parseSearch('Observation', [['code', values.join(',')]]);
        const filter = parsed.filters[0] as ParamFilter;
        expect(filter.kind).toBe('param');
        expect(filter.param.code).toBe('code');
        expect(filter.values).toEqual(values);
      }),
    );
  });
});
