import { useNavigate, useParams } from 'react-router';
import { Button } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { MemberDetailView } from '../components/MemberDetailView.tsx';
import { MemberPointsCard } from '../../points/components/MemberPointsCard.tsx';
import { useCan } from '../../auth/session.ts';

export default function MemberDetailPage() {
  const id = Number(useParams().memberId);
  const navigate = useNavigate();
  const can = useCan();
  return (
    <>
    <MemberDetailView
      key={id}
      memberId={id}
      onEdit={() => navigate(`/members/${id}/edit`)}
      extra={
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
          返回
        </Button>
      }
    />
    {can('points.read') && <MemberPointsCard key={`points-${id}`} memberId={id} />}
    </>
  );
}
