/**
 * Whether a principal diagnosis makes a stay a mental-illness hospitalisation for HEDIS FUH. The
 * code list is the contract's `FUH_MENTAL_ILLNESS_ICD10_PREFIXES` (its comment cites the
 * specification and names what is left out), shared with the FUH measure's SQL.
 */
import { FUH_MENTAL_ILLNESS_ICD10_PREFIXES, ICD10_SYSTEMS } from '@careweave/contract';

const SYSTEMS = new Set(ICD10_SYSTEMS);

/** Whether an ICD-10(-CM) code (with or without its dot) is a FUH mental illness or self-harm. */
export function isFuhMentalIllness(code: string): boolean {
  const plain = code.toUpperCase().replace('.', '');
  return FUH_MENTAL_ILLNESS_ICD10_PREFIXES.some((p) => plain.startsWith(p));
}

/** Whether any ICD-10 coding among `codings` is a FUH mental illness. */
export function anyFuhMentalIllness(
  codings: readonly { system?: string; code?: string }[],
): boolean {
  return codings.some(
    (c) =>
      c.code !== undefined &&
      c.system !== undefined &&
      SYSTEMS.has(c.system) &&
      isFuhMentalIllness(c.code),
  );
}
