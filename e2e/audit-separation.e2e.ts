import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { apiLogin } from './support/api.ts';
import { failureShot, newPage, useBrowser } from './support/browser.ts';
import { chineseDigits, makeIdNumber, member, rosterWorkbook, templateHeaders } from './support/roster.ts';
import { loginToConsole, menuItem } from './support/ui.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();

describe('三员分立：审计管理员与系统管理员', () => {
  it('the audit admin finds the import records and the hash chain verifies; the system admin has no audit log', async () => {
    // An import by the committee admin, through the API, so this journey has its own records.
    const run = Date.now() % 100_000;
    const name = `丙审${chineseDigits(run)}`;
    const admin = await apiLogin(baseURL, 'admin');
    // A branch of the last unit: far from the secretary's branch, whose member count another journey checks.
    const orgs = await admin.get<{ id: number; type: string }[]>('/orgs');
    const branchId = orgs.filter((o) => o.type === 'branch').at(-1)!.id;
    const headers = await templateHeaders(Buffer.from(await (await admin.raw('/members/import/template')).arrayBuffer()));
    const xlsx = await rosterWorkbook(headers, [member(name, makeIdNumber('1979-02-28', '女', run, '110102'), branchId, '1979-02-28', '女')]);
    const imported = await admin.upload<{ ok: boolean; created: number }>('/members/import', xlsx, 'roster.xlsx');
    expect(imported.body).toMatchObject({ ok: true, created: 1 });
    const found = await admin.get<{ items: { id: number }[] }>(`/members?name=${encodeURIComponent(name)}`);
    const memberId = found.items[0].id;

    const { context, page } = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(page, 'audit-separation'));
    await loginToConsole(page, 'auditor');
    expect(await page.locator('.ant-layout-sider').textContent()).toBe('审计日志');
    await menuItem(page, '审计日志').click();

    // Filter to the import records and open the one for this member.
    await page.getByLabel('操作', { exact: true }).click();
    await page.keyboard.type('导入新增');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '导入新增党员' }).click();
    await page.getByLabel('操作人').fill('admin');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    const rows = page.getByTestId('audit-table').locator('tbody tr.ant-table-row');
    await expect.poll(async () => (await rows.count()) > 0 && (await rows.allTextContents()).every((t) => t.includes('导入新增党员'))).toBe(true);
    // Narrowed to this member's record, whose content names the member.
    await page.getByLabel('对象编号').fill(String(memberId));
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(`党员 #${memberId}`);
    await rows.first().locator('.ant-table-row-expand-icon').click();
    await page.getByTestId('audit-table').getByText(name).waitFor();

    await page.getByRole('button', { name: '校验哈希链' }).click();
    const verdict = page.getByTestId('audit-verify-result');
    await verdict.waitFor();
    expect(await verdict.textContent()).toMatch(/哈希链校验通过：共校验 \d+ 条记录/);
    await context.close();

    // The system admin manages accounts but never reads the audit log.
    const sys = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(sys.page, 'audit-separation-sysadmin'));
    await loginToConsole(sys.page, 'sysadmin');
    await menuItem(sys.page, '账户与权限').waitFor();
    expect(await sys.page.locator('.ant-layout-sider').textContent()).not.toContain('审计日志');
    await sys.page.goto('/audit');
    await sys.page.getByText('没有权限').waitFor();
    await sys.context.close();
  });
});
