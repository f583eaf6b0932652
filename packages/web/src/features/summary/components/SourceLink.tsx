import type { Reference, Resource } from '@medplum/fhirtypes';
import type { ReactNode } from 'react';
import { Link } from '../../../app/router';
import { parseReference } from '../../../lib/format';

/** The in-app path of a resource's source view. */
export function resourcePath(type: string, id: string): string {
  return `/resource/${encodeURIComponent(type)}/${encodeURIComponent(id)}`;
}

/** Links a piece of the summary to the resource it came from. */
export function SourceLink({ resource, children }: { resource: Resource; children: ReactNode }) {
  if (!resource.id) {
    return <>{children}</>;
  }
  return (
    <Link to={resourcePath(resource.resourceType, resource.id)} size="sm">
      {children}
    </Link>
  );
}

/** Links a reference (`Practitioner/…`) to its source view, showing its display. */
export function ReferenceLink({
  reference,
  fallback,
}: {
  reference: Reference | undefined;
  fallback?: string;
}) {
  const parsed = parseReference(reference);
  const text = reference?.display ?? fallback ?? reference?.reference ?? '—';
  if (!parsed) {
    return <>{text}</>;
  }
  return (
    <Link to={resourcePath(parsed.type, parsed.id)} size="sm">
      {text}
    </Link>
  );
}
