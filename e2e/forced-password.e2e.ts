import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { failureShot, newPage, useBrowser } from './support/browser.ts';
import { login, loginToConsole, menuItem, pickInTreeSelect } from './support/ui.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();

describe('新账户首次登录须修改初始密码', () => {
  it('admin creates an account in the UI; its first login leads to the change-password page, then to the console', async () => {
    const username = `e2e_${Date.now() % 1_000_000}`;
    const initial = 'Init@2026pw';
    const chosen = 'Mine#2026pw';

    const admin = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(admin.page, 'forced-password-admin'));
    await loginToConsole(admin.page, 'admin');
    await menuItem(admin.page, '账户与权限').click();
    await admin.page.getByRole('button', { name: '新建账户' }).click();
    const dialog = admin.page.getByRole('dialog', { name: '新建账户' });
    await dialog.getByLabel('用户名').fill(username);
    await dialog.getByLabel('姓名').fill('测试用户');
    await dialog.getByPlaceholder('初始密码').fill(initial);
    await dialog.getByRole('button', { name: '添加授权' }).click();
    await pickInTreeSelect(admin.page, 'grant-org-0', '市委办公室机关党委', '市委办公室机关党委');
    await admin.page.getByTestId('grant-role-0').click();
    await admin.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '组织管理员' }).click();
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    const created = admin.page.getByRole('dialog', { name: '账户已创建' });
    await created.waitFor();
    expect(await created.textContent()).toContain(initial);
    await created.getByRole('button').last().click();
    const row = admin.page.getByTestId('user-table').locator('tr', { hasText: username });
    await row.waitFor();
    expect(await row.textContent()).toContain('待改初始密码');
    expect(await row.textContent()).toContain('市委办公室机关党委 · 组织管理员');
    await admin.context.close();

    // The new user: nothing but the change-password page until the password is changed.
    const user = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(user.page, 'forced-password-user'));
    await login(user.page, username, initial);
    await user.page.getByText('首次登录请修改密码').waitFor();
    expect(await user.page.locator('.ant-layout-sider').count()).toBe(0);
    await user.page.goto('/orgs');
    await user.page.getByText('首次登录请修改密码').waitFor();

    await user.page.getByLabel('原密码').fill(initial);
    await user.page.getByLabel('新密码', { exact: true }).fill('short');
    await user.page.getByText('密码至少8位').waitFor();
    await user.page.getByLabel('新密码', { exact: true }).fill(chosen);
    await user.page.getByLabel('确认新密码').fill(chosen);
    await user.page.getByRole('button', { name: '修改密码并进入系统' }).click();

    await user.page.getByTestId('user-menu').waitFor();
    expect(await user.page.getByTestId('user-menu').textContent()).toContain('测试用户');
    await menuItem(user.page, '组织管理').waitFor();
    await expect.poll(() => user.page.getByTestId('org-title').textContent()).toBe('市委办公室机关党委');
    await user.context.close();

    // The chosen password is the one that works from now on.
    const again = await newPage(browser(), baseURL);
    await loginToConsole(again.page, username, chosen);
    await again.context.close();
  });
});
