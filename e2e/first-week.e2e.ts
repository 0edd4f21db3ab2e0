import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { apiLogin, type ApiSession } from './support/api.ts';
import { failureShot, newPage, useBrowser } from './support/browser.ts';
import { makeIdNumber, member, rosterWorkbook, templateHeaders } from './support/roster.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { login, loginToConsole, menuItem, pickInSelect } from './support/ui.ts';

// A new work committee's first week (issue 9), on an EMPTY platform — no demo data: from the first
// login, through the setup guide (上线准备), to a first meeting submitted by a branch secretary, with
// two branches' paper history brought in on the way. The time it takes is written to the test log.

const browser = useBrowser();
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ demo: false });
}, 150_000);
afterAll(() => server?.stop());

const xlsx = async (sheet: string, rows: (string | number)[][]) => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  rows.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
};
const beijingToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const stepDone = (page: Page, key: string) => expect.poll(() => page.getByTestId(`setup-step-${key}`).textContent(), { timeout: 20_000 }).toContain('已完成');

const BRANCHES = ['试点局第一党支部', '试点局第二党支部'];
const PEOPLE = [
  ['周明', '男', '1980-03-05'],
  ['吴芳', '女', '1985-06-12'],
  ['郑强', '男', '1979-11-20'],
  ['王丽', '女', '1990-01-08'],
  ['冯涛', '男', '1983-09-30'],
  ['陈静', '女', '1988-04-16'],
  ['褚亮', '男', '1982-07-22'],
  ['卫红', '女', '1991-12-02'],
] as const;

describe('一个工委的第一周：空平台起步', () => {
  it('the setup guide from the first login to a first meeting submitted, with two branches’ history imported', async () => {
    const started = Date.now();
    const lap = (what: string) => console.log(`[first week] ${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const { page, context } = await newPage(browser(), server.baseURL);
    onTestFailed(() => failureShot(page, 'first-week-admin'));
    await loginToConsole(page, 'admin');

    // An empty platform points to the guide.
    await page.getByTestId('setup-prompt').getByRole('button', { name: '开始上线准备' }).click();
    await page.getByTestId('setup-progress').waitFor();
    lap('setup guide open');

    // 1. The tree from Excel: one unit's committee and two branches (one founding date unknown).
    const api: ApiSession = await apiLogin(server.baseURL, 'admin');
    const [root] = await api.get<{ id: number; name: string }[]>('/orgs');
    await page.goto('/orgs');
    await page.getByRole('button', { name: 'Excel' }).click();
    await page.getByRole('menuitem', { name: '导入组织…' }).click();
    const tree = await xlsx('党组织', [
      ['组织编号', '上级组织编号', '上级组织名称', '组织名称', '组织类别', '所在单位', '单位类型', '成立日期', '启用日期'],
      ['', root.id, '', '试点局机关党委', '机关党委', '试点局', '机关', '2010-05-01', ''],
      ['', '', '试点局机关党委', BRANCHES[0], '党支部', '试点局', '机关', '不详', ''],
      ['', '', '试点局机关党委', BRANCHES[1], '党支部', '试点局', '机关', '2016-03-01', ''],
    ]);
    await page.locator('.ant-modal input[type=file]').setInputFiles({ name: '组织.xlsx', mimeType: XLSX, buffer: tree });
    await page.getByRole('button', { name: '开始导入' }).click();
    await page.getByText('导入成功').waitFor();
    await page.getByRole('button', { name: '关闭' }).click();
    const orgs = await api.get<{ id: number; name: string }[]>('/orgs');
    const branchIds = BRANCHES.map((n) => orgs.find((o) => o.name === n)!.id);
    lap('tree imported');

    // 2. The roster, four members per branch, through the import page.
    const template = Buffer.from(await (await api.raw('/members/import/template')).arrayBuffer());
    const roster = await rosterWorkbook(
      await templateHeaders(template),
      PEOPLE.map(([name, gender, birth], i) => member(name, makeIdNumber(birth, gender, 100 + i), branchIds[i < 4 ? 0 : 1], birth, gender)),
    );
    await menuItem(page, '名册导入').click();
    await page.getByRole('button', { name: '已有填好的名册，下一步' }).click();
    await page.locator('input[type=file]').setInputFiles({ name: '名册.xlsx', mimeType: XLSX, buffer: roster });
    await page.getByRole('button', { name: '开始导入' }).click();
    await page.getByText('导入成功').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-result').textContent()).toContain('新增党员 8 名');
    lap('roster imported');

    // 3. Each branch's secretary (the committee lists are arranged through the API; their page has its own journeys).
    const members = await api.get<{ items: { id: number; name: string }[] }>('/members?pageSize=50');
    const idOf = (name: string) => members.items.find((m) => m.name === name)!.id;
    await api.send('POST', `/orgs/${branchIds[0]}/committee`, { memberId: idOf('周明'), post: 'secretary', startedOn: '2024-01-01' });
    await api.send('POST', `/orgs/${branchIds[1]}/committee`, { memberId: idOf('冯涛'), post: 'secretary', startedOn: '2024-01-01' });
    await page.goto('/setup');
    await stepDone(page, 'orgs');
    await stepDone(page, 'roster');

    // 4. Secretary accounts in bulk, with their initial passwords on printable slips.
    await page.getByTestId('generate-secretary-accounts').click();
    await page.getByTestId('confirm-secretary-accounts').click();
    const slip = page.locator('.xf-slip', { hasText: '周明' });
    await slip.waitFor();
    expect(await page.locator('.xf-slip').count()).toBe(2);
    const [username, password] = await slip.locator('.xf-slip-password').allTextContents();
    await page.getByRole('button', { name: /已分发/ }).click();
    await stepDone(page, 'accounts');
    lap('secretary accounts opened');

    // 5–6. The go-live date (this year's July) and this year's requirement table.
    const year = beijingToday().slice(0, 4);
    await page.goto(`/compliance/requirements?year=${year}`);
    const goLive = page.getByLabel('全市启用日期');
    await goLive.click();
    await goLive.fill(`${year}-07-01`);
    await goLive.press('Enter');
    await page.getByRole('button', { name: '保存启用日期' }).click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: /^确\s*认$/ }).click();
    await page.getByText('启用日期已保存').waitFor();
    await page.getByRole('button', { name: new RegExp(`保存${year}年考核要求`) }).click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认保存' }).click();
    await page.getByText(`${year}年考核要求已保存`).waitFor();
    await page.goto('/setup');
    await stepDone(page, 'go_live');
    await stepDone(page, 'requirements');
    lap('go-live and requirements set');

    // History: both branches' paper ledgers of the first half year, one file.
    const history = await xlsx('历史活动', [
      ['组织名称', '活动日期', '活动类型', '主题', '第一议题', '主讲人', '出席人员', '请假人员及原因', '缺席人员'],
      [BRANCHES[0], `${year}-03-10`, '党员大会、党课', '学习全国两会精神', '学习重要讲话精神', '周明', '周明、吴芳、郑强', '王丽（出差）', ''],
      [BRANCHES[0], `${year}-05-12`, '主题党日', '5月主题党日', '', '', '周明、吴芳、郑强、王丽', '', ''],
      [BRANCHES[1], `${year}-04-15`, '主题党日', '4月主题党日', '', '', '冯涛、陈静、褚亮', '', '卫红'],
    ]);
    await page.goto('/activities');
    await page.getByTestId('history-import').click();
    await page.locator('.ant-modal input[type=file]').setInputFiles({ name: '上半年台账.xlsx', mimeType: XLSX, buffer: history });
    await page.getByTestId('history-import-start').click();
    await page.getByText('已补录 3 项活动').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('history-batches').getByText('上半年台账.xlsx').waitFor();
    lap('history of two branches imported');
    await context.close();

    // 7. The secretary's first login: a new password, then the first meeting recorded and submitted.
    const sec = await newPage(browser(), server.baseURL);
    onTestFailed(() => failureShot(sec.page, 'first-week-secretary'));
    await login(sec.page, username, password);
    await sec.page.getByText('首次登录请修改密码').waitFor();
    await sec.page.getByLabel('原密码').fill(password);
    await sec.page.getByLabel('新密码', { exact: true }).fill('Zhou@Ming2026');
    await sec.page.getByLabel('确认新密码').fill('Zhou@Ming2026');
    await sec.page.getByRole('button', { name: '修改密码并进入系统' }).click();
    await sec.page.getByTestId('user-menu').waitFor();
    await menuItem(sec.page, '组织生活').click();
    await sec.page.getByRole('button', { name: /新建活动/ }).click();
    await pickInSelect(sec.page, '活动类型', '主题', '主题党日');
    await sec.page.getByLabel('主题', { exact: true }).fill('12月主题党日');
    const today = beijingToday();
    for (const [label, time] of [['开始时间', '00:00'], ['结束时间', '00:05']] as const) {
      const input = sec.page.getByLabel(label, { exact: true });
      await input.click();
      await input.fill(`${today} ${time}`);
      await input.press('Enter');
    }
    await sec.page.getByTestId('save-record').click();
    await sec.page.getByTestId('activity-title').waitFor();
    await sec.page.getByRole('button', { name: '缺席改为出席' }).click();
    await sec.page.getByTestId('save-attendance').click();
    await expect.poll(() => sec.page.getByTestId('attendance-summary').first().textContent()).toMatch(/出席\s*4/);
    await sec.page.getByTestId('submit-activity').click();
    await sec.page.locator('.ant-modal-confirm .ant-btn-primary').click();
    await sec.page.getByText('已提交上级审核').first().waitFor();
    lap('first meeting submitted');
    await sec.context.close();

    // The guide is complete.
    const check = await newPage(browser(), server.baseURL);
    await loginToConsole(check.page, 'admin');
    await check.page.goto('/setup');
    await stepDone(check.page, 'first_meeting');
    await expect.poll(() => check.page.getByTestId('setup-progress').textContent()).toContain('7/7');
    await check.context.close();
    lap('setup guide complete (first login → first meeting)');
  }, 300_000);
});
