import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError, errorMessage } from '../../../api/client.ts';
import type { ImportError } from '../../../api/types.ts';
import { ExcelUploadBox, ImportRejected } from '../../../components/ExcelUploadBox.tsx';
import { formatDateTime } from '../../../lib/dates.ts';
import { useCurrentSession } from '../../auth/session.ts';
import { OrgTreeSelect } from '../../orgs/components/OrgTreeSelect.tsx';
import { useXuexiImport, useXuexiImports, useXuexiStats, type XuexiImportResult, type XuexiImports, type XuexiStats } from '../xuexi.api.ts';

type Row = XuexiStats['total'];
type Problem = XuexiImportResult['unmatched'][number];
const lastMonth = () => dayjs().subtract(1, 'month').format('YYYY-MM');

function UnmatchedTable({ rows }: { rows: Problem[] }) {
  return (
    <Table<Problem>
      size="small"
      rowKey="row"
      dataSource={rows}
      pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
      columns={[
        { title: '行号', dataIndex: 'row', width: 70 },
        { title: '姓名', dataIndex: 'name', width: 100 },
        { title: '未匹配原因', dataIndex: 'reason' },
      ]}
    />
  );
}

/** 导入: choose the organisation and the month, preview the matching, then confirm. */
function ImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const session = useCurrentSession();
  const run = useXuexiImport();
  const [file, setFile] = useState<File | null>(null);
  const [orgId, setOrgId] = useState<number | undefined>(session.grants[0]?.orgId);
  const [month, setMonth] = useState<Dayjs>(dayjs(lastMonth()));
  const [preview, setPreview] = useState<XuexiImportResult | null>(null);
  const [rejected, setRejected] = useState<ImportError[] | null>(null);
  const reset = () => {
    setFile(null);
    setPreview(null);
    setRejected(null);
  };
  const go = async (dryRun: boolean) => {
    if (!file || !orgId) return;
    try {
      const r = await run.mutateAsync({ file, orgId, period: month.format('YYYY-MM'), dryRun });
      if (dryRun) setPreview(r);
      else {
        message.success(`已导入${r.matched}条积分${r.unmatched.length ? `，${r.unmatched.length}行未匹配（见导入记录）` : ''}`);
        reset();
        onClose();
      }
    } catch (e) {
      const details = e instanceof ApiError && Array.isArray(e.details) ? (e.details as ImportError[]).filter((d) => typeof d.row === 'number') : [];
      if (details.length) setRejected(details);
      else message.error(errorMessage(e));
    }
  };
  return (
    <Modal title="导入学习强国积分" open={open} width={720} onCancel={() => { reset(); onClose(); }} footer={null} destroyOnHidden>
      <Form layout="vertical">
        <Space wrap>
          <Form.Item label="匹配范围（在该组织及下级组织中按姓名匹配党员）">
            <OrgTreeSelect value={orgId} onChange={(v) => { setOrgId(v); setPreview(null); }} style={{ width: 300 }} data-testid="xuexi-org" />
          </Form.Item>
          <Form.Item label="统计月份（表中无“周期”列时使用）">
            <DatePicker picker="month" value={month} allowClear={false} onChange={(d) => { if (d) setMonth(d); setPreview(null); }} />
          </Form.Item>
        </Space>
      </Form>
      <Typography.Paragraph type="secondary">
        表头须有“姓名”“积分”（或“总积分”“本月积分”），可有“周期”“所在组织”“手机号后四位”“身份证后四位”用于区分同名党员。任一行格式有误则整表不导入。
      </Typography.Paragraph>
      {rejected ? (
        <ImportRejected errors={rejected} onRetry={reset} testId="xuexi-errors" />
      ) : preview ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Alert
            type={preview.unmatched.length ? 'warning' : 'success'}
            showIcon
            title={`共${preview.rows}行：可匹配${preview.matched}行${preview.unmatched.length ? `，${preview.unmatched.length}行未匹配` : ''}（周期：${preview.periods.join('、')}）`}
            description={preview.unmatched.length ? '确认导入后，已匹配的行写入（覆盖这些党员相应月份的积分），未匹配的行随导入记录保存，修改后可再次导入。' : undefined}
          />
          {preview.unmatched.length > 0 && <UnmatchedTable rows={preview.unmatched} />}
          <Space>
            <Button onClick={reset}>重新选择文件</Button>
            <Button type="primary" disabled={!preview.matched} loading={run.isPending} onClick={() => go(false)}>
              确认导入{preview.matched}条
            </Button>
          </Space>
        </Space>
      ) : (
        <ExcelUploadBox file={file} setFile={setFile} busy={run.isPending} onStart={() => go(true)} dropText="点击或将学习强国积分表拖到此处（.xlsx），先预览匹配结果" startTestId="xuexi-preview" />
      )}
    </Modal>
  );
}

/** 学习强国: participation and averages per organisation and month, the imports and their unmatched rows. */
export default function XuexiPage() {
  const session = useCurrentSession();
  const [period, setPeriod] = useState(lastMonth());
  const [orgId, setOrgId] = useState<number | undefined>();
  const [importing, setImporting] = useState(false);
  const q = useXuexiStats(period, orgId);
  const imports = useXuexiImports();
  const d = q.data;
  const periods = [...new Set([period, ...(d?.periods ?? [])])].sort().reverse();
  const columns = [
    { title: '组织', dataIndex: 'orgName', render: (n: string, r: Row) => (r.orgId === d?.total.orgId ? <b>{n}（合计）</b> : <a onClick={() => setOrgId(r.orgId)}>{n}</a>) },
    { title: '党员数', dataIndex: 'members', width: 90 },
    { title: '参与人数', dataIndex: 'participants', width: 90 },
    { title: '参与率', dataIndex: 'rate', width: 90, render: (v: number) => `${v}%` },
    { title: '人均积分', dataIndex: 'average', width: 100 },
    { title: '参与者平均积分', dataIndex: 'averageOfParticipants', width: 130 },
  ];
  type Imp = XuexiImports['items'][number];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        title="学习强国"
        extra={
          <Space wrap>
            <OrgTreeSelect value={orgId} onChange={setOrgId} allowClear placeholder="统计范围（默认本组织）" style={{ width: 240 }} />
            <Select aria-label="统计月份" value={period} onChange={setPeriod} options={periods.map((p) => ({ value: p, label: p.replace('-', '年') + '月' }))} style={{ width: 130 }} />
            {session.permissions.includes('study.manage') && (
              <Button type="primary" icon={<UploadOutlined />} onClick={() => setImporting(true)}>
                导入积分表
              </Button>
            )}
          </Space>
        }
      >
        {q.error && <Alert type="error" showIcon title={errorMessage(q.error)} />}
        <Table<Row> rowKey="orgId" size="small" loading={q.isLoading} pagination={false} dataSource={d ? [d.total, ...d.children] : []} columns={columns} locale={{ emptyText: '暂无数据' }} />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          参与率 = 当月积分大于0的党员 ÷ 党籍正常的党员；积分按导入的学习强国积分表，不由本平台计算。{d?.lastImportOn ? `最近导入：${d.lastImportOn}` : '尚未导入'}
        </Typography.Paragraph>
      </Card>
      <Card title="导入记录" size="small">
        <Table<Imp>
          rowKey="id"
          size="small"
          loading={imports.isLoading}
          dataSource={imports.data?.items}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          expandable={{ rowExpandable: (r) => r.unmatched.length > 0, expandedRowRender: (r) => <UnmatchedTable rows={r.unmatched} /> }}
          columns={[
            { title: '文件', dataIndex: 'fileName' },
            { title: '匹配范围', dataIndex: 'orgName' },
            { title: '周期', dataIndex: 'periods', render: (p: string[]) => p.join('、') },
            { title: '行数', dataIndex: 'rows', width: 70 },
            { title: '匹配', dataIndex: 'matched', width: 70 },
            { title: '未匹配', width: 80, render: (_, r) => (r.unmatched.length ? <Tag color="warning">{r.unmatched.length}</Tag> : 0) },
            { title: '导入人', dataIndex: 'importedBy', width: 120 },
            { title: '时间', dataIndex: 'importedAt', width: 170, render: (t: string) => formatDateTime(t) },
          ]}
        />
      </Card>
      <ImportModal open={importing} onClose={() => setImporting(false)} />
    </Space>
  );
}
