import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { orgPathInScope, type Scope } from '../../access/scope.ts';

type Db = Kysely<DB>;

export type CampaignRow = Awaited<ReturnType<typeof findCampaign>> & {};

export function findCampaign(db: Db, id: number, lock: 'update' | 'share' | false = false) {
  let q = db.selectFrom('review_campaign').selectAll().where('id', '=', id);
  if (lock === 'update') q = q.forUpdate();
  if (lock === 'share') q = q.forShare();
  return q.executeTakeFirst();
}

export function reviewerOf(db: Db, campaignId: number, userId: number) {
  return db.selectFrom('review_reviewer').select(['user_id', 'group_key']).where('campaign_id', '=', campaignId).where('user_id', '=', userId).executeTakeFirst();
}

/** The account is named as a reviewer (评议人) in some campaign: the session tells the console to show 述职评议. */
export async function namedReviewer(db: Db, userId: number): Promise<boolean> {
  return !!(await db.selectFrom('review_reviewer').select('user_id').where('user_id', '=', userId).limit(1).executeTakeFirst());
}

export function groupsOf(db: Db, campaignId: number) {
  return db.selectFrom('review_group').select(['key', 'name', 'weight']).where('campaign_id', '=', campaignId).orderBy('seq').execute();
}

export function reviewersOf(db: Db, campaignId: number) {
  return db
    .selectFrom('review_reviewer as r')
    .innerJoin('app_user as u', 'u.id', 'r.user_id')
    .leftJoin('member as m', 'm.id', 'u.member_id')
    .innerJoin('review_group as g', (j) => j.onRef('g.campaign_id', '=', 'r.campaign_id').onRef('g.key', '=', 'r.group_key'))
    .select(['r.user_id', 'r.group_key', 'u.username', 'u.display_name', 'm.name as member_name', 'u.member_id'])
    .where('r.campaign_id', '=', campaignId)
    .orderBy('g.seq')
    .orderBy('r.user_id')
    .execute();
}

/**
 * The reporters of a campaign (all, or those in `scope`), with the organisation and its serving
 * 书记 from the committee data (org_committee_member, post 'secretary', not ended).
 */
export function reportersOf(db: Db, campaignId: number, scope: Scope | null, today: string) {
  return db
    .selectFrom('review_reporter as p')
    .innerJoin('org', 'org.id', 'p.org_id')
    .select([
      'p.id',
      'p.org_id',
      'p.secretary_name',
      'p.report_text',
      'p.report_file_name',
      'p.report_content_type',
      'p.report_size',
      'p.report_file_at',
      'p.report_file_key',
      'p.report_updated_at',
      'org.name as org_name',
      'org.path as org_path',
      sql<string | null>`(select m.name from org_committee_member c join member m on m.id = c.member_id
        where c.org_id = p.org_id and c.post = 'secretary' and c.started_on <= ${today} and (c.ended_on is null or c.ended_on >= ${today})
        order by c.started_on desc limit 1)`.as('committee_secretary'),
      // The same serving 书记's member id: a reviewer whose account is that member is the reporter themself (SZ-13).
      sql<number | null>`(select c.member_id from org_committee_member c
        where c.org_id = p.org_id and c.post = 'secretary' and c.started_on <= ${today} and (c.ended_on is null or c.ended_on >= ${today})
        order by c.started_on desc limit 1)`.as('committee_secretary_member_id'),
    ])
    .where('p.campaign_id', '=', campaignId)
    .$if(scope !== null, (q) => q.where((eb) => orgPathInScope(scope!, eb.ref('org.path'))))
    .orderBy('p.seq')
    .orderBy('p.id')
    .execute();
}
export type ReporterRow = Awaited<ReturnType<typeof reportersOf>>[number];

export function ballotsOf(db: Db, campaignId: number) {
  return db.selectFrom('review_ballot').select(['reporter_id', 'reviewer_id', 'grade']).where('campaign_id', '=', campaignId).execute();
}

export function commentsOf(db: Db, campaignId: number) {
  return db
    .selectFrom('review_comment as c')
    .innerJoin('app_user as u', 'u.id', 'c.reviewer_id')
    .leftJoin('member as m', 'm.id', 'u.member_id')
    .select(['c.id', 'c.reporter_id', 'c.reviewer_id', 'c.text', 'c.problem', 'c.list_item_id', 'c.updated_at', 'u.username', 'u.display_name', 'm.name as member_name'])
    .where('c.campaign_id', '=', campaignId)
    .orderBy('c.id')
    .execute();
}

export const personOf = (r: { member_name: string | null; display_name: string | null; username: string }) => r.member_name ?? r.display_name ?? r.username;
