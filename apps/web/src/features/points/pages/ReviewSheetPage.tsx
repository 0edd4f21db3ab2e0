import { Link, useSearchParams } from 'react-router';
import { Alert, Button, Space, Spin } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { errorMessage } from '../../../api/client.ts';
import { beijing } from '../../../lib/dates.ts';
import { yearFrom } from '../../compliance/compliance-status.tsx';
import { useReviewSheet } from '../points.api.ts';
import '../../lists/pages/ledger-print.css';

const GRADES = ['优秀', '合格', '基本合格', '不合格'];

/**
 * 民主评议参考表 (PT-14), printable (A4): the branch's members with the year's points computed from
 * the records, for the 民主评议党员 meeting; 自评, 互评 and the 评议等次 are written in by hand there.
 */
export default function ReviewSheetPage() {
  const [params] = useSearchParams();
  const orgId = Number(params.get('orgId'));
  const year = yearFrom(params.get('year'));
  const q = useReviewSheet(orgId, year);
  if (q.isLoading) return <Spin />;
  if (q.error || !q.data)
    return (
      <Space orientation="vertical">
        <Link to={`/points/ranking?orgId=${orgId}&year=${year}`}>← 返回积分排名</Link>
        <Alert type="error" showIcon title={errorMessage(q.error)} />
      </Space>
    );
  const s = q.data;
  return (
    <div className="xf-ledger">
      <Space className="xf-no-print" style={{ marginBottom: 12 }}>
        <Link to={`/points/ranking?orgId=${orgId}&year=${year}`}>← 返回积分排名</Link>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
      </Space>
      <div className="xf-ledger-doc" data-testid="review-sheet">
        <h1 className="xf-ledger-title">{`${s.orgName}${s.year}年度民主评议党员参考表`}</h1>
        <div className="xf-ledger-meta">{`党员年度积分按系统记录计算（截至${beijing(s.generatedAt)!.format('YYYY年M月D日 HH:mm')}），供民主评议时参考；评议等次：${GRADES.join('、')}`}</div>
        <table className="xf-ledger-table">
          <colgroup>
            <col style={{ width: 44 }} />
            <col style={{ width: 90 }} />
            <col />
            <col style={{ width: 64 }} />
            <col style={{ width: 56 }} />
            <col style={{ width: 56 }} />
            <col style={{ width: 72 }} />
            <col style={{ width: 56 }} />
            <col style={{ width: 90 }} />
            <col style={{ width: 90 }} />
            <col style={{ width: 100 }} />
          </colgroup>
          <thead>
            <tr>
              <th>序号</th>
              <th>姓名</th>
              <th>所在组织</th>
              <th>基础分</th>
              <th>加分</th>
              <th>扣分</th>
              <th>年度积分</th>
              <th>名次</th>
              <th>自评等次</th>
              <th>互评等次</th>
              <th>评议等次</th>
            </tr>
          </thead>
          <tbody>
            {s.rows.map((r) => (
              <tr key={r.memberId}>
                <td>{r.no}</td>
                <td>{r.name}</td>
                <td>{r.orgName}</td>
                {r.exempt ? (
                  <td colSpan={5}>本年度免于积分（支部决定）</td>
                ) : (
                  <>
                    <td>{r.basePoints}</td>
                    <td>{r.additions}</td>
                    <td>{r.deductions}</td>
                    <td>
                      <b>{r.total}</b>
                    </td>
                    <td>{r.rank}</td>
                  </>
                )}
                <td />
                <td />
                <td />
              </tr>
            ))}
          </tbody>
        </table>
        <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 24 }}>
          <span>党支部书记（签字）：</span>
          <span>日期：　　年　　月　　日</span>
        </div>
      </div>
    </div>
  );
}
