import { sql, type Kysely } from 'kysely';
import { dueEscalations, escalationSchedule, localDate, type LadderStep, type WorkCalendar } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { SystemContext } from '../../access/actor.ts';
import { audit } from '../audit/index.ts';
import { inboxNotifier, type Notifier } from '../reminders/index.ts';
import { loadWorkCalendar, settingsOn } from '../supervision-settings/index.ts';
import { addEvent } from './lists.repository.ts';
import { refreshLights } from './progress.ts';
import { runPeriodically } from '../../lib/periodic.ts';

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** An item's ladder as its page shows it: every step with its day, and when it was sent. */
export async function escalationsOf(db: Kysely<DB>, item: { id: number; deadline: string }, today: string) {
  const [{ ladder }, cal, sent] = await Promise.all([
    settingsOn(db, today),
    loadWorkCalendar(db),
    db.selectFrom('list_item_escalation').select(['step', 'label', 'due_on', 'sent_at']).where('item_id', '=', item.id).execute(),
  ]);
  const planned = escalationSchedule(item.deadline, ladder, cal).map((s) => {
    const done = sent.find((x) => x.step === s.key);
    return { key: s.key, label: s.label, dueOn: done?.due_on ?? s.dueOn, sentAt: done?.sent_at ?? null };
  });
  // Steps sent under an older ladder stay on record.
  const older = sent.filter((x) => !planned.some((p) => p.key === x.step)).map((x) => ({ key: x.step, label: x.label, dueOn: x.due_on, sentAt: x.sent_at }));
  return [...older, ...planned].sort((a, b) => a.dueOn.localeCompare(b.dueOn));
}

type Candidate = { id: number; title: string; deadline: string; org_id: number; parent_id: number | null; responsible_member_id: number | null };

/**
 * 督办阶梯 (ES-1): for every open item, the ladder's steps whose day has come are recorded once
 * (unique per item and step: a second run, or a second server, records nothing) and the newest of
 * them is sent — to the organisation's admins and the responsible person, and from 催办 on (after
 * the deadline) to the level above as well. An item that reached several steps at once (e.g. a
 * late publication) gets one message, not five.
 */
export async function runEscalations(deps: AppDeps, notifier: Notifier = inboxNotifier) {
  const ctx: SystemContext = { actor: null, ip: '127.0.0.1', now: deps.clock(), system: 'escalation' };
  const today = localDate(ctx.now);
  const { ladder } = await settingsOn(deps.db, today);
  const cal = await loadWorkCalendar(deps.db);
  const earliest = Math.max(0, ...ladder.map((s) => -s.offset));
  // Far enough ahead for the earliest step even across a long holiday.
  const horizon = addDays(today, earliest * 2 + 14);
  const candidates: Candidate[] = await deps.db
    .selectFrom('list_item')
    .innerJoin('org', 'org.id', 'list_item.org_id')
    .select(['list_item.id', 'list_item.title', 'list_item.deadline', 'list_item.org_id', 'org.parent_id', 'list_item.responsible_member_id'])
    .where('list_item.status', '<>', 'closed')
    .where('list_item.deadline', '<=', horizon)
    .where(sql<boolean>`(select count(*) from list_item_escalation e where e.item_id = list_item.id) < ${ladder.length}`)
    .execute();
  let recorded = 0;
  let sent = 0;
  for (const item of candidates) {
    const r = await deps.db.transaction().execute((trx) => escalateItem(trx, ctx, item, today, ladder, cal, notifier));
    recorded += r.recorded;
    sent += r.sent;
  }
  if (recorded) {
    await deps.db.transaction().execute((trx) => audit(trx, ctx, { action: 'list_item.escalate', entityType: 'notification', entityId: today, after: { asOf: today, items: candidates.length, recorded, sent } }));
  }
  return { asOf: today, candidates: candidates.length, recorded, sent };
}

async function escalateItem(trx: Kysely<DB>, ctx: SystemContext, item: Candidate, today: string, ladder: readonly LadderStep[], cal: WorkCalendar, notifier: Notifier) {
  const due = dueEscalations(item.deadline, today, ladder, cal);
  if (!due.length) return { recorded: 0, sent: 0 };
  const inserted = await trx
    .insertInto('list_item_escalation')
    .values(due.map((s) => ({ item_id: item.id, step: s.key, label: s.label, due_on: s.dueOn, sent_at: ctx.now, recipients: 0 })))
    .onConflict((oc) => oc.columns(['item_id', 'step']).doNothing())
    .returning(['id', 'step', 'label', 'due_on'])
    .execute();
  if (!inserted.length) return { recorded: 0, sent: 0 };
  const newest = inserted.reduce((a, b) => (a.due_on >= b.due_on ? a : b));
  const afterDeadline = newest.due_on > item.deadline;
  const orgs = afterDeadline && item.parent_id ? [item.org_id, item.parent_id] : [item.org_id];
  const admins = await trx.selectFrom('role_grant as g').innerJoin('app_user as u', 'u.id', 'g.user_id').select('g.user_id').where('u.disabled', '=', false).where('g.role', 'in', ['org_admin', 'committee_admin']).where('g.org_id', 'in', orgs).execute();
  const responsible = item.responsible_member_id
    ? await trx.selectFrom('app_user').select('id as user_id').where('member_id', '=', item.responsible_member_id).where('disabled', '=', false).execute()
    : [];
  const users = [...new Set([...admins, ...responsible].map((u) => u.user_id))];
  const body = `完成时限：${item.deadline}。${afterDeadline ? '已逾期，请尽快办结并申请销号。' : '请按时完成并申请销号。'}`;
  const n = await notifier.send(
    trx,
    users.map((userId) => ({ userId, kind: 'escalation' as const, title: `【${newest.label}】${item.title}`, body, link: `/lists/items/${item.id}`, dedupeKey: `esc:${item.id}:${newest.step}` })),
    ctx.now,
  );
  await trx.updateTable('list_item_escalation').set({ recipients: n }).where('id', '=', newest.id).execute();
  for (const s of inserted) await addEvent(trx, item.id, 'escalation', `${s.label}（${s.due_on}）${s.id === newest.id ? `，已通知${n}人` : '，已记录'}`, null, ctx.now);
  return { recorded: inserted.length, sent: n };
}

const EVERY_MS = 10 * 60 * 1000;

/**
 * The lists' daily work, run at start and every ten minutes (a new day is noticed within ten
 * minutes; a pass that finds everything judged today costs two small queries):
 * lights re-judged for items not assessed today, then the escalation ladder. A run still going
 * is not doubled; a failure is logged and the server carries on.
 */
export function scheduleSupervision(deps: AppDeps, log: (m: string) => void = console.log): () => Promise<void> {
  return runPeriodically(
    '清单督办任务',
    async () => {
      const lights = await refreshLights(deps.db, deps.clock());
      const esc = await runEscalations(deps);
      if (lights.changed || esc.sent) log(`清单：${lights.changed}项亮灯变化，督办消息${esc.sent}条`);
    },
    EVERY_MS,
  );
}
