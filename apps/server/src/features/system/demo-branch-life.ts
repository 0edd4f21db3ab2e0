import { COMMITTEE_MIN } from '../compliance/index.ts';
import type { Rng } from './demo-city.ts';
import * as X from './demo-activity-texts.ts';
import type { ActivityRow, Writer } from './demo-activity-writer.ts';

// One branch's two years of organisational life, generated (deterministic for a seed and a day).

export type ActivityDensity = {
  /** Share of the required 谈心谈话 pairs (ZB-19, docs/RULES.md) a diligent branch holds each year; lax branches fewer. */
  talkShare: number;
  /** Share of months with a 集中学习研讨 of the whole branch (local practice, not assessed). */
  studyShare: number;
  /** Share of months whose 主题党日 is held together with a 党课 (one activity, two types). */
  lectureShare: number;
};

export const DEMO_ACTIVITIES: ActivityDensity = { talkShare: 1, studyShare: 0.3, lectureShare: 0.4 };

export type Member = { id: number; org_id: number; name: string; category: string; join_date: string; full_date: string | null; rank: string | null };
export type Serving = { member_id: number; post: string; started_on: string; ended_on: string | null };
export type Branch = {
  id: number;
  name: string;
  foundedOn: string | null;
  dissolvedOn: string | null;
  /** Normal-standing members of the branch and its 党小组, by id. */
  roster: Member[];
  groups: { id: number; name: string; members: Member[] }[];
  committee: Serving[];
};

type Kind = 'committee' | 'theme' | 'group' | 'assembly' | 'study' | 'lecture' | 'life' | 'review' | 'talk';

const DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');
const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (d: string, n: number) => isoDay(dayMs(d) + n * DAY);
const beijing = (d: string, minutes: number) => Date.parse(`${d}T00:00:00+08:00`) + minutes * 60_000;
const QUARTERS = ['一', '二', '三', '四'];

/** A working day near the wished-for day of the month (weekends move to Friday or Monday). */
function workday(y: number, m: number, wish: number): string {
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const ms = Date.UTC(y, m - 1, Math.min(Math.max(wish, 1), last));
  const wd = new Date(ms).getUTCDay();
  let shifted = wd === 6 ? ms - DAY : wd === 0 ? ms + DAY : ms;
  if (new Date(shifted).getUTCMonth() !== m - 1) shifted = wd === 0 ? ms - 2 * DAY : ms + 2 * DAY;
  return isoDay(shifted);
}

/** Something valid on the day; dated items (anniversaries, current documents) are preferred when they fit. */
function pickDated<T extends X.Dated>(rng: Rng, items: T[], day: string): T {
  const valid = items.filter((i) => (!i.from || i.from <= day) && (!i.to || i.to >= day));
  const dated = valid.filter((i) => i.from || i.to);
  return dated.length && rng.chance(0.6) ? rng.pick(dated) : rng.pick(valid);
}

function shuffle<T>(rng: Rng, items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

const chineseDate = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

type Attendee = { m: Member; status: 'present' | 'leave' | 'absent'; reason: string | null };

/** One branch's two years. */
export class BranchLife {
  private readonly p;
  constructor(
    private rng: Rng,
    private b: Branch,
    private w: Writer,
    private density: ActivityDensity,
    private now: number,
    private today: string,
  ) {
    const retired = b.name.includes('离退休');
    const lax = rng.chance(0.15);
    this.p = {
      lax,
      present: retired ? 0.86 + rng.next() * 0.06 : 0.88 + rng.next() * 0.07,
      absent: 0.004 + rng.next() * 0.012,
      recentDays: rng.int(14, 28),
      planShare: 0.5 + rng.next() * 0.4,
      qr: rng.chance(0.5),
      committeeDay: rng.int(3, 10),
      themeDay: rng.int(10, 26),
      groupDay: rng.int(12, 22),
      room: rng.pick(X.MEETING_ROOMS),
      skipsQuarter: rng.chance(0.06),
      talkShare: lax ? density.talkShare * (0.55 + rng.next() * 0.35) : density.talkShare,
    };
  }

  private serving(day: string) {
    return this.b.committee.filter((c) => c.started_on <= day && (!c.ended_on || c.ended_on > day));
  }
  private secretary(day: string): number | null {
    return this.serving(day).find((c) => c.post === 'secretary')?.member_id ?? null;
  }
  private member(id: number | null) {
    return this.b.roster.find((m) => m.id === id) ?? null;
  }

  /** Status and review times for an activity held on a day; null when not (yet) entered. */
  private lifecycle(day: string, endsAt: number) {
    const r = this.rng;
    const ago = Math.round((dayMs(this.today) - dayMs(day)) / DAY);
    const clamp = (ms: number, before: number) => Math.min(ms, this.now - before * 60_000);
    const iso = (ms: number) => new Date(ms).toISOString();
    if (endsAt > this.now - 2 * 3_600_000) {
      // Held within the last two hours: not recorded yet.
      if (endsAt <= this.now) return null;
      if (ago < -14 || !r.chance(this.p.planShare)) return null;
      const created = this.now - r.int(1, 6) * DAY - r.int(0, 480) * 60_000;
      return { status: 'planned', created_at: iso(created), updated_at: iso(created), submitted_at: null, reviewed_at: null, review_comment: null };
    }
    const created = clamp(endsAt + r.int(30, 2 * 24 * 60) * 60_000, 30);
    const submitted = clamp(created + r.int(10, 3 * 24 * 60) * 60_000, 20);
    const reviewed = clamp(submitted + r.int(60, 6 * 24 * 60) * 60_000, 10);
    let status = 'approved';
    if (ago <= this.p.recentDays) {
      const roll = r.next();
      status = roll < 0.15 ? 'approved' : roll < 0.6 ? 'submitted' : roll < 0.88 ? 'draft' : 'returned';
    }
    const sub = status === 'draft' ? null : iso(submitted);
    const rev = status === 'approved' || status === 'returned' ? iso(reviewed) : null;
    return {
      status,
      created_at: iso(created),
      updated_at: rev ?? sub ?? iso(created),
      submitted_at: sub,
      reviewed_at: rev,
      review_comment: status === 'returned' ? r.pick(X.RETURN_COMMENTS) : null,
    };
  }

  private attend(expected: Member[], must: (number | null)[], all = false): Attendee[] {
    return expected.map((m) => {
      const roll = this.rng.next();
      if (all || must.includes(m.id) || roll < this.p.present) return { m, status: 'present', reason: null };
      if (roll < 1 - this.p.absent) return { m, status: 'leave', reason: this.rng.pick(X.LEAVE_REASONS) };
      return { m, status: 'absent', reason: null };
    });
  }

  /**
   * One activity: its lifecycle, attendance of those expected on the day, and the record's text
   * (made by `text` from the attendance, since minutes state who came).
   */
  private emit(
    kind: Kind,
    orgId: number,
    day: string,
    startMin: number,
    lengthMin: number,
    expected: Member[],
    given: Pick<ActivityRow, 'types' | 'title' | 'place' | 'host' | 'first_topic' | 'agenda'> &
      Partial<Pick<ActivityRow, 'recorder' | 'lecturer' | 'lecturer_name'>> & {
        text: (att: Attendee[]) => { minutes: string; votes?: object[] };
      },
  ) {
    // Most meetings name no recorder and no lecturer.
    const a = { recorder: null, lecturer: null, lecturer_name: null, ...given };
    if ((this.b.foundedOn && day < this.b.foundedOn) || (this.b.dissolvedOn && day >= this.b.dissolvedOn)) return;
    const starts = beijing(day, startMin);
    const ends = starts + lengthMin * 60_000;
    const life = this.lifecycle(day, ends);
    if (!life || !expected.length) return;
    const id = this.w.nextId++;
    const planned = life.status === 'planned';
    const att: Attendee[] = planned ? expected.map((m) => ({ m, status: 'absent', reason: null })) : this.attend(expected, [a.host, a.recorder, a.lecturer], kind === 'talk');
    const { text: write, ...fields } = a;
    const text: { minutes: string | null; votes?: object[] } = planned ? { minutes: null } : write(att);
    const approved = life.status === 'approved';
    this.w.activities.push({
      id,
      org_id: orgId,
      ...fields,
      ...life,
      held_on: day,
      starts_at: new Date(starts).toISOString(),
      ends_at: new Date(ends).toISOString(),
      // As approving sets it: the lecturer was the organisation's serving secretary on the day.
      lecturer_is_secretary: approved && a.lecturer !== null && a.lecturer === (orgId === this.b.id ? this.secretary(day) : null),
      minutes: text.minutes,
      votes: JSON.stringify(text.votes ?? []),
    });
    const sign = !planned && kind !== 'talk' && this.p.qr && day >= `${this.today.slice(0, 4)}-01-01`;
    const dual = kind !== 'committee' && kind !== 'talk';
    const t = this.w.attendance;
    for (const x of att) {
      t.activity_id.push(id);
      t.member_id.push(x.m.id);
      t.status.push(x.status);
      t.reason.push(x.reason);
      t.dual_life.push(dual && x.status === 'present' && x.m.rank === 'bureau');
      t.voter.push(x.m.category === 'full' && !!x.m.full_date && x.m.full_date <= day);
      t.signed_in_at.push(sign && x.status === 'present' ? new Date(starts - this.rng.int(1, 15) * 60_000).toISOString() : null);
    }
  }

  private roster(day: string, members = this.b.roster) {
    return members.filter((m) => m.join_date <= day);
  }

  private names(ids: (number | null)[]) {
    return ids.map((id) => this.member(id)?.name ?? '').filter(Boolean);
  }

  /** 应到/实到/请假 as minutes say it. */
  private headcount(att: Attendee[], who = '') {
    const present = att.filter((x) => x.status === 'present').length;
    const leave = att.filter((x) => x.status === 'leave');
    const reasons = [...new Set(leave.map((x) => x.reason))].join('、');
    const absent = att.filter((x) => x.status === 'absent').length;
    return `应到${who}${att.length}人，实到${present}人${leave.length ? `，请假${leave.length}人（${reasons}）` : ''}${absent ? `，缺席${absent}人` : ''}`;
  }

  async generate() {
    const r = this.rng;
    const b = this.b;
    const firstYear = Number(this.today.slice(0, 4)) - 1;
    const horizon = addDays(this.today, 14);
    for (let y = firstYear; y <= Number(horizon.slice(0, 4)); y++) {
      // What this branch misses this year (deterministic through the seed).
      const misses = (n: number) => new Set(shuffle(r, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]).slice(0, n));
      const missCommittee = this.p.lax ? misses(r.int(1, 3)) : new Set<number>();
      const missTheme = this.p.lax ? misses(r.int(0, 2)) : new Set<number>();
      const missGroup = this.p.lax ? misses(r.int(1, 3)) : new Set<number>();
      const skipQuarter = this.p.skipsQuarter ? r.int(1, 4) : 0;
      const assemblyMonth = [1, 2, 3, 4].map((q) => q * 3 - (r.chance(0.3) ? 1 : 0));
      const skipLife = r.chance(0.025);
      const lectureMonth = r.pick([6, 6, 7]);
      const skipLecture = r.chance(0.07);
      const lifeMonth = r.pick([11, 12, 12]);
      for (let m = 1; m <= 12; m++) {
        if (`${y}-${pad(m)}-01` > horizon) break;
        const wish = (d: number, spread: number) => workday(y, m, d + r.int(-spread, spread));

        let day = wish(this.p.committeeDay, 2);
        const committee = this.serving(day);
        if (committee.length >= COMMITTEE_MIN && !missCommittee.has(m)) this.committeeMeeting(day, y, m, committee);

        day = wish(this.p.themeDay, 3);
        if (!missTheme.has(m)) this.themeDay(day, r.chance(this.density.lectureShare));

        for (const g of b.groups) {
          day = wish(this.p.groupDay, 3);
          if (!missGroup.has(m)) this.groupMeeting(day, g);
        }
        const q = Math.ceil(m / 3);
        if (assemblyMonth[q - 1] === m && skipQuarter !== q) this.assembly(wish(r.int(10, 25), 0), y, q);
        if (r.chance(this.density.studyShare)) this.study(wish(r.int(5, 25), 0));
        if (m === lectureMonth && !skipLecture) this.julyLecture(m === 6 ? workday(y, 6, r.int(20, 30)) : workday(y, 7, r.int(1, 10)), y);
        if (m === lifeMonth && !skipLife) this.lifeMeeting(wish(r.int(5, 24), 0), y);
        await this.w.maybeFlush();
      }
      this.talks(y, horizon);
      await this.w.maybeFlush();
    }
  }

  private committeeMeeting(day: string, y: number, m: number, committee: Serving[]) {
    const r = this.rng;
    const sec = this.secretary(day);
    const org = committee.find((c) => c.post === 'organization')?.member_id ?? committee.find((c) => c.post !== 'secretary')?.member_id ?? null;
    const topic = pickDated(r, X.STUDY_TOPICS, day).text;
    const timed = X.COMMITTEE_SUBJECTS.filter((s) => s.months?.includes(m));
    const subject = (timed.length && r.chance(0.7) ? r.pick(timed) : r.pick(X.COMMITTEE_SUBJECTS.filter((s) => !s.months))).text;
    const members = [...new Set(committee.map((c) => c.member_id))].map((id) => this.member(id)).filter((x): x is Member => !!x && x.join_date <= day);
    const [host] = this.names([sec]);
    this.emit('committee', this.b.id, day, 9 * 60, r.pick([60, 90, 120]), members, {
      types: ['committee_meeting'],
      title: `支委会：${subject}`,
      place: r.chance(0.7) ? this.p.room : r.pick(X.MEETING_ROOMS),
      host: sec,
      recorder: org,
      first_topic: topic,
      agenda: `一、第一议题：${topic}；二、${subject}；三、其他事项`,
      text: (att) => ({
        minutes:
          `<p>${chineseDate(day)}，${this.b.name}支部委员会召开${y}年${m}月支委会，${this.headcount(att, '委员')}。会议由${host ?? '书记'}同志主持。</p>` +
          `<p>会议首先${topic}，委员们结合分管工作交流了学习体会。</p>` +
          `<p>会议${subject}，经充分讨论，形成一致意见，明确了责任人和完成时限。</p>`,
      }),
    });
  }

  private themeDay(day: string, withLecture: boolean) {
    const r = this.rng;
    const theme = pickDated(r, X.THEME_DAYS, day);
    const sec = this.secretary(day);
    const committee = this.serving(day).filter((c) => c.post !== 'secretary').map((c) => c.member_id);
    const roll = r.next();
    const lecturer = !withLecture ? null : roll < 0.35 ? sec : roll < 0.7 && committee.length ? r.pick(committee) : null;
    const lecturerName = withLecture && lecturer === null ? r.pick(X.INVITED_LECTURERS) : null;
    const lectureTopic = pickDated(r, X.LECTURE_TOPICS, day).text;
    const topic = pickDated(r, X.STUDY_TOPICS, day).text;
    const [host] = this.names([sec]);
    const [lecturerMember] = this.names([lecturer]);
    this.emit('theme', this.b.id, day, 14 * 60 + 30, r.pick([120, 150, 180]), this.roster(day), {
      types: withLecture ? ['theme_day', 'party_lecture'] : ['theme_day'],
      title: withLecture ? `主题党日暨专题党课：${theme.text}` : `主题党日：${theme.text}`,
      place: theme.place ?? this.p.room,
      host: sec,
      lecturer,
      lecturer_name: lecturerName,
      first_topic: topic,
      agenda: withLecture ? `一、${topic}；二、专题党课：${lectureTopic}；三、${theme.text}` : `一、${topic}；二、${theme.text}；三、交流发言`,
      text: (att) => ({
        minutes:
          `<p>${chineseDate(day)}，${this.b.name}在${theme.place ?? this.p.room}开展“${theme.text.replace(/[“”]/g, '')}”主题党日活动，${this.headcount(att)}。活动由${host ?? '支部书记'}同志主持。</p>` +
          `<p>活动首先${topic}。</p>` +
          (withLecture ? `<p>${lecturerMember ? `${lecturerMember}同志` : lecturerName}以“${lectureTopic}”为题讲授专题党课。</p>` : '') +
          `<p>党员们表示，要把学习成果转化为做好本职工作的实际行动。</p>`,
      }),
    });
  }

  private groupMeeting(day: string, g: Branch['groups'][number]) {
    const r = this.rng;
    const members = this.roster(day, g.members);
    const leader = members.find((m) => m.category === 'full') ?? members[0];
    const topic = pickDated(r, X.STUDY_TOPICS, day).text;
    this.emit('group', g.id, day, 16 * 60, r.pick([60, 90]), members, {
      types: ['group_meeting'],
      title: `党小组会：${topic}`,
      place: r.pick(X.MEETING_ROOMS),
      host: leader?.id ?? null,
      first_topic: topic,
      agenda: `一、${topic}；二、交流学习体会；三、讨论本月工作`,
      text: (att) => ({
        minutes:
          `<p>${chineseDate(day)}，${g.name}召开党小组会，${this.headcount(att)}。党小组长${leader?.name ?? ''}同志主持。</p>` +
          `<p>会议${topic}，大家逐一交流发言，并围绕本月工作开展了讨论。</p>`,
      }),
    });
  }

  private assembly(day: string, y: number, q: number) {
    const r = this.rng;
    const sec = this.secretary(day);
    const [host] = this.names([sec]);
    const topic = pickDated(r, X.STUDY_TOPICS, day).text;
    const subjects = X.ASSEMBLY_SUBJECTS[q - 1];
    const vote = q <= 2 && r.chance(0.5);
    this.emit('assembly', this.b.id, day, r.pick([9 * 60 + 30, 14 * 60 + 30]), r.pick([90, 120]), this.roster(day), {
      types: ['branch_assembly'],
      title: `${y}年第${QUARTERS[q - 1]}季度党员大会`,
      place: this.p.room,
      host: sec,
      first_topic: topic,
      agenda: `一、第一议题：${topic}；${subjects.map((s, i) => `${QUARTERS[i + 1]}、${s}`).join('；')}`,
      text: (att) => {
        const voters = att.filter((x) => x.m.category === 'full' && x.m.full_date && x.m.full_date <= day);
        const present = voters.filter((x) => x.status === 'present').length;
        const abstain = present > 6 ? r.int(0, 1) : 0;
        return {
          minutes:
            `<p>${chineseDate(day)}，${this.b.name}召开${y}年第${QUARTERS[q - 1]}季度党员大会，${this.headcount(att)}；有表决权的正式党员应到${voters.length}人，实到${present}人。会议由${host ?? '支部书记'}同志主持。</p>` +
            `<p>会议${topic}；${subjects.join('；')}。</p>` +
            (vote ? `<p>会议对“${subjects[0]}”进行了表决，赞成${present - abstain}票，反对0票，弃权${abstain}票。</p>` : ''),
          votes: vote ? [{ subject: subjects[0], yes: present - abstain, no: 0, abstain }] : [],
        };
      },
    });
  }

  private study(day: string) {
    const r = this.rng;
    const sec = this.secretary(day);
    const topic = pickDated(r, X.STUDY_TOPICS, day).text;
    this.emit('study', this.b.id, day, 15 * 60, r.pick([60, 90, 120]), this.roster(day), {
      types: ['collective_study'],
      title: `集中学习研讨：${topic}`,
      place: this.p.room,
      host: sec,
      first_topic: topic,
      agenda: `一、${topic}；二、交流研讨`,
      text: (att) => ({ minutes: `<p>${chineseDate(day)}，${this.b.name}组织集中学习研讨，${this.headcount(att)}。</p><p>大家${topic}，并结合工作实际进行了交流研讨。</p>` }),
    });
  }

  private julyLecture(day: string, y: number) {
    const r = this.rng;
    const sec = this.secretary(day);
    if (!sec) return;
    const [name] = this.names([sec]);
    const topic = pickDated(r, X.LECTURE_TOPICS, day).text;
    this.emit('lecture', this.b.id, day, 14 * 60 + 30, 90, this.roster(day), {
      types: ['party_lecture'],
      title: `“七一”专题党课：${topic}`,
      place: this.p.room,
      host: sec,
      lecturer: sec,
      first_topic: null,
      agenda: `庆祝中国共产党成立${y - 1921}周年，支部书记讲专题党课`,
      text: (att) => ({ minutes: `<p>${chineseDate(day)}，${this.b.name}书记${name}同志以“${topic}”为题，为支部党员讲授专题党课，${this.headcount(att)}。</p><p>党课回顾了党的光辉历程，结合本单位实际提出了要求。</p>` }),
    });
  }

  /** 组织生活会 in Q4, with 民主评议党员 at the same meeting or a few days later. */
  private lifeMeeting(day: string, y: number) {
    const r = this.rng;
    const sec = this.secretary(day);
    const [host] = this.names([sec]);
    const together = r.chance(0.7);
    const review = (att: Attendee[]) => {
      const n = att.filter((x) => x.status === 'present').length;
      const excellent = Math.max(1, Math.round(n * (0.1 + r.next() * 0.1)));
      return `<p>会议开展民主评议党员，党员逐一述学述职，进行自评和互评。评议结果：优秀${excellent}名，合格${n - excellent}名。</p>`;
    };
    this.emit('life', this.b.id, day, 9 * 60, r.pick([180, 210, 240]), this.roster(day), {
      types: together ? ['life_meeting', 'member_review'] : ['life_meeting'],
      title: together ? `${y}年度组织生活会暨民主评议党员` : `${y}年度组织生活会`,
      place: this.p.room,
      host: sec,
      first_topic: null,
      agenda: `一、通报${y}年度组织生活会准备情况；二、支部委员会对照检查；三、党员开展批评和自我批评${together ? '；四、民主评议党员' : ''}`,
      text: (att) => ({
        minutes:
          `<p>${chineseDate(day)}，${this.b.name}召开${y}年度组织生活会，${this.headcount(att)}。会议由${host ?? '支部书记'}同志主持，上级党组织派员到会指导。</p>` +
          `<p>${host ?? '支部书记'}同志代表支部委员会作对照检查，党员逐一发言，认真开展批评和自我批评，明确了整改方向。</p>` +
          (together ? review(att) : ''),
      }),
    });
    if (!together) {
      const later = addDays(day, r.int(1, 6));
      if (later.slice(0, 4) !== String(y)) return;
      this.emit('review', this.b.id, later, 9 * 60, 150, this.roster(later), {
        types: ['member_review'],
        title: `${y}年度民主评议党员`,
        place: this.p.room,
        host: sec,
        first_topic: null,
        agenda: '一、个人述学述职；二、民主测评；三、支部综合评定',
        text: (att) => ({ minutes: `<p>${chineseDate(later)}，${this.b.name}召开党员大会开展民主评议党员，${this.headcount(att)}。</p>${review(att)}` }),
      });
    }
  }

  /** 谈心谈话 (ZB-19, docs/RULES.md): the secretary with each member and the other committee members with each other, spread over the year. */
  private talks(y: number, horizon: string) {
    const r = this.rng;
    const yearEnd = `${y}-12-31`;
    const sec = this.secretary(yearEnd < this.today ? yearEnd : this.today);
    if (!sec || !this.member(sec)) return;
    const others = this.serving(this.today).filter((c) => c.post !== 'secretary' && this.member(c.member_id)).map((c) => c.member_id);
    const pairs: [number, number][] = this.b.roster.filter((m) => m.id !== sec).map((m) => [sec, m.id]);
    for (let i = 0; i < others.length; i++) for (let j = i + 1; j < others.length; j++) pairs.push([others[i], others[j]]);
    const held = shuffle(r, pairs).slice(0, Math.round(pairs.length * this.p.talkShare));
    const daysInYear = (Date.UTC(y + 1, 0, 1) - Date.UTC(y, 0, 1)) / DAY;
    for (const [a, b] of held) {
      const d = isoDay(Date.UTC(y, 0, 1) + r.int(0, daysInYear - 1) * DAY);
      const day = workday(Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10)));
      if (day > horizon) continue;
      const [an, bn] = this.names([a, b]);
      const topic = r.pick(X.TALK_TOPICS);
      this.emit('talk', this.b.id, day, r.pick([10 * 60, 15 * 60 + 30, 16 * 60 + 30]), r.pick([30, 45, 60]), [this.member(a)!, this.member(b)!], {
        types: ['heart_talk'],
        title: a === sec ? `与${bn}同志谈心谈话` : `${an}同志与${bn}同志谈心谈话`,
        place: r.pick(X.TALK_PLACES),
        host: a,
        first_topic: null,
        agenda: null,
        text: () => ({ minutes: `<p>${an}同志与${bn}同志围绕${topic}进行谈心谈话，交流了思想和工作情况，相互提出了意见建议。</p>` }),
      });
    }
  }
}
