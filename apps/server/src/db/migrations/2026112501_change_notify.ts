import { sql, type Kysely } from 'kysely';

// Every server process keeps sessions and organisation paths in memory (db/change-feed.ts). These
// triggers tell all of them, on commit, when such data changes — whoever changed it. NOTIFY is
// transactional and folds repeats within a transaction, so moving a subtree sends one 'org'.
// The columns are the ones the caches copy; change-feed.ts lists the same for this process.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function notify_change() returns trigger language plpgsql as $$
    begin
      perform pg_notify('xf_changes', tg_argv[0]);
      return null;
    end $$;

    create trigger session_ended after delete on session
      for each row execute function notify_change('auth');
    create trigger session_changed after update of csrf_token, user_id on session
      for each row execute function notify_change('auth');
    create trigger session_truncated after truncate on session
      for each statement execute function notify_change('auth');
    create trigger app_user_truncated after truncate on app_user
      for each statement execute function notify_change('auth');
    create trigger role_grant_truncated after truncate on role_grant
      for each statement execute function notify_change('auth');
    create trigger org_truncated after truncate on org
      for each statement execute function notify_change('org');
    create trigger app_user_changed after update on app_user
      for each row when ((old.username, old.display_name, old.member_id, old.must_change_password, old.disabled)
        is distinct from (new.username, new.display_name, new.member_id, new.must_change_password, new.disabled))
      execute function notify_change('auth');
    create trigger app_user_deleted after delete on app_user
      for each row execute function notify_change('auth');
    create trigger role_grant_changed after insert or update or delete on role_grant
      for each row execute function notify_change('auth');
    create trigger org_renamed_or_moved after update on org
      for each row when ((old.path, old.name) is distinct from (new.path, new.name))
      execute function notify_change('org');
    create trigger org_created_or_deleted after insert or delete on org
      for each row execute function notify_change('org');
  `.execute(db);
}

export async function down(): Promise<void> {}
