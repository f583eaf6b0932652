import {
  Button,
  Group,
  Table,
  Text,
  TextInput,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table';
import { useId, useState, type ReactNode } from 'react';

/** A column: `value` drives sorting and filtering, `cell` renders (defaults to the value). */
export interface Column<T> {
  id: string;
  header: string;
  value: (row: T) => string | number | undefined;
  cell?: (row: T) => ReactNode;
  sortable?: boolean;
}

export interface DataTableProps<T> {
  /** Describes the table for assistive technology (visually hidden). */
  caption: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  /** Label of the filter field; no filter field when absent. */
  filterLabel?: string;
  initialSort?: SortingState;
  /** Rows shown before "Show all" (keeps long histories fast to render). */
  initialRows?: number;
  emptyText?: string;
}

function ariaSort(dir: false | 'asc' | 'desc'): 'ascending' | 'descending' | 'none' {
  return dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none';
}

/**
 * A sortable, filterable table (TanStack Table): header buttons sort (with `aria-sort`), one
 * filter field searches every column, and long tables show their first rows until asked.
 */
export function DataTable<T>({
  caption,
  rows,
  columns,
  rowKey,
  filterLabel,
  initialSort = [],
  initialRows = 10,
  emptyText = 'None recorded.',
}: DataTableProps<T>) {
  const [sorting, setSorting] = useState<SortingState>(initialSort);
  const [filter, setFilter] = useState('');
  const [showAll, setShowAll] = useState(false);
  const filterId = useId();
  const defs: ColumnDef<T, unknown>[] = columns.map((c) => ({
    id: c.id,
    header: c.header,
    accessorFn: (row: T) => c.value(row) ?? '',
    cell: ({ row }) => (c.cell ? c.cell(row.original) : (c.value(row.original) ?? '—')),
    enableSorting: c.sortable !== false,
    sortUndefined: 'last',
  }));
  const table = useReactTable({
    data: rows as T[],
    columns: defs,
    state: { sorting, globalFilter: filter },
    onSortingChange: setSorting,
    onGlobalFilterChange: setFilter,
    globalFilterFn: 'includesString',
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getRowId: (row) => rowKey(row),
  });
  const all = table.getRowModel().rows;
  const visible = showAll ? all : all.slice(0, initialRows);

  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {emptyText}
      </Text>
    );
  }
  return (
    <>
      {filterLabel && rows.length > 5 && (
        <TextInput
          id={filterId}
          label={filterLabel}
          size="xs"
          mb="xs"
          maw={260}
          value={filter}
          onChange={(e) => setFilter(e.currentTarget.value)}
        />
      )}
      <Table.ScrollContainer minWidth={420}>
        <Table striped highlightOnHover verticalSpacing={4} fz="sm">
          <VisuallyHidden component="caption">{caption}</VisuallyHidden>
          <Table.Thead>
            {table.getHeaderGroups().map((group) => (
              <Table.Tr key={group.id}>
                {group.headers.map((header) => {
                  const dir = header.column.getIsSorted();
                  const label = flexRender(header.column.columnDef.header, header.getContext());
                  return (
                    <Table.Th
                      key={header.id}
                      aria-sort={header.column.getCanSort() ? ariaSort(dir) : undefined}
                    >
                      {header.column.getCanSort() ? (
                        <UnstyledButton
                          onClick={header.column.getToggleSortingHandler()}
                          className="sort-button"
                          fz="sm"
                          fw={700}
                        >
                          {label}
                          <span aria-hidden="true">
                            {dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : ' ↕'}
                          </span>
                        </UnstyledButton>
                      ) : (
                        label
                      )}
                    </Table.Th>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Thead>
          <Table.Tbody>
            {visible.map((row) => (
              <Table.Tr key={row.id}>
                {row.getVisibleCells().map((cell) => (
                  <Table.Td key={cell.id}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group gap="xs" mt={4}>
        {all.length === 0 && (
          <Text size="sm" c="dimmed" role="status">
            Nothing matches “{filter}”.
          </Text>
        )}
        {all.length > initialRows && (
          <Button variant="subtle" size="compact-xs" onClick={() => setShowAll((v) => !v)}>
            {showAll ? `Show first ${initialRows}` : `Show all ${all.length}`}
          </Button>
        )}
      </Group>
    </>
  );
}
