import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  adjustmentInput,
  claimInput,
  closingInput,
  decisionInput,
  errorResponses,
  findingInput,
  inspectionFindingParams,
  measureParams,
  rectificationPageDto,
  rectificationQuery,
  verifyInput,
  fileResponse,
  ledgerDto,
  ledgerQuery,
  overviewDto,
  overviewQuery,
  handoverInput,
  handoverNeededDto,
  handoverQuery,
  handoverResultDto,
  idParam,
  itemIdParams,
  itemPlanInput,
  keyTaskDto,
  keyTaskInput,
  keyTaskListDto,
  keyTaskQuery,
  listItemDto,
  listItemFileDto,
  listItemFileParams,
  listPageDto,
  listQuery,
  milestoneParams,
  okDto,
  ownItemInput,
  reasonInput,
  z,
} from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import * as keyTasks from './key-tasks.service.ts';
import * as items from './list-items.service.ts';
import * as workflow from './item-workflow.service.ts';
import * as closing from './item-closing.service.ts';
import * as handover from './handover.service.ts';
import { listOverview, overviewWorkbook } from './overview.service.ts';
import * as rectification from './rectification.service.ts';
import { listLedger, printableLedger } from './ledger.ts';
import { sendXlsx, XLSX_TYPE } from '../../http/xlsx.ts';
import { receiveDocument, sendStoredFile, UPLOAD_CONTENT_TYPES } from '../../http/upload.ts';
import * as itemFiles from './item-files.service.ts';

const tags = ['清单管理'];
const taskParams = z.object({ id: idParam }).strict();

export function registerListRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // 重点任务: the committee drafts and publishes; everyone who reads lists reads them.
  r.get('/api/key-tasks', {
    schema: { tags, summary: '年度重点任务（含下达后各组织的事项数与销号数）', querystring: keyTaskQuery, response: { 200: keyTaskListDto, ...errorResponses(400, 401, 403) } },
    handler: (req) => keyTasks.listKeyTasks(deps, ctxOf(req, deps), req.query.year),
  });
  r.post('/api/key-tasks', {
    schema: { tags, summary: '新建重点任务（草稿，工委）', body: keyTaskInput, response: { 200: keyTaskDto, ...errorResponses(400, 401, 403) } },
    handler: (req) => keyTasks.createKeyTask(deps, ctxOf(req, deps), req.body),
  });
  r.put('/api/key-tasks/:id', {
    schema: { tags, summary: '修改重点任务（仅草稿）', params: taskParams, body: keyTaskInput, response: { 200: keyTaskDto, ...errorResponses(400, 401, 403, 404, 409) } },
    handler: (req) => keyTasks.updateKeyTask(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  r.delete('/api/key-tasks/:id', {
    schema: { tags, summary: '删除重点任务（仅草稿）', params: taskParams, response: { 200: okDto, ...errorResponses(401, 403, 404, 409) } },
    handler: (req) => keyTasks.deleteKeyTask(deps, ctxOf(req, deps), req.params.id),
  });
  r.post('/api/key-tasks/:id/publish', {
    schema: {
      tags,
      summary: '下达重点任务：为每个适用的组织（按单位类型、组织类型）生成一条清单事项，一个事务',
      params: taskParams,
      body: z.object({}).strict().optional(),
      response: { 200: keyTaskDto, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: (req) => keyTasks.publishKeyTask(deps, ctxOf(req, deps), req.params.id),
  });

  // 清单: an organisation's subtree, paged and filtered in the database.
  r.get('/api/lists', {
    schema: { tags, summary: '清单事项（组织及下级，含协办事项；亮灯统计不含协办）', querystring: listQuery, response: { 200: listPageDto, ...errorResponses(400, 401, 403, 404) } },
    handler: (req) => items.listItems(deps, ctxOf(req, deps), req.query),
  });
  r.post('/api/list-items', {
    schema: { tags, summary: '新建本组织自定事项（创新动作）', body: ownItemInput, response: { 200: listItemDto, ...errorResponses(400, 401, 403, 404) } },
    handler: (req) => workflow.createOwnItem(deps, ctxOf(req, deps), req.body),
  });
  r.get('/api/list-items/:id', {
    schema: { tags, summary: '清单事项详情：时间表、路线图、进度、调整、销号、亮灯历史', params: itemIdParams, response: { 200: listItemDto, ...errorResponses(401, 403, 404) } },
    handler: (req) => items.itemDetail(deps, ctxOf(req, deps), req.params.id),
  });
  r.put('/api/list-items/:id/plan', {
    schema: { tags, summary: '修改时间表（节点与权重）、路线图、责任人、分管领导、协办单位', params: itemIdParams, body: itemPlanInput, response: { 200: listItemDto, ...errorResponses(400, 401, 403, 404, 409) } },
    handler: (req) => workflow.updatePlan(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  r.post('/api/list-items/:id/milestones/:milestoneId/claim', {
    schema: { tags, summary: '报送节点完成（上级确认后才计入进度）', params: milestoneParams, body: claimInput, response: { 200: listItemDto, ...errorResponses(400, 401, 403, 404, 409) } },
    handler: (req) => workflow.claimMilestone(deps, ctxOf(req, deps), req.params.id, req.params.milestoneId, req.body.note),
  });
  for (const decision of ['accept', 'return'] as const) {
    r.post(`/api/list-items/:id/milestones/:milestoneId/${decision}`, {
      schema: { tags, summary: decision === 'accept' ? '确认节点进度（上级）' : '退回节点进度（上级，须填写意见）', params: milestoneParams, body: decisionInput, response: { 200: listItemDto, ...errorResponses(400, 401, 403, 404, 409) } },
      handler: (req) => workflow.decideMilestone(deps, ctxOf(req, deps), req.params.id, req.params.milestoneId, decision, req.body.comment ?? null),
    });
  }
  r.post('/api/list-items/:id/adjustments', {
    schema: { tags, summary: '申请调整完成时限、名称或内容（上级批准后生效）', params: itemIdParams, body: adjustmentInput, response: { 200: listItemDto, ...errorResponses(400, 401, 403, 404, 409) } },
    handler: (req) => workflow.requestAdjustment(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  for (const decision of ['approve', 'reject'] as const) {
    r.post(`/api/list-items/:id/adjustment/${decision}`, {
      schema: { tags, summary: decision === 'approve' ? '批准调整申请（上级）' : '不予批准调整申请（上级，须填写理由；事项保持原样）', params: itemIdParams, body: decisionInput, response: { 200: listItemDto, ...errorResponses(400, 401, 403, 404, 409) } },
      handler: (req) => workflow.decideAdjustment(deps, ctxOf(req, deps), req.params.id, decision, req.body.comment ?? null),
    });
  }
  // 佐证材料: documents uploaded to an item as 销号 evidence (as activity attachments are kept).
  r.post('/api/list-items/:id/files', {
    schema: {
      tags,
      summary: '上传销号佐证材料（字段 file；jpg/jpeg/png/pdf/docx/xlsx，单个不超过20MB，每项事项至多30个；牵头单位，推进中）',
      params: itemIdParams,
      consumes: ['multipart/form-data'],
      response: { 201: listItemFileDto, ...errorResponses(400, 401, 403, 404, 409, 413) },
    },
    handler: async (req, reply) => reply.status(201).send(await itemFiles.addItemFile(deps, ctxOf(req, deps), req.params.id, () => receiveDocument(req))),
  });
  r.get('/api/list-items/:id/files/:fileId', {
    schema: { tags, summary: '下载销号佐证材料（可查看该事项者；图片在浏览器内显示，其余下载）', params: listItemFileParams, response: { 200: fileResponse('佐证材料内容（jpg/png 在浏览器内显示）', ...UPLOAD_CONTENT_TYPES), ...errorResponses(400, 401, 403, 404) } },
    handler: async (req, reply) => sendStoredFile(reply, await itemFiles.getItemFile(deps, ctxOf(req, deps), req.params.id, req.params.fileId)),
  });
  r.delete('/api/list-items/:id/files/:fileId', {
    schema: { tags, summary: '删除尚未随销号申请报送的佐证材料（牵头单位，推进中）', params: listItemFileParams, response: { 200: okDto, ...errorResponses(400, 401, 403, 404, 409) } },
    handler: async (req) => {
      await itemFiles.deleteItemFile(deps, ctxOf(req, deps), req.params.id, req.params.fileId);
      return { ok: true as const };
    },
  });
  r.post('/api/list-items/:id/close', {
    schema: { tags, summary: '申请销号：完成情况与依据（可附佐证材料，关联已审核通过的组织生活记录、已整改的督查问题）', params: itemIdParams, body: closingInput, response: { 200: listItemDto, ...errorResponses(400, 401, 403, 404, 409) } },
    handler: (req) => closing.submitClosing(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  for (const decision of ['approve', 'return'] as const) {
    r.post(`/api/list-items/:id/closing/${decision}`, {
      schema: { tags, summary: decision === 'approve' ? '批准销号（上级）' : '退回销号申请（上级，须填写理由）', params: itemIdParams, body: decisionInput, response: { 200: listItemDto, ...errorResponses(400, 401, 403, 404, 409) } },
      handler: (req) => closing.decideClosing(deps, ctxOf(req, deps), req.params.id, decision, req.body.comment ?? null),
    });
  }
  r.post('/api/list-items/:id/reopen', {
    schema: { tags, summary: '重新打开已销号事项（回头看，上级，须填写理由）', params: itemIdParams, body: reasonInput, response: { 200: listItemDto, ...errorResponses(400, 401, 403, 404, 409) } },
    handler: (req) => workflow.reopenItem(deps, ctxOf(req, deps), req.params.id, req.body.reason),
  });

  // 整改责任交接: whose open items need a successor, and the handover itself.
  r.get('/api/list-items/handover-needed', {
    schema: { tags, summary: '待交接：责任人已转出、去世或调离本组织的未销号事项', querystring: handoverQuery, response: { 200: handoverNeededDto, ...errorResponses(400, 401, 403, 404) } },
    handler: (req) => handover.handoverNeeded(deps, ctxOf(req, deps), req.query.orgId),
  });
  r.post('/api/list-items/handover', {
    schema: { tags, summary: '责任交接：原责任人在本组织（含下级）的全部未销号事项交给接任人，一个事务', body: handoverInput, response: { 200: handoverResultDto, ...errorResponses(400, 401, 403, 404) } },
    handler: (req) => handover.handOver(deps, ctxOf(req, deps), req.body),
  });

  // The committee's overview and the ledger, built from the records.
  r.get('/api/lists/overview', {
    schema: { tags, summary: '清单总览：下一级各单位（按组织顺序，无事项的单位也列出）的事项数、销号率、亮灯、逾期、待审', querystring: overviewQuery, response: { 200: overviewDto, ...errorResponses(400, 401, 403, 404) } },
    handler: (req) => listOverview(deps, ctxOf(req, deps), req.query.year, req.query.orgId),
  });
  r.get('/api/lists/overview.xlsx', {
    schema: { tags, summary: '清单总览 Excel（按组织顺序列出全部下一级单位，无事项的也列出；本级与合计）', querystring: overviewQuery, response: { 200: fileResponse('清单总览（Excel）', XLSX_TYPE), ...errorResponses(400, 401, 403, 404) } },
    handler: async (req, reply) => {
      const { buffer, filename } = await overviewWorkbook(deps, ctxOf(req, deps), req.query.year, req.query.orgId);
      return sendXlsx(reply, filename, buffer);
    },
  });
  r.get('/api/lists/ledger.xlsx', {
    schema: { tags, summary: '清单台账 Excel（组织及下级；事项、时间表、路线图、责任人、时限、进展、亮灯、销号）', querystring: ledgerQuery, response: { 200: fileResponse('清单台账（Excel）', XLSX_TYPE), ...errorResponses(400, 401, 403, 404) } },
    handler: async (req, reply) => {
      const { buffer, filename } = await listLedger(deps, ctxOf(req, deps), req.query.year, req.query.orgId);
      return sendXlsx(reply, filename, buffer);
    },
  });

  r.get('/api/lists/ledger', {
    schema: { tags, summary: '清单台账（打印版）：与 Excel 两张表相同的内容、整改进展一句话和生成时间', querystring: ledgerQuery, response: { 200: ledgerDto, ...errorResponses(400, 401, 403, 404) } },
    handler: (req) => printableLedger(deps, ctxOf(req, deps), req.query.year, req.query.orgId),
  });

  // 督查发现 → 整改: findings become items of the unit's 问题清单; measures; verification.
  r.post('/api/inspections/:id/findings', {
    schema: { tags: ['督查整改'], summary: '登记督查发现的问题（工委）：记入被督查单位的问题清单；立行立改的直接记为已整改', params: inspectionFindingParams, body: findingInput, response: { 200: listItemDto, ...errorResponses(400, 401, 403, 404, 409) } },
    handler: (req) => rectification.createFinding(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  r.get('/api/rectifications', {
    schema: { tags: ['督查整改'], summary: '整改台账：督查发现问题的整改情况（分页）及「反馈问题N个，完成整改X个……」', querystring: rectificationQuery, response: { 200: rectificationPageDto, ...errorResponses(400, 401, 403, 404) } },
    handler: (req) => rectification.listRectifications(deps, ctxOf(req, deps), req.query),
  });
  r.post('/api/list-items/:id/measures/:measureId/complete', {
    schema: { tags: ['督查整改'], summary: '报告整改措施完成（被督查单位）', params: measureParams, body: claimInput, response: { 200: listItemDto, ...errorResponses(400, 401, 403, 404, 409) } },
    handler: (req) => closing.completeMeasure(deps, ctxOf(req, deps), req.params.id, req.params.measureId, req.body.note),
  });
  r.post('/api/list-items/:id/closing/verify', {
    schema: { tags: ['督查整改'], summary: '整改验收（工委/督查组，写明验收人）：已整改即销号；基本完成·持续整改；未完成退回', params: itemIdParams, body: verifyInput, response: { 200: listItemDto, ...errorResponses(400, 401, 403, 404, 409) } },
    handler: (req) => closing.verifyRectification(deps, ctxOf(req, deps), req.params.id, req.body),
  });
}
