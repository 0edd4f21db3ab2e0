import { Link } from 'react-router';
import { Alert, Progress, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { errorMessage } from '../../../api/client.ts';
import { useCan } from '../../auth/session.ts';
import { useAttendanceRates, type AttendanceRate } from '../compliance.api.ts';

export const percent = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10}%`);

const rateColor = (rate: number) => (rate >= 0.9 ? '#389e0d' : rate >= 0.7 ? '#d48806' : '#cf1322');
const byNumber = (k: 'expected' | 'present' | 'leave' | 'absent') => (a: AttendanceRate, b: AttendanceRate) => a[k] - b[k];

/** 党员出勤率: each member of the organisation's subtree, in the year's approved activities. */
export function AttendanceRatesTable({ year, orgId }: { year: number; orgId: number }) {
  const can = useCan();
  const rates = useAttendanceRates(year, orgId);
  const rows = rates.data ?? [];
  const expected = rows.reduce((s, r) => s + r.expected, 0);
  const present = rows.reduce((s, r) => s + r.present, 0);

  const columns: TableProps<AttendanceRate>['columns'] = [
    {
      title: '姓名',
      dataIndex: 'memberName',
      width: 120,
      sorter: (a, b) => a.memberName.localeCompare(b.memberName, 'zh-CN'),
      render: (name: string, r) => (can('member.read') ? <Link to={`/members/${r.memberId}`}>{name}</Link> : name),
    },
    { title: '应参加', dataIndex: 'expected', width: 90, align: 'right', sorter: byNumber('expected') },
    { title: '出席', dataIndex: 'present', width: 90, align: 'right', sorter: byNumber('present') },
    { title: '请假', dataIndex: 'leave', width: 90, align: 'right', sorter: byNumber('leave') },
    { title: '缺席', dataIndex: 'absent', width: 90, align: 'right', sorter: byNumber('absent'), render: (v: number) => (v ? <span style={{ color: '#cf1322' }}>{v}</span> : v) },
    {
      title: '出勤率',
      dataIndex: 'rate',
      key: 'rate',
      width: 220,
      sorter: (a, b) => (a.rate ?? -1) - (b.rate ?? -1),
      render: (rate: number | null) =>
        rate === null ? (
          '—'
        ) : (
          <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
            <Progress percent={rate * 100} showInfo={false} size="small" strokeColor={rateColor(rate)} style={{ width: 110, margin: 0 }} />
            <span style={{ color: rateColor(rate), minWidth: 48 }}>{percent(rate)}</span>
          </div>
        ),
    },
  ];

  return (
    <>
      {rates.error && <Alert type="error" showIcon title={errorMessage(rates.error)} style={{ marginBottom: 8 }} />}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        统计{year}年审核通过的活动中列入应到名单的党员（含下级组织）；出勤率 = 出席 ÷ 应参加。
        {expected > 0 && (
          <>
            {' '}
            合计：应参加 {expected} 人次，出席 {present} 人次，平均出勤率 <b>{percent(present / expected)}</b>。
          </>
        )}
      </Typography.Paragraph>
      <Table<AttendanceRate>
        size="small"
        rowKey="memberId"
        columns={columns}
        dataSource={rows}
        loading={rates.isFetching}
        pagination={{ defaultPageSize: 50, showSizeChanger: true, pageSizeOptions: [20, 50, 100, 200], showTotal: (t) => `共 ${t} 名党员`, hideOnSinglePage: true }}
        locale={{ emptyText: `${year}年还没有审核通过的活动出勤记录` }}
        data-testid="attendance-table"
      />
    </>
  );
}
