import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, Col, Form, InputNumber, Modal, Progress, Row, Select, Space, Statistic, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { planLines, type PlanLine } from '@xianfeng/shared';
import dayjs from 'dayjs';
import { errorMessage } from '../../../api/client.ts';
import { OrgTreeSelect } from '../../orgs/components/OrgTreeSelect.tsx';
import { usePlan, useSetTargets } from '../training.api.ts';

/** 「十百千万学习培训计划」: the year's count of each line from the records; the city's targets at the root. */
export default function TrainingPlanPage() {
  const { message } = App.useApp();
  const [year, setYear] = useState(dayjs().year());
  const [orgId, setOrgId] = useState<number | undefined>();
  const q = usePlan(year, orgId);
  const save = useSetTargets();
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<Record<PlanLine, number>>();
  const d = q.data;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Link to="/training">← 培训班</Link>
      <Card
        title={`${year}年“十百千万”学习培训计划${d ? `（${d.orgName}）` : ''}`}
        extra={
          <Space wrap>
            <OrgTreeSelect value={orgId} onChange={setOrgId} allowClear placeholder="统计范围（默认本组织）" style={{ width: 240 }} />
            <Select aria-label="年度" value={year} onChange={setYear} options={[0, -1, -2].map((n) => ({ value: dayjs().year() + n, label: `${dayjs().year() + n}年` }))} style={{ width: 100 }} />
            {d?.canConfigure && (
              <Button icon={<EditOutlined />} onClick={() => { form.setFieldsValue(Object.fromEntries(d.lines.map((l) => [l.line, l.target ?? 0]))); setEditing(true); }} disabled={d.lines[0]?.target === null}>
                设置年度目标
              </Button>
            )}
          </Space>
        }
      >
        {q.error && <Alert type="error" showIcon title={errorMessage(q.error)} />}
        {d && (
          <>
            <Row gutter={[16, 16]}>
              {d.lines.map((l) => (
                <Col xs={24} sm={12} xl={6} key={l.line}>
                  <Card size="small" title={l.label} data-testid={`plan-${l.line}`}>
                    <Statistic value={l.count} suffix={l.target !== null ? `/ ${l.target}` : undefined} />
                    {l.rate !== null && <Progress percent={l.rate} size="small" />}
                    <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
                      统计口径：{l.basis}
                    </Typography.Paragraph>
                  </Card>
                </Col>
              ))}
            </Row>
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              本年度培训班{d.classes}个，已结业{d.finished}个。{d.lines[0]?.target === null ? '年度目标为全市目标，在工委（根组织）统计时显示。' : ''}
            </Typography.Paragraph>
          </>
        )}
      </Card>
      <Modal
        title={`${year}年度目标`}
        open={editing}
        onCancel={() => setEditing(false)}
        confirmLoading={save.isPending}
        okText="保存"
        onOk={() => form.submit()}
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={async (v) => {
            try {
              await save.mutateAsync({ year, targets: v });
              message.success('年度目标已保存');
              setEditing(false);
            } catch (e) {
              message.error(errorMessage(e));
            }
          }}
        >
          {planLines.values.map((l) => (
            <Form.Item key={l} name={l} label={planLines.label(l)} rules={[{ required: true, message: '请填写目标' }]}>
              <InputNumber min={0} max={1000000} style={{ width: 160 }} />
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </Space>
  );
}
