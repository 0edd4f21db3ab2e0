import type { ReactNode } from 'react';
import { ApartmentOutlined, AuditOutlined, IdcardOutlined, SafetyCertificateOutlined, TeamOutlined, UploadOutlined } from '@ant-design/icons';
import { CalendarOutlined, FileDoneOutlined } from '@ant-design/icons';
import { FundOutlined } from '@ant-design/icons';
import type { Session } from '../api/types.ts';

export type MenuEntry = { path: string; label: string; icon: ReactNode; visible: (s: Session) => boolean };

const has = (s: Session, p: Session['permissions'][number]) => s.permissions.includes(p);

/** The menu follows permissions, never role names: a new role needs no change here. */
export const MENU: MenuEntry[] = [
  { path: '/orgs', label: '组织管理', icon: <ApartmentOutlined />, visible: (s) => has(s, 'org.read') },
  { path: '/members', label: '党员管理', icon: <TeamOutlined />, visible: (s) => has(s, 'member.read') },
  { path: '/import', label: '名册导入', icon: <UploadOutlined />, visible: (s) => has(s, 'member.write') },
  { path: '/activities', label: '组织生活', icon: <CalendarOutlined />, visible: (s) => has(s, 'activity.read') },
  { path: '/activities/review', label: '审核待办', icon: <FileDoneOutlined />, visible: (s) => has(s, 'activity.review') },
  { path: '/compliance', label: '组织生活考核', icon: <FundOutlined />, visible: (s) => has(s, 'compliance.read') },
  { path: '/users', label: '账户与权限', icon: <SafetyCertificateOutlined />, visible: (s) => has(s, 'user.read') || has(s, 'grant.write') },
  { path: '/audit', label: '审计日志', icon: <AuditOutlined />, visible: (s) => has(s, 'audit.read') },
  { path: '/me', label: '我的信息', icon: <IdcardOutlined />, visible: (s) => !!s.user.memberId },
];

export const visibleMenu = (s: Session) => MENU.filter((m) => m.visible(s));
