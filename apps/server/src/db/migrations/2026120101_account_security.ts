import { sql, type Kysely } from 'kysely';

// Account security (issue "Trust before breadth"):
// - login failures counted per typed name and per address, atomically (login_attempt), replacing
//   app_user.failed_logins / locked_until, which were read before the slow hash and written back;
// - the last passwords of each account (password_history), so a forced change cannot go back;
// - 三员分立 as a database invariant: an account holding a separated admin role holds no other role.
//   The trigger is deferred to commit, so a transaction may replace an account's grants freely.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table login_attempt (
      key text primary key,
      failures int not null default 0,
      window_started_at timestamptz not null,
      locked_until timestamptz
    );

    create table password_history (
      id serial primary key,
      user_id int not null references app_user(id) on delete cascade,
      password_hash text not null,
      created_at timestamptz not null
    );
    create index password_history_user on password_history (user_id, id desc);
    insert into password_history (user_id, password_hash, created_at)
      select id, password_hash, coalesce(password_changed_at, created_at) from app_user;

    alter table app_user drop column failed_logins, drop column locked_until;

    create function check_role_separation() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from role_grant g where g.user_id = new.user_id and g.role in ('system_admin', 'security_admin', 'audit_admin'))
         and (select count(distinct g.role) from role_grant g where g.user_id = new.user_id) > 1 then
        raise exception '三员分立：系统管理员、安全管理员、审计管理员不能与其他角色由同一账户兼任'
          using errcode = 'XF001';
      end if;
      return null;
    end $$;
    create constraint trigger role_separation after insert or update on role_grant
      deferrable initially deferred for each row execute function check_role_separation();
  `.execute(db);
}

export async function down(): Promise<void> {}
