import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { answerText, difficulties, OPTION_LETTERS, paperKinds, partialCredits, questionTypes, ruleLabel, type PaperInput } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { applyServerErrors } from '../../../lib/forms.ts';
import { useArchivePaper, useCreatePaper, usePaperPreview, usePapers, useQuestions, type Paper } from '../exams.api.ts';

/** 试卷: the papers of the caller's subtree; a random paper is built from rules and previewed by seed. */
export default function PapersPage() {
  const [page, setPage] = useState(1);
  const list = usePapers({ page, pageSize: 20 });
  const bank = useQuestions({ pageSize: 1 });
  const archive = useArchivePaper();
  const { message, modal } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [previewing, setPreviewing] = useState<Paper | null>(null);
  const writable = bank.data?.writableOrgs ?? [];

  const askArchive = (p: Paper) =>
    modal.confirm({
      title: '删除试卷',
      content: `确定删除“${p.title}”？`,
      okText: '删除',
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await archive.mutateAsync(p.id);
          message.success('已删除');
        } catch (e) {
          message.error(errorMessage(e));
          throw e;
        }
      },
    });

  return (
    <Card
      title="试卷"
      extra={
        writable.length > 0 && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建随机试卷
          </Button>
        )
      }
    >
      {list.error && <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 12 }} />}
      <Table<Paper>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={{ current: page, pageSize: 20, total: list.data?.total, onChange: setPage, showTotal: (t) => `共 ${t} 份` }}
        columns={[
          { title: '试卷名称', dataIndex: 'title' },
          { title: '组卷方式', width: 100, render: (_, p) => <Tag color={p.kind === 'random' ? 'purple' : 'blue'}>{paperKinds.label(p.kind)}</Tag> },
          { title: '抽题规则', render: (_, p) => (p.kind === 'random' ? p.rules.map((r, i) => <div key={i}>{`${ruleLabel(r)} ${r.count}道×${r.score}分`}</div>) : '—') },
          { title: '题量', dataIndex: 'questionCount', width: 70 },
          { title: '总分', dataIndex: 'totalScore', width: 70 },
          { title: '所属组织', dataIndex: 'orgName', width: 180, ellipsis: true },
          {
            title: '操作',
            width: 130,
            render: (_, p) => (
              <Space size={4}>
                <Button size="small" onClick={() => setPreviewing(p)}>
                  预览
                </Button>
                {p.canEdit && (
                  <Button size="small" danger onClick={() => askArchive(p)}>
                    删除
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {creating && <RandomPaperModal writableOrgs={writable} onClose={() => setCreating(false)} />}
      {previewing && <PreviewModal paper={previewing} onClose={() => setPreviewing(null)} />}
    </Card>
  );
}

type RuleValues = { type: PaperInput['rules'][number]['type']; difficulty?: 'easy' | 'medium' | 'hard'; tag?: string; count: number; score: number };

function RandomPaperModal({ writableOrgs, onClose }: { writableOrgs: { id: number; name: string }[]; onClose: () => void }) {
  const { message } = App.useApp();
  const create = useCreatePaper();
  const [form] = Form.useForm<{ orgId: number; title: string; partialCredit: 'none' | 'half'; rules: RuleValues[] }>();
  const [shortfall, setShortfall] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    setShortfall(null);
    try {
      await create.mutateAsync({ orgId: v.orgId, title: v.title, kind: 'random', partialCredit: v.partialCredit, questions: [], rules: v.rules.map((r) => ({ ...r, difficulty: r.difficulty ?? null, tag: r.tag || null })) });
      message.success('已新建试卷');
      onClose();
    } catch (e) {
      const left = applyServerErrors(form, e, ['orgId', 'title']);
      if (left) setShortfall(left);
    }
  };
  return (
    <Modal title="新建随机试卷" open onCancel={onClose} onOk={submit} okText="保存" confirmLoading={create.isPending} width={820} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ orgId: writableOrgs[0]?.id, partialCredit: 'none', rules: [{ type: 'single', count: 10, score: 2 }, { type: 'judge', count: 10, score: 1 }] }}>
        <Space wrap>
          <Form.Item name="orgId" label="所属组织（从其题库及工委题库抽题）" rules={[{ required: true }]}>
            <Select style={{ width: 260 }} options={writableOrgs.map((o) => ({ value: o.id, label: o.name }))} />
          </Form.Item>
          <Form.Item name="title" label="试卷名称" rules={[{ required: true, whitespace: true, message: '请填写试卷名称' }]}>
            <Input style={{ width: 260 }} maxLength={100} />
          </Form.Item>
          <Form.Item name="partialCredit" label="多选题少选">
            <Radio.Group options={partialCredits.options} />
          </Form.Item>
        </Space>
        <Form.List name="rules">
          {(fields, { add, remove }) => (
            <Form.Item label="抽题规则（按顺序满足，每题至多抽一次）" required>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'type']} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
                    <Select style={{ width: 100 }} options={questionTypes.options} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'difficulty']} style={{ marginBottom: 8 }}>
                    <Select allowClear placeholder="任意难度" style={{ width: 110 }} options={difficulties.options} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'tag']} style={{ marginBottom: 8 }}>
                    <Input placeholder="标签（可选）" style={{ width: 120 }} maxLength={20} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'count']} rules={[{ required: true, message: '题量' }]} style={{ marginBottom: 8 }}>
                    <InputNumber min={1} max={200} precision={0} addonAfter="道" style={{ width: 110 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'score']} rules={[{ required: true, message: '分值' }]} style={{ marginBottom: 8 }}>
                    <InputNumber min={1} max={100} precision={0} addonAfter="分/题" style={{ width: 120 }} />
                  </Form.Item>
                  {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ type: 'single', count: 5, score: 2 })}>
                添加规则
              </Button>
            </Form.Item>
          )}
        </Form.List>
        {shortfall && <Alert type="error" showIcon title={shortfall} />}
      </Form>
    </Modal>
  );
}

function PreviewModal({ paper, onClose }: { paper: Paper; onClose: () => void }) {
  const [seed, setSeed] = useState(() => Math.floor(Math.random() * 1_000_000));
  const preview = usePaperPreview(paper.id, seed);
  return (
    <Modal title={`预览：${paper.title}`} open onCancel={onClose} footer={null} width={820} destroyOnHidden>
      <Space style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">抽题种子 {seed}（同一种子抽出的试卷相同）</Typography.Text>
        {paper.kind === 'random' && (
          <Button size="small" icon={<ReloadOutlined />} onClick={() => setSeed(Math.floor(Math.random() * 1_000_000))}>
            换一份
          </Button>
        )}
      </Space>
      {preview.error && <Alert type="error" showIcon title={errorMessage(preview.error)} />}
      {preview.data && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text strong>总分 {preview.data.totalScore} 分，共 {preview.data.questions.length} 题</Typography.Text>
          {preview.data.questions.map((q, i) => (
            <div key={q.questionId}>
              <div>
                {i + 1}. <Tag>{questionTypes.label(q.type)}</Tag>
                {q.stem}（{q.score}分）
              </div>
              {q.options.map((o, j) => (
                <div key={j} style={{ paddingLeft: 24 }}>
                  {OPTION_LETTERS[j]}. {o}
                </div>
              ))}
              <Typography.Text type="secondary" style={{ paddingLeft: 24 }}>
                答案：{answerText(q.type, q.answer)}
              </Typography.Text>
            </div>
          ))}
        </Space>
      )}
    </Modal>
  );
}
