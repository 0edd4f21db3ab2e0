import { Table } from 'antd';
import type { ImportError } from '../api/types.ts';

/** 行号 / 列 / 错误说明 of an all-or-nothing Excel import. */
export function ImportErrorTable({ errors, testId, rowTitle = '行号' }: { errors: ImportError[]; testId?: string; /** What `row` counts: 行号 of a sheet, 题序 of a Word paper. */ rowTitle?: string }) {
  return (
    <Table<ImportError & { key: number }>
      size="small"
      bordered
      dataSource={errors.map((e, i) => ({ ...e, key: i }))}
      columns={[
        { title: rowTitle, dataIndex: 'row', width: 80 },
        { title: '列', dataIndex: 'column', width: 160 },
        { title: '错误说明', dataIndex: 'message' },
      ]}
      pagination={{ pageSize: 10, showTotal: (t) => `共 ${t} 处错误`, showSizeChanger: false }}
      data-testid={testId}
    />
  );
}
