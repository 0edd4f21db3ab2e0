import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, App, Button, Card, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { download, errorMessage } from '../../../api/client.ts';
import type { Member } from '../../../api/types.ts';
import { dash } from '../../../lib/dates.ts';
import { useCan } from '../../auth/session.ts';
import { MEMBER_PARAMS, useMemberList } from '../members.api.ts';
import { MemberFilterBar } from '../components/MemberFilterBar.tsx';
import { CategoryTag, rankLabel, StatusTag } from '../member-labels.tsx';
import { usePagedList } from '../../../lib/usePagedList.ts';

export default function MembersPage() {
  const can = useCan();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const list = usePagedList({ useList: useMemberList, params: MEMBER_PARAMS, sortable: ['name', 'joinDate', 'birthDate', 'orgName'], unit: '名党员', pageSizeOptions: [20, 50, 100, 200] });
  const [exporting, setExporting] = useState(false);

  const exportExcel = async () => {
    setExporting(true);
    try {
      await download('/members/export', { ...list.filter, sort: list.request.sort, order: list.request.order }, '党员名册.xlsx');
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  const columns: TableProps<Member>['columns'] = [
    {
      title: '姓名',
      dataIndex: 'name',
      width: 100,
      fixed: 'left',
      ellipsis: true,
      ...list.sorter('name'),
      render: (name: string, m) => <Link to={`/members/${m.id}`}>{name}</Link>,
    },
    { title: '性别', dataIndex: 'gender', width: 50 },
    { title: '出生日期', dataIndex: 'birthDate', width: 104, ...list.sorter('birthDate') },
    { title: '公民身份号码', dataIndex: 'idNumber', width: 164, render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span> },
    { title: '所在党组织', dataIndex: 'orgName', ellipsis: true, ...list.sorter('orgName') },
    { title: '人员类别', dataIndex: 'category', width: 86, render: (v: string) => <CategoryTag category={v} /> },
    { title: '入党日期', dataIndex: 'joinDate', width: 104, ...list.sorter('joinDate') },
    { title: '职级', dataIndex: 'rank', width: 92, render: rankLabel },
    { title: '党内职务', dataIndex: 'partyPost', width: 100, ellipsis: true, render: dash },
    { title: '联系电话', dataIndex: 'phone', width: 112, render: dash },
    { title: '状态', dataIndex: 'status', width: 70, render: (v: string) => <StatusTag status={v} /> },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" styles={{ body: { paddingBottom: 4 } }}>
        <MemberFilterBar filter={list.filter} onSearch={list.setFilter} showOrg={can('org.read')} />
      </Card>
      <Card
        size="small"
        title={
          <Space>
            <span>党员名册</span>
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              身份证号与电话已脱敏，完整信息请在详情页查看
            </Typography.Text>
          </Space>
        }
        extra={
          <Space>
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportExcel}>
              导出Excel
            </Button>
            {can('member.write') && (
              <Button icon={<UploadOutlined />} onClick={() => navigate('/import')}>
                名册导入
              </Button>
            )}
            {can('member.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/members/new')}>
                新增党员
              </Button>
            )}
          </Space>
        }
      >
        {list.result.error && <Alert type="error" showIcon title={errorMessage(list.result.error)} style={{ marginBottom: 8 }} />}
        <Table<Member>
          size="small"
          rowKey="id"
          columns={columns}
          {...list.tableProps}
          scroll={{ x: 1120 }}
          data-testid="member-table"
          onRow={(m) => ({ onDoubleClick: () => navigate(`/members/${m.id}`) })}
        />
      </Card>
    </Space>
  );
}
