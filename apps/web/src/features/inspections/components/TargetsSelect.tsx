import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import { orgTypes, type OrgType } from '@xianfeng/shared';
import { useOrgList } from '../../orgs/orgs.api.ts';
import { buildOrgTree, type OrgTreeNode } from '../../orgs/org-tree.ts';

type TreeData = { value: number; title: string; children: TreeData[] };
const toTree = (nodes: OrgTreeNode[]): TreeData[] =>
  nodes.map((n) => ({ value: n.org.id, title: `${n.org.name}（${orgTypes.label(n.org.type as OrgType)}）`, children: toTree(n.children.filter((c) => c.org.type !== 'party_group')) }));

/** 督查对象: several organisations from the tree (usually the units directly below the committee). */
export function TargetsSelect({ value, onChange, id }: { value?: number[]; onChange?: (v: number[]) => void; id?: string }) {
  const { data: orgs, isLoading } = useOrgList();
  const treeData = useMemo(() => (orgs ? toTree(buildOrgTree(orgs)) : []), [orgs]);
  return (
    <TreeSelect
      id={id}
      multiple
      value={value}
      onChange={onChange}
      treeData={treeData}
      loading={isLoading}
      treeDefaultExpandAll={false}
      treeNodeFilterProp="title"
      showSearch
      placeholder="选择督查对象（一般为各单位机关党委）"
      style={{ width: '100%' }}
      maxTagCount={8}
    />
  );
}
