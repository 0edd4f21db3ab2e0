import type { Page } from 'playwright-core';
import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { arrangeLifeBranch } from './support/org-life.ts';
import { failureShot, newPage, useBrowser } from './support/browser.ts';
import { loginToConsole, login, menuItem, pickInSelect } from './support/ui.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();

const beijingDay = (offsetDays = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + offsetDays * 86_400_000));

/** Types a date-time into an antd DatePicker (labelled) and confirms it. */
async function pickTime(page: Page, label: string, value: string) {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

/**
 * Clicks a modal's confirm button until its request goes out (a click that lands while the modal is
 * still opening can be lost on a busy machine), then checks the server accepted it. Never sends twice.
 */
async function confirmAndExpect(page: Page, button: ReturnType<Page['locator']>, step: string) {
  for (let i = 0; i < 3; i++) {
    const response = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith(`/${step}`), { timeout: 5_000 }).catch(() => null);
    await button.click();
    const r = await response;
    if (r) {
      expect(r.status(), await r.text()).toBe(200);
      return;
    }
  }
  throw new Error(`确认按钮点击后没有发出 ${step} 请求`);
}

/** The 支委会 cell of this month in the branch's requirement grid (组织生活考核 → the branch). */
async function committeeCellStatus(page: Page, branchId: number, month: string) {
  await page.goto(`/compliance/org/${branchId}?year=${month.slice(0, 4)}`);
  const row = page.getByTestId('requirement-grid').locator('tr', { hasText: '支委会每月' });
  const cell = row.locator(`[data-period="${month}"]`);
  await cell.waitFor();
  return cell.getAttribute('data-status');
}

describe('组织生活：计划、记录、审核、考核、手机端', () => {
  it('a secretary plans a 支委会, records attendance and submits; the unit returns it; fixed and approved, the heatmap cell turns met; the member sees it on the phone page', async () => {
    const life = await arrangeLifeBranch(baseURL);
    const today = beijingDay();
    const tomorrow = beijingDay(1);
    const month = today.slice(0, 7);
    const title = `${month.slice(5)}月支委会（演练${life.branchName.slice(-4)}）`;

    // The secretary plans next day's 支委会.
    const sec = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(sec.page, 'org-life-secretary'));
    await loginToConsole(sec.page, life.secretary);
    await menuItem(sec.page, '组织生活').click();
    await sec.page.getByRole('button', { name: /计划活动/ }).click();
    // A secretary of one branch finds it already chosen.
    await expect.poll(() => sec.page.locator('.ant-form-item', { hasText: '党组织' }).first().textContent()).toContain(life.branchName);
    await pickInSelect(sec.page, '活动类型', '支委', '支委会');
    await sec.page.getByLabel('主题', { exact: true }).fill(title);
    await sec.page.getByLabel(/^地点/).fill('三楼党员活动室');
    await pickTime(sec.page, '开始时间', `${tomorrow} 09:00`);
    await pickTime(sec.page, '结束时间', `${tomorrow} 10:00`);
    await sec.page.getByTestId('save-plan').click();
    await expect.poll(() => sec.page.getByTestId('activity-title').textContent()).toBe(title);
    const activityUrl = sec.page.url();

    // The member sees it coming on the phone page.
    const phone = await newPage(browser(), baseURL);
    await phone.page.setViewportSize({ width: 375, height: 667 });
    onTestFailed(() => failureShot(phone.page, 'org-life-phone'));
    await login(phone.page, life.member);
    // A member on a phone lands on the mobile page.
    await phone.page.getByTestId('mobile-home').waitFor();
    await expect.poll(() => phone.page.getByTestId('mobile-home').textContent()).toContain(title);

    // The meeting was held today just after midnight (five minutes, so the journey works at any hour but 00:00–00:05): the secretary records the real time and the attendance.
    await sec.page.getByRole('button', { name: /编\s*辑/ }).click();
    await pickTime(sec.page, '开始时间', `${today} 00:00`);
    await pickTime(sec.page, '结束时间', `${today} 00:05`);
    await sec.page.getByTestId('save-activity').click();
    await sec.page.getByTestId('activity-title').waitFor();
    await sec.page.getByRole('button', { name: '缺席改为出席' }).click();
    await sec.page.getByTestId('save-attendance').click();
    await expect.poll(() => sec.page.getByTestId('attendance-summary').first().textContent()).toMatch(/出席\s*3/);
    await sec.page.getByTestId('submit-activity').click();
    await confirmAndExpect(sec.page, sec.page.locator('.ant-modal-confirm .ant-btn-primary'), 'submit');
    await sec.page.getByText('已提交上级审核').first().waitFor();

    // The unit admin finds it in 审核待办 and returns it: no minutes.
    const unit = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(unit.page, 'org-life-unit'));
    await loginToConsole(unit.page, 'unitadmin');
    await menuItem(unit.page, '审核待办').click();
    await unit.page.getByRole('link', { name: title }).click();
    await unit.page.getByTestId('return-activity').click();
    await unit.page.getByLabel('退回意见').fill('请补充会议记录');
    await confirmAndExpect(unit.page, unit.page.getByTestId('review-ok'), 'return');
    await unit.page.getByText('已退回', { exact: true }).first().waitFor();
    expect(await committeeCellStatus(unit.page, life.branchId, month)).not.toBe('met');

    // The secretary sees the comment, adds the minutes and submits again.
    await sec.page.goto(activityUrl);
    await expect.poll(() => sec.page.getByTestId('return-comment').textContent()).toContain('请补充会议记录');
    await sec.page.getByRole('button', { name: /编\s*辑/ }).click();
    await sec.page.locator('.ProseMirror').click();
    await sec.page.keyboard.type('研究本月发展党员工作，确定下月主题党日安排。');
    await sec.page.getByTestId('save-activity').click();
    await expect.poll(() => sec.page.getByTestId('minutes').textContent()).toContain('研究本月发展党员工作');
    await sec.page.getByTestId('submit-activity').click();
    await confirmAndExpect(sec.page, sec.page.locator('.ant-modal-confirm .ant-btn-primary'), 'submit');
    await sec.page.getByText('已提交上级审核').first().waitFor();

    // Approved: the branch's 支委会 cell of this month turns met.
    await unit.page.goto(activityUrl.replace(baseURL, ''));
    await unit.page.getByTestId('approve-activity').click();
    await confirmAndExpect(unit.page, unit.page.getByTestId('review-ok'), 'approve');
    await unit.page.getByText(/已审核通过/).first().waitFor();
    expect(await committeeCellStatus(unit.page, life.branchId, month)).toBe('met');

    // The member's phone page lists it in the attendance history, present.
    await phone.page.reload();
    const history = phone.page.getByTestId('m-history').filter({ hasText: title });
    await expect.poll(() => history.textContent()).toContain('出席');

    await Promise.all([sec.context.close(), unit.context.close(), phone.context.close()]);
  });
});
