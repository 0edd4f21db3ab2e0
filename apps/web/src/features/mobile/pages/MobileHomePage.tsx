import { useState, type ReactNode } from 'react';
import { Alert, Button, Drawer, Empty, Progress, Skeleton, Tag } from 'antd';
import { CalendarOutlined, CheckCircleFilled, EnvironmentOutlined, ScanOutlined, TeamOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { activityStatuses, activityTypes, attendanceStatuses } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { beijing } from '../../../lib/dates.ts';
import { PARTY_RED } from '../../../app/theme.ts';
import { useCurrentSession } from '../../auth/session.ts';
import { useMyActivities, type MyActivity } from '../mobile.api.ts';

const HISTORY_STEP = 20;

/** 5月20日 周三 14:30–16:00 */
export function timeRange(a: Pick<MyActivity, 'startsAt' | 'endsAt'>) {
  const s = beijing(a.startsAt)!;
  const e = beijing(a.endsAt)!;
  return `${s.format('M月D日 ddd HH:mm')}–${e.isSame(s, 'day') ? e.format('HH:mm') : e.format('M月D日 HH:mm')}`;
}

/** The server opens sign-in 30 minutes before the start and closes it 30 minutes after the end. */
const signInOpen = (a: Pick<MyActivity, 'startsAt' | 'endsAt'>) => {
  const now = Date.now();
  return now >= Date.parse(a.startsAt) - 30 * 60_000 && now <= Date.parse(a.endsAt) + 30 * 60_000;
};

const ATTENDANCE_COLOR = { present: 'success', leave: 'warning', absent: 'error' } as const;

function Section({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <section style={{ marginTop: 16 }}>
      <div style={{ display: 'flex', alignItems: 'baseline', margin: '0 4px 8px' }}>
        <h2 style={{ fontSize: 16, margin: 0, flex: 1 }}>{title}</h2>
        {extra}
      </div>
      {children}
    </section>
  );
}

const box = { background: '#fff', borderRadius: 8, padding: '12px 14px', boxShadow: '0 1px 2px rgba(0,0,0,0.04)' } as const;

function UpcomingCard({ a }: { a: MyActivity }) {
  return (
    <div style={{ ...box, marginBottom: 8 }} data-testid="m-upcoming">
      <div style={{ fontSize: 15, fontWeight: 600, lineHeight: 1.4 }}>{a.title}</div>
      <div style={{ color: '#595959', fontSize: 13, marginTop: 6, lineHeight: 1.8 }}>
        <div>
          <CalendarOutlined /> {timeRange(a)}
        </div>
        {a.place && (
          <div>
            <EnvironmentOutlined /> {a.place}
          </div>
        )}
        <div>
          <TeamOutlined /> {a.orgName}
        </div>
      </div>
      <div style={{ marginTop: 6, display: 'flex', flexWrap: 'wrap', gap: 4 }}>
        {a.types.map((t) => (
          <Tag key={t} color="red" style={{ marginInlineEnd: 0 }}>
            {activityTypes.label(t)}
          </Tag>
        ))}
        {signInOpen(a) && !a.signedInAt && (
          <Tag color="processing" icon={<ScanOutlined />} style={{ marginInlineEnd: 0 }}>
            签到进行中
          </Tag>
        )}
        {a.status === 'planned' && <Tag style={{ marginInlineEnd: 0 }}>{activityStatuses.label('planned')}</Tag>}
        {a.signedInAt && a.pending ? (
          <Tag color="warning" style={{ marginInlineEnd: 0 }}>
            签到待确认
          </Tag>
        ) : a.signedInAt ? (
          <Tag color="success" icon={<CheckCircleFilled />} style={{ marginInlineEnd: 0 }}>
            已签到 {beijing(a.signedInAt)?.format('HH:mm')}
          </Tag>
        ) : a.attendance === 'leave' ? (
          <Tag color="warning" style={{ marginInlineEnd: 0 }}>
            已请假
          </Tag>
        ) : null}
      </div>
    </div>
  );
}

function HistoryRow({ a }: { a: MyActivity }) {
  const status = a.attendance;
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 10, padding: '10px 0', borderBottom: '1px solid #f5f5f5' }} data-testid="m-history">
      <div style={{ width: 44, textAlign: 'center', flex: 'none', color: '#8c8c8c', lineHeight: 1.2 }}>
        <div style={{ fontSize: 18, color: '#262626' }}>{dayjs(a.heldOn).format('D')}</div>
        <div style={{ fontSize: 11 }}>{dayjs(a.heldOn).format('YYYY.M')}</div>
      </div>
      <div style={{ flex: 1, minWidth: 0 }}>
        <div style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{a.title}</div>
        <div style={{ fontSize: 12, color: '#8c8c8c', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
          {a.types.map((t) => activityTypes.label(t)).join('、')} · {a.orgName}
        </div>
      </div>
      <div style={{ flex: 'none', display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: 2 }}>
        {status ? <Tag color={ATTENDANCE_COLOR[status]} style={{ marginInlineEnd: 0 }}>{attendanceStatuses.label(status)}</Tag> : <Tag style={{ marginInlineEnd: 0 }}>未登记</Tag>}
        {(a.kind === 'invited' || a.status !== 'approved') && (
          <span style={{ fontSize: 11, color: '#8c8c8c' }}>{[a.kind === 'invited' ? '列席' : '', a.status !== 'approved' ? `${activityStatuses.label(a.status)}，未计入` : ''].filter(Boolean).join(' · ')}</span>
        )}
      </div>
    </div>
  );
}

/** 我的组织生活: what is coming, the sign-in entry, what I attended and my rate this year. */
export default function MobileHomePage() {
  const session = useCurrentSession();
  const my = useMyActivities();
  const [howTo, setHowTo] = useState(false);
  const [shown, setShown] = useState(HISTORY_STEP);
  const name = session.user.displayName || session.user.username;
  const d = my.data;

  return (
    <div data-testid="mobile-home">
      <div
        style={{
          background: `linear-gradient(150deg, ${PARTY_RED} 0%, #8c1010 100%)`,
          color: '#fff',
          borderRadius: 10,
          padding: '14px 16px',
          display: 'flex',
          alignItems: 'center',
          gap: 12,
        }}
      >
        <div style={{ flex: 1, minWidth: 0 }}>
          <div style={{ fontSize: 15 }}>{name}，您好</div>
          <div style={{ fontSize: 12, opacity: 0.85, marginTop: 4 }}>
            {d ? (d.expected ? `${d.year}年应参加 ${d.expected} 次，出席 ${d.present} 次` : `${d.year}年还没有已审核的活动记录`) : '正在加载…'}
          </div>
        </div>
        <div style={{ textAlign: 'center', flex: 'none' }} data-testid="m-rate">
          <Progress
            type="circle"
            size={68}
            status="normal"
            percent={d?.rate != null ? Math.round(d.rate * 100) : 0}
            format={() => (d?.rate != null ? `${Math.round(d.rate * 100)}%` : '—')}
            strokeColor="#ffd666"
            railColor="rgba(255,255,255,0.25)"
            styles={{ indicator: { color: '#fff', fontSize: 16 } }}
          />
          <div style={{ fontSize: 12, marginTop: 2, opacity: 0.9 }}>本年出勤率</div>
        </div>
      </div>

      <button
        type="button"
        onClick={() => setHowTo(true)}
        data-testid="m-scan"
        style={{
          ...box,
          width: '100%',
          marginTop: 12,
          border: `1px solid #ffccc7`,
          display: 'flex',
          alignItems: 'center',
          gap: 14,
          padding: '16px 16px',
          cursor: 'pointer',
          textAlign: 'left',
          font: 'inherit',
        }}
      >
        <span style={{ width: 56, height: 56, borderRadius: 12, background: PARTY_RED, color: '#fff', display: 'grid', placeItems: 'center', flex: 'none' }}>
          <ScanOutlined style={{ fontSize: 30 }} />
        </span>
        <span style={{ flex: 1, minWidth: 0 }}>
          <span style={{ display: 'block', fontSize: 20, fontWeight: 600, color: PARTY_RED }}>扫码签到</span>
          <span style={{ display: 'block', fontSize: 13, color: '#595959', marginTop: 2 }}>到会后，用手机相机或微信“扫一扫”扫描会场的签到二维码</span>
        </span>
      </button>

      {my.error && <Alert type="error" showIcon title={errorMessage(my.error)} style={{ marginTop: 12 }} />}

      <Section title="近期活动">
        {my.isLoading ? (
          <div style={box}>
            <Skeleton active paragraph={{ rows: 2 }} />
          </div>
        ) : d?.upcoming.length ? (
          d.upcoming.map((a) => <UpcomingCard key={a.id} a={a} />)
        ) : (
          <div style={box}>
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="近期没有安排的活动" style={{ margin: '8px 0' }} />
          </div>
        )}
      </Section>

      <Section title="参加记录" extra={d?.history.length ? <span style={{ fontSize: 12, color: '#8c8c8c' }}>最近 {d.history.length} 次</span> : null}>
        <div style={{ ...box, paddingBlock: 2 }}>
          {my.isLoading ? (
            <Skeleton active paragraph={{ rows: 3 }} style={{ padding: '10px 0' }} />
          ) : d?.history.length ? (
            <>
              {d.history.slice(0, shown).map((a) => (
                <HistoryRow key={a.id} a={a} />
              ))}
              {d.history.length > shown && (
                <Button type="link" block onClick={() => setShown(shown + HISTORY_STEP)}>
                  显示更多
                </Button>
              )}
            </>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有参加记录" style={{ margin: '16px 0' }} />
          )}
        </div>
      </Section>
      <div style={{ textAlign: 'center', color: '#bfbfbf', fontSize: 12, margin: '20px 0 8px' }}>出勤率只统计已审核通过的活动</div>

      <Drawer placement="bottom" open={howTo} onClose={() => setHowTo(false)} title="扫码签到" size={480} styles={{ body: { paddingTop: 8 } }}>
        <ol style={{ paddingLeft: 20, lineHeight: 2, margin: 0, fontSize: 14 }} data-testid="m-scan-help">
          <li>签到在活动开始前30分钟开放，到活动结束后30分钟截止。</li>
          <li>打开手机相机，或微信右上角“+”中的“扫一扫”。</li>
          <li>对准会场大屏或桌牌上的签到二维码，打开识别出的链接。</li>
          <li>页面显示“签到成功”即完成；未登录时会先请您登录。</li>
        </ol>
        <Alert type="info" showIcon style={{ marginTop: 12 }} title="不在本组织名单中的党员扫码签到，将记为列席人员。" />
        <Button type="primary" block size="large" style={{ marginTop: 16 }} onClick={() => setHowTo(false)}>
          知道了
        </Button>
      </Drawer>
    </div>
  );
}
