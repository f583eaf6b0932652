import type { MatchAgreement, MatchPerson, MatchReview } from '@careweave/contract';
import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMatchReviews, useResolveMatch } from '../hooks/useHl7';
import { ErrorAlert, Loading, when } from './common';

const FIELDS: { key: 'family' | 'given' | 'birthDate' | 'gender' | 'postcode'; label: string }[] = [
  { key: 'family', label: 'Family name' },
  { key: 'given', label: 'Given name' },
  { key: 'birthDate', label: 'Birth date' },
  { key: 'gender', label: 'Sex' },
  { key: 'postcode', label: 'Postcode' },
];

const AGREEMENT: Record<MatchAgreement, { label: string; color: string }> = {
  agree: { label: 'same', color: 'green' },
  partial: { label: 'similar', color: 'yellow' },
  disagree: { label: 'different', color: 'red' },
  missing: { label: 'missing', color: 'gray' },
};

function identifiers(p: MatchPerson): string {
  return (
    p.identifiers.map((i) => (i.system ? `${i.system} ${i.value}` : i.value)).join(', ') || '—'
  );
}

/** One uncertain person: the message's person beside each candidate, field by field. */
function ReviewCard({ review }: { review: MatchReview }) {
  const resolve = useResolveMatch();
  const busy = resolve.isPending;
  return (
    <Card withBorder padding="md">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h5">
            {review.incoming.given} {review.incoming.family}
          </Title>
          <Text size="xs" c="dimmed">
            ADT {review.event ?? '?'} from {review.sender ?? 'unknown sender'},{' '}
            {when(review.createdAt)}
          </Text>
        </Group>
        <Table fz="sm" withColumnBorders>
          <caption style={{ captionSide: 'top', textAlign: 'left' }}>
            The person in the message beside the people who may be the same
          </caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Field</Table.Th>
              <Table.Th scope="col">In the message</Table.Th>
              {review.candidates.map((c) => (
                <Table.Th scope="col" key={c.patient}>
                  {c.patient} (score {c.score})
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {FIELDS.map((f) => (
              <Table.Tr key={f.key}>
                <Table.Th scope="row">{f.label}</Table.Th>
                <Table.Td>{review.incoming[f.key] ?? '—'}</Table.Td>
                {review.candidates.map((c) => (
                  <Table.Td key={c.patient}>
                    {c.person[f.key] ?? '—'}{' '}
                    <Badge size="xs" variant="light" color={AGREEMENT[c.fields[f.key]].color}>
                      {AGREEMENT[c.fields[f.key]].label}
                    </Badge>
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Th scope="row">Identifiers</Table.Th>
              <Table.Td>{identifiers(review.incoming)}</Table.Td>
              {review.candidates.map((c) => (
                <Table.Td key={c.patient}>{identifiers(c.person)}</Table.Td>
              ))}
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row">Decision</Table.Th>
              <Table.Td>
                <Button
                  size="xs"
                  variant="default"
                  loading={busy}
                  onClick={() =>
                    resolve.mutate({ id: review.id, decision: { action: 'register' } })
                  }
                >
                  Register as new person
                </Button>
              </Table.Td>
              {review.candidates.map((c) => (
                <Table.Td key={c.patient}>
                  <Button
                    size="xs"
                    loading={busy}
                    onClick={() =>
                      resolve.mutate({
                        id: review.id,
                        decision: { action: 'link', patient: c.patient },
                      })
                    }
                    aria-label={`Link to ${c.patient}`}
                  >
                    Link to this person
                  </Button>
                </Table.Td>
              ))}
            </Table.Tr>
          </Table.Tbody>
        </Table>
        <ErrorAlert error={resolve.error} />
      </Stack>
    </Card>
  );
}

/**
 * Administration → Patient matching: people from hospital messages whose match was uncertain.
 * Nothing is merged silently; a decision applies the message that was held.
 */
export function PatientMatchingPanel() {
  const reviews = useMatchReviews();
  const open = reviews.data?.reviews ?? [];
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        People in hospital messages who may be someone we know, but not certainly. Link each to the
        right person, or register them as new; the held message is then applied.
      </Text>
      <Loading loading={reviews.isPending} error={reviews.error}>
        {open.length === 0 ? (
          <Text size="sm">No one is waiting for a matching decision.</Text>
        ) : (
          open.map((r) => <ReviewCard key={r.id} review={r} />)
        )}
      </Loading>
    </Stack>
  );
}
