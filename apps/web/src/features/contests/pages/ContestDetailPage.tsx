import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Input, Modal, Radio, Select, Space, Table, Tabs, Tag } from 'antd';
import { useParams } from 'react-router';
import { contestMachine, contestPhases, contestStatuses, flagStates, type FlagState } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { useContest, useContestTransition, useFlags, useLeaderboard, useReviewFlag, type FlagList, type Leaderboard } from '../contests.api.ts';
import { statusColor } from './ContestsPage.tsx';

type Row = Leaderboard['individuals']['items'][number];
type OrgRow = Leaderboard['orgs'][number];
type FlagRow = FlagList['items'][number];

const fmtSeconds = (s: number) => (s >= 60 ? `${Math.floor(s / 60)}分${Math.round(s % 60)}秒` : `${s.toFixed(1)}秒`);

/** 知识竞赛 detail (console): its settings and transitions, the live leaderboards (individuals and child organisations, drilling down), and the review of 异常 attempts. */
export default function ContestDetailPage() {
  const id = Number(useParams().id);
  const contest = useContest(id);
  const [orgId, setOrgId] = useState<number | undefined>();
  const [trail, setTrail] = useState<{ id: number; name: string }[]>([]);
  const [page, setPage] = useState(1);
  const board = useLeaderboard(id, { orgId, page, pageSize: 20 }, 15_000);
  const [flagState, setFlagState] = useState<FlagState>('flagged');
  const flags = useFlags(id, { state: flagState, pageSize: 50 });
  const transition = useContestTransition();
  const review = useReviewFlag();
  const { message, modal } = App.useApp();
  const [reviewing, setReviewing] = useState<{ row: FlagRow; decision: 'clear' | 'confirm' } | null>(null);
  const [reason, setReason] = useState('');

  if (contest.error) return <Alert type="error" showIcon title={errorMessage(contest.error)} />;
  const c = contest.data;
  if (!c) return <Card loading />;

  const act = (event: 'publish' | 'finish' | 'cancel') =>
    modal.confirm({
      title: `${contestMachine.transitions[event].label}知识竞赛`,
      content: event === 'publish' ? '发布后党员即可在练习日期内练习、在竞赛日期内答题；参赛基数按当前在册党员统计。' : `确定${contestMachine.transitions[event].label}“${c.title}”？`,
      okText: contestMachine.transitions[event].label,
      onOk: async () => {
        try {
          await transition.mutateAsync({ id, event });
          message.success(`已${contestMachine.transitions[event].label}`);
        } catch (e) {
          message.error(errorMessage(e));
          throw e;
        }
      },
    });

  async function submitReview() {
    if (!reviewing) return;
    try {
      await review.mutateAsync({ id, attemptId: reviewing.row.attemptId, input: { decision: reviewing.decision, reason } });
      message.success(reviewing.decision === 'clear' ? '已核实为正常，成绩计入排名' : '已确认异常，成绩不计入排名');
      setReviewing(null);
      setReason('');
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  const drill = (o: OrgRow) => {
    setTrail([...trail, { id: board.data!.orgId, name: board.data!.orgName }]);
    setOrgId(o.orgId);
    setPage(1);
  };
  const back = (i: number) => {
    setOrgId(i === 0 ? undefined : trail[i].id);
    setTrail(trail.slice(0, i));
    setPage(1);
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <span>
            {c.title} <Tag color={statusColor[c.status]}>{contestStatuses.label(c.status)}</Tag>
            {c.status === 'published' && <Tag color="red">{contestPhases.label(c.phase)}</Tag>}
          </span>
        }
        extra={
          c.canManage && (
            <Space>
              {(['publish', 'finish', 'cancel'] as const)
                .filter((e) => contestMachine.allows(e, c.status))
                .map((e) => (
                  <Button key={e} type={e === 'publish' ? 'primary' : 'default'} danger={e === 'cancel'} onClick={() => act(e)}>
                    {contestMachine.transitions[e].label}
                  </Button>
                ))}
            </Space>
          )
        }
      >
        <Descriptions size="small" column={3}>
          <Descriptions.Item label="举办组织">{c.orgName}</Descriptions.Item>
          <Descriptions.Item label="试卷">{`${c.paperTitle}（${c.questionCount}题，${c.totalScore}分）`}</Descriptions.Item>
          <Descriptions.Item label="参赛人数">{c.participants}</Descriptions.Item>
          <Descriptions.Item label="练习日期">{`${c.practiceFrom} 至 ${c.practiceTo}`}</Descriptions.Item>
          <Descriptions.Item label="竞赛日期">{`${c.contestFrom} 至 ${c.contestTo}`}</Descriptions.Item>
          <Descriptions.Item label="每人每日">{`${c.dailyLimit}次，每次${c.timeLimitMinutes}分钟`}</Descriptions.Item>
          <Descriptions.Item label="异常判定">{c.minSecondsPerQuestion ? `用时少于 题数×${c.minSecondsPerQuestion}秒` : '不判定'}</Descriptions.Item>
          <Descriptions.Item label="排名规则">最高分，同分用时少者在前，再同则先交卷者在前；异常答卷核实前不计入</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card>
        <Tabs
          items={[
            {
              key: 'board',
              label: '实时排行',
              children: (
                <>
                  {board.error && <Alert type="error" showIcon title={errorMessage(board.error)} />}
                  <div style={{ marginBottom: 8 }}>
                    {trail.map((t, i) => (
                      <span key={t.id}>
                        <Button type="link" size="small" onClick={() => back(i)}>
                          {t.name}
                        </Button>
                        /
                      </span>
                    ))}
                    <b style={{ marginLeft: 8 }}>{board.data?.orgName}</b>
                  </div>
                  <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
                    <div style={{ flex: 3 }}>
                      <h4>个人排行</h4>
                      <Table<Row>
                        rowKey={(r) => `${r.rank}-${r.memberId}`}
                        size="small"
                        loading={board.isFetching && !board.data}
                        dataSource={board.data?.individuals.items}
                        pagination={{ current: page, pageSize: 20, total: board.data?.individuals.total, onChange: setPage, showTotal: (t) => `共 ${t} 人上榜` }}
                        columns={[
                          { title: '名次', dataIndex: 'rank', width: 60 },
                          { title: '姓名', dataIndex: 'name', width: 90 },
                          { title: '所在组织', dataIndex: 'orgName', ellipsis: true },
                          { title: '最高分', dataIndex: 'score', width: 70 },
                          { title: '用时', width: 90, render: (_, r) => fmtSeconds(r.seconds) },
                        ]}
                      />
                    </div>
                    <div style={{ flex: 2 }}>
                      <h4 style={{ marginBottom: 2 }}>下级组织（参与率、平均分）</h4>
                      <div style={{ color: '#8c8c8c', fontSize: 12, marginBottom: 8 }} data-testid="roster-note">
                        按竞赛发布时的党员名册统计，党员计入当时所在组织；发布后调入或新增的党员只计入个人排名。
                      </div>
                      <Table<OrgRow>
                        rowKey="orgId"
                        size="small"
                        dataSource={board.data?.orgs}
                        pagination={{ pageSize: 15, hideOnSinglePage: true }}
                        locale={{ emptyText: '没有下级组织' }}
                        columns={[
                          { title: '名次', dataIndex: 'rank', width: 56 },
                          { title: '组织', render: (_, o) => <Button type="link" size="small" style={{ padding: 0 }} onClick={() => drill(o)}>{o.orgName}</Button> },
                          { title: '参与', width: 100, render: (_, o) => `${o.participants}/${o.members}` },
                          { title: '参与率', width: 70, render: (_, o) => `${o.rate}%` },
                          { title: '平均分', width: 70, render: (_, o) => o.averageScore ?? '—' },
                        ]}
                      />
                    </div>
                  </div>
                </>
              ),
            },
            ...(c.canManage
              ? [
                  {
                    key: 'flags',
                    label: `异常答卷${c.flagged ? `（${c.flagged}待核）` : ''}`,
                    children: (
                      <>
                        <Radio.Group value={flagState} onChange={(e) => setFlagState(e.target.value)} style={{ marginBottom: 12 }} optionType="button" options={(['flagged', 'cleared', 'confirmed'] as const).map((v) => ({ value: v, label: flagStates.label(v) }))} />
                        <Table<FlagRow>
                          rowKey="attemptId"
                          size="small"
                          dataSource={flags.data?.items}
                          pagination={false}
                          locale={{ emptyText: '没有此类答卷' }}
                          columns={[
                            { title: '姓名', dataIndex: 'name', width: 90 },
                            { title: '所在组织', dataIndex: 'orgName', ellipsis: true },
                            { title: '日期', dataIndex: 'day', width: 110 },
                            { title: '得分', dataIndex: 'score', width: 70 },
                            { title: '用时', width: 160, render: (_, r) => <span style={{ color: '#cf1322' }}>{r.seconds === null ? '—' : `${fmtSeconds(r.seconds)}（下限${r.minSeconds}秒）`}</span> },
                            { title: '说明', dataIndex: 'reason', ellipsis: true },
                            {
                              title: '核实',
                              width: 180,
                              render: (_, r) =>
                                r.flag === 'flagged' ? (
                                  <Space>
                                    <Button size="small" onClick={() => setReviewing({ row: r, decision: 'clear' })}>核实正常</Button>
                                    <Button size="small" danger onClick={() => setReviewing({ row: r, decision: 'confirm' })}>确认异常</Button>
                                  </Space>
                                ) : (
                                  <Tag>{flagStates.label(r.flag)}</Tag>
                                ),
                            },
                          ]}
                        />
                      </>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Modal
        title={reviewing?.decision === 'clear' ? '核实为正常（成绩计入排名）' : '确认异常（成绩不计入排名）'}
        open={!!reviewing}
        onCancel={() => setReviewing(null)}
        onOk={submitReview}
        okText="确定"
        confirmLoading={review.isPending}
        okButtonProps={{ disabled: !reason.trim() }}
        destroyOnHidden
      >
        {reviewing && <p>{`${reviewing.row.name}（${reviewing.row.orgName}）${reviewing.row.day} 的答卷：${reviewing.row.score ?? '—'}分，用时${reviewing.row.seconds ?? '—'}秒`}</p>}
        <Input.TextArea rows={3} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="请写明核实意见，如：本人现场复核答题，确认为本人作答" />
      </Modal>
    </Space>
  );
}
