import type { Migration, MigrationProvider } from 'kysely';
import * as m2026112301 from './2026112301_foundation.ts';
import * as m2026112302 from './2026112302_member_list_indexes.ts';
import * as m2026112401 from './2026112401_organisational_life.ts';
import * as m2026112501 from './2026112501_change_notify.ts';
import * as m2026120101 from './2026120101_account_security.ts';
import * as m2026120102 from './2026120102_activity_submitter.ts';
import * as m2026120103 from './2026120103_sign_in_confirmation.ts';
import * as m2026120104 from './2026120104_import_jobs.ts';
import * as m2026120105 from './2026120105_account_control.ts';
import * as m2026120106 from './2026120106_org_import_journal.ts';
import * as m2026120201 from './2026120201_go_live.ts';
import * as m2026120203 from './2026120203_history_import.ts';
import * as m2026120301 from './2026120301_lists.ts';
import * as m2026120302 from './2026120302_work_calendar.ts';
import * as m2026120303 from './2026120303_inspections.ts';
import * as m2026120304 from './2026120304_rectification.ts';
import * as m2026120305 from './2026120305_list_bench_indexes.ts';
import * as m2026120308 from './2026120308_list_stats.ts';
import * as m2026120309 from './2026120309_list_stats_pending.ts';
import * as m2026120421 from './2026120421_discipline.ts';
import * as m2026120307 from './2026120307_card_findings.ts';
import * as m2026120306 from './2026120306_list_item_files.ts';
import * as m2026120150 from './2026120150_master_key_fingerprint.ts';
import * as m2026120401 from './2026120401_assessment_schemes.ts';
import * as m2026120411 from './2026120411_review_campaigns.ts';
import * as m2026120431 from './2026120431_honours.ts';
import * as m2026120441 from './2026120441_assessment_rounds.ts';
import * as m2026120531 from './2026120531_training.ts';
import * as m2026120532 from './2026120532_xuexi.ts';
import * as m2026120521 from './2026120521_points.ts';
import * as m2026120511 from './2026120511_study.ts';
import * as m2026120501 from './2026120501_exams.ts';
import * as m2026120502 from './2026120502_exam_papers.ts';
import * as m2026120503 from './2026120503_exams_attempts.ts';
import * as m2026120631 from './2026120631_training_exams.ts';
import * as m2026120632 from './2026120632_point_totals.ts';
import * as m2026120633 from './2026120633_point_entry_files.ts';
import * as m2026120634 from './2026120634_contest_roster.ts';
import * as m2026120601 from './2026120601_exam_marking.ts';
import * as m2026120621 from './2026120621_contests.ts';

/** Migrations are listed here (not read from disk) so they bundle and run the same everywhere. */
export const migrationProvider: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return { '2026112301_foundation': m2026112301, '2026112302_member_list_indexes': m2026112302,
      '2026112401_organisational_life': m2026112401,
      '2026112501_change_notify': m2026112501,
      '2026120101_account_security': m2026120101,
      '2026120102_activity_submitter': m2026120102,
      '2026120103_sign_in_confirmation': m2026120103,
      '2026120104_import_jobs': m2026120104,
      '2026120105_account_control': m2026120105,
      '2026120106_org_import_journal': m2026120106,
      '2026120150_master_key_fingerprint': m2026120150,
      '2026120201_go_live': m2026120201,
      '2026120203_history_import': m2026120203,
      '2026120301_lists': m2026120301,
      '2026120302_work_calendar': m2026120302,
      '2026120303_inspections': m2026120303,
      '2026120304_rectification': m2026120304,
      '2026120305_list_bench_indexes': m2026120305,
      '2026120308_list_stats': m2026120308,
      '2026120307_card_findings': m2026120307,
      '2026120306_list_item_files': m2026120306,
      '2026120309_list_stats_pending': m2026120309,
      '2026120421_discipline': m2026120421,
      '2026120401_assessment_schemes': m2026120401,
      '2026120411_review_campaigns': m2026120411,
      '2026120431_honours': m2026120431,
      '2026120441_assessment_rounds': m2026120441,
      '2026120531_training': m2026120531,
      '2026120532_xuexi': m2026120532,
      '2026120521_points': m2026120521,
      '2026120511_study': m2026120511,
      '2026120501_exams': m2026120501,
      '2026120502_exam_papers': m2026120502,
      '2026120503_exams_attempts': m2026120503,
      '2026120631_training_exams': m2026120631,
      '2026120632_point_totals': m2026120632,
      '2026120633_point_entry_files': m2026120633,
      '2026120634_contest_roster': m2026120634,
      '2026120601_exam_marking': m2026120601,
      '2026120621_contests': m2026120621,
    };
  },
};
