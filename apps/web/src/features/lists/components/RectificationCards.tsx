import { Link } from 'react-router';
import { Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { formatDateTime } from '../../../lib/dates.ts';
import type { ListItem, Measure } from '../lists.api.ts';
import { MeasureStatusTag, OutcomeTag, RectificationStateTag, SeverityTag } from '../list-labels.tsx';

const none = <Typography.Text type="secondary">—</Typography.Text>;

/** 督查发现: where the item came from, who answers for it and where its rectification stands. */
export function FindingCard({ item }: { item: ListItem }) {
  const f = item.finding!;
  const lastVerify = item.closings.find((c) => c.outcome);
  return (
    <Card
      size="small"
      title={
        <Space wrap size={8}>
          <span>督查发现</span>
          <RectificationStateTag state={f.state} />
          {f.immediate && <Tag color="green">立行立改</Tag>}
        </Space>
      }
      data-testid="finding-card"
    >
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 2, md: 2, lg: 3, xl: 3, xxl: 3 }}
        styles={{ label: { width: 96, whiteSpace: 'nowrap' } }}
        items={[
          { key: 'inspection', label: '督查', children: <Link to={`/inspections/${f.inspectionId}`} data-testid="finding-inspection">{f.inspectionTitle}</Link> },
          { key: 'class', label: '问题归类', children: f.findingClass },
          { key: 'severity', label: '严重程度', children: <SeverityTag severity={f.severity} /> },
          { key: 'principal', label: '主要负责人', children: f.principalName },
          { key: 'leader', label: '分管领导', children: item.leaderName || none },
          { key: 'immediate', label: '立行立改', children: f.immediate ? '是' : '否' },
          {
            key: 'outcome',
            label: '验收结论',
            span: 3,
            children: f.outcome ? (
              <Space wrap size={6}>
                <OutcomeTag outcome={f.outcome} />
                {lastVerify && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    验收人：{lastVerify.verifiers.join('、') || '—'} · {formatDateTime(lastVerify.decidedAt)}
                  </Typography.Text>
                )}
              </Space>
            ) : (
              <Typography.Text type="secondary">{f.state === 'verifying' ? '已申请销号，待工委（督查组）验收' : '尚未验收'}</Typography.Text>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** 整改措施: each with its owner and deadline; the unit reports each one done before applying for 销号. */
export function MeasuresCard({ item, onComplete }: { item: ListItem; onComplete: (m: Measure) => void }) {
  const ab = item.abilities;
  const canComplete = ab.claim && item.status === 'in_progress';
  const done = item.measures.filter((m) => m.status === 'done').length;
  return (
    <Card
      size="small"
      title="整改措施"
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {item.measures.length ? `已完成 ${done} / ${item.measures.length}；全部完成后可申请销号` : '措施在“修改计划”中制定'}
        </Typography.Text>
      }
      data-testid="measures-card"
    >
      <Table<Measure>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={item.measures}
        scroll={{ x: 760 }}
        locale={{ emptyText: `尚未制定整改措施${ab.plan ? '，请点击“修改计划”添加' : ''}` }}
        data-testid="measures"
        columns={[
          { title: '措施', dataIndex: 'content', render: (t: string, m) => <span style={{ whiteSpace: 'pre-wrap' }}>{m.seq}. {t}</span> },
          { title: '责任人', dataIndex: 'ownerName', width: 90 },
          { title: '时限', dataIndex: 'deadline', width: 100 },
          { title: '状态', dataIndex: 'status', width: 80, render: (_: unknown, m) => <MeasureStatusTag status={m.status} /> },
          {
            title: '完成情况',
            key: 'done',
            render: (_: unknown, m) =>
              m.doneNote ? (
                <div style={{ whiteSpace: 'pre-wrap', minWidth: 140 }}>
                  <div>{m.doneNote}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    报告于 {formatDateTime(m.doneAt)}
                  </Typography.Text>
                </div>
              ) : (
                none
              ),
          },
          ...(canComplete
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  width: 96,
                  fixed: 'right' as const,
                  render: (_: unknown, m: Measure) =>
                    m.status === 'open' ? (
                      <Button size="small" type="link" onClick={() => onComplete(m)} data-testid="complete-measure">
                        报告完成
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
