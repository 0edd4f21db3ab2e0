import { Alert, Space, Spin, Typography } from 'antd';
import { errorMessage } from '../../../api/client.ts';
import { useSupervisionSettings } from '../supervision-settings.api.ts';
import { SettingsEditor } from '../components/SettingsEditor.tsx';
import { SettingsHistory } from '../components/SettingsHistory.tsx';
import { WorkCalendarCard } from '../components/WorkCalendarCard.tsx';

/** 督查设置: the light thresholds and the escalation ladder (versioned), and the work calendar. */
export default function SupervisionSettingsPage() {
  const settings = useSupervisionSettings();
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        亮灯按序时进度自动计算：滞后达到黄灯、红灯百分点，或启动后长期未推进、已过截止日期时亮灯；临近截止日期亮蓝灯。督办阶梯按截止日期前后的工作日（或自然日）生成提醒、催办、告诫、约谈、问责。以上均为本地做法，由工委设置；每次修改保存为新版本，自生效日期起适用，已亮的灯按当时的设置判断。
      </Typography.Paragraph>
      {settings.error && <Alert type="error" showIcon title={errorMessage(settings.error)} />}
      {settings.isLoading && <Spin style={{ display: 'block', margin: 48 }} />}
      {settings.data && <SettingsEditor key={settings.dataUpdatedAt} settings={settings.data} />}
      {settings.data && <SettingsHistory settings={settings.data} />}
      <WorkCalendarCard />
    </Space>
  );
}
