import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Card, Col, Descriptions, Empty, Result, Row, Space, Spin, Statistic, Tag, Typography } from 'antd';
import { ApartmentOutlined, DeleteOutlined, DragOutlined, EditOutlined, MergeCellsOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { orgTypes, type OrgType } from '@xianfeng/shared';
import type { Org, OrgDetail, OrgWarning } from '../../../api/types.ts';
import { errorMessage } from '../../../api/client.ts';
import { dash } from '../../../lib/dates.ts';
import { useOrg, useOrgList } from '../orgs.api.ts';
import { CommitteeCard, committeeSummary } from './CommitteeCard.tsx';
import { OrgFormModal } from './OrgFormModal.tsx';
import { OrgDissolveModal, OrgMergeModal, OrgMoveModal } from './OrgActionModals.tsx';

const LEVEL_TO_ALERT: Record<OrgWarning['level'], 'info' | 'warning' | 'error'> = { info: 'info', warning: 'warning', error: 'error' };
const LEVEL_TEXT: Record<OrgWarning['level'], string> = { info: '提示', warning: '提醒', error: '问题' };

type Dialog = 'create' | 'edit' | 'move' | 'merge' | 'dissolve' | null;

type Props = { orgId?: number; canReadMembers: boolean; onSelect: (id: number) => void };

/** Right side of 组织管理: facts, rule warnings, 班子 and the actions the server allows. */
/** The go-live date that applies (GO-1) and where it comes from. */
function goLiveText(org: OrgDetail) {
  const g = org.goLive;
  if (!g) return '未设置（暂不考核）';
  if (g.source === 'own') return g.on;
  return `${g.on}（沿用${g.source === 'city' ? '全市' : (g.fromOrgName ?? '上级组织')}）`;
}

export function OrgDetailPanel({ orgId, canReadMembers, onSelect }: Props) {
  const { data: org, isLoading, error } = useOrg(orgId);
  // The list counts members placed directly in each organisation; the detail's facts count the subtree.
  const { data: list } = useOrgList();
  const direct = list?.find((o) => o.id === orgId)?.memberCount;
  const [dialog, setDialog] = useState<Dialog>(null);
  const navigate = useNavigate();
  if (!orgId) return <Card><Empty description="请在左侧选择组织" /></Card>;
  if (isLoading) return <Card><Spin style={{ display: 'block', margin: 48 }} /></Card>;
  if (error || !org) return <Card><Result status="warning" title="无法加载该组织" subTitle={errorMessage(error)} /></Card>;

  const a = org.abilities;
  const close = () => setDialog(null);
  const closeAndSelect = (o?: Org) => {
    setDialog(null);
    if (o) onSelect(o.id);
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        size="small"
        title={
          <Space>
            <ApartmentOutlined />
            <span data-testid="org-title">{org.name}</span>
            <Tag color="red" data-testid="org-type">{orgTypes.label(org.type as OrgType)}</Tag>
            {org.dissolvedOn && <Tag>已于{org.dissolvedOn}撤销</Tag>}
          </Space>
        }
        extra={
          <Space wrap size={6}>
            {canReadMembers && (
              <Button size="small" icon={<TeamOutlined />} onClick={() => navigate(`/members?orgId=${org.id}`)}>
                查看党员
              </Button>
            )}
            {a.createChild && (
              <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setDialog('create')}>
                新建下级组织
              </Button>
            )}
            {a.edit && (
              <Button size="small" icon={<EditOutlined />} onClick={() => setDialog('edit')}>
                编辑
              </Button>
            )}
            {a.move && (
              <Button size="small" icon={<DragOutlined />} onClick={() => setDialog('move')}>
                移动
              </Button>
            )}
            {a.dissolve && (
              <Button size="small" icon={<MergeCellsOutlined />} onClick={() => setDialog('merge')}>
                合并
              </Button>
            )}
            {a.dissolve && (
              <Button size="small" danger icon={<DeleteOutlined />} onClick={() => setDialog('dissolve')}>
                撤销
              </Button>
            )}
          </Space>
        }
      >
        <Warnings warnings={org.warnings} />
        <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
          <Col xs={12} md={6}><Statistic title="党员（含下级）" value={org.facts.subtreeMembers} suffix="名" /></Col>
          <Col xs={12} md={6}><Statistic title="其中正式党员" value={org.facts.fullMembers} suffix="名" /></Col>
          <Col xs={12} md={6}><Statistic title="直属本组织" value={direct ?? '—'} suffix={direct === undefined ? undefined : '名'} /></Col>
          <Col xs={12} md={6}><Statistic title="在任班子成员" value={org.facts.committeeSize} suffix="人" /></Col>
        </Row>
        <OrgDescriptions org={org} />
      </Card>
      <CommitteeCard org={org} canOpenMembers={canReadMembers} />
      {a.createChild && <OrgFormModal mode="create" org={org} open={dialog === 'create'} onClose={close} onSaved={closeAndSelect} />}
      {a.edit && <OrgFormModal mode="edit" org={org} open={dialog === 'edit'} onClose={close} onSaved={() => close()} />}
      {a.move && <OrgMoveModal org={org} open={dialog === 'move'} onClose={close} onDone={close} />}
      {a.dissolve && <OrgMergeModal org={org} open={dialog === 'merge'} onClose={close} onDone={close} />}
      {a.dissolve && <OrgDissolveModal org={org} open={dialog === 'dissolve'} onClose={close} onDone={close} />}
    </Space>
  );
}

function Warnings({ warnings }: { warnings: OrgWarning[] }) {
  if (!warnings.length) return null;
  return (
    <Space orientation="vertical" size={6} style={{ width: '100%', marginBottom: 12 }} data-testid="org-warnings">
      {warnings.map((w) => (
        <Alert
          key={`${w.rule}-${w.message}`}
          type={LEVEL_TO_ALERT[w.level]}
          showIcon
          title={
            <span>
              <Tag color={w.level === 'error' ? 'red' : w.level === 'warning' ? 'orange' : 'blue'}>{w.rule}</Tag>
              <Typography.Text strong>{LEVEL_TEXT[w.level]}：</Typography.Text>
              {w.message}
            </span>
          }
        />
      ))}
    </Space>
  );
}

function OrgDescriptions({ org }: { org: OrgDetail }) {
  const term = org.termStart || org.termEnd ? `${dash(org.termStart)} 至 ${dash(org.termEnd)}` : '—';
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, sm: 2, md: 2, lg: 3, xl: 3, xxl: 3 }}
      items={[
        { key: 'id', label: '组织编号', children: org.id },
        { key: 'unit', label: '所属单位', children: dash(org.unitName) },
        { key: 'founded', label: '成立日期', children: org.foundedOn ?? '不详' },
        { key: 'goLive', label: '启用日期', children: goLiveText(org) },
        { key: 'term', label: '本届任期', children: term, span: 2 },
        { key: 'secretary', label: '书记', children: committeeSummary(org) },
        { key: 'contact', label: '联系人', children: dash(org.contact) },
        { key: 'phone', label: '联系电话', children: dash(org.contactPhone) },
        ...(org.dissolvedOn ? [{ key: 'dissolved', label: '撤销日期', children: org.dissolvedOn }] : []),
      ]}
    />
  );
}
