import type { MeasureStratum } from '@careweave/contract';
import { Alert, Button, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from '../../../app/router';
import { formatName } from '../../../lib/format';
import {
  useEcqmMeasures,
  useEcqmReports,
  useEcqmSubjects,
  usePatientNames,
} from '../hooks/useEcqm';
import { ecqmOverall, ecqmPeople, ecqmStrata, formatRate, type EcqmCounts } from '../model/ecqm';

const STRATUM_LABEL: Record<MeasureStratum, string> = {
  organization: 'organisation',
  team: 'team',
  coordinator: 'coordinator',
  month: 'month',
};

function CountCells({ c }: { c: EcqmCounts }) {
  return (
    <>
      <Table.Td>{c.initialPopulation}</Table.Td>
      <Table.Td>
        {c.numerator} / {c.denominator - c.exclusions}
        {c.exclusions > 0 ? ` (${c.exclusions} excluded)` : ''}
      </Table.Td>
      <Table.Td>{formatRate(c.score)}</Table.Td>
      <Table.Td>
        {c.low !== null && c.high !== null ? `${formatRate(c.low)}–${formatRate(c.high)}` : ''}
      </Table.Td>
    </>
  );
}

/**
 * The loaded eCQMs (CMS2, CMS165, …) over the period, computed by the CQL engine through
 * `$evaluate-measure` — the same numbers as the API and `careweave measures run` — overall and by
 * the view's organisation, team or coordinator; "Missed" lists the people behind the gap.
 * The dashboard filters (programme, tier, condition, age band) are the SQL measures'; an eCQM
 * counts everyone the user may see, as its specification defines its population.
 */
export function EcqmPanel({
  periodStart,
  periodEnd,
  stratum,
}: {
  periodStart: string;
  periodEnd: string;
  stratum: MeasureStratum;
}) {
  const measures = useEcqmMeasures();
  const list = measures.data ?? [];
  const reports = useEcqmReports(
    list.map((m) => m.id ?? ''),
    periodStart,
    periodEnd,
  );
  const [drill, setDrill] = useState<{ id: string; title: string } | null>(null);
  if (measures.isPending) return null;
  return (
    <Stack gap="xs" component="section" aria-label="eCQMs">
      <Title order={3} size="h4">
        Electronic clinical quality measures (eCQMs)
      </Title>
      {measures.isError && (
        <Alert color="red" title="Could not list the eCQMs">
          {measures.error.message}
        </Alert>
      )}
      {measures.isSuccess && list.length === 0 && (
        <Text c="dimmed" size="sm">
          No eCQM package is loaded. An administrator loads them with{' '}
          <code>careweave measures load</code> (Careweave ships no measure content).
        </Text>
      )}
      {list.length > 0 && (
        <Text c="dimmed" size="sm">
          Computed from each published measure package by the CQL engine, for everyone you may see
          in the period; the filters above apply to the other measures.
        </Text>
      )}
      {list.length > 0 && (
        <Table withTableBorder aria-label="eCQMs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Measure</Table.Th>
              <Table.Th>Initial population</Table.Th>
              <Table.Th>Numerator / denominator</Table.Th>
              <Table.Th>Rate</Table.Th>
              <Table.Th>95% CI</Table.Th>
              <Table.Th>People</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((m, i) => {
              const r = reports[i];
              const title = m.title ?? m.name ?? m.id ?? '';
              const name = `${title}${m.version ? ` (${m.version})` : ''}`;
              if (!r?.data) {
                return (
                  <Table.Tr key={m.id}>
                    <Table.Td>{name}</Table.Td>
                    <Table.Td colSpan={5}>
                      {r?.isError ? (
                        <Text c="red" size="sm">
                          Could not compute: {r.error.message}
                        </Text>
                      ) : (
                        <Loader size="xs" aria-label={`Computing ${title}`} />
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              }
              const overall = ecqmOverall(r.data);
              const strata = ecqmStrata(r.data, stratum);
              return [
                <Table.Tr key={m.id} aria-label={title}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {name}
                    </Text>
                  </Table.Td>
                  <CountCells c={overall} />
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="light"
                      onClick={() => setDrill({ id: m.id ?? '', title })}
                      aria-label={`People who missed: ${title}`}
                    >
                      Missed
                    </Button>
                  </Table.Td>
                </Table.Tr>,
                ...strata.map((s) => (
                  <Table.Tr key={`${m.id}|${s.label}`} aria-label={`${title} — ${s.label}`}>
                    <Table.Td pl="lg">
                      <Text size="sm" c="dimmed">
                        {STRATUM_LABEL[stratum]}: {s.label}
                      </Text>
                    </Table.Td>
                    <CountCells c={s} />
                    <Table.Td />
                  </Table.Tr>
                )),
              ];
            })}
          </Table.Tbody>
        </Table>
      )}
      {drill && (
        <EcqmPeople
          id={drill.id}
          title={drill.title}
          periodStart={periodStart}
          periodEnd={periodEnd}
        />
      )}
    </Stack>
  );
}

/** Who missed an eCQM in the period (the subject-list report), by name, linked to their summary. */
function EcqmPeople({
  id,
  title,
  periodStart,
  periodEnd,
}: {
  id: string;
  title: string;
  periodStart: string;
  periodEnd: string;
}) {
  const report = useEcqmSubjects(id, periodStart, periodEnd);
  const missed = report.data ? ecqmPeople(report.data).missed : [];
  const names = usePatientNames(missed);
  const nameOf = (ref: string): string => {
    const p = names.data?.find((x) => `Patient/${x.id ?? ''}` === ref);
    return p ? formatName(p.name) : ref;
  };
  return (
    <Stack gap="xs" component="section" aria-label={`Missed: ${title}`}>
      <Title order={4} size="h5">
        Missed: {title}
      </Title>
      {report.isPending && <Loader size="sm" aria-label="Loading people" />}
      {report.isError && (
        <Alert color="red" title="Could not load the people">
          {report.error.message}
        </Alert>
      )}
      {report.isSuccess && missed.length === 0 && <Text c="dimmed">Nobody missed it.</Text>}
      {missed.length > 0 && (
        <Table striped withTableBorder aria-label={`People who missed: ${title}`}>
          <Table.Tbody>
            {missed.slice(0, 100).map((ref) => (
              <Table.Tr key={ref}>
                <Table.Td>
                  <Link to={`/patients/${ref.slice('Patient/'.length)}`}>{nameOf(ref)}</Link>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {missed.length > 100 && (
        <Text c="dimmed" size="sm">
          The first 100 of {missed.length}.
        </Text>
      )}
    </Stack>
  );
}
