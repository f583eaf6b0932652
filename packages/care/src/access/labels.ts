import type { Coding, Resource } from '@medplum/fhirtypes';
import {
  ACT_CODE,
  ICD10,
  ICD10_CM,
  RXNORM,
  RXNORM_SENSITIVITY,
  SNOMED,
  SNOMED_SENSITIVITY,
  icd10Sensitivity,
  type Sensitivity,
} from './codes.js';

const DISPLAY: Readonly<Record<Sensitivity, string>> = {
  ETH: 'substance abuse information sensitivity',
  PSY: 'psychiatry disorder information sensitivity',
  HIV: 'HIV/AIDS information sensitivity',
  SDV: 'sexual assault, abuse, or domestic violence information sensitivity',
};

/** The sensitivity a single coding implies. */
function codingSensitivity(coding: Coding): Sensitivity | undefined {
  if (!coding.code) {
    return undefined;
  }
  switch (coding.system) {
    case ICD10_CM:
    case ICD10:
      return icd10Sensitivity(coding.code);
    case SNOMED:
      return SNOMED_SENSITIVITY[coding.code];
    case RXNORM:
      return RXNORM_SENSITIVITY[coding.code];
    default:
      return undefined;
  }
}

/**
 * Every sensitivity implied by a coding anywhere in the resource (code, value, reasonCode,
 * diagnosis, contained resources…), except in `meta`. Walking the whole resource rather than a
 * list of elements per type errs towards labelling: a substance-use code in an Encounter's
 * reasonCode or a claim's diagnosis discloses as much as the Condition itself.
 */
export function detectSensitivities(resource: Resource): Set<Sensitivity> {
  const found = new Set<Sensitivity>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(walk);
      return;
    }
    if (!value || typeof value !== 'object') {
      return;
    }
    const node = value as Record<string, unknown>;
    if (typeof node['system'] === 'string' && typeof node['code'] === 'string') {
      const s = codingSensitivity(node);
      if (s) {
        found.add(s);
      }
    }
    for (const [key, child] of Object.entries(node)) {
      if (key !== 'meta' && child && typeof child === 'object') {
        walk(child);
      }
    }
  };
  walk(resource);
  return found;
}

/**
 * Adds the sensitivity labels (HL7 DS4P, v3 ActCode) the resource's codes imply to
 * `meta.security`, keeping every label the author set. Returns the resource unchanged (the same
 * object) when nothing is added, so bulk writes can skip re-indexing.
 */
export function applySensitivityLabels<T extends Resource>(resource: T): T {
  const present = new Set(
    (resource.meta?.security ?? []).map((c) => `${c.system ?? ''}|${c.code ?? ''}`),
  );
  const added: Coding[] = [];
  for (const s of detectSensitivities(resource)) {
    if (!present.has(`${ACT_CODE}|${s}`)) {
      added.push({ system: ACT_CODE, code: s, display: DISPLAY[s] });
    }
  }
  if (added.length === 0) {
    return resource;
  }
  return {
    ...resource,
    meta: { ...resource.meta, security: [...(resource.meta?.security ?? []), ...added] },
  };
}
