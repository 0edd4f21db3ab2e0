import { useNavigate } from 'react-router';
import { Button, Typography } from 'antd';
import { MobileOutlined } from '@ant-design/icons';
import { useCan, useCurrentSession } from '../../auth/session.ts';
import { MemberDetailView } from '../components/MemberDetailView.tsx';

/** 我的信息: the logged-in member's own record (the server scopes it to themselves). */
export default function MyInfoPage() {
  const session = useCurrentSession();
  const can = useCan();
  const navigate = useNavigate();
  const memberId = session.user.memberId!;
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        我的党员信息
      </Typography.Title>
      <MemberDetailView
        memberId={memberId}
        onEdit={can('member.write') ? () => navigate(`/members/${memberId}/edit`) : undefined}
        extra={
          <Button icon={<MobileOutlined />} onClick={() => navigate('/m')} data-testid="my-mobile-link">
            我的组织生活（手机版）
          </Button>
        }
      />
    </>
  );
}
