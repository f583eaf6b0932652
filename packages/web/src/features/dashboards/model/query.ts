import type {
  AgeBand,
  MeasureGroupResult,
  MeasurePerson,
  MeasureResult,
  MeasureStratum,
} from '../api';

/** What the dashboards show: the period, the view (grouping) and the filters. */
export interface DashboardFilters {
  periodStart: string;
  periodEnd: string;
  programme: string;
  tier: string;
  condition: string;
  ageBand: AgeBand | '';
  organization: string;
  team: string;
  coordinator: string;
}

/** The views: the whole network, or one bar per organisation, team or coordinator. */
export type DashboardView = 'network' | 'organization' | 'team' | 'coordinator';

const iso = (d: Date): string => d.toISOString().slice(0, 10);

/** The default period: the twelve months up to today. */
export function defaultFilters(today = new Date()): DashboardFilters {
  const start = new Date(today);
  start.setUTCFullYear(start.getUTCFullYear() - 1);
  start.setUTCDate(start.getUTCDate() + 1);
  return {
    periodStart: iso(start),
    periodEnd: iso(today),
    programme: '',
    tier: '',
    condition: '',
    ageBand: '',
    organization: '',
    team: '',
    coordinator: '',
  };
}

/** The query string of the results and people endpoints (empty filters left out). */
export function resultsQuery(f: DashboardFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...extra })) if (v) params.set(k, v);
  return params.toString();
}

/** The stratum a view groups by (the network view shows organisations). */
export const viewStratum = (view: DashboardView): MeasureStratum =>
  view === 'network' ? 'organization' : view;

/** A score in the measure's unit: "62.5%", "41.2 per 1,000 member-months", "3.0 days". */
export function formatScore(m: Pick<MeasureResult, 'unit'>, value: number | null): string {
  if (value === null) return '—';
  if (m.unit === '%') return `${(value * 100).toFixed(1)}%`;
  return `${value.toFixed(1)} ${m.unit}`;
}

/** The 95% interval as text, or an empty string when none is defined. */
export function formatInterval(m: Pick<MeasureResult, 'unit'>, g: MeasureGroupResult): string {
  if (g.low === null || g.high === null) return '';
  const f = (v: number) => (m.unit === '%' ? `${(v * 100).toFixed(1)}%` : v.toFixed(1));
  return `${f(g.low)}–${f(g.high)}`;
}

const cell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV of the measures table (one row per measure and group). */
export function resultsCsv(measures: readonly MeasureResult[], stratum: MeasureStratum): string {
  const rows: (string | number | null)[][] = [
    ['measure', 'group', 'denominator', 'exclusions', 'numerator', 'score', 'low', 'high', 'unit'],
  ];
  for (const m of measures) {
    for (const g of [m.overall, ...m.strata[stratum]]) {
      rows.push([
        m.id,
        g.label,
        g.denominator,
        g.exclusions,
        g.numerator,
        g.score,
        g.low,
        g.high,
        m.unit,
      ]);
    }
  }
  return rows.map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

/** CSV of the people behind a group. */
export function peopleCsv(people: readonly MeasurePerson[]): string {
  const rows: (string | number | null)[][] = [
    ['patient', 'name', 'event', 'date', 'outcome', 'observation'],
  ];
  for (const p of people)
    rows.push([p.patientId, p.name, p.event, p.day, p.outcome, p.observation]);
  return rows.map((r) => r.map(cell).join(',')).join('\n') + '\n';
}
