import { hashParts } from './random.js';

const HEX: string[] = [];
for (let i = 0; i < 256; i++) {
  HEX.push(i.toString(16).padStart(2, '0'));
}

function hex32(value: number): string {
  return (
    (HEX[(value >>> 24) & 0xff] ?? '') +
    (HEX[(value >>> 16) & 0xff] ?? '') +
    (HEX[(value >>> 8) & 0xff] ?? '') +
    (HEX[value & 0xff] ?? '')
  );
}

/**
 * A UUID-shaped id (version nibble 4, RFC 4122 variant) derived only from its name parts, so the same
 * seed and counters always give the same id; importers upsert by id, so files load in any order.
 */
export function deterministicUuid(parts: readonly (number | string)[]): string {
  const a = hex32(hashParts(parts, 11));
  const b = hex32(hashParts(parts, 12));
  const c = hex32(hashParts(parts, 13));
  const d = hex32(hashParts(parts, 14));
  const version = '4' + b.slice(5, 8);
  const variant = ((parseInt(c.slice(0, 1), 16) & 0x3) | 0x8).toString(16) + c.slice(1, 4);
  return `${a}-${b.slice(0, 4)}-${version}-${variant}-${c.slice(4, 8)}${d}`;
}

/** Hands out ids for one person's resources: `seed/person/counter` keeps them unique and stable. */
export class PersonIds {
  private counter = 0;

  constructor(
    private readonly seed: number,
    private readonly personIndex: number,
  ) {}

  /** The next id for this person. */
  next(): string {
    this.counter++;
    return deterministicUuid([this.seed, 'p', this.personIndex, this.counter]);
  }
}
