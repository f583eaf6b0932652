import { describe, expect, it } from 'vitest';
import { detailRuns } from './detail';

describe('card detail', () => {
  it('marks **bold** runs and keeps the rest as text', () => {
    expect(detailRuns('PHQ-9 is **12** (2026-03-10).')).toEqual([
      { text: 'PHQ-9 is ', strong: false },
      { text: '12', strong: true },
      { text: ' (2026-03-10).', strong: false },
    ]);
    expect(detailRuns('<b>not html</b>')).toEqual([{ text: '<b>not html</b>', strong: false }]);
  });
});
