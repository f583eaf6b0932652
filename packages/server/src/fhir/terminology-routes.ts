import { OperationOutcomeError, badRequest } from '@medplum/core';
import type { Parameters, ParametersParameter, ValueSet } from '@medplum/fhirtypes';
import { expandShippedValueSet, lookupCode, shippedValueSet } from '@careweave/fhir';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { FHIR_JSON, queryOf } from './http.js';

/** The most concepts one `$expand` page holds (`count` asks for fewer). */
const MAX_EXPAND_COUNT = 1000;

function notFound(text: string): OperationOutcomeError {
  return new OperationOutcomeError({
    resourceType: 'OperationOutcome',
    id: 'not-found',
    issue: [{ severity: 'error', code: 'not-found', details: { text } }],
  });
}

/** Operation input from the query string, or a POSTed Parameters resource (its primitive values). */
function inputOf(request: FastifyRequest): Map<string, string> {
  const input = new Map(queryOf(request));
  const body = request.body as Parameters | undefined;
  if (body?.resourceType === 'Parameters') {
    for (const p of body.parameter ?? []) {
      const value =
        p.valueUri ??
        p.valueCode ??
        p.valueString ??
        p.valueInteger?.toString() ??
        p.valueCanonical;
      if (value !== undefined) input.set(p.name, value);
      if (p.name === 'coding' && p.valueCoding) {
        if (p.valueCoding.system) input.set('system', p.valueCoding.system);
        if (p.valueCoding.code) input.set('code', p.valueCoding.code);
      }
    }
  }
  return input;
}

function nonNegative(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value))
    throw new OperationOutcomeError(badRequest(`${name} must be a non-negative integer`));
  return Number(value);
}

function lookup(input: Map<string, string>): Parameters {
  const system = input.get('system');
  const code = input.get('code');
  if (!system || !code) {
    throw new OperationOutcomeError(badRequest('$lookup needs system and code (or a coding)'));
  }
  const found = lookupCode(system, code);
  if (!found) {
    throw notFound(
      `${system} has no code ${JSON.stringify(code)} here (only the code systems Careweave ships can be looked up)`,
    );
  }
  const parameter: ParametersParameter[] = [
    { name: 'name', valueString: found.name },
    ...(found.version ? [{ name: 'version', valueString: found.version }] : []),
    ...(found.display ? [{ name: 'display', valueString: found.display }] : []),
    ...(found.definition ? [{ name: 'definition', valueString: found.definition }] : []),
  ];
  return { resourceType: 'Parameters', parameter };
}

function expand(input: Map<string, string>): ValueSet {
  const url = input.get('url');
  if (!url) {
    throw new OperationOutcomeError(badRequest('$expand needs url (the value set canonical URL)'));
  }
  const definition = shippedValueSet(url);
  if (!definition)
    throw notFound(`No value set ${url} here (only the value sets Careweave ships expand)`);
  const concepts = expandShippedValueSet(url);
  if (!concepts) {
    throw new OperationOutcomeError({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'too-costly',
          details: {
            text: `${url} draws on a terminology Careweave does not hold (e.g. SNOMED CT, UCUM); it cannot be expanded here`,
          },
        },
      ],
    });
  }
  const filter = input.get('filter')?.toLowerCase();
  const matching = filter
    ? concepts.filter(
        (c) => c.code.toLowerCase().includes(filter) || c.display?.toLowerCase().includes(filter),
      )
    : concepts;
  const offset = nonNegative(input.get('offset'), 'offset', 0);
  const count = Math.min(
    nonNegative(input.get('count'), 'count', MAX_EXPAND_COUNT),
    MAX_EXPAND_COUNT,
  );
  const { compose: _compose, text: _text, ...rest } = definition;
  return {
    ...rest,
    expansion: {
      identifier: `urn:uuid:${randomUUID()}`,
      timestamp: new Date().toISOString(),
      total: matching.length,
      offset,
      ...(filter ? { parameter: [{ name: 'filter', valueString: filter }] } : {}),
      contains: matching.slice(offset, offset + count),
    },
  };
}

/**
 * `CodeSystem/$lookup` and `ValueSet/$expand` (FHIR R4 §4.8.15.1, §4.9.19.1) over the code
 * systems and value sets the product ships (the R4 core and HL7 v3 terminology it validates
 * against), by GET or POST with a Parameters body. Terminology is not patient data: any valid
 * token may call them (interaction `operation`).
 */
export function registerTerminologyRoutes(fhir: FastifyInstance): void {
  const config = {
    config: { access: 'authenticated' as const, interaction: 'operation' as const },
  };
  for (const method of ['GET', 'POST'] as const) {
    fhir.route({
      method,
      url: '/CodeSystem/$lookup',
      ...config,
      handler: async (request, reply) => reply.type(FHIR_JSON).send(lookup(inputOf(request))),
    });
    fhir.route({
      method,
      url: '/ValueSet/$expand',
      ...config,
      handler: async (request, reply) => reply.type(FHIR_JSON).send(expand(inputOf(request))),
    });
  }
}
