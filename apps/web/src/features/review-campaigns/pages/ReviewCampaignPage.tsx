import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { App, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Popconfirm, Progress, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { reviewMachine } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { formatDateTime } from '../../../lib/dates.ts';
import { useCommentToList, useReviewCampaign, useReviewStep, useSaveMeeting, type ReviewDetail } from '../review-campaigns.api.ts';
import { ReviewStatusTag } from '../review-labels.tsx';
import { SetupDrawer } from '../components/SetupDrawer.tsx';

type Reporter = ReviewDetail['reporterList'][number];

/** One comment list with the committee's 转入问题清单 per comment. */
function Comments({ d, p }: { d: ReviewDetail; p: Reporter }) {
  const { message } = App.useApp();
  const toList = useCommentToList(d.id);
  if (!p.comments.length) return <span style={{ color: '#888' }}>暂无点评意见</span>;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {p.comments.map((m) => (
        <div key={m.id}>
          <b>{m.reviewerName}</b>：{m.text} {m.problem && <Tag color="volcano">问题</Tag>}
          {m.listItemId ? (
            <Link to={`/lists/items/${m.listItemId}`}>已转入问题清单</Link>
          ) : (
            d.abilities.toList && (
              <Popconfirm
                title="转入该组织的问题清单（整改时限两个月）？"
                onConfirm={async () => {
                  try {
                    await toList.mutateAsync(m.id);
                    message.success('已转入问题清单');
                  } catch (e) {
                    message.error(errorMessage(e));
                  }
                }}
              >
                <Button size="small" type="link">
                  转入问题清单
                </Button>
              </Popconfirm>
            )
          )}
        </div>
      ))}
    </Space>
  );
}

/** 述职评议: the committee's page (set-up, states, participation, results); a unit admin sees its own reporters. */
export default function ReviewCampaignPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const q = useReviewCampaign(id);
  const step = useReviewStep(id);
  const meeting = useSaveMeeting(id);
  const [setup, setSetup] = useState(false);
  const [meetingOpen, setMeetingOpen] = useState(false);
  const [form] = Form.useForm<{ meetingOn: dayjs.Dayjs | null; meetingPlace: string }>();
  if (q.error) return <Card>{errorMessage(q.error)}</Card>;
  const d = q.data;
  if (!d) return <Card loading />;

  const run = async (event: 'open' | 'startVoting' | 'close') => {
    try {
      await step.mutateAsync(event === 'startVoting' ? 'start-voting' : event);
      message.success(`已${reviewMachine.transitions[event].label}`);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const saveMeeting = async () => {
    const v = await form.validateFields();
    try {
      await meeting.mutateAsync({ meetingOn: v.meetingOn ? v.meetingOn.format('YYYY-MM-DD') : null, meetingPlace: v.meetingPlace || null });
      message.success('述职会议已保存');
      setMeetingOpen(false);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const closed = d.status === 'closed';
  const groupName = (key: string) => d.groups.find((g) => g.key === key)?.name ?? key;

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            {d.name}
            <ReviewStatusTag status={d.status} />
          </Space>
        }
        extra={
          <Space wrap>
            {d.abilities.setup && <Button onClick={() => setSetup(true)}>评议设置</Button>}
            {d.abilities.meeting && (
              <Button
                onClick={() => {
                  form.setFieldsValue({ meetingOn: d.meetingOn ? dayjs(d.meetingOn) : null, meetingPlace: d.meetingPlace ?? '' });
                  setMeetingOpen(true);
                }}
              >
                述职会议
              </Button>
            )}
            {d.abilities.open && (
              <Popconfirm title="启动后评议设置不能再修改，确定启动述职？" onConfirm={() => run('open')}>
                <Button type="primary">启动述职</Button>
              </Popconfirm>
            )}
            {d.abilities.startVoting && (
              <Popconfirm title="开始测评后评议人即可投票，确定开始？" onConfirm={() => run('startVoting')}>
                <Button type="primary">开始测评</Button>
              </Popconfirm>
            )}
            {d.abilities.close && (
              <Popconfirm title="结束后不能再投票；标记为问题的点评意见将转入各组织问题清单。确定结束？" onConfirm={() => run('close')}>
                <Button type="primary" danger>
                  结束评议
                </Button>
              </Popconfirm>
            )}
            {d.isReviewer && <Button onClick={() => navigate(`/review-campaigns/${d.id}/ballot`)}>我的测评表</Button>}
            <Button onClick={() => navigate(`/review-campaigns?year=${d.year}`)}>返回列表</Button>
          </Space>
        }
      >
        <Descriptions column={{ xs: 1, sm: 2, md: 3 }} size="small">
          <Descriptions.Item label="年度">{d.year}</Descriptions.Item>
          <Descriptions.Item label="述职会议">{d.meetingOn ? `${d.meetingOn} ${d.meetingPlace ?? ''}` : '未定'}</Descriptions.Item>
          <Descriptions.Item label="评议等次">{d.scale.map((g) => `${g.label}（${g.score}）`).join(' / ')}</Descriptions.Item>
          <Descriptions.Item label="评议组与权重">{d.groups.map((g) => `${g.name} ${g.weight}`).join('；')}</Descriptions.Item>
          {d.ballotsExpected > 0 && (
            <Descriptions.Item label="投票进度">
              <Progress percent={Math.round((d.ballotsCast / d.ballotsExpected) * 100)} size="small" style={{ width: 160 }} format={() => `${d.ballotsCast}/${d.ballotsExpected}`} />
            </Descriptions.Item>
          )}
          {d.closedAt && <Descriptions.Item label="结束时间">{formatDateTime(d.closedAt)}</Descriptions.Item>}
        </Descriptions>
      </Card>

      <Card title={`述职人（${d.reporterList.length}）`}>
        <Table<Reporter>
          rowKey="id"
          size="small"
          dataSource={d.reporterList}
          pagination={false}
          scroll={{ x: 'max-content' }}
          expandable={{ expandedRowRender: (p) => <Comments d={d} p={p} />, rowExpandable: (p) => p.comments.length > 0 }}
          columns={[
            { title: '党组织', dataIndex: 'orgName' },
            {
              title: '述职人',
              render: (_, p) => (p.secretaryName ? <>{p.secretaryName} {p.secretarySource === 'committee' && <Tag>班子信息</Tag>}</> : <Tag color="red">未确定</Tag>),
            },
            {
              title: '述职报告',
              render: (_, p) => (
                <Space size={4}>
                  {p.hasReport ? <Tag color="green">已提交</Tag> : <Tag>未提交</Tag>}
                  <Link to={`/review-campaigns/${d.id}/reporters/${p.id}`}>{p.hasReport ? '查看' : '查看/填写'}</Link>
                </Space>
              ),
            },
            ...(closed
              ? [
                  { title: '综合得分', render: (_: unknown, p: Reporter) => p.result?.score ?? '—' },
                  { title: '等次', render: (_: unknown, p: Reporter) => (p.result?.gradeLabel ? <Tag color="blue">{p.result.gradeLabel}</Tag> : '—') },
                  { title: '各组均分', render: (_: unknown, p: Reporter) => p.result?.groups.map((g) => `${g.name} ${g.average ?? '无票'}`).join('；') },
                  { title: '票数分布', render: (_: unknown, p: Reporter) => p.result?.distribution.map((x) => `${x.label}${x.count}`).join(' ') },
                ]
              : []),
          ]}
        />
      </Card>

      {d.reviewerList.length > 0 && (
        <Card title="评议人与参与情况">
          <Table
            rowKey="userId"
            size="small"
            dataSource={d.reviewerList}
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: '评议人', dataIndex: 'name' },
              { title: '评议组', render: (_, r) => groupName(r.groupKey) },
              { title: '已投票', render: (_, r) => `${r.cast} / ${r.expected}` },
              { title: '状态', render: (_, r) => (r.cast >= r.expected ? <Tag color="green">已完成</Tag> : <Tag color="orange">未完成</Tag>) },
            ]}
          />
        </Card>
      )}

      {d.abilities.setup && <SetupDrawer open={setup} onClose={() => setSetup(false)} d={d} />}
      <Modal title="述职会议" open={meetingOpen} onCancel={() => setMeetingOpen(false)} onOk={saveMeeting} confirmLoading={meeting.isPending}>
        <Form form={form} layout="vertical">
          <Form.Item name="meetingOn" label="日期">
            <DatePicker />
          </Form.Item>
          <Form.Item name="meetingPlace" label="地点">
            <Input maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
