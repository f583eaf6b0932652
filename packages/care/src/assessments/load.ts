import type { Questionnaire } from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT, type Repository } from '@careweave/store';
import { shippedQuestionnaires } from './questionnaire.js';
import { DEFAULT_RULE_CONFIG, type AssessmentRuleConfig } from './work.js';

/** JSON with object keys sorted (stored JSONB does not keep key order). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : 1)),
        )
      : v,
  );
}

function same(a: Questionnaire, b: Questionnaire): boolean {
  const strip = ({ meta: _meta, ...rest }: Questionnaire): string => canonical(rest);
  return strip(a) === strip(b);
}

/**
 * Stores the shipped instruments (PHQ-9, PHQ-2, GAD-7, AHC-HRSN Questionnaires) under their fixed
 * ids at start-up, so apps and the web renderer find them. Idempotent: unchanged ones are not
 * rewritten. Returns how many were written.
 */
export async function loadInstruments(repo: Repository): Promise<number> {
  let written = 0;
  for (const q of shippedQuestionnaires()) {
    const existing = await repo
      .read<Questionnaire>(SYSTEM_CONTEXT, 'Questionnaire', q.id as string)
      .catch(() => undefined);
    if (existing && same(existing, q)) continue;
    await repo.update(SYSTEM_CONTEXT, q);
    written++;
  }
  return written;
}

/**
 * The rules' settings from environment variables (all optional):
 * `CAREWEAVE_ASSESSMENT_ACT_ON_DAYS` (30), `CAREWEAVE_PHQ9_RESCREEN_AFTER_DAYS` (28),
 * `CAREWEAVE_PHQ9_RESCREEN_WITHIN_DAYS` (84), `CAREWEAVE_ASSESSMENT_SUGGEST_AT` (10).
 */
export function assessmentConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): AssessmentRuleConfig {
  const read = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) {
      throw new Error(
        `${name} must be a whole number of days or points (got ${JSON.stringify(raw)})`,
      );
    }
    return n;
  };
  const d = DEFAULT_RULE_CONFIG;
  const config = {
    actOnDays: read('CAREWEAVE_ASSESSMENT_ACT_ON_DAYS', d.actOnDays),
    rescreenAfterDays: read('CAREWEAVE_PHQ9_RESCREEN_AFTER_DAYS', d.rescreenAfterDays),
    rescreenWithinDays: read('CAREWEAVE_PHQ9_RESCREEN_WITHIN_DAYS', d.rescreenWithinDays),
    suggestAt: read('CAREWEAVE_ASSESSMENT_SUGGEST_AT', d.suggestAt),
  };
  if (config.rescreenWithinDays < config.rescreenAfterDays) {
    throw new Error(
      'CAREWEAVE_PHQ9_RESCREEN_WITHIN_DAYS must not be less than CAREWEAVE_PHQ9_RESCREEN_AFTER_DAYS',
    );
  }
  return config;
}
