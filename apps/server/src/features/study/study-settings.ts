import type { Kysely } from 'kysely';
import { DEFAULT_STUDY_SETTINGS, studySettingsSchema, studySettingsToDto, type StudySettings } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { requireStudyConfigure, studyReadScope } from '../../access/study-policy.ts';
import { audit } from '../audit/index.ts';

const KEY = 'study_settings';

/** The study settings (app_setting 'study_settings'), defaults where unset or unreadable. */
export async function loadStudySettings(db: Kysely<DB>): Promise<StudySettings> {
  const r = await db.selectFrom('app_setting').where('key', '=', KEY).select('value').executeTakeFirst();
  const parsed = studySettingsSchema.safeParse({ ...DEFAULT_STUDY_SETTINGS, ...((r?.value as object) ?? {}) });
  return parsed.success ? parsed.data : DEFAULT_STUDY_SETTINGS;
}

export async function getStudySettings(deps: AppDeps, ctx: RequestContext) {
  studyReadScope(ctx.actor);
  return studySettingsToDto(await loadStudySettings(deps.db));
}

export async function putStudySettings(deps: AppDeps, ctx: RequestContext, input: StudySettings) {
  requireStudyConfigure(ctx.actor);
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('app_setting').where('key', '=', KEY).select('value').forUpdate().executeTakeFirst();
    await trx
      .insertInto('app_setting')
      .values({ key: KEY, value: JSON.stringify(input) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(input) }))
      .execute();
    await audit(trx, ctx, { action: 'study_settings.update', entityType: 'setting', entityId: KEY, before: (before?.value as object) ?? DEFAULT_STUDY_SETTINGS, after: input });
  });
  return studySettingsToDto(await loadStudySettings(deps.db));
}
