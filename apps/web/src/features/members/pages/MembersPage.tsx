import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { download, errorMessage, type Query } from '../../../api/client.ts';
import type { Member } from '../../../api/types.ts';
import { dash } from '../../../lib/dates.ts';
import { useCan } from '../../auth/session.ts';
import { useMemberList, type MemberFilter } from '../members.api.ts';
import { MemberFilterBar } from '../components/MemberFilterBar.tsx';
import { CategoryTag, rankLabel, StatusTag } from '../member-labels.tsx';
import { filterFromParams, toParams } from '../../../lib/url-filters.ts';

const NUMBER_KEYS = ['orgId', 'ageMin', 'ageMax', 'page', 'pageSize'] as const;
const TEXT_KEYS = ['name', 'status', 'category', 'rank', 'joinFrom', 'joinTo', 'sort', 'order'] as const;
const FILTER_KEYS = ['orgId', 'name', 'status', 'category', 'rank', 'ageMin', 'ageMax', 'joinFrom', 'joinTo'] as const;

const SORTABLE: Record<string, MemberFilter['sort']> = { name: 'name', joinDate: 'joinDate', birthDate: 'birthDate', orgName: 'orgName' };

export default function MembersPage() {
  const can = useCan();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromParams<MemberFilter>(params, NUMBER_KEYS, TEXT_KEYS), [params]);
  const query: MemberFilter = { ...filter, page: filter.page ?? 1, pageSize: filter.pageSize ?? 20 };
  const list = useMemberList(query);
  const [exporting, setExporting] = useState(false);

  const setFilter = (f: MemberFilter) => setParams(toParams({ ...f, sort: filter.sort, order: filter.order, pageSize: filter.pageSize }));

  const onTableChange: TableProps<Member>['onChange'] = (pagination, _filters, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const sort = s?.order ? SORTABLE[String(s.columnKey)] : undefined;
    const order = s?.order === 'descend' ? 'desc' : s?.order === 'ascend' ? 'asc' : undefined;
    const sortChanged = sort !== filter.sort || order !== filter.order;
    setParams(toParams({ ...filter, sort, order, page: sortChanged ? 1 : pagination.current, pageSize: pagination.pageSize }));
  };

  const exportExcel = async () => {
    setExporting(true);
    try {
      const q: Query = {};
      for (const k of FILTER_KEYS) q[k] = filter[k];
      await download('/members/export', { ...q, sort: filter.sort, order: filter.order }, '党员名册.xlsx');
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  const sortOrder = (key: string) => (filter.sort === key ? (filter.order === 'desc' ? 'descend' : 'ascend') : null);

  const columns: TableProps<Member>['columns'] = [
    {
      title: '姓名',
      dataIndex: 'name',
      key: 'name',
      width: 100,
      fixed: 'left',
      ellipsis: true,
      sorter: true,
      sortOrder: sortOrder('name'),
      render: (name: string, m) => <Link to={`/members/${m.id}`}>{name}</Link>,
    },
    { title: '性别', dataIndex: 'gender', width: 50 },
    { title: '出生日期', dataIndex: 'birthDate', key: 'birthDate', width: 104, sorter: true, sortOrder: sortOrder('birthDate') },
    { title: '公民身份号码', dataIndex: 'idNumber', width: 164, render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span> },
    { title: '所在党组织', dataIndex: 'orgName', key: 'orgName', ellipsis: true, sorter: true, sortOrder: sortOrder('orgName') },
    { title: '人员类别', dataIndex: 'category', width: 86, render: (v: string) => <CategoryTag category={v} /> },
    { title: '入党日期', dataIndex: 'joinDate', key: 'joinDate', width: 104, sorter: true, sortOrder: sortOrder('joinDate') },
    { title: '职级', dataIndex: 'rank', width: 92, render: rankLabel },
    { title: '党内职务', dataIndex: 'partyPost', width: 100, ellipsis: true, render: dash },
    { title: '联系电话', dataIndex: 'phone', width: 112, render: dash },
    { title: '状态', dataIndex: 'status', width: 70, render: (v: string) => <StatusTag status={v} /> },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" styles={{ body: { paddingBottom: 4 } }}>
        <MemberFilterBar filter={filter} onSearch={setFilter} showOrg={can('org.read')} />
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
        {list.error && <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 8 }} />}
        <Table<Member>
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          onChange={onTableChange}
          scroll={{ x: 1120 }}
          data-testid="member-table"
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (t) => `共 ${t} 名党员`,
            showQuickJumper: true,
          }}
          onRow={(m) => ({ onDoubleClick: () => navigate(`/members/${m.id}`) })}
        />
      </Card>
    </Space>
  );
}
