import { Progress, Space, Tag, Tooltip, Typography } from 'antd';
import {
  adjustmentStatuses,
  closingStatuses,
  findingSeverities,
  measureStatuses,
  rectificationStates,
  verificationOutcomes,
  type FindingSeverity,
  type MeasureStatus,
  type RectificationState,
  type VerificationOutcome,
  itemSources,
  itemStatuses,
  lights,
  milestoneStatuses,
  progressStates,
  type AdjustmentStatus,
  type ClosingStatus,
  type ItemSource,
  type ItemStatus,
  type Light,
  type MilestoneStatus,
  type ProgressState,
} from '@xianfeng/shared';
import type { ListItemRow } from './lists.api.ts';

// Labels come from the shared option lists; only the colours are chosen here.

export const LIGHT_TAG_COLOR: Record<Light, string> = { none: 'default', blue: 'blue', yellow: 'gold', red: 'red' };
/** Hex colours for bars and timeline dots (antd's named 'blue' follows the theme's primary colour, party red here). */
export const LIGHT_HEX: Record<Light, string> = { none: '#8c8c8c', blue: '#1677ff', yellow: '#d48806', red: '#cf1322' };

export function LightTag({ light }: { light: Light }) {
  return (
    <Tag color={LIGHT_TAG_COLOR[light]} style={{ marginInlineEnd: 0 }} data-testid="light-tag">
      {lights.label(light)}
    </Tag>
  );
}

const ITEM_STATUS_COLOR: Record<ItemStatus, string> = { in_progress: 'processing', closing: 'gold', closed: 'green' };
export function ItemStatusTag({ status }: { status: ItemStatus }) {
  return (
    <Tag color={ITEM_STATUS_COLOR[status]} style={{ marginInlineEnd: 0 }} data-testid="item-status">
      {itemStatuses.label(status)}
    </Tag>
  );
}

const MILESTONE_COLOR: Record<MilestoneStatus, string> = { open: 'default', claimed: 'gold', accepted: 'green' };
export function MilestoneStatusTag({ status }: { status: MilestoneStatus }) {
  return <Tag color={MILESTONE_COLOR[status]}>{milestoneStatuses.label(status)}</Tag>;
}

const ADJUSTMENT_COLOR: Record<AdjustmentStatus, string> = { pending: 'gold', approved: 'green', rejected: 'red' };
export function AdjustmentStatusTag({ status }: { status: AdjustmentStatus }) {
  return <Tag color={ADJUSTMENT_COLOR[status]}>{adjustmentStatuses.label(status)}</Tag>;
}

const CLOSING_COLOR: Record<ClosingStatus, string> = { submitted: 'gold', approved: 'green', returned: 'red' };
export function ClosingStatusTag({ status }: { status: ClosingStatus }) {
  return <Tag color={CLOSING_COLOR[status]}>{closingStatuses.label(status)}</Tag>;
}

const SOURCE_COLOR: Record<ItemSource, string> = { key_task: 'red', own: 'purple', inspection: 'volcano', review: 'geekblue', assessment: 'magenta' };
export function SourceTag({ source }: { source: ItemSource }) {
  return (
    <Tag color={SOURCE_COLOR[source]} style={{ marginInlineEnd: 4 }}>
      {source === 'own' ? '自定' : itemSources.label(source)}
    </Tag>
  );
}

const SEVERITY_COLOR: Record<FindingSeverity, string> = { general: 'default', serious: 'orange', critical: 'red' };
export function SeverityTag({ severity }: { severity: FindingSeverity }) {
  return (
    <Tag color={SEVERITY_COLOR[severity]} style={{ marginInlineEnd: 0 }} data-testid="severity-tag">
      {findingSeverities.label(severity)}
    </Tag>
  );
}

const RECTIFICATION_COLOR: Record<RectificationState, string> = { open: 'processing', verifying: 'gold', basically: 'cyan', rectified: 'green' };
export function RectificationStateTag({ state }: { state: RectificationState }) {
  return (
    <Tag color={RECTIFICATION_COLOR[state]} style={{ marginInlineEnd: 0 }} data-testid="rectification-state">
      {rectificationStates.label(state)}
    </Tag>
  );
}

const OUTCOME_COLOR: Record<VerificationOutcome, string> = { rectified: 'green', basically: 'cyan', unfinished: 'red' };
export function OutcomeTag({ outcome }: { outcome: VerificationOutcome }) {
  return (
    <Tag color={OUTCOME_COLOR[outcome]} style={{ marginInlineEnd: 0 }} data-testid="outcome-tag">
      {verificationOutcomes.label(outcome)}
    </Tag>
  );
}

const MEASURE_COLOR: Record<MeasureStatus, string> = { open: 'processing', done: 'green' };
export function MeasureStatusTag({ status }: { status: MeasureStatus }) {
  return <Tag color={MEASURE_COLOR[status]}>{measureStatuses.label(status)}</Tag>;
}

type ProgressFacts = ListItemRow['progress'];

/**
 * 序时进度 against accepted progress: a bar (the accepted share, the expected share as the
 * lighter track) and "应完成 X% / 已确认 Y%".
 */
export function ProgressCell({ progress, width = 150 }: { progress: ProgressFacts; width?: number }) {
  const state = progressStates.label(progress.state as ProgressState);
  return (
    <Tooltip title={`序时进度（按时间表应完成）${progress.expected}%，上级已确认 ${progress.actual}%：${state}`}>
      <div style={{ width, maxWidth: '100%' }} data-testid="progress-cell">
        <Progress
          percent={progress.expected}
          success={{ percent: progress.actual, strokeColor: progress.light === 'none' ? '#389e0d' : LIGHT_HEX[progress.light] }}
          strokeColor="#d9d9d9"
          showInfo={false}
          size="small"
          style={{ margin: 0 }}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
          应完成 {progress.expected}% / 已确认 {progress.actual}%
        </Typography.Text>
      </div>
    </Tooltip>
  );
}

/** 进度待确认 / 调整待审批 / 销号待审: what waits for the level above. */
export function PendingBadges({ pending }: { pending: ListItemRow['pending'] }) {
  if (!pending.claims && !pending.adjustment && !pending.closing) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={[0, 4]} wrap>
      {pending.claims > 0 && <Tag color="orange">{pending.claims} 条进度待确认</Tag>}
      {pending.adjustment && <Tag color="orange">调整待审批</Tag>}
      {pending.closing && <Tag color="orange">销号待审</Tag>}
    </Space>
  );
}
