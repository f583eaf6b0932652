import { describe, expect, it } from 'vitest';
import { generateTemporaryPassword, MIN_PASSWORD_LENGTH } from './passwords';

describe('temporary passwords', () => {
  it('are three words and two digits, long enough for the policy', () => {
    for (let i = 0; i < 50; i++) {
      const password = generateTemporaryPassword();
      expect(password).toMatch(/^[a-z]+-[a-z]+-[a-z]+-\d{2}$/);
      expect(password.length).toBeGreaterThanOrEqual(MIN_PASSWORD_LENGTH);
    }
  });

  it('follow the random source', () => {
    expect(generateTemporaryPassword(() => 0)).toBe('amber-amber-amber-10');
  });
});
