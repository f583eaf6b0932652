import { convertCcdaToFhir, convertXmlToCcda } from '@medplum/ccda';
import { randomUUID } from 'node:crypto';
import type {
  Bundle,
  BundleEntry,
  Organization,
  Patient,
  Practitioner,
  Resource,
} from '@medplum/fhirtypes';
import { processTransaction, type Repository, type RequestContext } from '@careweave/store';
import { invalidInput } from '../shared/care-errors.js';
import { cdaNarrativeToXhtml } from './narrative.js';

/** What an import wrote: the transaction-response Bundle and the count of resources per type. */
export interface CcdaImportResult {
  response: Bundle;
  counts: Record<string, number>;
}

/** Every `reference` in a resource, rewritten by `map` (which answers undefined to keep it). */
function rewriteReferences(value: unknown, map: (ref: string) => string | undefined): void {
  if (Array.isArray(value)) {
    for (const item of value) rewriteReferences(item, map);
  } else if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    for (const [key, inner] of Object.entries(object)) {
      if (key === 'reference' && typeof inner === 'string') {
        const replaced = map(inner);
        if (replaced !== undefined) object[key] = replaced;
      } else {
        rewriteReferences(inner, map);
      }
    }
  }
}

/**
 * Where `@medplum/ccda` 4.5's output is not valid R4, as our validator (and the reference one)
 * read it: Condition verification codes under a system name that R4's required value set
 * (condition-ver-status) does not use, and empty arrays or null members, which FHIR JSON forbids.
 */
const SYSTEM_FIXES: Record<string, string> = {
  'http://terminology.hl7.org/CodeSystem/condition-verification':
    'http://terminology.hl7.org/CodeSystem/condition-ver-status',
};

function clean(value: unknown): unknown {
  if (Array.isArray(value)) {
    const kept = value.map(clean).filter((v) => v !== undefined);
    return kept.length > 0 ? kept : undefined;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const kept =
        key === 'system' && typeof inner === 'string'
          ? (SYSTEM_FIXES[inner] ?? inner)
          : clean(inner);
      if (kept !== undefined) out[key] = kept;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return value === null || value === '' ? undefined : value;
}

function repaired(resource: Resource): Resource {
  return clean(resource) as Resource;
}

/** Parses the XML, answering 400 when it is not a C-CDA ClinicalDocument. */
function documentBundle(xml: string): Bundle {
  if (!/<ClinicalDocument[\s>]/.test(xml)) {
    throw invalidInput('The body is not a C-CDA document (no ClinicalDocument element)');
  }
  try {
    return convertCcdaToFhir(convertXmlToCcda(xml), { ignoreUnsupportedSections: true });
  } catch (err) {
    throw invalidInput(`The C-CDA document could not be read: ${(err as Error).message}`);
  }
}

/**
 * The transaction that files a C-CDA document (e.g. a discharge summary) for an existing patient:
 * `@medplum/ccda` converts it to a FHIR document Bundle; the document's own Patient (its
 * recordTarget) is dropped and every reference to it points at `patientId` instead, so the
 * Composition, Conditions, AllergyIntolerances, MedicationRequests and Observations belong to the
 * person the caller chose, never to a new duplicate Patient.
 */
export function ccdaTransaction(xml: string, patientId: string): Bundle {
  const document = documentBundle(xml);
  const resources = (document.entry ?? [])
    .map((e) => e.resource)
    .filter((r): r is Resource => r !== undefined);
  const target = `Patient/${patientId}`;
  // The converter names its resources `Type/id` with ids from the document; each gets a fresh
  // `urn:uuid:` full URL that the transaction turns into the id it assigns.
  const fullUrls = new Map<string, string>();
  const aliases = new Set<string>();
  for (const r of resources) {
    if (!r.id) continue;
    if (r.resourceType === 'Patient') aliases.add(`Patient/${r.id}`);
    else fullUrls.set(`${r.resourceType}/${r.id}`, `urn:uuid:${randomUUID()}`);
  }
  const entry: BundleEntry[] = resources
    .filter((r) => r.resourceType !== 'Patient')
    .map((r) => {
      const { id, ...resource } = repaired(r);
      rewriteReferences(resource, (ref) => (aliases.has(ref) ? target : fullUrls.get(ref)));
      if (resource.resourceType === 'Composition') {
        resource.subject ??= { reference: target };
        for (const section of resource.section ?? []) {
          if (section.text?.div) section.text.div = cdaNarrativeToXhtml(section.text.div);
        }
      }
      const fullUrl = id ? fullUrls.get(`${r.resourceType}/${id}`) : undefined;
      const ifNoneExist = directoryMatch(resource);
      return {
        ...(fullUrl ? { fullUrl } : {}),
        resource: resource,
        request: {
          method: 'POST',
          url: resource.resourceType,
          ...(ifNoneExist ? { ifNoneExist } : {}),
        },
      };
    });
  return { resourceType: 'Bundle', type: 'transaction', entry };
}

/**
 * The author and custodian (Practitioner, Organization) are matched by identifier (e.g. the NPI),
 * or an organisation without one by its exact name,
 * so that importing a second document from the same hospital does not duplicate them.
 */
function directoryMatch(resource: Omit<Resource, 'id'>): string | undefined {
  if (resource.resourceType !== 'Practitioner' && resource.resourceType !== 'Organization') {
    return undefined;
  }
  const identifier = (resource as Practitioner | Organization).identifier?.find(
    (i) => i.system && i.value,
  );
  if (identifier) {
    return `identifier=${encodeURIComponent(`${identifier.system}|${identifier.value}`)}`;
  }
  // An organisation named only by an OID root (no extension) is matched by its exact name.
  const name =
    resource.resourceType === 'Organization' ? (resource as Organization).name : undefined;
  return name ? `name:exact=${encodeURIComponent(name)}` : undefined;
}

/**
 * Imports a C-CDA document for an existing patient through the one write path (a FHIR
 * transaction: validation, access hooks and audit apply as to any write). The patient must be
 * one the caller can read; otherwise the answer is the read's 404.
 */
export async function importCcda(
  repo: Repository,
  ctx: RequestContext,
  patientId: string,
  xml: string,
): Promise<CcdaImportResult> {
  await repo.read<Patient>(ctx, 'Patient', patientId);
  const transaction = ccdaTransaction(xml, patientId);
  const response = await processTransaction(repo, ctx, transaction);
  const counts: Record<string, number> = {};
  for (const e of transaction.entry ?? []) {
    const type = e.resource?.resourceType;
    if (type) counts[type] = (counts[type] ?? 0) + 1;
  }
  return { response, counts };
}
