import type { Measure, Resource } from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT, type Repository } from '@careweave/store';

/** The resource types a measure package contributes. */
export const PACKAGE_TYPES = ['Measure', 'Library', 'ValueSet'] as const;

/** What loading packages stored. */
export interface PackageLoadResult {
  measures: { id: string; url?: string; version?: string; title?: string }[];
  libraries: number;
  valueSets: number;
  /** Entries of other types (test data, MeasureReports) that were left out. */
  skipped: number;
  /** Libraries a loaded Library or Measure depends on that are not in the store. */
  missing: string[];
}

/** The Measures, Libraries and ValueSets of parsed package files (Bundles or single resources). */
export function packageResources(documents: readonly unknown[]): {
  resources: Resource[];
  skipped: number;
} {
  const resources: Resource[] = [];
  let skipped = 0;
  const visit = (value: unknown): void => {
    if (!value || typeof value !== 'object') return;
    const r = value as Resource;
    if (r.resourceType === 'Bundle') {
      for (const e of r.entry ?? []) visit(e.resource);
    } else if ((PACKAGE_TYPES as readonly string[]).includes(r.resourceType)) {
      resources.push(r);
    } else {
      skipped++;
    }
  };
  documents.forEach(visit);
  // A measure bundle and the shared-libraries bundle repeat some ValueSets: keep one of each.
  const unique = new Map<string, Resource>();
  for (const r of resources) unique.set(`${r.resourceType}/${r.id ?? unique.size}`, r);
  return { resources: [...unique.values()], skipped };
}

/** A Library canonical's name (`…/Library/FHIRHelpers|4.4.000` → `FHIRHelpers`). */
const libraryName = (url: string): string => (url.split('|')[0] ?? url).split('/').pop() ?? url;

/**
 * Stores measure packages (Measure, Library, ValueSet) through the one write path, in one
 * transaction, as the system; unchanged resources are not rewritten. Reports the Libraries a
 * loaded Measure or Library depends on that are still missing (the shared-libraries bundle is
 * given beside a measure bundle).
 */
export async function loadMeasurePackages(
  repo: Repository,
  resources: readonly Resource[],
  skipped = 0,
): Promise<PackageLoadResult> {
  if (resources.length > 0) {
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany([...resources], { skipUnchanged: true }),
    );
  }
  const known = new Set<string>();
  for (const l of await repo.readModels.measures.sharedResources('Library')) {
    if (l.resourceType !== 'Library') continue;
    if (l.id) known.add(l.id);
    if (l.name) known.add(l.name);
    if (l.url) known.add(libraryName(l.url));
  }
  const needed = new Set<string>();
  for (const r of resources) {
    if (r.resourceType === 'Measure') for (const l of r.library ?? []) needed.add(libraryName(l));
    if (r.resourceType === 'Library') {
      for (const a of r.relatedArtifact ?? []) {
        // Model-info libraries (QICore-ModelInfo, FHIR-ModelInfo) describe the data model: the
        // engine carries them itself, packages do not ship them.
        if (
          a.type === 'depends-on' &&
          a.resource?.includes('/Library/') &&
          !libraryName(a.resource).endsWith('-ModelInfo')
        ) {
          needed.add(libraryName(a.resource));
        }
      }
    }
  }
  const measures = resources
    .filter((r): r is Measure => r.resourceType === 'Measure')
    .map((m) => ({
      id: m.id ?? '',
      ...(m.url ? { url: m.url } : {}),
      ...(m.version ? { version: m.version } : {}),
      ...(m.title ? { title: m.title } : {}),
    }));
  return {
    measures,
    libraries: resources.filter((r) => r.resourceType === 'Library').length,
    valueSets: resources.filter((r) => r.resourceType === 'ValueSet').length,
    skipped,
    missing: [...needed].filter((u) => !known.has(u)).sort(),
  };
}
