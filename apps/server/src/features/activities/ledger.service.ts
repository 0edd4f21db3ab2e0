import type { ActivityStatus } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { isNone, scopeFor, systemScope } from '../../access/scope.ts';
import { forbidden, notFound } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import { findOrg } from '../orgs/index.ts';
import * as repo from './activities.repository.ts';
import { activityDto } from './activities.service.ts';
import { buildLedger, type LedgerRecord } from './ledger.ts';

export type LedgerQuery = { orgId: number; year: number; includeUnapproved: boolean };

/** Recorded, not planned: a plan that never took place is no record. */
const RECORDED: ActivityStatus[] = ['draft', 'submitted', 'returned', 'approved'];

/**
 * The ledger of one organisation (with its 党小组) for one year. By default only approved records
 * (the official ledger); `includeUnapproved` adds the recorded ones still in review, each marked.
 * The export is audited: it carries names and attendance of party members.
 */
export async function exportLedger(deps: AppDeps, ctx: RequestContext, q: LedgerQuery) {
  const scope = scopeFor(ctx.actor, 'activity.read');
  if (isNone(scope)) throw forbidden();
  const org = await findOrg(deps.db, scope, q.orgId);
  if (!org) throw notFound('组织');
  const rows = await repo.activitiesOfLedger(deps.db, scope, org.id, `${q.year}-01-01`, `${q.year}-12-31`, q.includeUnapproved ? RECORDED : ['approved']);
  const dtos = [];
  for (const a of rows) dtos.push(await activityDto(deps.db, ctx, a));
  const people = dtos.flatMap((d) => [d.hostMemberId, d.recorderMemberId, d.lecturerMemberId]).filter((x): x is number => x != null);
  const names = new Map((await repo.membersIn(deps.db, systemScope('names on the ledger'), [...new Set(people)])).map((m) => [m.id, m.name]));
  const nameOf = (id: number | null) => (id == null ? null : (names.get(id) ?? null));
  const records: LedgerRecord[] = dtos.map((d) => ({
    ...d,
    hostName: nameOf(d.hostMemberId),
    recorderName: nameOf(d.recorderMemberId),
    lecturer: nameOf(d.lecturerMemberId) ?? d.lecturerName ?? null,
  }));
  const buffer = await buildLedger({ orgName: org.name, year: q.year, exportedOn: ctx.now, includeUnapproved: q.includeUnapproved, records });
  await deps.db.transaction().execute((trx) =>
    audit(trx, ctx, {
      action: 'activity.ledger_export',
      entityType: 'org',
      entityId: org.id,
      after: { year: q.year, includeUnapproved: q.includeUnapproved, activityIds: records.map((r) => r.id) },
    }),
  );
  return { fileName: `${org.name}${q.year}年度组织生活台账.docx`, buffer };
}
