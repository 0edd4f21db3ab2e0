import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { apiLogin } from './support/api.ts';
import { failureShot, newPage, useBrowser, watchConsole } from './support/browser.ts';
import { loginToConsole, menuItem, pickInSelect } from './support/ui.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();


describe('处分台账（纪检干部）', () => {
  it('the 纪检干部 records a warning with its period filled in, opens it and revokes it; the committee admin has no such menu; no console error or warning', async () => {
    const admin = await apiLogin(baseURL, 'admin');
    const members = await admin.get<{ items: { name: string; orgName: string }[] }>('/members?page=1&pageSize=5&sort=name');
    const target = members.items[0]!;

    const { context, page } = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(page, 'discipline'));
    const problems = watchConsole(page);
    await loginToConsole(page, 'admin');
    await expect.poll(() => menuItem(page, '组织管理').count()).toBe(1);
    expect(await menuItem(page, '处分台账').count()).toBe(0);
    await page.getByTestId('user-menu').click();
    await page.getByText('退出登录').click();

    await loginToConsole(page, 'jijian');
    await menuItem(page, '处分台账').click();
    await page.getByText('共 7 条').waitFor();
    await page.getByRole('button', { name: '登记' }).click();
    await pickInSelect(page, '党员', target.name, target.name);
    // The period follows the kind: a party warning runs one year less a day from the decision.
    const until = page.getByLabel('影响期至');
    await expect.poll(() => until.inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.getByLabel('决定机关').fill('E2E机关纪委');
    await page.getByLabel('违纪违法事实（摘要）').fill('E2E：违反工作纪律');
    await page.getByRole('button', { name: '保 存' }).click();
    await page.getByText('已登记').waitFor();
    await page.getByText('共 8 条').waitFor();

    await page.locator('tr', { hasText: 'E2E机关纪委' }).first().click();
    await page.getByText('E2E：违反工作纪律').waitFor();
    await page.getByRole('button', { name: '撤 销' }).click();
    await page.getByPlaceholder('撤销理由（必填，如：经复查撤销原处分决定）').fill('E2E：登记有误');
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '撤 销' }).click();
    await page.getByText('已撤销').first().waitFor();
    await expect.poll(() => page.locator('tr', { hasText: 'E2E机关纪委' }).first().textContent()).toContain('已撤销');
    expect(problems).toEqual([]);
    await context.close();
  });
});
