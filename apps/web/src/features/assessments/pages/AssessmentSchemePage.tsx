import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Empty, Popconfirm, Select, Space, Spin, Tag, Typography } from 'antd';
import { CopyOutlined, PlusOutlined, SaveOutlined, SendOutlined, TrophyOutlined, UndoOutlined } from '@ant-design/icons';
import { localDate, schemeStatuses, type SchemeContent, type SchemeStatus } from '@xianfeng/shared';
import { ApiError, errorMessage } from '../../../api/client.ts';
import { formatDateTime } from '../../../lib/dates.ts';
import { SchemeEditor } from '../components/SchemeEditor.tsx';
import { useCreateScheme, useSaveScheme, useSchemeStep, useSchemeVersion, useSchemeYear, useScorers, type Scheme, type SchemeYear } from '../assessments.api.ts';

const statusColor: Record<SchemeStatus, string> = { draft: 'gold', published: 'green', superseded: 'default' };
export const StatusTag = ({ status }: { status: string }) => <Tag color={statusColor[status as SchemeStatus]}>{schemeStatuses.label(status as SchemeStatus)}</Tag>;

/** 考核方案: the year's scheme, its versions, and (for the committee) the draft's editor, 发布 and 修订. */
export default function AssessmentSchemePage() {
  const thisYear = Number(localDate(new Date()).slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [versionId, setVersionId] = useState<number | null>(null);
  const yearQ = useSchemeYear(year);
  const picked = useSchemeVersion(versionId);
  const y = yearQ.data;
  const scheme = versionId !== null ? picked.data : y?.current ?? undefined;
  const navigate = useNavigate();

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        每年度的考核方案按“2+1-1”督查考核法制定：“2”即党建重点督查和党组织书记述职评议，“+1”即创先争优，“-1”即党纪政务处分。方案先作为草稿编辑，发布后不再修改；需要调整时“修订”为新的草稿，发布后替代原版本，所有版本均保留。新年度的方案复制上一年度最新发布的方案。
      </Typography.Paragraph>
      <Card size="small">
        <Space wrap>
          <span>年度</span>
          <Select value={year} style={{ width: 110 }} aria-label="年度" onChange={(v) => { setYear(v); setVersionId(null); }}
            options={Array.from({ length: 6 }, (_, i) => thisYear + 1 - i).map((v) => ({ value: v, label: `${v}年` }))} />
          {y && y.versions.length > 0 && (
            <>
              <span>版本</span>
              <Select value={versionId ?? y.current?.id} style={{ width: 220 }} aria-label="版本" onChange={(v) => setVersionId(v === y.current?.id ? null : v)}
                options={y.versions.map((v) => ({ value: v.id, label: `第${v.version}版 · ${schemeStatuses.label(v.status as SchemeStatus)}` }))} />
            </>
          )}
          <Button icon={<TrophyOutlined />} onClick={() => navigate(`/assessments/${year}/round`)}>{year}年度考核</Button>
        </Space>
      </Card>
      {yearQ.error && <Alert type="error" showIcon title={errorMessage(yearQ.error)} />}
      {(yearQ.isLoading || (versionId !== null && picked.isLoading)) && <Spin style={{ display: 'block', margin: 48 }} />}
      {y && !scheme && !yearQ.isLoading && <NoScheme year={y} />}
      {y && scheme && <SchemeView key={`${scheme.id}-${scheme.updatedAt}`} scheme={scheme} canConfigure={y.canConfigure} onVersion={setVersionId} />}
    </Space>
  );
}

function NoScheme({ year }: { year: SchemeYear }) {
  const { message } = App.useApp();
  const create = useCreateScheme();
  return (
    <Card size="small">
      <Empty description={year.canConfigure ? `${year.year}年度还没有考核方案` : `${year.year}年度的考核方案尚未发布`}>
        {year.canCreate && (
          <Popconfirm title={`新建${year.year}年度考核方案？`} description="将复制上一年度最新发布的方案作为草稿；没有则从空白开始。" okText="新建" cancelText="取消"
            onConfirm={() => create.mutateAsync(year.year).then(() => message.success('已新建草稿'), (e) => message.error(errorMessage(e)))}>
            <Button type="primary" icon={<PlusOutlined />} loading={create.isPending}>新建方案</Button>
          </Popconfirm>
        )}
      </Empty>
    </Card>
  );
}

function SchemeView({ scheme, canConfigure, onVersion }: { scheme: Scheme; canConfigure: boolean; onVersion: (id: number | null) => void }) {
  const { message } = App.useApp();
  const [content, setContent] = useState<SchemeContent>(scheme.content as SchemeContent);
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<string[] | null>(null);
  const save = useSaveScheme();
  const step = useSchemeStep();
  const scorers = useScorers(canConfigure);
  const editable = scheme.abilities.edit;
  useEffect(() => setErrors(null), [scheme.id]);

  const fail = (e: unknown) => {
    const details = e instanceof ApiError ? e.fieldErrors.map((f) => f.message) : [];
    setErrors([errorMessage(e), ...details.filter((d) => d !== errorMessage(e))]);
  };
  const submit = () =>
    save.mutateAsync({ id: scheme.id, content }).then(() => { setDirty(false); setErrors(null); message.success('草稿已保存'); }, fail);
  const run = (s: 'publish' | 'revise') =>
    step.mutateAsync({ id: scheme.id, step: s }).then((r) => { setErrors(null); onVersion(null); message.success(s === 'publish' ? `第${r.version}版已发布` : `已修订为第${r.version}版草稿`); }, fail);

  const names = [...(scorers.data?.items ?? []), ...scheme.scorers].filter((s, i, all) => all.findIndex((x) => x.id === s.id) === i);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        size="small"
        title={<Space>{scheme.year}年度考核方案 · 第{scheme.version}版 <StatusTag status={scheme.status} /></Space>}
        extra={
          <Space wrap>
            {editable && (
              <>
                <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} disabled={!dirty} onClick={submit}>保存草稿</Button>
                <Button icon={<UndoOutlined />} disabled={!dirty} onClick={() => { setContent(scheme.content as SchemeContent); setDirty(false); setErrors(null); }}>还原</Button>
              </>
            )}
            {scheme.abilities.publish && (
              <Popconfirm title="发布后方案不能再修改，确定发布？" description={dirty ? '有未保存的修改，发布的是已保存的草稿。' : '本年度原已发布的版本将被替代。'} okText="发布" cancelText="取消" onConfirm={() => run('publish')}>
                <Button icon={<SendOutlined />} loading={step.isPending}>发布</Button>
              </Popconfirm>
            )}
            {scheme.abilities.revise && (
              <Popconfirm title="修订将复制本版本为新的草稿，确定修订？" description="草稿发布前，各单位仍看到本版本。" okText="修订" cancelText="取消" onConfirm={() => run('revise')}>
                <Button icon={<CopyOutlined />} loading={step.isPending}>修订</Button>
              </Popconfirm>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }} items={[
          { key: 'created', label: '创建', children: `${formatDateTime(scheme.createdAt)}${scheme.createdBy ? ` · ${scheme.createdBy}` : ''}` },
          { key: 'published', label: '发布', children: scheme.publishedAt ? `${formatDateTime(scheme.publishedAt)}${scheme.publishedBy ? ` · ${scheme.publishedBy}` : ''}` : '未发布' },
          { key: 'based', label: '来源', children: scheme.basedOn ? `复制自${scheme.basedOn.year}年度第${scheme.basedOn.version}版` : '空白新建' },
        ]} />
        {!editable && canConfigure && scheme.status !== 'draft' && <Typography.Text type="secondary">已发布的版本只读；需要调整请点“修订”。</Typography.Text>}
        {errors && <Alert style={{ marginTop: 8 }} type="error" showIcon title={errors[0]} description={errors.length > 1 ? errors.slice(1).join('；') : undefined} />}
      </Card>
      <SchemeEditor content={content} editable={editable} scorers={names} onChange={(c) => { setContent(c); setDirty(true); }} />
    </Space>
  );
}
