import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, idParam, okDto, passwordResetInput, userCreateInput, userDto, userGrantsInput, userListQuery, userPage, userUpdateInput, z } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import * as service from './users.service.ts';

const params = z.object({ id: idParam }).strict();
const tags = ['账户与权限'];
const readErrors = errorResponses(400, 401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409);

export function registerUserRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/users', {
    schema: { tags, summary: '账户列表（授权组织在调用者范围内）', querystring: userListQuery, response: { 200: userPage, ...errorResponses(400, 401, 403) } },
    handler: (req) => service.listUsers(deps, ctxOf(req, deps), req.query),
  });
  r.get('/api/users/:id', {
    schema: { tags, summary: '账户详情', params, response: { 200: userDto, ...readErrors } },
    handler: (req) => service.getUser(deps, ctxOf(req, deps), req.params.id),
  });
  r.post('/api/users', {
    schema: { tags, summary: '新建账户（初始密码须在首次登录时修改）', body: userCreateInput, response: { 201: userDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await service.createUser(deps, ctxOf(req, deps), req.body)),
  });
  r.patch('/api/users/:id', {
    schema: { tags, summary: '修改账户（姓名、停用、关联党员）', params, body: userUpdateInput, response: { 200: userDto, ...writeErrors } },
    handler: (req) => service.updateUser(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  r.post('/api/users/:id/password', {
    schema: { tags, summary: '重置密码（用户须在下次登录时修改）', params, body: passwordResetInput, response: { 200: okDto, ...writeErrors } },
    handler: async (req) => {
      await service.resetPassword(deps, ctxOf(req, deps), req.params.id, req.body.password);
      return { ok: true };
    },
  });
  r.put('/api/users/:id/grants', {
    schema: { tags, summary: '设置角色授权（三员分立）', params, body: userGrantsInput, response: { 200: userDto, ...writeErrors } },
    handler: (req) => service.setGrants(deps, ctxOf(req, deps), req.params.id, req.body.grants),
  });
}
