import { useState } from 'react';
import { Select } from 'antd';
import { useMemberSearch } from '../points.api.ts';

/** A member picked by name from the caller's subtree (the server searches; the list shows each one's organisation). Used as a Form.Item control. */
export function MemberSearchSelect(p: { value?: number; onChange?: (id: number) => void }) {
  const [search, setSearch] = useState('');
  const members = useMemberSearch(search);
  return (
    <Select
      showSearch
      filterOption={false}
      onSearch={setSearch}
      placeholder="输入姓名查找"
      loading={members.isFetching}
      value={p.value}
      onChange={p.onChange}
      options={members.data?.items.map((m) => ({ value: m.id, label: `${m.name}（${m.orgName}）` }))}
    />
  );
}
