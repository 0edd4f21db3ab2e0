import { Card, Table, Tag } from 'antd';
import { formatDateTime, today } from '../../../lib/dates.ts';
import type { SettingsVersion, SupervisionSettings } from '../supervision-settings.api.ts';
import { offsetText } from './SettingsEditor.tsx';

/** Every saved version, the latest effective first; the one in force today is marked. */
export function SettingsHistory({ settings }: { settings: SupervisionSettings }) {
  const now = today();
  return (
    <Card size="small" title="版本记录">
      <Table<SettingsVersion>
        size="small"
        rowKey={(v) => String(v.version)}
        dataSource={settings.history}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: '尚未修改，使用系统默认设置' }}
        columns={[
          {
            title: '版本',
            render: (_, v) => (
              <>
                第{v.version}版 {v.version === settings.current.version && <Tag color="green">当前生效</Tag>}
                {v.effectiveFrom && v.effectiveFrom > now && <Tag color="blue">待生效</Tag>}
              </>
            ),
          },
          { title: '生效日期', dataIndex: 'effectiveFrom' },
          { title: '亮灯阈值', render: (_, v) => `黄灯≥${v.thresholds.yellowGap}、红灯≥${v.thresholds.redGap}个百分点；未推进${v.thresholds.idleRedDays}天红灯；截止前${v.thresholds.blueDays}天蓝灯` },
          { title: '督办阶梯', render: (_, v) => v.ladder.map((s) => `${s.label}（${offsetText(s)}）`).join(' → ') },
          { title: '修改人', dataIndex: 'createdBy', render: (v: string | null) => v ?? '—' },
          { title: '保存时间', dataIndex: 'createdAt', render: (v: string | null) => formatDateTime(v) },
        ]}
      />
    </Card>
  );
}
