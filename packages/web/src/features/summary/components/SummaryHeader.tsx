import type { Patient } from '@medplum/fhirtypes';
import { Alert, Badge, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { EnrolAction } from '../../enrolment/components/EnrolAction';
import { InHospitalBadge } from '../../transitions/components/InHospitalBadge';
import { useTransitions } from '../../transitions/hooks/useTransitions';
import {
  ageFrom,
  conceptText,
  formatDate,
  formatIdentifier,
  formatName,
} from '../../../lib/format';
import { sumWithheld, withheldText } from '../../../lib/withheld';
import type { SummaryQueries } from '../hooks/useSummaryQueries';
import { effectiveRisk } from '../model/risk';
import { summariseConsent } from '../model/consent';
import { countByDomain, DOMAIN_LABELS, type Domain } from '../model/domains';
import { DomainBadge } from './DomainBadge';
import { ReferenceLink, SourceLink } from './SourceLink';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text component="dd" size="sm" m={0}>
        {children}
      </Text>
    </div>
  );
}

/** Shows a query's value, or its loading/error state in place, for one header fact. */
function Loaded<T>({
  q,
  children,
}: {
  q: { data?: T; isPending: boolean; isError: boolean; error: Error | null };
  children: (d: T) => ReactNode;
}) {
  if (q.isPending) {
    return <Skeleton height={12} width={120} mt={4} aria-label="Loading" />;
  }
  if (q.isError || q.data === undefined) {
    return (
      <Text span size="sm" c="red.8">
        Unavailable: {q.error?.message}
      </Text>
    );
  }
  return <>{children(q.data)}</>;
}

/**
 * The summary header: who the person is, who coordinates their care, their programme, risk tier,
 * consent, the domains of their problems, and how much the viewer is not being shown.
 */
export function SummaryHeader({ patient, queries }: { patient: Patient; queries: SummaryQueries }) {
  const age = ageFrom(patient.birthDate);
  const withheld = sumWithheld(
    Object.values(queries).map((q) => (q.data && 'withheld' in q.data ? q.data.withheld : null)),
  );
  const consent = summariseConsent(queries.consents.data?.resources ?? []);
  const activeEpisode =
    queries.episodes.data?.resources.find((e) => e.status === 'active') ??
    queries.episodes.data?.resources[0];
  const domains = queries.conditions.data ? countByDomain(queries.conditions.data.resources) : null;
  const transitions = useTransitions(patient.id ?? '');
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="header"
      aria-label="Patient summary header"
      data-panel="Header"
      data-state={queries.episodes.isPending || queries.consents.isPending ? 'loading' : 'ready'}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Group gap="xs" align="baseline">
              <Title order={1} size="h2">
                {formatName(patient.name)}
              </Title>
              <SourceLink resource={patient}>Patient record</SourceLink>
              <InHospitalBadge since={transitions.data?.inHospitalSince} />
            </Group>
            <Text size="sm">
              {age !== undefined ? `${age} years` : 'Age unknown'} ·{' '}
              {patient.gender ?? 'sex unknown'} · born {formatDate(patient.birthDate)}
              {patient.identifier?.length
                ? ` · ${patient.identifier.map(formatIdentifier).join(', ')}`
                : ''}
            </Text>
          </div>
          <EnrolAction
            patientId={patient.id ?? ''}
            patientName={formatName(patient.name)}
            episodes={queries.episodes.data?.resources}
          />
          {domains && (
            <Group gap={6} aria-label="Active problems by domain">
              {(Object.keys(domains) as Domain[]).map((d) => (
                <Group key={d} gap={4}>
                  <DomainBadge domain={d} />
                  <Text
                    size="sm"
                    aria-label={`${domains[d]} active ${DOMAIN_LABELS[d].toLowerCase()} problems`}
                  >
                    {domains[d]}
                  </Text>
                </Group>
              ))}
            </Group>
          )}
        </Group>
        <SimpleGrid component="dl" cols={{ base: 1, xs: 2, md: 3, lg: 6 }} spacing="sm" m={0}>
          <Fact label="Care coordinator">
            <Loaded q={queries.episodes}>
              {() =>
                activeEpisode?.careManager ? (
                  <ReferenceLink reference={activeEpisode.careManager} />
                ) : (
                  'None assigned'
                )
              }
            </Loaded>
          </Fact>
          <Fact label="Programme">
            <Loaded q={queries.episodes}>
              {() =>
                activeEpisode ? (
                  <SourceLink
                    resource={activeEpisode}
                  >{`${conceptText(activeEpisode.type?.[0])} (${activeEpisode.status}, since ${formatDate(activeEpisode.period?.start)})`}</SourceLink>
                ) : (
                  'Not enrolled'
                )
              }
            </Loaded>
          </Fact>
          <Fact label="Risk tier">
            <Loaded q={queries.risk}>
              {(d) => {
                const { model, override } = effectiveRisk(d.resources);
                const ra = model ?? override;
                const prediction = model?.prediction?.[0];
                if (!ra) {
                  return (
                    <Text span size="sm" c="dimmed">
                      Not yet assessed
                    </Text>
                  );
                }
                // The explanation goes wherever the score goes: the top factors in words.
                return (
                  <>
                    <SourceLink resource={override ?? ra}>
                      {conceptText((override ?? ra).prediction?.[0]?.qualitativeRisk)}
                    </SourceLink>
                    {prediction?.probabilityDecimal !== undefined &&
                      ` (${Math.round(prediction.probabilityDecimal * 100)}%)`}
                    {prediction?.rationale && (
                      <Text span display="block" size="xs" c="dimmed" data-testid="risk-rationale">
                        {prediction.rationale}
                      </Text>
                    )}
                  </>
                );
              }}
            </Loaded>
          </Fact>
          <Fact label="Consent">
            <Loaded q={queries.consents}>
              {() => (
                <Group gap={4}>
                  <Badge color={consent.color} variant="light" size="sm">
                    {consent.status}
                  </Badge>
                  {consent.consent && (
                    <SourceLink resource={consent.consent}>
                      {consent.since ? `since ${consent.since}` : 'details'}
                    </SourceLink>
                  )}
                </Group>
              )}
            </Loaded>
          </Fact>
          <Fact label="GP">
            {patient.generalPractitioner?.[0] ? (
              <ReferenceLink reference={patient.generalPractitioner[0]} />
            ) : (
              '—'
            )}
          </Fact>
          <Fact label="Practice">{patient.managingOrganization?.display ?? '—'}</Fact>
        </SimpleGrid>
        {(withheld || consent.withheldCategories.length > 0) && (
          <Alert
            color="yellow"
            variant="light"
            role="note"
            title="Sensitive data"
            data-testid="withheld-notice"
          >
            {withheld && (
              <Text size="sm" fw={600}>
                {withheldText(withheld)}
              </Text>
            )}
            {consent.withheldCategories.length > 0 && (
              <Text size="sm">
                The patient keeps {consent.withheldCategories.join(' and ')} records out of sharing;
                they are shown only to those the consent allows.
              </Text>
            )}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
