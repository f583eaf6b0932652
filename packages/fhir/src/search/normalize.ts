/** Any combining mark left behind by NFD decomposition (accents, diaereses, cedillas…). */
const COMBINING_MARKS = /\p{M}+/gu;
const WHITESPACE_RUN = /\s+/g;
/** Printable ASCII without runs of whitespace needs no Unicode work: the common case, kept fast. */
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

/**
 * Normalises a string search value the way IndexValues.strings are stored: lower case, accents
 * folded (NFD, combining marks removed), whitespace collapsed and trimmed. The search compiler must
 * apply the same function to query values so that `name=jose` finds "José".
 */
export function normalizeSearchString(input: string): string {
  // Lower-case before decomposing: some capitals (e.g. 'İ') lower-case into a letter plus a mark.
  let value = input.toLowerCase();
  if (!PLAIN_ASCII.test(value)) {
    value = value.normalize('NFD').replace(COMBINING_MARKS, '');
  }
  return value.replace(WHITESPACE_RUN, ' ').trim();
}
