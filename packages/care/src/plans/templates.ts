import type {
  PlanDefinition,
  PlanDefinitionAction,
  PlanDefinitionGoal,
  Resource,
} from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT, type Repository, type RequestContext } from '@careweave/store';
import { TEAM_ROLE_CODES } from '../roster/codes.js';
import { ACTIVITY_DOMAIN_URL, GOAL_PRIORITY_SYSTEM, domainConcept } from './codes.js';
import { TEMPLATE_SPECS, type TemplateSpec } from './template-specs.js';
import type { TemplateSummary } from '@careweave/contract';

export type { TemplateSummary };

const UCUM = 'http://unitsofmeasure.org';
/** Canonical URL base of the shipped templates. */
export const TEMPLATE_URL_BASE = 'https://careweave.org/fhir/PlanDefinition';
/** Version of the shipped template content; bump it when a template changes. */
export const TEMPLATE_VERSION = '1.0.0';

const days = (value: number) => ({ value, unit: 'days', system: UCUM, code: 'd' });

function goalOf(g: TemplateSpec['goals'][number]): PlanDefinitionGoal {
  const goal: PlanDefinitionGoal = {
    id: g.key,
    category: domainConcept(g.domain),
    description: { text: g.text },
    priority: { coding: [{ system: GOAL_PRIORITY_SYSTEM, code: g.priority }] },
  };
  if (g.addresses) goal.addresses = g.addresses.map((c) => ({ coding: [c], text: c.display }));
  if (g.target) {
    const detail = g.target.detail;
    goal.target = [
      {
        ...(g.target.measure ? { measure: { coding: [g.target.measure] } } : {}),
        ...(typeof detail === 'string'
          ? { detailCodeableConcept: { text: detail } }
          : {
              detailQuantity: {
                value: detail.value,
                unit: detail.unit,
                system: UCUM,
                code: detail.code,
                ...(detail.comparator ? { comparator: detail.comparator } : {}),
              },
            }),
        due: days(g.target.dueDays),
      },
    ];
  }
  return goal;
}

function actionOf(a: TemplateSpec['actions'][number]): PlanDefinitionAction {
  return {
    extension: [{ url: ACTIVITY_DOMAIN_URL, valueCodeableConcept: domainConcept(a.domain) }],
    title: a.title,
    description: a.description,
    priority: a.priority ?? 'routine',
    goalId: a.goals,
    participant: [
      {
        type:
          a.role === 'patient'
            ? 'patient'
            : a.role === 'caregiver'
              ? 'related-person'
              : 'practitioner',
        role: TEAM_ROLE_CODES[a.role],
      },
    ],
    timingDuration: days(a.dueDays),
    type: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/action-type', code: 'create' }],
    },
  };
}

/**
 * A template as a FHIR PlanDefinition: `goal[]` with domain category, priority, the condition
 * codes it addresses and a target due after a Duration; `action[]` with the domain extension,
 * the responsible team role (`participant.role`), a due Duration (`timingDuration`), priority
 * and the goals it serves (`goalId`). See plans/README.md.
 */
export function templatePlanDefinition(spec: TemplateSpec): PlanDefinition {
  return {
    resourceType: 'PlanDefinition',
    id: spec.id,
    url: `${TEMPLATE_URL_BASE}/${spec.id}`,
    version: TEMPLATE_VERSION,
    name: spec.name,
    title: spec.title,
    type: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/plan-definition-type',
          code: 'clinical-protocol',
          display: 'Clinical Protocol',
        },
      ],
    },
    status: 'active',
    publisher: 'Careweave',
    description: spec.description,
    relatedArtifact: [{ type: 'citation', citation: spec.citation }],
    goal: spec.goals.map(goalOf),
    action: spec.actions.map(actionOf),
  };
}

/** The PlanDefinitions shipped with the product. */
export function shippedTemplates(): PlanDefinition[] {
  return TEMPLATE_SPECS.map(templatePlanDefinition);
}

/** JSON with sorted keys (stored JSONB does not keep key order). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : 1)),
        )
      : v,
  );
}

/** Equal as content, ignoring `meta` (versions, and labels the write path adds). */
function sameContent(a: Resource, b: Resource): boolean {
  const strip = ({ meta: _meta, ...rest }: Resource): string => canonical(rest);
  return strip(a) === strip(b);
}

/**
 * Loads the shipped templates through the Repository (validation, hooks, history), as the system:
 * missing ones are created, changed ones updated, identical ones left alone — so it is safe to
 * call at every start. Answers how many it wrote.
 */
export async function loadPlanTemplates(repo: Repository): Promise<number> {
  let written = 0;
  for (const template of shippedTemplates()) {
    const existing = await repo
      .read<PlanDefinition>(SYSTEM_CONTEXT, 'PlanDefinition', template.id as string)
      .catch(() => undefined);
    if (existing && sameContent(existing, template)) {
      continue;
    }
    await repo.update(SYSTEM_CONTEXT, template);
    written++;
  }
  return written;
}

/** The active PlanDefinitions (shipped and user-made) the actor can use as templates. */
export async function listTemplates(
  repo: Repository,
  ctx: RequestContext,
): Promise<TemplateSummary[]> {
  const page = await repo.search(ctx, 'PlanDefinition', [
    ['status', 'active'],
    ['_count', '200'],
    ['_sort', 'title'],
    ['_total', 'none'],
  ]);
  return (page.resources as PlanDefinition[]).map((p) => ({
    id: p.id as string,
    title: p.title ?? p.name ?? (p.id as string),
    ...(p.description ? { description: p.description } : {}),
    goals: p.goal?.length ?? 0,
    actions: p.action?.length ?? 0,
    ...(p.url ? { url: p.url } : {}),
  }));
}
