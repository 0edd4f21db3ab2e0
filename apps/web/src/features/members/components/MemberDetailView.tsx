import { useState, type ReactNode } from 'react';
import { App, Button, Card, Descriptions, Result, Space, Spin, Table, Tag, Typography } from 'antd';
import { EditOutlined, EyeOutlined, SwapOutlined, UserOutlined } from '@ant-design/icons';
import type { MemberDetail, MemberSensitive } from '../../../api/types.ts';
import { errorMessage } from '../../../api/client.ts';
import { dash } from '../../../lib/dates.ts';
import { fetchSensitive, useMember } from '../members.api.ts';
import { cadreLabel, CategoryTag, educationLabel, FlagTags, labelOf, rankLabel, StatusTag } from '../member-labels.tsx';
import { memberStatuses } from '@xianfeng/shared';
import { StatusChangeModal } from './StatusChangeModal.tsx';

type Props = { memberId: number; onEdit?: () => void; extra?: ReactNode; title?: string };

/** A member's record: masked by default, the full personal data on an audited request. */
export function MemberDetailView({ memberId, onEdit, extra, title }: Props) {
  const { data: m, isLoading, error } = useMember(memberId);
  const { modal, message } = App.useApp();
  const [sensitive, setSensitive] = useState<MemberSensitive | null>(null);
  const [loadingSensitive, setLoadingSensitive] = useState(false);
  const [statusOpen, setStatusOpen] = useState(false);

  if (isLoading) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (error || !m) return <Result status="warning" title="无法加载党员信息" subTitle={errorMessage(error)} />;

  const reveal = () =>
    modal.confirm({
      title: '查看完整个人信息',
      content: '将显示完整的公民身份号码、联系电话和家庭住址。本次查看将记入审计日志。',
      okText: '确认查看',
      onOk: async () => {
        setLoadingSensitive(true);
        try {
          setSensitive(await fetchSensitive(m.id));
        } catch (e) {
          message.error(errorMessage(e));
        } finally {
          setLoadingSensitive(false);
        }
      },
    });

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        size="small"
        title={
          <Space wrap>
            <UserOutlined />
            <span data-testid="member-name">{title ?? m.name}</span>
            <StatusTag status={m.status} />
            <CategoryTag category={m.category} />
            <FlagTags m={m} />
          </Space>
        }
        extra={
          <Space wrap>
            {m.abilities.viewSensitive && !sensitive && (
              <Button icon={<EyeOutlined />} loading={loadingSensitive} onClick={reveal}>
                查看完整信息
              </Button>
            )}
            {m.abilities.edit && onEdit && (
              <Button icon={<EditOutlined />} onClick={onEdit}>
                编辑
              </Button>
            )}
            {m.abilities.edit && (
              <Button icon={<SwapOutlined />} onClick={() => setStatusOpen(true)}>
                变更状态
              </Button>
            )}
            {extra}
          </Space>
        }
      >
        {sensitive && (
          <Typography.Paragraph type="warning" style={{ marginBottom: 8 }}>
            正在显示完整个人信息（本次查看已记入审计日志），请注意保密。
          </Typography.Paragraph>
        )}
        <MemberDescriptions m={m} sensitive={sensitive} />
      </Card>
      <Card size="small" title="党籍状态变更记录">
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={m.statusHistory}
          locale={{ emptyText: '无变更记录' }}
          columns={[
            { title: '变更日期', dataIndex: 'changedOn', width: 120 },
            { title: '原状态', dataIndex: 'fromStatus', width: 100, render: (v: string | null) => labelOf(memberStatuses, v) },
            { title: '新状态', dataIndex: 'toStatus', width: 100, render: (v: string) => <StatusTag status={v} /> },
            { title: '原因', dataIndex: 'reason', render: dash },
          ]}
        />
      </Card>
      <Card size="small" title="组织关系变动记录">
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={m.orgHistory}
          locale={{ emptyText: '无变动记录' }}
          columns={[
            { title: '变动日期', dataIndex: 'movedOn', width: 120 },
            { title: '转出组织', dataIndex: 'fromOrgName', render: dash },
            { title: '转入组织', dataIndex: 'toOrgName', render: dash },
            { title: '原因', dataIndex: 'reason', render: dash },
          ]}
        />
      </Card>
      {m.abilities.edit && <StatusChangeModal member={m} open={statusOpen} onClose={() => setStatusOpen(false)} />}
    </Space>
  );
}

function MemberDescriptions({ m, sensitive }: { m: MemberDetail; sensitive: MemberSensitive | null }) {
  const address = sensitive ? dash(sensitive.address) : m.hasAddress ? '（已登记，查看完整信息后显示）' : '—';
  const yesNo = (b: boolean) => (b ? '是' : '否');
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, sm: 2, md: 2, lg: 3, xl: 3, xxl: 3 }}
      styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
      items={[
        { key: 'name', label: '姓名', children: m.name },
        { key: 'gender', label: '性别', children: m.gender },
        { key: 'ethnicity', label: '民族', children: m.ethnicity },
        {
          key: 'id',
          label: '公民身份号码',
          children: <span style={{ fontFamily: 'monospace' }} data-testid="member-id-number">{sensitive ? sensitive.idNumber : m.idNumber}</span>,
        },
        { key: 'birth', label: '出生日期', children: m.birthDate },
        { key: 'edu', label: '学历', children: educationLabel(m.education) },
        { key: 'org', label: '所在党组织', children: m.orgName },
        { key: 'category', label: '人员类别', children: <CategoryTag category={m.category} /> },
        { key: 'status', label: '党籍状态', children: <StatusTag status={m.status} /> },
        { key: 'join', label: '入党日期', children: m.joinDate },
        { key: 'full', label: '转正日期', children: dash(m.fullDate) },
        { key: 'partyPost', label: '党内职务', children: dash(m.partyPost) },
        { key: 'job', label: '工作岗位', children: dash(m.jobPost) },
        { key: 'rank', label: '职级', children: rankLabel(m.rank) },
        { key: 'cadre', label: '党务干部', children: cadreLabel(m.cadreType) },
        { key: 'phone', label: '联系电话', children: <span style={{ fontFamily: 'monospace' }}>{sensitive ? dash(sensitive.phone) : dash(m.phone)}</span> },
        { key: 'address', label: '家庭住址', children: address, span: 2 },
        { key: 'lost', label: '失联党员', children: m.lostContact ? <Tag color="volcano">是，{dash(m.lostContactDate)}起</Tag> : '否' },
        { key: 'flow', label: '流动党员', children: m.flowing ? <Tag color="geekblue">是，流向：{dash(m.flowTo)}</Tag> : '否' },
        { key: 'hardship', label: '困难党员', children: yesNo(m.hardship) },
        { key: 'retired', label: '离退休', children: yesNo(m.retired) },
      ]}
    />
  );
}
