import type { Kysely } from 'kysely';
import {
  findingSeverities,
  itemStatuses,
  lights,
  listKinds,
  measureStatuses,
  milestoneStatuses,
  progressStates,
  rectificationSentence,
  rectificationStates,
  verificationOutcomes,
  type FindingSeverity,
  type ItemStatus,
  type Light,
  type ListKind,
  type MeasureStatus,
  type MilestoneStatus,
  type ProgressState,
  type VerificationOutcome,
  type Ledger,
  type LedgerFinding,
  type LedgerItem,
} from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import { requirePermission, type RequestContext } from '../../access/actor.ts';
import { inSubtree, scopeFor } from '../../access/scope.ts';
import { streamedWorkbook } from '../../lib/xlsx-stream.ts';
import { audit } from '../audit/index.ts';
import { orgInReach } from './overview.service.ts';
import { groupBy, refreshSubtree } from './progress.ts';
import { rectificationState } from './list-items.service.ts';

const FROZEN = { views: [{ state: 'frozen' as const, ySplit: 1, xSplit: 2 }] };
const LIGHT_FILL: Record<string, string> = { red: 'FFFFC7CE', yellow: 'FFFFEB9C', blue: 'FFDDEBF7' };

/** Everything the ledger prints of a subtree's items, in the order inspectors read it. */
async function ledgerRows(db: Kysely<DB>, orgPath: string, year: number) {
  const items = await db
    .selectFrom('list_item')
    .innerJoin('org', 'org.id', 'list_item.org_id')
    .leftJoin('member', 'member.id', 'list_item.responsible_member_id')
    .selectAll('list_item')
    .select(['org.name as org_name', 'member.name as member_name'])
    .where('list_item.year', '=', year)
    .where((eb) => inSubtree(eb.ref('org.path'), orgPath))
    .orderBy('list_item.list_kind')
    .orderBy('org.path')
    .orderBy('list_item.deadline')
    .orderBy('list_item.id')
    .execute();
  const ids = items.map((i) => i.id);
  if (!ids.length) return [];
  const [milestones, steps, assists, closings, measures, inspections] = await Promise.all([
    db.selectFrom('list_item_milestone').selectAll().where('item_id', 'in', ids).orderBy('seq').execute(),
    db.selectFrom('list_item_step').selectAll().where('item_id', 'in', ids).orderBy('seq').execute(),
    db.selectFrom('list_item_org').innerJoin('org', 'org.id', 'list_item_org.org_id').select(['item_id', 'org.name']).where('item_id', 'in', ids).execute(),
    db.selectFrom('list_item_closing').selectAll().where('item_id', 'in', ids).where('status', '=', 'approved').orderBy('id').execute(),
    db.selectFrom('list_item_measure').selectAll().where('item_id', 'in', ids).orderBy('seq').execute(),
    db.selectFrom('inspection').select(['id', 'title']).where('id', 'in', [0, ...items.map((i) => i.inspection_id).filter((x): x is number => x !== null)]).execute(),
  ]);
  const ms = groupBy(measures, (r) => r.item_id);
  const inspectionTitle = new Map(inspections.map((x) => [x.id, x.title]));
  const m = groupBy(milestones, (r) => r.item_id);
  const s = groupBy(steps, (r) => r.item_id);
  const a = groupBy(assists, (r) => r.item_id);
  const c = groupBy(closings, (r) => r.item_id);
  return items.map((i) => ({
    ...i,
    milestones: m.get(i.id) ?? [],
    steps: s.get(i.id) ?? [],
    assists: a.get(i.id) ?? [],
    closing: c.get(i.id)?.at(-1),
    measures: ms.get(i.id) ?? [],
    inspection_title: i.inspection_id ? (inspectionTitle.get(i.inspection_id) ?? '') : '',
  }));
}

type LedgerRow = Awaited<ReturnType<typeof ledgerRows>>[number];

/** A row of the 清单台账 sheet: the cells as the Excel and the printed ledger show them. */
function ledgerItem(i: LedgerRow, n: number): LedgerItem {
  const closed = i.status === 'closed';
  return {
    id: i.id,
    seq: n + 1,
    title: i.title,
    content: i.content ?? '',
    listKind: i.list_kind as ListKind,
    listKindName: listKinds.label(i.list_kind as ListKind),
    category: i.category,
    orgName: i.org_name,
    assists: i.assists.map((x) => x.name),
    responsible: i.member_name ?? i.responsible_name,
    leader: i.leader_name,
    timetable: i.milestones.map((x) => `${x.seq}. ${x.title} · ${x.due_on} · ${x.weight}% · ${milestoneStatuses.label(x.status as MilestoneStatus)}`),
    route: i.steps.map((x) => `${x.seq}. ${x.text}`),
    deadline: i.deadline,
    progress: `${i.expected}% / ${i.actual}%（${progressStates.label(i.progress_state as ProgressState)}）`,
    light: closed ? null : (i.light as Light),
    lightName: closed ? '' : lights.label(i.light as Light),
    status: i.status as ItemStatus,
    statusName: itemStatuses.label(i.status as ItemStatus),
    closing: i.closing ? `${i.closed_on ?? ''} 销号：${i.closing.summary}` : '',
  };
}

/** A row of the 整改台账 sheet (问题、措施、责任人、时限、进展、销号). */
function ledgerFinding(i: LedgerRow, n: number): LedgerFinding {
  return {
    id: i.id,
    seq: n + 1,
    title: i.title,
    content: i.content ?? '',
    orgName: i.org_name,
    inspectionTitle: i.inspection_title,
    findingClass: i.finding_class,
    severityName: findingSeverities.label((i.severity ?? 'general') as FindingSeverity),
    principalName: i.principal_name,
    leaderName: i.leader_name,
    measures: i.measures.map((x) => `${x.seq}. ${x.content} · ${x.owner_name} · ${x.deadline} · ${measureStatuses.label(x.status as MeasureStatus)}${x.done_note ? `（${x.done_note}）` : ''}`),
    deadline: i.deadline,
    progress: `${rectificationStates.label(rectificationState(i))}${i.immediate ? '（立行立改）' : ''}`,
    closing: i.closing ? `${i.closed_on ?? ''} ${i.closing.outcome ? verificationOutcomes.label(i.closing.outcome as VerificationOutcome) : ''}：${i.closing.summary}${i.closing.verifiers.length ? `（验收人：${i.closing.verifiers.join('、')}）` : ''}` : '',
  };
}

/**
 * 清单台账 of an organisation's subtree for a year, as inspectors read it (问题/事项、措施、责任人、
 * 时限、进展、销号): one row per item, its timetable and route, progress and light as of today, the
 * closing's date and summary; then the 整改台账 of its findings and the progress sentence (R7). The
 * one reading of the records behind both the Excel and the printable ledger.
 */
async function ledgerOf(deps: AppDeps, ctx: RequestContext, year: number, orgId: number) {
  requirePermission(ctx.actor, 'supervision.read');
  const org = await orgInReach(deps.db, scopeFor(ctx.actor, 'supervision.read'), orgId);
  await refreshSubtree(deps.db, org.path, year, ctx.now);
  const rows = await ledgerRows(deps.db, org.path, year);
  const findings = rows.filter((r) => r.source === 'inspection');
  const summary = rectificationSentence({ findings: findings.length, rectified: findings.filter((r) => r.status === 'closed').length, basically: findings.filter((r) => rectificationState(r) === 'basically').length });
  return { org, items: rows.map(ledgerItem), findings: findings.map(ledgerFinding), summary };
}

const lines = (xs: string[]) => xs.join('\n');
const withContent = (r: { title: string; content: string }) => (r.content ? `${r.title}\n${r.content}` : r.title);

/** The Excel of the ledger: two sheets, audited as an export. */
export async function listLedger(deps: AppDeps, ctx: RequestContext, year: number, orgId: number) {
  const { org, items, findings, summary } = await ledgerOf(deps, ctx, year, orgId);
  const buffer = await streamedWorkbook(async (wb, pace) => {
    const ws = wb.addWorksheet(`${year}年清单台账`, FROZEN);
    ws.columns = [
      { header: '序号', width: 6 },
      { header: '事项', width: 36 },
      { header: '清单', width: 10 },
      { header: '类别', width: 14 },
      { header: '主办单位', width: 24 },
      { header: '协办单位', width: 24 },
      { header: '责任人', width: 10 },
      { header: '分管领导', width: 10 },
      { header: '时间表（节点·时间·权重·状态）', width: 44 },
      { header: '路线图', width: 36 },
      { header: '完成时限', width: 12 },
      { header: '进展（应完成/已确认）', width: 18 },
      { header: '亮灯', width: 8 },
      { header: '状态', width: 10 },
      { header: '销号', width: 36 },
    ];
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    for (const i of items) {
      const row = ws.addRow([i.seq, withContent(i), i.listKindName, i.category, i.orgName, i.assists.join('、'), i.responsible, i.leader, lines(i.timetable), lines(i.route), i.deadline, i.progress, i.lightName, i.statusName, i.closing]);
      row.alignment = { wrapText: true, vertical: 'top' };
      const fill = i.light ? LIGHT_FILL[i.light] : undefined;
      if (fill) row.getCell(13).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
      row.commit();
      await pace();
    }
    const rs = wb.addWorksheet(`${year}年整改台账`, FROZEN);
    rs.columns = [
      { header: '序号', width: 6 },
      { header: '问题表现', width: 36 },
      { header: '单位', width: 22 },
      { header: '督查', width: 22 },
      { header: '问题归类', width: 12 },
      { header: '严重程度', width: 8 },
      { header: '主要负责人', width: 10 },
      { header: '分管领导', width: 10 },
      { header: '整改措施（措施·责任人·时限·状态）', width: 50 },
      { header: '整改时限', width: 12 },
      { header: '进展', width: 16 },
      { header: '销号', width: 40 },
    ];
    rs.getRow(1).font = { bold: true };
    rs.getRow(1).commit();
    for (const f of findings) {
      const row = rs.addRow([f.seq, withContent(f), f.orgName, f.inspectionTitle, f.findingClass, f.severityName, f.principalName, f.leaderName, lines(f.measures), f.deadline, f.progress, f.closing]);
      row.alignment = { wrapText: true, vertical: 'top' };
      row.commit();
      await pace();
    }
    rs.addRow([]).commit();
    rs.addRow(['', summary.sentence]).commit();
  });
  await deps.db.transaction().execute((trx) => audit(trx, ctx, { action: 'list_item.ledger_export', entityType: 'org', entityId: org.id, after: { year, rows: items.length } }));
  return { buffer, filename: `${org.name}_${year}年清单台账.xlsx` };
}

/** The same ledger as data for the printable page (清单台账打印), audited like the Excel. */
export async function printableLedger(deps: AppDeps, ctx: RequestContext, year: number, orgId: number): Promise<Ledger> {
  const { org, items, findings, summary } = await ledgerOf(deps, ctx, year, orgId);
  await deps.db.transaction().execute((trx) => audit(trx, ctx, { action: 'list_item.ledger_print', entityType: 'org', entityId: org.id, after: { year, rows: items.length, findings: findings.length } }));
  return { org: { id: org.id, name: org.name }, year, generatedAt: ctx.now, items, findings, summary };
}
