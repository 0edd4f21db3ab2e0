import { useNavigate, useParams } from 'react-router';
import { Button, Card } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { MemberPointsCard } from '../components/MemberPointsCard.tsx';
import { useLedger } from '../points.api.ts';
import dayjs from 'dayjs';

/** One member's points ledger: every line with its source, version and any cap that cut it. */
export default function MemberPointsPage() {
  const id = Number(useParams().memberId);
  const navigate = useNavigate();
  const head = useLedger(id, dayjs().year()).data;
  return (
    <Card
      title={head ? `${head.member.name}（${head.member.orgName}）的积分` : '党员积分'}
      extra={
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
          返回
        </Button>
      }
    >
      <MemberPointsCard memberId={id} showLink={false} />
    </Card>
  );
}
