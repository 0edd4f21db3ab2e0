import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Alert, Button } from 'antd';
import { RocketOutlined } from '@ant-design/icons';
import { useCurrentSession } from '../../auth/session.ts';
import { useSetupProgress } from '../setup.api.ts';

export const canOpenSetup = (permissions: string[]) => permissions.includes('org.write') && permissions.includes('member.read');

/**
 * On an empty platform (no organisation below the admin's own), every page of an admin who may
 * open the guide starts with a pointer to it; it goes away with the first organisation.
 */
export function SetupPrompt() {
  const session = useCurrentSession();
  const allowed = canOpenSetup(session.permissions);
  const location = useLocation();
  const navigate = useNavigate();
  const progress = useSetupProgress(allowed);
  const { refetch } = progress;
  const empty = !!progress.data?.empty;
  // While it shows, each page change asks again (the first organisation may just have been added).
  useEffect(() => {
    if (empty) void refetch();
  }, [location.pathname, empty, refetch]);
  if (!allowed || !empty || location.pathname === '/setup') return null;
  return (
    <Alert
      type="info"
      showIcon
      icon={<RocketOutlined />}
      style={{ marginBottom: 12 }}
      data-testid="setup-prompt"
      title="平台尚未开始使用：还没有建立下级党组织"
      description="“上线准备”按步骤列出启用前要做的七件事（组织架构、党员名册、支部班子、书记账户、启用日期、考核要求、第一次组织生活），并显示每一步还缺什么。"
      action={
        <Button type="primary" onClick={() => navigate('/setup')}>
          开始上线准备
        </Button>
      }
    />
  );
}
