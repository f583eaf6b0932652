import type { ReconciliationLine } from '@careweave/contract';
import { describe, expect, it } from 'vitest';
import { emptyDecisions, problems } from './transitions';

const lines: ReconciliationLine[] = [
  { key: 'a', medication: 'Metformin', change: 'stopped' },
  { key: 'b', medication: 'Apixaban', change: 'added' },
];

describe('reconciliation drafts', () => {
  it('asks for a decision on every line and a reason to stop or change', () => {
    const drafts = emptyDecisions(lines);
    expect(problems(lines, drafts)).toEqual([
      'Choose continue, stop or change for Metformin.',
      'Choose continue, stop or change for Apixaban.',
    ]);
    drafts['a'] = { decision: 'stop', reason: ' ', dosage: '' };
    drafts['b'] = { decision: 'continue', reason: '', dosage: '' };
    expect(problems(lines, drafts)).toEqual(['Say why Metformin is to stop.']);
    drafts['a'] = { decision: 'stop', reason: 'Kidney function', dosage: '' };
    expect(problems(lines, drafts)).toEqual([]);
  });
});
