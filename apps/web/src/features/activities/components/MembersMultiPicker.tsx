import { useState } from 'react';
import { Select } from 'antd';
import { useMemberList } from '../../members/members.api.ts';

type Props = { orgId?: number; value?: number[]; onChange?: (v: number[]) => void; placeholder?: string; id?: string; max?: number };
type Option = { value: number; label: string };

/** Several members by name (server-side search); chosen names stay shown while searching on. */
export function MembersMultiPicker({ orgId, value, onChange, placeholder = '输入姓名搜索党员', id, max = 50 }: Props) {
  const [name, setName] = useState('');
  const [picked, setPicked] = useState<Map<number, string>>(new Map());
  const list = useMemberList({ orgId, name: name || undefined, status: 'normal', pageSize: 30, sort: 'name' });
  const options: Option[] = (list.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name}（${m.orgName}）` }));
  for (const v of value ?? []) if (!options.some((o) => o.value === v)) options.unshift({ value: v, label: picked.get(v) ?? `#${v}` });
  return (
    <Select<number[], Option>
      id={id}
      mode="multiple"
      value={value}
      onChange={(v, opts) => {
        const next = new Map(picked);
        for (const o of Array.isArray(opts) ? opts : []) if (o && 'label' in o) next.set(o.value, o.label);
        setPicked(next);
        onChange?.(v.slice(0, max));
      }}
      placeholder={placeholder}
      allowClear
      showSearch={{ filterOption: false, onSearch: (s) => setName(s.trim()) }}
      onBlur={() => setName('')}
      loading={list.isFetching}
      notFoundContent={list.isFetching ? '搜索中…' : '没有匹配的党员'}
      options={options}
      maxCount={max}
      style={{ width: '100%' }}
    />
  );
}
