import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { apiLogin } from './support/api.ts';
import { failureShot, useBrowser, VIEWPORT } from './support/browser.ts';
import { loginToConsole } from './support/ui.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();

/** The expected text, computed here independently of the console's helper. */
const beijing = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

describe('时间一律按北京时间显示', () => {
  it('an office PC set to New York still sees the audit log in Beijing time', async () => {
    const context = await browser().newContext({ baseURL, viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'America/New_York' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    onTestFailed(() => failureShot(page, 'beijing-time'));
    await loginToConsole(page, 'auditor');
    // The first row of the log: its time as the API has it (ISO), and as the page shows it.
    const api = await apiLogin(baseURL, 'auditor');
    await page.goto('/audit');
    const firstRow = page.getByTestId('audit-table').locator('tbody tr.ant-table-row').first();
    await firstRow.waitFor();
    const id = (await firstRow.locator('td').nth(1).textContent())!.trim();
    const entry = (await api.get<{ items: { id: string; at: string }[] }>(`/audit?pageSize=200`)).items.find((e) => e.id === id)!;
    expect(await firstRow.locator('td').nth(2).textContent()).toBe(beijing(entry.at));
    // The browser's own zone would have shown another hour.
    expect(beijing(entry.at)).not.toBe(new Date(entry.at).toLocaleString('sv-SE', { timeZone: 'America/New_York' }));
    await context.close();
  });
});
