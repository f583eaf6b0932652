import type { Resource } from '@medplum/fhirtypes';
import { StoreErrors, parseVersionTag } from '@careweave/store';

/** Throws 412 unless `ifMatch` names the resource's current version. */
export function checkVersion(resource: Resource, ifMatch: string | undefined): void {
  if (ifMatch !== undefined && String(parseVersionTag(ifMatch)) !== resource.meta?.versionId) {
    throw StoreErrors.versionConflict(ifMatch, Number(resource.meta?.versionId ?? 0));
  }
}
