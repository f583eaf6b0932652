import type { Consent, ConsentProvision } from '@medplum/fhirtypes';
import { SENSITIVITY_LABELS } from '../../../lib/codes';
import { formatDate, hasCode } from '../../../lib/format';

/** What the patient's sharing consent says, in words. */
export interface ConsentSummary {
  /** "Opted in", "Opted out", "No consent on record", … */
  status: string;
  /** Badge colour (light background, shade-9 text); always shown with the status text. */
  color: 'green' | 'red' | 'gray' | 'yellow';
  /** Categories the patient keeps out even when opted in (e.g. "substance use"). */
  withheldCategories: string[];
  since?: string;
  consent?: Consent;
}

function deniedLabels(provision: ConsentProvision | undefined): string[] {
  const out: string[] = [];
  for (const nested of provision?.provision ?? []) {
    if (nested.type === 'deny') {
      for (const label of nested.securityLabel ?? []) {
        out.push(
          SENSITIVITY_LABELS[label.code ?? ''] ?? label.display ?? label.code ?? 'sensitive',
        );
      }
    }
    out.push(...deniedLabels(nested));
  }
  return out;
}

/**
 * Summarises the patient's privacy consent (scope `patient-privacy`): the latest active one wins;
 * `OPTOUT` or a top-level `deny` is an opt-out; nested `deny` provisions with security labels keep
 * those categories (e.g. ETH substance use, PSY psychiatric) out of sharing.
 */
export function summariseConsent(consents: readonly Consent[]): ConsentSummary {
  const privacy = consents
    .filter((c) => c.status === 'active' && (hasCode(c.scope, 'patient-privacy') || !c.scope))
    .sort((a, b) => (b.dateTime ?? '').localeCompare(a.dateTime ?? ''));
  const consent = privacy[0];
  if (!consent) {
    const inactive = consents.find((c) => c.status !== 'active');
    return inactive
      ? {
          status: `Consent ${inactive.status}`,
          color: 'yellow',
          withheldCategories: [],
          consent: inactive,
        }
      : { status: 'No consent on record', color: 'gray', withheldCategories: [] };
  }
  const since = consent.provision?.period?.start ?? consent.dateTime;
  const optOut = consent.provision?.type === 'deny' || hasCode(consent.policyRule, 'OPTOUT');
  const withheldCategories = [...new Set(deniedLabels(consent.provision))];
  return {
    status: optOut
      ? 'Opted out of sharing'
      : withheldCategories.length > 0
        ? 'Opted in, with exceptions'
        : 'Opted in to sharing',
    color: optOut ? 'red' : withheldCategories.length > 0 ? 'yellow' : 'green',
    withheldCategories,
    ...(since ? { since: formatDate(since) } : {}),
    consent,
  };
}
