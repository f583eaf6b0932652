import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password-policy.js';

describe('the password policy (NIST SP 800-63B §5.1.1.2)', () => {
  it('accepts long passwords that are not common, whatever their characters', () => {
    for (const ok of [
      'correct horse battery staple',
      'lighthouse meadow copper',
      'Xk9#mQ2$vL7!',
      'maple-river-quartz-42',
      'ünïcödé pässwörd',
    ]) {
      expect(passwordProblems(ok), ok).toEqual([]);
    }
  });

  it('wants at least 12 characters (counted as characters, not bytes)', () => {
    expect(passwordProblems('short pass')).toEqual([
      'The password must be at least 12 characters long.',
    ]);
    expect(passwordProblems('🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂')[0]).toMatch(/at least 12/);
  });

  it('refuses common passwords, also with the usual decorations', () => {
    for (const common of [
      'qwertyuiop123',
      '1qaz2wsx3edc',
      'Password1234!',
      'P@ssw0rd2024!!',
      '!!!!iloveyou1234',
      'administrator',
      'Football12345',
    ]) {
      expect(passwordProblems(common).join(' '), common).toMatch(/commonly used/);
    }
  });

  it('refuses repeated and sequential characters, and the email name', () => {
    expect(passwordProblems('aaaaaaaaaaaaaa').join(' ')).toMatch(/repeats/);
    expect(passwordProblems('abcabcabcabcabc').join(' ')).toMatch(/repeats/);
    expect(passwordProblems('abcdefghijklmn').join(' ')).toMatch(/sequence/);
    expect(passwordProblems('9876543210987', {}).join(' ')).not.toMatch(/sequence/);
    expect(passwordProblems('zyxwvutsrqpon').join(' ')).toMatch(/sequence/);
    expect(
      passwordProblems('grace.mensah was here', { email: 'grace.mensah@example.org' }).join(' '),
    ).toMatch(/email name/);
  });

  it('bounds the length (argon2 is cheap per byte, bodies are not free)', () => {
    expect(passwordProblems('x y z '.repeat(200)).join(' ')).toMatch(/at most 1024/);
  });
});
