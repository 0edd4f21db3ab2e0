import { useEffect } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Radio, Space, Table, Tag } from 'antd';
import { checkResults, type CheckResult } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { fromDay, toDay, todayDay } from '../../../lib/dates.ts';
import { applyServerErrors } from '../../../lib/forms.ts';
import { useCan } from '../../auth/session.ts';
import { useChecklist, useRecordChecklist, type InspectionChecklist } from '../inspections.api.ts';
import { TargetFindings } from '../components/TargetFindings.tsx';
import { InspectionStatusTag, TargetStatusTag } from '../inspection-labels.tsx';
import type { Dayjs } from 'dayjs';

type Values = { visitedOn?: Dayjs; summary: string; results: Record<string, { result?: CheckResult; note?: string }> };

/** A target's checklist: the system's facts first (系统数据), then each item's result, the visit day and a summary. */
export default function ChecklistPage() {
  const params = useParams();
  const id = Number(params.id);
  const orgId = Number(params.orgId);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const can = useCan();
  const q = useChecklist(id, orgId);
  const save = useRecordChecklist(id, orgId);
  const [form] = Form.useForm<Values>();
  const c = q.data;

  useEffect(() => {
    if (!c) return;
    form.setFieldsValue({
      visitedOn: toDay(c.visitedOn) ?? todayDay(),
      summary: c.summary ?? '',
      results: Object.fromEntries(c.checklist.map((i) => {
        const r = c.results.find((x) => x.key === i.key);
        return [i.key, { result: r?.result, note: r?.note ?? undefined }];
      })),
    });
  }, [c, form]);

  if (q.error) return <Card>{errorMessage(q.error)}</Card>;
  if (!c) return <Card loading />;
  // 工委 (督查组) records findings while the inspection is under way, and after it is done.
  const canRecordFinding = can('supervision.configure') && (c.inspectionStatus === 'in_progress' || c.inspectionStatus === 'done');
  const factOf = (key: string | null) => c.facts.find((f) => f.key === key);

  const submit = async () => {
    const v = await form.validateFields();
    try {
      await save.mutateAsync({
        visitedOn: fromDay(v.visitedOn)!,
        summary: v.summary,
        results: c.checklist.map((i) => ({ key: i.key, result: v.results[i.key]?.result as CheckResult, note: v.results[i.key]?.note || null })),
      });
      message.success('检查结果已保存');
    } catch (e) {
      const left = applyServerErrors(form, e, ['visitedOn', 'summary']);
      if (left) message.error(left);
    }
  };

  type Item = InspectionChecklist['checklist'][number];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        title={`${c.orgName} · 检查清单`}
        extra={<Button onClick={() => navigate(`/inspections/${id}`)}>返回督查</Button>}
      >
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label="督查">{c.inspectionTitle}</Descriptions.Item>
          <Descriptions.Item label="督查状态">
            <InspectionStatusTag status={c.inspectionStatus} />
          </Descriptions.Item>
          <Descriptions.Item label="本单位">
            <TargetStatusTag status={c.status} />
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="系统数据" size="small" extra={<span style={{ color: '#888' }}>{c.status === 'recorded' ? `登记时快照（截至 ${c.factsAsOf}）` : `截至 ${c.factsAsOf}，由系统记录自动计算`}</span>}>
        <Descriptions size="small" column={1} bordered>
          {c.facts.map((f) => (
            <Descriptions.Item key={f.key} label={f.label}>
              {f.summary}
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Card>
      <Card title="检查项" size="small">
        {!c.canRecord && c.status === 'pending' && <Alert type="info" showIcon style={{ marginBottom: 12 }} title="督查开始后由工委督查组登记检查结果" />}
        <Form form={form} layout="vertical" disabled={!c.canRecord}>
          <Table<Item>
            rowKey="key"
            dataSource={c.checklist}
            pagination={false}
            columns={[
              { title: '序号', width: 60, render: (_, __, i) => i + 1 },
              {
                title: '检查项',
                render: (_, i) => (
                  <div>
                    <div>{i.label}</div>
                    {factOf(i.fact) && (
                      <Tag color="blue" style={{ marginTop: 4, whiteSpace: 'normal' }}>
                        系统数据：{factOf(i.fact)!.summary}
                      </Tag>
                    )}
                  </div>
                ),
              },
              {
                title: '结果',
                width: 260,
                render: (_, i) => (
                  <Form.Item name={['results', i.key, 'result']} rules={[{ required: true, message: '请选择结果' }]} style={{ margin: 0 }}>
                    <Radio.Group options={checkResults.options} />
                  </Form.Item>
                ),
              },
              {
                title: '说明',
                width: 280,
                render: (_, i) => (
                  <Form.Item name={['results', i.key, 'note']} style={{ margin: 0 }} dependencies={[['results', i.key, 'result']]}
                    rules={[({ getFieldValue }) => ({ validator: (_r, v) => (getFieldValue(['results', i.key, 'result']) === 'problem' && !v ? Promise.reject(new Error('存在问题，请填写问题说明')) : Promise.resolve()) })]}>
                    <Input.TextArea autoSize maxLength={500} placeholder="存在问题时必填" />
                  </Form.Item>
                ),
              },
            ]}
          />
          <Form.Item name="visitedOn" label="检查日期" rules={[{ required: true, message: '请选择检查日期' }]} style={{ marginTop: 16 }}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="summary" label="检查小结" rules={[{ required: true, message: '请填写检查小结' }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
          {c.canRecord && (
            <Button type="primary" onClick={submit} loading={save.isPending}>
              保存检查结果
            </Button>
          )}
        </Form>
      </Card>
      <TargetFindings inspectionId={id} year={c.year} org={{ id: c.orgId, name: c.orgName }} canRecord={canRecordFinding} />
    </Space>
  );
}
