import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Checkbox, Dropdown, Form, Input, Modal, Radio, Result, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, FileExcelOutlined, MinusCircleOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { answerText, difficulties, isChoice, MAX_OPTIONS, OPTION_LETTERS, questionTypes, type Difficulty, type QuestionInput, type QuestionType } from '@xianfeng/shared';
import { download, errorMessage } from '../../../api/client.ts';
import type { ImportResult } from '../../../api/types.ts';
import { ExcelUploadBox, ImportRejected } from '../../../components/ExcelUploadBox.tsx';
import { applyServerErrors } from '../../../lib/forms.ts';
import { useExcelUpload } from '../../../lib/useExcelUpload.ts';
import { OrgTreeSelect } from '../../orgs/components/OrgTreeSelect.tsx';
import { examKeys, useArchiveQuestion, useCreateQuestion, useQuestions, useUpdateQuestion, type Question, type QuestionList } from '../exams.api.ts';

type ImportOk = Extract<ImportResult, { ok: true }>;
const TYPE_COLOR: Record<QuestionType, string> = { single: 'blue', multiple: 'purple', judge: 'cyan', fill: 'orange', short: 'magenta' };
const DIFFICULTY_COLOR: Record<Difficulty, string> = { easy: 'green', medium: 'gold', hard: 'red' };

type FormValues = { orgId: number; type: QuestionType; stem: string; options: string[]; single?: string; multiple?: string[]; judge?: 'true' | 'false'; fill?: string[]; short?: string; tags: string[]; difficulty: Difficulty; explanation?: string };

/** The form's answer widgets → the API's answer key (EX-2). */
function answerOf(v: FormValues): string[] {
  switch (v.type) {
    case 'single':
      return v.single ? [v.single] : [];
    case 'multiple':
      return [...(v.multiple ?? [])].sort();
    case 'judge':
      return v.judge ? [v.judge] : [];
    case 'fill':
      return v.fill ?? [];
    case 'short':
      return v.short ? [v.short] : [];
  }
}

/** 题库: the questions of the caller's subtree and the committee's, filtered and paged on the server. */
export default function QuestionBankPage() {
  const [params, setParams] = useSearchParams();
  const query = {
    page: Number(params.get('page')) || 1,
    pageSize: 20,
    type: params.get('type') || undefined,
    difficulty: params.get('difficulty') || undefined,
    tag: params.get('tag') || undefined,
    q: params.get('q') || undefined,
    orgId: Number(params.get('orgId')) || undefined,
  };
  const list = useQuestions(query);
  const archive = useArchiveQuestion();
  const { message, modal } = App.useApp();
  const [editing, setEditing] = useState<Question | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const set = (next: Record<string, string | number | undefined>) => {
    const p: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...query, page: 1, pageSize: undefined, ...next })) if (v !== undefined && v !== '') p[k] = String(v);
    setParams(p);
  };
  const fail = (e: unknown) => message.error(errorMessage(e));
  const canWrite = !!list.data?.writableOrgs.length;
  const { page: _p, pageSize: _s, ...filters } = query;

  const askArchive = (q: Question) =>
    modal.confirm({
      title: '删除试题',
      content: `删除后不再出现在题库中；已用过它的试卷和答卷保留原题。确定删除“${q.stem.slice(0, 30)}”？`,
      okText: '删除',
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await archive.mutateAsync(q.id);
          message.success('已删除');
        } catch (e) {
          fail(e);
          throw e;
        }
      },
    });

  return (
    <Card
      title="题库"
      extra={
        <Space>
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'export', icon: <DownloadOutlined />, label: '导出试题（按当前筛选）', onClick: () => download('/exam-questions/export', filters, '题库.xlsx').catch(fail) },
                ...(canWrite
                  ? [
                      { key: 'template', icon: <DownloadOutlined />, label: '下载导入模板', onClick: () => download('/exam-questions/import/template', undefined, '试题导入模板.xlsx').catch(fail) },
                      { key: 'import', icon: <UploadOutlined />, label: '导入试题…', onClick: () => setImporting(true) },
                    ]
                  : []),
              ],
            }}
          >
            <Button icon={<FileExcelOutlined />}>Excel</Button>
          </Dropdown>
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              新增试题
            </Button>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder="题干关键词" defaultValue={query.q} onSearch={(q) => set({ q })} style={{ width: 200 }} />
        <Select allowClear placeholder="题型" value={query.type} options={questionTypes.options} onChange={(type) => set({ type })} style={{ width: 110 }} />
        <Select allowClear placeholder="难度" value={query.difficulty} options={difficulties.options} onChange={(difficulty) => set({ difficulty })} style={{ width: 90 }} />
        <Input.Search allowClear placeholder="标签" defaultValue={query.tag} onSearch={(tag) => set({ tag })} style={{ width: 140 }} />
        <OrgTreeSelect value={query.orgId} onChange={(orgId) => set({ orgId })} placeholder="全部题库" style={{ width: 240 }} />
      </Space>
      {list.error && <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 12 }} />}
      <Table<Question>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={{ current: query.page, pageSize: query.pageSize, total: list.data?.total, showTotal: (t) => `共 ${t} 题`, showSizeChanger: false, onChange: (page) => set({ page, ...filters }) }}
        expandable={{
          expandedRowRender: (q) => (
            <Space orientation="vertical" size={2}>
              {q.options.map((o, i) => (
                <span key={i}>
                  {OPTION_LETTERS[i]}. {o}
                </span>
              ))}
              <span>
                <Typography.Text strong>答案：</Typography.Text>
                {answerText(q.type, q.answer)}
              </span>
              {q.explanation && <Typography.Text type="secondary">解析：{q.explanation}</Typography.Text>}
            </Space>
          ),
        }}
        columns={[
          { title: '题型', width: 90, render: (_, q) => <Tag color={TYPE_COLOR[q.type]}>{questionTypes.label(q.type)}</Tag> },
          { title: '题干', dataIndex: 'stem', ellipsis: true },
          { title: '难度', width: 70, render: (_, q) => <Tag color={DIFFICULTY_COLOR[q.difficulty]}>{difficulties.label(q.difficulty)}</Tag> },
          { title: '标签', width: 160, render: (_, q) => q.tags.map((t) => <Tag key={t}>{t}</Tag>) },
          { title: '所属题库', dataIndex: 'orgName', width: 180, ellipsis: true },
          {
            title: '操作',
            width: 120,
            render: (_, q) =>
              q.canEdit && (
                <Space size={4}>
                  <Button size="small" onClick={() => setEditing(q)}>
                    修改
                  </Button>
                  <Button size="small" danger onClick={() => askArchive(q)}>
                    删除
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      {editing && list.data && <QuestionModal question={editing === 'new' ? null : editing} writableOrgs={list.data.writableOrgs} onClose={() => setEditing(null)} />}
      {list.data && <QuestionImportModal open={importing} writableOrgs={list.data.writableOrgs} onClose={() => setImporting(false)} />}
    </Card>
  );
}

function QuestionModal({ question, writableOrgs, onClose }: { question: Question | null; writableOrgs: QuestionList['writableOrgs']; onClose: () => void }) {
  const { message } = App.useApp();
  const create = useCreateQuestion();
  const update = useUpdateQuestion();
  const [form] = Form.useForm<FormValues>();
  const type = Form.useWatch('type', form) ?? question?.type ?? 'single';
  const options: string[] = Form.useWatch('options', form) ?? [];
  const letters = OPTION_LETTERS.slice(0, Math.max(options.length, 0));
  const initial: Partial<FormValues> = question
    ? {
        orgId: question.orgId,
        type: question.type,
        stem: question.stem,
        options: question.options,
        tags: question.tags,
        difficulty: question.difficulty,
        explanation: question.explanation ?? undefined,
        single: question.type === 'single' ? question.answer[0] : undefined,
        multiple: question.type === 'multiple' ? question.answer : undefined,
        judge: question.type === 'judge' ? (question.answer[0] as 'true' | 'false') : undefined,
        fill: question.type === 'fill' ? question.answer : undefined,
        short: question.type === 'short' ? question.answer[0] : undefined,
      }
    : { orgId: writableOrgs[0]?.id, type: 'single', options: ['', '', '', ''], tags: [], difficulty: 'medium' };

  const submit = async () => {
    const v = await form.validateFields();
    const input: QuestionInput = {
      orgId: v.orgId,
      type: v.type,
      stem: v.stem,
      options: isChoice(v.type) ? (v.options ?? []) : [],
      answer: answerOf(v),
      tags: v.tags ?? [],
      difficulty: v.difficulty,
      explanation: v.explanation || null,
    };
    try {
      if (question) await update.mutateAsync({ id: question.id, input });
      else await create.mutateAsync(input);
      message.success(question ? '已保存' : '已新增');
      onClose();
    } catch (e) {
      const left = applyServerErrors(form, e, ['orgId', 'type', 'stem', 'options', 'tags', 'difficulty', 'explanation']);
      if (left) message.error(left);
    }
  };

  return (
    <Modal title={question ? '修改试题' : '新增试题'} open onCancel={onClose} onOk={submit} okText="保存" confirmLoading={create.isPending || update.isPending} width={720} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={initial}>
        <Space wrap>
          <Form.Item name="orgId" label="所属题库" rules={[{ required: true, message: '请选择题库' }]}>
            <Select style={{ width: 240 }} options={writableOrgs.map((o) => ({ value: o.id, label: o.name }))} />
          </Form.Item>
          <Form.Item name="type" label="题型" rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={questionTypes.options} />
          </Form.Item>
          <Form.Item name="difficulty" label="难度" rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={difficulties.options} />
          </Form.Item>
        </Space>
        <Form.Item name="stem" label="题干" rules={[{ required: true, message: '请填写题干' }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
        {isChoice(type) && (
          <Form.List name="options">
            {(fields, { add, remove }) => (
              <Form.Item label="选项" required>
                {fields.map((f, i) => (
                  <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                    <span style={{ width: 16 }}>{OPTION_LETTERS[i]}</span>
                    <Form.Item name={f.name} rules={[{ required: true, whitespace: true, message: '请填写选项' }]} style={{ marginBottom: 8, width: 560 }}>
                      <Input maxLength={500} />
                    </Form.Item>
                    {fields.length > 2 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                  </Space>
                ))}
                {fields.length < MAX_OPTIONS && (
                  <Button type="dashed" onClick={() => add('')} icon={<PlusOutlined />}>
                    添加选项
                  </Button>
                )}
              </Form.Item>
            )}
          </Form.List>
        )}
        {type === 'single' && (
          <Form.Item name="single" label="正确答案" rules={[{ required: true, message: '请选择正确答案' }]}>
            <Radio.Group options={letters.map((l) => ({ value: l, label: l }))} />
          </Form.Item>
        )}
        {type === 'multiple' && (
          <Form.Item name="multiple" label="正确答案（至少2个）" rules={[{ required: true, type: 'array', min: 2, message: '多选题至少有2个正确答案' }]}>
            <Checkbox.Group options={letters.map((l) => ({ value: l, label: l }))} />
          </Form.Item>
        )}
        {type === 'judge' && (
          <Form.Item name="judge" label="正确答案" rules={[{ required: true, message: '请选择' }]}>
            <Radio.Group options={[{ value: 'true', label: '正确' }, { value: 'false', label: '错误' }]} />
          </Form.Item>
        )}
        {type === 'fill' && (
          <Form.Item name="fill" label="标准答案（可填多种写法，答对其一即得分）" rules={[{ required: true, message: '请填写标准答案' }]}>
            <Select mode="tags" open={false} placeholder="输入后回车" />
          </Form.Item>
        )}
        {type === 'short' && (
          <Form.Item name="short" label="参考答案（人工评分时参考）" rules={[{ required: true, message: '请填写参考答案' }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
        <Form.Item name="tags" label="标签">
          <Select mode="tags" open={false} placeholder="输入后回车，最多10个" maxCount={10} />
        </Form.Item>
        <Form.Item name="explanation" label="解析">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function QuestionImportModal({ open, writableOrgs, onClose }: { open: boolean; writableOrgs: QuestionList['writableOrgs']; onClose: () => void }) {
  const qc = useQueryClient();
  const [orgId, setOrgId] = useState<number | undefined>(writableOrgs[0]?.id);
  const { file, setFile, busy, outcome: result, error, reset, start } = useExcelUpload<ImportOk>(`/exam-questions/import?orgId=${orgId ?? ''}`, () => qc.invalidateQueries({ queryKey: examKeys.all }));
  return (
    <Modal title="导入试题" open={open} onCancel={onClose} afterOpenChange={(o) => !o && reset()} footer={null} width={720} destroyOnHidden>
      {!result && (
        <Space orientation="vertical" style={{ width: '100%' }} size={12}>
          <Typography.Text type="secondary">
            Excel：请使用“下载导入模板”得到的表格填写。Word（.docx）：每题以“1．”这样的题号开头，可在题干中注明【单选题】等题型或用“一、单选题”分节，选项以“A．”开头（可写在同一行），另起一行写“答案：B”，可加“难度：易/中/难”“标签：”“解析：”。全部校验无误才导入，否则列出每一处错误，不导入任何试题。
          </Typography.Text>
          <Space>
            <span>导入到</span>
            <Select value={orgId} onChange={setOrgId} style={{ width: 260 }} options={writableOrgs.map((o) => ({ value: o.id, label: o.name }))} />
          </Space>
          {error && <Alert type="error" showIcon title={error} />}
          <ExcelUploadBox file={file} setFile={setFile} busy={busy} onStart={start} accept=".xlsx,.docx" dropText="点击或将试题表格（.xlsx）或 Word 试题（.docx）拖到此处" />
        </Space>
      )}
      {result?.ok && <Result status="success" title="导入成功" subTitle={`共导入 ${result.result.created} 道试题。`} extra={<Button onClick={onClose}>关闭</Button>} />}
      {result && !result.ok && <ImportRejected errors={result.errors} onRetry={reset} rowTitle={file && /\.docx$/i.test(file.name) ? '题序' : '行号'} />}
    </Modal>
  );
}
