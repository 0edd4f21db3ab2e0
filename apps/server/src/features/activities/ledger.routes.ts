import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, fileResponse, idParam, z } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import { contentDisposition } from '../../http/content-disposition.ts';
import { exportLedger } from './ledger.service.ts';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const ledgerQuery = z
  .object({
    orgId: idParam,
    year: z.coerce.number().int().min(2000).max(2100),
    /** Also the recorded activities not yet approved, each marked as such. */
    includeUnapproved: z.enum(['true', 'false']).optional(),
  })
  .strict();

export function registerLedgerRoutes(app: FastifyInstance, deps: AppDeps) {
  // A static path: Fastify's router prefers it to /api/activities/:id.
  app.withTypeProvider<ZodTypeProvider>().get('/api/activities/ledger', {
    schema: { tags: ['组织生活'], summary: '导出组织生活台账（Word）：一个组织一年的已审核记录，includeUnapproved=true 时含未审核记录并标注', querystring: ledgerQuery, response: { 200: fileResponse('组织生活台账（Word）', DOCX_TYPE), ...errorResponses(400, 401, 403, 404) } },
    handler: async (req, reply) => {
      const q = req.query;
      const { fileName, buffer } = await exportLedger(deps, ctxOf(req, deps), { orgId: q.orgId, year: q.year, includeUnapproved: q.includeUnapproved === 'true' });
      return reply.header('content-type', DOCX_TYPE).header('content-disposition', contentDisposition('attachment', fileName)).header('cache-control', 'private, no-store').send(buffer);
    },
  });
}
