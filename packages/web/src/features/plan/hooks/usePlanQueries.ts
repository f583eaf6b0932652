import { useQuery } from '@tanstack/react-query';
import {
  fetchCareTeams,
  fetchChanges,
  fetchGoalHistory,
  fetchPlans,
  fetchPlanView,
  fetchRoles,
  fetchTemplates,
} from '../api';
import { activePlanOf } from '../model/plan-model';

/** Query keys of the plan screens; everything under `['plan']` is refreshed after a plan write. */
export const planKeys = {
  all: ['plan'] as const,
  list: (patientId: string) => ['plan', 'list', patientId] as const,
  view: (planId: string) => ['plan', 'view', planId] as const,
  changes: (planId: string) => ['plan', 'changes', planId] as const,
  goalHistory: (planId: string, goalId: string) =>
    ['plan', 'goal-history', planId, goalId] as const,
  templates: ['plan-templates'] as const,
  roles: ['roster', 'roles'] as const,
  careTeams: (patientId: string) => ['plan', 'care-teams', patientId] as const,
};

/**
 * The patient's active plan: the plan list, then the view of the active one (two requests; the
 * list is what tells "no plan yet" from "a plan").
 */
export function useActivePlan(patientId: string) {
  const plans = useQuery({
    queryKey: planKeys.list(patientId),
    queryFn: ({ signal }) => fetchPlans(patientId, signal),
    staleTime: 30_000,
  });
  const active = activePlanOf(plans.data);
  const view = useQuery({
    queryKey: planKeys.view(active?.id ?? ''),
    queryFn: ({ signal }) => fetchPlanView(active?.id ?? '', signal),
    enabled: active !== undefined,
    staleTime: 15_000,
  });
  return { plans, active, view };
}

/** The plan templates (rarely change: cached for the session). */
export function useTemplates() {
  return useQuery({
    queryKey: planKeys.templates,
    queryFn: ({ signal }) => fetchTemplates(signal),
    staleTime: Infinity,
  });
}

/** Changes since the last review. */
export function usePlanChanges(planId: string) {
  return useQuery({
    queryKey: planKeys.changes(planId),
    queryFn: ({ signal }) => fetchChanges(planId, signal),
    staleTime: 15_000,
  });
}

/** A goal's achievement history. */
export function useGoalHistory(planId: string, goalId: string, goalVersion: string | undefined) {
  // The goal version in the key refetches the history when the goal changes.
  return useQuery({
    queryKey: [...planKeys.goalHistory(planId, goalId), goalVersion],
    queryFn: ({ signal }) => fetchGoalHistory(planId, goalId, signal),
    staleTime: 60_000,
  });
}

/** The team roles. */
export function useRoles() {
  return useQuery({
    queryKey: planKeys.roles,
    queryFn: ({ signal }) => fetchRoles(signal),
    staleTime: Infinity,
  });
}

/** The patient's care teams (for adding members). */
export function useCareTeams(patientId: string) {
  return useQuery({
    queryKey: planKeys.careTeams(patientId),
    queryFn: ({ signal }) => fetchCareTeams(patientId, signal),
    staleTime: 30_000,
  });
}
