/** Acceptance rates per rule, for programme managers (how often each rule's cards are taken up). */
import type { CdsRatesResponse } from '@careweave/contract';
import type { Repository } from '@careweave/store';
import { DECISION_RULES } from './rules/index.js';

/** Every rule with its cards shown, accepted and overridden; rules never fired show zeros. */
export async function acceptanceRates(repo: Repository): Promise<CdsRatesResponse> {
  const counts = new Map(
    (await repo.readModels.cdsHooks.ruleCounts()).map((c) => [c.ruleId, c] as const),
  );
  return {
    rules: DECISION_RULES.map((rule) => {
      const c = counts.get(rule.id);
      const accepted = c?.accepted ?? 0;
      const overridden = c?.overridden ?? 0;
      return {
        ruleId: rule.id,
        title: rule.title,
        version: rule.version,
        source: { label: rule.source.label, url: rule.source.url },
        cards: c?.cards ?? 0,
        accepted,
        overridden,
        acceptanceRate: accepted + overridden === 0 ? null : accepted / (accepted + overridden),
      };
    }),
  };
}
