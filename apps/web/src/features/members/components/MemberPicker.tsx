import { useState } from 'react';
import { Select } from 'antd';
import { useMember, useMemberList } from '../members.api.ts';

type Props = { orgId?: number; value?: number; onChange?: (v: number | undefined) => void; placeholder?: string; id?: string };
type Option = { value: number; label: string };

/** Picks a member by name within an organisation's subtree (server-side search). */
export function MemberPicker({ orgId, value, onChange, placeholder = '输入姓名搜索党员', id }: Props) {
  const [name, setName] = useState('');
  const [picked, setPicked] = useState<Option | null>(null);
  const list = useMemberList({ orgId, name: name || undefined, status: 'normal', pageSize: 30, sort: 'name' });
  const options: Option[] = (list.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name}（${m.orgName}）` }));
  // Keep the chosen member's label when a later search no longer lists it.
  // A value set from outside (an account's linked member) is looked up once for its name.
  const missing = value !== undefined && value !== null && !options.some((o) => o.value === value) && picked?.value !== value;
  const current = useMember(missing ? value : undefined);
  if (picked && picked.value === value && !options.some((o) => o.value === picked.value)) options.unshift(picked);
  else if (missing && current.data) options.unshift({ value: current.data.id, label: `${current.data.name}（${current.data.orgName}）` });
  return (
    <Select<number, Option>
      id={id}
      value={value}
      onChange={(v, option) => {
        setPicked(option && !Array.isArray(option) ? option : null);
        onChange?.(v);
      }}
      placeholder={placeholder}
      allowClear
      showSearch={{ filterOption: false, onSearch: (s) => setName(s.trim()) }}
      loading={list.isFetching}
      notFoundContent={list.isFetching ? '搜索中…' : '没有匹配的党员'}
      options={options}
      style={{ width: '100%' }}
    />
  );
}
