import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  disciplineDto,
  disciplineInput,
  disciplineListDto,
  disciplineListQuery,
  disciplineMemberSearchDto,
  disciplineMemberSearchQuery,
  disciplineRevokeInput,
  disciplineUpdateInput,
  errorResponses,
  idParam,
  z,
} from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import * as service from './discipline.service.ts';

const tags = ['党纪政务处分'];
const readErrors = errorResponses(400, 401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409);
const params = z.object({ id: idParam }).strict();

/** 党纪政务处分台账: only under discipline.read / discipline.write (the 纪检干部 role); every read audited. */
export function registerDisciplineRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/discipline-cases', {
    schema: { tags, summary: '处分与约谈台账（纪检干部；本组织及下级；每次查看记入审计）', querystring: disciplineListQuery, response: { 200: disciplineListDto, ...readErrors } },
    handler: (req) => service.listDiscipline(deps, ctxOf(req, deps), req.query),
  });
  r.post('/api/discipline-cases', {
    schema: { tags, summary: '登记处分或约谈；开除党籍同时将党员状态改为“出党”', body: disciplineInput, response: { 201: disciplineDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await service.createDiscipline(deps, ctxOf(req, deps), req.body)),
  });
  // Before /:id, so that "members" is not read as an id.
  r.get('/api/discipline-cases/members', {
    schema: { tags, summary: '按姓名查找本组织及下级的党员（登记用）', querystring: disciplineMemberSearchQuery, response: { 200: disciplineMemberSearchDto, ...readErrors } },
    handler: (req) => service.searchMembers(deps, ctxOf(req, deps), req.query.q),
  });
  r.get('/api/discipline-cases/:id', {
    schema: { tags, summary: '一条处分或约谈记录（记入审计）', params, response: { 200: disciplineDto, ...readErrors } },
    handler: (req) => service.getDiscipline(deps, ctxOf(req, deps), req.params.id),
  });
  r.put('/api/discipline-cases/:id', {
    schema: { tags, summary: '修改有效的记录（开除党籍与其他种类之间不能互改）', params, body: disciplineUpdateInput, response: { 200: disciplineDto, ...writeErrors } },
    handler: (req) => service.updateDiscipline(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  r.post('/api/discipline-cases/:id/revoke', {
    schema: { tags, summary: '撤销记录（须写明理由；撤销开除党籍恢复党员“正常”状态）', params, body: disciplineRevokeInput, response: { 200: disciplineDto, ...writeErrors } },
    handler: (req) => service.revokeDiscipline(deps, ctxOf(req, deps), req.params.id, req.body),
  });
}
