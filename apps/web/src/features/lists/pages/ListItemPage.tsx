import { useEffect, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Col, Descriptions, Empty, Result, Row, Space, Spin, Table, Tag, Timeline, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, AuditOutlined, CheckOutlined, EditOutlined, FileDoneOutlined, PaperClipOutlined, RollbackOutlined, SendOutlined, SwapOutlined, UnlockOutlined } from '@ant-design/icons';
import { evidenceKinds, itemEventKinds, itemSources, lights, listKinds, type Light } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { formatDateTime } from '../../../lib/dates.ts';
import {
  useCompleteMeasure,
  useDecideAdjustment,
  itemFileUrl,
  useDecideClosing,
  useHandoverNeeded,
  useListItem,
  useMilestoneStep,
  useReopenItem,
  type Adjustment,
  type Closing,
  type ListItem,
  type Measure,
  type Milestone,
} from '../lists.api.ts';
import { AdjustmentStatusTag, ClosingStatusTag, ItemStatusTag, LIGHT_HEX, LightTag, MilestoneStatusTag, OutcomeTag, ProgressCell, SourceTag } from '../list-labels.tsx';
import { TextDecisionModal, type TextDecision } from '../components/TextDecisionModal.tsx';
import { hasMeasures, PlanModal } from '../components/PlanModal.tsx';
import { AdjustmentModal } from '../components/AdjustmentModal.tsx';
import { ClosingModal } from '../components/ClosingModal.tsx';
import { VerifyModal } from '../components/VerifyModal.tsx';
import { FindingCard, MeasuresCard } from '../components/RectificationCards.tsx';
import '../lists.css';

const none = <Typography.Text type="secondary">—</Typography.Text>;
const textOr = (v: string | null | undefined) => (v && v.trim() ? <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span> : none);

type Dialog = 'plan' | 'adjust' | 'close' | 'verify' | null;

/** 清单事项: the plan, progress accepted by the level above, adjustments, 销号, lights and history. */
export default function ListItemPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const { data: item, isLoading, error } = useListItem(id);
  const [decision, setDecision] = useState<TextDecision | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const step = useMilestoneStep(id);
  const adjustment = useDecideAdjustment(id);
  const closing = useDecideClosing(id);
  const reopen = useReopenItem(id);
  const measure = useCompleteMeasure(id);
  // 整改责任交接: whether the responsible member left (only for the organisation's own readers).
  const handover = useHandoverNeeded(item?.orgId, !!item && !item.assisting && item.responsibleMemberId !== null && item.status !== 'closed');
  const leaving = item && handover.data?.items.find((p) => p.memberId === item.responsibleMemberId && p.openItems.some((o) => o.id === item.id));
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [id]);

  if (isLoading) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (error || !item) {
    return <Result status="warning" title="无法加载清单事项" subTitle={errorMessage(error)} extra={<Button onClick={() => navigate('/lists')}>返回清单管理</Button>} />;
  }

  const ab = item.abilities;
  const inProgress = item.status === 'in_progress';
  const pendingAdjustment = item.adjustments.find((a) => a.status === 'pending');
  const submittedClosing = item.closings.find((c) => c.status === 'submitted');
  /** A finding of an inspection is verified (验收) by the committee rather than approved by the level above. */
  const isFinding = item.source === 'inspection';
  const canDecideClosing = ab.review && item.status === 'closing' && !!submittedClosing;
  const showMeasures = hasMeasures(item);

  const claim = (m: Milestone) =>
    setDecision({
      title: `报送完成：${m.title}`,
      okText: '报送',
      label: '完成情况',
      required: '请填写完成情况',
      maxLength: 2000,
      placeholder: '如：方案已经支委会研究通过并印发',
      hint: '报送后由上级确认，确认后才计入进度。',
      done: '已报送，待上级确认',
      run: (note) => step.mutateAsync({ milestoneId: m.id, step: 'claim', text: note }),
    });
  const accept = (m: Milestone) =>
    setDecision({ title: `确认进度：${m.title}`, okText: '确认', label: '确认意见（可不填）', placeholder: '如：同意', done: '已确认，计入进度', run: (c) => step.mutateAsync({ milestoneId: m.id, step: 'accept', text: c }) });
  const returnClaim = (m: Milestone) =>
    setDecision({ title: `退回进度：${m.title}`, okText: '退回', danger: true, label: '退回意见', required: '请填写退回意见', placeholder: '请写明需要补充的内容', done: '已退回', run: (c) => step.mutateAsync({ milestoneId: m.id, step: 'return', text: c }) });
  const decideAdjustment = (approve: boolean) =>
    setDecision(
      approve
        ? { title: '批准调整申请', okText: '批准', label: '审批意见（可不填）', done: '已批准，调整已生效', run: (c) => adjustment.mutateAsync({ decision: 'approve', comment: c }) }
        : { title: '不予批准调整申请', okText: '不予批准', danger: true, label: '理由', required: '请填写不予批准的理由', hint: '不予批准时事项保持原样。', done: '已不予批准', run: (c) => adjustment.mutateAsync({ decision: 'reject', comment: c }) },
    );
  const decideClosing = (approve: boolean) =>
    setDecision(
      approve
        ? { title: '批准销号', okText: '批准销号', label: '审核意见（可不填）', hint: '批准后事项销号，进度记为100%。', done: '已批准销号', run: (c) => closing.mutateAsync({ decision: 'approve', comment: c }) }
        : { title: '退回销号申请', okText: '退回', danger: true, label: '退回理由', required: '请填写退回理由', placeholder: '如：缺少十二月记录', done: '已退回销号申请', run: (c) => closing.mutateAsync({ decision: 'return', comment: c }) },
    );
  const completeMeasure = (m: Measure) =>
    setDecision({
      title: `报告完成：${m.content}`,
      okText: '报告完成',
      label: '完成情况',
      required: '请填写完成情况',
      maxLength: 2000,
      placeholder: '如：已补开支委会并完善会议记录',
      hint: '措施全部完成后可申请销号，由工委（督查组）验收。',
      done: '已报告完成',
      run: (note) => measure.mutateAsync({ measureId: m.id, note: note! }),
    });
  const reopenItem = () =>
    setDecision({ title: '重新打开事项', okText: '重新打开', danger: true, label: '理由', required: '请填写重新打开的理由', placeholder: '如：回头看发现记录不全', hint: '重新打开后事项回到“推进中”，需再次申请销号。', done: '已重新打开', run: (r) => reopen.mutateAsync(r!) });

  const buttons: ReactNode[] = [];
  if (ab.plan) buttons.push(<Button key="plan" icon={<EditOutlined />} onClick={() => setDialog('plan')} data-testid="edit-plan">修改计划</Button>);
  if (ab.adjust) buttons.push(<Button key="adjust" icon={<SwapOutlined />} onClick={() => setDialog('adjust')} data-testid="request-adjustment">申请调整</Button>);
  if (ab.close) buttons.push(<Button key="close" type="primary" icon={<FileDoneOutlined />} onClick={() => setDialog('close')} data-testid="request-closing">申请销号</Button>);
  if (canDecideClosing && isFinding) {
    buttons.push(<Button key="verify" type="primary" icon={<AuditOutlined />} onClick={() => setDialog('verify')} data-testid="verify-closing">验收</Button>);
  } else if (canDecideClosing) {
    buttons.push(<Button key="approve-close" type="primary" icon={<CheckOutlined />} onClick={() => decideClosing(true)} data-testid="approve-closing">批准销号</Button>);
    buttons.push(<Button key="return-close" danger icon={<RollbackOutlined />} onClick={() => decideClosing(false)} data-testid="return-closing">退回</Button>);
  }
  if (ab.reopen) buttons.push(<Button key="reopen" icon={<UnlockOutlined />} onClick={reopenItem} data-testid="reopen-item">重新打开</Button>);

  const base = [
    { key: 'org', label: '党组织', children: item.orgName },
    { key: 'kind', label: '清单', children: `${listKinds.label(item.listKind)} · ${item.category}` },
    { key: 'source', label: '来源', children: itemSources.label(item.source) },
    { key: 'start', label: '开始日期', children: item.startOn },
    { key: 'deadline', label: '完成时限', children: item.deadline },
    {
      key: 'responsible',
      label: '责任人',
      children: item.responsible ? (
        <Space size={6} wrap>
          <span>{item.responsible}</span>
          {leaving && (
            <Tooltip title={`${leaving.memberName}${leaving.why}，请在清单管理中选择本组织，于“待交接”中指定接任人`}>
              <Tag color="warning" data-testid="handover-needed-tag">
                责任人已调离，待交接
              </Tag>
            </Tooltip>
          )}
        </Space>
      ) : (
        <Typography.Text type="warning">未指定，请在“修改计划”中指定</Typography.Text>
      ),
    },
    { key: 'leader', label: '分管领导', children: textOr(item.leaderName) },
    { key: 'assist', label: '协办单位', span: 2, children: item.assistOrgs.length ? item.assistOrgs.map((o) => o.name).join('、') : none },
    { key: 'content', label: '内容', span: 3, children: textOr(item.content) },
    { key: 'evidence', label: '佐证要求', span: 3, children: textOr(item.evidenceRequired) },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {item.status === 'closing' && <Alert type="info" showIcon title={isFinding ? '已申请销号，等待工委（督查组）验收；验收前不能修改计划或报告措施完成' : '已申请销号，等待上级审核；审核完成前不能修改计划或报送进度'} />}
      {item.status === 'closed' && <Alert type="success" showIcon title="已销号" data-testid="closed-alert" />}
      {item.assisting && <Alert type="info" showIcon title="本组织为该事项的协办单位：可以查看，由牵头组织办理" />}
      <Card
        size="small"
        title={
          <Space wrap size={8}>
            <span data-testid="item-title">{item.title}</span>
            <ItemStatusTag status={item.status} />
            <LightTag light={item.progress.light} />
            <SourceTag source={item.source} />
          </Space>
        }
        extra={
          <Space wrap size={8}>
            {buttons}
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
              返回
            </Button>
          </Space>
        }
      >
        <Row gutter={[16, 8]} align="middle" style={{ marginBottom: 12 }}>
          <Col xs={24} md={10}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              序时进度
            </Typography.Text>
            <ProgressCell progress={item.progress} width={320} />
          </Col>
          <Col xs={24} md={14}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {item.orgName} · {listKinds.label(item.listKind)} · 完成时限 {item.deadline}
            </Typography.Text>
          </Col>
        </Row>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          基本信息
        </Typography.Title>
        <Descriptions size="small" bordered column={{ xs: 1, sm: 2, md: 2, lg: 3, xl: 3, xxl: 3 }} styles={{ label: { width: 96, whiteSpace: 'nowrap' } }} items={base} />
      </Card>

      {item.finding && <FindingCard item={item} />}
      {showMeasures && <MeasuresCard item={item} onComplete={completeMeasure} />}

      {/* A finding is driven by its measures: the timetable and route show only when it has them. */}
      {(!isFinding || item.milestones.length > 0) && <MilestonesCard item={item} onClaim={claim} onAccept={accept} onReturn={returnClaim} />}

      {(!isFinding || item.steps.length > 0) && (
        <Card size="small" title="路线图">
          {item.steps.length ? (
            <ol style={{ margin: 0, paddingInlineStart: 20 }} data-testid="steps">
              {item.steps.map((s, i) => (
                <li key={i} style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
                  {s}
                </li>
              ))}
            </ol>
          ) : (
            <Typography.Text type="secondary">尚未制定路线图{ab.plan ? '，请点击“修改计划”' : ''}</Typography.Text>
          )}
        </Card>
      )}

      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <AdjustmentsCard
            adjustments={item.adjustments}
            actions={
              ab.review && pendingAdjustment && inProgress ? (
                <Space size={4}>
                  <Button size="small" type="primary" onClick={() => decideAdjustment(true)} data-testid="approve-adjustment">
                    批准
                  </Button>
                  <Button size="small" danger onClick={() => decideAdjustment(false)} data-testid="reject-adjustment">
                    不予批准
                  </Button>
                </Space>
              ) : ab.adjust ? (
                <Button size="small" icon={<SwapOutlined />} onClick={() => setDialog('adjust')}>
                  申请调整
                </Button>
              ) : null
            }
          />
        </Col>
        <Col xs={24} lg={12}>
          <ClosingsCard
            itemId={item.id}
            closings={item.closings}
            actions={
              ab.close ? (
                <Button size="small" type="primary" icon={<SendOutlined />} onClick={() => setDialog('close')}>
                  申请销号
                </Button>
              ) : canDecideClosing && isFinding ? (
                <Button size="small" type="primary" icon={<AuditOutlined />} onClick={() => setDialog('verify')}>
                  验收
                </Button>
              ) : canDecideClosing ? (
                <Space size={4}>
                  <Button size="small" type="primary" onClick={() => decideClosing(true)}>
                    批准销号
                  </Button>
                  <Button size="small" danger onClick={() => decideClosing(false)}>
                    退回
                  </Button>
                </Space>
              ) : ab.plan && inProgress ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="closing-blocked">
                  {pendingAdjustment ? '调整申请审批后可申请销号' : isFinding ? '整改措施全部完成后可申请销号' : '报送的进度经上级确认后可申请销号'}
                </Typography.Text>
              ) : null
            }
          />
        </Col>
      </Row>

      <Row gutter={[12, 12]}>
        <Col xs={24} lg={10}>
          <LightsCard lights={item.lights} />
        </Col>
        <Col xs={24} lg={14}>
          <HistoryCard history={item.history} />
        </Col>
      </Row>

      <TextDecisionModal decision={decision} onClose={() => setDecision(null)} />
      {ab.plan && <PlanModal item={item} open={dialog === 'plan'} onClose={() => setDialog(null)} />}
      {ab.adjust && <AdjustmentModal item={item} open={dialog === 'adjust'} onClose={() => setDialog(null)} />}
      {ab.close && <ClosingModal item={item} open={dialog === 'close'} onClose={() => setDialog(null)} />}
      {ab.review && isFinding && <VerifyModal item={item} open={dialog === 'verify'} onClose={() => setDialog(null)} />}
    </Space>
  );
}

type MilestoneActions = { onClaim: (m: Milestone) => void; onAccept: (m: Milestone) => void; onReturn: (m: Milestone) => void };

/** 时间表: the milestones, each claimed by the organisation and accepted (or returned) by the level above. */
function MilestonesCard({ item, onClaim, onAccept, onReturn }: { item: ListItem } & MilestoneActions) {
  const ab = item.abilities;
  const inProgress = item.status === 'in_progress';
  const canAct = inProgress && (ab.claim || ab.review);
  return (
    <Card size="small" title="时间表" extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>节点经上级确认后计入进度</Typography.Text>}>
      <Table<Milestone>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={item.milestones}
        scroll={{ x: 860 }}
        locale={{ emptyText: `尚未制定时间表${ab.plan ? '，请点击“修改计划”添加节点' : ''}（未制定时按完成时限一次完成计算）` }}
        data-testid="milestones"
        columns={[
          { title: '节点', dataIndex: 'title', render: (t: string, m) => <span>{m.seq}. {t}</span> },
          { title: '时间', dataIndex: 'dueOn', width: 100 },
          { title: '权重', dataIndex: 'weight', width: 60, align: 'right', render: (w: number) => `${w}%` },
          { title: '状态', dataIndex: 'status', width: 80, render: (_: unknown, m) => <MilestoneStatusTag status={m.status} /> },
          {
            title: '报送说明 / 退回意见',
            key: 'note',
            render: (_: unknown, m) => (
              <div style={{ whiteSpace: 'pre-wrap', minWidth: 160 }}>
                {m.claimNote && <div>{m.claimNote}</div>}
                {m.claimedBy && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {m.claimedBy} 报送于 {formatDateTime(m.claimedAt)}
                  </Typography.Text>
                )}
                {m.returnComment && m.status === 'open' && <div><Typography.Text type="danger">退回意见：{m.returnComment}</Typography.Text></div>}
                {!m.claimNote && !m.returnComment && none}
              </div>
            ),
          },
          { title: '确认人', key: 'accepted', width: 130, render: (_: unknown, m) => (m.acceptedBy ? <span>{m.acceptedBy}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{m.acceptedOn}</Typography.Text></span> : none) },
          ...(canAct
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  width: 120,
                  fixed: 'right' as const,
                  render: (_: unknown, m: Milestone) => (
                    <Space size={4}>
                      {ab.claim && m.status === 'open' && (
                        <Button size="small" type="link" onClick={() => onClaim(m)} data-testid="claim-milestone">
                          报送完成
                        </Button>
                      )}
                      {ab.review && m.status === 'claimed' && (
                        <>
                          <Button size="small" type="link" onClick={() => onAccept(m)} data-testid="accept-milestone">
                            确认
                          </Button>
                          <Button size="small" type="link" danger onClick={() => onReturn(m)} data-testid="return-milestone">
                            退回
                          </Button>
                        </>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function AdjustmentsCard({ adjustments, actions }: { adjustments: Adjustment[]; actions: ReactNode }) {
  const change = (a: Adjustment) => {
    const parts: string[] = [];
    if (a.proposed.deadline) parts.push(`完成时限 ${a.before.deadline} → ${a.proposed.deadline}`);
    if (a.proposed.title !== undefined) parts.push(`名称 “${a.before.title}” → “${a.proposed.title}”`);
    if (a.proposed.content !== undefined) parts.push('内容调整');
    return parts.join('；');
  };
  return (
    <Card size="small" title="调整申请" extra={actions} style={{ height: '100%' }} data-testid="adjustments">
      {adjustments.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有调整申请" style={{ margin: '8px 0' }} />
      ) : (
        <Space orientation="vertical" size={10} style={{ width: '100%' }}>
          {adjustments.map((a) => (
            <div key={a.id} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8 }}>
              <Space wrap size={6}>
                <AdjustmentStatusTag status={a.status} />
                <Typography.Text strong>{change(a)}</Typography.Text>
              </Space>
              <div style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>理由：{a.reason}</div>
              {a.proposed.content !== undefined && <div style={{ whiteSpace: 'pre-wrap' }}><Typography.Text type="secondary">新的内容：</Typography.Text>{a.proposed.content || '（空）'}</div>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {a.requestedBy} 申请于 {formatDateTime(a.requestedAt)}
                {a.decidedBy && `；${a.decidedBy} 审批于 ${formatDateTime(a.decidedAt)}`}
              </Typography.Text>
              {a.comment && <div style={{ whiteSpace: 'pre-wrap' }}>审批意见：{a.comment}</div>}
            </div>
          ))}
        </Space>
      )}
    </Card>
  );
}

/** A linked record of a closing: the activity record, the uploaded file (download), the rectified finding. */
function EvidenceLink({ itemId, kind, refId, label }: { itemId: number; kind: Closing['evidence'][number]['kind']; refId: number | null; label: string }) {
  if (!refId) return <span>{label}</span>;
  if (kind === 'activity') return <Link to={`/activities/${refId}`}>{label}</Link>;
  if (kind === 'rectification') return <Link to={`/lists/items/${refId}`}>{label}</Link>;
  if (kind === 'file') {
    const image = /\.(jpe?g|png)$/i.test(label);
    return (
      <Typography.Link href={itemFileUrl(itemId, refId)} {...(image ? { target: '_blank', rel: 'noopener' } : { download: label })} title={image ? `查看 ${label}` : `下载 ${label}`}>
        <PaperClipOutlined /> {label}
      </Typography.Link>
    );
  }
  return <span>{label}</span>;
}

function ClosingsCard({ itemId, closings, actions }: { itemId: number; closings: Closing[]; actions: ReactNode }) {
  return (
    <Card size="small" title="销号" extra={actions} style={{ height: '100%' }} data-testid="closings">
      {closings.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未申请销号" style={{ margin: '8px 0' }} />
      ) : (
        <Space orientation="vertical" size={10} style={{ width: '100%' }}>
          {closings.map((c) => (
            <div key={c.id} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8 }} data-testid="closing-entry">
              <Space wrap size={6}>
                <ClosingStatusTag status={c.status} />
                {c.outcome && <OutcomeTag outcome={c.outcome} />}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.submittedBy} 提交于 {formatDateTime(c.submittedAt)}
                </Typography.Text>
              </Space>
              <div style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{c.summary}</div>
              {c.evidence.some((e) => e.kind !== 'text') && (
                <div style={{ marginTop: 4 }} data-testid="closing-evidence">
                  <Typography.Text type="secondary">依据：</Typography.Text>
                  {c.evidence
                    .filter((e) => e.kind !== 'text')
                    .map((e, i) => (
                      <div key={i}>
                        <Typography.Text type="secondary" style={{ fontSize: 12, marginRight: 6 }}>
                          {evidenceKinds.label(e.kind)}
                        </Typography.Text>
                        <EvidenceLink itemId={itemId} kind={e.kind} refId={e.refId} label={e.label} />
                      </div>
                    ))}
                </div>
              )}
              {c.verifiers.length > 0 && <div data-testid="closing-verifiers">验收人：{c.verifiers.join('、')}</div>}
              {c.decidedBy && (
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {c.decidedBy} {c.outcome ? '验收' : '审核'}于 {formatDateTime(c.decidedAt)}
                  </Typography.Text>
                  {c.comment && (
                    <div style={{ whiteSpace: 'pre-wrap' }}>
                      {c.status === 'returned' ? <Typography.Text type="danger">{c.outcome ? '未完成原因' : '退回理由'}：{c.comment}</Typography.Text> : `${c.outcome ? '验收' : '审核'}意见：${c.comment}`}
                    </div>
                  )}
                </div>
              )}
            </div>
          ))}
        </Space>
      )}
    </Card>
  );
}

function LightsCard({ lights: entries }: { lights: ListItem['lights'] }) {
  return (
    <Card size="small" title="亮灯记录" style={{ height: '100%' }} data-testid="lights">
      {entries.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有亮灯记录" style={{ margin: '8px 0' }} />
      ) : (
        <Timeline
          style={{ marginTop: 8, marginBottom: -16 }}
          items={entries.map((l, i) => ({
            key: i,
            color: LIGHT_HEX[l.light as Light],
            content: (
              <div>
                <Typography.Text strong>{l.day}</Typography.Text>
                <Tag color={l.light === 'none' ? 'default' : undefined} style={{ marginInline: 8, color: l.light === 'none' ? undefined : LIGHT_HEX[l.light as Light] }}>
                  {l.light === 'none' ? '恢复正常' : lights.label(l.light as Light)}
                </Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  应完成 {l.expected}% / 已确认 {l.actual}%
                </Typography.Text>
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}

const HISTORY_COLOR: Partial<Record<string, string>> = { accept: '#389e0d', close_approve: '#389e0d', measure_done: '#389e0d', finding: '#d4380d', adjust_approve: '#389e0d', return_claim: '#cf1322', close_return: '#cf1322', adjust_reject: '#cf1322', reopen: '#d48806', light: '#8c8c8c' };

function HistoryCard({ history }: { history: ListItem['history'] }) {
  return (
    <Card size="small" title="办理记录" style={{ height: '100%' }} data-testid="history">
      {history.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无记录" style={{ margin: '8px 0' }} />
      ) : (
        <Timeline
          style={{ marginTop: 8, marginBottom: -16 }}
          items={history.map((h, i) => ({
            key: i,
            color: HISTORY_COLOR[h.kind] ?? '#1677ff',
            content: (
              <div>
                <Typography.Text strong>{itemEventKinds.label(h.kind)}</Typography.Text>
                <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                  {h.by ?? '系统'} · {formatDateTime(h.at)}
                </Typography.Text>
                {h.note && <div style={{ whiteSpace: 'pre-wrap', marginTop: 2 }}>{h.note}</div>}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
