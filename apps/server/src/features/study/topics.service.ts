import type { Kysely } from 'kysely';
import sanitizeHtml from 'sanitize-html';
import {
  topicMachine,
  type MaterialDto,
  type MaterialInput,
  type TopicDto,
  type TopicInput,
  type TopicListQuery,
  type TopicStatus,
  type MaterialKind,
} from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { canManageStudy, canManageStudyAt, studyManageScope, studyReadScope } from '../../access/study-policy.ts';
import { orgPathInScope, pathInScope } from '../../access/scope.ts';
import { conflict, forbidden, notFound, validation } from '../../http/errors.ts';
import { checkedUpload } from '../../http/upload.ts';
import { newFileKey } from '../../lib/file-store.ts';
import { audit } from '../audit/index.ts';
import * as repo from './study.repository.ts';

/** Articles are rich text from an editor: formatting, headings, lists and tables survive; no scripts, styles or images (SH-3). */
export function sanitizeArticle(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'h1', 'h2', 'h3', 'h4', 'ol', 'ul', 'li', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr'],
    allowedAttributes: {},
  }).trim();
}

function topicToDto(r: repo.TopicRow, totals: { count: number; hours: number } | undefined): TopicDto {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    title: r.title,
    description: r.description,
    coverText: r.cover_text,
    status: r.status as TopicStatus,
    publishedAt: r.published_at,
    materialCount: totals?.count ?? 0,
    creditHours: totals?.hours ?? 0,
    createdAt: r.created_at,
  };
}

/** A material as a manager sees it (with the check question's answer) or as a member's reader does (without). */
export function materialToDto(r: repo.MaterialRow, withAnswer: boolean): MaterialDto {
  return {
    id: r.id,
    topicId: r.topic_id,
    kind: r.kind as MaterialKind,
    title: r.title,
    body: r.body,
    url: r.url,
    fileName: r.file_name,
    creditHours: Number(r.credit_hours),
    minSeconds: r.min_seconds,
    question: r.question ? { prompt: r.question.prompt, options: r.question.options, answer: withAnswer ? r.question.answer : null } : null,
    position: r.position,
  };
}

/** The topics of the caller's subtree, filtered and paged in the database. */
export async function listTopics(deps: AppDeps, ctx: RequestContext, query: TopicListQuery) {
  const scope = studyReadScope(ctx.actor);
  let q = repo.topics(deps.db, scope);
  if (query.status) q = q.where('t.status', '=', query.status);
  if (query.orgId) q = q.where('t.org_id', '=', query.orgId);
  if (query.q) q = q.where('t.title', 'like', `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const [{ n }, rows] = await Promise.all([
    q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q.orderBy('t.id', 'desc').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute(),
  ]);
  const totals = await repo.materialTotals(deps.db, rows.map((r) => r.id));
  return { items: rows.map((r) => topicToDto(r, totals.get(r.id))), total: Number(n), page: query.page, pageSize: query.pageSize, canManage: canManageStudy(ctx.actor) };
}

async function findTopic(db: Kysely<DB>, ctx: RequestContext, id: number, lock = false) {
  const q = repo.topics(db, studyReadScope(ctx.actor)).where('t.id', '=', id);
  const row = await (lock ? q.forUpdate('t') : q).executeTakeFirst();
  if (!row) throw notFound('学习专题');
  return row;
}

export async function getTopic(deps: AppDeps, ctx: RequestContext, id: number) {
  const row = await findTopic(deps.db, ctx, id);
  const mats = await repo.materials(deps.db).where('topic_id', '=', id).orderBy('position').orderBy('id').execute();
  const totals = await repo.materialTotals(deps.db, [id]);
  return { ...topicToDto(row, totals.get(id)), materials: mats.map((m) => materialToDto(m, true)), canManage: canManageStudyAt(ctx.actor, row.org_path) };
}

async function targetOrg(db: Kysely<DB>, ctx: RequestContext, orgId: number) {
  const scope = studyManageScope(ctx.actor);
  const org = await db.selectFrom('org as o').where('o.id', '=', orgId).where('o.dissolved_on', 'is', null).where((eb) => orgPathInScope(scope, eb.ref('o.path'))).select(['o.id', 'o.path']).executeTakeFirst();
  if (!org) throw validation('发布组织须是本组织或下级组织', [{ field: 'orgId', message: '发布组织须是本组织或下级组织' }]);
  return org;
}

export async function createTopic(deps: AppDeps, ctx: RequestContext, input: TopicInput) {
  await targetOrg(deps.db, ctx, input.orgId);
  const columns = { org_id: input.orgId, title: input.title, description: input.description, cover_text: input.coverText };
  const id = await deps.db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto('study_topic').values({ ...columns, created_by: ctx.actor.userId, created_at: ctx.now, updated_at: ctx.now }).returning('id').executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'study_topic.create', entityType: 'study_topic', entityId: id, after: columns });
    return id;
  });
  return getTopic(deps, ctx, id);
}

/** The topic locked, managed by the caller (403 otherwise), in a state that allows the event (409 otherwise). */
async function lockManaged(trx: Kysely<DB>, ctx: RequestContext, id: number, event: 'edit' | 'publish' | 'withdraw') {
  studyManageScope(ctx.actor);
  const row = await findTopic(trx, ctx, id, true);
  if (!canManageStudyAt(ctx.actor, row.org_path)) throw forbidden('只有发布组织及其上级可以管理该学习专题');
  if (!topicMachine.allows(event, row.status)) throw conflict(topicMachine.refusal(event, row.status));
  return row;
}

export async function updateTopic(deps: AppDeps, ctx: RequestContext, id: number, input: TopicInput) {
  const org = await targetOrg(deps.db, ctx, input.orgId);
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockManaged(trx, ctx, id, 'edit');
    if (!pathInScope(studyManageScope(ctx.actor), org.path)) throw forbidden();
    const set = { org_id: input.orgId, title: input.title, description: input.description, cover_text: input.coverText };
    await repo.guardedTopicUpdate(trx, id, row.status, { ...set, updated_at: ctx.now }, topicMachine.refusal('edit', row.status));
    await audit(trx, ctx, { action: 'study_topic.update', entityType: 'study_topic', entityId: id, before: { org_id: row.org_id, title: row.title, description: row.description, cover_text: row.cover_text }, after: set });
  });
  return getTopic(deps, ctx, id);
}

/** SH-1: publish (a topic needs at least one material, each document/video/audio with its file or link) and withdraw. */
export async function transitionTopic(deps: AppDeps, ctx: RequestContext, id: number, event: 'publish' | 'withdraw') {
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockManaged(trx, ctx, id, event);
    const set: Record<string, unknown> = { status: topicMachine.next(event, row.status as TopicStatus), updated_at: ctx.now };
    if (event === 'publish') {
      const mats = await trx.selectFrom('study_material').select(['title', 'kind', 'url', 'storage_key']).where('topic_id', '=', id).execute();
      if (!mats.length) throw conflict('专题还没有学习资料，添加资料后才能发布');
      const missing = mats.find((m) => m.kind !== 'article' && !m.url && !m.storage_key);
      if (missing) throw conflict(`资料「${missing.title}」还没有上传文件或填写链接，不能发布`);
      set.published_at = ctx.now;
    }
    await repo.guardedTopicUpdate(trx, id, row.status, set, topicMachine.refusal(event, row.status));
    await audit(trx, ctx, { action: event === 'publish' ? 'study_topic.publish' : 'study_topic.withdraw', entityType: 'study_topic', entityId: id, before: { status: row.status }, after: set });
  });
  return getTopic(deps, ctx, id);
}

function materialColumns(input: MaterialInput) {
  if (input.kind === 'article' && input.url) throw validation('文章不填写链接', [{ field: 'url', message: '文章不填写链接' }]);
  return {
    kind: input.kind,
    title: input.title,
    body: input.kind === 'article' ? sanitizeArticle(input.body) : sanitizeArticle(input.body),
    url: input.url ?? null,
    credit_hours: input.creditHours,
    min_seconds: input.minSeconds,
    question: input.question ? JSON.stringify(input.question) : null,
  };
}

export async function addMaterial(deps: AppDeps, ctx: RequestContext, topicId: number, input: MaterialInput) {
  const columns = materialColumns(input);
  if (input.kind === 'article' && !columns.body) throw validation('文章须有正文', [{ field: 'body', message: '文章须有正文' }]);
  const id = await deps.db.transaction().execute(async (trx) => {
    await lockManaged(trx, ctx, topicId, 'edit');
    const last = await trx.selectFrom('study_material').select((eb) => eb.fn.max('position').as('p')).where('topic_id', '=', topicId).executeTakeFirst();
    const { id } = await trx
      .insertInto('study_material')
      .values({ ...columns, topic_id: topicId, position: Number(last?.p ?? 0) + 1, created_by: ctx.actor.userId, created_at: ctx.now, updated_at: ctx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'study_material.create', entityType: 'study_material', entityId: id, after: { topicId, ...columns, body: columns.body.length } });
    return id;
  });
  return materialToDto(await repo.materials(deps.db).where('id', '=', id).executeTakeFirstOrThrow(), true);
}

async function lockMaterial(trx: Kysely<DB>, ctx: RequestContext, id: number) {
  studyManageScope(ctx.actor);
  const m = await repo.materials(trx).where('id', '=', id).executeTakeFirst();
  if (!m) throw notFound('学习资料');
  const topic = await lockManaged(trx, ctx, m.topic_id, 'edit');
  const row = await repo.materials(trx).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound('学习资料');
  return { material: row, topic };
}

export async function updateMaterial(deps: AppDeps, ctx: RequestContext, id: number, input: MaterialInput) {
  const columns = materialColumns(input);
  await deps.db.transaction().execute(async (trx) => {
    const { material } = await lockMaterial(trx, ctx, id);
    if (material.kind !== input.kind) throw validation('资料类型不能修改，请删除后重新添加');
    await trx.updateTable('study_material').set({ ...columns, updated_at: ctx.now }).where('id', '=', id).execute();
    await audit(trx, ctx, { action: 'study_material.update', entityType: 'study_material', entityId: id, before: { title: material.title, url: material.url, credit_hours: material.credit_hours, min_seconds: material.min_seconds, question: material.question }, after: { ...columns, body: columns.body.length } });
  });
  return materialToDto(await repo.materials(deps.db).where('id', '=', id).executeTakeFirstOrThrow(), true);
}

/** SH-1: a material is removed only while its topic is a draft (once published, members may have studied it). */
export async function deleteMaterial(deps: AppDeps, ctx: RequestContext, id: number) {
  const key = await deps.db.transaction().execute(async (trx) => {
    const { material, topic } = await lockMaterial(trx, ctx, id);
    if (topic.status !== 'draft') throw conflict('专题已发布过，资料可能已有人学习，不能删除（可修改或撤回专题）');
    await trx.deleteFrom('study_material').where('id', '=', id).execute();
    await audit(trx, ctx, { action: 'study_material.delete', entityType: 'study_material', entityId: id, before: { topicId: material.topic_id, title: material.title, kind: material.kind } });
    return material.storage_key;
  });
  if (key) await deps.files.delete(key).catch(() => undefined);
}

export type ReceivedFile = { fileName: string; data: Buffer };

/** A document material's file (pdf, docx …; the upload checks of activity attachments). Replaces an earlier one. */
export async function uploadMaterialFile(deps: AppDeps, ctx: RequestContext, id: number, receive: () => Promise<ReceivedFile>) {
  studyManageScope(ctx.actor);
  const pre = await repo.materials(deps.db).where('id', '=', id).executeTakeFirst();
  if (!pre) throw notFound('学习资料');
  await findTopic(deps.db, ctx, pre.topic_id);
  if (pre.kind !== 'document') throw validation('只有“文件”类资料可以上传文件；视频、音频请填写 https 链接');
  const file = await receive();
  const { fileName, contentType } = checkedUpload(file);
  const key = newFileKey('study');
  await deps.files.put(key, file.data, contentType);
  let old: string | null = null;
  try {
    await deps.db.transaction().execute(async (trx) => {
      const { material } = await lockMaterial(trx, ctx, id);
      old = material.storage_key;
      await trx.updateTable('study_material').set({ file_name: fileName, content_type: contentType, size: file.data.length, storage_key: key, updated_at: ctx.now }).where('id', '=', id).execute();
      await audit(trx, ctx, { action: 'study_material.file', entityType: 'study_material', entityId: id, before: { fileName: material.file_name }, after: { fileName, contentType, size: file.data.length } });
    });
  } catch (e) {
    await deps.files.delete(key).catch(() => undefined);
    throw e;
  }
  if (old) await deps.files.delete(old).catch(() => undefined);
  return materialToDto(await repo.materials(deps.db).where('id', '=', id).executeTakeFirstOrThrow(), true);
}

/** The file, for whoever reads the topic in the console. */
export async function getMaterialFile(deps: AppDeps, ctx: RequestContext, id: number) {
  studyReadScope(ctx.actor);
  const m = await repo.materials(deps.db).where('id', '=', id).executeTakeFirst();
  if (!m) throw notFound('学习资料');
  await findTopic(deps.db, ctx, m.topic_id);
  if (!m.storage_key) throw notFound('学习资料文件');
  const data = await deps.files.get(m.storage_key);
  if (!data) throw notFound('学习资料文件');
  return { fileName: m.file_name ?? '学习资料', contentType: m.content_type ?? 'application/octet-stream', data };
}
