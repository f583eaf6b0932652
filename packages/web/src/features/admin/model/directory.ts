import type { CodeableConcept, HealthcareService, Organization } from '@medplum/fhirtypes';

/** HL7 organization-type codes (http://terminology.hl7.org/CodeSystem/organization-type). */
export const ORGANIZATION_TYPES: readonly { value: string; label: string }[] = [
  { value: 'prov', label: 'Healthcare provider' },
  { value: 'dept', label: 'Hospital department' },
  { value: 'team', label: 'Organizational team' },
  { value: 'cg', label: 'Community group' },
  { value: 'govt', label: 'Government' },
  { value: 'ins', label: 'Insurance company' },
  { value: 'pay', label: 'Payer' },
  { value: 'edu', label: 'Educational institute' },
  { value: 'reli', label: 'Religious institution' },
  { value: 'bus', label: 'Non-healthcare business' },
  { value: 'other', label: 'Other' },
];
const ORG_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/organization-type';

/** Capacity of a service (new referrals per week), as packages/synth writes it. */
export const CAPACITY_URL =
  'https://careweave.org/fhir/StructureDefinition/healthcareservice-capacity';

/** The organisation-type code of an Organization, if any. */
export function organizationType(org: Organization): string | undefined {
  return org.type?.flatMap((t) => t.coding ?? []).find((c) => c.system === ORG_TYPE_SYSTEM)?.code;
}

/** What the organisation form edits. */
export interface OrganizationForm {
  name: string;
  type: string;
  phone: string;
  email: string;
  active: boolean;
}

export function organizationForm(org: Organization | undefined): OrganizationForm {
  return {
    name: org?.name ?? '',
    type: (org && organizationType(org)) ?? 'prov',
    phone: org?.telecom?.find((t) => t.system === 'phone')?.value ?? '',
    email: org?.telecom?.find((t) => t.system === 'email')?.value ?? '',
    active: org?.active !== false,
  };
}

/** The Organization the form describes, keeping what the form does not edit. */
export function applyOrganizationForm(
  base: Organization | undefined,
  form: OrganizationForm,
): Organization {
  const type = ORGANIZATION_TYPES.find((t) => t.value === form.type);
  const others = (base?.telecom ?? []).filter((t) => t.system !== 'phone' && t.system !== 'email');
  const telecom = [
    ...others,
    ...(form.phone.trim()
      ? [{ system: 'phone' as const, value: form.phone.trim(), use: 'work' as const }]
      : []),
    ...(form.email.trim()
      ? [{ system: 'email' as const, value: form.email.trim(), use: 'work' as const }]
      : []),
  ];
  const {
    telecom: _old,
    type: _oldType,
    ...rest
  } = base ?? { resourceType: 'Organization' as const };
  return {
    ...rest,
    resourceType: 'Organization',
    name: form.name.trim(),
    active: form.active,
    ...(type
      ? { type: [{ coding: [{ system: ORG_TYPE_SYSTEM, code: type.value, display: type.label }] }] }
      : {}),
    ...(telecom.length > 0 ? { telecom } : {}),
  };
}

/** What the service form edits. */
export interface ServiceForm {
  name: string;
  category: string;
  type: string;
  eligibility: string;
  capacity: string;
  comment: string;
  active: boolean;
}

const text = (concepts: CodeableConcept[] | undefined): string =>
  concepts?.[0]?.text ?? concepts?.[0]?.coding?.[0]?.display ?? '';

export function serviceForm(service: HealthcareService | undefined): ServiceForm {
  const capacity = service?.extension?.find((e) => e.url === CAPACITY_URL)?.valueQuantity?.value;
  return {
    name: service?.name ?? '',
    category: text(service?.category),
    type: text(service?.type),
    eligibility: service?.eligibility?.[0]?.code?.text ?? '',
    capacity: capacity === undefined ? '' : String(capacity),
    comment: service?.comment ?? '',
    active: service?.active !== false,
  };
}

/**
 * The HealthcareService the form describes for an organisation. Category and type typed as words
 * keep the codings they had when the words did not change.
 */
export function applyServiceForm(
  base: HealthcareService | undefined,
  organizationId: string,
  form: ServiceForm,
): HealthcareService {
  const concept = (
    old: CodeableConcept[] | undefined,
    words: string,
  ): CodeableConcept[] | undefined => {
    if (!words.trim()) return undefined;
    return old && text(old) === words.trim() ? old : [{ text: words.trim() }];
  };
  const capacity = Number(form.capacity);
  const extensions = (base?.extension ?? []).filter((e) => e.url !== CAPACITY_URL);
  if (form.capacity.trim() && Number.isFinite(capacity) && capacity >= 0) {
    extensions.push({
      url: CAPACITY_URL,
      valueQuantity: {
        value: capacity,
        unit: 'referrals per week',
        system: 'http://unitsofmeasure.org',
        code: '/wk',
      },
    });
  }
  const {
    category: _c,
    type: _t,
    eligibility: _e,
    comment: _m,
    extension: _x,
    ...rest
  } = base ?? { resourceType: 'HealthcareService' as const };
  const category = concept(base?.category, form.category);
  const type = concept(base?.type, form.type);
  // The form edits the criteria in words (the first entry); coded criteria the directory is
  // searched by (`eligibility=`) are kept as they were.
  const coded = (base?.eligibility ?? []).slice(1).filter((e) => e.code?.coding?.length);
  const eligibility = [
    ...(form.eligibility.trim() ? [{ code: { text: form.eligibility.trim() } }] : []),
    ...coded,
  ];
  return {
    ...rest,
    resourceType: 'HealthcareService',
    providedBy: { reference: `Organization/${organizationId}` },
    name: form.name.trim(),
    active: form.active,
    ...(category ? { category } : {}),
    ...(type ? { type } : {}),
    ...(eligibility.length > 0 ? { eligibility } : {}),
    ...(form.comment.trim() ? { comment: form.comment.trim() } : {}),
    ...(extensions.length > 0 ? { extension: extensions } : {}),
  };
}
