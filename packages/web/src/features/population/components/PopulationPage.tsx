import { Alert, Card, Loader, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useMemo, useState } from 'react';
import { useAuth } from '../../auth/hooks/useAuth';
import { EnrolDialog } from '../../enrolment/components/EnrolDialog';
import { EnrolmentNotice } from '../../enrolment/components/EnrolmentNotice';
import type { Candidate } from '../api';
import { useCandidates, useOrganizations, usePopulationSummary } from '../hooks/usePopulation';
import {
  ageRangeError,
  DEFAULT_FILTERS,
  type CandidateSort,
  type PopulationFilters as Filters,
} from '../model/filters';
import { percent, tierLabel } from '../model/labels';
import { candidateName, CandidatesTable, QueueFooter } from './CandidatesTable';
import { OverrideDialog } from './OverrideDialog';
import { PopulationFilters } from './PopulationFilters';
import { TierCards } from './TierCards';

/** Typing an age should not send a request per keystroke. */
const FILTER_DEBOUNCE_MS = 300;

/** The reason an enrolment from the queue starts with: the risk and its explanation. */
export function riskReason(c: Candidate): string {
  const why = (c.factors ?? []).map((f) => f.text).join(', ');
  return `Identified by risk stratification: ${tierLabel(c.tier).toLowerCase()} risk (${percent(c.probability)} probability of an emergency admission in 12 months)${why ? `: ${why}` : ''}`;
}

/**
 * Population: tier counts, and the high-risk people not yet enrolled with the reasons in
 * words, filtered and sorted through the API; "Enrol" opens the enrolment dialog and the person
 * leaves the queue; clinicians may override a tier. Care coordinators see the people whose
 * consent shares with their organisation (their outreach scope); they cannot override a tier of
 * someone whose record they do not yet hold, so they are not offered it.
 */
export function PopulationPage() {
  const { user } = useAuth();
  const [filters, setFilters] = useState<Filters>(DEFAULT_FILTERS);
  const [sort, setSort] = useState<CandidateSort>('-score');
  const [debounced] = useDebouncedValue(filters, FILTER_DEBOUNCE_MS);
  const valid = ageRangeError(debounced) === null;
  const queue = useCandidates(debounced, sort, valid);
  const orgs = useOrganizations();
  const [enrolling, setEnrolling] = useState<Candidate | null>(null);
  const [overriding, setOverriding] = useState<Candidate | null>(null);
  const [enrolledIds, setEnrolledIds] = useState<readonly string[]>([]);
  const [notice, setNotice] = useState<{ id: string; name: string } | null>(null);

  const names = useMemo(
    () =>
      new Map(
        (orgs.data?.resources ?? []).map((o) => [`Organization/${o.id ?? ''}`, o.name ?? '']),
      ),
    [orgs.data],
  );
  const organizationName = useCallback(
    (ref: string | null) => (ref ? names.get(ref) || ref.replace(/^Organization\//, '') : '—'),
    [names],
  );
  // Someone just enrolled leaves at once, before the refetch confirms it.
  const rows = queue.items.filter((c) => !enrolledIds.includes(c.patientId));
  const mayOverride = user !== null && user.role !== 'care-coordinator';
  const summary = usePopulationSummary();
  // The tier counts give the queue's total only while nothing but tiers is filtered.
  const onlyTiers =
    !debounced.condition &&
    !debounced.organization &&
    debounced.minAge === null &&
    debounced.maxAge === null &&
    !debounced.socialNeed;
  const total =
    onlyTiers && summary.data
      ? Math.max(
          0,
          summary.data.tiers
            .filter((t) => debounced.tiers.length === 0 || debounced.tiers.includes(t.tier))
            .reduce((s, t) => s + t.notEnrolled, 0),
        )
      : null;

  return (
    <Stack gap="md" data-page="population">
      <Title order={1} size="h2">
        Population
      </Title>
      <TierCards />
      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="queue-title">
        <Stack gap="sm">
          <Title order={2} size="h4" id="queue-title">
            High-risk people not yet enrolled
          </Title>
          <PopulationFilters value={filters} onChange={setFilters} />
          {notice && (
            <EnrolmentNotice
              patientId={notice.id}
              patientName={notice.name}
              onClose={() => setNotice(null)}
            />
          )}
          {queue.isError ? (
            <Alert color="red" role="alert" title="The queue could not be loaded">
              {queue.error.message}
            </Alert>
          ) : queue.isPending && valid ? (
            <Text size="sm" c="dimmed" role="status">
              <Loader size="xs" mr={6} aria-hidden="true" />
              Loading the queue…
            </Text>
          ) : rows.length === 0 ? (
            <Text size="sm" c="dimmed" role="status" data-testid="candidate-count">
              Nobody matches: everyone at this risk whom you may see is enrolled, or the filters
              exclude them.
            </Text>
          ) : (
            <div data-panel="Candidates" data-state={queue.isFetching ? 'loading' : 'ready'}>
              <CandidatesTable
                rows={rows}
                sort={sort}
                onSort={setSort}
                organizationName={organizationName}
                onEnrol={setEnrolling}
                onOverride={mayOverride ? setOverriding : undefined}
              />
              <QueueFooter
                shown={rows.length}
                total={total}
                hasMore={queue.hasNextPage}
                loading={queue.isFetchingNextPage}
                onMore={() => void queue.fetchNextPage()}
              />
            </div>
          )}
        </Stack>
      </Card>
      {enrolling && (
        <EnrolDialog
          opened
          patientId={enrolling.patientId}
          patientName={candidateName(enrolling)}
          defaultReason={riskReason(enrolling)}
          onClose={() => setEnrolling(null)}
          onEnrolled={() => {
            setEnrolledIds((ids) => [...ids, enrolling.patientId]);
            setNotice({ id: enrolling.patientId, name: candidateName(enrolling) });
            setEnrolling(null);
          }}
        />
      )}
      <OverrideDialog
        candidate={overriding}
        name={overriding ? candidateName(overriding) : ''}
        onClose={() => setOverriding(null)}
      />
    </Stack>
  );
}
