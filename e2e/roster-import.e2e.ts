import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it, onTestFailed } from 'vitest';
import { failureShot, newPage, useBrowser } from './support/browser.ts';
import { breakCheckChar, chineseDigits, makeIdNumber, member, rosterWorkbook, templateHeaders } from './support/roster.ts';
import { loginToConsole } from './support/ui.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();
const dir = mkdtempSync(path.join(tmpdir(), 'xf-e2e-roster-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('工委管理员：新建党支部并导入名册', () => {
  it('a bad ID number stops the whole import; the fixed roster imports and shows masked', async () => {
    const { context, page } = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(page, 'roster-import'));
    const run = Date.now() % 100_000;
    const branchName = `第${run}测试支部`;
    const good = { name: `甲测${chineseDigits(run)}`, birth: '1988-04-12', gender: '男' as const };
    const bad = { name: `乙测${chineseDigits(run)}`, birth: '1992-11-03', gender: '女' as const };
    const goodId = makeIdNumber(good.birth, good.gender, run);
    const badIdFixed = makeIdNumber(bad.birth, bad.gender, run + 7);

    await loginToConsole(page, 'admin');

    // 1. A new 党支部 under a 机关党委, picked from the searchable tree.
    await page.getByRole('menuitem', { name: '组织管理' }).click();
    await page.getByPlaceholder('搜索组织名称').fill('市委办公室机关党委');
    await page.getByTestId('org-tree').getByText('市委办公室机关党委', { exact: true }).click();
    await expect.poll(() => page.getByTestId('org-title').textContent()).toBe('市委办公室机关党委');
    await page.getByRole('button', { name: '新建下级组织' }).click();
    const dialog = page.getByRole('dialog', { name: /新建下级组织/ });
    await dialog.getByLabel('组织名称').fill(branchName);
    // The founding date is asked for: a new branch whose date nobody has at hand says so.
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('请填写成立日期，确实不知道时勾选“不详”').waitFor();
    await dialog.getByLabel('不详').check();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByTestId('org-title').getByText(branchName).waitFor();
    // Below a 机关党委 the form proposes 党支部 as the type.
    expect(await page.getByTestId('org-type').textContent()).toBe('党支部');
    const branchId = Number(new URL(page.url()).pathname.split('/').pop());
    expect(branchId).toBeGreaterThan(0);

    // 2. A roster in the template's own layout, with one bad ID checksum in row 3.
    const template = await page.request.get('/api/members/import/template');
    expect(template.ok()).toBe(true);
    const headers = await templateHeaders(Buffer.from(await template.body()));
    expect(headers).toEqual(expect.arrayContaining(['组织编号', '所在党组织', '姓名*', '公民身份号码*', '出生日期*']));
    const rows = (badId: string) => [
      member(good.name, goodId, branchId, good.birth, good.gender),
      member(bad.name, badId, branchId, bad.birth, bad.gender),
    ];
    const badFile = path.join(dir, '名册-有误.xlsx');
    writeFileSync(badFile, await rosterWorkbook(headers, rows(breakCheckChar(badIdFixed))));

    await page.getByRole('menuitem', { name: '名册导入' }).click();
    await page.getByRole('button', { name: '已有填好的名册，下一步' }).click();
    await page.locator('input[type=file]').setInputFiles(badFile);
    await page.getByRole('button', { name: '开始导入' }).click();
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    await expect.poll(() => page.getByText('本次未导入任何数据').isVisible()).toBe(true);
    const errorRow = errors.locator('tbody tr', { hasText: '公民身份号码' }).first();
    await expect.poll(() => errorRow.locator('td').first().textContent()).toBe('3');
    expect(await errorRow.textContent()).toContain('校验位');
    // The bad cell is the only problem reported.
    expect(await errors.locator('tbody tr').count()).toBe(1);

    // Nothing was imported: the new branch has no members, and the good row's name finds no one.
    await page.goto(`/members?orgId=${branchId}`);
    await page.getByTestId('member-table').locator('.ant-empty').waitFor();
    await page.goto(`/members?name=${encodeURIComponent(good.name)}`);
    await page.getByTestId('member-table').locator('.ant-empty').waitFor();

    // 3. Fixed and uploaded again: both rows are created.
    const goodFile = path.join(dir, '名册-已修正.xlsx');
    writeFileSync(goodFile, await rosterWorkbook(headers, rows(badIdFixed)));
    await page.getByRole('menuitem', { name: '名册导入' }).click();
    await page.getByRole('button', { name: '已有填好的名册，下一步' }).click();
    await page.locator('input[type=file]').setInputFiles(goodFile);
    await page.getByRole('button', { name: '开始导入' }).click();
    await page.getByText('导入成功').waitFor();
    expect(await page.getByTestId('import-result').textContent()).toContain('新增党员 2 名');

    // 4. 党员管理: found by name, ID number masked.
    await page.getByRole('menuitem', { name: '党员管理' }).click();
    await page.getByTestId('member-filters').getByLabel('姓名').fill(good.name);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    const row = page.getByTestId('member-table').locator('tbody tr.ant-table-row', { hasText: good.name });
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    const masked = cells.find((c) => /^\d{4}\*{10}[\dX]{4}$/.test(c));
    expect(masked).toBe(`${goodId.slice(0, 4)}**********${goodId.slice(-4)}`);
    expect(cells.join(' ')).not.toContain(goodId);
    expect(cells).toContain(branchName);
    await context.close();
  });
});
