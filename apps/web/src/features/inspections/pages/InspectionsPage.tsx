import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button, Card, Select, Space, Table } from 'antd';
import { PlusOutlined, RadarChartOutlined } from '@ant-design/icons';
import { inspectionKinds, inspectionStatuses, type InspectionKind, type InspectionStatus } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { yearFrom, yearOptions } from '../../compliance/compliance-status.tsx';
import { useInspections, type InspectionList } from '../inspections.api.ts';
import { InspectionStatusTag, kindText } from '../inspection-labels.tsx';
import { InspectionFormModal } from '../components/InspectionFormModal.tsx';
import { TemplatesModal } from '../components/TemplatesModal.tsx';

/** 督查检查: the year's inspections (the committee sees all; a unit those that target it). */
export default function InspectionsPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const year = yearFrom(params.get('year'));
  const kind = (params.get('kind') || undefined) as InspectionKind | undefined;
  const status = (params.get('status') || undefined) as InspectionStatus | undefined;
  const list = useInspections({ year, kind, status });
  const [creating, setCreating] = useState(false);
  const [templates, setTemplates] = useState(false);
  const set = (next: Record<string, string | number | undefined>) => {
    const p: Record<string, string> = {};
    for (const [k, v] of Object.entries({ year, kind, status, ...next })) if (v !== undefined) p[k] = String(v);
    setParams(p);
  };
  type Row = InspectionList['items'][number];

  return (
    <Card
      title="督查检查"
      extra={
        <Space wrap>
          <Button icon={<RadarChartOutlined />} onClick={() => navigate(`/inspections/coverage?year=${year}`)}>
            督查全覆盖
          </Button>
          <Button onClick={() => setTemplates(true)}>检查清单模板</Button>
          {list.data?.canConfigure && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              安排督查
            </Button>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <span>年度</span>
        <Select value={year} options={yearOptions(year)} onChange={(y) => set({ year: y })} style={{ width: 100 }} />
        <Select allowClear placeholder="类别" value={kind} options={inspectionKinds.options} onChange={(k) => set({ kind: k })} style={{ width: 130 }} />
        <Select allowClear placeholder="状态" value={status} options={inspectionStatuses.options} onChange={(s) => set({ status: s })} style={{ width: 120 }} />
      </Space>
      {list.error && <div style={{ color: 'red' }}>{errorMessage(list.error)}</div>}
      <Table<Row>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={false}
        columns={[
          { title: '督查名称', dataIndex: 'title', render: (t, r) => <Link to={`/inspections/${r.id}`}>{t}</Link> },
          { title: '类别', render: (_, r) => kindText(r.kind, r.quarter) },
          { title: '时间', render: (_, r) => `${r.startsOn} 至 ${r.endsOn}` },
          { title: '督查对象', render: (_, r) => `已检查 ${r.recorded} / ${r.targets}` },
          { title: '状态', dataIndex: 'status', render: (s) => <InspectionStatusTag status={s} /> },
        ]}
      />
      <InspectionFormModal open={creating} onClose={() => setCreating(false)} onSaved={(d) => navigate(`/inspections/${d.id}`)} />
      <TemplatesModal open={templates} onClose={() => setTemplates(false)} canConfigure={!!list.data?.canConfigure} />
    </Card>
  );
}
