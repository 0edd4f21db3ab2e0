import { Tag } from 'antd';
import { cadreTypes, educations, memberCategories, memberStatuses, ranks } from '@xianfeng/shared';
import type { Member } from '../../api/types.ts';

// The API speaks codes; people read the Chinese labels from the shared option lists.
type Labeller = { label: (v: never) => string };
export const labelOf = (options: Labeller, v: string | null | undefined) => (v ? options.label(v as never) || v : '—');

export const educationLabel = (v: string | null) => labelOf(educations, v);
export const categoryLabel = (v: string | null) => labelOf(memberCategories, v);
export const rankLabel = (v: string | null) => labelOf(ranks, v);
export const cadreLabel = (v: string | null) => labelOf(cadreTypes, v);

const STATUS_COLOR: Record<string, string> = { normal: 'green', suspended: 'orange', expelled: 'red', deceased: 'default', transferred_out: 'blue' };

export function StatusTag({ status }: { status: string }) {
  return <Tag color={STATUS_COLOR[status] ?? 'default'}>{labelOf(memberStatuses, status)}</Tag>;
}

export function CategoryTag({ category }: { category: string }) {
  return <Tag color={category === 'probationary' ? 'gold' : 'red'}>{categoryLabel(category)}</Tag>;
}

/** 困难党员, 离退休, 失联, 流动: the flags staff look for at a glance. */
export function FlagTags({ m }: { m: Member }) {
  return (
    <>
      {m.hardship && <Tag color="purple">困难党员</Tag>}
      {m.retired && <Tag color="cyan">离退休</Tag>}
      {m.lostContact && <Tag color="volcano">失联党员</Tag>}
      {m.flowing && <Tag color="geekblue">流动党员</Tag>}
    </>
  );
}
