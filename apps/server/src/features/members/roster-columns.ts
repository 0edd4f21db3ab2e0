import { cadreTypes, educations, memberCategories, ranks } from '@xianfeng/shared';

/**
 * The roster sheet: one column per field of XX-1 (docs/RULES.md) plus the local ones. The same list
 * makes the template, reads an import and writes an export, so the three always agree.
 */
export type RosterColumn = {
  header: string;
  field: string;
  width: number;
  kind: 'text' | 'date' | 'bool' | 'option' | 'id';
  required?: boolean;
  options?: { fromLabel(label: string): string | undefined; label(v: never): string; options: { label: string }[] };
  note?: string;
};

export const ROSTER_COLUMNS: RosterColumn[] = [
  { header: '组织编号', field: 'orgId', width: 10, kind: 'id', note: '可选：组织在系统中的编号；填写后以编号为准' },
  { header: '所在党组织', field: 'orgName', width: 24, kind: 'text', note: '党支部或党小组名称；重名时请填写组织编号' },
  { header: '姓名', field: 'name', width: 10, kind: 'text', required: true },
  { header: '性别', field: 'gender', width: 6, kind: 'text', required: true, note: '男/女' },
  { header: '民族', field: 'ethnicity', width: 8, kind: 'text', note: '默认汉族' },
  { header: '公民身份号码', field: 'idNumber', width: 22, kind: 'text', required: true, note: '18位，请以文本格式填写' },
  { header: '出生日期', field: 'birthDate', width: 12, kind: 'date', required: true },
  { header: '学历', field: 'education', width: 10, kind: 'option', options: educations as never },
  { header: '人员类别', field: 'category', width: 10, kind: 'option', required: true, options: memberCategories as never },
  { header: '入党日期', field: 'joinDate', width: 12, kind: 'date', required: true },
  { header: '转正日期', field: 'fullDate', width: 12, kind: 'date' },
  { header: '工作岗位', field: 'jobPost', width: 14, kind: 'text' },
  { header: '联系电话', field: 'phone', width: 14, kind: 'text' },
  { header: '家庭住址', field: 'address', width: 30, kind: 'text' },
  { header: '是否失联党员', field: 'lostContact', width: 8, kind: 'bool' },
  { header: '失去联系日期', field: 'lostContactDate', width: 12, kind: 'date' },
  { header: '是否流动党员', field: 'flowing', width: 8, kind: 'bool' },
  { header: '外出流向', field: 'flowTo', width: 16, kind: 'text' },
  { header: '职级', field: 'rank', width: 10, kind: 'option', options: ranks as never },
  { header: '党内职务', field: 'partyPost', width: 12, kind: 'text' },
  { header: '党务干部', field: 'cadreType', width: 8, kind: 'option', options: cadreTypes as never },
  { header: '困难党员', field: 'hardship', width: 8, kind: 'bool' },
  { header: '离退休', field: 'retired', width: 8, kind: 'bool' },
];

export const ROSTER_SHEET = '党员名册';
