import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { failureShot, newPage, useBrowser, watchConsole } from './support/browser.ts';
import { loginToConsole, menuItem } from './support/ui.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();


describe('考核方案：查看、修订、发布', () => {
  it('the committee revises this year’s published scheme, changes the 优秀 quota and publishes; the unit reads the new version read-only; no console error or warning', async () => {
    const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 4));
    const { context, page } = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(page, 'assessments'));
    const problems = watchConsole(page);
    await loginToConsole(page, 'admin');
    await menuItem(page, '考核方案').click();
    await page.getByText(new RegExp(`${year}年度考核方案 · 第1版`)).first().waitFor();
    await page.getByText('党建重点督查').first().waitFor();
    await page.getByText('按事项扣分：督查认定“不合格”', { exact: false }).waitFor();

    await page.getByRole('button', { name: /修\s*订/ }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /修\s*订/ }).click();
    await page.getByText('已修订为第2版草稿').waitFor();
    const quota = page.getByLabel('优秀比例');
    await quota.fill('20');
    await quota.blur();
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByText('草稿已保存').waitFor();
    await page.getByRole('button', { name: /发\s*布/ }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /发\s*布/ }).click();
    await page.getByText('第2版已发布').waitFor();
    await page.getByLabel('版本').click();
    await page.locator('.ant-select-dropdown:visible').getByText('第1版 · 已被修订替代').waitFor();
    await page.keyboard.press('Escape');
    expect(problems).toEqual([]);
    await context.close();

    const unit = await newPage(browser(), baseURL);
    const unitProblems = watchConsole(unit.page);
    await loginToConsole(unit.page, 'unitadmin');
    await menuItem(unit.page, '考核方案').click();
    await unit.page.getByText('20%（每个系列）').waitFor();
    expect(await unit.page.getByRole('button', { name: '保存草稿' }).count()).toBe(0);
    expect(await unit.page.getByRole('button', { name: /修\s*订/ }).count()).toBe(0);
    expect(await unit.page.getByRole('textbox').count()).toBe(0);
    expect(unitProblems).toEqual([]);
    await unit.context.close();
  });
});
