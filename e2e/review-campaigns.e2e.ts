import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { apiLogin } from './support/api.ts';
import { failureShot, newPage, useBrowser, watchConsole } from './support/browser.ts';
import { loginToConsole, menuItem } from './support/ui.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();


describe('述职评议：点评、投票、结束评议，点评问题进入问题清单', () => {
  it('a member reviewer comments and grades on the ballot sheet; the committee closes; the comment becomes an item of the unit’s 问题清单; no console error or warning', async () => {
    const year = 2029; // the demo seeds this year's and last year's campaigns
    const admin = await apiLogin(baseURL, 'admin');
    const orgs = await admin.get<{ id: number; parentId: number | null; name: string }[]>('/orgs');
    const root = orgs.find((o) => o.parentId === null)!;
    const unit = orgs.filter((o) => o.parentId === root.id).sort((a, b) => a.id - b.id)[0]!;
    const session = await admin.get<{ user: { id: number } }>('/auth/session');
    const users = await admin.get<{ items: { id: number; username: string }[] }>('/users?q=member&pageSize=50');
    const member = users.items.find((u) => u.username === 'member')!;
    const created = await admin.send<{ id: number; scale: unknown; groups: { key: string }[] }>('POST', '/review-campaigns', { year, name: `${year}年度述职评议（E2E）` });
    await admin.send('PUT', `/review-campaigns/${created.id}/setup`, {
      name: `${year}年度述职评议（E2E）`,
      scale: created.scale,
      groups: created.groups,
      reviewers: [{ userId: member.id, groupKey: created.groups[2]!.key }, { userId: session.user.id, groupKey: created.groups[1]!.key }],
      reporters: [{ orgId: unit.id, secretaryName: '王书记' }],
    });
    await admin.send('POST', `/review-campaigns/${created.id}/open`, {});
    await admin.send('PUT', `/review-campaigns/${created.id}/meeting`, { meetingOn: `${year}-12-10`, meetingPlace: '会议室' });
    await admin.send('POST', `/review-campaigns/${created.id}/start-voting`, {});

    // The reviewer: a plain member's account, at phone width.
    const { context, page } = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(page, 'review-campaigns'));
    const problems = watchConsole(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${baseURL}/login`);
    await page.getByLabel('用户名').fill('member');
    await page.getByLabel('密码').fill('E2e@Pass2026');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto(`${baseURL}/review-campaigns?year=${year}`);
    await page.locator('.ant-alert', { hasText: `${year}年度述职评议（E2E）` }).getByRole('button', { name: '去点评、投票' }).click();
    await page.getByText('我的测评表').first().waitFor();
    const card = page.locator('.ant-card', { hasText: unit.name }).last();
    await card.getByPlaceholder('一述一评：对该书记履职情况的点评').fill('E2E：支部“三会一课”记录不规范');
    await card.getByText('列为问题（评议结束后转入该组织问题清单）').click();
    await card.getByRole('button', { name: '保存点评' }).click();
    await page.getByText('点评已保存').waitFor();
    await card.getByText('较好', { exact: true }).click();
    await card.getByRole('button', { name: /投\s*票/ }).click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByText('已投票').first().waitFor();
    await expect.poll(() => card.textContent()).toContain('已投：较好');
    await context.close();

    // The committee closes the campaign and follows the comment to the list item.
    const second = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(second.page, 'review-campaigns-admin'));
    const adminProblems = watchConsole(second.page);
    await loginToConsole(second.page, 'admin');
    await menuItem(second.page, '述职评议').click();
    await second.page.goto(`${baseURL}/review-campaigns/${created.id}`);
    await second.page.getByRole('button', { name: '结束评议' }).click();
    await second.page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await second.page.getByText('已结束评议').waitFor();
    await second.page.getByRole('columnheader', { name: '综合得分' }).waitFor();
    // Only the 党员代表 voted (较好 = 85): the other groups are left out, the score is 85, the grade 较好.
    const row = second.page.locator('tr', { hasText: unit.name }).first();
    await expect.poll(() => row.textContent()).toMatch(/85.*较好/);
    await second.page.locator('.ant-table-row-expand-icon').first().click();
    await second.page.getByRole('link', { name: '已转入问题清单' }).click();
    await second.page.getByText('述职评议点评：E2E：支部“三会一课”记录不规范').first().waitFor();
    expect(problems).toEqual([]);
    expect(adminProblems).toEqual([]);
    await second.context.close();
  });
});
