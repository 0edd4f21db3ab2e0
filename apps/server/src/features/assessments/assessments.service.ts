import { emptySchemeContent, schemeMachine, type SchemeContent, type SchemeCreateInput, type schemeDto, type z } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { canConfigureSchemes, requireSchemeConfigure, schemeReader } from '../../access/assessment-policy.ts';
import { conflict, notFound, validation } from '../../http/errors.ts';
import { guardedStatus, runTransition } from '../../db/transition.ts';
import { audit } from '../audit/index.ts';
import * as repo from './assessments.repository.ts';

type Db = AppDeps['db'];
type SchemeDetail = z.output<typeof schemeDto>;
type Row = NonNullable<Awaited<ReturnType<typeof repo.findScheme>>>;

const summaryOf = (r: Row) => ({
  id: r.id,
  version: r.version,
  status: r.status,
  basedOnId: r.based_on_id,
  basedOn: r.based_on_year !== null && r.based_on_version !== null ? { year: r.based_on_year, version: r.based_on_version } : null,
  createdAt: r.created_at,
  createdBy: r.created_by_name,
  publishedAt: r.published_at,
  publishedBy: r.published_by_name,
});

const userIdsOf = (c: SchemeContent) => [...new Set(c.categories.flatMap((cat) => cat.indicators.flatMap((i) => i.department.userIds)))];

async function detailOf(db: Db, ctx: RequestContext, r: Row): Promise<SchemeDetail> {
  const configure = canConfigureSchemes(ctx.actor);
  const names = await repo.accountNames(db, userIdsOf(r.content));
  return {
    ...summaryOf(r),
    year: r.year,
    content: r.content,
    updatedAt: r.updated_at,
    scorers: names.map((n) => ({ id: n.id, name: n.display_name ?? n.username })),
    abilities: {
      edit: configure && schemeMachine.allows('edit', r.status),
      publish: configure && schemeMachine.allows('publish', r.status),
      revise: configure && schemeMachine.allows('revise', r.status),
    },
  };
}

/** GET /api/assessments?year=: the latest version the caller may read and the version list. */
export async function yearView(deps: AppDeps, ctx: RequestContext, year: number) {
  const reader = schemeReader(ctx.actor);
  const rows = await repo.versionsOf(deps.db, reader, year);
  const configure = canConfigureSchemes(ctx.actor);
  return {
    year,
    current: rows[0] ? await detailOf(deps.db, ctx, rows[0]) : null,
    versions: rows.map(summaryOf),
    canConfigure: configure,
    canCreate: configure && !(await repo.yearHasVersions(deps.db, year)),
  };
}

export async function getScheme(deps: AppDeps, ctx: RequestContext, id: number) {
  const reader = schemeReader(ctx.actor);
  const row = await repo.findScheme(deps.db, reader, id);
  if (!row) throw notFound('考核方案');
  return detailOf(deps.db, ctx, row);
}

export async function scorers(deps: AppDeps, ctx: RequestContext) {
  requireSchemeConfigure(ctx.actor);
  const rows = await repo.scorerAccounts(deps.db);
  return { items: rows.map((r) => ({ id: r.id, name: r.display_name ?? r.username, username: r.username })) };
}

/** AS-12: every scorer named in the content is a committee-level account. */
async function checkScorers(db: Db, content: SchemeContent) {
  const ids = userIdsOf(content);
  const ok = new Set((await repo.scorerAccounts(db, ids)).map((r) => r.id));
  const bad = ids.filter((id) => !ok.has(id));
  if (bad.length) {
    const message = `评分人员应为工委机关的账户：${bad.map((b) => `#${b}`).join('、')}不符合`;
    throw validation(message, [{ field: 'content', message }]);
  }
}

async function reload(db: Db, ctx: RequestContext, id: number) {
  const row = await repo.findScheme(db, { drafts: true }, id);
  return detailOf(db, ctx, row!);
}

/**
 * POST /api/assessments {year}: the year's first version, a draft copied from the latest published
 * scheme of the last earlier year that has one, or empty. 409 when the year already has a version.
 */
export async function createScheme(deps: AppDeps, ctx: RequestContext, input: SchemeCreateInput) {
  requireSchemeConfigure(ctx.actor);
  return deps.db.transaction().execute(async (trx) => {
    if (await repo.yearHasVersions(trx, input.year)) throw conflict(`${input.year}年度已有考核方案，请在现有版本上修改或修订`);
    const source = await repo.latestPublishedBefore(trx, input.year);
    const content = source ? source.content : emptySchemeContent();
    const id = await repo.insertDraft(trx, { year: input.year, version: 1, content, basedOnId: source?.id ?? null, userId: ctx.actor.userId, now: ctx.now });
    if (!id) throw conflict(`${input.year}年度已有考核方案（可能刚被他人创建），请刷新后重试`);
    await audit(trx, ctx, { action: 'assessment_scheme.create', entityType: 'assessment_scheme', entityId: id, after: { year: input.year, version: 1, copiedFrom: source ? { year: source.year, version: source.version } : null, content } });
    return reload(trx, ctx, id);
  });
}

/** PUT /api/assessments/:id: replace a draft's content; 409 once published. */
export async function updateScheme(deps: AppDeps, ctx: RequestContext, id: number, content: SchemeContent) {
  requireSchemeConfigure(ctx.actor);
  return runTransition(deps.db, schemeMachine, 'edit', {
    load: (trx) => repo.lockScheme(trx, id),
    notFound: () => notFound('考核方案'),
    check: (_row, trx) => checkScorers(trx, content),
    apply: async (trx, row) => {
      await guardedStatus(trx, 'assessment_scheme', id, 'draft', { content: JSON.stringify(content), updated_at: ctx.now }, schemeMachine.refusal('edit', 'published'));
      await audit(trx, ctx, { action: 'assessment_scheme.update', entityType: 'assessment_scheme', entityId: id, before: { year: row.year, version: row.version, content: row.content }, after: { year: row.year, version: row.version, content } });
      return reload(trx, ctx, id);
    },
  });
}

/**
 * POST /api/assessments/:id/publish: draft → published; the year's published version, if any,
 * becomes superseded in the same transaction. The draft must be complete (AS-2 plus at least one
 * category with indicators); scorers are checked again (an account may have lost its grant).
 */
export async function publishScheme(deps: AppDeps, ctx: RequestContext, id: number) {
  requireSchemeConfigure(ctx.actor);
  return runTransition(deps.db, schemeMachine, 'publish', {
    load: (trx) => repo.lockScheme(trx, id),
    notFound: () => notFound('考核方案'),
    check: async (row, trx) => {
      if (!row.content.categories.some((c) => c.indicators.length)) throw validation('考核方案还没有指标，不能发布');
      await checkScorers(trx, row.content);
    },
    apply: async (trx, row) => {
      const previous = await repo.publishedOf(trx, row.year);
      if (previous) await guardedStatus(trx, 'assessment_scheme', previous.id, 'published', { status: 'superseded' }, '该年度的已发布版本刚被他人修改，请刷新后重试');
      await guardedStatus(trx, 'assessment_scheme', id, 'draft', { status: 'published', published_at: ctx.now, published_by: ctx.actor.userId, updated_at: ctx.now }, schemeMachine.refusal('publish', 'published'));
      await audit(trx, ctx, { action: 'assessment_scheme.publish', entityType: 'assessment_scheme', entityId: id, before: { status: 'draft' }, after: { year: row.year, version: row.version, status: 'published', supersededVersion: previous?.version ?? null } });
      return reload(trx, ctx, id);
    },
  });
}

/**
 * POST /api/assessments/:id/revise: a new draft of the same year copied from this published
 * version (keys kept). 409 when the version is not the published one or the year has a draft.
 */
export async function reviseScheme(deps: AppDeps, ctx: RequestContext, id: number) {
  requireSchemeConfigure(ctx.actor);
  return runTransition(deps.db, schemeMachine, 'revise', {
    load: (trx) => repo.lockScheme(trx, id),
    notFound: () => notFound('考核方案'),
    check: async (row, trx) => {
      const draft = await repo.draftOf(trx, row.year);
      if (draft) throw conflict(`${row.year}年度已有草稿（第${draft.version}版），请直接修改该草稿`);
    },
    apply: async (trx, row) => {
      const version = await repo.nextVersion(trx, row.year);
      const newId = await repo.insertDraft(trx, { year: row.year, version, content: row.content, basedOnId: id, userId: ctx.actor.userId, now: ctx.now });
      if (!newId) throw conflict(`${row.year}年度已有草稿（可能刚被他人创建），请刷新后重试`);
      await audit(trx, ctx, { action: 'assessment_scheme.revise', entityType: 'assessment_scheme', entityId: newId, after: { year: row.year, version, basedOnVersion: row.version } });
      return reload(trx, ctx, newId);
    },
  });
}
