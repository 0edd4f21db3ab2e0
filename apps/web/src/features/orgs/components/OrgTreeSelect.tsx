import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import { orgTypes, type OrgType } from '@xianfeng/shared';
import type { Org } from '../../../api/types.ts';
import { useOrgList } from '../orgs.api.ts';
import { buildOrgTree, type OrgTreeNode } from '../org-tree.ts';

type Props = {
  value?: number | null;
  onChange?: (value: number | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  /** Orgs that may be picked; others are shown (to keep the tree) but disabled. */
  selectable?: (org: Org) => boolean;
  /** Orgs left out entirely, with their subtree (e.g. the org being moved). */
  exclude?: (org: Org) => boolean;
  style?: React.CSSProperties;
  id?: string;
  disabled?: boolean;
  'data-testid'?: string;
};

type TreeData = { value: number; title: string; label: string; disabled: boolean; children: TreeData[] };

function toTreeData(nodes: OrgTreeNode[], selectable: (o: Org) => boolean, exclude: (o: Org) => boolean): TreeData[] {
  return nodes
    .filter((n) => !exclude(n.org))
    .map((n) => ({
      value: n.org.id,
      title: `${n.org.name}（${orgTypes.label(n.org.type as OrgType)}）`,
      label: n.org.name,
      disabled: !selectable(n.org),
      children: toTreeData(n.children, selectable, exclude),
    }));
}

/** A searchable organisation picker over the caller's visible tree. */
export function OrgTreeSelect({ value, onChange, placeholder = '选择党组织', allowClear = true, selectable, exclude, style, id, disabled, ...rest }: Props) {
  const { data: orgs = [], isLoading } = useOrgList();
  const treeData = useMemo(
    () => toTreeData(buildOrgTree(orgs), selectable ?? (() => true), exclude ?? (() => false)),
    [orgs, selectable, exclude],
  );
  return (
    <TreeSelect<number>
      id={id}
      data-testid={rest['data-testid']}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? undefined)}
      treeData={treeData}
      placeholder={placeholder}
      allowClear={allowClear}
      loading={isLoading}
      disabled={disabled}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeNodeLabelProp="label"
      treeDefaultExpandedKeys={treeData.map((t) => t.value)}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 420, minWidth: 320 } } }}
      style={{ width: '100%', ...style }}
      listHeight={360}
    />
  );
}
