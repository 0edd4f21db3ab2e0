import { z } from '../common/zod.ts';

/** GET /api/health (no login): the server answers and which database it runs on. */
export const healthDto = z.object({ ok: z.literal(true), db: z.enum(['pglite', 'postgres']) });
