import { Button, Form, InputNumber, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { roles } from '@xianfeng/shared';
import { useCan } from '../../auth/session.ts';
import { OrgTreeSelect } from '../../orgs/components/OrgTreeSelect.tsx';

/**
 * Rows of (organisation, role) inside a Form, under `name`. Whoever cannot read the org tree
 * (the security admin) types the organisation's number instead.
 */
export function GrantsEditor({ name = 'grants' }: { name?: string }) {
  const can = useCan();
  const pickFromTree = can('org.read');
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <Space orientation="vertical" style={{ width: '100%' }} size={4}>
          {fields.map((field, i) => (
            <Space key={field.key} align="start" style={{ width: '100%' }} styles={{ item: { flex: 'none' } }}>
              <Form.Item name={[field.name, 'orgId']} rules={[{ required: true, message: '请选择组织' }]} style={{ marginBottom: 8, width: 300 }}>
                {pickFromTree ? (
                  <OrgTreeSelect placeholder="授权组织（含下级）" data-testid={`grant-org-${i}`} />
                ) : (
                  <InputNumber min={1} precision={0} placeholder="组织编号" style={{ width: '100%' }} />
                )}
              </Form.Item>
              <Form.Item name={[field.name, 'role']} rules={[{ required: true, message: '请选择角色' }]} style={{ marginBottom: 8, width: 160 }}>
                <Select options={roles.options} placeholder="角色" data-testid={`grant-role-${i}`} />
              </Form.Item>
              <Button aria-label="删除授权" icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
            </Space>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} style={{ width: 300 }}>
            添加授权
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            角色在所选组织及其全部下级组织内生效。系统管理员、安全管理员、审计管理员、工委管理员只能由安全管理员授予。
          </Typography.Text>
        </Space>
      )}
    </Form.List>
  );
}
