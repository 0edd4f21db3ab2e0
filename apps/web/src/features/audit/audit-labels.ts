// Chinese names of actions and object types: one list, shared with the server (shared/audit/audit-actions.ts).
export { auditActionLabel as actionLabel, auditActions, auditEntityTypes, auditObjectLabel } from '@xianfeng/shared';

const SYSTEM_ACTORS: Record<string, string> = { login: '登录', anonymous: '未登录', bootstrap: '系统初始化', recovery: '启动时恢复', reminders: '提醒任务', 'master-key': '主密钥检查' };

/** Records written without a logged-in actor are named `system:<what>` by the server. */
export function actorLabel(name: string | null): string {
  if (!name) return '系统';
  const m = /^system:(.+)$/.exec(name);
  if (!m) return name;
  // The operator's server command: system:cli:<os user>.
  const cli = /^cli:(.+)$/.exec(m[1]);
  return cli ? `运维命令（${cli[1]}）` : `系统（${SYSTEM_ACTORS[m[1]] ?? m[1]}）`;
}
