import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = resolve(fileURLToPath(new URL('../../dist/main.js', import.meta.url)));

function careweave(...args: string[]): {
  status: number | null;
  last: Record<string, unknown>;
  stderr: string;
} {
  const env = { ...process.env };
  delete env['DATABASE_URL'];
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  return {
    status: r.status,
    last: line.startsWith('{') ? (JSON.parse(line) as Record<string, unknown>) : {},
    stderr: r.stderr,
  };
}

describe('careweave score: calculators with one JSON object on the last line', () => {
  it('charlson, with or without the dot, with either weights', () => {
    expect(careweave('score', 'charlson', '--codes', 'I50.9,E11.22').last).toMatchObject({
      score: 3,
      conditions: ['congestive-heart-failure', 'diabetes-with-complications'],
    });
    expect(
      careweave('score', 'charlson', '--codes', 'I509,E1122,K7040', '--weights', 'quan2011').last,
    ).toMatchObject({ score: 7 });
  });

  it('lace and hospital with their bands', () => {
    expect(
      careweave(
        'score',
        'lace',
        '--los-days',
        '5',
        '--acute',
        '--charlson',
        '4',
        '--ed-visits',
        '2',
      ).last,
    ).toMatchObject({ score: 14, band: 'high' });
    expect(
      careweave(
        'score',
        'hospital',
        '--hb',
        '11',
        '--sodium',
        '133',
        '--admissions',
        '3',
        '--los-days',
        '6',
        '--urgent',
      ).last,
    ).toMatchObject({ score: 7, band: 'high' });
    expect(
      careweave(
        'score',
        'hospital',
        '--hb',
        '13',
        '--sodium',
        '140',
        '--admissions',
        '0',
        '--los-days',
        '2',
      ).last,
    ).toMatchObject({ score: 0, band: 'low' });
  });

  it('bad input: exit 1 and the reason on stderr', () => {
    const cases: [string[], RegExp][] = [
      [['score', 'charlson', '--codes', 'NOPE'], /not ICD-10 codes: NOPE/],
      [
        ['score', 'lace', '--los-days', '5', '--charlson', '1', '--ed-visits', '0'],
        /exactly one of --acute or --elective/,
      ],
      [
        ['score', 'lace', '--los-days', '-1', '--acute', '--charlson', '1', '--ed-visits', '0'],
        /--los-days must be/,
      ],
      [
        [
          'score',
          'hospital',
          '--hb',
          'abc',
          '--sodium',
          '140',
          '--admissions',
          '0',
          '--los-days',
          '2',
        ],
        /--hb must be a number/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = careweave(...args);
      expect([args.join(' '), r.status]).toEqual([args.join(' '), 1]);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe('careweave stratify and risk evaluate on an empty embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'careweave-cli-risk-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stratify records a run of nobody; evaluate explains there is nothing to evaluate; bad tier rules are refused', () => {
    const data = join(dir, 'data');
    // A directory that holds no database is refused (only serve, migrate and demo set one up).
    const refused = careweave('stratify', '--data-dir', data);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/holds no Careweave database/);
    expect(careweave('migrate', '--data-dir', data).status).toBe(0);
    expect(careweave('stratify', '--data-dir', data).last).toMatchObject({
      kind: 'full',
      patients: 0,
    });
    const evaluate = careweave('risk', 'evaluate', '--data-dir', data);
    expect(evaluate.status).toBe(1);
    expect(evaluate.stderr).toMatch(/no patients in the database/);
    writeFileSync(join(dir, 'tiers.json'), JSON.stringify({ high: { minProbability: 0.9 } }));
    const bad = careweave('stratify', '--data-dir', data, '--tiers', join(dir, 'tiers.json'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/ordered/);
    // Five CLI processes, each opening the embedded database: over a minute on a loaded machine.
  }, 240_000);
});

describe('careweave score phq9|phq2|gad7: the standardized assessments', () => {
  it('PHQ-9: score, band in words, and item 9 safety on the last line', () => {
    expect(careweave('score', 'phq9', '--answers', '2,2,3,2,1,2,2,1,1').last).toEqual({
      score: 16,
      band: 'moderately severe',
      safety: true,
    });
    expect(careweave('score', 'phq9', '--answers', '1,1,1,1,1,0,0,0,0').last).toEqual({
      score: 5,
      band: 'mild',
      safety: false,
    });
  });
  it('GAD-7 and PHQ-2', () => {
    expect(careweave('score', 'gad7', '--answers', '3,3,3,3,3,0,0').last).toEqual({
      score: 15,
      band: 'severe',
    });
    expect(careweave('score', 'phq2', '--answers', '1,1').last).toEqual({
      score: 2,
      positive: false,
    });
  });
  it('impossible answers exit non-zero naming the item, and are never scored', () => {
    for (const [which, answers, message] of [
      ['phq9', '1,0,2', /item 4/],
      ['phq9', '1,0,2,0,0,0,0,0,4', /item 9 .* got 4/],
      ['gad7', '1,0,two,0,0,0,0', /item 3 must be a number/],
      ['phq2', '1,1,1', /item 3 does not exist/],
    ] as const) {
      const r = careweave('score', which, '--answers', answers);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(message);
      expect(r.last).toEqual({});
    }
  });
});
