import type {
  ConsentCategory,
  ConsentChoice,
  ConsentOrganization,
  PortalConsent,
} from '@careweave/contract';

/** The categories in the words of the consent screen. */
export const CATEGORY_LABELS: Readonly<Record<ConsentCategory, string>> = {
  'mental-health': 'Mental health',
  'substance-use': 'Drug and alcohol use',
  hiv: 'HIV',
  violence: 'Violence and abuse',
};

/** The categories inside a sentence. */
const CATEGORY_WORDS: Readonly<Record<ConsentCategory, string>> = {
  'mental-health': 'mental health',
  'substance-use': 'drug and alcohol use',
  hiv: 'HIV',
  violence: 'violence and abuse',
};

/** One change the person is about to make: an organisation (or everyone else) and what changes. */
export interface ConsentChange {
  who: string;
  /** `general` = the rest of the record (written by other organisations). */
  what: ConsentCategory | 'general';
  from: boolean;
  to: boolean;
}

/** The differences between two grids, row by row. */
export function consentChanges(
  before: PortalConsent,
  rows: readonly ConsentOrganization[],
  everyoneElse: ConsentChoice,
): ConsentChange[] {
  const out: ConsentChange[] = [];
  const compare = (who: string, a: ConsentChoice, b: ConsentChoice) => {
    if (a.shares !== b.shares) out.push({ who, what: 'general', from: a.shares, to: b.shares });
    for (const c of Object.keys(CATEGORY_LABELS) as ConsentCategory[]) {
      const was = a.shares && a.categories[c];
      const now = b.shares && b.categories[c];
      if (was !== now) out.push({ who, what: c, from: was, to: now });
    }
  };
  for (const row of rows) {
    const old = before.organisations.find((o) => o.id === row.id);
    if (old) compare(row.name, old, row);
  }
  compare('every other organisation in the network', before.everyoneElse, everyoneElse);
  return out;
}

/**
 * What a change means for the person, in plain words, shown before they confirm: who will or will
 * not see what from their next look at the record, and what stays true whatever they choose (an
 * organisation always sees what it wrote itself; in an emergency a clinician may still open the
 * record, and that shows in "Who looked at my record").
 */
export function consequenceOf(change: ConsentChange): string {
  const what =
    change.what === 'general'
      ? 'your records from other organisations'
      : `your ${CATEGORY_WORDS[change.what]} information`;
  if (change.to) {
    return `Staff at ${change.who} will be able to see ${what}, from the next time they open your record.`;
  }
  return `Staff at ${change.who} will no longer see ${what} written by other organisations, from the next time they open your record. They still see what they wrote themselves.`;
}

/** Said once under the list of consequences. */
export const EMERGENCY_NOTE =
  'In an emergency a clinician can still open your whole record for one hour. If that happens you will see it, with their reason, under "Who looked at my record".';
