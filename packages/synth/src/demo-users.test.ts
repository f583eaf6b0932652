import type { EpisodeOfCare, PractitionerRole, RelatedPerson, Resource } from '@medplum/fhirtypes';
import { afterAll, describe, expect, it } from 'vitest';
import { readGenerated } from '../test/fhir-checks.js';
import { generateToTemp, removeGenerated } from '../test/generated.js';
import { DEMO_USERS } from './index.js';

function exists(data: Map<string, Resource[]>, ref: string): boolean {
  const [type, id] = ref.split('/');
  return (data.get(type ?? '') ?? []).some((r) => r.id === id);
}

afterAll(removeGenerated);

describe('demo users', () => {
  it('has the roles the demo needs', () => {
    const roles = DEMO_USERS.map((u) => u.role);
    for (const role of [
      'administrator',
      'care-coordinator',
      'physician',
      'behavioural-health',
      'social-worker',
      'community-organisation',
      'nurse',
      'pharmacist',
      'community-health-worker',
      'programme-manager',
      'patient',
      'caregiver',
    ]) {
      expect(roles).toContain(role);
    }
    expect(roles.filter((r) => r === 'patient')).toHaveLength(3);
    expect(new Set(DEMO_USERS.map((u) => u.email)).size).toBe(DEMO_USERS.length);
  });

  for (const seed of [1, 4242]) {
    it(`exist in the generated data for N = 50, seed ${seed}`, async () => {
      const { dir } = await generateToTemp({ patients: 50, seed });
      const data = readGenerated(dir);
      for (const user of DEMO_USERS) {
        expect(exists(data, user.fhirUser), user.fhirUser).toBe(true);
        if (user.organization)
          expect(exists(data, user.organization), user.organization).toBe(true);
        if (user.fhirUser.startsWith('Practitioner/')) {
          const roles = (data.get('PractitionerRole') ?? []) as PractitionerRole[];
          expect(roles.some((r) => r.practitioner?.reference === user.fhirUser)).toBe(true);
        }
      }
      const caregiver = (data.get('RelatedPerson') ?? []).find(
        (r) => r.id === 'demo-caregiver-1',
      ) as RelatedPerson | undefined;
      expect(caregiver?.patient.reference).toBe('Patient/demo-patient-1');
      const episodes = (data.get('EpisodeOfCare') ?? []) as EpisodeOfCare[];
      for (const patient of ['demo-patient-1', 'demo-patient-2', 'demo-patient-3']) {
        expect(
          episodes.some((e) => e.patient.reference === `Patient/${patient}`),
          patient,
        ).toBe(true);
      }
    });
  }

  it('gives the demo coordinator a realistic caseload at N = 2000 (20–60 enrolled people)', async () => {
    const { dir } = await generateToTemp({ patients: 2000, seed: 42 });
    const episodes = (readGenerated(dir).get('EpisodeOfCare') ?? []) as EpisodeOfCare[];
    const caseload = episodes.filter(
      (e) => e.careManager?.reference === 'Practitioner/demo-coordinator-1',
    ).length;
    expect(caseload).toBeGreaterThanOrEqual(20);
    expect(caseload).toBeLessThanOrEqual(60);
  });
});
