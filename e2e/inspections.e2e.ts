import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { apiLogin } from './support/api.ts';
import { failureShot, newPage, useBrowser, watchConsole } from './support/browser.ts';
import { loginToConsole, menuItem } from './support/ui.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();


describe('督查：安排、登记检查清单、全覆盖、黄牌红牌', () => {
  it('the committee records a unit’s checklist with the system facts shown first; the unit shows 已覆盖; the cards page opens; no console error or warning', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const year = Number(today.slice(0, 4));
    const admin = await apiLogin(baseURL, 'admin');
    const orgs = await admin.get<{ id: number; parentId: number | null; name: string }[]>('/orgs');
    const root = orgs.find((o) => o.parentId === null)!;
    const unit = orgs.find((o) => o.parentId === root.id)!;
    const templates = await admin.get<{ items: { id: number; name: string }[] }>('/checklist-templates');
    const tpl = templates.items.find((t) => t.name === '三会一课落实')!;
    const title = `E2E明察暗访${Date.now() % 100_000}`;
    const created = await admin.send<{ id: number }>('POST', '/inspections', { year, kind: 'unannounced', title, startsOn: today, endsOn: today, team: ['甲督查'], templateId: tpl.id, targetOrgIds: [unit.id] });
    await admin.send('POST', `/inspections/${created.id}/start`, {});

    const { context, page } = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(page, 'inspections'));
    const problems = watchConsole(page);
    await loginToConsole(page, 'admin');
    await menuItem(page, '督查检查').click();
    await page.getByRole('link', { name: title }).click();
    await page.getByRole('link', { name: unit.name }).first().click();
    await page.getByText('系统数据', { exact: true }).waitFor();
    await page.getByText('组织生活落实情况（年初至今）').waitFor();
    const radios = page.getByRole('radio', { name: '符合' });
    await expect.poll(() => radios.count()).toBeGreaterThan(3);
    for (const r of await radios.all()) await r.check();
    await page.getByLabel('检查小结').fill('E2E：总体较好');
    await page.getByRole('button', { name: '保存检查结果' }).click();
    await page.getByText('检查结果已保存').waitFor();
    await page.getByText('登记时快照', { exact: false }).waitFor();

    await page.goto(`${baseURL}/inspections/coverage?year=${year}`);
    await page.getByText('覆盖率').waitFor();
    const row = page.locator('tr', { hasText: unit.name }).first();
    await expect.poll(() => row.textContent()).toContain('已覆盖');

    await menuItem(page, '黄牌红牌').click();
    await page.getByRole('button', { name: '亮牌' }).waitFor();
    // 牌种目录: the committee adds a kind of its own; it is offered when issuing a card.
    const kindName = `蓝牌${Date.now() % 1000}`;
    await page.getByRole('button', { name: '牌种目录' }).click();
    const kindsDialog = page.locator('.ant-modal', { hasText: '牌种目录' });
    await kindsDialog.getByRole('button', { name: '增加牌种' }).click();
    await kindsDialog.getByLabel('牌种名称').last().fill(kindName);
    await kindsDialog.getByPlaceholder('如：提醒谈话').last().fill('约谈提醒');
    await kindsDialog.getByRole('button', { name: '保 存' }).click();
    await page.getByText('牌种目录已保存').waitFor();
    await page.getByRole('button', { name: '亮牌' }).click();
    await page.locator('.ant-modal', { hasText: '亮牌日期' }).getByText(`${kindName}（约谈提醒）`).waitFor();
    await page.keyboard.press('Escape');

    // 检查清单模板: a template of the committee's own, started from a built-in one.
    await menuItem(page, '督查检查').click();
    await page.getByRole('button', { name: '检查清单模板' }).click();
    const tplDialog = page.locator('.ant-modal', { hasText: '检查清单模板' });
    await tplDialog.locator('.ant-collapse-item', { hasText: '三会一课落实' }).first().getByRole('button', { name: '以此为底新建', exact: true }).click();
    const tplName = `E2E专项模板${Date.now() % 1000}`;
    await tplDialog.getByLabel('模板名称').fill(tplName);
    await tplDialog.getByRole('button', { name: '增加检查项' }).click();
    await tplDialog.getByRole('textbox', { name: /^检查项\d+$/ }).last().fill('E2E：党员教育管理台账');
    await tplDialog.getByRole('button', { name: '保存模板' }).click();
    await page.getByText('模板已保存').waitFor();
    await tplDialog.locator('.ant-collapse-item', { hasText: tplName }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
