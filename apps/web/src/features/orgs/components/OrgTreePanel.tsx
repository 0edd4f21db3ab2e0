import { useEffect, useMemo, useRef, useState } from 'react';
import { Card, Checkbox, Empty, Input, Space, Spin, Tree, Typography } from 'antd';
import { orgTypes, type OrgType } from '@xianfeng/shared';
import type { Org } from '../../../api/types.ts';
import { ancestorIds, buildOrgTree, matchingWithAncestors, type OrgTreeNode } from '../org-tree.ts';

type Props = {
  orgs: Org[];
  loading: boolean;
  selectedId?: number;
  onSelect: (id: number) => void;
  includeDissolved: boolean;
  onIncludeDissolvedChange: (v: boolean) => void;
  height: number;
  extra?: React.ReactNode;
};

type Node = { key: number; title: React.ReactNode; children: Node[] };

function Title({ org, keyword }: { org: Org; keyword: string }) {
  const i = keyword ? org.name.indexOf(keyword) : -1;
  const name =
    i >= 0 ? (
      <>
        {org.name.slice(0, i)}
        <span style={{ color: '#c41d1d', fontWeight: 600 }}>{keyword}</span>
        {org.name.slice(i + keyword.length)}
      </>
    ) : (
      org.name
    );
  return (
    <span style={{ color: org.dissolvedOn ? '#aaa' : undefined }} title={`${org.name}（${orgTypes.label(org.type as OrgType)}）`}>
      {name}
      <Typography.Text type="secondary" style={{ fontSize: 11, marginLeft: 4 }}>
        {org.dissolvedOn ? '已撤销' : orgTypes.label(org.type as OrgType)}
      </Typography.Text>
    </span>
  );
}

/** Whether the selected row is rendered and inside the tree's viewport. */
function isSelectedInView(): boolean {
  const row = document.querySelector('.xf-org-tree .ant-tree-treenode-selected');
  const holder = document.querySelector('.xf-org-tree .ant-tree-list-holder');
  if (!row || !holder) return false;
  const r = row.getBoundingClientRect();
  const h = holder.getBoundingClientRect();
  return r.top >= h.top && r.bottom <= h.bottom;
}

function toNodes(nodes: OrgTreeNode[], keyword: string, visible: Set<number> | null): Node[] {
  return nodes
    .filter((n) => !visible || visible.has(n.org.id))
    .map((n) => ({ key: n.org.id, title: <Title org={n.org} keyword={keyword} />, children: toNodes(n.children, keyword, visible) }));
}

/** Left side of 组织管理: the searchable tree of what the caller may see. */
export function OrgTreePanel({ orgs, loading, selectedId, onSelect, includeDissolved, onIncludeDissolvedChange, height, extra }: Props) {
  const [keyword, setKeyword] = useState('');
  const [expanded, setExpanded] = useState<number[] | null>(null);
  const tree = useMemo(() => buildOrgTree(orgs), [orgs]);
  const search = useMemo(() => (keyword ? matchingWithAncestors(orgs, keyword) : null), [orgs, keyword]);
  const treeData = useMemo(() => toNodes(tree, keyword, search?.visible ?? null), [tree, keyword, search]);
  // Roots and their children open by default; while searching every match is open.
  const defaultExpanded = useMemo(() => tree.map((n) => n.org.id), [tree]);
  const expandedKeys = search ? [...search.visible] : (expanded ?? defaultExpanded);
  const treeRef = useRef<{ scrollTo: (o: { key: number; align?: 'top' | 'bottom' | 'auto'; offset?: number }) => void }>(null);

  // The selected organisation (from the address, or just created) is opened up …
  useEffect(() => {
    if (!selectedId || !orgs.length) return;
    const ancestors = ancestorIds(orgs, selectedId);
    setExpanded((prev) => {
      const base = prev ?? defaultExpanded;
      const missing = ancestors.filter((a) => !base.includes(a));
      return missing.length ? [...base, ...missing] : (prev ?? base);
    });
  }, [selectedId, orgs, defaultExpanded]);

  // … and scrolled to once it is rendered (once per selection, so expanding others does not jump).
  const scrolledFor = useRef<number | null>(null);
  useEffect(() => {
    if (!selectedId || search || scrolledFor.current === selectedId || !orgs.some((o) => o.id === selectedId)) return;
    if (!ancestorIds(orgs, selectedId).every((a) => expandedKeys.includes(a))) return;
    // After the expand animation: scrolling while it runs cannot settle on a position.
    const t = setTimeout(() => {
      scrolledFor.current = selectedId;
      if (!isSelectedInView()) treeRef.current?.scrollTo({ key: selectedId, align: 'top', offset: 84 });
    }, 400);
    return () => clearTimeout(t);
  }, [selectedId, search, orgs, expandedKeys]);

  return (
    <Card
      size="small"
      title="组织机构"
      styles={{ body: { padding: 8 } }}
      extra={
        <Space size={4}>
          <Checkbox checked={includeDissolved} onChange={(e) => onIncludeDissolvedChange(e.target.checked)}>
            含已撤销
          </Checkbox>
          {extra}
        </Space>
      }
    >
      <Input.Search placeholder="搜索组织名称" allowClear onChange={(e) => setKeyword(e.target.value.trim())} style={{ marginBottom: 8 }} data-testid="org-search" />
      {loading ? (
        <Spin style={{ display: 'block', margin: 24 }} />
      ) : treeData.length ? (
        <Tree<Node>
          ref={treeRef as never}
          blockNode
          virtual
          height={height}
          treeData={treeData}
          selectedKeys={selectedId ? [selectedId] : []}
          expandedKeys={expandedKeys}
          onExpand={(keys) => setExpanded(keys as number[])}
          onSelect={(keys) => keys[0] !== undefined && onSelect(Number(keys[0]))}
          className="xf-org-tree"
          data-testid="org-tree"
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={keyword ? '没有匹配的组织' : '暂无组织'} />
      )}
    </Card>
  );
}
