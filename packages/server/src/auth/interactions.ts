import type { Bundle } from '@medplum/fhirtypes';
import { getSearchParams, isResourceType } from '@careweave/fhir';
import type { Letter, Need } from './scopes.js';

/**
 * The FHIR interaction a route performs, declared in its `config.interaction` so that the scope
 * check happens in one place (the auth hook) and handlers stay thin.
 */
export type FhirInteraction =
  | 'read'
  | 'vread'
  | 'history-instance'
  | 'history-type'
  | 'history-system'
  | 'create'
  | 'update'
  | 'update-conditional'
  | 'patch'
  | 'delete'
  /** `DELETE Type?criteria`: deletes the one match, so it searches too. */
  | 'delete-conditional'
  | 'search-type'
  | 'transaction'
  /** An operation that touches no stored data (`$validate`): any valid token may call it. */
  | 'operation'
  /** Bulk Data `$export` kick-off: read and search on each `_type` (without one, the handler keeps the types the scopes allow). */
  | 'export'
  /** Polling, cancelling or downloading an export: only its owner, which the handler checks. */
  | 'bulk-job'
  /** Filing a clinical document for a patient (`$import-ccda`): reads the patient, creates any type. */
  | 'import-document';

/** What the scope check needs to know about a request. */
export interface InteractionRequest {
  /** The `:type` URL parameter, when the route has one. */
  resourceType?: string | undefined;
  /** Query (and, for `_search`, form) parameters. */
  query: readonly (readonly [string, string])[];
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

const need = (resourceType: string, letter: Letter): Need => ({ resourceType, letter });

/**
 * What searching needs beyond `s` on the searched type: `_include`/`_revinclude` return other
 * types, and chained parameters and `_has` search them, so each needs `s` on those types too.
 */
export function searchNeeds(
  resourceType: string,
  query: readonly (readonly [string, string])[],
): Need[] {
  const needs: Need[] = [need(resourceType, 's')];
  const targetsOf = (type: string, code: string): string[] => {
    const target = isResourceType(type) ? getSearchParams(type).get(code)?.target : undefined;
    return target && target.length > 0 ? target : ['*'];
  };
  for (const [key, value] of query) {
    const name = key.split(':')[0] ?? key;
    if (name === '_include') {
      // Source:param[:Target] — returns Target (or any target of the parameter); comma-separated: each.
      for (const one of value.split(',')) {
        const [source = '', code = '', target] = one.split(':');
        needs.push(
          ...(one === '*' ? ['*'] : target ? [target] : targetsOf(source, code)).map((t) =>
            need(t, 's'),
          ),
        );
      }
    } else if (name === '_revinclude') {
      // Source:param[:Target] — returns Source resources.
      for (const one of value.split(',')) {
        needs.push(need(one === '*' ? '*' : (one.split(':')[0] ?? '*'), 's'));
      }
    } else if (key.startsWith('_has:')) {
      // _has:Type:param:... — searches Type.
      needs.push(need(key.split(':')[1] ?? '*', 's'));
    } else if (key.includes('.') && !key.startsWith('_')) {
      // param[:Type].chained=… — searches the referenced type.
      const [head = ''] = key.split('.');
      const [code = '', typed] = head.split(':');
      needs.push(...(typed ? [typed] : targetsOf(resourceType, code)).map((t) => need(t, 's')));
    }
  }
  return needs;
}

/** The needs of one transaction/batch entry, from its request method and URL. */
function entryNeeds(method: string, url: string): Need[] {
  const [path = '', queryString] = url.replace(/^\//, '').split('?', 2);
  const [type = '', id] = path.split('/');
  const resourceType = isResourceType(type) ? type : '*';
  const query = queryString === undefined ? [] : [...new URLSearchParams(queryString).entries()];
  switch (method.toUpperCase()) {
    case 'GET':
    case 'HEAD':
      // read, vread and instance/type history need r; a search (Type?… or Type/_search) needs s.
      return id && id !== '_search' ? [need(resourceType, 'r')] : searchNeeds(resourceType, query);
    case 'POST':
      return [need(resourceType, 'c')];
    case 'PUT':
      return id ? [need(resourceType, 'u')] : [need(resourceType, 'u'), need(resourceType, 's')];
    case 'PATCH':
      return id ? [need(resourceType, 'u')] : [need(resourceType, 'u'), need(resourceType, 's')];
    case 'DELETE':
      return id ? [need(resourceType, 'd')] : [need(resourceType, 'd'), need(resourceType, 's')];
    default:
      return [need('*', 'c'), need('*', 'r'), need('*', 'u'), need('*', 'd'), need('*', 's')];
  }
}

/**
 * What a transaction or batch Bundle needs: every entry's interaction on its type; a conditional
 * create (`ifNoneExist`) also searches. A malformed Bundle needs nothing here; its processing
 * rejects it with a 400.
 */
export function bundleNeeds(body: unknown): Need[] {
  const bundle = body as Bundle | undefined;
  if (!bundle || typeof bundle !== 'object' || !Array.isArray(bundle.entry)) {
    return [];
  }
  const needs: Need[] = [];
  for (const entry of bundle.entry as unknown[]) {
    const request = (
      entry as { request?: { method?: unknown; url?: unknown; ifNoneExist?: unknown } } | null
    )?.request;
    if (typeof request?.method !== 'string' || typeof request.url !== 'string') {
      continue;
    }
    needs.push(...entryNeeds(request.method, request.url));
    if (request.method.toUpperCase() === 'POST' && typeof request.ifNoneExist === 'string') {
      needs.push(...entryNeeds('GET', `${request.url.split('?')[0] ?? ''}?${request.ifNoneExist}`));
    }
  }
  return needs;
}

/** The permissions a FHIR interaction needs (SMART: create c, read/vread/history r, update/patch u, delete d, search s). */
export function interactionNeeds(
  interaction: FhirInteraction,
  request: InteractionRequest,
): Need[] {
  const type = request.resourceType ?? '*';
  switch (interaction) {
    case 'read':
    case 'vread':
    case 'history-instance':
    case 'history-type':
      return [need(type, 'r')];
    case 'history-system':
      return [need('*', 'r')];
    case 'create': {
      const conditional = request.headers['if-none-exist'];
      return typeof conditional === 'string'
        ? [need(type, 'c'), ...searchNeeds(type, [...new URLSearchParams(conditional).entries()])]
        : [need(type, 'c')];
    }
    case 'update':
    case 'patch':
      return [need(type, 'u')];
    case 'update-conditional':
      return [need(type, 'u'), ...searchNeeds(type, request.query)];
    case 'delete':
      return [need(type, 'd')];
    case 'delete-conditional':
      return [need(type, 'd'), ...searchNeeds(type, request.query)];
    case 'search-type':
      return searchNeeds(type, request.query);
    case 'transaction':
      return bundleNeeds(request.body);
    case 'operation':
    case 'bulk-job':
      return [];
    case 'export':
      return request.query
        .filter(([name]) => name === '_type')
        .flatMap(([, value]) => value.split(','))
        .flatMap((t) => [need(t.trim(), 'r'), need(t.trim(), 's')]);
    case 'import-document':
      return [need('Patient', 'r'), need('*', 'c')];
    default: {
      const never: never = interaction;
      throw new Error(`Unknown interaction ${String(never)}`);
    }
  }
}
