import { expect, test } from 'vitest';
import { normalizeSearchString } from './normalize.js';

test('strings are lower-cased, accents folded and whitespace collapsed', () => {
  expect(normalizeSearchString('José  Muñoz-García')).toBe('jose munoz-garcia');
  expect(normalizeSearchString('  ÅSA\tBjörk\n ')).toBe('asa bjork');
  expect(normalizeSearchString('Ça Đ ø')).toBe('ca đ ø'); // letters without a combining mark stay
  expect(normalizeSearchString('İstanbul')).toBe('istanbul');
  expect(normalizeSearchString('Plain ASCII')).toBe('plain ascii');
  expect(normalizeSearchString('Zoë'.normalize('NFD'))).toBe('zoe');
});
