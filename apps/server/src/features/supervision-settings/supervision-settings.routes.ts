import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, isoDate, okDto, supervisionSettingsDto, supervisionSettingsInput, workCalendarDayDto, workCalendarDayInput, workCalendarDto, z } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import * as service from './supervision-settings.service.ts';

const tags = ['督查设置'];
const params = z.object({ day: isoDate }).strict();

export function registerSupervisionSettingsRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/work-calendar', {
    schema: {
      tags,
      summary: '工作日历：某年的节假日与调休上班日（其余周一至周五为工作日）',
      querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }).strict(),
      response: { 200: workCalendarDto, ...errorResponses(400, 401, 403) },
    },
    handler: (req) => service.getWorkCalendar(deps, ctxOf(req, deps), req.query.year),
  });
  r.put('/api/work-calendar/:day', {
    schema: { tags, summary: '设置某日为放假或调休上班（工委管理员）', params, body: workCalendarDayInput, response: { 200: workCalendarDayDto, ...errorResponses(400, 401, 403) } },
    handler: (req) => service.setWorkCalendarDay(deps, ctxOf(req, deps), req.params.day, req.body),
  });
  r.delete('/api/work-calendar/:day', {
    schema: { tags, summary: '删除某日的特殊安排，恢复按周一至周五计算（工委管理员）', params, response: { 200: okDto, ...errorResponses(400, 401, 403, 404) } },
    handler: (req) => service.removeWorkCalendarDay(deps, ctxOf(req, deps), req.params.day),
  });
  r.get('/api/supervision/settings', {
    schema: { tags, summary: '亮灯阈值与督办阶梯：当前生效的版本和全部历史版本', response: { 200: supervisionSettingsDto, ...errorResponses(401, 403) } },
    handler: (req) => service.getSettings(deps, ctxOf(req, deps)),
  });
  r.post('/api/supervision/settings', {
    schema: { tags, summary: '保存亮灯阈值与督办阶梯的新版本，自生效日期起适用（工委管理员）', body: supervisionSettingsInput, response: { 201: supervisionSettingsDto, ...errorResponses(400, 401, 403) } },
    handler: async (req, reply) => reply.status(201).send(await service.saveSettings(deps, ctxOf(req, deps), req.body)),
  });
}
