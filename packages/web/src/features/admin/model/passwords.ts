/** The shortest password the server accepts (its policy also refuses common passwords). */
export const MIN_PASSWORD_LENGTH = 12;

/** Words for generated temporary passwords: easy to read out and type, never sent anywhere else. */
const WORDS = [
  'amber',
  'anchor',
  'apple',
  'autumn',
  'birch',
  'bridge',
  'cedar',
  'cloud',
  'copper',
  'coral',
  'delta',
  'ember',
  'falcon',
  'fern',
  'harbour',
  'hazel',
  'island',
  'juniper',
  'lantern',
  'maple',
  'meadow',
  'orchard',
  'pebble',
  'prairie',
  'quartz',
  'river',
  'saffron',
  'signal',
  'spruce',
  'summit',
  'thistle',
  'timber',
  'valley',
  'willow',
  'winter',
  'yarrow',
] as const;

/**
 * A temporary password of three random words and two digits (e.g. `maple-river-quartz-42`),
 * drawn with the browser's CSPRNG: about 27 bits, enough for a one-time password that must be
 * changed at the first sign-in.
 */
export function generateTemporaryPassword(random: (n: number) => number = cryptoInt): string {
  const words = Array.from({ length: 3 }, () => WORDS[random(WORDS.length)] ?? 'river');
  return `${words.join('-')}-${String(random(90) + 10)}`;
}

function cryptoInt(n: number): number {
  const buf = new Uint32Array(1);
  crypto.getRandomValues(buf);
  return (buf[0] ?? 0) % n;
}
