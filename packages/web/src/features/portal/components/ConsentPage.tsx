import type {
  ConsentCategory,
  ConsentChoice,
  ConsentOrganization,
  PortalConsent,
} from '@careweave/contract';
import { CONSENT_CATEGORIES } from '@careweave/contract';
import { Alert, Button, Card, Checkbox, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useChangeConsent, useConsent, useHome } from '../hooks/usePortal';
import { CATEGORY_LABELS, EMERGENCY_NOTE, consentChanges, consequenceOf } from '../model/consent';
import { PortalPage, SectionState, day } from './common';

function ChoiceFields({
  legend,
  why,
  choice,
  disabled,
  onChange,
}: {
  legend: string;
  why?: string;
  choice: ConsentChoice;
  disabled: boolean;
  onChange: (next: ConsentChoice) => void;
}) {
  const setCategory = (c: ConsentCategory, on: boolean) =>
    onChange({ ...choice, categories: { ...choice.categories, [c]: on } });
  return (
    <Card component="fieldset" withBorder padding="sm" radius="md" m={0}>
      <Text component="legend" fw={600} px={4}>
        {legend}
      </Text>
      {why ? (
        <Text size="sm" c="dimmed">
          {why}
        </Text>
      ) : null}
      <Stack gap={8} mt={6}>
        <Checkbox
          label="Share my records from other organisations"
          checked={choice.shares}
          disabled={disabled}
          onChange={(e) => onChange({ ...choice, shares: e.currentTarget.checked })}
        />
        {CONSENT_CATEGORIES.map((c) => (
          <Checkbox
            key={c}
            ml="lg"
            label={CATEGORY_LABELS[c]}
            checked={choice.shares && choice.categories[c]}
            disabled={disabled || !choice.shares}
            onChange={(e) => setCategory(c, e.currentTarget.checked)}
          />
        ))}
      </Stack>
    </Card>
  );
}

function ConsentForm({
  consent,
  etag,
  change,
}: {
  consent: PortalConsent;
  etag?: string;
  /** Owned by the page: the form is re-created for each new consent version, the outcome stays. */
  change: ReturnType<typeof useChangeConsent>;
}) {
  const home = useHome();
  const canChange = home.data?.viewer.kind === 'patient';
  const [rows, setRows] = useState<ConsentOrganization[]>(consent.organisations);
  const [everyoneElse, setEveryoneElse] = useState<ConsentChoice>(consent.everyoneElse);
  const [confirming, setConfirming] = useState(false);
  const changes = consentChanges(consent, rows, everyoneElse);
  const confirm = () => {
    change.mutate(
      {
        update: {
          organisations: rows.map(({ id, shares, categories }) => ({ id, shares, categories })),
          everyoneElse,
        },
        ...(etag ? { etag } : {}),
      },
      { onSettled: () => setConfirming(false) },
    );
  };
  return (
    <Stack gap="md">
      <Text size="sm">
        Your care team always sees your record. Here you choose what other organisations in the
        network can see of what was written elsewhere. Sensitive information is shared only where
        you tick it.
      </Text>
      {change.isSuccess ? (
        <Alert color="green" variant="light" title="Your choices are saved" role="status">
          They apply from the next time anyone opens your record.
        </Alert>
      ) : null}
      {change.error ? (
        <Alert color="red" variant="light" title="Not saved" role="alert">
          {change.error.message}
        </Alert>
      ) : null}
      {rows.map((row, i) => (
        <ChoiceFields
          key={row.id}
          legend={row.name}
          {...(row.why ? { why: row.why } : {})}
          choice={row}
          disabled={!canChange}
          onChange={(next) =>
            setRows((all) => all.map((r, j) => (j === i ? { ...r, ...next } : r)))
          }
        />
      ))}
      <ChoiceFields
        legend="Every other organisation in the network"
        choice={everyoneElse}
        disabled={!canChange}
        onChange={setEveryoneElse}
      />
      {canChange ? (
        <Button onClick={() => setConfirming(true)} disabled={changes.length === 0} w="fit-content">
          Review my changes
        </Button>
      ) : null}
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Before you confirm"
        closeButtonProps={{ 'aria-label': 'Close' }}
        fullScreen={window.innerWidth < 500}
      >
        <Stack gap="sm">
          <Text fw={600}>What this will change:</Text>
          <Stack component="ul" gap={6} pl="md" m={0}>
            {changes.map((c) => (
              <li key={`${c.who}-${c.what}`}>
                <Text size="sm">{consequenceOf(c)}</Text>
              </li>
            ))}
          </Stack>
          <Text size="sm">{EMERGENCY_NOTE}</Text>
          <Group gap="xs">
            <Button onClick={confirm} loading={change.isPending}>
              Confirm my changes
            </Button>
            <Button variant="default" onClick={() => setConfirming(false)}>
              Go back
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

/** My consent: whom my record is shared with — organisations and categories — with consequences explained first. */
export function ConsentPage() {
  const consent = useConsent();
  const change = useChangeConsent();
  const data = consent.data?.consent;
  return (
    <PortalPage title="My consent">
      {!data ? (
        <SectionState error={consent.error} what="your sharing choices" />
      ) : (
        <Stack gap="lg">
          <ConsentForm
            key={data.consent?.version ?? 'none'}
            consent={data}
            change={change}
            {...(consent.data?.etag ? { etag: consent.data.etag } : {})}
          />
          <Stack gap="xs">
            <Title order={2} size="h3">
              Family and friends
            </Title>
            {data.caregivers.length === 0 ? (
              <Text size="sm">You have not given anyone access to your record.</Text>
            ) : null}
            {data.caregivers.map((c) => (
              <Text key={c.reference} size="sm">
                <b>{c.name}</b> can see {c.sees.join(', ')}. Nothing sensitive is shared with them.
              </Text>
            ))}
          </Stack>
          {data.history.length > 0 ? (
            <Stack gap="xs">
              <Title order={2} size="h3">
                Earlier versions
              </Title>
              <Stack component="ul" gap={2} pl="md" m={0}>
                {data.history.map((h) => (
                  <li key={h.version}>
                    <Text size="sm">
                      Version {h.version}
                      {h.at ? ` — ${day(h.at)}` : ''}
                    </Text>
                  </li>
                ))}
              </Stack>
            </Stack>
          ) : null}
        </Stack>
      )}
    </PortalPage>
  );
}
