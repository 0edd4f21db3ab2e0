import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { VIEWPORT, newPage, useBrowser } from './support/browser.ts';
import { loginToConsole } from './support/ui.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();

/**
 * Opens the user menu and its 修改密码 dialog, and returns the running-animation classes antd put
 * on the way (rc-motion's `…-appear-active` / `…-enter-active`), recorded by a MutationObserver.
 * (A popup passes a frame in `…-appear-prepare` either way: that is its placement being measured.)
 */
async function animationsWhileOpening(page: Page): Promise<string[]> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenMotion: string[] }).seenMotion = seen;
    const note = (el: Element) => {
      for (const c of Array.from(el.classList)) if (/-(appear|enter)-active$/.test(c)) seen.push(c);
    };
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes' && r.target instanceof Element) note(r.target);
        for (const n of Array.from(r.addedNodes)) if (n instanceof Element) [n, ...Array.from(n.querySelectorAll('*'))].forEach(note);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
  });
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: /修改密码/ }).click();
  await page.locator('.ant-modal:visible').getByText('修改密码').first().waitFor();
  return page.evaluate(() => (window as unknown as { seenMotion: string[] }).seenMotion);
}

describe('减少动态效果', () => {
  it('with the system asking for less motion, menus and dialogs open without animation; otherwise they animate', async () => {
    const still = await newPage(browser(), baseURL); // reducedMotion: 'reduce'
    await loginToConsole(still.page, 'secretary');
    expect(await animationsWhileOpening(still.page)).toEqual([]);
    await still.context.close();

    const context = await browser().newContext({ baseURL, viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await loginToConsole(page, 'secretary');
    const moving = await animationsWhileOpening(page);
    expect(moving.some((c) => c.startsWith('ant-zoom') || c.startsWith('ant-slide'))).toBe(true);
    await context.close();
  });
});
