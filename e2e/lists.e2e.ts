import type { Page } from 'playwright-core';
import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { failureShot, newPage, useBrowser } from './support/browser.ts';
import { loginToConsole, menuItem } from './support/ui.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();

const beijingDay = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/**
 * Answers the open text dialog (报送完成 / 确认 / 退回 / 批准销号 …) and waits until the server
 * accepted the step (`path` ends the request's address). Never sends twice.
 */
async function decide(page: Page, path: string, text?: string) {
  const dialog = page.locator('.ant-modal:visible');
  if (text !== undefined) await dialog.getByTestId('decision-text').fill(text);
  const response = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith(path));
  await dialog.getByTestId('decision-ok').click();
  const r = await response;
  expect(r.status(), await r.text()).toBe(200);
  await dialog.waitFor({ state: 'hidden' });
}

const statusOf = (page: Page) => page.getByTestId('item-status').first().textContent();

describe('清单制+责任制：重点任务下达、计划、进度确认、销号', () => {
  it('the committee hands down a key task; a branch plans and claims; the level above accepts, returns the 销号 with a reason, then approves it', async () => {
    const today = beijingDay();
    const year = today.slice(0, 4);
    const title = `支部标准化建设演练${Date.now() % 100000}`;

    // 工委: a new key task for every 党支部, handed down from the key-tasks page.
    const admin = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(admin.page, 'lists-admin'));
    await loginToConsole(admin.page, 'admin');
    await menuItem(admin.page, '重点任务').click();
    await admin.page.getByTestId('new-key-task').click();
    const form = admin.page.getByTestId('key-task-form');
    await form.getByLabel('类别', { exact: true }).fill('基层组织建设');
    await form.getByLabel('任务名称', { exact: true }).fill(title);
    await form.getByLabel('任务内容', { exact: true }).fill('对照标准逐项整改，年底前全部达标');
    await form.getByLabel('适用组织类型', { exact: true }).click();
    await admin.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /^党支部$/ }).click();
    await admin.page.keyboard.press('Escape');
    await admin.page.getByTestId('key-task-save').click();
    const row = admin.page.getByTestId('key-tasks-table').locator('tr', { hasText: title });
    await expect.poll(() => row.textContent()).toContain('草稿');
    await row.getByTestId('publish-key-task').click();
    const confirm = admin.page.locator('.ant-modal-confirm:visible');
    expect(await confirm.textContent()).toContain('各生成一条任务清单事项');
    const published = admin.page.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/key-tasks\/\d+\/publish$/.test(new URL(r.url()).pathname));
    await confirm.getByRole('button', { name: /^下\s*达$/ }).click();
    expect((await published).status()).toBe(200);
    await expect.poll(() => row.textContent()).toContain('已下达');
    await admin.context.close();

    // The branch secretary finds it on the list, plans two milestones and claims the first.
    const sec = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(sec.page, 'lists-secretary'));
    await loginToConsole(sec.page, 'secretary');
    await menuItem(sec.page, '清单管理').click();
    await sec.page.getByTestId('lists-table').getByRole('link', { name: title }).click();
    await expect.poll(() => sec.page.getByTestId('item-title').textContent()).toBe(title);
    const itemUrl = new URL(sec.page.url()).pathname;

    await sec.page.getByTestId('edit-plan').click();
    const plan = sec.page.getByTestId('plan-form');
    await plan.getByText('填写姓名').click();
    await sec.page.getByTestId('plan-responsible-name').fill('李明');
    await sec.page.getByTestId('plan-leader').fill('张书记');
    for (const [i, [name, due, weight]] of [
      ['制定整改方案', today, '40'],
      ['逐项整改达标', `${year}-12-31`, '60'],
    ].entries()) {
      await sec.page.getByTestId('add-milestone').click();
      const m = plan.getByTestId('milestone-row').nth(i);
      await m.getByPlaceholder('节点名称，如：制定方案').fill(name);
      const date = m.getByPlaceholder('完成时间');
      await date.click();
      await date.fill(due);
      await date.press('Enter');
      await m.getByPlaceholder('权重').fill(weight);
    }
    await expect.poll(() => sec.page.getByTestId('weight-sum').textContent()).toContain('权重合计 100');
    await sec.page.getByTestId('add-step').click();
    await plan.getByPlaceholder('如：支委会研究制定方案').fill('支委会研究整改方案');
    const saved = sec.page.waitForResponse((r) => r.request().method() === 'PUT' && new URL(r.url()).pathname.endsWith('/plan'));
    await sec.page.getByTestId('plan-save').click();
    expect((await saved).status()).toBe(200);
    const milestones = sec.page.getByTestId('milestones');
    await expect.poll(() => milestones.textContent()).toContain('逐项整改达标');
    expect(await sec.page.getByTestId('steps').textContent()).toContain('支委会研究整改方案');

    await milestones.getByTestId('claim-milestone').first().click();
    await decide(sec.page, '/claim', '整改方案已经支委会研究通过并印发');
    await expect.poll(() => milestones.locator('tr.ant-table-row').first().textContent()).toContain('待确认');

    // The unit admin (the level above) accepts the claim: the progress counts.
    const unit = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(unit.page, 'lists-unit'));
    await loginToConsole(unit.page, 'unitadmin');
    await unit.page.goto(itemUrl);
    const unitMilestones = unit.page.getByTestId('milestones');
    await unitMilestones.getByTestId('accept-milestone').click();
    await decide(unit.page, '/accept');
    await expect.poll(() => unitMilestones.locator('tr.ant-table-row').first().textContent()).toContain('已确认');
    await expect.poll(() => unit.page.getByTestId('progress-cell').first().textContent()).toContain('已确认 40%');

    // The secretary applies for 销号.
    await sec.page.reload();
    await sec.page.getByTestId('request-closing').click();
    await sec.page.getByTestId('closing-summary').fill('已按标准完成整改');
    const closing = sec.page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/close'));
    await sec.page.getByTestId('closing-submit').click();
    expect((await closing).status()).toBe(200);
    await expect.poll(() => statusOf(sec.page)).toBe('销号待审');

    // Returned with a reason: back in progress, the reason shown.
    await unit.page.reload();
    await unit.page.getByTestId('return-closing').click();
    // The reason is required.
    await unit.page.locator('.ant-modal:visible').getByTestId('decision-ok').click();
    await unit.page.locator('.ant-modal:visible').getByText('请填写退回理由').waitFor();
    await decide(unit.page, '/closing/return', '缺少整改前后对照材料');
    await expect.poll(() => statusOf(unit.page)).toBe('推进中');

    await sec.page.reload();
    await expect.poll(() => sec.page.getByTestId('closings').textContent()).toContain('退回理由：缺少整改前后对照材料');
    await sec.page.getByTestId('request-closing').click();
    await sec.page.getByTestId('closing-summary').fill('已补充整改前后对照材料');
    // 「最多报一次」: an approved organisational-life record of the branch is linked, not uploaded again.
    await sec.page.getByTestId('closing-activities').click();
    const option = sec.page.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
    await option.waitFor();
    const picked = (await option.textContent()) ?? '';
    const activityTitle = picked.slice(picked.indexOf('：') + 1);
    expect(activityTitle.length).toBeGreaterThan(0);
    await option.click();
    await sec.page.locator('.ant-modal:visible .ant-modal-title').click(); // closes the dropdown, not the dialog
    const again = sec.page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/close'));
    await sec.page.getByTestId('closing-submit').click();
    const request = await again;
    expect(request.status()).toBe(200);
    expect(request.request().postDataJSON().activityIds).toHaveLength(1);
    await expect.poll(() => statusOf(sec.page)).toBe('销号待审');
    // The closing on the item page shows the record as a link to it.
    const evidence = sec.page.getByTestId('closing-entry').first().getByTestId('closing-evidence').locator('a', { hasText: activityTitle });
    await evidence.waitFor();
    expect(await evidence.getAttribute('href')).toMatch(/^\/activities\/\d+$/);

    // Approved: 已销号, progress 100%.
    await unit.page.reload();
    await unit.page.getByTestId('approve-closing').click();
    await decide(unit.page, '/closing/approve');
    await expect.poll(() => statusOf(unit.page)).toBe('已销号');
    await expect.poll(() => unit.page.getByTestId('progress-cell').first().textContent()).toContain('已确认 100%');
    await unit.context.close();

    await sec.page.reload();
    await expect.poll(() => statusOf(sec.page)).toBe('已销号');
    await sec.page.getByTestId('closed-alert').waitFor();
    expect(await sec.page.getByTestId('request-closing').count()).toBe(0);
    await sec.context.close();
  });
});
