import { useState } from 'react';
import { Card, Descriptions, Drawer, Input, Progress, Select, Space, Statistic, Table, Tag } from 'antd';
import { errorMessage } from '../../../api/client.ts';
import { yearOptions } from '../../compliance/compliance-status.tsx';
import { OrgTreeSelect } from '../../orgs/components/OrgTreeSelect.tsx';
import { useOrgYearParams } from '../../orgs/useOrgYearParams.ts';
import { useMemberStudyHours, useStudyHours, type StudyHours } from '../study.api.ts';

const SOURCE = { online: '线上学习', activity: '组织生活', training: '培训班' } as const;

/** 学时统计: an organisation's members' 学时 against the year's targets, its 达标率 and its children's for drill-down. */
export default function StudyHoursPage() {
  const { year, orgId, page, values, set } = useOrgYearParams(['standing', 'name'] as const);
  const standing = values.standing as 'on_track' | 'behind' | undefined;
  const name = values.name;
  const hours = useStudyHours({ orgId, year, standing, name, page, pageSize: 20 });
  const [memberId, setMemberId] = useState<number | null>(null);
  const detail = useMemberStudyHours(memberId, year);
  const d = hours.data;
  type Row = StudyHours['items'][number];
  type Child = StudyHours['children'][number];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        title="学时统计"
        extra={
          <Space wrap>
            <Select value={year} options={yearOptions(year)} onChange={(y) => set({ year: y })} style={{ width: 100 }} />
            <OrgTreeSelect value={orgId} onChange={(o) => set({ orgId: o })} allowClear={false} style={{ width: 260 }} />
          </Space>
        }
      >
        {hours.error && <div style={{ color: 'red' }}>{errorMessage(hours.error)}</div>}
        {d && (
          <Space size={48} wrap>
            <Statistic title="党员" value={d.summary.members} suffix="人" />
            <Statistic title="达标" value={d.summary.onTrack} suffix="人" />
            <Statistic title="达标率" value={d.summary.rate ?? '—'} suffix={d.summary.rate === null ? '' : '%'} />
            <Statistic title="年度目标（党员 / 书记和班子成员）" value={`${d.targets.member} / ${d.targets.cadre}`} suffix="学时" />
          </Space>
        )}
      </Card>
      {d && d.children.length > 0 && (
        <Card title="下级组织达标率" size="small">
          <Table<Child>
            rowKey="orgId"
            size="small"
            dataSource={d.children}
            pagination={false}
            columns={[
              { title: '组织', dataIndex: 'orgName', render: (t: string, c) => <a onClick={() => set({ orgId: c.orgId })}>{t}</a> },
              { title: '党员', dataIndex: 'members', width: 90 },
              { title: '达标', dataIndex: 'onTrack', width: 90 },
              { title: '达标率', dataIndex: 'rate', width: 260, render: (r: number | null) => (r === null ? '—' : <Progress percent={r} size="small" status={r >= 90 ? 'success' : 'normal'} />) },
            ]}
          />
        </Card>
      )}
      <Card title="党员学时" size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Select allowClear placeholder="达标情况" value={standing} onChange={(s) => set({ standing: s })} style={{ width: 130 }} options={[{ value: 'behind', label: '未达标' }, { value: 'on_track', label: '已达标' }]} />
          <Input.Search allowClear placeholder="姓名" defaultValue={name} onSearch={(v) => set({ name: v })} style={{ width: 180 }} />
        </Space>
        <Table<Row>
          rowKey="memberId"
          size="small"
          loading={hours.isFetching}
          dataSource={d?.items}
          pagination={{ current: page, pageSize: 20, total: d?.total, showTotal: (t) => `共 ${t} 人`, onChange: (p) => set({ page: p }) }}
          columns={[
            { title: '姓名', dataIndex: 'name', render: (t: string, r) => <a onClick={() => setMemberId(r.memberId)}>{t}</a> },
            { title: '所在组织', dataIndex: 'orgName' },
            { title: '类别', dataIndex: 'cadre', width: 130, render: (c: boolean) => (c ? <Tag color="red">书记和班子成员</Tag> : '党员') },
            { title: '学时 / 目标', width: 260, render: (_, r) => <Progress percent={Math.min(100, Math.round((r.hours / (r.target || 1)) * 100))} size="small" format={() => `${r.hours} / ${r.target}`} status={r.onTrack ? 'success' : 'normal'} /> },
            { title: '达标', dataIndex: 'onTrack', width: 80, render: (o: boolean) => (o ? <Tag color="success">已达标</Tag> : <Tag>未达标</Tag>) },
          ]}
        />
      </Card>
      <Drawer title={detail.data ? `${detail.data.name} ${year}年学时明细` : '学时明细'} open={!!memberId} onClose={() => setMemberId(null)} width={640}>
        {detail.data && (
          <>
            <Descriptions size="small" column={3}>
              <Descriptions.Item label="学时">{detail.data.hours}</Descriptions.Item>
              <Descriptions.Item label="目标">{detail.data.target}</Descriptions.Item>
              <Descriptions.Item label="类别">{detail.data.cadre ? '书记和班子成员' : '党员'}</Descriptions.Item>
            </Descriptions>
            <Table
              rowKey={(l) => `${l.source}-${l.refId}`}
              size="small"
              dataSource={detail.data.lines}
              pagination={false}
              columns={[
                { title: '日期', dataIndex: 'day', width: 110 },
                { title: '来源', dataIndex: 'source', width: 90, render: (s: keyof typeof SOURCE) => SOURCE[s] },
                { title: '内容', dataIndex: 'title' },
                { title: '学时', dataIndex: 'hours', width: 70 },
              ]}
            />
          </>
        )}
      </Drawer>
    </Space>
  );
}
