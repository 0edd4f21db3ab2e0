import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { DEFAULT_COMPLIANCE_THRESHOLD, DEFAULT_HONOUR_RULES, DEFAULT_PUBLICITY_DAYS, HONOUR_KIND_TARGET, campaignStatuses, honourKinds, honourTargets, type CampaignStatus, type HonourKind } from '@xianfeng/shared';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { errorMessage } from '../../../api/client.ts';
import { fromDay } from '../../../lib/dates.ts';
import { useCampaigns, useCreateCampaign, type CampaignList } from '../honours.api.ts';

export const STATUS_COLOR: Record<CampaignStatus, string> = { draft: 'default', nominating: 'processing', reviewing: 'gold', publicity: 'orange', named: 'success', cancelled: 'default' };

type FormValues = {
  year: number;
  kind: HonourKind;
  title: string;
  period: [Dayjs, Dayjs];
  quota: number;
  publicityDays: number;
  objectionContact: string;
  discipline: boolean;
  compliance: boolean;
  complianceAdvisory: boolean;
  threshold: number;
  redCard: boolean;
};

/** 创先争优: the year's campaigns; the committee creates them (catalogue kind, quota, rules, 公示 length). */
export default function HonoursPage() {
  const { message } = App.useApp();
  const [year, setYear] = useState(dayjs().year());
  const list = useCampaigns(year);
  const create = useCreateCampaign();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<FormValues>();

  async function submit(v: FormValues) {
    try {
      const c = await create.mutateAsync({
        year: v.year,
        kind: v.kind,
        title: v.title,
        periodFrom: fromDay(v.period[0])!,
        periodTo: fromDay(v.period[1])!,
        quota: v.quota,
        publicityDays: v.publicityDays,
        objectionContact: v.objectionContact,
        rules: { discipline: { enabled: v.discipline, advisory: false }, compliance: { enabled: v.compliance, advisory: v.complianceAdvisory, threshold: v.threshold }, red_card: { enabled: v.redCard, advisory: false } },
      });
      message.success(`已新建评选“${c.title}”`);
      setOpen(false);
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  type Row = CampaignList['items'][number];
  return (
    <Card
      title="创先争优"
      extra={
        <Space>
          <Select value={year} onChange={setYear} options={[0, 1, 2].map((d) => ({ value: dayjs().year() - d + 1, label: `${dayjs().year() - d + 1}年` }))} style={{ width: 100 }} />
          {list.data?.canConfigure && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => { form.resetFields(); setOpen(true); }}>
              新建评选
            </Button>
          )}
        </Space>
      }
    >
      <Table<Row>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={false}
        locale={{ emptyText: '本年度暂无评选活动' }}
        columns={[
          { title: '评选活动', dataIndex: 'title', render: (t: string, r) => <Link to={`/honours/${r.id}`}>{t}</Link> },
          { title: '荣誉种类', dataIndex: 'kind', render: (k: HonourKind) => honourKinds.label(k) },
          { title: '对象', dataIndex: 'target', render: (t: 'org' | 'member') => honourTargets.label(t) },
          { title: '每单位名额', dataIndex: 'quota', width: 100 },
          { title: '状态', dataIndex: 'status', render: (s: CampaignStatus) => <Tag color={STATUS_COLOR[s]}>{campaignStatuses.label(s)}</Tag> },
          { title: '公示期', render: (_, r) => (r.publicityFrom ? `${r.publicityFrom} 至 ${r.publicityUntil}` : '—') },
          { title: '推荐', render: (_, r) => `待审${r.counts.submitted} · 通过${r.counts.approved} · 未通过${r.counts.rejected} · 命名${r.counts.named}` },
        ]}
      />
      <Modal title="新建评选" open={open} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending} width={640} destroyOnHidden>
        <Form<FormValues>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{
            year,
            period: [dayjs(`${year}-01-01`), dayjs(`${year}-12-31`)],
            quota: 2,
            publicityDays: DEFAULT_PUBLICITY_DAYS,
            discipline: DEFAULT_HONOUR_RULES.discipline.enabled,
            compliance: DEFAULT_HONOUR_RULES.compliance.enabled,
            complianceAdvisory: DEFAULT_HONOUR_RULES.compliance.advisory,
            threshold: DEFAULT_COMPLIANCE_THRESHOLD,
            redCard: DEFAULT_HONOUR_RULES.red_card.enabled,
          }}
        >
          <Space>
            <Form.Item name="year" label="年度" rules={[{ required: true }]}>
              <InputNumber min={2000} max={2100} />
            </Form.Item>
            <Form.Item name="kind" label="荣誉种类" rules={[{ required: true, message: '请选择荣誉种类' }]}>
              <Select
                style={{ width: 260 }}
                options={honourKinds.values.map((k) => ({ value: k, label: `${honourKinds.label(k)}（${honourTargets.label(HONOUR_KIND_TARGET[k])}）` }))}
                onChange={(k: HonourKind) => form.setFieldValue('title', `${form.getFieldValue('year')}年度${honourKinds.label(k)}评选`)}
              />
            </Form.Item>
          </Space>
          <Form.Item name="title" label="评选活动名称" rules={[{ required: true, message: '请填写名称' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="period" label="评选期间（资格审查的时段）" rules={[{ required: true }]}>
            <DatePicker.RangePicker />
          </Form.Item>
          <Space>
            <Form.Item name="quota" label="每单位推荐名额">
              <InputNumber min={1} max={100} />
            </Form.Item>
            <Form.Item name="publicityDays" label="公示期（工作日）" tooltip="按工作日历计算（本地做法，默认5个工作日）">
              <InputNumber min={1} max={30} />
            </Form.Item>
          </Space>
          <Form.Item name="objectionContact" label="异议受理方式（公示页面显示）" rules={[{ required: true, message: '请填写异议受理方式' }]}>
            <Input.TextArea rows={2} maxLength={300} placeholder="如：市直机关工委组织部，电话……，地址……" />
          </Form.Item>
          <Card size="small" title="资格条件">
            <Space wrap size="large">
              <Form.Item name="discipline" label="评选期间无影响期内的处分（刚性）" valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item name="redCard" label="当年未被亮红牌（刚性）" valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item name="compliance" label="组织生活落实率" valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item name="threshold" label="落实率不低于（%）">
                <InputNumber min={0} max={100} />
              </Form.Item>
              <Form.Item name="complianceAdvisory" label="落实率仅作参考" valuePropName="checked" tooltip="参考：不符合时仍可推荐，由工委审核决定">
                <Switch />
              </Form.Item>
            </Space>
          </Card>
        </Form>
      </Modal>
    </Card>
  );
}
