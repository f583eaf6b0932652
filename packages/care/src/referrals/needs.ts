import type { CodeableConcept, HealthcareService } from '@medplum/fhirtypes';
import {
  DIRECTORY_CATEGORIES,
  SDOH_CATEGORY_SYSTEM,
  SERVICE_CATEGORY_SYSTEM_CAREWEAVE,
  isDirectoryCategory,
  type DirectoryCategory,
} from '@careweave/contract';

export { DIRECTORY_CATEGORIES, SDOH_CATEGORY_SYSTEM, SERVICE_CATEGORY_SYSTEM_CAREWEAVE };

/** A directory category from its own code or its Gravity SDOH domain code (`food` or `food-insecurity`). */
export function categoryOf(need: string | undefined): DirectoryCategory | undefined {
  if (!need) return undefined;
  if (isDirectoryCategory(need)) return need;
  const found = Object.entries(DIRECTORY_CATEGORIES).find(
    ([, c]) => c.sdoh === need && c.sdoh !== 'sdoh-category-unspecified',
  );
  return found ? (found[0] as DirectoryCategory) : undefined;
}

/** The category as `CodeableConcept`s: the directory's own code and the Gravity SDOH domain. */
export function categoryConcepts(category: DirectoryCategory): CodeableConcept[] {
  const c = DIRECTORY_CATEGORIES[category];
  return [
    {
      coding: [{ system: SDOH_CATEGORY_SYSTEM, code: c.sdoh }],
      text: c.label,
    },
    {
      coding: [{ system: SERVICE_CATEGORY_SYSTEM_CAREWEAVE, code: category, display: c.label }],
      text: c.label,
    },
  ];
}

/**
 * HL7 service-type codes (FHIR R4 service-type, the 211/AIRS-derived list) of services that meet
 * each need, for directories written before the categories existed (the synthetic network's).
 */
const SERVICE_TYPES: Readonly<Record<string, DirectoryCategory>> = {
  '548': 'food',
  '127': 'housing',
  '230': 'transport',
  '122': 'income-benefits',
  '155': 'carers',
};

/** The directory category of a HealthcareService: its own category code, else its service type. */
export function serviceCategory(service: HealthcareService): DirectoryCategory | undefined {
  for (const concept of service.category ?? []) {
    for (const coding of concept.coding ?? []) {
      if (coding.system === SERVICE_CATEGORY_SYSTEM_CAREWEAVE && isDirectoryCategory(coding.code))
        return coding.code;
    }
  }
  for (const concept of service.type ?? []) {
    for (const coding of concept.coding ?? []) {
      const category = SERVICE_TYPES[coding.code ?? ''];
      if (category) return category;
    }
  }
  return undefined;
}

/** The need a ServiceRequest names (its Gravity category), as a directory category. */
export function requestCategory(
  concepts: readonly CodeableConcept[] | undefined,
): DirectoryCategory | undefined {
  for (const concept of concepts ?? []) {
    for (const coding of concept.coding ?? []) {
      if (coding.system === SERVICE_CATEGORY_SYSTEM_CAREWEAVE && isDirectoryCategory(coding.code))
        return coding.code;
      if (coding.system === SDOH_CATEGORY_SYSTEM) {
        const c = categoryOf(coding.code);
        if (c) return c;
      }
    }
  }
  return undefined;
}
