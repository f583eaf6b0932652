import { Alert, Button, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { applyTemplate } from '../api';
import { useTemplates } from '../hooks/usePlanQueries';
import { usePlanWrite } from '../hooks/usePlanWrite';
import type { PlanView } from '@careweave/contract';
import { PlanDialog } from './PlanDialog';
import { TemplateSelect } from './TemplateSelect';

/** "Apply template": adds another template's goals and activities to this plan (merge, not replace). */
export function ApplyTemplateDialog({ view }: { view: PlanView }) {
  const [opened, { open, close }] = useDisclosure(false);
  const [template, setTemplate] = useState('');
  const [reason, setReason] = useState('');
  const templates = useTemplates();
  const planId = view.plan.id ?? '';
  const write = usePlanWrite((body: { template: string; reason?: string }) =>
    applyTemplate(planId, view.version, body),
  );
  const submit = () =>
    write.mutate(
      { template, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      {
        onSuccess: () => {
          setTemplate('');
          setReason('');
          close();
        },
      },
    );
  return (
    <>
      <Button variant="light" onClick={open}>
        Apply template
      </Button>
      <PlanDialog
        title="Apply template"
        submitLabel="Add to plan"
        opened={opened}
        onClose={close}
        onSubmit={submit}
        pending={write.isPending}
        error={write.errorMessage}
        conflict={write.conflict}
      >
        {templates.isError && (
          <Alert color="red" role="alert">
            Could not load the templates: {templates.error.message}
          </Alert>
        )}
        <TemplateSelect
          templates={templates.data ?? []}
          value={template}
          onChange={setTemplate}
          autoFocus
        />
        <TextInput
          label="Why (reason)"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
      </PlanDialog>
    </>
  );
}
