import type {
  BulkTaskReassignRequest,
  TaskNoteRequest,
  TaskReassignRequest,
  TaskTransitionRequest,
} from '@careweave/contract';
import type { Task } from '@medplum/fhirtypes';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { request } from '../../../lib/http';
import { WORKLIST_KEY } from './useWorklist';

/** A task action as the API takes it (packages/care/src/tasks/README.md "API"). */
export type TaskAction =
  | { kind: 'complete'; outcome: string }
  | { kind: 'hold'; reason: string }
  | { kind: 'resume' }
  | { kind: 'reassign'; owner: string; reason: string }
  | { kind: 'note'; text: string };

/** The request for one action on one task (empty reasons are left out). */
export function actionRequest(
  taskId: string,
  action: TaskAction,
): { path: string; json: TaskTransitionRequest | TaskReassignRequest | TaskNoteRequest } {
  const base = `/api/tasks/${encodeURIComponent(taskId)}`;
  const opt = <K extends string>(key: K, value: string): { [k in K]?: string } =>
    (value.trim() ? { [key]: value.trim() } : {}) as { [k in K]?: string };
  switch (action.kind) {
    case 'complete':
      return { path: `${base}/complete`, json: opt('outcome', action.outcome) };
    case 'hold':
      return { path: `${base}/hold`, json: opt('reason', action.reason) };
    case 'resume':
      return { path: `${base}/resume`, json: {} };
    case 'reassign':
      return {
        path: `${base}/reassign`,
        json: { owner: action.owner, ...opt('reason', action.reason) },
      };
    case 'note':
      return { path: `${base}/notes`, json: { text: action.text.trim() } };
  }
}

function useRefreshAfter() {
  const client = useQueryClient();
  // Counts, tabs and caseload numbers all move when a task changes: refresh them together.
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: WORKLIST_KEY }),
      client.invalidateQueries({ queryKey: ['caseload'] }),
    ]);
}

/** Runs one action on one task, then refreshes the worklist (the task moves tab, counts change). */
export function useTaskAction(taskId: string) {
  const refresh = useRefreshAfter();
  return useMutation({
    mutationFn: async (action: TaskAction) => {
      const { path, json } = actionRequest(taskId, action);
      return (await request<Task>(path, { method: 'POST', json })).data;
    },
    onSuccess: refresh,
  });
}

/** Gives several tasks to one owner at once — all or nothing on the server. */
export function useBulkReassign() {
  const refresh = useRefreshAfter();
  return useMutation({
    mutationFn: async (input: { tasks: readonly string[]; owner: string; reason: string }) =>
      (
        await request<{ tasks: Task[] }>('/api/tasks/reassign', {
          method: 'POST',
          json: {
            tasks: [...input.tasks],
            owner: input.owner,
            ...(input.reason.trim() ? { reason: input.reason.trim() } : {}),
          } satisfies BulkTaskReassignRequest,
        })
      ).data,
    onSuccess: refresh,
  });
}
