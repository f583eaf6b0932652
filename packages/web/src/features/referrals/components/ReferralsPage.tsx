import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Loader,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Tabs,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { REFERRAL_REASONS, type ReferralInboxTab, type ReferralSummary } from '@careweave/contract';
import { useAuth } from '../../auth/hooks/useAuth';
import { STATUS_WORDS } from '../model/words';
import { SentReferrals } from './SentReferrals';
import {
  useReferralAction,
  useReferralInbox,
  type ReferralActionName,
} from '../hooks/useReferrals';

const TABS: { value: ReferralInboxTab; label: string }[] = [
  { value: 'new', label: 'New' },
  { value: 'accepted', label: 'Accepted' },
  { value: 'in-progress', label: 'In progress' },
  { value: 'closed', label: 'Closed' },
];

/** What a dialog is asking for: a decline or failure reason, an update, or the outcome. */
type Dialog = { referral: ReferralSummary; action: 'decline' | 'fail' | 'update' | 'complete' };

/**
 * The community organisation's referral inbox: New, Accepted, In progress and Closed tabs; accept
 * or decline with a reason, post an update, complete with the outcome (need met or not). Cards, so
 * it works on a phone. The rules (who may do what, when) are the server's; this page asks and shows.
 */
export function ReferralsPage() {
  const { user } = useAuth();
  const [view, setView] = useState<'sent' | 'inbox'>('sent');
  if (user?.role === 'community-organisation') {
    return <ReferralInbox />;
  }
  // Care staff refer people out; their list is the one they sent (their organisation may also
  // receive referrals, so the inbox stays one tab away).
  return (
    <Stack gap="md" data-page="referrals" data-view={view}>
      <Title order={1}>Referrals</Title>
      <SegmentedControl
        value={view}
        onChange={(v) => setView(v === 'inbox' ? 'inbox' : 'sent')}
        data={[
          { value: 'sent', label: 'Sent by me' },
          { value: 'inbox', label: 'Received' },
        ]}
        w="fit-content"
      />
      {view === 'sent' ? <SentReferrals /> : <ReferralInbox embedded />}
    </Stack>
  );
}

/** The receiving organisation's inbox. */
function ReferralInbox({ embedded = false }: { embedded?: boolean }) {
  const [tab, setTab] = useState<ReferralInboxTab>('new');
  const inbox = useReferralInbox(tab);
  const act = useReferralAction();
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const state = inbox.isPending ? 'loading' : inbox.isError ? 'error' : 'ready';
  const run = (referral: ReferralSummary, action: ReferralActionName) =>
    act.mutate({ id: referral.id, action });

  return (
    <Stack gap="md" {...(embedded ? {} : { 'data-page': 'referrals' })} data-state={state}>
      {!embedded && <Title order={1}>Referrals</Title>}
      <Text size="sm" c="dimmed">
        Referrals sent to your organisation. Accept or decline new ones, post updates, and report
        the outcome so the referring team knows the loop is closed.
      </Text>
      {act.isError && (
        <Alert color="red" title="The change was not saved">
          {act.error.message}
        </Alert>
      )}
      <Tabs value={tab} onChange={(v) => setTab((v as ReferralInboxTab | null) ?? 'new')}>
        <Tabs.List>
          {TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
              {inbox.data ? ` (${inbox.data.counts[t.value]})` : ''}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {inbox.isPending && <Loader aria-label="Loading referrals" />}
      {inbox.isError && (
        <Alert color="red" title="Referrals could not be loaded">
          {inbox.error.message} Try again in a moment.
        </Alert>
      )}
      {inbox.data && inbox.data.items.length === 0 && (
        <Text c="dimmed">No referrals in this tab.</Text>
      )}
      {inbox.data?.items.map((r) => (
        <Card key={r.id} withBorder padding="sm" data-referral={r.id} data-status={r.status}>
          <Stack gap={4}>
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Text fw={600}>{r.patient.name ?? 'Person'}</Text>
              <Badge variant="light">{STATUS_WORDS[r.status] ?? r.status}</Badge>
            </Group>
            {r.need && <Text size="sm">Need: {r.need.display}</Text>}
            {r.service?.name && <Text size="sm">Service: {r.service.name}</Text>}
            {r.patient.phone && <Text size="sm">Phone: {r.patient.phone}</Text>}
            {r.patient.language && <Text size="sm">Language: {r.patient.language}</Text>}
            {r.preferredTimes && <Text size="sm">{r.preferredTimes}</Text>}
            {r.note && <Text size="sm">Note: {r.note}</Text>}
            <Text size="xs" c="dimmed">
              Sent{' '}
              {r.ageDays !== undefined ? `${r.ageDays} day${r.ageDays === 1 ? '' : 's'} ago` : ''}
              {r.requester?.name ? ` by ${r.requester.name}` : ''}
            </Text>
            {r.statusReason?.text && <Text size="sm">Reason: {r.statusReason.text}</Text>}
            {r.status === 'completed' && (
              <Text size="sm">
                {r.needMet ? 'Need met' : 'Need not met'}
                {r.outcome ? ` — ${r.outcome}` : ''}
              </Text>
            )}
            <Group gap="xs" wrap="wrap">
              {r.status === 'requested' && (
                <>
                  <Button size="sm" onClick={() => run(r, 'accept')} loading={act.isPending}>
                    Accept
                  </Button>
                  <Button
                    size="sm"
                    variant="default"
                    onClick={() => setDialog({ referral: r, action: 'decline' })}
                  >
                    Decline
                  </Button>
                </>
              )}
              {r.status === 'accepted' && (
                <Button size="sm" variant="default" onClick={() => run(r, 'start')}>
                  Start
                </Button>
              )}
              {r.status === 'on-hold' && (
                <Button size="sm" variant="default" onClick={() => run(r, 'resume')}>
                  Resume
                </Button>
              )}
              {r.status === 'in-progress' && (
                <Button size="sm" variant="default" onClick={() => run(r, 'hold')}>
                  Put on hold
                </Button>
              )}
              {['accepted', 'in-progress', 'on-hold'].includes(r.status) && (
                <>
                  <Button size="sm" onClick={() => setDialog({ referral: r, action: 'complete' })}>
                    Complete
                  </Button>
                  <Button
                    size="sm"
                    variant="default"
                    onClick={() => setDialog({ referral: r, action: 'update' })}
                  >
                    Add update
                  </Button>
                  <Button
                    size="sm"
                    variant="subtle"
                    color="red"
                    onClick={() => setDialog({ referral: r, action: 'fail' })}
                  >
                    Could not be done
                  </Button>
                </>
              )}
            </Group>
          </Stack>
        </Card>
      ))}
      {dialog && <ReferralDialog dialog={dialog} onClose={() => setDialog(undefined)} />}
    </Stack>
  );
}

const TITLES: Record<Dialog['action'], string> = {
  decline: 'Decline the referral',
  fail: 'The referral could not be done',
  update: 'Add an update',
  complete: 'Complete the referral',
};

function ReferralDialog({ dialog, onClose }: { dialog: Dialog; onClose: () => void }) {
  const act = useReferralAction();
  const [reason, setReason] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [needMet, setNeedMet] = useState(true);
  const needsReason = dialog.action === 'decline' || dialog.action === 'fail';
  const ready = needsReason
    ? reason !== null
    : dialog.action === 'update'
      ? text.trim() !== ''
      : true;
  const submit = () =>
    act.mutate(
      {
        id: dialog.referral.id,
        action: dialog.action,
        body:
          dialog.action === 'complete'
            ? { needMet, ...(text.trim() ? { outcome: text.trim() } : {}) }
            : { ...(reason ? { reason } : {}), ...(text.trim() ? { text: text.trim() } : {}) },
      },
      { onSuccess: onClose },
    );
  return (
    <Modal opened onClose={onClose} title={TITLES[dialog.action]} fullScreen={false}>
      <Stack gap="sm">
        {needsReason && (
          <Select
            label="Reason"
            placeholder="Choose a reason"
            data={Object.entries(REFERRAL_REASONS).map(([value, label]) => ({ value, label }))}
            value={reason}
            onChange={setReason}
            required
          />
        )}
        {dialog.action === 'complete' && (
          <Checkbox
            label="Need met"
            checked={needMet}
            onChange={(e) => setNeedMet(e.currentTarget.checked)}
          />
        )}
        <Textarea
          label={
            dialog.action === 'complete'
              ? 'Outcome'
              : dialog.action === 'update'
                ? 'Update'
                : 'Details (optional)'
          }
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        {act.isError && (
          <Alert color="red" title="Not saved">
            {act.error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} disabled={!ready} loading={act.isPending}>
            {dialog.action === 'complete'
              ? 'Complete'
              : dialog.action === 'update'
                ? 'Post update'
                : 'Confirm'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
