import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { ApartmentOutlined, AuditOutlined, CalendarOutlined, FileDoneOutlined, FundOutlined, IdcardOutlined } from '@ant-design/icons';
import { AimOutlined, OrderedListOutlined, RocketOutlined, SafetyCertificateOutlined, ScheduleOutlined, TeamOutlined, UploadOutlined } from '@ant-design/icons';
import { BarChartOutlined, CheckSquareOutlined, SolutionOutlined, BookOutlined, FlagOutlined, FileSearchOutlined, SafetyOutlined, ToolOutlined } from '@ant-design/icons';
import { CommentOutlined, TrophyOutlined } from '@ant-design/icons';
import { StarOutlined } from '@ant-design/icons';
import { ReadOutlined } from '@ant-design/icons';
import { DatabaseOutlined } from '@ant-design/icons';
import { FormOutlined } from '@ant-design/icons';
import type { Permission } from '@xianfeng/shared';
import type { Session } from '../api/types.ts';

const OrgsPage = lazy(() => import('../features/orgs/pages/OrgsPage.tsx'));
const MembersPage = lazy(() => import('../features/members/pages/MembersPage.tsx'));
const MemberDetailPage = lazy(() => import('../features/members/pages/MemberDetailPage.tsx'));
const MemberFormPage = lazy(() => import('../features/members/pages/MemberFormPage.tsx'));
const ImportPage = lazy(() => import('../features/members/pages/ImportPage.tsx'));
const MyInfoPage = lazy(() => import('../features/members/pages/MyInfoPage.tsx'));
const UsersPage = lazy(() => import('../features/users/pages/UsersPage.tsx'));
const AuditPage = lazy(() => import('../features/audit/pages/AuditPage.tsx'));
const ActivitiesPage = lazy(() => import('../features/activities/pages/ActivitiesPage.tsx'));
const ActivityReviewPage = lazy(() => import('../features/activities/pages/ReviewPage.tsx'));
const ActivityFormPage = lazy(() => import('../features/activities/pages/ActivityFormPage.tsx'));
const ActivityDetailPage = lazy(() => import('../features/activities/pages/ActivityDetailPage.tsx'));
const CompliancePage = lazy(() => import('../features/compliance/pages/CompliancePage.tsx'));
const ComplianceOrgPage = lazy(() => import('../features/compliance/pages/ComplianceOrgPage.tsx'));
const RequirementsPage = lazy(() => import('../features/compliance/pages/RequirementsPage.tsx'));
const ListsPage = lazy(() => import('../features/lists/pages/ListsPage.tsx'));
const ListItemPage = lazy(() => import('../features/lists/pages/ListItemPage.tsx'));
const KeyTasksPage = lazy(() => import('../features/lists/pages/KeyTasksPage.tsx'));
const ListsOverviewPage = lazy(() => import('../features/lists/pages/ListsOverviewPage.tsx'));
const LedgerPrintPage = lazy(() => import('../features/lists/pages/LedgerPrintPage.tsx'));
const RectificationsPage = lazy(() => import('../features/lists/pages/RectificationsPage.tsx'));
const InboxPage = lazy(() => import('../features/inbox/pages/InboxPage.tsx'));
const InspectionsPage = lazy(() => import('../features/inspections/pages/InspectionsPage.tsx'));
const InspectionDetailPage = lazy(() => import('../features/inspections/pages/InspectionDetailPage.tsx'));
const ChecklistPage = lazy(() => import('../features/inspections/pages/ChecklistPage.tsx'));
const CoveragePage = lazy(() => import('../features/inspections/pages/CoveragePage.tsx'));
const CardsPage = lazy(() => import('../features/inspections/pages/CardsPage.tsx'));
const DisciplinePage = lazy(() => import('../features/discipline/pages/DisciplinePage.tsx'));
const HonoursPage = lazy(() => import('../features/honours/pages/HonoursPage.tsx'));
const HonourCampaignPage = lazy(() => import('../features/honours/pages/HonourCampaignPage.tsx'));
const StudyTopicsPage = lazy(() => import('../features/study/pages/StudyTopicsPage.tsx'));
const StudyTopicPage = lazy(() => import('../features/study/pages/StudyTopicPage.tsx'));
const StudyHoursPage = lazy(() => import('../features/study/pages/StudyHoursPage.tsx'));
const SetupPage = lazy(() => import('../features/setup/pages/SetupPage.tsx'));
const SupervisionSettingsPage = lazy(() => import('../features/supervision-settings/pages/SupervisionSettingsPage.tsx'));
const AssessmentSchemePage = lazy(() => import('../features/assessments/pages/AssessmentSchemePage.tsx'));
const ReviewCampaignsPage = lazy(() => import('../features/review-campaigns/pages/ReviewCampaignsPage.tsx'));
const ReviewCampaignPage = lazy(() => import('../features/review-campaigns/pages/ReviewCampaignPage.tsx'));
const ReviewReportPage = lazy(() => import('../features/review-campaigns/pages/ReviewReportPage.tsx'));
const BallotPage = lazy(() => import('../features/review-campaigns/pages/BallotPage.tsx'));
const AssessmentRoundPage = lazy(() => import('../features/assessments/pages/RoundPage.tsx'));
const AssessmentRankingPrintPage = lazy(() => import('../features/assessments/pages/RankingPrintPage.tsx'));
const AssessmentUnitSheetPage = lazy(() => import('../features/assessments/pages/UnitSheetPage.tsx'));
const AssessmentScoringPage = lazy(() => import('../features/assessments/pages/ScoringPage.tsx'));
const AssessmentAppealsPage = lazy(() => import('../features/assessments/pages/AppealsPage.tsx'));
const TrainingClassesPage = lazy(() => import('../features/training/pages/TrainingClassesPage.tsx'));
const TrainingClassPage = lazy(() => import('../features/training/pages/TrainingClassPage.tsx'));
const TrainingPlanPage = lazy(() => import('../features/training/pages/TrainingPlanPage.tsx'));
const TrainingCertificatePage = lazy(() => import('../features/training/pages/CertificatePage.tsx'));
const XuexiPage = lazy(() => import('../features/xuexi/pages/XuexiPage.tsx'));
const PointRulesPage = lazy(() => import('../features/points/pages/PointRulesPage.tsx'));
const MemberPointsPage = lazy(() => import('../features/points/pages/MemberPointsPage.tsx'));
const MyPointsPage = lazy(() => import('../features/points/pages/MyPointsPage.tsx'));
const PointEntriesPage = lazy(() => import('../features/points/pages/PointEntriesPage.tsx'));
const PointRankingPage = lazy(() => import('../features/points/pages/PointRankingPage.tsx'));
const ReviewSheetPage = lazy(() => import('../features/points/pages/ReviewSheetPage.tsx'));
const QuestionBankPage = lazy(() => import('../features/exams/pages/QuestionBankPage.tsx'));
const PapersPage = lazy(() => import('../features/exams/pages/PapersPage.tsx'));
const ExamsPage = lazy(() => import('../features/exams/pages/ExamsPage.tsx'));
const ExamResultsPage = lazy(() => import('../features/exams/pages/ExamResultsPage.tsx'));
const ContestsPage = lazy(() => import('../features/contests/pages/ContestsPage.tsx'));
const ContestDetailPage = lazy(() => import('../features/contests/pages/ContestDetailPage.tsx'));

export type AppRoute = {
  /** A react-router path below `/` (`members/:memberId/edit`). */
  path: string;
  page: LazyExoticComponent<ComponentType>;
  /** Who may open it, from the session's permissions (never role names); left out: every account. */
  allow?: (s: Session) => boolean;
  /** Shown in the side menu, in the order of this table; the link is the path without its optional parameters. */
  menu?: { label: string; icon: ReactNode; also?: RegExp };
};

/** Any one of the permissions opens the page (the server checks again). */
const can =
  (...permissions: Permission[]) =>
  (s: Session) =>
    permissions.some((p) => s.permissions.includes(p));

/** 述职评议: who may use it at all (GET /api/review-campaigns answers 403 to anyone else). */
const mayReview = (s: Session) => can('review.read', 'review.configure')(s) || s.reviewer;

/**
 * Every page of the console: the router and the menu are both built from this table. A new module
 * adds its rows here, in the place its menu entry should appear.
 */
export const ROUTES: AppRoute[] = [
  { path: 'orgs/:orgId?', page: OrgsPage, allow: can('org.read'), menu: { label: '组织管理', icon: <ApartmentOutlined /> } },

  { path: 'members', page: MembersPage, allow: can('member.read'), menu: { label: '党员管理', icon: <TeamOutlined /> } },
  { path: 'members/new', page: MemberFormPage, allow: can('member.write') },
  { path: 'members/:memberId', page: MemberDetailPage, allow: can('member.read') },
  { path: 'members/:memberId/edit', page: MemberFormPage, allow: can('member.write') },
  { path: 'import', page: ImportPage, allow: can('member.write'), menu: { label: '名册导入', icon: <UploadOutlined /> } },

  { path: 'activities', page: ActivitiesPage, allow: can('activity.read'), menu: { label: '组织生活', icon: <CalendarOutlined /> } },
  { path: 'activities/review', page: ActivityReviewPage, allow: can('activity.review'), menu: { label: '审核待办', icon: <FileDoneOutlined /> } },
  { path: 'activities/new', page: ActivityFormPage, allow: can('activity.write') },
  { path: 'activities/:activityId', page: ActivityDetailPage, allow: can('activity.read') },
  { path: 'activities/:activityId/edit', page: ActivityFormPage, allow: can('activity.write') },

  { path: 'compliance', page: CompliancePage, allow: can('compliance.read'), menu: { label: '组织生活考核', icon: <FundOutlined /> } },
  { path: 'compliance/org/:orgId', page: ComplianceOrgPage, allow: can('compliance.read') },
  { path: 'compliance/requirements', page: RequirementsPage, allow: can('compliance.read') },

  // 清单制+责任制: the lists of each organisation and the committee's key tasks.
  { path: 'lists', page: ListsPage, allow: can('supervision.read'), menu: { label: '清单管理', icon: <OrderedListOutlined /> } },
  { path: 'lists/overview', page: ListsOverviewPage, allow: can('supervision.read'), menu: { label: '清单总览', icon: <BarChartOutlined /> } },
  { path: 'lists/items/:id', page: ListItemPage, allow: can('supervision.read') },
  // 清单台账（打印版）: opened from the overview (打印台账), no menu entry.
  { path: 'lists/ledger', page: LedgerPrintPage, allow: can('supervision.read') },
  { path: 'lists/key-tasks', page: KeyTasksPage, allow: can('supervision.read'), menu: { label: '重点任务', icon: <AimOutlined /> } },
  { path: 'supervision/settings', page: SupervisionSettingsPage, allow: can('supervision.read'), menu: { label: '督查设置', icon: <ScheduleOutlined /> } },
  // 督查 (issue 10): the committee plans and records; organisation admins read their subtree.
  { path: 'inspections', page: InspectionsPage, allow: can('supervision.read'), menu: { label: '督查检查', icon: <FileSearchOutlined /> } },
  // 督查发现 → 整改 → 验收: the findings of the year and the progress sentence.
  { path: 'rectifications', page: RectificationsPage, allow: can('supervision.read'), menu: { label: '督查整改', icon: <ToolOutlined /> } },
  { path: 'inspections/coverage', page: CoveragePage, allow: can('supervision.read') },
  { path: 'inspections/:id', page: InspectionDetailPage, allow: can('supervision.read') },
  { path: 'inspections/:id/targets/:orgId', page: ChecklistPage, allow: can('supervision.read') },
  { path: 'cards', page: CardsPage, allow: can('supervision.read'), menu: { label: '黄牌红牌', icon: <FlagOutlined /> } },
  // 处分台账: only the 纪检干部 (discipline.read); every page viewed is audited on the server.
  { path: 'discipline', page: DisciplinePage, allow: can('discipline.read'), menu: { label: '处分台账', icon: <SafetyOutlined /> } },
  // 考核 (issue 11): the year's scheme; the committee edits and publishes, units read the published version.
  { path: 'assessments', page: AssessmentSchemePage, allow: can('assessment.read'), menu: { label: '考核方案', icon: <TrophyOutlined /> } },
  // 创先争优 (the "+1"): the committee runs campaigns; organisation admins nominate within their subtree.
  { path: 'honours', page: HonoursPage, allow: can('honour.read'), menu: { label: '创先争优', icon: <FlagOutlined /> } },
  { path: 'honours/:id', page: HonourCampaignPage, allow: can('honour.read') },

  // 上线准备: whoever builds the tree and keeps the roster (the server: access/setup-policy.ts).
  { path: 'setup', page: SetupPage, allow: (s) => can('org.write')(s) && can('member.read')(s), menu: { label: '上线准备', icon: <RocketOutlined /> } },
  { path: 'users', page: UsersPage, allow: can('user.read', 'grant.write'), menu: { label: '账户与权限', icon: <SafetyCertificateOutlined /> } },
  { path: 'audit', page: AuditPage, allow: can('audit.read'), menu: { label: '审计日志', icon: <AuditOutlined /> } },
  { path: 'inbox', page: InboxPage },
  { path: 'me', page: MyInfoPage, allow: (s) => !!s.user.memberId, menu: { label: '我的信息', icon: <IdcardOutlined /> } },
  // 述职评议 (issue 11): review.read / review.configure (the committee, a reporter's admins), or an account named a
  // reviewer in some campaign (the session's `reviewer`, a member's account too); the server checks per campaign.
  { path: 'review-campaigns', page: ReviewCampaignsPage, allow: mayReview, menu: { label: '述职评议', icon: <CommentOutlined /> } },
  { path: 'review-campaigns/:id', page: ReviewCampaignPage, allow: mayReview },
  { path: 'review-campaigns/:id/reporters/:reporterId', page: ReviewReportPage, allow: mayReview },
  { path: 'review-campaigns/:id/ballot', page: BallotPage, allow: mayReview },
  // 年度考核 (issue 11 items 2–4): the round of the year (this year from the menu); the server answers per
  // caller (the committee, a scoring department, a unit's own admins).
  // The year's pages under /assessments/:year/… belong to 年度考核 in the menu, not to 考核方案 (its prefix).
  { path: 'assessments/round', page: AssessmentRoundPage, allow: can('assessment.read'), menu: { label: '年度考核', icon: <TrophyOutlined />, also: /^\/assessments\/\d{4}\/(round|ranking|units|appeals)(\/|$)/ } },
  // 部门评分: in the menu for an account named a scorer in a round being scored (the session's scoringYear).
  { path: 'assessments/scoring', page: AssessmentScoringPage, allow: (s) => s.scoringYear !== null, menu: { label: '部门评分', icon: <CheckSquareOutlined />, also: /^\/assessments\/\d{4}\/scoring(\/|$)/ } },
  { path: 'assessments/:year/round', page: AssessmentRoundPage, allow: can('assessment.read') },
  { path: 'assessments/:year/ranking/print', page: AssessmentRankingPrintPage, allow: can('assessment.read') },
  { path: 'assessments/:year/units/:orgId', page: AssessmentUnitSheetPage, allow: can('assessment.read') },
  { path: 'assessments/:year/scoring', page: AssessmentScoringPage, allow: can('assessment.read') },
  { path: 'assessments/:year/appeals', page: AssessmentAppealsPage, allow: can('assessment.read') },
  // 培训班 (issue 12 item 5): classes of one's subtree, the 十百千万 counts, printable certificates.
  { path: 'training', page: TrainingClassesPage, allow: can('study.read'), menu: { label: '培训班', icon: <SolutionOutlined /> } },
  { path: 'training/plan', page: TrainingPlanPage, allow: can('study.read') },
  { path: 'training/:id', page: TrainingClassPage, allow: can('study.read') },
  { path: 'training/:id/certificates/:memberId', page: TrainingCertificatePage, allow: can('study.read') },
  // 学习强国 (issue 12 item 6): the points file imported and matched; participation per organisation.
  { path: 'xuexi', page: XuexiPage, allow: can('study.read'), menu: { label: '学习强国', icon: <BookOutlined /> } },
  // 党员积分 (issue 12 item 7): the committee keeps the year's rule sets, admins read their subtree's ledgers, a member their own.
  { path: 'points/rules', page: PointRulesPage, allow: can('points.read'), menu: { label: '积分规则', icon: <StarOutlined /> } },
  { path: 'points/members/:memberId', page: MemberPointsPage, allow: can('points.read') },
  { path: 'points/me', page: MyPointsPage, allow: (s) => !!s.user.memberId, menu: { label: '我的积分', icon: <StarOutlined /> } },
  { path: 'points/entries', page: PointEntriesPage, allow: can('points.read'), menu: { label: '积分登记审核', icon: <StarOutlined /> } },
  { path: 'points/ranking', page: PointRankingPage, allow: can('points.read'), menu: { label: '积分排名', icon: <StarOutlined />, also: /^\/points\/review-sheet(\/|$)/ } },
  { path: 'points/review-sheet', page: ReviewSheetPage, allow: can('points.read') },
  // 学习 (issue 12): study topics and materials of the caller's subtree (study.read; managers study.manage).
  { path: 'study/topics', page: StudyTopicsPage, allow: can('study.read'), menu: { label: '学习资料', icon: <ReadOutlined /> } },
  { path: 'study/topics/:id', page: StudyTopicPage, allow: can('study.read') },
  { path: 'study/hours', page: StudyHoursPage, allow: can('study.read'), menu: { label: '学时统计', icon: <ReadOutlined /> } },
  // 考试 (issue 12 item 3): the question bank of the organiser's subtree and the committee's.
  { path: 'exams/questions', page: QuestionBankPage, allow: can('exam.manage'), menu: { label: '题库', icon: <DatabaseOutlined /> } },
  { path: 'exams/papers', page: PapersPage, allow: can('exam.manage'), menu: { label: '试卷', icon: <FileDoneOutlined /> } },
  // 考试 (issue 12 item 3, the organiser's side): exams of the caller's subtree; one exam's results, 阅卷 and export.
  { path: 'exams', page: ExamsPage, allow: can('exam.manage'), menu: { label: '考试', icon: <FormOutlined /> } },
  { path: 'exams/:id', page: ExamResultsPage, allow: can('exam.manage') },
  // 知识竞赛 (issue 12 item 4): contests of the organiser's subtree, the live leaderboards, the review of 异常 attempts.
  { path: 'contests', page: ContestsPage, allow: can('exam.manage'), menu: { label: '知识竞赛', icon: <TrophyOutlined /> } },
  { path: 'contests/:id', page: ContestDetailPage, allow: can('exam.manage') },
];

const mayOpen = (route: AppRoute, s: Session) => !route.allow || route.allow(s);

export type MenuEntry = { path: string; label: string; icon: ReactNode; also?: RegExp };

/** `orgs/:orgId?` → `/orgs`. */
const menuPath = (path: string) => `/${path.split('/').filter((seg) => !seg.endsWith('?')).join('/')}`;

/** The side menu of this session (and the landing page: its first entry). */
export const visibleMenu = (s: Session): MenuEntry[] =>
  ROUTES.filter((r) => r.menu && mayOpen(r, s)).map((r) => ({ path: menuPath(r.path), label: r.menu!.label, icon: r.menu!.icon, also: r.menu!.also }));
