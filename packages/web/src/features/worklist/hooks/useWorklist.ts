import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { request } from '../../../lib/http';
import {
  worklistQuery,
  type Worklist,
  type WorklistFilters,
  type WorklistItem,
} from '../model/worklist';

/** Query keys under this prefix are refreshed after any task action. */
export const WORKLIST_KEY = ['worklist'] as const;

/** The worklist for the filters: rows in server order across loaded pages, the counts of the first page, and "Load more". */
export function useWorklist(filters: WorklistFilters) {
  const query = useInfiniteQuery({
    queryKey: [...WORKLIST_KEY, filters],
    queryFn: async ({ pageParam, signal }) =>
      (await request<Worklist>(worklistQuery(filters, pageParam), { signal })).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next,
    placeholderData: keepPreviousData,
  });
  const items: WorklistItem[] = query.data?.pages.flatMap((p) => p.items) ?? [];
  return { query, items, counts: query.data?.pages[0]?.counts };
}
