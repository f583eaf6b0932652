import { Alert, Loader, Stack, Title } from '@mantine/core';
import { useCdsCards } from '../hooks/useCdsCards';
import { CdsCardView } from './CdsCardView';

/**
 * Decision support at the point of care: the CDS Hooks patient-view cards for this person, on
 * the summary and the plan page. Accepting performs the suggestion through the FHIR API and
 * records the acceptance; dismissing records the reason. Nothing shows when no rule fires.
 */
export function CdsCards({ patientId }: { patientId: string }) {
  const { cards, accept, dismiss } = useCdsCards(patientId);
  const busy = accept.isPending || dismiss.isPending;
  const error = accept.error ?? dismiss.error;
  if (cards.isPending && cards.fetchStatus !== 'idle') {
    return <Loader size="xs" aria-label="Loading decision support" />;
  }
  if (cards.isError) {
    return (
      <Alert color="gray" variant="light" title="Decision support unavailable">
        {cards.error.message}
      </Alert>
    );
  }
  const list = cards.data ?? [];
  if (list.length === 0) return null;
  return (
    <Stack gap="xs" component="section" aria-label="Decision support" data-cds-cards={list.length}>
      <Title order={3} size="h5">
        Decision support
      </Title>
      {error && (
        <Alert color="red" variant="light" role="alert">
          {error.message}
        </Alert>
      )}
      {list.map((card) => (
        <CdsCardView
          key={card.uuid}
          card={card}
          busy={busy}
          onAccept={(suggestion) => accept.mutate({ card, suggestion })}
          onDismiss={(reason, comment) => dismiss.mutate({ card, reason, comment })}
        />
      ))}
    </Stack>
  );
}
