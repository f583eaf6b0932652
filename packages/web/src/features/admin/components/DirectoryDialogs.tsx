import type { HealthcareService, Organization } from '@medplum/fhirtypes';
import { Button, Checkbox, Group, Modal, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useSaveDirectoryResource } from '../hooks/useDirectoryWrite';
import {
  applyOrganizationForm,
  applyServiceForm,
  ORGANIZATION_TYPES,
  organizationForm,
  serviceForm,
  type OrganizationForm,
  type ServiceForm,
} from '../model/directory';
import { ErrorAlert } from './common';

/** Creates or edits an Organization (name, type, phone, email, active). */
export function OrganizationDialog({
  organization,
  onClose,
}: {
  organization: Organization | undefined;
  onClose: () => void;
}) {
  const [form, setForm] = useState<OrganizationForm>(() => organizationForm(organization));
  const save = useSaveDirectoryResource();
  const set = <K extends keyof OrganizationForm>(key: K, value: OrganizationForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(applyOrganizationForm(organization, form), { onSuccess: onClose });
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={organization ? `Edit ${organization.name ?? 'organisation'}` : 'New organisation'}
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput
            label="Name"
            required
            value={form.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            data-autofocus
          />
          <Select
            label="Type"
            data={ORGANIZATION_TYPES as { value: string; label: string }[]}
            value={form.type}
            onChange={(v) => set('type', v ?? 'prov')}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <Group grow>
            <TextInput
              label="Phone"
              value={form.phone}
              onChange={(e) => set('phone', e.currentTarget.value)}
            />
            <TextInput
              label="Email"
              type="email"
              value={form.email}
              onChange={(e) => set('email', e.currentTarget.value)}
            />
          </Group>
          <Checkbox
            label="Active"
            checked={form.active}
            onChange={(e) => set('active', e.currentTarget.checked)}
          />
          <ErrorAlert error={save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!form.name.trim()}>
              {organization ? 'Save' : 'Create organisation'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Creates or edits a HealthcareService of an organisation. */
export function ServiceDialog({
  organizationId,
  service,
  onClose,
}: {
  organizationId: string;
  service: HealthcareService | undefined;
  onClose: () => void;
}) {
  const [form, setForm] = useState<ServiceForm>(() => serviceForm(service));
  const save = useSaveDirectoryResource();
  const set = <K extends keyof ServiceForm>(key: K, value: ServiceForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(applyServiceForm(service, organizationId, form), { onSuccess: onClose });
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={service ? `Edit ${service.name ?? 'service'}` : 'New service'}
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput
            label="Name"
            required
            value={form.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            data-autofocus
          />
          <Group grow>
            <TextInput
              label="Category"
              value={form.category}
              onChange={(e) => set('category', e.currentTarget.value)}
            />
            <TextInput
              label="Type"
              value={form.type}
              onChange={(e) => set('type', e.currentTarget.value)}
            />
          </Group>
          <TextInput
            label="Who is eligible"
            value={form.eligibility}
            onChange={(e) => set('eligibility', e.currentTarget.value)}
          />
          <TextInput
            label="Capacity (new referrals per week)"
            inputMode="numeric"
            value={form.capacity}
            onChange={(e) => set('capacity', e.currentTarget.value)}
            error={
              form.capacity.trim() && !/^\d+$/.test(form.capacity.trim())
                ? 'A whole number'
                : undefined
            }
          />
          <Textarea
            label="Notes"
            autosize
            minRows={2}
            value={form.comment}
            onChange={(e) => set('comment', e.currentTarget.value)}
          />
          <Checkbox
            label="Active (accepts referrals)"
            checked={form.active}
            onChange={(e) => set('active', e.currentTarget.checked)}
          />
          <ErrorAlert error={save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={save.isPending}
              disabled={
                !form.name.trim() ||
                (form.capacity.trim() !== '' && !/^\d+$/.test(form.capacity.trim()))
              }
            >
              {service ? 'Save' : 'Add service'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
