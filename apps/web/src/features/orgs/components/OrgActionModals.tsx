import { useEffect, useState } from 'react';
import { Alert, App, DatePicker, Form, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { BRANCH_TYPES, type OrgType } from '@xianfeng/shared';
import type { Org, OrgDetail } from '../../../api/types.ts';
import { errorMessage } from '../../../api/client.ts';
import { fromDay, todayDay } from '../../../lib/dates.ts';
import { useDissolveOrg, useMergeOrg, useMoveOrg } from '../orgs.api.ts';
import { OrgTreeSelect } from './OrgTreeSelect.tsx';

type Props = { org: OrgDetail; open: boolean; onClose: () => void; onDone: () => void };

const isMemberHome = (o: Org) => !o.dissolvedOn && (BRANCH_TYPES.includes(o.type as OrgType) || o.type === 'party_group');
const insideOf = (org: Org) => (o: Org) => o.path.startsWith(org.path);

/** 移动: the organisation with its whole subtree goes under a new parent. */
export function OrgMoveModal({ org, open, onClose, onDone }: Props) {
  const move = useMoveOrg(org.id);
  const { message } = App.useApp();
  const [target, setTarget] = useState<number>();
  useEffect(() => {
    if (open) {
      setTarget(undefined);
      move.reset();
    }
  }, [open]);
  return (
    <Modal
      title={`移动组织：${org.name}`}
      open={open}
      onCancel={onClose}
      okText="确认移动"
      okButtonProps={{ disabled: !target }}
      confirmLoading={move.isPending}
      onOk={() =>
        target &&
        move.mutate(target, {
          onSuccess: () => {
            message.success('已移动');
            onDone();
          },
        })
      }
    >
      <Typography.Paragraph type="secondary">该组织及其全部下级组织、党员将一并移到新的上级组织之下。</Typography.Paragraph>
      {move.error && <Alert type="error" showIcon title={errorMessage(move.error)} style={{ marginBottom: 12 }} />}
      <Form layout="vertical">
        <Form.Item label="新的上级组织" required>
          <OrgTreeSelect
            value={target}
            onChange={setTarget}
            exclude={insideOf(org)}
            selectable={(o) => !o.dissolvedOn && o.type !== 'party_group' && o.id !== org.parentId}
            placeholder="选择新的上级组织"
            data-testid="move-target"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 合并: the members move into the target, this organisation is dissolved. */
export function OrgMergeModal({ org, open, onClose, onDone }: Props) {
  const merge = useMergeOrg(org.id);
  const { message } = App.useApp();
  const [target, setTarget] = useState<number>();
  useEffect(() => {
    if (open) {
      setTarget(undefined);
      merge.reset();
    }
  }, [open]);
  return (
    <Modal
      title={`合并组织：${org.name}`}
      open={open}
      onCancel={onClose}
      okText="确认合并"
      okButtonProps={{ danger: true, disabled: !target }}
      confirmLoading={merge.isPending}
      onOk={() =>
        target &&
        merge.mutate(target, {
          onSuccess: (r) => {
            message.success(`已合并，转入党员${r.movedMembers}名`);
            onDone();
          },
        })
      }
    >
      <Alert
        type="warning"
        showIcon
        title={`本组织的${org.facts.members}名党员将转入目标组织（保留组织变动记录），本组织随即撤销。`}
        style={{ marginBottom: 12 }}
      />
      {merge.error && <Alert type="error" showIcon title={errorMessage(merge.error)} style={{ marginBottom: 12 }} />}
      <Form layout="vertical">
        <Form.Item label="并入组织" required>
          <OrgTreeSelect value={target} onChange={setTarget} exclude={(o) => o.id === org.id} selectable={isMemberHome} placeholder="选择并入的党支部或党小组" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 撤销: on a date; members (if any) go to a receiving organisation in the same step. */
export function OrgDissolveModal({ org, open, onClose, onDone }: Props) {
  const dissolve = useDissolveOrg(org.id);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ dissolvedOn: Dayjs; moveMembersTo?: number }>();
  useEffect(() => {
    if (open) {
      form.setFieldsValue({ dissolvedOn: todayDay(), moveMembersTo: undefined });
      dissolve.reset();
    }
  }, [open]);
  const hasMembers = org.facts.members > 0;
  return (
    <Modal
      title={`撤销组织：${org.name}`}
      open={open}
      onCancel={onClose}
      okText="确认撤销"
      okButtonProps={{ danger: true }}
      confirmLoading={dissolve.isPending}
      onOk={() => form.submit()}
      forceRender
    >
      <Alert
        type="warning"
        showIcon
        title={hasMembers ? `本组织有${org.facts.members}名党员，须指定接收党员的组织。` : '撤销后该组织不再出现在组织树中（可勾选“含已撤销”查看）。'}
        style={{ marginBottom: 12 }}
      />
      {dissolve.error && <Alert type="error" showIcon title={errorMessage(dissolve.error)} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          dissolve.mutate(
            { dissolvedOn: fromDay(v.dissolvedOn)!, moveMembersTo: v.moveMembersTo },
            {
              onSuccess: (r) => {
                message.success(r.movedMembers ? `已撤销，${r.movedMembers}名党员已转入接收组织` : '已撤销');
                onDone();
              },
            },
          )
        }
      >
        <Form.Item name="dissolvedOn" label="撤销日期" rules={[{ required: true, message: '请选择撤销日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="moveMembersTo"
          label="接收党员的组织"
          rules={hasMembers ? [{ required: true, message: '本组织还有党员，请选择接收组织' }] : []}
          extra={hasMembers ? undefined : '本组织没有党员，可不选'}
        >
          <OrgTreeSelect exclude={(o) => o.id === org.id} selectable={isMemberHome} placeholder="选择接收党员的党支部或党小组" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
