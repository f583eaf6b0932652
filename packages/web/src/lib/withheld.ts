import type { Bundle, OperationOutcome } from '@medplum/fhirtypes';

/** Rows the server left out of a response because of consent or sensitivity rules. */
export interface Withheld {
  /** How many; null when the server says "some" without a number. */
  count: number | null;
  /** Why, in words for the UI (e.g. "consent required"). */
  reason: string;
}

/** v3 ObservationValue SUBSETTED: "the response is a subset of what exists". */
const SUBSETTED = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  code: 'SUBSETTED',
};
/** Response header carrying the count (and optionally `; reason="…"`). */
export const WITHHELD_HEADER = 'x-careweave-withheld';
const DEFAULT_REASON = 'consent required';

function fromHeader(headers: Headers): Withheld | null {
  const raw = headers.get(WITHHELD_HEADER);
  if (!raw) {
    return null;
  }
  const count = /^\s*(\d+)/.exec(raw)?.[1];
  const reason = /reason="([^"]+)"/.exec(raw)?.[1];
  return { count: count === undefined ? null : Number(count), reason: reason ?? DEFAULT_REASON };
}

function fromOutcome(outcome: OperationOutcome): Withheld | null {
  const issue = (outcome.issue ?? []).find(
    (i) =>
      i.code === 'suppressed' ||
      /withheld|hidden|consent/i.test(i.diagnostics ?? i.details?.text ?? ''),
  );
  if (!issue) {
    return null;
  }
  const text = issue.details?.text ?? issue.diagnostics ?? '';
  const countExt = issue.extension?.find((e) => /withheld-count$/.test(e.url))?.valueInteger;
  const count =
    countExt ?? (/(\d+)/.exec(text)?.[1] !== undefined ? Number(/(\d+)/.exec(text)?.[1]) : null);
  const reason = /consent/i.test(text)
    ? 'consent required'
    : /sensitiv/i.test(text)
      ? 'sensitive data'
      : DEFAULT_REASON;
  return { count, reason };
}

/**
 * The one place that knows how the server signals withheld data. It reads, in order: the
 * `X-Careweave-Withheld` response header; a Bundle entry with `search.mode: outcome` whose
 * OperationOutcome has a `suppressed` issue; `Bundle.meta.tag` SUBSETTED (count unknown).
 * Adapt this function when the access rules settle on one encoding.
 */
export function readWithheld(headers: Headers, body: Bundle | undefined): Withheld | null {
  const header = fromHeader(headers);
  if (header) {
    return header;
  }
  for (const entry of body?.entry ?? []) {
    if (entry.search?.mode === 'outcome' && entry.resource?.resourceType === 'OperationOutcome') {
      const found = fromOutcome(entry.resource);
      if (found) {
        return found;
      }
    }
  }
  if (body?.meta?.tag?.some((t) => t.system === SUBSETTED.system && t.code === SUBSETTED.code)) {
    return { count: null, reason: DEFAULT_REASON };
  }
  return null;
}

/** Adds up several signals (e.g. every panel's) for the summary header; null when none. */
export function sumWithheld(signals: readonly (Withheld | null | undefined)[]): Withheld | null {
  const present = signals.filter((s): s is Withheld => Boolean(s));
  if (present.length === 0) {
    return null;
  }
  const unknown = present.some((s) => s.count === null);
  const reasons = [...new Set(present.map((s) => s.reason))];
  return {
    count: unknown ? null : present.reduce((n, s) => n + (s.count ?? 0), 0),
    reason: reasons.join(', '),
  };
}

/** "2 items hidden: consent required" / "Some items hidden: …". */
export function withheldText(w: Withheld): string {
  const what = w.count === null ? 'Some items' : `${w.count} ${w.count === 1 ? 'item' : 'items'}`;
  return `${what} hidden: ${w.reason}`;
}
