import { NativeSelect } from '@mantine/core';
import type { TemplateSummary as PlanTemplate } from '@careweave/contract';

/** "Diabetes + depression — 4 goals, 6 activities". */
export function templateLabel(t: PlanTemplate): string {
  return `${t.title} — ${t.goals} goal${t.goals === 1 ? '' : 's'}, ${t.actions} activit${t.actions === 1 ? 'y' : 'ies'}`;
}

/** The `Template` select: each template with its counts, the chosen one's description below. */
export function TemplateSelect({
  templates,
  value,
  onChange,
  blank,
  autoFocus,
}: {
  templates: readonly PlanTemplate[];
  value: string;
  onChange: (id: string) => void;
  blank?: string;
  autoFocus?: boolean;
}) {
  const chosen = templates.find((t) => t.id === value);
  return (
    <NativeSelect
      label="Template"
      {...(autoFocus ? { 'data-autofocus': true } : {})}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      description={
        chosen?.description ??
        (blank
          ? 'Start from nothing and add goals and activities yourself.'
          : 'Choose a template to see what it contains.')
      }
      data={[
        ...(blank !== undefined
          ? [{ value: '', label: blank }]
          : [{ value: '', label: 'Choose a template' }]),
        ...templates.map((t) => ({ value: t.id, label: templateLabel(t) })),
      ]}
    />
  );
}
