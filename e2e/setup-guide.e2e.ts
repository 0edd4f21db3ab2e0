import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { failureShot, newPage, useBrowser } from './support/browser.ts';
import { login, loginToConsole, menuItem } from './support/ui.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();

describe('上线准备：批量生成书记账户，打印初始密码条', () => {
  it('the committee admin previews, opens one secretary account, prints the slip; the secretary must change the password at first login', async () => {
    const admin = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(admin.page, 'setup-guide-admin'));
    await loginToConsole(admin.page, 'admin');
    await menuItem(admin.page, '上线准备').click();
    await admin.page.getByTestId('setup-progress').waitFor();
    // The demo city is built: the tree and the roster are done.
    expect(await admin.page.getByTestId('setup-step-orgs').textContent()).toContain('已完成');

    await admin.page.getByTestId('generate-secretary-accounts').click();
    const dialog = admin.page.getByRole('dialog', { name: '批量生成书记账户' });
    await dialog.getByText(/在任书记 \d+ 名/).waitFor();
    // Only one of them: untick all, tick the first that would be created.
    await dialog.locator('.ant-table-thead .ant-checkbox-input').click();
    const row = dialog.locator('tbody tr', { hasText: '将开通' }).first();
    const name = (await row.locator('td').nth(2).textContent())!.trim();
    await row.locator('.ant-checkbox-input').click();
    await dialog.getByRole('button', { name: '确认开通 1 个账户' }).click();

    const slip = admin.page.locator('.xf-slip').first();
    await slip.waitFor();
    expect(await admin.page.locator('.xf-slip').count()).toBe(1);
    expect(await slip.textContent()).toContain(name);
    expect(await slip.textContent()).toContain('首次登录须修改密码');
    const [username, password] = await slip.locator('.xf-slip-password').allTextContents();
    expect(username).toMatch(/^sj\d+$/);

    // Printed: the slips only.
    await admin.page.emulateMedia({ media: 'print' });
    expect(await admin.page.locator('.ant-layout-header').isVisible()).toBe(false);
    expect(await admin.page.getByRole('button', { name: '打印密码条' }).isVisible()).toBe(false);
    expect(await slip.isVisible()).toBe(true);
    await admin.page.emulateMedia({ media: 'screen' });
    const [download] = await Promise.all([admin.page.waitForEvent('download'), admin.page.getByRole('button', { name: '下载 Excel' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^书记账户初始密码_.+\.xlsx$/);
    await admin.page.getByRole('button', { name: /已分发/ }).click();
    await admin.page.getByTestId('setup-progress').waitFor();
    await admin.context.close();

    const secretary = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(secretary.page, 'setup-guide-secretary'));
    await login(secretary.page, username, password);
    await secretary.page.getByText('首次登录请修改密码').waitFor();
    await secretary.context.close();
  });
});
