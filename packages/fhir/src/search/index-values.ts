/**
 * The search values of one resource, extracted at write time and stored by `store` in typed,
 * indexed columns (DESIGN.md §4 "Storage and search"). This is the contract between `fhir`
 * (which extracts) and `store` (which writes and queries); encodings are described per field.
 */
export interface IndexValues {
  /**
   * Ids of the Patients whose compartment holds this resource (CompartmentDefinition Patient),
   * most specific first (e.g. `subject`/`patient` before `performer`). For a Patient, its own id.
   */
  patientIds: string[];
  /**
   * Token-like values (token and uri parameters), each encoded as:
   * - `${param}|${system}|${code}` exact (system is '' when the value has no system),
   * - `${param}|*|${code}` any system,
   * - `${param}|${system}|*` any code in a system (only when system is non-empty),
   * - `${param}:of-type|${typeSystem}|${typeCode}|${value}` for identifiers with a type,
   * - `${param}|${first}$${second}` for composites whose second component is a token or reference
   *   (each side in every token form above without the param, `$` and `\` escaped as `\$` `\\`;
   *   see composite.ts),
   * - `!${param}` once per parameter that has at least one value of any kind (for `:missing`).
   * `!param` entries are written for every parameter type, not only tokens.
   */
  tokens: string[];
  /** Reference values `${param}|${Type}/${id}` (and `${param}|${url}` for canonicals and absolute URLs). */
  references: string[];
  /**
   * String values, normalised: lower case, accents folded (NFD, combining marks removed),
   * whitespace collapsed. Token `:text` values are stored here with param `${param}:text`.
   * `raw` is the value as written (whitespace trimmed) when it differs from `value`, for `:exact`.
   */
  strings: { param: string; value: string; raw?: string; comp?: CompositeKey }[];
  /** Date values as the instant range they cover, honouring precision: `2025-03` → whole month. */
  dates: { param: string; low: string; high: string; comp?: CompositeKey }[];
  /** Number and quantity values; `system`/`code` are the quantity's unit system and code. */
  numbers: {
    param: string;
    value: number;
    low: number;
    high: number;
    system?: string;
    code?: string;
    unit?: string;
    comp?: CompositeKey;
  }[];
}

/**
 * The first (token) component of a composite value whose second component is a number, quantity,
 * date or string: such values are stored as rows of that type under the composite's param,
 * carrying this key (e.g. `code-value-quantity` rows carry the Observation's code).
 */
export interface CompositeKey {
  system: string;
  code: string;
}
