import type { Bundle } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { readWithheld, sumWithheld, withheldText } from './withheld';

const empty: Bundle = { resourceType: 'Bundle', type: 'searchset' };

describe("readWithheld: the one place that reads the server's withheld-data signal", () => {
  it('reads a count and reason from the X-Careweave-Withheld header', () => {
    const w = readWithheld(
      new Headers({ 'X-Careweave-Withheld': '2; reason="consent required"' }),
      empty,
    );
    expect(w).toEqual({ count: 2, reason: 'consent required' });
    expect(withheldText(w!)).toBe('2 items hidden: consent required');
  });

  it('reads a suppressed issue in a search.mode=outcome entry', () => {
    const bundle: Bundle = {
      ...empty,
      entry: [
        {
          search: { mode: 'outcome' },
          resource: {
            resourceType: 'OperationOutcome',
            issue: [
              {
                severity: 'information',
                code: 'suppressed',
                diagnostics: '3 resources withheld: consent required',
              },
            ],
          },
        },
      ],
    };
    expect(readWithheld(new Headers(), bundle)).toEqual({ count: 3, reason: 'consent required' });
  });

  it('treats a SUBSETTED tag as "some items hidden" without a count', () => {
    const bundle: Bundle = {
      ...empty,
      meta: {
        tag: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
            code: 'SUBSETTED',
          },
        ],
      },
    };
    const w = readWithheld(new Headers(), bundle);
    expect(w).toEqual({ count: null, reason: 'consent required' });
    expect(withheldText(w!)).toBe('Some items hidden: consent required');
  });

  it('finds nothing in an ordinary Bundle, and ignores unrelated warnings', () => {
    const bundle: Bundle = {
      ...empty,
      entry: [
        {
          search: { mode: 'outcome' },
          resource: {
            resourceType: 'OperationOutcome',
            issue: [
              {
                severity: 'warning',
                code: 'not-supported',
                diagnostics: 'Unknown parameter foo ignored',
              },
            ],
          },
        },
      ],
    };
    expect(readWithheld(new Headers(), bundle)).toBeNull();
  });

  it('adds up the signals of several panels for the header', () => {
    expect(
      sumWithheld([
        null,
        { count: 2, reason: 'consent required' },
        { count: 1, reason: 'consent required' },
      ]),
    ).toEqual({ count: 3, reason: 'consent required' });
    expect(
      sumWithheld([
        { count: 2, reason: 'consent required' },
        { count: null, reason: 'sensitive data' },
      ]),
    ).toEqual({ count: null, reason: 'consent required, sensitive data' });
    expect(sumWithheld([null, undefined])).toBeNull();
    expect(withheldText({ count: 1, reason: 'consent required' })).toBe(
      '1 item hidden: consent required',
    );
  });
});
