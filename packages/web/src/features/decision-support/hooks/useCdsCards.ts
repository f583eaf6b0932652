import type { CdsCard, CdsSuggestion } from '@careweave/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useAuth } from '../../auth/hooks/useAuth';
import { createResource, fetchCards, fetchRates, sendFeedback } from '../api';

const cardsKey = (patientId: string) => ['cds-cards', patientId];

/** The person's decision-support cards, with accept (perform + record) and dismiss (record with a reason). */
export function useCdsCards(patientId: string) {
  const { user } = useAuth();
  const client = useQueryClient();
  const userId = user?.fhirUser ?? '';
  const cards = useQuery({
    queryKey: cardsKey(patientId),
    queryFn: ({ signal }) => fetchCards(patientId, userId, signal),
    enabled: userId !== '',
    staleTime: 30_000,
    retry: false,
  });
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: cardsKey(patientId) });
    await client.invalidateQueries({ queryKey: ['summary', patientId] });
  };
  const accept = useMutation({
    mutationFn: async ({ card, suggestion }: { card: CdsCard; suggestion: CdsSuggestion }) => {
      for (const action of suggestion.actions) {
        if (action.type === 'create' && action.resource) await createResource(action.resource);
      }
      await sendFeedback({
        feedback: [
          {
            card: card.uuid,
            outcome: 'accepted',
            acceptedSuggestions: [{ id: suggestion.uuid }],
            outcomeTimestamp: new Date().toISOString(),
          },
        ],
      });
    },
    onSuccess: refresh,
  });
  const dismiss = useMutation({
    mutationFn: async ({
      card,
      reason,
      comment,
    }: {
      card: CdsCard;
      reason: { system?: string; code: string; display: string };
      comment: string;
    }) =>
      sendFeedback({
        feedback: [
          {
            card: card.uuid,
            outcome: 'overridden',
            overrideReason: { reason, ...(comment.trim() ? { userComment: comment.trim() } : {}) },
            outcomeTimestamp: new Date().toISOString(),
          },
        ],
      }),
    onSuccess: refresh,
  });
  return { cards, accept, dismiss };
}

/** Acceptance rates per rule. */
export function useCdsRates(enabled: boolean) {
  return useQuery({
    queryKey: ['cds-rates'],
    queryFn: ({ signal }) => fetchRates(signal),
    enabled,
  });
}
