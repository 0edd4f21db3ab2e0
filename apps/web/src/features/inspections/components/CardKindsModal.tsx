import { useEffect, useState } from 'react';
import { App, Button, Input, Modal, Select, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { cardColors, type CardColor } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { useCardKinds, useSaveCardKinds } from '../inspections.api.ts';

type Row = { key: string; name: string; color: CardColor; consequence: string; active: boolean; used?: boolean };

/**
 * 牌种目录 (CARD-1, local practice): the committee names its cards, their colour and what follows
 * each (提醒谈话 …). A kind already issued can only be switched off — the server refuses its removal.
 */
export function CardKindsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const kinds = useCardKinds();
  const save = useSaveCardKinds();
  const { message } = App.useApp();
  const [rows, setRows] = useState<Row[]>([]);
  useEffect(() => {
    if (open && kinds.data) setRows(kinds.data.kinds.map((k) => ({ key: k.key, name: k.name, color: k.color, consequence: k.consequence ?? '', active: k.active })));
  }, [open, kinds.data]);
  const edit = (i: number, patch: Partial<Row>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const submit = async () => {
    try {
      await save.mutateAsync({ kinds: rows.map((r) => ({ key: r.key, name: r.name.trim(), color: r.color, consequence: r.consequence.trim() || null, active: r.active })) });
      message.success('牌种目录已保存');
      onClose();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <Modal open={open} title="牌种目录" onCancel={onClose} onOk={submit} okText="保存" confirmLoading={save.isPending} width={760} destroyOnHidden>
      <Typography.Paragraph type="secondary">牌种与后续措施为本地做法，可按本地规定调整；已有亮牌记录的牌种不能删除，可停用。</Typography.Paragraph>
      <Table<Row>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: '名称', width: 130, render: (_, r, i) => <Input value={r.name} maxLength={20} onChange={(e) => edit(i, { name: e.target.value })} aria-label="牌种名称" /> },
          {
            title: '颜色',
            width: 120,
            render: (_, r, i) => <Select value={r.color} onChange={(color) => edit(i, { color })} options={cardColors.options.map((o) => ({ ...o, label: <Tag color={o.value}>{o.label}</Tag> }))} style={{ width: 100 }} />,
          },
          { title: '后续措施', render: (_, r, i) => <Input value={r.consequence} maxLength={200} placeholder="如：提醒谈话" onChange={(e) => edit(i, { consequence: e.target.value })} /> },
          { title: '启用', width: 70, render: (_, r, i) => <Switch checked={r.active} onChange={(active) => edit(i, { active })} /> },
          { title: '', width: 60, render: (_, _r, i) => <Button type="link" danger onClick={() => setRows((rs) => rs.filter((_x, j) => j !== i))}>删除</Button> },
        ]}
      />
      <Button
        icon={<PlusOutlined />}
        style={{ marginTop: 8 }}
        onClick={() => setRows((rs) => [...rs, { key: `kind_${Date.now().toString(36)}`, name: '', color: 'gold', consequence: '', active: true }])}
      >
        增加牌种
      </Button>
    </Modal>
  );
}
