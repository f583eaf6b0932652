/** One enrolled patient of `GET /api/roster/caseload` (packages/care/src/plans/README.md "Roster"). */
export interface CaseloadPatient {
  patientId: string;
  name?: string;
  birthDate?: string;
  episodeId: string;
  enrolledSince?: string;
  careTeam?: string;
  openTasks: number;
  overdueTasks: number;
  recentAdmissions: number;
}

/** A coordinator's caseload with its totals, most overdue first. */
export interface Caseload {
  coordinator: string;
  patients: CaseloadPatient[];
  totals: { patients: number; openTasks: number; overdueTasks: number; recentAdmissions: number };
}
