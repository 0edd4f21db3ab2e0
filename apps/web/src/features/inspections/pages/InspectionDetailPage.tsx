import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { App, Button, Card, Descriptions, Popconfirm, Space, Table, Tag } from 'antd';
import { useCan } from '../../auth/session.ts';
import { FindingModal } from '../components/FindingModal.tsx';
import { inspectionMachine } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { formatDateTime } from '../../../lib/dates.ts';
import { useInspection, useInspectionStep, type InspectionDetail } from '../inspections.api.ts';
import { InspectionStatusTag, kindText, TargetStatusTag } from '../inspection-labels.tsx';
import { InspectionFormModal } from '../components/InspectionFormModal.tsx';

/** One inspection: plan, team, checklist, and its targets (each opens its checklist). */
export default function InspectionDetailPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const q = useInspection(id);
  const step = useInspectionStep(id);
  const [editing, setEditing] = useState(false);
  const [findingOrg, setFindingOrg] = useState<{ id: number; name: string } | null>(null);
  const can = useCan();
  if (q.error) return <Card>{errorMessage(q.error)}</Card>;
  const d = q.data;
  if (!d) return <Card loading />;

  const run = async (event: 'start' | 'finish' | 'cancel') => {
    try {
      await step.mutateAsync(event);
      message.success(`已${inspectionMachine.transitions[event].label}`);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  type Target = InspectionDetail['targetList'][number];
  const canRecordFinding = can('supervision.configure') && (d.status === 'in_progress' || d.status === 'done');

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        title={d.title}
        extra={
          <Space wrap>
            {d.abilities.edit && <Button onClick={() => setEditing(true)}>修改</Button>}
            {d.abilities.start && (
              <Button type="primary" loading={step.isPending} onClick={() => run('start')}>
                开始督查
              </Button>
            )}
            {d.abilities.finish && (
              <Popconfirm title="完成后检查结果不能再修改，确定完成？" onConfirm={() => run('finish')}>
                <Button type="primary">完成督查</Button>
              </Popconfirm>
            )}
            {d.abilities.cancel && (
              <Popconfirm title="确定取消这次督查？" onConfirm={() => run('cancel')}>
                <Button danger>取消督查</Button>
              </Popconfirm>
            )}
            <Button onClick={() => navigate('/inspections')}>返回列表</Button>
          </Space>
        }
      >
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label="类别">{kindText(d.kind, d.quarter)}</Descriptions.Item>
          <Descriptions.Item label="年度">{d.year}</Descriptions.Item>
          <Descriptions.Item label="状态">
            <InspectionStatusTag status={d.status} />
          </Descriptions.Item>
          <Descriptions.Item label="时间">
            {d.startsOn} 至 {d.endsOn}
          </Descriptions.Item>
          <Descriptions.Item label="督查组">
            {d.team.join('、')}
            {d.leader ? `（组长：${d.leader}）` : ''}
          </Descriptions.Item>
          <Descriptions.Item label="检查清单">{d.templateName}</Descriptions.Item>
          <Descriptions.Item label="安排时间">{formatDateTime(d.createdAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={`督查对象（已检查 ${d.recorded} / ${d.targets}）`} size="small">
        <Table<Target>
          rowKey="orgId"
          dataSource={d.targetList}
          pagination={false}
          columns={[
            { title: '单位', dataIndex: 'orgName', render: (n, t) => <Link to={`/inspections/${d.id}/targets/${t.orgId}`}>{n}</Link> },
            { title: '状态', dataIndex: 'status', render: (s) => <TargetStatusTag status={s} /> },
            { title: '检查日期', dataIndex: 'visitedOn', render: (v) => v ?? '—' },
            { title: '发现问题', dataIndex: 'problems', render: (p: number) => (p ? <Tag color="red">{p}项</Tag> : '—') },
            {
              title: '操作',
              render: (_, t) => (
                <Space size={12} wrap>
                  <Link to={`/inspections/${d.id}/targets/${t.orgId}`}>{d.abilities.record ? (t.status === 'recorded' ? '修改检查结果' : '登记检查结果') : '查看清单'}</Link>
                  {canRecordFinding && (
                    <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setFindingOrg({ id: t.orgId, name: t.orgName })} data-testid="target-record-finding">
                      登记发现问题
                    </Button>
                  )}
                  <Link to={`/rectifications?year=${d.year}&inspectionId=${d.id}&orgId=${t.orgId}`}>整改情况</Link>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title="检查项" size="small">
        <ol style={{ margin: 0, paddingLeft: 20 }}>
          {d.checklist.map((c) => (
            <li key={c.key}>{c.label}</li>
          ))}
        </ol>
      </Card>
      <InspectionFormModal open={editing} onClose={() => setEditing(false)} record={d} />
      {canRecordFinding && <FindingModal inspectionId={d.id} org={findingOrg} open={!!findingOrg} onClose={() => setFindingOrg(null)} />}
    </Space>
  );
}
