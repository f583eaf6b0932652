import type { Bundle, Observation, Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { retrievedProfiles, tagForEngine } from './engine-profiles.js';

const BP = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-blood-pressure';
const SCREENING =
  'http://hl7.org/fhir/us/qicore/StructureDefinition/qicore-observation-screening-assessment';
const QICORE_PATIENT = 'http://hl7.org/fhir/us/qicore/StructureDefinition/qicore-patient';

const measureBundle: Bundle = {
  resourceType: 'Bundle',
  type: 'collection',
  entry: [
    {
      resource: {
        resourceType: 'Library',
        status: 'active',
        type: { coding: [{ code: 'logic-library' }] },
        dataRequirement: [
          { type: 'Patient', profile: [QICORE_PATIENT] },
          { type: 'Observation', profile: [BP] },
        ],
      },
    },
    {
      resource: {
        resourceType: 'Library',
        status: 'active',
        type: { coding: [{ code: 'logic-library' }] },
        dataRequirement: [{ type: 'Observation', profile: [SCREENING, BP] }],
      },
    },
  ],
};

const observation = (code: string): Observation => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code }] },
});

describe('tagging records with the profiles a measure reads', () => {
  const profiles = retrievedProfiles(measureBundle);

  it('collects every Library’s data requirements by type, once each', () => {
    expect(profiles.get('Observation')).toEqual([BP, SCREENING]);
    expect(profiles.get('Patient')).toEqual([QICORE_PATIENT]);
  });

  it('gives the blood-pressure profile only to blood-pressure panels (LOINC 85354-9)', () => {
    expect(tagForEngine(observation('85354-9'), profiles).meta?.profile).toEqual([BP, SCREENING]);
    // A body weight is not a blood pressure: read by the screening retrieve, never by CMS165's.
    expect(tagForEngine(observation('29463-7'), profiles).meta?.profile).toEqual([SCREENING]);
  });

  it('gives a profile without a code rule to every record of its type, keeping its own tags', () => {
    const patient: Patient = { resourceType: 'Patient', meta: { profile: ['urn:own'] } };
    expect(tagForEngine(patient, profiles).meta?.profile).toEqual(['urn:own', QICORE_PATIENT]);
  });

  it('leaves records of types the measure does not read untouched', () => {
    const encounter = { resourceType: 'Encounter', status: 'finished', class: {} } as const;
    expect(tagForEngine(encounter, profiles)).toBe(encounter);
  });
});
