import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Segmented, Space, Spin, Table, Typography } from 'antd';
import { appealStatuses, type AppealStatus } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { formatDateTime } from '../../../lib/dates.ts';
import { useAppeals, useRound, type Appeal } from '../rounds.api.ts';
import { AppealStatusTag, fmt } from '../round-labels.tsx';
import { AppealAnswerModal } from '../components/AppealAnswerModal.tsx';
import { useRouteYear } from './RoundPage.tsx';

/** 考核申诉: every appeal of the year (the committee; a unit sees its own), filtered by status, answered from here. */
export default function AppealsPage() {
  const year = useRouteYear();
  const q = useAppeals(year);
  const round = useRound(year);
  // Appeals are answered while the results are published (the committee: the same ability as 定档).
  const canAnswer = !!round.data?.round?.abilities.close;
  const [status, setStatus] = useState<AppealStatus | 'all'>('open');
  const [answering, setAnswering] = useState<Appeal | null>(null);
  const items = (q.data?.items ?? []).filter((a) => status === 'all' || a.status === status);
  const count = (s: AppealStatus) => (q.data?.items ?? []).filter((a) => a.status === s).length;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Link to={`/assessments/${year}/round`}>← {year}年度考核</Link>
      <Card size="small" title={`${year}年度考核申诉`}
        extra={<Segmented value={status} onChange={(v) => setStatus(v as AppealStatus | 'all')}
          options={[...appealStatuses.values.map((s) => ({ value: s, label: `${appealStatuses.label(s)}（${count(s)}）` })), { value: 'all', label: `全部（${q.data?.items.length ?? 0}）` }]} />}>
        {q.error && <Alert type="error" showIcon title={errorMessage(q.error)} />}
        {q.isLoading ? <Spin /> : (
          <Table<Appeal>
            rowKey="id" size="small" pagination={{ pageSize: 20, hideOnSinglePage: true }} dataSource={items} scroll={{ x: 1000 }}
            locale={{ emptyText: '没有申诉' }}
            columns={[
              { title: '单位', dataIndex: 'orgName', width: 170, render: (n: string, a) => <Link to={`/assessments/${year}/units/${a.orgId}`}>{n}</Link> },
              { title: '指标', dataIndex: 'indicatorName', width: 170 },
              { title: '申诉理由', dataIndex: 'reason', render: (r: string, a) => <span>{r}<div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{a.filedBy ?? '—'} · {formatDateTime(a.filedAt)}</Typography.Text></div></span> },
              { title: '状态', dataIndex: 'status', width: 100, render: (s: string) => <AppealStatusTag status={s} /> },
              { title: '得分', width: 110, render: (_, a) => (a.status === 'upheld' ? `${fmt(a.scoreBefore)} → ${fmt(a.newScore)}` : fmt(a.scoreBefore)) },
              { title: '答复', dataIndex: 'answer', render: (t: string | null, a) => (t ? <span>{t}<div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{a.answeredBy ?? '—'} · {formatDateTime(a.answeredAt)}</Typography.Text></div></span> : null) },
              { title: '', width: 80, render: (_, a) => a.status === 'open' && canAnswer && <Button size="small" type="primary" onClick={() => setAnswering(a)}>答复</Button> },
            ]}
          />
        )}
      </Card>
      {answering && <AppealAnswerModal appeal={answering} onClose={() => setAnswering(null)} />}
    </Space>
  );
}
