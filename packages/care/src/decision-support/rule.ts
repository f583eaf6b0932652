import type { CdsHook, CdsIndicator, CdsLink, CdsSource } from '@careweave/contract';
import type { Goal, ServiceRequest, Task } from '@medplum/fhirtypes';
import type { PatientRecord, RecordList } from './record.js';

/** What a suggestion's action creates (CDS Hooks `create` actions). */
export type SuggestedResource = Task | ServiceRequest | Goal;

/** A suggestion of a rule: one label, the resources accepting it creates. */
export interface RuleSuggestion {
  label: string;
  actions: { description: string; resource: SuggestedResource }[];
}

/** What a rule found: the card's content before it gets its uuids. */
export interface RuleFinding {
  indicator: CdsIndicator;
  /** ≤ 140 characters (CDS Hooks Card.summary). */
  summary: string;
  /** Markdown. */
  detail: string;
  suggestions: RuleSuggestion[];
  links?: CdsLink[];
}

/**
 * A decision-support rule as data: what it reads, where its logic comes from, its version (the
 * version goes with every card, so feedback counts per version) and the logic itself.
 */
export interface DecisionRule {
  id: string;
  title: string;
  version: string;
  /** The hooks whose services run it. */
  hooks: readonly CdsHook[];
  /** The parts of the record it reads (and so the prefetch keys it needs). */
  inputs: readonly RecordList[] | readonly (RecordList | 'draftOrders')[];
  source: CdsSource & { url: string };
  /** undefined: nothing to say about this person. */
  evaluate(record: PatientRecord): RuleFinding | undefined;
}
