import { Alert, Button, Form, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { voteOutcome } from '@xianfeng/shared';
import type { AttendanceSummary } from '../activity.types.ts';

type VoteRow = { subject?: string; yes?: number | null; no?: number | null; abstain?: number | null };

/**
 * 党员大会 表决 (ZB-7, docs/RULES.md): the counts are typed, quorum and result are computed — with the saved
 * attendance when there is one (预备党员 have no vote), otherwise after the first save.
 */
export function VotesEditor({ summary }: { summary?: AttendanceSummary }) {
  const form = Form.useFormInstance();
  const votes = (Form.useWatch('votes', form) as VoteRow[] | undefined) ?? [];
  return (
    <Form.List name="votes">
      {(fields, { add, remove }) => (
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {summary
              ? `有表决权的正式党员应到 ${summary.votersExpected} 人，实到 ${summary.votersPresent} 人（按已保存的出勤计算；预备党员没有表决权）。到会超过半数方可表决，赞成票超过应到有表决权人数的一半为通过。`
              : '保存并在详情页登记出勤后，系统按到会的正式党员人数计算是否达到法定人数、是否通过（预备党员没有表决权）。'}
          </Typography.Text>
          {fields.length > 0 && (
            <Table
              size="small"
              pagination={false}
              rowKey="key"
              dataSource={fields}
              columns={[
                {
                  title: '表决事项',
                  render: (_, f) => (
                    <Form.Item name={[f.name, 'subject']} noStyle rules={[{ required: true, whitespace: true, message: '请填写表决事项' }, { max: 200 }, { pattern: /^[^<>]*$/, message: '不能包含尖括号 < >' }]}>
                      <Input placeholder="如：接收张三为预备党员" />
                    </Form.Item>
                  ),
                },
                ...(['yes', 'no', 'abstain'] as const).map((k) => ({
                  title: { yes: '赞成', no: '反对', abstain: '弃权' }[k],
                  width: 84,
                  render: (_: unknown, f: { name: number }) => (
                    <Form.Item name={[f.name, k]} noStyle rules={[{ required: true, message: '请填写票数' }]}>
                      <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  ),
                })),
                {
                  title: '结果',
                  width: 150,
                  render: (_, f) => <VoteResult row={votes[f.name]} summary={summary} />,
                },
                {
                  title: '',
                  width: 40,
                  render: (_, f) => <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label="删除表决事项" onClick={() => remove(f.name)} />,
                },
              ]}
            />
          )}
          {fields.length >= 20 ? (
            <Alert type="info" showIcon title="一次会议最多记录20项表决" />
          ) : (
            <Button icon={<PlusOutlined />} onClick={() => add({ subject: '', yes: 0, no: 0, abstain: 0 })}>
              添加表决事项
            </Button>
          )}
        </Space>
      )}
    </Form.List>
  );
}

function VoteResult({ row, summary }: { row?: VoteRow; summary?: AttendanceSummary }) {
  if (!summary || !row) return <Typography.Text type="secondary">保存后计算</Typography.Text>;
  const o = voteOutcome({ yes: row.yes ?? 0, no: row.no ?? 0, abstain: row.abstain ?? 0 }, summary.votersExpected, summary.votersPresent);
  const cast = (row.yes ?? 0) + (row.no ?? 0) + (row.abstain ?? 0);
  return (
    <Space size={4} wrap>
      {o.quorum ? <Tag color="green">达到法定人数</Tag> : <Tag color="red">不足法定人数</Tag>}
      {o.quorum && (o.passed ? <Tag color="green">通过</Tag> : <Tag color="red">未通过</Tag>)}
      {cast > summary.votersPresent && <Tag color="orange">票数多于到会人数</Tag>}
    </Space>
  );
}
