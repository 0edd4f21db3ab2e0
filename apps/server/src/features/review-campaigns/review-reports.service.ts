import { localDate, reviewMachine, type reviewReportDto, type z } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { mayReadReport, mayWriteReport } from '../../access/review-policy.ts';
import { conflict, forbidden, notFound } from '../../http/errors.ts';
import { checkedUpload } from '../../http/upload.ts';
import { runTransition } from '../../db/transition.ts';
import { newFileKey } from '../../lib/file-store.ts';
import { audit } from '../audit/index.ts';
import { rectificationState } from '../lists/index.ts';
import * as repo from './review-campaigns.repository.ts';
import { type Db, secretaryOf } from './review-common.ts';

// 述职评议 reports: written online or uploaded, with last year's problems attached (「三述四评两整改」).

async function reporterFor(db: Db, ctx: RequestContext, id: number, reporterId: number) {
  const c = await repo.findCampaign(db, id);
  if (!c) throw notFound('述职评议');
  const p = (await repo.reportersOf(db, id, null, localDate(ctx.now))).find((x) => x.id === reporterId);
  const reviewer = await repo.reviewerOf(db, id, ctx.actor.userId);
  if (!p || !mayReadReport(ctx.actor, p.org_path, reviewer)) throw notFound('述职人');
  return { c, p, reviewer };
}

type Report = z.output<typeof reviewReportDto>;

/** 「三述四评两整改」: the problems of last year's campaign for this organisation that became list items, with their state now. */
async function lastYearProblems(db: Db, year: number, orgId: number) {
  const rows = await db
    .selectFrom('review_comment as m')
    .innerJoin('review_reporter as p', 'p.id', 'm.reporter_id')
    .innerJoin('review_campaign as k', 'k.id', 'p.campaign_id')
    .innerJoin('list_item as i', 'i.id', 'm.list_item_id')
    .select(['m.id', 'm.text', 'k.year', 'i.id as item_id', 'i.title', 'i.deadline', 'i.status', 'i.outcome'])
    .where('k.year', '=', year - 1)
    .where('p.org_id', '=', orgId)
    .orderBy('m.id')
    .execute();
  return rows.map((r) => ({
    commentId: r.id,
    campaignYear: r.year,
    text: r.text,
    listItemId: r.item_id,
    title: r.title,
    deadline: r.deadline,
    status: r.status as 'in_progress' | 'closing' | 'closed',
    rectification: rectificationState(r),
  }));
}

export async function getReport(deps: AppDeps, ctx: RequestContext, id: number, reporterId: number): Promise<Report> {
  const { c, p } = await reporterFor(deps.db, ctx, id, reporterId);
  return {
    campaignId: c.id,
    campaignName: c.name,
    campaignStatus: c.status,
    year: c.year,
    reporterId: p.id,
    orgId: p.org_id,
    orgName: p.org_name,
    secretaryName: secretaryOf(p).name,
    text: p.report_text,
    file: p.report_file_key ? { fileName: p.report_file_name!, contentType: p.report_content_type!, size: p.report_size!, uploadedAt: p.report_file_at! } : null,
    updatedAt: p.report_updated_at,
    lastYearProblems: await lastYearProblems(deps.db, c.year, p.org_id),
    canEdit: mayWriteReport(ctx.actor, p.org_path) && reviewMachine.allows('report', c.status),
  };
}

export async function saveReportText(deps: AppDeps, ctx: RequestContext, id: number, reporterId: number, text: string) {
  const { p } = await reporterFor(deps.db, ctx, id, reporterId);
  if (!mayWriteReport(ctx.actor, p.org_path)) throw forbidden('只有述职组织的管理员可以填写述职报告');
  await runTransition(deps.db, reviewMachine, 'report', {
    load: (trx) => repo.findCampaign(trx, id, 'share'),
    notFound: () => notFound('述职评议'),
    apply: async (trx) => {
      await trx.updateTable('review_reporter').set({ report_text: text, report_updated_at: ctx.now }).where('id', '=', reporterId).execute();
      await audit(trx, ctx, { action: 'review.report', entityType: 'review_reporter', entityId: reporterId, before: { length: p.report_text?.length ?? 0 }, after: { campaignId: id, org: p.org_name, length: text.length } });
    },
  });
  return getReport(deps, ctx, id, reporterId);
}

export type ReceivedFile = { fileName: string; data: Buffer };

/** Upload the report as a document (the project's upload kinds and checks); replaces an earlier file. */
export async function saveReportFile(deps: AppDeps, ctx: RequestContext, id: number, reporterId: number, receive: () => Promise<ReceivedFile>) {
  const { c, p } = await reporterFor(deps.db, ctx, id, reporterId);
  if (!mayWriteReport(ctx.actor, p.org_path)) throw forbidden('只有述职组织的管理员可以上传述职报告');
  if (!reviewMachine.allows('report', c.status)) throw conflict(reviewMachine.refusal('report', c.status));
  const file = await receive();
  const { fileName, contentType } = checkedUpload(file);
  const key = newFileKey('review-report');
  await deps.files.put(key, file.data, contentType);
  let old: string | null = null;
  try {
    await runTransition(deps.db, reviewMachine, 'report', {
      load: (trx) => repo.findCampaign(trx, id, 'share'),
      notFound: () => notFound('述职评议'),
      apply: async (trx) => {
        const prev = await trx.selectFrom('review_reporter').select(['report_file_key', 'report_file_name']).where('id', '=', reporterId).forUpdate().executeTakeFirstOrThrow();
        old = prev.report_file_key;
        await trx
          .updateTable('review_reporter')
          .set({ report_file_key: key, report_file_name: fileName, report_content_type: contentType, report_size: file.data.length, report_file_at: ctx.now, report_updated_at: ctx.now })
          .where('id', '=', reporterId)
          .execute();
        await audit(trx, ctx, { action: 'review.report_file', entityType: 'review_reporter', entityId: reporterId, before: prev.report_file_name ? { fileName: prev.report_file_name } : null, after: { campaignId: id, org: p.org_name, fileName, contentType, size: file.data.length } });
      },
    });
  } catch (e) {
    await deps.files.delete(key).catch(() => undefined);
    throw e;
  }
  if (old) await deps.files.delete(old).catch(() => undefined);
  return getReport(deps, ctx, id, reporterId);
}

export async function getReportFile(deps: AppDeps, ctx: RequestContext, id: number, reporterId: number) {
  const { p } = await reporterFor(deps.db, ctx, id, reporterId);
  if (!p.report_file_key) throw notFound('述职报告文件');
  const data = await deps.files.get(p.report_file_key);
  if (!data) throw notFound('述职报告文件');
  return { fileName: p.report_file_name!, contentType: p.report_content_type!, data };
}
