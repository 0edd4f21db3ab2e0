import { App, Button, Card, Input, InputNumber, Space, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { pointAppealStatuses, type PointAppealStatus } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { useCan } from '../../auth/session.ts';
import { useAnswerAppeal, useAppeals, type Appeals } from '../points.api.ts';

type Row = Appeals['items'][number];
const COLOR: Record<PointAppealStatus, string> = { open: 'processing', upheld: 'success', rejected: 'default' };

/** 积分申诉: members' appeals of the subtree; the branch answers (成立 with a correction for the level above to approve, or 不成立 with the reason). */
export function AppealsCard({ year }: { year: number }) {
  const { message, modal } = App.useApp();
  const can = useCan();
  const list = useAppeals(year);
  const answer = useAnswerAppeal();
  async function decide(r: Row, decision: 'uphold' | 'reject') {
    let text = '';
    let correction = 0;
    const ok = await modal.confirm({
      title: decision === 'uphold' ? `申诉成立：更正${r.memberName}的积分` : `申诉不成立：答复${r.memberName}`,
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          {decision === 'uphold' && <InputNumber min={-100} max={100} placeholder="更正分值（如 3 或 -2）" style={{ width: 200 }} onChange={(v) => (correction = Number(v ?? 0))} />}
          <Input.TextArea rows={3} placeholder="答复（必填）" onChange={(e) => (text = e.target.value)} />
        </Space>
      ),
      okText: '答复',
    });
    if (!ok) return;
    try {
      await answer.mutateAsync({ id: r.id, input: decision === 'uphold' ? { decision, answer: text, correction } : { decision, answer: text } });
      message.success(decision === 'uphold' ? '已答复；更正分值已登记，待上级审核' : '已答复');
    } catch (e) {
      message.error(errorMessage(e));
    }
  }
  return (
    <Card title="积分申诉" style={{ marginTop: 16 }}>
      <Table<Row>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: '暂无申诉' }}
        columns={[
          { title: '党员', width: 100, render: (_, r) => <Link to={`/points/members/${r.memberId}`}>{r.memberName}</Link> },
          { title: '申诉的明细', render: (_, r) => `${r.lineDay} ${r.lineTitle}（${r.linePoints}分）` },
          { title: '理由', dataIndex: 'reason' },
          { title: '状态', width: 110, render: (_, r) => <Tag color={COLOR[r.status]}>{pointAppealStatuses.label(r.status)}</Tag> },
          { title: '答复', dataIndex: 'answer' },
          {
            title: '操作',
            width: 170,
            render: (_, r) =>
              r.status === 'open' && can('points.write') ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => decide(r, 'uphold')}>成立</Button>
                  <Button size="small" onClick={() => decide(r, 'reject')}>不成立</Button>
                </Space>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
