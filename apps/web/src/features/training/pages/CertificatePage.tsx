import { Link, useParams } from 'react-router';
import { Alert, Button, Space, Spin } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { errorMessage } from '../../../api/client.ts';
import { useCertificate } from '../training.api.ts';
import '../../lists/pages/ledger-print.css';

/** 结业证书, printable (A4 landscape): the trainee's name, the class, its dates and 学时, the number. */
export default function CertificatePage() {
  const { id, memberId } = useParams();
  const q = useCertificate(Number(id), Number(memberId));
  if (q.isLoading) return <Spin />;
  if (q.error || !q.data) return <Alert type="error" showIcon title={errorMessage(q.error)} />;
  const c = q.data;
  const d = (s: string) => `${s.slice(0, 4)}年${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日`;
  return (
    <div className="xf-ledger">
      <Space className="xf-no-print" style={{ marginBottom: 12 }}>
        <Link to={`/training/${id}`}>← 返回培训班</Link>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
      </Space>
      <div data-testid="certificate" style={{ maxWidth: 900, margin: '0 auto', background: '#fff', border: '12px double #a8071a', padding: '48px 64px', textAlign: 'center', fontFamily: 'serif' }}>
        <div style={{ fontSize: 40, letterSpacing: 16, color: '#a8071a', fontWeight: 700 }}>结业证书</div>
        <p style={{ fontSize: 20, lineHeight: 2.2, textAlign: 'left', marginTop: 40 }}>
          <b style={{ fontSize: 24, borderBottom: '1px solid #000', padding: '0 12px' }}>{c.memberName}</b> 同志于{d(c.startsOn)}至{d(c.endsOn)}参加{c.orgName}举办的“{c.classTitle}”，完成规定课程共{c.hours}学时，考核合格，准予结业。
        </p>
        <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 56, fontSize: 16 }}>
          <span>证书编号：{c.certificateNo}</span>
          <span>
            {c.orgName}
            <br />
            {d(c.finishedOn)}
          </span>
        </div>
      </div>
    </div>
  );
}
