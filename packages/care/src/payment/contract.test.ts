import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePaymentContract, parsePeriod } from './contract.js';
import { EXAMPLE_CONTRACT } from './example-contract.js';

const EXAMPLE = new URL('../../../../docs/payment-contract.example.json', import.meta.url);

describe('the payment contract JSON', () => {
  it('ships an example that parses to the built-in example contract', () => {
    const json = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as unknown;
    expect(parsePaymentContract(json)).toEqual(EXAMPLE_CONTRACT);
  });

  it('reads a baseline benchmark with its trend', () => {
    const c = parsePaymentContract({
      ...EXAMPLE_CONTRACT,
      benchmark: { baselinePeriod: { start: '2025-01', end: '2025-12' }, trend: 0.03 },
    });
    expect(c.benchmark).toEqual({
      baselinePeriod: { start: '2025-01', end: '2025-12' },
      trend: 0.03,
    });
  });

  it.each([
    [{ ...EXAMPLE_CONTRACT, sharingRate: 50 }, '"sharingRate" must be a fraction'],
    [{ ...EXAMPLE_CONTRACT, benchmark: {} }, '"benchmark" must be'],
    [{ ...EXAMPLE_CONTRACT, qualityGate: [{ measure: 'nope', min: 1 }] }, 'qualityGate[0].measure'],
    [{ ...EXAMPLE_CONTRACT, qualityGate: [{ measure: 'fmc-7' }] }, 'needs "min" or "max"'],
    [{ ...EXAMPLE_CONTRACT, lookbackMonths: 0 }, '"lookbackMonths"'],
    [{ ...EXAMPLE_CONTRACT, name: '' }, '"name"'],
    [{ ...EXAMPLE_CONTRACT, capitation: { pmpm: -1 } }, '"capitation.pmpm"'],
    [[], 'must be a JSON object'],
  ])('refuses %j with a message naming the mistake', (value, message) => {
    expect(() => parsePaymentContract(value)).toThrow(message);
  });

  it('reads a period of months', () => {
    expect(parsePeriod('2026-01..2026-06')).toEqual({ start: '2026-01', end: '2026-06' });
    expect(parsePeriod('2026-03')).toEqual({ start: '2026-03', end: '2026-03' });
    expect(() => parsePeriod('2026-06..2026-01')).toThrow('ends before');
    expect(() => parsePeriod('2026-13')).toThrow('YYYY-MM');
  });
});
