import { Link } from 'react-router';
import { Tag, Typography } from 'antd';
import { appealStatuses, roundStatuses, sheetStatuses, type AppealStatus, type RoundStatus, type SheetStatus } from '@xianfeng/shared';
import { useCan } from '../auth/session.ts';
import type { UnitSheet } from './rounds.api.ts';

const roundColor: Record<RoundStatus, string> = { scoring: 'processing', published: 'orange', closed: 'green' };
const sheetColor: Record<SheetStatus, string> = { self_assessing: 'default', submitted: 'gold', reviewed: 'green' };
const appealColor: Record<AppealStatus, string> = { open: 'gold', upheld: 'green', rejected: 'default' };

export const RoundStatusTag = ({ status }: { status: string }) => <Tag color={roundColor[status as RoundStatus]}>{roundStatuses.label(status as RoundStatus)}</Tag>;
export const SheetStatusTag = ({ status }: { status: string }) => <Tag color={sheetColor[status as SheetStatus]}>{sheetStatuses.label(status as SheetStatus)}</Tag>;
export const AppealStatusTag = ({ status }: { status: string }) => <Tag color={appealColor[status as AppealStatus]}>{appealStatuses.label(status as AppealStatus)}</Tag>;

/** Without the scheme's bands (a unit's sheet): the usual names. */
const byName: Record<string, string> = { 优秀: 'green', 良好: 'blue', 好: 'blue', 合格: 'orange', 一般: 'orange', 较好: 'blue', 基本合格: 'volcano', 不合格: 'red', 较差: 'red', 差: 'red' };
const bandColors = ['green', 'blue', 'orange', 'volcano', 'red', 'magenta', 'purple', 'default'];

/** 等次 coloured by its band: the first (best) green, then blue, orange, red. */
export function GradeTag({ grade, bands }: { grade: string; bands: { grade: string }[] }) {
  if (!grade) return <Typography.Text type="secondary">—</Typography.Text>;
  const i = bands.findIndex((b) => b.grade === grade);
  const color = i >= 0 ? bandColors[i] : byName[grade] ?? 'default';
  return <Tag color={color}>{grade}</Tag>;
}

export const fmt = (n: number | null | undefined) => (n === null || n === undefined ? '—' : String(Math.round(n * 100) / 100));

type Ref = UnitSheet['categories'][number]['indicators'][number]['events'][number]['ref'];

/** The record behind a point, linked to its page where the console has one (处分 only for discipline.read). */
export function RefLink({ refTo, children }: { refTo: Ref; children: React.ReactNode }) {
  const can = useCan();
  if (!refTo) return <>{children}</>;
  const to = (() => {
    switch (refTo.type) {
      case 'list_item':
        return `/lists/items/${refTo.id}`;
      case 'activity':
        return `/activities/${refTo.id}`;
      case 'org':
        return `/orgs/${refTo.id}`;
      case 'card':
        return '/cards';
      case 'honour':
        return '/honours';
      case 'review':
        return `/review-campaigns/${refTo.id}`;
      case 'discipline':
        return can('discipline.read') ? '/discipline' : null;
      default:
        return null;
    }
  })();
  return to ? <Link to={to}>{children}</Link> : <>{children}</>;
}
