import { useNavigate, useParams } from 'react-router';
import { Button } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { MemberDetailView } from '../components/MemberDetailView.tsx';

export default function MemberDetailPage() {
  const id = Number(useParams().memberId);
  const navigate = useNavigate();
  return (
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
  );
}
