import { describe, expect, it } from 'vitest';
import { emptySchemeContent, schemeContentInput, schemeMachine, type SchemeContent } from './scheme.contract.ts';

// AS-1 and AS-2: the scheme's machine, and the consistency checks of its content with the
// Chinese message a committee admin reads.

const valid = (): SchemeContent => ({
  ...emptySchemeContent(),
  categories: [
    {
      key: 'key_inspection',
      name: '党建重点督查',
      part: 'inspection',
      maxScore: 60,
      indicators: [
        { key: 'org_life', name: '组织生活落实', maxScore: 40, cap: null, department: { name: '组织部', userIds: [1] }, method: { kind: 'computed', measure: 'org_life_compliance_rate', params: { fullAt: 95, zeroAt: 60 } }, points: [{ key: 'p1', name: '三会一课', maxScore: 30 }, { key: 'p2', name: '主题党日', maxScore: 10 }] },
        { key: 'daily', name: '平台使用', maxScore: 20, cap: 5, department: { name: '组织部', userIds: [] }, method: { kind: 'deduction', rows: [{ event: 'meeting_not_recorded', label: '未按时录入', points: 0.1, local: true }] }, points: [] },
      ],
    },
    { key: 'review', name: '述职评议', part: 'review', maxScore: 100, indicators: [{ key: 'r', name: '述职评议', maxScore: 100, cap: null, department: { name: '组织部', userIds: [] }, method: { kind: 'manual', evidenceRequired: true, commentRequired: true }, points: [] }] },
  ],
  vetoes: [{ key: 'severe', name: '严重违纪', capsAt: '不合格' }],
});

const messages = (c: unknown) => {
  const r = schemeContentInput.safeParse(c);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe('AS-2 the scheme is consistent', () => {
  it('a complete scheme passes', () => expect(messages(valid())).toEqual([]));

  it.each<[string, (c: SchemeContent) => void, string]>([
    ['scoring points sum to the indicator', (c) => void (c.categories[0]!.indicators[0]!.points[1]!.maxScore = 5), '指标“组织生活落实”的评分要点分值合计35分，应等于指标分值40分'],
    ['indicators sum to the category', (c) => void (c.categories[0]!.maxScore = 50), '类别“党建重点督查”的指标分值合计60分，应等于类别分值50分'],
    ['bands descend', (c) => void (c.bands[2]!.minScore = 85), '等次分数线应从高到低排列'],
    ['the lowest band starts at 0', (c) => void (c.bands[4]!.minScore = 10), '最低一档等次的分数线应为0'],
    ['weights in [0,1]', (c) => void (c.formula.inspectionWeight = 1.2), '重点督查权重应在0到1之间'],
    ['weights sum to 1', (c) => void (c.formula.inspectionWeight = 0.5), '重点督查权重与述职评议权重之和应为1'],
    ['keys unique across the tree', (c) => void (c.categories[0]!.indicators[1]!.key = 'org_life'), '节点代码重复：org_life'],
    ['keys follow the pattern', (c) => void (c.categories[0]!.key = 'Key-1'), '节点代码应为小写字母开头的字母、数字或下划线（不超过40个字符）'],
    ['a cap within the indicator', (c) => void (c.categories[0]!.indicators[1]!.cap = 25), '指标“平台使用”的上限不能大于其分值'],
    ['measure parameters present', (c) => void (c.categories[0]!.indicators[0]!.method = { kind: 'computed', measure: 'org_life_compliance_rate', params: { fullAt: 95 } }), '指标“组织生活落实”缺少参数“零分线”'],
    ['zero line below full line', (c) => void (c.categories[0]!.indicators[0]!.method = { kind: 'computed', measure: 'org_life_compliance_rate', params: { fullAt: 60, zeroAt: 80 } }), '指标“组织生活落实”的零分线应低于满分线'],
    ['unknown measure', (c) => void (c.categories[0]!.indicators[0]!.method = { kind: 'computed', measure: 'weather', params: {} } as never), '未知的计算指标'],
    ['a deduction table has rows', (c) => void (c.categories[0]!.indicators[1]!.method = { kind: 'deduction', rows: [] }), '指标“平台使用”按事项扣分，至少需要1个扣分事项'],
    ['a veto caps at a grade the bands have', (c) => void (c.bands = c.bands.filter((b) => b.grade !== '不合格').map((b, i, all) => (i === all.length - 1 ? { ...b, minScore: 0 } : b))), '否决事项“严重违纪”降为“不合格”，但等次中没有“不合格”'],
    ['a veto caps only at 基本合格 or 不合格', (c) => void (c.vetoes[0]!.capsAt = '合格' as never), '一票否决只能降为基本合格或不合格'],
    ['scores have at most two decimals', (c) => void (c.categories[0]!.indicators[1]!.method = { kind: 'deduction', rows: [{ event: 'x', label: '事项', points: 0.125, local: true }] }), '每次扣分最多两位小数'],
    ['unknown fields refused', (c) => void Object.assign(c.rules, { extra: 1 }), '出现未知的键(key): "extra"'],
  ])('%s', (_name, mutate, message) => {
    const c = structuredClone(valid());
    mutate(c);
    expect(messages(c)).toContain(message);
  });
});

describe('AS-1 versions: draft → published → superseded', () => {
  it.each([
    ['edit', 'draft', true],
    ['edit', 'published', false],
    ['publish', 'draft', true],
    ['publish', 'published', false],
    ['revise', 'published', true],
    ['revise', 'draft', false],
    ['revise', 'superseded', false],
    ['supersede', 'published', true],
  ] as const)('%s from %s: %s', (event, from, allowed) => expect(schemeMachine.allows(event, from)).toBe(allowed));

  it('refusals read in Chinese', () => {
    expect(schemeMachine.refusal('edit', 'published')).toBe('该考核方案版本当前为“已发布”，不能修改（可能刚被他人处理），请刷新后重试');
  });
});
