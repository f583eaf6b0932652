/**
 * Primary-care services that count towards attribution: the HCPCS/CPT codes of the Medicare
 * Shared Savings Program's assignment rule (42 CFR § 425.400(c)(1), the list CMS publishes in the
 * "Shared Savings Program Beneficiary Assignment Methodology Specifications", PY 2024): office and
 * outpatient visits, nursing-facility, domiciliary and home visits, care management (chronic,
 * transitional, behavioural health integration), advance care planning, the Welcome to Medicare
 * and annual wellness visits. Psychotherapy, emergency and inpatient services are not on the list.
 */
export const PRIMARY_CARE_CPT: readonly string[] = [
  ...range(99201, 99215), // office or other outpatient visits
  ...range(99304, 99318), // nursing facility care
  ...range(99319, 99340), // domiciliary, rest home or custodial care
  ...range(99341, 99350), // home visits
  '99484', // behavioural health integration
  '99487', // complex chronic care management, first 60 minutes
  '99489', // complex chronic care management, each additional 30 minutes
  '99490', // chronic care management, first 20 minutes
  '99491', // chronic care management by a physician, 30 minutes
  '99492',
  '99493',
  '99494', // psychiatric collaborative care
  '99495', // transitional care management, moderate complexity
  '99496', // transitional care management, high complexity
  '99497',
  '99498', // advance care planning
  'G0402', // Welcome to Medicare visit
  'G0438',
  'G0439', // annual wellness visit
  'G0463', // hospital outpatient clinic visit (CAH method II, FQHC/RHC)
];

function range(from: number, to: number): string[] {
  const out: string[] = [];
  for (let code = from; code <= to; code++) out.push(String(code));
  return out;
}
