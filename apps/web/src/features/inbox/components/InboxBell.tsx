import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Badge, Button, Empty, Popover, Spin, Tag, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { formatDateTime } from '../../../lib/dates.ts';
import { noticeKind, useInboxBadge, useMarkAllRead, useMarkRead, type Notice } from '../inbox.api.ts';

/** Opens a notice: marks it read, then follows its link (or the inbox when it has none). */
export function useOpenNotice() {
  const navigate = useNavigate();
  const markRead = useMarkRead();
  return (n: Notice, fallback = '/inbox') => {
    if (!n.readAt) markRead.mutate(n.id);
    const to = n.link && n.link.startsWith('/') && !n.link.startsWith('//') ? n.link : fallback;
    navigate(to);
  };
}

/** The header bell: unread count, the latest unread notices, a way to the inbox. */
export function InboxBell() {
  const badge = useInboxBadge();
  const location = useLocation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const openNotice = useOpenNotice();
  const markAll = useMarkAllRead();

  // Moving between pages is activity anyway: ask again then, if the count is more than a minute old.
  const { isStale, refetch } = badge;
  useEffect(() => {
    if (isStale) void refetch();
  }, [location.pathname]); // only on navigation

  const unread = badge.data?.unread ?? 0;
  const items = badge.data?.items ?? [];

  const content = (
    <div style={{ width: 340 }} data-testid="inbox-popover">
      <div style={{ display: 'flex', alignItems: 'center', padding: '4px 0 8px', borderBottom: '1px solid #f0f0f0' }}>
        <b style={{ flex: 1 }}>消息通知{unread ? `（${unread} 条未读）` : ''}</b>
        {unread > 0 && (
          <Button type="link" size="small" loading={markAll.isPending} onClick={() => markAll.mutate()}>
            全部标为已读
          </Button>
        )}
      </div>
      {badge.isLoading ? (
        <Spin style={{ display: 'block', margin: 24 }} />
      ) : badge.error ? (
        <Typography.Text type="secondary" style={{ display: 'block', padding: 16 }}>
          暂时无法获取消息
        </Typography.Text>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有未读消息" style={{ margin: '16px 0' }} />
      ) : (
        <div style={{ maxHeight: 360, overflow: 'auto' }}>
          {items.map((n) => (
            <div
              key={n.id}
              role="button"
              tabIndex={0}
              onClick={() => {
                setOpen(false);
                openNotice(n);
              }}
              onKeyDown={(e) => e.key === 'Enter' && (setOpen(false), openNotice(n))}
              style={{ padding: '8px 4px', borderBottom: '1px solid #f5f5f5', cursor: 'pointer' }}
            >
              <div style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
                <Tag color={noticeKind(n.kind).color} style={{ marginInlineEnd: 0 }}>
                  {noticeKind(n.kind).label}
                </Tag>
                <span style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontWeight: 500 }}>{n.title}</span>
              </div>
              <div style={{ fontSize: 12, color: '#8c8c8c', marginTop: 2, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{n.body}</div>
              <div style={{ fontSize: 11, color: '#bfbfbf' }}>{formatDateTime(n.createdAt)}</div>
            </div>
          ))}
        </div>
      )}
      <div style={{ textAlign: 'center', paddingTop: 8 }}>
        <Button
          type="link"
          size="small"
          onClick={() => {
            setOpen(false);
            navigate('/inbox');
          }}
        >
          查看全部消息
        </Button>
      </div>
    </div>
  );

  return (
    <Popover content={content} trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight" arrow={false}>
      <Button type="text" aria-label={unread ? `消息通知，${unread} 条未读` : '消息通知'} data-testid="inbox-bell" style={{ color: '#fff', paddingInline: 8 }}>
        <Badge count={unread} size="small" overflowCount={99} offset={[2, -2]}>
          <BellOutlined style={{ color: '#fff', fontSize: 17 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
