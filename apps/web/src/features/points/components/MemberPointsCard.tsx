import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Card, Select, Space, Statistic } from 'antd';
import dayjs from 'dayjs';
import { errorMessage } from '../../../api/client.ts';
import { useLedger } from '../points.api.ts';
import { PointLedgerTable } from './PointLedgerTable.tsx';

export const yearOptions = () => [0, 1, 2].map((d) => ({ value: dayjs().year() - d, label: `${dayjs().year() - d}年` }));

/** The year's points of one member: totals and the ledger with each line's source (member detail page, ledger page). */
export function MemberPointsCard({ memberId, showLink = true }: { memberId: number; showLink?: boolean }) {
  const [year, setYear] = useState(dayjs().year());
  const ledger = useLedger(memberId, year);
  const l = ledger.data;
  return (
    <Card
      title="年度积分"
      style={{ marginTop: 16 }}
      extra={
        <Space>
          <Select value={year} onChange={setYear} options={yearOptions()} style={{ width: 100 }} />
          {showLink && <Link to={`/points/members/${memberId}`}>积分明细页</Link>}
        </Space>
      }
    >
      {ledger.error && <Alert type="error" showIcon message={errorMessage(ledger.error)} />}
      {l?.exempt && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={`本年度免于积分（特殊党员，${l.exempt.decidedOn}支部决定）：${l.exempt.reason}`} />}
      {l && (
        <Space size="large" style={{ marginBottom: 12 }}>
          <Statistic title="总积分" value={l.total} valueStyle={{ color: '#cf1322' }} />
          <Statistic title="基础分" value={l.basePoints} />
          <Statistic title="加分" value={l.additions} prefix="+" />
          <Statistic title="扣分" value={l.deductions} />
        </Space>
      )}
      <PointLedgerTable lines={l?.lines} loading={ledger.isLoading} />
    </Card>
  );
}
