import type { Kysely } from 'kysely';
import { addDays, attemptDurationMs, drawPaper, impossibleSpeed, localDate, scoreAnswer, seededRandom, type DrawRule, type QuestionType } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import { beijingMidnight, snapshotRoster } from './contests.service.ts';
import { refreshBest } from './play.service.ts';

type Db = Kysely<DB>;
type Q = { type: 'single' | 'judge'; stem: string; options?: string[]; answer: string; explanation: string };

/** The contest bank: 党章 and 党史 facts, each with its explanation (tagged 竞赛 so the contest paper draws only these). */
export const CONTEST_BANK: Q[] = [
  { type: 'single', stem: '中国共产党第一次全国代表大会于哪一年召开？', options: ['1919年', '1921年', '1927年', '1949年'], answer: 'B', explanation: '党的一大于1921年7月在上海召开，宣告中国共产党成立。' },
  { type: 'single', stem: '党的一大最后一天的会议转移到何处举行？', options: ['上海', '浙江嘉兴南湖', '江西井冈山', '贵州遵义'], answer: 'B', explanation: '一大最后一天的会议转移到浙江嘉兴南湖的一条游船上举行。' },
  { type: 'single', stem: '党的最高领导机关是？', options: ['党的全国代表大会和它所产生的中央委员会', '中央政治局', '中央书记处', '中央军事委员会'], answer: 'A', explanation: '党章规定：党的最高领导机关，是党的全国代表大会和它所产生的中央委员会。' },
  { type: 'single', stem: '党的全国代表大会每几年举行一次？', options: ['三年', '四年', '五年', '十年'], answer: 'C', explanation: '党章规定：党的全国代表大会每五年举行一次，由中央委员会召集。' },
  { type: 'single', stem: '预备党员的预备期为多长时间？', options: ['半年', '一年', '两年', '三年'], answer: 'B', explanation: '党章规定：预备党员的预备期为一年。' },
  { type: 'single', stem: '年满多少岁的中国工人、农民、军人、知识分子和其他社会阶层的先进分子，可以申请加入中国共产党？', options: ['十六岁', '十八岁', '二十岁', '二十二岁'], answer: 'B', explanation: '党章第一条：年满十八岁的……可以申请加入中国共产党。' },
  { type: 'single', stem: '企业、农村、机关等基层单位，凡是有正式党员几人以上的，都应当成立党的基层组织？', options: ['二人', '三人', '五人', '七人'], answer: 'B', explanation: '党章规定：凡是有正式党员三人以上的，都应当成立党的基层组织。' },
  { type: 'single', stem: '党的根本组织原则是？', options: ['民主集中制', '集体领导', '少数服从多数', '个人分工负责'], answer: 'A', explanation: '民主集中制是党的根本组织原则，也是群众路线在党的生活中的运用。' },
  { type: 'single', stem: '党员没有正当理由，连续多长时间不参加党的组织生活、不交纳党费或不做党所分配的工作，就被认为是自行脱党？', options: ['三个月', '六个月', '九个月', '一年'], answer: 'B', explanation: '党章规定：连续六个月不参加党的组织生活……就被认为是自行脱党。' },
  { type: 'single', stem: '遵义会议召开于哪一年？', options: ['1927年', '1935年', '1937年', '1945年'], answer: 'B', explanation: '遵义会议于1935年1月在贵州遵义召开。' },
  { type: 'single', stem: '八七会议确定了什么总方针？', options: ['实行土地革命和武装起义', '建立抗日民族统一战线', '一国两制', '改革开放'], answer: 'A', explanation: '1927年八七会议确定了实行土地革命和武装反抗国民党反动派的总方针。' },
  { type: 'single', stem: '南昌起义爆发于哪一天？', options: ['1927年8月1日', '1921年7月1日', '1949年10月1日', '1937年7月7日'], answer: 'A', explanation: '1927年8月1日南昌起义，打响了武装反抗国民党反动派的第一枪。' },
  { type: 'single', stem: '确立毛泽东思想为党的指导思想的是党的哪次全国代表大会？', options: ['党的六大', '党的七大', '党的八大', '党的九大'], answer: 'B', explanation: '1945年党的七大把毛泽东思想确立为党的指导思想并写入党章。' },
  { type: 'single', stem: '党的十一届三中全会召开于哪一年？', options: ['1976年', '1978年', '1982年', '1992年'], answer: 'B', explanation: '党的十一届三中全会于1978年12月召开，实现了新中国成立以来党的历史上具有深远意义的伟大转折。' },
  { type: 'single', stem: '党的纪律处分有几种？', options: ['三种', '四种', '五种', '六种'], answer: 'C', explanation: '警告、严重警告、撤销党内职务、留党察看、开除党籍，共五种。' },
  { type: 'single', stem: '留党察看最长不超过多长时间？', options: ['半年', '一年', '两年', '三年'], answer: 'C', explanation: '党章规定：留党察看最长不超过两年。' },
  { type: 'single', stem: '中国共产党党旗是？', options: ['旗面缀有金黄色党徽图案的红旗', '五星红旗', '缀有镰刀锤头的黄旗', '八一军旗'], answer: 'A', explanation: '党章规定：中国共产党党旗为旗面缀有金黄色党徽图案的红旗。' },
  { type: 'single', stem: '预备党员进行入党宣誓时必须面向什么？', options: ['党旗', '国旗', '党徽', '党章'], answer: 'A', explanation: '党章规定：预备党员必须面向党旗进行入党宣誓。' },
  { type: 'single', stem: '党的中央委员会每届任期几年？', options: ['三年', '四年', '五年', '六年'], answer: 'C', explanation: '党章规定：党的中央委员会每届任期五年。' },
  { type: 'single', stem: '红军长征胜利结束的标志是三大主力在哪里会师？', options: ['甘肃会宁', '陕西延安', '江西瑞金', '贵州遵义'], answer: 'A', explanation: '1936年10月，红军三大主力在甘肃会宁等地会师，长征胜利结束。' },
  { type: 'single', stem: '中国共产党的成立纪念日是？', options: ['7月1日', '8月1日', '10月1日', '5月4日'], answer: 'A', explanation: '7月1日为中国共产党成立纪念日。' },
  { type: 'single', stem: '中华人民共和国成立于哪一年？', options: ['1945年', '1949年', '1950年', '1956年'], answer: 'B', explanation: '1949年10月1日中华人民共和国成立。' },
  { type: 'single', stem: '古田会议召开于哪一年？', options: ['1927年', '1929年', '1935年', '1938年'], answer: 'B', explanation: '古田会议于1929年12月在福建上杭古田召开。' },
  { type: 'single', stem: '党的二十大召开于哪一年？', options: ['2017年', '2021年', '2022年', '2023年'], answer: 'C', explanation: '党的二十大于2022年10月在北京召开。' },
  { type: 'single', stem: '党员的党龄从何时算起？', options: ['预备期满转为正式党员之日', '递交入党申请书之日', '被确定为入党积极分子之日', '入党宣誓之日'], answer: 'A', explanation: '党章规定：党员的党龄，从预备期满转为正式党员之日算起。' },
  { type: 'judge', stem: '中国共产党是中国工人阶级的先锋队，同时是中国人民和中华民族的先锋队。', answer: 'true', explanation: '党章总纲的表述。' },
  { type: 'judge', stem: '预备党员享有表决权、选举权和被选举权。', answer: 'false', explanation: '预备党员的义务同正式党员一样，权利除了没有表决权、选举权和被选举权以外，也同正式党员一样。' },
  { type: 'judge', stem: '党员有权向党的上级组织直至中央提出请求、申诉和控告，并要求有关组织给以负责的答复。', answer: 'true', explanation: '这是党章规定的党员权利之一。' },
  { type: 'judge', stem: '党的最高理想和最终目标是实现共产主义。', answer: 'true', explanation: '党章总纲：党的最高理想和最终目标是实现共产主义。' },
  { type: 'judge', stem: '党的全国代表大会每四年举行一次。', answer: 'false', explanation: '党的全国代表大会每五年举行一次。' },
  { type: 'judge', stem: '党员个人服从党的组织，少数服从多数，下级组织服从上级组织，全党各个组织和全体党员服从党的全国代表大会和中央委员会。', answer: 'true', explanation: '这是党章规定的民主集中制的基本原则之一。' },
  { type: 'judge', stem: '遵义会议在极端危急的历史关头挽救了党、挽救了红军、挽救了中国革命。', answer: 'true', explanation: '遵义会议是党的历史上一个生死攸关的转折点。' },
  { type: 'judge', stem: '南昌起义打响了武装反抗国民党反动派的第一枪。', answer: 'true', explanation: '1927年8月1日南昌起义打响了武装反抗国民党反动派的第一枪。' },
  { type: 'judge', stem: '预备党员预备期满，需要继续考察和教育的，可以延长预备期，但不能超过一年。', answer: 'true', explanation: '党章规定：可以延长预备期，但不能超过一年。' },
  { type: 'judge', stem: '党员工作忙时可以不参加党的组织生活。', answer: 'false', explanation: '党员必须参加党的组织生活，接受党内外群众的监督。' },
  { type: 'judge', stem: '中国共产党第一次全国代表大会在北京召开。', answer: 'false', explanation: '党的一大在上海召开，最后一天转移到嘉兴南湖。' },
  { type: 'judge', stem: '党的纪律主要包括政治纪律、组织纪律、廉洁纪律、群众纪律、工作纪律、生活纪律。', answer: 'true', explanation: '党章规定的六项纪律。' },
  { type: 'judge', stem: '七七事变标志着全国性抗日战争的开始。', answer: 'true', explanation: '1937年7月7日卢沟桥事变，全民族抗战开始。' },
  { type: 'judge', stem: '党组织讨论决定问题，必须执行少数服从多数的原则。', answer: 'true', explanation: '党章规定：党组织讨论决定问题，必须执行少数服从多数的原则。' },
  { type: 'judge', stem: '党员可以自由退党。', answer: 'true', explanation: '党章规定：党员有退党的自由。党员要求退党，应当经支部大会讨论后宣布除名，并报上级党组织备案。' },
];

/** The contest paper: 10 single-choice and 10 true/false questions of the 竞赛 bank, 5 points each. */
export const CONTEST_RULES: DrawRule[] = [
  { type: 'single', tag: '竞赛', count: 10, score: 5 },
  { type: 'judge', tag: '竞赛', count: 10, score: 5 },
];

/**
 * The demo's contest month (issue 12 item 4, the 灯塔 pattern): the committee's 党章党史知识竞赛 —
 * practice days done, contest days in progress (today is the contest's sixth day) with a few
 * hundred members' attempts of the past days, some flagged for impossible speed (one cleared, one
 * confirmed, the rest waiting), and its ranking; and next month's contest in its practice days.
 * Deterministic: the same city gives the same contest. The demo member has taken yesterday's
 * attempt and may start today's.
 */
export async function seedContests(trx: Db, o: { now: Date; rootId: number; creatorId: number | null; memberId: number | null }) {
  const today = localDate(o.now);
  const qids: number[] = [];
  for (const q of CONTEST_BANK) {
    const { id } = await trx
      .insertInto('exam_question')
      .values({ org_id: o.rootId, type: q.type, stem: q.stem, options: JSON.stringify(q.options ?? []), answer: JSON.stringify([q.answer]), tags: ['竞赛', q.type === 'judge' ? '党章' : '党史'], difficulty: 'medium', explanation: q.explanation, archived_at: null, created_by: o.creatorId, created_at: o.now, updated_at: o.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    qids.push(id);
  }
  const paper = await trx
    .insertInto('exam_paper')
    .values({ org_id: o.rootId, title: '党章党史知识竞赛（随机抽题）', kind: 'random', rules: JSON.stringify(CONTEST_RULES), total_score: 100, archived_at: null, created_by: o.creatorId, created_at: o.now, updated_at: o.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const make = async (title: string, w: { pf: string; pt: string; cf: string; ct: string }) => {
    const exam = await trx
      .insertInto('exam')
      .values({ org_id: o.rootId, paper_id: paper.id, title, purpose: 'contest', status: 'published', opens_at: beijingMidnight(w.cf), closes_at: beijingMidnight(addDays(w.ct, 1)), time_limit_minutes: 15, attempts_allowed: 10, counting: 'best', pass_mark: 0, shuffle_questions: false, shuffle_options: true, focus_strikes: 0, review_policy: 'after_close', created_by: o.creatorId, created_at: o.now, updated_at: o.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { id } = await trx
      .insertInto('contest')
      .values({ org_id: o.rootId, exam_id: exam.id, paper_id: paper.id, title, status: 'published', practice_from: w.pf, practice_to: w.pt, contest_from: w.cf, contest_to: w.ct, daily_limit: 1, time_limit_minutes: 15, min_seconds_per_question: 2, created_by: o.creatorId, created_at: o.now, updated_at: o.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const root = await trx.selectFrom('org').select('path').where('id', '=', o.rootId).executeTakeFirstOrThrow();
    await snapshotRoster(trx, id, root.path);
    return { id, examId: exam.id };
  };
  const month = today.slice(0, 7);
  const current = await make(`${month.replace('-', '年')}月 党章党史知识竞赛（第一期）`, { pf: addDays(today, -15), pt: addDays(today, -6), cf: addDays(today, -5), ct: addDays(today, 4) });
  await make(`${month.replace('-', '年')}月 党章党史知识竞赛（第二期）`, { pf: addDays(today, -2), pt: addDays(today, 7), cf: addDays(today, 8), ct: addDays(today, 17) });

  // The attempts of the current contest's past days: about one member in six takes part.
  const bank = (await trx.selectFrom('exam_question').select(['id', 'type', 'answer', 'stem', 'options', 'difficulty', 'tags']).where('id', 'in', qids).execute()).map((q) => ({ ...q, type: q.type as QuestionType }));
  const byId = new Map(bank.map((q) => [q.id, q]));
  const members = await trx.selectFrom('member').select(['id']).where('status', '=', 'normal').orderBy('id').execute();
  const players = members.filter((m, i) => i % 6 === 0 || m.id === o.memberId).map((m) => m.id);
  const rnd = seededRandom(20261202);
  let seedNo = 1;
  for (const memberId of players) {
    const skill = 0.55 + rnd() * 0.43;
    const days = memberId === o.memberId ? [addDays(today, -1)] : [1, 2, 3, 4, 5].filter(() => rnd() < 0.45).map((d) => addDays(today, -d));
    for (const day of days) {
      const seed = seedNo++;
      const drawn = drawPaper(CONTEST_RULES, bank.map((q) => ({ id: q.id, type: q.type, difficulty: q.difficulty as 'medium', tags: q.tags })), seed);
      const started = new Date(beijingMidnight(day).getTime() + (9 * 3600 + Math.floor(rnd() * 10 * 3600)) * 1000);
      const cheat = memberId !== o.memberId && rnd() < 0.02;
      const seconds = cheat ? 8 + Math.floor(rnd() * 20) : 90 + Math.floor(rnd() * 600);
      const submitted = new Date(started.getTime() + seconds * 1000);
      const deadline = new Date(started.getTime() + 15 * 60_000);
      const answers = drawn.map((d) => {
        const q = byId.get(d.questionId)!;
        const right = rnd() < (cheat ? 0.97 : skill);
        const given = right ? q.answer : q.type === 'judge' ? [q.answer[0] === 'true' ? 'false' : 'true'] : [q.answer[0] === 'A' ? 'B' : 'A'];
        return { d, q, given, awarded: scoreAnswer(q, given, d.score).score ?? 0 };
      });
      const score = answers.reduce((n, a) => n + a.awarded, 0);
      const attemptNo = (await trx.selectFrom('exam_attempt').select('id').where('exam_id', '=', current.examId).where('member_id', '=', memberId).execute()).length + 1;
      const { id } = await trx
        .insertInto('exam_attempt')
        .values({ exam_id: current.examId, member_id: memberId, attempt_no: attemptNo, seed, status: 'submitted', started_at: started, deadline_at: deadline, submitted_at: submitted, score })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('exam_attempt_question')
        .values(answers.map((a, i) => ({ attempt_id: id, position: i + 1, question_id: a.q.id, type: a.q.type, stem: a.q.stem, options: JSON.stringify(a.q.options), answer: JSON.stringify(a.q.answer), score: a.d.score, given: JSON.stringify(a.given), awarded: a.awarded })))
        .execute();
      const ms = attemptDurationMs(started, submitted, deadline);
      const flagged = impossibleSpeed(ms, drawn.length, 2);
      await trx
        .insertInto('contest_attempt')
        .values({ attempt_id: id, contest_id: current.id, member_id: memberId, day, seq: 1, questions: drawn.length, score, duration_ms: ms, submitted_at: submitted, flag: flagged ? 'flagged' : 'none', flag_reason: flagged ? `用时${(ms / 1000).toFixed(1)}秒，少于${drawn.length}题×2秒` : null })
        .execute();
    }
  }
  // Two flags already reviewed by the committee: one cleared (a fast reader), one confirmed.
  const flagged = await trx.selectFrom('contest_attempt').select(['attempt_id']).where('contest_id', '=', current.id).where('flag', '=', 'flagged').orderBy('attempt_id').limit(2).execute();
  if (flagged[0]) await trx.updateTable('contest_attempt').set({ flag: 'cleared', flag_reason: '核实：本人现场复核答题，确认为本人作答', reviewed_by: o.creatorId, reviewed_at: o.now }).where('attempt_id', '=', flagged[0].attempt_id).execute();
  if (flagged[1]) await trx.updateTable('contest_attempt').set({ flag: 'confirmed', flag_reason: '核实：两部手机同时作答，成绩不计入排名', reviewed_by: o.creatorId, reviewed_at: o.now }).where('attempt_id', '=', flagged[1].attempt_id).execute();
  for (const memberId of players) await refreshBest(trx, current.id, memberId);
  return current;
}
