import { Link } from 'react-router';
import { Alert, Space, Typography } from 'antd';
import type { ExpectedRule } from '@xianfeng/shared';

/**
 * Where the expected list (应到) comes from, and what to do when it is empty: the committee is
 * recorded on the organisation page (班子成员), members in 党员管理. Used by the form (before
 * saving) and the detail page; the words come from the server (expected-attendees.rule.ts).
 */
export function ExpectedListNote({
  orgId,
  rule,
  label,
  count,
  names,
  emptyHint,
  refusal,
  follows,
}: {
  orgId: number;
  rule: ExpectedRule;
  label: string;
  count?: number;
  names?: string[];
  emptyHint: string | null;
  refusal?: string | null;
  /** Detail page: whether the list still follows the roster (never submitted) or is frozen. */
  follows?: boolean;
}) {
  const committeePage = <Link to={`/orgs/${orgId}#committee`}>前往组织管理 · 班子成员</Link>;
  const where = rule === 'committee' ? committeePage : rule === 'participants' ? null : <Link to={`/members?orgId=${orgId}`}>前往党员管理</Link>;
  // A refusal is always about the committee (a 支委会 where none serves on the day).
  if (refusal) {
    return <Alert type="error" showIcon title={refusal} action={committeePage} data-testid="expected-refusal" />;
  }
  if (emptyHint) {
    return <Alert type="warning" showIcon title={`应到人员（${label}）为空`} description={emptyHint} action={where} data-testid="expected-empty" />;
  }
  const shown = names?.length ? `：${names.join('、')}${count !== undefined && count > names.length ? ' 等' : ''}` : '';
  const how =
    follows === false
      ? '记录已提交审核，应到名单已固定，不再随委员会或名册变化。'
      : '提交审核前，应到名单随活动日期、类型和委员会（名册）的变化自动更新，已登记的出勤情况保留；提交后名单固定。';
  return (
    <Alert
      type="info"
      showIcon
      data-testid="expected-source"
      title={
        <Space size={4} wrap>
          <span>
            应到人员来自<strong>{label}</strong>
            {count !== undefined && <>，共 {count} 人</>}
            {shown && <Typography.Text type="secondary">{shown}</Typography.Text>}
          </span>
        </Space>
      }
      description={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{how}</Typography.Text>}
    />
  );
}
