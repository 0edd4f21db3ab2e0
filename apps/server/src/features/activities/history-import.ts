import ExcelJS from 'exceljs';
import { sql, type Kysely } from 'kysely';
import { activityCreateInput, activityTypes, localDate, type ActivityType, type OrgType } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { requirePermission, type RequestContext } from '../../access/actor.ts';
import type { DB } from '../../db/schema.ts';
import { orgPathInScope, scopeFor } from '../../access/scope.ts';
import { AppError, conflict, validation } from '../../http/errors.ts';
import { HISTORY_LIMITS, readRowsByHeader } from '../../http/xlsx.ts';
import { addInstructions, parseDateCell } from '../../lib/excel-cells.ts';
import { audit } from '../audit/index.ts';
import { looksLikeIdNumber, matchPerson, peopleIn, type MatchablePerson, type People } from '../members/index.ts';
import { checkTypesFit } from './activities.service.ts';
import { sanitizeMinutes } from './activity-mapping.ts';
import { addReview } from './activities.repository.ts';

// 补录 (history import, issue 9): a committee's paper ledgers of past years, one meeting per row.
// Checked whole before anything is written (every bad cell reported, in Chinese); written in one
// transaction as records waiting for review (submitted), marked with their import, so the level
// above approves a whole file in one step (history-review.ts). A meeting already in the system —
// same organisation, day and topic — is skipped, so importing a file twice adds nothing.

export const HISTORY_SHEET = '历史活动';
export const HISTORY_MAX_ROWS = 3000;

const COLUMNS = [
  { header: '组织编号', key: 'orgId', width: 10, note: '党支部或党小组的编号（组织页面可见）；填写编号时可不填名称' },
  { header: '组织名称', key: 'orgName', width: 24, note: '党支部或党小组全称；重名时请填写组织编号' },
  { header: '活动日期*', key: 'day', width: 12, note: '格式：YYYY-MM-DD' },
  { header: '开始时间', key: 'start', width: 9, note: '如 09:00；不填按 09:00' },
  { header: '结束时间', key: 'end', width: 9, note: '如 11:00；不填按开始后2小时' },
  { header: '活动类型*', key: 'types', width: 18, note: `可多选，用顿号分隔。可选值：${activityTypes.options.map((o) => o.label).join('/')}` },
  { header: '主题*', key: 'title', width: 28 },
  { header: '地点', key: 'place', width: 14 },
  { header: '第一议题', key: 'firstTopic', width: 24 },
  { header: '主讲人', key: 'lecturer', width: 10, note: '本组织党员写姓名（或公民身份号码）；外请人员直接写姓名' },
  { header: '出席人员*', key: 'present', width: 30, note: '姓名或公民身份号码，用顿号分隔' },
  { header: '请假人员及原因', key: 'leave', width: 30, note: '如：张三（出差）、李四（病假）' },
  { header: '缺席人员', key: 'absent', width: 20, note: '姓名或公民身份号码，用顿号分隔' },
  { header: '会议记录', key: 'minutes', width: 40 },
] as const;
type Key = (typeof COLUMNS)[number]['key'];
type Row = { row: number } & Partial<Record<Key, string>>;
export type HistoryError = { row: number; column: string; message: string };
const HEADER: Record<Key, string> = Object.fromEntries(COLUMNS.map((c) => [c.key, c.header.replace('*', '')])) as Record<Key, string>;

export async function historyTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(HISTORY_SHEET);
  ws.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  COLUMNS.forEach((c, i) => {
    if ('note' in c) ws.getRow(1).getCell(i + 1).note = c.note;
  });
  ws.getColumn(3).numFmt = '@';
  addInstructions(wb, [
    '每一行是一次已经召开的会议或活动（支部党员大会、支委会、党小组会、党课、主题党日等），用于把纸质台账或以往的 Excel 记录补录进系统。',
    '第一行为表头，请勿修改；带 * 的列必填。组织填写“组织编号”或“组织名称”之一（党小组会记在党小组下）。',
    `活动类型可填多个，用顿号分隔，例如“党员大会、党课”。可选：${activityTypes.options.map((o) => o.label).join('、')}。`,
    '人员填写姓名，或 18 位公民身份号码（与花名册导入相同的识别方式）。姓名须是本组织登记的党员且不重名；重名时改填公民身份号码。',
    '请假人员须写明原因，格式为“姓名（原因）”，多人用顿号分隔。出席人员至少一人。',
    '活动日期不能晚于今天，也不能早于组织成立日期；不存在的日期（如 2019-02-30）会被指出。',
    '全部行校验无误才导入，否则列出每一个有误的行与列，不导入任何数据。',
    '同一组织、同一天、同一主题的活动已在系统中的行会被跳过，同一文件重复导入不会产生重复记录。',
    '导入的记录标注“补录”及导入人、导入时间，提交上级党组织审核；上级可以对整批记录一次审核通过，通过后计入组织生活考核和台账。',
    `每个文件最多 ${HISTORY_MAX_ROWS} 行，记录较多时请分批导入。`,
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readRows(buffer: Buffer): Promise<Row[]> {
  const { keys, rows } = await readRowsByHeader(buffer, HISTORY_LIMITS, COLUMNS);
  if (!keys.has('day') || !keys.has('types') || !keys.has('title')) throw validation('表头缺少“活动日期”“活动类型”或“主题”列，请使用系统提供的模板');
  return rows;
}

type OrgRef = { id: number; name: string; path: string; type: string; founded_on: string | null; dissolved_on: string | null };
type Attendee = { person: MatchablePerson; status: 'present' | 'leave' | 'absent'; reason: string | null };
type Planned = {
  row: number;
  org: OrgRef;
  types: ActivityType[];
  title: string;
  day: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  firstTopic: string | null;
  lecturerMemberId: number | null;
  lecturerName: string | null;
  minutes: string | null;
  attendees: Attendee[];
  key: string;
};

const SEPARATOR = /[、，,；;\n]+/;
const names = (text: string | undefined) => (text ?? '').split(SEPARATOR).map((t) => t.trim()).filter(Boolean);
/** 张三（出差） / 张三(出差) / 张三：出差 → name and reason. */
function leaveEntry(token: string): { name: string; reason: string | null } {
  const m = token.match(/^(.+?)\s*[（(]\s*(.*?)\s*[)）]$/) ?? token.match(/^(.+?)\s*[:：]\s*(.+)$/);
  return m ? { name: m[1].trim(), reason: m[2].trim() || null } : { name: token, reason: null };
}
const TIME = /^([01]?\d|2[0-3])[:：]([0-5]\d)$/;
const pad = (n: number) => String(n).padStart(2, '0');
/** The import key: one meeting per organisation, day and topic. */
export const historyKey = (day: string, title: string) => `${day}|${title.trim()}`;

/** Plain text from a cell → the paragraphs the minutes editor would have written. */
function minutesHtml(text: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return sanitizeMinutes(text.split(/\r?\n/).filter((l) => l.trim()).map((l) => `<p>${esc(l.trim())}</p>`).join(''));
}

function resolveOrg(r: Row, orgs: { byId: Map<number, OrgRef>; byName: Map<string, OrgRef[]> }, err: (c: string, m: string) => void): OrgRef | null {
  if (r.orgId) {
    const o = /^\d+$/.test(r.orgId) ? orgs.byId.get(Number(r.orgId)) : undefined;
    if (!o) err(HEADER.orgId, '组织编号不存在或不在您的管理范围内');
    return o ?? null;
  }
  if (!r.orgName) {
    err(HEADER.orgName, '请填写组织名称或组织编号');
    return null;
  }
  const found = orgs.byName.get(r.orgName) ?? [];
  if (found.length !== 1) err(HEADER.orgName, found.length ? `“${r.orgName}”有重名，请填写组织编号` : `未找到党组织“${r.orgName}”（或不在您的管理范围内）`);
  return found.length === 1 ? found[0] : null;
}

type Ctx = { today: string; people: People; deps: AppDeps; orgs: { byId: Map<number, OrgRef>; byName: Map<string, OrgRef[]> } };

/** One row → a planned record, or its errors (every bad cell). */
function planRow(r: Row, c: Ctx, err: (column: string, message: string) => void): Planned | null {
  let ok = true;
  const fail = (column: string, message: string) => {
    ok = false;
    err(column, message);
  };
  const org = resolveOrg(r, c.orgs, fail);
  let day: string | null = null;
  if (!r.day) fail(HEADER.day, '请填写活动日期');
  else {
    const d = parseDateCell(r.day);
    if (!d.ok) fail(HEADER.day, d.message);
    else if (d.day > c.today) fail(HEADER.day, '活动日期晚于今天：补录只用于已经召开的活动');
    else if (org?.founded_on && d.day < org.founded_on) fail(HEADER.day, `活动日期早于组织成立日期（${org.founded_on}）`);
    else if (org?.dissolved_on && d.day >= org.dissolved_on) fail(HEADER.day, `组织已于 ${org.dissolved_on} 撤销`);
    else day = d.day;
  }
  const types: ActivityType[] = [];
  for (const label of names(r.types)) {
    const t = activityTypes.fromLabel(label);
    if (!t) fail(HEADER.types, `“${label}”不是活动类型，可选：${activityTypes.options.map((o) => o.label).join('/')}`);
    else types.push(t);
  }
  if (!r.types) fail(HEADER.types, '请填写活动类型');
  if (org && types.length) {
    try {
      checkTypesFit(types, org.type as OrgType);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      fail(HEADER.types, e.message);
    }
  }
  const start = r.start ? TIME.exec(r.start) : ['', '09', '00'];
  if (!start) fail(HEADER.start, '时间格式应为 HH:MM，如 09:00');
  const end = r.end ? TIME.exec(r.end) : start ? ['', pad(Math.min(23, Number(start[1]) + 2)), start[2]] : null;
  if (r.end && !end) fail(HEADER.end, '时间格式应为 HH:MM，如 11:00');
  const at = (m: RegExpExecArray | string[]) => `${day ?? '2000-01-01'}T${pad(Number(m[1]))}:${m[2]}:00+08:00`;

  // Everyone named in the row: matched the way the roster import matches (person-match.ts).
  const attendees: Attendee[] = [];
  const seen = new Set<number>();
  const person = (token: string, column: string) => {
    if (!org) return null;
    const p = matchPerson(c.people, c.deps.cipher, token, org.path);
    if (typeof p === 'string') return fail(column, p), null;
    if (seen.has(p.id)) return fail(column, `“${token}”在本行出现了两次`), null;
    seen.add(p.id);
    return p;
  };
  for (const token of names(r.present)) {
    const p = person(token, HEADER.present);
    if (p) attendees.push({ person: p, status: 'present', reason: null });
  }
  for (const token of names(r.leave)) {
    const { name, reason } = leaveEntry(token);
    if (!reason) fail(HEADER.leave, `请写明“${name}”的请假原因，如“${name}（出差）”`);
    else if (reason.length > 200) fail(HEADER.leave, '请假原因不超过200字');
    const p = person(name, HEADER.leave);
    if (p && reason) attendees.push({ person: p, status: 'leave', reason });
  }
  for (const token of names(r.absent)) {
    const p = person(token, HEADER.absent);
    if (p) attendees.push({ person: p, status: 'absent', reason: null });
  }
  if (!names(r.present).length) fail(HEADER.present, '请填写出席人员：没有人出席的会议不能补录');

  // The lecturer: a member of ours when the name is one, else an invited speaker by name.
  let lecturerMemberId: number | null = null;
  let lecturerName: string | null = null;
  if (r.lecturer && org) {
    const p = matchPerson(c.people, c.deps.cipher, r.lecturer, org.path);
    if (typeof p !== 'string') lecturerMemberId = p.id;
    else if (looksLikeIdNumber(r.lecturer)) fail(HEADER.lecturer, p);
    else lecturerName = r.lecturer;
  }

  // The API's own contract checks the topic, place, first topic and times as for the form.
  const parsed = activityCreateInput.safeParse({
    orgId: org?.id ?? 1,
    types: types.length ? types : ['theme_day'],
    title: r.title ?? '',
    startsAt: at(start ?? ['', '09', '00']),
    endsAt: at(end ?? ['', '11', '00']),
    ...(r.place ? { place: r.place } : {}),
    ...(r.firstTopic ? { firstTopic: r.firstTopic } : {}),
    ...(lecturerName ? { lecturerName } : {}),
  });
  if (!parsed.success) {
    const column: Record<string, string> = { title: HEADER.title, place: HEADER.place, firstTopic: HEADER.firstTopic, lecturerName: HEADER.lecturer, endsAt: HEADER.end, startsAt: HEADER.start, types: HEADER.types };
    for (const issue of parsed.error.issues) fail(column[String(issue.path[0])] ?? HEADER.title, issue.message);
  }
  if (r.minutes && r.minutes.length > 20000) fail(HEADER.minutes, '会议记录不超过20000字');
  if (!ok || !org || !day || !parsed.success) return null;
  return {
    row: r.row,
    org,
    types,
    title: parsed.data.title,
    day,
    startsAt: parsed.data.startsAt,
    endsAt: parsed.data.endsAt,
    place: parsed.data.place ?? null,
    firstTopic: parsed.data.firstTopic ?? null,
    lecturerMemberId,
    lecturerName,
    minutes: r.minutes ? minutesHtml(r.minutes) : null,
    attendees,
    key: historyKey(day, parsed.data.title),
  };
}

async function writableOrgs(db: Kysely<DB>, ctx: RequestContext) {
  const rows = await db
    .selectFrom('org')
    .where(orgPathInScope(scopeFor(ctx.actor, 'activity.write'), sql.ref('org.path')))
    .select(['id', 'name', 'path', 'type', 'founded_on', 'dissolved_on'])
    .execute();
  const byId = new Map<number, OrgRef>(rows.map((o) => [o.id, o]));
  const byName = new Map<string, OrgRef[]>();
  for (const o of rows) byName.set(o.name, [...(byName.get(o.name) ?? []), o]);
  return { byId, byName };
}

/** Meetings of the file already in the system (imported before, or recorded through the form). */
async function alreadyThere(db: Kysely<DB>, planned: Planned[]) {
  const orgIds = [...new Set(planned.map((p) => p.org.id))];
  if (!orgIds.length) return new Set<string>();
  const days = [...new Set(planned.map((p) => p.day))];
  const rows = await db.selectFrom('activity').where('org_id', 'in', orgIds).where('held_on', 'in', days).select(['org_id', 'held_on', 'title']).execute();
  return new Set(rows.map((r) => `${r.org_id}:${historyKey(r.held_on, r.title)}`));
}

export type HistoryImportResult =
  | { ok: true; importId: number | null; created: number; skipped: { row: number; message: string }[]; total: number }
  | { ok: false; errors: HistoryError[]; total: number };

export async function importHistory(deps: AppDeps, ctx: RequestContext, receive: () => Promise<{ fileName: string; data: Buffer }>): Promise<HistoryImportResult> {
  requirePermission(ctx.actor, 'activity.write');
  const { fileName, data } = await receive();
  const rows = await readRows(data);
  if (!rows.length) throw validation('文件中没有数据行');
  if (rows.length > HISTORY_MAX_ROWS) throw validation(`文件有 ${rows.length} 行，每次最多导入 ${HISTORY_MAX_ROWS} 行，请分批导入`);
  const c: Ctx = { today: localDate(ctx.now), people: await peopleIn(deps.db, scopeFor(ctx.actor, 'member.read')), deps, orgs: await writableOrgs(deps.db, ctx) };
  const errors: HistoryError[] = [];
  const planned: Planned[] = [];
  const inFile = new Map<string, number>();
  for (const r of rows) {
    const p = planRow(r, c, (column, message) => errors.push({ row: r.row, column, message }));
    if (!p) continue;
    const k = `${p.org.id}:${p.key}`;
    if (inFile.has(k)) errors.push({ row: r.row, column: HEADER.title, message: `与第${inFile.get(k)}行是同一组织、同一天、同一主题的活动` });
    else inFile.set(k, r.row);
    planned.push(p);
  }
  if (errors.length) {
    await deps.db.transaction().execute((trx) => audit(trx, ctx, { action: 'activity.import_rejected', entityType: 'activity', after: { fileName, rows: rows.length, errors: errors.length } }));
    return { ok: false, errors: errors.sort((a, b) => a.row - b.row), total: rows.length };
  }
  const existing = await alreadyThere(deps.db, planned);
  const skipped = planned.filter((p) => existing.has(`${p.org.id}:${p.key}`)).map((p) => ({ row: p.row, message: `${p.org.name} ${p.day}“${p.title}”已在系统中，跳过` }));
  const fresh = planned.filter((p) => !existing.has(`${p.org.id}:${p.key}`));
  if (!fresh.length) return { ok: true, importId: null, created: 0, skipped, total: rows.length };
  const importId = await deps.db.transaction().execute((trx) => writeImport(trx, ctx, fileName, rows.length, fresh, skipped.length));
  return { ok: true, importId, created: fresh.length, skipped, total: rows.length };
}

/**
 * One transaction: the import's row, each record (submitted, waiting for the level above) with
 * its attendance, review history and audit record. The unique import key makes a second import of
 * the same file running at the same moment fail whole (409) rather than add the meetings twice.
 */
async function writeImport(trx: Kysely<DB>, ctx: RequestContext, fileName: string, rows: number, fresh: Planned[], skipped: number) {
  const { id: importId } = await trx
    .insertInto('activity_import')
    .values({ file_name: fileName, imported_by: ctx.actor.userId!, imported_at: ctx.now, rows, created: fresh.length, skipped })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const p of fresh) {
    const inserted = await trx
      .insertInto('activity')
      .values({
        org_id: p.org.id,
        status: 'submitted',
        title: p.title,
        types: p.types,
        starts_at: new Date(p.startsAt),
        ends_at: new Date(p.endsAt),
        held_on: p.day,
        place: p.place,
        lecturer_member_id: p.lecturerMemberId,
        lecturer_name: p.lecturerName,
        first_topic: p.firstTopic,
        minutes: p.minutes,
        submitted_at: ctx.now,
        submitted_by: ctx.actor.userId,
        created_by: ctx.actor.userId,
        created_at: ctx.now,
        updated_at: ctx.now,
        import_id: importId,
        import_key: p.key,
      } as never)
      .onConflict((oc) => oc.columns(['org_id', 'import_key']).where('import_key', 'is not', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw conflict(`第${p.row}行的活动刚刚被另一次导入写入，请重新导入该文件（已导入的行会被跳过）`);
    await trx
      .insertInto('activity_attendance')
      .values(p.attendees.map((a) => ({ activity_id: inserted.id, member_id: a.person.id, kind: 'expected' as const, status: a.status, reason: a.reason, voter: a.person.category === 'full' })))
      .execute();
    await addReview(trx, inserted.id, 'submit', `补录导入（${fileName}）`, ctx.actor.userId!, ctx.now);
    await audit(trx, ctx, {
      action: 'activity.import_create',
      entityType: 'activity',
      entityId: inserted.id,
      after: { importId, row: p.row, orgId: p.org.id, heldOn: p.day, types: p.types, title: p.title, present: p.attendees.filter((a) => a.status === 'present').length, leave: p.attendees.filter((a) => a.status === 'leave').length, absent: p.attendees.filter((a) => a.status === 'absent').length },
    });
  }
  await audit(trx, ctx, { action: 'activity.import', entityType: 'activity_import', entityId: importId, after: { fileName, rows, created: fresh.length, skipped } });
  return importId;
}
