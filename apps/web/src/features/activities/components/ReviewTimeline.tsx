import { Card, Empty, Timeline, Typography } from 'antd';
import type { ReviewEntry } from '../activity.types.ts';
import { reviewActionLabels } from '../activity-labels.tsx';
import { formatTime } from '../activity-time.ts';

// Hex colours: antd's named 'blue' follows the theme's primary colour, which is party red here.
const COLOR: Record<string, string> = { submit: '#1677ff', approve: '#389e0d', return: '#cf1322', reopen: '#d48806' };

/** 审核记录: every submit, approval, return and reopening, oldest first. */
export function ReviewTimeline({ reviews }: { reviews: ReviewEntry[] }) {
  return (
    <Card size="small" title="审核记录">
      {reviews.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未提交审核" style={{ margin: '8px 0' }} />
      ) : (
        <Timeline
          style={{ marginTop: 8, marginBottom: -16 }}
          items={reviews.map((r) => ({
            key: r.id,
            color: COLOR[r.action] ?? 'gray',
            content: (
              <div>
                <Typography.Text strong>{reviewActionLabels[r.action] ?? r.action}</Typography.Text>
                <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                  {r.by ?? '—'} · {formatTime(r.at)}
                </Typography.Text>
                {r.comment && <div style={{ whiteSpace: 'pre-wrap', marginTop: 2 }}>{r.comment}</div>}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
