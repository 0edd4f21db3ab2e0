import { useEffect, useState } from 'react';
import { Alert, App, Button, Checkbox, Empty, Form, Input, Modal, Select, Space, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { activityTypes } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { DOCUMENT_ACCEPT, documentRefusal } from '../../../lib/documents.ts';
import { useActivityList } from '../../activities/activities.api.ts';
import { itemFileUrl, useRectifications, useSubmitClosing, useUploadItemFile, type ListItem } from '../lists.api.ts';

type Values = { summary: string; activityIds: number[]; fileIds: number[]; rectificationIds: number[] };

const MAX_FILES = 30;
const sizeText = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/**
 * 申请销号: what was done; 佐证材料 uploaded to the item (those not yet with a pending or approved
 * request, checked by default); and the records the system already holds — approved activity
 * records and closed rectifications of the organisation (「最多报一次」: linked, not uploaded again).
 */
export function ClosingModal({ item, open, onClose }: { item: ListItem; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const submit = useSubmitClosing(item.id);
  const upload = useUploadItemFile(item.id);
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const records = useActivityList({ orgId: item.orgId, status: 'approved', from: `${item.year}-01-01`, page: 1, pageSize: 200 });
  const rectifications = useRectifications({ year: item.year, orgId: item.orgId, status: 'rectified', page: 1, pageSize: 200 }, open);
  const available = item.files.filter((f) => !f.attached);
  useEffect(() => {
    if (open) {
      setError(null);
      form.setFieldsValue({ summary: '', activityIds: [], fileIds: item.files.filter((f) => !f.attached).map((f) => f.id), rectificationIds: [] });
    }
    // Only when the dialog opens: later uploads add themselves to the choice.
  }, [open, form]);

  const options = (records.data?.items ?? []).map((a) => ({
    value: a.id,
    label: `${a.heldOn} ${a.types.map((t) => activityTypes.label(t)).join('、')}：${a.title}`,
  }));
  const rectificationOptions = (rectifications.data?.items ?? [])
    .filter((r) => r.id !== item.id)
    .map((r) => ({ value: r.id, label: `${r.orgName}：${r.title}（${r.inspectionTitle}）` }));

  const finish = (v: Values) => {
    setError(null);
    const fileIds = (v.fileIds ?? []).filter((id) => available.some((f) => f.id === id));
    submit.mutate(
      { summary: v.summary.trim(), activityIds: v.activityIds ?? [], fileIds, rectificationIds: v.rectificationIds ?? [] },
      {
        onSuccess: () => {
          message.success('销号申请已提交，待上级审核');
          onClose();
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  };

  return (
    <Modal title={`申请销号：${item.title}`} open={open} onCancel={onClose} onOk={() => form.submit()} okText="提交销号申请" okButtonProps={{ 'data-testid': 'closing-submit' }} confirmLoading={submit.isPending} width={680} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="closing-error" />}
      {item.evidenceRequired && <Alert type="info" showIcon title={`佐证要求：${item.evidenceRequired}`} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={finish} data-testid="closing-form">
        <Form.Item name="summary" label="完成情况" rules={[{ required: true, whitespace: true, message: '请填写完成情况' }, { max: 4000 }]}>
          <Input.TextArea rows={4} maxLength={4000} showCount placeholder="简述完成情况和取得的成效" data-testid="closing-summary" />
        </Form.Item>
        <Form.Item
          label={
            <Space size={12}>
              <span>佐证材料</span>
              <Upload
                accept={DOCUMENT_ACCEPT}
                multiple
                showUploadList={false}
                beforeUpload={(file) => {
                  const refusal = documentRefusal(file);
                  if (refusal) message.error(refusal);
                  return refusal ? Upload.LIST_IGNORE : true;
                }}
                customRequest={({ file, onSuccess, onError }) => {
                  const f = file as File;
                  upload.mutate(f, {
                    onSuccess: (r) => {
                      message.success(`已上传“${f.name}”`);
                      form.setFieldValue('fileIds', [...(form.getFieldValue('fileIds') ?? []), r.id]);
                      onSuccess?.(r);
                    },
                    onError: (e) => {
                      message.error(`“${f.name}”上传失败：${errorMessage(e)}`);
                      onError?.(e as Error);
                    },
                  });
                }}
              >
                <Button size="small" icon={<UploadOutlined />} loading={upload.isPending} disabled={item.files.length >= MAX_FILES} data-testid="closing-upload">
                  上传材料
                </Button>
              </Upload>
            </Space>
          }
          extra={<Typography.Text type="secondary">jpg/png/pdf/docx/xlsx，单个不超过20 MB，每项事项最多{MAX_FILES}个；勾选的材料随本次申请报送，报送后不能删除</Typography.Text>}
        >
          {available.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无未报送的材料" style={{ margin: '4px 0' }} />
          ) : (
            <Form.Item name="fileIds" noStyle>
              <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 4 }} data-testid="closing-files">
                {available.map((f) => (
                  <Checkbox key={f.id} value={f.id}>
                    <Typography.Link href={itemFileUrl(item.id, f.id)} target="_blank" rel="noopener" onClick={(e) => e.stopPropagation()}>
                      {f.fileName}
                    </Typography.Link>
                    <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                      {sizeText(f.size)}
                      {f.closingId ? ' · 曾随被退回的申请报送' : ''}
                    </Typography.Text>
                  </Checkbox>
                ))}
              </Checkbox.Group>
            </Form.Item>
          )}
        </Form.Item>
        <Form.Item
          name="activityIds"
          label="关联组织生活记录（已审核通过）"
          rules={[{ type: 'array', max: 20, message: '最多关联20条记录' }]}
          extra={<Typography.Text type="secondary">只列出本组织{item.year}年已审核通过的活动记录，作为销号依据，无需重复上传材料</Typography.Text>}
        >
          <Select
            mode="multiple"
            allowClear
            options={options}
            optionFilterProp="label"
            loading={records.isFetching}
            placeholder={records.data && !options.length ? '本组织暂无审核通过的活动记录' : '选择活动记录（可多选）'}
            notFoundContent="没有匹配的活动记录"
            data-testid="closing-activities"
          />
        </Form.Item>
        <Form.Item
          name="rectificationIds"
          label="关联已整改问题（督查发现、已验收）"
          rules={[{ type: 'array', max: 20, message: '最多关联20个问题' }]}
          extra={<Typography.Text type="secondary">只列出本组织及下级{item.year}年督查发现、验收为已整改的问题</Typography.Text>}
        >
          <Select
            mode="multiple"
            allowClear
            options={rectificationOptions}
            optionFilterProp="label"
            loading={rectifications.isFetching}
            placeholder={rectifications.data && !rectificationOptions.length ? '本组织暂无已整改的问题' : '选择已整改问题（可多选）'}
            notFoundContent="没有匹配的问题"
            data-testid="closing-rectifications"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
