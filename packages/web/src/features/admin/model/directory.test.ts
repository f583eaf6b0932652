import type { HealthcareService, Organization } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import {
  applyOrganizationForm,
  applyServiceForm,
  CAPACITY_URL,
  organizationForm,
  serviceForm,
} from './directory';

describe('the organisation and service forms', () => {
  it('edit an Organization without losing what the form does not show', () => {
    const org: Organization = {
      resourceType: 'Organization',
      id: 'food-bank',
      meta: { versionId: '3' },
      name: 'Riverside Food Bank',
      identifier: [{ system: 'urn:ein', value: '12-345' }],
      telecom: [
        { system: 'phone', value: '555-0100' },
        { system: 'url', value: 'https://food.example' },
      ],
    };
    const form = { ...organizationForm(org), phone: '555-0199', active: false };
    const next = applyOrganizationForm(org, form);
    expect(next).toMatchObject({
      id: 'food-bank',
      meta: { versionId: '3' },
      identifier: org.identifier,
      active: false,
      telecom: [
        { system: 'url', value: 'https://food.example' },
        { system: 'phone', value: '555-0199', use: 'work' },
      ],
    });
    expect(next.type?.[0]?.coding?.[0]?.code).toBe('prov');
  });

  it('writes a service with its organisation, capacity and words', () => {
    const service = applyServiceForm(undefined, 'food-bank', {
      name: 'Emergency food parcels',
      category: 'Food',
      type: 'Food bank',
      eligibility: 'Referral from a care coordinator',
      capacity: '25',
      comment: 'Tuesdays and Thursdays',
      active: true,
    });
    expect(service).toMatchObject({
      resourceType: 'HealthcareService',
      providedBy: { reference: 'Organization/food-bank' },
      category: [{ text: 'Food' }],
      extension: [{ url: CAPACITY_URL, valueQuantity: { value: 25, code: '/wk' } }],
    });
    expect(serviceForm(service).capacity).toBe('25');
  });

  it('keeps the codings of a category whose words did not change', () => {
    const base: HealthcareService = {
      resourceType: 'HealthcareService',
      category: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/service-category',
              code: '2',
              display: 'Aged Care',
            },
          ],
        },
      ],
    };
    const next = applyServiceForm(base, 'x', { ...serviceForm(base), name: 'Day centre' });
    expect(next.category).toEqual(base.category);
  });

  it('edits the eligibility in words and keeps the coded criteria the directory is searched by', () => {
    const coded = {
      code: {
        coding: [
          {
            system: 'https://careweave.org/fhir/CodeSystem/community-service-eligibility',
            code: 'low-income',
          },
        ],
        text: 'Low household income',
      },
    };
    const base: HealthcareService = {
      resourceType: 'HealthcareService',
      eligibility: [{ code: { text: 'Low income' } }, coded],
    };
    const next = applyServiceForm(base, 'x', {
      ...serviceForm(base),
      eligibility: 'Households below 200% of the poverty level',
    });
    expect(next.eligibility).toEqual([
      { code: { text: 'Households below 200% of the poverty level' } },
      coded,
    ]);
  });
});
