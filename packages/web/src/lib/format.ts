import type {
  CodeableConcept,
  Coding,
  HumanName,
  Identifier,
  Period,
  Quantity,
  Reference,
} from '@medplum/fhirtypes';

/** "Rosa Delgado" from the official (else first) name. */
export function formatName(names: readonly HumanName[] | undefined): string {
  const name = names?.find((n) => n.use === 'official') ?? names?.[0];
  if (!name) {
    return 'Unnamed';
  }
  if (name.text) {
    return name.text;
  }
  return (
    [...(name.prefix ?? []), ...(name.given ?? []), name.family].filter(Boolean).join(' ') ||
    'Unnamed'
  );
}

/** Age in whole years on `asOf` (default today) from a FHIR date. */
export function ageFrom(
  birthDate: string | undefined,
  asOf: Date = new Date(),
): number | undefined {
  if (!birthDate) {
    return undefined;
  }
  const [y, m = 1, d = 1] = birthDate.split('-').map(Number);
  if (y === undefined || Number.isNaN(y)) {
    return undefined;
  }
  let age = asOf.getFullYear() - y;
  if (asOf.getMonth() + 1 < m || (asOf.getMonth() + 1 === m && asOf.getDate() < d)) {
    age--;
  }
  return age;
}

const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "14 Aug 1952" from a FHIR date or dateTime; partial dates stay partial; '—' when absent. */
export function formatDate(value: string | undefined): string {
  if (!value) {
    return '—';
  }
  if (/^\d{4}$/.test(value)) {
    return value;
  }
  if (/^\d{4}-\d{2}$/.test(value)) {
    return new Intl.DateTimeFormat('en-GB', {
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(`${value}-01T00:00:00Z`));
  }
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? value : DATE.format(date);
}

/** "3 Mar 2024 – 7 Mar 2024", or "since 3 Mar 2024". */
export function formatPeriod(period: Period | undefined): string {
  if (!period?.start && !period?.end) {
    return '—';
  }
  if (!period.end) {
    return `since ${formatDate(period.start)}`;
  }
  return `${formatDate(period.start)} – ${formatDate(period.end)}`;
}

/** Text of a concept: its text, else the first coding's display, else its code. */
export function conceptText(concept: CodeableConcept | undefined): string {
  if (!concept) {
    return '—';
  }
  return (
    concept.text ??
    concept.coding?.find((c) => c.display)?.display ??
    concept.coding?.[0]?.code ??
    '—'
  );
}

/** The coding of a concept in the given system. */
export function codingIn(concept: CodeableConcept | undefined, system: string): Coding | undefined {
  return concept?.coding?.find((c) => c.system === system);
}

/** True when any coding of any concept has this code (optionally in this system). */
export function hasCode(
  concepts: readonly CodeableConcept[] | CodeableConcept | undefined,
  code: string,
  system?: string,
): boolean {
  const list: readonly CodeableConcept[] = Array.isArray(concepts)
    ? concepts
    : concepts
      ? [concepts as CodeableConcept]
      : [];
  return list.some((c) =>
    c.coding?.some((k: Coding) => k.code === code && (system === undefined || k.system === system)),
  );
}

/** The display of a reference: its display, else `Type/id`. */
export function referenceText(ref: Reference | undefined): string {
  return ref?.display ?? ref?.reference ?? '—';
}

/** "9.3 %" / "132 mm[Hg]". */
export function formatQuantity(q: Quantity | undefined): string {
  if (q?.value === undefined) {
    return '—';
  }
  return `${q.value}${q.unit ? ` ${q.unit}` : ''}`;
}

/** "MRN CW00000001" for each identifier. */
export function formatIdentifier(identifier: Identifier): string {
  const type = identifier.type?.coding?.[0]?.code ?? identifier.type?.text;
  return `${type ? `${type} ` : ''}${identifier.value ?? ''}`.trim();
}

/** Splits `Type/id` into its parts (null for absolute or contained references). */
export function parseReference(
  ref: Reference | string | undefined,
): { type: string; id: string } | null {
  const value = typeof ref === 'string' ? ref : ref?.reference;
  const match = value ? /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(value) : null;
  return match?.[1] && match[2] ? { type: match[1], id: match[2] } : null;
}
