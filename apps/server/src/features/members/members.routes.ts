import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  createdIdDto,
  errorResponses,
  idParam,
  memberCreateInput,
  memberDetailDto,
  memberListQuery,
  memberPage,
  memberSensitiveDto,
  memberStatusChangeInput,
  memberUpdateInput,
  z,
} from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import * as service from './members.service.ts';

const params = z.object({ id: idParam }).strict();
const tags = ['党员'];
const readErrors = errorResponses(400, 401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409);

export function registerMemberRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/members', {
    schema: { tags, summary: '党员列表（服务端筛选、排序、分页；身份证号与电话脱敏）', querystring: memberListQuery, response: { 200: memberPage, ...readErrors } },
    handler: (req) => service.listMembers(deps, ctxOf(req, deps), req.query),
  });
  r.get('/api/members/:id', {
    schema: { tags, summary: '党员详情（脱敏）、状态历史、组织变动', params, response: { 200: memberDetailDto, ...readErrors } },
    handler: (req) => service.getMember(deps, ctxOf(req, deps), req.params.id),
  });
  r.get('/api/members/:id/sensitive', {
    schema: { tags, summary: '完整身份证号、电话、住址（需权限，留审计记录）', params, response: { 200: memberSensitiveDto, ...readErrors } },
    handler: (req) => service.getSensitive(deps, ctxOf(req, deps), req.params.id),
  });
  r.post('/api/members', {
    schema: { tags, summary: '新增党员', body: memberCreateInput, response: { 201: createdIdDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await service.createMember(deps, ctxOf(req, deps), req.body)),
  });
  r.put('/api/members/:id', {
    schema: { tags, summary: '修改党员信息（整条记录）', params, body: memberUpdateInput, response: { 200: memberDetailDto, ...writeErrors } },
    handler: (req) => service.updateMember(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  r.post('/api/members/:id/status', {
    schema: { tags, summary: '变更党籍/在册状态（留历史）', params, body: memberStatusChangeInput, response: { 200: memberDetailDto, ...writeErrors } },
    handler: (req) => service.changeStatus(deps, ctxOf(req, deps), req.params.id, req.body),
  });
}
