import { timingSafeEqual } from 'node:crypto';
import { activityMachine, type AttendeeKind } from '@xianfeng/shared';
import { systemScope } from '../../access/scope.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { forbidden, validation } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import * as repo from './activities.repository.ts';
import { editableActivity, followRoster } from './activities.service.ts';

/** Sign-in opens this long before the start and stays open this long after the end. */
const WINDOW_MS = 30 * 60_000;

type Claims = { a: number; f: number; u: number };

function sign(deps: AppDeps, claims: Claims): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${deps.cipher.tokenMac(`sign-in:${body}`)}`;
}

function verify(deps: AppDeps, token: string): Claims {
  const [body, mac] = token.split('.');
  const good = body && mac && mac.length === deps.cipher.tokenMac(`sign-in:${body}`).length && timingSafeEqual(Buffer.from(mac), Buffer.from(deps.cipher.tokenMac(`sign-in:${body}`)));
  if (!good) throw validation('签到码无效，请重新扫描会场二维码');
  try {
    const c = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Claims;
    if (typeof c.a !== 'number' || typeof c.f !== 'number' || typeof c.u !== 'number') throw new Error('shape');
    return c;
  } catch {
    throw validation('签到码无效，请重新扫描会场二维码');
  }
}

/** The window in which a meeting's code works: 30 minutes before the start to 30 after the end. */
function windowOf(a: { starts_at: Date; ends_at: Date }) {
  return { validFrom: new Date(a.starts_at.getTime() - WINDOW_MS), validUntil: new Date(a.ends_at.getTime() + WINDOW_MS) };
}

/**
 * The code shown at the meeting: a signed token naming the activity and the time window. No
 * database row: the signature is the proof, and the window must still be the meeting's current
 * one when it is scanned — a meeting moved to another day invalidates the codes printed before.
 */
export async function signInCode(deps: AppDeps, ctx: RequestContext, id: number) {
  const a = await editableActivity(deps.db, ctx, id);
  const { validFrom, validUntil } = windowOf(a);
  const token = sign(deps, { a: a.id, f: validFrom.getTime(), u: validUntil.getTime() });
  return { token, path: `/m/sign-in?t=${encodeURIComponent(token)}`, validFrom, validUntil };
}

/**
 * A member scans the code: on the expected list → present; anyone else → a pending sign-in that
 * the secretary confirms (as 列席) or rejects. The activity row is locked, so a sign-in and a
 * submit cannot cross.
 */
export async function signIn(deps: AppDeps, ctx: RequestContext, token: string) {
  const claims = verify(deps, token);
  const now = ctx.now.getTime();
  if (now < claims.f) throw validation('签到尚未开始（会前30分钟开放）');
  if (now > claims.u) throw validation('签到已结束');
  const memberId = ctx.actor.memberId;
  if (!memberId) throw forbidden('账号未关联党员信息，不能签到');
  return deps.db.transaction().execute(async (trx) => {
    const a = await repo.lockActivity(trx, systemScope('signed sign-in token'), claims.a);
    if (!a || !activityMachine.allows('edit', a.status)) throw validation('该活动已不接受签到');
    const current = windowOf(a);
    if (current.validFrom.getTime() !== claims.f || current.validUntil.getTime() !== claims.u) {
      throw validation('会议时间已调整，此签到码已失效，请扫描会场展示的新签到码');
    }
    // A member who joined the committee (or the roster) since the record was made is expected now.
    await followRoster(trx, ctx, a);
    const existing = await trx.selectFrom('activity_attendance').where('activity_id', '=', a.id).where('member_id', '=', memberId).selectAll().executeTakeFirst();
    const answer = (signedInAt: Date, kind: AttendeeKind, pending: boolean, already: boolean) => ({ activityId: a.id, title: a.title, orgName: a.org_name, signedInAt, kind, pending, already });
    if (existing?.signed_in_at) return answer(existing.signed_in_at, existing.kind, existing.pending, true);
    if (existing) {
      await trx.updateTable('activity_attendance').set({ status: 'present', reason: null, signed_in_at: ctx.now }).where('activity_id', '=', a.id).where('member_id', '=', memberId).execute();
    } else {
      await trx.insertInto('activity_attendance').values({ activity_id: a.id, member_id: memberId, kind: 'invited', status: 'present', signed_in_at: ctx.now, pending: true }).execute();
    }
    const pending = !existing;
    await audit(trx, ctx, { action: 'activity.sign_in', entityType: 'activity', entityId: a.id, after: { memberId, signedInAt: ctx.now, kind: existing?.kind ?? 'invited', pending } });
    return answer(ctx.now, existing?.kind ?? 'invited', pending, false);
  });
}
