import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, Form, Input, List, Modal, Radio, Space, Tag, Typography } from 'antd';
import { UserSwitchOutlined } from '@ant-design/icons';
import { errorMessage } from '../../../api/client.ts';
import { MemberPicker } from '../../members/components/MemberPicker.tsx';
import { useHandOver, useHandoverNeeded, type HandoverPerson } from '../lists.api.ts';

/**
 * 待交接 (整改责任交接, LS-8): people who hold open items of the organisation's subtree and can no
 * longer carry them (转出, 去世, 调离本组织 …), each with their items and a 「交接」 button. Shown
 * only when an organisation is chosen and the caller keeps lists; nothing when nobody needs a successor.
 */
export function HandoverCard({ orgId }: { orgId: number }) {
  const needed = useHandoverNeeded(orgId);
  const [person, setPerson] = useState<HandoverPerson | null>(null);
  const people = needed.data?.items ?? [];
  if (needed.error) return <Alert type="error" showIcon title={`待交接情况加载失败：${errorMessage(needed.error)}`} />;
  if (!people.length) return null;
  return (
    <>
      <Card
        size="small"
        title={
          <Space>
            <UserSwitchOutlined style={{ color: '#d48806' }} />
            <span>待交接</span>
            <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
              以下责任人已转出、去世或调离本组织，其未销号事项须指定接任人
            </Typography.Text>
          </Space>
        }
        style={{ borderColor: '#ffd591', background: '#fffbe6' }}
        data-testid="handover-card"
      >
        <List
          size="small"
          dataSource={people}
          renderItem={(p) => (
            <List.Item
              key={p.memberId}
              actions={[
                <Button key="go" size="small" type="primary" onClick={() => setPerson(p)} data-testid="handover-open">
                  交接
                </Button>,
              ]}
              data-testid="handover-person"
            >
              <List.Item.Meta
                title={
                  <Space size={8} wrap>
                    <span>{p.memberName}</span>
                    <Tag color="warning">{p.why}</Tag>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      未销号事项{p.openItems.length}项
                    </Typography.Text>
                  </Space>
                }
                description={
                  <Space size={[12, 2]} wrap>
                    {p.openItems.map((o) => (
                      <Link key={o.id} to={`/lists/items/${o.id}`}>
                        {o.title}
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          （{o.orgName}，{o.deadline}）
                        </Typography.Text>
                      </Link>
                    ))}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      </Card>
      <HandoverModal orgId={orgId} person={person} onClose={() => setPerson(null)} />
    </>
  );
}

type Values = { who: 'member' | 'name'; toMemberId?: number; toName?: string; reason: string };

/** 交接: the successor (a member of the organisation, or a named person) and the reason; every open item moves at once. */
function HandoverModal({ orgId, person, onClose }: { orgId: number; person: HandoverPerson | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const handOver = useHandOver();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const who = Form.useWatch('who', form);
  useEffect(() => {
    if (person) {
      setError(null);
      form.setFieldsValue({ who: 'member', toMemberId: undefined, toName: '', reason: '' });
    }
  }, [person, form]);

  const finish = (v: Values) => {
    if (!person) return;
    setError(null);
    const byMember = v.who === 'member';
    handOver.mutate(
      { orgId, fromMemberId: person.memberId, toMemberId: byMember ? (v.toMemberId ?? null) : null, toName: byMember ? '' : (v.toName ?? '').trim(), reason: v.reason.trim() },
      {
        onSuccess: (r) => {
          message.success(`已将${r.moved}项事项交接给${r.toName}`);
          onClose();
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  };

  return (
    <Modal
      title={person ? `责任交接：${person.memberName}（${person.why}）` : '责任交接'}
      open={!!person}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="交接"
      okButtonProps={{ 'data-testid': 'handover-submit' }}
      confirmLoading={handOver.isPending}
      width={560}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="handover-error" />}
      {person && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={`${person.memberName}在本组织（含下级）的${person.openItems.length}项未销号事项将一并交给接任人，交接记入各事项的历史`}
        />
      )}
      <Form<Values> form={form} layout="vertical" onFinish={finish} data-testid="handover-form">
        <Form.Item label="接任人" required style={{ marginBottom: 8 }}>
          <Form.Item name="who" noStyle>
            <Radio.Group
              options={[
                { value: 'member', label: '本组织党员' },
                { value: 'name', label: '填写姓名' },
              ]}
            />
          </Form.Item>
        </Form.Item>
        {who === 'name' ? (
          <Form.Item name="toName" rules={[{ required: true, whitespace: true, message: '请填写接任人姓名' }, { max: 50, message: '不超过50字' }]} extra="未在系统中的人员">
            <Input maxLength={50} placeholder="接任人姓名" style={{ maxWidth: 320 }} data-testid="handover-to-name" />
          </Form.Item>
        ) : (
          <Form.Item
            name="toMemberId"
            rules={[
              { required: true, message: '请选择接任人' },
              { validator: async (_, v?: number) => { if (person && v === person.memberId) throw new Error('接任人不能是原责任人'); } },
            ]}
          >
            <MemberPicker orgId={orgId} placeholder="输入姓名搜索本组织党员" />
          </Form.Item>
        )}
        <Form.Item name="reason" label="交接原因" rules={[{ required: true, whitespace: true, message: '请填写交接原因' }, { max: 500, message: '不超过500字' }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：原责任人调任市财政局，由新任支部书记接任" data-testid="handover-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
