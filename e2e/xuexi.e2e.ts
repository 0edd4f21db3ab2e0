import ExcelJS from 'exceljs';
import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { apiLogin } from './support/api.ts';
import { failureShot, newPage, useBrowser, watchConsole } from './support/browser.ts';
import { loginToConsole, menuItem } from './support/ui.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();

// 学习强国 in the browser: the unit's admin uploads the month's points file, the preview names the
// row that matches no member, confirming stores the rest, and the import history keeps the unmatched row.
describe('学习强国：导入积分表、预览未匹配行、确认导入、导入记录', () => {
  it('the unit’s admin imports the month’s file; the unmatched row is shown before and kept after', async () => {
    const api = await apiLogin(baseURL, 'unitadmin');
    const members = await api.get<{ items: { name: string }[] }>('/members?pageSize=3&status=normal');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('积分');
    ws.addRow(['姓名', '周期', '本月积分']);
    for (const m of members.items) ws.addRow([m.name, '2026年6月', 520]);
    ws.addRow(['查无此人', '2026年6月', 300]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());

    const { context, page } = await newPage(browser(), baseURL);
    onTestFailed(() => failureShot(page, 'xuexi'));
    const problems = watchConsole(page);
    await loginToConsole(page, 'unitadmin');
    await menuItem(page, '学习强国').click();
    await page.getByRole('button', { name: '导入积分表' }).click();
    await page.locator('.ant-modal input[type=file]').setInputFiles({ name: '学习强国6月积分.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file });
    await page.getByTestId('xuexi-preview').click();
    await page.getByText(`共${members.items.length + 1}行：可匹配${members.items.length}行，1行未匹配（周期：2026-06）`).waitFor();
    await page.locator('.ant-modal').getByText('查无此人').waitFor();
    await page.getByRole('button', { name: `确认导入${members.items.length}条` }).click();
    await page.getByText(`已导入${members.items.length}条积分，1行未匹配（见导入记录）`).waitFor();
    const history = page.locator('tr', { hasText: '学习强国6月积分.xlsx' });
    await history.waitFor();
    await history.locator('.ant-table-row-expand-icon').click();
    await page.getByText('本组织范围内没有该姓名的党员').waitFor();
    // The month's participation now counts them.
    await page.getByLabel('统计月份').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '2026年06月' }).click();
    await expect.poll(async () => Number(await page.locator('tbody tr').first().locator('td').nth(2).textContent())).toBe(members.items.length);
    expect(problems).toEqual([]);
    await context.close();
  });
});
