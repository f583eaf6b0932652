import { Alert, Button, Card, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { createPlan } from '../api';
import { useTemplates } from '../hooks/usePlanQueries';
import { usePlanWrite } from '../hooks/usePlanWrite';
import { TemplateSelect } from './TemplateSelect';
import { WriteError } from './WriteError';
import { FIELD_LABEL } from '../model/field-labels';

/** "Create plan": from a template (then tailored) or blank with a title. */
export function CreatePlan({ patientId }: { patientId: string }) {
  const templates = useTemplates();
  const [template, setTemplate] = useState('');
  const [title, setTitle] = useState('');
  const [reason, setReason] = useState('');
  const write = usePlanWrite(createPlan);
  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    write.mutate({
      patient: `Patient/${patientId}`,
      ...(template ? { template } : { title: title.trim() }),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    });
  };
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby="create-plan-heading"
      data-create-plan
    >
      <form onSubmit={submit}>
        <Stack gap="sm" maw={640}>
          <Title order={2} size="h4" id="create-plan-heading">
            Create plan
          </Title>
          <Text size="sm">
            There is no active care plan for this programme yet. Start from a template and tailor
            it, or start blank.
          </Text>
          {templates.isError && (
            <Alert color="red" role="alert">
              Could not load the templates: {templates.error.message}
            </Alert>
          )}
          <TemplateSelect
            templates={templates.data ?? []}
            value={template}
            onChange={setTemplate}
            blank="No template: a blank plan"
          />
          {!template && (
            <TextInput
              label={FIELD_LABEL.title}
              required
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
            />
          )}
          <TextInput
            label={FIELD_LABEL.reason}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <WriteError message={write.errorMessage} conflict={write.conflict} />
          <div>
            <Button type="submit" loading={write.isPending}>
              Create plan
            </Button>
          </div>
        </Stack>
      </form>
    </Card>
  );
}
