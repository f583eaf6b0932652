import {
  BACKPORT_SUBSCRIPTION_PROFILE,
  SUBSCRIPTION_EXTENSIONS,
  SUBSCRIPTION_TOPICS,
} from '@careweave/care';
import { getSearchParams, isIndexedComposite, listResourceTypes } from '@careweave/fhir';
import type {
  CapabilityStatement,
  CapabilityStatementRestResource,
  ResourceType,
} from '@medplum/fhirtypes';

const INTERACTIONS: CapabilityStatementRestResource['interaction'] = (
  [
    'read',
    'vread',
    'update',
    'patch',
    'delete',
    'history-instance',
    'history-type',
    'create',
    'search-type',
  ] as const
).map((code) => ({ code }));

let cached: CapabilityStatement | undefined;

/**
 * What Subscriptions support (server/subscriptions, care/subscriptions): the backport IG's R4
 * Subscription profile, its topics by canonical (the IG's R4 discovery extension), `$status` and
 * `$get-ws-binding-token` (rest-hook and websocket channels).
 */
function subscriptionCapability(): Partial<CapabilityStatementRestResource> {
  return {
    supportedProfile: [BACKPORT_SUBSCRIPTION_PROFILE],
    extension: SUBSCRIPTION_TOPICS.map((t) => ({
      url: SUBSCRIPTION_EXTENSIONS.topicCanonical,
      valueCanonical: t.url,
    })),
    operation: [
      {
        name: 'status',
        definition:
          'http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/backport-subscription-status',
      },
      {
        name: 'get-ws-binding-token',
        definition:
          'http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/backport-subscription-get-ws-binding-token',
      },
    ],
  };
}

/**
 * The CapabilityStatement, generated from what the server really supports: every resource type
 * the store accepts, the interactions the routes implement, and each type's search parameters
 * from the same registry the search engine parses against.
 */
export function capabilityStatement(version: string): CapabilityStatement {
  cached ??= {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    name: 'Careweave',
    title: 'Careweave FHIR R4 server',
    software: { name: 'Careweave', version },
    implementation: { description: 'Careweave integrated care platform' },
    instantiates: [
      // Bulk Data Access 2.0: system, Patient and Group $export (server/bulk).
      'http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data',
      // Topic-based Subscriptions in R4 (server/subscriptions).
      'http://hl7.org/fhir/uv/subscriptions-backport/CapabilityStatement/backport-subscription-server-r4',
    ],
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    patchFormat: ['application/json-patch+json', 'application/fhir+json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors: true, // any origin by default (CAREWEAVE_CORS_ORIGINS), bearer tokens, never credentials
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
              text: 'OAuth 2.0 bearer tokens (SMART App Launch 2.0)',
            },
          ],
          description:
            'Every interaction needs an access token with SMART scopes; discovery at /.well-known/smart-configuration.',
        },
        interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'history-system' }],
        operation: [
          {
            name: 'validate',
            definition: 'http://hl7.org/fhir/OperationDefinition/Resource-validate',
          },
          {
            name: 'export',
            definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export',
          },
        ],
        resource: listResourceTypes().map((type) => ({
          type: type as ResourceType,
          interaction: INTERACTIONS,
          versioning: 'versioned-update',
          readHistory: true,
          updateCreate: true,
          conditionalCreate: true,
          conditionalUpdate: true,
          conditionalDelete: 'single',
          searchParam: [...getSearchParams(type).values()]
            .filter(
              (p) =>
                p.type !== 'special' && (p.type !== 'composite' || isIndexedComposite(type, p)),
            )
            .map((p) => ({ name: p.code, type: p.type })),
          searchInclude: [
            '*',
            ...[...getSearchParams(type).values()]
              .filter((p) => p.type === 'reference')
              .map((p) => `${type}:${p.code}`),
          ],
          searchRevInclude: ['*'],
          ...(type === 'Questionnaire'
            ? {
                operation: [
                  {
                    name: 'score',
                    definition:
                      'https://careweave.org/fhir/OperationDefinition/Questionnaire-score',
                  },
                ],
              }
            : {}),
          ...(type === 'CodeSystem'
            ? {
                operation: [
                  {
                    name: 'lookup',
                    definition: 'http://hl7.org/fhir/OperationDefinition/CodeSystem-lookup',
                  },
                ],
              }
            : {}),
          ...(type === 'Observation'
            ? {
                operation: [
                  {
                    name: 'lastn',
                    definition: 'http://hl7.org/fhir/OperationDefinition/Observation-lastn',
                  },
                ],
              }
            : {}),
          ...(type === 'ValueSet'
            ? {
                operation: [
                  {
                    name: 'expand',
                    definition: 'http://hl7.org/fhir/OperationDefinition/ValueSet-expand',
                  },
                ],
              }
            : {}),
          ...(type === 'Subscription' ? subscriptionCapability() : {}),
          ...(type === 'Patient'
            ? {
                operation: [
                  {
                    name: 'everything',
                    definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
                  },
                  {
                    name: 'export',
                    definition:
                      'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export',
                  },
                ],
              }
            : {}),
          ...(type === 'Group'
            ? {
                operation: [
                  {
                    name: 'export',
                    definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export',
                  },
                ],
              }
            : {}),
        })),
      },
    ],
  };
  return cached;
}
