import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  committeeMemberInput,
  createdIdDto,
  errorResponses,
  idParam,
  isoDate,
  orgCreateInput,
  orgDissolveInput,
  orgMergeInput,
  orgMoveInput,
  orgUpdateInput,
  okDto,
  orgDetailDto,
  orgDto,
  orgListDto,
  orgMovedMembersDto,
  unitDto,
  unitInput,
  unitListDto,
  z,
} from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import * as service from './orgs.service.ts';

const params = z.object({ id: idParam }).strict();
const tags = ['组织'];
/** Reads of one organisation, and changes (a change may also hit a uniqueness or reference conflict). */
const readErrors = errorResponses(400, 401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409);

export function registerOrgRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/orgs', {
    schema: { tags, summary: '调用者可见的组织树（扁平列表，按 parentId 组装）', querystring: z.object({ includeDissolved: z.enum(['true', 'false']).optional() }).strict(), response: { 200: orgListDto, ...errorResponses(400, 401, 403) } },
    handler: (req) => service.listOrgs(deps, ctxOf(req, deps), req.query.includeDissolved === 'true'),
  });
  r.get('/api/orgs/:id', {
    schema: { tags, summary: '组织详情：班子、规模提醒、可执行操作', params, response: { 200: orgDetailDto, ...readErrors } },
    handler: (req) => service.getOrg(deps, ctxOf(req, deps), req.params.id),
  });
  r.post('/api/orgs', {
    schema: { tags, summary: '新建下级组织', body: orgCreateInput, response: { 201: orgDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await service.createOrg(deps, ctxOf(req, deps), req.body)),
  });
  r.patch('/api/orgs/:id', {
    schema: { tags, summary: '修改组织（更名、类型、任期等）', params, body: orgUpdateInput, response: { 200: orgDto, ...writeErrors } },
    handler: (req) => service.updateOrg(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  r.post('/api/orgs/:id/move', {
    schema: { tags, summary: '移动组织及其全部下级', params, body: orgMoveInput, response: { 200: orgDto, ...writeErrors } },
    handler: (req) => service.moveOrg(deps, ctxOf(req, deps), req.params.id, req.body.newParentId),
  });
  r.post('/api/orgs/:id/merge', {
    schema: { tags, summary: '合并：党员转入目标组织，本组织撤销', params, body: orgMergeInput, response: { 200: orgMovedMembersDto, ...writeErrors } },
    handler: (req) => service.mergeOrg(deps, ctxOf(req, deps), req.params.id, req.body.intoId),
  });
  r.post('/api/orgs/:id/dissolve', {
    schema: { tags, summary: '撤销组织（须无党员，或同时指定接收组织）', params, body: orgDissolveInput, response: { 200: orgMovedMembersDto, ...writeErrors } },
    handler: (req) => service.dissolveOrg(deps, ctxOf(req, deps), req.params.id, req.body.dissolvedOn, req.body.moveMembersTo),
  });
  r.post('/api/orgs/:id/committee', {
    schema: { tags, summary: '增加班子成员（书记、副书记、委员）', params, body: committeeMemberInput, response: { 201: createdIdDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await service.addCommitteeMember(deps, ctxOf(req, deps), req.params.id, req.body)),
  });
  r.post('/api/orgs/:id/committee/:committeeId/end', {
    schema: { tags, summary: '班子成员离任', params: z.object({ id: idParam, committeeId: idParam }).strict(), body: z.object({ endedOn: isoDate }).strict(), response: { 200: okDto, ...writeErrors } },
    handler: async (req) => {
      await service.endCommitteeMember(deps, ctxOf(req, deps), req.params.id, req.params.committeeId, req.body.endedOn);
      return { ok: true };
    },
  });
  r.get('/api/units', {
    schema: { tags, summary: '单位列表', response: { 200: unitListDto, ...errorResponses(401, 403) } },
    handler: (req) => service.listUnits(deps, ctxOf(req, deps)),
  });
  r.post('/api/units', {
    schema: { tags, summary: '新建单位', body: unitInput, response: { 201: unitDto, ...errorResponses(400, 401, 403, 409) } },
    handler: async (req, reply) => reply.status(201).send(await service.createUnit(deps, ctxOf(req, deps), req.body)),
  });
}
