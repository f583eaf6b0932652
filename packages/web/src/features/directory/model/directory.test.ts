import type { HealthcareService, Location, Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import {
  directorySearch,
  distanceKm,
  hoursText,
  personPosition,
  serviceCard,
  sortCards,
} from './directory';

const foodBank: HealthcareService = {
  resourceType: 'HealthcareService',
  id: 'hs-food',
  name: 'Food bank',
  providedBy: { reference: 'Organization/fb', display: 'Riverside Food Bank' },
  category: [
    {
      coding: [
        {
          system: 'https://careweave.org/fhir/CodeSystem/community-service-category',
          code: 'food',
        },
      ],
    },
  ],
  location: [{ reference: 'Location/fb-site' }],
  communication: [{ coding: [{ system: 'urn:ietf:bcp:47', code: 'es' }], text: 'Spanish' }],
  eligibility: [
    { code: { text: 'Low income households' } },
    {
      code: {
        coding: [
          {
            system: 'https://careweave.org/fhir/CodeSystem/community-service-eligibility',
            code: 'low-income',
          },
        ],
        text: 'Low household income',
      },
    },
  ],
  availableTime: [
    {
      daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri'],
      availableStartTime: '09:00:00',
      availableEndTime: '17:00:00',
    },
    { daysOfWeek: ['sat'], allDay: true },
  ],
  extension: [
    {
      url: 'https://careweave.org/fhir/StructureDefinition/healthcareservice-waiting-list',
      valueInteger: 4,
    },
  ],
  telecom: [{ system: 'phone', value: '+1-859-555-0100' }],
};
const site: Location = {
  resourceType: 'Location',
  id: 'fb-site',
  position: { latitude: 38.2098, longitude: -84.5588 },
};
const ana: Patient = {
  resourceType: 'Patient',
  address: [
    {
      use: 'home',
      extension: [
        {
          url: 'http://hl7.org/fhir/StructureDefinition/geolocation',
          extension: [
            { url: 'latitude', valueDecimal: 38.0406 },
            { url: 'longitude', valueDecimal: -84.5037 },
          ],
        },
      ],
    },
  ],
};

describe('the community directory model', () => {
  it('reads the person’s coordinates from the geolocation extension of their home address', () => {
    expect(personPosition(ana)).toEqual({ latitude: 38.0406, longitude: -84.5037 });
    expect(personPosition({ resourceType: 'Patient' })).toBeUndefined();
  });

  it('measures the great-circle distance (downtown Lexington to Georgetown ≈ 19.4 km)', () => {
    const d = distanceKm({ latitude: 38.0406, longitude: -84.5037 }, site.position as never);
    expect(d).toBeGreaterThan(19);
    expect(d).toBeLessThan(20);
  });

  it('asks the server for need, language, eligibility and distance, with the places included', () => {
    const params = directorySearch(
      { need: 'food', distance: '10', language: 'es', eligibility: 'low-income' },
      { latitude: 38, longitude: -84.5 },
    );
    expect(params).toMatchObject({
      active: 'true',
      'service-category': 'https://careweave.org/fhir/CodeSystem/community-service-category|food',
      language: 'es',
      eligibility: 'https://careweave.org/fhir/CodeSystem/community-service-eligibility|low-income',
      near: '38|-84.5|10|km',
    });
    // Without the person's coordinates there is no distance criterion.
    expect(
      directorySearch({ need: '', distance: '10', language: '', eligibility: '' }, undefined),
    ).not.toHaveProperty('near');
  });

  it('describes a service in words: need, organisation, languages, who for, hours, waiting list, distance', () => {
    const card = serviceCard(
      foodBank,
      { locations: new Map([['fb-site', site]]), organizations: new Map() },
      personPosition(ana),
    );
    expect(card).toMatchObject({
      name: 'Food bank',
      organization: 'Riverside Food Bank',
      need: 'food',
      needLabel: 'Food',
      languages: ['Spanish'],
      eligibility: ['Low household income'],
      eligibilityText: 'Low income households',
      hours: ['Mon–Fri 09:00–17:00', 'Sat all day'],
      waiting: 4,
      phone: '+1-859-555-0100',
    });
    expect(card.distanceKm).toBeCloseTo(19.4, 0);
    expect(hoursText({ resourceType: 'HealthcareService' })).toEqual([]);
  });

  it('lists the nearest first, then by name', () => {
    const cards = sortCards([
      { id: 'b', reference: '', name: 'B', languages: [], eligibility: [], hours: [] },
      {
        id: 'far',
        reference: '',
        name: 'Z',
        languages: [],
        eligibility: [],
        hours: [],
        distanceKm: 9,
      },
      {
        id: 'near',
        reference: '',
        name: 'Y',
        languages: [],
        eligibility: [],
        hours: [],
        distanceKm: 1,
      },
      { id: 'a', reference: '', name: 'A', languages: [], eligibility: [], hours: [] },
    ]);
    expect(cards.map((c) => c.id)).toEqual(['near', 'far', 'a', 'b']);
  });
});
