import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { UseQueryResult } from '@tanstack/react-query';
import type { TablePaginationConfig, TableProps } from 'antd';
import { filterFromParams, toParams, type ParamSchema } from './url-filters.ts';

type ListKeys = 'page' | 'pageSize' | 'sort' | 'order';
/** A list request without its paging and sorting: what the filter bar sets. */
export type ListFilter<Q> = Omit<Q, ListKeys>;
/** How a list's filter fields read back from the address: `{ orgId: 'number', name: 'text' }`. */
export type ListParams<Q> = ParamSchema<ListFilter<Q>>;
type SortOf<Q> = Q extends { sort?: infer S extends string } ? S : never;
type Order = 'asc' | 'desc';

/** The props of an antd Table that the hook fills in (spread them: `<Table {...list.tableProps} />`). */
export type PagedTableProps<Row> = Pick<TableProps<Row>, 'dataSource' | 'loading' | 'pagination' | 'onChange'>;

type Options<Q, D> = {
  /** The feature's TanStack query hook; it gets the filter with page and pageSize (and sort, order). */
  useList: (request: Q) => UseQueryResult<D>;
  /** How each filter field reads back from the address. Declare it once, outside the component. */
  params: NoInfer<ListParams<Q>>;
  /** Column keys the server sorts by; a column opts in with `{ ...list.sorter('name') }`. */
  sortable?: NoInfer<readonly SortOf<Q>[]>;
  /** The counted noun of 「共 N 条」: '名党员' gives 「共 N 名党员」. */
  unit?: string;
  pageSizeOptions?: number[];
};

const PAGE_SIZE = 20;
const positive = (v: string | null) => (v && Number.isInteger(Number(v)) && Number(v) > 0 ? Number(v) : undefined);

/**
 * A server-paged list whose filter, page, page size and sort live in the address (?orgId=…&page=2),
 * so links and the back button keep them. A new filter or sort starts again on page 1.
 */
export function usePagedList<Q extends { page?: number; pageSize?: number }, D extends { items: object[]; total: number }>(options: Options<Q, D>) {
  type Row = D['items'][number];
  const { useList, params: schema, unit = '条', pageSizeOptions = [20, 50, 100] } = options;
  const sortable: readonly string[] = options.sortable ?? [];
  const [params, setParams] = useSearchParams();
  // The schema is a module constant: the filter changes only with the address.
  const filter = useMemo(() => filterFromParams<ListFilter<Q>>(params, schema), [params]);
  const page = positive(params.get('page')) ?? 1;
  const pageSize = positive(params.get('pageSize')) ?? PAGE_SIZE;
  const sort = sortable.find((s) => s === params.get('sort'));
  const order: Order | undefined = sort ? (params.get('order') === 'desc' ? 'desc' : 'asc') : undefined;
  const request = { ...filter, page, pageSize, ...(sort ? { sort, order } : {}) } as unknown as Q;
  const result = useList(request);

  // Defaults stay out of the address: page 1 and 20 a page are what a bare link shows.
  const go = (next: { filter: object; page: number; pageSize: number; sort?: string; order?: Order }) =>
    setParams(toParams({ ...next.filter, sort: next.sort, order: next.order, page: next.page > 1 ? next.page : undefined, pageSize: next.pageSize !== PAGE_SIZE ? next.pageSize : undefined }));

  const setFilter = (f: ListFilter<Q>) => {
    const picked: Record<string, unknown> = {};
    for (const k of Object.keys(schema)) picked[k] = (f as Record<string, unknown>)[k];
    go({ filter: picked, page: 1, pageSize, sort, order });
  };

  const onChange: TableProps<Row>['onChange'] = (p, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const s = Array.isArray(sorter) ? sorter[0] : sorter;
      const key = s?.order ? sortable.find((k) => k === s.columnKey) : undefined;
      go({ filter, page: 1, pageSize, sort: key, order: key ? (s.order === 'descend' ? 'desc' : 'asc') : undefined });
    } else if (extra.action === 'paginate') {
      const size = p.pageSize ?? pageSize;
      go({ filter, page: size !== pageSize ? 1 : (p.current ?? 1), pageSize: size, sort, order });
    }
  };

  const pagination: TablePaginationConfig = {
    current: page,
    pageSize,
    total: result.data?.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions,
    showQuickJumper: true,
    showTotal: (t) => `共 ${t} ${unit}`,
  };

  /** Spread into a sortable column: its key, and the sort arrow the address says. */
  const sorter = (key: SortOf<Q>) => ({ key, sorter: true, sortOrder: sort === key ? (order === 'desc' ? ('descend' as const) : ('ascend' as const)) : null });

  const tableProps: PagedTableProps<Row> = { dataSource: result.data?.items as Row[] | undefined, loading: result.isFetching, pagination, onChange };
  return { filter, setFilter, request, result, sorter, tableProps };
}
