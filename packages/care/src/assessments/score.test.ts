import { describe, expect, it } from 'vitest';
import { HRSN_ITEM } from './instruments.js';
import {
  ScoreError,
  gad7Band,
  parseAnswerList,
  phq9Band,
  scoreFrequency,
  scoreGad7,
  scoreHrsn,
  scorePhq2,
  scorePhq9,
} from './score.js';

/** Nine answers summing to `total` (item 9 left at 0 unless given). */
function phq9With(total: number, item9 = 0): number[] {
  const out = new Array<number>(9).fill(0);
  out[8] = item9;
  let left = total - item9;
  for (let i = 0; i < 8 && left > 0; i++) {
    out[i] = Math.min(3, left);
    left -= out[i] ?? 0;
  }
  return out;
}

describe('PHQ-9 (Kroenke 2001): bands at every edge, item 9', () => {
  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'moderately severe'],
    [19, 'moderately severe'],
    [20, 'severe'],
    [27, 'severe'],
  ] as const)('a total of %i is %s', (total, band) => {
    expect(phq9Band(total)).toBe(band);
    const r = scorePhq9(phq9With(total, total === 27 ? 3 : 0));
    expect(r).toMatchObject({ score: total, band, prorated: false, missing: [] });
  });

  it('item 9 > 0 raises safety whatever the total', () => {
    expect(scorePhq9([0, 0, 0, 0, 0, 0, 0, 0, 1])).toMatchObject({
      score: 1,
      band: 'minimal',
      safety: true,
    });
    expect(scorePhq9(phq9With(12, 0)).safety).toBe(false);
    expect(scorePhq9(phq9With(12, 2)).safety).toBe(true);
  });

  it('a worked example by the published rule ("add up all checked boxes"): 16 is moderately severe', () => {
    // 2+2+3+2+1+2+2+1+1 = 16, in the 15-19 band; item 9 answered "Several days".
    expect(scoreFrequency('phq9', [2, 2, 3, 2, 1, 2, 2, 1, 1])).toEqual({
      score: 16,
      band: 'moderately severe',
      safety: true,
    });
  });

  it('missing answers: up to two are prorated, never a silent zero; more cannot be scored', () => {
    const r = scorePhq9([3, 3, 3, 3, 3, 3, 3, undefined, 0]);
    // 21 over 8 answered items × 9 = 23.6 → 24, not 21.
    expect(r).toMatchObject({ score: 24, prorated: true, missing: [8], band: 'severe' });
    expect(() => scorePhq9([1, 1, 1, 1, 1, 1, undefined, undefined, undefined])).toThrow(
      /items 7, 8, 9 unanswered/,
    );
    const noItem9 = scorePhq9([1, 1, 1, 1, 1, 1, 1, 1, undefined]);
    expect(noItem9).toMatchObject({ safety: false, item9Answered: false, score: 9 });
  });

  it('impossible answers name the item', () => {
    expect(() => scorePhq9([0, 0, 4, 0, 0, 0, 0, 0, 0])).toThrow(/item 3 .* must be 0, 1, 2 or 3/);
    try {
      scorePhq9([0, 0, 0, 0, 0, -1, 0, 0, 0]);
    } catch (err) {
      expect(err).toBeInstanceOf(ScoreError);
      expect((err as ScoreError).item).toBe(6);
    }
  });
});

describe('PHQ-2 (Kroenke 2003): positive at 3', () => {
  it.each([
    [[0, 0], 0, false],
    [[1, 1], 2, false],
    [[2, 1], 3, true],
    [[3, 3], 6, true],
  ] as const)('%j scores %i, positive %s', (answers, score, positive) => {
    expect(scoreFrequency('phq2', answers)).toEqual({ score, positive });
  });
  it('both items are needed', () => {
    expect(() => scorePhq2([1, undefined])).toThrow(/item 2 unanswered/);
  });
});

describe('GAD-7 (Spitzer 2006): cut-points 5, 10, 15', () => {
  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'severe'],
    [21, 'severe'],
  ] as const)('a total of %i is %s', (total, band) => {
    expect(gad7Band(total)).toBe(band);
    const answers = new Array<number>(7).fill(0);
    let left = total;
    for (let i = 0; i < 7 && left > 0; i++) {
      answers[i] = Math.min(3, left);
      left -= answers[i] ?? 0;
    }
    expect(scoreFrequency('gad7', answers)).toEqual({ score: total, band });
  });
  it('one missing item is prorated, two cannot be scored', () => {
    expect(scoreGad7([2, 2, 2, 2, 2, 2, undefined])).toMatchObject({ score: 14, prorated: true });
    expect(() => scoreGad7([2, 2, 2, 2, 2, undefined, undefined])).toThrow(/items 6, 7/);
  });
});

describe('the CLI answer list', () => {
  it('parses and rejects with the item named', () => {
    expect(parseAnswerList('phq2', '1, 2')).toEqual([1, 2]);
    expect(() => parseAnswerList('phq9', '1,0,2')).toThrow(/needs 9 answers; got 3 \(item 4/);
    expect(() => parseAnswerList('phq9', '1,0,2,x,0,0,0,0,0')).toThrow(/item 4 must be a number/);
    expect(() => parseAnswerList('gad7', '1,0,2,0,0,0,7')).toThrow(/item 7 .* got 7/);
    expect(() => parseAnswerList('phq2', '1,0,2')).toThrow(/item 3 does not exist/);
    expect(() => parseAnswerList('phq2', '1,-1')).toThrow(/item 2 must be a number/);
    expect(() => parseAnswerList('phq2', '1.5,1')).toThrow(/item 1 must be a number/);
  });
});

describe('AHC-HRSN (CMS AHC guide 2017): positive domains', () => {
  const I = HRSN_ITEM;
  const none = new Map<string, number[]>([
    [I.livingSituation, [0]],
    [I.housingProblems, [0]],
    [I.foodWorry, [0]],
    [I.foodDidNotLast, [0]],
    [I.transportation, [0]],
    [I.utilities, [0]],
    [I.hurt, [1]],
    [I.insult, [1]],
    [I.threaten, [1]],
    [I.scream, [1]],
  ]);
  it('no needs: every domain negative, safety score 4', () => {
    expect(scoreHrsn(none)).toMatchObject({ positive: [], safetyScore: 4 });
  });
  it('interpersonal safety is positive at a sum of 11, not 10', () => {
    const at = (scores: number[]): string =>
      scoreHrsn(
        new Map([
          ...none,
          [I.hurt, [scores[0] ?? 1]],
          [I.insult, [scores[1] ?? 1]],
          [I.threaten, [scores[2] ?? 1]],
          [I.scream, [scores[3] ?? 1]],
        ]),
      ).domains['interpersonal-safety'];
    expect(at([1, 4, 1, 4])).toBe('negative'); // 10
    expect(at([2, 4, 1, 4])).toBe('positive'); // 11
  });
  it('food, housing, transport, utilities follow their answers', () => {
    const r = scoreHrsn(
      new Map([
        ...none,
        [I.livingSituation, [0]],
        [I.housingProblems, [1, 1]],
        [I.foodDidNotLast, [1]],
        [I.utilities, [1]],
      ]),
    );
    expect(r.positive).toEqual(['living-situation', 'food', 'utilities']);
  });
  it('unanswered items: unknown unless the answers already decide', () => {
    const partial = new Map([
      [I.hurt, [5]],
      [I.insult, [5]],
    ]);
    const r = scoreHrsn(partial);
    expect(r.domains).toMatchObject({
      'interpersonal-safety': 'positive', // 10 + at least 1 + 1
      food: 'unknown',
    });
    expect(r.safetyScore).toBeUndefined();
    expect(scoreHrsn(new Map([[I.hurt, [1]]])).domains['interpersonal-safety']).toBe('unknown');
  });
});
