import type { PaymentMember, PaymentReport } from '@careweave/contract';
import { request } from '../../lib/http';

// The shapes of the payment API are the contract's (one definition, filled by care/payment).
export type {
  AttributionChange,
  CapitationMonth,
  MonthlyAttribution,
  PaymentMember,
  PaymentOrganization,
  PaymentReport,
  SavingsOutcome,
} from '@careweave/contract';

const query = (params: Record<string, string | undefined>): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
};

/** `GET /api/payment/report[?period]`: every organisation's numbers under the network's contract. */
export async function fetchPaymentReport(
  period: string,
  signal?: AbortSignal,
): Promise<PaymentReport> {
  return (
    await request<PaymentReport>(
      `/api/payment/report${query({ period })}`,
      signal ? { signal } : {},
    )
  ).data;
}

/** `GET /api/payment/members?organization[&period]`: the organisation's attributed members. */
export async function fetchPaymentMembers(
  organization: string,
  period: string,
  signal?: AbortSignal,
): Promise<PaymentMember[]> {
  return (
    await request<PaymentMember[]>(
      `/api/payment/members${query({ organization, period })}`,
      signal ? { signal } : {},
    )
  ).data;
}
