import type { HealthcareService, Organization } from '@medplum/fhirtypes';
import { Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { DataTable, type Column } from '../../../components/DataTable';
import { useOrganizations, useServices } from '../hooks/useAdmin';
import { CAPACITY_URL, ORGANIZATION_TYPES, organizationType } from '../model/directory';
import { Loading } from './common';
import { OrganizationDialog, ServiceDialog } from './DirectoryDialogs';

function Active({ active }: { active: boolean | undefined }) {
  return active === false ? (
    <Badge color="gray" variant="light">
      Inactive
    </Badge>
  ) : (
    <Badge color="green" variant="light">
      Active
    </Badge>
  );
}

function Services({ organization }: { organization: Organization }) {
  const services = useServices(organization.id ?? null);
  const [editing, setEditing] = useState<HealthcareService | 'new' | null>(null);
  const columns: Column<HealthcareService>[] = [
    { id: 'name', header: 'Service', value: (s) => s.name },
    {
      id: 'category',
      header: 'Category',
      value: (s) => s.category?.[0]?.text ?? s.category?.[0]?.coding?.[0]?.display,
    },
    {
      id: 'type',
      header: 'Type',
      value: (s) => s.type?.[0]?.text ?? s.type?.[0]?.coding?.[0]?.display,
    },
    {
      id: 'capacity',
      header: 'Capacity / week',
      value: (s) => s.extension?.find((e) => e.url === CAPACITY_URL)?.valueQuantity?.value,
    },
    {
      id: 'active',
      header: 'Status',
      value: (s) => (s.active === false ? 'Inactive' : 'Active'),
      cell: (s) => <Active active={s.active} />,
    },
    {
      id: 'edit',
      header: 'Actions',
      sortable: false,
      value: () => '',
      cell: (s) => (
        <Button
          size="compact-sm"
          variant="default"
          onClick={() => setEditing(s)}
          aria-label={`Edit ${s.name ?? 'service'}`}
        >
          Edit
        </Button>
      ),
    },
  ];
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={3} size="h4">
          Services of {organization.name}
        </Title>
        <Button size="xs" onClick={() => setEditing('new')}>
          Add service
        </Button>
      </Group>
      <Loading loading={services.isPending} error={services.error}>
        <DataTable
          caption={`Services of ${organization.name ?? ''}`}
          rows={services.data ?? []}
          columns={columns}
          rowKey={(s) => s.id ?? ''}
          initialRows={25}
          emptyText="No services listed yet."
        />
      </Loading>
      {editing && (
        <ServiceDialog
          organizationId={organization.id ?? ''}
          service={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}

/** Organisations of the network and the services each provides (the FHIR directory). */
export function OrganizationsPanel() {
  const organizations = useOrganizations();
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<Organization | 'new' | null>(null);
  const chosen = organizations.data?.find((o) => o.id === selected);
  const columns: Column<Organization>[] = [
    { id: 'name', header: 'Organisation', value: (o) => o.name },
    {
      id: 'type',
      header: 'Type',
      value: (o) =>
        ORGANIZATION_TYPES.find((t) => t.value === organizationType(o))?.label ??
        o.type?.[0]?.text ??
        o.type?.[0]?.coding?.[0]?.display,
    },
    {
      id: 'phone',
      header: 'Phone',
      value: (o) => o.telecom?.find((t) => t.system === 'phone')?.value,
    },
    {
      id: 'active',
      header: 'Status',
      value: (o) => (o.active === false ? 'Inactive' : 'Active'),
      cell: (o) => <Active active={o.active} />,
    },
    {
      id: 'actions',
      header: 'Actions',
      sortable: false,
      value: () => '',
      cell: (o) => (
        <Group gap={4} wrap="nowrap">
          <Button
            size="compact-sm"
            variant={o.id === selected ? 'filled' : 'default'}
            onClick={() => setSelected(o.id ?? null)}
            aria-label={`Services of ${o.name ?? 'organisation'}`}
          >
            Services
          </Button>
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => setEditing(o)}
            aria-label={`Edit ${o.name ?? 'organisation'}`}
          >
            Edit
          </Button>
        </Group>
      ),
    },
  ];
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          The organisations of the network and their services (community services receive
          referrals).
        </Text>
        <Button onClick={() => setEditing('new')}>New organisation</Button>
      </Group>
      <Loading loading={organizations.isPending} error={organizations.error}>
        <DataTable
          caption="Organisations"
          rows={organizations.data ?? []}
          columns={columns}
          rowKey={(o) => o.id ?? ''}
          filterLabel="Filter organisations"
          initialRows={25}
          emptyText="No organisations yet."
        />
      </Loading>
      {chosen && <Services organization={chosen} />}
      {editing && (
        <OrganizationDialog
          organization={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}
