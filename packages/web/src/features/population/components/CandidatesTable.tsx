import {
  Button,
  Group,
  List,
  Stack,
  Table,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { ageFrom } from '../../../lib/format';
import type { Candidate } from '../api';
import type { CandidateSort } from '../model/filters';
import { conditionLabel, needLabel, percent } from '../model/labels';
import { TierBadge } from './TierBadge';

export interface CandidatesTableProps {
  rows: readonly Candidate[];
  sort: CandidateSort;
  onSort: (sort: CandidateSort) => void;
  organizationName: (reference: string | null) => string;
  onEnrol: (candidate: Candidate) => void;
  /** Absent when the user may not override tiers. */
  onOverride?: ((candidate: Candidate) => void) | undefined;
}

/** The person's name as the queue gives it (never empty: buttons are named after it). */
export const candidateName = (c: Candidate): string => c.name?.trim() || `Patient ${c.patientId}`;

/** A header that sorts through the API: first click descending (highest risk, oldest first). */
function SortHeader({
  label,
  field,
  sort,
  onSort,
}: {
  label: string;
  field: 'score' | 'age';
  sort: CandidateSort;
  onSort: (s: CandidateSort) => void;
}) {
  const dir = sort === `-${field}` ? 'descending' : sort === field ? 'ascending' : 'none';
  return (
    <Table.Th aria-sort={dir}>
      <UnstyledButton
        className="sort-button"
        fz="sm"
        fw={700}
        onClick={() => onSort(sort === `-${field}` ? field : `-${field}`)}
      >
        {label}
        <span aria-hidden="true">
          {dir === 'ascending' ? ' ▲' : dir === 'descending' ? ' ▼' : ' ↕'}
        </span>
      </UnstyledButton>
    </Table.Th>
  );
}

function Scores({ c }: { c: Candidate }) {
  const s = c.scores ?? {};
  const parts: string[] = [];
  if (s.charlson1987 !== undefined) parts.push(`Charlson ${s.charlson1987}`);
  if (s.laceStyle !== undefined) parts.push(`LACE-style ${s.laceStyle}`);
  if (s.admissions12m !== undefined) parts.push(`${s.admissions12m} adm.`);
  if (s.edVisits12m !== undefined) parts.push(`${s.edVisits12m} ED`);
  return (
    <Text size="xs" c="dimmed">
      {parts.join(' · ')}
    </Text>
  );
}

const tags = (values: readonly string[], label: (v: string) => string): ReactNode =>
  values.length > 0 ? (
    values.map(label).join(', ')
  ) : (
    <Text span size="sm" c="dimmed">
      None
    </Text>
  );

/**
 * The enrolment queue: who, their tier and probability of an emergency admission with the scores,
 * **why** (the top factors in words, in the row), their conditions and social needs, and the
 * actions. Sorting is done by the API (so it covers every page, not only the loaded ones).
 */
export function CandidatesTable({
  rows,
  sort,
  onSort,
  organizationName,
  onEnrol,
  onOverride,
}: CandidatesTableProps) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped verticalSpacing="xs" fz="sm" data-testid="candidates">
        <VisuallyHidden component="caption">
          High-risk people not yet enrolled, with the reasons for their risk
        </VisuallyHidden>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Person</Table.Th>
            <SortHeader label="Age" field="age" sort={sort} onSort={onSort} />
            <Table.Th>Tier</Table.Th>
            <SortHeader label="Risk" field="score" sort={sort} onSort={onSort} />
            <Table.Th>Why</Table.Th>
            <Table.Th>Conditions</Table.Th>
            <Table.Th>Social needs</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((c) => {
            const name = candidateName(c);
            const age = ageFrom(c.birthDate ?? undefined);
            return (
              <Table.Tr key={c.patientId} data-patient={c.patientId}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {c.gender ?? 'sex unknown'} · {organizationName(c.organization)}
                  </Text>
                </Table.Td>
                <Table.Td>{age ?? '—'}</Table.Td>
                <Table.Td miw={110}>
                  <TierBadge candidate={c} />
                </Table.Td>
                <Table.Td>
                  <Text
                    size="sm"
                    fw={600}
                    aria-label={`${percent(c.probability)} probability of an emergency admission in 12 months`}
                  >
                    {percent(c.probability)}
                  </Text>
                  <Scores c={c} />
                </Table.Td>
                <Table.Td>
                  {(c.factors ?? []).length > 0 ? (
                    <List size="sm" spacing={0} aria-label={`Why ${name} is at risk`}>
                      {(c.factors ?? []).map((f) => (
                        <List.Item key={f.key} data-factor={f.key}>
                          {f.text}
                        </List.Item>
                      ))}
                    </List>
                  ) : (
                    <Text span size="sm" c="dimmed">
                      No single factor stands out
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{tags(c.conditions, conditionLabel)}</Table.Td>
                <Table.Td>{tags(c.socialNeeds, needLabel)}</Table.Td>
                <Table.Td>
                  <Stack gap={4} align="flex-start">
                    <Button
                      size="compact-sm"
                      aria-label={`Enrol ${name}`}
                      onClick={() => onEnrol(c)}
                    >
                      Enrol
                    </Button>
                    {onOverride && (
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        aria-label={`Override tier for ${name}`}
                        onClick={() => onOverride(c)}
                      >
                        Override tier
                      </Button>
                    )}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * "25 of 40 people shown" (the total when the tier counts give it, i.e. only tiers are filtered)
 * and the "Load more" button when the API has another page.
 */
export function QueueFooter({
  shown,
  total,
  hasMore,
  loading,
  onMore,
}: {
  shown: number;
  total: number | null;
  hasMore: boolean;
  loading: boolean;
  onMore: () => void;
}) {
  const people = (n: number): string => (n === 1 ? '1 person' : `${n} people`);
  return (
    <Group gap="sm">
      <Text size="sm" c="dimmed" role="status" data-testid="candidate-count">
        {total !== null && total >= shown
          ? `${shown} of ${people(total)} shown`
          : `${people(shown)} shown`}
        {hasMore && total === null ? '; more available' : ''}
      </Text>
      {hasMore && (
        <Button variant="light" size="xs" onClick={onMore} loading={loading}>
          Load more
        </Button>
      )}
    </Group>
  );
}
