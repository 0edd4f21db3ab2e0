import { permissions } from '../access/roles.ts';
import { z } from '../common/zod.ts';
import { int } from '../common/responses.ts';
import { grantDto } from '../users/user.contract.ts';

/**
 * Login, GET /api/auth/session and a password change answer the session: who is logged in, their
 * grants and permissions (buttons render from these), and the CSRF token for state-changing calls.
 */
export const sessionDto = z.object({
  user: z.object({
    id: int,
    username: z.string(),
    displayName: z.string().nullable(),
    memberId: int.nullable(),
    mustChangePassword: z.boolean(),
  }),
  grants: z.array(grantDto),
  permissions: z.array(z.enum(permissions)),
  csrfToken: z.string(),
  /**
   * Named as a reviewer (评议人) in a 述职评议 campaign: such an account sees 述职评议 without
   * review.read (a member's account). Read when the session is answered (login, reload).
   */
  reviewer: z.boolean(),
  /**
   * 部门评分: the year of the newest 年度考核 round in 评分中 on which this account is named a scorer
   * of some indicator (AS-12), else null — the menu's 部门评分 entry opens that year's scoring page.
   */
  scoringYear: int.nullable(),
});

/**
 * GET /api/auth/state: the session, or null when signed out — answered 200 either way, so that
 * opening the console signed out leaves no failed request in the browser's console.
 */
export const sessionStateDto = z.object({ session: sessionDto.nullable() });
