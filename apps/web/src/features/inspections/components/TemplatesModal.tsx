import { useState } from 'react';
import { App, Button, Collapse, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { errorMessage } from '../../../api/client.ts';
import { useCreateTemplate, useTemplates } from '../inspections.api.ts';

type Row = { label: string; fact: string | null };

/**
 * 检查清单模板: the built-in four and the committee's own. A new template may start from an existing
 * one; each item may show a system fact beside it (inspection-facts.ts), so inspectors start from
 * records. Templates are not edited once made (checklists recorded with them keep their items).
 */
export function TemplatesModal({ open, onClose, canConfigure }: { open: boolean; onClose: () => void; canConfigure: boolean }) {
  const templates = useTemplates();
  const create = useCreateTemplate();
  const { message } = App.useApp();
  const [draft, setDraft] = useState<{ name: string; rows: Row[] } | null>(null);
  const facts = templates.data?.facts ?? [];
  const factLabel = (key: string | null) => facts.find((f) => f.key === key)?.label;
  const edit = (i: number, patch: Partial<Row>) => setDraft((d) => d && { ...d, rows: d.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)) });

  const submit = async () => {
    if (!draft) return;
    try {
      const items = draft.rows.filter((r) => r.label.trim()).map((r, i) => ({ key: `item_${i + 1}`, label: r.label.trim(), fact: r.fact }));
      await create.mutateAsync({ name: draft.name.trim(), items });
      message.success('模板已保存');
      setDraft(null);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <Modal open={open} title="检查清单模板" onCancel={() => (draft ? setDraft(null) : onClose())} footer={null} width={820} destroyOnHidden>
      {draft ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Input value={draft.name} maxLength={100} placeholder="模板名称，如：党风廉政建设责任落实" onChange={(e) => setDraft({ ...draft, name: e.target.value })} aria-label="模板名称" />
          <Table<Row>
            rowKey={(_, i) => String(i)}
            size="small"
            pagination={false}
            dataSource={draft.rows}
            columns={[
              { title: '#', width: 40, render: (_, _r, i) => i + 1 },
              { title: '检查项', render: (_, r, i) => <Input value={r.label} maxLength={200} onChange={(e) => edit(i, { label: e.target.value })} aria-label={`检查项${i + 1}`} /> },
              {
                title: '系统数据（可选）',
                width: 230,
                render: (_, r, i) => <Select allowClear value={r.fact ?? undefined} placeholder="不显示" options={facts.map((f) => ({ value: f.key, label: f.label }))} onChange={(v) => edit(i, { fact: v ?? null })} style={{ width: 210 }} />,
              },
              { title: '', width: 60, render: (_, _r, i) => <Button type="link" danger onClick={() => setDraft({ ...draft, rows: draft.rows.filter((_x, j) => j !== i) })}>删除</Button> },
            ]}
          />
          <Space>
            <Button icon={<PlusOutlined />} onClick={() => setDraft({ ...draft, rows: [...draft.rows, { label: '', fact: null }] })}>
              增加检查项
            </Button>
            <Button type="primary" loading={create.isPending} onClick={submit}>
              保存模板
            </Button>
            <Button onClick={() => setDraft(null)}>取消</Button>
          </Space>
        </Space>
      ) : (
        <>
          {canConfigure && (
            <Space style={{ marginBottom: 12 }}>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDraft({ name: '', rows: [{ label: '', fact: null }] })}>
                新建模板
              </Button>
              <Typography.Text type="secondary">也可在下方模板上点“以此为底新建”。</Typography.Text>
            </Space>
          )}
          <Collapse
            items={templates.data?.items.map((t) => ({
              key: t.id,
              label: (
                <Space>
                  {t.name}
                  {t.builtIn && <Tag>内置</Tag>}
                  <Typography.Text type="secondary">{t.items.length} 项</Typography.Text>
                </Space>
              ),
              extra: canConfigure && (
                <Button
                  size="small"
                  onClick={(e) => {
                    e.stopPropagation();
                    setDraft({ name: `${t.name}（新）`, rows: t.items.map((i) => ({ label: i.label, fact: i.fact })) });
                  }}
                >
                  以此为底新建
                </Button>
              ),
              children: (
                <ol style={{ margin: 0, paddingInlineStart: 20 }}>
                  {t.items.map((i) => (
                    <li key={i.key}>
                      {i.label}
                      {i.fact && <Tag style={{ marginInlineStart: 8 }}>系统数据：{factLabel(i.fact) ?? i.fact}</Tag>}
                    </li>
                  ))}
                </ol>
              ),
            }))}
          />
        </>
      )}
    </Modal>
  );
}
