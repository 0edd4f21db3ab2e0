import { useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Divider, Drawer, Form, Input, InputNumber, Select, Space, TreeSelect } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { orgTypes, weightsSumToOne, type OrgType, type ReviewSetupInput } from '@xianfeng/shared';
import { errorMessage, get } from '../../../api/client.ts';
import type { Page, User } from '../../../api/types.ts';
import { useOrgList } from '../../orgs/orgs.api.ts';
import { buildOrgTree, type OrgTreeNode } from '../../orgs/org-tree.ts';
import { useSaveSetup, type ReviewDetail } from '../review-campaigns.api.ts';

type TreeData = { value: number; title: string; children: TreeData[] };
const toTree = (nodes: OrgTreeNode[]): TreeData[] =>
  nodes.map((n) => ({ value: n.org.id, title: `${n.org.name}（${orgTypes.label(n.org.type as OrgType)}）`, children: toTree(n.children.filter((c) => c.org.type !== 'party_group')) }));

/** Accounts to name as reviewers (any account, a member's too), searched by name or login. */
function ReviewerSelect({ value, onChange, known }: { value?: number; onChange?: (v: number) => void; known: { userId: number; name: string }[] }) {
  const [q, setQ] = useState('');
  const users = useQuery({ queryKey: ['users', 'review-pick', q], queryFn: () => get<Page<User>>('/users', { q: q || undefined, page: 1, pageSize: 50 }) });
  const options = useMemo(() => {
    const found = (users.data?.items ?? []).filter((u) => !u.disabled).map((u) => ({ value: u.id, label: `${u.displayName ?? u.username}（${u.username}）` }));
    const extra = known.filter((k) => !found.some((f) => f.value === k.userId)).map((k) => ({ value: k.userId, label: k.name }));
    return [...extra, ...found];
  }, [users.data, known]);
  return <Select showSearch filterOption={false} onSearch={setQ} value={value} onChange={onChange} options={options} loading={users.isFetching} placeholder="搜索账户" style={{ minWidth: 200 }} />;
}

/** 评议设置 (draft only): the grade scale, reviewer groups and weights, reviewers, reporting organisations. */
export function SetupDrawer({ open, onClose, d }: { open: boolean; onClose: () => void; d: ReviewDetail }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ReviewSetupInput>();
  const save = useSaveSetup(d.id);
  const { data: orgs } = useOrgList();
  const treeData = useMemo(() => (orgs ? toTree(buildOrgTree(orgs)) : []), [orgs]);
  const groups = Form.useWatch('groups', form) ?? [];
  const weightSum = groups.reduce((s, g) => s + (Number(g?.weight) || 0), 0);

  useEffect(() => {
    if (!open) return;
    form.setFieldsValue({
      name: d.name,
      scale: d.scale,
      groups: d.groups,
      reviewers: d.reviewerList.map((r) => ({ userId: r.userId, groupKey: r.groupKey })),
      reporters: d.reporterList.map((p) => ({ orgId: p.orgId, secretaryName: p.secretarySource === 'named' ? p.secretaryName : null })),
    });
  }, [open, d, form]);

  const submit = async () => {
    const v = await form.validateFields();
    if (!weightsSumToOne(v.groups.map((g) => g.weight))) return message.error('各评议组权重之和应为1');
    try {
      await save.mutateAsync({ ...v, reporters: v.reporters.map((r) => ({ orgId: r.orgId, secretaryName: r.secretaryName || null })) });
      message.success('评议设置已保存');
      onClose();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <Drawer
      title="评议设置"
      open={open}
      onClose={onClose}
      size="large"
      extra={
        <Button type="primary" loading={save.isPending} onClick={submit}>
          保存
        </Button>
      }
    >
      <Form form={form} layout="vertical">
        <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
          <Input maxLength={100} />
        </Form.Item>

        <Divider titlePlacement="start">评议等次与分值（可配置）</Divider>
        <Form.List name="scale">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="baseline">
                  <Form.Item name={[f.name, 'label']} rules={[{ required: true, message: '等次名称' }]}>
                    <Input placeholder="等次名称" style={{ width: 110 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'key']} rules={[{ required: true, message: '代码' }]}>
                    <Input placeholder="代码（如 good）" style={{ width: 130 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'score']} rules={[{ required: true, message: '分值' }]}>
                    <InputNumber min={0} max={100} suffix="分" style={{ width: 120 }} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} disabled={fields.length <= 2} aria-label="删除等次" />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ key: `grade${fields.length + 1}`, label: '', score: 60 })} disabled={fields.length >= 6}>
                添加等次
              </Button>
            </>
          )}
        </Form.List>

        <Divider titlePlacement="start">评议组与权重（权重之和为1，当前 {weightSum.toFixed(2)}）</Divider>
        <Form.List name="groups">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="baseline">
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: '评议组名称' }]}>
                    <Input placeholder="评议组名称" style={{ width: 170 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'key']} rules={[{ required: true, message: '代码' }]}>
                    <Input placeholder="代码" style={{ width: 80 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'weight']} rules={[{ required: true, message: '权重' }]}>
                    <InputNumber min={0.01} max={1} step={0.05} placeholder="权重" style={{ width: 100 }} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} disabled={fields.length <= 1} aria-label="删除评议组" />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ key: `g${fields.length + 1}`, name: '', weight: 0.1 })}>
                添加评议组
              </Button>
            </>
          )}
        </Form.List>

        <Divider titlePlacement="start">评议人（每人属于一个评议组）</Divider>
        <Form.List name="reviewers">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="baseline">
                  <Form.Item name={[f.name, 'userId']} rules={[{ required: true, message: '请选择账户' }]}>
                    <ReviewerSelect known={d.reviewerList} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'groupKey']} rules={[{ required: true, message: '请选择评议组' }]}>
                    <Select placeholder="评议组" style={{ width: 170 }} options={groups.filter(Boolean).map((g) => ({ value: g.key, label: g.name || g.key }))} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="删除评议人" />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ groupKey: groups[0]?.key })}>
                添加评议人
              </Button>
            </>
          )}
        </Form.List>

        <Divider titlePlacement="start">述职党组织（书记取自班子成员信息；没有时填写述职人姓名）</Divider>
        <Form.List name="reporters">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="baseline">
                  <Form.Item name={[f.name, 'orgId']} rules={[{ required: true, message: '请选择党组织' }]}>
                    <TreeSelect treeData={treeData} showSearch treeNodeFilterProp="title" placeholder="党组织" style={{ width: 260 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'secretaryName']}>
                    <Input placeholder="述职人姓名（可空）" style={{ width: 150 }} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="删除述职党组织" />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({})}>
                添加述职党组织
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
