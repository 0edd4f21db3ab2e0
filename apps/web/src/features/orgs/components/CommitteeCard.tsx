import { useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { committeePosts, type CommitteePost } from '@xianfeng/shared';
import type { CommitteeMember, OrgDetail } from '../../../api/types.ts';
import { errorMessage } from '../../../api/client.ts';
import { applyServerErrors } from '../../../lib/forms.ts';
import { dash, fromDay, todayDay } from '../../../lib/dates.ts';
import { MemberPicker } from '../../members/components/MemberPicker.tsx';
import { useAddCommitteeMember, useEndCommitteeMember } from '../orgs.api.ts';

/** 班子成员: serving members first; ended terms on request. */
export function CommitteeCard({ org, canOpenMembers }: { org: OrgDetail; canOpenMembers: boolean }) {
  const [showEnded, setShowEnded] = useState(false);
  const [adding, setAdding] = useState(false);
  const end = useEndCommitteeMember(org.id);
  const { message } = App.useApp();
  const [endOn, setEndOn] = useState<Dayjs>(todayDay());
  const rows = org.committee.filter((c) => showEnded || !c.endedOn);
  const canEdit = org.abilities.edit;
  // Arriving from an activity whose 支委会 needs a committee (/orgs/:id#committee): bring this card into view.
  const { hash } = useLocation();
  const card = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (hash === '#committee') card.current?.scrollIntoView({ block: 'start' });
  }, [hash, org.id]);

  const columns = [
    {
      title: '姓名',
      dataIndex: 'memberName',
      render: (name: string, c: CommitteeMember) => (canOpenMembers ? <Link to={`/members/${c.memberId}`}>{name}</Link> : name),
    },
    { title: '职务', dataIndex: 'post', render: (p: CommitteePost) => committeePosts.label(p) },
    { title: '任职日期', dataIndex: 'startedOn' },
    { title: '离任日期', dataIndex: 'endedOn', render: (v: string | null) => (v ? v : <Tag color="green">在任</Tag>) },
    ...(canEdit
      ? [
          {
            title: '操作',
            width: 80,
            render: (_: unknown, c: CommitteeMember) =>
              !c.endedOn && (
                <Popconfirm
                  title={`${c.memberName}离任`}
                  description={<DatePicker value={endOn} onChange={(d) => d && setEndOn(d)} allowClear={false} size="small" />}
                  okText="确认离任"
                  onOpenChange={(o) => o && setEndOn(todayDay())}
                  onConfirm={() =>
                    end.mutateAsync({ committeeId: c.id, endedOn: fromDay(endOn)! }).then(
                      () => message.success('已登记离任'),
                      (e) => message.error(errorMessage(e)),
                    )
                  }
                >
                  <Button type="link" size="small">
                    离任
                  </Button>
                </Popconfirm>
              ),
          },
        ]
      : []),
  ];

  return (
    <Card
      ref={card}
      id="committee"
      size="small"
      title={`班子成员（在任${org.facts.committeeSize}人）`}
      extra={
        <Space>
          <Checkbox checked={showEnded} onChange={(e) => setShowEnded(e.target.checked)}>
            含已离任
          </Checkbox>
          {canEdit && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              增加班子成员
            </Button>
          )}
        </Space>
      }
    >
      <Table<CommitteeMember> size="small" rowKey="id" columns={columns} dataSource={rows} pagination={false} locale={{ emptyText: '暂无班子成员' }} />
      <AddCommitteeModal org={org} open={adding} onClose={() => setAdding(false)} />
    </Card>
  );
}

type AddValues = { memberId: number; post: CommitteePost; startedOn: Dayjs; endedOn?: Dayjs | null };

function AddCommitteeModal({ org, open, onClose }: { org: OrgDetail; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<AddValues>();
  const add = useAddCommitteeMember(org.id);
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      title={`增加班子成员：${org.name}`}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={add.isPending}
      destroyOnHidden
      afterOpenChange={(o) => o && setError(null)}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<AddValues>
        form={form}
        layout="vertical"
        initialValues={{ post: 'member', startedOn: todayDay() }}
        onFinish={(v) =>
          add.mutate(
            { memberId: v.memberId, post: v.post, startedOn: fromDay(v.startedOn)!, endedOn: fromDay(v.endedOn) ?? null },
            {
              onSuccess: () => {
                message.success('已增加班子成员');
                form.resetFields();
                onClose();
              },
              onError: (e) => setError(applyServerErrors(form, e, ['memberId', 'post', 'startedOn', 'endedOn'])),
            },
          )
        }
      >
        <Form.Item name="memberId" label="党员" rules={[{ required: true, message: '请选择党员' }]} extra="须为本组织（含下级）在册党员">
          <MemberPicker orgId={org.id} />
        </Form.Item>
        <Form.Item name="post" label="职务" rules={[{ required: true }]}>
          <Select options={committeePosts.options} />
        </Form.Item>
        <Space style={{ width: '100%' }} styles={{ item: { flex: 1 } }}>
          <Form.Item name="startedOn" label="任职日期" rules={[{ required: true, message: '请选择任职日期' }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="endedOn" label="离任日期（可选）">
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

export const committeeSummary = (org: OrgDetail) => dash(org.committee.find((c) => c.post === 'secretary' && !c.endedOn)?.memberName);
