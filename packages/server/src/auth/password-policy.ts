import { dictionary } from '@zxcvbn-ts/language-common';
import { MIN_PASSWORD_LENGTH } from './passwords.js';

/**
 * The password policy, after NIST SP 800-63B §5.1.1.2 (memorized secrets): at least
 * MIN_PASSWORD_LENGTH (12) characters, no composition rules, and refused when it is a commonly
 * used or compromised password — checked against zxcvbn's list of ~49,000 passwords most common in
 * breach corpora (`@zxcvbn-ts/language-common`), also after removing the usual decorations
 * (case, digits and symbols at the ends, l33t substitutions), repeated or sequential characters,
 * and the person's own email name.
 */
const COMMON: ReadonlySet<string> = new Set(
  dictionary['passwords-common'].map((p) => p.toLowerCase()),
);

/** The longest password accepted (argon2 hashes any length; bodies are not free). */
export const MAX_PASSWORD_LENGTH = 1024;

const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
};

/** The word under the decorations: lower case, without digits and symbols at either end. */
function core(password: string): string {
  return password.toLowerCase().replace(/^[^a-z]+|[^a-z]+$/g, '');
}

function unleet(password: string): string {
  return [...password.toLowerCase()].map((c) => LEET[c] ?? c).join('');
}

/** True for runs like `abcdefghijkl`, `123456789012` or `zyxwvu…` (each character one step from the last). */
function sequential(password: string): boolean {
  const codes = [...password].map((c) => c.codePointAt(0) ?? 0);
  const steps = new Set(codes.slice(1).map((c, i) => c - (codes[i] ?? 0)));
  return steps.size === 1 && [1, -1].includes([...steps][0] ?? 0);
}

/** A password problem, as a sentence the person can act on. */
export type PasswordProblem = string;

/**
 * Checks a new password; answers the problems (empty when it is acceptable). `email` lets the
 * check refuse a password built from the person's own login name.
 */
export function passwordProblems(password: string, context: { email?: string } = {}): string[] {
  const problems: string[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    problems.push(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    problems.push(`The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`);
  }
  const lower = password.toLowerCase();
  const candidates = [lower, core(password), unleet(password), core(unleet(password))];
  if (candidates.some((c) => c.length > 0 && COMMON.has(c))) {
    problems.push(
      'This password is one of the most commonly used passwords (or one with a digit or symbol added); choose another, e.g. a few unrelated words.',
    );
  } else if (/^(.+?)\1+$/s.test(password) || new Set(password).size <= 2) {
    problems.push('The password repeats the same characters; choose another.');
  } else if (password.length > 0 && sequential(password)) {
    problems.push('The password is a sequence (like abcdef or 123456); choose another.');
  }
  const name = context.email?.split('@')[0]?.toLowerCase();
  if (name && name.length >= 4 && lower.includes(name)) {
    problems.push('The password must not contain your email name.');
  }
  return problems;
}
