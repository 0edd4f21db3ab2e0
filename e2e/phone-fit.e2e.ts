import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { apiLogin } from './support/api.ts';
import { failureShot, useBrowser } from './support/browser.ts';
import { loginToConsole } from './support/ui.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();
const PHONE = { width: 390, height: 844 };
const shots = new URL('../.test-tmp/e2e/', import.meta.url).pathname;

/** How far the page reaches sideways: wider than the screen means the whole page scrolls sideways. */
const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('手机上打开管理端：页面不超出屏幕宽度', () => {
  it('a secretary on a 390 px phone: landing page, activity list, form and detail, member list fit the screen; the menu opens as a drawer', async () => {
    const api = await apiLogin(baseURL, 'secretary');
    const activities = await api.get<{ items: { id: number }[] }>('/activities?pageSize=1');
    const members = await api.get<{ items: { id: number }[] }>('/members?pageSize=1');
    const context = await browser().newContext({ baseURL, viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    onTestFailed(() => failureShot(page, 'phone-fit'));
    mkdirSync(shots, { recursive: true });
    await loginToConsole(page, 'secretary');

    const pages: [string, string, () => Promise<unknown>][] = [
      ['landing', '/', () => page.locator('.ant-layout-content .ant-card').first().waitFor()],
      ['activities', '/activities', () => page.getByTestId('activity-table').locator('.ant-table-row').first().waitFor()],
      ['activity-form', '/activities/new', () => page.getByLabel('主题').waitFor()],
      ['activity-detail', `/activities/${activities.items[0].id}`, () => page.locator('.ant-descriptions').first().waitFor()],
      ['members', '/members', () => page.locator('.ant-table-row').first().waitFor()],
      ['member-detail', `/members/${members.items[0].id}`, () => page.locator('.ant-descriptions').first().waitFor()],
    ];
    const tooWide: string[] = [];
    for (const [name, path, ready] of pages) {
      await page.goto(path);
      await ready();
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: `${shots}phone-${name}.png`, fullPage: true });
      const width = await pageWidth(page);
      if (width > PHONE.width) tooWide.push(`${path}: ${width}px`);
    }
    expect(tooWide).toEqual([]);

    // The side menu is hidden on a phone and opens as a drawer from the header.
    expect(await page.locator('.ant-layout-sider').count()).toBe(0);
    await page.getByRole('button', { name: '打开菜单' }).click();
    const item = page.locator('.ant-drawer').getByRole('menuitem', { name: /组织生活$/ });
    await item.click();
    await page.waitForURL((u) => u.pathname === '/activities');
    await item.waitFor({ state: 'hidden' });
    await context.close();
  });
});
