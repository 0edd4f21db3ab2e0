import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, SafetyOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { download, errorMessage } from '../../../api/client.ts';
import type { AuditEntry } from '../../../api/types.ts';
import { formatDateTime, fromDay, toDay } from '../../../lib/dates.ts';
import { usePagedList } from '../../../lib/usePagedList.ts';
import { AUDIT_PARAMS, useAuditList, useVerifyAudit } from '../audit.api.ts';
import { actionLabel, actorLabel, auditActions, auditEntityTypes, auditObjectLabel } from '../audit-labels.ts';
import { AuditDiff } from '../components/AuditDiff.tsx';
import { SearchButtons } from '../../../components/SearchButtons.tsx';

type FormValues = { actor?: string; action?: string; entityType?: string; entityId?: string; range?: [Dayjs | null, Dayjs | null] | null };

/** 审计日志 (audit admin only): search, inspect before/after, verify the hash chain, export. */
export default function AuditPage() {
  const [form] = Form.useForm<FormValues>();
  const list = usePagedList({ useList: useAuditList, params: AUDIT_PARAMS, pageSizeOptions: [20, 50, 100, 200] });
  const { filter } = list;
  const { message } = App.useApp();
  const verify = useVerifyAudit();
  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    const range = filter.from || filter.to ? ([toDay(filter.from) ?? null, toDay(filter.to) ?? null] as FormValues['range']) : null;
    form.setFieldsValue({ actor: filter.actor, action: filter.action, entityType: filter.entityType, entityId: filter.entityId, range });
  }, [filter, form]);

  const search = (v: FormValues) =>
    list.setFilter({
      actor: v.actor?.trim() || undefined,
      action: v.action || undefined,
      entityType: v.entityType || undefined,
      entityId: v.entityId?.trim() || undefined,
      from: fromDay(v.range?.[0]),
      to: fromDay(v.range?.[1]),
    });

  const exportExcel = async () => {
    setExporting(true);
    try {
      await download('/audit/export', filter, '审计日志.xlsx');
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  const columns: TableProps<AuditEntry>['columns'] = [
    { title: '序号', dataIndex: 'id', width: 70 },
    { title: '时间', dataIndex: 'at', width: 156, render: formatDateTime },
    { title: '操作人', dataIndex: 'actorName', width: 120, render: (v: string | null) => (v && !v.startsWith('system:') ? v : <Typography.Text type="secondary">{actorLabel(v)}</Typography.Text>) },
    { title: 'IP', dataIndex: 'ip', width: 120, render: (v: string | null) => v ?? '—' },
    {
      title: '操作',
      dataIndex: 'action',
      width: 170,
      render: (a: string) => (
        <Tooltip title={a}>
          <Tag color={a.startsWith('auth.') ? 'blue' : a.includes('sensitive') || a.includes('export') ? 'orange' : 'red'}>{actionLabel(a)}</Tag>
        </Tooltip>
      ),
    },
    {
      title: '对象',
      width: 150,
      render: (_, r) => {
        const username = (r.after as { username?: unknown } | null)?.username;
        return `${auditObjectLabel(r.entityType, r.entityId)}${typeof username === 'string' ? `（${username}）` : ''}`;
      },
    },
    {
      title: '哈希',
      dataIndex: 'hash',
      ellipsis: true,
      render: (h: string) => (
        <Tooltip title={h}>
          <Typography.Text type="secondary" style={{ fontFamily: 'monospace', fontSize: 12 }}>
            {h.slice(0, 16)}…
          </Typography.Text>
        </Tooltip>
      ),
    },
  ];

  const result = verify.data;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" styles={{ body: { paddingBottom: 4 } }}>
        <Form<FormValues> form={form} layout="inline" onFinish={search} style={{ rowGap: 8 }}>
          <Form.Item name="actor" label="操作人">
            <Input allowClear placeholder="用户名" style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="action" label="操作">
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="全部"
              style={{ width: 170 }}
              options={auditActions.options}
            />
          </Form.Item>
          <Form.Item name="entityType" label="对象类型">
            <Select allowClear placeholder="全部" style={{ width: 120 }} options={auditEntityTypes.options} />
          </Form.Item>
          <Form.Item name="entityId" label="对象编号">
            <Input allowClear style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name="range" label="日期">
            <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 240 }} />
          </Form.Item>
          <SearchButtons
            onReset={() => {
              form.resetFields();
              search({});
            }}
          />
        </Form>
      </Card>
      {verify.error && <Alert type="error" showIcon title="校验失败" description={errorMessage(verify.error)} closable />}
      {result && (
        <Alert
          data-testid="audit-verify-result"
          type={result.ok ? 'success' : 'error'}
          showIcon
          closable
          onClose={() => verify.reset()}
          title={result.ok ? `哈希链校验通过：共校验 ${result.checked} 条记录，未发现篡改。` : `哈希链校验未通过：第 ${result.brokenAt} 号记录处断裂`}
          description={result.ok ? undefined : `${result.reason ?? ''}（此前 ${result.checked} 条记录校验通过）`}
        />
      )}
      <Card
        size="small"
        title="审计日志"
        extra={
          <Space>
            <Button icon={<SafetyOutlined />} loading={verify.isPending} onClick={() => verify.mutate()}>
              校验哈希链
            </Button>
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportExcel}>
              导出Excel
            </Button>
          </Space>
        }
      >
        {list.result.error && <Alert type="error" showIcon title={errorMessage(list.result.error)} style={{ marginBottom: 8 }} />}
        <Table<AuditEntry>
          size="small"
          rowKey="id"
          columns={columns}
          {...list.tableProps}
          data-testid="audit-table"
          expandable={{ expandedRowRender: (r) => <AuditDiff before={r.before} after={r.after} />, rowExpandable: (r) => r.before != null || r.after != null }}
        />
      </Card>
    </Space>
  );
}
