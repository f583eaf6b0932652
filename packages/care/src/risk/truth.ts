/**
 * The synthetic population's hidden truth (`truth.csv` of @careweave/synth): per person and
 * period, the true annual probability of at least one emergency admission. Used only to score
 * models; never a model input.
 */

/** One period of constant true probability. */
export interface TruthRow {
  patientId: string;
  start: number;
  end: number;
  kind: 'history' | 'forecast';
  pAdmission: number;
  admissions: number;
}

/** Parses truth.csv; throws with the line number on a malformed row. */
export function parseTruthCsv(text: string): TruthRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',');
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`truth file has no "${name}" column`);
    return i;
  };
  const [iId, iStart, iEnd, iKind, iP, iAdm] = [
    'patient_id',
    'period_start',
    'period_end',
    'kind',
    'p_admission',
    'admissions',
  ].map(col) as [number, number, number, number, number, number];
  return lines.slice(1).map((line, n) => {
    const cells = line.split(',');
    const start = Date.parse(cells[iStart] ?? '');
    const end = Date.parse(cells[iEnd] ?? '');
    const p = Number(cells[iP]);
    const kind = cells[iKind];
    if (
      !cells[iId] ||
      Number.isNaN(start) ||
      Number.isNaN(end) ||
      !(p >= 0 && p <= 1) ||
      (kind !== 'history' && kind !== 'forecast')
    ) {
      throw new Error(`truth file line ${n + 2} is malformed: ${line.slice(0, 120)}`);
    }
    return {
      patientId: cells[iId] ?? '',
      start,
      end,
      kind,
      pAdmission: p,
      admissions: Number(cells[iAdm] ?? 0) || 0,
    };
  });
}

/**
 * The true probability of ≥ 1 admission over [from, to): periods combine as independent hazards,
 * 1 − Π (1 − p_i)^(days_i / 365.25); `admissions` sums the recorded admissions of the periods.
 * Undefined when the periods do not cover the window.
 */
export function truthProbability(
  rows: readonly TruthRow[],
  from: number,
  to: number,
): { probability: number; admissions: number } | undefined {
  let logSurvival = 0;
  let covered = 0;
  let admissions = 0;
  for (const r of rows) {
    const s = Math.max(from, r.start);
    const e = Math.min(to, r.end);
    if (e <= s) continue;
    covered += e - s;
    logSurvival +=
      Math.log(1 - Math.min(r.pAdmission, 0.999999)) * ((e - s) / (365.25 * 86_400_000));
    if (r.start >= from && r.end <= to) admissions += r.admissions;
  }
  if (covered < (to - from) * 0.99) return undefined;
  return { probability: 1 - Math.exp(logSurvival), admissions };
}
