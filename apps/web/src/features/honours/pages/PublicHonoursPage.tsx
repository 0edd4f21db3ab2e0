import { Card, Descriptions, Empty, Layout, Spin, Table, Typography } from 'antd';
import { honourKinds } from '@xianfeng/shared';
import { usePublicHonours } from '../honours.api.ts';

/** The public 公示 page (no login): the nominees in 公示, the window and where to send objections. */
export default function PublicHonoursPage() {
  const { data, isLoading } = usePublicHonours();
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <Layout.Content style={{ maxWidth: 960, margin: '0 auto', padding: 24, width: '100%' }}>
        <Typography.Title level={3} style={{ textAlign: 'center', color: '#c00' }}>
          创先争优评选结果公示
        </Typography.Title>
        {isLoading ? (
          <Spin />
        ) : !data?.items.length ? (
          <Card>
            <Empty description="当前没有公示中的评选" />
          </Card>
        ) : (
          data.items.map((c) => (
            <Card key={c.title} title={c.title} style={{ marginBottom: 16 }}>
              <Typography.Paragraph>
                经各单位推荐、资格审查和市直机关工委审核，拟命名以下{c.nominees.length}个{honourKinds.label(c.kind)}，现予公示。公示期间如有异议，请通过下列方式反映（请署真实姓名；匿名反映请提供具体事实）。
              </Typography.Paragraph>
              <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
                <Descriptions.Item label="公示期">{c.publicityFrom} 至 {c.publicityUntil}</Descriptions.Item>
                <Descriptions.Item label="异议受理">{c.objectionContact}</Descriptions.Item>
              </Descriptions>
              <Table rowKey={(r) => `${r.name}-${r.orgName}`} dataSource={c.nominees} pagination={false} size="small" columns={[{ title: '序号', render: (_, __, i) => i + 1, width: 70 }, { title: '名称（姓名）', dataIndex: 'name' }, { title: '所在单位', dataIndex: 'orgName' }]} />
            </Card>
          ))
        )}
      </Layout.Content>
    </Layout>
  );
}
