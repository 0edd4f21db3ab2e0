import { sql, type Kysely } from 'kysely';

// 督查 (issue 10): checklist templates (with the four defaults), inspections and their targets
// (one checklist record per unit, with the facts snapshot taken when it was recorded), the card
// catalogue (黄牌/橙牌/红牌 by default, R14 in docs/RULES.md) and the cards issued.
const DEFAULT_TEMPLATES: { name: string; items: { key: string; label: string; fact: string | null }[] }[] = [
  {
    name: '三会一课落实',
    items: [
      { key: 'branch_assembly', label: '党员大会是否按季度召开', fact: 'org_life' },
      { key: 'committee_meeting', label: '支委会是否按月召开', fact: 'org_life' },
      { key: 'group_meeting', label: '党小组会是否按月召开', fact: 'org_life' },
      { key: 'party_lecture', label: '党课是否按季度讲授，书记是否每年至少讲一次党课', fact: 'org_life' },
      { key: 'theme_day', label: '主题党日是否每月开展', fact: 'org_life' },
      { key: 'records', label: '会议记录是否完整规范，台账是否及时归档', fact: null },
    ],
  },
  {
    name: '双重组织生活',
    items: [
      { key: 'leaders_attend', label: '领导干部是否以普通党员身份参加所在支部组织生活', fact: null },
      { key: 'leaders_lecture', label: '领导干部是否到所在支部或联系点讲党课', fact: null },
      { key: 'life_meeting', label: '组织生活会是否按要求召开，领导干部是否参加', fact: 'org_life' },
      { key: 'heart_talk', label: '谈心谈话是否覆盖全体委员和党员', fact: 'org_life' },
    ],
  },
  {
    name: '党务干部配备',
    items: [
      { key: 'full_time_cadre', label: '是否配备专职党务干部', fact: 'cadres' },
      { key: 'secretary_in_post', label: '支部书记是否到位', fact: 'committee' },
      { key: 'committee_complete', label: '支部委员会是否按期换届、委员配备是否齐全', fact: 'committee' },
      { key: 'training', label: '党务干部是否参加年度培训', fact: null },
    ],
  },
  {
    name: '责任落实',
    items: [
      { key: 'responsibility_list', label: '党建工作责任清单是否制定并分解到人', fact: null },
      { key: 'key_tasks', label: '重点任务是否按序时推进', fact: 'list_progress' },
      { key: 'secretary_duty', label: '书记是否履行第一责任人职责，定期研究党建工作', fact: 'committee' },
      { key: 'members_managed', label: '党员队伍管理是否规范（组织关系、党籍状态）', fact: 'members' },
      { key: 'rectification', label: '上次督查发现问题是否整改到位', fact: 'rectification' },
    ],
  },
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table checklist_template (
      id serial primary key,
      name text not null unique,
      items jsonb not null,
      built_in boolean not null default false,
      created_by integer references app_user(id),
      created_at timestamptz not null
    );
    create table inspection (
      id serial primary key,
      year integer not null,
      kind text not null check (kind in ('special', 'key', 'unannounced', 'revisit')),
      quarter integer check (quarter between 1 and 4),
      title text not null,
      starts_on date not null,
      ends_on date not null,
      team jsonb not null,
      leader text,
      template_id integer not null references checklist_template(id),
      checklist jsonb not null,
      status text not null default 'planned' check (status in ('planned', 'in_progress', 'done', 'cancelled')),
      created_by integer references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check ((kind = 'special') = (quarter is not null))
    );
    create index inspection_by_year on inspection (year, status);
    create table inspection_target (
      inspection_id integer not null references inspection(id) on delete cascade,
      org_id integer not null references org(id),
      status text not null default 'pending' check (status in ('pending', 'recorded')),
      visited_on date,
      summary text,
      results jsonb not null default '[]',
      facts jsonb,
      facts_as_of date,
      recorded_by integer references app_user(id),
      recorded_at timestamptz,
      primary key (inspection_id, org_id)
    );
    create index inspection_target_by_org on inspection_target (org_id);
    create table card_kind (
      key text primary key,
      name text not null,
      color text not null,
      consequence text,
      active boolean not null default true,
      sort integer not null
    );
    create table card (
      id serial primary key,
      kind text not null references card_kind(key),
      org_id integer not null references org(id),
      member_id integer references member(id),
      reason text not null,
      issued_on date not null,
      year integer not null,
      inspection_id integer references inspection(id),
      status text not null default 'issued' check (status in ('issued', 'withdrawn')),
      withdrawn_reason text,
      withdrawn_by integer references app_user(id),
      withdrawn_at timestamptz,
      issued_by integer references app_user(id),
      created_at timestamptz not null
    );
    create index card_by_year on card (year);
    create index card_by_org on card (org_id);
    insert into card_kind (key, name, color, consequence, sort) values
      ('yellow', '黄牌', 'gold', '提醒谈话', 1),
      ('orange', '橙牌', 'orange', '警示谈话', 2),
      ('red', '红牌', 'red', '诫勉谈话', 3);
  `.execute(db);
  for (const t of DEFAULT_TEMPLATES) {
    await sql`insert into checklist_template (name, items, built_in, created_at) values (${t.name}, ${JSON.stringify(t.items)}::jsonb, true, now())`.execute(db);
  }
}

export async function down(): Promise<void> {}
