import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Space, Spin } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { errorMessage } from '../../../api/client.ts';
import { formatDateTime } from '../../../lib/dates.ts';
import { thisBeijingYear, useLedger, type Ledger } from '../lists.api.ts';
import { LIGHT_HEX } from '../list-labels.tsx';
import './ledger-print.css';

const positive = (v: string | null) => (v && Number.isInteger(Number(v)) && Number(v) > 0 ? Number(v) : undefined);

/** Lines of a cell (时间表, 措施…), one per line; nothing for none. */
const Lines = ({ lines }: { lines: string[] }) => (
  <>
    {lines.map((l, k) => (
      <div key={k}>{l}</div>
    ))}
  </>
);

const Titled = ({ title, content }: { title: string; content: string }) => (
  <>
    <div className="xf-ledger-strong">{title}</div>
    {content && <div className="xf-ledger-sub">{content}</div>}
  </>
);

/**
 * 清单台账（打印版）: the organisation's subtree for a year as a document — 一、清单事项 and 二、整改台账
 * with the progress sentence, the same content as the Excel (the server builds both from one
 * reading). 「打印」 prints it on A4 landscape; the console's header and menu are not printed.
 */
export default function LedgerPrintPage() {
  const [params] = useSearchParams();
  const year = positive(params.get('year')) ?? thisBeijingYear();
  const orgId = positive(params.get('orgId'));
  const q = useLedger(year, orgId);
  const navigate = useNavigate();
  const l = q.data;
  const back = `/lists/overview?orgId=${orgId ?? ''}${year !== thisBeijingYear() ? `&year=${year}` : ''}`;

  return (
    <div className="xf-ledger">
      <Space className="xf-no-print" style={{ marginBottom: 12 }} wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(back)}>
          返回总览
        </Button>
        <Button type="primary" icon={<PrinterOutlined />} disabled={!l} onClick={() => window.print()} data-testid="ledger-print">
          打印
        </Button>
        <span className="xf-ledger-hint">打印时请选择「横向」；浏览器的页眉页脚可在打印设置中关闭</span>
      </Space>
      {!orgId && <Alert type="warning" showIcon title="请从清单总览选择组织后打开台账" />}
      {q.error && <Alert type="error" showIcon title={errorMessage(q.error)} />}
      {q.isLoading && <Spin style={{ display: 'block', margin: '48px auto' }} />}
      {l && <LedgerDocument ledger={l} />}
    </div>
  );
}

function LedgerDocument({ ledger: l }: { ledger: Ledger }) {
  return (
    <article className="xf-ledger-doc" data-testid="ledger-doc">
      <h1 className="xf-ledger-title">
        {l.org.name}　{l.year}年度清单台账
      </h1>
      <div className="xf-ledger-meta">生成时间：{formatDateTime(l.generatedAt)}（北京时间）　范围：本组织及下级组织</div>

      <h2>一、清单事项</h2>
      {l.items.length ? (
        <table className="xf-ledger-table" data-testid="ledger-items">
          <colgroup>
            {[4, 14, 6, 9, 7, 30, 7, 7, 4, 12].map((w, k) => (
              <col key={k} style={{ width: `${w}%` }} />
            ))}
          </colgroup>
          <thead>
            <tr>
              <th className="xf-ledger-c">序号</th>
              <th>事项</th>
              <th>清单</th>
              <th>主办/协办</th>
              <th>责任人/分管领导</th>
              <th>时间表</th>
              <th className="xf-ledger-c">完成时限</th>
              <th>进展</th>
              <th>亮灯</th>
              <th>销号</th>
            </tr>
          </thead>
          <tbody>
            {l.items.map((i) => (
              <tr key={i.id}>
                <td className="xf-ledger-c">{i.seq}</td>
                <td>
                  <Titled title={i.title} content={i.content} />
                </td>
                <td>
                  {i.listKindName}
                  {i.category && <div className="xf-ledger-sub">{i.category}</div>}
                </td>
                <td>
                  {i.orgName}
                  {i.assists.length > 0 && <div className="xf-ledger-sub">协办：{i.assists.join('、')}</div>}
                </td>
                <td>
                  {i.responsible || '—'}
                  {i.leader && <div className="xf-ledger-sub">{i.leader}</div>}
                </td>
                <td>
                  <Lines lines={i.timetable} />
                  {i.route.length > 0 && (
                    <div className="xf-ledger-sub xf-ledger-route">
                      路线图：
                      <Lines lines={i.route} />
                    </div>
                  )}
                </td>
                <td className="xf-ledger-c">{i.deadline}</td>
                <td>{i.progress}</td>
                <td className="xf-ledger-c" style={i.light && i.light !== 'none' ? { color: LIGHT_HEX[i.light], fontWeight: 600 } : undefined}>
                  {i.lightName}
                </td>
                <td>{i.closing || (i.status === 'closing' ? i.statusName : '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="xf-ledger-empty">本年度没有清单事项。</p>
      )}

      <h2>二、整改台账</h2>
      {l.findings.length ? (
        <table className="xf-ledger-table" data-testid="ledger-findings">
          <colgroup>
            <col style={{ width: '4%' }} />
            <col style={{ width: '24%' }} />
            <col style={{ width: '28%' }} />
            <col style={{ width: '9%' }} />
            <col style={{ width: '8%' }} />
            <col style={{ width: '10%' }} />
            <col style={{ width: '17%' }} />
          </colgroup>
          <thead>
            <tr>
              <th className="xf-ledger-c">序号</th>
              <th>问题</th>
              <th>措施</th>
              <th>责任人</th>
              <th>时限</th>
              <th>进展</th>
              <th>销号</th>
            </tr>
          </thead>
          <tbody>
            {l.findings.map((f) => (
              <tr key={f.id}>
                <td className="xf-ledger-c">{f.seq}</td>
                <td>
                  <Titled title={f.title} content={f.content} />
                  <div className="xf-ledger-sub">
                    {f.orgName} · {f.inspectionTitle} · {f.findingClass} · {f.severityName}
                  </div>
                </td>
                <td>{f.measures.length ? <Lines lines={f.measures} /> : '—'}</td>
                <td>
                  {f.principalName}
                  {f.leaderName && <div className="xf-ledger-sub">分管：{f.leaderName}</div>}
                </td>
                <td className="xf-ledger-c">{f.deadline}</td>
                <td>{f.progress}</td>
                <td>{f.closing}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="xf-ledger-empty">本年度没有督查发现的问题。</p>
      )}
      <p className="xf-ledger-sentence" data-testid="ledger-sentence">
        {l.summary.sentence}。
      </p>
    </article>
  );
}
