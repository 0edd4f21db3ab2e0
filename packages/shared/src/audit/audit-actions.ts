import { defineOptions } from '../common/options.ts';

/**
 * Every action the server writes to the audit log, with its Chinese name. The server's audit
 * writers take an `AuditAction`, so a new action does not compile until it is named here; a
 * server test (audit-labels.test.ts) also reads the server's source for action literals.
 */
export const auditActions = defineOptions({
  'auth.login': '登录',
  'auth.login_failed': '登录失败',
  'auth.locked': '账户锁定',
  'auth.login_refused_locked': '锁定期间登录被拒',
  'auth.ip_blocked': '地址登录受限',
  'auth.logout': '退出登录',
  'auth.password_changed': '修改密码',
  'auth.password_change_failed': '修改密码时原密码错误',
  'access.denied': '拒绝访问',
  'org.create': '新建组织',
  'org.update': '修改组织',
  'org.move': '移动组织',
  'org.merge': '合并组织',
  'org.dissolve': '撤销组织',
  'org.committee_add': '增加班子成员',
  'org.committee_end': '班子成员离任',
  'org.export': '导出组织',
  'org.import_create': '导入新建组织',
  'org.import_update': '导入更新组织',
  'org.import_rejected': '组织导入未通过校验',
  'org.import_failed': '组织导入失败（已撤销）',
  'org.import_interrupted': '组织导入中断（已撤销）',
  'unit.create': '新建单位',
  'member.create': '新增党员',
  'member.update': '修改党员',
  'member.status_change': '变更党籍状态',
  'member.sensitive_read': '查看完整个人信息',
  'member.export': '导出党员名册',
  'member.import_create': '导入新增党员',
  'member.import_update': '导入更新党员',
  'member.import_rejected': '名册导入未通过校验',
  'member.import_failed': '名册导入失败（已撤销）',
  'member.import_interrupted': '名册导入中断（已撤销）',
  'user.create': '新建账户',
  'user.update': '修改账户',
  'user.password_reset': '重置密码',
  'user.grants': '设置授权',
  'user.grants_separated': '三员分立撤销兼任角色',
  'user.unlock': '解除锁定',
  'activity.create': '记录活动',
  'activity.plan': '计划活动',
  'activity.update': '修改活动',
  'activity.delete': '删除活动',
  'activity.attendance': '登记出勤',
  'activity.submit': '提交审核',
  'activity.approve': '审核通过',
  'activity.return': '退回活动',
  'activity.reopen': '重新打开',
  'activity.sign_in': '扫码签到',
  'activity.sign_in_confirm': '确认列席签到',
  'activity.sign_in_reject': '拒绝签到',
  'activity.attachment_add': '上传附件',
  'activity.attachment_delete': '删除附件',
  'activity.ledger_export': '导出台账',
  'activity.expected_refresh': '更新应到人员',
  'activity.import': '补录历史活动（导入文件）',
  'activity.import_create': '补录历史活动',
  'activity.import_rejected': '补录导入未通过校验',
  'activity.import_approve': '补录批次审核通过',
  'compliance.requirements': '修改考核要求',
  'compliance.go_live': '设置全市启用日期',
  'key_task.create': '新建重点任务',
  'key_task.update': '修改重点任务',
  'key_task.delete': '删除重点任务',
  'key_task.publish': '下达重点任务',
  'list_item.create': '新建清单事项',
  'list_item.plan': '修改清单事项计划',
  'list_item.claim': '报送节点进度',
  'list_item.accept': '确认节点进度',
  'list_item.return_claim': '退回节点进度',
  'list_item.adjust_request': '申请调整清单事项',
  'list_item.adjust_approve': '批准清单事项调整',
  'list_item.adjust_reject': '不予批准清单事项调整',
  'list_item.close_request': '申请销号',
  'list_item.close_approve': '批准销号',
  'list_item.close_return': '退回销号申请',
  'list_item.reopen': '重新打开清单事项',
  'list_item.handover': '清单事项责任交接',
  'list_item.escalate': '清单督办（提醒、催办、告诫…）',
  'list_item.ledger_export': '导出清单台账',
  'list_item.ledger_print': '查阅清单台账（打印版）',
  'list_item.overview_export': '导出清单总览',
  'list_item.finding': '记录督查发现问题',
  'list_item.measure_done': '整改措施完成',
  'list_item.verify': '整改验收',
  'reminders.run': '发送提醒',
  'supervision.settings': '修改督查设置（亮灯阈值、督办阶梯）',
  'work_calendar.set': '设置工作日历（放假或调休上班）',
  'work_calendar.remove': '删除工作日历安排',
  'inspection.create': '新建督查',
  'inspection.update': '修改督查',
  'inspection.start': '开始督查',
  'inspection.finish': '完成督查',
  'inspection.cancel': '取消督查',
  'inspection.record': '登记督查检查结果',
  'checklist_template.create': '新建检查清单模板',
  'card.issue': '亮牌',
  'card.withdraw': '撤销亮牌',
  'card_kind.update': '修改牌种目录',
  'audit.export': '导出审计日志',
  'system.seed_city': '生成演示数据',
  'system.master_key_recorded': '记录主密钥指纹',
});
export type AuditAction = (typeof auditActions.values)[number];

/** The kinds of object an audit record is about (its `entityType`). */
export const auditEntityTypes = defineOptions({
  user: '账户',
  org: '组织',
  unit: '单位',
  member: '党员',
  activity: '活动',
  compliance_requirement: '考核要求',
  setting: '系统设置',
  supervision_setting: '督查设置',
  work_calendar_day: '工作日历',
  activity_import: '补录批次',
  key_task: '重点任务',
  list_item: '清单事项',
  inspection: '督查',
  inspection_target: '督查对象检查记录',
  checklist_template: '检查清单模板',
  card: '亮牌记录',
  card_kind: '牌种目录',
  notification: '提醒消息',
  import: '导入任务',
  request: '请求',
  audit_log: '审计日志',
  system: '系统',
});
export type AuditEntityType = (typeof auditEntityTypes.values)[number];

/** An action's Chinese name; an unknown code (written by an older or newer version) as it is. */
export const auditActionLabel = (action: string) => auditActions.label(action as AuditAction) || action;
export const auditEntityTypeLabel = (type: string | null) => (type ? auditEntityTypes.label(type as AuditEntityType) || type : '—');

/**
 * The object of a record in words: 「党员 #12」 for a numbered row, 「提醒消息（2026-12-01）」 for a
 * day's reminder run, 「导入任务（3f2a…）」 for an import job — never the raw type code.
 */
export function auditObjectLabel(type: string | null, id: string | null): string {
  const name = auditEntityTypeLabel(type);
  if (!id) return name;
  if (/^\d+$/.test(id)) return `${name} #${id}`;
  return `${name}（${id.length > 12 ? `${id.slice(0, 8)}…` : id}）`;
}
