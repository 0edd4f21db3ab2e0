import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_UPLOAD_BYTES, receiveOneFile } from '../../http/upload.ts';
import { validation } from '../../http/errors.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  errorResponses,
  fileResponse,
  idParam,
  importErrorBody,
  importOkDto,
  okDto,
  paperDetailDto,
  paperInput,
  paperListDto,
  paperListQuery,
  paperPreviewDto,
  paperPreviewQuery,
  questionDto,
  questionExportQuery,
  questionImportQuery,
  questionInput,
  questionListDto,
  questionListQuery,
  z,
  examDto,
  examInput,
  examListDto,
  examListQuery,
  answersInput,
  attemptDto,
  examResultsDto,
  examResultsExportQuery,
  examResultsQuery,
  markingListDto,
  markingQuery,
  marksInput,
} from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import { sendXlsx, XLSX_TYPE } from '../../http/xlsx.ts';
import * as questions from './questions.service.ts';
import * as papers from './papers.service.ts';
import * as examsSvc from './exams.service.ts';
import * as attempts from './attempts.service.ts';
import { importQuestions, questionExport, questionTemplate } from './question-excel.ts';
import * as results from './results.service.ts';
import * as marking from './marking.service.ts';

const tags = ['考试'];

/** The bank file of an import: the Excel template or a Word paper (EX-23), at most 20 MB. */
async function uploadedQuestionFile(req: FastifyRequest) {
  const file = await receiveOneFile(req, { maxBytes: MAX_UPLOAD_BYTES });
  if (file.truncated) throw validation(`文件过大（上限${MAX_UPLOAD_BYTES / 1024 / 1024}MB）`);
  return { fileName: file.fileName, data: file.data };
}
const readErrors = errorResponses(400, 401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409);
const params = z.object({ id: idParam }).strict();

/** 考试 (issue 12 item 3): the question bank (题库). */
export function registerExamRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/exam-questions', {
    schema: { tags, summary: '题库：本组织及下级组织的试题与工委题库（分页、按题型/难度/标签/组织/题干筛选）', querystring: questionListQuery, response: { 200: questionListDto, ...readErrors } },
    handler: (req) => questions.listQuestions(deps, ctxOf(req, deps), req.query),
  });
  r.post('/api/exam-questions', {
    schema: { tags, summary: '新增试题（本组织及下级组织的题库）', body: questionInput, response: { 201: questionDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await questions.createQuestion(deps, ctxOf(req, deps), req.body)),
  });
  r.get('/api/exam-questions/import/template', {
    schema: { tags, summary: '下载试题导入模板（含示例与填写说明）', response: { 200: fileResponse('试题导入模板（Excel）', XLSX_TYPE), ...errorResponses(401, 403) } },
    handler: async (req, reply) => {
      ctxOf(req, deps);
      return sendXlsx(reply, '试题导入模板.xlsx', await questionTemplate());
    },
  });
  r.post('/api/exam-questions/import', {
    schema: {
      tags,
      summary: '导入试题到一个组织的题库：Excel 模板（.xlsx，行号）或 Word 试题（.docx，题序）；全部无误才导入，否则列出每一处错误',
      querystring: questionImportQuery,
      consumes: ['multipart/form-data'],
      response: { 200: importOkDto, 400: importErrorBody, ...errorResponses(401, 403, 404, 409, 413, 429) },
    },
    handler: async (req, reply) => {
      const result = await importQuestions(deps, ctxOf(req, deps), req.query.orgId, () => uploadedQuestionFile(req));
      return reply.status(result.ok ? 200 : 400).send(result.ok ? result : { code: 'VALIDATION', message: `导入失败：共${result.errors.length}处错误，未导入任何试题`, ...result });
    },
  });
  r.get('/api/exam-questions/export', {
    schema: { tags, summary: '导出可见的试题（Excel，按列表的筛选条件）', querystring: questionExportQuery, response: { 200: fileResponse('试题（Excel）', XLSX_TYPE), ...readErrors } },
    handler: async (req, reply) => sendXlsx(reply, '题库.xlsx', await questionExport(deps, ctxOf(req, deps), req.query)),
  });
  r.get('/api/exam-questions/:id', {
    schema: { tags, summary: '一道试题（含答案与解析；仅出题的管理员可见）', params, response: { 200: questionDto, ...readErrors } },
    handler: (req) => questions.getQuestion(deps, ctxOf(req, deps), req.params.id),
  });
  r.put('/api/exam-questions/:id', {
    schema: { tags, summary: '修改试题', params, body: questionInput, response: { 200: questionDto, ...writeErrors } },
    handler: (req) => questions.updateQuestion(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  r.delete('/api/exam-questions/:id', {
    schema: { tags, summary: '删除试题（归档：已用过它的试卷和答卷保留原题）', params, response: { 200: okDto, ...writeErrors } },
    handler: (req) => questions.archiveQuestion(deps, ctxOf(req, deps), req.params.id),
  });
  r.get('/api/exam-papers', {
    schema: { tags, summary: '试卷：本组织及下级组织的试卷（分页，可按名称筛选）', querystring: paperListQuery, response: { 200: paperListDto, ...readErrors } },
    handler: (req) => papers.listPapers(deps, ctxOf(req, deps), req.query),
  });
  r.post('/api/exam-papers', {
    schema: { tags, summary: '新建试卷：固定试卷（试题及分值）或随机抽题（规则：题型×难度×标签×题量×分值）；题库不足时指明哪条规则缺几道', body: paperInput, response: { 201: paperDetailDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await papers.createPaper(deps, ctxOf(req, deps), req.body)),
  });
  r.get('/api/exam-papers/:id', {
    schema: { tags, summary: '一份试卷（固定试卷含试题与答案；仅组卷的管理员可见）', params, response: { 200: paperDetailDto, ...readErrors } },
    handler: (req) => papers.getPaper(deps, ctxOf(req, deps), req.params.id),
  });
  r.put('/api/exam-papers/:id', {
    schema: { tags, summary: '修改试卷', params, body: paperInput, response: { 200: paperDetailDto, ...writeErrors } },
    handler: (req) => papers.updatePaper(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  r.delete('/api/exam-papers/:id', {
    schema: { tags, summary: '删除试卷（归档）', params, response: { 200: okDto, ...writeErrors } },
    handler: (req) => papers.archivePaper(deps, ctxOf(req, deps), req.params.id),
  });
  r.get('/api/exam-papers/:id/preview', {
    schema: { tags, summary: '预览一次抽题（随机试卷按种子抽取，同一种子结果相同）', params, querystring: paperPreviewQuery, response: { 200: paperPreviewDto, ...writeErrors } },
    handler: (req) => papers.previewPaper(deps, ctxOf(req, deps), req.params.id, req.query.seed),
  });
  r.get('/api/exams', {
    schema: { tags, summary: '考试：本人可参加的考试（党员）与可管理的考试（本组织及下级组织）', querystring: examListQuery, response: { 200: examListDto, ...readErrors } },
    handler: (req) => examsSvc.listExams(deps, ctxOf(req, deps), req.query),
  });
  r.post('/api/exams', {
    schema: { tags, summary: '新建考试（草稿）：试卷、参加组织、起止时间、时长、次数、计分方式、及格分、乱序、切屏、答案公布', body: examInput, response: { 201: examDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await examsSvc.createExam(deps, ctxOf(req, deps), req.body)),
  });
  r.get('/api/exams/:id', {
    schema: { tags, summary: '一场考试', params, response: { 200: examDto, ...readErrors } },
    handler: (req) => examsSvc.getExam(deps, ctxOf(req, deps), req.params.id),
  });
  r.put('/api/exams/:id', {
    schema: { tags, summary: '修改考试（仅草稿）', params, body: examInput, response: { 200: examDto, ...writeErrors } },
    handler: (req) => examsSvc.updateExam(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  for (const [event, label] of [['publish', '发布考试'], ['close', '结束考试'], ['cancel', '取消考试']] as const) {
    r.post(`/api/exams/:id/${event}`, {
      schema: { tags, summary: label, params, response: { 200: examDto, ...writeErrors } },
      handler: (req) => examsSvc.transition(deps, ctxOf(req, deps), req.params.id, event),
    });
  }
  r.post('/api/exams/:id/attempts', {
    schema: { tags, summary: '开始答题：按本次作答的种子抽题、乱序并保存快照（次数用完、未交卷、不在考试时间内时拒绝）', params, response: { 201: attemptDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await attempts.startAttempt(deps, ctxOf(req, deps), req.params.id)),
  });
  r.get('/api/attempts/:id', {
    schema: { tags, summary: '一份答卷（本人或考试组织者；超时未交的先自动交卷；答案按公布方式显示）', params, response: { 200: attemptDto, ...readErrors } },
    handler: (req) => attempts.getAttempt(deps, ctxOf(req, deps), req.params.id),
  });
  r.put('/api/attempts/:id/answers', {
    schema: { tags, summary: '保存答案（截止后10秒内仍接受）', params, body: answersInput, response: { 200: attemptDto, ...writeErrors } },
    handler: (req) => attempts.saveAnswers(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  r.post('/api/attempts/:id/submit', {
    schema: { tags, summary: '交卷：客观题自动评分，简答题待阅卷', params, response: { 200: attemptDto, ...writeErrors } },
    handler: (req) => attempts.submitAttempt(deps, ctxOf(req, deps), req.params.id),
  });
  r.post('/api/attempts/:id/focus-loss', {
    schema: { tags, summary: '记录一次切屏；达到上限时自动交卷', params, response: { 200: attemptDto, ...writeErrors } },
    handler: (req) => attempts.focusLoss(deps, ctxOf(req, deps), req.params.id),
  });
  registerExamResultRoutes(app, deps);
}

/** 考试成绩, 阅卷 and 成绩导出 (EX-15 … EX-20): the organiser's side of an exam after it opens. */
export function registerExamResultRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/exams/:id/results', {
    schema: { tags, summary: '考试成绩：参考范围内每名党员的作答次数、计分成绩（取最高/最后一次）、是否通过、用时、强制交卷与待阅卷标记，及汇总（分页，按组织/姓名/状态筛选）', params, querystring: examResultsQuery, response: { 200: examResultsDto, ...readErrors } },
    handler: (req) => results.examResults(deps, ctxOf(req, deps), req.params.id, req.query),
  });
  r.get('/api/exams/:id/results/export', {
    schema: { tags, summary: '导出考试成绩（Excel，按列表的筛选条件；不含身份证号和手机号）', params, querystring: examResultsExportQuery, response: { 200: fileResponse('考试成绩（Excel）', XLSX_TYPE), ...readErrors } },
    handler: async (req, reply) => {
      const { buffer, filename } = await results.resultsWorkbook(deps, ctxOf(req, deps), req.params.id, req.query);
      return sendXlsx(reply, filename, buffer);
    },
  });
  r.get('/api/exams/:id/marking', {
    schema: { tags, summary: '阅卷：有简答题待评分（或已评分）的答卷，含题目、作答、参考答案与已给分数', params, querystring: markingQuery, response: { 200: markingListDto, ...readErrors } },
    handler: (req) => marking.listMarking(deps, ctxOf(req, deps), req.params.id, req.query),
  });
  r.put('/api/attempts/:id/marks', {
    schema: { tags, summary: '为答卷的简答题评分（0至该题分值，可加评语）；全部评完后成绩与是否及格确定；考试结束后已评分数不能再改；不能为本人答卷评分', params, body: marksInput, response: { 200: attemptDto, ...writeErrors } },
    handler: (req) => marking.markAttempt(deps, ctxOf(req, deps), req.params.id, req.body),
  });
}
