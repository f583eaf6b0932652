/**
 * Number of decimal places a number was written with, as far as JavaScript still knows it:
 * JSON.parse turns `100.0` into `100`, so trailing zeros are lost before we ever see the value.
 */
function decimalPlaces(value: number): number {
  const text = String(Math.abs(value));
  const e = text.indexOf('e');
  const mantissa = e < 0 ? text : text.slice(0, e);
  const exponent = e < 0 ? 0 : Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  return (dot < 0 ? 0 : mantissa.length - dot - 1) - exponent;
}

/**
 * The implicit range of a decimal per the FHIR search spec ("the precision of the number is
 * implied by its representation"): `100` → [99.5, 100.5], `100.5` → [100.45, 100.55].
 */
export function precisionRange(value: number): [number, number] {
  const places = decimalPlaces(value);
  const half = 0.5 * 10 ** -places;
  if (places < 0 || places > 98) {
    return [value - half, value + half];
  }
  // Round to one more place than the value has, so that 100.5 - 0.05 is 100.45, not 100.449999….
  return [Number((value - half).toFixed(places + 1)), Number((value + half).toFixed(places + 1))];
}
