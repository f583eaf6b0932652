import { Alert, Badge, Card, Group, Loader, SimpleGrid, Stack, Tabs, Text } from '@mantine/core';
import { useState } from 'react';
import type { ReferralInboxTab, ReferralSummary } from '@careweave/contract';
import { Link } from '../../../app/router';
import { useReferralMetrics, useSentReferrals } from '../hooks/useReferrals';
import { STATUS_WORDS } from '../model/words';

const TABS: { value: ReferralInboxTab | 'all'; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'new', label: 'Not yet accepted' },
  { value: 'accepted', label: 'Accepted' },
  { value: 'in-progress', label: 'In progress' },
  { value: 'closed', label: 'Closed' },
];

const OVERDUE_WORDS: Record<NonNullable<ReferralSummary['overdue']>, string> = {
  'not-accepted': 'Overdue: not accepted in 3 business days',
  'no-update': 'Overdue: no update for 14 days',
};

function days(n: number | undefined): string {
  return n === undefined ? '' : n === 1 ? '1 day' : `${n} days`;
}

/** One referral as the requesting side sees it: who, where to, status, age, last update, overdue. */
export function SentReferralCard({
  referral: r,
  showPatient,
}: {
  referral: ReferralSummary;
  showPatient: boolean;
}) {
  const closedWith =
    r.status === 'completed'
      ? `${r.needMet ? 'Need met' : 'Need not met'}${r.outcome ? ` — ${r.outcome}` : ''}`
      : r.statusReason?.text;
  return (
    <Card withBorder padding="sm" data-referral={r.id} data-status={r.status}>
      <Stack gap={4}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600}>
            {r.need?.display ?? 'Referral'} → {r.service?.name ?? r.receiver?.name ?? 'service'}
          </Text>
          <Group gap={4}>
            {r.overdue && (
              <Badge color="red" data-overdue={r.overdue}>
                {OVERDUE_WORDS[r.overdue]}
              </Badge>
            )}
            <Badge variant="light">{STATUS_WORDS[r.status] ?? r.status}</Badge>
          </Group>
        </Group>
        {showPatient && (
          <Text size="sm">
            For{' '}
            <Link to={`/patients/${encodeURIComponent(r.patient.id)}/plan`}>
              {r.patient.name ?? 'the person'}
            </Link>
          </Text>
        )}
        <Text size="xs" c="dimmed">
          Sent {days(r.ageDays)} ago
          {r.lastUpdate ? ` · last update ${new Date(r.lastUpdate).toLocaleDateString()}` : ''}
        </Text>
        {closedWith && <Text size="sm">{closedWith}</Text>}
      </Stack>
    </Card>
  );
}

/**
 * The requesting side's referral list: the referrals the signed-in coordinator sent (or one
 * person's, on their plan), with status, age, last update and overdue flags, and the loop-closure
 * figures over what they may see.
 */
export function SentReferrals({ patientId }: { patientId?: string }) {
  const [tab, setTab] = useState<ReferralInboxTab | 'all'>('all');
  const list = useSentReferrals(patientId);
  const metrics = useReferralMetrics();
  const items = (list.data?.items ?? []).filter(
    (r) =>
      tab === 'all' ||
      (tab === 'new' && r.status === 'requested') ||
      (tab === 'accepted' && r.status === 'accepted') ||
      (tab === 'in-progress' && (r.status === 'in-progress' || r.status === 'on-hold')) ||
      (tab === 'closed' && ['completed', 'rejected', 'failed', 'cancelled'].includes(r.status)),
  );
  const total = metrics.data?.total;
  return (
    <Stack gap="sm" data-sent-referrals data-state={list.isPending ? 'loading' : 'ready'}>
      {total && !patientId && (
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
          <Figure label="Sent" value={total.sent} />
          <Figure label="Accepted" value={total.accepted} />
          <Figure label="Loops closed" value={total.loopClosed} testId="loops-closed" />
          <Figure
            label="Loop-closure rate"
            value={
              total.loopClosureRate === null ? '—' : `${Math.round(total.loopClosureRate * 100)}%`
            }
          />
        </SimpleGrid>
      )}
      <Tabs value={tab} onChange={(v) => setTab((v as ReferralInboxTab | 'all' | null) ?? 'all')}>
        <Tabs.List>
          {TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
              {list.data && t.value !== 'all' ? ` (${list.data.counts[t.value]})` : ''}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {list.isPending && <Loader aria-label="Loading referrals" />}
      {list.isError && (
        <Alert color="red" title="Referrals could not be loaded">
          {list.error.message}
        </Alert>
      )}
      {list.data && items.length === 0 && <Text c="dimmed">No referrals here.</Text>}
      {items.map((r) => (
        <SentReferralCard key={r.id} referral={r} showPatient={!patientId} />
      ))}
    </Stack>
  );
}

function Figure({
  label,
  value,
  testId,
}: {
  label: string;
  value: number | string;
  testId?: string;
}) {
  return (
    <Card withBorder padding="xs" {...(testId ? { 'data-figure': testId } : {})}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" data-value={value}>
        {value}
      </Text>
    </Card>
  );
}
