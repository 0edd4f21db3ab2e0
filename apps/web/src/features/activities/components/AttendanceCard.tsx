import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Input, Popconfirm, Radio, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { CheckOutlined, DeleteOutlined, UndoOutlined, UserAddOutlined } from '@ant-design/icons';
import { attendanceStatuses, attendeeKinds, type AttendanceStatus } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { MemberPicker } from '../../members/components/MemberPicker.tsx';
import { useSetAttendance } from '../activities.api.ts';
import type { ActivityDetail, Attendee } from '../activity.types.ts';
import { AttendanceTag } from '../activity-labels.tsx';
import { PendingSignIns } from './PendingSignIns.tsx';
import { formatTime } from '../activity-time.ts';
import '../activities.css';

type Entry = { status: AttendanceStatus; reason: string; dualLife: boolean };
type Draft = Record<number, Entry>;

const entryOf = (a: Attendee): Entry => ({ status: a.status, reason: a.reason ?? '', dualLife: a.dualLife });
const same = (x: Entry, y: Entry) => x.status === y.status && x.dualLife === y.dualLife && (x.status === 'present' || x.reason.trim() === y.reason.trim());

/**
 * 出勤登记: the roster on the day (应到) and invited members (列席), each present, on leave (with a
 * reason) or absent, and whether a leading cadre attended as an ordinary member (双重组织生活).
 * Members who scanned the meeting's code are already marked present.
 */
export function AttendanceCard({ activity }: { activity: ActivityDetail }) {
  const editable = activity.abilities.edit;
  const save = useSetAttendance(activity.id);
  const { message } = App.useApp();
  const [draft, setDraft] = useState<Draft>({});
  const [error, setError] = useState<string | null>(null);
  const [invitee, setInvitee] = useState<number | undefined>();
  // Pending sign-ins are answered in PendingSignIns, not edited in this table.
  const listed = useMemo(() => activity.attendance.filter((a) => !a.pending), [activity.attendance]);
  const byId = useMemo(() => new Map(listed.map((a) => [a.memberId, a])), [listed]);
  const rows = useMemo(() => [...listed].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'expected' ? -1 : 1)), [listed]);
  const isAssembly = activity.types.includes('branch_assembly');

  // A fresh answer from the server (saved, or someone signed in meanwhile) updates the rows it
  // changed; unsaved edits of the other rows stay.
  const previous = useRef<Map<number, Attendee>>(new Map());
  useEffect(() => {
    const before = previous.current;
    setDraft((d) => {
      const next: Draft = {};
      for (const a of activity.attendance) {
        const old = before.get(a.memberId);
        next[a.memberId] = d[a.memberId] && old && same(entryOf(old), entryOf(a)) ? d[a.memberId] : entryOf(a);
      }
      return next;
    });
    previous.current = new Map(activity.attendance.map((a) => [a.memberId, a]));
  }, [activity.attendance]);

  const changed = rows.filter((a) => draft[a.memberId] && !same(draft[a.memberId], entryOf(a)));
  const missingReason = rows.filter((a) => draft[a.memberId]?.status === 'leave' && !draft[a.memberId].reason.trim());
  const set = (id: number, patch: Partial<Entry>) => setDraft((d) => ({ ...d, [id]: { ...d[id], ...patch } }));

  const entries = () =>
    changed.map((a) => {
      const e = draft[a.memberId];
      return { memberId: a.memberId, status: e.status, ...(e.status !== 'present' && e.reason.trim() ? { reason: e.reason.trim() } : {}), dualLife: e.dualLife };
    });

  const put = (invitedMemberIds: number[] | undefined, done: string, after?: () => void) => {
    if (missingReason.length) {
      setError(`请填写请假原因：${missingReason.map((a) => a.memberName).join('、')}`);
      return;
    }
    setError(null);
    save.mutate(
      { entries: entries().filter((e) => !invitedMemberIds || byId.get(e.memberId)?.kind === 'expected' || invitedMemberIds.includes(e.memberId)), ...(invitedMemberIds ? { invitedMemberIds } : {}) },
      {
        onSuccess: () => {
          message.success(done);
          after?.();
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  };

  const invitedIds = listed.filter((a) => a.kind === 'invited').map((a) => a.memberId);
  const addInvitee = () => {
    if (!invitee) return;
    if (byId.has(invitee)) {
      message.info('该党员已在本次活动名单中');
      return;
    }
    put([...invitedIds, invitee], '已添加列席人员', () => setInvitee(undefined));
  };
  const removeInvitee = (id: number) => put(invitedIds.filter((m) => m !== id), '已移除列席人员');

  const allPresent = () =>
    setDraft((d) => Object.fromEntries(Object.entries(d).map(([id, e]) => [id, e.status === 'absent' ? { ...e, status: 'present' as const } : e])));

  const s = activity.attendanceSummary;
  const upcoming = Date.parse(activity.startsAt) > Date.now();
  const rate = s.expected ? Math.round((s.present / s.expected) * 100) : null;

  const columns: TableProps<Attendee>['columns'] = [
    { title: '序号', key: 'no', width: 52, render: (_, __, i) => i + 1 },
    { title: '姓名', dataIndex: 'memberName', width: 96, ellipsis: true },
    {
      title: '身份',
      key: 'kind',
      width: 120,
      render: (_, a) => (
        <Space size={2} wrap>
          <Tag color={a.kind === 'invited' ? 'blue' : 'default'} style={{ marginInlineEnd: 2 }}>
            {attendeeKinds.label(a.kind)}
          </Tag>
          {isAssembly && a.kind === 'expected' && !a.voter && (
            <Tooltip title="预备党员没有表决权">
              <Tag color="gold">无表决权</Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: '出勤',
      key: 'status',
      width: editable ? 176 : 80,
      render: (_, a) =>
        editable && draft[a.memberId] ? (
          <Radio.Group
            size="small"
            optionType="button"
            buttonStyle="solid"
            className={`xf-att xf-att-${upcoming && draft[a.memberId].status === 'absent' ? 'pending' : draft[a.memberId].status}`}
            value={draft[a.memberId].status}
            onChange={(e) => set(a.memberId, { status: e.target.value as AttendanceStatus })}
            options={attendanceStatuses.options}
            aria-label={`${a.memberName}的出勤`}
          />
        ) : (
          <AttendanceTag status={a.status} />
        ),
    },
    {
      title: '请假/缺席原因',
      key: 'reason',
      render: (_, a) => {
        const e = draft[a.memberId];
        if (!editable || !e) return a.reason || <Typography.Text type="secondary">—</Typography.Text>;
        if (e.status === 'present') return <Typography.Text type="secondary">—</Typography.Text>;
        return (
          <Input
            size="small"
            value={e.reason}
            maxLength={200}
            status={e.status === 'leave' && !e.reason.trim() ? 'error' : undefined}
            placeholder={e.status === 'leave' ? '请假须填写原因' : '可填写缺席原因'}
            onChange={(ev) => set(a.memberId, { reason: ev.target.value.replace(/[<>]/g, '') })}
            aria-label={`${a.memberName}的原因`}
          />
        );
      },
    },
    {
      title: (
        <Tooltip title="党员领导干部以普通党员身份参加所在支部的组织生活">
          <span>双重组织生活</span>
        </Tooltip>
      ),
      key: 'dualLife',
      width: 104,
      align: 'center',
      render: (_, a) =>
        editable && draft[a.memberId] ? (
          <Checkbox checked={draft[a.memberId].dualLife} onChange={(e) => set(a.memberId, { dualLife: e.target.checked })} aria-label={`${a.memberName}双重组织生活`} />
        ) : a.dualLife ? (
          <Tag color="purple">是</Tag>
        ) : (
          ''
        ),
    },
    { title: '扫码签到', dataIndex: 'signedInAt', width: 124, render: (v: string | null) => (v ? formatTime(v) : <Typography.Text type="secondary">—</Typography.Text>) },
  ];
  if (editable) {
    columns.push({
      title: '',
      key: 'remove',
      width: 44,
      render: (_, a) =>
        a.kind === 'invited' ? (
          <Popconfirm title={`从名单中移除列席人员“${a.memberName}”？`} onConfirm={() => removeInvitee(a.memberId)} okText="移除">
            <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={`移除${a.memberName}`} />
          </Popconfirm>
        ) : null,
    });
  }

  return (
    <Card
      size="small"
      title={
        <Space wrap size={12}>
          <span>{upcoming ? '参加人员' : '出勤情况'}</span>
          {upcoming ? (
            <Typography.Text style={{ fontWeight: 'normal' }} data-testid="attendance-summary">
              应参加 <b>{s.expected}</b> 人{s.leave > 0 && <>，已请假 <b style={{ color: '#d48806' }}>{s.leave}</b> 人</>}
              {s.invited > 0 && <>，列席 {s.invited}</>}
              <Typography.Text type="secondary">（活动尚未举行：可先登记请假，举行后登记出勤）</Typography.Text>
            </Typography.Text>
          ) : (
            <Typography.Text style={{ fontWeight: 'normal' }} data-testid="attendance-summary">
              应到 <b>{s.expected}</b> 人，出席 <b style={{ color: '#389e0d' }}>{s.present}</b>，请假 <b style={{ color: '#d48806' }}>{s.leave}</b>，缺席{' '}
              <b style={{ color: '#cf1322' }}>{s.absent}</b>
              {s.invited > 0 && <>，列席 {s.invited}</>}
              {rate !== null && <>（出席率 {rate}%）</>}
            </Typography.Text>
          )}
        </Space>
      }
      extra={
        editable && (
          <Space>
            {!upcoming && (
              <Tooltip title="把“缺席”的人员改为“出席”；请假人员不变">
                <Button size="small" onClick={allPresent} disabled={!rows.length}>
                  缺席改为出席
                </Button>
              </Tooltip>
            )}
            <Button size="small" icon={<UndoOutlined />} disabled={!changed.length} onClick={() => setDraft(Object.fromEntries(activity.attendance.map((a) => [a.memberId, entryOf(a)])))}>
              撤销修改
            </Button>
            <Button size="small" type="primary" icon={<CheckOutlined />} disabled={!changed.length} loading={save.isPending} onClick={() => put(undefined, '出勤已保存')} data-testid="save-attendance">
              保存出勤{changed.length ? `（${changed.length}）` : ''}
            </Button>
          </Space>
        )
      }
    >
      <PendingSignIns activity={activity} />
      {error && <Alert type="error" showIcon title={error} closable={{ onClose: () => setError(null) }} style={{ marginBottom: 8 }} />}
      {editable && changed.length > 0 && <Alert type="info" showIcon title={`有 ${changed.length} 人的出勤已修改，尚未保存`} style={{ marginBottom: 8 }} />}
      <Table<Attendee>
        size="small"
        rowKey="memberId"
        columns={columns}
        dataSource={rows}
        pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false, size: 'small', showTotal: (t) => `共 ${t} 人` } : false}
        locale={{ emptyText: '名单为空' }}
        scroll={{ x: 820, y: 440 }}
        data-testid="attendance-table"
      />
      {editable && (
        <Space style={{ marginTop: 8 }} wrap>
          <Typography.Text>添加列席人员：</Typography.Text>
          <div style={{ width: 280 }}>
            <MemberPicker value={invitee} onChange={setInvitee} placeholder="输入姓名搜索（可跨组织）" />
          </div>
          <Button icon={<UserAddOutlined />} disabled={!invitee} loading={save.isPending} onClick={addInvitee}>
            添加列席
          </Button>
          {changed.length > 0 && <Typography.Text type="secondary">（同时保存已修改的出勤）</Typography.Text>}
        </Space>
      )}
    </Card>
  );
}
