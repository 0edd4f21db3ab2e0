import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, InputNumber, Popconfirm, Select, Space, Spin, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, PlusOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { activityTypes, BRANCH_TYPES, frequencies, orgTypes, type OrgType, type Requirement, type RequirementsInput } from '@xianfeng/shared';
import { ApiError, errorMessage } from '../../../api/client.ts';
import { useRequirements, useSaveRequirements, type RequirementsTable } from '../compliance.api.ts';
import { yearFrom, yearOptions } from '../compliance-status.tsx';
import { useLeaveGuard } from '../../../lib/useLeaveGuard.ts';
import { GoLiveCard } from '../components/GoLiveCard.tsx';
import { LocalRequirementModal, type LocalDraft } from '../components/LocalRequirementModal.tsx';

type Draft = { national: Record<string, boolean>; local: LocalDraft[]; reminderDays: number };

function draftOf(t: RequirementsTable): Draft {
  return {
    national: Object.fromEntries(t.items.filter((r) => r.source === 'national').map((r) => [r.key, r.enabled])),
    local: t.items
      .filter((r) => r.source === 'local')
      .map((r) => ({ key: r.key, label: r.label, activityType: r.activityType, frequency: r.frequency, minCount: r.minCount, appliesTo: r.appliesTo, rule: r.rule, note: r.note ?? undefined, enabled: r.enabled })),
    reminderDays: t.reminderDays,
  };
}

/** A fresh key for a new local item: one above the highest local-N in use. */
function nextLocalKey(rows: LocalDraft[]): string {
  const max = rows.reduce((m, r) => Math.max(m, Number(/^local-(\d+)$/.exec(r.key)?.[1] ?? 0)), 0);
  return `local-${max + 1}`;
}

function appliesToText(types: OrgType[]) {
  const all = BRANCH_TYPES.every((t) => types.includes(t)) && types.length === BRANCH_TYPES.length;
  return all ? '各类党支部' : types.map((t) => orgTypes.label(t)).join('、');
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** 考核要求: the year's requirement table. National items switch on or off; local items are the committee's own. */
export default function RequirementsPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const year = yearFrom(params.get('year'));
  const table = useRequirements(year);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/compliance?year=${year}`)}>
            返回考核情况
          </Button>
          <span>年度</span>
          <Select value={year} options={yearOptions(year)} onChange={(y) => setParams({ year: String(y) })} style={{ width: 100 }} data-testid="requirements-year" />
          {table.data && <InheritNote t={table.data} />}
        </Space>
      </Card>
      {table.error && <Alert type="error" showIcon title={errorMessage(table.error)} />}
      {table.isLoading && <Spin style={{ display: 'block', margin: 48 }} />}
      {table.data && <GoLiveCard key={table.data.goLiveOn ?? 'none'} goLiveOn={table.data.goLiveOn} editable={table.data.canConfigure} />}
      {table.data && <RequirementsEditor key={`${year}:${table.dataUpdatedAt}`} year={year} t={table.data} />}
    </Space>
  );
}

function InheritNote({ t }: { t: RequirementsTable }) {
  if (t.stored) return <Tag color="green">{t.year}年已单独设置</Tag>;
  if (t.fromYear) return <Tag color="gold" data-testid="inherit-note">沿用{t.fromYear}年设置</Tag>;
  return <Tag data-testid="inherit-note">沿用系统默认（全国性规定）</Tag>;
}

function RequirementsEditor({ year, t }: { year: number; t: RequirementsTable }) {
  const { modal, message } = App.useApp();
  const save = useSaveRequirements(year);
  const initial = useMemo(() => draftOf(t), [t]);
  const [draft, setDraft] = useState<Draft>(initial);
  const [editing, setEditing] = useState<LocalDraft | 'new' | null>(null);
  const [saveError, setSaveError] = useState<string[] | null>(null);
  const dirty = !same(draft, initial);
  const editable = t.canConfigure;
  const national = t.items.filter((r) => r.source === 'national');

  // Unsaved edits are not lost silently: leaving the page (in the console or the browser) asks first.
  useLeaveGuard(dirty, { title: '放弃未保存的修改？', content: '考核要求有修改尚未保存，离开后修改将丢失。', okText: '放弃修改' }, (a, b) => a.pathname !== b.pathname || a.search !== b.search);

  const setLocal = (local: LocalDraft[]) => setDraft((d) => ({ ...d, local }));

  const submit = () => {
    const input: RequirementsInput = {
      national: draft.national,
      local: draft.local.map(({ note, ...l }) => ({ ...l, ...(note ? { note } : {}) })),
      reminderDays: draft.reminderDays,
    };
    const off = national.filter((r) => draft.national[r.key] === false).length;
    modal.confirm({
      title: `保存${year}年考核要求？`,
      width: 480,
      content: (
        <div style={{ lineHeight: 1.8 }}>
          <div>
            全国性规定启用 {national.length - off} 项{off ? `、停用 ${off} 项` : ''}；本地规定 {draft.local.length} 项（启用 {draft.local.filter((l) => l.enabled).length} 项）；周期截止前 {draft.reminderDays} 天提醒。
          </div>
          <div>保存后，{year}年各党组织的完成情况立即按新要求重新计算。</div>
          {!t.stored && <div>{t.fromYear ? `${t.fromYear}年` : '以往年度'}的设置保持不变。</div>}
        </div>
      ),
      okText: '确认保存',
      onOk: () =>
        save.mutateAsync(input).then(
          () => {
            setSaveError(null);
            message.success(`${year}年考核要求已保存`);
          },
          (e: unknown) => {
            const details = e instanceof ApiError ? e.fieldErrors.map((f) => f.message) : [];
            setSaveError([errorMessage(e), ...details.filter((d) => d !== errorMessage(e))]);
          },
        ),
    });
  };

  const baseColumns: TableProps<Requirement | LocalDraft>['columns'] = [
    { title: '考核要求', dataIndex: 'label', ellipsis: { showTitle: true } },
    { title: '活动类型', dataIndex: 'activityType', width: 120, render: (v: Requirement['activityType']) => activityTypes.label(v) },
    {
      title: '频次',
      key: 'frequency',
      width: 120,
      render: (_, r) => `${frequencies.label(r.frequency)}至少${r.minCount}次`,
    },
    { title: '适用组织', dataIndex: 'appliesTo', width: 140, ellipsis: { showTitle: true }, render: (v: OrgType[]) => appliesToText(v) },
    { title: '依据', dataIndex: 'rule', width: 170, ellipsis: { showTitle: true }, render: (v: string) => <span style={{ fontFamily: v.startsWith('ZB') || v.startsWith('JY') ? 'monospace' : undefined }}>{v}</span> },
    {
      title: '说明',
      dataIndex: 'note',
      width: 180,
      ellipsis: { showTitle: false },
      render: (v: string | undefined) =>
        v ? (
          <Tooltip title={v} placement="topLeft">
            <span>{v}</span>
          </Tooltip>
        ) : (
          '—'
        ),
    },
  ];

  /** The 启用 switch column of either table. */
  const enabledColumn = <T extends { key: string; label: string }>(checked: (r: T) => boolean, onChange: (r: T, on: boolean) => void) => ({
    title: '启用',
    key: 'enabled',
    width: 70,
    align: 'center' as const,
    render: (_: unknown, r: T) => (
      <Switch size="small" checked={checked(r)} disabled={!editable} onChange={(on) => onChange(r, on)} aria-label={`启用 ${r.label}`} />
    ),
  });

  const nationalColumns: TableProps<Requirement>['columns'] = [
    ...(baseColumns as TableProps<Requirement>['columns'])!,
    enabledColumn<Requirement>(
      (r) => draft.national[r.key] ?? r.enabled,
      (r, on) => setDraft((d) => ({ ...d, national: { ...d.national, [r.key]: on } })),
    ),
  ];

  const localColumns: TableProps<LocalDraft>['columns'] = [
    ...(baseColumns as TableProps<LocalDraft>['columns'])!,
    enabledColumn<LocalDraft>(
      (r) => r.enabled,
      (r, on) => setLocal(draft.local.map((l) => (l.key === r.key ? { ...l, enabled: on } : l))),
    ),
    ...(editable
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 110,
            render: (_: unknown, r: LocalDraft) => (
              <Space size={4}>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>
                  编辑
                </Button>
                <Popconfirm title="删除这条本地规定？" description="保存后生效。" okText="删除" okButtonProps={{ danger: true }} onConfirm={() => setLocal(draft.local.filter((l) => l.key !== r.key))}>
                  <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={`删除 ${r.label}`} />
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    // A plain column (not Space): the save bar at the end must stick to the bottom of the window.
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      {!t.stored && (
        <Alert
          type="info"
          showIcon
          data-testid="inherit-alert"
          title={
            (t.fromYear ? `${year}年尚未单独设置，沿用${t.fromYear}年设置。` : `${year}年尚未设置，沿用系统默认的全国性规定。`) +
            (editable ? `保存后成为${year}年的设置，${t.fromYear ? `${t.fromYear}年` : '以往年度'}的考核仍按当时的要求计算。` : '')
          }
        />
      )}
      {!editable && <Alert type="warning" showIcon title="考核要求由市直机关工委统一设置，您可以查看但不能修改。" />}
      {saveError && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setSaveError(null) }}
          title={saveError[0]}
          description={saveError.length > 1 ? saveError.slice(1).join('；') : undefined}
        />
      )}
      <Card size="small" title={`全国性规定（${national.length} 项）`} extra={<Typography.Text type="secondary">党内法规规定的组织生活制度，只能启用或停用</Typography.Text>}>
        <Table<Requirement> size="small" rowKey="key" columns={nationalColumns} dataSource={national} pagination={false} data-testid="national-table" />
      </Card>
      <Card
        size="small"
        title={`本地规定（${draft.local.length} 项）`}
        extra={
          editable && (
            <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} disabled={draft.local.length >= 50} data-testid="add-local">
              新增本地规定
            </Button>
          )
        }
      >
        <Table<LocalDraft>
          size="small"
          rowKey="key"
          columns={localColumns}
          dataSource={draft.local}
          pagination={false}
          locale={{ emptyText: '暂无本地规定（如“党课每季度至少1次”“每月集中学习”等，可由工委增加）' }}
          data-testid="local-table"
        />
      </Card>
      <Card size="small" title="提醒设置">
        <Space>
          <span>在每个考核周期截止前</span>
          <InputNumber
            min={1}
            max={60}
            precision={0}
            value={draft.reminderDays}
            disabled={!editable}
            onChange={(v) => setDraft((d) => ({ ...d, reminderDays: v ?? d.reminderDays }))}
            style={{ width: 72 }}
            data-testid="reminder-days"
          />
          <span>天，提醒支部书记尚未完成的组织生活（站内消息）。</span>
        </Space>
      </Card>
      {editable && (
        <Card size="small" style={dirty ? { position: 'sticky', bottom: 0, zIndex: 5, boxShadow: '0 -2px 8px rgba(0,0,0,0.08)' } : undefined}>
          <Space>
            <Button type="primary" icon={<SaveOutlined />} onClick={submit} loading={save.isPending} disabled={!dirty && t.stored} data-testid="save-requirements">
              保存{year}年考核要求
            </Button>
            <Button icon={<UndoOutlined />} disabled={!dirty} onClick={() => setDraft(initial)}>
              撤销修改
            </Button>
            {dirty && <Typography.Text type="warning">有未保存的修改</Typography.Text>}
          </Space>
        </Card>
      )}
      <LocalRequirementModal
        open={editing !== null}
        value={editing === 'new' ? null : editing}
        onCancel={() => setEditing(null)}
        onOk={(v) => {
          if (editing === 'new') setLocal([...draft.local, { ...v, key: nextLocalKey(draft.local) }]);
          else if (editing) setLocal(draft.local.map((l) => (l.key === editing.key ? { ...v, key: l.key } : l)));
          setEditing(null);
        }}
      />
    </div>
  );
}
