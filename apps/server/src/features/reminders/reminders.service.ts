import {
  OVERDUE_LOOKBACK_DAYS,
  addDays,
  birthdayReminders,
  dueReminders,
  localDate,
  overdueReminders,
  reminderCell,
  type ReminderDraft,
  type ReminderKind,
  type ReminderOrg,
} from '@xianfeng/shared';
import { runPeriodically } from '../../lib/periodic.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { SystemContext } from '../../access/actor.ts';
import { systemScope, type Scope } from '../../access/scope.ts';
import { audit } from '../audit/index.ts';
import { evaluateScope, getReminderDays, requirementsFor } from '../compliance/index.ts';
import { inboxNotifier, type Notice, type Notifier } from './notifier.ts';
import * as repo from './reminders.repository.ts';

export type ReminderRun = { asOf: string; reminderDays: number; candidates: number; sent: Record<ReminderKind, number> };

/**
 * Every organisation with requirements, evaluated for this year and, in the first month of a
 * year, for the last (its December, fourth quarter and year are still within the overdue window).
 */
async function reminderOrgs(deps: AppDeps, scope: Scope, asOf: string): Promise<ReminderOrg[]> {
  const years = [...new Set([Number(addDays(asOf, -OVERDUE_LOOKBACK_DAYS).slice(0, 4)), Number(asOf.slice(0, 4))])];
  const byId = new Map<number, ReminderOrg>();
  for (const year of years) {
    const { items } = await requirementsFor(deps.db, year);
    const byKey = new Map(items.map((r) => [r.key, r]));
    for (const e of await evaluateScope(deps, scope, year, asOf, items)) {
      const ids = e.org.path.split('/').filter(Boolean).map(Number);
      const org = byId.get(e.org.id) ?? byId.set(e.org.id, { orgId: e.org.id, name: e.org.name, ancestorIds: ids.slice(0, -1).reverse(), cells: [] }).get(e.org.id)!;
      org.cells.push(...e.cells.map((c) => reminderCell(c, byKey.get(c.requirementKey))));
    }
  }
  return [...byId.values()];
}

/** Drafts name organisations; notices name accounts. Secretaries hold org_admin there; overseers org_admin or committee_admin. */
function address(drafts: ReminderDraft[], grants: repo.AdminGrant[]): Notice[] {
  const at = (orgId: number, roles: string[]) => grants.filter((g) => g.org_id === orgId && roles.includes(g.role)).map((g) => g.user_id);
  const seen = new Set<string>();
  const out: Notice[] = [];
  for (const d of drafts) {
    const users = d.to.kind === 'account' ? [d.to.userId] : at(d.to.orgId, d.to.kind === 'secretaries' ? ['org_admin'] : ['org_admin', 'committee_admin']);
    for (const userId of users) {
      if (seen.has(`${userId}|${d.dedupeKey}`)) continue;
      seen.add(`${userId}|${d.dedupeKey}`);
      out.push({ userId, kind: d.kind, title: d.title, body: d.body, link: d.link, dedupeKey: d.dedupeKey });
    }
  }
  return out;
}

/**
 * The reminder job: what is due soon (to the secretaries), what is overdue (to the level above),
 * this month's political birthdays (to the secretaries and the members). The rules decide what to
 * say; the notifier delivers. Dedupe keys make repeats no-ops, so it runs every hour. The system
 * acts with the system scope: the job reads the whole tree.
 */
export async function runReminders(deps: AppDeps, notifier: Notifier = inboxNotifier): Promise<ReminderRun> {
  const ctx: SystemContext = { actor: null, ip: '127.0.0.1', now: deps.clock(), system: 'reminders' };
  const scope = systemScope('reminder job');
  const asOf = localDate(ctx.now);
  const reminderDays = await getReminderDays(deps.db);
  const orgs = await reminderOrgs(deps, scope, asOf);
  const grants = await repo.adminGrants(deps.db);
  const members = await repo.membersJoinedInMonth(deps.db, scope, Number(asOf.slice(5, 7)));
  const overseers = new Set(grants.map((g) => g.org_id));
  const drafts = [...dueReminders(orgs, asOf, reminderDays), ...overdueReminders(orgs, asOf, overseers), ...birthdayReminders(members, asOf)];
  const notices = address(drafts, grants);
  return deps.db.transaction().execute(async (trx) => {
    const sent: Record<ReminderKind, number> = { period_due: 0, period_overdue: 0, political_birthday: 0 };
    for (const kind of Object.keys(sent) as ReminderKind[]) sent[kind] = await notifier.send(trx, notices.filter((n) => n.kind === kind), ctx.now);
    const run = { asOf, reminderDays, candidates: notices.length, sent };
    // A run that wrote nothing changed nothing: auditing it would add 24 empty records a day.
    if (Object.values(sent).some((n) => n > 0)) await audit(trx, ctx, { action: 'reminders.run', entityType: 'notification', entityId: asOf, after: run });
    return run;
  });
}

const EVERY_MS = 60 * 60 * 1000;

/**
 * Runs the job now and then every hour. A run still going when the next is due is not doubled;
 * a failure is logged and the server carries on. The returned stop waits for a run in progress.
 */
export function scheduleReminders(deps: AppDeps, log: (m: string) => void = console.log): () => Promise<void> {
  return runPeriodically(
    '提醒任务',
    async () => {
      const r = await runReminders(deps);
      const total = Object.values(r.sent).reduce((a, b) => a + b, 0);
      if (total) log(`提醒：发送${total}条消息（到期${r.sent.period_due}、逾期${r.sent.period_overdue}、政治生日${r.sent.political_birthday}）`);
    },
    EVERY_MS,
  );
}
