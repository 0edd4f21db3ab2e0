import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { App, Button, Card, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { planLines, trainingClassStatuses, type TraineeLine, type TrainingClassStatus } from '@xianfeng/shared';
import dayjs from 'dayjs';
import { errorMessage } from '../../../api/client.ts';
import { CLASS_STATUS_COLOR, useClasses, useCreateClass, type ClassList } from '../training.api.ts';
import { ClassFormModal } from '../components/ClassFormModal.tsx';

/** 培训班: the year's classes of the caller's subtree; an organisation's admins create them. */
export default function TrainingClassesPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [year, setYear] = useState(dayjs().year());
  const list = useClasses(year);
  const create = useCreateClass();
  const [open, setOpen] = useState(false);
  type Row = ClassList['items'][number];
  return (
    <Card
      title="培训班"
      extra={
        <Space>
          <Link to="/training/plan">“十百千万”计划完成情况</Link>
          <Select aria-label="年度" value={year} onChange={setYear} options={[1, 0, -1, -2].map((d) => ({ value: dayjs().year() + d, label: `${dayjs().year() + d}年` }))} style={{ width: 100 }} />
          {list.data?.canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
              新建培训班
            </Button>
          )}
        </Space>
      }
    >
      <Table<Row>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: '本年度暂无培训班' }}
        columns={[
          { title: '培训班', dataIndex: 'title', render: (t: string, r) => <Link to={`/training/${r.id}`}>{t}</Link> },
          { title: '举办组织', dataIndex: 'orgName' },
          { title: '时间', render: (_, r) => (r.startsOn === r.endsOn ? r.startsOn : `${r.startsOn} 至 ${r.endsOn}`) },
          { title: '计入计划', dataIndex: 'planLine', render: (l: TraineeLine | null) => (l ? planLines.label(l) : '—') },
          { title: '学员', dataIndex: 'trainees', width: 70 },
          { title: '课程', render: (_, r) => `${r.sessions}节 · ${r.hours}学时` },
          { title: '状态', dataIndex: 'status', render: (s: TrainingClassStatus) => <Tag color={CLASS_STATUS_COLOR[s]}>{trainingClassStatuses.label(s)}</Tag> },
        ]}
      />
      <ClassFormModal
        open={open}
        title="新建培训班"
        saving={create.isPending}
        onCancel={() => setOpen(false)}
        onSubmit={async (input) => {
          try {
            const c = await create.mutateAsync(input);
            message.success(`已新建培训班“${c.title}”`);
            setOpen(false);
            navigate(`/training/${c.id}`);
          } catch (e) {
            message.error(errorMessage(e));
          }
        }}
      />
    </Card>
  );
}
