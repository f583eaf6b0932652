import type { Coding, Consent, ConsentProvision } from '@medplum/fhirtypes';
import { CONSENT_CATEGORIES, type ConsentCategory, type ConsentChoice } from '@careweave/contract';
import { ACT_CODE, SENSITIVE_CATEGORIES } from '../access/codes.js';
import { evaluateConsent, type ConsentDecision } from '../access/consent.js';

/**
 * The consent screen's grid — organisations × sensitive categories — read from and written into
 * a FHIR R4 Consent, in the encoding care/access evaluates (its README "Who may see what"):
 *
 * - the root provision keeps its actor (the network holding the consent) and says what
 *   "everyone else" in the network gets: `permit` (shares) or `deny`;
 * - under a root permit, one nested permit without actors names the categories everyone else may
 *   see (42 CFR Part 2 §2.31: a disclosure of substance-use records must name them);
 * - then, per organisation that differs from everyone else: a nested `deny` naming it (without
 *   labels: no sharing at all; with labels: not those categories) and/or a nested `permit` naming
 *   it with the extra categories; under a root deny, a nested permit naming each organisation
 *   that shares, with its categories;
 * - nested provisions that name people (a caregiver's grant, `RelatedPerson/…`) are kept as
 *   they are.
 *
 * Order matters to the evaluation (a permit re-opens sharing), so the general permit comes first.
 */

/** The v3 ActCode label that names each category in a consent (any label of it names the whole category). */
const CATEGORY_LABEL: Readonly<Record<ConsentCategory, Coding>> = {
  'mental-health': {
    system: ACT_CODE,
    code: 'PSY',
    display: 'psychiatry disorder information sensitivity',
  },
  'substance-use': {
    system: ACT_CODE,
    code: 'ETH',
    display: 'substance abuse information sensitivity',
  },
  hiv: { system: ACT_CODE, code: 'HIV', display: 'HIV/AIDS information sensitivity' },
  violence: {
    system: ACT_CODE,
    code: 'SDV',
    display: 'sexual assault, abuse, or domestic violence information sensitivity',
  },
};

const CATEGORY_KEYS: Readonly<Record<ConsentCategory, string>> = {
  'mental-health': 'mental-health',
  'substance-use': 'substance-use',
  hiv: 'hiv',
  violence: 'violence',
};

/** An organisation id no consent names: what "everyone else in the network" gets. */
const EVERYONE_ELSE = '\u0000everyone-else';

function choiceOf(decision: ConsentDecision): ConsentChoice {
  const categories = {} as Record<ConsentCategory, boolean>;
  for (const key of CONSENT_CATEGORIES) {
    const labels = SENSITIVE_CATEGORIES.find((c) => c.key === CATEGORY_KEYS[key])?.labels ?? [];
    categories[key] = decision.shares && labels.some((l) => decision.labels.has(l));
  }
  return { shares: decision.shares, categories };
}

/** What the consent in force lets one organisation's staff see (no consent: nothing beyond their own). */
export function choiceFor(consents: readonly Consent[], orgId: string, now: Date): ConsentChoice {
  return choiceOf(evaluateConsent(consents, { orgIds: [orgId], refs: [] }, now));
}

/** What every organisation not named in the consent gets. */
export function everyoneElseChoice(consents: readonly Consent[], now: Date): ConsentChoice {
  return choiceFor(consents, EVERYONE_ELSE, now);
}

const on = (choice: ConsentChoice): ConsentCategory[] =>
  choice.shares ? CONSENT_CATEGORIES.filter((c) => choice.categories[c]) : [];

const labels = (categories: readonly ConsentCategory[]): Coding[] =>
  categories.map((c) => CATEGORY_LABEL[c]);

function orgActor(orgId: string, name?: string): NonNullable<ConsentProvision['actor']>[number] {
  return {
    role: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
          code: 'IRCP',
          display: 'information recipient',
        },
      ],
    },
    reference: { reference: `Organization/${orgId}`, ...(name ? { display: name } : {}) },
  };
}

/** Does a nested provision name only people (a caregiver's grant), rather than organisations or everyone? */
function namesPeople(p: ConsentProvision): boolean {
  const actors = p.actor ?? [];
  return (
    actors.length > 0 &&
    actors.every((a) => !(a.reference.reference ?? '').startsWith('Organization/'))
  );
}

/**
 * The next version of the consent from the grid: `base` is the consent in force (or a new one's
 * skeleton), `rows` the organisations' choices, `everyoneElse` the default. Provisions naming
 * people are carried over unchanged.
 */
export function encodeConsent(
  base: Consent,
  rows: readonly ({ id: string; name?: string } & ConsentChoice)[],
  everyoneElse: ConsentChoice,
  now: Date,
): Consent {
  const root: ConsentProvision = base.provision ?? {};
  const people = (root.provision ?? []).filter(namesPeople);
  const permitAll = everyoneElse.shares;
  const general = on(everyoneElse);
  const nested: ConsentProvision[] = [];
  if (permitAll && general.length > 0) {
    nested.push({ type: 'permit', securityLabel: labels(general) });
  }
  for (const row of rows) {
    const mine = on(row);
    if (permitAll) {
      if (!row.shares) {
        nested.push({ type: 'deny', actor: [orgActor(row.id, row.name)] });
        continue;
      }
      const missing = general.filter((c) => !mine.includes(c));
      const extra = mine.filter((c) => !general.includes(c));
      if (missing.length > 0)
        nested.push({
          type: 'deny',
          actor: [orgActor(row.id, row.name)],
          securityLabel: labels(missing),
        });
      if (extra.length > 0)
        nested.push({
          type: 'permit',
          actor: [orgActor(row.id, row.name)],
          securityLabel: labels(extra),
        });
    } else if (row.shares) {
      nested.push({
        type: 'permit',
        actor: [orgActor(row.id, row.name)],
        ...(mine.length > 0 ? { securityLabel: labels(mine) } : {}),
      });
    }
  }
  const { securityLabel: _labels, provision: _nested, ...rootRest } = root;
  const policy: Coding = permitAll
    ? { system: ACT_CODE, code: 'OPTIN', display: 'opt-in' }
    : { system: ACT_CODE, code: 'OPTOUT', display: 'opt-out' };
  return {
    ...base,
    status: 'active',
    dateTime: now.toISOString(),
    policyRule: { coding: [policy] },
    provision: {
      ...rootRest,
      type: permitAll ? 'permit' : 'deny',
      ...(nested.length + people.length > 0 ? { provision: [...nested, ...people] } : {}),
    },
  };
}
