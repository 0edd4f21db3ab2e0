import { Alert } from 'antd';
import { useCurrentSession } from '../../auth/session.ts';
import { MemberPointsCard } from '../components/MemberPointsCard.tsx';

/** 我的积分 (console): the logged-in member's own ledger. */
export default function MyPointsPage() {
  const { user } = useCurrentSession();
  if (!user.memberId) return <Alert type="info" showIcon message="账户未关联党员，无积分" />;
  return <MemberPointsCard memberId={user.memberId} showLink={false} />;
}
