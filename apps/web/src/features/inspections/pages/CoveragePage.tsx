import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { App, Button, Card, Progress, Select, Space, Statistic, Switch, Table, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { download, errorMessage } from '../../../api/client.ts';
import { yearFrom, yearOptions } from '../../compliance/compliance-status.tsx';
import { useCoverage, type Coverage } from '../inspections.api.ts';
import { kindText } from '../inspection-labels.tsx';

/** 实现年内督查全覆盖: every unit of the year with the inspections that covered it; 未覆盖 marked. */
export default function CoveragePage() {
  const [params, setParams] = useSearchParams();
  const year = yearFrom(params.get('year'));
  const uncoveredOnly = params.get('uncovered') === 'true';
  const q = useCoverage(year);
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  const c = q.data;
  type Unit = Coverage['units'][number];
  const units = (c?.units ?? []).filter((u) => !uncoveredOnly || !u.covered);

  const exportExcel = async () => {
    setExporting(true);
    try {
      await download('/inspections/coverage.xlsx', { year }, `督查覆盖情况_${year}.xlsx`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Card
      title="督查全覆盖"
      extra={
        <Space wrap>
          <span>年度</span>
          <Select value={year} options={yearOptions(year)} onChange={(y) => setParams({ year: String(y), ...(uncoveredOnly ? { uncovered: 'true' } : {}) })} style={{ width: 100 }} />
          <Switch checked={uncoveredOnly} onChange={(v) => setParams({ year: String(year), ...(v ? { uncovered: 'true' } : {}) })} /> 只看未覆盖
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportExcel}>
            导出 Excel
          </Button>
        </Space>
      }
    >
      {q.error && <div style={{ color: 'red' }}>{errorMessage(q.error)}</div>}
      {c && (
        <Space size={32} wrap style={{ marginBottom: 16 }}>
          <Statistic title="单位总数" value={c.total} />
          <Statistic title="已覆盖" value={c.covered} />
          <Statistic title="未覆盖" value={c.total - c.covered} styles={{ content: { color: c.total - c.covered ? '#cf1322' : undefined } }} />
          <div>
            <div style={{ color: '#888' }}>覆盖率</div>
            <Progress type="circle" size={64} percent={c.rate ?? 0} format={() => (c.rate === null ? '—' : `${c.rate}%`)} />
          </div>
        </Space>
      )}
      <Table<Unit>
        rowKey="orgId"
        loading={q.isFetching}
        dataSource={units}
        pagination={false}
        columns={[
          { title: '序号', width: 60, render: (_, __, i) => i + 1 },
          { title: '单位', dataIndex: 'orgName' },
          { title: '覆盖情况', dataIndex: 'covered', render: (v: boolean) => (v ? <Tag color="green">已覆盖</Tag> : <Tag color="red">未覆盖</Tag>) },
          {
            title: '督查（类别、检查日期）',
            render: (_, u) =>
              u.inspections.length ? (
                <Space orientation="vertical" size={2}>
                  {u.inspections.map((i) => (
                    <span key={i.inspectionId}>
                      <Link to={`/inspections/${i.inspectionId}/targets/${u.orgId}`}>{i.title}</Link>　{kindText(i.kind, i.quarter)}　{i.visitedOn ?? (i.status === 'planned' ? '计划中' : '待检查')}
                    </span>
                  ))}
                </Space>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Card>
  );
}
