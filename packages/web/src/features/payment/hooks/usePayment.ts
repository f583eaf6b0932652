import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchPaymentMembers, fetchPaymentReport } from '../api';

/** The payment report for the period ('' = the server's default period). */
export function usePaymentReport(period: string) {
  return useQuery({
    queryKey: ['payment', 'report', period],
    queryFn: ({ signal }) => fetchPaymentReport(period, signal),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** An organisation's attributed members (drill-down); off until one is chosen. */
export function usePaymentMembers(organization: string | null, period: string) {
  return useQuery({
    queryKey: ['payment', 'members', organization, period],
    queryFn: ({ signal }) => fetchPaymentMembers(organization ?? '', period, signal),
    enabled: organization !== null,
    staleTime: 60_000,
  });
}
