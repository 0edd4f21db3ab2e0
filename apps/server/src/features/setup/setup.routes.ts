import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, secretaryAccountsInput, secretaryAccountsPreviewDto, secretaryAccountsResultDto, setupProgressDto, z } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import * as setup from './setup.service.ts';
import * as accounts from './secretary-accounts.service.ts';

const tags = ['上线准备'];

/** The console's login page as the browser reached this server (for the printed slips). */
function loginUrl(req: FastifyRequest) {
  const origin = req.headers.origin;
  return `${typeof origin === 'string' && /^https?:\/\/[^\s/]+$/.test(origin) ? origin : `${req.protocol}://${req.host}`}/login`;
}

export function registerSetupRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/setup/progress', {
    schema: { tags, summary: '上线准备：七个步骤的完成情况与缺项（本人管理范围）', response: { 200: setupProgressDto, ...errorResponses(401, 403) } },
    handler: (req) => setup.setupProgress(deps, ctxOf(req, deps)),
  });
  r.post('/api/setup/secretary-accounts/preview', {
    schema: { tags, summary: '批量生成书记账户：预览（将开通 / 已有账户 / 无权开通），不写入', body: z.object({}).strict(), response: { 200: secretaryAccountsPreviewDto, ...errorResponses(400, 401, 403) } },
    handler: (req) => accounts.previewSecretaryAccounts(deps, ctxOf(req, deps)),
  });
  r.post('/api/setup/secretary-accounts', {
    schema: {
      tags,
      summary: '批量生成书记账户：确认开通（一个事务；初始密码只在本次应答中出现一次，不存明文、不入审计）',
      body: secretaryAccountsInput,
      response: { 200: secretaryAccountsResultDto, ...errorResponses(400, 401, 403, 409) },
    },
    handler: (req) => accounts.createSecretaryAccounts(deps, ctxOf(req, deps), req.body.memberIds, loginUrl(req)),
  });
}
