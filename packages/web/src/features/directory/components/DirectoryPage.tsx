import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import {
  DIRECTORY_CATEGORIES,
  DIRECTORY_LANGUAGES,
  SERVICE_ELIGIBILITY,
  type ReferralSummary,
} from '@careweave/contract';
import { Link } from '../../../app/router';
import { useDirectoryPerson, useDirectorySearch, useStartReferral } from '../hooks/useDirectory';
import type { DirectoryFilters, ServiceCard } from '../model/directory';

const NEEDS = Object.entries(DIRECTORY_CATEGORIES).map(([value, c]) => ({
  value,
  label: c.label,
}));
const LANGUAGES = Object.entries(DIRECTORY_LANGUAGES).map(([value, label]) => ({ value, label }));
const ELIGIBILITY = Object.entries(SERVICE_ELIGIBILITY).map(([value, label]) => ({
  value,
  label,
}));
const DISTANCES = ['2', '5', '10', '25', '50'].map((km) => ({
  value: km,
  label: `Within ${km} km`,
}));

/** The query string's `patient` and `need`: the Directory opened for one person from their plan. */
function initial(): { patientId?: string; need: string } {
  const q = new URLSearchParams(window.location.search);
  const patientId = q.get('patient') ?? undefined;
  return { ...(patientId ? { patientId } : {}), need: q.get('need') ?? '' };
}

/**
 * The community resource directory: services searched by need, distance from the person's
 * address, language and eligibility (the server's FHIR search does the matching, the distance in
 * SQL), shown as cards so it works on a phone. Opened for a person (`?patient=`), each service can
 * be referred to from here.
 */
export function DirectoryPage({ canRefer }: { canRefer: boolean }) {
  const [{ patientId, need }] = useState(initial);
  const [filters, setFilters] = useState<DirectoryFilters>({
    need,
    distance: '',
    language: '',
    eligibility: '',
  });
  const person = useDirectoryPerson(patientId);
  const position = person.data?.position;
  const search = useDirectorySearch(filters, position);
  const [referring, setReferring] = useState<ServiceCard | undefined>();
  const [sent, setSent] = useState<ReferralSummary | undefined>();
  const set = (key: keyof DirectoryFilters) => (value: string | null) =>
    setFilters((f) => ({ ...f, [key]: value ?? '' }));
  const state = search.isPending ? 'loading' : search.isError ? 'error' : 'ready';

  return (
    <Stack gap="md" data-page="directory" data-state={state}>
      <Title order={1}>Community directory</Title>
      <Text size="sm" c="dimmed">
        {person.data
          ? `Services for ${person.data.name || 'this person'}. Distances are from their home address.`
          : 'Community services in the network: food, housing, transport, utilities, work, benefits, legal help, carers, safety and peer support.'}
      </Text>
      {patientId && person.data && !position && (
        <Alert color="gray" variant="light">
          No coordinates are recorded for this person&apos;s address, so the directory cannot be
          searched by distance.
        </Alert>
      )}
      {sent && (
        <Alert color="green" title="Referral sent" data-referral-sent={sent.id}>
          {sent.service?.name ?? 'The service'} will see it in their inbox.{' '}
          {patientId && <Link to={`/patients/${patientId}/plan`}>Back to the care plan</Link>}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
        <Select
          label="Need"
          placeholder="Any need"
          data={NEEDS}
          value={filters.need || null}
          onChange={set('need')}
          clearable
        />
        <Select
          label="Distance"
          placeholder={position ? 'Any distance' : 'Needs a person with an address'}
          data={DISTANCES}
          value={filters.distance || null}
          onChange={set('distance')}
          disabled={!position}
          clearable
        />
        <Select
          label="Language"
          placeholder="Any language"
          data={LANGUAGES}
          value={filters.language || null}
          onChange={set('language')}
          clearable
        />
        <Select
          label="Eligibility"
          placeholder="Anyone"
          data={ELIGIBILITY}
          value={filters.eligibility || null}
          onChange={set('eligibility')}
          clearable
        />
      </SimpleGrid>
      {search.isPending && <Loader aria-label="Searching the directory" />}
      {search.isError && (
        <Alert color="red" title="The directory could not be searched">
          {search.error.message}
        </Alert>
      )}
      {search.data && (
        <Text size="sm" aria-live="polite" data-count={search.data.length}>
          {search.data.length === 1 ? '1 service' : `${search.data.length} services`}
        </Text>
      )}
      {search.data?.map((s) => (
        <ServiceCardView
          key={s.id}
          service={s}
          {...(canRefer && patientId ? { onRefer: () => setReferring(s) } : {})}
        />
      ))}
      {referring && patientId && (
        <ReferDialog
          service={referring}
          patientId={patientId}
          personName={person.data?.name}
          onClose={() => setReferring(undefined)}
          onSent={(r) => {
            setSent(r);
            setReferring(undefined);
          }}
        />
      )}
    </Stack>
  );
}

function ServiceCardView({ service: s, onRefer }: { service: ServiceCard; onRefer?: () => void }) {
  return (
    <Card withBorder padding="sm" data-service={s.id} data-need={s.need ?? ''}>
      <Stack gap={4}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600}>{s.name}</Text>
          {s.needLabel && <Badge variant="light">{s.needLabel}</Badge>}
        </Group>
        {s.organization && (
          <Text size="sm" c="dimmed">
            {s.organization}
          </Text>
        )}
        {s.distanceKm !== undefined && (
          <Text size="sm" data-distance-km={s.distanceKm.toFixed(1)}>
            {s.distanceKm.toFixed(1)} km away{s.address ? ` — ${s.address}` : ''}
          </Text>
        )}
        {s.distanceKm === undefined && s.address && <Text size="sm">{s.address}</Text>}
        {s.eligibilityText && <Text size="sm">Who for: {s.eligibilityText}</Text>}
        {s.languages.length > 0 && <Text size="sm">Languages: {s.languages.join(', ')}</Text>}
        {s.hours.length > 0 && <Text size="sm">Open: {s.hours.join('; ')}</Text>}
        {s.area && <Text size="sm">Area: {s.area}</Text>}
        <Text size="sm">
          {s.capacityPerWeek !== undefined ? `Takes ${s.capacityPerWeek} new referrals a week` : ''}
          {s.waiting !== undefined
            ? s.waiting > 0
              ? `${s.capacityPerWeek !== undefined ? '; ' : ''}${s.waiting} waiting`
              : `${s.capacityPerWeek !== undefined ? '; ' : ''}no waiting list`
            : ''}
        </Text>
        <Group gap="md" wrap="wrap">
          {s.phone && <Anchor href={`tel:${s.phone}`}>{s.phone}</Anchor>}
          {s.email && <Anchor href={`mailto:${s.email}`}>{s.email}</Anchor>}
        </Group>
        {onRefer && (
          <Group>
            <Button size="sm" onClick={onRefer}>
              Refer
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

function ReferDialog({
  service,
  patientId,
  personName,
  onClose,
  onSent,
}: {
  service: ServiceCard;
  patientId: string;
  personName: string | undefined;
  onClose: () => void;
  onSent: (referral: ReferralSummary) => void;
}) {
  const start = useStartReferral();
  const [preferredTimes, setPreferredTimes] = useState('');
  const [note, setNote] = useState('');
  const submit = () =>
    start.mutate(
      {
        patient: patientId,
        need: service.need ?? '',
        service: service.reference,
        ...(preferredTimes.trim() ? { preferredTimes: preferredTimes.trim() } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      },
      { onSuccess: onSent },
    );
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Refer ${personName || 'the person'} to ${service.name}`}
    >
      <Stack gap="sm">
        <Text size="sm">
          {service.organization ?? 'The organisation'} will see the person&apos;s name, contact
          details, language, the need and the times below — nothing clinical unless the
          person&apos;s consent names them.
        </Text>
        <TextInput
          label="Preferred contact times"
          placeholder="Weekday mornings"
          value={preferredTimes}
          onChange={(e) => setPreferredTimes(e.currentTarget.value)}
        />
        <Textarea
          label="Note for the service"
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        {start.isError && (
          <Alert color="red" title="The referral was not sent">
            {start.error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={start.isPending} disabled={!service.need}>
            Send referral
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
