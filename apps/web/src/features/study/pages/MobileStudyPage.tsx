import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Drawer, Empty, List, Progress, Radio, Skeleton, Tag } from 'antd';
import { HEARTBEAT_SECONDS, materialKinds, type MaterialKind } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { beatStudy, startStudy, useCompleteStudy, useMyTopic, useMyTopics, type MyTopicDetail, type StudySession } from '../study.api.ts';

type Material = MyTopicDetail['materials'][number];

/** The reader: the server starts the clock; a heartbeat every 15 s while the page is visible; the check question at the end. */
function Reader({ material, onClose }: { material: Material; onClose: () => void }) {
  const { message } = App.useApp();
  const [session, setSession] = useState<StudySession | null>(null);
  const [answer, setAnswer] = useState<number | null>(null);
  const complete = useCompleteStudy();
  const timer = useRef<number>(undefined);
  useEffect(() => {
    let alive = true;
    startStudy(material.id).then((s) => alive && setSession(s)).catch((e) => message.error(errorMessage(e)));
    return () => { alive = false; };
  }, [material.id, message]);
  useEffect(() => {
    if (!session || session.status !== 'open') return;
    timer.current = window.setInterval(() => {
      if (document.visibilityState === 'visible') beatStudy(session.id, true).then(setSession).catch(() => undefined);
    }, HEARTBEAT_SECONDS * 1000);
    return () => window.clearInterval(timer.current);
  }, [session?.id, session?.status]); // eslint-disable-line react-hooks/exhaustive-deps
  const left = session ? Math.max(0, session.minSeconds - session.visibleSeconds) : material.minSeconds;
  async function finish() {
    if (!session) return;
    try {
      const s = await complete.mutateAsync({ id: session.id, answer });
      setSession(s);
      if (s.status === 'completed') message.success(s.message ?? `已完成，记${s.creditedHours}学时`);
      else message.warning(s.message ?? '未通过');
    } catch (e) {
      message.error(errorMessage(e));
    }
  }
  return (
    <Drawer open placement="bottom" height="100%" title={material.title} onClose={onClose}>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={left > 0 ? `还需学习约${Math.ceil(left / 60)}分钟（页面在前台时计时）` : '学习时间已够，可以完成学习'} />
      <Progress percent={material.minSeconds ? Math.min(100, Math.round(((session?.visibleSeconds ?? 0) / material.minSeconds) * 100)) : 100} size="small" />
      {material.kind === 'article' ? (
        <div className="xf-minutes" dangerouslySetInnerHTML={{ __html: material.body }} />
      ) : (
        <p>{material.url ? <a href={material.url} target="_blank" rel="noreferrer noopener">打开{materialKinds.label(material.kind as MaterialKind)}</a> : material.fileName}</p>
      )}
      {material.question && (
        <Card size="small" title="检测题" style={{ marginTop: 12 }}>
          <p>{material.question.prompt}</p>
          <Radio.Group value={answer} onChange={(e) => setAnswer(e.target.value)} style={{ display: 'flex', flexDirection: 'column', gap: 8 }} options={material.question.options.map((o, i) => ({ value: i, label: o }))} />
        </Card>
      )}
      <Button type="primary" block style={{ marginTop: 16 }} disabled={!session || session.status !== 'open' || (!!material.question && answer === null)} loading={complete.isPending} onClick={finish}>
        {session?.status === 'completed' ? '已完成' : session?.status === 'failed' ? '未通过，请重新打开学习' : '完成学习'}
      </Button>
    </Drawer>
  );
}

/** 学习 on the phone: the topics addressed to me with my progress, this year's online 学时, the reader. */
export default function MobileStudyPage() {
  const topics = useMyTopics();
  const [topicId, setTopicId] = useState<number | null>(null);
  const topic = useMyTopic(topicId);
  const [reading, setReading] = useState<Material | null>(null);
  if (topics.isLoading) return <Skeleton active />;
  if (topics.error) return <Alert type="error" message={errorMessage(topics.error)} />;
  const d = topics.data!;
  return (
    <div>
      <Card size="small" style={{ marginTop: 12 }}>
        今年线上学习 <b>{d.onlineHoursThisYear}</b> 学时 · 今日 {d.onlineHoursToday} / {d.dailyCap} 学时
      </Card>
      {!d.items.length ? <Empty description="暂无学习专题" /> : (
        <List
          style={{ marginTop: 12 }}
          dataSource={d.items}
          renderItem={(t) => (
            <Card size="small" style={{ marginBottom: 8 }} onClick={() => setTopicId(t.id)} hoverable>
              <div style={{ fontWeight: 600 }}>{t.title}</div>
              <div style={{ color: '#888' }}>{t.coverText || t.orgName}</div>
              <Progress percent={t.materialCount ? Math.round((t.doneCount / t.materialCount) * 100) : 0} size="small" format={() => `${t.doneCount}/${t.materialCount}`} />
            </Card>
          )}
        />
      )}
      <Drawer open={!!topicId} placement="right" width="100%" title={topic.data?.title ?? '学习专题'} onClose={() => setTopicId(null)}>
        {topic.data?.materials.map((m) => (
          <Card key={m.id} size="small" style={{ marginBottom: 8 }} onClick={() => !m.done && setReading(m)} hoverable={!m.done}>
            <Tag>{materialKinds.label(m.kind as MaterialKind)}</Tag>
            {m.title}
            <div style={{ color: '#888' }}>{m.done ? `已学完，记${m.creditedHours}学时` : `${m.creditHours}学时 · 至少${Math.ceil(m.minSeconds / 60)}分钟${m.question ? ' · 有检测题' : ''}`}</div>
          </Card>
        ))}
      </Drawer>
      {reading && <Reader material={reading} onClose={() => setReading(null)} />}
    </div>
  );
}
