import type { Group, Resource } from '@medplum/fhirtypes';
import { OperationOutcomeError, normalizeErrorString } from '@medplum/core';
import { countByType, type Database, type Repository, type RequestContext } from '@careweave/store';
import { grants, type ScopeContext } from '../auth/scopes.js';
import { inPatientCompartment, type ExportParams } from './params.js';

/** Resources per NDJSON file: files stay a few megabytes, and a resumed download is cheap. */
export const RESOURCES_PER_FILE = 5000;
/** Search page size while exporting (the search engine's maximum). */
const PAGE = 1000;

/** Where the export writes its files; answers false when the job is no longer its to write (cancelled). */
export interface ExportSink {
  /** Whether to go on (false once the job is cancelled or the server stops). */
  proceed(): boolean;
  file(kind: 'output' | 'error', resourceType: string, lines: string[]): Promise<boolean>;
  progress(text: string): Promise<boolean>;
}

/** Stops the export: the job was cancelled or taken over by another server. */
export class ExportAbandoned extends Error {}

/**
 * The types a caller may export: read and search on the type (SMART `r` and `s`) in their scope
 * contexts. Bulk Data exports what a search would return, so it needs what a search needs.
 */
export function exportableTypes(
  candidates: readonly string[],
  scopes: readonly string[],
  contexts: readonly ScopeContext[],
): string[] {
  return candidates.filter(
    (resourceType) =>
      grants(scopes, contexts, { resourceType, letter: 'r' }) &&
      grants(scopes, contexts, { resourceType, letter: 's' }),
  );
}

/** The patients a Group export covers: its members that are Patients (as the caller may read the Group). */
async function groupPatients(
  repo: Repository,
  ctx: RequestContext,
  groupId: string,
): Promise<string[]> {
  const group = await repo.read<Group>(ctx, 'Group', groupId);
  return [
    ...new Set(
      (group.member ?? [])
        .map((m) => m.entity.reference ?? '')
        .filter((ref) => ref.startsWith('Patient/'))
        .map((ref) => ref.slice('Patient/'.length)),
    ),
  ];
}

/**
 * Runs one export as the caller: every type they may read (or the `_type`s), each through the
 * same search the FHIR API answers (scope, consent and labels in SQL, as for the caller's own
 * search), `_since` as `_lastUpdated=ge`, each `_typeFilter` as that type's search (several
 * filters: their union). Patient level: resources in some patient's compartment; Group level: in
 * the members' compartments. Lines are written in files of `RESOURCES_PER_FILE`; a filter the
 * search engine refuses becomes an OperationOutcome in the error file rather than failing the job.
 */
export async function runExport(
  db: Database,
  repo: Repository,
  ctx: RequestContext,
  caller: { scopes: readonly string[]; contexts: readonly ScopeContext[] },
  params: ExportParams,
  sink: ExportSink,
): Promise<void> {
  const present = [...(await countByType(db, ctx.scope)).keys()];
  const level = params.level;
  const candidates = (params.types ?? present).filter(
    (t) => level.kind === 'system' || inPatientCompartment(t),
  );
  const types = exportableTypes(candidates, caller.scopes, caller.contexts);
  const members = level.kind === 'group' ? await groupPatients(repo, ctx, level.groupId) : [];
  const errors: string[] = [];
  for (const [index, resourceType] of types.entries()) {
    if (!(await sink.progress(`${index}/${types.length} types exported; now ${resourceType}`))) {
      throw new ExportAbandoned();
    }
    // Several filters, or several members' compartments, may find one resource twice.
    const queries = params.typeFilters[resourceType] ?? [''];
    const seen = queries.length > 1 || level.kind === 'group' ? new Set<string>() : undefined;
    let lines: string[] = [];
    const flush = async (): Promise<void> => {
      if (lines.length > 0 && !(await sink.file('output', resourceType, lines))) {
        throw new ExportAbandoned();
      }
      lines = [];
    };
    const compartments: (string | undefined)[] = level.kind === 'group' ? members : [undefined];
    for (const query of queries) {
      for (const patientId of compartments) {
        const pairs: [string, string][] = [
          ...new URLSearchParams(query).entries(),
          ['_count', String(PAGE)],
          ...(params.since ? [['_lastUpdated', `ge${params.since}`] as [string, string]] : []),
        ];
        let cursor: string | undefined;
        try {
          do {
            if (!sink.proceed()) throw new ExportAbandoned();
            const page = await repo.search(
              ctx,
              resourceType,
              cursor ? [...pairs, ['_cursor', cursor]] : pairs,
              {
                ...(patientId ? { compartment: { type: 'Patient' as const, id: patientId } } : {}),
                ...(level.kind === 'patient' ? { patientOwned: true } : {}),
              },
            );
            for (const resource of page.resources) {
              if (!seen?.has(resource.id ?? '')) {
                seen?.add(resource.id ?? '');
                lines.push(JSON.stringify(resource satisfies Resource));
                if (lines.length >= RESOURCES_PER_FILE) await flush();
              }
            }
            cursor = page.nextCursor;
          } while (cursor);
        } catch (err) {
          if (!(err instanceof OperationOutcomeError)) throw err;
          errors.push(
            JSON.stringify({
              resourceType: 'OperationOutcome',
              issue: [
                {
                  severity: 'error',
                  code: 'processing',
                  diagnostics: `${resourceType}?${query}: ${normalizeErrorString(err)}`,
                },
              ],
            }),
          );
        }
      }
    }
    await flush();
  }
  if (errors.length > 0 && !(await sink.file('error', 'OperationOutcome', errors))) {
    throw new ExportAbandoned();
  }
}
