import { useNavigate } from 'react-router';
import { Alert, Button, Space, Spin } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { roundStatuses, type RoundStatus } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { today } from '../../../lib/dates.ts';
import { useRanking, type Ranking } from '../rounds.api.ts';
import { fmt } from '../round-labels.tsx';
import { useRouteYear } from './RoundPage.tsx';
import '../../lists/pages/ledger-print.css';

/**
 * 考核排名（打印版）: the ranking by series as a document, A4 landscape on paper (the print rules of
 * the lists' ledger: the console's header and menu are not printed).
 */
export default function RankingPrintPage() {
  const year = useRouteYear();
  const navigate = useNavigate();
  const q = useRanking(year, true);
  return (
    <div className="xf-ledger">
      <Space className="xf-no-print" style={{ marginBottom: 12 }} wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/assessments/${year}/round`)}>返回年度考核</Button>
        <Button type="primary" icon={<PrinterOutlined />} disabled={!q.data} onClick={() => window.print()}>打印</Button>
        <span className="xf-ledger-hint">打印时请选择「横向」；浏览器的页眉页脚可在打印设置中关闭</span>
      </Space>
      {q.error && <Alert type="error" showIcon title={errorMessage(q.error)} />}
      {q.isLoading && <Spin style={{ display: 'block', margin: '48px auto' }} />}
      {q.data && <RankingDocument ranking={q.data} />}
    </div>
  );
}

function RankingDocument({ ranking: r }: { ranking: Ranking }) {
  const nums = ['一', '二', '三', '四', '五', '六'];
  return (
    <article className="xf-ledger-doc" data-testid="ranking-doc">
      <h1 className="xf-ledger-title">{r.year}年度机关党建考核排名{r.published ? '' : '（预览）'}</h1>
      <div className="xf-ledger-meta">
        {roundStatuses.label(r.status as RoundStatus)}　计算截止日：{r.asOf}　打印日期：{today()}
      </div>
      {r.series.map((s, k) => (
        <section key={s.key}>
          <h2>{nums[k] ?? k + 1}、{s.label}</h2>
          <table className="xf-ledger-table">
            <colgroup>
              {[5, 22, 8, 9, 9, 9, 8, 8, 22].map((w, i) => <col key={i} style={{ width: `${w}%` }} />)}
            </colgroup>
            <thead>
              <tr>
                <th className="xf-ledger-c">名次</th>
                <th>单位</th>
                <th className="xf-ledger-c">总分</th>
                <th className="xf-ledger-c">重点督查加权</th>
                <th className="xf-ledger-c">述职评议加权</th>
                <th className="xf-ledger-c">创先争优加分</th>
                <th className="xf-ledger-c">处分扣分</th>
                <th className="xf-ledger-c">等次</th>
                <th>说明</th>
              </tr>
            </thead>
            <tbody>
              {s.units.map((u) => (
                <tr key={u.orgId}>
                  <td className="xf-ledger-c">{u.rank || '—'}</td>
                  <td>{u.orgName}</td>
                  <td className="xf-ledger-c">{fmt(u.parts.total)}</td>
                  <td className="xf-ledger-c">{fmt(u.parts.inspection.weighted)}</td>
                  <td className="xf-ledger-c">{fmt(u.parts.review.weighted)}</td>
                  <td className="xf-ledger-c">{fmt(u.parts.bonus)}</td>
                  <td className="xf-ledger-c">{u.parts.deduction ? `−${fmt(u.parts.deduction)}` : '0'}</td>
                  <td className="xf-ledger-c">{u.grade || '—'}</td>
                  <td>{[...u.gradeReasons, ...(u.mustExplain ? ['须作书面说明'] : [])].join('；')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </article>
  );
}
