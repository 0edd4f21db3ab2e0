import { sql, type Kysely } from 'kysely';
import { DISCIPLINE_KIND_RULES, defaultEffectiveUntil, localDate, type DisciplineKind } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';

/**
 * A few records for the demo's discipline register (issue 11, "a few discipline cases"): last
 * year's and this year's, party and government sanctions of one case, a 诫勉, two talks, one
 * expired and one revoked — in different units, on members who hold no demo account. No
 * expulsion: it would change a member's status and with it the demo's counts.
 */
const CASES: { kind: DisciplineKind; monthsAgo: number; caseNo?: string; decidedBy: string; summary: string; revoked?: string }[] = [
  { kind: 'party_warning', monthsAgo: 3, caseNo: 'SZ-2026-007', decidedBy: '市纪委监委派驻纪检监察组', summary: '违规发放津贴补贴' },
  { kind: 'gov_demerit', monthsAgo: 3, caseNo: 'SZ-2026-007', decidedBy: '市纪委监委派驻纪检监察组', summary: '违规发放津贴补贴（同一案件的政务处分）' },
  { kind: 'admonition', monthsAgo: 5, decidedBy: '机关党委', summary: '履行管党治党责任不力，基层党组织建设薄弱' },
  { kind: 'reminder_talk', monthsAgo: 1, decidedBy: '机关纪委书记', summary: '三会一课记录不规范，提醒按时如实记录' },
  { kind: 'admonition_talk', monthsAgo: 2, decidedBy: '机关纪委书记', summary: '工作作风漂浮，督办事项多次逾期' },
  { kind: 'party_serious_warning', monthsAgo: 26, caseNo: 'SZ-2024-015', decidedBy: '市纪委监委', summary: '违反中央八项规定精神，公款吃喝（影响期已过）' },
  { kind: 'gov_warning', monthsAgo: 8, decidedBy: '市纪委监委派驻纪检监察组', summary: '工作失职，造成一定损失', revoked: '经复查，原处分决定事实认定有误，予以撤销' },
];

function monthsBefore(day: string, months: number) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
}

export async function seedDiscipline(db: Kysely<DB>, o: { now: Date; creatorId: number | null }) {
  const today = localDate(o.now);
  // One member of each of the first units (by the tree's order), skipping members linked to an account.
  const picked = await sql<{ id: number; org_id: number }>`
    select distinct on (split_part(o.path, '/', 3)) m.id, m.org_id
    from member m join org o on o.id = m.org_id
    where m.status = 'normal' and o.depth >= 2 and not exists (select 1 from app_user u where u.member_id = m.id)
    order by split_part(o.path, '/', 3), m.id
    limit ${CASES.length + 2}`.execute(db);
  const rows = CASES.map((c, i) => {
    // The two sanctions of one case fall on the same member.
    const m = picked.rows[c.caseNo === 'SZ-2026-007' ? 0 : i]!;
    const decided = monthsBefore(today, c.monthsAgo);
    const rule = DISCIPLINE_KIND_RULES[c.kind];
    return {
      member_id: m.id,
      org_id: m.org_id,
      kind: c.kind,
      category: rule.category,
      decided_on: decided,
      effective_from: decided,
      effective_until: rule.category === 'talk' ? null : defaultEffectiveUntil(c.kind, decided),
      decided_by: c.decidedBy,
      case_no: c.caseNo ?? '',
      summary: c.summary,
      status: c.revoked ? 'revoked' : 'effective',
      revoked_on: c.revoked ? monthsBefore(today, 1) : null,
      revoked_reason: c.revoked ?? null,
      revoked_by: c.revoked ? o.creatorId : null,
      created_by: o.creatorId,
      created_at: o.now,
      updated_at: o.now,
    };
  });
  if (picked.rows.length) await db.insertInto('discipline_record').values(rows).execute();
  return rows.length;
}
