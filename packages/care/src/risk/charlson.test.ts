import { describe, expect, it } from 'vitest';
import { charlsonCondition, charlsonIndex } from './charlson.js';

describe('Charlson Comorbidity Index (Quan 2005 ICD-10 algorithm)', () => {
  it('scores the issue example I50.9 + E11.22 with both weightings', () => {
    // CHF (1987: 1, 2011: 2) + diabetes with chronic complications (1987: 2, 2011: 1)
    expect(charlsonIndex(['I50.9', 'E11.22']).score).toBe(3);
    expect(charlsonIndex(['I50.9', 'E11.22'], 'quan2011').score).toBe(3);
    expect(charlsonIndex(['I50.9', 'E11.22']).conditions.map((c) => c.condition)).toEqual([
      'congestive-heart-failure',
      'diabetes-with-complications',
    ]);
  });

  it('accepts codes with or without the dot, in any case', () => {
    expect(charlsonCondition('E1122')).toBe('diabetes-with-complications');
    expect(charlsonCondition('e11.9')).toBe('diabetes-without-complications');
    expect(charlsonCondition(' I25.2 ')).toBe('myocardial-infarction');
    expect(charlsonCondition('I25.10')).toBeUndefined(); // chronic ischaemic heart disease is not MI
    expect(charlsonCondition('not a code')).toBeUndefined();
  });

  it('maps the synthetic population codes as Quan 2005 Table 1 does', () => {
    const cases: [string, string | undefined][] = [
      ['I10', undefined],
      ['E11.40', 'diabetes-with-complications'],
      ['E11.319', 'diabetes-with-complications'],
      ['J44.9', 'chronic-pulmonary-disease'],
      ['J45.909', 'chronic-pulmonary-disease'],
      ['N18.30', 'renal-disease'],
      ['N18.4', 'renal-disease'],
      ['F03.90', 'dementia'],
      ['G30.9', 'dementia'],
      ['F32.9', undefined],
      ['C50.919', 'any-malignancy'],
      ['C44.90', undefined], // skin, excluded
      ['C78.00', 'metastatic-solid-tumour'],
      ['B20', 'aids-hiv'],
      ['K70.30', 'mild-liver-disease'],
      ['K70.40', 'moderate-or-severe-liver-disease'],
      ['I42.5', 'congestive-heart-failure'],
      ['I42.1', undefined],
      ['G83.9', 'hemiplegia-or-paraplegia'],
      ['G83.5', undefined],
    ];
    for (const [code, condition] of cases) {
      expect([code, charlsonCondition(code)]).toEqual([code, condition]);
    }
  });

  it('applies the hierarchy rules: only the severe form counts', () => {
    expect(charlsonIndex(['E11.9', 'E11.22']).conditions.map((c) => c.condition)).toEqual([
      'diabetes-with-complications',
    ]);
    expect(charlsonIndex(['E11.9', 'E11.22']).score).toBe(2);
    expect(charlsonIndex(['K70.30', 'K70.40']).score).toBe(3);
    expect(charlsonIndex(['K70.30', 'K70.40'], 'quan2011').score).toBe(4);
    expect(charlsonIndex(['C50.919', 'C78.00']).score).toBe(6);
    expect(charlsonIndex(['C50.919']).score).toBe(2);
    expect(charlsonIndex(['E11.9']).score).toBe(1);
    expect(charlsonIndex(['E11.9'], 'quan2011').score).toBe(0);
  });

  it('reaches the published maxima: 24 with the Quan 2011 weights, 29 with Charlson 1987', () => {
    const everything = [
      'I21.9',
      'I50.9',
      'I70.0',
      'I63.9',
      'F03.90',
      'J44.9',
      'M05.9',
      'K25.9',
      'K70.30',
      'E11.9',
      'E11.22',
      'G81.90',
      'N18.4',
      'C50.919',
      'K72.10',
      'C78.00',
      'B20',
    ];
    expect(charlsonIndex(everything, 'quan2011').score).toBe(24);
    expect(charlsonIndex(everything, 'charlson1987').score).toBe(29);
    expect(charlsonIndex([]).score).toBe(0);
  });

  it('counts a comorbidity once however many codes show it', () => {
    expect(charlsonIndex(['I50.9', 'I50.1', 'I11.0']).score).toBe(1);
  });
});
