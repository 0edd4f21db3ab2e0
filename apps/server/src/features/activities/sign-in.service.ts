import { timingSafeEqual } from 'node:crypto';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { forbidden, validation } from '../../http/errors.ts';
import { audit } from '../audit/audit.service.ts';
import * as repo from './activities.repository.ts';
import { editableActivity } from './activities.service.ts';
import { EDITABLE } from './activity-mapping.ts';

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

/**
 * The code shown at the meeting: a signed token naming the activity and the time window
 * (30 minutes before the start to 30 minutes after the end). No database row: the signature is the proof.
 */
export async function signInCode(deps: AppDeps, ctx: RequestContext, id: number) {
  const a = await editableActivity(deps.db, ctx, id);
  const validFrom = new Date(a.starts_at.getTime() - WINDOW_MS);
  const validUntil = new Date(a.ends_at.getTime() + WINDOW_MS);
  const token = sign(deps, { a: a.id, f: validFrom.getTime(), u: validUntil.getTime() });
  return { token, path: `/m/sign-in?t=${encodeURIComponent(token)}`, validFrom, validUntil };
}

/** A member scans the code: present if on the list; a member from outside is recorded as invited. */
export async function signIn(deps: AppDeps, ctx: RequestContext, token: string) {
  const claims = verify(deps, token);
  const now = ctx.now.getTime();
  if (now < claims.f) throw validation('签到尚未开始（会前30分钟开放）');
  if (now > claims.u) throw validation('签到已结束');
  const memberId = ctx.actor.memberId;
  if (!memberId) throw forbidden('账号未关联党员信息，不能签到');
  const a = await repo.findActivity(deps.db, { kind: 'system', reason: 'signed sign-in token' }, claims.a);
  if (!a || !EDITABLE.includes(a.status as never)) throw validation('该活动已不接受签到');
  return deps.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('activity_attendance').where('activity_id', '=', a.id).where('member_id', '=', memberId).selectAll().executeTakeFirst();
    if (existing?.signed_in_at) return { activityId: a.id, title: a.title, orgName: a.org_name, signedInAt: existing.signed_in_at, kind: existing.kind, already: true };
    if (existing) {
      await trx.updateTable('activity_attendance').set({ status: 'present', reason: null, signed_in_at: ctx.now }).where('activity_id', '=', a.id).where('member_id', '=', memberId).execute();
    } else {
      await trx.insertInto('activity_attendance').values({ activity_id: a.id, member_id: memberId, kind: 'invited', status: 'present', signed_in_at: ctx.now }).execute();
    }
    await audit(trx, ctx, { action: 'activity.sign_in', entityType: 'activity', entityId: a.id, after: { memberId, signedInAt: ctx.now, kind: existing?.kind ?? 'invited' } });
    return { activityId: a.id, title: a.title, orgName: a.org_name, signedInAt: ctx.now, kind: existing?.kind ?? 'invited', already: false };
  });
}
