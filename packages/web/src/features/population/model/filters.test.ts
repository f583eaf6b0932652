import { describe, expect, it } from 'vitest';
import { ageRangeError, candidateQuery, DEFAULT_FILTERS } from './filters';

describe('candidateQuery', () => {
  it('asks for the high-risk tiers, highest score first, by default', () => {
    expect(candidateQuery(DEFAULT_FILTERS, '-score')).toBe(
      'tier=very-high%2Chigh&sort=-score&count=25',
    );
  });

  it('sends only the filters that are set, and the cursor of the next page', () => {
    const q = new URLSearchParams(
      candidateQuery(
        {
          tiers: ['rising'],
          condition: 'copd',
          organization: 'Organization/north',
          minAge: 65,
          maxAge: null,
          socialNeed: 'food',
        },
        'age',
        'abc',
      ),
    );
    expect(Object.fromEntries(q)).toEqual({
      tier: 'rising',
      condition: 'copd',
      organization: 'Organization/north',
      minAge: '65',
      socialNeed: 'food',
      sort: 'age',
      count: '25',
      cursor: 'abc',
    });
  });

  it('treats no tier chosen as every tier, not the API default', () => {
    expect(
      new URLSearchParams(candidateQuery({ ...DEFAULT_FILTERS, tiers: [] }, '-score')).get('tier'),
    ).toBe('very-high,high,rising,low');
  });

  it('refuses an age range that cannot match', () => {
    expect(ageRangeError({ ...DEFAULT_FILTERS, minAge: 80, maxAge: 60 })).toMatch(
      /must not exceed/,
    );
    expect(ageRangeError({ ...DEFAULT_FILTERS, minAge: 60, maxAge: 60 })).toBeNull();
  });
});
