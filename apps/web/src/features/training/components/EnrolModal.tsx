import { useState } from 'react';
import { App, Input, Modal, Space, Table } from 'antd';
import { errorMessage } from '../../../api/client.ts';
import { OrgTreeSelect } from '../../orgs/components/OrgTreeSelect.tsx';
import { useMemberList } from '../../members/members.api.ts';
import { useEnrol, type ClassDetail } from '../training.api.ts';

/** Picks trainees: members in good standing of an organisation in the organiser's subtree, several at once. */
export function EnrolModal(p: { klass: ClassDetail; open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const enrol = useEnrol();
  const [orgId, setOrgId] = useState<number | undefined>(p.klass.orgId);
  const [name, setName] = useState('');
  const [page, setPage] = useState(1);
  const [picked, setPicked] = useState<number[]>([]);
  const list = useMemberList({ orgId, name: name || undefined, status: 'normal', sort: 'orgName', page, pageSize: 50 }, p.open);
  const already = new Set(p.klass.traineeList.map((t) => t.memberId));
  const close = () => {
    setPicked([]);
    p.onClose();
  };
  return (
    <Modal
      title="添加学员"
      open={p.open}
      width={720}
      onCancel={close}
      okText={`添加${picked.length ? `${picked.length}名` : ''}学员`}
      okButtonProps={{ disabled: !picked.length }}
      confirmLoading={enrol.isPending}
      onOk={async () => {
        try {
          const r = await enrol.mutateAsync({ id: p.klass.id, memberIds: picked });
          message.success(`已添加${r.added}名学员`);
          close();
        } catch (e) {
          message.error(errorMessage(e));
        }
      }}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <OrgTreeSelect value={orgId} onChange={(v) => { setOrgId(v); setPage(1); }} style={{ width: 280 }} placeholder="组织（含下级）" />
        <Input.Search placeholder="姓名" allowClear onSearch={(v) => { setName(v.trim()); setPage(1); }} style={{ width: 180 }} />
      </Space>
      <Table
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items}
        rowSelection={{
          selectedRowKeys: picked,
          preserveSelectedRowKeys: true,
          onChange: (keys) => setPicked(keys.map(Number)),
          getCheckboxProps: (m) => ({ disabled: already.has(m.id), 'aria-label': `选择${m.name}` }),
        }}
        pagination={{ current: page, pageSize: 50, total: list.data?.total, onChange: setPage, showSizeChanger: false, size: 'small' }}
        scroll={{ y: 360 }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 180, render: (n: string, m) => (already.has(m.id) ? `${n}（已是学员）` : n) },
          { title: '所在组织', dataIndex: 'orgName', ellipsis: true },
        ]}
      />
    </Modal>
  );
}
