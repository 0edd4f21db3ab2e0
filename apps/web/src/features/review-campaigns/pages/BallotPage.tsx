import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Checkbox, Collapse, Input, Popconfirm, Radio, Space, Tag } from 'antd';
import { errorMessage } from '../../../api/client.ts';
import { reportFileUrl, useBallotSheet, useCastBallot, useSaveComment, type BallotSheet } from '../review-campaigns.api.ts';
import { ReviewStatusTag } from '../review-labels.tsx';

type Row = BallotSheet['reporters'][number];

/** One reporter on the reviewer's sheet: the report, the comment box (一述一评) and the grade. */
function ReporterCard({ sheet, r }: { sheet: BallotSheet; r: Row }) {
  const { message } = App.useApp();
  const comment = useSaveComment(sheet.campaignId);
  const cast = useCastBallot(sheet.campaignId);
  const [text, setText] = useState(r.comment?.text ?? '');
  const [problem, setProblem] = useState(r.comment?.problem ?? false);
  const [grade, setGrade] = useState<string | undefined>(r.grade ?? undefined);
  useEffect(() => {
    setText(r.comment?.text ?? '');
    setProblem(r.comment?.problem ?? false);
  }, [r.comment?.text, r.comment?.problem]);
  const label = (key: string | null) => sheet.scale.find((g) => g.key === key)?.label ?? key;

  return (
    <Card
      size="small"
      title={
        <Space wrap>
          {r.orgName}
          <span style={{ fontWeight: 'normal', color: '#666' }}>述职人：{r.secretaryName ?? '—'}</span>
        </Space>
      }
      extra={r.self ? <Tag>本人，不参与评议</Tag> : r.grade ? <Tag color="green">已投：{label(r.grade)}</Tag> : sheet.canVote ? <Tag color="orange">未投票</Tag> : null}
    >
      <Collapse
        size="small"
        items={[
          {
            key: 'report',
            label: r.reportText || r.reportFileName ? '述职报告' : '述职报告（未提交）',
            children: (
              <>
                {r.reportText && <div style={{ whiteSpace: 'pre-wrap', lineHeight: 1.7 }}>{r.reportText}</div>}
                {r.reportFileName && (
                  <a href={reportFileUrl(sheet.campaignId, r.reporterId)} target="_blank" rel="noreferrer">
                    {r.reportFileName}
                  </a>
                )}
              </>
            ),
          },
        ]}
      />
      {r.self ? (
        <Alert style={{ marginTop: 10 }} type="info" showIcon title="这是您本人的述职，不参与点评和投票。" />
      ) : (
        <>
          <div style={{ marginTop: 10 }}>
            <div style={{ marginBottom: 4 }}>点评意见</div>
            <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} disabled={!sheet.canComment} autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} placeholder="一述一评：对该书记履职情况的点评" />
            <Space wrap style={{ marginTop: 6 }}>
              <Checkbox checked={problem} onChange={(e) => setProblem(e.target.checked)} disabled={!sheet.canComment}>
                列为问题（评议结束后转入该组织问题清单）
              </Checkbox>
              {sheet.canComment && (
                <Button
                  size="small"
                  loading={comment.isPending}
                  disabled={!text.trim()}
                  onClick={async () => {
                    try {
                      await comment.mutateAsync({ reporterId: r.reporterId, text, problem });
                      message.success('点评已保存');
                    } catch (e) {
                      message.error(errorMessage(e));
                    }
                  }}
                >
                  保存点评
                </Button>
              )}
            </Space>
          </div>
          <div style={{ marginTop: 12 }}>
            <div style={{ marginBottom: 4 }}>评定等次</div>
            <Radio.Group value={r.grade ?? grade} onChange={(e) => setGrade(e.target.value)} disabled={!sheet.canVote || !!r.grade} optionType="button" buttonStyle="solid">
              {sheet.scale.map((g) => (
                <Radio.Button key={g.key} value={g.key}>
                  {g.label}
                </Radio.Button>
              ))}
            </Radio.Group>
            {sheet.canVote && !r.grade && (
              <Popconfirm
                title={`投“${label(grade ?? null)}”？投出后不能更改。`}
                disabled={!grade}
                onConfirm={async () => {
                  try {
                    await cast.mutateAsync({ reporterId: r.reporterId, grade: grade! });
                    message.success('已投票');
                  } catch (e) {
                    message.error(errorMessage(e));
                  }
                }}
              >
                <Button type="primary" disabled={!grade} loading={cast.isPending} style={{ marginLeft: 8 }}>
                  投票
                </Button>
              </Popconfirm>
            )}
          </div>
        </>
      )}
    </Card>
  );
}

/** 评议人的测评表: each reporter with the report, the reviewer's own comment and ballot — never anyone else's. */
export default function BallotPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const q = useBallotSheet(id);
  if (q.error) return <Card>{errorMessage(q.error)}</Card>;
  const s = q.data;
  if (!s) return <Card loading />;
  // The reviewer's own report (本人) is neither graded nor counted.
  const graded = s.reporters.filter((r) => !r.self);
  const done = graded.filter((r) => r.grade).length;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            我的测评表
            <ReviewStatusTag status={s.status} />
          </Space>
        }
        extra={<Button onClick={() => navigate(`/review-campaigns?year=${s.year}`)}>返回</Button>}
      >
        <div>{s.campaignName}</div>
        <div style={{ color: '#666', marginTop: 4 }}>
          评议组：{s.groupName} · 已投 {done} / {graded.length}
        </div>
        {s.status === 'draft' || s.status === 'open' ? (
          <Alert style={{ marginTop: 8 }} type="info" showIcon title={s.status === 'open' ? '述职进行中：可阅读述职报告并填写点评意见；开始测评后才能投票。' : '评议尚在筹备中。'} />
        ) : s.status === 'closed' ? (
          <Alert style={{ marginTop: 8 }} type="success" showIcon title="评议已结束。" />
        ) : (
          <Alert style={{ marginTop: 8 }} type="warning" showIcon title="测评中：对每位述职人评定一个等次，每人只能投一次，投出后不能更改；其他评议人看不到您的投票。" />
        )}
      </Card>
      {s.reporters.map((r) => (
        <ReporterCard key={r.reporterId} sheet={s} r={r} />
      ))}
    </Space>
  );
}
