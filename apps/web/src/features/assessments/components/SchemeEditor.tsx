import { useState, type ReactNode } from 'react';
import { Button, Card, Checkbox, Descriptions, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  disciplineSeverities,
  honourLevels,
  indicatorMethods,
  MEASURES,
  measureDefaults,
  measureKeys,
  measureLabel,
  schemeParts,
  SEED_DEDUCTION_ROWS,
  vetoCaps,
  type IndicatorMethod,
  type MeasureKey,
  type SchemeContent,
  type SchemeIndicator,
} from '@xianfeng/shared';

/** A fresh node key (lower-case letters and digits, the contract's pattern); kept by copies and revisions. */
let counter = 0;
const newKey = (prefix: string) => `${prefix}_${Date.now().toString(36)}${(counter++).toString(36)}`;

type Props = {
  content: SchemeContent;
  editable: boolean;
  onChange: (next: SchemeContent) => void;
  /** Accounts that may score (committee-level), and the names of those the content names. */
  scorers: { id: number; name: string }[];
};

type Row = { key: string; level: 'category' | 'indicator' | 'point'; ci: number; ii: number; pi: number; children?: Row[] };

const sum = (xs: number[]) => Math.round(xs.reduce((s, x) => s + x, 0) * 100) / 100;

export function methodText(m: IndicatorMethod): string {
  if (m.kind === 'computed') {
    const params = (MEASURES as Record<string, { params: readonly { key: string; label: string; unit: string }[] }>)[m.measure]?.params ?? [];
    const p = params.map((x) => `${x.label}${m.params[x.key] ?? '—'}${x.unit}`).join('，');
    return `系统计算：${measureLabel(m.measure)}${p ? `（${p}）` : ''}`;
  }
  if (m.kind === 'manual') return `部门评分${m.evidenceRequired ? '，须附佐证' : ''}${m.commentRequired ? '，须写评语' : ''}`;
  return `按事项扣分：${m.rows.map((r) => `${r.label}扣${r.points}分${r.local ? '（本地做法）' : ''}`).join('；')}`;
}

/** 考核方案的内容：指标体系（类别 → 指标 → 评分要点）、一票否决、等次与规则、「2+1-1」参数. */
export function SchemeEditor({ content, editable, onChange, scorers }: Props) {
  const [methodOf, setMethodOf] = useState<{ ci: number; ii: number } | null>(null);
  const [collapsed, setCollapsed] = useState<string[]>([]);
  const update = (fn: (c: SchemeContent) => void) => {
    const next = structuredClone(content);
    fn(next);
    onChange(next);
  };
  const c = content;

  const rows: Row[] = c.categories.map((cat, ci) => ({
    key: cat.key,
    level: 'category',
    ci,
    ii: -1,
    pi: -1,
    children: cat.indicators.map((ind, ii) => ({
      key: ind.key,
      level: 'indicator',
      ci,
      ii,
      pi: -1,
      ...(ind.points.length ? { children: ind.points.map((p, pi) => ({ key: p.key, level: 'point' as const, ci, ii, pi })) } : {}),
    })),
  }));
  const allKeys = rows.flatMap((r) => [r.key, ...(r.children ?? []).map((x) => x.key)]);
  const node = (r: Row) => {
    const cat = c.categories[r.ci]!;
    if (r.level === 'category') return cat;
    const ind = cat.indicators[r.ii]!;
    return r.level === 'indicator' ? ind : ind.points[r.pi]!;
  };
  const setNode = (r: Row, patch: Record<string, unknown>) =>
    update((x) => {
      const cat = x.categories[r.ci]!;
      const target = r.level === 'category' ? cat : r.level === 'indicator' ? cat.indicators[r.ii]! : cat.indicators[r.ii]!.points[r.pi]!;
      Object.assign(target, patch);
    });
  const remove = (r: Row) =>
    update((x) => {
      const cat = x.categories[r.ci]!;
      if (r.level === 'category') x.categories.splice(r.ci, 1);
      else if (r.level === 'indicator') cat.indicators.splice(r.ii, 1);
      else cat.indicators[r.ii]!.points.splice(r.pi, 1);
    });
  const addIndicator = (ci: number) =>
    update((x) =>
      x.categories[ci]!.indicators.push({ key: newKey('ind'), name: '新指标', maxScore: 0, cap: null, department: { name: '组织部', userIds: [] }, method: { kind: 'manual', evidenceRequired: true, commentRequired: true }, points: [] }),
    );
  const addPoint = (ci: number, ii: number) => update((x) => x.categories[ci]!.indicators[ii]!.points.push({ key: newKey('pt'), name: '新评分要点', maxScore: 0 }));

  const scorerName = (id: number) => scorers.find((s) => s.id === id)?.name ?? `#${id}`;
  const levelTag = { category: <Tag color="blue">类别</Tag>, indicator: <Tag color="geekblue">指标</Tag>, point: <Tag>要点</Tag> };

  const mismatch = (r: Row): string | null => {
    if (r.level === 'category') {
      const cat = c.categories[r.ci]!;
      const s = sum(cat.indicators.map((i) => i.maxScore));
      return cat.indicators.length && s !== cat.maxScore ? `指标合计${s}分` : null;
    }
    if (r.level === 'indicator') {
      const ind = c.categories[r.ci]!.indicators[r.ii]!;
      const s = sum(ind.points.map((p) => p.maxScore));
      return ind.points.length && s !== ind.maxScore ? `要点合计${s}分` : null;
    }
    return null;
  };

  const columns = [
    {
      title: '名称',
      width: editable ? 400 : 380,
      onCell: () => ({ style: { whiteSpace: 'nowrap' as const } }),
      render: (_: unknown, r: Row) => (
        <Space size={4} wrap={false}>
          {levelTag[r.level]}
          {editable ? (
            <Input value={node(r).name} onChange={(e) => setNode(r, { name: e.target.value })} aria-label="名称" style={{ width: r.level === 'point' ? 220 : 200 }} />
          ) : (
            node(r).name
          )}
        </Space>
      ),
    },
    {
      title: '分值',
      width: 130,
      render: (_: unknown, r: Row) => {
        const m = mismatch(r);
        return (
          <Space orientation="vertical" size={0}>
            {editable ? <InputNumber min={0} max={1000} value={node(r).maxScore} onChange={(v) => setNode(r, { maxScore: v ?? 0 })} aria-label="分值" style={{ width: 96 }} /> : `${node(r).maxScore}分`}
            {m && <Typography.Text type="danger" style={{ fontSize: 12 }}>{m}</Typography.Text>}
          </Space>
        );
      },
    },
    {
      title: '计分部分 / 评分部门',
      width: 210,
      render: (_: unknown, r: Row) => {
        if (r.level === 'category') {
          const cat = c.categories[r.ci]!;
          return editable ? (
            <Select value={cat.part} onChange={(v) => setNode(r, { part: v })} style={{ width: 170 }} aria-label="计分部分" options={schemeParts.values.map((v) => ({ value: v, label: schemeParts.label(v) }))} />
          ) : (
            schemeParts.label(cat.part as never)
          );
        }
        if (r.level !== 'indicator') return null;
        const ind = c.categories[r.ci]!.indicators[r.ii]!;
        return editable ? (
          <Space orientation="vertical" size={4}>
            <Input value={ind.department.name} placeholder="如：组织部" onChange={(e) => setNode(r, { department: { ...ind.department, name: e.target.value } })} aria-label="评分部门" style={{ width: 170 }} />
            <Select mode="multiple" value={ind.department.userIds} placeholder="评分人员" onChange={(v) => setNode(r, { department: { ...ind.department, userIds: v } })} style={{ width: 170 }} aria-label="评分人员"
              options={scorers.map((s) => ({ value: s.id, label: s.name }))} />
          </Space>
        ) : (
          <span>
            {ind.department.name}
            {ind.department.userIds.length > 0 && <Typography.Text type="secondary">（{ind.department.userIds.map(scorerName).join('、')}）</Typography.Text>}
          </span>
        );
      },
    },
    {
      title: '计分方法',
      render: (_: unknown, r: Row) => {
        if (r.level !== 'indicator') return null;
        const ind = c.categories[r.ci]!.indicators[r.ii]!;
        return (
          <Space orientation="vertical" size={2}>
            <Space size={4}>
              <Tag color={ind.method.kind === 'computed' ? 'cyan' : ind.method.kind === 'deduction' ? 'orange' : 'purple'}>{indicatorMethods.label(ind.method.kind)}</Tag>
              {ind.cap !== null && <Tag>上限{ind.cap}分</Tag>}
              {editable && <Button size="small" icon={<EditOutlined />} onClick={() => setMethodOf({ ci: r.ci, ii: r.ii })}>设置</Button>}
            </Space>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{methodText(ind.method)}</Typography.Text>
          </Space>
        );
      },
    },
    ...(editable
      ? [
          {
            title: '',
            width: 150,
            render: (_: unknown, r: Row) => (
              <Space size={0}>
                {r.level === 'category' && <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => addIndicator(r.ci)}>指标</Button>}
                {r.level === 'indicator' && <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => addPoint(r.ci, r.ii)}>要点</Button>}
                <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label="删除" onClick={() => remove(r)} />
              </Space>
            ),
          },
        ]
      : []),
  ];

  const partTotal = (part: string) => sum(c.categories.filter((x) => x.part === part).map((x) => x.maxScore));

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        size="small"
        title="指标体系"
        extra={
          <Typography.Text type="secondary">
            重点督查部分{partTotal('inspection')}分 · 述职评议部分{partTotal('review')}分 · 创先争优{partTotal('bonus')}分 · 党纪政务处分{partTotal('deduction')}分
          </Typography.Text>
        }
      >
        <Table<Row>
          size="small"
          pagination={false}
          rowKey="key"
          dataSource={rows}
          columns={columns}
          expandable={{ expandedRowKeys: allKeys.filter((k) => !collapsed.includes(k)), onExpand: (open, r) => setCollapsed((x) => (open ? x.filter((k) => k !== r.key) : [...x, r.key])) }}
          locale={{ emptyText: '还没有指标' }}
        />
        {editable && (
          <Button style={{ marginTop: 8 }} icon={<PlusOutlined />} onClick={() => update((x) => x.categories.push({ key: newKey('cat'), name: '新类别', part: 'inspection', maxScore: 0, indicators: [] }))}>
            增加类别
          </Button>
        )}
      </Card>

      <Card size="small" title="一票否决">
        <Table
          size="small"
          pagination={false}
          rowKey="key"
          dataSource={c.vetoes.map((v, i) => ({ ...v, i }))}
          locale={{ emptyText: '没有一票否决事项' }}
          columns={[
            { title: '否决事项', dataIndex: 'name', render: (v: string, r) => (editable ? <Input value={v} onChange={(e) => update((x) => void (x.vetoes[r.i]!.name = e.target.value))} aria-label="否决事项" /> : v) },
            {
              title: '等次最高为',
              dataIndex: 'capsAt',
              width: 160,
              render: (v: string, r) =>
                editable ? (
                  <Select value={v} style={{ width: 120 }} onChange={(cap) => update((x) => void (x.vetoes[r.i]!.capsAt = cap as (typeof vetoCaps)[number]))} options={vetoCaps.map((x) => ({ value: x, label: x }))} aria-label="降为等次" />
                ) : (
                  <Tag color="red">{v}</Tag>
                ),
            },
            ...(editable ? [{ title: '', width: 48, render: (_: unknown, r: { i: number }) => <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除否决事项" onClick={() => update((x) => void x.vetoes.splice(r.i, 1))} /> }] : []),
          ]}
        />
        {editable && (
          <Button style={{ marginTop: 8 }} icon={<PlusOutlined />} onClick={() => update((x) => void x.vetoes.push({ key: newKey('veto'), name: '', capsAt: '基本合格' }))}>
            增加否决事项
          </Button>
        )}
      </Card>

      <Space align="start" wrap style={{ width: '100%' }} styles={{ item: { flex: '1 1 420px' } }}>
        <Card size="small" title="等次与评定规则">
          <Table
            size="small"
            pagination={false}
            rowKey="i"
            dataSource={c.bands.map((b, i) => ({ ...b, i }))}
            columns={[
              { title: '等次', dataIndex: 'grade', render: (v: string, r) => (editable ? <Input value={v} maxLength={10} onChange={(e) => update((x) => void (x.bands[r.i]!.grade = e.target.value))} aria-label="等次" style={{ width: 120 }} /> : v) },
              { title: '分数线（≥）', dataIndex: 'minScore', render: (v: number, r) => (editable ? <InputNumber value={v} min={0} max={1000} onChange={(n) => update((x) => void (x.bands[r.i]!.minScore = n ?? 0))} aria-label="分数线" /> : `${v}分`) },
              ...(editable ? [{ title: '', width: 48, render: (_: unknown, r: { i: number }) => <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除等次" onClick={() => update((x) => void x.bands.splice(r.i, 1))} /> }] : []),
            ]}
          />
          {editable && <Button style={{ marginTop: 8 }} icon={<PlusOutlined />} onClick={() => update((x) => void x.bands.push({ grade: '', minScore: 0 }))}>增加等次</Button>}
          <Descriptions
            size="small"
            column={1}
            style={{ marginTop: 12 }}
            items={[
              {
                key: 'last',
                label: '本系列排名最后的不得评为优秀',
                children: editable ? <Switch checked={c.rules.lastInSeriesNotExcellent} onChange={(v) => update((x) => void (x.rules.lastInSeriesNotExcellent = v))} aria-label="排名最后不得评为优秀" /> : c.rules.lastInSeriesNotExcellent ? '是' : '否',
              },
              {
                key: 'quota',
                label: '优秀比例上限',
                children: editable ? (
                  <InputNumber value={c.rules.excellentQuota} min={1} max={100} precision={0} suffix="%" placeholder="不限" onChange={(v) => update((x) => void (x.rules.excellentQuota = v ?? null))} aria-label="优秀比例" />
                ) : c.rules.excellentQuota === null ? '不限' : `${c.rules.excellentQuota}%（每个系列）`,
              },
            ]}
          />
        </Card>

        <Card size="small" title="「2+1-1」计分公式">
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            总分 = 重点督查得分（折算百分）× 权重 + 述职评议得分（折算百分）× 权重 + 创先争优加分（不超过上限）− 党纪政务处分扣分（同一案件只扣一次）。
          </Typography.Paragraph>
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'w1', label: '“2”重点督查权重', children: editable ? <InputNumber value={c.formula.inspectionWeight} min={0} max={1} step={0.05} onChange={(v) => update((x) => void (x.formula.inspectionWeight = v ?? 0))} aria-label="重点督查权重" /> : c.formula.inspectionWeight },
              { key: 'w2', label: '“2”述职评议权重', children: editable ? <InputNumber value={c.formula.reviewWeight} min={0} max={1} step={0.05} onChange={(v) => update((x) => void (x.formula.reviewWeight = v ?? 0))} aria-label="述职评议权重" /> : c.formula.reviewWeight },
              {
                key: 'honours',
                label: '“+1”每项表彰加分',
                children: (
                  <Space wrap>
                    {c.formula.honours.levels.map((l, i) => (
                      <span key={l.level}>
                        {honourLevels.label(l.level as never)}{' '}
                        {editable ? <InputNumber size="small" value={l.points} min={0} max={100} step={0.5} style={{ width: 70 }} onChange={(v) => update((x) => void (x.formula.honours.levels[i]!.points = v ?? 0))} aria-label={`${honourLevels.label(l.level as never)}加分`} /> : l.points}分
                      </span>
                    ))}
                  </Space>
                ),
              },
              { key: 'cap', label: '“+1”加分上限', children: editable ? <InputNumber value={c.formula.honours.cap} min={0} max={100} onChange={(v) => update((x) => void (x.formula.honours.cap = v ?? 0))} aria-label="加分上限" suffix="分" /> : `${c.formula.honours.cap}分` },
              {
                key: 'discipline',
                label: '“-1”每件处分扣分',
                children: (
                  <Space wrap>
                    {c.formula.discipline.rows.map((r, i) => (
                      <span key={r.severity}>
                        {disciplineSeverities.label(r.severity as never)}{' '}
                        {editable ? <InputNumber size="small" value={r.points} min={0} max={100} style={{ width: 70 }} onChange={(v) => update((x) => void (x.formula.discipline.rows[i]!.points = v ?? 0))} aria-label={`${disciplineSeverities.label(r.severity as never)}扣分`} /> : r.points}分
                        {r.local && <Typography.Text type="secondary">（本地做法）</Typography.Text>}
                      </span>
                    ))}
                  </Space>
                ),
              },
              {
                key: 'once',
                label: '同一案件只扣一次（跨年度）',
                children: editable ? <Switch checked={c.formula.discipline.oncePerCase} onChange={(v) => update((x) => void (x.formula.discipline.oncePerCase = v))} aria-label="同一案件只扣一次" /> : c.formula.discipline.oncePerCase ? '是' : '否',
              },
            ]}
          />
        </Card>
      </Space>

      {methodOf && (
        <MethodModal
          indicator={c.categories[methodOf.ci]!.indicators[methodOf.ii]!}
          onCancel={() => setMethodOf(null)}
          onOk={(patch) => {
            update((x) => Object.assign(x.categories[methodOf.ci]!.indicators[methodOf.ii]!, patch));
            setMethodOf(null);
          }}
        />
      )}
    </Space>
  );
}

/** The method of one indicator: a named measure with its parameters, hand scoring, or a deduction table; and its cap. */
function MethodModal({ indicator, onOk, onCancel }: { indicator: SchemeIndicator; onOk: (patch: Pick<SchemeIndicator, 'method' | 'cap'>) => void; onCancel: () => void }) {
  const [method, setMethod] = useState<IndicatorMethod>(structuredClone(indicator.method));
  const [cap, setCap] = useState<number | null>(indicator.cap);
  const switchKind = (kind: IndicatorMethod['kind']) => {
    if (kind === method.kind) return;
    if (kind === 'computed') setMethod({ kind, measure: 'org_life_compliance_rate', params: measureDefaults('org_life_compliance_rate') });
    else if (kind === 'manual') setMethod({ kind, evidenceRequired: true, commentRequired: true });
    else setMethod({ kind, rows: [] });
  };
  let body: ReactNode = null;
  if (method.kind === 'computed') {
    const m = MEASURES[method.measure as MeasureKey];
    body = (
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Select value={method.measure as MeasureKey} style={{ width: '100%' }} aria-label="计算指标"
          onChange={(k: MeasureKey) => setMethod({ kind: 'computed', measure: k, params: measureDefaults(k) })}
          options={measureKeys.map((k) => ({ value: k, label: MEASURES[k].label }))} />
        <Typography.Text type="secondary">{m?.description}</Typography.Text>
        {(m?.params ?? []).map((p) => (
          <Space key={p.key}>
            <span style={{ display: 'inline-block', width: 96 }}>{p.label}</span>
            <InputNumber value={method.params[p.key]} min={p.min} max={p.max} suffix={p.unit} aria-label={p.label}
              onChange={(v) => setMethod({ ...method, params: { ...method.params, [p.key]: v ?? p.default } })} />
          </Space>
        ))}
      </Space>
    );
  } else if (method.kind === 'manual') {
    body = (
      <Space orientation="vertical">
        <Typography.Text type="secondary">由评分部门逐单位打分（评分在下一阶段开放）。</Typography.Text>
        <Checkbox checked={method.evidenceRequired} onChange={(e) => setMethod({ ...method, evidenceRequired: e.target.checked })}>须附佐证材料</Checkbox>
        <Checkbox checked={method.commentRequired} onChange={(e) => setMethod({ ...method, commentRequired: e.target.checked })}>须写评语</Checkbox>
      </Space>
    );
  } else {
    const rows = method.rows;
    const setRow = (i: number, patch: Partial<(typeof rows)[number]>) => setMethod({ ...method, rows: rows.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
    body = (
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Table
          size="small"
          pagination={false}
          rowKey="i"
          dataSource={rows.map((r, i) => ({ ...r, i }))}
          locale={{ emptyText: '还没有扣分事项' }}
          columns={[
            { title: '扣分事项', dataIndex: 'label', render: (v: string, r) => <Input value={v} onChange={(e) => setRow(r.i, { label: e.target.value })} aria-label="扣分事项" /> },
            { title: '代码', dataIndex: 'event', width: 150, render: (v: string, r) => <Input value={v} onChange={(e) => setRow(r.i, { event: e.target.value })} aria-label="事项代码" /> },
            { title: '每次扣分', dataIndex: 'points', width: 100, render: (v: number, r) => <InputNumber value={v} min={0} max={100} step={0.1} onChange={(n) => setRow(r.i, { points: n ?? 0 })} aria-label="每次扣分" style={{ width: 80 }} /> },
            { title: '本地做法', dataIndex: 'local', width: 80, render: (v: boolean, r) => <Checkbox checked={v} onChange={(e) => setRow(r.i, { local: e.target.checked })} aria-label="本地做法" /> },
            { title: '', width: 40, render: (_: unknown, r: { i: number }) => <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除扣分事项" onClick={() => setMethod({ ...method, rows: rows.filter((_, j) => j !== r.i) })} /> },
          ]}
        />
        <Space>
          <Button icon={<PlusOutlined />} onClick={() => setMethod({ ...method, rows: [...rows, { event: newKey('ev'), label: '', points: 0.1, local: true }] })}>增加扣分事项</Button>
          <Button onClick={() => setMethod({ ...method, rows: [...rows, ...SEED_DEDUCTION_ROWS.filter((s) => !rows.some((r) => r.event === s.event)).map((s) => ({ ...s }))] })}>填入细则示例</Button>
        </Space>
      </Space>
    );
  }
  return (
    <Modal open title={`计分方法：${indicator.name}`} width={760} okText="确定" cancelText="取消" onCancel={onCancel} onOk={() => onOk({ method, cap })}>
      <Space orientation="vertical" style={{ width: '100%' }} size={12}>
        <Select value={method.kind} onChange={switchKind} style={{ width: 200 }} aria-label="计分方法" options={indicatorMethods.values.map((v) => ({ value: v, label: indicatorMethods.label(v) }))} />
        {body}
        <Space>
          <span>{method.kind === 'deduction' ? '扣分上限' : '得分上限'}</span>
          <InputNumber value={cap} min={0} max={indicator.maxScore} placeholder={`不超过分值（${indicator.maxScore}分）`} onChange={(v) => setCap(v ?? null)} aria-label="上限" style={{ width: 200 }} suffix="分" />
        </Space>
      </Space>
    </Modal>
  );
}
