import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Card, Flex, Progress, Space, Spin, Tag, Typography } from 'antd';
import { CheckCircleFilled, ExclamationCircleFilled, KeyOutlined } from '@ant-design/icons';
import { localDate, setupSteps, type SetupStep } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { useCan } from '../../auth/session.ts';
import { useLeaveGuard } from '../../../lib/useLeaveGuard.ts';
import { useSetupProgress, type SecretaryAccountsResult, type SetupProgress } from '../setup.api.ts';
import { SecretaryAccountsModal } from '../components/SecretaryAccountsModal.tsx';
import { PasswordSlips } from '../components/PasswordSlips.tsx';
import '../setup.css';

type Link = { label: string; to: string };

/** Where each step is done. */
function linksOf(step: SetupStep, year: string): Link[] {
  switch (step) {
    case 'orgs':
      return [{ label: '去组织管理（逐个建立或 Excel 导入）', to: '/orgs' }];
    case 'roster':
      return [
        { label: '导入党员名册', to: '/import' },
        { label: '党员管理', to: '/members' },
      ];
    case 'committees':
      return [{ label: '去组织管理（班子成员）', to: '/orgs' }];
    case 'accounts':
      return [{ label: '账户与权限', to: '/users' }];
    case 'go_live':
      return [{ label: '设定启用日期', to: `/compliance/requirements?year=${year}` }];
    case 'requirements':
      return [{ label: '确认考核要求', to: `/compliance/requirements?year=${year}` }];
    case 'first_meeting':
      return [{ label: '登记组织生活', to: '/activities/new' }];
  }
}

const HINTS: Record<SetupStep, string> = {
  orgs: '在组织管理中建立机关党委、党总支、党支部，或下载模板后用 Excel 一次导入整个组织架构。',
  roster: '用名册模板导入党员，或逐个录入；每个党支部都应有党员。',
  committees: '在各党支部的“班子成员”中登记书记和委员；正式党员7名以上的党支部应成立支部委员会（ZB-21）。',
  accounts: '书记凭账户登记本支部的组织生活。可从班子成员名单批量生成，初始密码打印后分发。',
  go_live: '启用日期之前结束的考核周期记为“未启用”，不计逾期。',
  requirements: '保存本年度的考核要求表（全国性规定可开关，可增加本地规定）。',
  first_meeting: '登记并提交第一次组织生活，平台即投入使用。',
};

/** 上线准备: the seven steps with what is missing, and the bulk secretary accounts. */
export default function SetupPage() {
  const progress = useSetupProgress();
  const [dialog, setDialog] = useState(false);
  const [result, setResult] = useState<SecretaryAccountsResult | null>(null);
  // Initial passwords are shown once: leaving while they are on screen asks first.
  useLeaveGuard(!!result?.created.length, { title: '离开本页？', content: '初始密码只显示这一次，离开后无法再次查看。请确认已打印或下载。', okText: '已保存，离开' });

  if (result) return <PasswordSlips result={result} onDone={() => setResult(null)} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {progress.error && <Alert type="error" showIcon title={errorMessage(progress.error)} />}
      {progress.isLoading && <Spin style={{ display: 'block', margin: 48 }} />}
      {progress.data && <Checklist p={progress.data} onGenerate={() => setDialog(true)} />}
      <SecretaryAccountsModal open={dialog} onClose={() => setDialog(false)} onCreated={setResult} />
    </Space>
  );
}

function Checklist({ p, onGenerate }: { p: SetupProgress; onGenerate: () => void }) {
  const navigate = useNavigate();
  const can = useCan();
  const year = localDate(new Date()).slice(0, 4);
  const allDone = p.doneCount === p.total;
  // The next step to do gets the one primary button.
  const next = p.steps.find((s) => !s.done)?.key;
  return (
    <>
      <Card size="small">
        <Flex align="center" gap={24} wrap>
          <div>
            <Typography.Title level={4} style={{ margin: 0 }}>
              上线准备
            </Typography.Title>
            <Typography.Text type="secondary">{allDone ? '各项准备均已完成，平台可以正式启用。' : '按顺序完成以下七项，平台即可在本单位正式启用。'}</Typography.Text>
          </div>
          <div style={{ flex: 1, minWidth: 240 }}>
            <Progress percent={Math.round((p.doneCount / p.total) * 100)} format={() => `${p.doneCount}/${p.total}`} status={allDone ? 'success' : 'active'} data-testid="setup-progress" />
          </div>
        </Flex>
      </Card>
      {p.steps.map((s, i) => {
        const links = linksOf(s.key, year).filter((l) => l.to !== '/users' || can('user.read'));
        const extra: ReactNode[] = [];
        if (s.key === 'accounts' && p.canGenerateAccounts) {
          extra.push(
            <Button key="gen" type={s.key === next ? 'primary' : 'default'} icon={<KeyOutlined />} onClick={onGenerate} data-testid="generate-secretary-accounts">
              批量生成书记账户
            </Button>,
          );
        }
        return (
          <Card size="small" key={s.key} data-testid={`setup-step-${s.key}`}>
            <Flex gap={12} align="flex-start">
              <div style={{ fontSize: 22, lineHeight: '28px' }}>
                {s.done ? <CheckCircleFilled style={{ color: '#52c41a' }} /> : <ExclamationCircleFilled style={{ color: '#faad14' }} />}
              </div>
              <div style={{ flex: 1, minWidth: 0 }}>
                <Space size={8}>
                  <Typography.Text strong style={{ fontSize: 15 }}>
                    {i + 1}. {setupSteps.label(s.key)}
                  </Typography.Text>
                  {s.done ? <Tag color="green">已完成</Tag> : <Tag color="orange">待完成</Tag>}
                </Space>
                <div>
                  <Typography.Text type="secondary">{HINTS[s.key]}</Typography.Text>
                </div>
                {s.missing.map((m) => (
                  <div key={m} style={{ color: '#d46b08', marginTop: 4 }}>
                    缺：{m}
                  </div>
                ))}
              </div>
              <Space wrap style={{ justifyContent: 'flex-end' }}>
                {extra}
                {links.map((l) => (
                  <Button key={l.to + l.label} type={s.key === next && !extra.length && l === links[0] ? 'primary' : 'default'} onClick={() => navigate(l.to)}>
                    {l.label}
                  </Button>
                ))}
              </Space>
            </Flex>
          </Card>
        );
      })}
    </>
  );
}

