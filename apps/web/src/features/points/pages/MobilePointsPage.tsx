import { useState } from 'react';
import { Alert, App, Button, Empty, Input, Modal, Skeleton, Tag } from 'antd';
import dayjs from 'dayjs';
import { pointAppealStatuses, pointCapReasons, pointItemKinds, type PointAppealStatus } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { PARTY_RED } from '../../../app/theme.ts';
import { useCurrentSession } from '../../auth/session.ts';
import { useCreateAppeal, useLedger, type LedgerLine } from '../points.api.ts';

const box = { background: '#fff', borderRadius: 8, padding: '12px 14px', boxShadow: '0 1px 2px rgba(0,0,0,0.04)' } as const;

/** 我的积分 (phone): the year's total and every line with the record that earned it. */
export default function MobilePointsPage() {
  const session = useCurrentSession();
  const { message } = App.useApp();
  const year = dayjs().year();
  const ledger = useLedger(session.user.memberId, year);
  const appeal = useCreateAppeal();
  const [target, setTarget] = useState<LedgerLine | null>(null);
  const [reason, setReason] = useState('');
  async function submitAppeal() {
    if (!target) return;
    try {
      await appeal.mutateAsync({ year, sourceType: target.source.type, sourceId: target.source.id, day: target.day, reason });
      message.success('已提交申诉，等待支部答复');
      setTarget(null);
      setReason('');
    } catch (e) {
      message.error(errorMessage(e));
    }
  }
  if (!session.user.memberId) return <Alert type="info" message="账户未关联党员，无积分" />;
  if (ledger.isLoading) return <Skeleton active />;
  if (ledger.error) return <Alert type="error" showIcon message={errorMessage(ledger.error)} />;
  const l = ledger.data!;
  return (
    <div>
      <div style={{ ...box, textAlign: 'center', marginTop: 8 }}>
        <div style={{ color: '#8c8c8c' }}>{year}年度积分</div>
        <div style={{ fontSize: 40, fontWeight: 700, color: PARTY_RED }} data-testid="m-points-total">{l.total}</div>
        <div style={{ color: '#595959', fontSize: 13 }}>基础分 {l.basePoints} · 加分 +{l.additions} · 扣分 {l.deductions}</div>
        {l.exempt && <Alert style={{ marginTop: 8 }} type="info" message={`本年度免于积分：${l.exempt.reason}`} />}
      </div>
      <h2 style={{ fontSize: 16, margin: '16px 4px 8px' }}>积分明细</h2>
      {!l.lines.length && <Empty description="本年度暂无积分记录" />}
      {[...l.lines].reverse().map((x) => (
        <div key={`${x.source.type}-${x.source.id}-${x.day}`} style={{ ...box, marginBottom: 8, display: 'flex', alignItems: 'center' }} data-testid="m-points-line">
          <div style={{ flex: 1 }}>
            <div style={{ fontWeight: 600 }}>{x.source.title}</div>
            <div style={{ color: '#8c8c8c', fontSize: 12, marginTop: 4 }}>
              {x.day} · {x.itemName ?? pointItemKinds.label(x.kind)}
              {x.cut && <Tag color="warning" style={{ marginLeft: 6 }}>{pointCapReasons.label(x.cut)}</Tag>}
            </div>
            {x.appeal ? (
              <div style={{ fontSize: 12, marginTop: 4 }} data-testid="m-points-appeal">
                <Tag color={x.appeal.status === 'open' ? 'processing' : x.appeal.status === 'upheld' ? 'success' : 'default'}>{pointAppealStatuses.label(x.appeal.status as PointAppealStatus)}</Tag>
                {x.appeal.answer}
              </div>
            ) : null}
            {x.appeal?.status !== 'open' && (
              <Button size="small" type="link" style={{ padding: 0, height: 'auto', fontSize: 12 }} onClick={() => setTarget(x)}>
                对这一条有异议？申诉
              </Button>
            )}
          </div>
          <div style={{ fontSize: 20, fontWeight: 700, color: x.points < 0 ? '#cf1322' : x.points > 0 ? '#389e0d' : '#bfbfbf' }}>{x.points > 0 ? `+${x.points}` : x.points}</div>
        </div>
      ))}
      <Modal title="积分申诉" open={!!target} onCancel={() => setTarget(null)} onOk={submitAppeal} okText="提交申诉" confirmLoading={appeal.isPending} okButtonProps={{ disabled: !reason.trim() }} destroyOnHidden>
        {target && (
          <p>
            {target.day} {target.source.title}（{target.points > 0 ? `+${target.points}` : target.points}分）
          </p>
        )}
        <Input.TextArea rows={4} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="请写明理由，如：当天出席了会议，记录有误" />
      </Modal>
    </div>
  );
}
