import { Col, Row, Table, Typography } from 'antd';
import { beijingDateTime, cadreTypes, committeePosts, educations, FIELD_LABELS, memberCategories, memberStatuses, orgTypes, ranks, roles } from '@xianfeng/shared';

type DiffRow = { key: string; before: unknown; after: unknown; changed: boolean };

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const show = (v: unknown) => (v === undefined ? '' : v === null ? 'null' : typeof v === 'string' ? v : JSON.stringify(v));
// The server records some entities by column (org_id), others by API field (orgId).
const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const EXTRA_LABELS: Record<string, string> = {
  orgName: '所在党组织',
  idNumberMasked: '公民身份号码（脱敏）',
  phoneMasked: '联系电话（脱敏）',
  updatedAt: '更新时间',
  createdAt: '创建时间',
  memberCount: '党员数',
  path: '组织路径',
  unitName: '单位名称',
  failedLogins: '连续失败次数',
};
const label = (k: string) => {
  const text = FIELD_LABELS[camel(k)] ?? EXTRA_LABELS[camel(k)];
  return text ? `${text}（${k}）` : k;
};

/** Codes shown with their Chinese label, e.g. full → 正式党员（full）. */
const CODE_LISTS: Record<string, { label: (v: never) => string }> = {
  education: educations,
  category: memberCategories,
  status: memberStatuses,
  toStatus: memberStatuses,
  rank: ranks,
  cadreType: cadreTypes,
  post: committeePosts,
  role: roles,
};
function showValue(key: string, v: unknown): string {
  const list = CODE_LISTS[camel(key)] ?? (camel(key) === 'type' && typeof v === 'string' && orgTypes.values.includes(v as never) ? orgTypes : undefined);
  if (list && typeof v === 'string' && v) {
    const text = list.label(v as never);
    if (text && text !== v) return `${text}（${v}）`;
  }
  // An instant (ISO text with a time and zone) is shown in Beijing time.
  if (typeof v === 'string' && ISO_INSTANT.test(v)) return `${beijingDateTime(v)}（北京时间）`;
  return show(v);
}
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Before/after of an audit record: field by field when both are objects, raw JSON otherwise. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  if (before == null && after == null) return <Typography.Text type="secondary">该记录没有变更内容</Typography.Text>;
  if ((before == null || isRecord(before)) && (after == null || isRecord(after))) {
    const b = (before ?? {}) as Record<string, unknown>;
    const a = (after ?? {}) as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    const rows: DiffRow[] = keys.map((k) => ({ key: k, before: b[k], after: a[k], changed: JSON.stringify(b[k]) !== JSON.stringify(a[k]) }));
    return (
      <Table<DiffRow>
        size="small"
        bordered
        pagination={false}
        dataSource={rows}
        rowClassName={(r) => (before != null && r.changed ? 'xf-diff-changed' : '')}
        columns={[
          { title: '字段', dataIndex: 'key', width: 220, render: label },
          ...(before != null ? [{ title: '变更前', dataIndex: 'before', render: (v: unknown, r: DiffRow) => showValue(r.key, v) }] : []),
          { title: before != null ? '变更后' : '内容', dataIndex: 'after', render: (v: unknown, r: DiffRow) => showValue(r.key, v) },
        ]}
      />
    );
  }
  return (
    <Row gutter={12}>
      <Col xs={24} md={12}>
        <Typography.Text type="secondary">变更前</Typography.Text>
        <pre className="xf-json">{JSON.stringify(before, null, 2)}</pre>
      </Col>
      <Col xs={24} md={12}>
        <Typography.Text type="secondary">变更后</Typography.Text>
        <pre className="xf-json">{JSON.stringify(after, null, 2)}</pre>
      </Col>
    </Row>
  );
}
