/** The model card as Markdown (what `careweave risk card` prints before its JSON line). */
import type { ModelCard, ModelCardMetrics } from '@careweave/contract';

const f3 = (x: number | null): string => (x === null ? '–' : x.toFixed(3));

function row(name: string, m: ModelCardMetrics): string {
  return `| ${name} | ${m.n} | ${m.events} | ${f3(m.auc)} | ${f3(m.calibration_slope)} | ${m.brier.toFixed(4)} | ${f3(m.observed_expected)} |`;
}

export function renderModelCardMarkdown(card: ModelCard): string {
  const head =
    '| group | n | events | AUC | calibration slope | Brier | O/E |\n|---|---:|---:|---:|---:|---:|---:|';
  const groups = card.performance.by_group.map((g) =>
    row(`${g.attribute.replace('_', ' ')}: ${g.group}`, g),
  );
  const gaps = card.fairness.gaps.map(
    (g) =>
      `| ${g.attribute.replace('_', ' ')} | ${g.metric === 'auc' ? 'AUC' : 'calibration slope'} | ${g.highest.group} ${g.highest.value.toFixed(3)} | ${g.lowest.group} ${g.lowest.value.toFixed(3)} | ${g.gap.toFixed(3)} |`,
  );
  return [
    `# Model card — ${card.name}`,
    '',
    `Version \`${card.version}\` · ${card.developer} · generated ${card.generated_at.slice(0, 10)}`,
    '',
    '## Intended use',
    card.intended_use,
    '',
    `Out of scope: ${card.out_of_scope_use}`,
    '',
    '## Inputs',
    ...card.inputs.map((i) => `- ${i.label} (\`${i.key}\`)`),
    '',
    '## Training data',
    `${card.training_data.description} Period ${card.training_data.from} to ${card.training_data.to}: ${card.training_data.people} people, ${card.training_data.events} admitted.`,
    '',
    '## Validation',
    `${card.validation.method} Period ${card.validation.from} to ${card.validation.to}: ${card.validation.people} people, ${card.validation.events} admitted.`,
    '',
    '## Performance',
    head,
    row('overall', card.performance.overall),
    ...groups,
    '',
    `Published scores on the same people: LACE-style AUC ${f3(card.performance.baselines.lace.auc)}, Charlson AUC ${f3(card.performance.baselines.charlson.auc)}.`,
    '',
    '## Fairness audit',
    card.fairness.largest_gap?.statement ?? 'No subgroup large enough to compare.',
    '',
    `Groups of fewer than ${card.fairness.min_group_size} people are not compared.${card.fairness.not_recorded.length > 0 ? ` Not recorded in this population, so not audited: ${card.fairness.not_recorded.join(', ')}.` : ''}`,
    '',
    ...(gaps.length > 0
      ? ['| attribute | metric | highest | lowest | gap |', '|---|---|---|---|---:|', ...gaps, '']
      : []),
    '## Known risks and limitations',
    ...card.known_risks.map((r) => `- ${r}`),
    '',
    '## Update cadence',
    card.update_cadence,
  ].join('\n');
}
