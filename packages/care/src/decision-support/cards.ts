/** Turns rule findings into CDS Hooks cards, each with fresh uuids (cards and suggestions). */
import { randomUUID } from 'node:crypto';
import type { CdsCard } from '@careweave/contract';
import type { DecisionRule, RuleFinding } from './rule.js';

/** The CodeSystem of rule ids (`Card.source.topic`), so a client can tell which rule spoke. */
export const DECISION_RULE_SYSTEM = 'https://careweave.org/fhir/CodeSystem/decision-rule';

/** Reasons a person may give for dismissing a card (CDS Hooks 2.0 `Card.overrideReasons`). */
export const OVERRIDE_REASONS = [
  { system: DECISION_RULE_SYSTEM, code: 'already-addressed', display: 'Already addressed' },
  { system: DECISION_RULE_SYSTEM, code: 'not-relevant', display: 'Not relevant for this person' },
  { system: DECISION_RULE_SYSTEM, code: 'person-declined', display: 'The person declined' },
  { system: DECISION_RULE_SYSTEM, code: 'other', display: 'Other (see comment)' },
] as const;

/** The CDS Hooks limit on a card's summary. */
export const SUMMARY_MAX = 140;

function clip(text: string): string {
  return text.length <= SUMMARY_MAX ? text : `${text.slice(0, SUMMARY_MAX - 1)}…`;
}

/** A card from a rule's finding. */
export function toCard(rule: DecisionRule, finding: RuleFinding): CdsCard {
  return {
    uuid: randomUUID(),
    summary: clip(finding.summary),
    detail: finding.detail,
    indicator: finding.indicator,
    source: {
      label: rule.source.label,
      url: rule.source.url,
      topic: { system: DECISION_RULE_SYSTEM, code: rule.id, display: rule.title },
    },
    suggestions: finding.suggestions.map((s) => ({
      label: s.label,
      uuid: randomUUID(),
      actions: s.actions.map((a) => ({
        type: 'create' as const,
        description: a.description,
        resource: a.resource as unknown as Record<string, unknown> & { resourceType: string },
      })),
    })),
    selectionBehavior: 'at-most-one',
    overrideReasons: OVERRIDE_REASONS.map((r) => ({ ...r })),
    ...(finding.links && finding.links.length > 0 ? { links: finding.links } : {}),
  };
}
